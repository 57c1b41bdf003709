#pragma once

#include "cost/costhistory.h"
#include "cost/costresolver.h"
#include "inventory/inventorystore.h"
#include "policy/policy.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QTimer>

#include <functional>
#include <optional>
#include <vector>

namespace nephele::models::cost {

// A run rate of one group of machines (an account, a location, a tag value, a team) in one
// currency.
struct RateBucket {
    QString key;   // account id, location slug, tag value, team name; empty for "none"
    QString label; // for people
    QString currency;
    double hourly = 0;
    double monthly = 0;
    int machines = 0; // with a price (billed or not)
    QString query;    // the search (models/search syntax) that shows these machines; empty: none
};

struct CurrencyTotal {
    QString currency;
    double hourly = 0;
    double monthly = 0;
    double monthToDate = 0; // the machines there now, each since the 1st (UTC) or its creation
    double forecast = 0;    // month to date plus the current rates until the month's end
    int machines = 0;
};

// A quota of the policy (US dollars a month) against what runs now.
struct QuotaStatus {
    QString team; // empty: the organisation's total (max_total_run_rate)
    double limit = 0;
    double used = 0;
    bool checkable = true; // false: some of the machines are priced in another currency
    double headroom() const { return limit - used; }
};

struct CostBreakdown {
    QDateTime at;                // UTC
    QList<CurrencyTotal> totals; // largest first; more than one: never add them up
    QList<RateBucket> byAccount;
    QList<RateBucket> byLocation;
    QList<RateBucket> byTeam; // a machine counts for each team it belongs to; empty without a policy
    QList<QuotaStatus> quotas;
    QStringList tagKeys; // the tag keys in use, most used first (cost tags left out)
    int machines = 0;
    int unpriced = 0; // no source has a price for them (pods and containers aside: their node has)

    const CurrencyTotal *total(const QString &currency) const;
    QString mainCurrency() const { return totals.isEmpty() ? QStringLiteral("USD") : totals.first().currency; }
};

struct TopMachine {
    InventoryStore::Slot slot = InventoryStore::kNoSlot;
    QString name;
    QString machineId;
    QString accountId;
    QString accountName;
    QString currency;
    double monthly = 0;
    double hourly = 0;
    CostSource source = CostSource::None;
    QString query;
};

// The cost of the whole inventory: every machine's price (CostResolver over the store), run rates
// by account, location, tag, team and in total, month to date and forecast, the policy's quotas,
// and samples for the history at each refresh.
//
//   CostModel cost(&store);
//   cost.setSettings(settings);                  // catalog and account rates
//   cost.setPolicy(policy);                      // teams and quotas
//   cost.setHistory(&history);                   // samples at each refresh
//   MachineCost c = cost.cost(slot);              // what the tree shows
//   const CostBreakdown &b = cost.breakdown();   // what the dashboard shows
//
// Lives on the GUI thread with the store. breakdown() walks every resource once and is cached
// until the inventory, the settings or the minute change; changed() says when to look again.
class CostModel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostModel)

public:
    using Slot = InventoryStore::Slot;
    using Clock = std::function<QDateTime()>;

    explicit CostModel(InventoryStore *store, QObject *parent = nullptr);
    ~CostModel() override;

    InventoryStore *store() const { return m_store; }
    const CostResolver &resolver() const { return m_resolver; }
    const CostSettings &settings() const { return m_resolver.settings(); }
    void setSettings(CostSettings settings);
    // Reads the settings file (a missing one is empty settings). Returns the problem, if any;
    // settings that cannot be read leave the previous ones in force, and problem() says why.
    QString loadSettings(const QString &path);
    void setPolicy(std::optional<policy::Policy> policy);
    const policy::Policy *policy() const { return m_policy ? &*m_policy : nullptr; }
    // "Now", for tests; UTC. The month (for hourly <-> monthly) follows it.
    void setClock(Clock clock);
    QDateTime now() const;

    // ---- one machine
    MachineCost cost(Slot slot) const;
    MachineCost explain(Slot slot, CostExplanation *why) const;
    CostInput inputOf(Slot slot) const;

    // ---- the whole inventory
    const CostBreakdown &breakdown() const;
    QList<RateBucket> byTag(const QString &key) const;
    QList<TopMachine> top(int count, const QString &currency) const;
    // The run rate of today's machines back in time, from their creation dates: (ms, monthly)
    // steps. A lower bound (machines destroyed since are not known), for before the history.
    QList<QPointF> estimatedHistory(const QString &currency) const;
    // For the policy's cost constraints (USD a month).
    double teamRunRate(const QString &team, const QString &currency = QStringLiteral("USD")) const;
    double totalRunRate(const QString &currency = QStringLiteral("USD")) const;
    // The policy teams a machine's cost counts for, as the wizard's quota check counts them: the
    // teams its owner tag names a member of (as written or made tag-safe), and the teams whose
    // machine-creating rules' tags (rtags) it carries, all of one rule.
    QStringList teamsOf(Slot slot) const;

    // ---- history
    void setHistory(CostHistory *history);
    CostHistory *history() const { return m_history; }
    // Samples are at least this far apart (default 5 minutes).
    void setSampleInterval(qint64 ms) { m_sampleIntervalMs = ms; }
    // Records the current run rates now, if every enabled account has been listed (or comes
    // from the cache). Returns whether it did.
    bool sampleNow();
    QList<RateSample> currentSamples() const;

    // ---- searches that show a group of machines in the tree
    static QString accountQuery(const QString &accountName, const QString &accountId, bool nameIsUnique);
    static QString locationQuery(const QString &location);
    static QString tagQuery(const QString &key, const std::optional<QString> &value); // nullopt: without the key
    static QString machineQuery(const QString &accountId, const QString &machineId);
    QString teamQuery(const QString &team) const;

Q_SIGNALS:
    // Costs or run rates may differ (coalesced).
    void changed();
    // Every machine's price may differ (settings, the month's length): the tree re-reads them.
    void pricesChanged();
    void problem(const QString &message);

private:
    struct TagCosts {
        bool computed = false;
        bool hasMonthly = false;
        bool hasHourly = false;
        InventoryStore::Symbol monthly = 0;
        InventoryStore::Symbol hourly = 0;
    };
    const TagCosts &tagCostsOf(TagSetTable::TagSetId id) const;
    void invalidate();
    void scheduleSample();
    bool readyToSample() const;
    void checkMonth();
    void compute() const;
    QList<int> teamIndexesOf(Slot slot) const;

    InventoryStore *m_store;
    CostResolver m_resolver;
    std::optional<policy::Policy> m_policy;
    Clock m_clock;
    CostHistory *m_history = nullptr;
    QTimer m_changeTimer;
    QTimer m_sampleTimer;
    QTimer m_heartbeat;
    qint64 m_sampleIntervalMs = qint64(5) * 60 * 1000;
    qint64 m_lastSampleMs = 0;

    mutable std::vector<TagCosts> m_tagCosts; // by tag set id
    mutable CostBreakdown m_breakdown;
    mutable bool m_dirty = true;
    mutable QHash<TagSetTable::TagSetId, QList<int>> m_teamCache; // teams follow from the tags alone
};

} // namespace nephele::models::cost
