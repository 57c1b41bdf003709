// The audit trail in SQLite: written off the GUI thread, queried with filters, kept across a
// restart, moved aside when damaged; exported to CSV and JSON; shown by a table model.

#include "audit/auditentry.h"
#include "audit/auditlog.h"
#include "audit/audittablemodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele::models::audit;

namespace {

const QDateTime kStart(QDate(2025, 3, 10), QTime(9, 0), Qt::UTC);

QList<AuditEntry> query(AuditLog &log, const AuditFilter &filter = {})
{
    log.flush();
    auto future = log.query(filter);
    future.waitForFinished();
    return future.result();
}

AuditEntry entry(const QString &action, const QString &target, const QString &account = QStringLiteral("prod"))
{
    AuditEntry e;
    e.actor = QStringLiteral("ann@acme.example");
    e.action = action;
    e.accountId = account;
    e.accountName = account.toUpper();
    e.targetId = target;
    e.targetName = QStringLiteral("vm-") + target;
    e.request = QStringLiteral("{\"action\":\"%1\",\"machine\":\"%2\"}").arg(action, target);
    return e;
}

} // namespace

class TestAuditLog final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void recordsAndFilters()
    {
        AuditLog log;
        QSignalSpy opened(&log, &AuditLog::opened);
        log.open(m_dir.filePath(QStringLiteral("filters.sqlite")));
        QVERIFY(opened.wait(10'000));
        QDateTime now = kStart;
        log.setClock([&now] { return now; });
        QSignalSpy recorded(&log, &AuditLog::recorded);

        const QString stop = log.record(entry(QStringLiteral("stop"), QStringLiteral("1")));
        now = now.addSecs(60);
        AuditEntry denied = entry(QStringLiteral("destroy"), QStringLiteral("2"));
        denied.outcome = Outcome::Denied;
        denied.detail = QStringLiteral("Denied by rule 3 of team Developers");
        log.record(denied);
        now = now.addDays(1);
        AuditEntry other = entry(QStringLiteral("create"), QString(), QStringLiteral("staging"));
        other.actor = QStringLiteral("bob@acme.example");
        other.targetName = QStringLiteral("api-1");
        const QString create = log.record(other);
        QCOMPARE(recorded.size(), 3);
        QVERIFY(!stop.isEmpty() && stop != create);
        now = now.addSecs(30);
        log.finish(create, Outcome::Succeeded, QStringLiteral("Created (id 42)"), QStringLiteral("42"));

        const QList<AuditEntry> all = query(log);
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).action, QStringLiteral("create")); // newest first
        QCOMPARE(all.at(0).targetId, QStringLiteral("42"));
        QCOMPARE(all.at(0).outcome, Outcome::Succeeded);
        QCOMPARE(all.at(0).finished, kStart.addSecs(60).addDays(1).addSecs(30));
        QCOMPARE(all.at(1).outcome, Outcome::Denied);
        QCOMPARE(all.at(1).finished, all.at(1).when); // known at once
        QCOMPARE(all.at(2).outcome, Outcome::Pending);
        QVERIFY(!all.at(2).finished.isValid());
        QCOMPARE(all.at(2).when, kStart);

        const auto count = [&](const AuditFilter &f) { return query(log, f).size(); };
        AuditFilter f;
        f.action = QStringLiteral("destroy");
        QCOMPARE(count(f), 1);
        f = {};
        f.outcome = Outcome::Pending;
        QCOMPARE(count(f), 1);
        f = {};
        f.accountId = QStringLiteral("staging");
        QCOMPARE(count(f), 1);
        f = {};
        f.actor = QStringLiteral("ann@acme.example");
        QCOMPARE(count(f), 2);
        f = {};
        f.text = QStringLiteral("DEVELOPERS"); // any case, in the detail
        QCOMPARE(count(f), 1);
        f = {};
        f.text = QStringLiteral("100%_"); // no wildcard surprises
        QCOMPARE(count(f), 0);
        f = {};
        f.from = kStart.addSecs(30);
        f.to = kStart.addDays(1);
        QCOMPARE(count(f), 1);
        f = {};
        f.limit = 2;
        QCOMPARE(count(f), 2);
        // The SQL and the in-memory rule agree.
        for (const AuditEntry &e : all) {
            AuditFilter g;
            g.text = QStringLiteral("vm-1");
            QCOMPARE(g.matches(e), e.targetName == u"vm-1");
        }

        log.flush();
        auto facets = log.facets();
        facets.waitForFinished();
        QCOMPARE(facets.result().actions,
                 (QStringList{QStringLiteral("create"), QStringLiteral("destroy"), QStringLiteral("stop")}));
        QCOMPARE(facets.result().accounts.size(), 2);
    }

    void keptAcrossARestart()
    {
        const QString path = m_dir.filePath(QStringLiteral("restart.sqlite"));
        QString id;
        {
            AuditLog log;
            log.open(path);
            id = log.record(entry(QStringLiteral("reboot"), QStringLiteral("7")));
            log.finish(id, Outcome::Failed, QStringLiteral("prod: reboot droplet 7: busy"));
        } // the destructor writes what is queued
        AuditLog again;
        again.open(path);
        const QList<AuditEntry> all = query(again);
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().id, id);
        QCOMPARE(all.first().outcome, Outcome::Failed);
        QCOMPARE(all.first().detail, QStringLiteral("prod: reboot droplet 7: busy"));
        QCOMPARE(all.first().targetName, QStringLiteral("vm-7"));
        QCOMPARE(all.first().targetId, QStringLiteral("7")); // finish() without an id keeps the recorded one
        // And it goes on from there.
        again.record(entry(QStringLiteral("start"), QStringLiteral("7")));
        QCOMPARE(query(again).size(), 2);
    }

    void damagedFileIsMovedAside()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.sqlite"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(8192, 'x'));
        }
        AuditLog log;
        QSignalSpy problem(&log, &AuditLog::problem);
        log.open(path);
        QVERIFY(problem.wait(10'000));
        QVERIFY2(problem.first().first().toString().contains(QStringLiteral("moved to")),
                 qPrintable(problem.first().first().toString()));
        log.record(entry(QStringLiteral("stop"), QStringLiteral("1")));
        QCOMPARE(query(log).size(), 1);
        QDir dir(m_dir.path());
        QCOMPARE(dir.entryList({QStringLiteral("damaged.sqlite.damaged-*")}).size(), 1);
    }

    void exports()
    {
        AuditEntry a = entry(QStringLiteral("stop"), QStringLiteral("1"));
        a.id = QStringLiteral("id-1");
        a.when = kStart;
        a.detail = QStringLiteral("said \"no\", twice");
        a.outcome = Outcome::Failed;
        AuditEntry b = entry(QStringLiteral("create"), QStringLiteral("2"));
        b.id = QStringLiteral("id-2");
        b.when = kStart;
        b.targetName = QStringLiteral("=HYPERLINK(\"http://evil\")");
        b.request = QStringLiteral("not json");

        const QByteArray csv = toCsv({a, b});
        const QList<QByteArray> lines = csv.split('\n');
        QVERIFY(lines.first().startsWith("id,when,actor,action,"));
        QVERIFY(lines.at(1).startsWith("id-1,2025-03-10T09:00:00.000Z,ann@acme.example,stop,prod,PROD,1,vm-1,failed,"));
        QVERIFY2(csv.contains("\"said \"\"no\"\", twice\""), csv.constData());
        QVERIFY2(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), csv.constData()); // not run as a formula
        QVERIFY(csv.endsWith("\r\n"));

        const QJsonArray json = QJsonDocument::fromJson(toJson({a, b})).array();
        QCOMPARE(json.size(), 2);
        const QJsonObject first = json.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
        QCOMPARE(first.value(QStringLiteral("when")).toString(), QStringLiteral("2025-03-10T09:00:00.000Z"));
        QCOMPARE(first.value(QStringLiteral("request")).toObject().value(QStringLiteral("machine")).toString(),
                 QStringLiteral("1"));
        QVERIFY(first.value(QStringLiteral("finished")).isNull());
        QCOMPARE(json.at(1).toObject().value(QStringLiteral("request")).toString(), QStringLiteral("not json"));
    }

    void tableModel()
    {
        AuditTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        AuditEntry a = entry(QStringLiteral("stop"), QStringLiteral("1"));
        a.id = QStringLiteral("a");
        a.when = kStart;
        AuditFilter onlyPending;
        onlyPending.outcome = Outcome::Pending;
        model.setEntries(onlyPending, {a});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, AuditTableModel::TargetColumn).data().toString(), QStringLiteral("vm-1 (1)"));
        QCOMPARE(model.index(0, AuditTableModel::OutcomeColumn).data().toString(), QStringLiteral("Pending"));

        AuditEntry b = entry(QStringLiteral("start"), QStringLiteral("2"));
        b.id = QStringLiteral("b");
        model.add(b);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, AuditTableModel::ActionColumn).data().toString(), QStringLiteral("start"));
        AuditEntry denied = entry(QStringLiteral("destroy"), QStringLiteral("3"));
        denied.outcome = Outcome::Denied;
        model.add(denied); // does not pass the filter
        QCOMPARE(model.rowCount(), 2);
        // Finished: no longer pending, so it leaves the filtered table.
        model.setOutcome(QStringLiteral("a"), Outcome::Succeeded, QStringLiteral("done"));
        QCOMPARE(model.rowCount(), 1);
        model.setEntries({}, {a, b});
        model.setOutcome(QStringLiteral("b"), Outcome::Failed, QStringLiteral("busy"));
        QCOMPARE(model.index(1, AuditTableModel::DetailColumn).data().toString(), QStringLiteral("busy"));
        QCOMPARE(model.index(1, 0).data(AuditTableModel::OutcomeRole).toInt(), int(Outcome::Failed));
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
