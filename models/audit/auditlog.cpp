#include "auditlog.h"

#include <QCoreApplication>
#include <QDir>
#include <QPromise>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace nephele::models::audit {

namespace {

constexpr int kSchemaVersion = 1;

QString auditText(const char *text)
{
    return QCoreApplication::translate("nephele::models::audit::AuditLog", text);
}

qint64 msecs(const QDateTime &when)
{
    return when.isValid() ? when.toMSecsSinceEpoch() : 0;
}

QDateTime fromMsecs(qint64 ms)
{
    return ms == 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

// ---- the state (used on the log's thread only) -------------------------------------------------

class AuditLog::Worker final
{
public:
    explicit Worker(AuditLog *log)
        : m_log(log)
        , m_connection(storage::uniqueConnectionName(QStringLiteral("nephele-audit")))
    {}

    void close()
    {
        storage::closeSqlite(m_connection);
        m_open = false;
    }

    void open(const QString &path)
    {
        close();
        const storage::SqliteOpened opened = storage::openSqlite(
            m_connection, path,
            {kSchemaVersion,
             {QStringLiteral("CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                             "id TEXT NOT NULL UNIQUE, at INTEGER NOT NULL, actor TEXT, action TEXT, account_id TEXT, "
                             "account_name TEXT, target_id TEXT, target_name TEXT, request TEXT, "
                             "outcome TEXT NOT NULL, detail TEXT, finished INTEGER)"),
              QStringLiteral("CREATE INDEX IF NOT EXISTS entries_at ON entries (at)")}});
        if (!opened.movedAsideTo.isEmpty()) {
            report(auditText("The audit log %1 could not be read (%2). It was moved to %3 and a new log was started.")
                       .arg(QDir::toNativeSeparators(path), opened.why, QDir::toNativeSeparators(opened.movedAsideTo)));
        }
        if (!opened.ok) {
            report(auditText("The audit log %1 cannot be written (%2): actions are not being recorded.")
                       .arg(QDir::toNativeSeparators(path), opened.why));
            return;
        }
        m_open = true;
        QMetaObject::invokeMethod(
            m_log, [log = m_log, path] { Q_EMIT log->opened(path); }, Qt::QueuedConnection);
    }

    void insert(const AuditEntry &e)
    {
        if (!m_open)
            return;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("INSERT INTO entries (id, at, actor, action, account_id, account_name, target_id, "
                                 "target_name, request, outcome, detail, finished) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        q.addBindValue(e.id);
        q.addBindValue(msecs(e.when));
        q.addBindValue(e.actor);
        q.addBindValue(e.action);
        q.addBindValue(e.accountId);
        q.addBindValue(e.accountName);
        q.addBindValue(e.targetId);
        q.addBindValue(e.targetName);
        q.addBindValue(e.request);
        q.addBindValue(outcomeName(e.outcome));
        q.addBindValue(e.detail);
        q.addBindValue(msecs(e.finished));
        if (!q.exec())
            report(auditText("An audit entry could not be written: %1").arg(q.lastError().text()));
    }

    void finish(const QString &id, Outcome outcome, const QString &detail, const QString &targetId, const QDateTime &at)
    {
        if (!m_open)
            return;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("UPDATE entries SET outcome = ?, detail = ?, finished = ?, "
                                 "target_id = COALESCE(NULLIF(?, ''), target_id) WHERE id = ?"));
        q.addBindValue(outcomeName(outcome));
        q.addBindValue(detail);
        q.addBindValue(msecs(at));
        q.addBindValue(targetId); // empty (or null): the id stays as recorded
        q.addBindValue(id);
        if (!q.exec())
            report(auditText("An audit entry could not be updated: %1").arg(q.lastError().text()));
    }

    QList<AuditEntry> query(const AuditFilter &filter)
    {
        QList<AuditEntry> entries;
        if (!m_open)
            return entries;
        QStringList where;
        QVariantList values;
        if (filter.from.isValid()) {
            where << QStringLiteral("at >= ?");
            values << msecs(filter.from);
        }
        if (filter.to.isValid()) {
            where << QStringLiteral("at < ?");
            values << msecs(filter.to);
        }
        const std::pair<QString, QString> exact[] = {{QStringLiteral("actor"), filter.actor},
                                                     {QStringLiteral("action"), filter.action},
                                                     {QStringLiteral("account_id"), filter.accountId}};
        for (const auto &[column, value] : exact) {
            if (!value.isEmpty()) {
                where << column + QStringLiteral(" = ?");
                values << value;
            }
        }
        if (filter.outcome) {
            where << QStringLiteral("outcome = ?");
            values << outcomeName(*filter.outcome);
        }
        if (!filter.text.isEmpty()) {
            // instr(lower(...)) rather than LIKE: no wildcard characters to escape in the user's text.
            QStringList any;
            for (const char *column : {"target_name", "target_id", "detail", "request", "actor"}) {
                any << QStringLiteral("instr(lower(%1), ?) > 0").arg(QLatin1String(column));
                values << filter.text.toLower();
            }
            where << u'(' + any.join(QStringLiteral(" OR ")) + u')';
        }
        QString sql = QStringLiteral("SELECT id, at, actor, action, account_id, account_name, target_id, target_name, "
                                     "request, outcome, detail, finished FROM entries");
        if (!where.isEmpty())
            sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
        sql += QStringLiteral(" ORDER BY at DESC, seq DESC");
        if (filter.limit > 0)
            sql += QStringLiteral(" LIMIT %1").arg(filter.limit);
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.setForwardOnly(true);
        q.prepare(sql);
        for (const QVariant &v : std::as_const(values))
            q.addBindValue(v);
        if (!q.exec()) {
            report(auditText("The audit log could not be read: %1").arg(q.lastError().text()));
            return entries;
        }
        while (q.next()) {
            AuditEntry e;
            e.id = q.value(0).toString();
            e.when = fromMsecs(q.value(1).toLongLong());
            e.actor = q.value(2).toString();
            e.action = q.value(3).toString();
            e.accountId = q.value(4).toString();
            e.accountName = q.value(5).toString();
            e.targetId = q.value(6).toString();
            e.targetName = q.value(7).toString();
            e.request = q.value(8).toString();
            e.outcome = outcomeFromName(q.value(9).toString()).value_or(Outcome::Pending);
            e.detail = q.value(10).toString();
            e.finished = fromMsecs(q.value(11).toLongLong());
            entries.append(std::move(e));
        }
        return entries;
    }

    Facets facets()
    {
        Facets f;
        if (!m_open)
            return f;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.setForwardOnly(true);
        if (q.exec(QStringLiteral("SELECT DISTINCT actor FROM entries ORDER BY actor"))) {
            while (q.next())
                f.actors << q.value(0).toString();
        }
        if (q.exec(QStringLiteral("SELECT DISTINCT action FROM entries ORDER BY action"))) {
            while (q.next())
                f.actions << q.value(0).toString();
        }
        // The latest name of each account.
        if (q.exec(QStringLiteral("SELECT account_id, account_name FROM entries e WHERE seq = (SELECT max(seq) FROM "
                                  "entries WHERE account_id = e.account_id) AND account_id != '' "
                                  "ORDER BY account_name"))) {
            while (q.next())
                f.accounts.append({q.value(0).toString(), q.value(1).toString()});
        }
        return f;
    }

private:
    void report(const QString &message)
    {
        QMetaObject::invokeMethod(
            m_log, [log = m_log, message] { Q_EMIT log->problem(message); }, Qt::QueuedConnection);
    }

    AuditLog *m_log;
    QString m_connection;
    QString m_path;
    bool m_open = false;
};

AuditLog::AuditLog(QObject *parent)
    : QObject(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_worker(std::make_unique<Worker>(this))
    , m_thread(std::make_unique<storage::SerialWorker>(QStringLiteral("audit-log")))
{
    qRegisterMetaType<AuditEntry>();
}

AuditLog::~AuditLog()
{
    // The connection closes on its own thread; the thread finishes what was queued first.
    m_thread->post([worker = m_worker.get()] { worker->close(); });
    m_thread.reset();
}

QString AuditLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/nephele/audit.sqlite");
}

void AuditLog::open(const QString &path)
{
    m_path = path;
    m_thread->post([worker = m_worker.get(), path] { worker->open(path); });
}

QString AuditLog::record(AuditEntry entry)
{
    if (entry.id.isEmpty())
        entry.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (!entry.when.isValid())
        entry.when = m_clock();
    entry.when = entry.when.toUTC();
    if (entry.outcome != Outcome::Pending && !entry.finished.isValid())
        entry.finished = entry.when;
    m_thread->post([worker = m_worker.get(), entry] { worker->insert(entry); });
    Q_EMIT recorded(entry);
    return entry.id;
}

void AuditLog::finish(const QString &id, Outcome outcome, const QString &detail, const QString &targetId)
{
    const QDateTime at = m_clock().toUTC();
    m_thread->post([worker = m_worker.get(), id, outcome, detail, targetId, at] {
        worker->finish(id, outcome, detail, targetId, at);
    });
    Q_EMIT finished(id, outcome, detail);
}

QFuture<QList<AuditEntry>> AuditLog::query(const AuditFilter &filter)
{
    auto promise = std::make_shared<QPromise<QList<AuditEntry>>>();
    promise->start();
    QFuture<QList<AuditEntry>> future = promise->future();
    m_thread->post([worker = m_worker.get(), filter, promise] {
        promise->addResult(worker->query(filter));
        promise->finish();
    });
    return future;
}

QFuture<AuditLog::Facets> AuditLog::facets()
{
    auto promise = std::make_shared<QPromise<Facets>>();
    promise->start();
    QFuture<Facets> future = promise->future();
    m_thread->post([worker = m_worker.get(), promise] {
        promise->addResult(worker->facets());
        promise->finish();
    });
    return future;
}

void AuditLog::flush()
{
    m_thread->flush();
}

} // namespace nephele::models::audit
