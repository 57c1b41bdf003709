#pragma once

#include "inventory/inventorystore.h"
#include "search/searchfilter.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <optional>
#include <vector>

namespace nephele::models {

namespace cost {
class CostModel;
}

// The inventory as a tree, over the store, for a QTreeView.
//
//   InventoryTreeModel model(&store);
//   treeView->setModel(&model);
//   model.setGrouping(InventoryTreeModel::Grouping::AccountLocation);
//   model.setFilter(*SearchFilter::parse(u"state:running"));
//
// Groupings: account > location > resource; account > resource hierarchy (cluster > node > pod >
// container, hypervisor > VM; pods without a node under "Unscheduled"); tag value > resource. In
// every grouping a resource with a parent sits under it.
//
// A store batch becomes the smallest set of row signals (insert, remove, move, layout change for a
// re-sort, dataChanged), never a reset, so selection and expansion survive every refresh. Changing
// the grouping or the filter is a user action and resets. Filtering lives here, not in a
// QSortFilterProxyModel (which takes seconds on a million rows); the parents of a match stay
// visible, accounts always do.
//
// Memory per resource: about 24 bytes here beyond the store's record. Internal ids are an
// invertible 64-bit mix, well spread for QPersistentModelIndex's hash.
class InventoryTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryTreeModel)

public:
    enum Column {
        NameColumn,
        StateColumn,
        KindColumn,
        AccountColumn,
        RegionColumn,
        SizeColumn,
        PublicIpColumn,
        MonthlyCostColumn,
        TagsColumn,
        AgeColumn,
        OwnerColumn,
        ExpirationColumn,
        RestartsColumn,    // Kubernetes pods and containers
        CpuUsageColumn,    // now, from metrics-server (Kubernetes)
        MemoryUsageColumn, // now, from metrics-server (Kubernetes)
        ColumnCount
    };
    enum class NodeType { None, Account, Group, Machine };
    enum class Grouping { AccountLocation, Hierarchy, TagKey };
    enum Role {
        SortRole = Qt::UserRole + 1, // the raw value the column sorts by (numbers as numbers)
        NodeTypeRole,                // int(NodeType)
        AccountIdRole,
        MachineIdRole,
        LocationRole,      // location id (region slug)
        MachineStateRole,  // int(drivers::MachineState), resources only
        AccountStatusRole, // int(AccountStatus), accounts only
        MonthlyCostRole,   // double
        StaleRole,         // bool: the account's last listing failed or has not landed yet
        ErrorTextRole,     // accounts: the full error text with hint
        MachineCountRole,  // accounts and groups: resources below
        KindRole,          // int(drivers::MachineKind), resources only
        DisabledRole,      // bool: the account is disabled
    };

    explicit InventoryTreeModel(InventoryStore *store, QObject *parent = nullptr);
    ~InventoryTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setFilter(const SearchFilter &filter);
    const SearchFilter &filter() const { return m_filter; }
    // tagKey is used by Grouping::TagKey.
    void setGrouping(Grouping grouping, const QString &tagKey = {});
    Grouping grouping() const { return m_grouping; }
    QString groupingTagKey() const { return m_tagKey; }

    NodeType nodeType(const QModelIndex &index) const;
    std::optional<InventoryStore::Slot> slotAt(const QModelIndex &index) const;
    QString accountIdAt(const QModelIndex &index) const;
    QModelIndex indexOfAccount(const QString &accountId, int column = 0) const;
    QModelIndex indexOfMachine(const QString &accountId, const QString &machineId, int column = 0) const;

    qsizetype shownMachineCount() const { return m_shown; }
    qsizetype totalMachineCount() const { return m_store->totalMachineCount(); }
    // Bytes this model holds beyond the store.
    size_t memoryBytes() const;

    static QString stateText(drivers::MachineState state);
    static QString kindText(drivers::MachineKind kind);
    static QString formatCost(double monthly);
    static QString formatAge(qint64 createdMs, qint64 nowMs);

    // Where prices come from (catalog, tags, provider, account rates): the window's shared cost
    // model, or (null) one of the tree's own with no settings. The model must outlive the tree.
    void setCostModel(cost::CostModel *model);
    cost::CostModel *costModel() const { return m_cost; }

Q_SIGNALS:
    // Shown or total resource counts may have changed.
    void countsChanged();

private:
    // A node of the tree: a resource (its store slot) or a group (bit 31 set, index into m_groups).
    using NodeRef = quint32;
    static constexpr NodeRef kGroupBit = 0x80000000u;
    static constexpr NodeRef kRoot = 0xffffffffu;
    static constexpr NodeRef kNone = 0xfffffffeu;
    static bool isGroup(NodeRef ref) { return ref != kRoot && ref != kNone && (ref & kGroupBit) != 0; }
    static bool isSlot(NodeRef ref) { return (ref & kGroupBit) == 0; }

    enum class GroupKind : quint8 { Account, Location, Unscheduled, TagValue };

    struct ChildList {
        std::vector<NodeRef> full;  // every child, sorted
        std::vector<NodeRef> shown; // the children in view, as the view knows them
    };
    struct Group {
        GroupKind kind = GroupKind::Account;
        bool live = false;
        bool kept = false;
        NodeRef fullParent = kRoot;
        NodeRef viewParent = kNone;
        quint32 rowCache = 0;
        quint32 list = 0;
        quint32 accountIndex = 0;          // Account: the store's account table index
        InventoryStore::Symbol symbol = 0; // Location, TagValue: the value (0 = none)
        quint64 serial = 0;
        QString accountId;   // Account groups
        qsizetype count = 0; // resources below, all of them
        qsizetype shownCount = 0;
        double cost = 0;      // of every resource below
        double shownCost = 0; // of the resources below that the filter shows
        QString costCurrency; // of the priced resources below; costMixed: more than one
        bool costMixed = false;
        qint64 computeNs = 0; // how long its totals took last time
    };
    struct GroupKey {
        NodeRef parent;
        GroupKind kind;
        InventoryStore::Symbol symbol;
        friend bool operator==(const GroupKey &, const GroupKey &) = default;
        friend size_t qHash(const GroupKey &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.parent, int(key.kind), key.symbol);
        }
    };
    enum SlotFlag : quint8 { InFull = 1, Matches = 2, Kept = 4 };

    // ---- structure helpers
    void rebuild();
    void clearStructure();
    void growSlotArrays();
    quint32 newList();
    void freeList(quint32 list);
    ChildList &listOf(NodeRef node);
    const ChildList *listIfAny(NodeRef node) const;
    ChildList &ensureList(NodeRef node);
    NodeRef fullParentOf(NodeRef node) const;
    void setFullParent(NodeRef node, NodeRef parent);
    NodeRef viewParentOf(NodeRef node) const;
    void setViewParent(NodeRef node, NodeRef parent);
    bool keptOf(NodeRef node) const;
    void setKept(NodeRef node, bool kept);
    int rowOf(NodeRef node) const;
    NodeRef groupRef(quint32 group) const { return kGroupBit | group; }
    quint32 groupIndex(NodeRef ref) const { return ref & ~kGroupBit; }
    NodeRef findOrCreateGroup(NodeRef parent, GroupKind kind, InventoryStore::Symbol symbol, bool *created);
    NodeRef placementOf(InventoryStore::Slot slot, std::vector<NodeRef> *createdGroups);
    NodeRef createAccountGroup(const QString &accountId);
    void releaseGroup(NodeRef group);
    int depthOf(NodeRef node) const;

    // ---- ordering
    bool less(NodeRef a, NodeRef b) const;
    int compareResources(InventoryStore::Slot a, InventoryStore::Slot b) const;
    QString groupLabel(const Group &group) const;
    quint32 sortFields() const;

    // ---- filtering
    bool recomputeKept(NodeRef node);
    void fillShown(NodeRef node);

    // ---- store signals
    void onAccountAdded(const QString &accountId);
    void onAccountAboutToBeRemoved(const QString &accountId);
    void onAccountChanged(const QString &accountId);
    void onInventoryChanged(const InventoryChange &change);
    void emitDiff(std::vector<NodeRef> touched);
    void dropFromView(NodeRef node);
    void refreshAggregates(const std::vector<NodeRef> &groups);
    void refreshLateAggregates();
    void recomputeGroup(NodeRef group);
    // Groups whose totals take long (a cluster of many thousand pods) are refreshed at most every
    // kLateAggregatesMs under a stream of changes, not at each one.
    static constexpr int kLateAggregatesMs = 250;
    QSet<NodeRef> m_lateGroups;
    QTimer m_lateAggregates;
    void computeAggregates(NodeRef group);
    // Most records of a big cluster have no price, and most are unchanged between two refreshes
    // of its totals: per slot, the fingerprint of the record last found without a cost (plus one;
    // zero: not known). Cleared when prices change.
    std::vector<quint64> m_costless;
    void onPricesChanged();
    QString groupCostText(const Group &group) const;

    // ---- indexes and data
    QModelIndex indexOf(NodeRef node, int column = 0) const;
    quintptr encode(NodeRef node) const;
    NodeRef decode(quintptr id) const;
    QVariant groupData(const Group &group, int column, int role) const;
    QVariant accountData(const Group &group, int column, int role) const;
    QVariant resourceData(InventoryStore::Slot slot, int column, int role) const;
    static QString formatCpu(double cores);
    static QString formatMemory(double mib);
    double usageKey(InventoryStore::Slot slot, int column) const; // -1 when unknown
    QString usageTip(InventoryStore::Slot slot, int column) const;
    QVariant resourceSortKey(InventoryStore::Slot slot, int column) const;
    QString tagsText(InventoryStore::Slot slot) const;

    InventoryStore *m_store;
    cost::CostModel *m_cost = nullptr;
    SearchFilter m_filter;
    Grouping m_grouping = Grouping::AccountLocation;
    QString m_tagKey;
    std::optional<InventoryStore::Symbol> m_tagKeySymbol; // m_tagKey once the store has seen it
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    // per slot
    std::vector<NodeRef> m_fullParent;
    std::vector<NodeRef> m_viewParent;
    mutable std::vector<quint32> m_rowCache;
    std::vector<quint32> m_slotList; // index into m_lists, or kNone
    std::vector<quint8> m_flags;
    std::vector<quint32> m_rank; // scratch: position in the target list during a diff

    std::vector<ChildList> m_lists; // m_lists[0] is the root's
    std::vector<quint32> m_freeLists;
    std::vector<Group> m_groups;
    std::vector<quint32> m_freeGroups;
    QHash<GroupKey, quint32> m_groupByKey;
    QHash<quint64, quint32> m_groupBySerial;
    QHash<QString, quint32> m_accountGroups; // account id -> group index
    quint64 m_nextSerial = 1;
    qsizetype m_shown = 0;
};

} // namespace nephele::models
