#pragma once

#include "inventory/inventorystore.h"
#include "search/searchfilter.h"

#include <QAbstractItemModel>
#include <QHash>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace nephele::models {

// The inventory as a tree: account > location (region) > machine.
//
//   InventoryTreeModel model(&store);
//   treeView->setModel(&model);
//   model.setFilter(SearchFilter::parse(u"state:running"));
//
// It only translates the store's change signals into row signals (never a reset on a poll), so
// selection and expansion survive every refresh. Filtering lives here rather than in a
// QSortFilterProxyModel, which does not scale to the inventory sizes this is heading for; the
// parents of matching machines stay visible, accounts always do. Sorting is done in place by
// sort(): machines within a location, locations by name.
//
// Internal ids are an invertible 64-bit mix of (node kind, slot or serial), so they are
// well spread for QPersistentModelIndex's hash and decode without a lookup table.
class InventoryTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryTreeModel)

public:
    enum Column {
        NameColumn,
        StateColumn,
        RegionColumn,
        SizeColumn,
        PublicIpColumn,
        MonthlyCostColumn,
        TagsColumn,
        ColumnCount
    };
    enum class NodeType { None, Account, Location, Machine };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw value this column sorts by
        NodeTypeRole,                // int(NodeType)
        AccountIdRole,
        MachineIdRole,
        LocationRole,      // location id (region slug)
        MachineStateRole,  // int(drivers::MachineState), machines only
        AccountStatusRole, // int(AccountStatus), accounts only
        MonthlyCostRole,   // double
        StaleRole,         // bool: the account's last listing failed
        ErrorTextRole,     // accounts: the full error text with hint
        MachineCountRole,  // accounts and locations: machines shown below
    };

    explicit InventoryTreeModel(InventoryStore *store, QObject *parent = nullptr);
    ~InventoryTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // Changing the filter is a user action, so it resets the model (a poll never does).
    void setFilter(const SearchFilter &filter);
    const SearchFilter &filter() const { return m_filter; }

    NodeType nodeType(const QModelIndex &index) const;
    std::optional<InventoryStore::Slot> slotAt(const QModelIndex &index) const;
    QString accountIdAt(const QModelIndex &index) const;
    QModelIndex indexOfAccount(const QString &accountId, int column = 0) const;
    QModelIndex indexOfMachine(const QString &accountId, const QString &machineId, int column = 0) const;

    qsizetype shownMachineCount() const { return m_locationOfSlot.size(); }
    qsizetype totalMachineCount() const { return m_store->totalMachineCount(); }

    static QString stateText(drivers::MachineState state);
    static QString formatCost(double monthly);

Q_SIGNALS:
    // Shown or total machine counts may have changed.
    void countsChanged();

private:
    struct AccountNode;
    struct LocationNode {
        QString location;
        QString locationName;
        QList<InventoryStore::Slot> machines;
        quint64 serial = 0;
        AccountNode *account = nullptr;
        double cost = 0;
    };
    struct AccountNode {
        QString accountId;
        std::vector<std::unique_ptr<LocationNode>> locations;
        quint64 serial = 0;
        qsizetype shown = 0;
        double cost = 0; // of all the account's machines, filtered or not
    };

    void rebuild();
    std::unique_ptr<AccountNode> buildAccount(const QString &accountId);
    void onAccountAdded(const QString &accountId);
    void onAccountAboutToBeRemoved(const QString &accountId);
    void onAccountChanged(const QString &accountId);
    void onMachinesInserted(const QString &accountId, const QList<quint32> &slots);
    void onMachinesAboutToBeRemoved(const QString &accountId, const QList<quint32> &slots);
    void onMachinesRemoved(const QString &accountId);
    void onMachinesChanged(const QString &accountId, const QList<quint32> &slots);

    bool accepts(InventoryStore::Slot slot) const;
    void insertMachine(AccountNode *account, InventoryStore::Slot slot);
    void removeMachine(InventoryStore::Slot slot);
    void relayout(const QList<QPersistentModelIndex> &parents, const std::function<void()> &reorder);
    void refreshTotals(AccountNode *account);
    void totalsChanged(AccountNode *account);
    LocationNode *locationFor(AccountNode *account, const drivers::Machine &machine, bool create);
    int machineInsertRow(const LocationNode *location, InventoryStore::Slot slot) const;
    bool machineLess(InventoryStore::Slot a, InventoryStore::Slot b) const;

    AccountNode *accountNode(const QString &accountId) const;
    int accountRow(const AccountNode *account) const;
    int locationRow(const LocationNode *location) const;
    QModelIndex accountIndex(const AccountNode *account, int column = 0) const;
    QModelIndex locationIndex(const LocationNode *location, int column = 0) const;
    QModelIndex machineIndex(InventoryStore::Slot slot, int column = 0) const;

    QVariant accountData(const AccountNode *node, int column, int role) const;
    QVariant locationData(const LocationNode *location, int column, int role) const;
    QVariant machineData(InventoryStore::Slot slot, int column, int role) const;
    QVariant machineSortKey(const drivers::Machine &machine, int column) const;

    static quintptr encode(NodeType type, quint64 payload);
    static std::pair<NodeType, quint64> decode(quintptr id);

    InventoryStore *m_store;
    SearchFilter m_filter;
    std::vector<std::unique_ptr<AccountNode>> m_accounts;
    QHash<quint64, AccountNode *> m_accountBySerial;
    QHash<quint64, LocationNode *> m_locationBySerial;
    QHash<InventoryStore::Slot, LocationNode *> m_locationOfSlot; // shown machines only
    quint64 m_nextSerial = 1;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace nephele::models
