#pragma once

#include "core/driver.h"

#include <QFuture>
#include <QList>
#include <QTimer>

#include <utility>

// A driver that records the actions asked of it and lists what the test says. Jobs finish on the
// next turn of the event loop (a zero timer), as a quick provider would.
class RecordingDriver final : public nephele::drivers::Driver
{
    Q_OBJECT

public:
    using Machines = QList<nephele::drivers::Machine>;

    explicit RecordingDriver(QObject *parent = nullptr)
        : Driver(parent)
    {
        m_caps.provider = QStringLiteral("fake");
        m_caps.displayName = QStringLiteral("Fake");
        m_caps.start = m_caps.stop = m_caps.reboot = m_caps.destroy = m_caps.createMachine = true;
        m_caps.tags = true;
    }

    Machines machines;
    QList<std::pair<nephele::drivers::MachineAction, QString>> actions;
    QList<nephele::drivers::CreateMachineRequest> creations;
    bool failActions = false;

    const nephele::drivers::Capabilities &capabilities() const override { return m_caps; }
    const nephele::drivers::AccountEndpoint &endpoint() const override { return m_endpoint; }

    QFuture<nephele::drivers::Result<Machines>> listMachines() override
    {
        return QtFuture::makeReadyFuture(nephele::drivers::Result<Machines>(machines));
    }
    QFuture<nephele::drivers::Result<nephele::drivers::Catalog>> catalog() override
    {
        return QtFuture::makeReadyFuture(nephele::drivers::Result<nephele::drivers::Catalog>());
    }
    QFuture<nephele::drivers::Result<QList<nephele::drivers::Volume>>> listVolumes() override
    {
        return QtFuture::makeReadyFuture(nephele::drivers::Result<QList<nephele::drivers::Volume>>());
    }
    QFuture<nephele::drivers::Result<QString>> testConnection() override
    {
        return QtFuture::makeReadyFuture(nephele::drivers::Result<QString>(QStringLiteral("ok")));
    }
    nephele::drivers::Job *runAction(nephele::drivers::MachineAction action, const QString &id,
                                     const nephele::drivers::ActionArgs &) override
    {
        actions.append({action, id});
        auto *job = new nephele::drivers::Job(nephele::drivers::machineActionName(action) + u' ' + id);
        const bool fail = failActions;
        QTimer::singleShot(0, job, [job, fail] {
            if (fail)
                job->failWith({nephele::drivers::ErrorKind::Conflict, QStringLiteral("busy"), {}, {}, {}, 422});
            else
                job->succeed(job->description());
        });
        return job;
    }
    nephele::drivers::Job *createMachines(const nephele::drivers::CreateMachineRequest &request) override
    {
        creations.append(request);
        auto *job = new nephele::drivers::Job(QStringLiteral("create ") + request.names.value(0));
        const QString id = QString::number(1000 + creations.size());
        QTimer::singleShot(0, job, [job, id] {
            job->setProgress(50, QStringLiteral("Provisioning"));
            job->succeed(id, {id});
        });
        return job;
    }
    nephele::drivers::Job *createVolume(const nephele::drivers::CreateVolumeRequest &) override { return nullptr; }
    nephele::drivers::Job *attachVolume(const QString &, const QString &) override { return nullptr; }
    nephele::drivers::Job *detachVolume(const QString &, const QString &) override { return nullptr; }
    nephele::drivers::Job *deleteVolume(const QString &) override { return nullptr; }

private:
    nephele::drivers::Capabilities m_caps;
    nephele::drivers::AccountEndpoint m_endpoint;
};
