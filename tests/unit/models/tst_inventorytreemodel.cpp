#include "inventory/inventorystore.h"
#include "modeltestdata.h"
#include "tree/inventorytreemodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace nephele::models;
using nephele::drivers::Machine;
using nephele::drivers::MachineState;
using Model = InventoryTreeModel;

namespace {
using nephele::models::testdata::account;
} // namespace

namespace {

const QStringList kLocations = {QStringLiteral("ams3"), QStringLiteral("fra1"), QStringLiteral("nyc3"),
                                QStringLiteral("sfo2")};

struct Fleet {
    QString accountId;
    QStringList firstSeen;           // ids in first-seen order, as the store keeps them
    QHash<QString, Machine> current; // the last good listing
};

Machine randomMachine(QRandomGenerator &rng, const QString &id)
{
    Machine m;
    m.id = id;
    m.name = QStringLiteral("web-%1").arg(rng.bounded(50)); // duplicate names on purpose
    m.state = rng.bounded(2) ? MachineState::Running : MachineState::Stopped;
    m.location = kLocations.at(rng.bounded(int(kLocations.size())));
    m.locationName = m.location.toUpper();
    m.sizeId = QStringLiteral("s-1vcpu-1gb");
    m.priceMonthly = 6.0 * (1 + rng.bounded(4));
    m.publicIps = {QStringLiteral("10.0.%1.%2").arg(rng.bounded(256)).arg(rng.bounded(256))};
    return m;
}

// The tree the model must show, as text lines, from the fleets alone.
QStringList expectedTree(const QList<Fleet> &fleets, int sortColumn, Qt::SortOrder order)
{
    QStringList lines;
    for (const Fleet &fleet : fleets) {
        lines.append(fleet.accountId);
        for (const QString &location : kLocations) {
            QList<Machine> here;
            for (const QString &id : fleet.firstSeen) {
                const Machine &m = fleet.current.value(id);
                if (m.location == location)
                    here.append(m);
            }
            if (here.isEmpty())
                continue;
            if (sortColumn == Model::NameColumn) {
                std::stable_sort(here.begin(), here.end(), [order](const Machine &a, const Machine &b) {
                    const int cmp = a.name.compare(b.name, Qt::CaseInsensitive);
                    if (cmp != 0)
                        return order == Qt::AscendingOrder ? cmp < 0 : cmp > 0;
                    return a.id < b.id;
                });
            }
            lines.append(QStringLiteral("  ") + location);
            for (const Machine &m : here)
                lines.append(QStringLiteral("    %1 %2 %3").arg(m.id, m.name, Model::stateText(m.state)));
        }
    }
    return lines;
}

QStringList modelTree(const QAbstractItemModel &model)
{
    QStringList lines;
    for (int a = 0; a < model.rowCount(); ++a) {
        const QModelIndex account = model.index(a, 0);
        lines.append(account.data(Model::AccountIdRole).toString());
        for (int l = 0; l < model.rowCount(account); ++l) {
            const QModelIndex location = model.index(l, 0, account);
            lines.append(QStringLiteral("  ") + location.data(Model::LocationRole).toString());
            for (int m = 0; m < model.rowCount(location); ++m) {
                const QModelIndex machine = model.index(m, 0, location);
                lines.append(QStringLiteral("    %1 %2 %3")
                                 .arg(machine.data(Model::MachineIdRole).toString(), machine.data().toString(),
                                      model.index(m, Model::StateColumn, location).data().toString()));
            }
        }
    }
    return lines;
}

} // namespace

class TestInventoryTreeModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomMergesKeepTheTreeRight_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<int>("sortColumn");
        QTest::newRow("unsorted seed 1") << 1u << -1;
        QTest::newRow("unsorted seed 2") << 2u << -1;
        QTest::newRow("sorted by name seed 3") << 3u << int(Model::NameColumn);
        QTest::newRow("sorted by name seed 4") << 4u << int(Model::NameColumn);
    }

    void randomMergesKeepTheTreeRight()
    {
        QFETCH(quint32, seed);
        QFETCH(int, sortColumn);
        QRandomGenerator rng(seed);
        InventoryStore store;
        Model model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        if (sortColumn >= 0)
            model.sort(sortColumn, Qt::AscendingOrder);

        QList<Fleet> fleets;
        for (int a = 0; a < 3; ++a) {
            Fleet fleet;
            fleet.accountId = QStringLiteral("acct-%1").arg(a);
            store.addAccount(account(fleet.accountId, fleet.accountId));
            fleets.append(fleet);
        }

        QPersistentModelIndex watched;
        QString watchedId;
        for (int round = 0; round < 150; ++round) {
            Fleet &fleet = fleets[rng.bounded(int(fleets.size()))];
            if (rng.bounded(10) == 0) {
                store.markStale(fleet.accountId); // a failed listing changes nothing
            } else {
                QList<Machine> listing;
                QHash<QString, Machine> next;
                for (int i = 0; i < 60; ++i) {
                    const QString id = QString::number(i);
                    if (rng.bounded(3) == 0)
                        continue;
                    // Most known machines stay as they were; some change.
                    Machine m = fleet.current.contains(id) && rng.bounded(4) != 0 ? fleet.current.value(id)
                                                                                  : randomMachine(rng, id);
                    listing.append(m);
                    next.insert(id, m);
                }
                std::shuffle(listing.begin(), listing.end(), rng); // providers reorder freely
                store.mergeListing(fleet.accountId, listing);
                fleet.firstSeen.removeIf([&](const QString &id) { return !next.contains(id); });
                for (const Machine &m : std::as_const(listing)) {
                    if (!fleet.firstSeen.contains(m.id))
                        fleet.firstSeen.append(m.id);
                }
                fleet.current = next;
            }
            if (sortColumn >= 0 && rng.bounded(20) == 0)
                model.sort(sortColumn, rng.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder);

            QCOMPARE(model.totalMachineCount(), store.totalMachineCount());
            QCOMPARE(model.shownMachineCount(), store.totalMachineCount());

            // A persistent index (what a selection holds) follows its machine through merges.
            if (watched.isValid()) {
                QCOMPARE(watched.data(Model::MachineIdRole).toString(), watchedId);
            } else {
                const QModelIndex a0 = model.index(0, 0);
                if (model.rowCount(a0) > 0 && model.rowCount(model.index(0, 0, a0)) > 0) {
                    watched = model.index(0, 0, model.index(0, 0, a0));
                    watchedId = watched.data(Model::MachineIdRole).toString();
                }
            }
        }
    }

    void treeEqualsExpectedAfterEveryRound_data() { randomMergesKeepTheTreeRight_data(); }

    void treeEqualsExpectedAfterEveryRound()
    {
        QFETCH(quint32, seed);
        QFETCH(int, sortColumn);
        QRandomGenerator rng(seed);
        InventoryStore store;
        Model model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Qt::SortOrder order = Qt::AscendingOrder;
        if (sortColumn >= 0)
            model.sort(sortColumn, order);

        QList<Fleet> fleets;
        for (int a = 0; a < 3; ++a) {
            Fleet fleet;
            fleet.accountId = QStringLiteral("acct-%1").arg(a);
            store.addAccount(account(fleet.accountId, fleet.accountId));
            fleets.append(fleet);
        }
        for (int round = 0; round < 200; ++round) {
            Fleet &fleet = fleets[rng.bounded(int(fleets.size()))];
            QList<Machine> listing;
            QHash<QString, Machine> next;
            for (int i = 0; i < 40; ++i) {
                const QString id = QString::number(i);
                if (rng.bounded(3) == 0)
                    continue;
                Machine m = fleet.current.contains(id) && rng.bounded(3) != 0 ? fleet.current.value(id)
                                                                              : randomMachine(rng, id);
                listing.append(m);
                next.insert(id, m);
            }
            std::shuffle(listing.begin(), listing.end(), rng);
            store.mergeListing(fleet.accountId, listing);
            fleet.firstSeen.removeIf([&](const QString &id) { return !next.contains(id); });
            for (const Machine &m : std::as_const(listing)) {
                if (!fleet.firstSeen.contains(m.id))
                    fleet.firstSeen.append(m.id);
            }
            fleet.current = next;

            if (sortColumn >= 0 && rng.bounded(15) == 0) {
                order = rng.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder;
                model.sort(sortColumn, order);
            }
            // Inserted and changed machines land at their sorted place without a re-sort.
            QCOMPARE(modelTree(model), expectedTree(fleets, sortColumn, order));
        }
    }

    void accountRowShowsStatusAndCost()
    {
        InventoryStore store;
        Model model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.addAccount(account(QStringLiteral("p"), QStringLiteral("Production")));
        QRandomGenerator rng(9);
        Machine a = randomMachine(rng, QStringLiteral("1"));
        a.priceMonthly = 12;
        Machine b = randomMachine(rng, QStringLiteral("2"));
        b.priceMonthly = 6;
        store.mergeListing(QStringLiteral("p"), {a, b});
        store.setAccountStatus(QStringLiteral("p"), AccountStatus::Ok);
        const QModelIndex account = model.index(0, 0);
        QCOMPARE(account.data().toString(), QStringLiteral("Production"));
        // Without a translator loaded, Qt shows the numerus source text.
        QCOMPARE(model.index(0, Model::StateColumn).data().toString(), QStringLiteral("OK · 2 machine(s)"));
        QCOMPARE(model.index(0, Model::MonthlyCostColumn).data().toString(), QStringLiteral("$18.00"));

        store.setAccountStatus(QStringLiteral("p"), AccountStatus::Error,
                               QStringLiteral("Production: list droplets: boom"), QStringLiteral("retry"),
                               QStringLiteral("full"));
        store.markStale(QStringLiteral("p"));
        QCOMPARE(model.index(0, Model::StateColumn).data().toString(),
                 QStringLiteral("Error: Production: list droplets: boom"));
        QCOMPARE(model.index(0, 0).data(Model::ErrorTextRole).toString(), QStringLiteral("full"));
        QCOMPARE(model.shownMachineCount(), 2); // still there
    }

    void filterKeepsParentsOfMatches()
    {
        InventoryStore store;
        Model model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        store.addAccount(account(QStringLiteral("p"), QStringLiteral("Production")));
        store.addAccount(account(QStringLiteral("s"), QStringLiteral("Staging")));
        QRandomGenerator rng(4);
        QList<Machine> listing;
        for (int i = 0; i < 30; ++i)
            listing.append(randomMachine(rng, QString::number(i)));
        listing[7].name = QStringLiteral("needle");
        listing[7].location = QStringLiteral("fra1");
        store.mergeListing(QStringLiteral("p"), listing);
        store.mergeListing(QStringLiteral("s"), listing.mid(0, 5));

        model.setFilter(SearchFilter::parse(u"needle"));
        QCOMPARE(model.shownMachineCount(), 1);
        QCOMPARE(model.rowCount(), 2);                  // accounts stay
        QCOMPARE(model.rowCount(model.index(0, 0)), 1); // only fra1
        QCOMPARE(model.rowCount(model.index(1, 0)), 0);
        const QModelIndex fra1 = model.index(0, 0, model.index(0, 0));
        QCOMPARE(model.index(0, 0, fra1).data().toString(), QStringLiteral("needle"));

        // A poll that changes the match in and out keeps the model consistent.
        listing[7].name = QStringLiteral("hay");
        store.mergeListing(QStringLiteral("p"), listing);
        QCOMPARE(model.shownMachineCount(), 0);
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);
        listing[3].name = QStringLiteral("needle-2");
        store.mergeListing(QStringLiteral("p"), listing);
        QCOMPARE(model.shownMachineCount(), 1);

        model.setFilter({});
        QCOMPARE(model.shownMachineCount(), 35);
    }

    void internalIdsAreSpread()
    {
        InventoryStore store;
        Model model(&store);
        store.addAccount(account(QStringLiteral("p")));
        QRandomGenerator rng(5);
        QList<Machine> listing;
        for (int i = 0; i < 50; ++i) {
            Machine m = randomMachine(rng, QString::number(i));
            m.location = QStringLiteral("nyc3");
            listing.append(m);
        }
        store.mergeListing(QStringLiteral("p"), listing);
        const QModelIndex loc = model.index(0, 0, model.index(0, 0));
        QSet<quintptr> highBytes;
        for (int r = 0; r < model.rowCount(loc); ++r)
            highBytes.insert(model.index(r, 0, loc).internalId() >> 56);
        QVERIFY2(highBytes.size() > 20, "ids of sibling rows should differ in their high bits too");
    }
};

QTEST_GUILESS_MAIN(TestInventoryTreeModel)
#include "tst_inventorytreemodel.moc"
