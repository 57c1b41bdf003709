#include "sshserver.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <arpa/inet.h>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <list>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace nephele::sim {

namespace {

std::string shellPath(const std::string &configured)
{
    if (!configured.empty())
        return configured;
    const char *shell = std::getenv("SHELL");
    if (shell != nullptr && *shell != '\0' && ::access(shell, X_OK) == 0)
        return shell;
    return "/bin/sh";
}

// One session channel: a shell or a command, with or without a pty.
struct Channel {
    struct Session *session = nullptr;
    ssh_channel channel = nullptr;
    ssh_channel_callbacks_struct callbacks{};
    bool pty = false;
    std::string term = "xterm-256color";
    winsize size{24, 80, 0, 0};
    std::vector<std::pair<std::string, std::string>> environment;
    int fd = -1; // the pty master, or our end of the socket pair
    pid_t pid = -1;
    bool outputDone = false; // the process's output ended (EOF or EIO)
    bool fdRegistered = false;
    bool finished = false; // exit status sent, channel closed
    bool clientClosed = false;
};

struct Session {
    SshServer::Impl *server = nullptr;
    ssh_session session = nullptr;
    ssh_event event = nullptr;
    ssh_server_callbacks_struct callbacks{};
    bool authenticated = false;
    std::list<Channel> channels;
};

} // namespace

struct SshServer::Impl {
    SshServerOptions options;
    ssh_bind bind = nullptr;
    ssh_key authorizedKey = nullptr;
    std::string hostKeyLine;
    int listenFd = -1;
    int wakePipe[2] = {-1, -1};
    uint16_t port = 0;
    std::atomic<bool> stopping{false};
    std::atomic<int> active{0};
    std::thread acceptThread;
    std::mutex mutex;
    std::vector<std::thread> sessions;

    void acceptLoop();
    void serve(ssh_session session);
};

namespace {

// ---- processes ----------------------------------------------------------------------------------

bool startProcess(Channel &c, const std::string &command)
{
    const std::string shell = shellPath(c.session->server->options.shell);
    auto childSetup = [&c] {
        for (const auto &[name, value] : c.environment)
            ::setenv(name.c_str(), value.c_str(), 1);
        if (const char *home = std::getenv("HOME"))
            (void)::chdir(home);
        std::signal(SIGPIPE, SIG_DFL);
    };
    if (c.pty) {
        int master = -1;
        const pid_t pid = ::forkpty(&master, nullptr, nullptr, &c.size);
        if (pid < 0)
            return false;
        if (pid == 0) {
            ::setenv("TERM", c.term.c_str(), 1);
            childSetup();
            if (command.empty())
                ::execl(shell.c_str(), shell.c_str(), static_cast<char *>(nullptr));
            else
                ::execl(shell.c_str(), shell.c_str(), "-c", command.c_str(), static_cast<char *>(nullptr));
            ::_exit(127);
        }
        c.fd = master;
        c.pid = pid;
    } else {
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
            return false;
        const pid_t pid = ::fork();
        if (pid < 0) {
            ::close(pair[0]);
            ::close(pair[1]);
            return false;
        }
        if (pid == 0) {
            ::setsid();
            ::dup2(pair[1], 0);
            ::dup2(pair[1], 1);
            ::dup2(pair[1], 2);
            childSetup();
            if (command.empty())
                ::execl(shell.c_str(), shell.c_str(), static_cast<char *>(nullptr));
            else
                ::execl(shell.c_str(), shell.c_str(), "-c", command.c_str(), static_cast<char *>(nullptr));
            ::_exit(127);
        }
        ::close(pair[1]);
        c.fd = pair[0];
        c.pid = pid;
    }
    return true;
}

int onProcessOutput(socket_t fd, int revents, void *userdata)
{
    auto *c = static_cast<Channel *>(userdata);
    if (c->outputDone)
        return 0;
    if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        char buffer[32768];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            if (ssh_channel_is_open(c->channel) != 0)
                ssh_channel_write(c->channel, buffer, uint32_t(n));
            return int(n);
        }
        c->outputDone = true; // EOF, or EIO once a pty's last writer is gone
    }
    return 0;
}

void endProcess(Channel &c)
{
    if (c.pid > 0) {
        ::kill(-c.pid, SIGHUP);
        ::kill(c.pid, SIGHUP);
        int status = 0;
        if (::waitpid(c.pid, &status, WNOHANG) == 0) {
            ::kill(-c.pid, SIGKILL);
            ::kill(c.pid, SIGKILL);
            ::waitpid(c.pid, &status, 0);
        }
        c.pid = -1;
    }
    if (c.fdRegistered) {
        ssh_event_remove_fd(c.session->event, c.fd);
        c.fdRegistered = false;
    }
    if (c.fd >= 0) {
        ::close(c.fd);
        c.fd = -1;
    }
}

// ---- channel callbacks ------------------------------------------------------------------------------

int onData(ssh_session, ssh_channel, void *data, uint32_t len, int isStderr, void *userdata)
{
    auto *c = static_cast<Channel *>(userdata);
    if (isStderr != 0 || c->fd < 0)
        return int(len);
    const char *bytes = static_cast<const char *>(data);
    uint32_t written = 0;
    while (written < len) {
        const ssize_t n = ::write(c->fd, bytes + written, len - written);
        if (n <= 0)
            break;
        written += uint32_t(n);
    }
    return int(len);
}

void onEof(ssh_session, ssh_channel, void *userdata)
{
    auto *c = static_cast<Channel *>(userdata);
    if (!c->pty && c->fd >= 0)
        ::shutdown(c->fd, SHUT_WR); // the command's stdin ends
}

void onClose(ssh_session, ssh_channel, void *userdata)
{
    static_cast<Channel *>(userdata)->clientClosed = true;
}

void onSignal(ssh_session, ssh_channel, const char *signal, void *userdata)
{
    auto *c = static_cast<Channel *>(userdata);
    static const std::pair<const char *, int> kSignals[] = {{"HUP", SIGHUP},   {"INT", SIGINT},   {"KILL", SIGKILL},
                                                            {"TERM", SIGTERM}, {"QUIT", SIGQUIT}, {"USR1", SIGUSR1},
                                                            {"USR2", SIGUSR2}};
    for (const auto &[name, number] : kSignals) {
        if (c->pid > 0 && std::strcmp(signal, name) == 0)
            ::kill(-c->pid, number);
    }
}

int onPtyRequest(ssh_session, ssh_channel, const char *term, int width, int height, int pxwidth, int pxheight,
                 void *userdata)
{
    auto *c = static_cast<Channel *>(userdata);
    c->pty = true;
    c->term = term != nullptr && *term != '\0' ? term : "xterm-256color";
    c->size = {static_cast<unsigned short>(height), static_cast<unsigned short>(width),
               static_cast<unsigned short>(pxwidth), static_cast<unsigned short>(pxheight)};
    return 0;
}

int onWindowChange(ssh_session, ssh_channel, int width, int height, int pxwidth, int pxheight, void *userdata)
{
    auto *c = static_cast<Channel *>(userdata);
    c->size = {static_cast<unsigned short>(height), static_cast<unsigned short>(width),
               static_cast<unsigned short>(pxwidth), static_cast<unsigned short>(pxheight)};
    if (c->pty && c->fd >= 0)
        ::ioctl(c->fd, TIOCSWINSZ, &c->size); // the kernel sends SIGWINCH to the shell
    return 0;
}

int onEnv(ssh_session, ssh_channel, const char *name, const char *value, void *userdata)
{
    static_cast<Channel *>(userdata)->environment.emplace_back(name, value);
    return 0;
}

int startChannel(Channel *c, const std::string &command)
{
    if (c->pid > 0 || !startProcess(*c, command))
        return 1;
    ssh_event_add_fd(c->session->event, c->fd, POLLIN, onProcessOutput, c);
    c->fdRegistered = true;
    return 0;
}

int onShell(ssh_session, ssh_channel, void *userdata)
{
    return startChannel(static_cast<Channel *>(userdata), {});
}

int onExec(ssh_session, ssh_channel, const char *command, void *userdata)
{
    return startChannel(static_cast<Channel *>(userdata), command != nullptr ? command : "");
}

// ---- server callbacks -------------------------------------------------------------------------

bool userAllowed(const Session *s, const char *user)
{
    const std::string &wanted = s->server->options.user;
    return wanted.empty() || (user != nullptr && wanted == user);
}

int onAuthPubkey(ssh_session, const char *user, ssh_key pubkey, char signatureState, void *userdata)
{
    auto *s = static_cast<Session *>(userdata);
    if (!userAllowed(s, user) || s->server->authorizedKey == nullptr ||
        ssh_key_cmp(pubkey, s->server->authorizedKey, SSH_KEY_CMP_PUBLIC) != 0)
        return SSH_AUTH_DENIED;
    if (signatureState == SSH_PUBLICKEY_STATE_NONE)
        return SSH_AUTH_SUCCESS; // the key would do: the client signs next
    if (signatureState == SSH_PUBLICKEY_STATE_VALID) {
        s->authenticated = true;
        return SSH_AUTH_SUCCESS;
    }
    return SSH_AUTH_DENIED;
}

int onAuthPassword(ssh_session, const char *user, const char *password, void *userdata)
{
    auto *s = static_cast<Session *>(userdata);
    const std::string &wanted = s->server->options.password;
    if (wanted.empty() || !userAllowed(s, user) || password == nullptr || wanted != password)
        return SSH_AUTH_DENIED;
    s->authenticated = true;
    return SSH_AUTH_SUCCESS;
}

ssh_channel onChannelOpen(ssh_session session, void *userdata)
{
    auto *s = static_cast<Session *>(userdata);
    if (!s->authenticated)
        return nullptr;
    Channel &c = s->channels.emplace_back();
    c.session = s;
    c.channel = ssh_channel_new(session);
    std::memset(&c.callbacks, 0, sizeof c.callbacks);
    c.callbacks.userdata = &c;
    c.callbacks.channel_data_function = onData;
    c.callbacks.channel_eof_function = onEof;
    c.callbacks.channel_close_function = onClose;
    c.callbacks.channel_signal_function = onSignal;
    c.callbacks.channel_pty_request_function = onPtyRequest;
    c.callbacks.channel_shell_request_function = onShell;
    c.callbacks.channel_pty_window_change_function = onWindowChange;
    c.callbacks.channel_exec_request_function = onExec;
    c.callbacks.channel_env_request_function = onEnv;
    ssh_callbacks_init(&c.callbacks);
    ssh_set_channel_callbacks(c.channel, &c.callbacks);
    return c.channel;
}

int onWake(socket_t, int, void *)
{
    return 0; // the loop checks `stopping` after each poll
}

// A process whose output ended: once it has exited, its status goes to the client and the
// channel closes.
void finishIfDone(Channel &c)
{
    if (c.finished)
        return;
    if (c.clientClosed) {
        endProcess(c);
        c.finished = true;
        return;
    }
    if (!c.outputDone || c.pid <= 0)
        return;
    int status = 0;
    if (::waitpid(c.pid, &status, WNOHANG) != c.pid)
        return;
    c.pid = -1;
    if (WIFEXITED(status))
        ssh_channel_request_send_exit_status(c.channel, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        ssh_channel_request_send_exit_signal(c.channel, sigabbrev_np(WTERMSIG(status)), 0, "", "");
    endProcess(c);
    ssh_channel_send_eof(c.channel);
    ssh_channel_close(c.channel);
    c.finished = true;
}

} // namespace

// ---- the server -----------------------------------------------------------------------------------

void SshServer::Impl::serve(ssh_session session)
{
    ++active;
    Session s;
    s.server = this;
    s.session = session;
    std::memset(&s.callbacks, 0, sizeof s.callbacks);
    s.callbacks.userdata = &s;
    s.callbacks.auth_pubkey_function = onAuthPubkey;
    s.callbacks.auth_password_function = onAuthPassword;
    s.callbacks.channel_open_request_session_function = onChannelOpen;
    ssh_callbacks_init(&s.callbacks);
    ssh_set_server_callbacks(session, &s.callbacks);
    int methods = 0;
    if (authorizedKey != nullptr)
        methods |= SSH_AUTH_METHOD_PUBLICKEY;
    if (!options.password.empty())
        methods |= SSH_AUTH_METHOD_PASSWORD;
    ssh_set_auth_methods(session, methods);

    if (ssh_handle_key_exchange(session) == SSH_OK) {
        s.event = ssh_event_new();
        ssh_event_add_session(s.event, session);
        ssh_event_add_fd(s.event, wakePipe[0], POLLIN, onWake, nullptr);
        while (!stopping.load()) {
            // The poll wakes for the client, for process output and for stop(); the timeout only
            // bounds how late an exited process that left its output open is noticed.
            if (ssh_event_dopoll(s.event, 250) == SSH_ERROR)
                break;
            if (ssh_is_connected(session) == 0)
                break;
            for (Channel &c : s.channels)
                finishIfDone(c);
        }
        for (Channel &c : s.channels)
            endProcess(c);
        ssh_event_remove_fd(s.event, wakePipe[0]);
        ssh_event_remove_session(s.event, session);
        ssh_event_free(s.event);
    }
    for (Channel &c : s.channels) {
        if (c.channel != nullptr)
            ssh_channel_free(c.channel);
    }
    s.channels.clear();
    ssh_disconnect(session);
    ssh_free(session);
    --active;
}

void SshServer::Impl::acceptLoop()
{
    while (!stopping.load()) {
        pollfd fds[2] = {{listenFd, POLLIN, 0}, {wakePipe[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (stopping.load() || (fds[1].revents & POLLIN) != 0)
            break;
        if ((fds[0].revents & POLLIN) == 0)
            continue;
        const int fd = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        ssh_session session = ssh_new();
        if (ssh_bind_accept_fd(bind, session, fd) != SSH_OK) {
            ssh_free(session);
            ::close(fd);
            continue;
        }
        const std::lock_guard lock(mutex);
        sessions.emplace_back([this, session] { serve(session); });
    }
}

SshServer::SshServer(SshServerOptions options)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->options = std::move(options);
}

SshServer::~SshServer()
{
    stop();
}

bool SshServer::start(std::string *why)
{
    auto fail = [why](std::string text) {
        if (why != nullptr)
            *why = std::move(text);
        return false;
    };
    Impl &d = *m_impl;
    if (d.acceptThread.joinable())
        return fail("the SSH server is already running");
    d.stopping = false;

    if (!d.options.authorizedKey.empty()) {
        // "type base64 [comment]"
        const std::string &line = d.options.authorizedKey;
        const auto space = line.find(' ');
        const auto end = line.find(' ', space + 1);
        if (space == std::string::npos)
            return fail("the authorized key is not an OpenSSH public key line");
        const std::string type = line.substr(0, space);
        const std::string blob = line.substr(space + 1, end == std::string::npos ? std::string::npos : end - space - 1);
        if (ssh_pki_import_pubkey_base64(blob.c_str(), ssh_key_type_from_name(type.c_str()), &d.authorizedKey) !=
            SSH_OK)
            return fail("the authorized key could not be read");
    }

    ssh_key hostKey = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &hostKey) != SSH_OK)
        return fail("no host key could be generated");
    char *base64 = nullptr;
    ssh_pki_export_pubkey_base64(hostKey, &base64);
    d.hostKeyLine = std::string(ssh_key_type_to_char(ssh_key_type(hostKey))) + " " + (base64 ? base64 : "");
    ssh_string_free_char(base64);

    d.bind = ssh_bind_new();
    // The bind owns the key from here on.
    if (ssh_bind_options_set(d.bind, SSH_BIND_OPTIONS_IMPORT_KEY, hostKey) != SSH_OK) {
        ssh_key_free(hostKey);
        return fail(std::string("libssh refused the host key: ") + ssh_get_error(d.bind));
    }

    // Our own listening socket: port 0 gives a free port, and the accept loop can be woken.
    d.listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(d.options.port);
    if (::inet_pton(AF_INET, d.options.bindAddress.c_str(), &address.sin_addr) != 1)
        return fail("not an IPv4 address: " + d.options.bindAddress);
    const int yes = 1;
    ::setsockopt(d.listenFd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(d.listenFd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(d.listenFd, 16) != 0)
        return fail(std::string("cannot listen on ") + d.options.bindAddress + ": " + std::strerror(errno));
    socklen_t length = sizeof address;
    ::getsockname(d.listenFd, reinterpret_cast<sockaddr *>(&address), &length);
    d.port = ntohs(address.sin_port);
    if (::pipe2(d.wakePipe, O_CLOEXEC) != 0)
        return fail(std::string("pipe: ") + std::strerror(errno));
    d.acceptThread = std::thread([&d] { d.acceptLoop(); });
    return true;
}

void SshServer::stop()
{
    Impl &d = *m_impl;
    if (d.acceptThread.joinable()) {
        d.stopping = true;
        const char byte = 1;
        (void)::write(d.wakePipe[1], &byte, 1); // stays unread: wakes every loop that polls it
        d.acceptThread.join();
        std::vector<std::thread> sessions;
        {
            const std::lock_guard lock(d.mutex);
            sessions.swap(d.sessions);
        }
        for (std::thread &t : sessions)
            t.join();
    }
    for (int &fd : {std::ref(d.listenFd), std::ref(d.wakePipe[0]), std::ref(d.wakePipe[1])}) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
    if (d.bind != nullptr) {
        ssh_bind_free(d.bind);
        d.bind = nullptr;
    }
    if (d.authorizedKey != nullptr) {
        ssh_key_free(d.authorizedKey);
        d.authorizedKey = nullptr;
    }
}

bool SshServer::isRunning() const
{
    return m_impl->acceptThread.joinable() && !m_impl->stopping.load();
}

uint16_t SshServer::port() const
{
    return m_impl->port;
}

std::string SshServer::hostKeyLine() const
{
    return m_impl->hostKeyLine;
}

std::string SshServer::knownHostsLine() const
{
    return "[" + m_impl->options.bindAddress + "]:" + std::to_string(m_impl->port) + " " + m_impl->hostKeyLine;
}

int SshServer::activeSessions() const
{
    return m_impl->active.load();
}

bool SshServer::generateKeyPair(const std::string &privateKeyPath, std::string *publicKeyLine, std::string *why)
{
    ssh_key key = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK) {
        if (why != nullptr)
            *why = "no key could be generated";
        return false;
    }
    ::unlink(privateKeyPath.c_str());
    const mode_t old = ::umask(077);
    const int rc = ssh_pki_export_privkey_file(key, nullptr, nullptr, nullptr, privateKeyPath.c_str());
    ::umask(old);
    char *base64 = nullptr;
    ssh_pki_export_pubkey_base64(key, &base64);
    if (publicKeyLine != nullptr)
        *publicKeyLine =
            std::string(ssh_key_type_to_char(ssh_key_type(key))) + " " + (base64 ? base64 : "") + " nephele-demo";
    ssh_string_free_char(base64);
    ssh_key_free(key);
    if (rc != SSH_OK) {
        if (why != nullptr)
            *why = "cannot write " + privateKeyPath;
        return false;
    }
    ::chmod(privateKeyPath.c_str(), 0600);
    return true;
}

} // namespace nephele::sim
