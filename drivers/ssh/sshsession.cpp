#include "sshsession.h"

#include "sshchannel.h"
#include "sshworker.h"

namespace nephele::ssh {

using detail::SshWorker;

SshSession::SshSession(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<SshHostKeyInfo>();
    qRegisterMetaType<SshAuthPrompt>();
    qRegisterMetaType<SshError>();
}

SshSession::~SshSession()
{
    // Joins the thread; events it posted and that are still queued die with this object. The
    // channels, deleted after this by QObject, must not start a new worker.
    m_destroying = true;
    m_worker.reset();
}

SshWorker &SshSession::worker()
{
    if (!m_worker)
        m_worker = std::make_unique<SshWorker>(this);
    return *m_worker;
}

void SshSession::post(std::function<void(SshWorker &)> command)
{
    if (!m_destroying)
        worker().post(std::move(command));
}

void SshSession::connectToHost(const SshConnectOptions &options)
{
    m_options = options;
    if (m_state == State::Disconnected)
        m_target = options.host;
    post([options](SshWorker &w) { w.requestConnect(options); });
}

void SshSession::reconnect()
{
    connectToHost(m_options);
}

void SshSession::disconnectFromHost()
{
    if (m_worker)
        post([](SshWorker &w) { w.requestDisconnect(); });
}

void SshSession::acceptHostKey(quint64 requestId, bool remember)
{
    post([requestId, remember](SshWorker &w) { w.decideHostKey(requestId, true, remember); });
}

void SshSession::rejectHostKey(quint64 requestId)
{
    post([requestId](SshWorker &w) { w.decideHostKey(requestId, false, false); });
}

void SshSession::answerPrompt(quint64 promptId, const QStringList &answers)
{
    post([promptId, answers](SshWorker &w) { w.answerPrompt(promptId, answers); });
}

void SshSession::cancelPrompt(quint64 promptId)
{
    post([promptId](SshWorker &w) { w.answerPrompt(promptId, std::nullopt); });
}

SshChannel *SshSession::openShell(const SshPtyOptions &pty)
{
    return createChannel(true, {}, pty);
}

SshChannel *SshSession::exec(const QString &command, const std::optional<SshPtyOptions> &pty)
{
    return createChannel(false, command, pty);
}

SshChannel *SshSession::createChannel(bool shell, const QString &command, const std::optional<SshPtyOptions> &pty)
{
    const quint64 id = m_nextChannelId++;
    auto flow = std::make_shared<detail::ChannelFlow>();
    auto *channel = new SshChannel(this, id, flow);
    m_channels.insert(id, channel);
    post([id, shell, command, pty, flow](SshWorker &w) { w.openChannel(id, shell, command, pty, flow); });
    return channel;
}

void SshSession::forgetChannel(quint64 id)
{
    if (m_channels.remove(id) > 0)
        post([id](SshWorker &w) { w.closeChannel(id); });
}

void SshSession::workerStateChanged(State state, const QString &target)
{
    m_target = target;
    if (state == m_state)
        return;
    m_state = state;
    // Nothing of this object is touched after an emit: a receiver may delete the session.
    Q_EMIT stateChanged(state);
    if (state == State::Connected)
        Q_EMIT connected();
    else if (state == State::Disconnected)
        Q_EMIT disconnected();
}

void SshSession::workerFailed(const SshError &error)
{
    Q_EMIT errorOccurred(error);
}

void SshSession::workerChannelOpened(quint64 id)
{
    if (SshChannel *channel = m_channels.value(id)) {
        channel->m_open = true;
        Q_EMIT channel->opened();
    }
}

void SshSession::workerChannelData(quint64 id, const QByteArray &data, bool isStderr,
                                   const std::shared_ptr<detail::ChannelFlow> &flow)
{
    // Account first: the receiver may delete the channel or the session.
    const qint64 left = flow->queuedBytes.fetch_sub(data.size()) - data.size();
    if (left < flow->highWater.load() / 4 && flow->paused.exchange(false) && m_worker)
        m_worker->wake();
    SshChannel *channel = m_channels.value(id);
    if (!channel)
        return;
    if (isStderr)
        Q_EMIT channel->errorOutputReceived(data);
    else
        Q_EMIT channel->outputReceived(data);
}

void SshSession::workerChannelEof(quint64 id)
{
    if (SshChannel *channel = m_channels.value(id))
        Q_EMIT channel->eofReceived();
}

void SshSession::workerChannelExit(quint64 id, std::optional<int> status, const QString &signal)
{
    SshChannel *channel = m_channels.value(id);
    if (!channel)
        return;
    channel->m_exitStatus = status;
    channel->m_exitSignal = signal;
    const QPointer<SshChannel> guard(channel);
    if (status)
        Q_EMIT channel->exitStatusReceived(*status);
    if (guard && !signal.isEmpty())
        Q_EMIT channel->exitSignalReceived(signal);
}

void SshSession::workerChannelFailed(quint64 id, const SshError &error)
{
    if (SshChannel *channel = m_channels.value(id))
        Q_EMIT channel->errorOccurred(error);
}

void SshSession::workerChannelClosed(quint64 id)
{
    const QPointer<SshChannel> channel = m_channels.take(id);
    if (!channel)
        return;
    channel->m_closed = true;
    Q_EMIT channel->closed();
}

} // namespace nephele::ssh
