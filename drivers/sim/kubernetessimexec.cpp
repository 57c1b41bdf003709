#include "sim/kubernetessimexec.h"

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>

#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace nephele::sim::exec {

namespace {

constexpr std::uint8_t kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA, kContinuation = 0x0;
constexpr std::size_t kMaxMessage = 1 << 20; // a client message larger than this ends the session

std::string trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return std::string(s);
}

// The connection, plain or TLS, used from one thread only.
class Wire
{
public:
    Wire(int fd, SSL *ssl)
        : m_fd(fd)
        , m_ssl(ssl)
    {}

    bool pending() const { return m_ssl && SSL_pending(m_ssl) > 0; }

    // Bytes that are there now (after poll said readable): >0 read, 0 nothing yet, -1 closed/failed.
    long read(char *buffer, std::size_t size)
    {
        if (m_ssl) {
            const int n = SSL_read(m_ssl, buffer, int(size));
            if (n > 0)
                return n;
            const int error = SSL_get_error(m_ssl, n);
            if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE ||
                (error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EINTR)))
                return 0;
            return -1;
        }
        const ssize_t n = ::recv(m_fd, buffer, size, MSG_DONTWAIT);
        if (n > 0)
            return long(n);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            return 0;
        return -1;
    }

    bool writeAll(const std::string &data)
    {
        std::size_t done = 0;
        while (done < data.size()) {
            if (m_ssl) {
                const int n = SSL_write(m_ssl, data.data() + done, int(data.size() - done));
                if (n <= 0) {
                    const int error = SSL_get_error(m_ssl, n);
                    if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ)
                        continue;
                    return false;
                }
                done += std::size_t(n);
            } else {
                const ssize_t n = ::send(m_fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
                if (n < 0) {
                    if (errno == EINTR || errno == EAGAIN) {
                        pollfd p{m_fd, POLLOUT, 0};
                        ::poll(&p, 1, 1000);
                        continue;
                    }
                    return false;
                }
                done += std::size_t(n);
            }
        }
        return true;
    }

    int fd() const { return m_fd; }

private:
    int m_fd;
    SSL *m_ssl;
};

// A server frame: FIN set, never masked.
std::string frame(std::uint8_t opcode, std::string_view payload)
{
    std::string out;
    out += char(0x80 | opcode);
    if (payload.size() < 126) {
        out += char(payload.size());
    } else if (payload.size() <= 0xffff) {
        out += char(126);
        out += char((payload.size() >> 8) & 0xff);
        out += char(payload.size() & 0xff);
    } else {
        out += char(127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += char((std::uint64_t(payload.size()) >> shift) & 0xff);
    }
    out.append(payload);
    return out;
}

std::string channelFrame(std::uint8_t channel, std::string_view data)
{
    std::string payload;
    payload.reserve(data.size() + 1);
    payload += char(channel);
    payload.append(data);
    return frame(kBinary, payload);
}

std::string quoted(const std::vector<std::string> &command)
{
    std::string out = "[";
    for (std::size_t i = 0; i < command.size(); ++i)
        out += (i ? " " : "") + command[i];
    return out + "]";
}

// The Status the apiserver sends on channel 3 when the process ends.
std::string statusFor(int waitStatus, const std::vector<std::string> &command)
{
    int code = 0;
    if (WIFEXITED(waitStatus))
        code = WEXITSTATUS(waitStatus);
    else if (WIFSIGNALED(waitStatus))
        code = 128 + WTERMSIG(waitStatus);
    if (code == 0)
        return R"({"metadata":{},"status":"Success"})";
    return R"({"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command )" +
           quoted(command) + ", exit code " + std::to_string(code) +
           R"(","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":")" +
           std::to_string(code) + R"("}]}})";
}

std::string failureStatus(const std::string &message)
{
    std::string escaped;
    for (const char c : message) {
        if (c == '"' || c == '\\')
            escaped += '\\';
        if (std::uint8_t(c) >= 0x20)
            escaped += c;
    }
    return R"({"metadata":{},"status":"Failure","message":")" + escaped + R"(","reason":"InternalError","code":500})";
}

// {"Width":W,"Height":H}: a tiny reader, the sim needs no JSON library for two numbers.
bool parseSize(std::string_view json, unsigned short *cols, unsigned short *rows)
{
    const auto number = [&](std::string_view key) -> long {
        const auto at = json.find(key);
        if (at == std::string_view::npos)
            return -1;
        auto p = json.find(':', at);
        if (p == std::string_view::npos)
            return -1;
        ++p;
        while (p < json.size() && json[p] == ' ')
            ++p;
        long value = 0;
        bool any = false;
        while (p < json.size() && json[p] >= '0' && json[p] <= '9') {
            value = value * 10 + (json[p++] - '0');
            any = true;
            if (value > 65535)
                return -1;
        }
        return any ? value : -1;
    };
    const long w = number("\"Width\""), h = number("\"Height\"");
    if (w <= 0 || h <= 0)
        return false;
    *cols = static_cast<unsigned short>(w);
    *rows = static_cast<unsigned short>(h);
    return true;
}

struct Child {
    pid_t pid = -1;
    int in = -1;  // stdin (the pty master when tty)
    int out = -1; // stdout (the pty master when tty)
    int err = -1;
    bool tty = false;
};

// Signals stay blocked from before the fork until the child has dropped the handlers it inherited
// (a test's crash handler, say): a hang-up that comes before exec must not run them in the child.
class SignalsBlocked
{
public:
    SignalsBlocked()
    {
        sigset_t all;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &m_old);
    }
    ~SignalsBlocked() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
    SignalsBlocked(const SignalsBlocked &) = delete;
    SignalsBlocked &operator=(const SignalsBlocked &) = delete;

private:
    sigset_t m_old;
};

void resetSignalsInChild()
{
    for (int sig = 1; sig < NSIG; ++sig)
        std::signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
}

[[noreturn]] void execCommand(const std::vector<std::string> &command)
{
    std::vector<char *> argv;
    argv.reserve(command.size() + 1);
    for (const std::string &arg : command)
        argv.push_back(const_cast<char *>(arg.c_str()));
    argv.push_back(nullptr);
    resetSignalsInChild();
    if (const char *home = std::getenv("HOME"))
        (void)::chdir(home);
    ::execvp(argv[0], argv.data());
    const std::string message = "exec: \"" + command.front() + "\": executable file not found in $PATH\n";
    (void)::write(2, message.data(), message.size());
    ::_exit(127);
}

bool spawn(const Session &s, Child *child)
{
    const SignalsBlocked blocked;
    if (s.tty) {
        winsize size{};
        size.ws_col = 80;
        size.ws_row = 24;
        int master = -1;
        const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
        if (pid < 0)
            return false;
        if (pid == 0) {
            ::setenv("TERM", "xterm-256color", 1);
            execCommand(s.command);
        }
        ::fcntl(master, F_SETFD, FD_CLOEXEC);
        child->pid = pid;
        child->in = child->out = master;
        child->tty = true;
        return true;
    }
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]})
            if (fd >= 0)
                ::close(fd);
        return false;
    }
    const pid_t pid = ::fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        ::setsid();
        const int devnull = ::open("/dev/null", O_RDWR);
        ::dup2(s.stdinOpen ? in[0] : devnull, 0);
        ::dup2(s.stdoutOpen ? out[1] : devnull, 1);
        ::dup2(s.stderrOpen ? err[1] : devnull, 2);
        execCommand(s.command);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    child->pid = pid;
    child->in = in[1];
    child->out = out[0];
    child->err = err[0];
    return true;
}

} // namespace

std::string chooseProtocol(const std::string &offered)
{
    bool v4 = false, v5 = false;
    std::size_t start = 0;
    while (start <= offered.size()) {
        const std::size_t comma = offered.find(',', start);
        const std::string item = trim(
            std::string_view(offered).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        v4 = v4 || item == "v4.channel.k8s.io";
        v5 = v5 || item == "v5.channel.k8s.io";
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return v5 ? "v5.channel.k8s.io" : v4 ? "v4.channel.k8s.io" : std::string();
}

std::string acceptKey(const std::string &key)
{
    const std::string input = trim(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char *>(input.data()), input.size(), digest);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    const int n = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<const char *>(encoded), std::size_t(n));
}

int findSocket(int localPort, int peerPort)
{
    DIR *dir = ::opendir("/proc/self/fd");
    if (!dir)
        return -1;
    int found = -1;
    while (const dirent *entry = ::readdir(dir)) {
        char *end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (!end || *end != '\0' || fd < 0 || fd == ::dirfd(dir))
            continue;
        sockaddr_storage local{}, peer{};
        socklen_t localSize = sizeof local, peerSize = sizeof peer;
        if (::getsockname(int(fd), reinterpret_cast<sockaddr *>(&local), &localSize) != 0 ||
            ::getpeername(int(fd), reinterpret_cast<sockaddr *>(&peer), &peerSize) != 0)
            continue;
        const auto port = [](const sockaddr_storage &a) -> int {
            if (a.ss_family == AF_INET)
                return ntohs(reinterpret_cast<const sockaddr_in &>(a).sin_port);
            if (a.ss_family == AF_INET6)
                return ntohs(reinterpret_cast<const sockaddr_in6 &>(a).sin6_port);
            return -1;
        };
        if (port(local) == localPort && port(peer) == peerPort) {
            found = int(fd);
            break;
        }
    }
    ::closedir(dir);
    return found;
}

void runSession(const Session &s)
{
    Wire wire(s.fd, s.ssl);
    Child child;
    if (s.command.empty() || !spawn(s, &child)) {
        wire.writeAll(channelFrame(3, failureStatus("could not start the command")));
        wire.writeAll(frame(kClose, std::string("\x03\xe8", 2)));
        return;
    }

    std::string inbound; // client bytes not yet a whole frame
    std::string message; // a fragmented message being put together
    bool clientGone = false;
    bool closeSent = false;
    bool outOpen = child.out >= 0, errOpen = child.err >= 0;
    char buffer[32 * 1024];

    const auto closeStdin = [&] {
        if (child.tty) {
            const char eot = 0x04; // a pty has no half close: ^D, as a terminal would
            (void)::write(child.in, &eot, 1);
        } else if (child.in >= 0) {
            ::close(child.in);
            child.in = -1;
        }
    };

    // One whole message from the client.
    const auto onMessage = [&](const std::string &payload) {
        if (payload.empty())
            return;
        const auto channel = std::uint8_t(payload[0]);
        const std::string_view data = std::string_view(payload).substr(1);
        if (channel == 0 && child.in >= 0) {
            std::size_t done = 0;
            while (done < data.size()) {
                const ssize_t n = ::write(child.in, data.data() + done, data.size() - done);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0)
                    break;
                done += std::size_t(n);
            }
        } else if (channel == 4 && child.tty) {
            winsize size{};
            if (parseSize(data, &size.ws_col, &size.ws_row))
                ::ioctl(child.in, TIOCSWINSZ, &size); // the kernel tells the foreground group (SIGWINCH)
        } else if (channel == 255 && s.v5 && !data.empty() && data[0] == 0) {
            closeStdin();
        }
    };

    // Frames from `inbound`; false when the client closed or broke the protocol.
    const auto parseFrames = [&]() -> bool {
        for (;;) {
            if (inbound.size() < 2)
                return true;
            const auto b0 = std::uint8_t(inbound[0]), b1 = std::uint8_t(inbound[1]);
            const bool fin = b0 & 0x80;
            const std::uint8_t opcode = b0 & 0x0f;
            const bool masked = b1 & 0x80;
            std::uint64_t length = b1 & 0x7f;
            std::size_t at = 2;
            if (length == 126) {
                if (inbound.size() < 4)
                    return true;
                length = std::uint64_t(std::uint8_t(inbound[2])) << 8 | std::uint8_t(inbound[3]);
                at = 4;
            } else if (length == 127) {
                if (inbound.size() < 10)
                    return true;
                length = 0;
                for (int i = 0; i < 8; ++i)
                    length = length << 8 | std::uint8_t(inbound[std::size_t{2} + std::size_t(i)]);
                at = 10;
            }
            if (!masked || length > kMaxMessage)
                return false; // RFC 6455: a server must close on an unmasked client frame
            if (inbound.size() < at + 4 + length)
                return true;
            const std::string_view mask = std::string_view(inbound).substr(at, 4);
            std::string payload = inbound.substr(at + 4, std::size_t(length));
            for (std::size_t i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ mask[i % 4]);
            inbound.erase(0, at + 4 + std::size_t(length));
            if (opcode == kClose) {
                if (!closeSent)
                    wire.writeAll(frame(kClose, payload.substr(0, 2)));
                closeSent = true;
                return false;
            }
            if (opcode == kPing) {
                wire.writeAll(frame(kPong, payload));
            } else if (opcode == kPong) {
                // nothing: we never ping
            } else if (opcode == kText || opcode == kBinary || opcode == kContinuation) {
                message += payload;
                if (message.size() > kMaxMessage)
                    return false;
                if (fin) {
                    onMessage(message);
                    message.clear();
                }
            } else {
                return false;
            }
        }
    };

    // v4/v5 clients expect the stream channels to be announced with an empty message first.
    if (!wire.writeAll(channelFrame(1, {})) || !wire.writeAll(channelFrame(2, {})))
        clientGone = true;

    while (!clientGone && (outOpen || errOpen)) {
        if (s.stopping && s.stopping())
            break;
        pollfd fds[3] = {
            {s.fd, POLLIN, 0}, {outOpen ? child.out : -1, POLLIN, 0}, {errOpen ? child.err : -1, POLLIN, 0}};
        const int ready = ::poll(fds, 3, wire.pending() ? 0 : 100);
        if (ready < 0 && errno != EINTR)
            break;
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) || wire.pending()) {
            const long n = wire.read(buffer, sizeof buffer);
            if (n < 0) {
                clientGone = true;
                break;
            }
            inbound.append(buffer, std::size_t(n));
            if (!parseFrames()) {
                clientGone = true;
                break;
            }
        }
        for (int i = 1; i < 3; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                if (!wire.writeAll(channelFrame(std::uint8_t(i), std::string_view(buffer, std::size_t(n))))) {
                    clientGone = true;
                    break;
                }
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                // EOF, or EIO on a pty master once the child and everything it started have closed it
                (i == 1 ? outOpen : errOpen) = false;
            }
        }
    }

    int status = 0;
    if (clientGone || outOpen || errOpen) {
        // The client went (or the sim stops) before the command ended: hang it up, as a dropped
        // connection to a real kubelet does.
        ::kill(child.tty ? -child.pid : child.pid, SIGHUP);
        ::kill(child.pid, SIGHUP);
        for (int tries = 0; tries < 50 && ::waitpid(child.pid, &status, WNOHANG) == 0; ++tries)
            ::usleep(10'000);
        if (::waitpid(child.pid, &status, WNOHANG) == 0) {
            ::kill(child.pid, SIGKILL);
            ::waitpid(child.pid, &status, 0);
        }
    } else {
        ::waitpid(child.pid, &status, 0);
    }
    if (child.in >= 0 && child.in != child.out)
        ::close(child.in);
    if (child.out >= 0)
        ::close(child.out);
    if (child.err >= 0)
        ::close(child.err);
    if (!clientGone) {
        wire.writeAll(channelFrame(3, statusFor(status, s.command)));
        if (!closeSent)
            wire.writeAll(frame(kClose, std::string("\x03\xe8", 2)));
        // Wait briefly for the client's close frame so the TCP close is not a reset mid-read.
        for (int i = 0; i < 20; ++i) {
            pollfd p{s.fd, POLLIN, 0};
            if (!wire.pending() && ::poll(&p, 1, 50) <= 0)
                continue;
            if (wire.read(buffer, sizeof buffer) < 0)
                break;
        }
    }
}

} // namespace nephele::sim::exec
