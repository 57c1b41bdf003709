#pragma once

#include "audit/auditlog.h"
#include "core/job.h"
#include "provisionrequest.h"
#include "sync/accountsession.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

// Runs a provisioning plan through the account's driver: one provider request per machine (a
// new volume first when asked), each recorded in the audit trail with its outcome, each with its
// own progress. The session lists the account again as machines come up, so they appear in the
// inventory.
//
//   auto *run = new Provisioner(session, &auditLog, user, this);
//   connect(run, &Provisioner::machineChanged, this, [run](int i) { show(run->machines().at(i)); });
//   run->start(plan);
namespace nephele::models::provisioning {

class Provisioner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Provisioner)

public:
    struct MachineRun {
        enum class Status { Waiting, Running, Succeeded, Failed, Cancelled };
        QString name;
        Status status = Status::Waiting;
        int progress = 0; // 0..100
        QString text;     // the step, or the error
        QString machineId;
        QString auditId;
    };

    Provisioner(AccountSession *session, audit::AuditLog *audit, QString actor, QObject *parent = nullptr);
    ~Provisioner() override;

    void start(const ProvisionPlan &plan);
    // Stops following the jobs; what the provider accepted is not undone.
    void cancel();

    const QList<MachineRun> &machines() const { return m_machines; }
    bool isFinished() const { return m_started && m_running == 0; }
    int succeeded() const;
    int failed() const;

Q_SIGNALS:
    void machineChanged(int index);
    void finished();

private:
    void startMachine(int index);
    void createMachine(int index, const QString &volumeId);
    void watch(int index, drivers::Job *job, int from, int to, const std::function<void(drivers::Job *)> &done);
    void end(int index, MachineRun::Status status, const QString &text);

    QPointer<AccountSession> m_session;
    QPointer<audit::AuditLog> m_audit;
    QString m_actor;
    ProvisionPlan m_plan;
    QList<MachineRun> m_machines;
    QList<QPointer<drivers::Job>> m_jobs;
    int m_running = 0;
    bool m_started = false;
    bool m_cancelled = false;
};

} // namespace nephele::models::provisioning
