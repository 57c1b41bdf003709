#include "inventorystore.h"

#include <QSet>

#include <algorithm>

namespace nephele::models {

using drivers::Machine;

InventoryStore::InventoryStore(QObject *parent)
    : QObject(parent)
{}

InventoryStore::~InventoryStore() = default;

void InventoryStore::addAccount(const AccountInfo &info)
{
    if (m_accounts.contains(info.id)) {
        AccountData &data = m_accounts[info.id];
        data.info.name = info.name;
        data.info.provider = info.provider;
        Q_EMIT accountChanged(info.id);
        return;
    }
    m_accounts.insert(info.id, AccountData{info, {}});
    m_accountOrder.append(info.id);
    Q_EMIT accountAdded(info.id);
}

void InventoryStore::removeAccount(const QString &accountId)
{
    auto it = m_accounts.find(accountId);
    if (it == m_accounts.end())
        return;
    Q_EMIT accountAboutToBeRemoved(accountId);
    for (Slot slot : std::as_const(it->byMachineId))
        release(slot);
    m_accounts.erase(it);
    m_accountOrder.removeOne(accountId);
    Q_EMIT accountRemoved(accountId);
}

const AccountInfo *InventoryStore::account(const QString &accountId) const
{
    auto it = m_accounts.constFind(accountId);
    return it == m_accounts.constEnd() ? nullptr : &it->info;
}

void InventoryStore::setAccountStatus(const QString &accountId, AccountStatus status, const QString &errorSummary,
                                      const QString &errorHint, const QString &errorDetails)
{
    auto it = m_accounts.find(accountId);
    if (it == m_accounts.end())
        return;
    AccountInfo &info = it->info;
    info.status = status;
    info.errorSummary = errorSummary;
    info.errorHint = errorHint;
    info.errorDetails = errorDetails;
    if (status == AccountStatus::Ok) {
        info.lastSuccess = QDateTime::currentDateTimeUtc();
        info.stale = false;
    }
    Q_EMIT accountChanged(accountId);
}

InventoryStore::MergeStats InventoryStore::mergeListing(const QString &accountId, const QList<Machine> &listing)
{
    MergeStats stats;
    auto it = m_accounts.find(accountId);
    if (it == m_accounts.end())
        return stats;

    // Classify every listed machine against what the account holds.
    QHash<QString, Slot> &known = it->byMachineId;
    QSet<Slot> seen;
    seen.reserve(listing.size());
    QList<Slot> changed;
    QList<const Machine *> fresh;
    for (const Machine &m : listing) {
        auto k = known.constFind(m.id);
        if (k == known.constEnd()) {
            fresh.append(&m);
            continue;
        }
        if (seen.contains(*k))
            continue; // a provider listing a machine twice (pagination overlap): first wins
        seen.insert(*k);
        if (m_slots[*k]->machine == m)
            ++stats.unchanged;
        else
            changed.append(*k);
    }

    QList<Slot> removed;
    for (auto k = known.constBegin(); k != known.constEnd(); ++k) {
        if (!seen.contains(*k))
            removed.append(*k);
    }

    if (!removed.isEmpty()) {
        std::sort(removed.begin(), removed.end());
        Q_EMIT machinesAboutToBeRemoved(accountId, removed);
        for (Slot slot : std::as_const(removed)) {
            known.remove(m_slots[slot]->machine.id);
            release(slot);
        }
        stats.removed = int(removed.size());
        Q_EMIT machinesRemoved(accountId, removed);
    }

    if (!changed.isEmpty()) {
        // Find the new record for each changed slot.
        QHash<QString, const Machine *> byId;
        for (const Machine &m : listing)
            byId.insert(m.id, &m);
        for (Slot slot : std::as_const(changed))
            m_slots[slot]->machine = *byId.value(m_slots[slot]->machine.id);
        stats.changed = int(changed.size());
        Q_EMIT machinesChanged(accountId, changed);
    }

    if (!fresh.isEmpty()) {
        Q_EMIT machinesAboutToBeInserted(accountId, fresh.size());
        QList<Slot> inserted;
        inserted.reserve(fresh.size());
        for (const Machine *m : std::as_const(fresh)) {
            if (known.contains(m->id))
                continue; // duplicate within the listing itself
            const Slot slot = allocate(Entry{accountId, *m, m_nextOrder++});
            known.insert(m->id, slot);
            inserted.append(slot);
        }
        stats.inserted = int(inserted.size());
        Q_EMIT machinesInserted(accountId, inserted);
    }

    if (it->info.stale) {
        it->info.stale = false;
        Q_EMIT accountChanged(accountId);
    }
    return stats;
}

void InventoryStore::markStale(const QString &accountId)
{
    auto it = m_accounts.find(accountId);
    if (it == m_accounts.end() || it->info.stale)
        return;
    it->info.stale = true;
    Q_EMIT accountChanged(accountId);
}

std::optional<InventoryStore::Slot> InventoryStore::find(const QString &accountId, const QString &machineId) const
{
    auto it = m_accounts.constFind(accountId);
    if (it == m_accounts.constEnd())
        return std::nullopt;
    auto k = it->byMachineId.constFind(machineId);
    if (k == it->byMachineId.constEnd())
        return std::nullopt;
    return *k;
}

QList<InventoryStore::Slot> InventoryStore::machinesOf(const QString &accountId) const
{
    auto it = m_accounts.constFind(accountId);
    if (it == m_accounts.constEnd())
        return {};
    QList<Slot> slots(it->byMachineId.cbegin(), it->byMachineId.cend());
    std::sort(slots.begin(), slots.end(), [this](Slot a, Slot b) { return m_slots[a]->order < m_slots[b]->order; });
    return slots;
}

qsizetype InventoryStore::machineCount(const QString &accountId) const
{
    auto it = m_accounts.constFind(accountId);
    return it == m_accounts.constEnd() ? 0 : it->byMachineId.size();
}

double InventoryStore::monthlyCost(const QString &accountId) const
{
    auto it = m_accounts.constFind(accountId);
    if (it == m_accounts.constEnd())
        return 0;
    double total = 0;
    for (Slot slot : it->byMachineId)
        total += m_slots[slot]->machine.priceMonthly.value_or(0);
    return total;
}

InventoryStore::Slot InventoryStore::allocate(Entry entry)
{
    ++m_live;
    if (!m_free.empty()) {
        const Slot slot = m_free.back();
        m_free.pop_back();
        m_slots[slot] = std::move(entry);
        return slot;
    }
    m_slots.emplace_back(std::move(entry));
    return Slot(m_slots.size() - 1);
}

void InventoryStore::release(Slot slot)
{
    --m_live;
    m_slots[slot].reset();
    m_free.push_back(slot);
}

} // namespace nephele::models
