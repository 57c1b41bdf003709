#include "sshworker.h"

#include "knownhosts.h"
#include "sshkeyformat.h"

#include <QCoreApplication>
#include <QFile>
#include <QMetaObject>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <ranges>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nephele::ssh::detail {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("nephele::ssh::SshSession", text);
}

// Secrets leave memory as soon as libssh has them.
void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        explicit_bzero(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

QString localUserName()
{
    struct passwd entry {};
    struct passwd *found = nullptr;
    char buffer[4096];
    if (getpwuid_r(getuid(), &entry, buffer, sizeof buffer, &found) == 0 && found)
        return QString::fromLocal8Bit(found->pw_name);
    return qEnvironmentVariable("USER");
}

QString optionString(ssh_session session, ssh_options_e option)
{
    char *value = nullptr;
    if (ssh_options_get(session, option, &value) != SSH_OK || !value)
        return {};
    QString text = QFile::decodeName(value);
    ssh_string_free_char(value);
    return text;
}

// Appending to a known_hosts file from several sessions at once must not interleave lines.
std::mutex &knownHostsWriteMutex()
{
    static std::mutex mutex;
    return mutex;
}

QString methodNames(int methods)
{
    QStringList names;
    if (methods & SSH_AUTH_METHOD_PUBLICKEY)
        names << QStringLiteral("publickey");
    if (methods & SSH_AUTH_METHOD_INTERACTIVE)
        names << QStringLiteral("keyboard-interactive");
    if (methods & SSH_AUTH_METHOD_PASSWORD)
        names << QStringLiteral("password");
    if (methods & SSH_AUTH_METHOD_HOSTBASED)
        names << QStringLiteral("hostbased");
    if (methods & SSH_AUTH_METHOD_GSSAPI_MIC)
        names << QStringLiteral("gssapi-with-mic");
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

} // namespace

SshWorker::SshWorker(SshSession *owner)
    : m_owner(owner)
{
    m_wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_wakeFd < 0)
        qFatal("nephele::ssh: eventfd failed: %s", std::strerror(errno));
    m_thread = std::thread([this] { run(); });
}

SshWorker::~SshWorker()
{
    post([](SshWorker &worker) { worker.m_stop = true; });
    m_thread.join();
    ::close(m_wakeFd);
}

void SshWorker::post(Command command)
{
    {
        std::lock_guard lock(m_mutex);
        m_commands.push_back(std::move(command));
    }
    wake();
}

void SshWorker::wake()
{
    const quint64 one = 1;
    // A full counter (impossible in practice) still leaves the descriptor readable.
    [[maybe_unused]] const ssize_t written = ::write(m_wakeFd, &one, sizeof one);
}

bool SshWorker::runCommands()
{
    std::deque<Command> batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_commands);
    }
    for (Command &command : batch)
        command(*this);
    return !batch.empty();
}

SshWorker::Wake SshWorker::waitFor(int fd, short events, std::optional<Clock::time_point> deadline)
{
    if (runCommands())
        return Wake::Command;
    pollfd fds[2] = {{m_wakeFd, POLLIN, 0}, {fd, events, 0}};
    const nfds_t count = fd >= 0 ? 2 : 1;
    int rc = 0;
    do {
        int timeout = -1;
        if (deadline) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
            timeout = int(std::clamp<long long>(left, 0, INT_MAX));
        }
        rc = ::poll(fds, count, timeout);
    } while (rc < 0 && errno == EINTR);
    if (fds[0].revents & POLLIN) {
        quint64 value = 0;
        [[maybe_unused]] const ssize_t got = ::read(m_wakeFd, &value, sizeof value);
        runCommands();
        return Wake::Command;
    }
    if (rc > 0 && count == 2 && fds[1].revents != 0)
        return Wake::Socket;
    if (deadline && Clock::now() >= *deadline)
        return Wake::Timeout;
    return Wake::Command;
}

bool SshWorker::interrupted() const
{
    return m_stop || m_disconnectRequested || m_pendingConnect.has_value();
}

SshWorker::Clock::time_point SshWorker::networkDeadline() const
{
    return Clock::now() + std::max(m_options.connectTimeout, std::chrono::milliseconds(1));
}

template<typename Call>
std::optional<int> SshWorker::pump(Call &&call, int again, std::optional<SshError> &error)
{
    // The deadline restarts after every answer from the user (see ask()).
    m_deadline = networkDeadline();
    for (;;) {
        const int rc = call();
        if (rc != again)
            return rc;
        if (interrupted()) {
            error = makeError(SshErrorKind::Cancelled, tr("Disconnected while connecting."));
            return std::nullopt;
        }
        short events = POLLIN;
        if (ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING)
            events |= POLLOUT;
        const Wake wake = waitFor(ssh_get_fd(m_session), events, m_deadline);
        if (interrupted()) {
            error = makeError(SshErrorKind::Cancelled, tr("Disconnected while connecting."));
            return std::nullopt;
        }
        if (wake == Wake::Timeout) {
            error = makeError(
                SshErrorKind::Timeout,
                tr("The server did not answer within %1 s.").arg(double(m_options.connectTimeout.count()) / 1000.0));
            return std::nullopt;
        }
    }
}

// ---- Commands ----

void SshWorker::requestConnect(const SshConnectOptions &options)
{
    m_pendingConnect = options;
    m_connecting = true;
}

void SshWorker::requestDisconnect()
{
    m_pendingConnect.reset();
    if (m_session)
        m_disconnectRequested = true;
    else
        m_connecting = false;
}

void SshWorker::decideHostKey(quint64 requestId, bool accept, bool remember)
{
    if (requestId != 0 && requestId == m_waitingHostKey)
        m_hostKeyDecision = std::make_pair(accept, remember);
}

void SshWorker::answerPrompt(quint64 promptId, std::optional<QStringList> answers)
{
    if (promptId == 0 || promptId != m_waitingPrompt)
        return;
    m_promptAnswer = std::move(answers);
    m_promptAnswered = true;
}

void SshWorker::openChannel(quint64 id, bool shell, const QString &command, const std::optional<SshPtyOptions> &pty,
                            const std::shared_ptr<ChannelFlow> &flow)
{
    auto channel = std::make_unique<Channel>();
    channel->id = id;
    channel->shell = shell;
    channel->command = command.toUtf8();
    channel->pty = pty;
    channel->flow = flow;
    if (!m_connecting && !m_session) {
        failChannel(*channel, makeError(SshErrorKind::Channel, tr("Not connected: connect the session first.")));
        return;
    }
    m_channels.emplace(id, std::move(channel));
}

void SshWorker::writeChannel(quint64 id, const QByteArray &data)
{
    const auto it = m_channels.find(id);
    if (it == m_channels.end() || it->second->eofRequested || it->second->closeRequested)
        return;
    it->second->pendingWrite += data;
}

void SshWorker::sendChannelEof(quint64 id)
{
    const auto it = m_channels.find(id);
    if (it != m_channels.end())
        it->second->eofRequested = true;
}

void SshWorker::resizeChannel(quint64 id, int columns, int rows)
{
    const auto it = m_channels.find(id);
    if (it == m_channels.end() || columns <= 0 || rows <= 0)
        return;
    Channel &channel = *it->second;
    if (!channel.pty)
        return;
    if (channel.phase == Channel::Phase::Pending || channel.phase == Channel::Phase::Opening) {
        channel.pty->columns = columns;
        channel.pty->rows = rows;
    } else {
        channel.pendingResize = std::make_pair(columns, rows);
    }
}

void SshWorker::signalChannel(quint64 id, const QByteArray &signal)
{
    const auto it = m_channels.find(id);
    if (it != m_channels.end())
        it->second->pendingSignals.append(signal);
}

void SshWorker::closeChannel(quint64 id)
{
    const auto it = m_channels.find(id);
    if (it != m_channels.end())
        it->second->closeRequested = true;
}

// ---- The connection ----

void SshWorker::run()
{
    pthread_setname_np(pthread_self(), "nephele-ssh");
    while (!m_stop) {
        if (m_pendingConnect) {
            m_options = *std::exchange(m_pendingConnect, std::nullopt);
            m_disconnectRequested = false;
            runConnection();
            continue;
        }
        // Channels asked for after a connection ended, with no new one coming.
        if (!m_connecting && !m_channels.empty())
            endConnection(std::nullopt);
        waitFor(-1, 0, std::nullopt);
    }
}

void SshWorker::runConnection()
{
    m_connecting = true;
    m_target = m_options.host;
    std::optional<SshError> error;
    postState(SshSession::State::Connecting);
    const bool ready = setUpSession(error) && connectTransport(error) && verifyHostKey(error) && authenticate(error);
    if (ready) {
        m_connected = true;
        postState(SshSession::State::Connected);
        serviceConnection(error);
    }
    endConnection(error);
}

bool SshWorker::setUpSession(std::optional<SshError> &error)
{
    if (m_options.host.trimmed().isEmpty()) {
        error = makeError(SshErrorKind::Config, tr("No host to connect to."));
        return false;
    }
    m_session = ssh_new();
    if (!m_session) {
        error = makeError(SshErrorKind::Config, tr("libssh could not create a session."));
        return false;
    }
    const QByteArray host = m_options.host.toUtf8();
    if (ssh_options_set(m_session, SSH_OPTIONS_HOST, host.constData()) < 0) {
        error = makeError(SshErrorKind::Config, tr("\"%1\" is not a valid host.").arg(m_options.host), libsshError());
        return false;
    }
    if (m_options.useConfig) {
        const QByteArray config = QFile::encodeName(m_options.configFile);
        if (!m_options.configFile.isEmpty() && !QFile::exists(m_options.configFile)) {
            error =
                makeError(SshErrorKind::Config, tr("The ssh config file %1 does not exist.").arg(m_options.configFile));
            return false;
        }
        // The config wins over options set before it, so the explicit options come after.
        if (ssh_options_parse_config(m_session, config.isEmpty() ? nullptr : config.constData()) < 0) {
            error = makeError(SshErrorKind::Config, tr("The ssh config could not be read."), libsshError());
            return false;
        }
    } else {
        const bool process = false;
        ssh_options_set(m_session, SSH_OPTIONS_PROCESS_CONFIG, &process);
    }
    if (m_options.port != 0) {
        const unsigned int port = m_options.port;
        ssh_options_set(m_session, SSH_OPTIONS_PORT, &port);
    }
    const auto setText = [this](ssh_options_e option, const QString &text) {
        const QByteArray bytes = QFile::encodeName(text);
        return ssh_options_set(m_session, option, bytes.constData()) == SSH_OK;
    };
    bool ok = true;
    if (!m_options.user.isEmpty())
        ok = ok && setText(SSH_OPTIONS_USER, m_options.user);
    if (!m_options.knownHostsFile.isEmpty())
        ok = ok && setText(SSH_OPTIONS_KNOWNHOSTS, m_options.knownHostsFile);
    if (!m_options.globalKnownHostsFile.isEmpty())
        ok = ok && setText(SSH_OPTIONS_GLOBAL_KNOWNHOSTS, m_options.globalKnownHostsFile);
    // SSH_OPTIONS_IDENTITY puts a file first in the list: add them last to first.
    for (qsizetype i = m_options.identityFiles.size() - 1; i >= 0; --i)
        ok = ok && setText(SSH_OPTIONS_IDENTITY, m_options.identityFiles.at(i));
    // libssh 0.10 has no switch for the agent; a socket path nothing listens on turns it off.
    if (!m_options.useAgent)
        ok = ok && setText(SSH_OPTIONS_IDENTITY_AGENT, QStringLiteral("/dev/null"));
    else if (!m_options.agentSocket.isEmpty())
        ok = ok && setText(SSH_OPTIONS_IDENTITY_AGENT, m_options.agentSocket);
    if (!ok) {
        error = makeError(SshErrorKind::Config, tr("The connection options were refused."), libsshError());
        return false;
    }

    m_host = optionString(m_session, SSH_OPTIONS_HOST);
    unsigned int port = 22;
    ssh_options_get_port(m_session, &port);
    m_port = quint16(port);
    m_user = optionString(m_session, SSH_OPTIONS_USER);
    if (m_user.isEmpty())
        m_user = localUserName();
    m_proxyCommand = optionString(m_session, SSH_OPTIONS_PROXYCOMMAND);
    const QString endpoint = m_host + QLatin1Char(':') + QString::number(m_port);
    m_target =
        m_user + QLatin1Char('@') +
        (m_host == m_options.host ? endpoint : m_options.host + QStringLiteral(" (") + endpoint + QLatin1Char(')'));

    ssh_callbacks_init(&m_callbacks);
    m_callbacks.userdata = this;
    m_callbacks.auth_function = &SshWorker::passphraseCallback;
    ssh_set_callbacks(m_session, &m_callbacks);
    ssh_set_blocking(m_session, 0);
    return true;
}

int SshWorker::tcpConnect(std::optional<SshError> &error)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *addresses = nullptr;
    const QByteArray host = m_host.toUtf8();
    const QByteArray service = QByteArray::number(m_port);
    const int gai = ::getaddrinfo(host.constData(), service.constData(), &hints, &addresses);
    if (gai != 0) {
        error = makeError(SshErrorKind::HostNotFound, tr("Cannot find the host \"%1\".").arg(m_host),
                          QString::fromLocal8Bit(gai_strerror(gai)));
        return -1;
    }
    const auto deadline = networkDeadline();
    int lastErrno = 0;
    bool timedOut = false;
    int connected = -1;
    for (addrinfo *ai = addresses; ai && connected < 0 && !timedOut; ai = ai->ai_next) {
        const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            lastErrno = errno;
            continue;
        }
        if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            connected = fd;
            break;
        }
        if (errno != EINPROGRESS) {
            lastErrno = errno;
            ::close(fd);
            continue;
        }
        for (;;) {
            const Wake wake = waitFor(fd, POLLOUT, deadline);
            if (interrupted())
                break;
            if (wake == Wake::Timeout) {
                timedOut = true;
                break;
            }
            if (wake == Wake::Socket) {
                int soError = 0;
                socklen_t length = sizeof soError;
                ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length);
                if (soError == 0)
                    connected = fd;
                else
                    lastErrno = soError;
                break;
            }
        }
        if (connected != fd)
            ::close(fd);
        if (interrupted())
            break;
    }
    ::freeaddrinfo(addresses);
    if (connected >= 0) {
        // Keystrokes go out at once.
        const int one = 1;
        ::setsockopt(connected, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return connected;
    }
    const QString where = tr("%1 port %2").arg(m_host).arg(m_port);
    const QString detail = lastErrno ? QString::fromLocal8Bit(std::strerror(lastErrno)) : QString();
    if (interrupted())
        error = makeError(SshErrorKind::Cancelled, tr("Disconnected while connecting."));
    else if (timedOut || lastErrno == ETIMEDOUT)
        error = makeError(
            SshErrorKind::Timeout,
            tr("No answer from %1 within %2 s.").arg(where).arg(double(m_options.connectTimeout.count()) / 1000.0));
    else if (lastErrno == ECONNREFUSED)
        error = makeError(SshErrorKind::ConnectionRefused,
                          tr("Connection refused by %1: no SSH server is listening there.").arg(where), detail);
    else
        error = makeError(SshErrorKind::Unreachable, tr("Cannot reach %1.").arg(where), detail);
    return -1;
}

bool SshWorker::connectTransport(std::optional<SshError> &error)
{
    if (m_proxyCommand.isEmpty()) {
        // Our own TCP connect tells refused from unreachable from timed out, and can be cancelled.
        socket_t fd = tcpConnect(error);
        if (fd < 0)
            return false;
        // libssh 0.10 uses the descriptor but leaves closing it to us (endConnection).
        struct stat identity {};
        ::fstat(fd, &identity);
        m_socket = fd;
        m_socketInode = identity.st_ino;
        ssh_options_set(m_session, SSH_OPTIONS_FD, &fd);
    }
    const auto rc = pump([this] { return ssh_connect(m_session); }, SSH_AGAIN, error);
    if (!rc)
        return false;
    if (*rc == SSH_OK)
        return true;
    if (!m_proxyCommand.isEmpty())
        error = makeError(
            SshErrorKind::Proxy,
            tr("Could not connect through the jump host (ProxyJump / ProxyCommand \"%1\").").arg(m_proxyCommand),
            libsshError());
    else
        error = makeError(SshErrorKind::Protocol, tr("The SSH handshake failed."), libsshError());
    return false;
}

bool SshWorker::verifyHostKey(std::optional<SshError> &error)
{
    ssh_key key = nullptr;
    if (ssh_get_server_publickey(m_session, &key) != SSH_OK || !key) {
        error = makeError(SshErrorKind::Protocol, tr("The server sent no host key."), libsshError());
        return false;
    }
    char *base64 = nullptr;
    const int exported = ssh_pki_export_pubkey_base64(key, &base64);
    ssh_key_free(key);
    if (exported != SSH_OK || !base64) {
        error = makeError(SshErrorKind::Protocol, tr("The server's host key could not be read."), libsshError());
        return false;
    }
    const QByteArray blob = QByteArray::fromBase64(QByteArray(base64));
    ssh_string_free_char(base64);

    SshHostKeyInfo info;
    info.host = m_host;
    info.port = m_port;
    info.keyType = QString::fromLatin1(sshKeyBlobType(blob));
    info.fingerprint = sshFingerprintSha256(blob);
    info.knownHostsFile = optionString(m_session, SSH_OPTIONS_KNOWNHOSTS);

    const ssh_known_hosts_e known = ssh_session_is_known_server(m_session);
    switch (known) {
    case SSH_KNOWN_HOSTS_OK: return true;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
        QStringList files{info.knownHostsFile};
        files << (m_options.globalKnownHostsFile.isEmpty() ? QStringLiteral("/etc/ssh/ssh_known_hosts")
                                                           : m_options.globalKnownHostsFile);
        for (const QString &path : std::as_const(files)) {
            QFile file(path);
            if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
                continue;
            const KnownHostsFile parsed = parseKnownHosts(file.readAll());
            for (const KnownHostsEntry &entry : knownHostsEntriesFor(parsed, m_host, m_port)) {
                info.knownEntries.append(
                    {path, entry.line, QString::fromLatin1(entry.keyType), sshFingerprintSha256(entry.keyBlob)});
            }
        }
        const auto sameType =
            std::find_if(info.knownEntries.cbegin(), info.knownEntries.cend(),
                         [&info](const SshKnownHostsLocation &l) { return l.keyType == info.keyType; });
        const auto old = sameType != info.knownEntries.cend() ? sameType : info.knownEntries.cbegin();
        QString message;
        if (old != info.knownEntries.cend()) {
            message = tr("WARNING: the host key of %1 has changed. %2 line %3 lists its %4 key %5, but the server "
                         "now presents the %6 key %7. Someone could be intercepting the connection (a "
                         "man-in-the-middle attack), or the host key was replaced. The connection was refused.")
                          .arg(m_host + QLatin1Char(':') + QString::number(m_port), old->file)
                          .arg(old->line)
                          .arg(old->keyType, old->fingerprint, info.keyType, info.fingerprint);
        } else {
            message = tr("WARNING: the host key of %1 has changed: the server now presents the %2 key %3, which "
                         "differs from the key listed for it in %4. Someone could be intercepting the connection "
                         "(a man-in-the-middle attack), or the host key was replaced. The connection was refused.")
                          .arg(m_host + QLatin1Char(':') + QString::number(m_port), info.keyType, info.fingerprint,
                               info.knownHostsFile);
        }
        error = makeError(SshErrorKind::HostKeyChanged, message);
        error->hostKey = info;
        return false;
    }
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN: break;
    case SSH_KNOWN_HOSTS_ERROR:
    default:
        error = makeError(SshErrorKind::KnownHosts,
                          tr("The known hosts file %1 could not be read.").arg(info.knownHostsFile), libsshError());
        return false;
    }

    bool remember = true;
    if (m_options.unknownHostKey == UnknownHostKeyPolicy::Reject) {
        error = makeError(SshErrorKind::HostKeyRejected,
                          tr("The host key of %1 (%2 %3) is not in %4, and unknown keys are refused.")
                              .arg(m_host, info.keyType, info.fingerprint, info.knownHostsFile));
        error->hostKey = info;
        return false;
    }
    if (m_options.unknownHostKey == UnknownHostKeyPolicy::Ask) {
        postState(SshSession::State::VerifyingHostKey);
        info.requestId = m_nextRequestId++;
        m_waitingHostKey = info.requestId;
        m_hostKeyDecision.reset();
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, info] { Q_EMIT owner->hostKeyUnknown(info); }, Qt::QueuedConnection);
        while (!m_hostKeyDecision && !interrupted())
            waitFor(-1, 0, std::nullopt);
        m_waitingHostKey = 0;
        if (interrupted()) {
            error = makeError(SshErrorKind::Cancelled, tr("Disconnected while connecting."));
            return false;
        }
        if (!m_hostKeyDecision->first) {
            error = makeError(
                SshErrorKind::HostKeyRejected,
                tr("The host key of %1 (%2 %3) was not accepted.").arg(m_host, info.keyType, info.fingerprint));
            error->hostKey = info;
            return false;
        }
        remember = m_hostKeyDecision->second;
    }
    if (remember) {
        std::lock_guard lock(knownHostsWriteMutex());
        if (ssh_session_update_known_hosts(m_session) != SSH_OK) {
            error = makeError(SshErrorKind::KnownHosts,
                              tr("The host key could not be added to %1.").arg(info.knownHostsFile), libsshError());
            error->hostKey = info;
            return false;
        }
    }
    return true;
}

// ---- Authentication ----

SshWorker::AuthResult SshWorker::authResult(int rc, std::optional<SshError> &error)
{
    switch (rc) {
    case SSH_AUTH_SUCCESS: return AuthResult::Success;
    case SSH_AUTH_PARTIAL: return AuthResult::Partial;
    case SSH_AUTH_DENIED: return AuthResult::Denied;
    default:
        error = makeError(ssh_is_connected(m_session) ? SshErrorKind::Protocol : SshErrorKind::ConnectionLost,
                          tr("Logging in failed."), libsshError());
        return AuthResult::Abort;
    }
}

bool SshWorker::authenticate(std::optional<SshError> &error)
{
    postState(SshSession::State::Authenticating);
    const auto none = pump([this] { return ssh_userauth_none(m_session, nullptr); }, SSH_AUTH_AGAIN, error);
    if (!none)
        return false;
    const AuthResult first = authResult(*none, error);
    if (first == AuthResult::Success)
        return true;
    if (first == AuthResult::Abort)
        return false;

    int methods = ssh_userauth_list(m_session, nullptr);
    const int offered = methods;
    bool triedMemoryKey = false;
    bool triedPublicKeys = false;
    bool triedKeyboard = false;
    bool triedPassword = false;
    QStringList tried;
    std::optional<SshError> failure; // the most telling reason, when nothing works
    for (;;) {
        AuthResult result = AuthResult::Denied;
        if ((methods & SSH_AUTH_METHOD_PUBLICKEY) && !triedMemoryKey && !m_options.privateKey.isEmpty()) {
            triedMemoryKey = true;
            tried << tr("the key in memory");
            result = authWithKeyInMemory(error, failure);
        } else if ((methods & SSH_AUTH_METHOD_PUBLICKEY) && !triedPublicKeys) {
            triedPublicKeys = true;
            tried << tr("public keys (agent and key files)");
            result = authWithPublicKeys(error, failure);
        } else if ((methods & SSH_AUTH_METHOD_INTERACTIVE) && m_options.allowKeyboardInteractive && !triedKeyboard) {
            triedKeyboard = true;
            tried << tr("keyboard-interactive");
            result = authKeyboardInteractive(error, failure);
        } else if ((methods & SSH_AUTH_METHOD_PASSWORD) && m_options.allowPassword && !triedPassword) {
            triedPassword = true;
            tried << tr("password");
            result = authPassword(error, failure);
        } else {
            break;
        }
        if (result == AuthResult::Success)
            return true;
        if (result == AuthResult::Abort)
            return false;
        if (result == AuthResult::Partial)
            methods = ssh_userauth_list(m_session, nullptr);
    }
    if (failure) {
        error = failure;
    } else {
        error = makeError(SshErrorKind::AuthFailed,
                          tr("Permission denied: the server accepted none of the ways Nephele tried to log in "
                             "(%1). The server offers: %2.")
                              .arg(tried.isEmpty() ? tr("nothing Nephele could use") : tried.join(QStringLiteral(", ")),
                                   methodNames(offered)));
    }
    return false;
}

std::optional<QStringList> SshWorker::ask(SshAuthPrompt prompt)
{
    prompt.id = m_nextRequestId++;
    prompt.target = m_target;
    m_waitingPrompt = prompt.id;
    m_promptAnswered = false;
    m_promptAnswer.reset();
    QMetaObject::invokeMethod(
        m_owner,
        [owner = m_owner, prompt] {
            switch (prompt.kind) {
            case SshAuthPrompt::Kind::Passphrase: Q_EMIT owner->passphraseRequested(prompt); break;
            case SshAuthPrompt::Kind::Password: Q_EMIT owner->passwordRequested(prompt); break;
            case SshAuthPrompt::Kind::KeyboardInteractive: Q_EMIT owner->keyboardInteractiveRequested(prompt); break;
            }
        },
        Qt::QueuedConnection);
    while (!m_promptAnswered && !interrupted())
        waitFor(-1, 0, std::nullopt);
    m_waitingPrompt = 0;
    m_deadline = networkDeadline(); // the user's time does not count against the server
    if (!m_promptAnswered)
        return std::nullopt;
    return std::exchange(m_promptAnswer, std::nullopt);
}

std::optional<QByteArray> SshWorker::askVerifiedPassphrase(const QByteArray &keyText, const QString &keyName,
                                                           std::optional<SshError> &failure)
{
    QString retry;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        SshAuthPrompt prompt;
        prompt.kind = SshAuthPrompt::Kind::Passphrase;
        prompt.keyName = keyName;
        prompt.fields = {{tr("Passphrase for %1:").arg(keyName), false}};
        prompt.attempt = attempt;
        prompt.retryReason = retry;
        std::optional<QStringList> answers = ask(prompt);
        if (!answers || answers->isEmpty())
            return std::nullopt;
        QByteArray passphrase = answers->constFirst().toUtf8();
        answers.reset();
        ssh_key key = nullptr;
        if (keyText.isEmpty() || ssh_pki_import_privkey_base64(keyText.constData(), passphrase.constData(), nullptr,
                                                               nullptr, &key) == SSH_OK) {
            ssh_key_free(key);
            return passphrase;
        }
        wipe(passphrase);
        retry = tr("Wrong passphrase.");
    }
    failure = makeError(SshErrorKind::KeyFile, tr("Wrong passphrase for the key %1.").arg(keyName));
    return std::nullopt;
}

int SshWorker::passphraseCallback(const char *, char *buf, size_t len, int, int, void *userdata)
{
    return static_cast<SshWorker *>(userdata)->answerPassphrase(buf, len);
}

int SshWorker::answerPassphrase(char *buf, size_t len)
{
    // libssh asks while it works through its identity list; it tells which file it is on.
    char *identity = nullptr;
    QString path;
    if (ssh_userauth_publickey_auto_get_current_identity(m_session, &identity) == SSH_OK && identity) {
        path = QFile::decodeName(identity);
        ssh_string_free_char(identity);
    }
    QByteArray keyText;
    QFile file(path);
    if (!path.isEmpty() && file.open(QIODevice::ReadOnly))
        keyText = file.readAll();
    std::optional<SshError> failure;
    std::optional<QByteArray> passphrase =
        askVerifiedPassphrase(keyText, path.isEmpty() ? tr("a private key") : path, failure);
    wipe(keyText);
    if (failure)
        m_passphraseFailure = failure;
    if (!passphrase || size_t(passphrase->size()) >= len) {
        if (passphrase)
            wipe(*passphrase);
        return -1; // libssh goes on with the next key
    }
    std::memcpy(buf, passphrase->constData(), size_t(passphrase->size()));
    buf[passphrase->size()] = '\0';
    wipe(*passphrase);
    return 0;
}

SshWorker::AuthResult SshWorker::authWithKeyInMemory(std::optional<SshError> &error, std::optional<SshError> &failure)
{
    const QByteArray &text = m_options.privateKey; // QByteArray keeps a terminating NUL
    const QString name = m_options.privateKeyName.isEmpty() ? tr("the key given in memory") : m_options.privateKeyName;
    if (sshPrivateKeyFormat(text) == SshPrivateKeyFormat::None) {
        failure = makeError(SshErrorKind::KeyFile, tr("%1 is not a private key.").arg(name));
        return AuthResult::Denied;
    }
    ssh_key key = nullptr;
    if (sshPrivateKeyIsEncrypted(text)) {
        std::optional<QByteArray> passphrase = askVerifiedPassphrase(text, name, failure);
        if (interrupted()) {
            error = makeError(SshErrorKind::Cancelled, tr("Disconnected while connecting."));
            return AuthResult::Abort;
        }
        if (!passphrase)
            return AuthResult::Denied;
        ssh_pki_import_privkey_base64(text.constData(), passphrase->constData(), nullptr, nullptr, &key);
        wipe(*passphrase);
    } else {
        ssh_pki_import_privkey_base64(text.constData(), nullptr, nullptr, nullptr, &key);
    }
    if (!key) {
        failure =
            makeError(SshErrorKind::KeyFile, tr("%1 could not be read (damaged or of an unsupported type).").arg(name));
        return AuthResult::Denied;
    }
    const auto rc =
        pump([this, key] { return ssh_userauth_publickey(m_session, nullptr, key); }, SSH_AUTH_AGAIN, error);
    ssh_key_free(key);
    if (!rc)
        return AuthResult::Abort;
    return authResult(*rc, error);
}

SshWorker::AuthResult SshWorker::authWithPublicKeys(std::optional<SshError> &error, std::optional<SshError> &failure)
{
    m_passphraseFailure.reset();
    const auto rc =
        pump([this] { return ssh_userauth_publickey_auto(m_session, nullptr, nullptr); }, SSH_AUTH_AGAIN, error);
    if (m_passphraseFailure)
        failure = std::exchange(m_passphraseFailure, std::nullopt);
    if (!rc)
        return AuthResult::Abort;
    return authResult(*rc, error);
}

SshWorker::AuthResult SshWorker::authKeyboardInteractive(std::optional<SshError> &error,
                                                         std::optional<SshError> &failure)
{
    const int attempts = std::max(1, m_options.passwordAttempts);
    QString retry;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        bool answered = false;
        auto rc = pump([this] { return ssh_userauth_kbdint(m_session, nullptr, nullptr); }, SSH_AUTH_AGAIN, error);
        while (rc && *rc == SSH_AUTH_INFO) {
            const int count = ssh_userauth_kbdint_getnprompts(m_session);
            if (count > 0) {
                SshAuthPrompt prompt;
                prompt.kind = SshAuthPrompt::Kind::KeyboardInteractive;
                prompt.name = QString::fromUtf8(ssh_userauth_kbdint_getname(m_session));
                prompt.instruction = QString::fromUtf8(ssh_userauth_kbdint_getinstruction(m_session));
                for (int i = 0; i < count; ++i) {
                    char echo = 0;
                    const char *text = ssh_userauth_kbdint_getprompt(m_session, unsigned(i), &echo);
                    prompt.fields.append({QString::fromUtf8(text), echo != 0});
                }
                prompt.attempt = attempt;
                prompt.retryReason = retry;
                std::optional<QStringList> answers = ask(prompt);
                if (!answers) {
                    error = makeError(SshErrorKind::Cancelled,
                                      interrupted() ? tr("Disconnected while connecting.") : tr("Login cancelled."));
                    return AuthResult::Abort;
                }
                for (int i = 0; i < count; ++i) {
                    QByteArray answer = answers->value(i).toUtf8();
                    ssh_userauth_kbdint_setanswer(m_session, unsigned(i), answer.constData()); // libssh copies it
                    wipe(answer);
                }
                answered = true;
            }
            rc = pump([this] { return ssh_userauth_kbdint(m_session, nullptr, nullptr); }, SSH_AUTH_AGAIN, error);
        }
        if (!rc)
            return AuthResult::Abort;
        if (*rc != SSH_AUTH_DENIED || !answered)
            return authResult(*rc, error);
        retry = tr("The server did not accept the answer. Try again.");
    }
    failure = makeError(SshErrorKind::WrongPassword,
                        tr("Permission denied: the server did not accept the answers (a wrong password?)."));
    return AuthResult::Denied;
}

SshWorker::AuthResult SshWorker::authPassword(std::optional<SshError> &error, std::optional<SshError> &failure)
{
    const int attempts = std::max(1, m_options.passwordAttempts);
    QString retry;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        QByteArray password;
        if (attempt == 1 && !m_options.password.isEmpty()) {
            password = m_options.password.toUtf8();
        } else {
            SshAuthPrompt prompt;
            prompt.kind = SshAuthPrompt::Kind::Password;
            prompt.fields = {{tr("Password for %1:").arg(m_target), false}};
            prompt.attempt = attempt;
            prompt.retryReason = retry;
            std::optional<QStringList> answers = ask(prompt);
            if (!answers || answers->isEmpty()) {
                error = makeError(SshErrorKind::Cancelled,
                                  interrupted() ? tr("Disconnected while connecting.") : tr("Login cancelled."));
                return AuthResult::Abort;
            }
            password = answers->constFirst().toUtf8();
        }
        const auto rc =
            pump([this, &password] { return ssh_userauth_password(m_session, nullptr, password.constData()); },
                 SSH_AUTH_AGAIN, error);
        wipe(password);
        if (!rc)
            return AuthResult::Abort;
        if (*rc != SSH_AUTH_DENIED)
            return authResult(*rc, error);
        retry = tr("Wrong password. Try again.");
    }
    failure = makeError(SshErrorKind::WrongPassword, tr("Permission denied: wrong password for %1.").arg(m_target));
    return AuthResult::Denied;
}

// ---- Connected: channels and keepalive ----

void SshWorker::serviceConnection(std::optional<SshError> &error)
{
    m_event = ssh_event_new();
    if (!m_event || ssh_event_add_session(m_event, m_session) != SSH_OK) {
        error = makeError(SshErrorKind::Protocol, tr("libssh could not watch the connection."), libsshError());
        return;
    }
    m_lastReceived = Clock::now();
    while (!interrupted()) {
        runCommands();
        if (interrupted())
            break;
        // Process what the socket holds. libssh reads 4 KiB at a time and hands channel data to
        // onChannelData; a budget keeps commands (keystrokes, resizes) flowing during a flood.
        m_receivedThisTurn = 0;
        bool more = false;
        for (int turn = 0;; ++turn) {
            if (ssh_event_dopoll(m_event, 0) != SSH_OK)
                break; // SSH_AGAIN: nothing is ready; an error shows in ssh_is_connected
            m_lastReceived = Clock::now();
            if (turn >= 1024 || m_receivedThisTurn >= kTurnBytes) {
                more = true;
                break;
            }
        }
        // Channels react to what arrived: replies to their requests, window space for stdin.
        for (auto &[id, channel] : m_channels)
            more = advanceChannel(*channel) || more;
        // Then output goes out, partial chunks included, ahead of EOF and close.
        for (auto it = m_channels.begin(); it != m_channels.end();) {
            Channel &channel = *it->second;
            more = settleChannel(channel) || more;
            if (channel.done) {
                releaseChannel(channel);
                it = m_channels.erase(it);
            } else {
                ++it;
            }
        }
        if (!ssh_is_connected(m_session)) {
            QString detail = QString::fromUtf8(ssh_get_disconnect_message(m_session));
            if (detail.isEmpty())
                detail = libsshError();
            error = makeError(SshErrorKind::ConnectionLost, tr("The connection was lost."), detail);
            break;
        }
        const auto now = Clock::now();
        std::optional<Clock::time_point> deadline = nearestChannelDeadline();
        if (m_options.keepaliveInterval.count() > 0) {
            auto due = m_lastReceived + m_options.keepaliveInterval;
            if (now >= due) {
                // An SSH_MSG_IGNORE keeps NAT and firewall state alive, and makes a dead peer's
                // TCP connection fail instead of hanging forever.
                ssh_send_ignore(m_session, "");
                m_lastReceived = now;
                due = now + m_options.keepaliveInterval;
            }
            deadline = deadline ? std::min(*deadline, due) : due;
        }
        if (more)
            continue;
        short events = POLLIN;
        if (ssh_get_poll_flags(m_session) & SSH_WRITE_PENDING)
            events |= POLLOUT;
        waitFor(ssh_get_fd(m_session), events, deadline);
    }
}

void SshWorker::endConnection(const std::optional<SshError> &error)
{
    const bool userEnded = interrupted();
    for (auto &[id, channel] : m_channels) {
        if (error && !userEnded) {
            SshError channelError = *error;
            if (m_connected && channelError.kind == SshErrorKind::ConnectionLost)
                channelError.message = tr("The connection was lost.");
            failChannel(*channel, channelError);
        } else {
            finishChannel(*channel);
        }
        releaseChannel(*channel);
    }
    m_channels.clear();
    if (m_event) {
        if (m_session)
            ssh_event_remove_session(m_event, m_session);
        ssh_event_free(m_event);
        m_event = nullptr;
    }
    if (m_session) {
        if (m_connected || ssh_is_connected(m_session))
            ssh_disconnect(m_session);
        ssh_free(m_session);
        m_session = nullptr;
    }
    if (m_socket >= 0) {
        // Closed only if it still is our socket, should a libssh version close it itself.
        struct stat identity {};
        if (::fstat(m_socket, &identity) == 0 && identity.st_ino == m_socketInode)
            ::close(m_socket);
        m_socket = -1;
    }
    const bool wasActive = m_connecting;
    m_connected = false;
    m_connecting = m_pendingConnect.has_value();
    if (error && !(userEnded && error->kind == SshErrorKind::Cancelled))
        postError(*error);
    if (wasActive)
        postState(SshSession::State::Disconnected);
}

bool SshWorker::advanceChannel(Channel &channel)
{
    using Phase = Channel::Phase;
    if (channel.done)
        return false;
    const auto waiting = [this, &channel] {
        if (Clock::now() >= channel.deadline)
            failChannel(channel, makeError(SshErrorKind::Timeout, tr("The server did not open the channel in time.")));
        return false;
    };
    if (channel.phase == Phase::Pending) {
        if (channel.closeRequested) {
            finishChannel(channel);
            return false;
        }
        channel.handle = ssh_channel_new(m_session);
        if (!channel.handle) {
            failChannel(channel,
                        makeError(SshErrorKind::Channel, tr("libssh could not create a channel."), libsshError()));
            return false;
        }
        ssh_callbacks_init(&channel.callbacks);
        channel.callbacks.userdata = &channel;
        channel.callbacks.channel_data_function = &SshWorker::onChannelData;
        channel.callbacks.channel_close_function = &SshWorker::onChannelClose;
        channel.callbacks.channel_exit_status_function = &SshWorker::onChannelExitStatus;
        channel.callbacks.channel_exit_signal_function = &SshWorker::onChannelExitSignal;
        ssh_set_channel_callbacks(channel.handle, &channel.callbacks);
        channel.worker = this;
        channel.deadline = networkDeadline();
        channel.phase = Phase::Opening;
    }
    if (channel.phase == Phase::Opening) {
        const int rc = ssh_channel_open_session(channel.handle);
        if (rc == SSH_AGAIN)
            return waiting();
        if (rc != SSH_OK) {
            failChannel(channel, makeError(SshErrorKind::Channel, tr("The server refused to open a session channel."),
                                           libsshError()));
            return false;
        }
        channel.phase = channel.pty ? Phase::RequestingPty : Phase::Starting;
    }
    if (channel.phase == Phase::RequestingPty) {
        const QByteArray term = channel.pty->term.toUtf8();
        const int rc =
            ssh_channel_request_pty_size(channel.handle, term.constData(), channel.pty->columns, channel.pty->rows);
        if (rc == SSH_AGAIN)
            return waiting();
        if (rc != SSH_OK) {
            failChannel(channel,
                        makeError(SshErrorKind::Channel, tr("The server refused a terminal (pty)."), libsshError()));
            return false;
        }
        channel.phase = Phase::Starting;
    }
    if (channel.phase == Phase::Starting) {
        const int rc = channel.shell ? ssh_channel_request_shell(channel.handle)
                                     : ssh_channel_request_exec(channel.handle, channel.command.constData());
        if (rc == SSH_AGAIN)
            return waiting();
        if (rc != SSH_OK) {
            failChannel(channel, makeError(SshErrorKind::Channel,
                                           channel.shell ? tr("The server refused to start a shell.")
                                                         : tr("The server refused to run the command."),
                                           libsshError()));
            return false;
        }
        channel.phase = Phase::Open;
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, id = channel.id] { owner->workerChannelOpened(id); }, Qt::QueuedConnection);
    }

    if (channel.closeRequested) {
        finishChannel(channel);
        return false;
    }

    // A new size first: it is state, not stream, and keys typed after a resize (`stty size`) must
    // not reach the remote before it when both wait for the same pass.
    if (channel.pendingResize && !channel.remoteClosed) {
        ssh_channel_change_pty_size(channel.handle, channel.pendingResize->first, channel.pendingResize->second);
        channel.pendingResize.reset();
    }

    // Stdin: as much as the remote window takes now; the rest once a window adjust comes.
    while (channel.pendingWriteOffset < channel.pendingWrite.size()) {
        const qsizetype left = channel.pendingWrite.size() - channel.pendingWriteOffset;
        const int written =
            ssh_channel_write(channel.handle, channel.pendingWrite.constData() + channel.pendingWriteOffset,
                              uint32_t(std::min<qsizetype>(left, kChunkBytes)));
        if (written == SSH_ERROR) {
            if (!channel.remoteClosed && ssh_is_connected(m_session)) {
                failChannel(channel,
                            makeError(SshErrorKind::Channel, tr("Sending to the channel failed."), libsshError()));
                return false;
            }
            channel.pendingWriteOffset = channel.pendingWrite.size();
            break;
        }
        if (written == 0)
            break;
        channel.pendingWriteOffset += written;
    }
    if (channel.pendingWriteOffset >= channel.pendingWrite.size()) {
        channel.pendingWrite.clear();
        channel.pendingWriteOffset = 0;
        if (channel.eofRequested && !channel.eofSent && !channel.remoteClosed) {
            ssh_channel_send_eof(channel.handle);
            channel.eofSent = true;
        }
    }
    sendSignals(channel);

    // Output normally arrives through onChannelData. What it refused while the owner was behind
    // waits in libssh's buffers: take it now.
    channel.throttled = false;
    bool more = false;
    for (int stream = 0; stream < 2 && !channel.done && !channel.throttled; ++stream)
        more = pullBuffered(channel, stream) || more;
    return more;
}

bool SshWorker::settleChannel(Channel &channel)
{
    if (channel.done || channel.phase != Channel::Phase::Open)
        return false;
    postOutput(channel, 0);
    postOutput(channel, 1);
    if (channel.throttled)
        return false; // output may still wait in libssh's buffers; the owner wakes us
    if (!channel.eofDelivered && ssh_channel_is_eof(channel.handle)) {
        channel.eofDelivered = true;
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, id = channel.id] { owner->workerChannelEof(id); }, Qt::QueuedConnection);
    }
    if (!ssh_is_connected(m_session))
        return false; // the connection is gone: endConnection reports it on every channel
    if (channel.remoteClosed || ssh_channel_is_closed(channel.handle)) {
        if (!channel.readFailed && (ssh_channel_poll(channel.handle, 0) > 0 || ssh_channel_poll(channel.handle, 1) > 0))
            return true; // still buffered: pulled on the next turn
        finishChannel(channel);
    }
    return false;
}

int SshWorker::onChannelData(ssh_session, ssh_channel, void *data, uint32_t len, int isStderr, void *userdata)
{
    auto *channel = static_cast<Channel *>(userdata);
    return channel->worker->takeData(*channel, static_cast<const char *>(data), len, isStderr ? 1 : 0);
}

bool SshWorker::throttle(Channel &channel)
{
    ChannelFlow &flow = *channel.flow;
    const qint64 limit = flow.highWater.load();
    if (flow.queuedBytes.load() < limit)
        return false;
    // Set the flag, then look again: either the owner sees the flag and wakes us, or we see
    // what it has drained meanwhile.
    flow.paused.store(true);
    if (flow.queuedBytes.load() < limit) {
        flow.paused.store(false);
        return false;
    }
    channel.throttled = true;
    return true;
}

int SshWorker::takeData(Channel &channel, const char *data, uint32_t len, int stream)
{
    if (channel.done || channel.closeRequested)
        return int(len); // nobody reads it any more
    if (throttle(channel))
        return 0; // libssh keeps it (and offers it again, in order); its window holds the server back
    appendOutput(channel, stream, data, qsizetype(len));
    return int(len);
}

void SshWorker::appendOutput(Channel &channel, int stream, const char *data, qsizetype len)
{
    QByteArray &buffer = channel.output[stream];
    if (buffer.size() + len > kChunkBytes)
        postOutput(channel, stream);
    if (buffer.capacity() < kChunkBytes)
        buffer.reserve(std::max(kChunkBytes, len));
    buffer.append(data, len);
    if (buffer.size() >= kChunkBytes)
        postOutput(channel, stream);
    m_receivedThisTurn += len;
}

bool SshWorker::pullBuffered(Channel &channel, int stream)
{
    if (m_scratch.size() < kChunkBytes)
        m_scratch.resize(kChunkBytes);
    qint64 budget = kTurnBytes;
    while (budget > 0) {
        if (throttle(channel))
            return false;
        // With libssh's buffer empty this processes packets, whose data goes through
        // onChannelData, and returns 0.
        const int got = ssh_channel_read_nonblocking(channel.handle, m_scratch.data(), uint32_t(kChunkBytes), stream);
        if (got <= 0) {
            if (got == SSH_ERROR) {
                if (!channel.remoteClosed && ssh_is_connected(m_session))
                    failChannel(channel, makeError(SshErrorKind::Channel, tr("Reading from the channel failed."),
                                                   libsshError()));
                channel.readFailed = true;
            }
            return false;
        }
        appendOutput(channel, stream, m_scratch.constData(), got);
        budget -= got;
    }
    return true;
}

void SshWorker::postOutput(Channel &channel, int stream)
{
    QByteArray &buffer = channel.output[stream];
    if (buffer.isEmpty())
        return;
    channel.flow->queuedBytes.fetch_add(buffer.size());
    QMetaObject::invokeMethod(
        m_owner,
        [owner = m_owner, id = channel.id, chunk = std::exchange(buffer, QByteArray()), isStderr = stream == 1,
         flow = channel.flow] { owner->workerChannelData(id, chunk, isStderr, flow); },
        Qt::QueuedConnection);
}

void SshWorker::failChannel(Channel &channel, const SshError &error)
{
    if (channel.done)
        return;
    postOutput(channel, 0);
    postOutput(channel, 1);
    channel.done = true;
    QMetaObject::invokeMethod(
        m_owner,
        [owner = m_owner, id = channel.id, error] {
            owner->workerChannelFailed(id, error);
            owner->workerChannelClosed(id);
        },
        Qt::QueuedConnection);
}

void SshWorker::finishChannel(Channel &channel)
{
    if (channel.done)
        return;
    postOutput(channel, 0);
    postOutput(channel, 1);
    channel.done = true;
    const bool eof = channel.remoteClosed && !channel.eofDelivered;
    channel.eofDelivered = channel.eofDelivered || eof;
    QMetaObject::invokeMethod(
        m_owner,
        [owner = m_owner, id = channel.id, eof, status = channel.exitStatus, signal = channel.exitSignal] {
            if (eof)
                owner->workerChannelEof(id);
            if (status || !signal.isEmpty())
                owner->workerChannelExit(id, status, signal);
            owner->workerChannelClosed(id);
        },
        Qt::QueuedConnection);
}

void SshWorker::sendSignals(Channel &channel)
{
    if (channel.phase == Channel::Phase::Open && !channel.remoteClosed && m_session && ssh_is_connected(m_session)) {
        for (const QByteArray &signal : std::as_const(channel.pendingSignals))
            ssh_channel_request_send_signal(channel.handle, signal.constData()); // no reply is asked for
    }
    channel.pendingSignals.clear();
}

void SshWorker::releaseChannel(Channel &channel)
{
    if (!channel.handle)
        return;
    sendSignals(channel); // asked for just before a close or a disconnect
    ssh_remove_channel_callbacks(channel.handle, &channel.callbacks);
    if (m_session && ssh_is_connected(m_session) && ssh_channel_is_open(channel.handle))
        ssh_channel_close(channel.handle);
    ssh_channel_free(channel.handle);
    channel.handle = nullptr;
}

std::optional<SshWorker::Clock::time_point> SshWorker::nearestChannelDeadline() const
{
    std::optional<Clock::time_point> nearest;
    for (const auto &[id, channel] : m_channels) {
        if (channel->phase == Channel::Phase::Open || channel->phase == Channel::Phase::Pending)
            continue;
        if (!nearest || channel->deadline < *nearest)
            nearest = channel->deadline;
    }
    return nearest;
}

void SshWorker::onChannelClose(ssh_session, ssh_channel, void *userdata)
{
    static_cast<Channel *>(userdata)->remoteClosed = true;
}

void SshWorker::onChannelExitStatus(ssh_session, ssh_channel, int status, void *userdata)
{
    static_cast<Channel *>(userdata)->exitStatus = status;
}

void SshWorker::onChannelExitSignal(ssh_session, ssh_channel, const char *signal, int, const char *, const char *,
                                    void *userdata)
{
    static_cast<Channel *>(userdata)->exitSignal = QString::fromUtf8(signal);
}

// ---- Events to the owner ----

void SshWorker::postState(SshSession::State state)
{
    QMetaObject::invokeMethod(
        m_owner, [owner = m_owner, state, target = m_target] { owner->workerStateChanged(state, target); },
        Qt::QueuedConnection);
}

void SshWorker::postError(const SshError &error)
{
    QMetaObject::invokeMethod(
        m_owner, [owner = m_owner, error] { owner->workerFailed(error); }, Qt::QueuedConnection);
}

SshError SshWorker::makeError(SshErrorKind kind, const QString &message, const QString &detail) const
{
    SshError error;
    error.kind = kind;
    error.message = message;
    error.target = m_target;
    error.detail = detail;
    return error;
}

QString SshWorker::libsshError() const
{
    return m_session ? QString::fromUtf8(ssh_get_error(m_session)) : QString();
}

} // namespace nephele::ssh::detail
