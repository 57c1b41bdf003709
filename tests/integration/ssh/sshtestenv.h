#pragma once

// What the SSH integration tests share: a real OpenSSH sshd on 127.0.0.1 (one per instance, on a
// free port, with its own host key), key pairs made by ssh-keygen, a throwaway Unix user with a
// password, an ssh-agent, and recorders for a session's and a channel's signals.

#include "ssh/sshchannel.h"
#include "ssh/sshsession.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace nephele::ssh::test {

// True when /usr/sbin/sshd and the OpenSSH client tools exist; the tests exit 77 otherwise.
bool opensshAvailable(QString *missing);
bool runningAsRoot();
QString localUserName();

// Runs a program to its end; returns its exit code (-1 if it did not start or finish).
int run(const QString &program, const QStringList &arguments, QByteArray *output = nullptr,
        const QByteArray &input = {}, const QStringList &extraEnvironment = {});

QByteArray readFile(const QString &path);
// sshd reads AuthorizedKeysFile as the user logging in: lets any user traverse dir (a private
// temporary folder) and read authDir's files.
void shareAuthorizedKeys(const QString &dir, const QString &authDir);
bool writeFile(const QString &path, const QByteArray &data);

// ssh-keygen -t ed25519; returns false with a reason in why.
bool makeKey(const QString &path, const QString &passphrase, QString *why);
// The SHA256 fingerprint as `ssh-keygen -l -E sha256` prints it.
QString keygenFingerprint(const QString &publicKeyPath);
// A port nothing listens on right now.
quint16 freePort();
// This process's children as "STATE COMMAND LINE" (state Z: a zombie nobody reaped).
QStringList childProcesses();

// One sshd -D -e -f CONFIG on 127.0.0.1.
class Sshd final
{
public:
    struct Options {
        bool usePam = false;
        bool keyboardInteractive = false;
        bool passwordAuthentication = true;
        QString logLevel = QStringLiteral("INFO");
        QStringList extraLines; // more sshd_config lines, e.g. "SetEnv NEPHELE_TEST_EXIT=3"
    };

    // dir: a private folder for its config and host key; authDir: AuthorizedKeysFile authDir/%u.
    Sshd(QString dir, QString authDir);
    ~Sshd();
    Sshd(const Sshd &) = delete;
    Sshd &operator=(const Sshd &) = delete;

    bool start(const Options &options, QString *why);
    void stop();
    quint16 port() const { return m_port; }
    QString hostKeyPublicPath() const { return m_dir + QStringLiteral("/hostkey.pub"); }
    // "[127.0.0.1]:PORT ssh-ed25519 AAAA..." for a known_hosts file, as ssh-keyscan gives it.
    QByteArray knownHostsLine() const;
    // Everything sshd wrote to stderr so far.
    QByteArray log();

private:
    QString m_dir;
    QString m_authDir;
    QProcess m_process;
    QByteArray m_log;
    quint16 m_port = 0;
};

// A Unix user with a password, made with useradd and chpasswd, removed with userdel -r.
class TestUser final
{
public:
    TestUser() = default;
    ~TestUser();
    TestUser(const TestUser &) = delete;
    TestUser &operator=(const TestUser &) = delete;
    bool create(QString *why);
    QString name() const { return m_name; }
    QString password() const { return m_password; }

private:
    QString m_name;
    QString m_password;
    bool m_created = false;
};

// An ssh-agent on a socket of the test's choosing.
class Agent final
{
public:
    Agent() = default;
    ~Agent();
    Agent(const Agent &) = delete;
    Agent &operator=(const Agent &) = delete;
    bool start(const QString &socketPath, QString *why);
    bool add(const QString &keyPath, QString *why);
    QString socketPath() const { return m_socket; }

private:
    QString m_socket;
    qint64 m_pid = 0;
};

// Records a session's signals and answers its questions through the handlers.
class SessionRecorder final : public QObject
{
    Q_OBJECT
public:
    explicit SessionRecorder(SshSession *session);

    SshSession *session;
    QList<SshSession::State> states;
    QList<SshError> errors;
    QList<SshHostKeyInfo> hostKeys;
    QList<SshAuthPrompt> prompts;
    int connectedCount = 0;
    int disconnectedCount = 0;

    // Called for each question; a handler that is not set leaves the question open.
    std::function<void(const SshHostKeyInfo &)> onHostKey;
    std::function<void(const SshAuthPrompt &)> onPrompt;

    // Answers every prompt from a queue of answers; cancels once the queue is empty.
    void answerWith(QStringList answers);
};

// Records a channel's signals in order.
class ChannelRecorder final : public QObject
{
    Q_OBJECT
public:
    explicit ChannelRecorder(SshChannel *channel);

    SshChannel *channel;
    QByteArray out;
    QByteArray err;
    QStringList events; // "opened", "eof", "exit:N", "signal:X", "error", "closed"
    QList<SshError> errors;
    std::optional<int> exitStatus;
    int chunks = 0;
    qsizetype largestChunk = 0;
    bool closed = false;
};

} // namespace nephele::ssh::test

// A QTest main that reports "skipped" (exit 77) when OpenSSH's server is not installed.
#define NEPHELE_SSH_TEST_MAIN(TestClass)                                                                               \
    int main(int argc, char **argv)                                                                                    \
    {                                                                                                                  \
        QCoreApplication app(argc, argv);                                                                              \
        QString missing;                                                                                               \
        if (!nephele::ssh::test::opensshAvailable(&missing)) {                                                         \
            qWarning("SKIP: %s is not installed (package openssh-server / openssh-client)", qPrintable(missing));      \
            return 77;                                                                                                 \
        }                                                                                                              \
        TestClass test;                                                                                                \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
