#pragma once

#include "governedactions.h"
#include "leasetags.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

namespace nephele::models {
class AccountSession;
class InventoryStore;
} // namespace nephele::models

// Watches the leases of the machines in the inventory while the console runs: warns once before
// a lease ends (expiringSoon) and, when it has ended, stops or destroys the machine through its
// account's session, recorded in the audit trail as done by "lease".
//
//   LeaseWatcher leases(&inventory, &governedActions, [&](const QString &id) { return window.session(id); });
//   connect(&leases, &LeaseWatcher::expiringSoon, ...);   // a desktop notification
//   leases.start();                                       // checks now and every minute
//
// Only leases that name their action (expires-action:destroy|stop) are acted on; an `expires`
// tag alone (another tool's) is only warned about. Nothing is done from a stale listing (the
// machine may be gone or changed), nor on a machine with an action in progress; those are looked
// at again on the next pass. Each lease is warned about and acted on once per run of the console.
namespace nephele::models::provisioning {

class LeaseWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LeaseWatcher)

public:
    using Clock = std::function<QDateTime()>;
    using SessionLookup = std::function<AccountSession *(const QString &accountId)>;

    struct Notice {
        QString accountId;
        QString accountName;
        QString machineId;
        QString machineName;
        Lease lease;
    };

    LeaseWatcher(InventoryStore *store, GovernedActions *actions, SessionLookup sessions, QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    // How long before the end to warn when the lease does not say (default: one day).
    void setDefaultNotice(const policy::PolicyDuration &notice) { m_defaultNotice = notice; }
    void setInterval(int ms);
    int interval() const { return m_timer.interval(); }
    // Checks now, then every interval and after each inventory change.
    void start();
    void stop();

    // One pass over the inventory, now.
    void check();

    static constexpr const char *kActor = "lease";

Q_SIGNALS:
    void expiringSoon(const nephele::models::provisioning::LeaseWatcher::Notice &notice);
    // The lease ended and its action was started (`action` "stop" or "destroy").
    void expired(const nephele::models::provisioning::LeaseWatcher::Notice &notice, const QString &action);

private:
    QString key(const Notice &n) const;

    InventoryStore *m_store;
    QPointer<GovernedActions> m_actions;
    SessionLookup m_sessions;
    Clock m_clock;
    policy::PolicyDuration m_defaultNotice{1, policy::PolicyDuration::Unit::Days};
    QTimer m_timer;
    QTimer m_soon; // coalesces inventory changes into one pass
    QSet<QString> m_warned;
    QSet<QString> m_acted;
};

} // namespace nephele::models::provisioning
