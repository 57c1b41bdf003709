#pragma once

#include "core/driver.h"

#include <QFuture>
#include <QTimer>

// A driver whose answers the test scripts.
class FakeDriver final : public nephele::drivers::Driver
{
    Q_OBJECT

public:
    using Machines = QList<nephele::drivers::Machine>;

    explicit FakeDriver(QObject *parent = nullptr)
        : Driver(parent)
    {
        m_caps.provider = QStringLiteral("fake");
        m_caps.start = m_caps.stop = m_caps.reboot = m_caps.destroy = true;
    }

    nephele::drivers::Result<Machines> next;
    int listCalls = 0;

    const nephele::drivers::Capabilities &capabilities() const override { return m_caps; }
    const nephele::drivers::AccountEndpoint &endpoint() const override { return m_endpoint; }

    QFuture<nephele::drivers::Result<Machines>> listMachines() override
    {
        ++listCalls;
        return QtFuture::makeReadyFuture(next);
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
    nephele::drivers::Job *runAction(nephele::drivers::MachineAction, const QString &id,
                                     const nephele::drivers::ActionArgs &) override
    {
        auto *job = new nephele::drivers::Job(QStringLiteral("act on ") + id);
        QTimer::singleShot(10, job, [job] { job->succeed(); });
        return job;
    }
    nephele::drivers::Job *createMachines(const nephele::drivers::CreateMachineRequest &) override { return nullptr; }
    nephele::drivers::Job *createVolume(const nephele::drivers::CreateVolumeRequest &) override { return nullptr; }
    nephele::drivers::Job *attachVolume(const QString &, const QString &) override { return nullptr; }
    nephele::drivers::Job *detachVolume(const QString &, const QString &) override { return nullptr; }
    nephele::drivers::Job *deleteVolume(const QString &) override { return nullptr; }

private:
    nephele::drivers::Capabilities m_caps;
    nephele::drivers::AccountEndpoint m_endpoint;
};
