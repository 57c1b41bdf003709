// The cost model over the inventory store: the same figures as a driver's record gives, run rates
// by account, location, team and tag (each with a search that shows exactly its machines), month
// to date and forecast, quotas, currencies kept apart, the tree's cost column and totals, and the
// samples for the history.

#include "cost/costhistory.h"
#include "cost/costmodel.h"
#include "inventory/inventorystore.h"
#include "search/searchfilter.h"
#include "tree/inventorytreemodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace nephele;
using namespace nephele::models;
using namespace nephele::models::cost;
using drivers::Machine;
using drivers::MachineState;
using drivers::Tag;

namespace {

AccountInfo account(const QString &id, const QString &name, const QString &provider)
{
    AccountInfo info;
    info.id = id;
    info.name = name;
    info.provider = provider;
    return info;
}

Machine machine(const QString &id, const QString &size, const QString &location, std::optional<double> monthly,
                std::optional<double> hourly, const QStringList &tags, MachineState state = MachineState::Running)
{
    Machine m;
    m.id = id;
    m.name = id;
    m.sizeId = size;
    m.location = location;
    m.priceMonthly = monthly;
    m.priceHourly = hourly;
    m.state = state;
    for (const QString &t : tags)
        m.tags.append(Tag::fromText(t));
    m.created = QDateTime(QDate(2024, 3, 1), QTime(0, 0), Qt::UTC);
    return m;
}

const QByteArray kPolicy = R"({"teams": [
  {"id": "t1", "name": "Web", "members": ["ann@acme.example"],
   "policy": {"operator": "ALLOW", "rules": [
     {"operator": "ALLOW", "action": "create", "rtype": "machine", "rid": "", "rtags": {"team": "web"},
      "constraints": {"cost": {"max_team_run_rate": 100, "max_total_run_rate": 1000}}}]}},
  {"id": "t2", "name": "Data", "members": ["bob@acme.example"],
   "policy": {"operator": "ALLOW", "rules": [
     {"operator": "ALLOW", "action": "create", "rtype": "machine", "rid": "", "rtags": {"team": "data"},
      "constraints": {"cost": {"max_team_run_rate": 50}}}]}}
]})";

// Production (DigitalOcean, USD) and Staging (OpenStack, EUR rates per resource).
struct Fixture {
    InventoryStore store;
    CostModel cost{&store};

    Fixture()
    {
        cost.setClock([] { return QDateTime(QDate(2024, 4, 16), QTime(0, 0), Qt::UTC); });
        auto settings = CostSettings::fromJson(
            R"({"accounts": {"s": {"currency": "EUR", "units": {"vcpu": 5, "ram_gb": 2, "disk_gb": 0.1}}}})");
        cost.setSettings(*settings);
        auto policy = policy::parsePolicy(kPolicy);
        if (!policy)
            qFatal("test policy does not parse: %s", qPrintable(policy.error().first().text()));
        cost.setPolicy(*policy);
        store.addAccount(account(QStringLiteral("p"), QStringLiteral("Production"), QStringLiteral("digitalocean")));
        store.addAccount(account(QStringLiteral("s"), QStringLiteral("Staging"), QStringLiteral("openstack")));
        store.mergeListing(
            QStringLiteral("p"),
            {machine(QStringLiteral("web-1"), QStringLiteral("s-2vcpu-4gb"), QStringLiteral("nyc3"), 24, 0.03571,
                     {QStringLiteral("team:web"), QStringLiteral("env:prod")}),
             machine(
                 QStringLiteral("web-2"), QStringLiteral("s-2vcpu-4gb"), QStringLiteral("fra1"), 24, 0.03571,
                 {QStringLiteral("team:web"), QStringLiteral("env:staging"), QStringLiteral("owner:bob_acme_example")}),
             machine(QStringLiteral("db-1"), QStringLiteral("s-4vcpu-8gb"), QStringLiteral("nyc3"), 48, 0.07143,
                     {QStringLiteral("team:data"), QStringLiteral("env:prod")}, MachineState::Stopped),
             machine(QStringLiteral("tagged-1"), QStringLiteral("s-1vcpu-2gb"), QStringLiteral("nyc3"), 12, 0.01786,
                     {QStringLiteral("cost_per_month:30"), QStringLiteral("env:dev")}),
             machine(QStringLiteral("bad-1"), QStringLiteral("s-1vcpu-1gb"), QStringLiteral("sfo3"), 6, 0.00893,
                     {QStringLiteral("cost_per_month:abc")})});
        Machine vm1 = machine(QStringLiteral("vm-1"), QStringLiteral("m1.medium"), QStringLiteral("r1"), {}, {}, {});
        vm1.vcpus = 2;
        vm1.memoryMb = 4096;
        vm1.diskGb = 40;
        Machine vm2 = machine(QStringLiteral("vm-2"), QStringLiteral("m1.unknown"), QStringLiteral("r1"), {}, {}, {});
        store.mergeListing(QStringLiteral("s"), {vm1, vm2});
    }

    double sumOf(const QString &query, const QString &currency, int *count) const
    {
        auto filter = SearchFilter::parse(query);
        if (!filter)
            qFatal("query \"%s\" does not parse: %s", qPrintable(query), qPrintable(filter.error().message));
        auto matches = filter->matcher(store);
        double sum = 0;
        *count = 0;
        for (const QString &id : store.accountIds()) {
            for (InventoryStore::Slot slot : store.machinesOf(id)) {
                const MachineCost c = cost.cost(slot);
                if (matches(slot) && c.known() && c.currency == currency) {
                    sum += c.monthly;
                    ++*count;
                }
            }
        }
        return sum;
    }
};

const RateBucket *find(const QList<RateBucket> &buckets, const QString &key, const QString &currency)
{
    for (const RateBucket &b : buckets) {
        if (b.key == key && b.currency == currency)
            return &b;
    }
    return nullptr;
}

} // namespace

class TestCostModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storeGivesTheSameFiguresAsTheDriversRecord()
    {
        // The console (store) and the CLI (records) must agree for every machine.
        InventoryStore store;
        CostModel cost(&store);
        auto settings = CostSettings::fromJson(R"({"catalog": [{"size": "s-2vcpu-4gb", "monthly": 20},
                                                               {"size": "c-2", "location": "fra1", "hourly": 0.05}]})");
        cost.setSettings(*settings);
        store.addAccount(account(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("digitalocean")));
        QRandomGenerator rng(7);
        const QStringList sizes = {QStringLiteral("s-1vcpu-1gb"), QStringLiteral("s-2vcpu-4gb"), QStringLiteral("c-2")};
        const QStringList tagChoices = {QStringLiteral("cost_per_month:25"), QStringLiteral("cost_per_hour:0.02"),
                                        QStringLiteral("cost_per_month:nope"), QStringLiteral("env:prod"),
                                        QStringLiteral("COST_PER_MONTH:7")};
        QList<Machine> listing;
        for (int i = 0; i < 300; ++i) {
            Machine m = machine(QString::number(i), sizes.at(rng.bounded(3)),
                                rng.bounded(2) ? QStringLiteral("fra1") : QStringLiteral("nyc3"),
                                rng.bounded(4) ? std::optional(6.0 * (1 + rng.bounded(8))) : std::nullopt,
                                rng.bounded(3) ? std::optional(0.01 * (1 + rng.bounded(9))) : std::nullopt, {},
                                MachineState(rng.bounded(int(MachineState::Unknown) + 1)));
            for (int t = rng.bounded(3); t > 0; --t)
                m.tags.append(Tag::fromText(tagChoices.at(rng.bounded(int(tagChoices.size())))));
            listing.append(m);
        }
        store.mergeListing(QStringLiteral("a"), listing);
        int bySource[5] = {};
        for (InventoryStore::Slot slot : store.machinesOf(QStringLiteral("a"))) {
            const Machine m = store.machine(slot);
            const MachineCost viaRecord =
                cost.resolver().resolve(CostInput::from(m, u"a", QStringLiteral("digitalocean")));
            const MachineCost viaStore = cost.cost(slot);
            QCOMPARE(viaStore.source, viaRecord.source);
            QCOMPARE(viaStore.monthly, viaRecord.monthly);
            QCOMPARE(viaStore.hourly, viaRecord.hourly);
            QCOMPARE(viaStore.currency, viaRecord.currency);
            QCOMPARE(viaStore.billed, viaRecord.billed);
            ++bySource[int(viaStore.source)];
        }
        // The fleet exercises every source but the account rates.
        QVERIFY(bySource[int(CostSource::Catalog)] > 0);
        QVERIFY(bySource[int(CostSource::Tag)] > 0);
        QVERIFY(bySource[int(CostSource::Provider)] > 0);
        QVERIFY(bySource[int(CostSource::None)] > 0);
    }

    void runRatesByAccountLocationTeamAndTag()
    {
        Fixture f;
        const CostBreakdown &b = f.cost.breakdown();
        QCOMPARE(b.machines, 7);
        QCOMPARE(b.unpriced, 1); // vm-2: no size the rates know, no resources
        QCOMPARE(b.totals.size(), 2);
        // 24 + 24 + 48 (stopped, DigitalOcean bills it) + 30 (tag) + 6 (bad tag: the provider's)
        QCOMPARE(b.total(QStringLiteral("USD"))->monthly, 132.0);
        QCOMPARE(b.total(QStringLiteral("EUR"))->monthly, 22.0); // 2*5 + 4*2 + 40*0.1
        QCOMPARE(b.mainCurrency(), QStringLiteral("USD"));

        QCOMPARE(find(b.byAccount, QStringLiteral("p"), QStringLiteral("USD"))->monthly, 132.0);
        QCOMPARE(find(b.byAccount, QStringLiteral("p"), QStringLiteral("USD"))->label, QStringLiteral("Production"));
        QCOMPARE(find(b.byAccount, QStringLiteral("s"), QStringLiteral("EUR"))->monthly, 22.0);
        QVERIFY(!find(b.byAccount, QStringLiteral("s"), QStringLiteral("USD")));
        QCOMPARE(find(b.byLocation, QStringLiteral("nyc3"), QStringLiteral("USD"))->monthly, 24.0 + 48 + 30);
        QCOMPARE(find(b.byLocation, QStringLiteral("fra1"), QStringLiteral("USD"))->machines, 1);

        // Web: its rtags (web-1, web-2). Data: its rtags (db-1) and its member's machine (web-2).
        QCOMPARE(find(b.byTeam, QStringLiteral("Web"), QStringLiteral("USD"))->monthly, 48.0);
        QCOMPARE(find(b.byTeam, QStringLiteral("Data"), QStringLiteral("USD"))->monthly, 72.0);
        QCOMPARE(f.cost.teamsOf(f.store.find(QStringLiteral("p"), u"web-2").value()),
                 (QStringList{QStringLiteral("Web"), QStringLiteral("Data")}));
        QCOMPARE(f.cost.teamRunRate(QStringLiteral("Data")), 72.0);
        QCOMPARE(f.cost.totalRunRate(), 132.0);

        const QList<RateBucket> env = f.cost.byTag(QStringLiteral("env"));
        QCOMPARE(find(env, QStringLiteral("prod"), QStringLiteral("USD"))->monthly, 72.0);
        QCOMPARE(find(env, QStringLiteral("dev"), QStringLiteral("USD"))->monthly, 30.0);
        QCOMPARE(find(env, QString(), QStringLiteral("USD"))->monthly, 6.0);
        QCOMPARE(find(env, QString(), QStringLiteral("EUR"))->monthly, 22.0);
        QCOMPARE(find(env, QString(), QStringLiteral("USD"))->label, QStringLiteral("(no env)"));
        // Cost tags are prices, not groupings.
        QVERIFY(b.tagKeys.contains(QStringLiteral("env")));
        QVERIFY(!b.tagKeys.contains(QStringLiteral("cost_per_month")));

        const QList<TopMachine> top = f.cost.top(3, QStringLiteral("USD"));
        QCOMPARE(top.size(), 3);
        QCOMPARE(top.at(0).name, QStringLiteral("db-1"));
        QCOMPARE(top.at(1).name, QStringLiteral("tagged-1"));
        QCOMPARE(top.at(1).source, CostSource::Tag);
    }

    void everySearchShowsExactlyItsBucket()
    {
        Fixture f;
        const CostBreakdown &b = f.cost.breakdown();
        QList<RateBucket> all = b.byAccount + b.byLocation + b.byTeam + f.cost.byTag(QStringLiteral("env")) +
                                f.cost.byTag(QStringLiteral("team"));
        QVERIFY(all.size() > 10);
        for (const RateBucket &bucket : std::as_const(all)) {
            QVERIFY2(!bucket.query.isEmpty(), qPrintable(bucket.label));
            int count = 0;
            const double sum = f.sumOf(bucket.query, bucket.currency, &count);
            QVERIFY2(qAbs(sum - bucket.monthly) < 1e-9,
                     qPrintable(QStringLiteral("%1: %2 != %3").arg(bucket.query).arg(sum).arg(bucket.monthly)));
            QCOMPARE(count, bucket.machines);
        }
        for (const TopMachine &m : f.cost.top(10, QStringLiteral("USD"))) {
            int count = 0;
            QCOMPARE(f.sumOf(m.query, QStringLiteral("USD"), &count), m.monthly);
            QCOMPARE(count, 1);
        }
        // Names with spaces and ids are quoted.
        QCOMPARE(CostModel::accountQuery(QStringLiteral("Research lab"), QStringLiteral("r"), true),
                 QStringLiteral("account:\"Research lab\""));
        QCOMPARE(CostModel::accountQuery(QStringLiteral("Twin"), QStringLiteral("twin-2"), false),
                 QStringLiteral("account:\"twin-2\""));
        QCOMPARE(CostModel::tagQuery(QStringLiteral("env"), QStringLiteral("prod")),
                 QStringLiteral("tag:\"env=prod\""));
        QVERIFY(CostModel::tagQuery(QStringLiteral("say"), QStringLiteral("\"hi\"")).isEmpty());
    }

    void quotasFromThePolicy()
    {
        Fixture f;
        const CostBreakdown &b = f.cost.breakdown();
        QCOMPARE(b.quotas.size(), 3);
        const QuotaStatus &total = b.quotas.at(0);
        QVERIFY(total.team.isEmpty());
        QCOMPARE(total.limit, 1000.0);
        QCOMPARE(total.used, 132.0);
        QCOMPARE(total.headroom(), 868.0);
        QVERIFY(!total.checkable); // Staging's machines are priced in euros
        for (const QuotaStatus &q : b.quotas) {
            if (q.team == u"Web") {
                QCOMPARE(q.used, 48.0);
                QCOMPARE(q.headroom(), 52.0);
            } else if (q.team == u"Data") {
                QCOMPARE(q.used, 72.0);
                QCOMPARE(q.headroom(), -22.0);
                QVERIFY(q.checkable);
            }
        }
        f.cost.setPolicy(std::nullopt);
        QVERIFY(f.cost.breakdown().quotas.isEmpty());
        QVERIFY(f.cost.breakdown().byTeam.isEmpty());
    }

    void monthToDateAndForecast()
    {
        // April 2024 has 720 hours; "now" is the 16th at 00:00 UTC: 360 hours in, 360 to go.
        InventoryStore store;
        CostModel cost(&store);
        cost.setClock([] { return QDateTime(QDate(2024, 4, 16), QTime(0, 0), Qt::UTC); });
        store.addAccount(account(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("digitalocean")));
        Machine old = machine(QStringLiteral("old"), QStringLiteral("x"), QStringLiteral("nyc3"), {}, 0.1, {});
        old.created = QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC);
        Machine recent = machine(QStringLiteral("recent"), QStringLiteral("x"), QStringLiteral("nyc3"), {}, 0.1, {});
        recent.created = QDateTime(QDate(2024, 4, 10), QTime(0, 0), Qt::UTC);
        // DigitalOcean caps a month at its monthly price (672 hours): $6.
        Machine capped = machine(QStringLiteral("capped"), QStringLiteral("s-1vcpu-1gb"), QStringLiteral("nyc3"), 6.0,
                                 6.0 / 672, {});
        capped.created = QDateTime(QDate(2022, 5, 5), QTime(0, 0), Qt::UTC);
        store.mergeListing(QStringLiteral("a"), {old, recent, capped});

        const CurrencyTotal *t = cost.breakdown().total(QStringLiteral("USD"));
        QVERIFY(t);
        QCOMPARE(t->monthly, 72.0 + 72.0 + 6.0);
        const double mtd = 0.1 * 360 + 0.1 * 144 + 6.0 / 672 * 360;
        QVERIFY2(qAbs(t->monthToDate - mtd) < 1e-9, qPrintable(QString::number(t->monthToDate, 'f', 6)));
        // recent: from April 10 to May 1 is 504 hours; the capped one stops at $6.
        const double forecast = 72.0 + 0.1 * 504 + 6.0;
        QVERIFY2(qAbs(t->forecast - forecast) < 1e-9, qPrintable(QString::number(t->forecast, 'f', 6)));

        // The estimate before any history: the run rate steps up at each creation date.
        const QList<QPointF> steps = cost.estimatedHistory(QStringLiteral("USD"));
        QCOMPARE(steps.first(), QPointF(double(capped.created.toMSecsSinceEpoch()), 0.0));
        QCOMPARE(steps.at(1), QPointF(double(capped.created.toMSecsSinceEpoch()), 6.0));
        QCOMPARE(steps.last(), QPointF(double(recent.created.toMSecsSinceEpoch()), 150.0));
        QVERIFY(steps.contains(QPointF(double(old.created.toMSecsSinceEpoch()), 78.0)));
    }

    void theMonthsLengthFollowsTheClock()
    {
        InventoryStore store;
        CostModel cost(&store);
        QDateTime now(QDate(2024, 2, 10), QTime(12, 0), Qt::UTC);
        cost.setClock([&now] { return now; });
        store.addAccount(account(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("openstack")));
        store.mergeListing(QStringLiteral("a"),
                           {machine(QStringLiteral("m"), QStringLiteral("x"), QString(), {}, 0.5, {})});
        const InventoryStore::Slot slot = store.machinesOf(QStringLiteral("a")).first();
        QCOMPARE(cost.cost(slot).monthly, 0.5 * 696); // February 2024
        QSignalSpy prices(&cost, &CostModel::pricesChanged);
        now = QDateTime(QDate(2024, 3, 1), QTime(0, 5), Qt::UTC);
        cost.setClock([&now] { return now; });
        QCOMPARE(prices.count(), 1);
        QCOMPARE(cost.cost(slot).monthly, 0.5 * 744); // March
    }

    void treeShowsResolvedCostsAndTotals()
    {
        Fixture f;
        InventoryTreeModel model(&f.store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setGrouping(InventoryTreeModel::Grouping::Hierarchy);
        model.setCostModel(&f.cost);
        auto costOf = [&](const QModelIndex &account, const QString &name) -> QModelIndex {
            for (int row = 0; row < model.rowCount(account); ++row) {
                const QModelIndex index = model.index(row, 0, account);
                if (index.data().toString() == name)
                    return index.siblingAtColumn(InventoryTreeModel::MonthlyCostColumn);
            }
            return {};
        };
        const QModelIndex production = model.indexOfAccount(QStringLiteral("p"));
        const QModelIndex staging = model.indexOfAccount(QStringLiteral("s"));
        QCOMPARE(costOf(production, QStringLiteral("tagged-1")).data().toString(), QStringLiteral("$30.00"));
        QCOMPARE(costOf(production, QStringLiteral("tagged-1")).data(InventoryTreeModel::SortRole).toDouble(), 30.0);
        QVERIFY(costOf(production, QStringLiteral("tagged-1"))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("Custom price tag")));
        QCOMPARE(costOf(staging, QStringLiteral("vm-1")).data().toString(), QStringLiteral("€22.00"));
        QCOMPARE(costOf(staging, QStringLiteral("vm-2")).data().toString(), QString());
        QCOMPARE(production.siblingAtColumn(InventoryTreeModel::MonthlyCostColumn).data().toString(),
                 QStringLiteral("$132.00"));
        QCOMPARE(staging.siblingAtColumn(InventoryTreeModel::MonthlyCostColumn).data().toString(),
                 QStringLiteral("€22.00"));

        // New settings reprice every row: the totals follow and the view hears of it.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        auto settings =
            CostSettings::fromJson(R"({"catalog": [{"size": "s-2vcpu-4gb", "monthly": 20, "currency": "EUR"}],
            "accounts": {"s": {"currency": "EUR", "units": {"vcpu": 5, "ram_gb": 2, "disk_gb": 0.1}}}})");
        f.cost.setSettings(*settings);
        QVERIFY(changed.count() > 0);
        // Production now holds dollars and euros: never added up silently.
        QCOMPARE(production.siblingAtColumn(InventoryTreeModel::MonthlyCostColumn).data().toString(),
                 QStringLiteral("mixed currencies"));
        QCOMPARE(costOf(production, QStringLiteral("web-1")).data().toString(), QStringLiteral("€20.00"));

        // A machine's tag price changes: its row and the account's total follow.
        f.cost.setSettings({});
        Machine tagged = f.store.machine(f.store.find(QStringLiteral("p"), u"tagged-1").value());
        tagged.tags = {Tag::fromText(QStringLiteral("cost_per_month:45"))};
        QList<Machine> listing;
        for (InventoryStore::Slot slot : f.store.machinesOf(QStringLiteral("p")))
            listing.append(f.store.machine(slot).id == u"tagged-1" ? tagged : f.store.machine(slot));
        f.store.mergeListing(QStringLiteral("p"), listing);
        QCOMPARE(costOf(production, QStringLiteral("tagged-1")).data().toString(), QStringLiteral("$45.00"));
        QCOMPARE(production.siblingAtColumn(InventoryTreeModel::MonthlyCostColumn).data().toString(),
                 QStringLiteral("$147.00"));
    }

    void samplesOnlyOnceEveryAccountIsListed()
    {
        InventoryStore store;
        CostModel cost(&store);
        QDateTime now(QDate(2024, 4, 16), QTime(10, 0), Qt::UTC);
        cost.setClock([&now] { return now; });
        CostHistory history;
        history.open(QString()); // in memory
        cost.setHistory(&history);
        cost.setSampleInterval(5 * 60 * 1000);
        store.addAccount(account(QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("digitalocean")));
        store.addAccount(account(QStringLiteral("b"), QStringLiteral("B"), QStringLiteral("digitalocean")));
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1"), QStringLiteral("x"),
                                                         QStringLiteral("nyc3"), 24, 0.03571, {})});
        store.setAccountStatus(QStringLiteral("a"), AccountStatus::Ok);
        QVERIFY(!cost.sampleNow()); // b has not been listed: its machines would be missing
        store.setAccountDisabled(QStringLiteral("b"), true);
        QVERIFY(cost.sampleNow()); // a disabled account is not waited for
        now = now.addSecs(60);
        QVERIFY(!cost.sampleNow()); // too soon
        now = now.addSecs(5 * 60);
        QVERIFY(cost.sampleNow());
        const QList<HistoryPoint> points =
            history.load(QStringLiteral("total"), QStringLiteral("USD"), now.addDays(-1), now).result();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points.last().monthly, 24.0);
        QCOMPARE(points.last().ms, now.toMSecsSinceEpoch());
        const QList<HistorySeriesKey> keys = history.seriesKeys().result();
        QVERIFY(keys.contains(HistorySeriesKey{QStringLiteral("account:a"), QStringLiteral("USD")}));
        QVERIFY(keys.contains(HistorySeriesKey{QStringLiteral("location:nyc3"), QStringLiteral("USD")}));
    }
};

QTEST_GUILESS_MAIN(TestCostModel)
#include "tst_costmodel.moc"
