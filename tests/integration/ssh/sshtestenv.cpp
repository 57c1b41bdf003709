#include "sshtestenv.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpServer>

#include <csignal>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

namespace nephele::ssh::test {

bool opensshAvailable(QString *missing)
{
    const QStringList programs{QStringLiteral("/usr/sbin/sshd"), QStringLiteral("/usr/bin/ssh-keygen"),
                               QStringLiteral("/usr/bin/ssh-agent"), QStringLiteral("/usr/bin/ssh-add"),
                               QStringLiteral("/usr/bin/ssh")};
    for (const QString &program : programs) {
        if (!QFileInfo(program).isExecutable()) {
            *missing = program;
            return false;
        }
    }
    return true;
}

bool runningAsRoot()
{
    return geteuid() == 0;
}

QString localUserName()
{
    const passwd *entry = getpwuid(geteuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : qEnvironmentVariable("USER");
}

int run(const QString &program, const QStringList &arguments, QByteArray *output, const QByteArray &input,
        const QStringList &extraEnvironment)
{
    QProcess process;
    if (!extraEnvironment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &pair : extraEnvironment)
            env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
        process.setProcessEnvironment(env);
    }
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForStarted(10'000))
        return -1;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(30'000)) {
        process.kill();
        process.waitForFinished(5'000);
        return -1;
    }
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void shareAuthorizedKeys(const QString &dir, const QString &authDir)
{
    constexpr auto owner = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
    QFile::setPermissions(dir, owner | QFile::ExeGroup | QFile::ExeOther);
    QFile::setPermissions(authDir, owner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    const QStringList files = QDir(authDir).entryList(QDir::Files);
    for (const QString &file : files)
        QFile::setPermissions(authDir + QLatin1Char('/') + file,
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(data) == data.size();
}

bool makeKey(const QString &path, const QString &passphrase, QString *why)
{
    QByteArray output;
    const int rc = run(QStringLiteral("ssh-keygen"),
                       {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"),
                        passphrase, QStringLiteral("-C"), QStringLiteral("nephele-test"), QStringLiteral("-f"), path},
                       &output);
    if (rc != 0) {
        *why = QStringLiteral("ssh-keygen failed: ") + QString::fromLocal8Bit(output);
        return false;
    }
    return true;
}

QString keygenFingerprint(const QString &publicKeyPath)
{
    QByteArray output;
    if (run(QStringLiteral("ssh-keygen"),
            {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"), QStringLiteral("-f"), publicKeyPath},
            &output) != 0)
        return {};
    return QString::fromLatin1(output).split(QLatin1Char(' ')).value(1);
}

quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

QStringList childProcesses()
{
    QStringList children;
    const QString self = QString::number(getpid());
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
        const QByteArray stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
        const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2 || QString::fromLatin1(fields.at(1)) != self)
            continue;
        QByteArray commandLine = readFile(QStringLiteral("/proc/%1/cmdline").arg(pid));
        commandLine.replace('\0', ' ');
        children << QString::fromLatin1(fields.at(0)) + QLatin1Char(' ') +
                        QString::fromLocal8Bit(commandLine.trimmed());
    }
    return children;
}

// ---- Sshd ----

Sshd::Sshd(QString dir, QString authDir)
    : m_dir(std::move(dir))
    , m_authDir(std::move(authDir))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setReadChannel(QProcess::StandardError); // what waitForReadyRead waits for
}

Sshd::~Sshd()
{
    stop();
}

bool Sshd::start(const Options &options, QString *why)
{
    QDir().mkpath(m_dir);
    QDir().mkpath(QStringLiteral("/run/sshd")); // privilege separation's empty folder
    if (!QFile::exists(m_dir + QStringLiteral("/hostkey")) && !makeKey(m_dir + QStringLiteral("/hostkey"), {}, why))
        return false;
    // A port picked now may be taken before sshd binds it: try a few.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        QStringList lines{
            QStringLiteral("ListenAddress 127.0.0.1"),
            QStringLiteral("Port %1").arg(m_port),
            QStringLiteral("HostKey %1/hostkey").arg(m_dir),
            QStringLiteral("PidFile %1/sshd.pid").arg(m_dir),
            QStringLiteral("AuthorizedKeysFile %1/%u").arg(m_authDir),
            QStringLiteral("UsePAM %1").arg(options.usePam ? QStringLiteral("yes") : QStringLiteral("no")),
            QStringLiteral("KbdInteractiveAuthentication %1")
                .arg(options.keyboardInteractive ? QStringLiteral("yes") : QStringLiteral("no")),
            QStringLiteral("PasswordAuthentication %1")
                .arg(options.passwordAuthentication ? QStringLiteral("yes") : QStringLiteral("no")),
            QStringLiteral("PermitRootLogin prohibit-password"),
            QStringLiteral("StrictModes no"),
            QStringLiteral("LogLevel %1").arg(options.logLevel),
            QStringLiteral("MaxStartups 50"),
            QStringLiteral("MaxSessions 50"),
            QStringLiteral("Subsystem sftp internal-sftp"),
        };
        lines += options.extraLines;
        const QString config = m_dir + QStringLiteral("/sshd_config");
        if (!writeFile(config, lines.join(QLatin1Char('\n')).toUtf8() + '\n')) {
            *why = QStringLiteral("cannot write ") + config;
            return false;
        }
        m_log.clear();
        m_process.start(QStringLiteral("/usr/sbin/sshd"),
                        {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), config});
        if (!m_process.waitForStarted(10'000)) {
            *why = QStringLiteral("sshd did not start: ") + m_process.errorString();
            return false;
        }
        // Ready once it says so; it writes that line after binding.
        const QByteArray ready = "Server listening on 127.0.0.1 port " + QByteArray::number(m_port);
        QDeadlineTimer deadline(10'000);
        while (!m_log.contains(ready) && m_process.state() == QProcess::Running && !deadline.hasExpired()) {
            m_process.waitForReadyRead(int(deadline.remainingTime()));
            m_log += m_process.readAllStandardError();
        }
        if (m_log.contains(ready))
            return true;
        m_process.kill();
        m_process.waitForFinished(5'000);
        m_log += m_process.readAllStandardError();
        if (!m_log.contains("Address already in use")) {
            *why = QStringLiteral("sshd did not start listening: ") + QString::fromLocal8Bit(m_log);
            return false;
        }
    }
    *why = QStringLiteral("sshd found no free port");
    return false;
}

void Sshd::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

QByteArray Sshd::knownHostsLine() const
{
    const QList<QByteArray> fields = readFile(hostKeyPublicPath()).trimmed().split(' ');
    return "[127.0.0.1]:" + QByteArray::number(m_port) + ' ' + fields.value(0) + ' ' + fields.value(1) + '\n';
}

QByteArray Sshd::log()
{
    m_log += m_process.readAllStandardError();
    return m_log;
}

// ---- TestUser ----

namespace {

// Ends, by PID, what still runs as a test user (say a remote command a test stopped early), then
// removes the user; -f only if a killed process is not reaped yet.
void removeUser(const QString &name)
{
    const QByteArray account = name.toLocal8Bit();
    const passwd *entry = getpwnam(account.constData());
    if (!entry)
        return;
    const QByteArray uidField = "Uid:\t" + QByteArray::number(entry->pw_uid) + '\t';
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({QStringLiteral("[0-9]*")}, QDir::Dirs);
    for (const QString &pid : pids) {
        if (readFile(QStringLiteral("/proc/%1/status").arg(pid)).contains(uidField))
            ::kill(pid_t(pid.toLongLong()), SIGKILL);
    }
    if (run(QStringLiteral("userdel"), {QStringLiteral("-r"), name}) != 0)
        run(QStringLiteral("userdel"), {QStringLiteral("-r"), QStringLiteral("-f"), name});
}

} // namespace

bool TestUser::create(QString *why)
{
    m_name = QStringLiteral("nephssh%1").arg(getpid());
    m_password = QStringLiteral("pw-%1-Ok").arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    QByteArray output;
    // Users left by runs that were killed (a ctest timeout) before they could remove them.
    const QStringList accounts =
        QString::fromLocal8Bit(readFile(QStringLiteral("/etc/passwd"))).split(QLatin1Char('\n'));
    const QRegularExpression ours(QStringLiteral("^nephssh(\\d+):"));
    for (const QString &account : accounts) {
        const auto match = ours.match(account);
        if (match.hasMatch() && !QFileInfo::exists(QStringLiteral("/proc/") + match.captured(1)))
            removeUser(QStringLiteral("nephssh") + match.captured(1));
    }
    if (run(QStringLiteral("useradd"), {QStringLiteral("-m"), QStringLiteral("-s"), QStringLiteral("/bin/sh"), m_name},
            &output) != 0) {
        *why = QStringLiteral("useradd failed: ") + QString::fromLocal8Bit(output);
        return false;
    }
    m_created = true;
    if (run(QStringLiteral("chpasswd"), {}, &output,
            (m_name + QLatin1Char(':') + m_password + QLatin1Char('\n')).toUtf8()) != 0) {
        *why = QStringLiteral("chpasswd failed: ") + QString::fromLocal8Bit(output);
        return false;
    }
    return true;
}

TestUser::~TestUser()
{
    if (m_created)
        removeUser(m_name);
}

// ---- Agent ----

bool Agent::start(const QString &socketPath, QString *why)
{
    m_socket = socketPath;
    QByteArray output;
    // ssh-agent binds the socket, forks and prints the agent's PID; the socket exists from then on.
    if (run(QStringLiteral("ssh-agent"), {QStringLiteral("-s"), QStringLiteral("-a"), socketPath}, &output) != 0) {
        *why = QStringLiteral("ssh-agent failed: ") + QString::fromLocal8Bit(output);
        return false;
    }
    const auto match = QRegularExpression(QStringLiteral("SSH_AGENT_PID=(\\d+)")).match(QString::fromLatin1(output));
    if (!match.hasMatch()) {
        *why = QStringLiteral("ssh-agent printed no PID: ") + QString::fromLocal8Bit(output);
        return false;
    }
    m_pid = match.captured(1).toLongLong();
    return true;
}

bool Agent::add(const QString &keyPath, QString *why)
{
    QByteArray output;
    if (run(QStringLiteral("ssh-add"), {keyPath}, &output, {}, {QStringLiteral("SSH_AUTH_SOCK=") + m_socket}) != 0) {
        *why = QStringLiteral("ssh-add failed: ") + QString::fromLocal8Bit(output);
        return false;
    }
    return true;
}

Agent::~Agent()
{
    if (m_pid > 0)
        ::kill(pid_t(m_pid), SIGTERM);
}

// ---- Recorders ----

SessionRecorder::SessionRecorder(SshSession *s)
    : session(s)
{
    connect(session, &SshSession::stateChanged, this, [this](SshSession::State state) { states.append(state); });
    connect(session, &SshSession::errorOccurred, this, [this](const SshError &error) { errors.append(error); });
    connect(session, &SshSession::connected, this, [this] { ++connectedCount; });
    connect(session, &SshSession::disconnected, this, [this] { ++disconnectedCount; });
    connect(session, &SshSession::hostKeyUnknown, this, [this](const SshHostKeyInfo &key) {
        hostKeys.append(key);
        if (onHostKey)
            onHostKey(key);
    });
    const auto prompt = [this](const SshAuthPrompt &p) {
        prompts.append(p);
        if (onPrompt)
            onPrompt(p);
    };
    connect(session, &SshSession::passphraseRequested, this, prompt);
    connect(session, &SshSession::passwordRequested, this, prompt);
    connect(session, &SshSession::keyboardInteractiveRequested, this, prompt);
}

void SessionRecorder::answerWith(QStringList answers)
{
    onPrompt = [this, answers](const SshAuthPrompt &p) mutable {
        if (answers.isEmpty()) {
            session->cancelPrompt(p.id);
            return;
        }
        QStringList reply;
        const QString answer = answers.takeFirst();
        for (qsizetype i = 0; i < qMax<qsizetype>(1, p.fields.size()); ++i)
            reply << answer;
        session->answerPrompt(p.id, reply);
    };
}

ChannelRecorder::ChannelRecorder(SshChannel *c)
    : channel(c)
{
    connect(channel, &SshChannel::opened, this, [this] { events << QStringLiteral("opened"); });
    connect(channel, &SshChannel::outputReceived, this, [this](const QByteArray &chunk) {
        out += chunk;
        ++chunks;
        largestChunk = qMax(largestChunk, chunk.size());
    });
    connect(channel, &SshChannel::errorOutputReceived, this, [this](const QByteArray &chunk) {
        err += chunk;
        ++chunks;
        largestChunk = qMax(largestChunk, chunk.size());
    });
    connect(channel, &SshChannel::eofReceived, this, [this] { events << QStringLiteral("eof"); });
    connect(channel, &SshChannel::exitStatusReceived, this, [this](int status) {
        exitStatus = status;
        events << QStringLiteral("exit:%1").arg(status);
    });
    connect(channel, &SshChannel::exitSignalReceived, this,
            [this](const QString &signal) { events << QStringLiteral("signal:") + signal; });
    connect(channel, &SshChannel::errorOccurred, this, [this](const SshError &error) {
        errors.append(error);
        events << QStringLiteral("error");
    });
    connect(channel, &SshChannel::closed, this, [this] {
        closed = true;
        events << QStringLiteral("closed");
    });
}

} // namespace nephele::ssh::test
