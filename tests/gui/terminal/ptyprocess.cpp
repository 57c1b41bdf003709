#include "ptyprocess.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace nephele::testsupport {

PtyProcess::PtyProcess(QObject *parent)
    : QObject(parent)
{}

PtyProcess::~PtyProcess()
{
    stop();
}

bool PtyProcess::start(const QStringList &argv, int columns, int rows, const QStringList &environment)
{
    if (argv.isEmpty())
        return false;
    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    std::vector<QByteArray> args;
    for (const QString &a : argv)
        args.push_back(a.toLocal8Bit());
    std::vector<char *> argp;
    for (QByteArray &a : args)
        argp.push_back(a.data());
    argp.push_back(nullptr);
    std::vector<QByteArray> env;
    for (char **e = environ; *e; ++e) {
        const QByteArray entry(*e);
        if (!entry.startsWith("TERM=") && !entry.startsWith("COLUMNS=") && !entry.startsWith("LINES="))
            env.push_back(entry);
    }
    env.push_back("TERM=xterm-256color");
    for (const QString &e : environment)
        env.push_back(e.toLocal8Bit());
    std::vector<char *> envp;
    for (QByteArray &e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    winsize size{};
    size.ws_col = static_cast<unsigned short>(columns);
    size.ws_row = static_cast<unsigned short>(rows);
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
    if (pid < 0)
        return false;
    if (pid == 0) {
        execve(argp[0], argp.data(), envp.data());
        _exit(127);
    }
    m_master = master;
    m_pid = pid;
    fcntl(m_master, F_SETFL, fcntl(m_master, F_GETFL) | O_NONBLOCK);
    fcntl(m_master, F_SETFD, FD_CLOEXEC);
    m_notifier = new QSocketNotifier(m_master, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PtyProcess::readAvailable);
    return true;
}

void PtyProcess::setReadingPaused(bool paused)
{
    if (m_notifier)
        m_notifier->setEnabled(!paused);
}

void PtyProcess::readAvailable()
{
    char buffer[65536];
    const ssize_t n = ::read(m_master, buffer, sizeof buffer);
    if (n > 0) {
        Q_EMIT dataReceived(QByteArray(buffer, qsizetype(n)));
        return;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    // EIO: the child closed its side.
    m_notifier->setEnabled(false);
    Q_EMIT finished();
}

void PtyProcess::write(const QByteArray &bytes)
{
    qsizetype done = 0;
    while (m_master >= 0 && done < bytes.size()) {
        const ssize_t n = ::write(m_master, bytes.constData() + done, size_t(bytes.size() - done));
        if (n > 0) {
            done += n;
        } else if (n < 0 && errno == EAGAIN) {
            pollfd waiting{m_master, POLLOUT, 0}; // the pty's buffer is full: wait for the child
            if (poll(&waiting, 1, 5000) <= 0)
                return;
        } else if (n < 0 && errno != EINTR) {
            return;
        }
    }
}

void PtyProcess::resize(int columns, int rows)
{
    if (m_master < 0)
        return;
    winsize size{};
    size.ws_col = static_cast<unsigned short>(columns);
    size.ws_row = static_cast<unsigned short>(rows);
    ioctl(m_master, TIOCSWINSZ, &size);
}

void PtyProcess::stop()
{
    if (m_pid > 0) {
        kill(pid_t(m_pid), SIGKILL);
        waitpid(pid_t(m_pid), nullptr, 0);
        m_pid = -1;
    }
    if (m_master >= 0) {
        delete m_notifier;
        m_notifier = nullptr;
        ::close(m_master);
        m_master = -1;
    }
}

} // namespace nephele::testsupport
