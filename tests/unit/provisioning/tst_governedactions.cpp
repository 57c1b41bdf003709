// Every machine action is checked against the policy first (a denial says why, is recorded, and
// nothing is sent), then recorded with its outcome; machine creation records each machine.

#include "audit/auditlog.h"
#include "inventory/inventorystore.h"
#include "provisioning/currentpolicy.h"
#include "provisioning/governedactions.h"
#include "provisioning/provisioner.h"
#include "provisioningtestdata.h"
#include "recordingdriver.h"
#include "sync/accountsession.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele;
using namespace nephele::models::provisioning;
using drivers::MachineAction;

namespace {

models::AccountInfo info(const QString &id)
{
    models::AccountInfo i;
    i.id = id;
    i.name = QStringLiteral("Dev");
    i.provider = QStringLiteral("fake");
    return i;
}

drivers::Machine machine(const QString &id, const QString &env)
{
    drivers::Machine m;
    m.id = id;
    m.name = QStringLiteral("vm-") + id;
    m.state = drivers::MachineState::Running;
    m.tags = {{QStringLiteral("team"), QStringLiteral("dev")}, {QStringLiteral("env"), env}};
    return m;
}

QList<models::audit::AuditEntry> entries(models::audit::AuditLog &log, const models::audit::AuditFilter &filter = {})
{
    log.flush();
    auto future = log.query(filter);
    future.waitForFinished();
    return future.result();
}

} // namespace

class TestGovernedActions final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void deniedActionsAreRecordedAndNotSent()
    {
        models::InventoryStore store;
        auto *driver = new RecordingDriver;
        models::AccountSession session(info(QStringLiteral("do-dev")), std::unique_ptr<drivers::Driver>(driver),
                                       &store);
        driver->machines = {machine(QStringLiteral("1"), QStringLiteral("prod")),
                            machine(QStringLiteral("2"), QStringLiteral("dev"))};
        store.mergeListing(QStringLiteral("do-dev"), driver->machines);

        CurrentPolicy policy;
        QVERIFY(policy.apply(testdata::developersPolicy(), QStringLiteral("dev.json")));
        policy.setUser({QStringLiteral("ann@acme.example"), {}});
        models::audit::AuditLog audit;
        audit.open(m_dir.filePath(QStringLiteral("actions.sqlite")));
        GovernedActions actions(&policy, &audit, &store);

        const GovernedActions::Target prod{QStringLiteral("do-dev"), QStringLiteral("1"), QStringLiteral("vm-1")};
        const GovernedActions::Target dev{QStringLiteral("do-dev"), QStringLiteral("2"), QStringLiteral("vm-2")};
        QVERIFY(actions.check(MachineAction::Stop, prod).allowed);
        const models::policy::Decision d = actions.check(MachineAction::Destroy, prod);
        QVERIFY(!d.allowed);
        QCOMPARE(d.reason, QStringLiteral("Denied by rule 3 of team Developers: destroy on machines tagged env=prod"));

        QSignalSpy finished(&audit, &models::audit::AuditLog::finished);
        const auto denied = actions.run(&session, MachineAction::Destroy, {prod, dev});
        QCOMPARE(denied.size(), 1);
        QCOMPARE(denied.first().target.machineId, QStringLiteral("1"));
        QCOMPARE(denied.first().reason, d.reason);
        // Only the allowed one reached the driver.
        QCOMPARE(driver->actions,
                 (QList<std::pair<MachineAction, QString>>{{MachineAction::Destroy, QStringLiteral("2")}}));
        QTRY_COMPARE(finished.size(), 1);

        const auto all = entries(audit);
        QCOMPARE(all.size(), 2);
        const auto byTarget = [&](const QString &id) {
            const auto it = std::find_if(all.cbegin(), all.cend(), [&](const auto &e) { return e.targetId == id; });
            return it == all.cend() ? models::audit::AuditEntry() : *it;
        };
        const models::audit::AuditEntry deniedEntry = byTarget(QStringLiteral("1"));
        QCOMPARE(deniedEntry.outcome, models::audit::Outcome::Denied);
        QCOMPARE(deniedEntry.detail, d.reason);
        QCOMPARE(deniedEntry.actor, QStringLiteral("ann@acme.example"));
        QCOMPARE(deniedEntry.action, QStringLiteral("destroy"));
        QCOMPARE(deniedEntry.accountName, QStringLiteral("Dev"));
        const models::audit::AuditEntry done = byTarget(QStringLiteral("2"));
        QCOMPARE(done.outcome, models::audit::Outcome::Succeeded);
        QVERIFY(done.finished.isValid());
        QVERIFY(done.request.contains(QStringLiteral("\"action\":\"destroy\"")));
    }

    void failuresAndUnknownUsers()
    {
        models::InventoryStore store;
        auto *driver = new RecordingDriver;
        driver->failActions = true;
        models::AccountSession session(info(QStringLiteral("do-dev")), std::unique_ptr<drivers::Driver>(driver),
                                       &store);
        driver->machines = {machine(QStringLiteral("2"), QStringLiteral("dev"))};
        store.mergeListing(QStringLiteral("do-dev"), driver->machines);
        CurrentPolicy policy;
        QVERIFY(policy.apply(testdata::developersPolicy(), QStringLiteral("dev.json")));
        models::audit::AuditLog audit;
        audit.open(m_dir.filePath(QStringLiteral("failures.sqlite")));
        GovernedActions actions(&policy, &audit, &store);
        const GovernedActions::Target dev{QStringLiteral("do-dev"), QStringLiteral("2"), QStringLiteral("vm-2")};

        // Nobody set who they are: a clear denial, not a bare "not a member".
        QVERIFY(actions.check(MachineAction::Stop, dev).reason.contains(QStringLiteral("does not know who you are")));

        policy.setUser({QStringLiteral("ann@acme.example"), {}});
        QSignalSpy finished(&audit, &models::audit::AuditLog::finished);
        QVERIFY(actions.run(&session, MachineAction::Stop, {dev}).isEmpty());
        QTRY_COMPARE(finished.size(), 1);
        const auto all = entries(audit);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().outcome, models::audit::Outcome::Failed);
        QVERIFY2(all.first().detail.contains(QStringLiteral("busy")), qPrintable(all.first().detail));
    }

    void ungovernedActionsAreStillRecorded()
    {
        models::InventoryStore store;
        auto *driver = new RecordingDriver;
        models::AccountSession session(info(QStringLiteral("a")), std::unique_ptr<drivers::Driver>(driver), &store);
        driver->machines = {machine(QStringLiteral("9"), QStringLiteral("prod"))};
        store.mergeListing(QStringLiteral("a"), driver->machines);
        models::audit::AuditLog audit;
        audit.open(m_dir.filePath(QStringLiteral("ungoverned.sqlite")));
        GovernedActions actions(nullptr, &audit, &store);
        QSignalSpy finished(&audit, &models::audit::AuditLog::finished);
        QVERIFY(actions
                    .run(&session, MachineAction::Reboot,
                         {{QStringLiteral("a"), QStringLiteral("9"), QStringLiteral("vm-9")}})
                    .isEmpty());
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(entries(audit).first().action, QStringLiteral("reboot"));
    }

    void provisionerCreatesAndRecordsEachMachine()
    {
        models::InventoryStore store;
        auto *driver = new RecordingDriver;
        models::AccountSession session(info(QStringLiteral("do-dev")), std::unique_ptr<drivers::Driver>(driver),
                                       &store);
        models::audit::AuditLog audit;
        audit.open(m_dir.filePath(QStringLiteral("create.sqlite")));

        ProvisionRequest r = testdata::validRequest();
        r.quantity = 2;
        const ProvisionContext c = testdata::context(testdata::engine(testdata::developersPolicy()));
        const ProvisionValidation v = validate(r, c);
        QVERIFY2(v.ok(), qPrintable(v.problems().join(u'\n')));
        Provisioner run(&session, &audit, QStringLiteral("ann@acme.example"));
        QSignalSpy done(&run, &Provisioner::finished);
        QSignalSpy changed(&run, &Provisioner::machineChanged);
        run.start(makePlan(r, c, v));
        QVERIFY(done.wait(10'000));
        QCOMPARE(run.succeeded(), 2);
        QCOMPARE(run.failed(), 0);
        QVERIFY(changed.size() >= 4); // running, progress, done: per machine
        QCOMPARE(driver->creations.size(), 2);
        QCOMPARE(driver->creations.at(0).names, QStringList{QStringLiteral("api-1")});
        QVERIFY(driver->creations.at(0).tags.contains(QStringLiteral("team:dev")));
        QCOMPARE(run.machines().at(1).machineId, QStringLiteral("1002"));

        const auto all = entries(audit);
        QCOMPARE(all.size(), 2);
        for (const auto &e : all) {
            QCOMPARE(e.action, QStringLiteral("create"));
            QCOMPARE(e.outcome, models::audit::Outcome::Succeeded);
            QVERIFY(!e.targetId.isEmpty()); // the provider's id, filled in when known
            QVERIFY(e.request.contains(QStringLiteral("\"monthly_cost\":6")));
            QCOMPARE(e.actor, QStringLiteral("ann@acme.example"));
        }
    }

    void provisionerReportsAClosedAccount()
    {
        models::InventoryStore store;
        models::AccountSession session(
            info(QStringLiteral("x")),
            drivers::Error{drivers::ErrorKind::Config, QStringLiteral("no token"), {}, {}, {}, 0}, &store);
        models::audit::AuditLog audit;
        audit.open(m_dir.filePath(QStringLiteral("closed.sqlite")));
        Provisioner run(&session, &audit, QStringLiteral("ann"));
        ProvisionPlan plan;
        plan.accountId = QStringLiteral("x");
        plan.accountName = QStringLiteral("X");
        plan.machines = {PlannedMachine{QStringLiteral("m1"), {}, 0}};
        QSignalSpy done(&run, &Provisioner::finished);
        run.start(plan);
        QCOMPARE(done.size(), 1); // at once: nothing to wait for
        QCOMPARE(run.failed(), 1);
        QVERIFY(run.machines().first().text.contains(QStringLiteral("not open")));
        QCOMPARE(entries(audit).first().outcome, models::audit::Outcome::Failed);
    }
};

QTEST_GUILESS_MAIN(TestGovernedActions)
#include "tst_governedactions.moc"
