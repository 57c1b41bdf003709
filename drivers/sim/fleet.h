#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The simulated DigitalOcean account: catalog (sizes, regions, images) and the generated fleet.
// Records are compact on purpose (a million droplets must stay far under 1 GB): names are the
// only per-droplet strings, everything shared is an index into a table whose JSON is rendered once.
namespace nephele::sim {

struct SizeInfo {
    std::string slug;
    int memoryMb = 0;
    int vcpus = 0;
    int diskGb = 0;
    double transferTb = 0;
    double priceMonthly = 0;
    double priceHourly = 0;
    std::string description;
    std::string embeddedJson; // as inside a droplet
    std::string listedJson;   // as in GET /v2/sizes (adds disk_info)
};

struct RegionInfo {
    std::string slug;
    std::string name;
    bool available = true;
    int weight = 1; // share of the generated fleet
    std::string json;
};

enum class ImageKind : std::uint8_t { Distribution, Application, Snapshot };

struct ImageInfo {
    std::int64_t id = 0;
    std::string name;
    std::string distribution;
    std::string slug; // empty = null (snapshots)
    ImageKind kind = ImageKind::Distribution;
    std::int64_t createdAt = 0;
    int minDiskSize = 0;
    double sizeGigabytes = 0;
    std::string description;
    std::vector<std::uint8_t> regions;
    std::string json;
};

enum class DropletStatus : std::uint8_t { New, Active, Off, Archive };
std::string_view statusName(DropletStatus status);

struct Droplet {
    std::int64_t id = 0;
    std::string name;
    std::int64_t createdAt = 0;       // epoch seconds
    std::int64_t pendingActionId = 0; // non-zero: an action runs, the droplet is locked
    std::uint32_t publicIpv4 = 0;
    std::uint32_t privateIpv4 = 0;
    std::uint16_t sizeIndex = 0;
    std::uint16_t imageIndex = 0;
    std::uint16_t vpcIndex = 0;
    std::uint8_t regionIndex = 0;
    DropletStatus status = DropletStatus::Active;
    bool backups = false;
    bool ipv6 = false;
    bool monitoring = false;
    std::vector<std::uint16_t> tags; // indexes into Fleet::tagNames
    std::vector<std::string> volumeIds;
    std::vector<std::int64_t> snapshotIds;
};

struct Volume {
    std::string id;
    std::string name;
    std::string description;
    std::uint8_t regionIndex = 0;
    int sizeGigabytes = 0;
    std::int64_t createdAt = 0;
    std::string filesystemType;
    std::string filesystemLabel;
    std::vector<std::int64_t> dropletIds;
    std::vector<std::string> tags;
};

struct SshKey {
    std::int64_t id = 0;
    std::string name;
    std::string publicKey;
    std::string fingerprint;
};

struct Vpc {
    std::string id;
    std::string name;
    std::string description;
    std::uint8_t regionIndex = 0;
    std::string ipRange;
    bool isDefault = true;
    std::int64_t createdAt = 0;
};

struct Fleet {
    std::vector<SizeInfo> sizes;
    std::vector<RegionInfo> regions;
    std::vector<ImageInfo> images; // distributions, applications, then snapshots
    std::vector<Droplet> droplets; // ascending id = listing order
    std::vector<Volume> volumes;
    std::vector<SshKey> sshKeys;
    std::vector<Vpc> vpcs; // one default VPC per region, same index
    std::vector<std::string> tagNames;
    std::unordered_map<std::string, std::uint16_t> tagIndex;
    std::int64_t nextDropletId = 0;
    std::int64_t nextImageId = 0;
    std::int64_t nextKeyId = 0;

    std::uint16_t internTag(const std::string &name);
    int sizeBySlug(std::string_view slug) const;
    int regionBySlug(std::string_view slug) const;
    int imageBySlugOrId(std::string_view slugOrId) const;
    Droplet *droplet(std::int64_t id); // binary search: ids are ascending
    const Droplet *droplet(std::int64_t id) const;
    Volume *volume(std::string_view id);
    void renderImage(ImageInfo &image) const; // refreshes image.json
};

// Deterministic for (seed, count, anchorEpoch): anchorEpoch is "now" for created_at spreads.
Fleet generateFleet(std::uint64_t seed, int dropletCount, std::int64_t anchorEpoch);

std::string isoTime(std::int64_t epochSeconds);
std::string ipv4Text(std::uint32_t address);
std::string ipv6Text(const Droplet &droplet);
std::string sshFingerprint(std::string_view publicKey); // MD5 of the key blob, colon hex; "" if invalid

} // namespace nephele::sim
