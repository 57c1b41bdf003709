#include "inventorystore.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

namespace nephele::models {

using drivers::Machine;

namespace {

// Whether `joined` is `parts` joined by single spaces (or newlines), without building the join.
bool joinedEquals(QStringView joined, const QStringList &parts)
{
    qsizetype pos = 0;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &part = parts[i];
        if (i > 0) {
            if (pos >= joined.size())
                return false;
            ++pos; // the separator
        }
        if (joined.mid(pos, part.size()) != part)
            return false;
        pos += part.size();
    }
    return pos == joined.size();
}

QStringList splitJoined(QStringView joined, QChar separator)
{
    QStringList parts;
    if (joined.isEmpty())
        return parts;
    for (QStringView part : joined.split(separator))
        parts.append(part.toString());
    return parts;
}

bool isUnresolved(const InventoryStore::Record &record)
{
    return record.parentId.size != 0 && record.parent == InventoryStore::kNoSlot;
}

} // namespace

InventoryStore::InventoryStore(QObject *parent)
    : QObject(parent)
{}

InventoryStore::~InventoryStore() = default;

// ---- the id index ----------------------------------------------------------------------------

std::optional<InventoryStore::Slot> InventoryStore::findIn(const SlotIndex &index, QStringView id) const
{
    if (index.cells.empty())
        return std::nullopt;
    const size_t mask = index.cells.size() - 1;
    for (size_t i = size_t(qHash(id)) & mask;; i = (i + 1) & mask) {
        const quint32 cell = index.cells[i];
        if (cell == SlotIndex::kEmpty)
            return std::nullopt;
        if (text(m_records[cell].id) == id)
            return Slot(cell);
    }
}

void InventoryStore::rehash(SlotIndex &index, size_t capacity)
{
    std::vector<quint32> old = std::move(index.cells);
    index.cells.assign(capacity, SlotIndex::kEmpty);
    index.count = 0;
    for (quint32 cell : old) {
        if (cell != SlotIndex::kEmpty)
            insertInto(index, Slot(cell));
    }
}

void InventoryStore::insertInto(SlotIndex &index, Slot slot)
{
    // Keep the load under 70%.
    if (index.cells.empty() || (size_t(index.count) + 1) * 10 > index.cells.size() * 7) {
        const size_t wanted = std::max<size_t>(16, std::bit_ceil((size_t(index.count) + 1) * 2));
        rehash(index, wanted);
    }
    const size_t mask = index.cells.size() - 1;
    for (size_t i = size_t(qHash(text(m_records[slot].id))) & mask;; i = (i + 1) & mask) {
        quint32 &cell = index.cells[i];
        if (cell == SlotIndex::kEmpty) {
            cell = slot;
            ++index.count;
            return;
        }
    }
}

void InventoryStore::eraseFrom(SlotIndex &index, Slot slot)
{
    if (index.cells.empty())
        return;
    const size_t mask = index.cells.size() - 1;
    for (size_t i = size_t(qHash(text(m_records[slot].id))) & mask;; i = (i + 1) & mask) {
        const quint32 cell = index.cells[i];
        if (cell == SlotIndex::kEmpty)
            return;
        if (cell == slot) {
            // Backward shift: the entries after it that may sit closer to their home move up, so
            // no tombstone is left. Under a watch's churn tombstones filled the table and forced a
            // rehash of every entry (35 ms at 60,000) on the GUI thread.
            size_t hole = i;
            for (size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
                const quint32 next = index.cells[j];
                if (next == SlotIndex::kEmpty)
                    break;
                const size_t home = size_t(qHash(text(m_records[next].id))) & mask;
                if (((j - home) & mask) >= ((j - hole) & mask)) {
                    index.cells[hole] = next;
                    hole = j;
                }
            }
            index.cells[hole] = SlotIndex::kEmpty;
            --index.count;
            return;
        }
    }
}

// ---- accounts --------------------------------------------------------------------------------

InventoryStore::AccountData *InventoryStore::accountData(const QString &accountId)
{
    auto it = m_accountIndex.constFind(accountId);
    return it == m_accountIndex.constEnd() ? nullptr : &m_accountTable[*it];
}

const InventoryStore::AccountData *InventoryStore::accountData(const QString &accountId) const
{
    auto it = m_accountIndex.constFind(accountId);
    return it == m_accountIndex.constEnd() ? nullptr : &m_accountTable[*it];
}

void InventoryStore::addAccount(const AccountInfo &info)
{
    if (AccountData *data = accountData(info.id)) {
        data->info.name = info.name;
        data->info.provider = info.provider;
        Q_EMIT accountChanged(info.id);
        return;
    }
    // Reuse an empty entry so that adding and removing accounts does not grow the table.
    quint32 index = 0;
    while (index < m_accountTable.size() && m_accountTable[index].used)
        ++index;
    if (index == m_accountTable.size())
        m_accountTable.emplace_back();
    m_accountTable[index] = AccountData{info, {}, {}, {}, 0, 0, true};
    m_accountIndex.insert(info.id, index);
    m_accountOrder.append(info.id);
    Q_EMIT accountAdded(info.id);
}

void InventoryStore::removeAccount(const QString &accountId)
{
    AccountData *data = accountData(accountId);
    if (!data)
        return;
    Q_EMIT accountAboutToBeRemoved(accountId);
    forEachSlot(data->index, [this](Slot slot) {
        Record &record = m_records[slot];
        releaseText(record);
        record.live = false;
        if (slot < m_usage.size())
            m_usage[slot].cpuCores = std::numeric_limits<float>::quiet_NaN();
        m_free.push_back(slot);
        --m_live;
    });
    const quint32 index = m_accountIndex.take(accountId);
    m_accountTable[index] = AccountData{};
    m_accountTable[index].used = false;
    m_accountOrder.removeOne(accountId);
    maybeCompact();
    Q_EMIT accountRemoved(accountId);
}

const AccountInfo *InventoryStore::account(const QString &accountId) const
{
    const AccountData *data = accountData(accountId);
    return data ? &data->info : nullptr;
}

void InventoryStore::setAccountStatus(const QString &accountId, AccountStatus status, const QString &errorSummary,
                                      const QString &errorHint, const QString &errorDetails)
{
    AccountData *data = accountData(accountId);
    if (!data)
        return;
    AccountInfo &info = data->info;
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

void InventoryStore::setAccountSchedule(const QString &accountId, const QDateTime &nextRefresh)
{
    AccountData *data = accountData(accountId);
    if (!data || data->info.nextRefresh == nextRefresh)
        return;
    data->info.nextRefresh = nextRefresh;
    Q_EMIT accountChanged(accountId);
}

void InventoryStore::setAccountDisabled(const QString &accountId, bool disabled)
{
    AccountData *data = accountData(accountId);
    if (!data || data->info.disabled == disabled)
        return;
    data->info.disabled = disabled;
    Q_EMIT accountChanged(accountId);
}

void InventoryStore::markStale(const QString &accountId)
{
    AccountData *data = accountData(accountId);
    if (!data || data->info.stale)
        return;
    data->info.stale = true;
    Q_EMIT accountChanged(accountId);
}

// ---- merging ---------------------------------------------------------------------------------

InventoryStore::MergeStats InventoryStore::mergeListing(const QString &accountId, const QList<Machine> &listing)
{
    return mergeListing(accountId, listing, fingerprints(listing));
}

InventoryStore::MergeStats InventoryStore::mergeListing(const QString &accountId, const QList<Machine> &listing,
                                                        const std::vector<quint64> &prints)
{
    AccountData *data = accountData(accountId);
    if (!data)
        return {};
    const bool precomputed = prints.size() == size_t(listing.size());
    std::vector<Staged> upserts;
    upserts.reserve(size_t(listing.size()));
    for (qsizetype i = 0; i < listing.size(); ++i)
        upserts.push_back({&listing[i], i, precomputed ? prints[size_t(i)] : fingerprint(listing[i])});
    MergeStats stats = apply(*data, upserts, {}, Batch::Listing);
    if (data->info.stale) {
        data->info.stale = false;
        Q_EMIT accountChanged(accountId);
    }
    return stats;
}

quint64 InventoryStore::fingerprint(const Machine &m)
{
    // Every field, length-prefixed, into one buffer, hashed once.
    thread_local std::string buffer;
    buffer.clear();
    auto put = [](const void *data, size_t size) { buffer.append(static_cast<const char *>(data), size); };
    auto text = [&](const QString &s) {
        const auto size = quint32(s.size());
        put(&size, sizeof size);
        put(s.constData(), size_t(s.size()) * 2); // not utf16(): it copies literals and null strings
    };
    auto list = [&](const QStringList &l) {
        const auto size = quint32(l.size());
        put(&size, sizeof size);
        for (const QString &s : l)
            text(s);
    };
    text(m.id);
    text(m.name);
    text(m.providerState);
    text(m.parentId);
    list(m.publicIps);
    list(m.privateIps);
    text(m.sizeId);
    text(m.sizeName);
    text(m.imageId);
    text(m.imageName);
    text(m.location);
    text(m.locationName);
    const auto tagCount = quint32(m.tags.size());
    put(&tagCount, sizeof tagCount);
    for (const drivers::Tag &tag : m.tags) {
        text(tag.key);
        text(tag.value);
    }
    const qint64 created = m.created.isValid() ? m.created.toMSecsSinceEpoch() : 0;
    const struct {
        qint64 created;
        double hourly, monthly;
        qint32 vcpus, memory, disk;
        quint8 kind, state, locked, hasHourly, hasMonthly;
    } numbers{created,
              m.priceHourly.value_or(0),
              m.priceMonthly.value_or(0),
              m.vcpus,
              m.memoryMb,
              m.diskGb,
              quint8(m.kind),
              quint8(m.state),
              quint8(m.locked),
              quint8(m.priceHourly.has_value()),
              quint8(m.priceMonthly.has_value())};
    put(&numbers.created, sizeof numbers.created);
    put(&numbers.hourly, sizeof numbers.hourly);
    put(&numbers.monthly, sizeof numbers.monthly);
    put(&numbers.vcpus, sizeof numbers.vcpus);
    put(&numbers.memory, sizeof numbers.memory);
    put(&numbers.disk, sizeof numbers.disk);
    put(&numbers.kind, 5);
    text(m.currency);
    list(m.volumeIds);
    text(m.networkId);
    list(m.features);
    return quint64(qHashBits(buffer.data(), buffer.size(), 0x6e6570686c65ULL));
}

std::vector<quint64> InventoryStore::fingerprints(const QList<Machine> &listing)
{
    std::vector<quint64> prints;
    prints.reserve(size_t(listing.size()));
    for (const Machine &m : listing)
        prints.push_back(fingerprint(m));
    return prints;
}

InventoryStore::MergeStats InventoryStore::applyEvents(const QString &accountId, const QList<InventoryEvent> &events)
{
    AccountData *data = accountData(accountId);
    if (!data)
        return {};
    // The last event about an id wins.
    QHash<QString, qsizetype> last;
    last.reserve(events.size());
    for (qsizetype i = 0; i < events.size(); ++i)
        last.insert(events[i].machine.id, i);
    std::vector<Staged> upserts;
    QList<Slot> deletions;
    for (qsizetype i = 0; i < events.size(); ++i) {
        const InventoryEvent &event = events[i];
        if (last.value(event.machine.id) != i)
            continue;
        if (event.type == InventoryEvent::Type::Upsert) {
            upserts.push_back({&event.machine, i, fingerprint(event.machine)});
        } else if (auto slot = findIn(data->index, event.machine.id)) {
            deletions.append(*slot);
        }
    }
    return apply(*data, upserts, deletions, Batch::Events);
}

void InventoryStore::setUsage(const QString &accountId, const QList<drivers::ResourceUsage> &usage)
{
    AccountData *data = accountData(accountId);
    if (!data)
        return;
    constexpr float unknown = std::numeric_limits<float>::quiet_NaN();
    if (m_usage.size() < m_records.size())
        m_usage.resize(m_records.size(), Usage{unknown, 0});
    forEachSlot(data->index, [&](Slot slot) { m_usage[slot].cpuCores = unknown; });
    for (const drivers::ResourceUsage &u : usage) {
        if (const auto slot = findIn(data->index, u.id))
            m_usage[*slot] = {float(u.cpuCores), float(double(u.memoryBytes) / 1048576.0)};
    }
    Q_EMIT usageChanged(accountId);
}

void InventoryStore::beginListing(const QString &accountId)
{
    AccountData *data = accountData(accountId);
    if (!data)
        return;
    if (++m_batch == 0) {
        std::fill(m_seen.begin(), m_seen.end(), 0);
        m_batch = 1;
    }
    data->paging = AccountData::Paging{m_batch, {}, false};
}

bool InventoryStore::isListing(const QString &accountId) const
{
    const AccountData *data = accountData(accountId);
    return data && data->paging;
}

InventoryStore::MergeStats InventoryStore::addListingPage(const QString &accountId, const QList<Machine> &page,
                                                          const std::vector<quint64> &prints)
{
    AccountData *data = accountData(accountId);
    if (!data || !data->paging)
        return {};
    const bool precomputed = prints.size() == size_t(page.size());
    std::vector<Staged> upserts;
    upserts.reserve(size_t(page.size()));
    for (qsizetype i = 0; i < page.size(); ++i)
        upserts.push_back({&page[i], i, precomputed ? prints[size_t(i)] : fingerprint(page[i])});
    return apply(*data, upserts, {}, Batch::Page);
}

InventoryStore::MergeStats InventoryStore::endListing(const QString &accountId)
{
    AccountData *data = accountData(accountId);
    if (!data || !data->paging)
        return {};
    const quint32 listed = data->paging->batch;
    QList<Slot> gone;
    forEachSlot(data->index, [&](Slot slot) {
        if (slot >= m_seen.size() || m_seen[slot] != listed)
            gone.append(slot);
    });
    MergeStats stats = apply(*data, {}, gone, Batch::End);
    data->lastListing = std::move(data->paging->positions);
    data->paging.reset();
    if (data->info.stale) {
        data->info.stale = false;
        Q_EMIT accountChanged(accountId);
    }
    return stats;
}

void InventoryStore::abandonListing(const QString &accountId)
{
    AccountData *data = accountData(accountId);
    if (!data || !data->paging)
        return;
    data->paging.reset();
    recomputeCost(*data);
    Q_EMIT accountChanged(accountId);
}

InventoryStore::MergeStats InventoryStore::apply(AccountData &data, const std::vector<Staged> &upserts,
                                                 const QList<Slot> &deletions, Batch kind)
{
    const bool replaceAll = kind == Batch::Listing;
    const bool paged = kind == Batch::Page;
    MergeStats stats;
    InventoryChange change;
    change.accountId = data.info.id;
    const auto accountIndex = quint32(&data - m_accountTable.data());

    // Classify against what the account holds. m_seen marks the slots the batch keeps.
    // A page marks with its listing's number, so the marks add up until the listing ends.
    if (!paged && ++m_batch == 0) {
        std::fill(m_seen.begin(), m_seen.end(), 0);
        m_batch = 1;
    }
    m_seen.resize(m_records.size(), 0);
    const quint32 batch = paged ? data.paging->batch : m_batch;
    const size_t offset = paged ? data.paging->positions.size() : 0; // the page's place in its listing
    auto seen = [&](Slot slot) { return slot < m_seen.size() && m_seen[slot] == batch; };
    std::vector<std::pair<Slot, const Staged *>> changed;
    std::vector<const Staged *> fresh;
    // Providers list in a stable order: the slot at the same position last time is tried first,
    // which spares hashing the id.
    const bool hinted = (replaceAll || paged) && !data.lastListing.empty();
    std::vector<Slot> listed; // a whole listing's
    std::vector<Slot> &positions = paged ? data.paging->positions : listed;
    if (replaceAll || paged)
        positions.reserve(offset + upserts.size());
    for (const Staged &u : upserts) {
        std::optional<Slot> slot;
        if (hinted && offset + size_t(u.listingIndex) < data.lastListing.size()) {
            const Slot guess = data.lastListing[offset + size_t(u.listingIndex)];
            const Record &r = m_records[guess];
            if (r.live && r.account == accountIndex && text(r.id) == u.machine->id)
                slot = guess;
        }
        if (!slot)
            slot = findIn(data.index, u.machine->id);
        if (replaceAll || paged)
            positions.push_back(slot.value_or(kNoSlot));
        if (!slot) {
            fresh.push_back(&u);
            continue;
        }
        if (seen(*slot))
            continue; // listed twice (a page boundary moved): the first wins
        m_seen[*slot] = batch;
        if (m_records[*slot].fingerprint == u.fingerprint)
            ++stats.unchanged;
        else
            changed.emplace_back(*slot, &u);
    }

    // Removals: gone from a full listing, or deleted by an event.
    if (replaceAll) {
        forEachSlot(data.index, [&](Slot slot) {
            if (!seen(slot))
                change.removed.push_back(slot);
        });
    }
    for (Slot slot : deletions) {
        if (!seen(slot) && m_records[slot].live)
            change.removed.push_back(slot);
    }
    std::sort(change.removed.begin(), change.removed.end());
    change.removed.erase(std::unique(change.removed.begin(), change.removed.end()), change.removed.end());
    // An event batch moves the account's cost by what it touched; a listing adds it up again.
    const bool incrementalCost = kind == Batch::Events;
    double costDelta = 0;
    auto cost = [](const Record &record) { return record.hasMonthly ? record.priceMonthly : 0.0; };
    // Parents lose their removed children first, so a pod leaving with its containers leaves no
    // orphan behind (and no search of the account for them).
    for (Slot slot : change.removed) {
        const Record &record = m_records[slot];
        if (record.parent != kNoSlot && m_records[record.parent].live)
            --m_records[record.parent].childCount;
    }
    bool orphans = false;
    for (Slot slot : change.removed) {
        Record &record = m_records[slot];
        stats.removedIds.append(text(record.id).toString());
        if (slot < m_usage.size())
            m_usage[slot].cpuCores = std::numeric_limits<float>::quiet_NaN();
        orphans = orphans || record.childCount > 0;
        costDelta -= cost(record);
        eraseFrom(data.index, slot);
        releaseText(record);
        record.live = false;
        --m_live;
    }

    // Changes in place: the slot and the first-seen order stay.
    QHash<Slot, qsizetype> changedAt; // slot -> position in change.changed
    for (const auto &[slot, u] : changed) {
        Record &record = m_records[slot];
        changedAt.insert(slot, qsizetype(change.changed.size()));
        change.changed.push_back(slot);
        const quint32 fields = changedFields(record, *u->machine);
        change.changedFields.push_back(fields != 0 ? fields : quint32(ChangedField::Other));
        costDelta -= cost(record);
        encode(record, *u->machine); // keeps the text that stayed the same
        costDelta += cost(record);
        record.fingerprint = u->fingerprint;
        stats.upserted.append(u->listingIndex);
    }

    // New resources.
    if (m_free.size() < fresh.size()) {
        const size_t needed = m_records.size() + fresh.size() - m_free.size();
        if (needed > m_records.capacity())
            m_records.reserve(std::max(needed, m_records.capacity() + m_records.capacity() / 2));
    }
    for (const Staged *u : fresh) {
        if (findIn(data.index, u->machine->id))
            continue; // listed twice within the batch
        const Slot slot = allocate();
        Record &record = m_records[slot];
        record = Record{};
        encode(record, *u->machine);
        record.fingerprint = u->fingerprint;
        record.account = accountIndex;
        record.order = m_nextOrder++;
        record.live = true;
        ++m_live;
        costDelta += cost(record);
        insertInto(data.index, slot);
        change.inserted.push_back(slot);
        stats.upserted.append(u->listingIndex);
        if (replaceAll || paged)
            positions[offset + size_t(u->listingIndex)] = slot;
        if (paged) {
            if (m_seen.size() <= slot)
                m_seen.resize(m_records.size(), 0);
            m_seen[slot] = batch;
        }
    }
    if (replaceAll)
        data.lastListing = std::move(positions);

    // Parent links. A parent may come later in the listing than its children, or in a later
    // batch; children of a removed parent become top-level until it comes back.
    auto markParentChanged = [&](Slot slot) {
        auto it = changedAt.constFind(slot);
        if (it != changedAt.constEnd()) {
            change.changedFields[size_t(*it)] |= ChangedField::Parent;
            return;
        }
        changedAt.insert(slot, qsizetype(change.changed.size()));
        change.changed.push_back(slot);
        change.changedFields.push_back(ChangedField::Parent);
    };
    auto resolve = [&](Slot slot) -> bool {
        Record &record = m_records[slot];
        Slot parent = kNoSlot;
        if (record.parentId.size != 0) {
            if (auto found = findIn(data.index, text(record.parentId)); found && *found != slot)
                parent = *found;
        }
        if (parent == record.parent)
            return false;
        if (record.parent != kNoSlot && m_records[record.parent].live)
            --m_records[record.parent].childCount;
        record.parent = parent;
        if (parent != kNoSlot)
            ++m_records[parent].childCount;
        return true;
    };
    size_t newlyUnresolved = 0;
    for (Slot slot : change.inserted) {
        resolve(slot);
        if (isUnresolved(m_records[slot])) {
            ++newlyUnresolved;
            if (paged)
                data.paging->unresolved = true;
        }
    }
    for (const auto &[slot, u] : changed) {
        if (resolve(slot))
            markParentChanged(slot);
        if (isUnresolved(m_records[slot]))
            ++newlyUnresolved;
    }
    // The search for late parents reads the whole account, so it runs only when it can find
    // something: a child waits and a resource came that may be its parent. A page leaves it to
    // the listing's end, as pages land often.
    const bool lateParents = paged                ? false
                             : kind == Batch::End ? data.paging->unresolved || data.unresolved > 0
                                                  : !change.inserted.empty() && data.unresolved > 0;
    data.unresolved += newlyUnresolved;
    if (orphans || lateParents) {
        // Rare: a parent went, or children wait for a parent that may have come.
        std::vector<Slot> pending;
        forEachSlot(data.index, [&](Slot slot) {
            const Record &record = m_records[slot];
            if ((record.parent != kNoSlot && !m_records[record.parent].live) || isUnresolved(record))
                pending.push_back(slot);
        });
        for (Slot slot : pending) {
            Record &record = m_records[slot];
            bool orphaned = false;
            if (record.parent != kNoSlot && !m_records[record.parent].live) {
                record.parent = kNoSlot; // its parent's count went with it
                orphaned = true;
            }
            if (resolve(slot) || orphaned)
                markParentChanged(slot);
        }
        data.unresolved = size_t(
            std::count_if(pending.begin(), pending.end(), [&](Slot slot) { return isUnresolved(m_records[slot]); }));
    }

    stats.inserted = int(change.inserted.size());
    stats.removed = int(change.removed.size());
    stats.changed = int(changed.size());
    if (incrementalCost)
        data.monthlyCost += costDelta;
    else if ((!change.isEmpty() && !paged) || kind == Batch::End)
        recomputeCost(data); // pages: once, at the end
    if (!change.isEmpty())
        Q_EMIT inventoryChanged(change);
    // Released slots are reused only from the next batch on, so a batch never names a slot twice.
    m_free.insert(m_free.end(), change.removed.begin(), change.removed.end());
    maybeCompact();
    return stats;
}

InventoryStore::Slot InventoryStore::allocate()
{
    if (!m_free.empty()) {
        const Slot slot = m_free.back();
        m_free.pop_back();
        return slot;
    }
    if (m_records.size() >= kNoSlot - 2)
        throw std::length_error("inventory full");
    m_records.emplace_back();
    return Slot(m_records.size() - 1);
}

void InventoryStore::recomputeCost(AccountData &data)
{
    double total = 0;
    forEachSlot(data.index, [&](Slot slot) {
        const Record &record = m_records[slot];
        if (record.hasMonthly)
            total += record.priceMonthly;
    });
    data.monthlyCost = total;
}

void InventoryStore::maybeCompact()
{
    if (!m_arena.wantsCompaction())
        return;
    m_arena.compact([this](const auto &visit) {
        for (Record &record : m_records) {
            if (!record.live)
                continue;
            visit(record.id);
            visit(record.name);
            visit(record.publicIps);
            visit(record.privateIps);
            visit(record.volumeIds);
            visit(record.parentId);
        }
    });
}

// ---- encoding --------------------------------------------------------------------------------

void InventoryStore::releaseText(Record &record)
{
    for (StringArena::Ref *ref :
         {&record.id, &record.name, &record.publicIps, &record.privateIps, &record.volumeIds, &record.parentId}) {
        m_arena.release(*ref);
        *ref = {};
    }
}

void InventoryStore::encode(Record &record, const Machine &m)
{
    // A watch changes a pod's state far more often than its names: text that stayed the same is
    // kept, so the arena does not fill with copies of it.
    auto keepOrAdd = [this](StringArena::Ref &ref, QStringView text) {
        if (m_arena.view(ref) != text) {
            m_arena.release(ref);
            ref = m_arena.add(text);
        }
    };
    auto keepOrJoin = [this](StringArena::Ref &ref, const QStringList &parts) {
        if (!joinedEquals(m_arena.view(ref), parts)) {
            m_arena.release(ref);
            ref = m_arena.addJoined(parts, u' ');
        }
    };
    keepOrAdd(record.id, m.id);
    keepOrAdd(record.name, m.name);
    keepOrJoin(record.publicIps, m.publicIps);
    keepOrJoin(record.privateIps, m.privateIps);
    keepOrJoin(record.volumeIds, m.volumeIds);
    keepOrAdd(record.parentId, m.parentId);
    record.location = m_symbols.intern(m.location);
    record.locationName = m_symbols.intern(m.locationName);
    record.sizeId = m_symbols.intern(m.sizeId);
    record.sizeName = m_symbols.intern(m.sizeName);
    record.imageId = m_symbols.intern(m.imageId);
    record.imageName = m_symbols.intern(m.imageName);
    record.providerState = m_symbols.intern(m.providerState);
    record.networkId = m_symbols.intern(m.networkId);
    record.currency = m_symbols.intern(m.currency);
    record.features = m.features.isEmpty() ? 0 : m_symbols.intern(m.features.join(u'\n'));
    TagSetTable::Tags tags;
    tags.reserve(size_t(m.tags.size()));
    for (const drivers::Tag &tag : m.tags)
        tags.emplace_back(m_symbols.intern(tag.key), m_symbols.intern(tag.value));
    record.tags = m_tagSets.intern(tags);
    record.kind = m.kind;
    record.state = m.state;
    record.locked = m.locked;
    record.vcpus = quint16(std::clamp(m.vcpus, 0, 0xffff));
    record.memoryMb = quint32(std::max(m.memoryMb, 0));
    record.diskGb = quint32(std::max(m.diskGb, 0));
    record.hasHourly = m.priceHourly.has_value();
    record.priceHourly = m.priceHourly.value_or(0);
    record.hasMonthly = m.priceMonthly.has_value();
    record.priceMonthly = m.priceMonthly.value_or(0);
    record.createdMs = m.created.isValid() ? m.created.toMSecsSinceEpoch() : 0;
}

quint32 InventoryStore::changedFields(const Record &r, const Machine &m) const
{
    quint32 fields = 0;
    if (text(r.name) != m.name)
        fields |= ChangedField::Name;
    if (r.state != m.state || symbol(r.providerState) != m.providerState || r.locked != m.locked)
        fields |= ChangedField::State;
    if (symbol(r.location) != m.location || symbol(r.locationName) != m.locationName)
        fields |= ChangedField::Location;
    if (symbol(r.sizeId) != m.sizeId || symbol(r.sizeName) != m.sizeName ||
        r.vcpus != quint16(std::clamp(m.vcpus, 0, 0xffff)) || r.memoryMb != quint32(std::max(m.memoryMb, 0)) ||
        r.diskGb != quint32(std::max(m.diskGb, 0)))
        fields |= ChangedField::Size;
    if (!joinedEquals(text(r.publicIps), m.publicIps) || !joinedEquals(text(r.privateIps), m.privateIps))
        fields |= ChangedField::Addresses;
    const TagSetTable::Tags &tags = m_tagSets.tags(r.tags);
    bool sameTags = tags.size() == size_t(m.tags.size());
    for (size_t i = 0; sameTags && i < tags.size(); ++i) {
        sameTags =
            symbol(tags[i].first) == m.tags[qsizetype(i)].key && symbol(tags[i].second) == m.tags[qsizetype(i)].value;
    }
    if (!sameTags)
        fields |= ChangedField::Tags;
    if (r.hasHourly != m.priceHourly.has_value() || r.priceHourly != m.priceHourly.value_or(0) ||
        r.hasMonthly != m.priceMonthly.has_value() || r.priceMonthly != m.priceMonthly.value_or(0) ||
        symbol(r.currency) != m.currency)
        fields |= ChangedField::Price;
    if (text(r.parentId) != m.parentId)
        fields |= ChangedField::Parent;
    if (symbol(r.imageId) != m.imageId || symbol(r.imageName) != m.imageName)
        fields |= ChangedField::Image;
    const qint64 created = m.created.isValid() ? m.created.toMSecsSinceEpoch() : 0;
    if (r.kind != m.kind || r.createdMs != created || !joinedEquals(text(r.volumeIds), m.volumeIds) ||
        symbol(r.networkId) != m.networkId || symbol(r.features) != m.features.join(u'\n'))
        fields |= ChangedField::Other;
    return fields;
}

// ---- reading ---------------------------------------------------------------------------------

std::optional<InventoryStore::Symbol> InventoryStore::tagValue(Slot slot, Symbol key) const
{
    for (const auto &[k, v] : m_tagSets.tags(m_records[slot].tags)) {
        if (k == key)
            return v;
    }
    return std::nullopt;
}

Machine InventoryStore::machine(Slot slot) const
{
    const Record &r = m_records[slot];
    Machine m;
    m.id = text(r.id).toString();
    m.name = text(r.name).toString();
    m.kind = r.kind;
    m.state = r.state;
    m.providerState = symbol(r.providerState);
    m.parentId = text(r.parentId).toString();
    m.publicIps = splitJoined(text(r.publicIps), u' ');
    m.privateIps = splitJoined(text(r.privateIps), u' ');
    m.sizeId = symbol(r.sizeId);
    m.sizeName = symbol(r.sizeName);
    m.imageId = symbol(r.imageId);
    m.imageName = symbol(r.imageName);
    m.location = symbol(r.location);
    m.locationName = symbol(r.locationName);
    for (const auto &[k, v] : m_tagSets.tags(r.tags))
        m.tags.append(drivers::Tag{symbol(k), symbol(v)});
    if (r.createdMs != 0)
        m.created = QDateTime::fromMSecsSinceEpoch(r.createdMs, Qt::UTC);
    m.vcpus = r.vcpus;
    m.memoryMb = int(r.memoryMb);
    m.diskGb = int(r.diskGb);
    if (r.hasHourly)
        m.priceHourly = r.priceHourly;
    if (r.hasMonthly)
        m.priceMonthly = r.priceMonthly;
    m.currency = symbol(r.currency);
    m.locked = r.locked;
    m.volumeIds = splitJoined(text(r.volumeIds), u' ');
    m.networkId = symbol(r.networkId);
    m.features = splitJoined(symbol(r.features), u'\n');
    return m;
}

std::optional<InventoryStore::Slot> InventoryStore::find(const QString &accountId, QStringView resourceId) const
{
    const AccountData *data = accountData(accountId);
    return data ? findIn(data->index, resourceId) : std::nullopt;
}

QList<InventoryStore::Slot> InventoryStore::machinesOf(const QString &accountId) const
{
    const AccountData *data = accountData(accountId);
    if (!data)
        return {};
    QList<Slot> slots;
    slots.reserve(data->index.count);
    forEachSlot(data->index, [&](Slot slot) { slots.append(slot); });
    std::sort(slots.begin(), slots.end(), [this](Slot a, Slot b) { return m_records[a].order < m_records[b].order; });
    return slots;
}

qsizetype InventoryStore::machineCount(const QString &accountId) const
{
    const AccountData *data = accountData(accountId);
    return data ? qsizetype(data->index.count) : 0;
}

double InventoryStore::monthlyCost(const QString &accountId) const
{
    const AccountData *data = accountData(accountId);
    return data ? data->monthlyCost : 0;
}

size_t InventoryStore::memoryBytes() const
{
    size_t total = m_records.capacity() * sizeof(Record) + m_free.capacity() * sizeof(Slot);
    for (const AccountData &data : m_accountTable)
        total += data.index.cells.capacity() * sizeof(quint32);
    total += m_arena.bytes() + m_symbols.bytes() + m_tagSets.bytes();
    return total;
}

} // namespace nephele::models
