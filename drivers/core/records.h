#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// The normalized records every driver produces. They are plain values: no QObject, no provider
// types, cheap to move between threads.
namespace nephele::drivers {

enum class MachineKind { Vm, Node, Pod, Container, Hypervisor, ContainerHost, BareMetal };

// Mist's machine state set.
enum class MachineState {
    Running,
    Starting,
    Stopping,
    Stopped,
    Rebooting,
    Terminated,
    Pending,
    Suspended,
    Paused,
    Error,
    Unknown,
};

QString
machineKindName(MachineKind kind); // "vm", "node", "pod", "container", "hypervisor", "container-host", "bare-metal"
std::optional<MachineKind> machineKindFromName(QStringView name);
QString machineStateName(MachineState state); // "running", "stopped", ...
std::optional<MachineState> machineStateFromName(QStringView name);

// A provider tag. Flat tags ("web") have an empty value; DigitalOcean's "env:prod" splits on the
// first colon into key "env" and value "prod", and text() gives the original back.
struct Tag {
    QString key;
    QString value;

    static Tag fromText(const QString &text);
    QString text() const;
    friend bool operator==(const Tag &, const Tag &) = default;
};

struct Machine {
    QString id; // provider id, unique within the account
    QString name;
    MachineKind kind = MachineKind::Vm;
    MachineState state = MachineState::Unknown;
    QString providerState; // the provider's own word, e.g. DigitalOcean "active"
    QString parentId;      // empty for top-level machines of an account
    QStringList publicIps; // IPv4 first, then IPv6
    QStringList privateIps;
    QString sizeId;   // e.g. "s-1vcpu-1gb"
    QString sizeName; // human, e.g. "Basic 1 vCPU / 1 GB"
    QString imageId;
    QString imageName;    // e.g. "Ubuntu 22.04 (LTS) x64"
    QString location;     // e.g. "nyc3"
    QString locationName; // e.g. "New York 3"
    QList<Tag> tags;
    QDateTime created; // UTC
    int vcpus = 0;
    int memoryMb = 0;
    int diskGb = 0;
    std::optional<double> priceHourly; // provider's price, in currency
    std::optional<double> priceMonthly;
    QString currency = QStringLiteral("USD");
    bool locked = false; // an action is running on it
    QStringList volumeIds;
    QString networkId;    // VPC
    QStringList features; // "backups", "monitoring", "ipv6", ...

    friend bool operator==(const Machine &, const Machine &) = default;
};

// What a resource uses now (Kubernetes: metrics-server's last sample of a node, pod or container).
struct ResourceUsage {
    QString id;          // the resource's id in its account
    double cpuCores = 0; // 0.25 = 250 millicores
    qint64 memoryBytes = 0;
    friend bool operator==(const ResourceUsage &, const ResourceUsage &) = default;
};

struct Size {
    QString id;   // slug
    QString name; // description, e.g. "Basic"
    int vcpus = 0;
    int memoryMb = 0;
    int diskGb = 0;
    double transferTb = 0;
    std::optional<double> priceHourly;
    std::optional<double> priceMonthly;
    QString currency = QStringLiteral("USD");
    QStringList locations;
    bool available = true;

    friend bool operator==(const Size &, const Size &) = default;
};

struct Image {
    QString id;
    QString slug; // may be empty for snapshots
    QString name;
    QString distribution;
    QString type; // "distribution", "application", "snapshot", "backup", "custom"
    bool isPublic = false;
    QStringList locations;
    int minDiskGb = 0;
    double sizeGb = 0;
    QString status;
    QDateTime created;
    QString description;

    friend bool operator==(const Image &, const Image &) = default;
};

struct Location {
    QString id;   // slug, e.g. "nyc3"
    QString name; // "New York 3"
    bool available = true;
    QStringList features;
    QStringList sizeIds;

    friend bool operator==(const Location &, const Location &) = default;
};

struct Volume {
    QString id;
    QString name;
    QString location;
    int sizeGb = 0;
    QString description;
    QStringList machineIds;
    QString filesystemType;
    QString filesystemLabel;
    QDateTime created;
    QList<Tag> tags;

    friend bool operator==(const Volume &, const Volume &) = default;
};

struct Network {
    QString id;
    QString name;
    QString location;
    QString ipRange;
    QString description;
    bool isDefault = false;
    QDateTime created;

    friend bool operator==(const Network &, const Network &) = default;
};

struct SshKey {
    QString id;
    QString name;
    QString fingerprint;
    QString publicKey;

    friend bool operator==(const SshKey &, const SshKey &) = default;
};

// A provider-side asynchronous operation (DigitalOcean's action).
struct ProviderAction {
    enum class Status { InProgress, Completed, Errored };
    QString id;
    QString type; // "power_on", "create", "attach", ...
    Status status = Status::InProgress;
    QString resourceId;
    QString resourceType;
    QDateTime startedAt;
    QDateTime completedAt;
    QString location;

    friend bool operator==(const ProviderAction &, const ProviderAction &) = default;
};

// Everything the wizard needs to offer choices.
struct Catalog {
    QList<Size> sizes;
    QList<Image> images;
    QList<Location> locations;
    QList<SshKey> keys;
    QList<Network> networks;
    QStringList tags;
};

// A page of a listing, and where the next one is.
template<typename T>
struct Page {
    QList<T> items;
    qint64 total = -1; // the provider's total when it says
    QString nextUrl;   // empty on the last page
};

// Cordon and Uncordon mark a cluster node (un)schedulable; Destroy on a pod deletes it gracefully.
enum class MachineAction {
    Start,
    Stop,
    Shutdown,
    Reboot,
    PowerCycle,
    Rename,
    Resize,
    Snapshot,
    Destroy,
    Cordon,
    Uncordon
};

QString machineActionName(MachineAction action); // "start", "stop", ...

struct ActionArgs {
    QString name;            // Rename: the new name; Snapshot: the snapshot's name
    QString sizeId;          // Resize
    bool resizeDisk = false; // Resize: also grow the disk (irreversible)
};

struct CreateMachineRequest {
    QStringList names; // one machine per name
    QString location;
    QString sizeId;
    QString imageId;    // slug or numeric id
    QStringList keyIds; // ids or fingerprints
    QStringList tags;
    QString userData;
    QStringList volumeIds;
    QString networkId;
    bool backups = false;
    bool monitoring = false;
    bool ipv6 = false;
};

struct CreateVolumeRequest {
    QString name;
    QString location;
    int sizeGb = 0;
    QString description;
    QString filesystemType; // "ext4", "xfs" or empty
    QStringList tags;
};

} // namespace nephele::drivers

Q_DECLARE_METATYPE(nephele::drivers::Machine)
