#pragma once

#include "error.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace nephele::drivers {

// A long-running operation: a machine action, a creation, a volume change. The driver owns the
// work and reports through this object; the caller watches it, may cancel it, and deletes it
// (deleteLater) once finished() has been emitted.
//
//   Job *job = driver->runAction(MachineAction::Reboot, id, {});
//   connect(job, &Job::finished, this, [job] { if (job->error()) ...; job->deleteLater(); });
class Job final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Job)

public:
    enum class Status { Running, Succeeded, Failed, Cancelled };

    explicit Job(QString description, QObject *parent = nullptr);

    QString description() const { return m_description; }
    Status status() const { return m_status; }
    bool isFinished() const { return m_status != Status::Running; }
    int progress() const { return m_progress; } // 0..100
    QString progressText() const { return m_progressText; }
    const std::optional<Error> &error() const { return m_error; }
    // The id of what the job made or acted on (a new droplet's id, a provider action's id).
    QString resultId() const { return m_resultId; }
    QStringList resultIds() const { return m_resultIds; }

    // Asks the driver to stop. The job finishes as Cancelled once the driver has stopped; work the
    // provider already accepted is not undone.
    void cancel();
    bool isCancelRequested() const { return m_cancelRequested; }

    // Driver side.
    void setCancelHandler(std::function<void()> handler) { m_cancelHandler = std::move(handler); }
    void setProgress(int percent, const QString &text);
    void succeed(const QString &resultId = {}, const QStringList &resultIds = {});
    void failWith(const Error &error);
    void markCancelled();

Q_SIGNALS:
    void progressChanged(int percent, const QString &text);
    void finished();

private:
    QString m_description;
    Status m_status = Status::Running;
    int m_progress = 0;
    QString m_progressText;
    std::optional<Error> m_error;
    QString m_resultId;
    QStringList m_resultIds;
    bool m_cancelRequested = false;
    std::function<void()> m_cancelHandler;
};

} // namespace nephele::drivers
