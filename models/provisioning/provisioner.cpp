#include "provisioner.h"

#include "audit/auditlog.h"
#include "core/driver.h"
#include "core/job.h"
#include "sync/accountsession.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nephele::models::provisioning {

namespace {

struct ProvisionerText {
    Q_DECLARE_TR_FUNCTIONS(nephele::models::provisioning::Provisioner)
};

QString machineRequestJson(const ProvisionPlan &plan, const PlannedMachine &m)
{
    // The wizard's request, and what this machine asks of the provider (user data left out).
    QJsonObject o = QJsonDocument::fromJson(plan.requestJson).object();
    const drivers::CreateMachineRequest &r = m.request;
    QJsonObject provider{{QStringLiteral("name"), m.name},
                         {QStringLiteral("location"), r.location},
                         {QStringLiteral("size"), r.sizeId},
                         {QStringLiteral("image"), r.imageId},
                         {QStringLiteral("tags"), QJsonArray::fromStringList(r.tags)}};
    if (m.newVolumeGb > 0)
        provider.insert(QStringLiteral("new_volume_gb"), m.newVolumeGb);
    o.insert(QStringLiteral("machine"), provider);
    if (plan.monthlyEach)
        o.insert(QStringLiteral("monthly_cost"), *plan.monthlyEach);
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

Provisioner::Provisioner(AccountSession *session, audit::AuditLog *audit, QString actor, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_audit(audit)
    , m_actor(std::move(actor))
{}

Provisioner::~Provisioner()
{
    for (const QPointer<drivers::Job> &job : std::as_const(m_jobs)) {
        if (job) {
            disconnect(job, nullptr, this, nullptr);
            job->deleteLater();
        }
    }
}

int Provisioner::succeeded() const
{
    return int(std::count_if(m_machines.cbegin(), m_machines.cend(),
                             [](const MachineRun &m) { return m.status == MachineRun::Status::Succeeded; }));
}

int Provisioner::failed() const
{
    return int(std::count_if(m_machines.cbegin(), m_machines.cend(), [](const MachineRun &m) {
        return m.status == MachineRun::Status::Failed || m.status == MachineRun::Status::Cancelled;
    }));
}

void Provisioner::start(const ProvisionPlan &plan)
{
    if (m_started)
        return;
    m_started = true;
    m_plan = plan;
    for (const PlannedMachine &m : plan.machines) {
        MachineRun run;
        run.name = m.name;
        run.text = ProvisionerText::tr("Waiting");
        m_machines << run;
    }
    m_running = int(m_machines.size());
    for (int i = 0; i < m_machines.size(); ++i) {
        if (m_audit) {
            audit::AuditEntry e;
            e.actor = m_actor;
            e.action = QStringLiteral("create");
            e.accountId = plan.accountId;
            e.accountName = plan.accountName;
            e.targetName = m_machines[i].name;
            e.request = machineRequestJson(plan, plan.machines.at(i));
            m_machines[i].auditId = m_audit->record(e);
        }
    }
    if (m_machines.isEmpty()) {
        Q_EMIT finished();
        return;
    }
    for (int i = 0; i < m_machines.size(); ++i)
        startMachine(i);
}

void Provisioner::startMachine(int index)
{
    if (!m_session || !m_session->driver() || !m_session->isEnabled()) {
        end(index, MachineRun::Status::Failed,
            ProvisionerText::tr("The account %1 is not open or is disabled").arg(m_plan.accountName));
        return;
    }
    const PlannedMachine &m = m_plan.machines.at(index);
    if (m.newVolumeGb <= 0) {
        createMachine(index, {});
        return;
    }
    drivers::CreateVolumeRequest volume;
    volume.name = m.name + QStringLiteral("-data");
    volume.location = m.request.location;
    volume.sizeGb = m.newVolumeGb;
    volume.filesystemType = QStringLiteral("ext4");
    volume.tags = m.request.tags;
    volume.description = ProvisionerText::tr("Made with machine %1 by Nephele").arg(m.name);
    drivers::Job *job = m_session->driver()->createVolume(volume);
    watch(index, job, 0, 20, [this, index](drivers::Job *done) { createMachine(index, done->resultId()); });
}

void Provisioner::createMachine(int index, const QString &volumeId)
{
    if (!m_session || !m_session->driver()) {
        end(index, MachineRun::Status::Failed, ProvisionerText::tr("The account was closed"));
        return;
    }
    drivers::CreateMachineRequest request = m_plan.machines.at(index).request;
    if (!volumeId.isEmpty())
        request.volumeIds << volumeId;
    drivers::Job *job = m_session->driver()->createMachines(request);
    const int from = m_plan.machines.at(index).newVolumeGb > 0 ? 20 : 0;
    watch(index, job, from, 100, [this, index](drivers::Job *done) {
        m_machines[index].machineId = done->resultId();
        end(index, MachineRun::Status::Succeeded, ProvisionerText::tr("Created (id %1)").arg(done->resultId()));
        // The session lists the account now and keeps looking for a while: the machine appears.
        if (m_session)
            m_session->refresh();
    });
}

void Provisioner::watch(int index, drivers::Job *job, int from, int to, const std::function<void(drivers::Job *)> &done)
{
    if (!job) {
        end(index, MachineRun::Status::Failed, ProvisionerText::tr("The driver did not start the request"));
        return;
    }
    job->setParent(this);
    m_jobs << job;
    MachineRun &run = m_machines[index];
    run.status = MachineRun::Status::Running;
    run.progress = from;
    run.text = job->progressText().isEmpty() ? ProvisionerText::tr("Sending request") : job->progressText();
    Q_EMIT machineChanged(index);
    const auto onFinished = [this, index, job, done] {
        job->deleteLater();
        if (m_cancelled && job->status() != drivers::Job::Status::Succeeded) {
            end(index, MachineRun::Status::Cancelled, ProvisionerText::tr("Cancelled"));
            return;
        }
        switch (job->status()) {
        case drivers::Job::Status::Succeeded: done(job); return;
        case drivers::Job::Status::Cancelled:
            end(index, MachineRun::Status::Cancelled, ProvisionerText::tr("Cancelled"));
            return;
        case drivers::Job::Status::Failed:
        case drivers::Job::Status::Running:
            end(index, MachineRun::Status::Failed,
                job->error() ? job->error()->summary() + QStringLiteral(" ") + job->error()->hint()
                             : ProvisionerText::tr("Failed"));
            return;
        }
    };
    if (job->isFinished()) {
        onFinished();
        return;
    }
    connect(job, &drivers::Job::progressChanged, this, [this, index, from, to](int percent, const QString &text) {
        MachineRun &r = m_machines[index];
        r.progress = from + (to - from) * std::clamp(percent, 0, 100) / 100;
        r.text = text;
        Q_EMIT machineChanged(index);
    });
    connect(job, &drivers::Job::finished, this, onFinished);
}

void Provisioner::end(int index, MachineRun::Status status, const QString &text)
{
    MachineRun &run = m_machines[index];
    if (run.status == MachineRun::Status::Succeeded || run.status == MachineRun::Status::Failed ||
        run.status == MachineRun::Status::Cancelled)
        return;
    run.status = status;
    run.text = text.trimmed();
    if (status == MachineRun::Status::Succeeded)
        run.progress = 100;
    if (m_audit && !run.auditId.isEmpty()) {
        const audit::Outcome outcome = status == MachineRun::Status::Succeeded   ? audit::Outcome::Succeeded
                                       : status == MachineRun::Status::Cancelled ? audit::Outcome::Cancelled
                                                                                 : audit::Outcome::Failed;
        m_audit->finish(run.auditId, outcome, run.text, run.machineId);
    }
    Q_EMIT machineChanged(index);
    if (--m_running == 0)
        Q_EMIT finished();
}

void Provisioner::cancel()
{
    m_cancelled = true;
    for (const QPointer<drivers::Job> &job : std::as_const(m_jobs)) {
        if (job && !job->isFinished())
            job->cancel();
    }
    for (int i = 0; i < m_machines.size(); ++i) {
        if (m_machines.at(i).status == MachineRun::Status::Waiting)
            end(i, MachineRun::Status::Cancelled, ProvisionerText::tr("Cancelled"));
    }
}

} // namespace nephele::models::provisioning
