// The run-rate history in a real SQLite file: it survives a restart, compacts a week-old history
// into hourly and daily averages (keeping what was spent), exports CSV, integrates the spend, and
// starts afresh from a damaged file. Time is passed in, never read from the clock.

#include "cost/costhistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>

using namespace nephele::models::cost;

namespace {

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kDay = 24 * kHour;

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QList<RateSample> samples(double monthly)
{
    return {{QStringLiteral("total"), QStringLiteral("USD"), monthly / 720, monthly},
            {QStringLiteral("account:prod"), QStringLiteral("USD"), monthly / 1440, monthly / 2}};
}

struct Fed {
    std::map<qint64, double> values; // ms -> monthly of "total"
};

// 100 days of samples ending at `end`: hourly ones first, then every 5 minutes for the last week,
// as a console that ran on and off would leave them.
Fed feed(CostHistory &history, qint64 end)
{
    Fed fed;
    int i = 0;
    for (qint64 t = end - 100 * kDay; t <= end; t += (t < end - 7 * kDay ? kHour : 5 * kMinute), ++i) {
        const double monthly = 1000 + (i % 10) * 10;
        history.record(at(t), samples(monthly));
        fed.values[t] = monthly;
    }
    return fed;
}

double weightedSum(const QList<HistoryPoint> &points)
{
    double sum = 0;
    for (const HistoryPoint &p : points)
        sum += p.monthly * p.samples;
    return sum;
}

} // namespace

class TestCostHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void defaultPathIsInTheDataFolder()
    {
        QVERIFY(CostHistory::defaultPath().endsWith(QStringLiteral("/nephele/cost-history.sqlite")));
        QVERIFY(CostHistory::defaultPath().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)));
    }

    void survivesARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("history/cost.sqlite"));
        const qint64 t0 = QDateTime(QDate(2024, 5, 2), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
        {
            CostHistory history;
            QSignalSpy opened(&history, &CostHistory::opened);
            history.open(path);
            history.record(at(t0), samples(1200));
            history.record(at(t0 + 5 * kMinute), samples(1260));
            history.flush();
            QCoreApplication::processEvents();
            QCOMPARE(opened.count(), 1);
        } // the destructor finishes the writes
        QVERIFY(QFile::exists(path));
        {
            // Written in WAL mode.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));

        CostHistory again;
        again.open(path);
        const QList<HistoryPoint> points =
            again.load(QStringLiteral("total"), QStringLiteral("USD"), at(t0 - kHour), at(t0 + kHour)).result();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points.at(0).ms, t0);
        QCOMPARE(points.at(0).monthly, 1200.0);
        QCOMPARE(points.at(1).monthly, 1260.0);
        QCOMPARE(points.at(1).hourly, 1260.0 / 720);
        QCOMPARE(points.at(1).resolution, HistoryResolution::Raw);
        const QList<HistoryPoint> account =
            again.load(QStringLiteral("account:prod"), QStringLiteral("USD"), at(t0), at(t0)).result();
        QCOMPARE(account.size(), 1);
        QCOMPARE(account.first().monthly, 600.0);
        // Another currency is another series.
        QVERIFY(again.load(QStringLiteral("total"), QStringLiteral("EUR"), at(0), at(t0 + kDay)).result().isEmpty());
    }

    void compactsHourlyThenDailyAndKeepsTheSpend()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cost.sqlite"));
        const qint64 end = QDateTime(QDate(2024, 6, 30), QTime(17, 42), Qt::UTC).toMSecsSinceEpoch();
        Fed fed;
        {
            CostHistory history;
            history.open(path);
            fed = feed(history, end);
            history.compact(at(end));
            history.flush();
        }
        CostHistory history;
        history.open(path); // and across a restart
        const QList<qint64> counts = history.counts().result();

        // What compaction must give, computed from the samples fed.
        const qint64 rawCutoff = ((end - 7 * kDay) / kHour) * kHour;
        const qint64 hourlyCutoff = ((end - 90 * kDay) / kDay) * kDay;
        std::map<qint64, std::pair<double, int>> hours, days;
        qint64 raw = 0;
        for (const auto &[t, monthly] : fed.values) {
            if (t >= rawCutoff) {
                ++raw;
            } else if (t >= hourlyCutoff) {
                auto &h = hours[(t / kHour) * kHour];
                h.first += monthly;
                ++h.second;
            } else {
                auto &d = days[(t / kDay) * kDay];
                d.first += monthly;
                ++d.second;
            }
        }
        // Two series: total and account:prod.
        QCOMPARE(counts.at(0), 2 * raw);
        QCOMPARE(counts.at(1), 2 * qint64(hours.size()));
        QCOMPARE(counts.at(2), 2 * qint64(days.size()));
        QVERIFY(raw > 7 * 24 * 12 - 20); // a week at 5 minutes
        QVERIFY(hours.size() > 80 * 24); // about 83 days of hours
        QVERIFY(days.size() >= 9);       // the first 10 days

        const QList<HistoryPoint> points =
            history.load(QStringLiteral("total"), QStringLiteral("USD"), at(end - 200 * kDay), at(end)).result();
        double fedSum = 0;
        for (const auto &[t, monthly] : fed.values)
            fedSum += monthly;
        QVERIFY2(std::abs(weightedSum(points) - fedSum) < 1e-6 * fedSum,
                 qPrintable(QStringLiteral("%1 vs %2").arg(weightedSum(points)).arg(fedSum)));
        for (const HistoryPoint &p : points) {
            if (p.resolution == HistoryResolution::Hourly) {
                const auto &h = hours.at(p.ms);
                QCOMPARE(p.samples, quint32(h.second));
                QVERIFY(std::abs(p.monthly - h.first / h.second) < 1e-9);
            } else if (p.resolution == HistoryResolution::Daily) {
                const auto &d = days.at(p.ms);
                QCOMPARE(p.samples, quint32(d.second));
                QVERIFY(std::abs(p.monthly - d.first / d.second) < 1e-9);
                QCOMPARE(p.ms % kDay, 0);
            } else {
                QVERIFY(p.ms >= rawCutoff);
            }
        }
        // Sorted by time, old to new.
        QVERIFY(std::is_sorted(points.begin(), points.end(),
                               [](const HistoryPoint &a, const HistoryPoint &b) { return a.ms < b.ms; }));

        // Compacting again changes nothing; an hour later, one more hour of raw samples goes.
        history.compact(at(end));
        QCOMPARE(history.counts().result(), counts);
        history.compact(at(end + kHour));
        const QList<qint64> later = history.counts().result();
        QVERIFY(later.at(0) < counts.at(0));
        QCOMPARE(later.at(1), counts.at(1) + 2);
        const QList<HistoryPoint> after =
            history.load(QStringLiteral("total"), QStringLiteral("USD"), at(end - 200 * kDay), at(end)).result();
        QVERIFY(std::abs(weightedSum(after) - fedSum) < 1e-6 * fedSum);
    }

    void integratesTheSpend()
    {
        CostHistory history;
        history.open(QString());
        const qint64 t0 = QDateTime(QDate(2024, 5, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        history.record(at(t0 - kHour), {{QStringLiteral("total"), QStringLiteral("USD"), 1.0, 720}});
        history.record(at(t0 + 2 * kHour), {{QStringLiteral("total"), QStringLiteral("USD"), 2.0, 1440}});
        const Accrued spent =
            history.accrued(QStringLiteral("total"), QStringLiteral("USD"), at(t0), at(t0 + 3 * kHour)).result();
        QCOMPARE(spent.amount, 1.0 * 2 + 2.0 * 1);
        QCOMPARE(spent.firstSampleMs, t0 - kHour);
        const Accrued before =
            history.accrued(QStringLiteral("total"), QStringLiteral("USD"), at(t0 - 3 * kHour), at(t0)).result();
        QCOMPARE(before.firstSampleMs, 0); // nothing was recorded at the span's start
        QCOMPARE(before.amount, 1.0);      // from the first sample on
    }

    void exportsCsv()
    {
        QTemporaryDir dir;
        CostHistory history;
        history.open(dir.filePath(QStringLiteral("cost.sqlite")));
        const qint64 t0 = QDateTime(QDate(2024, 5, 2), QTime(9, 0), Qt::UTC).toMSecsSinceEpoch();
        history.record(at(t0), samples(1200));
        history.record(at(t0 + 5 * kMinute), {{QStringLiteral("team:Web, Mobile"), QStringLiteral("USD"), 0.1, 72}});
        const QString csv = dir.filePath(QStringLiteral("history.csv"));
        const auto written = history.exportCsv(csv).result();
        QVERIFY(written);
        QCOMPARE(*written, 3);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(0), QByteArray("time_utc,series,currency,resolution,monthly,hourly,samples"));
        QVERIFY(lines.contains("2024-05-02T09:00:00Z,total,USD,raw,1200.0000,1.666667,1"));
        QVERIFY(lines.contains("2024-05-02T09:05:00Z,\"team:Web, Mobile\",USD,raw,72.0000,0.100000,1"));
        const auto teamsOnly = history.exportCsv(csv, QStringLiteral("team:")).result();
        QCOMPARE(*teamsOnly, 1);
        const auto nowhere = history.exportCsv(dir.filePath(QStringLiteral("missing/dir/x.csv"))).result();
        QVERIFY(!nowhere);
    }

    void aDamagedFileIsSetAsideAndANewOneStarted()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cost.sqlite"));
        {
            QFile junk(path);
            QVERIFY(junk.open(QIODevice::WriteOnly));
            junk.write(QByteArray(8192, 'x'));
        }
        CostHistory history;
        QSignalSpy problems(&history, &CostHistory::problem);
        history.open(path);
        history.record(at(1'700'000'000'000), samples(10));
        history.flush();
        QCoreApplication::processEvents();
        QCOMPARE(problems.count(), 1);
        QVERIFY(problems.first().first().toString().contains(QStringLiteral("damaged")));
        QStringList aside = QDir(dir.path()).entryList({QStringLiteral("cost.sqlite.damaged-*")});
        QCOMPARE(aside.size(), 1);
        QCOMPARE(history.counts().result().at(0), 2);
    }
};

QTEST_GUILESS_MAIN(TestCostHistory)
#include "tst_costhistory.moc"
