#pragma once

#include "audit/auditlog.h"
#include "core/job.h"
#include "core/records.h"
#include "currentpolicy.h"
#include "policy/policyengine.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace nephele::models {
class AccountSession;
class InventoryStore;
} // namespace nephele::models

// Every machine action of the console goes through here: the policy is asked first (a denial is
// recorded and nothing is sent), then the action is recorded, run through the account's session,
// and its outcome recorded when the provider answers.
//
//   GovernedActions actions(&currentPolicy, &auditLog, &inventory);
//   const auto denied = actions.run(session, MachineAction::Stop, {{accountId, machineId, name}});
//   for (const auto &d : denied) showError(d.reason);
namespace nephele::models::provisioning {

class GovernedActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GovernedActions)

public:
    struct Target {
        QString accountId;
        QString machineId;
        QString name;
    };
    struct Denial {
        Target target;
        QString reason;
    };

    // `audit` may be null (nothing recorded); `policy` may be null (nothing governed).
    GovernedActions(CurrentPolicy *policy, audit::AuditLog *audit, InventoryStore *store, QObject *parent = nullptr);

    CurrentPolicy *currentPolicy() const { return m_policy; }
    audit::AuditLog *auditLog() const { return m_audit; }

    // How the policy answers `action` on the machine (its tags read from the inventory).
    policy::Decision check(drivers::MachineAction action, const Target &target) const;
    // The decisions for several targets, the denied ones first; nothing is recorded.
    QList<Denial> denials(drivers::MachineAction action, const QList<Target> &targets) const;

    // Checks each target, records it, and runs the allowed ones through `session` (one job per
    // machine). Returns the denied ones, with the reason.
    QList<Denial> run(AccountSession *session, drivers::MachineAction action, const QList<Target> &targets,
                      const drivers::ActionArgs &args = {});

    // Records denials found with denials() (the console showed them and sent nothing).
    void recordDenials(drivers::MachineAction action, const QList<Denial> &denied);

    // Runs an action the policy itself requires (a lease's end) on behalf of `actor`, without
    // asking the policy; recorded all the same, with `why`. Returns the job, or null when the
    // session did not start one.
    drivers::Job *runRequired(const QString &actor, AccountSession *session, drivers::MachineAction action,
                              const Target &target, const QString &why);

    // The user as the audit trail names them.
    QString actorName() const;

Q_SIGNALS:
    // A job this object started (the session owns it).
    void jobStarted(nephele::drivers::Job *job);

private:
    drivers::Job *start(const QString &actor, AccountSession *session, drivers::MachineAction action,
                        const Target &target, const drivers::ActionArgs &args, const QString &note);
    QString accountName(const QString &accountId) const;

    QPointer<CurrentPolicy> m_policy;
    QPointer<audit::AuditLog> m_audit;
    InventoryStore *m_store;
};

// Runs one action through the session and returns the job it started (null when none).
drivers::Job *runOne(AccountSession *session, drivers::MachineAction action, const QString &machineId,
                     const drivers::ActionArgs &args = {});

} // namespace nephele::models::provisioning
