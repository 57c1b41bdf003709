#include "governedactions.h"

#include "audit/auditlog.h"
#include "core/job.h"
#include "currentpolicy.h"
#include "inventory/inventorystore.h"
#include "sync/accountsession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace nephele::models::provisioning {

namespace {

struct GovernedText {
    Q_DECLARE_TR_FUNCTIONS(nephele::models::provisioning::GovernedActions)
};

QByteArray requestJson(drivers::MachineAction action, const GovernedActions::Target &target,
                       const drivers::ActionArgs &args)
{
    QJsonObject o{{QStringLiteral("action"), drivers::machineActionName(action)},
                  {QStringLiteral("machine"), target.machineId}};
    if (!args.name.isEmpty())
        o.insert(QStringLiteral("name"), args.name);
    if (!args.sizeId.isEmpty()) {
        o.insert(QStringLiteral("size"), args.sizeId);
        o.insert(QStringLiteral("resize_disk"), args.resizeDisk);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void recordOutcome(audit::AuditLog *log, const QString &entryId, const drivers::Job *job)
{
    if (!log)
        return;
    switch (job->status()) {
    case drivers::Job::Status::Succeeded:
        log->finish(entryId, audit::Outcome::Succeeded, GovernedText::tr("Done: %1").arg(job->description()));
        break;
    case drivers::Job::Status::Cancelled:
        log->finish(entryId, audit::Outcome::Cancelled, GovernedText::tr("Cancelled"));
        break;
    case drivers::Job::Status::Failed:
        log->finish(entryId, audit::Outcome::Failed,
                    job->error() ? job->error()->summary() : GovernedText::tr("Failed without a reason"));
        break;
    case drivers::Job::Status::Running: break;
    }
}

} // namespace

drivers::Job *runOne(AccountSession *session, drivers::MachineAction action, const QString &machineId,
                     const drivers::ActionArgs &args)
{
    // AccountSession announces each job it starts, synchronously, from runAction().
    drivers::Job *started = nullptr;
    const QMetaObject::Connection c =
        QObject::connect(session, &AccountSession::jobStarted, session, [&started](drivers::Job *job) {
            if (!started)
                started = job;
        });
    session->runAction(action, {machineId}, args);
    QObject::disconnect(c);
    return started;
}

GovernedActions::GovernedActions(CurrentPolicy *policy, audit::AuditLog *audit, InventoryStore *store, QObject *parent)
    : QObject(parent)
    , m_policy(policy)
    , m_audit(audit)
    , m_store(store)
{}

QString GovernedActions::actorName() const
{
    if (!m_policy)
        return {};
    const policy::PolicyUser user = m_policy->user();
    return user.email.isEmpty() ? user.id : user.email;
}

QString GovernedActions::accountName(const QString &accountId) const
{
    const AccountInfo *info = m_store ? m_store->account(accountId) : nullptr;
    return info ? info->name : QString();
}

policy::Decision GovernedActions::check(drivers::MachineAction action, const Target &target) const
{
    policy::Decision decision;
    if (!m_policy || !m_policy->isGoverned()) {
        decision.allowed = true;
        decision.basis = policy::DecisionBasis::Ungoverned;
        decision.reason = GovernedText::tr("Allowed: no policy is in force");
        return decision;
    }
    policy::PolicyRequest request;
    request.action = drivers::machineActionName(action);
    request.rtype = QStringLiteral("machine");
    request.rid = target.machineId;
    if (m_store) {
        if (const auto slot = m_store->find(target.accountId, target.machineId))
            request.tags = m_store->machine(*slot).tags;
    }
    const policy::PolicyUser user = m_policy->user();
    decision = m_policy->engine()->evaluate(user, request);
    if (!decision.allowed && user.email.isEmpty() && user.id.isEmpty()) {
        decision.reason = GovernedText::tr("Denied: a policy is in force and Nephele does not know who you are in it. "
                                           "Set your email in Governance ▸ Policy settings.");
    }
    return decision;
}

QList<GovernedActions::Denial> GovernedActions::denials(drivers::MachineAction action,
                                                        const QList<Target> &targets) const
{
    QList<Denial> out;
    for (const Target &t : targets) {
        const policy::Decision d = check(action, t);
        if (!d.allowed)
            out << Denial{t, d.reason};
    }
    return out;
}

QList<GovernedActions::Denial> GovernedActions::run(AccountSession *session, drivers::MachineAction action,
                                                    const QList<Target> &targets, const drivers::ActionArgs &args)
{
    QList<Denial> denied;
    for (const Target &t : targets) {
        const policy::Decision d = check(action, t);
        if (!d.allowed) {
            denied << Denial{t, d.reason};
            continue;
        }
        start(actorName(), session, action, t, args, {});
    }
    recordDenials(action, denied);
    return denied;
}

void GovernedActions::recordDenials(drivers::MachineAction action, const QList<Denial> &denied)
{
    if (!m_audit)
        return;
    for (const Denial &d : denied) {
        audit::AuditEntry e;
        e.actor = actorName();
        e.action = drivers::machineActionName(action);
        e.accountId = d.target.accountId;
        e.accountName = accountName(d.target.accountId);
        e.targetId = d.target.machineId;
        e.targetName = d.target.name;
        e.request = QString::fromUtf8(requestJson(action, d.target, {}));
        e.outcome = audit::Outcome::Denied;
        e.detail = d.reason;
        m_audit->record(e);
    }
}

drivers::Job *GovernedActions::runRequired(const QString &actor, AccountSession *session, drivers::MachineAction action,
                                           const Target &target, const QString &why)
{
    return start(actor, session, action, target, {}, why);
}

drivers::Job *GovernedActions::start(const QString &actor, AccountSession *session, drivers::MachineAction action,
                                     const Target &target, const drivers::ActionArgs &args, const QString &note)
{
    QString entryId;
    if (m_audit) {
        audit::AuditEntry e;
        e.actor = actor;
        e.action = drivers::machineActionName(action);
        e.accountId = target.accountId;
        e.accountName = accountName(target.accountId);
        e.targetId = target.machineId;
        e.targetName = target.name;
        e.request = QString::fromUtf8(requestJson(action, target, args));
        e.detail = note;
        entryId = m_audit->record(e);
    }
    drivers::Job *job = session ? runOne(session, action, target.machineId, args) : nullptr;
    if (!job) {
        if (m_audit) {
            m_audit->finish(entryId, audit::Outcome::Failed,
                            session ? GovernedText::tr("The account did not start the action (disabled, or no driver)")
                                    : GovernedText::tr("The account is not open"));
        }
        return nullptr;
    }
    Q_EMIT jobStarted(job);
    if (job->isFinished()) {
        recordOutcome(m_audit, entryId, job);
        return job;
    }
    QPointer<audit::AuditLog> log = m_audit;
    connect(job, &drivers::Job::finished, this, [log, entryId, job] { recordOutcome(log, entryId, job); });
    return job;
}

} // namespace nephele::models::provisioning
