#include "costhistory.h"

#include "storage/sqlitefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPromise>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

#include <algorithm>

#include <memory>

namespace nephele::models::cost {

namespace {

constexpr int kSchemaVersion = 1;
constexpr qint64 kHourMs = qint64(3600) * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;

QString historyText(const char *text)
{
    return QCoreApplication::translate("nephele::models::cost::CostHistory", text);
}

QString resolutionName(HistoryResolution resolution)
{
    switch (resolution) {
    case HistoryResolution::Raw: return QStringLiteral("raw");
    case HistoryResolution::Hourly: return QStringLiteral("hourly");
    case HistoryResolution::Daily: return QStringLiteral("daily");
    }
    return {};
}

QString csvField(const QString &field)
{
    if (!field.contains(u',') && !field.contains(u'"') && !field.contains(u'\n') && !field.contains(u'\r'))
        return field;
    QString quoted = field;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

// Runs `work` on the worker's thread and hands its result to a future.
template<typename T, typename Worker, typename Work>
QFuture<T> runOn(Worker *worker, Work work)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        worker,
        [worker, promise, work = std::move(work)] {
            promise->addResult(work(worker));
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
}

} // namespace

class CostHistory::Worker final : public QObject
{
public:
    explicit Worker(CostHistory *history)
        : m_history(history)
        , m_connection(storage::uniqueConnectionName(QStringLiteral("nephele-cost")))
    {}

    ~Worker() override { close(); }

    void close()
    {
        if (!m_open)
            return;
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
        m_open = false;
        m_ready = false;
    }

    void open(const QString &path)
    {
        close();
        m_lastCompactionMs = 0;
        const QString file = path.isEmpty() ? QStringLiteral(":memory:") : path;
        const storage::SqliteOpened opened = storage::openSqlite(m_connection, file, historySchema());
        m_open = QSqlDatabase::contains(m_connection);
        if (!opened.movedAsideTo.isEmpty())
            report(historyText("The cost history %1 was damaged (%2). It was moved to %3 and a new one was started.")
                       .arg(QDir::toNativeSeparators(path), opened.why, QDir::toNativeSeparators(opened.movedAsideTo)));
        if (!opened.ok) {
            close();
            report(historyText("The cost history %1 cannot be used (%2). Costs are shown without history.")
                       .arg(QDir::toNativeSeparators(file), opened.why));
            return;
        }
        m_ready = true;
        QMetaObject::invokeMethod(
            m_history, [history = m_history, path] { Q_EMIT history->opened(path); }, Qt::QueuedConnection);
    }

    static storage::SqliteSchema historySchema()
    {
        return {.version = kSchemaVersion,
                .statements = {
                    QStringLiteral("CREATE TABLE IF NOT EXISTS samples (series TEXT NOT NULL, currency TEXT NOT NULL, "
                                   "res INTEGER NOT NULL, ts INTEGER NOT NULL, hourly REAL NOT NULL, monthly REAL "
                                   "NOT NULL, n INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (series, currency, res, ts)) "
                                   "WITHOUT ROWID"),
                    QStringLiteral("CREATE INDEX IF NOT EXISTS samples_by_time ON samples (series, currency, ts)"),
                }};
    }

    void setRetention(const HistoryRetention &retention) { m_retention = retention; }

    void record(qint64 ms, const QList<RateSample> &samples)
    {
        if (!m_ready)
            return;
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (!db.transaction()) {
            report(historyText("Saving the cost history failed: %1").arg(db.lastError().text()));
            return;
        }
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO samples (series, currency, res, ts, hourly, monthly, n) "
                                 "VALUES (?, ?, 0, ?, ?, ?, 1)"));
        bool ok = true;
        for (const RateSample &s : samples) {
            q.bindValue(0, s.series);
            q.bindValue(1, s.currency);
            q.bindValue(2, ms);
            q.bindValue(3, s.hourly);
            q.bindValue(4, s.monthly);
            if (!(ok = q.exec()))
                break;
        }
        if (!ok || !db.commit()) {
            const QString error = q.lastError().isValid() ? q.lastError().text() : db.lastError().text();
            db.rollback();
            report(historyText("Saving the cost history failed: %1").arg(error));
            return;
        }
        if (ms - m_lastCompactionMs >= kHourMs)
            compact(ms);
        QMetaObject::invokeMethod(
            m_history, [history = m_history, ms] { Q_EMIT history->recorded(ms); }, Qt::QueuedConnection);
    }

    // Averages every whole hour (day) before the cutoff into one point, weighted by the samples
    // each point already stands for, so compacting twice changes nothing.
    bool compactLevel(QSqlDatabase &db, int fromRes, int toRes, qint64 bucketMs, qint64 cutoffMs)
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO samples (series, currency, res, ts, hourly, monthly, n) "
                                 "SELECT series, currency, :to, (ts / :bucket) * :bucket, SUM(hourly * n) / SUM(n), "
                                 "SUM(monthly * n) / SUM(n), SUM(n) FROM samples WHERE res = :from AND ts < :cutoff "
                                 "GROUP BY series, currency, ts / :bucket "
                                 "ON CONFLICT (series, currency, res, ts) DO UPDATE SET "
                                 "hourly = (hourly * n + excluded.hourly * excluded.n) / (n + excluded.n), "
                                 "monthly = (monthly * n + excluded.monthly * excluded.n) / (n + excluded.n), "
                                 "n = n + excluded.n"));
        q.bindValue(QStringLiteral(":to"), toRes);
        q.bindValue(QStringLiteral(":bucket"), bucketMs);
        q.bindValue(QStringLiteral(":from"), fromRes);
        q.bindValue(QStringLiteral(":cutoff"), cutoffMs);
        if (!q.exec()) {
            m_lastError = q.lastError().text();
            return false;
        }
        QSqlQuery d(db);
        d.prepare(QStringLiteral("DELETE FROM samples WHERE res = ? AND ts < ?"));
        d.addBindValue(fromRes);
        d.addBindValue(cutoffMs);
        if (!d.exec()) {
            m_lastError = d.lastError().text();
            return false;
        }
        return true;
    }

    void compact(qint64 nowMs)
    {
        if (!m_ready)
            return;
        m_lastCompactionMs = nowMs;
        // Cutoffs on whole hours and days, so each bucket is compacted in one go.
        const qint64 rawCutoff = ((nowMs - m_retention.rawMs) / kHourMs) * kHourMs;
        const qint64 hourlyCutoff = ((nowMs - m_retention.hourlyMs) / kDayMs) * kDayMs;
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.transaction();
        if (!compactLevel(db, 0, 1, kHourMs, rawCutoff) || !compactLevel(db, 1, 2, kDayMs, hourlyCutoff) ||
            !db.commit()) {
            db.rollback();
            report(historyText("Compacting the cost history failed: %1").arg(m_lastError));
        }
    }

    QList<HistoryPoint> load(const QString &series, const QString &currency, qint64 fromMs, qint64 toMs)
    {
        QList<HistoryPoint> points;
        if (!m_ready)
            return points;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT ts, monthly, hourly, res, n FROM samples WHERE series = ? AND currency = ? "
                                 "AND ts >= ? AND ts <= ? ORDER BY ts, res"));
        q.addBindValue(series);
        q.addBindValue(currency);
        q.addBindValue(fromMs);
        q.addBindValue(toMs);
        if (!q.exec()) {
            report(historyText("Reading the cost history failed: %1").arg(q.lastError().text()));
            return points;
        }
        while (q.next()) {
            HistoryPoint p;
            p.ms = q.value(0).toLongLong();
            p.monthly = q.value(1).toDouble();
            p.hourly = q.value(2).toDouble();
            p.resolution = HistoryResolution(std::clamp(q.value(3).toInt(), 0, 2));
            p.samples = quint32(q.value(4).toUInt());
            points.append(p);
        }
        return points;
    }

    QList<HistorySeriesKey> seriesKeys()
    {
        QList<HistorySeriesKey> keys;
        if (!m_ready)
            return keys;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if (q.exec(QStringLiteral("SELECT DISTINCT series, currency FROM samples ORDER BY series, currency"))) {
            while (q.next())
                keys.append({q.value(0).toString(), q.value(1).toString()});
        }
        return keys;
    }

    Accrued accrued(const QString &series, const QString &currency, qint64 fromMs, qint64 toMs)
    {
        Accrued result;
        if (!m_ready || toMs <= fromMs)
            return result;
        // The rate in force at the start: the last point at or before it.
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("SELECT ts, hourly FROM samples WHERE series = ? AND currency = ? AND ts <= ? "
                                 "ORDER BY ts DESC LIMIT 1"));
        q.addBindValue(series);
        q.addBindValue(currency);
        q.addBindValue(fromMs);
        double rate = 0;
        bool haveRate = false;
        if (q.exec() && q.next()) {
            rate = q.value(1).toDouble();
            haveRate = true;
            result.firstSampleMs = q.value(0).toLongLong();
        }
        qint64 at = fromMs;
        const QList<HistoryPoint> points = load(series, currency, fromMs + 1, toMs);
        for (const HistoryPoint &p : points) {
            if (haveRate)
                result.amount += rate * double(p.ms - at) / double(kHourMs);
            rate = p.hourly;
            haveRate = true;
            at = p.ms;
        }
        if (haveRate)
            result.amount += rate * double(toMs - at) / double(kHourMs);
        return result;
    }

    QList<qint64> counts()
    {
        QList<qint64> result{0, 0, 0};
        if (!m_ready)
            return result;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if (q.exec(QStringLiteral("SELECT res, COUNT(*) FROM samples GROUP BY res"))) {
            while (q.next()) {
                const int res = q.value(0).toInt();
                if (res >= 0 && res < 3)
                    result[res] = q.value(1).toLongLong();
            }
        }
        return result;
    }

    Expected<qint64, QString> exportCsv(const QString &path, const QString &prefix)
    {
        if (!m_ready)
            return Unexpected(historyText("The cost history is not open."));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
            return Unexpected(historyText("Cannot write %1: %2").arg(path, file.errorString()));
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.setForwardOnly(true);
        // (An empty QString binds as NULL, which matches nothing: no condition then.)
        q.prepare(QStringLiteral("SELECT ts, series, currency, res, monthly, hourly, n FROM samples %1 "
                                 "ORDER BY series, currency, ts, res")
                      .arg(prefix.isEmpty() ? QString() : QStringLiteral("WHERE substr(series, 1, ?) = ?")));
        if (!prefix.isEmpty()) {
            q.addBindValue(prefix.size());
            q.addBindValue(prefix);
        }
        if (!q.exec())
            return Unexpected(historyText("Reading the cost history failed: %1").arg(q.lastError().text()));
        file.write("time_utc,series,currency,resolution,monthly,hourly,samples\n");
        qint64 rows = 0;
        while (q.next()) {
            const QString line =
                QStringList{QDateTime::fromMSecsSinceEpoch(q.value(0).toLongLong(), Qt::UTC).toString(Qt::ISODate),
                            csvField(q.value(1).toString()),
                            csvField(q.value(2).toString()),
                            resolutionName(HistoryResolution(std::clamp(q.value(3).toInt(), 0, 2))),
                            QString::number(q.value(4).toDouble(), 'f', 4),
                            QString::number(q.value(5).toDouble(), 'f', 6),
                            QString::number(q.value(6).toLongLong())}
                    .join(u',');
            file.write(line.toUtf8() + '\n');
            ++rows;
        }
        if (!file.commit())
            return Unexpected(historyText("Cannot write %1: %2").arg(path, file.errorString()));
        return rows;
    }

private:
    void report(const QString &message)
    {
        QMetaObject::invokeMethod(
            m_history, [history = m_history, message] { Q_EMIT history->problem(message); }, Qt::QueuedConnection);
    }

    CostHistory *m_history;
    QString m_connection;
    QString m_lastError;
    HistoryRetention m_retention;
    qint64 m_lastCompactionMs = 0;
    bool m_open = false;
    bool m_ready = false;
};

// ---- the facade ------------------------------------------------------------------------------

CostHistory::CostHistory(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("cost-history"));
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

CostHistory::~CostHistory()
{
    flush();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString CostHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/nephele/cost-history.sqlite");
}

void CostHistory::open(const QString &path)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, path] { worker->open(path); }, Qt::QueuedConnection);
}

void CostHistory::setRetention(const HistoryRetention &retention)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, retention] { worker->setRetention(retention); }, Qt::QueuedConnection);
}

void CostHistory::record(const QDateTime &at, const QList<RateSample> &samples)
{
    const qint64 ms = at.toMSecsSinceEpoch();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, ms, samples] { worker->record(ms, samples); }, Qt::QueuedConnection);
}

void CostHistory::compact(const QDateTime &now)
{
    const qint64 ms = now.toMSecsSinceEpoch();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, ms] { worker->compact(ms); }, Qt::QueuedConnection);
}

QFuture<QList<HistoryPoint>> CostHistory::load(const QString &series, const QString &currency, const QDateTime &from,
                                               const QDateTime &to)
{
    const qint64 fromMs = from.toMSecsSinceEpoch(), toMs = to.toMSecsSinceEpoch();
    return runOn<QList<HistoryPoint>>(
        m_worker, [series, currency, fromMs, toMs](Worker *w) { return w->load(series, currency, fromMs, toMs); });
}

QFuture<QList<HistorySeriesKey>> CostHistory::seriesKeys()
{
    return runOn<QList<HistorySeriesKey>>(m_worker, [](Worker *w) { return w->seriesKeys(); });
}

QFuture<Accrued> CostHistory::accrued(const QString &series, const QString &currency, const QDateTime &from,
                                      const QDateTime &to)
{
    const qint64 fromMs = from.toMSecsSinceEpoch(), toMs = to.toMSecsSinceEpoch();
    return runOn<Accrued>(
        m_worker, [series, currency, fromMs, toMs](Worker *w) { return w->accrued(series, currency, fromMs, toMs); });
}

QFuture<QList<qint64>> CostHistory::counts()
{
    return runOn<QList<qint64>>(m_worker, [](Worker *w) { return w->counts(); });
}

QFuture<Expected<qint64, QString>> CostHistory::exportCsv(const QString &path, const QString &seriesPrefix)
{
    return runOn<Expected<qint64, QString>>(
        m_worker, [path, seriesPrefix](Worker *w) { return w->exportCsv(path, seriesPrefix); });
}

void CostHistory::flush()
{
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
}

} // namespace nephele::models::cost
