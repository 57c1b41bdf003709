// The simulator over real HTTP on loopback: what a DigitalOcean client sees.
#include "sim/digitaloceansim.h"
#include "sim/fleet.h"
#include "sim/tlsmaterial.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QDir>
#include <QTest>

#include <chrono>
#include <set>
#include <thread>

using namespace nephele::sim;
using Json = nlohmann::json;

namespace {

struct Reply {
    int status = -1; // -1: no answer (connection failed or dropped)
    std::string body;
    httplib::Headers headers;
    Json json() const { return Json::parse(body, nullptr, false); }
};

Reply call(const DigitalOceanSim &sim, const std::string &method, const std::string &path, const std::string &body = {},
           const std::string &token = "<sim>")
{
    httplib::Client client(sim.url());
    client.set_read_timeout(10, 0);
    httplib::Headers headers;
    headers.emplace("Authorization", "Bearer " + (token == "<sim>" ? sim.token() : token));
    httplib::Result r = method == "POST"     ? client.Post(path, headers, body, "application/json")
                        : method == "DELETE" ? client.Delete(path, headers)
                                             : client.Get(path, headers);
    Reply reply;
    if (r) {
        reply.status = r->status;
        reply.body = r->body;
        reply.headers = r->headers;
    }
    return reply;
}

// Polls until pred() holds or the deadline passes; no fixed sleeps.
template<typename Pred>
bool waitFor(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(10))
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred();
}

template<typename Fill>
DigitalOceanSimOptions options(Fill fill)
{
    DigitalOceanSimOptions o;
    fill(o);
    return o;
}

std::unique_ptr<DigitalOceanSim> startSim(DigitalOceanSimOptions options)
{
    auto sim = std::make_unique<DigitalOceanSim>(std::move(options));
    std::string error;
    if (!sim->start(&error))
        qWarning("sim start failed: %s", error.c_str());
    return sim;
}

} // namespace

class TestDigitalOceanSim final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void faultSpecParses_data();
    void faultSpecParses();
    void faultSpecRejects_data();
    void faultSpecRejects();
    void generatorIsDeterministic();
    void refusesNonLoopback();
    void paginationCoversEveryDroplet();
    void unauthorized();
    void unknownRoute();
    void rateLimitHeaders();
    void createBecomesActive();
    void actionLifecycleAndLock();
    void resizeNeedsPowerOff();
    void createValidation();
    void destroy();
    void volumeAttachDetach();
    void faultKinds();
    void https();
    void largeFleetTiming();
};

void TestDigitalOceanSim::faultSpecParses_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<int>("latency");
    QTest::addColumn<double>("serverErrors");
    QTest::addColumn<double>("rateLimit");
    QTest::addColumn<int>("retryAfter");
    QTest::addColumn<double>("reset");
    QTest::addColumn<bool>("any");
    QTest::newRow("empty") << QString() << 0 << 0.0 << 0.0 << 1 << 0.0 << false;
    QTest::newRow("none") << QStringLiteral("none") << 0 << 0.0 << 0.0 << 1 << 0.0 << false;
    QTest::newRow("full") << QStringLiteral(
                                 "latency=50,5xx=0.1,429=0.05,retry-after=2,reset=0.02,truncate=0.02,malformed=0.01")
                          << 50 << 0.1 << 0.05 << 2 << 0.02 << true;
    QTest::newRow("spaces") << QStringLiteral(" 5xx = 1 , reset=0 ") << 0 << 1.0 << 0.0 << 1 << 0.0 << true;
}

void TestDigitalOceanSim::faultSpecParses()
{
    QFETCH(QString, spec);
    std::string error;
    const auto parsed = FaultSpec::parse(spec.toStdString(), &error);
    QVERIFY2(parsed.has_value(), error.c_str());
    QFETCH(int, latency);
    QFETCH(double, serverErrors);
    QFETCH(double, rateLimit);
    QFETCH(int, retryAfter);
    QFETCH(double, reset);
    QFETCH(bool, any);
    QCOMPARE(parsed->latencyMs, latency);
    QCOMPARE(parsed->serverErrorRate, serverErrors);
    QCOMPARE(parsed->rateLimitRate, rateLimit);
    QCOMPARE(parsed->retryAfterSeconds, retryAfter);
    QCOMPARE(parsed->resetRate, reset);
    QCOMPARE(parsed->any(), any);
    // What toString() writes, parse() reads back the same.
    const auto again = FaultSpec::parse(parsed->toString(), &error);
    QVERIFY2(again.has_value(), error.c_str());
    QCOMPARE(again->toString(), parsed->toString());
    QCOMPARE(again->truncateRate, parsed->truncateRate);
    QCOMPARE(again->malformedRate, parsed->malformedRate);
}

void TestDigitalOceanSim::faultSpecRejects_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown key") << QStringLiteral("latency=5,jitter=3") << QStringLiteral("jitter");
    QTest::newRow("rate above 1") << QStringLiteral("5xx=1.5") << QStringLiteral("1.5");
    QTest::newRow("negative") << QStringLiteral("reset=-0.1") << QStringLiteral("-0.1");
    QTest::newRow("not a number") << QStringLiteral("latency=fast") << QStringLiteral("fast");
    QTest::newRow("no value") << QStringLiteral("truncate") << QStringLiteral("truncate");
    QTest::newRow("trailing garbage") << QStringLiteral("429=0.1x") << QStringLiteral("0.1x");
    QTest::newRow("empty entry") << QStringLiteral("5xx=0.1,,reset=0.1") << QStringLiteral("empty");
}

void TestDigitalOceanSim::faultSpecRejects()
{
    QFETCH(QString, spec);
    QFETCH(QString, mentions);
    std::string error;
    QVERIFY(!FaultSpec::parse(spec.toStdString(), &error).has_value());
    QVERIFY2(QString::fromStdString(error).contains(mentions), error.c_str());
}

void TestDigitalOceanSim::generatorIsDeterministic()
{
    const Fleet a = generateFleet(42, 500, 1735689600);
    const Fleet b = generateFleet(42, 500, 1735689600);
    const Fleet c = generateFleet(43, 500, 1735689600);
    QCOMPARE(a.droplets.size(), std::size_t(500));
    QCOMPARE(c.droplets.size(), std::size_t(500));
    bool allSame = true, anyDifferent = false;
    std::set<std::string> names;
    std::set<std::uint32_t> publicIps, privateIps;
    for (std::size_t i = 0; i < a.droplets.size(); ++i) {
        const Droplet &x = a.droplets[i], &y = b.droplets[i], &z = c.droplets[i];
        allSame = allSame && x.id == y.id && x.name == y.name && x.sizeIndex == y.sizeIndex &&
                  x.createdAt == y.createdAt && x.status == y.status && x.tags == y.tags;
        anyDifferent = anyDifferent || x.id != z.id || x.name != z.name;
        names.insert(x.name);
        publicIps.insert(x.publicIpv4);
        privateIps.insert(x.privateIpv4);
        if (i)
            QVERIFY(x.id > a.droplets[i - 1].id);
        QVERIFY(x.createdAt < 1735689600 && x.createdAt > 1735689600 - 2 * 366 * 86400);
    }
    QVERIFY(allSame);
    QVERIFY(anyDifferent);
    QCOMPARE(names.size(), std::size_t(500));
    QCOMPARE(publicIps.size(), std::size_t(500));
    QCOMPARE(privateIps.size(), std::size_t(500));
    const auto off = std::count_if(a.droplets.begin(), a.droplets.end(),
                                   [](const Droplet &d) { return d.status == DropletStatus::Off; });
    QVERIFY(off > 0 && off < 100);
    QVERIFY(!a.volumes.empty());
    QVERIFY(!a.sshKeys.empty());
    QVERIFY(std::any_of(a.images.begin(), a.images.end(),
                        [](const ImageInfo &im) { return im.kind == ImageKind::Snapshot; }));
    QCOMPARE(generateFleet(1, 10, 0).droplets.size(), std::size_t(10));
    QCOMPARE(generateFleet(1, 0, 0).droplets.size(), std::size_t(0));
}

void TestDigitalOceanSim::refusesNonLoopback()
{
    DigitalOceanSim sim(options([](DigitalOceanSimOptions &o) { o.bindAddress = "0.0.0.0"; }));
    std::string error;
    QVERIFY(!sim.start(&error));
    QVERIFY2(error.find("loopback") != std::string::npos, error.c_str());
    DigitalOceanSim other(options([](DigitalOceanSimOptions &o) { o.bindAddress = "192.168.1.10"; }));
    QVERIFY(!other.start(&error));
}

void TestDigitalOceanSim::paginationCoversEveryDroplet()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.seed = 5;
        o.droplets = 1234;
    }));
    const auto ids = sim->dropletIds();
    QCOMPARE(ids.size(), std::size_t(1234));
    std::vector<std::int64_t> seen;
    std::string next = "/v2/droplets?page=1&per_page=200";
    int pages = 0;
    while (!next.empty()) {
        const Reply r = call(*sim, "GET", next);
        QCOMPARE(r.status, 200);
        const Json j = r.json();
        QVERIFY(j.is_object());
        QCOMPARE(j["meta"]["total"].get<int>(), 1234);
        for (const auto &d : j["droplets"])
            seen.push_back(d["id"].get<std::int64_t>());
        ++pages;
        const Json &links = j["links"];
        if (pages > 1) {
            QVERIFY(links["pages"].contains("first"));
            QVERIFY(links["pages"].contains("prev"));
        }
        if (links.contains("pages") && links["pages"].contains("next")) {
            QVERIFY(links["pages"].contains("last"));
            QCOMPARE(links["pages"]["last"].get<std::string>(), sim->url() + "/v2/droplets?page=7&per_page=200");
            const std::string url = links["pages"]["next"].get<std::string>();
            QVERIFY(url.starts_with(sim->url()));
            next = url.substr(sim->url().size());
        } else {
            QCOMPARE(pages, 7);
            QVERIFY(!links.contains("pages") || !links["pages"].contains("last"));
            next.clear();
        }
        QVERIFY(pages <= 7);
    }
    QCOMPARE(seen, ids);

    const Reply defaults = call(*sim, "GET", "/v2/droplets");
    QCOMPARE(defaults.json()["droplets"].size(), std::size_t(20));
    const Reply capped = call(*sim, "GET", "/v2/droplets?per_page=5000");
    QCOMPARE(capped.json()["droplets"].size(), std::size_t(200));

    // Filters.
    const Reply tagged = call(*sim, "GET", "/v2/droplets?tag_name=env:prod&per_page=200");
    const Json t = tagged.json();
    QVERIFY(t["meta"]["total"].get<int>() > 0);
    for (const auto &d : t["droplets"])
        QVERIFY(std::find(d["tags"].begin(), d["tags"].end(), Json("env:prod")) != d["tags"].end());
    if (t["links"].contains("pages"))
        QVERIFY(t["links"]["pages"]["next"].get<std::string>().find("tag_name=env%3Aprod") != std::string::npos);
    const std::string firstName = t["droplets"][0]["name"];
    const Json byName = call(*sim, "GET", "/v2/droplets?name=" + firstName).json();
    QCOMPARE(byName["meta"]["total"].get<int>(), 1);
}

void TestDigitalOceanSim::unauthorized()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) { o.droplets = 10; }));
    const Reply r = call(*sim, "GET", "/v2/droplets", {}, "wrong");
    QCOMPARE(r.status, 401);
    const Json j = r.json();
    QCOMPARE(j["id"].get<std::string>(), "unauthorized");
    QCOMPARE(j["message"].get<std::string>(), "Unable to authenticate you.");
    QVERIFY(j.contains("request_id"));
    QCOMPARE(call(*sim, "GET", "/v2/account").status, 200);
}

void TestDigitalOceanSim::unknownRoute()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) { o.droplets = 10; }));
    for (const char *path : {"/v2/nothing", "/v2/droplets/1", "/v2/actions/12", "/elsewhere"}) {
        const Reply r = call(*sim, "GET", path);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json()["id"].get<std::string>(), "not_found");
        QCOMPARE(r.json()["message"].get<std::string>(), "The resource you were accessing could not be found.");
    }
}

void TestDigitalOceanSim::rateLimitHeaders()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.droplets = 10;
        o.rateLimitPerHour = 3;
    }));
    const Reply first = call(*sim, "GET", "/v2/sizes");
    QCOMPARE(first.status, 200);
    QVERIFY(first.headers.count("x-request-id") == 1);
    const auto header = [](const Reply &r, const char *key) {
        const auto it = r.headers.find(key);
        return it == r.headers.end() ? std::string() : it->second;
    };
    QCOMPARE(header(first, "ratelimit-limit"), "3");
    QCOMPARE(header(first, "ratelimit-remaining"), "2");
    QVERIFY(
        std::stoll(header(first, "ratelimit-reset")) >
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    QCOMPARE(header(call(*sim, "GET", "/v2/sizes"), "ratelimit-remaining"), "1");
    QCOMPARE(call(*sim, "GET", "/v2/sizes").status, 200);
    const Reply over = call(*sim, "GET", "/v2/sizes");
    QCOMPARE(over.status, 429);
    QCOMPARE(over.json()["id"].get<std::string>(), "too_many_requests");
    QVERIFY(!header(over, "Retry-After").empty());
}

void TestDigitalOceanSim::createBecomesActive()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.droplets = 10;
        o.timeScale = 0.02;
    }));
    const Reply r = call(
        *sim, "POST", "/v2/droplets",
        R"({"name":"web-new-01","region":"fra1","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64","tags":["env:dev"],"ipv6":true})");
    QCOMPARE(r.status, 202);
    const Json j = r.json();
    QCOMPARE(j["droplet"]["status"].get<std::string>(), "new");
    QCOMPARE(j["droplet"]["region"]["slug"].get<std::string>(), "fra1");
    QCOMPARE(j["links"]["actions"][0]["rel"].get<std::string>(), "create");
    const std::int64_t id = j["droplet"]["id"];
    const std::int64_t actionId = j["links"]["actions"][0]["id"];
    QCOMPARE(j["links"]["actions"][0]["href"].get<std::string>(),
             sim->url() + "/v2/actions/" + std::to_string(actionId));
    QCOMPARE(sim->dropletCount(), std::size_t(11));
    QCOMPARE(sim->dropletStatus(id).value_or(""), "new");
    QVERIFY(waitFor([&] { return sim->dropletStatus(id) == "active"; }));
    const Json action = call(*sim, "GET", "/v2/actions/" + std::to_string(actionId)).json();
    QCOMPARE(action["action"]["status"].get<std::string>(), "completed");
    QVERIFY(action["action"]["completed_at"].is_string());
    const Json got = call(*sim, "GET", "/v2/droplets/" + std::to_string(id)).json();
    QCOMPARE(got["droplet"]["status"].get<std::string>(), "active");
    QCOMPARE(got["droplet"]["networks"]["v4"].size(), std::size_t(2));
    QCOMPARE(got["droplet"]["networks"]["v6"].size(), std::size_t(1));

    const Reply many = call(*sim, "POST", "/v2/droplets",
                            R"({"names":["a-1","a-2","a-3"],"region":"nyc3","size":"s-2vcpu-4gb","image":129211873})");
    QCOMPARE(many.status, 202);
    QCOMPARE(many.json()["droplets"].size(), std::size_t(3));
    QCOMPARE(many.json()["links"]["actions"].size(), std::size_t(3));
    const auto ids = sim->dropletIds();
    QVERIFY(std::is_sorted(ids.begin(), ids.end()));
}

void TestDigitalOceanSim::actionLifecycleAndLock()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.droplets = 20;
        o.timeScale = 0.02;
    }));
    std::int64_t id = 0;
    for (const auto candidate : sim->dropletIds())
        if (sim->dropletStatus(candidate) == "active") {
            id = candidate;
            break;
        }
    QVERIFY(id != 0);
    const std::string actions = "/v2/droplets/" + std::to_string(id) + "/actions";
    const Reply off = call(*sim, "POST", actions, R"({"type":"power_off"})");
    QCOMPARE(off.status, 201);
    const Json a = off.json()["action"];
    QCOMPARE(a["status"].get<std::string>(), "in-progress");
    QCOMPARE(a["type"].get<std::string>(), "power_off");
    QCOMPARE(a["resource_id"].get<std::int64_t>(), id);
    QCOMPARE(a["resource_type"].get<std::string>(), "droplet");
    QVERIFY(a["completed_at"].is_null());
    QVERIFY(call(*sim, "GET", "/v2/droplets/" + std::to_string(id)).json()["droplet"]["locked"].get<bool>());

    const Reply second = call(*sim, "POST", actions, R"({"type":"reboot"})");
    QCOMPARE(second.status, 422);
    QCOMPARE(second.json()["id"].get<std::string>(), "unprocessable_entity");
    QCOMPARE(second.json()["message"].get<std::string>(), "Droplet already has a pending event.");

    const std::string actionUrl = "/v2/actions/" + std::to_string(a["id"].get<std::int64_t>());
    QVERIFY(waitFor([&] { return call(*sim, "GET", actionUrl).json()["action"]["status"] == "completed"; }));
    QCOMPARE(sim->dropletStatus(id).value_or(""), "off");
    QVERIFY(!call(*sim, "GET", "/v2/droplets/" + std::to_string(id)).json()["droplet"]["locked"].get<bool>());

    const Reply rename = call(*sim, "POST", actions, R"({"type":"rename","name":"renamed-box"})");
    QCOMPARE(rename.status, 201);
    QVERIFY(waitFor([&] {
        return call(*sim, "GET", "/v2/droplets/" + std::to_string(id)).json()["droplet"]["name"] == "renamed-box";
    }));

    const Reply on = call(*sim, "POST", actions, R"({"type":"power_on"})");
    QCOMPARE(on.status, 201);
    QVERIFY(waitFor([&] { return sim->dropletStatus(id) == "active"; }));

    const Json history = call(*sim, "GET", actions).json();
    QCOMPARE(history["meta"]["total"].get<int>(), 3);
    QCOMPARE(call(*sim, "GET", actions.substr(0, actions.size() - 8) + "/actions").status, 200);
    QCOMPARE(call(*sim, "POST", actions, R"({"type":"explode"})").status, 422);
    QCOMPARE(call(*sim, "POST", actions, "not json").status, 400);

    const Reply snap = call(*sim, "POST", actions, R"({"type":"snapshot","name":"before-upgrade"})");
    QCOMPARE(snap.status, 201);
    QVERIFY(waitFor([&] {
        const Json images = call(*sim, "GET", "/v2/images?private=true&per_page=200").json();
        return std::any_of(images["images"].begin(), images["images"].end(),
                           [](const Json &im) { return im["name"] == "before-upgrade"; });
    }));
}

void TestDigitalOceanSim::resizeNeedsPowerOff()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.droplets = 20;
        o.timeScale = 0.02;
    }));
    std::int64_t id = 0;
    for (const auto candidate : sim->dropletIds())
        if (sim->dropletStatus(candidate) == "active")
            id = candidate;
    const std::string actions = "/v2/droplets/" + std::to_string(id) + "/actions";
    const Reply early = call(*sim, "POST", actions, R"({"type":"resize","size":"s-8vcpu-16gb"})");
    QCOMPARE(early.status, 422);
    QVERIFY(early.json()["message"].get<std::string>().find("powered off") != std::string::npos);
    QCOMPARE(call(*sim, "POST", actions, R"({"type":"shutdown"})").status, 201);
    QVERIFY(waitFor([&] { return sim->dropletStatus(id) == "off"; }));
    QCOMPARE(call(*sim, "POST", actions, R"({"type":"resize","size":"s-8vcpu-16gb","disk":true})").status, 201);
    QVERIFY(waitFor([&] {
        return call(*sim, "GET", "/v2/droplets/" + std::to_string(id)).json()["droplet"]["size_slug"] == "s-8vcpu-16gb";
    }));
}

void TestDigitalOceanSim::createValidation()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) { o.droplets = 10; }));
    const auto check = [&](const char *body, const char *field) {
        const Reply r = call(*sim, "POST", "/v2/droplets", body);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json()["id"].get<std::string>(), "unprocessable_entity");
        QVERIFY2(r.json()["message"].get<std::string>().find(field) != std::string::npos, r.body.c_str());
    };
    check(R"({"region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64"})", "name");
    check(R"({"name":"bad name!","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64"})", "name");
    check(R"({"name":"ok","region":"mars1","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64"})", "region");
    check(R"({"name":"ok","region":"nyc3","size":"huge","image":"ubuntu-22-04-x64"})", "size");
    check(R"({"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"windows-95"})", "image");
    check(R"({"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64","ssh_keys":[1]})",
          "ssh_keys");
    check(R"({"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64","backups":"yes"})",
          "backups");
    check(R"({"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64","vpc_uuid":"nope"})",
          "vpc_uuid");
    check(R"({"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64","volumes":["nope"]})",
          "volumes");
    check(R"({"name":"ok","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-22-04-x64","tags":["bad tag"]})",
          "tags");
    QCOMPARE(sim->dropletCount(), std::size_t(10));
}

void TestDigitalOceanSim::destroy()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) { o.droplets = 30; }));
    const auto ids = sim->dropletIds();
    QCOMPARE(call(*sim, "DELETE", "/v2/droplets/" + std::to_string(ids[3])).status, 204);
    QCOMPARE(sim->dropletCount(), std::size_t(29));
    QVERIFY(!sim->dropletStatus(ids[3]).has_value());
    QCOMPARE(call(*sim, "GET", "/v2/droplets/" + std::to_string(ids[3])).status, 404);
    QCOMPARE(call(*sim, "DELETE", "/v2/droplets/" + std::to_string(ids[3])).status, 404);

    const Json staging = call(*sim, "GET", "/v2/droplets?tag_name=env:staging&per_page=200").json();
    const int tagged = staging["meta"]["total"];
    QCOMPARE(call(*sim, "DELETE", "/v2/droplets?tag_name=env:staging").status, 204);
    QCOMPARE(sim->dropletCount(), std::size_t(29 - tagged));
    QCOMPARE(call(*sim, "GET", "/v2/droplets?tag_name=env:staging").json()["meta"]["total"].get<int>(), 0);
}

void TestDigitalOceanSim::volumeAttachDetach()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.droplets = 40;
        o.timeScale = 0.02;
    }));
    const Reply created = call(*sim, "POST", "/v2/volumes",
                               R"({"size_gigabytes":10,"name":"extra-data","region":"nyc3","filesystem_type":"ext4"})");
    QCOMPARE(created.status, 201);
    const std::string volumeId = created.json()["volume"]["id"];
    const Json nyc = call(*sim, "GET", "/v2/droplets?per_page=200").json();
    std::int64_t dropletId = 0;
    for (const auto &d : nyc["droplets"])
        if (d["region"]["slug"] == "nyc3")
            dropletId = d["id"];
    if (!dropletId) {
        const Reply c = call(*sim, "POST", "/v2/droplets",
                             R"({"name":"host","region":"nyc3","size":"s-1vcpu-1gb","image":"debian-12-x64"})");
        dropletId = c.json()["droplet"]["id"];
    }
    const std::string attach = R"({"type":"attach","droplet_id":)" + std::to_string(dropletId) + R"(,"region":"nyc3"})";
    const Reply a = call(*sim, "POST", "/v2/volumes/" + volumeId + "/actions", attach);
    QCOMPARE(a.status, 202);
    QCOMPARE(a.json()["action"]["type"].get<std::string>(), "attach_volume");
    QCOMPARE(a.json()["action"]["resource_type"].get<std::string>(), "volume");
    QVERIFY(waitFor([&] {
        const Json v = call(*sim, "GET", "/v2/volumes/" + volumeId).json();
        return v["volume"]["droplet_ids"] == Json::array({dropletId});
    }));
    const Json d = call(*sim, "GET", "/v2/droplets/" + std::to_string(dropletId)).json();
    QVERIFY(std::find(d["droplet"]["volume_ids"].begin(), d["droplet"]["volume_ids"].end(), Json(volumeId)) !=
            d["droplet"]["volume_ids"].end());
    QCOMPARE(call(*sim, "DELETE", "/v2/volumes/" + volumeId).status, 409);

    const std::string detach = R"({"type":"detach","droplet_id":)" + std::to_string(dropletId) +
                               R"(,"volume_name":"extra-data","region":"nyc3"})";
    QCOMPARE(call(*sim, "POST", "/v2/volumes/actions", detach).status, 202);
    QVERIFY(
        waitFor([&] { return call(*sim, "GET", "/v2/volumes/" + volumeId).json()["volume"]["droplet_ids"].empty(); }));
    QCOMPARE(call(*sim, "DELETE", "/v2/volumes/" + volumeId).status, 204);
    QCOMPARE(call(*sim, "GET", "/v2/volumes/" + volumeId).status, 404);
    QCOMPARE(call(*sim, "GET", "/v2/volumes?region=nyc3&name=extra-data").json()["meta"]["total"].get<int>(), 0);
}

void TestDigitalOceanSim::faultKinds()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) { o.droplets = 10; }));
    const auto with = [&](const char *spec) {
        std::string error;
        const auto f = FaultSpec::parse(spec, &error);
        QVERIFY2(f.has_value(), error.c_str());
        sim->setFaults(*f);
    };

    with("5xx=1");
    for (int i = 0; i < 6; ++i) {
        const Reply r = call(*sim, "GET", "/v2/droplets");
        QVERIFY(r.status == 500 || r.status == 502 || r.status == 503);
        QVERIFY(r.json().contains("id"));
        QVERIFY(r.json().contains("request_id"));
    }

    with("429=1,retry-after=7");
    const Reply limited = call(*sim, "GET", "/v2/droplets");
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.json()["id"].get<std::string>(), "too_many_requests");
    QCOMPARE(limited.headers.find("Retry-After")->second, "7");

    with("reset=1");
    const std::uint64_t before = sim->requestCount();
    const Reply dropped = call(*sim, "GET", "/v2/droplets");
    QCOMPARE(dropped.status, -1);
    QVERIFY(sim->requestCount() > before);

    with("truncate=1");
    const Reply cut = call(*sim, "GET", "/v2/droplets");
    QCOMPARE(cut.status, 200);
    QVERIFY(!cut.body.empty());
    QVERIFY(Json::parse(cut.body, nullptr, false).is_discarded());
    QCOMPARE(std::stoul(cut.headers.find("Content-Length")->second), cut.body.size());

    with("malformed=1");
    for (int i = 0; i < 4; ++i) {
        const Reply bad = call(*sim, "GET", "/v2/account");
        QCOMPARE(bad.status, 200);
        QVERIFY(Json::parse(bad.body, nullptr, false).is_discarded());
    }

    with("latency=120");
    const auto t0 = std::chrono::steady_clock::now();
    QCOMPARE(call(*sim, "GET", "/v2/account").status, 200);
    QVERIFY(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(120));

    with("none");
    QCOMPARE(call(*sim, "GET", "/v2/droplets").status, 200);
    QVERIFY(!sim->faults().any());
}

void TestDigitalOceanSim::https()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.droplets = 10;
        o.tls = true;
    }));
    QVERIFY(sim->url().starts_with("https://127.0.0.1:"));
    const std::string pem = sim->caCertificatePem();
    QVERIFY(pem.starts_with("-----BEGIN CERTIFICATE-----"));

    const auto writePem = [](const char *tag, const std::string &text) {
        const std::string path = QDir::temp()
                                     .filePath(QStringLiteral("nephele-sim-%1-%2.pem")
                                                   .arg(QLatin1StringView(tag))
                                                   .arg(QCoreApplication::applicationPid()))
                                     .toStdString();
        FILE *f = std::fopen(path.c_str(), "w");
        if (f) {
            std::fwrite(text.data(), 1, text.size(), f);
            std::fclose(f);
        }
        return path;
    };
    const std::string caPath = writePem("ca", pem);
    // Another CA, made the same way: the server's chain must not verify against it.
    std::string error;
    const auto otherCa = TlsMaterial::generate(&error);
    QVERIFY2(otherCa.has_value(), error.c_str());
    const std::string otherPath = writePem("other", otherCa->caPem);
    {
        httplib::Client trusted(sim->url());
        trusted.set_ca_cert_path(caPath.c_str());
        trusted.enable_server_certificate_verification(true);
        const auto r = trusted.Get("/v2/account", httplib::Headers{{"Authorization", "Bearer " + sim->token()}});
        QVERIFY2(r, httplib::to_string(r.error()).c_str());
        QCOMPARE(r->status, 200);
    }
    {
        httplib::Client stranger(sim->url());
        stranger.set_ca_cert_path(otherPath.c_str());
        stranger.enable_server_certificate_verification(true);
        const auto r = stranger.Get("/v2/account", httplib::Headers{{"Authorization", "Bearer " + sim->token()}});
        QVERIFY(!r);
        QCOMPARE(r.error(), httplib::Error::SSLServerVerification);
    }
    std::remove(caPath.c_str());
    std::remove(otherPath.c_str());
}

// Prints the figures the design asks for; the bounds are generous so only a gross regression fails.
void TestDigitalOceanSim::largeFleetTiming()
{
    auto sim = startSim(options([](DigitalOceanSimOptions &o) {
        o.seed = 9;
        o.droplets = 10000;
    }));
    const double before = sim->serverSeconds();
    int served = 0;
    for (int page = 1; page <= 50; ++page) {
        const Reply r = call(*sim, "GET", "/v2/droplets?per_page=200&page=" + std::to_string(page));
        QCOMPARE(r.status, 200);
        served += int(r.json()["droplets"].size());
    }
    QCOMPARE(served, 10000);
    const double serverTime = sim->serverSeconds() - before;
    qInfo("generated 10000 droplets in %.3f s; served them in 50 pages of 200 in %.3f s of server time",
          sim->generationSeconds(), serverTime);
    QVERIFY(serverTime < 2.0);
}

QTEST_GUILESS_MAIN(TestDigitalOceanSim)
#include "tst_digitaloceansim.moc"
