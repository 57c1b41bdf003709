// LeaseWatcher with an injected clock: warns once before a lease ends, acts once when it has
// ended (through the session, recorded as "lease"), and leaves alone what it must not touch.

#include "audit/auditlog.h"
#include "inventory/inventorystore.h"
#include "provisioning/governedactions.h"
#include "provisioning/leasetags.h"
#include "provisioning/leasewatcher.h"
#include "recordingdriver.h"
#include "sync/accountsession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele;
using namespace nephele::models::provisioning;
using drivers::MachineAction;
using drivers::MachineState;

Q_DECLARE_METATYPE(nephele::models::provisioning::LeaseWatcher::Notice)

namespace {

const QDateTime kNow(QDate(2025, 3, 10), QTime(9, 0), Qt::UTC);

drivers::Machine machine(const QString &id, MachineState state, const QList<drivers::Tag> &tags)
{
    drivers::Machine m;
    m.id = id;
    m.name = QStringLiteral("vm-") + id;
    m.state = state;
    m.tags = tags;
    m.priceMonthly = 6;
    return m;
}

QList<drivers::Tag> lease(const QDateTime &end, const QString &action, const QString &notify = {})
{
    QList<drivers::Tag> tags{{QStringLiteral("expires"), leaseTimeText(end)}};
    if (!action.isEmpty())
        tags << drivers::Tag{QStringLiteral("expires-action"), action};
    if (!notify.isEmpty())
        tags << drivers::Tag{QStringLiteral("expires-notify"), notify};
    return tags;
}

QStringList machineIds(const QList<QVariantList> &signals)
{
    QStringList ids;
    for (const QVariantList &args : signals)
        ids << args.at(0).value<LeaseWatcher::Notice>().machineId;
    ids.sort();
    return ids;
}

models::AccountInfo info(const QString &id)
{
    models::AccountInfo i;
    i.id = id;
    i.name = id.toUpper();
    i.provider = QStringLiteral("fake");
    return i;
}

} // namespace

class TestLeaseWatcher final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qRegisterMetaType<LeaseWatcher::Notice>();
    }

    void warnsThenActsOnce()
    {
        models::InventoryStore store;
        auto *driver = new RecordingDriver;
        models::AccountSession session(info(QStringLiteral("acc")), std::unique_ptr<drivers::Driver>(driver), &store);
        driver->machines = {
            machine(QStringLiteral("a"), MachineState::Running,
                    lease(kNow.addSecs(2 * 3600), QStringLiteral("destroy"), QStringLiteral("6h"))),
            machine(QStringLiteral("b"), MachineState::Running, lease(kNow.addDays(3), QStringLiteral("stop"))),
            machine(QStringLiteral("c"), MachineState::Running, lease(kNow.addSecs(-3600), QStringLiteral("destroy"))),
            machine(QStringLiteral("d"), MachineState::Running, lease(kNow.addSecs(-3600), QStringLiteral("stop"))),
            machine(QStringLiteral("e"), MachineState::Stopped, lease(kNow.addSecs(-3600), QStringLiteral("stop"))),
            machine(QStringLiteral("f"), MachineState::Running, lease(kNow.addSecs(-3600), {})),
            machine(QStringLiteral("g"), MachineState::Running, {{QStringLiteral("env"), QStringLiteral("dev")}}),
        };
        store.mergeListing(QStringLiteral("acc"), driver->machines);

        models::audit::AuditLog audit;
        audit.open(m_dir.filePath(QStringLiteral("lease-audit.sqlite")));
        GovernedActions actions(nullptr, &audit, &store);
        LeaseWatcher watcher(&store, &actions, [&](const QString &id) { return id == u"acc" ? &session : nullptr; });
        QDateTime now = kNow;
        watcher.setClock([&now] { return now; });
        QSignalSpy soon(&watcher, &LeaseWatcher::expiringSoon);
        QSignalSpy expired(&watcher, &LeaseWatcher::expired);
        QSignalSpy finished(&audit, &models::audit::AuditLog::finished);

        watcher.check();
        // a ends within its 6 h notice; f has ended but names no action: only a warning.
        QCOMPARE(machineIds(soon), (QStringList{QStringLiteral("a"), QStringLiteral("f")}));
        // c and d have ended: destroyed and stopped through the session; e is stopped already.
        QCOMPARE(machineIds(expired), (QStringList{QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(driver->actions.size(), 2);
        QVERIFY(driver->actions.contains(std::pair{MachineAction::Destroy, QStringLiteral("c")}));
        QVERIFY(driver->actions.contains(std::pair{MachineAction::Stop, QStringLiteral("d")}));

        // Once each: another pass at the same time does nothing more.
        watcher.check();
        QCOMPARE(soon.size(), 2);
        QCOMPARE(expired.size(), 2);
        QCOMPARE(driver->actions.size(), 2);

        // Two days on, b is within its default one-day notice.
        now = kNow.addDays(2).addSecs(3600);
        watcher.check();
        QCOMPARE(soon.size(), 3);
        QCOMPARE(soon.last().at(0).value<LeaseWatcher::Notice>().machineId, QStringLiteral("b"));
        QCOMPARE(driver->actions.size(), 3); // and a has ended: destroyed
        QCOMPARE(driver->actions.last(), (std::pair{MachineAction::Destroy, QStringLiteral("a")}));

        // The audit trail names the lease as the actor, with the outcome once the jobs finished.
        QTRY_COMPARE(finished.size(), 3);
        audit.flush();
        models::audit::AuditFilter filter;
        filter.actor = QStringLiteral("lease");
        auto entries = audit.query(filter);
        entries.waitForFinished();
        const QList<models::audit::AuditEntry> list = entries.result();
        QCOMPARE(list.size(), 3);
        for (const models::audit::AuditEntry &e : list) {
            QCOMPARE(e.outcome, models::audit::Outcome::Succeeded);
            QVERIFY2(e.detail.contains(QStringLiteral("Done")), qPrintable(e.detail));
            QCOMPARE(e.accountId, QStringLiteral("acc"));
        }
    }

    void leavesAloneWhatItMustNotTouch()
    {
        models::InventoryStore store;
        auto *driver = new RecordingDriver;
        models::AccountSession session(info(QStringLiteral("acc")), std::unique_ptr<drivers::Driver>(driver), &store);
        drivers::Machine busy =
            machine(QStringLiteral("busy"), MachineState::Running, lease(kNow.addSecs(-60), QStringLiteral("destroy")));
        busy.locked = true;
        driver->machines = {busy};
        store.mergeListing(QStringLiteral("acc"), driver->machines);
        GovernedActions actions(nullptr, nullptr, &store);
        LeaseWatcher watcher(&store, &actions, [&](const QString &) { return &session; });
        watcher.setClock([] { return kNow; });
        QSignalSpy expired(&watcher, &LeaseWatcher::expired);

        // An action is running on it: looked at again later.
        watcher.check();
        QCOMPARE(driver->actions.size(), 0);

        // A stale listing (the last one failed): nothing is done from it.
        busy.locked = false;
        driver->machines = {busy};
        store.mergeListing(QStringLiteral("acc"), driver->machines);
        store.markStale(QStringLiteral("acc"));
        watcher.check();
        QCOMPARE(driver->actions.size(), 0);

        // A disabled session: not acted on either.
        store.mergeListing(QStringLiteral("acc"), driver->machines);
        session.setEnabled(false);
        watcher.check();
        QCOMPARE(driver->actions.size(), 0);

        // Fresh and enabled: destroyed.
        session.setEnabled(true);
        store.mergeListing(QStringLiteral("acc"), driver->machines);
        watcher.check();
        QCOMPARE(driver->actions.size(), 1);
        QCOMPARE(expired.size(), 1);
    }

    void aMovedLeaseIsANewLease()
    {
        models::InventoryStore store;
        auto *driver = new RecordingDriver;
        models::AccountSession session(info(QStringLiteral("acc")), std::unique_ptr<drivers::Driver>(driver), &store);
        driver->machines = {
            machine(QStringLiteral("m"), MachineState::Running, lease(kNow.addSecs(3600), QStringLiteral("stop")))};
        store.mergeListing(QStringLiteral("acc"), driver->machines);
        GovernedActions actions(nullptr, nullptr, &store);
        LeaseWatcher watcher(&store, &actions, [&](const QString &) { return &session; });
        QDateTime now = kNow;
        watcher.setClock([&now] { return now; });
        QSignalSpy soon(&watcher, &LeaseWatcher::expiringSoon);
        watcher.check();
        QCOMPARE(soon.size(), 1);
        // Extended by a week: warned again when the new end nears, not before.
        driver->machines = {
            machine(QStringLiteral("m"), MachineState::Running, lease(kNow.addDays(7), QStringLiteral("stop")))};
        store.mergeListing(QStringLiteral("acc"), driver->machines);
        now = kNow.addSecs(2 * 3600);
        watcher.check();
        QCOMPARE(soon.size(), 1);
        QCOMPARE(driver->actions.size(), 0);
        now = kNow.addDays(6).addSecs(3600);
        watcher.check();
        QCOMPARE(soon.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestLeaseWatcher)
#include "tst_leasewatcher.moc"
