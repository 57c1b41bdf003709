#pragma once

#include "ssherror.h"
#include "sshtypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

// One SSH connection. libssh runs on the session's own thread; every call here returns at once
// and every result comes back as a signal on the thread that owns the session (the GUI thread),
// so the caller never blocks and never runs a nested event loop.
//
//   auto *session = new SshSession(this);
//   connect(session, &SshSession::hostKeyUnknown, this, [session](const SshHostKeyInfo &key) {
//       // show key.fingerprint, then:
//       session->acceptHostKey(key.requestId); // or rejectHostKey(key.requestId)
//   });
//   connect(session, &SshSession::passwordRequested, this, [session](const SshAuthPrompt &p) {
//       session->answerPrompt(p.id, {askUser(p)}); // or cancelPrompt(p.id)
//   });
//   connect(session, &SshSession::errorOccurred, this, [](const SshError &e) { show(e.fullText()); });
//   connect(session, &SshSession::connected, this, [session] {
//       SshChannel *shell = session->openShell({QStringLiteral("xterm-256color"), 120, 40});
//       connect(shell, &SshChannel::outputReceived, terminal, &Terminal::feed);
//   });
//   session->connectToHost(options);
//
// Host keys are checked against OpenSSH known_hosts files: an unknown key waits for a decision, a
// changed key ends the attempt with an SshErrorKind::HostKeyChanged error that names both keys and
// the file line. Authentication tries, in order, the key in memory, the agent, key files (asking
// for passphrases), keyboard-interactive, then the password (asking for it).
namespace nephele::ssh {

class SshChannel;
namespace detail {
class SshWorker;
struct ChannelFlow;
} // namespace detail

class SshSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshSession)

public:
    enum class State {
        Disconnected,
        Connecting,       // TCP (or the proxy) and key exchange
        VerifyingHostKey, // waiting for acceptHostKey / rejectHostKey
        Authenticating,
        Connected,
        Disconnecting,
    };
    Q_ENUM(State)

    explicit SshSession(QObject *parent = nullptr);
    // Closes the connection and waits for the session's thread to end.
    ~SshSession() override;

    // Starts connecting; a connection already open is closed first.
    void connectToHost(const SshConnectOptions &options);
    // Closes the connection (if any) and connects again with the last options.
    void reconnect();
    // Closes every channel and the connection; emits disconnected() once closed.
    void disconnectFromHost();

    // Answers hostKeyUnknown. remember: append the key to the known_hosts file.
    void acceptHostKey(quint64 requestId, bool remember = true);
    void rejectHostKey(quint64 requestId);
    // Answers passphraseRequested, passwordRequested and keyboardInteractiveRequested.
    void answerPrompt(quint64 promptId, const QStringList &answers);
    void cancelPrompt(quint64 promptId);

    // A shell with a pty. The channel opens once the session is connected (or fails with it).
    // The session owns the channel; deleting it closes it.
    SshChannel *openShell(const SshPtyOptions &pty = {});
    // One command, with a pty only if asked. Write its stdin with SshChannel::write + sendEof.
    SshChannel *exec(const QString &command, const std::optional<SshPtyOptions> &pty = std::nullopt);

    State state() const { return m_state; }
    // "user@host:port" once known (after the config was read), else the host asked for.
    QString target() const { return m_target; }
    const SshConnectOptions &options() const { return m_options; }

Q_SIGNALS:
    void stateChanged(nephele::ssh::SshSession::State state);
    void hostKeyUnknown(const nephele::ssh::SshHostKeyInfo &key);
    void passphraseRequested(const nephele::ssh::SshAuthPrompt &prompt);
    void passwordRequested(const nephele::ssh::SshAuthPrompt &prompt);
    void keyboardInteractiveRequested(const nephele::ssh::SshAuthPrompt &prompt);
    void connected();
    // The connection attempt failed or the connection ended; disconnected() follows.
    void errorOccurred(const nephele::ssh::SshError &error);
    void disconnected();

private:
    friend class SshChannel;
    friend class detail::SshWorker;

    SshChannel *createChannel(bool shell, const QString &command, const std::optional<SshPtyOptions> &pty);
    detail::SshWorker &worker();
    // Runs a command on the session's thread (starting it on first use).
    void post(std::function<void(detail::SshWorker &)> command);
    // A channel object went away: close it on the server.
    void forgetChannel(quint64 id);

    // Called on the owner's thread by the worker's queued events.
    void workerStateChanged(State state, const QString &target);
    void workerFailed(const SshError &error);
    void workerChannelOpened(quint64 id);
    void workerChannelData(quint64 id, const QByteArray &data, bool isStderr,
                           const std::shared_ptr<detail::ChannelFlow> &flow);
    void workerChannelEof(quint64 id);
    void workerChannelExit(quint64 id, std::optional<int> status, const QString &signal);
    void workerChannelFailed(quint64 id, const SshError &error);
    void workerChannelClosed(quint64 id);

    std::unique_ptr<detail::SshWorker> m_worker;
    bool m_destroying = false;
    SshConnectOptions m_options;
    State m_state = State::Disconnected;
    QString m_target;
    quint64 m_nextChannelId = 1;
    QHash<quint64, QPointer<SshChannel>> m_channels;
};

} // namespace nephele::ssh
