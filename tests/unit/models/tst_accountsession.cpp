#include "fakedriver.h"
#include "modeltestdata.h"

#include "inventory/inventorystore.h"
#include "sync/accountsession.h"

#include <QSignalSpy>
#include <QTest>

using namespace nephele::models;
using namespace nephele::drivers;

namespace {
using nephele::models::testdata::account;
} // namespace

namespace {
Machine machine(const QString &id)
{
    Machine m;
    m.id = id;
    m.name = id;
    m.location = QStringLiteral("nyc3");
    return m;
}
Error serverError()
{
    Error e;
    e.kind = ErrorKind::Server;
    e.message = QStringLiteral("Server was unable to give you a response.");
    e.context = QStringLiteral("Prod: list droplets");
    e.httpStatus = 500;
    return e;
}
} // namespace

class TestAccountSession final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorsKeepTheLastGoodInventory()
    {
        InventoryStore store;
        auto driver = std::make_unique<FakeDriver>();
        FakeDriver *fake = driver.get();
        fake->next = FakeDriver::Machines{machine(QStringLiteral("1")), machine(QStringLiteral("2"))};
        AccountSession session(account(QStringLiteral("p"), QStringLiteral("Prod")), std::move(driver), &store);
        session.setSchedule({.intervalMs = 60'000,
                             .burstIntervalMs = 20,
                             .burstDurationMs = 200,
                             .backoffBaseMs = 400,
                             .backoffMaxMs = 5000});
        QSignalSpy listed(&session, &AccountSession::listingFinished);

        session.start();
        QTRY_COMPARE(listed.size(), 1);
        QCOMPARE(session.status(), AccountStatus::Ok);
        QCOMPARE(store.machineCount(QStringLiteral("p")), 2);
        QVERIFY(session.nextPollInMs() > 50'000);

        fake->next = nephele::Unexpected(serverError());
        session.refresh();
        QTRY_COMPARE(listed.size(), 2);
        QCOMPARE(session.status(), AccountStatus::Error);
        QCOMPARE(store.machineCount(QStringLiteral("p")), 2); // still there
        QVERIFY(store.account(QStringLiteral("p"))->stale);
        QVERIFY(store.account(QStringLiteral("p"))->errorSummary.contains(QStringLiteral("unable")));
        // (QTimer's coarse timers may fire up to 5 % late.)
        QVERIFY(session.nextPollInMs() <= 420); // backoff starts small...
        QTRY_COMPARE(listed.size(), 3);
        QVERIFY(session.nextPollInMs() > 600 && session.nextPollInMs() <= 840); // ...and doubles

        fake->next = FakeDriver::Machines{machine(QStringLiteral("1"))};
        session.retry();
        QTRY_COMPARE(session.status(), AccountStatus::Ok);
        QCOMPARE(store.machineCount(QStringLiteral("p")), 1);
        QVERIFY(!store.account(QStringLiteral("p"))->stale);
    }

    void actionsStartABurstOfPolls()
    {
        InventoryStore store;
        auto driver = std::make_unique<FakeDriver>();
        FakeDriver *fake = driver.get();
        fake->next = FakeDriver::Machines{machine(QStringLiteral("1"))};
        AccountSession session(account(QStringLiteral("p"), QStringLiteral("Prod")), std::move(driver), &store);
        session.setSchedule({.intervalMs = 60'000,
                             .burstIntervalMs = 20,
                             .burstDurationMs = 300,
                             .backoffBaseMs = 50,
                             .backoffMaxMs = 400});
        QSignalSpy listed(&session, &AccountSession::listingFinished);
        QSignalSpy jobs(&session, &AccountSession::jobStarted);
        session.start();
        QTRY_COMPARE(listed.size(), 1);
        const int before = fake->listCalls;
        session.runAction(MachineAction::Stop, {QStringLiteral("1")});
        QCOMPARE(jobs.size(), 1);
        QTRY_VERIFY(fake->listCalls >= before + 4); // polled every 20 ms for a while
        QTest::qWait(500);                          // (lets the burst expire; no assertion on time)
        QVERIFY(session.nextPollInMs() > 1000);     // back to the steady interval
    }

    void sessionWithoutDriverShowsItsError()
    {
        InventoryStore store;
        Error e;
        e.kind = ErrorKind::Config;
        e.message = QStringLiteral("No token in the keychain.");
        AccountSession session(account(QStringLiteral("p"), QStringLiteral("Prod")), e, &store);
        QCOMPARE(store.account(QStringLiteral("p"))->status, AccountStatus::Error);
        session.retry(); // harmless
        QCOMPARE(session.capabilities(), nullptr);
    }
};

QTEST_GUILESS_MAIN(TestAccountSession)
#include "tst_accountsession.moc"
