#include "costmodel.h"

#include "cost/costhistory.h"
#include "driverfactory.h"
#include "inventory/resourcetags.h"

#include <QMap>

#include <algorithm>
#include <queue>

namespace nephele::models::cost {

namespace {

constexpr qint64 kHourMs = qint64(3600) * 1000;
constexpr int kSampleDelayMs = 2000; // a burst of refreshes gives one sample
constexpr qint64 kBreakdownMaxAgeMs = qint64(60) * 1000;

// A value for the search box, quoted when it must be; empty when the syntax cannot hold it.
std::optional<QString> searchValue(const QString &value)
{
    if (value.contains(u'"'))
        return std::nullopt;
    return u'"' + value + u'"';
}

struct BucketSet {
    QList<RateBucket> buckets;
    QHash<QString, qsizetype> index; // key + '\x1f' + currency

    RateBucket &at(const QString &key, const QString &currency, const std::function<void(RateBucket &)> &init)
    {
        const QString id = key + u'\x1f' + currency;
        auto it = index.constFind(id);
        if (it != index.constEnd())
            return buckets[*it];
        RateBucket bucket;
        bucket.key = key;
        bucket.currency = currency;
        init(bucket);
        index.insert(id, buckets.size());
        buckets.append(bucket);
        return buckets.last();
    }
    QList<RateBucket> sorted() &&
    {
        std::stable_sort(buckets.begin(), buckets.end(),
                         [](const RateBucket &a, const RateBucket &b) { return a.monthly > b.monthly; });
        return std::move(buckets);
    }
};

// An email as an owner tag holds it (models/provisioning writes owner tags this way): what a
// provider's tag cannot hold becomes '_'.
QString tagSafe(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        const bool safe = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
                          u == u'_' || u == u'-' || u == u':';
        if (!safe)
            c = u'_';
    }
    return out;
}

// The tags a team's machine-creating ALLOW rules give new machines: carrying all of one set
// makes a machine the team's.
QList<QMap<QString, QString>> teamTagSets(const policy::Team &team)
{
    QList<QMap<QString, QString>> sets;
    for (const policy::Rule &rule : team.rules) {
        const bool createsMachines = rule.op == policy::Operator::Allow &&
                                     (rule.rtype.isEmpty() || rule.rtype == u"machine") &&
                                     (rule.matchesAnyAction() || rule.action == u"create");
        if (createsMachines && !rule.rtags.isEmpty())
            sets << rule.rtags;
    }
    return sets;
}

void add(RateBucket &bucket, const MachineCost &cost)
{
    bucket.hourly += cost.hourly;
    bucket.monthly += cost.monthly;
    ++bucket.machines;
}

} // namespace

const CurrencyTotal *CostBreakdown::total(const QString &currency) const
{
    for (const CurrencyTotal &t : totals) {
        if (t.currency == currency)
            return &t;
    }
    return nullptr;
}

CostModel::CostModel(InventoryStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_resolver({}, [](QStringView provider) { return drivers::capabilitiesFor(provider.toString()); })
{
    m_resolver.setToday(now().date());
    m_changeTimer.setSingleShot(true);
    m_changeTimer.setInterval(250);
    connect(&m_changeTimer, &QTimer::timeout, this, &CostModel::changed);
    m_sampleTimer.setSingleShot(true);
    connect(&m_sampleTimer, &QTimer::timeout, this, [this] {
        if (!sampleNow() && readyToSample()) {
            // Too soon after the last sample: take it when the interval is over.
            const qint64 wait = m_lastSampleMs + m_sampleIntervalMs - now().toMSecsSinceEpoch();
            m_sampleTimer.start(int(std::clamp<qint64>(wait, 1000, m_sampleIntervalMs)));
        }
    });
    // A sample now and then even when nothing changes, so the history has no holes; and the
    // month's length follows the calendar.
    m_heartbeat.setInterval(10 * 60 * 1000);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        checkMonth();
        if (m_history)
            scheduleSample();
    });
    m_heartbeat.start();

    connect(m_store, &InventoryStore::inventoryChanged, this, [this](const InventoryChange &) { invalidate(); });
    connect(m_store, &InventoryStore::accountAdded, this, [this] { invalidate(); });
    connect(m_store, &InventoryStore::accountRemoved, this, [this] { invalidate(); });
    connect(m_store, &InventoryStore::accountChanged, this, [this] { invalidate(); });
}

CostModel::~CostModel() = default;

void CostModel::setSettings(CostSettings settings)
{
    if (settings == m_resolver.settings())
        return;
    m_resolver.setSettings(std::move(settings));
    m_dirty = true;
    Q_EMIT pricesChanged();
    invalidate();
}

QString CostModel::loadSettings(const QString &path)
{
    auto settings = CostSettings::load(path);
    if (!settings) {
        Q_EMIT problem(settings.error());
        return settings.error();
    }
    setSettings(*settings);
    return {};
}

void CostModel::setPolicy(std::optional<policy::Policy> policy)
{
    m_policy = std::move(policy);
    m_teamCache.clear();
    invalidate();
}

void CostModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    checkMonth();
    invalidate();
}

QDateTime CostModel::now() const
{
    return (m_clock ? m_clock() : QDateTime::currentDateTimeUtc()).toUTC();
}

void CostModel::checkMonth()
{
    const QDate today = now().date();
    const QDate known = m_resolver.today();
    m_resolver.setToday(today);
    if (today.year() != known.year() || today.month() != known.month()) {
        m_dirty = true;
        Q_EMIT pricesChanged();
        invalidate();
    }
}

void CostModel::invalidate()
{
    m_dirty = true;
    m_changeTimer.start();
    scheduleSample();
}

// ---- one machine ------------------------------------------------------------------------------

const CostModel::TagCosts &CostModel::tagCostsOf(TagSetTable::TagSetId id) const
{
    if (id >= m_tagCosts.size())
        m_tagCosts.resize(size_t(id) + 64);
    TagCosts &costs = m_tagCosts[id];
    if (!costs.computed) {
        costs.computed = true;
        for (const auto &[k, v] : m_store->tagsOfSet(id)) {
            const QString &key = m_store->symbol(k);
            if (!costs.hasMonthly && key.compare(kCostPerMonthTag, Qt::CaseInsensitive) == 0) {
                costs.hasMonthly = true;
                costs.monthly = v;
            } else if (!costs.hasHourly && key.compare(kCostPerHourTag, Qt::CaseInsensitive) == 0) {
                costs.hasHourly = true;
                costs.hourly = v;
            }
        }
    }
    return costs;
}

CostInput CostModel::inputOf(Slot slot) const
{
    const InventoryStore::Record &r = m_store->record(slot);
    const AccountInfo &account = m_store->accountInfoOf(slot);
    CostInput in;
    in.accountId = account.id;
    in.provider = account.provider;
    in.sizeId = m_store->symbol(r.sizeId);
    in.location = m_store->symbol(r.location);
    in.currency = m_store->symbol(r.currency);
    in.kind = r.kind;
    in.state = r.state;
    in.vcpus = r.vcpus;
    in.memoryMb = int(r.memoryMb);
    in.diskGb = int(r.diskGb);
    if (r.hasHourly)
        in.priceHourly = r.priceHourly;
    if (r.hasMonthly)
        in.priceMonthly = r.priceMonthly;
    const TagCosts &tags = tagCostsOf(r.tags);
    if (tags.hasMonthly)
        in.tagMonthly = QStringView(m_store->symbol(tags.monthly));
    if (tags.hasHourly)
        in.tagHourly = QStringView(m_store->symbol(tags.hourly));
    return in;
}

MachineCost CostModel::cost(Slot slot) const
{
    return m_resolver.resolve(inputOf(slot));
}

MachineCost CostModel::explain(Slot slot, CostExplanation *why) const
{
    return m_resolver.resolve(inputOf(slot), why);
}

QList<int> CostModel::teamIndexesOf(Slot slot) const
{
    if (!m_policy || m_policy->teams.isEmpty())
        return {};
    const TagSetTable::TagSetId tagSet = m_store->record(slot).tags;
    auto it = m_teamCache.constFind(tagSet);
    if (it != m_teamCache.constEnd())
        return *it;
    const auto owner = ownerOf(*m_store, slot);
    const QString who = owner ? m_store->symbol(*owner) : QString();
    QList<int> teams;
    for (int i = 0; i < int(m_policy->teams.size()); ++i) {
        const policy::Team &team = m_policy->teams.at(i);
        bool ours = false;
        for (const QString &member : team.members) {
            if (!who.isEmpty() && (who.compare(member, Qt::CaseInsensitive) == 0 ||
                                   who.compare(tagSafe(member), Qt::CaseInsensitive) == 0)) {
                ours = true;
                break;
            }
        }
        for (const auto &rtags : teamTagSets(team)) {
            if (ours)
                break;
            ours = std::all_of(rtags.keyValueBegin(), rtags.keyValueEnd(), [&](const auto &kv) {
                const auto key = m_store->symbols().find(kv.first);
                const auto value = key ? m_store->tagValue(slot, *key) : std::nullopt;
                return value && (kv.second.isEmpty() || m_store->symbol(*value) == kv.second);
            });
        }
        if (ours)
            teams.append(i);
    }
    m_teamCache.insert(tagSet, teams);
    return teams;
}

QStringList CostModel::teamsOf(Slot slot) const
{
    QStringList names;
    for (int i : teamIndexesOf(slot))
        names << m_policy->teams.at(i).name;
    return names;
}

// ---- the whole inventory ----------------------------------------------------------------------

const CostBreakdown &CostModel::breakdown() const
{
    if (m_dirty || !m_breakdown.at.isValid() || m_breakdown.at.msecsTo(now()) >= kBreakdownMaxAgeMs ||
        m_breakdown.at.msecsTo(now()) < 0)
        compute();
    return m_breakdown;
}

void CostModel::compute() const
{
    CostBreakdown b;
    b.at = now();
    const qint64 nowMs = b.at.toMSecsSinceEpoch();
    const QDate today = b.at.date();
    const qint64 monthStartMs =
        QDateTime(QDate(today.year(), today.month(), 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 monthEndMs =
        QDateTime(QDate(today.year(), today.month(), 1).addMonths(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();

    QList<CurrencyTotal> totals;
    auto totalFor = [&](const QString &currency) -> CurrencyTotal & {
        for (CurrencyTotal &t : totals) {
            if (t.currency == currency)
                return t;
        }
        totals.append(CurrencyTotal{currency});
        return totals.last();
    };
    BucketSet accounts, locations, teams;
    std::vector<int> machinesPerTagSet; // tag keys are counted per tag set, then per key

    QHash<QString, int> nameCount;
    for (const QString &id : m_store->accountIds()) {
        if (const AccountInfo *info = m_store->account(id))
            ++nameCount[info->name];
    }

    for (const QString &accountId : m_store->accountIds()) {
        const AccountInfo *info = m_store->account(accountId);
        if (!info)
            continue;
        for (Slot slot : m_store->machinesOf(accountId)) {
            ++b.machines;
            const InventoryStore::Record &r = m_store->record(slot);
            if (r.tags >= machinesPerTagSet.size())
                machinesPerTagSet.resize(size_t(r.tags) + 64, 0);
            ++machinesPerTagSet[r.tags];
            const MachineCost c = cost(slot);
            if (!c.known()) {
                if (isBilledOnItsOwn(r.kind))
                    ++b.unpriced;
                continue;
            }
            CurrencyTotal &t = totalFor(c.currency);
            t.hourly += c.hourly;
            t.monthly += c.monthly;
            ++t.machines;
            if (c.billed && c.hourly > 0) {
                const qint64 start = std::max(monthStartMs, r.createdMs > 0 ? r.createdMs : monthStartMs);
                if (start < nowMs)
                    t.monthToDate += std::min(c.hourly * double(nowMs - start) / double(kHourMs), c.monthly);
                if (start < monthEndMs)
                    t.forecast += std::min(c.hourly * double(monthEndMs - start) / double(kHourMs), c.monthly);
            }
            add(accounts.at(accountId, c.currency,
                            [&](RateBucket &bucket) {
                                bucket.label = info->name;
                                bucket.query = accountQuery(info->name, info->id, nameCount.value(info->name) == 1);
                            }),
                c);
            const QString &location = m_store->symbol(r.location);
            add(locations.at(location, c.currency,
                             [&](RateBucket &bucket) {
                                 bucket.label = location.isEmpty() ? tr("(no location)") : location;
                                 bucket.query = location.isEmpty() ? QString() : locationQuery(location);
                             }),
                c);
            for (int team : teamIndexesOf(slot)) {
                const QString &name = m_policy->teams.at(team).name;
                add(teams.at(name, c.currency,
                             [&](RateBucket &bucket) {
                                 bucket.label = name;
                                 bucket.query = teamQuery(name);
                             }),
                    c);
            }
        }
    }
    // A machine created before the month began that the loop counted with the month's start:
    // the forecast can only be at least what is spent so far.
    for (CurrencyTotal &t : totals)
        t.forecast = std::max(t.forecast, t.monthToDate);
    std::stable_sort(totals.begin(), totals.end(),
                     [](const CurrencyTotal &a, const CurrencyTotal &c) { return a.monthly > c.monthly; });
    b.totals = totals;
    b.byAccount = std::move(accounts).sorted();
    b.byLocation = std::move(locations).sorted();
    b.byTeam = std::move(teams).sorted();

    QHash<InventoryStore::Symbol, int> tagKeyCounts;
    for (size_t set = 0; set < machinesPerTagSet.size(); ++set) {
        if (machinesPerTagSet[set] == 0)
            continue;
        for (const auto &[k, v] : m_store->tagsOfSet(TagSetTable::TagSetId(set))) {
            Q_UNUSED(v)
            tagKeyCounts[k] += machinesPerTagSet[set];
        }
    }
    QList<std::pair<int, InventoryStore::Symbol>> keys;
    for (auto it = tagKeyCounts.cbegin(); it != tagKeyCounts.cend(); ++it) {
        const QString &key = m_store->symbol(it.key());
        if (key.compare(kCostPerMonthTag, Qt::CaseInsensitive) == 0 ||
            key.compare(kCostPerHourTag, Qt::CaseInsensitive) == 0)
            continue;
        keys.append({it.value(), it.key()});
    }
    std::sort(keys.begin(), keys.end(), [this](const auto &a, const auto &c) {
        return a.first != c.first ? a.first > c.first : m_store->symbol(a.second) < m_store->symbol(c.second);
    });
    for (const auto &[count, symbol] : keys) {
        Q_UNUSED(count)
        b.tagKeys << m_store->symbol(symbol);
    }

    if (m_policy) {
        std::optional<double> totalLimit;
        for (const policy::Team &team : m_policy->teams) {
            const auto quota = m_policy->costQuota(team.name);
            if (!quota)
                continue;
            if (quota->maxTotalRunRate)
                totalLimit = std::min(totalLimit.value_or(*quota->maxTotalRunRate), *quota->maxTotalRunRate);
            if (!quota->maxTeamRunRate)
                continue;
            QuotaStatus status;
            status.team = team.name;
            status.limit = *quota->maxTeamRunRate;
            for (const RateBucket &bucket : std::as_const(b.byTeam)) {
                if (bucket.key != team.name)
                    continue;
                if (bucket.currency == u"USD")
                    status.used += bucket.monthly;
                else if (bucket.machines > 0)
                    status.checkable = false;
            }
            b.quotas.append(status);
        }
        if (totalLimit) {
            QuotaStatus status;
            status.limit = *totalLimit;
            for (const CurrencyTotal &t : std::as_const(b.totals)) {
                if (t.currency == u"USD")
                    status.used += t.monthly;
                else if (t.machines > 0)
                    status.checkable = false;
            }
            b.quotas.prepend(status);
        }
    }
    m_breakdown = std::move(b);
    m_dirty = false;
}

QList<RateBucket> CostModel::byTag(const QString &key) const
{
    BucketSet buckets;
    const std::optional<InventoryStore::Symbol> keySymbol = m_store->symbols().find(key);
    for (const QString &accountId : m_store->accountIds()) {
        for (Slot slot : m_store->machinesOf(accountId)) {
            const MachineCost c = cost(slot);
            if (!c.known())
                continue;
            std::optional<InventoryStore::Symbol> value;
            if (keySymbol)
                value = m_store->tagValue(slot, *keySymbol);
            const QString valueText = value ? m_store->symbol(*value) : QString();
            const QString bucketKey = value ? u'=' + valueText : QString();
            add(buckets.at(bucketKey, c.currency,
                           [&](RateBucket &bucket) {
                               bucket.key = valueText;
                               bucket.label = !value ? tr("(no %1)").arg(key) : valueText.isEmpty() ? key : valueText;
                               bucket.query = tagQuery(key, value ? std::optional(valueText) : std::nullopt);
                           }),
                c);
        }
    }
    return std::move(buckets).sorted();
}

QList<TopMachine> CostModel::top(int count, const QString &currency) const
{
    using Entry = std::pair<double, Slot>;
    auto greater = [](const Entry &a, const Entry &b) { return a.first > b.first; };
    std::priority_queue<Entry, std::vector<Entry>, decltype(greater)> heap(greater); // the smallest on top
    for (const QString &accountId : m_store->accountIds()) {
        for (Slot slot : m_store->machinesOf(accountId)) {
            const MachineCost c = cost(slot);
            if (!c.known() || c.currency != currency || c.monthly <= 0)
                continue;
            if (int(heap.size()) < count) {
                heap.emplace(c.monthly, slot);
            } else if (count > 0 && c.monthly > heap.top().first) {
                heap.pop();
                heap.emplace(c.monthly, slot);
            }
        }
    }
    QList<TopMachine> out;
    while (!heap.empty()) {
        const Slot slot = heap.top().second;
        heap.pop();
        const MachineCost c = cost(slot);
        TopMachine m;
        m.slot = slot;
        m.name = m_store->name(slot).toString();
        m.machineId = m_store->id(slot).toString();
        m.accountId = m_store->accountOf(slot);
        m.accountName = m_store->accountInfoOf(slot).name;
        m.currency = c.currency;
        m.monthly = c.monthly;
        m.hourly = c.hourly;
        m.source = c.source;
        m.query = machineQuery(m.accountId, m.machineId);
        out.prepend(m);
    }
    return out;
}

QList<QPointF> CostModel::estimatedHistory(const QString &currency) const
{
    std::vector<std::pair<qint64, double>> events;
    double base = 0; // machines without a creation date count from the start
    for (const QString &accountId : m_store->accountIds()) {
        for (Slot slot : m_store->machinesOf(accountId)) {
            const MachineCost c = cost(slot);
            if (!c.known() || c.currency != currency || c.monthly <= 0)
                continue;
            const qint64 created = m_store->record(slot).createdMs;
            if (created > 0)
                events.emplace_back(created, c.monthly);
            else
                base += c.monthly;
        }
    }
    std::sort(events.begin(), events.end());
    QList<QPointF> points;
    if (events.empty())
        return points;
    points.reserve(qsizetype(events.size()) * 2 + 1);
    double level = base;
    points.append(QPointF(double(events.front().first), level));
    for (size_t i = 0; i < events.size();) {
        const qint64 at = events[i].first;
        const double before = level;
        while (i < events.size() && events[i].first == at)
            level += events[i++].second;
        if (!points.isEmpty() && points.last().x() != double(at))
            points.append(QPointF(double(at), before));
        points.append(QPointF(double(at), level));
    }
    return points;
}

double CostModel::teamRunRate(const QString &team, const QString &currency) const
{
    for (const RateBucket &bucket : breakdown().byTeam) {
        if (bucket.key == team && bucket.currency == currency)
            return bucket.monthly;
    }
    return 0;
}

double CostModel::totalRunRate(const QString &currency) const
{
    const CurrencyTotal *t = breakdown().total(currency);
    return t ? t->monthly : 0;
}

// ---- history ---------------------------------------------------------------------------------

void CostModel::setHistory(CostHistory *history)
{
    m_history = history;
    m_lastSampleMs = 0;
    scheduleSample();
}

void CostModel::scheduleSample()
{
    if (m_history && !m_sampleTimer.isActive())
        m_sampleTimer.start(kSampleDelayMs);
}

bool CostModel::readyToSample() const
{
    const QStringList ids = m_store->accountIds();
    if (ids.isEmpty())
        return false;
    for (const QString &id : ids) {
        const AccountInfo *info = m_store->account(id);
        if (!info || info->disabled)
            continue;
        // A session's listing, or the last one from the cache.
        if (!info->lastSuccess.isValid() && !(info->stale && m_store->machineCount(id) > 0))
            return false;
    }
    return true;
}

QList<RateSample> CostModel::currentSamples() const
{
    const CostBreakdown &b = breakdown();
    QList<RateSample> samples;
    for (const CurrencyTotal &t : b.totals)
        samples.append({QStringLiteral("total"), t.currency, t.hourly, t.monthly});
    auto addAll = [&](const QList<RateBucket> &buckets, const QString &prefix) {
        for (const RateBucket &bucket : buckets)
            samples.append({prefix + bucket.key, bucket.currency, bucket.hourly, bucket.monthly});
    };
    addAll(b.byAccount, QStringLiteral("account:"));
    addAll(b.byTeam, QStringLiteral("team:"));
    addAll(b.byLocation, QStringLiteral("location:"));
    return samples;
}

bool CostModel::sampleNow()
{
    if (!m_history || !readyToSample())
        return false;
    const QDateTime at = now();
    const qint64 ms = at.toMSecsSinceEpoch();
    if (m_lastSampleMs != 0 && ms - m_lastSampleMs < m_sampleIntervalMs && ms >= m_lastSampleMs)
        return false;
    const QList<RateSample> samples = currentSamples();
    if (samples.isEmpty())
        return false;
    m_history->record(at, samples);
    m_lastSampleMs = ms;
    return true;
}

// ---- searches --------------------------------------------------------------------------------

QString CostModel::accountQuery(const QString &accountName, const QString &accountId, bool nameIsUnique)
{
    if (nameIsUnique) {
        if (auto value = searchValue(accountName))
            return QStringLiteral("account:") + *value;
    }
    if (auto value = searchValue(accountId))
        return QStringLiteral("account:") + *value;
    return {};
}

QString CostModel::locationQuery(const QString &location)
{
    const auto value = searchValue(location);
    return value ? QStringLiteral("region=") + *value : QString();
}

QString CostModel::tagQuery(const QString &key, const std::optional<QString> &value)
{
    if (key.contains(u'=') || key.contains(u'!'))
        return {};
    if (!value) {
        const auto quoted = searchValue(key);
        return quoted ? QStringLiteral("-tag:") + *quoted : QString();
    }
    const auto quoted = searchValue(key + u'=' + *value);
    return quoted ? QStringLiteral("tag:") + *quoted : QString();
}

QString CostModel::machineQuery(const QString &accountId, const QString &machineId)
{
    const auto id = searchValue(machineId);
    const auto account = searchValue(accountId);
    return id && account ? QStringLiteral("id=%1 account=%2").arg(*id, *account) : QString();
}

QString CostModel::teamQuery(const QString &team) const
{
    if (!m_policy)
        return {};
    QStringList terms;
    for (const policy::Team &t : m_policy->teams) {
        if (t.name != team)
            continue;
        for (const QString &member : t.members) {
            for (const QString &who : {member, tagSafe(member)}) {
                const auto value = searchValue(who);
                if (value && !terms.contains(QStringLiteral("owner:") + *value))
                    terms << QStringLiteral("owner:") + *value;
            }
        }
        for (const auto &rtags : teamTagSets(t)) {
            QStringList all;
            for (auto it = rtags.cbegin(); it != rtags.cend(); ++it) {
                const QString tag = it.value().isEmpty()
                                        ? QStringLiteral("tag:") + searchValue(it.key()).value_or(QString())
                                        : tagQuery(it.key(), it.value());
                if (tag.isEmpty() || tag == u"tag:")
                    return {}; // a tag the search cannot express: no query rather than a wrong one
                all << tag;
            }
            terms << (all.size() == 1 ? all.first() : u'(' + all.join(u' ') + u')');
        }
    }
    if (terms.isEmpty())
        return {};
    return terms.size() == 1 ? terms.first() : u'(' + terms.join(QStringLiteral(" OR ")) + u')';
}

} // namespace nephele::models::cost
