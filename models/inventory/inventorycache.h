#pragma once

#include "core/records.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <memory>
#include <optional>

namespace nephele::models {

namespace storage {
class SerialWorker;
}

// The last listing of every account, in SQLite (WAL), so the console opens on the last known
// inventory while the first refresh runs. Every call returns at once: the work runs in order on
// the cache's own thread, and each listing is written in one transaction, so a killed process
// loses at most the listing in flight.
//
//   InventoryCache cache;
//   connect(&cache, &InventoryCache::loaded, ...);     // one per account, then loadFinished()
//   cache.open(InventoryCache::defaultPath());          // a damaged file is moved aside: problem()
//   cache.loadAll();
//   cache.save(accountId, listing, stats.upserted, stats.removedIds);
//
// Only what a listing shows is kept; secrets never pass through here.
class InventoryCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryCache)

public:
    explicit InventoryCache(QObject *parent = nullptr);
    // Finishes the queued writes, then stops the thread.
    ~InventoryCache() override;

    // $XDG_CACHE_HOME/nephele/inventory.sqlite
    static QString defaultPath();

    void open(const QString &path);
    void loadAll();
    // Writes the listing's entries at `upserted` (all of it when `upserted` is empty and
    // `removedIds` too, and the account has nothing saved) and deletes `removedIds`.
    void save(const QString &accountId, const QList<drivers::Machine> &listing, const QList<qsizetype> &upserted,
              const QStringList &removedIds);
    // Replaces everything saved for the account with `listing`.
    void replace(const QString &accountId, const QList<drivers::Machine> &listing);
    void forget(const QString &accountId);
    // Waits until everything queued so far is done (tests, shutdown).
    void flush();

    // The machine record's binary form (versioned), exposed for tests and fuzzing.
    static QByteArray encode(const drivers::Machine &machine);
    static std::optional<drivers::Machine> decode(const QByteArray &bytes);

Q_SIGNALS:
    void opened(const QString &path);
    void loaded(const QString &accountId, const QList<nephele::drivers::Machine> &machines, const QDateTime &savedAt);
    void loadFinished();
    // Something went wrong that the user should hear about (a damaged file moved aside, a write
    // that failed). The inventory in memory is unaffected.
    void problem(const QString &message);

private:
    class Worker;
    std::unique_ptr<Worker> m_worker;                // used on m_thread only
    std::unique_ptr<storage::SerialWorker> m_thread; // destroyed first: it finishes the queued work
};

} // namespace nephele::models
