#include "inventorycache.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace nephele::models {

using drivers::Machine;

namespace {

constexpr quint8 kRecordVersion = 1;
constexpr int kSchemaVersion = 1;

QString cacheText(const char *text, int n = -1)
{
    return QCoreApplication::translate("nephele::models::InventoryCache", text, nullptr, n);
}

} // namespace

// ---- record codec ----------------------------------------------------------------------------

QByteArray InventoryCache::encode(const Machine &m)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kRecordVersion << m.id << m.name << quint8(m.kind) << quint8(m.state) << m.providerState << m.parentId
        << m.publicIps << m.privateIps << m.sizeId << m.sizeName << m.imageId << m.imageName << m.location
        << m.locationName;
    out << quint32(m.tags.size());
    for (const drivers::Tag &tag : m.tags)
        out << tag.key << tag.value;
    out << (m.created.isValid() ? m.created.toMSecsSinceEpoch() : qint64(0)) << qint32(m.vcpus) << qint32(m.memoryMb)
        << qint32(m.diskGb) << m.priceHourly.has_value() << m.priceHourly.value_or(0) << m.priceMonthly.has_value()
        << m.priceMonthly.value_or(0) << m.currency << m.locked << m.volumeIds << m.networkId << m.features;
    return bytes;
}

std::optional<Machine> InventoryCache::decode(const QByteArray &bytes)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint8 version = 0;
    in >> version;
    if (version != kRecordVersion)
        return std::nullopt;
    Machine m;
    quint8 kind = 0, state = 0;
    in >> m.id >> m.name >> kind >> state >> m.providerState >> m.parentId >> m.publicIps >> m.privateIps >> m.sizeId >>
        m.sizeName >> m.imageId >> m.imageName >> m.location >> m.locationName;
    if (kind > quint8(drivers::MachineKind::BareMetal) || state > quint8(drivers::MachineState::Unknown))
        return std::nullopt;
    m.kind = drivers::MachineKind(kind);
    m.state = drivers::MachineState(state);
    quint32 tagCount = 0;
    in >> tagCount;
    if (in.status() != QDataStream::Ok || tagCount > 100000)
        return std::nullopt;
    for (quint32 i = 0; i < tagCount; ++i) {
        drivers::Tag tag;
        in >> tag.key >> tag.value;
        m.tags.append(tag);
    }
    qint64 created = 0;
    qint32 vcpus = 0, memory = 0, disk = 0;
    bool hasHourly = false, hasMonthly = false;
    double hourly = 0, monthly = 0;
    in >> created >> vcpus >> memory >> disk >> hasHourly >> hourly >> hasMonthly >> monthly >> m.currency >>
        m.locked >> m.volumeIds >> m.networkId >> m.features;
    if (in.status() != QDataStream::Ok)
        return std::nullopt;
    if (created != 0)
        m.created = QDateTime::fromMSecsSinceEpoch(created, Qt::UTC);
    m.vcpus = vcpus;
    m.memoryMb = memory;
    m.diskGb = disk;
    if (hasHourly)
        m.priceHourly = hourly;
    if (hasMonthly)
        m.priceMonthly = monthly;
    return m;
}

// ---- the worker (lives on the cache's thread) -------------------------------------------------

class InventoryCache::Worker final : public QObject
{
public:
    explicit Worker(InventoryCache *cache)
        : m_cache(cache)
        , m_connection(QStringLiteral("nephele-inventory-%1").arg(QUuid::createUuid().toString(QUuid::Id128)))
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
    }

    void open(const QString &path)
    {
        close();
        m_path = path;
        QDir().mkpath(QFileInfo(path).absolutePath());
        QString why;
        if (!tryOpen(&why)) {
            // Damaged (or not a database at all): keep it for inspection, start afresh.
            close();
            const QString aside = path + QStringLiteral(".damaged-") +
                                  QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
            QFile::rename(path, aside);
            QFile::remove(path + QStringLiteral("-wal"));
            QFile::remove(path + QStringLiteral("-shm"));
            report(cacheText("The inventory cache %1 was damaged (%2). It was moved to %3 and a new one was started; "
                             "the inventory is listed afresh.")
                       .arg(QDir::toNativeSeparators(path), why, QDir::toNativeSeparators(aside)));
            if (!tryOpen(&why)) {
                close();
                report(cacheText("The inventory cache %1 cannot be used (%2). The console works without it.")
                           .arg(QDir::toNativeSeparators(path), why));
                return;
            }
        }
        QMetaObject::invokeMethod(
            m_cache, [cache = m_cache, path] { Q_EMIT cache->opened(path); }, Qt::QueuedConnection);
    }

    bool tryOpen(QString *why)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(m_path);
        m_open = true;
        if (!db.open()) {
            *why = db.lastError().text();
            return false;
        }
        QSqlQuery q(db);
        const QStringList setup = {
            QStringLiteral("PRAGMA journal_mode=WAL"),
            QStringLiteral("PRAGMA synchronous=NORMAL"),
        };
        for (const QString &sql : setup) {
            if (!q.exec(sql)) {
                *why = q.lastError().text();
                return false;
            }
        }
        if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next() || q.value(0).toString() != u"ok") {
            *why = q.lastError().isValid() ? q.lastError().text() : q.value(0).toString();
            if (why->isEmpty())
                *why = cacheText("integrity check failed");
            return false;
        }
        const QStringList schema = {
            QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS accounts (account TEXT PRIMARY KEY, saved_at INTEGER)"),
            QStringLiteral("CREATE TABLE IF NOT EXISTS resources (account TEXT NOT NULL, id TEXT NOT NULL, "
                           "seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (account, id)) WITHOUT ROWID"),
        };
        for (const QString &sql : schema) {
            if (!q.exec(sql)) {
                *why = q.lastError().text();
                return false;
            }
        }
        if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema'")) && q.next()) {
            const int version = q.value(0).toInt();
            if (version > kSchemaVersion) {
                *why = cacheText("written by a newer Nephele (schema %1)").arg(version);
                return false;
            }
        } else if (!q.exec(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', '%1')")
                               .arg(kSchemaVersion))) {
            *why = q.lastError().text();
            return false;
        }
        return true;
    }

    void loadAll()
    {
        if (m_open) {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            QSqlQuery accounts(db);
            accounts.setForwardOnly(true);
            if (!accounts.exec(QStringLiteral("SELECT account, saved_at FROM accounts"))) {
                report(cacheText("Reading the inventory cache failed: %1").arg(accounts.lastError().text()));
            }
            while (accounts.next()) {
                const QString account = accounts.value(0).toString();
                const QDateTime savedAt = QDateTime::fromMSecsSinceEpoch(accounts.value(1).toLongLong(), Qt::UTC);
                QSqlQuery rows(db);
                rows.setForwardOnly(true);
                rows.prepare(QStringLiteral("SELECT data FROM resources WHERE account = ? ORDER BY seq"));
                rows.addBindValue(account);
                QList<Machine> machines;
                int unreadable = 0;
                if (rows.exec()) {
                    while (rows.next()) {
                        if (auto m = decode(rows.value(0).toByteArray()))
                            machines.append(std::move(*m));
                        else
                            ++unreadable;
                    }
                }
                if (unreadable > 0) {
                    report(cacheText("%n cached record(s) of an account could not be read and were skipped; the next "
                                     "listing replaces them.",
                                     unreadable));
                }
                QMetaObject::invokeMethod(
                    m_cache,
                    [cache = m_cache, account, machines = std::move(machines), savedAt] {
                        Q_EMIT cache->loaded(account, machines, savedAt);
                    },
                    Qt::QueuedConnection);
            }
        }
        QMetaObject::invokeMethod(
            m_cache, [cache = m_cache] { Q_EMIT cache->loadFinished(); }, Qt::QueuedConnection);
    }

    void save(const QString &account, const QList<Machine> &listing, const QList<qsizetype> &upserted,
              const QStringList &removedIds, bool replaceAll)
    {
        if (!m_open)
            return;
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (!db.transaction()) {
            report(cacheText("Saving the inventory cache failed: %1").arg(db.lastError().text()));
            return;
        }
        QSqlQuery q(db);
        bool ok = true;
        if (replaceAll) {
            q.prepare(QStringLiteral("DELETE FROM resources WHERE account = ?"));
            q.addBindValue(account);
            ok = q.exec();
        }
        if (ok && !removedIds.isEmpty()) {
            q.prepare(QStringLiteral("DELETE FROM resources WHERE account = ? AND id = ?"));
            for (const QString &id : removedIds) {
                q.bindValue(0, account);
                q.bindValue(1, id);
                if (!(ok = q.exec()))
                    break;
            }
        }
        if (ok) {
            q.prepare(QStringLiteral("INSERT OR REPLACE INTO resources (account, id, seq, data) VALUES (?, ?, ?, ?)"));
            auto write = [&](qsizetype index) {
                const Machine &m = listing[index];
                q.bindValue(0, account);
                q.bindValue(1, m.id);
                q.bindValue(2, qint64(index));
                q.bindValue(3, encode(m));
                return q.exec();
            };
            if (replaceAll) {
                for (qsizetype i = 0; ok && i < listing.size(); ++i)
                    ok = write(i);
            } else {
                for (qsizetype index : upserted) {
                    if (!(ok = write(index)))
                        break;
                }
            }
        }
        if (ok) {
            q.prepare(QStringLiteral("INSERT OR REPLACE INTO accounts (account, saved_at) VALUES (?, ?)"));
            q.addBindValue(account);
            q.addBindValue(QDateTime::currentMSecsSinceEpoch());
            ok = q.exec();
        }
        if (!ok || !db.commit()) {
            const QString error = q.lastError().isValid() ? q.lastError().text() : db.lastError().text();
            db.rollback();
            report(cacheText("Saving the inventory cache failed: %1").arg(error));
        }
    }

    void forget(const QString &account)
    {
        if (!m_open)
            return;
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.transaction();
        QSqlQuery q(db);
        q.prepare(QStringLiteral("DELETE FROM resources WHERE account = ?"));
        q.addBindValue(account);
        q.exec();
        q.prepare(QStringLiteral("DELETE FROM accounts WHERE account = ?"));
        q.addBindValue(account);
        q.exec();
        db.commit();
    }

    bool hasAccount(const QString &account)
    {
        if (!m_open)
            return false;
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("SELECT 1 FROM accounts WHERE account = ?"));
        q.addBindValue(account);
        return q.exec() && q.next();
    }

private:
    void report(const QString &message)
    {
        QMetaObject::invokeMethod(
            m_cache, [cache = m_cache, message] { Q_EMIT cache->problem(message); }, Qt::QueuedConnection);
    }

    InventoryCache *m_cache;
    QString m_connection;
    QString m_path;
    bool m_open = false;
};

// ---- the facade ------------------------------------------------------------------------------

InventoryCache::InventoryCache(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("inventory-cache"));
    m_worker = new Worker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

InventoryCache::~InventoryCache()
{
    flush();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::QueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QString InventoryCache::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/nephele/inventory.sqlite");
}

void InventoryCache::open(const QString &path)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, path] { worker->open(path); }, Qt::QueuedConnection);
}

void InventoryCache::loadAll()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->loadAll(); }, Qt::QueuedConnection);
}

void InventoryCache::save(const QString &accountId, const QList<Machine> &listing, const QList<qsizetype> &upserted,
                          const QStringList &removedIds)
{
    if (upserted.isEmpty() && removedIds.isEmpty()) {
        // Nothing changed; still make sure an account that was never saved gets its (empty or
        // unchanged) listing written once.
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, accountId, listing] {
                if (!worker->hasAccount(accountId))
                    worker->save(accountId, listing, {}, {}, true);
            },
            Qt::QueuedConnection);
        return;
    }
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, accountId, listing, upserted, removedIds] {
            worker->save(accountId, listing, upserted, removedIds, !worker->hasAccount(accountId));
        },
        Qt::QueuedConnection);
}

void InventoryCache::replace(const QString &accountId, const QList<Machine> &listing)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, accountId, listing] { worker->save(accountId, listing, {}, {}, true); },
        Qt::QueuedConnection);
}

void InventoryCache::forget(const QString &accountId)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, accountId] { worker->forget(accountId); }, Qt::QueuedConnection);
}

void InventoryCache::flush()
{
    QMetaObject::invokeMethod(
        m_worker, [] {}, Qt::BlockingQueuedConnection);
}

} // namespace nephele::models
