#include "inventory/inventorystore.h"
#include "modeltestdata.h"

#include <QSignalSpy>
#include <QTest>

using namespace nephele::models;
using nephele::drivers::Machine;
using nephele::drivers::MachineState;

namespace {
using nephele::models::testdata::account;
} // namespace

namespace {
Machine machine(const QString &id, MachineState state = MachineState::Running, double price = 6)
{
    Machine m;
    m.id = id;
    m.name = QStringLiteral("vm-") + id;
    m.state = state;
    m.location = QStringLiteral("nyc3");
    m.priceMonthly = price;
    return m;
}
} // namespace

class TestInventoryStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mergeEmitsOnlyTheDifference()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a"), QStringLiteral("A")));
        QSignalSpy inserted(&store, &InventoryStore::machinesInserted);
        QSignalSpy removed(&store, &InventoryStore::machinesRemoved);
        QSignalSpy changed(&store, &InventoryStore::machinesChanged);

        auto stats =
            store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1")), machine(QStringLiteral("2"))});
        QCOMPARE(stats.inserted, 2);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(store.machineCount(QStringLiteral("a")), 2);
        const auto slot1 = store.find(QStringLiteral("a"), QStringLiteral("1"));
        QVERIFY(slot1);

        // Same listing again: nothing at all.
        stats = store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1")), machine(QStringLiteral("2"))});
        QCOMPARE(stats.unchanged, 2);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(removed.size(), 0);

        // One stopped, one gone, one new.
        stats = store.mergeListing(QStringLiteral("a"),
                                   {machine(QStringLiteral("1"), MachineState::Stopped), machine(QStringLiteral("3"))});
        QCOMPARE(stats.changed, 1);
        QCOMPARE(stats.removed, 1);
        QCOMPARE(stats.inserted, 1);
        QCOMPARE(store.find(QStringLiteral("a"), QStringLiteral("1")), slot1); // kept its slot
        QCOMPARE(store.machine(*slot1).state, MachineState::Stopped);
        QVERIFY(!store.find(QStringLiteral("a"), QStringLiteral("2")));
        QCOMPARE(store.machineCount(QStringLiteral("a")), 2);
        QCOMPARE(store.monthlyCost(QStringLiteral("a")), 12.0);
    }

    void sameIdInTwoAccountsIsTwoMachines()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        store.addAccount(account(QStringLiteral("b")));
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1"))});
        store.mergeListing(QStringLiteral("b"), {machine(QStringLiteral("1"))});
        QCOMPARE(store.totalMachineCount(), 2);
        QVERIFY(store.find(QStringLiteral("a"), QStringLiteral("1")) !=
                store.find(QStringLiteral("b"), QStringLiteral("1")));
    }

    void stableOrderIsFirstSeen()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("3")), machine(QStringLiteral("1"))});
        // The provider reorders its answer: our order stays.
        store.mergeListing(QStringLiteral("a"),
                           {machine(QStringLiteral("1")), machine(QStringLiteral("3")), machine(QStringLiteral("2"))});
        QStringList ids;
        for (auto slot : store.machinesOf(QStringLiteral("a")))
            ids.append(store.machine(slot).id);
        QCOMPARE(ids, (QStringList{QStringLiteral("3"), QStringLiteral("1"), QStringLiteral("2")}));
    }

    void staleKeepsMachines()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1"))});
        store.markStale(QStringLiteral("a"));
        QVERIFY(store.account(QStringLiteral("a"))->stale);
        QCOMPARE(store.machineCount(QStringLiteral("a")), 1);
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1"))});
        QVERIFY(!store.account(QStringLiteral("a"))->stale);
    }
};

QTEST_GUILESS_MAIN(TestInventoryStore)
#include "tst_inventorystore.moc"
