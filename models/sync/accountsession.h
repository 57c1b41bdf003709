#pragma once

#include "core/driver.h"
#include "core/machinewatch.h"
#include "inventory/inventorycache.h"
#include "inventory/inventorystore.h"
#include "sync/refreshlimiter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;

#include <memory>
#include <optional>

namespace nephele::models {

// How often an account is listed.
struct PollSchedule {
    int intervalMs = 60'000;      // steady state
    int burstIntervalMs = 2'000;  // after an action on the account...
    int burstDurationMs = 30'000; // ...for this long
    int backoffBaseMs = 5'000;    // after an error, doubling on each failure...
    int backoffMaxMs = 300'000;   // ...up to this
};

// One account at run time: its driver, its polling, its status, its running actions.
//
//   auto *session = new AccountSession(info, createDriver(...), &store, window);
//   session->start();                     // lists now, then on the schedule
//   session->runAction(MachineAction::Stop, {id});
//
// Listings are merged into the store; a failed listing leaves the last good machines there
// (marked stale) and the error on the account row, with exponential backoff until retry().
class AccountSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountSession)

public:
    AccountSession(const AccountInfo &info, std::unique_ptr<drivers::Driver> driver, InventoryStore *store,
                   QObject *parent = nullptr);
    // An account that cannot run (no token in the keychain, bad settings): the row shows `error`.
    AccountSession(const AccountInfo &info, const drivers::Error &error, InventoryStore *store,
                   QObject *parent = nullptr);
    ~AccountSession() override;

    // A session for a provider account through drivers::createDriver; a session showing the
    // error when the provider is unknown.
    static AccountSession *create(const AccountInfo &info, const drivers::AccountEndpoint &endpoint,
                                  QNetworkAccessManager *network, InventoryStore *store, QObject *parent);
    // Checks an endpoint before it is saved: one cheap request through a throw-away driver.
    static QFuture<drivers::Result<QString>> testConnection(const QString &provider,
                                                            const drivers::AccountEndpoint &endpoint,
                                                            QNetworkAccessManager *network, QObject *context);

    QString accountId() const { return m_info.id; }
    QString accountName() const { return m_info.name; }
    AccountStatus status() const { return m_status; }
    const std::optional<drivers::Error> &lastError() const { return m_lastError; }
    QDateTime lastSuccess() const { return m_lastSuccess; }
    bool isListing() const { return m_listing; }
    drivers::Driver *driver() const { return m_driver.get(); }
    // What this account's provider can do; nullptr when the session has no driver.
    const drivers::Capabilities *capabilities() const;

    // Successful listings are saved there (nullptr: not saved).
    void setCache(InventoryCache *cache) { m_cache = cache; }
    // Listings wait for a place there (nullptr: no bound).
    void setLimiter(RefreshLimiter *limiter) { m_limiter = limiter; }
    // Shows machines from the cache until the first listing lands (ignored once one has).
    void showCached(const QList<drivers::Machine> &machines);

    void setSchedule(const PollSchedule &schedule);
    const PollSchedule &schedule() const { return m_schedule; }
    // Milliseconds until the next scheduled listing, or -1.
    int nextPollInMs() const;

    // A disabled account keeps its last machines (marked stale) and its row says so; it is not
    // polled, refresh() and actions are refused, and a listing in flight is dropped.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    // The row and this session follow a rename; the driver is unchanged.
    void setAccountName(const QString &name);

    void start();
    // Lists now (or right after the listing in flight). Refused while disabled.
    void refresh();
    // Forgets the backoff and lists now.
    void retry();
    // Runs `action` on each machine; each gets its own Job, announced by jobStarted().
    void runAction(drivers::MachineAction action, const QStringList &machineIds, const drivers::ActionArgs &args = {});

Q_SIGNALS:
    void statusChanged();
    // The session owns the job and deletes it after finished().
    void jobStarted(nephele::drivers::Job *job);
    void listingFinished(bool ok);

private:
    void startListing();
    void onPage(const QList<drivers::Machine> &page, const std::vector<quint64> &prints);
    void onListing(const drivers::Result<qsizetype> &result);
    void setStatus(AccountStatus status);
    void scheduleNext();
    void startBurst();
    // Providers that push changes (Kubernetes): after the first listing, events instead of polls.
    void startWatching();

    AccountInfo m_info;
    std::unique_ptr<drivers::Driver> m_driver;
    InventoryStore *m_store;
    QPointer<InventoryCache> m_cache;
    QPointer<RefreshLimiter> m_limiter;
    bool m_holdsPlace = false;
    PollSchedule m_schedule;
    QTimer m_timer;
    QTimer m_usageTimer;       // the next read of the resources' usage
    bool m_usageAsked = false; // a read is on its way
    void pollUsage();
    QList<drivers::MachineEvent> m_pendingEvents; // from the watch, not applied yet
    // A listing the watch took again (after 410 Gone), merged page by page before the events.
    struct Relisted {
        QList<drivers::Machine> machines;
        qsizetype merged = 0;
    };
    std::optional<Relisted> m_relisted;
    QTimer m_applyTimer; // the next slice of the watch's work
    void applyPendingEvents();
    void dropRelisted();
    AccountStatus m_status = AccountStatus::Idle;
    std::optional<drivers::Error> m_lastError;
    std::optional<drivers::Error> m_setupError; // why a session without a driver cannot run
    QDateTime m_lastSuccess;
    QElapsedTimer m_burstClock;
    bool m_listing = false;
    bool m_refreshAgain = false;
    bool m_closing = false;
    bool m_enabled = true;
    bool m_watching = false;
    int m_failures = 0;
};

} // namespace nephele::models
