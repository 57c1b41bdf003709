#include "inventorycache.h"

#include "storage/sqlitefile.h"

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

// ---- the state (used on the cache's thread only) ----------------------------------------------

class InventoryCache::Worker final
{
public:
    explicit Worker(InventoryCache *cache)
        : m_cache(cache)
        , m_connection(storage::uniqueConnectionName(QStringLiteral("nephele-inventory")))
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
             {QStringLiteral("CREATE TABLE IF NOT EXISTS accounts (account TEXT PRIMARY KEY, saved_at INTEGER)"),
              QStringLiteral("CREATE TABLE IF NOT EXISTS resources (account TEXT NOT NULL, id TEXT NOT NULL, "
                             "seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (account, id)) WITHOUT ROWID")}});
        if (!opened.movedAsideTo.isEmpty()) {
            report(cacheText("The inventory cache %1 was damaged (%2). It was moved to %3 and a new one was started; "
                             "the inventory is listed afresh.")
                       .arg(QDir::toNativeSeparators(path), opened.why, QDir::toNativeSeparators(opened.movedAsideTo)));
        }
        if (!opened.ok) {
            report(cacheText("The inventory cache %1 cannot be used (%2). The console works without it.")
                       .arg(QDir::toNativeSeparators(path), opened.why));
            return;
        }
        m_open = true;
        QMetaObject::invokeMethod(
            m_cache, [cache = m_cache, path] { Q_EMIT cache->opened(path); }, Qt::QueuedConnection);
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
    bool m_open = false;
};

// ---- the facade ------------------------------------------------------------------------------

InventoryCache::InventoryCache(QObject *parent)
    : QObject(parent)
    , m_worker(std::make_unique<Worker>(this))
    , m_thread(std::make_unique<storage::SerialWorker>(QStringLiteral("inventory-cache")))
{}

InventoryCache::~InventoryCache()
{
    // The connection closes on its own thread; the thread finishes what was queued first.
    m_thread->post([worker = m_worker.get()] { worker->close(); });
    m_thread.reset();
}

QString InventoryCache::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           QStringLiteral("/nephele/inventory.sqlite");
}

void InventoryCache::open(const QString &path)
{
    m_thread->post([worker = m_worker.get(), path] { worker->open(path); });
}

void InventoryCache::loadAll()
{
    m_thread->post([worker = m_worker.get()] { worker->loadAll(); });
}

void InventoryCache::save(const QString &accountId, const QList<Machine> &listing, const QList<qsizetype> &upserted,
                          const QStringList &removedIds)
{
    Worker *worker = m_worker.get();
    if (upserted.isEmpty() && removedIds.isEmpty()) {
        // Nothing changed; still make sure an account that was never saved gets its (empty or
        // unchanged) listing written once.
        m_thread->post([worker, accountId, listing] {
            if (!worker->hasAccount(accountId))
                worker->save(accountId, listing, {}, {}, true);
        });
        return;
    }
    m_thread->post([worker, accountId, listing, upserted, removedIds] {
        worker->save(accountId, listing, upserted, removedIds, !worker->hasAccount(accountId));
    });
}

void InventoryCache::replace(const QString &accountId, const QList<Machine> &listing)
{
    m_thread->post([worker = m_worker.get(), accountId, listing] { worker->save(accountId, listing, {}, {}, true); });
}

void InventoryCache::forget(const QString &accountId)
{
    m_thread->post([worker = m_worker.get(), accountId] { worker->forget(accountId); });
}

void InventoryCache::flush()
{
    m_thread->flush();
}

} // namespace nephele::models
