#pragma once

// Private to nephele_ssh: the thread that owns one libssh session. Nothing outside
// sshsession.cpp, sshchannel.cpp and sshworker.cpp includes this header.

#include "ssherror.h"
#include "sshsession.h"
#include "sshtypes.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace nephele::ssh::detail {

// Output of one channel that was handed to the owner's thread but not yet emitted. The worker
// stops reading the channel above a high-water mark; the owner wakes it below a low-water mark.
inline constexpr qsizetype kChunkBytes = 64 * qsizetype(1024);       // at most this much per signal
inline constexpr qint64 kDefaultReadAhead = 8 * qint64(1024 * 1024); // stop reading a channel above this
inline constexpr qint64 kTurnBytes = qint64(1024 * 1024);            // read at most this much between commands

struct ChannelFlow {
    std::atomic<qint64> queuedBytes{0};
    std::atomic<qint64> highWater{kDefaultReadAhead}; // the owner wakes the worker below a quarter of it
    std::atomic<bool> paused{false};
};

class SshWorker final
{
public:
    using Clock = std::chrono::steady_clock;
    using Command = std::function<void(SshWorker &)>;

    // Starts the thread. Events go to owner through queued calls; owner must outlive the worker.
    explicit SshWorker(SshSession *owner);
    // Ends the connection (without waiting on the network) and joins the thread.
    ~SshWorker();
    SshWorker(const SshWorker &) = delete;
    SshWorker &operator=(const SshWorker &) = delete;
    SshWorker(SshWorker &&) = delete;
    SshWorker &operator=(SshWorker &&) = delete;

    // Thread-safe: runs a command on the worker thread, in order.
    void post(Command command);
    // Thread-safe: makes the worker look at its channels again (after the owner drained output).
    void wake();

    // The commands. They run on the worker thread only.
    void requestConnect(const SshConnectOptions &options);
    void requestDisconnect();
    void decideHostKey(quint64 requestId, bool accept, bool remember);
    void answerPrompt(quint64 promptId, std::optional<QStringList> answers);
    void openChannel(quint64 id, bool shell, const QString &command, const std::optional<SshPtyOptions> &pty,
                     const std::shared_ptr<ChannelFlow> &flow);
    void writeChannel(quint64 id, const QByteArray &data);
    void sendChannelEof(quint64 id);
    void resizeChannel(quint64 id, int columns, int rows);
    void closeChannel(quint64 id);
    void signalChannel(quint64 id, const QByteArray &signal);

private:
    enum class Wake { Socket, Command, Timeout };
    enum class AuthResult { Success, Partial, Denied, Abort };

    struct Channel {
        enum class Phase { Pending, Opening, RequestingPty, Starting, Open };
        SshWorker *worker = nullptr;
        quint64 id = 0;
        Phase phase = Phase::Pending;
        bool shell = false;
        QByteArray command;
        std::optional<SshPtyOptions> pty;
        std::shared_ptr<ChannelFlow> flow;
        ssh_channel handle = nullptr;
        ssh_channel_callbacks_struct callbacks{};
        Clock::time_point deadline;
        QByteArray pendingWrite;
        qsizetype pendingWriteOffset = 0;
        bool eofRequested = false;
        bool eofSent = false;
        std::optional<std::pair<int, int>> pendingResize;
        QList<QByteArray> pendingSignals;
        QByteArray output[2]; // stdout, stderr being coalesced
        bool eofDelivered = false;
        bool remoteClosed = false;
        bool closeRequested = false;
        bool throttled = false;  // output waits in libssh's buffers for the owner to catch up
        bool readFailed = false; // libssh would not give what it buffered (channel closed)
        bool done = false;       // closed() is posted; release and forget it
        std::optional<int> exitStatus;
        QString exitSignal;
    };

    void run();
    bool runCommands();
    Wake waitFor(int fd, short events, std::optional<Clock::time_point> deadline);
    bool interrupted() const;
    Clock::time_point networkDeadline() const;

    // Calls a non-blocking libssh function until it stops returning `again`, waiting on the
    // socket in between. Returns the final code, or nullopt when interrupted or out of time
    // (error set).
    template<typename Call>
    std::optional<int> pump(Call &&call, int again, std::optional<SshError> &error);

    // The phases of one connection.
    void runConnection();
    bool setUpSession(std::optional<SshError> &error);
    bool connectTransport(std::optional<SshError> &error);
    int tcpConnect(std::optional<SshError> &error);
    bool verifyHostKey(std::optional<SshError> &error);
    bool authenticate(std::optional<SshError> &error);
    AuthResult authWithKeyInMemory(std::optional<SshError> &error, std::optional<SshError> &failure);
    AuthResult authWithPublicKeys(std::optional<SshError> &error, std::optional<SshError> &failure);
    AuthResult authKeyboardInteractive(std::optional<SshError> &error, std::optional<SshError> &failure);
    AuthResult authPassword(std::optional<SshError> &error, std::optional<SshError> &failure);
    AuthResult authResult(int rc, std::optional<SshError> &error);
    void serviceConnection(std::optional<SshError> &error);
    void endConnection(const std::optional<SshError> &error);

    // Asks the owner and waits for the answer; nullopt when cancelled or interrupted.
    std::optional<QStringList> ask(SshAuthPrompt prompt);
    // Asks until the passphrase opens the key (three tries); nullopt when cancelled or wrong.
    std::optional<QByteArray> askVerifiedPassphrase(const QByteArray &keyText, const QString &keyName,
                                                    std::optional<SshError> &failure);
    // libssh's passphrase callback for key files (ssh_userauth_publickey_auto).
    static int passphraseCallback(const char *prompt, char *buf, size_t len, int echo, int verify, void *userdata);
    int answerPassphrase(char *buf, size_t len);

    // Channels. advanceChannel and settleChannel return true when there is more to do at once.
    bool advanceChannel(Channel &channel); // open, requests, stdin, window-change, buffered output
    bool settleChannel(Channel &channel);  // output out, then EOF, exit and close
    bool throttle(Channel &channel);       // true while the owner has too much output queued
    int takeData(Channel &channel, const char *data, uint32_t len, int stream);
    void appendOutput(Channel &channel, int stream, const char *data, qsizetype len);
    bool pullBuffered(Channel &channel, int stream);
    void postOutput(Channel &channel, int stream);
    void failChannel(Channel &channel, const SshError &error);
    void finishChannel(Channel &channel);
    void sendSignals(Channel &channel);
    void releaseChannel(Channel &channel);
    std::optional<Clock::time_point> nearestChannelDeadline() const;
    static int onChannelData(ssh_session session, ssh_channel channel, void *data, uint32_t len, int isStderr,
                             void *userdata);
    static void onChannelClose(ssh_session session, ssh_channel channel, void *userdata);
    static void onChannelExitStatus(ssh_session session, ssh_channel channel, int status, void *userdata);
    static void onChannelExitSignal(ssh_session session, ssh_channel channel, const char *signal, int core,
                                    const char *errmsg, const char *lang, void *userdata);

    // Events to the owner.
    void postState(SshSession::State state);
    void postError(const SshError &error);
    SshError makeError(SshErrorKind kind, const QString &message, const QString &detail = {}) const;
    QString libsshError() const;

    SshSession *m_owner;
    int m_wakeFd = -1;
    std::mutex m_mutex;
    std::deque<Command> m_commands; // guarded by m_mutex
    std::thread m_thread;

    // Everything below belongs to the worker thread.
    bool m_stop = false;
    bool m_disconnectRequested = false;
    std::optional<SshConnectOptions> m_pendingConnect;
    bool m_connecting = false; // between a connect request and the end of that connection
    SshConnectOptions m_options;
    ssh_session m_session = nullptr;
    int m_socket = -1; // the TCP socket we connected and handed to libssh
    quint64 m_socketInode = 0;
    ssh_event m_event = nullptr;
    ssh_callbacks_struct m_callbacks{};
    QString m_host; // after the config's HostName
    quint16 m_port = 22;
    QString m_user;
    QString m_target;
    QString m_proxyCommand;
    bool m_connected = false;
    Clock::time_point m_deadline; // for the network call being pumped

    quint64 m_nextRequestId = 1;
    quint64 m_waitingPrompt = 0;
    bool m_promptAnswered = false;
    std::optional<QStringList> m_promptAnswer;
    quint64 m_waitingHostKey = 0;
    std::optional<std::pair<bool, bool>> m_hostKeyDecision; // accept, remember
    std::optional<SshError> m_passphraseFailure;            // set by the passphrase callback

    Clock::time_point m_lastReceived;
    qint64 m_receivedThisTurn = 0;
    QByteArray m_scratch; // for output libssh buffered
    std::map<quint64, std::unique_ptr<Channel>> m_channels;
};

} // namespace nephele::ssh::detail
