#include "sshexecrunner.h"

#include "sshchannel.h"
#include "sshsession.h"

#include <QTimer>

namespace nephele::ssh {

SshExecRunner::SshExecRunner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<SshExecResult>();
}

SshExecRunner::~SshExecRunner()
{
    // The sessions are children: QObject deletes them, each closing its connection.
    ++m_run;
}

void SshExecRunner::start(const QList<SshExecTarget> &targets, const QString &command, const QByteArray &standardInput)
{
    if (m_running)
        cancel();
    ++m_run;
    m_targets = targets;
    m_command = command;
    m_standardInput = standardInput;
    m_results.clear();
    m_hosts.clear();
    m_results.resize(targets.size());
    m_hosts.resize(targets.size());
    for (int i = 0; i < targets.size(); ++i) {
        m_results[i].index = i;
        m_results[i].label = targets[i].label.isEmpty() ? targets[i].options.host : targets[i].label;
        m_results[i].target = targets[i].options.host;
    }
    m_next = 0;
    m_active = 0;
    m_finished = 0;
    m_running = true;
    if (targets.isEmpty()) {
        m_running = false;
        QTimer::singleShot(0, this, [this, run = m_run] {
            if (run == m_run)
                Q_EMIT finished();
        });
        return;
    }
    launchMore();
}

void SshExecRunner::cancel()
{
    if (!m_running)
        return;
    m_running = false; // nothing new starts while the hosts are stopped
    SshError cancelled;
    cancelled.kind = SshErrorKind::Cancelled;
    cancelled.message = tr("Cancelled.");
    for (int i = 0; i < m_hosts.size(); ++i) {
        if (m_hosts[i].done)
            continue;
        if (!m_results[i].error)
            m_results[i].error = cancelled;
        finishHost(i);
    }
}

void SshExecRunner::launchMore()
{
    while (m_running && m_active < m_maxParallel && m_next < m_targets.size())
        startHost(m_next++);
}

void SshExecRunner::startHost(int index)
{
    Host &host = m_hosts[index];
    host.started = true;
    host.clock.start();
    ++m_active;
    auto *session = new SshSession(this);
    host.session = session;
    const quint64 run = m_run;
    connect(session, &SshSession::connected, this, [this, index, run] {
        if (run == m_run)
            execOn(index);
    });
    connect(session, &SshSession::errorOccurred, this, [this, index, run](const SshError &error) {
        if (run == m_run && !m_hosts[index].done && !m_results[index].error)
            m_results[index].error = error;
    });
    connect(session, &SshSession::disconnected, this, [this, index, run] {
        if (run != m_run || m_hosts[index].done)
            return;
        if (!m_results[index].error && !m_results[index].exitStatus && m_results[index].exitSignal.isEmpty()) {
            SshError lost;
            lost.kind = SshErrorKind::ConnectionLost;
            lost.message = tr("The connection ended before the command finished.");
            lost.target = m_results[index].target;
            m_results[index].error = lost;
        }
        finishHost(index);
    });
    if (m_hostTimeoutMs > 0) {
        QTimer::singleShot(m_hostTimeoutMs, session, [this, index, run] {
            if (run != m_run || m_hosts[index].done)
                return;
            SshError timeout;
            timeout.kind = SshErrorKind::Timeout;
            timeout.message = tr("Still running after %1 s; stopped.").arg(double(m_hostTimeoutMs) / 1000.0);
            timeout.target = m_results[index].target;
            m_results[index].error = timeout;
            finishHost(index);
        });
    }
    Q_EMIT sessionCreated(index, session);
    Q_EMIT hostStarted(index);
    if (run == m_run && host.session)
        session->connectToHost(m_targets[index].options);
}

void SshExecRunner::execOn(int index)
{
    Host &host = m_hosts[index];
    if (host.done || !host.session)
        return;
    m_results[index].target = host.session->target();
    SshChannel *channel = host.session->exec(m_command);
    host.channel = channel;
    const quint64 run = m_run;
    connect(channel, &SshChannel::outputReceived, this, [this, index, run](const QByteArray &chunk) {
        if (run == m_run)
            append(index, m_results[index].standardOutput, chunk);
    });
    connect(channel, &SshChannel::errorOutputReceived, this, [this, index, run](const QByteArray &chunk) {
        if (run == m_run)
            append(index, m_results[index].standardError, chunk);
    });
    connect(channel, &SshChannel::exitStatusReceived, this, [this, index, run](int status) {
        if (run == m_run)
            m_results[index].exitStatus = status;
    });
    connect(channel, &SshChannel::exitSignalReceived, this, [this, index, run](const QString &signal) {
        if (run == m_run)
            m_results[index].exitSignal = signal;
    });
    connect(channel, &SshChannel::errorOccurred, this, [this, index, run](const SshError &error) {
        if (run == m_run && !m_results[index].error)
            m_results[index].error = error;
    });
    connect(channel, &SshChannel::closed, this, [this, index, run] {
        if (run == m_run)
            finishHost(index);
    });
    if (!m_standardInput.isEmpty())
        channel->write(m_standardInput);
    channel->sendEof();
}

void SshExecRunner::append(int index, QByteArray &into, const QByteArray &chunk)
{
    const qint64 room = m_outputLimit - into.size();
    if (room >= chunk.size()) {
        into += chunk;
        return;
    }
    if (room > 0)
        into += chunk.left(room);
    m_results[index].outputTruncated = true;
}

void SshExecRunner::finishHost(int index)
{
    Host &host = m_hosts[index];
    if (host.done)
        return;
    host.done = true;
    m_results[index].elapsedMs = host.started ? host.clock.elapsed() : 0;
    if (host.session) {
        m_results[index].target = host.session->target();
        // Stopped early (cancel, timeout): end the remote command too, not only the connection.
        if (host.channel && !host.channel->isClosed())
            host.channel->sendSignal(QStringLiteral("TERM"));
        host.session->disconnectFromHost();
        host.session->deleteLater(); // its destructor ends the session's thread
    }
    if (host.started)
        --m_active;
    ++m_finished;
    const quint64 run = m_run;
    Q_EMIT hostFinished(index, m_results[index]);
    if (run != m_run)
        return; // a receiver started another run
    if (m_finished == m_hosts.size()) {
        m_running = false;
        Q_EMIT finished();
        return;
    }
    launchMore();
}

} // namespace nephele::ssh
