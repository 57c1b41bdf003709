#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>

#include <functional>

namespace nephele::models::storage {

// What a database file holds: its tables (CREATE ... IF NOT EXISTS statements) and the schema
// version written by this build.
struct SqliteSchema {
    int version = 1;
    QStringList statements;
};

struct SqliteOpened {
    bool ok = false;
    QString movedAsideTo; // set when a damaged file was moved out of the way
    QString why;          // what was wrong with it, or why the file cannot be used at all
};

// Opens `path` as the SQLite connection `connection` (thread-bound: call from the thread that
// will use it): WAL journal, normal sync, an integrity check, the schema. A file that fails any
// of those (damaged, not a database, written by a newer build) is renamed to
// `<path>.damaged-<UTC time>` and a fresh one is made in its place; the caller says so to the
// user with the returned paths.
SqliteOpened openSqlite(const QString &connection, const QString &path, const SqliteSchema &schema);
void closeSqlite(const QString &connection);
// A connection name unique to this process.
QString uniqueConnectionName(const QString &prefix);

// A thread that runs posted work one item at a time, in order: what a background database
// writer needs. Work posted after destruction began is dropped; the destructor finishes what
// was posted before.
//
//   SerialWorker worker(QStringLiteral("inventory-cache"));
//   worker.post([] { ... runs on the worker thread ... });
//   worker.flush();                        // waits for everything posted so far
class SerialWorker final
{
public:
    explicit SerialWorker(const QString &name);
    ~SerialWorker();
    Q_DISABLE_COPY_MOVE(SerialWorker)

    void post(std::function<void()> work);
    void flush();
    // The object living on the worker thread (for QMetaObject::invokeMethod contexts).
    QObject *context() const { return m_context; }

private:
    QThread m_thread;
    QObject *m_context = nullptr;
};

} // namespace nephele::models::storage
