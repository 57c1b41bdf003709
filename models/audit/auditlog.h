#pragma once

#include "auditentry.h"
#include "storage/sqlitefile.h"

#include <QDateTime>
#include <QFuture>
#include <QObject>

#include <functional>
#include <memory>

// The audit trail of the console, in its own SQLite file (WAL). Every call returns at once: the
// work runs in order on the log's own thread, so the GUI thread never waits on the disk.
//
//   AuditLog log;
//   log.open(AuditLog::defaultPath());
//   const QString id = log.record({.actor = me, .action = "stop", .accountId = a, .targetId = m, ...});
//   ...
//   log.finish(id, Outcome::Succeeded, tr("stopped"));
//   log.query(filter).then(this, [](const QList<AuditEntry> &entries) { ... });
//
// Entries are never edited after their outcome is known and never deleted by the console.
namespace nephele::models::audit {

class AuditLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditLog)

public:
    explicit AuditLog(QObject *parent = nullptr);
    // Finishes the queued writes, then stops the thread.
    ~AuditLog() override;

    // $XDG_DATA_HOME/nephele/audit.sqlite: kept with the user's data, not in a cache.
    static QString defaultPath();

    // A damaged file is moved aside and a new one started (problem() says so).
    void open(const QString &path);
    QString path() const { return m_path; }

    // Where `when` and `finished` come from (tests inject a clock).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    // Appends an entry; fills `id` and `when` when empty. Returns the id.
    QString record(AuditEntry entry);
    // Sets the outcome of an entry recorded as pending (and the machine's id when it was not known).
    void finish(const QString &id, Outcome outcome, const QString &detail, const QString &targetId = {});

    // The entries that pass `filter`, newest first, read on the log's thread.
    QFuture<QList<AuditEntry>> query(const AuditFilter &filter = {});
    // The distinct actors, actions and accounts (id and name) recorded, for a view's filters.
    struct Facets {
        QStringList actors;
        QStringList actions;
        QList<std::pair<QString, QString>> accounts;
    };
    QFuture<Facets> facets();

    // Waits until everything queued so far is written (tests, shutdown).
    void flush();

Q_SIGNALS:
    void opened(const QString &path);
    void recorded(const nephele::models::audit::AuditEntry &entry);
    void finished(const QString &id, nephele::models::audit::Outcome outcome, const QString &detail);
    // A write or a read failed, or a damaged file was moved aside.
    void problem(const QString &message);

private:
    class Worker;
    QString m_path;
    std::function<QDateTime()> m_clock;
    std::unique_ptr<Worker> m_worker;                // used on m_thread only
    std::unique_ptr<storage::SerialWorker> m_thread; // destroyed first: it finishes the queued work
};

} // namespace nephele::models::audit
