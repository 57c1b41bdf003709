#include "inventory/inventorystore.h"
#include "modeltestdata.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace nephele::models;
using nephele::drivers::Machine;
using nephele::drivers::MachineKind;
using nephele::drivers::MachineState;
using nephele::drivers::Tag;

namespace {
using nephele::models::testdata::account;

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

// A machine with every field set, to check nothing is lost in the compact form.
Machine fullMachine(const QString &id, QRandomGenerator &rng)
{
    Machine m;
    m.id = id;
    m.name = QStringLiteral("web-%1-ü漢").arg(rng.bounded(1000));
    m.kind = MachineKind(rng.bounded(int(MachineKind::BareMetal) + 1));
    m.state = MachineState(rng.bounded(int(MachineState::Unknown) + 1));
    m.providerState = rng.bounded(2) ? QStringLiteral("active") : QStringLiteral("off");
    m.publicIps = {QStringLiteral("164.90.%1.%2").arg(rng.bounded(256)).arg(rng.bounded(256)),
                   QStringLiteral("2604:a880::%1").arg(rng.bounded(9999))};
    if (rng.bounded(2))
        m.privateIps = {QStringLiteral("10.0.0.%1").arg(rng.bounded(256))};
    m.sizeId = QStringLiteral("s-%1vcpu-%2gb").arg(1 + rng.bounded(8)).arg(1 + rng.bounded(16));
    m.sizeName = QStringLiteral("Basic");
    m.imageId = QString::number(rng.bounded(100000));
    m.imageName = QStringLiteral("Ubuntu 22.04 (LTS) x64");
    m.location = QStringLiteral("fra1");
    m.locationName = QStringLiteral("Frankfurt 1");
    m.tags = {Tag::fromText(QStringLiteral("env:prod")), Tag::fromText(QStringLiteral("web"))};
    m.created = QDateTime::fromMSecsSinceEpoch(1700000000000LL + rng.bounded(1000000), Qt::UTC);
    m.vcpus = 1 + rng.bounded(8);
    m.memoryMb = 1024 * (1 + rng.bounded(16));
    m.diskGb = 25 + rng.bounded(100);
    if (rng.bounded(3))
        m.priceHourly = 0.00893 * (1 + rng.bounded(4));
    if (rng.bounded(3))
        m.priceMonthly = 6.0 * (1 + rng.bounded(4));
    m.currency = QStringLiteral("USD");
    m.locked = rng.bounded(2);
    m.volumeIds = {QStringLiteral("vol-%1").arg(rng.bounded(100))};
    m.networkId = QStringLiteral("vpc-1");
    m.features = {QStringLiteral("backups"), QStringLiteral("ipv6")};
    return m;
}

QList<InventoryChange> changesOf(const QSignalSpy &spy)
{
    QList<InventoryChange> changes;
    for (const QList<QVariant> &args : spy)
        changes.append(args.at(0).value<InventoryChange>());
    return changes;
}

} // namespace

Q_DECLARE_METATYPE(nephele::models::InventoryChange)

class TestInventoryStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<InventoryChange>(); }

    void mergeEmitsOneBatchWithOnlyTheDifference()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a"), QStringLiteral("A")));
        QSignalSpy spy(&store, &InventoryStore::inventoryChanged);

        auto stats =
            store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1")), machine(QStringLiteral("2"))});
        QCOMPARE(stats.inserted, 2);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(changesOf(spy).front().inserted.size(), size_t(2));
        QCOMPARE(stats.upserted, (QList<qsizetype>{0, 1}));

        // The same listing again: nothing to say.
        spy.clear();
        stats = store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1")), machine(QStringLiteral("2"))});
        QCOMPARE(stats.unchanged, 2);
        QCOMPARE(spy.size(), 0);
        QVERIFY(stats.upserted.isEmpty());

        // One changed, one gone, one new: one batch naming each, with the changed fields.
        const auto slot1 = store.find(QStringLiteral("a"), u"1");
        const auto slot2 = store.find(QStringLiteral("a"), u"2");
        QVERIFY(slot1 && slot2);
        stats = store.mergeListing(QStringLiteral("a"),
                                   {machine(QStringLiteral("1"), MachineState::Stopped), machine(QStringLiteral("3"))});
        QCOMPARE(stats.inserted, 1);
        QCOMPARE(stats.removed, 1);
        QCOMPARE(stats.changed, 1);
        QCOMPARE(stats.removedIds, QStringList{QStringLiteral("2")});
        QCOMPARE(spy.size(), 1);
        const InventoryChange change = changesOf(spy).front();
        QCOMPARE(change.accountId, QStringLiteral("a"));
        QCOMPARE(change.removed, std::vector<quint32>{*slot2});
        QCOMPARE(change.changed, std::vector<quint32>{*slot1});
        QCOMPARE(change.changedFields, std::vector<quint32>{ChangedField::State});
        QCOMPARE(change.inserted.size(), size_t(1));
        QVERIFY(change.inserted.front() != *slot2); // a slot is not reused within its batch
        QCOMPARE(store.machine(*slot1).state, MachineState::Stopped);
        QVERIFY(!store.isValid(*slot2));
        QCOMPARE(store.machineCount(QStringLiteral("a")), 2);
    }

    void recordsRoundTripEveryField()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        QRandomGenerator rng(11);
        QList<Machine> listing;
        for (int i = 0; i < 200; ++i)
            listing.append(fullMachine(QString::number(i), rng));
        store.mergeListing(QStringLiteral("a"), listing);
        for (const Machine &m : std::as_const(listing)) {
            const auto slot = store.find(QStringLiteral("a"), m.id);
            QVERIFY(slot);
            QCOMPARE(store.machine(*slot), m);
        }
        // Merging the same records again finds no change: the comparison sees every field alike.
        QSignalSpy spy(&store, &InventoryStore::inventoryChanged);
        store.mergeListing(QStringLiteral("a"), listing);
        QCOMPARE(spy.size(), 0);
        // Each field on its own is seen as a change.
        QList<Machine> edited = listing;
        edited[0].name += u'x';
        edited[1].publicIps.removeLast();
        edited[2].tags.append(Tag::fromText(QStringLiteral("team:ops")));
        edited[3].priceMonthly = 99.5;
        edited[4].parentId = QStringLiteral("7");
        edited[5].imageName = QStringLiteral("Debian 12");
        edited[6].memoryMb += 1024;
        edited[7].location = QStringLiteral("ams3");
        store.mergeListing(QStringLiteral("a"), edited);
        QCOMPARE(spy.size(), 1);
        const InventoryChange change = spy.at(0).at(0).value<InventoryChange>();
        QHash<QString, quint32> fields;
        for (size_t i = 0; i < change.changed.size(); ++i)
            fields.insert(store.id(change.changed[i]).toString(), change.changedFields[i]);
        QCOMPARE(fields.size(), 8);
        QCOMPARE(fields.value(QStringLiteral("0")), quint32(ChangedField::Name));
        QCOMPARE(fields.value(QStringLiteral("1")), quint32(ChangedField::Addresses));
        QCOMPARE(fields.value(QStringLiteral("2")), quint32(ChangedField::Tags));
        QCOMPARE(fields.value(QStringLiteral("3")), quint32(ChangedField::Price));
        QCOMPARE(fields.value(QStringLiteral("4")), quint32(ChangedField::Parent));
        QCOMPARE(fields.value(QStringLiteral("5")), quint32(ChangedField::Image));
        QCOMPARE(fields.value(QStringLiteral("6")), quint32(ChangedField::Size));
        QCOMPARE(fields.value(QStringLiteral("7")), quint32(ChangedField::Location));
    }

    void sameIdInTwoAccountsIsTwoMachines()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        store.addAccount(account(QStringLiteral("b")));
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1"))});
        store.mergeListing(QStringLiteral("b"), {machine(QStringLiteral("1"))});
        QCOMPARE(store.totalMachineCount(), 2);
        QVERIFY(store.find(QStringLiteral("a"), u"1") != store.find(QStringLiteral("b"), u"1"));
        store.removeAccount(QStringLiteral("a"));
        QCOMPARE(store.totalMachineCount(), 1);
        QVERIFY(!store.find(QStringLiteral("a"), u"1"));
        QVERIFY(store.find(QStringLiteral("b"), u"1"));
    }

    void stableOrderIsFirstSeen()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("3")), machine(QStringLiteral("1"))});
        store.mergeListing(QStringLiteral("a"),
                           {machine(QStringLiteral("1")), machine(QStringLiteral("3")), machine(QStringLiteral("2"))});
        QStringList ids;
        for (auto slot : store.machinesOf(QStringLiteral("a")))
            ids.append(store.machine(slot).id);
        QCOMPARE(ids, (QStringList{QStringLiteral("3"), QStringLiteral("1"), QStringLiteral("2")}));
    }

    void duplicateIdsInAListingKeepTheFirst()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        Machine second = machine(QStringLiteral("1"), MachineState::Stopped);
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1")), second});
        QCOMPARE(store.machineCount(QStringLiteral("a")), 1);
        QCOMPARE(store.machine(*store.find(QStringLiteral("a"), u"1")).state, MachineState::Running);
    }

    void failedListingKeepsLastGoodStateMarkedStale()
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

    void parentLinksResolveInAnyOrderAndOrphansAreReported()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("k")));
        Machine node = machine(QStringLiteral("node-1"));
        node.kind = MachineKind::Node;
        Machine pod = machine(QStringLiteral("pod-1"));
        pod.kind = MachineKind::Pod;
        pod.parentId = node.id;
        Machine container = machine(QStringLiteral("c-1"));
        container.kind = MachineKind::Container;
        container.parentId = pod.id;
        // Children before parents.
        store.mergeListing(QStringLiteral("k"), {container, pod, node});
        const auto n = *store.find(QStringLiteral("k"), u"node-1");
        const auto p = *store.find(QStringLiteral("k"), u"pod-1");
        const auto c = *store.find(QStringLiteral("k"), u"c-1");
        QCOMPARE(store.parentOf(c), p);
        QCOMPARE(store.parentOf(p), n);
        QCOMPARE(store.parentOf(n), InventoryStore::kNoSlot);
        QCOMPARE(store.record(n).childCount, 1u);

        // The node goes: the pod stays, top-level, reported as a parent change.
        QSignalSpy spy(&store, &InventoryStore::inventoryChanged);
        store.mergeListing(QStringLiteral("k"), {container, pod});
        QCOMPARE(store.parentOf(p), InventoryStore::kNoSlot);
        const InventoryChange change = spy.at(0).at(0).value<InventoryChange>();
        QCOMPARE(change.removed, std::vector<quint32>{n});
        QCOMPARE(change.changed, std::vector<quint32>{p});
        QCOMPARE(change.changedFields, std::vector<quint32>{ChangedField::Parent});

        // It comes back (a new slot): the waiting pod finds it.
        spy.clear();
        store.mergeListing(QStringLiteral("k"), {container, pod, node});
        const auto n2 = *store.find(QStringLiteral("k"), u"node-1");
        QCOMPARE(store.parentOf(p), n2);
        QCOMPARE(spy.at(0).at(0).value<InventoryChange>().changed, std::vector<quint32>{p});

        // A cycle in bad data does not hang anything.
        Machine a = machine(QStringLiteral("x"));
        a.parentId = QStringLiteral("y");
        Machine b = machine(QStringLiteral("y"));
        b.parentId = QStringLiteral("x");
        store.mergeListing(QStringLiteral("k"), {a, b});
        QCOMPARE(store.machineCount(QStringLiteral("k")), 2);
    }

    void pagedListingEqualsOneListingAndRemovesOnlyAtTheEnd()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("k")));
        Machine node = machine(QStringLiteral("node-1"));
        node.kind = MachineKind::Node;
        Machine pod = machine(QStringLiteral("pod-1"), MachineState::Running, 6);
        pod.kind = MachineKind::Pod;
        pod.parentId = node.id;
        Machine container = machine(QStringLiteral("c-1"), MachineState::Running, 0);
        container.kind = MachineKind::Container;
        container.parentId = pod.id;
        store.mergeListing(QStringLiteral("k"), {node, pod, container, machine(QStringLiteral("old"))});
        const auto oldSlot = *store.find(QStringLiteral("k"), u"old");
        const auto nodeSlot = *store.find(QStringLiteral("k"), u"node-1");

        // A listing in three pages: the child of a node that comes in a later page, the same pod
        // twice (a page boundary moved), and "old" missing.
        Machine later = machine(QStringLiteral("pod-2"), MachineState::Running, 10);
        later.kind = MachineKind::Pod;
        later.parentId = QStringLiteral("node-2");
        Machine node2 = machine(QStringLiteral("node-2"));
        node2.kind = MachineKind::Node;
        Machine stopped = pod;
        stopped.state = MachineState::Stopped;
        QSignalSpy spy(&store, &InventoryStore::inventoryChanged);
        store.beginListing(QStringLiteral("k"));
        QVERIFY(store.isListing(QStringLiteral("k")));
        auto stats = store.addListingPage(QStringLiteral("k"), {node, later}, {});
        QCOMPARE(stats.inserted, 1);
        QCOMPARE(spy.size(), 1); // each page is announced as it lands
        stats = store.addListingPage(QStringLiteral("k"), {pod, container, node2}, {});
        QCOMPARE(stats.unchanged, 2);
        QCOMPARE(stats.inserted, 1);
        stats = store.addListingPage(QStringLiteral("k"), {stopped}, {});
        QCOMPARE(stats.changed, 0);      // listed twice: the first wins
        QVERIFY(store.isValid(oldSlot)); // nothing goes before the end
        QCOMPARE(store.parentOf(*store.find(QStringLiteral("k"), u"pod-2")), InventoryStore::kNoSlot);

        stats = store.endListing(QStringLiteral("k"));
        QVERIFY(!store.isListing(QStringLiteral("k")));
        QCOMPARE(stats.removedIds, QStringList{QStringLiteral("old")});
        QVERIFY(!store.isValid(oldSlot));
        QCOMPARE(store.find(QStringLiteral("k"), u"node-1"), std::optional<InventoryStore::Slot>(nodeSlot));
        const auto pod2 = *store.find(QStringLiteral("k"), u"pod-2");
        QCOMPARE(store.parentOf(pod2), *store.find(QStringLiteral("k"), u"node-2")); // resolved at the end
        QCOMPARE(store.machine(*store.find(QStringLiteral("k"), u"pod-1")).state, MachineState::Running);
        QCOMPARE(store.monthlyCost(QStringLiteral("k")), 28.0); // totals follow at the end

        // The same account listed in one piece gives the same records.
        InventoryStore whole;
        whole.addAccount(account(QStringLiteral("k")));
        whole.mergeListing(QStringLiteral("k"), {node, later, pod, container, node2});
        QCOMPARE(whole.machineCount(QStringLiteral("k")), store.machineCount(QStringLiteral("k")));
        for (InventoryStore::Slot slot : whole.machinesOf(QStringLiteral("k"))) {
            const auto mine = store.find(QStringLiteral("k"), whole.machine(slot).id);
            QVERIFY(mine);
            QCOMPARE(store.machine(*mine), whole.machine(slot));
        }

        // A listing that fails half-way removes nothing and keeps what landed.
        store.beginListing(QStringLiteral("k"));
        store.addListingPage(QStringLiteral("k"), {stopped}, {});
        store.abandonListing(QStringLiteral("k"));
        QCOMPARE(store.machineCount(QStringLiteral("k")), 5);
        QCOMPARE(store.machine(*store.find(QStringLiteral("k"), u"pod-1")).state, MachineState::Stopped);
        QCOMPARE(store.addListingPage(QStringLiteral("k"), {node}, {}).inserted, 0); // no listing open
    }

    void watchEventsApplyAsOneBatch()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("k")));
        store.mergeListing(QStringLiteral("k"), {machine(QStringLiteral("1")), machine(QStringLiteral("2"))});
        QSignalSpy spy(&store, &InventoryStore::inventoryChanged);
        Machine gone;
        gone.id = QStringLiteral("1");
        const auto stats = store.applyEvents(
            QStringLiteral("k"), {{InventoryEvent::Type::Upsert, machine(QStringLiteral("3"))},
                                  {InventoryEvent::Type::Upsert, machine(QStringLiteral("2"), MachineState::Stopped)},
                                  {InventoryEvent::Type::Delete, gone},
                                  // the last event about an id wins
                                  {InventoryEvent::Type::Upsert, machine(QStringLiteral("4"))},
                                  {InventoryEvent::Type::Delete, machine(QStringLiteral("4"))}});
        QCOMPARE(spy.size(), 1);
        QCOMPARE(stats.inserted, 1);
        QCOMPARE(stats.changed, 1);
        QCOMPARE(stats.removed, 1);
        QVERIFY(!store.find(QStringLiteral("k"), u"1"));
        QVERIFY(!store.find(QStringLiteral("k"), u"4"));
        QCOMPARE(store.machineCount(QStringLiteral("k")), 2);
    }

    // Event batches take shortcuts a listing does not: the cost moves by what changed, and the
    // search for late parents runs only when a child waits. Any sequence of batches must still
    // leave what a fresh listing of the same resources gives.
    void eventsLeaveWhatAListingWould()
    {
        QRandomGenerator rng(7);
        InventoryStore store;
        store.addAccount(account(QStringLiteral("k")));
        QMap<QString, Machine> truth; // what the cluster holds now
        auto make = [&](const QString &id, MachineKind kind, const QString &parent) {
            Machine m = machine(id, MachineState::Running, double(rng.bounded(50)) / 4);
            m.kind = kind;
            m.parentId = parent;
            return m;
        };
        for (int round = 0; round < 300; ++round) {
            QList<InventoryEvent> events;
            const int count = 1 + int(rng.bounded(12));
            for (int i = 0; i < count; ++i) {
                const int what = int(rng.bounded(6));
                const QString node = QStringLiteral("node-%1").arg(rng.bounded(4));
                const QString pod = QStringLiteral("pod-%1").arg(rng.bounded(12));
                Machine m;
                if (what == 0) { // a node comes, or changes price
                    m = make(node, MachineKind::Node, {});
                } else if (what == 1) { // a pod on a node that may not be there
                    m = make(pod, MachineKind::Pod, node);
                } else if (what == 2) { // a container of a pod that may not be there
                    m = make(pod + QStringLiteral("/c%1").arg(rng.bounded(2)), MachineKind::Container, pod);
                } else if (what == 3) { // a node goes, its pods stay
                    m.id = node;
                } else if (what == 4) { // a pod goes with its containers, or alone
                    m.id = pod;
                    if (rng.bounded(2)) {
                        for (int c = 0; c < 2; ++c) {
                            Machine gone;
                            gone.id = pod + QStringLiteral("/c%1").arg(c);
                            truth.remove(gone.id);
                            events.append({InventoryEvent::Type::Delete, gone});
                        }
                    }
                } else { // a pod unscheduled
                    m = make(pod, MachineKind::Pod, {});
                }
                if (m.name.isEmpty()) {
                    truth.remove(m.id);
                    events.append({InventoryEvent::Type::Delete, m});
                } else {
                    truth.insert(m.id, m);
                    events.append({InventoryEvent::Type::Upsert, m});
                }
            }
            store.applyEvents(QStringLiteral("k"), events);

            InventoryStore fresh;
            fresh.addAccount(account(QStringLiteral("k")));
            fresh.mergeListing(QStringLiteral("k"), truth.values());
            QCOMPARE(store.machineCount(QStringLiteral("k")), fresh.machineCount(QStringLiteral("k")));
            QVERIFY2(qAbs(store.monthlyCost(QStringLiteral("k")) - fresh.monthlyCost(QStringLiteral("k"))) < 1e-6,
                     qPrintable(QStringLiteral("round %1: cost %2, a listing gives %3")
                                    .arg(round)
                                    .arg(store.monthlyCost(QStringLiteral("k")))
                                    .arg(fresh.monthlyCost(QStringLiteral("k")))));
            for (InventoryStore::Slot slot : fresh.machinesOf(QStringLiteral("k"))) {
                const QString id = fresh.machine(slot).id;
                const auto mine = store.find(QStringLiteral("k"), id);
                QVERIFY(mine);
                auto parentId = [](const InventoryStore &s, InventoryStore::Slot child) {
                    const InventoryStore::Slot parent = s.parentOf(child);
                    return parent == InventoryStore::kNoSlot ? QString() : s.machine(parent).id;
                };
                QVERIFY2(parentId(store, *mine) == parentId(fresh, slot),
                         qPrintable(QStringLiteral("round %1: %2 under \"%3\", a listing puts it under \"%4\"")
                                        .arg(round)
                                        .arg(id, parentId(store, *mine), parentId(fresh, slot))));
                QCOMPARE(store.record(*mine).childCount, fresh.record(slot).childCount);
            }
        }
    }

    void costFollowsTheListing()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("1"), MachineState::Running, 6),
                                                 machine(QStringLiteral("2"), MachineState::Running, 12)});
        QCOMPARE(store.monthlyCost(QStringLiteral("a")), 18.0);
        store.mergeListing(QStringLiteral("a"), {machine(QStringLiteral("2"), MachineState::Running, 24)});
        QCOMPARE(store.monthlyCost(QStringLiteral("a")), 24.0);
    }

    void textArenaIsCompactedUnderChurn()
    {
        InventoryStore store;
        store.addAccount(account(QStringLiteral("a")));
        QRandomGenerator rng(3);
        QList<Machine> listing;
        for (int round = 0; round < 40; ++round) {
            listing.clear();
            for (int i = 0; i < 2000; ++i) {
                Machine m = machine(QStringLiteral("%1-%2").arg(round % 3).arg(i));
                m.name = QStringLiteral("name-%1-%2").arg(round).arg(rng.bounded(1000000));
                listing.append(m);
            }
            store.mergeListing(QStringLiteral("a"), listing);
        }
        // Every record still reads back right after the compactions the churn caused.
        for (const Machine &m : std::as_const(listing))
            QCOMPARE(store.machine(*store.find(QStringLiteral("a"), m.id)).name, m.name);
        // Memory stays bounded by what is live, not by the history.
        QVERIFY2(store.memoryBytes() < 4 * 1024 * 1024, qPrintable(QString::number(store.memoryBytes())));
    }
};

QTEST_GUILESS_MAIN(TestInventoryStore)
#include "tst_inventorystore.moc"
