#include "sim/fleet.h"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <random>

namespace nephele::sim {

namespace {

using Json = nlohmann::ordered_json;

struct SizeRow {
    const char *slug;
    int memoryMb, vcpus, diskGb;
    double transferTb, priceMonthly;
    const char *description;
    int weight;
};

// DigitalOcean's public size list (USD). Hourly = monthly / 672, as DigitalOcean bills it.
constexpr SizeRow kSizes[] = {
    {"s-1vcpu-512mb-10gb", 512, 1, 10, 0.5, 4.0, "Basic", 4},
    {"s-1vcpu-1gb", 1024, 1, 25, 1.0, 6.0, "Basic", 20},
    {"s-1vcpu-1gb-amd", 1024, 1, 25, 1.0, 7.0, "Basic AMD", 3},
    {"s-1vcpu-1gb-intel", 1024, 1, 25, 1.0, 7.0, "Basic Intel", 3},
    {"s-1vcpu-2gb", 2048, 1, 50, 2.0, 12.0, "Basic", 14},
    {"s-2vcpu-2gb", 2048, 2, 60, 3.0, 18.0, "Basic", 10},
    {"s-2vcpu-4gb", 4096, 2, 80, 4.0, 24.0, "Basic", 14},
    {"s-2vcpu-4gb-amd", 4096, 2, 80, 4.0, 28.0, "Basic AMD", 3},
    {"s-4vcpu-8gb", 8192, 4, 160, 5.0, 48.0, "Basic", 9},
    {"s-4vcpu-8gb-intel", 8192, 4, 160, 5.0, 56.0, "Basic Intel", 2},
    {"s-8vcpu-16gb", 16384, 8, 320, 6.0, 96.0, "Basic", 4},
    {"c-2", 4096, 2, 25, 4.0, 42.0, "CPU-Optimized", 3},
    {"c-4", 8192, 4, 50, 5.0, 84.0, "CPU-Optimized", 2},
    {"c-8", 16384, 8, 100, 6.0, 168.0, "CPU-Optimized", 1},
    {"c-16", 32768, 16, 200, 7.0, 336.0, "CPU-Optimized", 1},
    {"g-2vcpu-8gb", 8192, 2, 25, 4.0, 63.0, "General Purpose", 2},
    {"g-4vcpu-16gb", 16384, 4, 50, 5.0, 126.0, "General Purpose", 2},
    {"g-8vcpu-32gb", 32768, 8, 100, 6.0, 252.0, "General Purpose", 1},
    {"m-2vcpu-16gb", 16384, 2, 50, 4.0, 84.0, "Memory-Optimized", 1},
    {"m-4vcpu-32gb", 32768, 4, 100, 5.0, 168.0, "Memory-Optimized", 1},
    {"m-8vcpu-64gb", 65536, 8, 200, 6.0, 336.0, "Memory-Optimized", 1},
    {"so-2vcpu-16gb", 16384, 2, 300, 4.0, 131.0, "Storage-Optimized", 1},
};

struct RegionRow {
    const char *slug;
    const char *name;
    bool available;
    int weight;
};

constexpr RegionRow kRegions[] = {
    {"nyc1", "New York 1", true, 8},       {"nyc3", "New York 3", true, 20},  {"sfo2", "San Francisco 2", true, 5},
    {"sfo3", "San Francisco 3", true, 12}, {"ams3", "Amsterdam 3", true, 10}, {"sgp1", "Singapore 1", true, 7},
    {"lon1", "London 1", true, 9},         {"fra1", "Frankfurt 1", true, 12}, {"tor1", "Toronto 1", true, 5},
    {"blr1", "Bangalore 1", true, 5},      {"syd1", "Sydney 1", true, 4},     {"atl1", "Atlanta 1", true, 3},
    {"nyc2", "New York 2", false, 0},      {"ams2", "Amsterdam 2", false, 0}, {"sfo1", "San Francisco 1", false, 0},
};

struct ImageRow {
    std::int64_t id;
    const char *name;
    const char *distribution;
    const char *slug;
    ImageKind kind;
    int minDisk;
    double sizeGb;
    const char *description;
    int weight;
};

constexpr ImageRow kImages[] = {
    {155149839, "24.04 (LTS) x64", "Ubuntu", "ubuntu-24-04-x64", ImageKind::Distribution, 7, 0.64,
     "Ubuntu 24.04 (LTS) x64", 30},
    {129211873, "22.04 (LTS) x64", "Ubuntu", "ubuntu-22-04-x64", ImageKind::Distribution, 7, 2.36,
     "Ubuntu 22.04 (LTS) x64", 30},
    {112929454, "20.04 (LTS) x64", "Ubuntu", "ubuntu-20-04-x64", ImageKind::Distribution, 7, 0.75,
     "Ubuntu 20.04 (LTS) x64", 8},
    {149690209, "12 x64", "Debian", "debian-12-x64", ImageKind::Distribution, 10, 0.89, "Debian 12 x64", 14},
    {149689914, "11 x64", "Debian", "debian-11-x64", ImageKind::Distribution, 10, 0.64, "Debian 11 x64", 4},
    {138391226, "9 Stream x64", "CentOS", "centos-stream-9-x64", ImageKind::Distribution, 10, 0.92,
     "CentOS Stream 9 x64", 3},
    {159651797, "40 x64", "Fedora", "fedora-40-x64", ImageKind::Distribution, 15, 0.97, "Fedora 40 x64", 2},
    {144939474, "9 x64", "Rocky Linux", "rockylinux-9-x64", ImageKind::Distribution, 10, 0.85, "Rocky Linux 9 x64", 3},
    {147209542, "9 x64", "AlmaLinux", "almalinux-9-x64", ImageKind::Distribution, 10, 0.78, "AlmaLinux 9 x64", 2},
    {154234588, "Docker 25.0.3 on Ubuntu 22.04", "Ubuntu", "docker-20-04", ImageKind::Application, 25, 3.8,
     "Docker on Ubuntu", 3},
    {154183436, "WordPress 6.4 on Ubuntu 22.04", "Ubuntu", "wordpress-20-04", ImageKind::Application, 25, 4.6,
     "WordPress on Ubuntu", 1},
    {153785124, "LAMP on Ubuntu 22.04", "Ubuntu", "lamp-20-04", ImageKind::Application, 25, 4.1, "LAMP on Ubuntu", 1},
};

constexpr const char *kRoles[] = {"web", "api",   "db",       "cache", "worker", "lb",  "queue", "search",
                                  "mon", "build", "k8s-node", "vpn",   "mail",   "etl", "app"};
constexpr const char *kTeams[] = {"web", "web", "data",     "platform", "backend", "platform", "backend", "data",
                                  "sre", "sre", "platform", "sre",      "it",      "data",     "web"};
constexpr const char *kEnvs[] = {"prod", "staging", "dev", "qa"};
constexpr int kEnvWeights[] = {55, 20, 18, 7};

std::uint8_t pickWeighted(std::mt19937_64 &rng, const std::vector<int> &cumulative)
{
    const int r = int(rng() % std::uint64_t(cumulative.back()));
    return std::uint8_t(std::upper_bound(cumulative.begin(), cumulative.end(), r) - cumulative.begin());
}

std::string uuid(std::mt19937_64 &rng)
{
    const std::uint64_t a = rng(), b = rng();
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08x-%04x-4%03x-%04x-%012llx", unsigned(a >> 32),
                  unsigned((a >> 16) & 0xffff), unsigned(a & 0xfff), unsigned(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buffer;
}

Json regionSlugs(const Fleet &fleet, const std::vector<std::uint8_t> &indexes)
{
    Json out = Json::array();
    for (const auto i : indexes)
        out.push_back(fleet.regions[i].slug);
    return out;
}

std::string base64(const unsigned char *data, int length)
{
    std::string out(std::size_t(4 * ((length + 2) / 3)) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()), data, length);
    out.resize(std::size_t(written));
    return out;
}

} // namespace

std::string_view statusName(DropletStatus status)
{
    switch (status) {
    case DropletStatus::New: return "new";
    case DropletStatus::Active: return "active";
    case DropletStatus::Off: return "off";
    case DropletStatus::Archive: return "archive";
    }
    return "active";
}

std::string isoTime(std::int64_t epochSeconds)
{
    const std::time_t t = std::time_t(epochSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::string ipv4Text(std::uint32_t a)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
    return buffer;
}

std::string ipv6Text(const Droplet &droplet)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "2604:a880:%x:d0::%x:%x", 0x400 + droplet.regionIndex,
                  unsigned((droplet.id >> 16) & 0xffff), unsigned(droplet.id & 0xffff));
    return buffer;
}

std::string sshFingerprint(std::string_view publicKey)
{
    const auto first = publicKey.find(' ');
    if (first == std::string_view::npos)
        return {};
    std::string_view blob = publicKey.substr(first + 1);
    blob = blob.substr(0, blob.find(' '));
    if (blob.empty() || blob.size() % 4 != 0 || blob.size() > 16384)
        return {};
    std::string decoded(blob.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char *>(decoded.data()),
                                  reinterpret_cast<const unsigned char *>(blob.data()), int(blob.size()));
    if (n <= 0)
        return {};
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digestLength = 0;
    if (EVP_Digest(decoded.data(), std::size_t(n), digest, &digestLength, EVP_md5(), nullptr) != 1)
        return {};
    std::string out;
    for (unsigned i = 0; i < digestLength; ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, i ? ":%02x" : "%02x", digest[i]);
        out += hex;
    }
    return out;
}

std::uint16_t Fleet::internTag(const std::string &name)
{
    const auto it = tagIndex.find(name);
    if (it != tagIndex.end())
        return it->second;
    const auto index = std::uint16_t(tagNames.size());
    tagNames.push_back(name);
    tagIndex.emplace(name, index);
    return index;
}

int Fleet::sizeBySlug(std::string_view slug) const
{
    for (std::size_t i = 0; i < sizes.size(); ++i)
        if (sizes[i].slug == slug)
            return int(i);
    return -1;
}

int Fleet::regionBySlug(std::string_view slug) const
{
    for (std::size_t i = 0; i < regions.size(); ++i)
        if (regions[i].slug == slug)
            return int(i);
    return -1;
}

int Fleet::imageBySlugOrId(std::string_view slugOrId) const
{
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(slugOrId.data(), slugOrId.data() + slugOrId.size(), id);
    const bool numeric = ec == std::errc() && end == slugOrId.data() + slugOrId.size();
    for (std::size_t i = 0; i < images.size(); ++i) {
        if (numeric ? images[i].id == id : (!images[i].slug.empty() && images[i].slug == slugOrId))
            return int(i);
    }
    return -1;
}

Droplet *Fleet::droplet(std::int64_t id)
{
    const auto it = std::lower_bound(droplets.begin(), droplets.end(), id,
                                     [](const Droplet &d, std::int64_t value) { return d.id < value; });
    return it != droplets.end() && it->id == id ? &*it : nullptr;
}

const Droplet *Fleet::droplet(std::int64_t id) const
{
    return const_cast<Fleet *>(this)->droplet(id);
}

Volume *Fleet::volume(std::string_view id)
{
    for (auto &v : volumes)
        if (v.id == id)
            return &v;
    return nullptr;
}

void Fleet::renderImage(ImageInfo &image) const
{
    Json j;
    j["id"] = image.id;
    j["name"] = image.name;
    j["distribution"] = image.distribution;
    j["slug"] = image.slug.empty() ? Json(nullptr) : Json(image.slug);
    j["public"] = image.kind != ImageKind::Snapshot;
    j["regions"] = regionSlugs(*this, image.regions);
    j["created_at"] = isoTime(image.createdAt);
    j["type"] = "snapshot";
    j["min_disk_size"] = image.minDiskSize;
    j["size_gigabytes"] = image.sizeGigabytes;
    j["description"] = image.description;
    j["tags"] = Json::array();
    j["status"] = "available";
    j["error_message"] = "";
    image.json = j.dump();
}

Fleet generateFleet(std::uint64_t seed, int dropletCount, std::int64_t anchorEpoch)
{
    Fleet fleet;
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + 0x1234567ULL);

    std::vector<std::uint8_t> availableRegions;
    for (const auto &r : kRegions) {
        RegionInfo info;
        info.slug = r.slug;
        info.name = r.name;
        info.available = r.available;
        info.weight = r.weight;
        if (r.available)
            availableRegions.push_back(std::uint8_t(fleet.regions.size()));
        fleet.regions.push_back(std::move(info));
    }
    for (const auto &s : kSizes) {
        SizeInfo info;
        info.slug = s.slug;
        info.memoryMb = s.memoryMb;
        info.vcpus = s.vcpus;
        info.diskGb = s.diskGb;
        info.transferTb = s.transferTb;
        info.priceMonthly = s.priceMonthly;
        info.priceHourly = double(float(s.priceMonthly / 672.0)); // DO's figures are float32-rounded
        info.description = s.description;
        fleet.sizes.push_back(std::move(info));
    }
    // Render the shared sub-objects once; droplets splice them in.
    Json allSizes = Json::array();
    for (const auto &s : fleet.sizes)
        allSizes.push_back(s.slug);
    for (auto &r : fleet.regions) {
        Json j;
        j["name"] = r.name;
        j["slug"] = r.slug;
        j["features"] = Json::array({"backups", "ipv6", "metadata", "install_agent", "storage", "image_transfer"});
        j["available"] = r.available;
        j["sizes"] = r.available ? allSizes : Json::array();
        r.json = j.dump();
    }
    for (auto &s : fleet.sizes) {
        Json j;
        j["slug"] = s.slug;
        j["memory"] = s.memoryMb;
        j["vcpus"] = s.vcpus;
        j["disk"] = s.diskGb;
        j["transfer"] = s.transferTb;
        j["price_monthly"] = s.priceMonthly;
        j["price_hourly"] = s.priceHourly;
        j["regions"] = regionSlugs(fleet, availableRegions);
        j["available"] = true;
        j["description"] = s.description;
        s.embeddedJson = j.dump();
        j["disk_info"] = Json::array({Json{{"type", "local"}, {"size", Json{{"amount", s.diskGb}, {"unit", "gib"}}}}});
        s.listedJson = j.dump();
    }
    for (const auto &row : kImages) {
        ImageInfo image;
        image.id = row.id;
        image.name = row.name;
        image.distribution = row.distribution;
        image.slug = row.slug;
        image.kind = row.kind;
        image.createdAt = anchorEpoch - 86400 * (100 + std::int64_t(row.id % 500));
        image.minDiskSize = row.minDisk;
        image.sizeGigabytes = row.sizeGb;
        image.description = row.description;
        image.regions = availableRegions;
        fleet.renderImage(image);
        fleet.images.push_back(std::move(image));
    }

    for (std::size_t i = 0; i < fleet.regions.size(); ++i) {
        Vpc vpc;
        vpc.id = uuid(rng);
        vpc.name = "default-" + fleet.regions[i].slug;
        vpc.description = "";
        vpc.regionIndex = std::uint8_t(i);
        vpc.ipRange = "10." + std::to_string(100 + i) + ".0.0/20";
        vpc.createdAt = anchorEpoch - std::int64_t(3) * 365 * 86400 + std::int64_t(i) * 86400;
        fleet.vpcs.push_back(std::move(vpc));
    }

    static constexpr const char *kKeyOwners[] = {"alice@laptop", "bob@workstation", "ci@build-01", "ops@bastion",
                                                 "carol@mac"};
    fleet.nextKeyId = 41000000 + std::int64_t(rng() % 1000000);
    for (const char *owner : kKeyOwners) {
        unsigned char blob[51] = {0, 0, 0, 11, 's', 's', 'h', '-', 'e', 'd', '2', '5', '5', '1', '9', 0, 0, 0, 32};
        for (int b = 19; b < 51; ++b)
            blob[b] = static_cast<unsigned char>(rng());
        SshKey key;
        key.id = fleet.nextKeyId++;
        key.name = owner;
        key.publicKey = "ssh-ed25519 " + base64(blob, sizeof blob) + " " + owner;
        key.fingerprint = sshFingerprint(key.publicKey);
        fleet.sshKeys.push_back(std::move(key));
    }

    std::vector<int> regionCum, sizeCum, imageCum, envCum;
    for (const auto &r : kRegions)
        regionCum.push_back((regionCum.empty() ? 0 : regionCum.back()) + r.weight);
    for (const auto &s : kSizes)
        sizeCum.push_back((sizeCum.empty() ? 0 : sizeCum.back()) + s.weight);
    for (const auto &im : kImages)
        imageCum.push_back((imageCum.empty() ? 0 : imageCum.back()) + im.weight);
    for (const int w : kEnvWeights)
        envCum.push_back((envCum.empty() ? 0 : envCum.back()) + w);

    constexpr int roleCount = int(std::size(kRoles));
    constexpr int envCount = int(std::size(kEnvs));
    // Serial numbers per (role, env, region) make names unique without a set of seen names.
    std::vector<std::uint32_t> serials(std::size_t(roleCount * envCount) * fleet.regions.size(), 0);
    std::vector<std::uint16_t> envTags, teamTags, roleTags;
    for (const char *e : kEnvs)
        envTags.push_back(fleet.internTag(std::string("env:") + e));
    for (int r = 0; r < roleCount; ++r) {
        teamTags.push_back(fleet.internTag(std::string("team:") + kTeams[r]));
        roleTags.push_back(fleet.internTag(kRoles[r]));
    }
    const std::uint16_t backupTag = fleet.internTag("backup:daily");

    dropletCount = std::clamp(dropletCount, 0, 1000000);
    fleet.droplets.reserve(std::size_t(dropletCount));
    std::int64_t id = 300000000 + std::int64_t(rng() % 50000000);
    const std::int64_t twoYears = std::int64_t(2) * 365 * 86400;
    for (int i = 0; i < dropletCount; ++i) {
        Droplet d;
        id += 1 + std::int64_t(rng() % 97);
        d.id = id;
        const int role = int(rng() % roleCount);
        const int env = pickWeighted(rng, envCum);
        d.regionIndex = pickWeighted(rng, regionCum);
        d.sizeIndex = pickWeighted(rng, sizeCum);
        if (kRoles[role][0] == 'd' && d.sizeIndex < 6) // databases run on bigger machines
            d.sizeIndex = std::uint16_t(d.sizeIndex + 6);
        d.imageIndex = pickWeighted(rng, imageCum);
        d.vpcIndex = d.regionIndex;
        const std::size_t serialSlot =
            (std::size_t(role) * envCount + std::size_t(env)) * fleet.regions.size() + d.regionIndex;
        char name[64];
        std::snprintf(name, sizeof name, "%s-%s-%s-%02u", kRoles[role], kEnvs[env],
                      fleet.regions[d.regionIndex].slug.c_str(), ++serials[serialSlot]);
        d.name = name;
        // Skew towards recent machines: older ones get retired.
        const double u = double(rng() % 1000000) / 1000000.0;
        d.createdAt = anchorEpoch - 3600 - std::int64_t(double(twoYears) * u * u);
        const std::uint32_t host = std::uint32_t(i % 254) + 1;
        const std::uint32_t net = (std::uint32_t(i / 254) * 40503u) & 0xffffu;
        d.publicIpv4 = (std::uint32_t(104) << 24) | (net << 8) | host;
        d.privateIpv4 = (std::uint32_t(10) << 24) | (std::uint32_t(100 + d.regionIndex) << 16) |
                        ((std::uint32_t(i / 254) & 0xffu) << 8) | host;
        if (i / 254 > 0xff) // past 65k machines per block, spread into the next private /16s
            d.privateIpv4 = (std::uint32_t(10) << 24) | ((std::uint32_t(i / 254) & 0xffffu) << 8) | host;
        d.ipv6 = rng() % 100 < 30;
        d.backups = env == 0 && rng() % 100 < 40;
        d.monitoring = rng() % 100 < 60;
        d.status = rng() % 100 < 4 ? DropletStatus::Off : DropletStatus::Active;
        d.tags = {roleTags[std::size_t(role)], envTags[std::size_t(env)], teamTags[std::size_t(role)]};
        if (d.backups)
            d.tags.push_back(backupTag);
        fleet.droplets.push_back(std::move(d));
    }
    fleet.nextDropletId = id + 1000;

    // Volumes on a few droplets, mostly databases and search nodes.
    const int volumeCount = dropletCount / 12;
    for (int v = 0; v < volumeCount; ++v) {
        Droplet &d = fleet.droplets[std::size_t(rng() % std::uint64_t(dropletCount))];
        if (!d.volumeIds.empty())
            continue;
        Volume volume;
        volume.id = uuid(rng);
        volume.name = "vol-" + d.name;
        volume.description = "Block storage for " + d.name;
        volume.regionIndex = d.regionIndex;
        volume.sizeGigabytes = 10 << (rng() % 6);
        volume.createdAt = d.createdAt + 600;
        volume.filesystemType = rng() % 3 ? "ext4" : "xfs";
        volume.filesystemLabel = "data";
        volume.dropletIds.push_back(d.id);
        d.volumeIds.push_back(volume.id);
        fleet.volumes.push_back(std::move(volume));
    }
    // A couple of free volumes, as every account has.
    for (int v = 0; v < 2 && !fleet.regions.empty(); ++v) {
        Volume volume;
        volume.id = uuid(rng);
        volume.name = "scratch-" + std::to_string(v + 1);
        volume.description = "Unattached scratch space";
        volume.regionIndex = availableRegions[std::size_t(v) % availableRegions.size()];
        volume.sizeGigabytes = 100;
        volume.createdAt = anchorEpoch - std::int64_t(86400) * (30 + v);
        volume.filesystemType = "ext4";
        volume.filesystemLabel = "scratch";
        fleet.volumes.push_back(std::move(volume));
    }

    // Snapshots as private images.
    fleet.nextImageId = 160000000 + std::int64_t(rng() % 1000000);
    const int snapshotCount = std::min(25, dropletCount / 8);
    for (int s = 0; s < snapshotCount; ++s) {
        Droplet &d = fleet.droplets[std::size_t(rng() % std::uint64_t(dropletCount))];
        ImageInfo image;
        image.id = fleet.nextImageId++;
        image.createdAt = std::min(anchorEpoch - 60, d.createdAt + std::int64_t(rng() % 5000000));
        image.name = d.name + "-" + isoTime(image.createdAt).substr(0, 10);
        image.distribution = fleet.images[d.imageIndex].distribution;
        image.kind = ImageKind::Snapshot;
        image.minDiskSize = fleet.sizes[d.sizeIndex].diskGb;
        image.sizeGigabytes = double(int(rng() % 900) + 100) / 100.0;
        image.regions = {d.regionIndex};
        fleet.renderImage(image);
        d.snapshotIds.push_back(image.id);
        fleet.images.push_back(std::move(image));
    }
    return fleet;
}

} // namespace nephele::sim
