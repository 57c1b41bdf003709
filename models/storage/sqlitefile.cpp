#include "sqlitefile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace nephele::models::storage {

namespace {

QString text(const char *source)
{
    return QCoreApplication::translate("nephele::models::storage", source);
}

bool tryOpen(const QString &connection, const QString &path, const SqliteSchema &schema, QString *why)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    db.setDatabaseName(path);
    if (!db.open()) {
        *why = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"}) {
        if (!q.exec(QString::fromLatin1(pragma))) {
            *why = q.lastError().text();
            return false;
        }
    }
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next() || q.value(0).toString() != u"ok") {
        *why = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
        if (why->isEmpty())
            *why = text("integrity check failed");
        return false;
    }
    QStringList statements = {QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")};
    statements += schema.statements;
    for (const QString &sql : std::as_const(statements)) {
        if (!q.exec(sql)) {
            *why = q.lastError().text();
            return false;
        }
    }
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema'")) && q.next()) {
        const int version = q.value(0).toInt();
        if (version > schema.version) {
            *why = text("written by a newer Nephele (schema %1)").arg(version);
            return false;
        }
    } else if (!q.exec(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', '%1')")
                           .arg(schema.version))) {
        *why = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

void closeSqlite(const QString &connection)
{
    if (!QSqlDatabase::contains(connection))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

SqliteOpened openSqlite(const QString &connection, const QString &path, const SqliteSchema &schema)
{
    SqliteOpened result;
    closeSqlite(connection);
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (tryOpen(connection, path, schema, &result.why)) {
        result.ok = true;
        return result;
    }
    // Damaged (or not a database at all): keep it for inspection, start afresh.
    closeSqlite(connection);
    result.movedAsideTo = path + QStringLiteral(".damaged-") +
                          QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QFile::rename(path, result.movedAsideTo);
    QFile::remove(path + QStringLiteral("-wal"));
    QFile::remove(path + QStringLiteral("-shm"));
    QString again;
    if (tryOpen(connection, path, schema, &again)) {
        result.ok = true;
        return result;
    }
    closeSqlite(connection);
    result.why = again;
    return result;
}

QString uniqueConnectionName(const QString &prefix)
{
    return prefix + u'-' + QUuid::createUuid().toString(QUuid::Id128);
}

SerialWorker::SerialWorker(const QString &name)
{
    m_thread.setObjectName(name);
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

SerialWorker::~SerialWorker()
{
    flush();
    m_thread.quit();
    m_thread.wait();
}

void SerialWorker::post(std::function<void()> work)
{
    QMetaObject::invokeMethod(m_context, std::move(work), Qt::QueuedConnection);
}

void SerialWorker::flush()
{
    if (QThread::currentThread() == &m_thread)
        return;
    QMetaObject::invokeMethod(
        m_context, [] {}, Qt::BlockingQueuedConnection);
}

} // namespace nephele::models::storage
