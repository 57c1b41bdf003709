#include "sim/digitaloceansim.h"

#include "sim/fleet.h"
#include "sim/jsonwriter.h"
#include "sim/tlsmaterial.h"

#include <httplib.h>

#include "loopback.h"
#include "uncompressed.h"
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <mutex>
#include <random>
#include <ranges>
#include <thread>

namespace nephele::sim {

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::system_clock;

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

enum class ActionState : std::uint8_t { InProgress, Completed, Errored };

struct Action {
    std::int64_t id = 0;
    std::string type;
    ActionState state = ActionState::InProgress;
    std::int64_t startedMs = 0;
    std::int64_t completesMs = 0;
    std::int64_t dropletId = 0; // the droplet acted on (or attached to, for volumes)
    std::string volumeId;       // set for volume actions
    std::uint8_t regionIndex = 0;
    // Effect parameters, applied at completion.
    std::string name;
    int sizeIndex = -1;
};

int portOf(const sockaddr_storage &a)
{
    if (a.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in &>(a).sin_port);
    if (a.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 &>(a).sin6_port);
    return -1;
}

// cpp-httplib gives handlers no socket, and anything a handler returns is written out. To drop
// a connection without an answer, find the accepted socket by its port pair and shut it down:
// the client then reads EOF where the status line should be, as after a real reset.
bool dropConnection(int localPort, int remotePort)
{
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return false;
    bool dropped = false;
    while (const dirent *entry = readdir(dir)) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == dirfd(dir))
            continue;
        sockaddr_storage local{}, peer{};
        socklen_t localLength = sizeof local, peerLength = sizeof peer;
        if (getsockname(int(fd), reinterpret_cast<sockaddr *>(&local), &localLength) != 0 ||
            getpeername(int(fd), reinterpret_cast<sockaddr *>(&peer), &peerLength) != 0)
            continue;
        if (portOf(local) == localPort && portOf(peer) == remotePort) {
            const linger hard{1, 0}; // close() then sends RST instead of a graceful FIN
            setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
            shutdown(int(fd), SHUT_RDWR);
            dropped = true;
        }
    }
    closedir(dir);
    return dropped;
}

bool validHostname(std::string_view name)
{
    if (name.empty() || name.size() > 255)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
}

bool validTagName(std::string_view name)
{
    if (name.empty() || name.size() > 255)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == ':';
    });
}

std::int64_t actionDurationMs(std::string_view type)
{
    if (type == "create")
        return 30000;
    if (type == "resize")
        return 20000;
    if (type == "snapshot")
        return 15000;
    if (type == "reboot")
        return 8000;
    if (type == "shutdown")
        return 6000;
    if (type == "rename" || type == "enable_backups" || type == "disable_backups")
        return 2000;
    return 4000;
}

struct PageRequest {
    int page = 1;
    int perPage = 20;
};

PageRequest pageOf(const httplib::Request &req)
{
    PageRequest p;
    const auto number = [&req](const char *key, int fallback) {
        if (!req.has_param(key))
            return fallback;
        const std::string v = req.get_param_value(key);
        char *end = nullptr;
        const long n = std::strtol(v.c_str(), &end, 10);
        return end != v.c_str() && *end == '\0' && n > 0 && n < 1000000000 ? int(n) : fallback;
    };
    p.page = number("page", 1);
    p.perPage = std::min(number("per_page", 20), 200);
    return p;
}

std::string_view actionStateName(ActionState s)
{
    switch (s) {
    case ActionState::InProgress: return "in-progress";
    case ActionState::Completed: return "completed";
    case ActionState::Errored: return "errored";
    }
    return "in-progress";
}

} // namespace

struct DigitalOceanSim::Impl {
    DigitalOceanSimOptions options;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    std::optional<TlsMaterial> tls;
    std::string baseUrl;
    std::string apiToken;
    int boundPort = 0;
    double generationSeconds = 0;
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::int64_t> serverNanos{0};

    mutable std::mutex faultMutex;
    FaultSpec faults;
    std::mt19937_64 faultRng;

    mutable std::mutex stateMutex; // guards everything below
    Fleet fleet;
    std::vector<Action> actions; // ascending id
    std::vector<std::int64_t> pending;
    std::int64_t nextActionId = 0;
    std::uint32_t nextIpIndex = 0;
    std::mt19937_64 idRng;
    std::string accountUuid;
    std::string teamUuid;
    std::int64_t windowStart = 0;
    int windowCount = 0;

    explicit Impl(DigitalOceanSimOptions o)
        : options(std::move(o))
        , faults(options.faults)
        , faultRng(options.seed ^ 0xfa017ULL)
        , idRng(options.seed ^ 0x1dULL)
    {}

    std::string uuid()
    {
        const std::uint64_t a = idRng(), b = idRng();
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "%08x-%04x-4%03x-%04x-%012llx", unsigned(a >> 32),
                      unsigned((a >> 16) & 0xffff), unsigned(a & 0xfff), unsigned(0x8000 | ((b >> 48) & 0x3fff)),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return buffer;
    }

    // ---- state machine -------------------------------------------------------------------

    Action *action(std::int64_t id)
    {
        const auto it = std::lower_bound(actions.begin(), actions.end(), id,
                                         [](const Action &a, std::int64_t v) { return a.id < v; });
        return it != actions.end() && it->id == id ? &*it : nullptr;
    }

    void advance(std::int64_t now)
    {
        for (std::size_t i = 0; i < pending.size();) {
            Action *a = action(pending[i]);
            if (a && a->completesMs > now) {
                ++i;
                continue;
            }
            if (a)
                complete(*a);
            pending.erase(pending.begin() + std::ptrdiff_t(i));
        }
    }

    void complete(Action &a)
    {
        a.state = ActionState::Completed;
        if (!a.volumeId.empty()) {
            Volume *v = fleet.volume(a.volumeId);
            Droplet *d = fleet.droplet(a.dropletId);
            if (!v || (!d && a.type == "attach")) {
                a.state = ActionState::Errored;
                return;
            }
            if (a.type == "attach") {
                if (std::find(v->dropletIds.begin(), v->dropletIds.end(), d->id) == v->dropletIds.end())
                    v->dropletIds.push_back(d->id);
                if (std::find(d->volumeIds.begin(), d->volumeIds.end(), v->id) == d->volumeIds.end())
                    d->volumeIds.push_back(v->id);
            } else if (a.type == "detach") {
                std::erase(v->dropletIds, a.dropletId);
                if (d)
                    std::erase(d->volumeIds, v->id);
            } else if (a.type == "resize" && a.sizeIndex > 0) {
                v->sizeGigabytes = a.sizeIndex;
            }
            return;
        }
        Droplet *d = fleet.droplet(a.dropletId);
        if (!d) {
            a.state = ActionState::Errored; // destroyed while the action ran
            return;
        }
        d->pendingActionId = 0;
        const std::string &t = a.type;
        if (t == "create" || t == "power_on" || t == "reboot" || t == "power_cycle")
            d->status = DropletStatus::Active;
        else if (t == "power_off" || t == "shutdown")
            d->status = DropletStatus::Off;
        else if (t == "rename")
            d->name = a.name;
        else if (t == "resize")
            d->sizeIndex = std::uint16_t(a.sizeIndex);
        else if (t == "enable_backups")
            d->backups = true;
        else if (t == "disable_backups")
            d->backups = false;
        else if (t == "enable_ipv6")
            d->ipv6 = true;
        else if (t == "snapshot") {
            ImageInfo image;
            image.id = fleet.nextImageId++;
            image.name = a.name;
            image.distribution = fleet.images[d->imageIndex].distribution;
            image.kind = ImageKind::Snapshot;
            image.createdAt = a.completesMs / 1000;
            image.minDiskSize = fleet.sizes[d->sizeIndex].diskGb;
            image.sizeGigabytes = 1.5;
            image.regions = {d->regionIndex};
            fleet.renderImage(image);
            d->snapshotIds.push_back(image.id);
            fleet.images.push_back(std::move(image));
        }
    }

    Action &startAction(std::string type, std::int64_t dropletId, std::uint8_t region)
    {
        Action a;
        a.id = nextActionId;
        nextActionId += 1 + std::int64_t(idRng() % 7);
        a.type = std::move(type);
        a.startedMs = nowMs();
        a.completesMs = a.startedMs + std::int64_t(double(actionDurationMs(a.type)) * options.timeScale);
        a.dropletId = dropletId;
        a.regionIndex = region;
        actions.push_back(std::move(a));
        pending.push_back(actions.back().id);
        return actions.back();
    }

    // ---- rendering ---------------------------------------------------------------------

    void renderDroplet(std::string &o, const Droplet &d) const
    {
        const SizeInfo &size = fleet.sizes[d.sizeIndex];
        JsonWriter w(o);
        o += "{\"id\":";
        w.integer(d.id);
        o += ",\"name\":";
        w.string(d.name);
        o += ",\"memory\":";
        w.integer(size.memoryMb);
        o += ",\"vcpus\":";
        w.integer(size.vcpus);
        o += ",\"disk\":";
        w.integer(size.diskGb);
        o += ",\"disk_info\":[{\"type\":\"local\",\"size\":{\"amount\":";
        w.integer(size.diskGb);
        o += ",\"unit\":\"gib\"}}],\"locked\":";
        o += d.pendingActionId != 0 && d.status != DropletStatus::New ? "true" : "false";
        o += ",\"status\":\"";
        o += statusName(d.status);
        o += "\",\"kernel\":null,\"created_at\":\"";
        o += isoTime(d.createdAt);
        o += "\",\"features\":[";
        bool first = true;
        const auto feature = [&](bool on, const char *name) {
            if (!on)
                return;
            o += first ? "\"" : ",\"";
            o += name;
            o += '"';
            first = false;
        };
        feature(d.backups, "backups");
        feature(true, "private_networking");
        feature(d.ipv6, "ipv6");
        feature(d.monitoring, "monitoring");
        o += "],\"backup_ids\":[";
        if (d.backups && d.status != DropletStatus::New)
            w.integer(170000000 + (d.id % 9000000));
        o += "],\"next_backup_window\":";
        if (d.backups) {
            const std::int64_t day = (nowMs() / 1000 / 86400 + 1) * 86400;
            o += "{\"start\":\"";
            o += isoTime(day);
            o += "\",\"end\":\"";
            o += isoTime(day + std::int64_t(23) * 3600);
            o += "\"}";
        } else {
            o += "null";
        }
        o += ",\"snapshot_ids\":[";
        for (std::size_t i = 0; i < d.snapshotIds.size(); ++i) {
            if (i)
                o += ',';
            w.integer(d.snapshotIds[i]);
        }
        o += "],\"image\":";
        o += fleet.images[d.imageIndex].json;
        o += ",\"volume_ids\":[";
        for (std::size_t i = 0; i < d.volumeIds.size(); ++i) {
            if (i)
                o += ',';
            w.string(d.volumeIds[i]);
        }
        o += "],\"size\":";
        o += size.embeddedJson;
        o += ",\"size_slug\":";
        w.string(size.slug);
        o += ",\"networks\":{\"v4\":[";
        if (d.status != DropletStatus::New) {
            o += "{\"ip_address\":\"";
            o += ipv4Text(d.privateIpv4);
            o += "\",\"netmask\":\"255.255.240.0\",\"gateway\":\"nil\",\"type\":\"private\"},{\"ip_address\":\"";
            o += ipv4Text(d.publicIpv4);
            o += "\",\"netmask\":\"255.255.255.0\",\"gateway\":\"";
            o += ipv4Text((d.publicIpv4 & 0xffffff00u) | 1u);
            o += "\",\"type\":\"public\"}";
        }
        o += "],\"v6\":[";
        if (d.ipv6 && d.status != DropletStatus::New) {
            o += "{\"ip_address\":\"";
            o += ipv6Text(d);
            o += "\",\"netmask\":64,\"gateway\":\"";
            char gw[48];
            std::snprintf(gw, sizeof gw, "2604:a880:%x:d0::1", 0x400 + d.regionIndex);
            o += gw;
            o += "\",\"type\":\"public\"}";
        }
        o += "]},\"region\":";
        o += fleet.regions[d.regionIndex].json;
        o += ",\"tags\":[";
        for (std::size_t i = 0; i < d.tags.size(); ++i) {
            if (i)
                o += ',';
            w.string(fleet.tagNames[d.tags[i]]);
        }
        o += "],\"vpc_uuid\":";
        w.string(fleet.vpcs[d.vpcIndex].id);
        o += '}';
    }

    void renderAction(std::string &o, const Action &a) const
    {
        JsonWriter w(o);
        o += "{\"id\":";
        w.integer(a.id);
        o += ",\"status\":\"";
        o += actionStateName(a.state);
        o += "\",\"type\":";
        w.string(a.volumeId.empty() ? a.type
                                    : (a.type == "attach"   ? "attach_volume"
                                       : a.type == "detach" ? "detach_volume"
                                                            : "resize_volume"));
        o += ",\"started_at\":\"";
        o += isoTime(a.startedMs / 1000);
        o += "\",\"completed_at\":";
        if (a.state == ActionState::InProgress) {
            o += "null";
        } else {
            o += '"';
            o += isoTime(a.completesMs / 1000);
            o += '"';
        }
        o += ",\"resource_id\":";
        if (a.volumeId.empty())
            w.integer(a.dropletId);
        else
            o += "null";
        o += ",\"resource_type\":\"";
        o += a.volumeId.empty() ? "droplet" : "volume";
        o += "\",\"region\":";
        o += fleet.regions[a.regionIndex].json;
        o += ",\"region_slug\":";
        w.string(fleet.regions[a.regionIndex].slug);
        o += '}';
    }

    void renderVolume(std::string &o, const Volume &v) const
    {
        JsonWriter w(o);
        o += "{\"id\":";
        w.string(v.id);
        o += ",\"region\":";
        o += fleet.regions[v.regionIndex].json;
        o += ",\"droplet_ids\":[";
        for (std::size_t i = 0; i < v.dropletIds.size(); ++i) {
            if (i)
                o += ',';
            w.integer(v.dropletIds[i]);
        }
        o += "],\"name\":";
        w.string(v.name);
        o += ",\"description\":";
        w.string(v.description);
        o += ",\"size_gigabytes\":";
        w.integer(v.sizeGigabytes);
        o += ",\"created_at\":\"";
        o += isoTime(v.createdAt);
        o += "\",\"filesystem_type\":";
        w.string(v.filesystemType);
        o += ",\"filesystem_label\":";
        w.string(v.filesystemLabel);
        o += ",\"tags\":[";
        for (std::size_t i = 0; i < v.tags.size(); ++i) {
            if (i)
                o += ',';
            w.string(v.tags[i]);
        }
        o += "]}";
    }

    // {"<key>":[...],"links":{...},"meta":{"total":N}} for the page asked; render(i, out) writes item i.
    template<typename Render>
    std::string listBody(const httplib::Request &req, std::string_view key, std::size_t total, Render render,
                         std::string_view extraQuery = {}) const
    {
        const PageRequest p = pageOf(req);
        const std::size_t begin = std::min(total, std::size_t(p.page - 1) * std::size_t(p.perPage));
        const std::size_t end = std::min(total, begin + std::size_t(p.perPage));
        std::string o;
        o.reserve(64 + (end - begin) * 2600);
        o += "{\"";
        o += key;
        o += "\":[";
        for (std::size_t i = begin; i < end; ++i) {
            if (i != begin)
                o += ',';
            render(i, o);
        }
        o += "],\"links\":{";
        const int last = std::max(1, int((total + std::size_t(p.perPage) - 1) / std::size_t(p.perPage)));
        std::vector<std::pair<const char *, int>> pages;
        if (p.page > 1) {
            pages.emplace_back("first", 1);
            pages.emplace_back("prev", std::min(p.page - 1, last));
        }
        if (p.page < last) {
            pages.emplace_back("next", p.page + 1);
            pages.emplace_back("last", last);
        }
        if (!pages.empty()) {
            o += "\"pages\":{";
            for (std::size_t i = 0; i < pages.size(); ++i) {
                if (i)
                    o += ',';
                o += '"';
                o += pages[i].first;
                o += "\":\"";
                o += baseUrl;
                o += req.path;
                o += "?page=";
                o += std::to_string(pages[i].second);
                o += "&per_page=";
                o += std::to_string(p.perPage);
                o += extraQuery;
                o += '"';
            }
            o += '}';
        }
        o += "},\"meta\":{\"total\":";
        o += std::to_string(total);
        o += "}}";
        return o;
    }

    static std::string queryPart(const httplib::Request &req, const char *key)
    {
        if (!req.has_param(key))
            return {};
        return std::string("&") + key + "=" + httplib::detail::encode_query_param(req.get_param_value(key));
    }

    // ---- responses ---------------------------------------------------------------------

    static void json(httplib::Response &res, int status, const std::string &body)
    {
        res.status = status;
        res.set_content(body, "application/json; charset=utf-8");
    }

    static void error(httplib::Response &res, int status, std::string_view id, std::string_view message)
    {
        Json j;
        j["id"] = id;
        j["message"] = message;
        j["request_id"] = res.get_header_value("x-request-id");
        json(res, status, j.dump());
    }

    static void notFound(httplib::Response &res)
    {
        error(res, 404, "not_found", "The resource you were accessing could not be found.");
    }

    static void unprocessable(httplib::Response &res, std::string_view message)
    {
        error(res, 422, "unprocessable_entity", message);
    }

    static std::optional<Json> body(const httplib::Request &req, httplib::Response &res)
    {
        Json j = Json::parse(req.body, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            error(res, 400, "bad_request", "error parsing request body");
            return std::nullopt;
        }
        return j;
    }

    // ---- the request pipeline ---------------------------------------------------------------

    void handle(const httplib::Request &req, httplib::Response &res)
    {
        const auto started = std::chrono::steady_clock::now();
        ++requests;
        std::string requestId;
        {
            std::lock_guard lock(stateMutex);
            requestId = uuid();
        }
        res.set_header("x-request-id", requestId);
        const bool api = req.path == "/v2" || req.path.starts_with("/v2/");

        struct Decision {
            bool reset = false, rateLimit = false, truncate = false, malformed = false;
            int serverError = 0;
            int latencyMs = 0, retryAfter = 1;
            bool alternate = false;
        } d;
        if (api) {
            std::lock_guard lock(faultMutex);
            std::uniform_real_distribution<double> u(0.0, 1.0);
            const auto roll = [&](double rate) { return rate > 0 && u(faultRng) < rate; };
            d.latencyMs = faults.latencyMs;
            d.retryAfter = faults.retryAfterSeconds;
            d.reset = roll(faults.resetRate);
            d.rateLimit = roll(faults.rateLimitRate);
            if (roll(faults.serverErrorRate))
                d.serverError = std::array{500, 502, 503}[faultRng() % 3];
            d.truncate = roll(faults.truncateRate);
            d.malformed = roll(faults.malformedRate);
            d.alternate = faultRng() % 2;
        }
        if (d.latencyMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(d.latencyMs));
        const auto account = [&] {
            serverNanos +=
                std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started)
                    .count() -
                std::int64_t(d.latencyMs) * 1000000;
        };

        if (d.reset) {
            dropConnection(req.local_port, req.remote_port);
            res.status = 500;
            account();
            return;
        }
        const bool authorized = req.get_header_value("Authorization") == "Bearer " + apiToken;
        bool overQuota = false;
        {
            std::lock_guard lock(stateMutex);
            const std::int64_t now = nowMs() / 1000;
            if (now - windowStart >= 3600) {
                windowStart = now;
                windowCount = 0;
            }
            if (api && authorized)
                ++windowCount;
            const int limit = options.rateLimitPerHour > 0 ? options.rateLimitPerHour : 5000;
            overQuota = options.rateLimitPerHour > 0 && windowCount > limit;
            res.set_header("ratelimit-limit", std::to_string(limit));
            res.set_header("ratelimit-remaining", std::to_string(std::max(0, limit - windowCount)));
            res.set_header("ratelimit-reset", std::to_string(windowStart + 3600));
        }
        if (d.rateLimit || (overQuota && authorized)) {
            res.set_header("Retry-After", std::to_string(d.rateLimit ? d.retryAfter : 60));
            error(res, 429, "too_many_requests", "API rate limit exceeded.");
        } else if (d.serverError == 500) {
            error(res, 500, "server_error", "Unexpected server-side error");
        } else if (d.serverError == 502) {
            error(res, 502, "bad_gateway", "Bad gateway: the upstream service did not answer.");
        } else if (d.serverError == 503) {
            error(res, 503, "service_unavailable", "The service is temporarily unavailable. Please try again later.");
        } else if (!api) {
            notFound(res);
        } else if (!authorized) {
            error(res, 401, "unauthorized", "Unable to authenticate you.");
        } else {
            std::lock_guard lock(stateMutex);
            advance(nowMs());
            route(req, res);
        }

        if (d.truncate && !res.body.empty()) {
            res.body.resize(std::max<std::size_t>(1, res.body.size() / 2));
        } else if (d.malformed) {
            res.status = 200;
            res.set_content(d.alternate ? std::string("<html><body><h1>502 Bad Gateway</h1>nginx</body></html>")
                                        : std::string("{\"droplets\": [{\"id\": 1, \"name\": \"x\",, ]"),
                            d.alternate ? "text/html" : "application/json; charset=utf-8");
        }
        sendUncompressed(res);
        account();
    }

    void route(const httplib::Request &req, httplib::Response &res)
    {
        std::vector<std::string_view> seg;
        std::string_view path = req.path;
        path.remove_prefix(3); // "/v2"
        while (!path.empty()) {
            if (path.front() == '/') {
                path.remove_prefix(1);
                continue;
            }
            const auto slash = path.find('/');
            seg.push_back(path.substr(0, slash));
            path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
        }
        const std::string &m = req.method;
        const auto is = [&](std::initializer_list<std::string_view> parts) {
            if (parts.size() != seg.size())
                return false;
            std::size_t i = 0;
            for (const auto part : parts) {
                if (part != "*" && part != seg[i])
                    return false;
                ++i;
            }
            return true;
        };
        const auto toId = [](std::string_view s) -> std::optional<std::int64_t> {
            std::int64_t v = 0;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
            if (ec != std::errc() || end != s.data() + s.size())
                return std::nullopt;
            return v;
        };

        if (m == "GET" && is({"account"}))
            return getAccount(res);
        if (m == "GET" && is({"droplets"}))
            return listDroplets(req, res);
        if (m == "POST" && is({"droplets"}))
            return createDroplets(req, res);
        if (m == "DELETE" && is({"droplets"}))
            return deleteDropletsByTag(req, res);
        if (is({"droplets", "*"}) || is({"droplets", "*", "actions"})) {
            const auto id = toId(seg[1]);
            Droplet *drop = id ? fleet.droplet(*id) : nullptr;
            if (!drop)
                return notFound(res);
            if (seg.size() == 2 && m == "GET") {
                std::string o = "{\"droplet\":";
                renderDroplet(o, *drop);
                o += '}';
                return json(res, 200, o);
            }
            if (seg.size() == 2 && m == "DELETE")
                return deleteDroplet(*drop, res);
            if (seg.size() == 3 && m == "GET")
                return listDropletActions(req, res, drop->id);
            if (seg.size() == 3 && m == "POST")
                return postDropletAction(req, res, *drop);
            return notFound(res);
        }
        if (m == "GET" && is({"actions"})) {
            return json(res, 200, listBody(req, "actions", actions.size(), [this](std::size_t i, std::string &o) {
                            renderAction(o, actions[actions.size() - 1 - i]); // newest first
                        }));
        }
        if (m == "GET" && is({"actions", "*"})) {
            const auto id = toId(seg[1]);
            const Action *a = id ? action(*id) : nullptr;
            if (!a)
                return notFound(res);
            std::string o = "{\"action\":";
            renderAction(o, *a);
            o += '}';
            return json(res, 200, o);
        }
        if (m == "GET" && is({"sizes"})) {
            return json(res, 200, listBody(req, "sizes", fleet.sizes.size(), [this](std::size_t i, std::string &o) {
                            o += fleet.sizes[i].listedJson;
                        }));
        }
        if (m == "GET" && is({"regions"})) {
            return json(res, 200, listBody(req, "regions", fleet.regions.size(), [this](std::size_t i, std::string &o) {
                            o += fleet.regions[i].json;
                        }));
        }
        if (m == "GET" && is({"images"}))
            return listImages(req, res);
        if (m == "GET" && is({"images", "*"})) {
            const int index = fleet.imageBySlugOrId(seg[1]);
            if (index < 0)
                return notFound(res);
            return json(res, 200, "{\"image\":" + fleet.images[std::size_t(index)].json + "}");
        }
        if (m == "GET" && is({"volumes"}))
            return listVolumes(req, res);
        if (m == "POST" && is({"volumes"}))
            return createVolume(req, res);
        if (m == "POST" && is({"volumes", "actions"}))
            return postVolumeAction(req, res, nullptr);
        if (is({"volumes", "*"}) || is({"volumes", "*", "actions"})) {
            const auto it = std::find_if(fleet.volumes.begin(), fleet.volumes.end(),
                                         [&](const Volume &v) { return v.id == seg[1]; });
            if (it == fleet.volumes.end())
                return notFound(res);
            if (seg.size() == 2 && m == "GET") {
                std::string o = "{\"volume\":";
                renderVolume(o, *it);
                o += '}';
                return json(res, 200, o);
            }
            if (seg.size() == 2 && m == "DELETE") {
                if (!it->dropletIds.empty())
                    return error(res, 409, "conflict",
                                 "Volume is attached to a Droplet; detach it before deleting it.");
                fleet.volumes.erase(it);
                res.status = 204;
                return;
            }
            if (seg.size() == 3 && m == "POST")
                return postVolumeAction(req, res, &*it);
            return notFound(res);
        }
        if (m == "GET" && is({"account", "keys"})) {
            return json(res, 200,
                        listBody(req, "ssh_keys", fleet.sshKeys.size(),
                                 [this](std::size_t i, std::string &o) { o += keyJson(fleet.sshKeys[i]).dump(); }));
        }
        if (m == "POST" && is({"account", "keys"}))
            return createKey(req, res);
        if (m == "GET" && is({"tags"}))
            return listTags(req, res);
        if (m == "POST" && is({"tags"}))
            return createTag(req, res);
        if (m == "GET" && is({"vpcs"})) {
            return json(res, 200, listBody(req, "vpcs", fleet.vpcs.size(), [this](std::size_t i, std::string &o) {
                            const Vpc &v = fleet.vpcs[i];
                            nlohmann::ordered_json j;
                            j["name"] = v.name;
                            j["description"] = v.description;
                            j["region"] = fleet.regions[v.regionIndex].slug;
                            j["ip_range"] = v.ipRange;
                            j["id"] = v.id;
                            j["urn"] = "do:vpc:" + v.id;
                            j["default"] = v.isDefault;
                            j["created_at"] = isoTime(v.createdAt);
                            o += j.dump();
                        }));
        }
        notFound(res);
    }

    // ---- handlers ----------------------------------------------------------------------

    void getAccount(httplib::Response &res)
    {
        nlohmann::ordered_json a;
        a["droplet_limit"] = std::max<std::size_t>(25, fleet.droplets.size() + 1000);
        a["floating_ip_limit"] = 5;
        a["email"] = options.accountEmail;
        a["name"] = "Demo User";
        a["uuid"] = accountUuid;
        a["email_verified"] = true;
        a["status"] = "active";
        a["status_message"] = "";
        a["team"] = {{"uuid", teamUuid}, {"name", "My Team"}};
        json(res, 200, nlohmann::ordered_json{{"account", a}}.dump());
    }

    void listDroplets(const httplib::Request &req, httplib::Response &res)
    {
        if (!req.has_param("tag_name") && !req.has_param("name")) {
            return json(res, 200,
                        listBody(req, "droplets", fleet.droplets.size(),
                                 [this](std::size_t i, std::string &o) { renderDroplet(o, fleet.droplets[i]); }));
        }
        std::vector<std::uint32_t> match;
        const std::string name = req.get_param_value("name");
        const bool byName = req.has_param("name");
        int tag = -1;
        if (req.has_param("tag_name")) {
            const auto it = fleet.tagIndex.find(req.get_param_value("tag_name"));
            tag = it == fleet.tagIndex.end() ? -2 : it->second;
        }
        if (tag != -2) {
            for (std::size_t i = 0; i < fleet.droplets.size(); ++i) {
                const Droplet &d = fleet.droplets[i];
                if (byName && d.name != name)
                    continue;
                if (tag >= 0 && std::find(d.tags.begin(), d.tags.end(), std::uint16_t(tag)) == d.tags.end())
                    continue;
                match.push_back(std::uint32_t(i));
            }
        }
        json(res, 200,
             listBody(
                 req, "droplets", match.size(),
                 [&](std::size_t i, std::string &o) { renderDroplet(o, fleet.droplets[match[i]]); },
                 queryPart(req, "tag_name") + queryPart(req, "name")));
    }

    void createDroplets(const httplib::Request &req, httplib::Response &res)
    {
        const auto b = body(req, res);
        if (!b)
            return;
        std::vector<std::string> names;
        if (b->contains("names")) {
            const Json &n = (*b)["names"];
            if (!n.is_array() || n.empty() || n.size() > 10)
                return unprocessable(res, "names must be a list of 1 to 10 names");
            for (const auto &e : n) {
                if (!e.is_string() || !validHostname(e.get<std::string>()))
                    return unprocessable(res, "names: each name must be a valid hostname ([a-zA-Z0-9.-])");
                names.push_back(e.get<std::string>());
            }
        } else if (b->contains("name")) {
            const Json &n = (*b)["name"];
            if (!n.is_string() || !validHostname(n.get<std::string>()))
                return unprocessable(res, "name must be a valid hostname: only a-z, A-Z, 0-9, . and - are allowed");
            names.push_back(n.get<std::string>());
        } else {
            return unprocessable(res, "name is required");
        }

        const auto stringField = [&](const char *key) -> std::optional<std::string> {
            const auto it = b->find(key);
            if (it == b->end() || it->is_null())
                return std::string();
            if (!it->is_string())
                return std::nullopt;
            return it->get<std::string>();
        };
        const auto size = stringField("size");
        if (!size || size->empty())
            return unprocessable(res, "size is required (a size slug such as s-1vcpu-1gb)");
        const int sizeIndex = fleet.sizeBySlug(*size);
        if (sizeIndex < 0)
            return unprocessable(res, "size '" + *size + "' is not a valid size slug");

        int regionIndex = -1;
        const auto region = stringField("region");
        if (!region)
            return unprocessable(res, "region must be a region slug");
        if (region->empty()) {
            regionIndex = fleet.regionBySlug("nyc3");
        } else {
            regionIndex = fleet.regionBySlug(*region);
            if (regionIndex < 0)
                return unprocessable(res, "region '" + *region + "' is not a valid region slug");
            if (!fleet.regions[std::size_t(regionIndex)].available)
                return unprocessable(res, "region '" + *region + "' is not available for new Droplets");
        }

        int imageIndex = -1;
        const auto imageIt = b->find("image");
        if (imageIt == b->end() || imageIt->is_null())
            return unprocessable(res, "image is required (a slug or an image id)");
        if (imageIt->is_string())
            imageIndex = fleet.imageBySlugOrId(imageIt->get<std::string>());
        else if (imageIt->is_number_integer())
            imageIndex = fleet.imageBySlugOrId(std::to_string(imageIt->get<std::int64_t>()));
        if (imageIndex < 0)
            return unprocessable(res, "image is not a known image slug or id");
        const auto &imageRegions = fleet.images[std::size_t(imageIndex)].regions;
        if (std::find(imageRegions.begin(), imageRegions.end(), std::uint8_t(regionIndex)) == imageRegions.end())
            return unprocessable(res,
                                 "image is not available in region " + fleet.regions[std::size_t(regionIndex)].slug);

        if (const auto keys = b->find("ssh_keys"); keys != b->end() && !keys->is_null()) {
            if (!keys->is_array())
                return unprocessable(res, "ssh_keys must be a list of key ids or fingerprints");
            for (const auto &k : *keys) {
                const bool found = std::any_of(fleet.sshKeys.begin(), fleet.sshKeys.end(), [&](const SshKey &key) {
                    return (k.is_number_integer() && k.get<std::int64_t>() == key.id) ||
                           (k.is_string() && (k.get<std::string>() == key.fingerprint ||
                                              k.get<std::string>() == std::to_string(key.id)));
                });
                if (!found)
                    return unprocessable(res, "ssh_keys: " + k.dump() + " is not a key of this account");
            }
        }
        bool flags[3] = {false, false, false};
        const char *flagNames[3] = {"backups", "ipv6", "monitoring"};
        for (int f = 0; f < 3; ++f) {
            const auto it = b->find(flagNames[f]);
            if (it == b->end() || it->is_null())
                continue;
            if (!it->is_boolean())
                return unprocessable(res, std::string(flagNames[f]) + " must be true or false");
            flags[f] = it->get<bool>();
        }
        std::vector<std::uint16_t> tags;
        if (const auto t = b->find("tags"); t != b->end() && !t->is_null()) {
            if (!t->is_array())
                return unprocessable(res, "tags must be a list of tag names");
            for (const auto &e : *t) {
                if (!e.is_string() || !validTagName(e.get<std::string>()))
                    return unprocessable(res, "tags: tag names may contain only letters, numbers, ':', '-' and '_'");
            }
            for (const auto &e : *t)
                tags.push_back(fleet.internTag(e.get<std::string>()));
        }
        const auto userData = stringField("user_data");
        if (!userData)
            return unprocessable(res, "user_data must be a string");
        if (userData->size() > std::size_t(64) * 1024)
            return unprocessable(res, "user_data must be 64 KiB or less");
        std::vector<Volume *> volumes;
        if (const auto v = b->find("volumes"); v != b->end() && !v->is_null()) {
            if (!v->is_array())
                return unprocessable(res, "volumes must be a list of volume ids");
            for (const auto &e : *v) {
                Volume *vol = e.is_string() ? fleet.volume(e.get<std::string>()) : nullptr;
                if (!vol)
                    return unprocessable(res, "volumes: " + e.dump() + " is not a volume of this account");
                if (vol->regionIndex != regionIndex)
                    return unprocessable(res, "volumes: " + vol->id + " is in another region");
                if (!vol->dropletIds.empty())
                    return unprocessable(res, "volumes: " + vol->id + " is already attached to a Droplet");
                volumes.push_back(vol);
            }
            if (!volumes.empty() && names.size() > 1)
                return unprocessable(res, "volumes can only be attached when creating a single Droplet");
        }
        int vpcIndex = regionIndex;
        const auto vpc = stringField("vpc_uuid");
        if (!vpc)
            return unprocessable(res, "vpc_uuid must be a VPC id");
        if (!vpc->empty()) {
            const auto it =
                std::find_if(fleet.vpcs.begin(), fleet.vpcs.end(), [&](const Vpc &x) { return x.id == *vpc; });
            if (it == fleet.vpcs.end())
                return unprocessable(res, "vpc_uuid '" + *vpc + "' is not a VPC of this account");
            if (it->regionIndex != regionIndex)
                return unprocessable(res, "vpc_uuid '" + *vpc + "' is in another region");
            vpcIndex = int(it - fleet.vpcs.begin());
        }

        std::vector<std::int64_t> created, actionIds;
        for (const auto &name : names) {
            Droplet d;
            d.id = fleet.nextDropletId;
            fleet.nextDropletId += 1 + std::int64_t(idRng() % 13);
            d.name = name;
            d.createdAt = nowMs() / 1000;
            d.sizeIndex = std::uint16_t(sizeIndex);
            d.regionIndex = std::uint8_t(regionIndex);
            d.imageIndex = std::uint16_t(imageIndex);
            d.vpcIndex = std::uint16_t(vpcIndex);
            d.status = DropletStatus::New;
            d.backups = flags[0];
            d.ipv6 = flags[1];
            d.monitoring = flags[2];
            d.tags = tags;
            const std::uint32_t i = nextIpIndex++;
            d.publicIpv4 = (std::uint32_t(146) << 24) | ((i / 254) << 8 & 0xffff00u) | (i % 254 + 1);
            d.privateIpv4 = (std::uint32_t(10) << 24) | (std::uint32_t(200 + regionIndex % 50) << 16) |
                            ((i / 254) << 8 & 0xff00u) | (i % 254 + 1);
            for (Volume *vol : volumes) {
                vol->dropletIds.push_back(d.id);
                d.volumeIds.push_back(vol->id);
            }
            const Action &a = startAction("create", d.id, std::uint8_t(regionIndex));
            d.pendingActionId = a.id;
            created.push_back(d.id);
            actionIds.push_back(a.id);
            fleet.droplets.push_back(std::move(d));
        }
        std::string o = names.size() == 1 && !b->contains("names") ? "{\"droplet\":" : "{\"droplets\":[";
        for (std::size_t i = 0; i < created.size(); ++i) {
            if (i)
                o += ',';
            renderDroplet(o, *fleet.droplet(created[i]));
        }
        o += o.starts_with("{\"droplets\"") ? "]," : ",";
        o += "\"links\":{\"actions\":[";
        for (std::size_t i = 0; i < actionIds.size(); ++i) {
            if (i)
                o += ',';
            o += "{\"id\":" + std::to_string(actionIds[i]) + ",\"rel\":\"create\",\"href\":\"" + baseUrl +
                 "/v2/actions/" + std::to_string(actionIds[i]) + "\"}";
        }
        o += "]}}";
        json(res, 202, o);
    }

    void forgetDroplet(const Droplet &d)
    {
        for (auto &v : fleet.volumes)
            std::erase(v.dropletIds, d.id);
    }

    void deleteDroplet(Droplet &d, httplib::Response &res)
    {
        forgetDroplet(d);
        fleet.droplets.erase(fleet.droplets.begin() + (&d - fleet.droplets.data()));
        res.status = 204;
    }

    void deleteDropletsByTag(const httplib::Request &req, httplib::Response &res)
    {
        if (!req.has_param("tag_name"))
            return error(res, 400, "bad_request", "tag_name is required to delete Droplets by tag");
        const auto it = fleet.tagIndex.find(req.get_param_value("tag_name"));
        if (it != fleet.tagIndex.end()) {
            const std::uint16_t tag = it->second;
            std::erase_if(fleet.droplets, [&](const Droplet &d) {
                if (std::find(d.tags.begin(), d.tags.end(), tag) == d.tags.end())
                    return false;
                forgetDroplet(d);
                return true;
            });
        }
        res.status = 204;
    }

    void listDropletActions(const httplib::Request &req, httplib::Response &res, std::int64_t dropletId)
    {
        std::vector<const Action *> mine;
        for (std::size_t i = actions.size(); i-- > 0;) // newest first
            if (actions[i].volumeId.empty() && actions[i].dropletId == dropletId)
                mine.push_back(&actions[i]);
        json(res, 200,
             listBody(req, "actions", mine.size(), [&](std::size_t i, std::string &o) { renderAction(o, *mine[i]); }));
    }

    void postDropletAction(const httplib::Request &req, httplib::Response &res, Droplet &d)
    {
        const auto b = body(req, res);
        if (!b)
            return;
        const auto typeIt = b->find("type");
        if (typeIt == b->end() || !typeIt->is_string())
            return unprocessable(res, "type is required");
        const std::string type = typeIt->get<std::string>();
        static const std::vector<std::string> known = {"power_on",       "power_off",       "shutdown",   "reboot",
                                                       "power_cycle",    "rename",          "resize",     "snapshot",
                                                       "enable_backups", "disable_backups", "enable_ipv6"};
        if (std::find(known.begin(), known.end(), type) == known.end())
            return unprocessable(res, "type '" + type + "' is not a supported Droplet action");
        if (d.pendingActionId != 0)
            return unprocessable(res, "Droplet already has a pending event.");
        std::string name;
        int sizeIndex = -1;
        if (type == "rename") {
            const auto n = b->find("name");
            if (n == b->end() || !n->is_string() || !validHostname(n->get<std::string>()))
                return unprocessable(res, "name must be a valid hostname");
            name = n->get<std::string>();
        } else if (type == "resize") {
            const auto s = b->find("size");
            if (s == b->end() || !s->is_string())
                return unprocessable(res, "size is required");
            sizeIndex = fleet.sizeBySlug(s->get<std::string>());
            if (sizeIndex < 0)
                return unprocessable(res, "size '" + s->get<std::string>() + "' is not a valid size slug");
            if (d.status != DropletStatus::Off)
                return unprocessable(res, "Droplet must be powered off before it can be resized.");
            const auto disk = b->find("disk");
            if (fleet.sizes[std::size_t(sizeIndex)].diskGb < fleet.sizes[d.sizeIndex].diskGb && disk != b->end() &&
                disk->is_boolean() && disk->get<bool>())
                return unprocessable(res, "size: a disk resize cannot shrink the disk");
        } else if (type == "snapshot") {
            const auto n = b->find("name");
            name = n != b->end() && n->is_string() && !n->get<std::string>().empty()
                       ? n->get<std::string>()
                       : d.name + "-" + std::to_string(nowMs() / 1000);
        }
        Action &a = startAction(type, d.id, d.regionIndex);
        a.name = name;
        a.sizeIndex = sizeIndex;
        d.pendingActionId = a.id;
        std::string o = "{\"action\":";
        renderAction(o, a);
        o += '}';
        json(res, 201, o);
    }

    void listImages(const httplib::Request &req, httplib::Response &res)
    {
        const std::string type = req.get_param_value("type");
        const bool onlyPrivate = req.get_param_value("private") == "true";
        std::vector<std::size_t> match;
        for (std::size_t i = 0; i < fleet.images.size(); ++i) {
            const ImageKind k = fleet.images[i].kind;
            if (onlyPrivate && k != ImageKind::Snapshot)
                continue;
            if (type == "distribution" && k != ImageKind::Distribution)
                continue;
            if (type == "application" && k != ImageKind::Application)
                continue;
            match.push_back(i);
        }
        json(res, 200,
             listBody(
                 req, "images", match.size(), [&](std::size_t i, std::string &o) { o += fleet.images[match[i]].json; },
                 queryPart(req, "type") + queryPart(req, "private")));
    }

    void listVolumes(const httplib::Request &req, httplib::Response &res)
    {
        const std::string region = req.get_param_value("region");
        const std::string name = req.get_param_value("name");
        std::vector<std::size_t> match;
        for (std::size_t i = 0; i < fleet.volumes.size(); ++i) {
            const Volume &v = fleet.volumes[i];
            if (!region.empty() && fleet.regions[v.regionIndex].slug != region)
                continue;
            if (!name.empty() && v.name != name)
                continue;
            match.push_back(i);
        }
        json(res, 200,
             listBody(
                 req, "volumes", match.size(),
                 [&](std::size_t i, std::string &o) { renderVolume(o, fleet.volumes[match[i]]); },
                 queryPart(req, "region") + queryPart(req, "name")));
    }

    void createVolume(const httplib::Request &req, httplib::Response &res)
    {
        const auto b = body(req, res);
        if (!b)
            return;
        const auto size = b->find("size_gigabytes");
        if (size == b->end() || !size->is_number_integer() || size->get<int>() < 1 || size->get<int>() > 16384)
            return unprocessable(res, "size_gigabytes must be a whole number from 1 to 16384");
        const auto name = b->find("name");
        if (name == b->end() || !name->is_string() || !validHostname(name->get<std::string>()))
            return unprocessable(res, "name must be lowercase letters, numbers and hyphens");
        const auto region = b->find("region");
        const int regionIndex =
            region != b->end() && region->is_string() ? fleet.regionBySlug(region->get<std::string>()) : -1;
        if (regionIndex < 0 || !fleet.regions[std::size_t(regionIndex)].available)
            return unprocessable(res, "region must be an available region slug");
        for (const auto &v : fleet.volumes)
            if (v.name == name->get<std::string>() && v.regionIndex == regionIndex)
                return error(res, 409, "conflict",
                             "a volume with that name already exists in " +
                                 fleet.regions[std::size_t(regionIndex)].slug);
        Volume v;
        v.id = uuid();
        v.name = name->get<std::string>();
        v.description = b->value("description", std::string());
        v.regionIndex = std::uint8_t(regionIndex);
        v.sizeGigabytes = size->get<int>();
        v.createdAt = nowMs() / 1000;
        v.filesystemType = b->value("filesystem_type", std::string());
        v.filesystemLabel = b->value("filesystem_label", std::string());
        if (const auto t = b->find("tags"); t != b->end() && t->is_array())
            for (const auto &e : *t)
                if (e.is_string())
                    v.tags.push_back(e.get<std::string>());
        fleet.volumes.push_back(std::move(v));
        std::string o = "{\"volume\":";
        renderVolume(o, fleet.volumes.back());
        o += '}';
        json(res, 201, o);
    }

    void postVolumeAction(const httplib::Request &req, httplib::Response &res, Volume *volume)
    {
        const auto b = body(req, res);
        if (!b)
            return;
        const std::string type = b->value("type", std::string());
        if (type != "attach" && type != "detach" && type != "resize")
            return unprocessable(res, "type must be attach, detach or resize");
        if (!volume) {
            const std::string name = b->value("volume_name", std::string());
            const std::string region = b->value("region", std::string());
            for (auto &v : fleet.volumes)
                if (v.name == name && (region.empty() || fleet.regions[v.regionIndex].slug == region))
                    volume = &v;
            if (!volume)
                return notFound(res);
        }
        if (const auto region = b->find("region");
            region != b->end() && region->is_string() &&
            region->get<std::string>() != fleet.regions[volume->regionIndex].slug)
            return unprocessable(res, "region does not match the volume's region");
        std::int64_t dropletId = 0;
        int newSize = -1;
        if (type == "resize") {
            newSize = b->value("size_gigabytes", 0);
            if (newSize <= volume->sizeGigabytes || newSize > 16384)
                return unprocessable(res, "size_gigabytes must be larger than the current size");
        } else {
            const auto did = b->find("droplet_id");
            if (did == b->end() || !did->is_number_integer())
                return unprocessable(res, "droplet_id is required");
            dropletId = did->get<std::int64_t>();
            const Droplet *d = fleet.droplet(dropletId);
            if (!d)
                return notFound(res);
            if (type == "attach") {
                if (d->regionIndex != volume->regionIndex)
                    return unprocessable(res, "droplet_id: the Droplet is in another region than the volume");
                if (!volume->dropletIds.empty())
                    return unprocessable(res, "Volume is already attached to a Droplet.");
            } else if (std::find(volume->dropletIds.begin(), volume->dropletIds.end(), dropletId) ==
                       volume->dropletIds.end()) {
                return unprocessable(res, "Volume is not attached to this Droplet.");
            }
        }
        Action &a = startAction(type, dropletId, volume->regionIndex);
        a.volumeId = volume->id;
        a.sizeIndex = newSize;
        std::string o = "{\"action\":";
        renderAction(o, a);
        o += '}';
        json(res, 202, o);
    }

    static nlohmann::ordered_json keyJson(const SshKey &k)
    {
        nlohmann::ordered_json j;
        j["id"] = k.id;
        j["fingerprint"] = k.fingerprint;
        j["public_key"] = k.publicKey;
        j["name"] = k.name;
        return j;
    }

    void createKey(const httplib::Request &req, httplib::Response &res)
    {
        const auto b = body(req, res);
        if (!b)
            return;
        const std::string name = b->value("name", std::string());
        const std::string key = b->value("public_key", std::string());
        if (name.empty())
            return unprocessable(res, "name is required");
        const std::string fingerprint = sshFingerprint(key);
        if (fingerprint.empty())
            return unprocessable(res, "public_key is invalid: expected \"<type> <base64 key> [comment]\"");
        for (const auto &k : fleet.sshKeys)
            if (k.fingerprint == fingerprint)
                return unprocessable(res, "SSH Key is already in use on your account");
        SshKey k;
        k.id = fleet.nextKeyId++;
        k.name = name;
        k.publicKey = key;
        k.fingerprint = fingerprint;
        fleet.sshKeys.push_back(k);
        json(res, 201, nlohmann::ordered_json{{"ssh_key", keyJson(k)}}.dump());
    }

    nlohmann::ordered_json tagJson(std::uint16_t tag, std::size_t droplets, std::int64_t lastDroplet,
                                   std::size_t volumes, const std::string &lastVolume) const
    {
        const auto counted = [](std::size_t count, const std::string &uri) {
            nlohmann::ordered_json j;
            j["count"] = count;
            if (count)
                j["last_tagged_uri"] = uri;
            return j;
        };
        const std::string dropletUri = baseUrl + "/v2/droplets/" + std::to_string(lastDroplet);
        const std::string volumeUri = baseUrl + "/v2/volumes/" + lastVolume;
        nlohmann::ordered_json r = counted(droplets + volumes, droplets ? dropletUri : volumeUri);
        r["droplets"] = counted(droplets, dropletUri);
        r["images"] = counted(0, {});
        r["volumes"] = counted(volumes, volumeUri);
        r["volume_snapshots"] = counted(0, {});
        r["databases"] = counted(0, {});
        return {{"name", fleet.tagNames[tag]}, {"resources", r}};
    }

    void listTags(const httplib::Request &req, httplib::Response &res)
    {
        const std::size_t n = fleet.tagNames.size();
        std::vector<std::size_t> dropletCount(n, 0), volumeCount(n, 0);
        std::vector<std::int64_t> lastDroplet(n, 0);
        std::vector<std::string> lastVolume(n);
        for (const auto &d : fleet.droplets)
            for (const auto t : d.tags) {
                ++dropletCount[t];
                lastDroplet[t] = d.id;
            }
        for (const auto &v : fleet.volumes)
            for (const auto &t : v.tags) {
                const auto it = fleet.tagIndex.find(t);
                if (it != fleet.tagIndex.end()) {
                    ++volumeCount[it->second];
                    lastVolume[it->second] = v.id;
                }
            }
        json(res, 200, listBody(req, "tags", n, [&](std::size_t i, std::string &o) {
                 o += tagJson(std::uint16_t(i), dropletCount[i], lastDroplet[i], volumeCount[i], lastVolume[i]).dump();
             }));
    }

    void createTag(const httplib::Request &req, httplib::Response &res)
    {
        const auto b = body(req, res);
        if (!b)
            return;
        const std::string name = b->value("name", std::string());
        if (!validTagName(name))
            return error(res, 400, "bad_request",
                         "tag name '" + name +
                             "' contains invalid characters (allowed: letters, numbers, ':', '-', '_')");
        const std::uint16_t tag = fleet.internTag(name);
        json(res, 201, nlohmann::ordered_json{{"tag", tagJson(tag, 0, 0, 0, {})}}.dump());
    }
};

DigitalOceanSim::DigitalOceanSim(DigitalOceanSimOptions options)
    : m_impl(std::make_unique<Impl>(std::move(options)))
{}

DigitalOceanSim::~DigitalOceanSim()
{
    stop();
}

bool DigitalOceanSim::start(std::string *error)
{
    Impl &d = *m_impl;
    const auto fail = [error](std::string message) {
        if (error)
            *error = std::move(message);
        return false;
    };
    if (d.server)
        return fail("the simulator is already running");
    if (!isLoopback(d.options.bindAddress))
        return fail("refusing to bind to " + d.options.bindAddress +
                    ": the simulator only listens on loopback (127.0.0.0/8 or ::1)");
    if (d.options.droplets < 0 || d.options.droplets > 1000000)
        return fail("droplets must be between 0 and 1000000");
    if (d.options.port < 0 || d.options.port > 65535)
        return fail("port must be between 0 and 65535");

    {
        std::lock_guard lock(d.stateMutex);
        const auto t0 = std::chrono::steady_clock::now();
        const std::int64_t today = nowMs() / 1000 / 86400 * 86400;
        d.fleet = generateFleet(d.options.seed, d.options.droplets, today);
        d.generationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        d.nextActionId = 2000000000 + std::int64_t(d.idRng() % 100000000);
        d.nextIpIndex = 0;
        d.accountUuid = d.uuid();
        d.teamUuid = d.uuid();
        if (d.options.token.empty()) {
            std::random_device rd;
            char buffer[72];
            std::snprintf(buffer, sizeof buffer, "dop_v1_%016llx%016llx%016llx%08x",
                          static_cast<unsigned long long>(rd()) << 32 | rd(),
                          static_cast<unsigned long long>(rd()) << 32 | rd(),
                          static_cast<unsigned long long>(rd()) << 32 | rd(), rd());
            d.apiToken = buffer;
        } else {
            d.apiToken = d.options.token;
        }
    }

    if (d.options.tls) {
        std::string tlsError;
        d.tls = TlsMaterial::generate(&tlsError);
        if (!d.tls)
            return fail("could not make the TLS certificates: " + tlsError);
        auto ssl = std::make_unique<httplib::SSLServer>(d.tls->serverCertificate.get(), d.tls->serverKey.get());
        if (!ssl->is_valid())
            return fail("could not set up the TLS server");
        d.server = std::move(ssl);
    } else {
        d.server = std::make_unique<httplib::Server>();
    }
    // A dropped connection (the reset fault, or a client that gives up) must not kill the process
    // with SIGPIPE when OpenSSL writes to it.
    std::signal(SIGPIPE, SIG_IGN);

    const auto handler = [impl = m_impl.get()](const httplib::Request &req, httplib::Response &res) {
        impl->handle(req, res);
    };
    d.server->Get(".*", handler);
    d.server->Post(".*", handler);
    d.server->Put(".*", handler);
    d.server->Patch(".*", handler);
    d.server->Delete(".*", handler);
    d.server->Options(".*", handler);
    d.server->set_payload_max_length(std::size_t(8) * 1024 * 1024);
    // Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm holds the
    // body until the client's delayed ACK (40 ms) on every keep-alive request after the first few.
    d.server->set_tcp_nodelay(true);
    // cpp-httplib closes a keep-alive connection after 5 requests by default; an API front end
    // keeps it far longer, and clients that page through a large listing rely on that.
    d.server->set_keep_alive_max_count(1000);

    const std::string host = d.options.bindAddress == "localhost" ? "127.0.0.1" : d.options.bindAddress;
    if (d.options.port == 0) {
        d.boundPort = d.server->bind_to_any_port(host);
    } else {
        d.boundPort = d.server->bind_to_port(host, d.options.port) ? d.options.port : -1;
    }
    if (d.boundPort <= 0) {
        d.server.reset();
        return fail("could not listen on " + host + ":" + std::to_string(d.options.port));
    }
    const std::string hostPart = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    d.baseUrl = std::string(d.options.tls ? "https://" : "http://") + hostPart + ":" + std::to_string(d.boundPort);
    d.thread = std::thread([server = d.server.get()] { server->listen_after_bind(); });
    // The socket is already listening (connections queue), but wait for the loop so stop() is clean.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!d.server->is_running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return true;
}

void DigitalOceanSim::stop()
{
    Impl &d = *m_impl;
    if (!d.server)
        return;
    d.server->stop();
    if (d.thread.joinable())
        d.thread.join();
    d.server.reset();
}

std::string DigitalOceanSim::url() const
{
    return m_impl->baseUrl;
}
std::string DigitalOceanSim::token() const
{
    return m_impl->apiToken;
}
std::string DigitalOceanSim::caCertificatePem() const
{
    return m_impl->tls ? m_impl->tls->caPem : std::string();
}
int DigitalOceanSim::port() const
{
    return m_impl->boundPort;
}
double DigitalOceanSim::generationSeconds() const
{
    return m_impl->generationSeconds;
}
double DigitalOceanSim::serverSeconds() const
{
    return double(m_impl->serverNanos.load()) / 1e9;
}
std::uint64_t DigitalOceanSim::requestCount() const
{
    return m_impl->requests.load();
}

void DigitalOceanSim::setFaults(const FaultSpec &faults)
{
    std::lock_guard lock(m_impl->faultMutex);
    m_impl->faults = faults;
}

FaultSpec DigitalOceanSim::faults() const
{
    std::lock_guard lock(m_impl->faultMutex);
    return m_impl->faults;
}

std::size_t DigitalOceanSim::dropletCount() const
{
    std::lock_guard lock(m_impl->stateMutex);
    return m_impl->fleet.droplets.size();
}

std::optional<std::string> DigitalOceanSim::dropletStatus(std::int64_t id) const
{
    std::lock_guard lock(m_impl->stateMutex);
    m_impl->advance(nowMs());
    const Droplet *d = m_impl->fleet.droplet(id);
    if (!d)
        return std::nullopt;
    return std::string(statusName(d->status));
}

std::vector<std::int64_t> DigitalOceanSim::dropletIds() const
{
    std::lock_guard lock(m_impl->stateMutex);
    std::vector<std::int64_t> ids;
    ids.reserve(m_impl->fleet.droplets.size());
    for (const auto &d : m_impl->fleet.droplets)
        ids.push_back(d.id);
    return ids;
}

} // namespace nephele::sim
