#include "job.h"

namespace nephele::drivers {

Job::Job(QString description, QObject *parent)
    : QObject(parent)
    , m_description(std::move(description))
{}

void Job::cancel()
{
    if (isFinished() || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (m_cancelHandler)
        m_cancelHandler();
    else
        markCancelled();
}

void Job::setProgress(int percent, const QString &text)
{
    if (isFinished())
        return;
    m_progress = std::clamp(percent, 0, 100);
    m_progressText = text;
    Q_EMIT progressChanged(m_progress, m_progressText);
}

void Job::succeed(const QString &resultId, const QStringList &resultIds)
{
    if (isFinished())
        return;
    m_status = Status::Succeeded;
    m_progress = 100;
    m_resultId = resultId;
    m_resultIds = resultIds.isEmpty() && !resultId.isEmpty() ? QStringList{resultId} : resultIds;
    Q_EMIT progressChanged(m_progress, m_progressText);
    Q_EMIT finished();
}

void Job::failWith(const Error &error)
{
    if (isFinished())
        return;
    m_status = error.kind == ErrorKind::Cancelled ? Status::Cancelled : Status::Failed;
    m_error = error;
    Q_EMIT finished();
}

void Job::markCancelled()
{
    failWith(Error{ErrorKind::Cancelled, tr("Cancelled"), {}, {}, m_description, 0});
}

} // namespace nephele::drivers
