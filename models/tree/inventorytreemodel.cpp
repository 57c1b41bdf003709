#include "inventorytreemodel.h"

#include <QLocale>

#include <algorithm>

namespace nephele::models {

using drivers::Machine;
using drivers::MachineState;
using Slot = InventoryStore::Slot;

namespace {

// MurmurHash3's 64-bit finalizer and its inverse: every step is a bijection.
constexpr quint64 kMul1 = 0xff51afd7ed558ccdULL;
constexpr quint64 kMul2 = 0xc4ceb9fe1a85ec53ULL;

constexpr quint64 inverseOf(quint64 odd)
{
    quint64 inv = odd; // Newton's iteration doubles the correct low bits each round
    for (int i = 0; i < 6; ++i)
        inv *= 2 - odd * inv;
    return inv;
}

constexpr quint64 mix(quint64 x)
{
    x ^= x >> 33;
    x *= kMul1;
    x ^= x >> 33;
    x *= kMul2;
    x ^= x >> 33;
    return x;
}

constexpr quint64 unmix(quint64 x)
{
    x ^= x >> 33;
    x *= inverseOf(kMul2);
    x ^= x >> 33;
    x *= inverseOf(kMul1);
    x ^= x >> 33;
    return x;
}

static_assert(sizeof(quintptr) == 8, "internal ids assume 64-bit quintptr");
static_assert(unmix(mix(0x1234567)) == 0x1234567);
static_assert(unmix(mix(~0ULL - 5)) == ~0ULL - 5);

quint32 ipv4Key(const QStringList &ips)
{
    if (ips.isEmpty())
        return 0;
    quint32 key = 0;
    const QStringList parts = ips.first().split(u'.');
    if (parts.size() != 4)
        return 0;
    for (const QString &part : parts)
        key = (key << 8) | (part.toUInt() & 0xff);
    return key;
}

QString tagsText(const Machine &m)
{
    QStringList texts;
    texts.reserve(m.tags.size());
    for (const drivers::Tag &tag : m.tags)
        texts.append(tag.text());
    return texts.join(QStringLiteral(", "));
}

} // namespace

quintptr InventoryTreeModel::encode(NodeType type, quint64 payload)
{
    return quintptr(mix((payload << 2) | quint64(type)));
}

std::pair<InventoryTreeModel::NodeType, quint64> InventoryTreeModel::decode(quintptr id)
{
    const quint64 raw = unmix(quint64(id));
    return {NodeType(raw & 3), raw >> 2};
}

InventoryTreeModel::InventoryTreeModel(InventoryStore *store, QObject *parent)
    : QAbstractItemModel(parent)
    , m_store(store)
{
    connect(store, &InventoryStore::accountAdded, this, &InventoryTreeModel::onAccountAdded);
    connect(store, &InventoryStore::accountAboutToBeRemoved, this, &InventoryTreeModel::onAccountAboutToBeRemoved);
    connect(store, &InventoryStore::accountChanged, this, &InventoryTreeModel::onAccountChanged);
    connect(store, &InventoryStore::machinesInserted, this, &InventoryTreeModel::onMachinesInserted);
    connect(store, &InventoryStore::machinesAboutToBeRemoved, this, &InventoryTreeModel::onMachinesAboutToBeRemoved);
    connect(store, &InventoryStore::machinesRemoved, this,
            [this](const QString &accountId, const QList<quint32> &) { onMachinesRemoved(accountId); });
    connect(store, &InventoryStore::machinesChanged, this, &InventoryTreeModel::onMachinesChanged);
    rebuild();
}

InventoryTreeModel::~InventoryTreeModel() = default;

// ---- structure -------------------------------------------------------------------------------

QModelIndex InventoryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid()) {
        if (row >= int(m_accounts.size()))
            return {};
        return createIndex(row, column, encode(NodeType::Account, m_accounts[size_t(row)]->serial));
    }
    const auto [type, payload] = decode(parent.internalId());
    if (type == NodeType::Account) {
        const AccountNode *account = m_accountBySerial.value(payload);
        if (!account || row >= int(account->locations.size()))
            return {};
        return createIndex(row, column, encode(NodeType::Location, account->locations[size_t(row)]->serial));
    }
    if (type == NodeType::Location) {
        const LocationNode *location = m_locationBySerial.value(payload);
        if (!location || row >= location->machines.size())
            return {};
        return createIndex(row, column, encode(NodeType::Machine, location->machines.at(row)));
    }
    return {};
}

QModelIndex InventoryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const auto [type, payload] = decode(child.internalId());
    if (type == NodeType::Location) {
        const LocationNode *location = m_locationBySerial.value(payload);
        return location ? accountIndex(location->account) : QModelIndex();
    }
    if (type == NodeType::Machine) {
        const LocationNode *location = m_locationOfSlot.value(Slot(payload));
        return location ? locationIndex(location) : QModelIndex();
    }
    return {};
}

int InventoryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_accounts.size());
    if (parent.column() != 0)
        return 0;
    const auto [type, payload] = decode(parent.internalId());
    if (type == NodeType::Account) {
        const AccountNode *account = m_accountBySerial.value(payload);
        return account ? int(account->locations.size()) : 0;
    }
    if (type == NodeType::Location) {
        const LocationNode *location = m_locationBySerial.value(payload);
        return location ? int(location->machines.size()) : 0;
    }
    return 0;
}

int InventoryTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags InventoryTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (nodeType(index) == NodeType::Machine)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

InventoryTreeModel::NodeType InventoryTreeModel::nodeType(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return NodeType::None;
    return decode(index.internalId()).first;
}

std::optional<Slot> InventoryTreeModel::slotAt(const QModelIndex &index) const
{
    if (nodeType(index) != NodeType::Machine)
        return std::nullopt;
    return Slot(decode(index.internalId()).second);
}

QString InventoryTreeModel::accountIdAt(const QModelIndex &index) const
{
    return data(index, AccountIdRole).toString();
}

InventoryTreeModel::AccountNode *InventoryTreeModel::accountNode(const QString &accountId) const
{
    for (const auto &account : m_accounts) {
        if (account->accountId == accountId)
            return account.get();
    }
    return nullptr;
}

int InventoryTreeModel::accountRow(const AccountNode *account) const
{
    for (size_t i = 0; i < m_accounts.size(); ++i) {
        if (m_accounts[i].get() == account)
            return int(i);
    }
    return -1;
}

int InventoryTreeModel::locationRow(const LocationNode *location) const
{
    const auto &list = location->account->locations;
    for (size_t i = 0; i < list.size(); ++i) {
        if (list[i].get() == location)
            return int(i);
    }
    return -1;
}

QModelIndex InventoryTreeModel::accountIndex(const AccountNode *account, int column) const
{
    const int row = accountRow(account);
    return row < 0 ? QModelIndex() : createIndex(row, column, encode(NodeType::Account, account->serial));
}

QModelIndex InventoryTreeModel::locationIndex(const LocationNode *location, int column) const
{
    const int row = locationRow(location);
    return row < 0 ? QModelIndex() : createIndex(row, column, encode(NodeType::Location, location->serial));
}

QModelIndex InventoryTreeModel::machineIndex(Slot slot, int column) const
{
    const LocationNode *location = m_locationOfSlot.value(slot);
    if (!location)
        return {};
    const qsizetype row = location->machines.indexOf(slot);
    return row < 0 ? QModelIndex() : createIndex(int(row), column, encode(NodeType::Machine, slot));
}

QModelIndex InventoryTreeModel::indexOfAccount(const QString &accountId, int column) const
{
    const AccountNode *account = accountNode(accountId);
    return account ? accountIndex(account, column) : QModelIndex();
}

QModelIndex InventoryTreeModel::indexOfMachine(const QString &accountId, const QString &machineId, int column) const
{
    const auto slot = m_store->find(accountId, machineId);
    return slot ? machineIndex(*slot, column) : QModelIndex();
}

// ---- building and following the store -------------------------------------------------------

bool InventoryTreeModel::accepts(Slot slot) const
{
    return m_filter.isEmpty() || m_filter.matches(m_store->machine(slot), m_store->account(m_store->accountOf(slot)));
}

InventoryTreeModel::LocationNode *InventoryTreeModel::locationFor(AccountNode *account, const Machine &machine,
                                                                  bool create)
{
    auto &list = account->locations;
    auto less = [](const std::unique_ptr<LocationNode> &node, const QString &key) {
        return node->location.compare(key, Qt::CaseInsensitive) < 0;
    };
    auto it = std::lower_bound(list.begin(), list.end(), machine.location, less);
    if (it != list.end() && (*it)->location == machine.location)
        return it->get();
    if (!create)
        return nullptr;
    auto node = std::make_unique<LocationNode>();
    node->location = machine.location;
    node->locationName = machine.locationName;
    node->serial = m_nextSerial++;
    node->account = account;
    LocationNode *raw = node.get();
    m_locationBySerial.insert(raw->serial, raw);
    return list.insert(it, std::move(node))->get();
}

std::unique_ptr<InventoryTreeModel::AccountNode> InventoryTreeModel::buildAccount(const QString &accountId)
{
    auto account = std::make_unique<AccountNode>();
    account->accountId = accountId;
    account->serial = m_nextSerial++;
    m_accountBySerial.insert(account->serial, account.get());
    const QList<Slot> slots = m_store->machinesOf(accountId);
    for (Slot slot : slots) {
        if (!accepts(slot))
            continue;
        LocationNode *location = locationFor(account.get(), m_store->machine(slot), true);
        location->machines.append(slot);
        m_locationOfSlot.insert(slot, location);
    }
    if (m_sortColumn >= 0) {
        for (auto &location : account->locations) {
            std::stable_sort(location->machines.begin(), location->machines.end(),
                             [this](Slot a, Slot b) { return machineLess(a, b); });
        }
    }
    refreshTotals(account.get());
    return account;
}

void InventoryTreeModel::rebuild()
{
    m_accounts.clear();
    m_accountBySerial.clear();
    m_locationBySerial.clear();
    m_locationOfSlot.clear();
    const QStringList ids = m_store->accountIds();
    for (const QString &id : ids)
        m_accounts.push_back(buildAccount(id));
}

void InventoryTreeModel::setFilter(const SearchFilter &filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    rebuild();
    endResetModel();
    Q_EMIT countsChanged();
}

void InventoryTreeModel::refreshTotals(AccountNode *account)
{
    account->shown = 0;
    for (auto &location : account->locations) {
        location->cost = 0;
        for (Slot slot : std::as_const(location->machines))
            location->cost += m_store->machine(slot).priceMonthly.value_or(0);
        account->shown += location->machines.size();
    }
    account->cost = m_store->monthlyCost(account->accountId);
}

void InventoryTreeModel::totalsChanged(AccountNode *account)
{
    refreshTotals(account);
    for (auto &location : account->locations)
        Q_EMIT dataChanged(locationIndex(location.get(), 0), locationIndex(location.get(), ColumnCount - 1));
    Q_EMIT dataChanged(accountIndex(account, 0), accountIndex(account, ColumnCount - 1));
    Q_EMIT countsChanged();
}

void InventoryTreeModel::onAccountAdded(const QString &accountId)
{
    const int row = int(m_accounts.size());
    beginInsertRows({}, row, row);
    m_accounts.push_back(buildAccount(accountId));
    endInsertRows();
    Q_EMIT countsChanged();
}

void InventoryTreeModel::onAccountAboutToBeRemoved(const QString &accountId)
{
    AccountNode *account = accountNode(accountId);
    if (!account)
        return;
    const int row = accountRow(account);
    beginRemoveRows({}, row, row);
    for (auto &location : account->locations) {
        for (Slot slot : std::as_const(location->machines))
            m_locationOfSlot.remove(slot);
        m_locationBySerial.remove(location->serial);
    }
    m_accountBySerial.remove(account->serial);
    m_accounts.erase(m_accounts.begin() + row);
    endRemoveRows();
    Q_EMIT countsChanged();
}

void InventoryTreeModel::onAccountChanged(const QString &accountId)
{
    AccountNode *account = accountNode(accountId);
    if (!account)
        return;
    Q_EMIT dataChanged(accountIndex(account, 0), accountIndex(account, ColumnCount - 1));
}

int InventoryTreeModel::machineInsertRow(const LocationNode *location, Slot slot) const
{
    if (m_sortColumn < 0) {
        // Unsorted is the store's stable order, the same order a rebuild gives.
        const quint64 order = m_store->orderOf(slot);
        if (location->machines.isEmpty() || m_store->orderOf(location->machines.last()) < order)
            return int(location->machines.size());
        auto it = std::upper_bound(location->machines.cbegin(), location->machines.cend(), order,
                                   [this](quint64 o, Slot s) { return o < m_store->orderOf(s); });
        return int(it - location->machines.cbegin());
    }
    auto it = std::upper_bound(location->machines.cbegin(), location->machines.cend(), slot,
                               [this](Slot a, Slot b) { return machineLess(a, b); });
    return int(it - location->machines.cbegin());
}

void InventoryTreeModel::insertMachine(AccountNode *account, Slot slot)
{
    const Machine &machine = m_store->machine(slot);
    LocationNode *location = locationFor(account, machine, false);
    if (!location) {
        // A new location: insert it already holding its first machine.
        auto &list = account->locations;
        auto it = std::lower_bound(list.begin(), list.end(), machine.location,
                                   [](const std::unique_ptr<LocationNode> &node, const QString &key) {
                                       return node->location.compare(key, Qt::CaseInsensitive) < 0;
                                   });
        const int row = int(it - list.begin());
        beginInsertRows(accountIndex(account), row, row);
        location = locationFor(account, machine, true);
        location->machines.append(slot);
        m_locationOfSlot.insert(slot, location);
        endInsertRows();
        return;
    }
    const int row = machineInsertRow(location, slot);
    beginInsertRows(locationIndex(location), row, row);
    location->machines.insert(row, slot);
    m_locationOfSlot.insert(slot, location);
    endInsertRows();
}

void InventoryTreeModel::removeMachine(Slot slot)
{
    LocationNode *location = m_locationOfSlot.value(slot);
    if (!location)
        return;
    AccountNode *account = location->account;
    if (location->machines.size() == 1) {
        // The last machine of its location: the location row goes with it.
        const int row = locationRow(location);
        beginRemoveRows(accountIndex(account), row, row);
        m_locationOfSlot.remove(slot);
        m_locationBySerial.remove(location->serial);
        account->locations.erase(account->locations.begin() + row);
        endRemoveRows();
        return;
    }
    const int row = int(location->machines.indexOf(slot));
    beginRemoveRows(locationIndex(location), row, row);
    location->machines.removeAt(row);
    m_locationOfSlot.remove(slot);
    endRemoveRows();
}

void InventoryTreeModel::onMachinesInserted(const QString &accountId, const QList<quint32> &slots)
{
    AccountNode *account = accountNode(accountId);
    if (!account)
        return;
    for (Slot slot : slots) {
        if (accepts(slot))
            insertMachine(account, slot);
    }
    totalsChanged(account);
}

void InventoryTreeModel::onMachinesAboutToBeRemoved(const QString &accountId, const QList<quint32> &slots)
{
    if (!accountNode(accountId))
        return;
    for (Slot slot : slots)
        removeMachine(slot);
}

void InventoryTreeModel::onMachinesRemoved(const QString &accountId)
{
    AccountNode *account = accountNode(accountId);
    if (!account)
        return;
    totalsChanged(account);
}

void InventoryTreeModel::onMachinesChanged(const QString &accountId, const QList<quint32> &slots)
{
    AccountNode *account = accountNode(accountId);
    if (!account)
        return;
    QList<Slot> inPlace;
    QList<Slot> moved;
    QList<LocationNode *> touched;
    for (Slot slot : slots) {
        LocationNode *location = m_locationOfSlot.value(slot);
        if (location && accepts(slot) && location->location == m_store->machine(slot).location) {
            inPlace.append(slot);
            if (!touched.contains(location))
                touched.append(location);
        } else {
            moved.append(slot);
        }
    }
    // Changed sort keys: re-sort the locations concerned as a layout change, which keeps
    // selection and persistent indexes on their machines.
    if (m_sortColumn >= 0) {
        auto less = [this](Slot a, Slot b) { return machineLess(a, b); };
        QList<QPersistentModelIndex> parents;
        for (LocationNode *location : std::as_const(touched)) {
            if (!std::is_sorted(location->machines.cbegin(), location->machines.cend(), less))
                parents.append(locationIndex(location));
        }
        if (!parents.isEmpty()) {
            relayout(parents, [&] {
                for (LocationNode *location : std::as_const(touched))
                    std::stable_sort(location->machines.begin(), location->machines.end(), less);
            });
        }
    }
    for (Slot slot : std::as_const(inPlace))
        Q_EMIT dataChanged(machineIndex(slot, 0), machineIndex(slot, ColumnCount - 1));
    // Filtered out now, or moved to another location. All removals first, so that the
    // insertions' binary searches only see rows that are in order.
    for (Slot slot : std::as_const(moved))
        removeMachine(slot);
    for (Slot slot : std::as_const(moved)) {
        if (accepts(slot))
            insertMachine(account, slot);
    }
    totalsChanged(account);
}

void InventoryTreeModel::relayout(const QList<QPersistentModelIndex> &parents, const std::function<void()> &reorder)
{
    Q_EMIT layoutAboutToBeChanged(parents, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    reorder();
    // Only machine rows move; accounts and locations keep their rows.
    QHash<Slot, int> rowOf;
    QModelIndexList from, to;
    for (const QModelIndex &index : before) {
        const auto [type, payload] = decode(index.internalId());
        if (type != NodeType::Machine)
            continue;
        const LocationNode *location = m_locationOfSlot.value(Slot(payload));
        if (!location)
            continue;
        if (!rowOf.contains(Slot(payload))) {
            for (int row = 0; row < location->machines.size(); ++row)
                rowOf.insert(location->machines.at(row), row);
        }
        from.append(index);
        to.append(createIndex(rowOf.value(Slot(payload)), index.column(), index.internalId()));
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged(parents, QAbstractItemModel::VerticalSortHint);
}

// ---- sorting ---------------------------------------------------------------------------------

QVariant InventoryTreeModel::machineSortKey(const Machine &m, int column) const
{
    switch (column) {
    case NameColumn: return m.name;
    case StateColumn: return int(m.state);
    case RegionColumn: return m.location;
    case SizeColumn: return qint64(m.memoryMb) * 1000 + m.vcpus;
    case PublicIpColumn: return ipv4Key(m.publicIps);
    case MonthlyCostColumn: return m.priceMonthly.value_or(0);
    case TagsColumn: return tagsText(m);
    }
    return {};
}

bool InventoryTreeModel::machineLess(Slot a, Slot b) const
{
    const Machine &ma = m_store->machine(a);
    const Machine &mb = m_store->machine(b);
    const Machine &left = m_sortOrder == Qt::AscendingOrder ? ma : mb;
    const Machine &right = m_sortOrder == Qt::AscendingOrder ? mb : ma;
    int cmp = 0;
    switch (m_sortColumn) {
    case NameColumn: cmp = left.name.compare(right.name, Qt::CaseInsensitive); break;
    case StateColumn: cmp = int(left.state) - int(right.state); break;
    case RegionColumn: cmp = left.location.compare(right.location, Qt::CaseInsensitive); break;
    case SizeColumn:
        cmp = left.memoryMb != right.memoryMb ? (left.memoryMb < right.memoryMb ? -1 : 1)
                                              : left.sizeId.compare(right.sizeId);
        break;
    case PublicIpColumn: {
        const quint32 l = ipv4Key(left.publicIps), r = ipv4Key(right.publicIps);
        cmp = l == r ? 0 : (l < r ? -1 : 1);
        break;
    }
    case MonthlyCostColumn: {
        const double l = left.priceMonthly.value_or(0), r = right.priceMonthly.value_or(0);
        cmp = l == r ? 0 : (l < r ? -1 : 1);
        break;
    }
    case TagsColumn: cmp = tagsText(left).compare(tagsText(right), Qt::CaseInsensitive); break;
    default: break;
    }
    if (cmp != 0)
        return cmp < 0;
    // Ties keep a deterministic order whatever the direction.
    const int byName = ma.name.compare(mb.name, Qt::CaseInsensitive);
    if (byName != 0)
        return byName < 0;
    return ma.id < mb.id;
}

void InventoryTreeModel::sort(int column, Qt::SortOrder order)
{
    if (column >= ColumnCount)
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    if (column < 0)
        return; // keep the current order; new machines are appended

    relayout({}, [this] {
        for (auto &account : m_accounts) {
            for (auto &location : account->locations) {
                std::stable_sort(location->machines.begin(), location->machines.end(),
                                 [this](Slot a, Slot b) { return machineLess(a, b); });
            }
        }
    });
}

// ---- data ------------------------------------------------------------------------------------

QString InventoryTreeModel::stateText(MachineState state)
{
    switch (state) {
    case MachineState::Running: return tr("Running");
    case MachineState::Starting: return tr("Starting");
    case MachineState::Stopping: return tr("Stopping");
    case MachineState::Stopped: return tr("Stopped");
    case MachineState::Rebooting: return tr("Rebooting");
    case MachineState::Terminated: return tr("Terminated");
    case MachineState::Pending: return tr("Pending");
    case MachineState::Suspended: return tr("Suspended");
    case MachineState::Paused: return tr("Paused");
    case MachineState::Error: return tr("Error");
    case MachineState::Unknown: return tr("Unknown");
    }
    return tr("Unknown");
}

QString InventoryTreeModel::formatCost(double monthly)
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale.toCurrencyString(monthly, QStringLiteral("$"), 2);
}

QVariant InventoryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const auto [type, payload] = decode(index.internalId());
    switch (type) {
    case NodeType::Account:
        if (const AccountNode *account = m_accountBySerial.value(payload))
            return accountData(account, index.column(), role);
        break;
    case NodeType::Location:
        if (const LocationNode *location = m_locationBySerial.value(payload))
            return locationData(location, index.column(), role);
        break;
    case NodeType::Machine:
        if (m_locationOfSlot.contains(Slot(payload)))
            return machineData(Slot(payload), index.column(), role);
        break;
    case NodeType::None: break;
    }
    return {};
}

QVariant InventoryTreeModel::accountData(const AccountNode *node, int column, int role) const
{
    const AccountInfo *info = m_store->account(node->accountId);
    if (!info)
        return {};
    const qsizetype total = m_store->machineCount(node->accountId);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return info->name;
        case StateColumn:
            switch (info->status) {
            case AccountStatus::Idle: return tr("Not synced yet");
            case AccountStatus::Syncing: return tr("Syncing…");
            case AccountStatus::Ok:
                if (!m_filter.isEmpty())
                    return tr("OK · %1 of %n machine(s)", nullptr, int(total)).arg(node->shown);
                return tr("OK · %n machine(s)", nullptr, int(total));
            case AccountStatus::Error: return tr("Error: %1").arg(info->errorSummary);
            }
            return {};
        case MonthlyCostColumn: return formatCost(node->cost);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (info->status == AccountStatus::Error)
            return info->errorDetails.isEmpty() ? info->errorSummary : info->errorDetails;
        if (info->lastSuccess.isValid())
            return tr("Last refreshed %1")
                .arg(QLocale().toString(info->lastSuccess.toLocalTime(), QLocale::ShortFormat));
        return {};
    case Qt::TextAlignmentRole:
        if (column == MonthlyCostColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole: return column == MonthlyCostColumn ? QVariant(node->cost) : QVariant(info->name);
    case NodeTypeRole: return int(NodeType::Account);
    case AccountIdRole: return info->id;
    case AccountStatusRole: return int(info->status);
    case MonthlyCostRole: return node->cost;
    case StaleRole: return info->stale;
    case ErrorTextRole: return info->status == AccountStatus::Error ? info->errorDetails : QString();
    case MachineCountRole: return qint64(node->shown);
    default: return {};
    }
}

QVariant InventoryTreeModel::locationData(const LocationNode *location, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return location->locationName.isEmpty() ? location->location : location->locationName;
        case StateColumn: return tr("%n machine(s)", nullptr, int(location->machines.size()));
        case RegionColumn: return location->location;
        case MonthlyCostColumn: return formatCost(location->cost);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        if (column == MonthlyCostColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole: return column == MonthlyCostColumn ? QVariant(location->cost) : QVariant(location->location);
    case NodeTypeRole: return int(NodeType::Location);
    case AccountIdRole: return location->account->accountId;
    case LocationRole: return location->location;
    case MonthlyCostRole: return location->cost;
    case MachineCountRole: return qint64(location->machines.size());
    case StaleRole: {
        const AccountInfo *info = m_store->account(location->account->accountId);
        return info && info->stale;
    }
    default: return {};
    }
}

QVariant InventoryTreeModel::machineData(Slot slot, int column, int role) const
{
    const Machine &m = m_store->machine(slot);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return m.name;
        case StateColumn: return stateText(m.state);
        case RegionColumn: return m.location;
        case SizeColumn: return m.sizeId;
        case PublicIpColumn: return m.publicIps.isEmpty() ? QString() : m.publicIps.first();
        case MonthlyCostColumn: return m.priceMonthly ? formatCost(*m.priceMonthly) : QString();
        case TagsColumn: return tagsText(m);
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case TagsColumn: return tagsText(m);
        case SizeColumn: return m.sizeName;
        case PublicIpColumn: return m.publicIps.join(u'\n');
        case StateColumn: return m.providerState;
        default: return m.name;
        }
    case Qt::TextAlignmentRole:
        if (column == MonthlyCostColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole: return machineSortKey(m, column);
    case NodeTypeRole: return int(NodeType::Machine);
    case AccountIdRole: return m_store->accountOf(slot);
    case MachineIdRole: return m.id;
    case LocationRole: return m.location;
    case MachineStateRole: return int(m.state);
    case MonthlyCostRole: return m.priceMonthly.value_or(0);
    case StaleRole: {
        const AccountInfo *info = m_store->account(m_store->accountOf(slot));
        return info && info->stale;
    }
    default: return {};
    }
}

QVariant InventoryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && section == MonthlyCostColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case StateColumn: return tr("State");
    case RegionColumn: return tr("Region");
    case SizeColumn: return tr("Size");
    case PublicIpColumn: return tr("Public IP");
    case MonthlyCostColumn: return tr("Monthly cost");
    case TagsColumn: return tr("Tags");
    }
    return {};
}

} // namespace nephele::models
