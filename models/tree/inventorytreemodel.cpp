#include "inventorytreemodel.h"

#include "cost/costformat.h"
#include "cost/costmodel.h"
#include "inventory/resourcetags.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QLocale>
#include <QSet>

#include <algorithm>

namespace nephele::models {

using drivers::MachineKind;
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

quint32 ipv4Key(QStringView joined)
{
    const QStringView first = joined.left(joined.indexOf(u' ') < 0 ? joined.size() : joined.indexOf(u' '));
    quint32 key = 0;
    int parts = 0;
    for (QStringView part : first.tokenize(u'.')) {
        bool ok = false;
        const uint value = part.toUInt(&ok);
        if (!ok || value > 255)
            return 0;
        key = (key << 8) | value;
        ++parts;
    }
    return parts == 4 ? key : 0;
}

template<typename T>
int compareValues(const T &a, const T &b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// What a resource's cost depends on (cost::CostResolver): its prices, its cost tags, its state
// (billing rules) and its size and location (the catalog).
constexpr quint32 kCostFields =
    ChangedField::Price | ChangedField::Tags | ChangedField::State | ChangedField::Size | ChangedField::Location;

} // namespace

// ---- construction ----------------------------------------------------------------------------

InventoryTreeModel::InventoryTreeModel(InventoryStore *store, QObject *parent)
    : QAbstractItemModel(parent)
    , m_store(store)
{
    connect(store, &InventoryStore::accountAdded, this, &InventoryTreeModel::onAccountAdded);
    connect(store, &InventoryStore::accountAboutToBeRemoved, this, &InventoryTreeModel::onAccountAboutToBeRemoved);
    connect(store, &InventoryStore::accountRemoved, this, [this] {
        if (m_grouping == Grouping::TagKey) {
            rebuild();
            endResetModel();
            Q_EMIT countsChanged();
        }
    });
    connect(store, &InventoryStore::accountChanged, this, &InventoryTreeModel::onAccountChanged);
    connect(store, &InventoryStore::inventoryChanged, this, &InventoryTreeModel::onInventoryChanged);
    m_lateAggregates.setSingleShot(true);
    m_lateAggregates.setObjectName(QStringLiteral("lateAggregates"));
    connect(&m_lateAggregates, &QTimer::timeout, this, &InventoryTreeModel::refreshLateAggregates);
    // New usage figures: one dataChanged over the top rows' usage columns, which a view answers
    // by repainting what it shows (rows below included) without asking about each row.
    connect(store, &InventoryStore::usageChanged, this, [this] {
        const int rows = rowCount();
        if (rows > 0)
            Q_EMIT dataChanged(index(0, CpuUsageColumn), index(rows - 1, MemoryUsageColumn), {Qt::DisplayRole});
    });
    m_cost = new cost::CostModel(store, this); // until the window shares its own
    connect(m_cost, &cost::CostModel::pricesChanged, this, &InventoryTreeModel::onPricesChanged);
    rebuild();
}

InventoryTreeModel::~InventoryTreeModel() = default;

size_t InventoryTreeModel::memoryBytes() const
{
    size_t total = m_fullParent.capacity() * sizeof(NodeRef) + m_viewParent.capacity() * sizeof(NodeRef) +
                   m_rowCache.capacity() * sizeof(quint32) + m_slotList.capacity() * sizeof(quint32) +
                   m_flags.capacity() + m_rank.capacity() * sizeof(quint32);
    total += m_lists.capacity() * sizeof(ChildList);
    for (const ChildList &list : m_lists)
        total += (list.full.capacity() + list.shown.capacity()) * sizeof(NodeRef);
    total += m_groups.capacity() * sizeof(Group);
    return total;
}

// ---- per-node state --------------------------------------------------------------------------

void InventoryTreeModel::growSlotArrays()
{
    const size_t n = m_store->slotCount();
    if (m_fullParent.size() >= n)
        return;
    m_fullParent.resize(n, kNone);
    m_viewParent.resize(n, kNone);
    m_rowCache.resize(n, 0);
    m_slotList.resize(n, kNone);
    m_flags.resize(n, 0);
    m_rank.resize(n, 0);
}

quint32 InventoryTreeModel::newList()
{
    if (!m_freeLists.empty()) {
        const quint32 list = m_freeLists.back();
        m_freeLists.pop_back();
        return list;
    }
    m_lists.emplace_back();
    return quint32(m_lists.size() - 1);
}

void InventoryTreeModel::freeList(quint32 list)
{
    m_lists[list] = ChildList{};
    m_freeLists.push_back(list);
}

InventoryTreeModel::ChildList &InventoryTreeModel::listOf(NodeRef node)
{
    return ensureList(node);
}

const InventoryTreeModel::ChildList *InventoryTreeModel::listIfAny(NodeRef node) const
{
    if (node == kRoot)
        return &m_lists[0];
    if (node == kNone)
        return nullptr;
    if (isGroup(node))
        return &m_lists[m_groups[groupIndex(node)].list];
    const quint32 list = node < m_slotList.size() ? m_slotList[node] : kNone;
    return list == kNone ? nullptr : &m_lists[list];
}

InventoryTreeModel::ChildList &InventoryTreeModel::ensureList(NodeRef node)
{
    if (node == kRoot)
        return m_lists[0];
    if (isGroup(node))
        return m_lists[m_groups[groupIndex(node)].list];
    if (m_slotList[node] == kNone)
        m_slotList[node] = newList();
    return m_lists[m_slotList[node]];
}

InventoryTreeModel::NodeRef InventoryTreeModel::fullParentOf(NodeRef node) const
{
    if (node == kRoot || node == kNone)
        return kNone;
    return isGroup(node) ? m_groups[groupIndex(node)].fullParent : m_fullParent[node];
}

void InventoryTreeModel::setFullParent(NodeRef node, NodeRef parent)
{
    if (isGroup(node))
        m_groups[groupIndex(node)].fullParent = parent;
    else
        m_fullParent[node] = parent;
}

InventoryTreeModel::NodeRef InventoryTreeModel::viewParentOf(NodeRef node) const
{
    if (node == kRoot || node == kNone)
        return kNone;
    return isGroup(node) ? m_groups[groupIndex(node)].viewParent : m_viewParent[node];
}

void InventoryTreeModel::setViewParent(NodeRef node, NodeRef parent)
{
    if (isGroup(node)) {
        m_groups[groupIndex(node)].viewParent = parent;
        return;
    }
    NodeRef &current = m_viewParent[node];
    if (current == kNone && parent != kNone)
        ++m_shown;
    else if (current != kNone && parent == kNone)
        --m_shown;
    current = parent;
}

bool InventoryTreeModel::keptOf(NodeRef node) const
{
    if (node == kRoot)
        return true;
    return isGroup(node) ? m_groups[groupIndex(node)].kept : (m_flags[node] & Kept) != 0;
}

void InventoryTreeModel::setKept(NodeRef node, bool kept)
{
    if (isGroup(node)) {
        m_groups[groupIndex(node)].kept = kept;
        return;
    }
    m_flags[node] = quint8(kept ? (m_flags[node] | Kept) : (m_flags[node] & ~Kept));
}

int InventoryTreeModel::rowOf(NodeRef node) const
{
    const ChildList *list = listIfAny(viewParentOf(node));
    if (!list)
        return -1;
    const std::vector<NodeRef> &shown = list->shown;
    quint32 &cache = isGroup(node) ? const_cast<Group &>(m_groups[groupIndex(node)]).rowCache : m_rowCache[node];
    if (cache < shown.size() && shown[cache] == node)
        return int(cache);
    auto it = std::find(shown.begin(), shown.end(), node);
    if (it == shown.end())
        return -1;
    cache = quint32(it - shown.begin());
    return int(cache);
}

int InventoryTreeModel::depthOf(NodeRef node) const
{
    int depth = 0;
    for (NodeRef n = node; n != kRoot && n != kNone && depth < 1000; ++depth) {
        const NodeRef up = fullParentOf(n);
        n = up != kNone ? up : viewParentOf(n);
    }
    return depth;
}

// ---- groups ----------------------------------------------------------------------------------

InventoryTreeModel::NodeRef InventoryTreeModel::createAccountGroup(const QString &accountId)
{
    quint32 index = 0;
    if (!m_freeGroups.empty()) {
        index = m_freeGroups.back();
        m_freeGroups.pop_back();
    } else {
        m_groups.emplace_back();
        index = quint32(m_groups.size() - 1);
    }
    Group &group = m_groups[index];
    group = Group{};
    group.kind = GroupKind::Account;
    group.live = true;
    group.kept = true;
    group.fullParent = kRoot;
    group.list = newList();
    group.serial = m_nextSerial++;
    group.accountId = accountId;
    m_groupBySerial.insert(group.serial, index);
    m_accountGroups.insert(accountId, index);
    return groupRef(index);
}

InventoryTreeModel::NodeRef InventoryTreeModel::findOrCreateGroup(NodeRef parent, GroupKind kind,
                                                                  InventoryStore::Symbol symbol, bool *created)
{
    const GroupKey key{parent, kind, symbol};
    auto it = m_groupByKey.constFind(key);
    if (it != m_groupByKey.constEnd()) {
        *created = false;
        return groupRef(*it);
    }
    quint32 index = 0;
    if (!m_freeGroups.empty()) {
        index = m_freeGroups.back();
        m_freeGroups.pop_back();
    } else {
        m_groups.emplace_back();
        index = quint32(m_groups.size() - 1);
    }
    Group &group = m_groups[index];
    group = Group{};
    group.kind = kind;
    group.live = true;
    group.kept = m_filter.isEmpty();
    group.fullParent = parent;
    group.symbol = symbol;
    group.list = newList();
    group.serial = m_nextSerial++;
    if (parent != kRoot && isGroup(parent))
        group.accountId = m_groups[groupIndex(parent)].accountId;
    m_groupBySerial.insert(group.serial, index);
    m_groupByKey.insert(key, index);
    *created = true;
    return groupRef(index);
}

void InventoryTreeModel::releaseGroup(NodeRef group)
{
    const quint32 index = groupIndex(group);
    Group &g = m_groups[index];
    if (!g.live)
        return;
    m_groupBySerial.remove(g.serial);
    if (g.kind == GroupKind::Account)
        m_accountGroups.remove(g.accountId);
    else
        m_groupByKey.remove(GroupKey{g.fullParent, g.kind, g.symbol});
    freeList(g.list);
    g = Group{};
    m_freeGroups.push_back(index);
}

// Where a resource belongs: under its parent resource when it has one, else in its group.
InventoryTreeModel::NodeRef InventoryTreeModel::placementOf(Slot slot, std::vector<NodeRef> *createdGroups)
{
    const InventoryStore::Record &r = m_store->record(slot);
    if (r.parent != InventoryStore::kNoSlot && m_store->isValid(r.parent)) {
        // A cycle in the provider's parent links (bad data) would hide its members: break it.
        bool cycle = false;
        Slot up = r.parent;
        for (int depth = 0; up != InventoryStore::kNoSlot; ++depth) {
            if (up == slot || depth > 64) {
                cycle = true;
                break;
            }
            up = m_store->parentOf(up);
        }
        if (!cycle)
            return r.parent;
    }
    bool created = false;
    NodeRef group = kNone;
    if (m_grouping == Grouping::TagKey) {
        InventoryStore::Symbol value = 0;
        if (m_tagKeySymbol) {
            if (auto v = m_store->tagValue(slot, *m_tagKeySymbol))
                value = *v;
        }
        group = findOrCreateGroup(kRoot, GroupKind::TagValue, value, &created);
    } else {
        const quint32 account = m_accountGroups.value(m_store->accountOf(slot), kNone);
        if (account == kNone)
            return kNone;
        const NodeRef accountRef = groupRef(account);
        if (m_grouping == Grouping::Hierarchy) {
            if (r.kind != MachineKind::Pod)
                return accountRef;
            group = findOrCreateGroup(accountRef, GroupKind::Unscheduled, 0, &created);
        } else {
            if (r.location == 0)
                return accountRef;
            group = findOrCreateGroup(accountRef, GroupKind::Location, r.location, &created);
        }
    }
    if (created && createdGroups)
        createdGroups->push_back(group);
    return group;
}

// ---- ordering --------------------------------------------------------------------------------

QString InventoryTreeModel::groupLabel(const Group &group) const
{
    switch (group.kind) {
    case GroupKind::Account: {
        const AccountInfo *info = m_store->account(group.accountId);
        return info ? info->name : group.accountId;
    }
    case GroupKind::Location: return m_store->symbol(group.symbol);
    case GroupKind::Unscheduled: return tr("Unscheduled");
    case GroupKind::TagValue:
        return group.symbol == 0 ? tr("(no %1)").arg(m_tagKey)
                                 : QStringLiteral("%1 = %2").arg(m_tagKey, m_store->symbol(group.symbol));
    }
    return {};
}

quint32 InventoryTreeModel::sortFields() const
{
    switch (m_sortColumn) {
    case NameColumn: return ChangedField::Name;
    case StateColumn: return ChangedField::State;
    case KindColumn:
    case AgeColumn: return ChangedField::Other;
    case RegionColumn: return ChangedField::Location;
    case SizeColumn: return ChangedField::Size;
    case PublicIpColumn: return ChangedField::Addresses;
    case MonthlyCostColumn: return kCostFields;
    case TagsColumn:
    case OwnerColumn:
    case ExpirationColumn:
    case RestartsColumn: return ChangedField::Tags;
    default: return 0;
    }
}

int InventoryTreeModel::compareResources(Slot a, Slot b) const
{
    const InventoryStore::Record &ra = m_store->record(a);
    const InventoryStore::Record &rb = m_store->record(b);
    switch (m_sortColumn) {
    case NameColumn: return m_store->text(ra.name).compare(m_store->text(rb.name), Qt::CaseInsensitive);
    case StateColumn: return compareValues(int(ra.state), int(rb.state));
    case KindColumn: return compareValues(int(ra.kind), int(rb.kind));
    case AccountColumn:
        return m_store->accountInfoOf(a).name.compare(m_store->accountInfoOf(b).name, Qt::CaseInsensitive);
    case RegionColumn: return m_store->symbol(ra.location).compare(m_store->symbol(rb.location), Qt::CaseInsensitive);
    case SizeColumn:
        if (ra.memoryMb != rb.memoryMb)
            return compareValues(ra.memoryMb, rb.memoryMb);
        if (ra.vcpus != rb.vcpus)
            return compareValues(ra.vcpus, rb.vcpus);
        return m_store->symbol(ra.sizeId).compare(m_store->symbol(rb.sizeId));
    case PublicIpColumn:
        return compareValues(ipv4Key(m_store->text(ra.publicIps)), ipv4Key(m_store->text(rb.publicIps)));
    case MonthlyCostColumn: {
        const cost::MachineCost ca = m_cost->cost(a), cb = m_cost->cost(b);
        return compareValues(ca.known() ? ca.monthly : -1.0, cb.known() ? cb.monthly : -1.0);
    }
    case TagsColumn: return tagsText(a).compare(tagsText(b), Qt::CaseInsensitive);
    case AgeColumn: return compareValues(rb.createdMs, ra.createdMs); // youngest first
    case OwnerColumn: {
        const auto oa = ownerOf(*m_store, a), ob = ownerOf(*m_store, b);
        return (oa ? m_store->symbol(*oa) : QString())
            .compare(ob ? m_store->symbol(*ob) : QString(), Qt::CaseInsensitive);
    }
    case ExpirationColumn: {
        const QDateTime ea = expirationOf(*m_store, a), eb = expirationOf(*m_store, b);
        return compareValues(ea.isValid() ? ea.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max(),
                             eb.isValid() ? eb.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max());
    }
    case RestartsColumn: return compareValues(restartsOf(*m_store, a), restartsOf(*m_store, b));
    case CpuUsageColumn:
    case MemoryUsageColumn: return compareValues(usageKey(a, m_sortColumn), usageKey(b, m_sortColumn));
    default: return 0;
    }
}

bool InventoryTreeModel::less(NodeRef a, NodeRef b) const
{
    const bool ga = isGroup(a), gb = isGroup(b);
    if (ga != gb)
        return ga; // groups first
    if (ga) {
        const Group &x = m_groups[groupIndex(a)];
        const Group &y = m_groups[groupIndex(b)];
        if (x.kind == GroupKind::Account && y.kind == GroupKind::Account) {
            const QStringList order = m_store->accountIds();
            return order.indexOf(x.accountId) < order.indexOf(y.accountId);
        }
        // "Unscheduled" and "(no value)" after the named groups
        const bool sx = x.kind == GroupKind::Unscheduled || (x.kind == GroupKind::TagValue && x.symbol == 0);
        const bool sy = y.kind == GroupKind::Unscheduled || (y.kind == GroupKind::TagValue && y.symbol == 0);
        if (sx != sy)
            return sy;
        const int c = groupLabel(x).compare(groupLabel(y), Qt::CaseInsensitive);
        if (c != 0)
            return c < 0;
        return x.serial < y.serial;
    }
    int c = compareResources(a, b);
    if (m_sortOrder == Qt::DescendingOrder)
        c = -c;
    if (c != 0)
        return c < 0;
    return m_store->orderOf(a) < m_store->orderOf(b);
}

// ---- building --------------------------------------------------------------------------------

void InventoryTreeModel::clearStructure()
{
    m_lists.assign(1, ChildList{});
    m_freeLists.clear();
    m_groups.clear();
    m_lateGroups.clear();
    m_freeGroups.clear();
    m_groupByKey.clear();
    m_groupBySerial.clear();
    m_accountGroups.clear();
    m_fullParent.assign(m_store->slotCount(), kNone);
    m_viewParent.assign(m_store->slotCount(), kNone);
    m_rowCache.assign(m_store->slotCount(), 0);
    m_slotList.assign(m_store->slotCount(), kNone);
    m_flags.assign(m_store->slotCount(), 0);
    m_rank.assign(m_store->slotCount(), 0);
    m_shown = 0;
}

void InventoryTreeModel::rebuild()
{
    clearStructure();
    m_tagKeySymbol = m_tagKey.isEmpty() ? std::nullopt : m_store->symbols().find(m_tagKey);
    if (m_grouping != Grouping::TagKey) {
        for (const QString &id : m_store->accountIds()) {
            const NodeRef group = createAccountGroup(id);
            m_lists[0].full.push_back(group);
        }
    }
    std::vector<NodeRef> created;
    const Slot count = m_store->slotCount();
    for (Slot slot = 0; slot < count; ++slot) {
        if (!m_store->isValid(slot))
            continue;
        m_flags[slot] = InFull;
    }
    for (Slot slot = 0; slot < count; ++slot) {
        if (!(m_flags[slot] & InFull))
            continue;
        const NodeRef parent = placementOf(slot, &created);
        if (parent == kNone) {
            m_flags[slot] = 0;
            continue;
        }
        m_fullParent[slot] = parent;
        ensureList(parent).full.push_back(slot);
    }
    for (NodeRef group : created)
        ensureList(m_groups[groupIndex(group)].fullParent).full.push_back(group);
    for (ChildList &list : m_lists)
        std::sort(list.full.begin(), list.full.end(), [this](NodeRef a, NodeRef b) { return less(a, b); });

    // What the filter keeps: matches and their ancestors.
    if (m_filter.isEmpty()) {
        for (Slot slot = 0; slot < count; ++slot) {
            if (m_flags[slot] & InFull)
                m_flags[slot] |= Matches | Kept;
        }
        for (Group &group : m_groups)
            group.kept = group.live;
    } else {
        auto matcher = m_filter.matcher(*m_store);
        for (Group &group : m_groups)
            group.kept = group.live && group.kind == GroupKind::Account;
        for (Slot slot = 0; slot < count; ++slot) {
            if ((m_flags[slot] & InFull) && matcher(slot)) {
                m_flags[slot] |= Matches;
                for (NodeRef n = slot; n != kRoot && n != kNone && !(keptOf(n) && n != slot); n = fullParentOf(n))
                    setKept(n, true);
            }
        }
    }
    fillShown(kRoot);
    std::vector<NodeRef> all;
    for (quint32 i = 0; i < m_groups.size(); ++i) {
        if (m_groups[i].live)
            all.push_back(groupRef(i));
    }
    for (NodeRef group : all)
        computeAggregates(group);
}

// The view's lists under `node` from the full lists and the kept marks.
void InventoryTreeModel::fillShown(NodeRef node)
{
    std::vector<NodeRef> stack{node};
    while (!stack.empty()) {
        const NodeRef n = stack.back();
        stack.pop_back();
        const ChildList *constList = listIfAny(n);
        if (!constList)
            continue;
        ChildList &list = ensureList(n);
        list.shown.clear();
        for (NodeRef child : list.full) {
            if (!keptOf(child))
                continue;
            if (isGroup(child))
                m_groups[groupIndex(child)].rowCache = quint32(list.shown.size());
            else
                m_rowCache[child] = quint32(list.shown.size());
            list.shown.push_back(child);
            setViewParent(child, n);
            stack.push_back(child);
        }
    }
}

// Takes `node` and everything under it out of the view's lists (not the full lists).
void InventoryTreeModel::dropFromView(NodeRef node)
{
    std::vector<NodeRef> stack{node};
    while (!stack.empty()) {
        const NodeRef n = stack.back();
        stack.pop_back();
        setViewParent(n, kNone);
        if (listIfAny(n) == nullptr)
            continue;
        ChildList &list = ensureList(n);
        for (NodeRef child : list.shown)
            stack.push_back(child);
        list.shown.clear();
    }
}

bool InventoryTreeModel::recomputeKept(NodeRef node)
{
    bool kept = false;
    if (isGroup(node)) {
        const Group &group = m_groups[groupIndex(node)];
        kept = group.live && (group.kind == GroupKind::Account || m_filter.isEmpty());
    } else {
        kept = (m_flags[node] & InFull) && (m_filter.isEmpty() || (m_flags[node] & Matches));
    }
    if (!kept && (isGroup(node) ? m_groups[groupIndex(node)].live : (m_flags[node] & InFull) != 0)) {
        if (const ChildList *list = listIfAny(node)) {
            kept = std::any_of(list->full.begin(), list->full.end(), [this](NodeRef c) { return keptOf(c); });
        }
    }
    if (kept == keptOf(node))
        return false;
    setKept(node, kept);
    return true;
}

void InventoryTreeModel::computeAggregates(NodeRef groupRefValue)
{
    Group &group = m_groups[groupIndex(groupRefValue)];
    group.count = 0;
    group.shownCount = 0;
    group.cost = 0;
    group.shownCost = 0;
    group.costCurrency.clear();
    group.costMixed = false;
    std::vector<NodeRef> stack{groupRefValue};
    while (!stack.empty()) {
        const NodeRef n = stack.back();
        stack.pop_back();
        if (isSlot(n)) {
            ++group.count;
            const quint64 print = m_store->record(n).fingerprint + 1;
            if (n < m_costless.size() && m_costless[n] == print) {
                group.shownCount += m_viewParent[n] != kNone ? 1 : 0;
                if (const ChildList *list = listIfAny(n))
                    stack.insert(stack.end(), list->full.begin(), list->full.end());
                continue;
            }
            const cost::MachineCost c = m_cost->cost(n);
            if (!c.known()) {
                if (m_costless.size() <= n)
                    m_costless.resize(std::max<size_t>(size_t(n) + 1, m_costless.size() * 3 / 2), 0);
                m_costless[n] = print;
            }
            if (c.known()) {
                group.cost += c.monthly;
                if (group.costCurrency.isEmpty())
                    group.costCurrency = c.currency;
                else if (c.currency != group.costCurrency)
                    group.costMixed = true;
            }
            if (m_viewParent[n] != kNone) {
                ++group.shownCount;
                if (c.known())
                    group.shownCost += c.monthly;
            }
        }
        if (const ChildList *list = listIfAny(n))
            stack.insert(stack.end(), list->full.begin(), list->full.end());
    }
}

void InventoryTreeModel::refreshAggregates(const std::vector<NodeRef> &groups)
{
    constexpr qint64 kSlowNs = 2'000'000;
    for (NodeRef group : groups) {
        Group &g = m_groups[groupIndex(group)];
        if (!g.live)
            continue;
        if (g.computeNs > kSlowNs) {
            m_lateGroups.insert(group);
            if (!m_lateAggregates.isActive())
                m_lateAggregates.start(kLateAggregatesMs);
            continue;
        }
        recomputeGroup(group);
    }
}

// A group's totals recomputed, timed (refreshAggregates() defers the slow ones), and repainted.
void InventoryTreeModel::recomputeGroup(NodeRef group)
{
    QElapsedTimer clock;
    clock.start();
    computeAggregates(group);
    m_groups[groupIndex(group)].computeNs = clock.nsecsElapsed();
    if (viewParentOf(group) != kNone)
        Q_EMIT dataChanged(indexOf(group, 0), indexOf(group, ColumnCount - 1));
}

void InventoryTreeModel::refreshLateAggregates()
{
    const QSet<NodeRef> late = std::exchange(m_lateGroups, {});
    for (NodeRef group : late) {
        if (groupIndex(group) < m_groups.size() && m_groups[groupIndex(group)].live)
            recomputeGroup(group);
    }
    Q_EMIT countsChanged();
}

void InventoryTreeModel::setCostModel(cost::CostModel *model)
{
    if (model && model == m_cost)
        return;
    if (m_cost) {
        disconnect(m_cost, nullptr, this, nullptr);
        if (m_cost->parent() == this)
            m_cost->deleteLater();
    }
    m_cost = model ? model : new cost::CostModel(m_store, this);
    connect(m_cost, &cost::CostModel::pricesChanged, this, &InventoryTreeModel::onPricesChanged);
    onPricesChanged();
}

// Every price may have changed (the settings, the month's length): new totals, the cost column
// repainted, and a re-sort when the tree is sorted by cost.
void InventoryTreeModel::onPricesChanged()
{
    m_costless.clear();
    for (quint32 g = 0; g < m_groups.size(); ++g) {
        if (m_groups[g].live)
            computeAggregates(groupRef(g));
    }
    std::vector<NodeRef> stack{kRoot};
    while (!stack.empty()) {
        const NodeRef node = stack.back();
        stack.pop_back();
        const ChildList *list = listIfAny(node);
        if (!list || list->shown.empty())
            continue;
        const QModelIndex parent = node == kRoot ? QModelIndex() : indexOf(node, 0);
        Q_EMIT dataChanged(index(0, MonthlyCostColumn, parent),
                           index(int(list->shown.size()) - 1, MonthlyCostColumn, parent));
        stack.insert(stack.end(), list->shown.begin(), list->shown.end());
    }
    if (m_sortColumn == MonthlyCostColumn) {
        const Qt::SortOrder order = m_sortOrder;
        m_sortColumn = -1;
        sort(MonthlyCostColumn, order);
    }
}

QString InventoryTreeModel::groupCostText(const Group &group) const
{
    if (group.costMixed)
        return tr("mixed currencies");
    return cost::formatMoney(m_filter.isEmpty() ? group.cost : group.shownCost, group.costCurrency);
}

// ---- user actions: filter, grouping, sort ----------------------------------------------------

void InventoryTreeModel::setFilter(const SearchFilter &filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    // Only the kept marks and the view's lists change: the full structure stays.
    for (auto &group : m_groups)
        group.viewParent = kNone;
    std::fill(m_viewParent.begin(), m_viewParent.end(), kNone);
    m_shown = 0;
    const Slot count = Slot(m_flags.size());
    if (m_filter.isEmpty()) {
        for (Slot slot = 0; slot < count; ++slot) {
            if (m_flags[slot] & InFull)
                m_flags[slot] = InFull | Matches | Kept;
        }
        for (Group &group : m_groups)
            group.kept = group.live;
    } else {
        auto matcher = m_filter.matcher(*m_store);
        for (Group &group : m_groups)
            group.kept = group.live && group.kind == GroupKind::Account;
        for (Slot slot = 0; slot < count; ++slot) {
            if (m_flags[slot] & InFull)
                m_flags[slot] = InFull;
        }
        for (Slot slot = 0; slot < count; ++slot) {
            if (!(m_flags[slot] & InFull) || !matcher(slot))
                continue;
            m_flags[slot] |= Matches;
            for (NodeRef n = slot; n != kRoot && n != kNone; n = fullParentOf(n)) {
                if (n != slot && keptOf(n))
                    break;
                setKept(n, true);
            }
        }
    }
    for (ChildList &list : m_lists)
        list.shown.clear();
    fillShown(kRoot);
    for (quint32 i = 0; i < m_groups.size(); ++i) {
        if (m_groups[i].live)
            computeAggregates(groupRef(i));
    }
    endResetModel();
    Q_EMIT countsChanged();
}

void InventoryTreeModel::setGrouping(Grouping grouping, const QString &tagKey)
{
    if (grouping == m_grouping && (grouping != Grouping::TagKey || tagKey == m_tagKey))
        return;
    beginResetModel();
    m_grouping = grouping;
    m_tagKey = grouping == Grouping::TagKey ? tagKey : QString();
    rebuild();
    endResetModel();
    Q_EMIT countsChanged();
}

void InventoryTreeModel::sort(int column, Qt::SortOrder order)
{
    if (column >= ColumnCount)
        return;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<NodeRef> nodes;
    nodes.reserve(before.size());
    for (const QModelIndex &index : before)
        nodes.append(decode(index.internalId()));
    m_sortColumn = column;
    m_sortOrder = order;
    for (ChildList &list : m_lists) {
        std::sort(list.full.begin(), list.full.end(), [this](NodeRef a, NodeRef b) { return less(a, b); });
        // The same members in the new order.
        list.shown.clear();
        for (NodeRef child : list.full) {
            if (viewParentOf(child) != kNone)
                list.shown.push_back(child);
        }
    }
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i)
        after.append(indexOf(nodes[i], before[i].column()));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

// ---- following the store ---------------------------------------------------------------------

void InventoryTreeModel::onAccountAdded(const QString &accountId)
{
    if (m_grouping == Grouping::TagKey)
        return; // no row of its own; its resources arrive with their tags
    const NodeRef group = createAccountGroup(accountId);
    ChildList &root = m_lists[0];
    root.full.push_back(group);
    const int row = int(root.shown.size());
    beginInsertRows({}, row, row);
    root.shown.push_back(group);
    setViewParent(group, kRoot);
    endInsertRows();
    Q_EMIT countsChanged();
}

void InventoryTreeModel::onAccountAboutToBeRemoved(const QString &accountId)
{
    if (m_grouping == Grouping::TagKey) {
        beginResetModel(); // ended on accountRemoved, once the store no longer has it
        return;
    }
    const quint32 index = m_accountGroups.value(accountId, kNone);
    if (index == kNone)
        return;
    const NodeRef group = groupRef(index);
    const int row = rowOf(group);
    beginRemoveRows({}, row, row);
    dropFromView(group);
    // Forget the whole subtree.
    std::vector<NodeRef> stack{group};
    std::vector<NodeRef> groups;
    while (!stack.empty()) {
        const NodeRef n = stack.back();
        stack.pop_back();
        if (const ChildList *list = listIfAny(n))
            stack.insert(stack.end(), list->full.begin(), list->full.end());
        if (isGroup(n)) {
            groups.push_back(n);
        } else {
            m_flags[n] = 0;
            m_fullParent[n] = kNone;
            if (m_slotList[n] != kNone) {
                freeList(m_slotList[n]);
                m_slotList[n] = kNone;
            }
        }
    }
    auto &root = m_lists[0];
    root.full.erase(std::remove(root.full.begin(), root.full.end(), group), root.full.end());
    root.shown.erase(std::remove(root.shown.begin(), root.shown.end(), group), root.shown.end());
    // Child groups first: their keys name their parent.
    std::reverse(groups.begin(), groups.end());
    for (NodeRef g : groups)
        releaseGroup(g);
    endRemoveRows();
    Q_EMIT countsChanged();
}

void InventoryTreeModel::onAccountChanged(const QString &accountId)
{
    const quint32 index = m_accountGroups.value(accountId, kNone);
    if (index == kNone)
        return;
    const NodeRef group = groupRef(index);
    if (viewParentOf(group) != kNone)
        Q_EMIT dataChanged(indexOf(group, 0), indexOf(group, ColumnCount - 1));
}

void InventoryTreeModel::onInventoryChanged(const InventoryChange &change)
{
    growSlotArrays();
    if (m_grouping == Grouping::TagKey && !m_tagKeySymbol && !m_tagKey.isEmpty())
        m_tagKeySymbol = m_store->symbols().find(m_tagKey);

    const quint32 sortBits = m_sortColumn >= 0 ? sortFields() : 0;
    quint32 placeBits = ChangedField::Parent;
    if (m_grouping == Grouping::AccountLocation)
        placeBits |= ChangedField::Location;
    else if (m_grouping == Grouping::TagKey)
        placeBits |= ChangedField::Tags;
    else
        placeBits |= ChangedField::Other; // the kind decides "Unscheduled"
    std::optional<SearchFilter::Matcher> matcher;
    if (!m_filter.isEmpty())
        matcher.emplace(m_filter.matcher(*m_store));

    std::vector<NodeRef> touched;
    QSet<NodeRef> touchedSet;
    auto touch = [&](NodeRef parent) {
        if (parent != kNone && !touchedSet.contains(parent)) {
            touchedSet.insert(parent);
            touched.push_back(parent);
        }
    };
    QSet<NodeRef> leaving;
    QHash<NodeRef, std::vector<NodeRef>> arrivals;
    std::vector<NodeRef> keptDirty;
    std::vector<NodeRef> created;
    std::vector<Slot> changedInView;

    for (Slot slot : change.removed) {
        if (!(m_flags[slot] & InFull))
            continue;
        const NodeRef parent = m_fullParent[slot];
        touch(parent);
        leaving.insert(slot);
        keptDirty.push_back(parent);
    }
    for (size_t i = 0; i < change.changed.size(); ++i) {
        const Slot slot = change.changed[i];
        const quint32 fields = change.changedFields[i];
        if (!(m_flags[slot] & InFull))
            continue;
        bool matchChanged = false;
        if (matcher) {
            const bool now = (*matcher)(slot);
            matchChanged = now != bool(m_flags[slot] & Matches);
            m_flags[slot] = quint8(now ? (m_flags[slot] | Matches) : (m_flags[slot] & ~Matches));
        }
        const NodeRef oldParent = m_fullParent[slot];
        NodeRef newParent = (fields & placeBits) ? placementOf(slot, &created) : oldParent;
        if (newParent == kNone)
            newParent = oldParent;
        if (newParent != oldParent || (fields & sortBits)) {
            touch(oldParent);
            touch(newParent);
            leaving.insert(slot);
            arrivals[newParent].push_back(slot);
            keptDirty.push_back(oldParent);
        }
        if (matchChanged || newParent != oldParent)
            keptDirty.push_back(slot);
        changedInView.push_back(slot);
    }
    for (Slot slot : change.inserted) {
        m_flags[slot] = InFull;
        if (!matcher || (*matcher)(slot))
            m_flags[slot] |= Matches;
        if (m_filter.isEmpty())
            m_flags[slot] |= Kept;
        const NodeRef parent = placementOf(slot, &created);
        if (parent == kNone) {
            m_flags[slot] = 0;
            continue;
        }
        arrivals[parent].push_back(slot);
        touch(parent);
        keptDirty.push_back(slot);
    }
    for (NodeRef group : created) {
        const NodeRef parent = m_groups[groupIndex(group)].fullParent;
        arrivals[parent].push_back(group);
        touch(parent);
        touch(group);
    }

    // The full lists: out with what left, in with what came, in order. (Indexed loops: touch()
    // appends while they run.)
    for (size_t t = 0; t < touched.size(); ++t) { // NOLINT(modernize-loop-convert)
        const NodeRef parent = touched[t];
        ChildList &list = ensureList(parent);
        if (!leaving.isEmpty()) {
            list.full.erase(std::remove_if(list.full.begin(), list.full.end(),
                                           [&](NodeRef n) { return leaving.contains(n) && !isGroup(n); }),
                            list.full.end());
        }
        auto it = arrivals.find(parent);
        if (it != arrivals.end() && !it->empty()) {
            std::vector<NodeRef> &in = *it;
            auto byOrder = [this](NodeRef a, NodeRef b) { return less(a, b); };
            std::sort(in.begin(), in.end(), byOrder);
            std::vector<NodeRef> merged;
            merged.reserve(list.full.size() + in.size());
            std::merge(list.full.begin(), list.full.end(), in.begin(), in.end(), std::back_inserter(merged), byOrder);
            ChildList &again = ensureList(parent); // `in` may not move lists, but be safe
            again.full = std::move(merged);
            for (NodeRef n : in)
                setFullParent(n, parent);
        }
    }
    for (Slot slot : change.removed) {
        if (m_flags[slot] & InFull) {
            m_flags[slot] = 0;
            m_fullParent[slot] = kNone;
        }
    }
    // Groups left empty go.
    std::vector<NodeRef> dying;
    for (size_t t = 0; t < touched.size(); ++t) { // NOLINT(modernize-loop-convert)
        const NodeRef node = touched[t];
        if (!isGroup(node))
            continue;
        Group &group = m_groups[groupIndex(node)];
        if (!group.live || group.kind == GroupKind::Account || !m_lists[group.list].full.empty())
            continue;
        ChildList &parentList = ensureList(group.fullParent);
        parentList.full.erase(std::remove(parentList.full.begin(), parentList.full.end(), node), parentList.full.end());
        touch(group.fullParent);
        keptDirty.push_back(group.fullParent);
        group.kept = false;
        dying.push_back(node);
    }
    for (NodeRef node : dying) {
        Group &group = m_groups[groupIndex(node)];
        m_groupByKey.remove(GroupKey{group.fullParent, group.kind, group.symbol});
        group.fullParent = kNone;
    }

    // What the filter keeps, upwards from every change.
    for (NodeRef start : keptDirty) {
        for (NodeRef n = start; n != kRoot && n != kNone;) {
            if (isGroup(n) && !m_groups[groupIndex(n)].live)
                break;
            if (!recomputeKept(n) && n != start)
                break;
            touch(fullParentOf(n));
            n = fullParentOf(n);
        }
    }

    emitDiff(touched);

    for (Slot slot : change.removed) {
        if (m_slotList[slot] != kNone) {
            freeList(m_slotList[slot]);
            m_slotList[slot] = kNone;
        }
    }
    for (NodeRef node : dying) {
        Group &group = m_groups[groupIndex(node)];
        m_groupBySerial.remove(group.serial);
        freeList(group.list);
        group = Group{};
        m_freeGroups.push_back(groupIndex(node));
    }

    // Changed values of rows that stayed put.
    for (Slot slot : changedInView) {
        if (m_viewParent[slot] == kNone)
            continue;
        const int row = rowOf(slot);
        if (row >= 0) {
            const quintptr id = encode(slot);
            Q_EMIT dataChanged(createIndex(row, 0, id), createIndex(row, ColumnCount - 1, id));
        }
    }
    // Counts and costs of the groups above every change.
    QSet<NodeRef> groupSet;
    std::vector<NodeRef> groups;
    auto collectUp = [&](NodeRef n) {
        for (; n != kRoot && n != kNone; n = fullParentOf(n)) {
            if (isGroup(n) && m_groups[groupIndex(n)].live && !groupSet.contains(n)) {
                groupSet.insert(n);
                groups.push_back(n);
            }
        }
    };
    // Counts change with the structure, costs also with prices; a state change moves neither.
    for (NodeRef n : touched)
        collectUp(n);
    for (size_t i = 0; i < change.changed.size(); ++i) {
        const Slot slot = change.changed[i];
        if ((change.changedFields[i] & kCostFields) && (m_flags[slot] & InFull))
            collectUp(m_fullParent[slot]);
    }
    refreshAggregates(groups);
    Q_EMIT countsChanged();
}

// Brings the view from its lists to the lists the full structure and the kept marks give, for
// the touched parents, with the fewest signals: a layout change for re-sorted rows, moves for
// rows that changed parent, removals, insertions.
void InventoryTreeModel::emitDiff(std::vector<NodeRef> touched)
{
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    std::vector<std::pair<int, NodeRef>> byDepth;
    byDepth.reserve(touched.size());
    for (NodeRef n : touched)
        byDepth.emplace_back(depthOf(n), n);
    std::sort(byDepth.begin(), byDepth.end());

    auto willShow = [this](NodeRef n) {
        for (int guard = 0; guard < 1000; ++guard) {
            if (n == kRoot)
                return true;
            if (n == kNone || !keptOf(n))
                return false;
            if (isGroup(n) && !m_groups[groupIndex(n)].live)
                return false;
            n = fullParentOf(n);
        }
        return false;
    };
    auto inView = [this](NodeRef n) { return n == kRoot || viewParentOf(n) != kNone; };

    // Targets and ranks.
    QHash<NodeRef, std::vector<NodeRef>> targets;
    QHash<NodeRef, quint32> groupRank;
    for (const auto &[depth, parent] : byDepth) {
        std::vector<NodeRef> &target = targets[parent];
        if (!willShow(parent))
            continue;
        const ChildList *list = listIfAny(parent);
        if (!list)
            continue;
        for (NodeRef child : list->full) {
            if (!keptOf(child))
                continue;
            if (isGroup(child))
                groupRank.insert(child, quint32(target.size()));
            else
                m_rank[child] = quint32(target.size());
            target.push_back(child);
        }
    }
    constexpr quint32 kNoRank = 0xffffffffu;
    auto rankIn = [&](NodeRef parent, NodeRef child) -> quint32 {
        auto it = targets.constFind(parent);
        if (it == targets.constEnd())
            return kNoRank;
        const quint32 r = isGroup(child) ? groupRank.value(child, kNoRank) : m_rank[child];
        return r < it->size() && (*it)[r] == child ? r : kNoRank;
    };
    auto insertPosition = [&](NodeRef parent, NodeRef child) {
        const quint32 rank = rankIn(parent, child);
        const std::vector<NodeRef> &shown = ensureList(parent).shown;
        int position = 0;
        for (size_t i = 0; i < shown.size(); ++i) {
            const quint32 r = rankIn(parent, shown[i]);
            if (r != kNoRank && r < rank)
                position = int(i) + 1;
        }
        return position;
    };

    // 1. Rows that stay under the same parent but changed order: one layout change.
    std::vector<NodeRef> relayout;
    for (const auto &[depth, parent] : byDepth) {
        if (!inView(parent) || !targets.contains(parent))
            continue;
        const std::vector<NodeRef> &shown = ensureList(parent).shown;
        quint32 last = 0;
        bool first = true;
        for (NodeRef child : shown) {
            const quint32 r = rankIn(parent, child);
            if (r == kNoRank)
                continue;
            if (!first && r < last) {
                relayout.push_back(parent);
                break;
            }
            last = r;
            first = false;
        }
    }
    if (!relayout.empty()) {
        QList<QPersistentModelIndex> parents;
        for (NodeRef parent : relayout)
            parents.append(QPersistentModelIndex(indexOf(parent)));
        Q_EMIT layoutAboutToBeChanged(parents, QAbstractItemModel::VerticalSortHint);
        const QSet<NodeRef> relayoutSet(relayout.begin(), relayout.end());
        const QModelIndexList before = persistentIndexList();
        QModelIndexList from;
        QList<NodeRef> fromNodes;
        for (const QModelIndex &index : before) {
            const NodeRef node = decode(index.internalId());
            if (node != kNone && relayoutSet.contains(viewParentOf(node))) {
                from.append(index);
                fromNodes.append(node);
            }
        }
        for (NodeRef parent : relayout) {
            std::vector<NodeRef> &shown = ensureList(parent).shown;
            std::stable_partition(shown.begin(), shown.end(), [&](NodeRef c) { return rankIn(parent, c) != kNoRank; });
            const auto staying =
                std::count_if(shown.begin(), shown.end(), [&](NodeRef c) { return rankIn(parent, c) != kNoRank; });
            std::sort(shown.begin(), shown.begin() + staying,
                      [&](NodeRef a, NodeRef b) { return rankIn(parent, a) < rankIn(parent, b); });
        }
        QModelIndexList to;
        to.reserve(from.size());
        for (qsizetype i = 0; i < from.size(); ++i)
            to.append(indexOf(fromNodes[i], from[i].column()));
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged(parents, QAbstractItemModel::VerticalSortHint);
    }

    // 2. Rows that changed parent move, so selection and expansion go with them. The new parent
    //    is put in view first (empty) when it was not.
    std::function<void(NodeRef)> ensureInView = [&](NodeRef node) {
        if (inView(node))
            return;
        const NodeRef parent = fullParentOf(node);
        ensureInView(parent);
        const int row = insertPosition(parent, node);
        beginInsertRows(indexOf(parent), row, row);
        std::vector<NodeRef> &shown = ensureList(parent).shown;
        shown.insert(shown.begin() + row, node);
        setViewParent(node, parent);
        if (listIfAny(node))
            ensureList(node).shown.clear();
        endInsertRows();
    };
    for (const auto &[depth, parent] : byDepth) {
        auto it = targets.constFind(parent);
        if (it == targets.constEnd())
            continue;
        for (NodeRef child : *it) {
            const NodeRef from = viewParentOf(child);
            if (from == kNone || from == parent)
                continue;
            ensureInView(parent);
            const int fromRow = rowOf(child);
            const int toRow = insertPosition(parent, child);
            const QModelIndex fromParent = indexOf(from);
            const QModelIndex toParent = indexOf(parent);
            if (!beginMoveRows(fromParent, fromRow, fromRow, toParent, toRow))
                continue;
            std::vector<NodeRef> &source = ensureList(from).shown;
            source.erase(source.begin() + fromRow);
            std::vector<NodeRef> &dest = ensureList(parent).shown;
            dest.insert(dest.begin() + toRow, child);
            if (isGroup(child))
                m_groups[groupIndex(child)].viewParent = parent;
            else
                m_viewParent[child] = parent;
            endMoveRows();
        }
    }

    // 3. Rows that went (or the filter hides now), in runs from the bottom.
    for (const auto &[depth, parent] : byDepth) {
        if (!inView(parent))
            continue;
        std::vector<NodeRef> &shown = ensureList(parent).shown;
        const bool showParent = willShow(parent);
        const NodeRef here = parent; // a lambda may not capture a structured binding (C++20 before P1091)
        for (int i = int(shown.size()) - 1; i >= 0;) {
            auto goes = [&](NodeRef c) { return !showParent || rankIn(here, c) == kNoRank; };
            if (!goes(shown[size_t(i)])) {
                --i;
                continue;
            }
            int first = i;
            while (first > 0 && goes(shown[size_t(first - 1)]))
                --first;
            beginRemoveRows(indexOf(parent), first, i);
            std::vector<NodeRef> &list = ensureList(parent).shown;
            for (int k = first; k <= i; ++k)
                dropFromView(list[size_t(k)]);
            list.erase(list.begin() + first, list.begin() + i + 1);
            endRemoveRows();
            i = first - 1;
        }
    }

    // 4. New rows, in runs, each arriving with its subtree.
    for (const auto &[depth, parent] : byDepth) {
        if (!inView(parent) || !willShow(parent))
            continue;
        auto it = targets.constFind(parent);
        if (it == targets.constEnd())
            continue;
        const std::vector<NodeRef> &target = *it;
        size_t i = 0;
        size_t j = 0;
        while (i < target.size()) {
            const std::vector<NodeRef> &shown = ensureList(parent).shown;
            if (j < shown.size() && shown[j] == target[i]) {
                ++i;
                ++j;
                continue;
            }
            const size_t start = i;
            while (i < target.size() && !(j < shown.size() && shown[j] == target[i]))
                ++i;
            beginInsertRows(indexOf(parent), int(start), int(i - 1));
            std::vector<NodeRef> &list = ensureList(parent).shown;
            list.insert(list.begin() + qsizetype(start), target.begin() + qsizetype(start),
                        target.begin() + qsizetype(i));
            for (size_t k = start; k < i; ++k) {
                setViewParent(target[k], parent);
                fillShown(target[k]);
            }
            endInsertRows();
            j += i - start;
        }
    }
}

// ---- structure -------------------------------------------------------------------------------

quintptr InventoryTreeModel::encode(NodeRef node) const
{
    if (isGroup(node))
        return quintptr(mix((m_groups[groupIndex(node)].serial << 1) | 1));
    return quintptr(mix(quint64(node) << 1));
}

InventoryTreeModel::NodeRef InventoryTreeModel::decode(quintptr id) const
{
    const quint64 raw = unmix(quint64(id));
    if (raw & 1) {
        const quint32 index = m_groupBySerial.value(raw >> 1, kNone);
        return index == kNone ? kNone : groupRef(index);
    }
    const quint64 slot = raw >> 1;
    return slot < m_viewParent.size() ? NodeRef(slot) : kNone;
}

QModelIndex InventoryTreeModel::indexOf(NodeRef node, int column) const
{
    if (node == kRoot || node == kNone)
        return {};
    const int row = rowOf(node);
    return row < 0 ? QModelIndex() : createIndex(row, column, encode(node));
}

QModelIndex InventoryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    NodeRef parentNode = kRoot;
    if (parent.isValid()) {
        if (parent.column() != 0)
            return {};
        parentNode = decode(parent.internalId());
        if (parentNode == kNone)
            return {};
    }
    const ChildList *list = listIfAny(parentNode);
    if (!list || size_t(row) >= list->shown.size())
        return {};
    const NodeRef child = list->shown[size_t(row)];
    if (isGroup(child))
        const_cast<Group &>(m_groups[groupIndex(child)]).rowCache = quint32(row);
    else
        m_rowCache[child] = quint32(row);
    return createIndex(row, column, encode(child));
}

QModelIndex InventoryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const NodeRef node = decode(child.internalId());
    if (node == kNone)
        return {};
    return indexOf(viewParentOf(node));
}

int InventoryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_lists[0].shown.size());
    if (parent.column() != 0)
        return 0;
    const NodeRef node = decode(parent.internalId());
    if (node == kNone || viewParentOf(node) == kNone)
        return 0;
    const ChildList *list = listIfAny(node);
    return list ? int(list->shown.size()) : 0;
}

bool InventoryTreeModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

int InventoryTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

Qt::ItemFlags InventoryTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

InventoryTreeModel::NodeType InventoryTreeModel::nodeType(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return NodeType::None;
    const NodeRef node = decode(index.internalId());
    if (node == kNone)
        return NodeType::None;
    if (isSlot(node))
        return NodeType::Machine;
    return m_groups[groupIndex(node)].kind == GroupKind::Account ? NodeType::Account : NodeType::Group;
}

std::optional<Slot> InventoryTreeModel::slotAt(const QModelIndex &index) const
{
    if (nodeType(index) != NodeType::Machine)
        return std::nullopt;
    return Slot(decode(index.internalId()));
}

QString InventoryTreeModel::accountIdAt(const QModelIndex &index) const
{
    return data(index, AccountIdRole).toString();
}

QModelIndex InventoryTreeModel::indexOfAccount(const QString &accountId, int column) const
{
    const quint32 index = m_accountGroups.value(accountId, kNone);
    return index == kNone ? QModelIndex() : indexOf(groupRef(index), column);
}

QModelIndex InventoryTreeModel::indexOfMachine(const QString &accountId, const QString &machineId, int column) const
{
    const auto slot = m_store->find(accountId, machineId);
    if (!slot || *slot >= m_viewParent.size() || m_viewParent[*slot] == kNone)
        return {};
    return indexOf(*slot, column);
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

QString InventoryTreeModel::kindText(MachineKind kind)
{
    switch (kind) {
    case MachineKind::Vm: return tr("VM");
    case MachineKind::Node: return tr("Node");
    case MachineKind::Pod: return tr("Pod");
    case MachineKind::Container: return tr("Container");
    case MachineKind::Hypervisor: return tr("Hypervisor");
    case MachineKind::ContainerHost: return tr("Container host");
    case MachineKind::BareMetal: return tr("Bare metal");
    }
    return {};
}

QString InventoryTreeModel::formatCost(double monthly)
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    return locale.toCurrencyString(monthly, QStringLiteral("$"), 2);
}

QString InventoryTreeModel::formatAge(qint64 createdMs, qint64 nowMs)
{
    if (createdMs == 0)
        return {};
    const qint64 seconds = std::max<qint64>(0, (nowMs - createdMs) / 1000);
    if (seconds < 3600)
        return tr("%1m").arg(seconds / 60);
    constexpr qint64 kHour = 3600;
    constexpr qint64 kDay = 24 * kHour;
    if (seconds < 2 * kDay)
        return tr("%1h").arg(seconds / kHour);
    if (seconds < 365 * kDay)
        return tr("%1d").arg(seconds / kDay);
    return tr("%1y").arg(double(seconds) / (365.0 * 24 * 3600), 0, 'f', 1);
}

QString InventoryTreeModel::tagsText(Slot slot) const
{
    QString text;
    for (const auto &[k, v] : m_store->tags(slot)) {
        if (!text.isEmpty())
            text += QStringLiteral(", ");
        text += m_store->symbol(k);
        if (v != 0)
            text += u':' + m_store->symbol(v);
    }
    return text;
}

QVariant InventoryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const NodeRef node = decode(index.internalId());
    if (node == kNone)
        return {};
    if (isSlot(node)) {
        if (m_viewParent[node] == kNone || !m_store->isValid(node))
            return {};
        return resourceData(node, index.column(), role);
    }
    const Group &group = m_groups[groupIndex(node)];
    if (!group.live)
        return {};
    return group.kind == GroupKind::Account ? accountData(group, index.column(), role)
                                            : groupData(group, index.column(), role);
}

QVariant InventoryTreeModel::accountData(const Group &group, int column, int role) const
{
    const AccountInfo *info = m_store->account(group.accountId);
    if (!info)
        return {};
    const qsizetype total = m_store->machineCount(group.accountId);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return info->name;
        case StateColumn: {
            if (info->disabled)
                return tr("Disabled · %n machine(s) from the last listing", nullptr, int(total));
            switch (info->status) {
            case AccountStatus::Idle:
                return info->stale ? tr("Cached · %n machine(s)", nullptr, int(total)) : tr("Not synced yet");
            case AccountStatus::Syncing:
                return info->stale ? tr("Syncing… · %n cached machine(s)", nullptr, int(total)) : tr("Syncing…");
            case AccountStatus::Ok:
                if (!m_filter.isEmpty())
                    return tr("OK · %1 of %n machine(s)", nullptr, int(total)).arg(group.shownCount);
                return tr("OK · %n machine(s)", nullptr, int(total));
            case AccountStatus::Error: return tr("Error: %1").arg(info->errorSummary);
            }
            return {};
        }
        case MonthlyCostColumn: return groupCostText(group);
        default: return {};
        }
    case Qt::ToolTipRole: {
        QStringList lines;
        if (info->status == AccountStatus::Error)
            lines.append(info->errorDetails.isEmpty() ? info->errorSummary : info->errorDetails);
        if (info->lastSuccess.isValid()) {
            lines.append(
                tr("Last refreshed %1").arg(QLocale().toString(info->lastSuccess.toLocalTime(), QLocale::ShortFormat)));
        } else if (info->stale) {
            lines.append(tr("Shown from the last session's cache until the first listing lands."));
        }
        if (info->nextRefresh.isValid() && !info->disabled) {
            lines.append(tr("Next refresh %1")
                             .arg(QLocale().toString(info->nextRefresh.toLocalTime().time(), QLocale::ShortFormat)));
        }
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(u'\n'));
    }
    case Qt::TextAlignmentRole:
        if (column == MonthlyCostColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole: return column == MonthlyCostColumn ? QVariant(group.cost) : QVariant(info->name);
    case NodeTypeRole: return int(NodeType::Account);
    case AccountIdRole: return info->id;
    case AccountStatusRole: return int(info->status);
    case MonthlyCostRole: return group.cost;
    case StaleRole: return info->stale;
    case DisabledRole: return info->disabled;
    case ErrorTextRole: return info->status == AccountStatus::Error ? info->errorDetails : QString();
    case MachineCountRole: return qint64(group.shownCount);
    default: return {};
    }
}

QVariant InventoryTreeModel::groupData(const Group &group, int column, int role) const
{
    const AccountInfo *info = group.accountId.isEmpty() ? nullptr : m_store->account(group.accountId);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            if (group.kind == GroupKind::Location) {
                // The friendliest name any machine there gives.
                const ChildList &list = m_lists[group.list];
                for (NodeRef child : list.full) {
                    if (isSlot(child) && m_store->record(child).locationName != 0)
                        return m_store->symbol(m_store->record(child).locationName);
                }
            }
            return groupLabel(group);
        case StateColumn: return tr("%n machine(s)", nullptr, int(group.shownCount));
        case RegionColumn: return group.kind == GroupKind::Location ? m_store->symbol(group.symbol) : QString();
        case MonthlyCostColumn: return groupCostText(group);
        default: return {};
        }
    case Qt::TextAlignmentRole:
        if (column == MonthlyCostColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole: return column == MonthlyCostColumn ? QVariant(group.cost) : QVariant(groupLabel(group));
    case NodeTypeRole: return int(NodeType::Group);
    case AccountIdRole: return group.accountId;
    case LocationRole: return group.kind == GroupKind::Location ? m_store->symbol(group.symbol) : QString();
    case MonthlyCostRole: return group.cost;
    case MachineCountRole: return qint64(group.shownCount);
    case StaleRole: return info && info->stale;
    case DisabledRole: return info && info->disabled;
    default: return {};
    }
}

QVariant InventoryTreeModel::resourceSortKey(Slot slot, int column) const
{
    const InventoryStore::Record &r = m_store->record(slot);
    switch (column) {
    case NameColumn: return m_store->text(r.name).toString();
    case StateColumn: return int(r.state);
    case KindColumn: return int(r.kind);
    case AccountColumn: return m_store->accountInfoOf(slot).name;
    case RegionColumn: return m_store->symbol(r.location);
    case SizeColumn: return qint64(r.memoryMb) * 1000 + r.vcpus;
    case PublicIpColumn: return ipv4Key(m_store->text(r.publicIps));
    case MonthlyCostColumn: {
        const cost::MachineCost c = m_cost->cost(slot);
        return c.known() ? c.monthly : -1.0;
    }
    case TagsColumn: return tagsText(slot);
    case AgeColumn: return r.createdMs;
    case OwnerColumn: {
        const auto owner = ownerOf(*m_store, slot);
        return owner ? m_store->symbol(*owner) : QString();
    }
    case ExpirationColumn: return expirationOf(*m_store, slot);
    case RestartsColumn: return restartsOf(*m_store, slot);
    case CpuUsageColumn:
    case MemoryUsageColumn: return usageKey(slot, column);
    }
    return {};
}

// metrics-server's figures as kubectl top writes them: CPU in millicores, memory in MiB below one GiB.
QString InventoryTreeModel::formatCpu(double cores)
{
    return QString::number(qRound64(cores * 1000)) + u'm';
}

QString InventoryTreeModel::formatMemory(double mib)
{
    if (mib < 1024)
        return tr("%1 MiB").arg(qRound(mib));
    return tr("%1 GiB").arg(QLocale().toString(mib / 1024, 'f', 1));
}

double InventoryTreeModel::usageKey(Slot slot, int column) const
{
    const auto u = m_store->usage(slot);
    if (!u)
        return -1;
    return column == CpuUsageColumn ? double(u->cpuCores) : double(u->memoryMiB);
}

QString InventoryTreeModel::usageTip(Slot slot, int column) const
{
    const auto u = m_store->usage(slot);
    if (!u)
        return tr("No usage reported (the cluster has no metrics-server, or the resource does not run).");
    const InventoryStore::Record &r = m_store->record(slot);
    if (column == CpuUsageColumn) {
        const QString used = tr("%1 cores in use").arg(QLocale().toString(double(u->cpuCores), 'f', 3));
        return r.vcpus > 0 ? tr("%1, %2% of %3").arg(used).arg(qRound(100 * u->cpuCores / float(r.vcpus))).arg(r.vcpus)
                           : used;
    }
    const QString used = tr("%1 in use").arg(formatMemory(u->memoryMiB));
    return r.memoryMb > 0 ? tr("%1, %2% of %3")
                                .arg(used)
                                .arg(qRound(100 * u->memoryMiB / float(r.memoryMb)))
                                .arg(formatMemory(r.memoryMb))
                          : used;
}

QVariant InventoryTreeModel::resourceData(Slot slot, int column, int role) const
{
    const InventoryStore::Record &r = m_store->record(slot);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return m_store->text(r.name).toString();
        case StateColumn: return stateText(r.state);
        case KindColumn: return kindText(r.kind);
        case AccountColumn: return m_store->accountInfoOf(slot).name;
        case RegionColumn: return m_store->symbol(r.location);
        case SizeColumn: return m_store->symbol(r.sizeId);
        case PublicIpColumn: {
            QStringView ips = m_store->text(r.publicIps);
            if (ips.isEmpty())
                ips = m_store->text(r.privateIps);
            const qsizetype space = ips.indexOf(u' ');
            return (space < 0 ? ips : ips.left(space)).toString();
        }
        case MonthlyCostColumn: {
            const cost::MachineCost c = m_cost->cost(slot);
            return c.known() ? cost::formatMoney(c.monthly, c.currency) : QString();
        }
        case TagsColumn: return tagsText(slot);
        case AgeColumn: return formatAge(r.createdMs, QDateTime::currentMSecsSinceEpoch());
        case OwnerColumn: {
            const auto owner = ownerOf(*m_store, slot);
            return owner ? m_store->symbol(*owner) : QString();
        }
        case ExpirationColumn: {
            const QDateTime when = expirationOf(*m_store, slot);
            return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::ShortFormat) : QString();
        }
        case RestartsColumn: {
            const int restarts = restartsOf(*m_store, slot);
            return restarts >= 0 ? QString::number(restarts) : QString();
        }
        case CpuUsageColumn: {
            const auto u = m_store->usage(slot);
            return u ? formatCpu(u->cpuCores) : QString();
        }
        case MemoryUsageColumn: {
            const auto u = m_store->usage(slot);
            return u ? formatMemory(u->memoryMiB) : QString();
        }
        }
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case TagsColumn: return tagsText(slot);
        case SizeColumn: return m_store->symbol(r.sizeName);
        case PublicIpColumn: {
            QString text = m_store->text(r.publicIps).toString().replace(u' ', u'\n');
            if (r.privateIps.size != 0)
                text += (text.isEmpty() ? QString() : QStringLiteral("\n")) +
                        tr("private: %1").arg(m_store->text(r.privateIps).toString());
            return text;
        }
        case StateColumn: return m_store->symbol(r.providerState);
        case MonthlyCostColumn: {
            const cost::MachineCost c = m_cost->cost(slot);
            if (!c.known())
                return tr("No price known");
            QString tip =
                cost::costSourceText(c.source) + QStringLiteral(": ") +
                tr("%1 a month, %2 an hour")
                    .arg(cost::formatMoney(c.listMonthly, c.currency), cost::formatHourly(c.listHourly, c.currency));
            if (!c.billed)
                tip += u'\n' + tr("Not billed in this state.");
            return tip;
        }
        case AgeColumn:
            return r.createdMs != 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.createdMs).toLocalTime(),
                                                         QLocale::LongFormat)
                                    : QString();
        case CpuUsageColumn:
        case MemoryUsageColumn: return usageTip(slot, column);
        default: return m_store->text(r.name).toString();
        }
    case Qt::TextAlignmentRole:
        if (column == MonthlyCostColumn || column == AgeColumn || column >= RestartsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole: return resourceSortKey(slot, column);
    case NodeTypeRole: return int(NodeType::Machine);
    case AccountIdRole: return m_store->accountOf(slot);
    case MachineIdRole: return m_store->text(r.id).toString();
    case LocationRole: return m_store->symbol(r.location);
    case MachineStateRole: return int(r.state);
    case KindRole: return int(r.kind);
    case MonthlyCostRole: return m_cost->cost(slot).monthly;
    case StaleRole: return m_store->accountInfoOf(slot).stale;
    case DisabledRole: return m_store->accountInfoOf(slot).disabled;
    default: return {};
    }
}

QVariant InventoryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole &&
        (section == MonthlyCostColumn || section == AgeColumn || section >= RestartsColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case StateColumn: return tr("State");
    case KindColumn: return tr("Kind");
    case AccountColumn: return tr("Account");
    case RegionColumn: return tr("Location");
    case SizeColumn: return tr("Size");
    case PublicIpColumn: return tr("IP");
    case MonthlyCostColumn: return tr("Monthly cost");
    case TagsColumn: return tr("Tags");
    case AgeColumn: return tr("Age");
    case OwnerColumn: return tr("Owner");
    case ExpirationColumn: return tr("Expires");
    case RestartsColumn: return tr("Restarts");
    case CpuUsageColumn: return tr("CPU");
    case MemoryUsageColumn: return tr("Memory");
    }
    return {};
}

} // namespace nephele::models
