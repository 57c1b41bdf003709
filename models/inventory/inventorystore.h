#pragma once

#include "core/records.h"
#include "inventory/stringpool.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <cmath>
#include <optional>
#include <vector>

namespace nephele::models {

// The status an account row shows. Set by the account's session; kept here so item models read
// one place.
enum class AccountStatus { Idle, Syncing, Ok, Error };

struct AccountInfo {
    QString id;
    QString name;
    QString provider;
    AccountStatus status = AccountStatus::Idle;
    QString errorSummary; // the Error's summary() when status == Error
    QString errorHint;
    QString errorDetails;  // the Error's fullText()
    QDateTime lastSuccess; // UTC
    QDateTime nextRefresh; // UTC, when the next listing is due; invalid when none is scheduled
    bool stale = false;    // the machines shown are from an older listing (or from the cache)
    bool disabled = false; // the user disabled the account: not polled
};

// Which fields of a resource a change touched.
namespace ChangedField {
enum : quint32 {
    Name = 1u << 0,
    State = 1u << 1,
    Location = 1u << 2,
    Size = 1u << 3,
    Addresses = 1u << 4,
    Tags = 1u << 5,
    Price = 1u << 6,
    Parent = 1u << 7,
    Image = 1u << 8,
    Other = 1u << 9,
    All = (1u << 10) - 1,
};
} // namespace ChangedField

// One batch of changes to one account, as InventoryStore::inventoryChanged() announces it.
// Removed slots are already released (and not reused within the batch); inserted and changed
// slots are readable.
struct InventoryChange {
    QString accountId;
    std::vector<quint32> inserted;
    std::vector<quint32> removed;
    std::vector<quint32> changed;
    std::vector<quint32> changedFields; // ChangedField bits, one per entry of `changed`
    bool isEmpty() const { return inserted.empty() && removed.empty() && changed.empty(); }
};

// A watch stream's event (Kubernetes): a resource added or modified, or deleted by id.
struct InventoryEvent {
    enum class Type { Upsert, Delete };
    Type type = Type::Upsert;
    drivers::Machine machine; // Delete needs only the id
};

// Every resource of every account: machines, hypervisors and their VMs, clusters' nodes, pods and
// containers; keyed by (account, provider id), with parent links inside an account.
//
//   InventoryStore store;
//   store.addAccount({.id = "prod", .name = "Production", .provider = "digitalocean"});
//   store.mergeListing("prod", machines);  // emits one inventoryChanged batch, never a reset
//
// Records are compact: strings unique to a resource live in one arena, shared ones (regions,
// sizes, images, tags) are interned symbols; no per-resource QObject or heap block. A resource
// keeps its slot while it exists, so models key rows on slots. Read on the GUI thread only.
class InventoryStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryStore)

public:
    using Slot = quint32;
    using Symbol = SymbolTable::Symbol;
    static constexpr Slot kNoSlot = 0xffffffffu;

    struct MergeStats {
        int inserted = 0;
        int removed = 0;
        int changed = 0;
        int unchanged = 0;
        // For persistence: the listing entries that were new or changed, and the ids that went.
        QList<qsizetype> upserted;
        QStringList removedIds;
    };

    // A resource as held: 168 bytes, plus its unique text in the arena.
    struct Record {
        StringArena::Ref id, name, publicIps, privateIps, volumeIds, parentId; // addresses space-separated
        Symbol location = 0, locationName = 0, sizeId = 0, sizeName = 0, imageId = 0, imageName = 0;
        Symbol providerState = 0, networkId = 0, currency = 0, features = 0; // features '\n'-separated
        TagSetTable::TagSetId tags = 0;
        Slot parent = kNoSlot; // resolved parentId, kNoSlot when none or not (yet) listed
        quint32 account = 0;   // index into the account table
        quint32 memoryMb = 0;
        quint32 diskGb = 0;
        quint32 childCount = 0;
        quint16 vcpus = 0;
        drivers::MachineKind kind = drivers::MachineKind::Vm;
        drivers::MachineState state = drivers::MachineState::Unknown;
        bool locked = false;
        bool live = false;
        bool hasHourly = false;
        bool hasMonthly = false;
        double priceHourly = 0;
        double priceMonthly = 0;
        qint64 createdMs = 0;    // UTC msecs since the epoch; 0 when unknown
        quint64 order = 0;       // first-seen sequence, for the stable order
        quint64 fingerprint = 0; // of the record as listed, to find changes quickly
    };

    explicit InventoryStore(QObject *parent = nullptr);
    ~InventoryStore() override;

    // Accounts, in the order they were added.
    void addAccount(const AccountInfo &info);
    void removeAccount(const QString &accountId);
    QStringList accountIds() const { return m_accountOrder; }
    const AccountInfo *account(const QString &accountId) const;
    void setAccountStatus(const QString &accountId, AccountStatus status, const QString &errorSummary = {},
                          const QString &errorHint = {}, const QString &errorDetails = {});
    void setAccountSchedule(const QString &accountId, const QDateTime &nextRefresh);
    void setAccountDisabled(const QString &accountId, bool disabled);

    // Replaces the account's resources with `listing`, announcing only the difference. Resources
    // already known keep their slot and their place. A provider listing an id twice: the first
    // wins. Clears the stale mark.
    MergeStats mergeListing(const QString &accountId, const QList<drivers::Machine> &listing);
    // The same with the listing's fingerprints computed beforehand, off the GUI thread: then the
    // GUI thread only looks ids up and compares 64-bit numbers.
    MergeStats mergeListing(const QString &accountId, const QList<drivers::Machine> &listing,
                            const std::vector<quint64> &fingerprints);
    // The same merge for a listing that arrives in pages (Driver::listMachinePages): each page is
    // announced as it lands, resources that vanished go at endListing(), and a listing that fails
    // half-way (abandonListing()) removes nothing. The pages of one listing may hold an id twice:
    // the first wins. Cost totals follow at the end.
    void beginListing(const QString &accountId);
    MergeStats addListingPage(const QString &accountId, const QList<drivers::Machine> &page,
                              const std::vector<quint64> &fingerprints);
    MergeStats endListing(const QString &accountId);
    void abandonListing(const QString &accountId);
    bool isListing(const QString &accountId) const;
    // A 64-bit hash of every field of a record; equal records have equal fingerprints. Pure and
    // thread-safe.
    static quint64 fingerprint(const drivers::Machine &machine);
    static std::vector<quint64> fingerprints(const QList<drivers::Machine> &listing);
    // Applies a watch stream's events as one batch, the same way.
    MergeStats applyEvents(const QString &accountId, const QList<InventoryEvent> &events);
    // A listing failed (or the resources came from the cache): the last good state stays, marked stale.
    void markStale(const QString &accountId);

    // ---- reading records ----
    bool isValid(Slot slot) const { return slot < m_records.size() && m_records[slot].live; }
    const Record &record(Slot slot) const { return m_records[slot]; }
    QStringView text(StringArena::Ref ref) const { return m_arena.view(ref); }
    const QString &symbol(Symbol symbol) const { return m_symbols.text(symbol); }
    const SymbolTable &symbols() const { return m_symbols; }
    const TagSetTable::Tags &tags(Slot slot) const { return m_tagSets.tags(m_records[slot].tags); }
    const TagSetTable::Tags &tagsOfSet(TagSetTable::TagSetId id) const { return m_tagSets.tags(id); }
    // The value of tag `key` on the resource, or nullopt when it has no such tag.
    std::optional<Symbol> tagValue(Slot slot, Symbol key) const;
    QStringView id(Slot slot) const { return text(m_records[slot].id); }
    QStringView name(Slot slot) const { return text(m_records[slot].name); }
    Slot parentOf(Slot slot) const { return m_records[slot].parent; }
    // The record as the driver gave it.
    drivers::Machine machine(Slot slot) const;
    const QString &accountOf(Slot slot) const { return m_accountTable[m_records[slot].account].info.id; }
    const AccountInfo &accountInfoOf(Slot slot) const { return m_accountTable[m_records[slot].account].info; }
    quint64 orderOf(Slot slot) const { return m_records[slot].order; }
    // One past the largest slot ever used: models size per-slot arrays with it.
    Slot slotCount() const { return Slot(m_records.size()); }

    std::optional<Slot> find(const QString &accountId, QStringView resourceId) const;
    // The account's resources in stable order (first seen first).
    QList<Slot> machinesOf(const QString &accountId) const;
    qsizetype machineCount(const QString &accountId) const;
    qsizetype totalMachineCount() const { return m_live; }
    double monthlyCost(const QString &accountId) const;

    // Bytes held for records, text, symbols and indexes (for the benchmark and the about box).
    size_t memoryBytes() const;

    // What resources use now (Kubernetes' metrics-server): replaces the account's figures; the
    // resources `usage` does not name have none. Announced by usageChanged().
    struct Usage {
        float cpuCores = 0;
        float memoryMiB = 0;
    };
    void setUsage(const QString &accountId, const QList<drivers::ResourceUsage> &usage);
    std::optional<Usage> usage(Slot slot) const
    {
        if (slot >= m_usage.size() || std::isnan(m_usage[slot].cpuCores))
            return std::nullopt;
        return m_usage[slot];
    }

Q_SIGNALS:
    void usageChanged(const QString &accountId);
    void accountAdded(const QString &accountId);
    void accountAboutToBeRemoved(const QString &accountId);
    void accountRemoved(const QString &accountId);
    void accountChanged(const QString &accountId);
    void inventoryChanged(const nephele::models::InventoryChange &change);

private:
    // An account's id -> slot table: open addressing over slots, keys read from the records, so
    // an entry is 4 bytes. kEmpty marks a free cell; linear probing, deletion by backward shift.
    struct SlotIndex {
        static constexpr quint32 kEmpty = 0xffffffffu;
        std::vector<quint32> cells;
        quint32 count = 0;
    };
    struct AccountData {
        AccountInfo info;
        SlotIndex index;
        std::vector<Slot> lastListing; // slot of each position of the last full listing
        struct Paging {
            quint32 batch = 0;           // the m_seen mark of everything listed so far
            std::vector<Slot> positions; // becomes lastListing when the listing ends
            bool unresolved = false;     // a child came before its parent
        };
        std::optional<Paging> paging; // a listing arriving in pages
        // Children waiting for a parent that has not come, as counted by the last scan plus those
        // added since: never fewer than there are, so zero means no scan is needed.
        size_t unresolved = 0;
        double monthlyCost = 0;
        bool used = true;
    };

    struct Staged {
        const drivers::Machine *machine = nullptr;
        qsizetype listingIndex = -1;
        quint64 fingerprint = 0;
    };

    AccountData *accountData(const QString &accountId);
    const AccountData *accountData(const QString &accountId) const;
    // Events: upserts and deletions; Listing: a whole listing, whatever it lacks goes; Page: one
    // page of a listing (no removals, parents resolved at the end); End: the end of a paged listing.
    enum class Batch { Events, Listing, Page, End };
    MergeStats apply(AccountData &data, const std::vector<Staged> &upserts, const QList<Slot> &deletions, Batch kind);
    void encode(Record &record, const drivers::Machine &m);
    void releaseText(Record &record);
    bool sameAs(const Record &record, const drivers::Machine &m) const;
    quint32 changedFields(const Record &record, const drivers::Machine &m) const;
    Slot allocate();
    void maybeCompact();
    void recomputeCost(AccountData &data);
    std::optional<Slot> findIn(const SlotIndex &index, QStringView id) const;
    void insertInto(SlotIndex &index, Slot slot);
    void eraseFrom(SlotIndex &index, Slot slot);
    void rehash(SlotIndex &index, size_t capacity);
    template<typename Fn>
    void forEachSlot(const SlotIndex &index, Fn &&fn) const
    {
        for (quint32 cell : index.cells) {
            if (cell != SlotIndex::kEmpty)
                fn(Slot(cell));
        }
    }

    std::vector<Record> m_records;
    std::vector<quint32> m_seen; // per slot: the batch that saw it last (cheaper than a set)
    std::vector<Usage> m_usage;  // per slot, cpuCores NaN when unknown; empty until a usage comes
    quint32 m_batch = 0;
    std::vector<Slot> m_free;
    std::vector<AccountData> m_accountTable; // by index; removed accounts leave an empty entry
    QHash<QString, quint32> m_accountIndex;
    QStringList m_accountOrder;
    StringArena m_arena;
    SymbolTable m_symbols;
    TagSetTable m_tagSets;
    quint64 m_nextOrder = 0;
    qsizetype m_live = 0;
};

} // namespace nephele::models
