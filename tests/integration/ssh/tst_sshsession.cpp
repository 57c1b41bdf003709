// SshSession and SshChannel against real OpenSSH sshd servers on 127.0.0.1: every login method,
// host keys (unknown, rejected, changed), ProxyJump through a second sshd, a pty that follows a
// resize, exec with stdin, disconnect and reconnect, keepalive, and a flood of output.

#include "sshtestenv.h"

#include "ssh/knownhosts.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace nephele::ssh;
using namespace nephele::ssh::test;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 20'000;

QString describe(const SessionRecorder &recorder)
{
    QStringList lines;
    for (const SshError &error : recorder.errors)
        lines << sshErrorKindName(error.kind) + QStringLiteral(": ") + error.fullText();
    return lines.isEmpty() ? QStringLiteral("(no error reported)") : lines.join(QLatin1Char('\n'));
}

int openDescriptors()
{
    return int(
        QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot).size());
}

// Waits until the session connected or gave up.
bool settle(const SessionRecorder &recorder)
{
    return QTest::qWaitFor([&] { return recorder.connectedCount > 0 || recorder.disconnectedCount > 0; }, kWaitMs);
}

} // namespace

class TestSshSession : public QObject
{
    Q_OBJECT

private:
    // Key logins use the test user (shell /bin/sh, no profile to run) when there is one, else
    // whoever runs the test.
    SshConnectOptions options(const Sshd &server, const QString &user = {}) const
    {
        SshConnectOptions o;
        o.host = QStringLiteral("127.0.0.1");
        o.port = server.port();
        o.user = user.isEmpty() ? m_login : user;
        o.useConfig = false;
        o.knownHostsFile = m_knownHosts;
        o.globalKnownHostsFile = m_dir.filePath(QStringLiteral("no-global-known-hosts"));
        o.useAgent = false;
        o.connectTimeout = 10s;
        return o;
    }

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // Runs a command on a connected session and waits for its channel to close.
    static std::unique_ptr<ChannelRecorder> runCommand(SshSession &session, const QString &command,
                                                       const QByteArray &input = {})
    {
        SshChannel *channel = session.exec(command);
        auto recorder = std::make_unique<ChannelRecorder>(channel);
        if (!input.isEmpty())
            channel->write(input);
        channel->sendEof();
        if (!QTest::qWaitFor([&] { return recorder->closed; }, kWaitMs))
            qWarning("the channel for \"%s\" did not close in time", qPrintable(command));
        return recorder;
    }

    QTemporaryDir m_dir;
    QString m_knownHosts;
    std::unique_ptr<Sshd> m_main; // publickey and password, no PAM
    std::unique_ptr<Sshd> m_pam;  // keyboard-interactive through PAM
    std::unique_ptr<Sshd> m_jump; // the ProxyJump hop; LogLevel DEBUG3 for the keepalive test
    std::unique_ptr<TestUser> m_user;
    QString m_userSkipReason;
    QString m_login; // the user key logins use

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Nothing of the machine's own SSH setup takes part.
        qunsetenv("SSH_AUTH_SOCK");
        QDir().mkpath(path(QStringLiteral("auth")));
        QString why;
        for (const QString &name :
             {QStringLiteral("id_plain"), QStringLiteral("id_agent"), QStringLiteral("id_memory")})
            QVERIFY2(makeKey(path(name), {}, &why), qPrintable(why));
        for (const QString &name : {QStringLiteral("id_encrypted"), QStringLiteral("id_memory_encrypted")})
            QVERIFY2(makeKey(path(name), QStringLiteral("correct horse"), &why), qPrintable(why));
        QByteArray authorized;
        for (const QString &name : {QStringLiteral("id_plain"), QStringLiteral("id_agent"), QStringLiteral("id_memory"),
                                    QStringLiteral("id_encrypted"), QStringLiteral("id_memory_encrypted")})
            authorized += readFile(path(name + QStringLiteral(".pub")));
        QVERIFY(writeFile(path(QStringLiteral("auth/root")), authorized));

        if (runningAsRoot()) {
            m_user = std::make_unique<TestUser>();
            if (!m_user->create(&why)) {
                m_userSkipReason = why;
                m_user.reset();
            }
        } else {
            m_userSkipReason = QStringLiteral("password logins need a test user, which needs root");
        }
        m_login = m_user ? m_user->name() : localUserName();
        QVERIFY(writeFile(path(QStringLiteral("auth/") + m_login), authorized));
        shareAuthorizedKeys(m_dir.path(), path(QStringLiteral("auth")));

        m_main = std::make_unique<Sshd>(path(QStringLiteral("sshd-main")), path(QStringLiteral("auth")));
        QVERIFY2(m_main->start({}, &why), qPrintable(why));
        Sshd::Options pam;
        pam.usePam = true;
        pam.keyboardInteractive = true;
        pam.passwordAuthentication = false;
        m_pam = std::make_unique<Sshd>(path(QStringLiteral("sshd-pam")), path(QStringLiteral("auth")));
        QVERIFY2(m_pam->start(pam, &why), qPrintable(why));
        Sshd::Options jump;
        jump.logLevel = QStringLiteral("DEBUG3");
        m_jump = std::make_unique<Sshd>(path(QStringLiteral("sshd-jump")), path(QStringLiteral("auth")));
        QVERIFY2(m_jump->start(jump, &why), qPrintable(why));

        m_knownHosts = path(QStringLiteral("known_hosts"));
        QVERIFY(writeFile(m_knownHosts, m_main->knownHostsLine() + m_pam->knownHostsLine() + m_jump->knownHostsLine()));
    }

    void cleanupTestCase()
    {
        m_main.reset();
        m_pam.reset();
        m_jump.reset();
        m_user.reset();
    }

    void keyFileLogin()
    {
        const int descriptorsBefore = openDescriptors();
        {
            keyFileLoginIn();
        }
        // The session's socket, wake-up descriptor and thread are all gone with it.
        QCOMPARE(openDescriptors(), descriptorsBefore);
    }

    void connectionLostIsReported()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        SshChannel *shell = session.openShell();
        ChannelRecorder channel(shell);
        QTRY_VERIFY_WITH_TIMEOUT(channel.events.contains(QStringLiteral("opened")), kWaitMs);
        // The shell's parent is sshd's process for this connection: killing it drops the
        // connection without a goodbye, as a crashed server or a cut cable would.
        shell->write("kill -KILL $PPID\n");
        QTRY_COMPARE_WITH_TIMEOUT(recorder.disconnectedCount, 1, kWaitMs);
        QCOMPARE(recorder.errors.size(), 1);
        QCOMPARE(recorder.errors.at(0).kind, SshErrorKind::ConnectionLost);
        QVERIFY(channel.closed);
        QCOMPARE(channel.errors.size(), 1);
        QCOMPARE(channel.errors.at(0).kind, SshErrorKind::ConnectionLost);
        QCOMPARE(channel.events.last(), QStringLiteral("closed"));
        QCOMPARE(session.state(), SshSession::State::Disconnected);
    }

private:
    void keyFileLoginIn()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        o.allowPassword = false;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QCOMPARE(recorder.states,
                 (QList<SshSession::State>{SshSession::State::Connecting, SshSession::State::Authenticating,
                                           SshSession::State::Connected}));
        QVERIFY(recorder.prompts.isEmpty());
        QVERIFY(recorder.hostKeys.isEmpty());
        QCOMPARE(session.target(), QStringLiteral("%1@127.0.0.1:%2").arg(m_login).arg(m_main->port()));
        const auto result = runCommand(session, QStringLiteral("id -un"));
        QCOMPARE(result->out, m_login.toUtf8() + '\n');
        QCOMPARE(result->exitStatus, 0);
        QVERIFY(m_main->log().contains(QByteArray("Accepted publickey for " + m_login.toUtf8())));
    }

private Q_SLOTS:

    void keyInMemoryLogin()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.privateKey = readFile(path(QStringLiteral("id_memory")));
        o.privateKeyName = QStringLiteral("deploy key");
        o.allowPassword = false;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QVERIFY(recorder.prompts.isEmpty());
        // The server saw the memory key, not another one.
        const QString fingerprint = keygenFingerprint(path(QStringLiteral("id_memory.pub")));
        QVERIFY(!fingerprint.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m_main->log().contains(QByteArray("Accepted publickey for " + m_login.toUtf8())) &&
                                     m_main->log().contains(fingerprint.toUtf8()),
                                 5'000);
    }

    void encryptedKeyFileAsksPassphrase()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        recorder.answerWith({QStringLiteral("wrong guess"), QStringLiteral("correct horse")});
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_encrypted"))};
        o.allowPassword = false;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QCOMPARE(recorder.prompts.size(), 2);
        const SshAuthPrompt first = recorder.prompts.at(0);
        QCOMPARE(first.kind, SshAuthPrompt::Kind::Passphrase);
        QCOMPARE(first.keyName, path(QStringLiteral("id_encrypted")));
        QCOMPARE(first.fields.size(), 1);
        QVERIFY(!first.fields.at(0).echo);
        QCOMPARE(first.attempt, 1);
        QVERIFY(first.retryReason.isEmpty());
        const SshAuthPrompt second = recorder.prompts.at(1);
        QCOMPARE(second.attempt, 2);
        QVERIFY2(second.retryReason.contains(QStringLiteral("Wrong passphrase")), qPrintable(second.retryReason));
    }

    void encryptedKeyInMemoryAsksPassphrase()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        recorder.answerWith({QStringLiteral("correct horse")});
        SshConnectOptions o = options(*m_main);
        o.privateKey = readFile(path(QStringLiteral("id_memory_encrypted")));
        o.privateKeyName = QStringLiteral("vault key");
        o.allowPassword = false;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QCOMPARE(recorder.prompts.size(), 1);
        QCOMPARE(recorder.prompts.at(0).kind, SshAuthPrompt::Kind::Passphrase);
        QCOMPARE(recorder.prompts.at(0).keyName, QStringLiteral("vault key"));
    }

    void passwordLogin()
    {
        if (!m_user)
            QSKIP(qPrintable(m_userSkipReason));
        SshSession session;
        SessionRecorder recorder(&session);
        recorder.answerWith({m_user->password()});
        session.connectToHost(options(*m_main, m_user->name()));
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QCOMPARE(recorder.prompts.size(), 1);
        const SshAuthPrompt prompt = recorder.prompts.at(0);
        QCOMPARE(prompt.kind, SshAuthPrompt::Kind::Password);
        QVERIFY(!prompt.fields.at(0).echo);
        QCOMPARE(prompt.target, QStringLiteral("%1@127.0.0.1:%2").arg(m_user->name()).arg(m_main->port()));
        const auto result = runCommand(session, QStringLiteral("id -un"));
        QCOMPARE(result->out, m_user->name().toUtf8() + '\n');
        QVERIFY(m_main->log().contains(QByteArray("Accepted password for " + m_user->name().toUtf8())));
    }

    void wrongPasswordIsAClearError()
    {
        if (!m_user)
            QSKIP(qPrintable(m_userSkipReason));
        SshSession session;
        SessionRecorder recorder(&session);
        recorder.answerWith({QStringLiteral("still wrong")});
        SshConnectOptions o = options(*m_main, m_user->name());
        o.password = QStringLiteral("wrong from the keychain"); // tried first, without a prompt
        o.passwordAttempts = 2;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QCOMPARE(recorder.connectedCount, 0);
        QCOMPARE(recorder.prompts.size(), 1); // only the second attempt asks
        QCOMPARE(recorder.prompts.at(0).attempt, 2);
        QVERIFY(recorder.prompts.at(0).retryReason.contains(QStringLiteral("Wrong password")));
        QCOMPARE(recorder.errors.size(), 1);
        const SshError error = recorder.errors.at(0);
        QCOMPARE(error.kind, SshErrorKind::WrongPassword);
        QVERIFY2(error.summary().contains(QStringLiteral("wrong password for %1@127.0.0.1").arg(m_user->name())),
                 qPrintable(error.summary()));
        // No secret in what a user or a log sees.
        QVERIFY(!error.fullText().contains(QStringLiteral("still wrong")));
        QVERIFY(!error.fullText().contains(QStringLiteral("keychain")));
        QCOMPARE(session.state(), SshSession::State::Disconnected);
        QTRY_VERIFY_WITH_TIMEOUT(m_main->log().contains(QByteArray("Failed password for " + m_user->name().toUtf8())),
                                 5'000);
    }

    void agentLogin()
    {
        Agent agent;
        QString why;
        QVERIFY2(agent.start(path(QStringLiteral("agent.sock")), &why), qPrintable(why));
        QVERIFY2(agent.add(path(QStringLiteral("id_agent")), &why), qPrintable(why));

        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.useAgent = true;
        o.agentSocket = agent.socketPath();
        o.allowPassword = false;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QVERIFY(recorder.prompts.isEmpty());
        const QString fingerprint = keygenFingerprint(path(QStringLiteral("id_agent.pub")));
        QTRY_VERIFY_WITH_TIMEOUT(m_main->log().contains(fingerprint.toUtf8()), 5'000);

        // The same login without the agent has nothing to offer.
        SshSession without;
        SessionRecorder refused(&without);
        o.useAgent = false;
        without.connectToHost(o);
        QVERIFY(settle(refused));
        QCOMPARE(refused.connectedCount, 0);
        QCOMPARE(refused.errors.size(), 1);
        QCOMPARE(refused.errors.at(0).kind, SshErrorKind::AuthFailed);
        QVERIFY2(refused.errors.at(0).message.contains(QStringLiteral("publickey")),
                 qPrintable(refused.errors.at(0).message));
    }

    void keyboardInteractiveLogin()
    {
        if (!m_user)
            QSKIP(qPrintable(m_userSkipReason));
        SshSession session;
        SessionRecorder recorder(&session);
        recorder.answerWith({QStringLiteral("not it"), m_user->password()});
        session.connectToHost(options(*m_pam, m_user->name()));
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QCOMPARE(recorder.prompts.size(), 2);
        for (const SshAuthPrompt &prompt : std::as_const(recorder.prompts)) {
            QCOMPARE(prompt.kind, SshAuthPrompt::Kind::KeyboardInteractive);
            QCOMPARE(prompt.fields.size(), 1);
            QVERIFY2(prompt.fields.at(0).text.contains(QStringLiteral("assword")),
                     qPrintable(prompt.fields.at(0).text));
            QVERIFY(!prompt.fields.at(0).echo);
        }
        QCOMPARE(recorder.prompts.at(1).attempt, 2);
        QVERIFY(!recorder.prompts.at(1).retryReason.isEmpty());
        const auto result = runCommand(session, QStringLiteral("id -un"));
        QCOMPARE(result->out, m_user->name().toUtf8() + '\n');
        QVERIFY(m_pam->log().contains(QByteArray("Accepted keyboard-interactive/pam for " + m_user->name().toUtf8())));
    }

    void unknownHostKeyAcceptedAndRemembered()
    {
        // No ~/.ssh yet: the folder and the file are made on accept.
        const QString knownHosts = path(QStringLiteral("fresh/.ssh/known_hosts"));
        SshConnectOptions o = options(*m_main);
        o.knownHostsFile = knownHosts;
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        {
            SshSession session;
            SessionRecorder recorder(&session);
            recorder.onHostKey = [&session](const SshHostKeyInfo &key) { session.acceptHostKey(key.requestId); };
            session.connectToHost(o);
            QVERIFY(settle(recorder));
            QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
            QCOMPARE(recorder.hostKeys.size(), 1);
            const SshHostKeyInfo key = recorder.hostKeys.at(0);
            QCOMPARE(key.fingerprint, keygenFingerprint(m_main->hostKeyPublicPath()));
            QVERIFY(key.fingerprint.startsWith(QStringLiteral("SHA256:")));
            QCOMPARE(key.keyType, QStringLiteral("ssh-ed25519"));
            QCOMPARE(key.host, QStringLiteral("127.0.0.1"));
            QCOMPARE(key.port, m_main->port());
            QCOMPARE(key.knownHostsFile, knownHosts);
            QVERIFY(recorder.states.contains(SshSession::State::VerifyingHostKey));
        }
        // Written in OpenSSH's format: OpenSSH's own tool finds it.
        QByteArray found;
        QCOMPARE(run(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-F"), QStringLiteral("[127.0.0.1]:%1").arg(m_main->port()), QStringLiteral("-f"),
                      knownHosts},
                     &found),
                 0);
        const QList<QByteArray> hostKey = readFile(m_main->hostKeyPublicPath()).split(' ');
        QVERIFY2(found.contains(hostKey.value(1)), found.constData());

        // Remembered: the next connection asks nothing.
        SshSession again;
        SessionRecorder recorder(&again);
        again.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QVERIFY(recorder.hostKeys.isEmpty());
    }

    void unknownHostKeyRejected()
    {
        const QString knownHosts = path(QStringLiteral("rejected_known_hosts"));
        QVERIFY(writeFile(knownHosts, "# nothing known yet\n"));
        SshSession session;
        SessionRecorder recorder(&session);
        recorder.onHostKey = [&session](const SshHostKeyInfo &key) { session.rejectHostKey(key.requestId); };
        SshConnectOptions o = options(*m_main);
        o.knownHostsFile = knownHosts;
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QCOMPARE(recorder.connectedCount, 0);
        QCOMPARE(recorder.hostKeys.size(), 1);
        QCOMPARE(recorder.errors.size(), 1);
        QCOMPARE(recorder.errors.at(0).kind, SshErrorKind::HostKeyRejected);
        QVERIFY(!recorder.states.contains(SshSession::State::Authenticating));
        QCOMPARE(readFile(knownHosts), QByteArray("# nothing known yet\n"));
    }

    void hostKeyPolicies()
    {
        // AcceptNew: OpenSSH's StrictHostKeyChecking=accept-new, no question asked.
        const QString knownHosts = path(QStringLiteral("policy_known_hosts"));
        SshConnectOptions o = options(*m_main);
        o.knownHostsFile = knownHosts;
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        o.unknownHostKey = UnknownHostKeyPolicy::AcceptNew;
        {
            SshSession session;
            SessionRecorder recorder(&session);
            session.connectToHost(o);
            QVERIFY(settle(recorder));
            QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
            QVERIFY(recorder.hostKeys.isEmpty());
        }
        QVERIFY(readFile(knownHosts).contains(readFile(m_main->hostKeyPublicPath()).split(' ').value(1)));

        // Reject: an unknown key ends the attempt, again without a question.
        SshSession session;
        SessionRecorder recorder(&session);
        o.knownHostsFile = path(QStringLiteral("strict_known_hosts"));
        o.unknownHostKey = UnknownHostKeyPolicy::Reject;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QCOMPARE(recorder.connectedCount, 0);
        QVERIFY(recorder.hostKeys.isEmpty());
        QCOMPARE(recorder.errors.size(), 1);
        QCOMPARE(recorder.errors.at(0).kind, SshErrorKind::HostKeyRejected);
        QCOMPARE(recorder.errors.at(0).hostKey.fingerprint, keygenFingerprint(m_main->hostKeyPublicPath()));
        QVERIFY(!QFile::exists(o.knownHostsFile));
    }

    void changedHostKeyRefused()
    {
        // Line 3 holds another key for the same host and port.
        QString why;
        QVERIFY2(makeKey(path(QStringLiteral("impostor")), {}, &why), qPrintable(why));
        const QList<QByteArray> impostor = readFile(path(QStringLiteral("impostor.pub"))).split(' ');
        const QString knownHosts = path(QStringLiteral("changed_known_hosts"));
        const QByteArray content = "# hosts of the test\n" + m_pam->knownHostsLine() +
                                   "[127.0.0.1]:" + QByteArray::number(m_main->port()) + ' ' + impostor.value(0) + ' ' +
                                   impostor.value(1) + '\n';
        QVERIFY(writeFile(knownHosts, content));
        const QByteArray logBefore = m_main->log();

        SshSession session;
        SessionRecorder recorder(&session);
        recorder.onHostKey = [&session](const SshHostKeyInfo &key) { session.acceptHostKey(key.requestId); };
        SshConnectOptions o = options(*m_main);
        o.knownHostsFile = knownHosts;
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QCOMPARE(recorder.connectedCount, 0);
        QVERIFY(recorder.hostKeys.isEmpty()); // never offered for acceptance
        QVERIFY(!recorder.states.contains(SshSession::State::Authenticating));
        QCOMPARE(recorder.errors.size(), 1);
        const SshError error = recorder.errors.at(0);
        QCOMPARE(error.kind, SshErrorKind::HostKeyChanged);
        const QString oldFingerprint = keygenFingerprint(path(QStringLiteral("impostor.pub")));
        const QString newFingerprint = keygenFingerprint(m_main->hostKeyPublicPath());
        QVERIFY2(error.message.contains(oldFingerprint), qPrintable(error.message));
        QVERIFY2(error.message.contains(newFingerprint), qPrintable(error.message));
        QVERIFY2(error.message.contains(knownHosts + QStringLiteral(" line 3")), qPrintable(error.message));
        QVERIFY(error.message.contains(QStringLiteral("changed")));
        QCOMPARE(error.hostKey.fingerprint, newFingerprint);
        QCOMPARE(error.hostKey.knownEntries.size(), 1);
        QCOMPARE(error.hostKey.knownEntries.at(0).line, 3);
        QCOMPARE(error.hostKey.knownEntries.at(0).fingerprint, oldFingerprint);
        QCOMPARE(readFile(knownHosts), content); // left as it was
        QVERIFY(!m_main->log().sliced(logBefore.size()).contains("Accepted"));
    }

    void connectionRefused()
    {
        const quint16 closedPort = freePort();
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.port = closedPort;
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QCOMPARE(recorder.errors.size(), 1);
        const SshError error = recorder.errors.at(0);
        QCOMPARE(error.kind, SshErrorKind::ConnectionRefused);
        QVERIFY2(error.message.contains(QStringLiteral("refused")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QStringLiteral("port %1").arg(closedPort)), qPrintable(error.message));
        QCOMPARE(recorder.states,
                 (QList<SshSession::State>{SshSession::State::Connecting, SshSession::State::Disconnected}));
    }

    void ptyFollowsResize()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        // Asked before the connection is up: it opens once logged in.
        SshChannel *shell = session.openShell({QStringLiteral("xterm-256color"), 100, 30});
        ChannelRecorder channel(shell);
        QTRY_VERIFY_WITH_TIMEOUT(channel.events.contains(QStringLiteral("opened")), kWaitMs);
        QVERIFY(shell->isOpen());

        shell->write("stty size; echo \"term=$TERM\"\n");
        QTRY_VERIFY_WITH_TIMEOUT(channel.out.contains("30 100") && channel.out.contains("term=xterm-256color"),
                                 kWaitMs);
        shell->resizePty(120, 40);
        shell->write("stty size\n");
        QTRY_VERIFY_WITH_TIMEOUT(channel.out.contains("40 120"), kWaitMs);
        shell->write("exit 3\n");
        QTRY_VERIFY_WITH_TIMEOUT(channel.closed, kWaitMs);
        QCOMPARE(channel.exitStatus, 3);
        QCOMPARE(channel.events, (QStringList{QStringLiteral("opened"), QStringLiteral("eof"), QStringLiteral("exit:3"),
                                              QStringLiteral("closed")}));
        QCOMPARE(shell->exitStatus(), 3);
        QVERIFY(shell->isClosed());
        QCOMPARE(session.state(), SshSession::State::Connected); // the session outlives its channels
    }

    void execOutputsAndExitStatus()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        const auto result = runCommand(session, QStringLiteral("echo out; echo err >&2; exit 7"));
        QCOMPARE(result->out, QByteArray("out\n"));
        QCOMPARE(result->err, QByteArray("err\n"));
        QCOMPARE(result->exitStatus, 7);
        QCOMPARE(result->events.last(), QStringLiteral("closed"));
        QVERIFY(result->errors.isEmpty());

        const auto killed = runCommand(session, QStringLiteral("kill -KILL $$"));
        QVERIFY2(killed->events.contains(QStringLiteral("signal:KILL")), qPrintable(killed->events.join(u',')));
    }

    void scriptThroughStdin()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        // More than one window's worth of stdin (libssh's window is about 1.2 MB).
        QByteArray script = "n=0\n";
        while (script.size() < 3 * 1024 * 1024)
            script += "n=$((n+1)) # padding padding padding padding padding padding padding padding\n";
        script += "echo \"lines $n\"\nexit 5\n";
        const qsizetype lines = script.count('\n') - 3;
        const auto result = runCommand(session, QStringLiteral("sh -s"), script);
        QCOMPARE(result->out, "lines " + QByteArray::number(lines) + '\n');
        QCOMPARE(result->exitStatus, 5);
    }

    void proxyJumpThroughSecondSshd()
    {
        // libssh 0.10 turns ProxyJump into a ProxyCommand running OpenSSH's `ssh -W` to the jump
        // host. That client reads its own config from the user's home; a wrapper on PATH points
        // it at the test's, as ~/.ssh/config would for a user.
        const QString bin = path(QStringLiteral("bin"));
        QDir().mkpath(bin);
        const QString clientConfig = path(QStringLiteral("jump_client_config"));
        const QString jumpKnownHosts = path(QStringLiteral("jump_known_hosts"));
        QVERIFY(writeFile(jumpKnownHosts, m_jump->knownHostsLine()));
        QVERIFY(writeFile(clientConfig, QStringLiteral("Host *\n"
                                                       "  UserKnownHostsFile %1\n"
                                                       "  GlobalKnownHostsFile /dev/null\n"
                                                       "  StrictHostKeyChecking yes\n"
                                                       "  IdentityFile %2\n"
                                                       "  IdentitiesOnly yes\n"
                                                       "  BatchMode yes\n"
                                                       "  LogLevel ERROR\n")
                                            .arg(jumpKnownHosts, path(QStringLiteral("id_plain")))
                                            .toUtf8()));
        const QString wrapper = bin + QStringLiteral("/ssh");
        QVERIFY(writeFile(wrapper,
                          QStringLiteral("#!/bin/sh\nexec /usr/bin/ssh -F %1 \"$@\"\n").arg(clientConfig).toUtf8()));
        QFile::setPermissions(wrapper, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const QByteArray oldPath = qgetenv("PATH");
        qputenv("PATH", bin.toUtf8() + ':' + oldPath);
        const auto restorePath = qScopeGuard([oldPath] { qputenv("PATH", oldPath); });

        const QString config = path(QStringLiteral("ssh_config"));
        QVERIFY(writeFile(config, QStringLiteral("Host nephele-target\n"
                                                 "  HostName 127.0.0.1\n"
                                                 "  Port %1\n"
                                                 "  User %3\n"
                                                 "  ProxyJump %3@127.0.0.1:%2\n")
                                      .arg(m_main->port())
                                      .arg(m_jump->port())
                                      .arg(m_login)
                                      .toUtf8()));
        auto session = std::make_unique<SshSession>();
        SessionRecorder recorder(session.get());
        SshConnectOptions o = options(*m_main);
        o.host = QStringLiteral("nephele-target");
        o.port = 0;
        o.user.clear();
        o.useConfig = true;
        o.configFile = config;
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        o.allowPassword = false;
        const QByteArray jumpLogBefore = m_jump->log();
        session->connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        QCOMPARE(session->target(),
                 QStringLiteral("%1@nephele-target (127.0.0.1:%2)").arg(m_login).arg(m_main->port()));
        const auto result = runCommand(*session, QStringLiteral("echo through-the-jump"));
        QCOMPARE(result->out, QByteArray("through-the-jump\n"));
        // The jump host forwarded the connection to the target's port.
        const QByteArray forwarded = "target 127.0.0.1 port " + QByteArray::number(m_main->port());
        QTRY_VERIFY_WITH_TIMEOUT(m_jump->log().sliced(jumpLogBefore.size()).contains(forwarded), 5'000);
        const auto hop = [&clientConfig] {
            QStringList found;
            for (const QString &child : childProcesses()) {
                if (child.contains(clientConfig) || child.startsWith(QLatin1Char('Z')))
                    found << child;
            }
            return found;
        };
        QVERIFY2(!hop().isEmpty(), "the ssh -W hop should run while connected");
        // Ending the session ends (and reaps) the hop.
        session.reset();
        QTRY_VERIFY2_WITH_TIMEOUT(hop().isEmpty(), qPrintable(hop().join(QLatin1Char('\n'))), 5'000);

        // A jump host that is down: a Proxy error, not a hang.
        QVERIFY(writeFile(config, QStringLiteral("Host nephele-target\n"
                                                 "  HostName 127.0.0.1\n"
                                                 "  Port %1\n"
                                                 "  ProxyJump %2@127.0.0.1:%3\n")
                                      .arg(m_main->port())
                                      .arg(m_login)
                                      .arg(freePort())
                                      .toUtf8()));
        SshSession broken;
        SessionRecorder failed(&broken);
        broken.connectToHost(o);
        QVERIFY(settle(failed));
        QCOMPARE(failed.connectedCount, 0);
        QCOMPARE(failed.errors.size(), 1);
        QCOMPARE(failed.errors.at(0).kind, SshErrorKind::Proxy);
        QVERIFY2(failed.errors.at(0).message.contains(QStringLiteral("jump host")),
                 qPrintable(failed.errors.at(0).message));
    }

    void disconnectAndReconnect()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        SshChannel *shell = session.openShell();
        ChannelRecorder channel(shell);
        QTRY_VERIFY_WITH_TIMEOUT(channel.events.contains(QStringLiteral("opened")), kWaitMs);

        session.disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(recorder.disconnectedCount, 1, kWaitMs);
        QVERIFY(channel.closed);
        QVERIFY(channel.errors.isEmpty()); // a disconnect the user asked for is not an error
        QVERIFY(recorder.errors.isEmpty());
        QCOMPARE(session.state(), SshSession::State::Disconnected);
        QTRY_VERIFY_WITH_TIMEOUT(m_main->log().contains("Received disconnect from 127.0.0.1"), 5'000);

        session.reconnect();
        QTRY_COMPARE_WITH_TIMEOUT(recorder.connectedCount, 2, kWaitMs);
        const auto result = runCommand(session, QStringLiteral("echo again"));
        QCOMPARE(result->out, QByteArray("again\n"));

        // Reconnecting while connected closes the old connection first.
        session.reconnect();
        QTRY_COMPARE_WITH_TIMEOUT(recorder.connectedCount, 3, kWaitMs);
        QCOMPARE(recorder.disconnectedCount, 2);
        QVERIFY2(recorder.errors.isEmpty(), qPrintable(describe(recorder)));
    }

    void keepaliveSendsIgnore()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_jump);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        o.keepaliveInterval = 200ms;
        const qsizetype before = m_jump->log().count("Received SSH2_MSG_IGNORE");
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        // An idle session sends them on its own, again and again.
        QTRY_VERIFY_WITH_TIMEOUT(m_jump->log().count("Received SSH2_MSG_IGNORE") >= before + 3, 10'000);
        QCOMPARE(session.state(), SshSession::State::Connected);
    }

    void deletedWhileWaitingForHostKey()
    {
        const QString knownHosts = path(QStringLiteral("pending_known_hosts"));
        auto *session = new SshSession;
        SessionRecorder recorder(session);
        SshConnectOptions o = options(*m_main);
        o.knownHostsFile = knownHosts;
        session->connectToHost(o);
        QTRY_COMPARE_WITH_TIMEOUT(recorder.hostKeys.size(), 1, kWaitMs);
        QElapsedTimer clock;
        clock.start();
        delete session; // the worker waits for an answer that never comes: it must end anyway
        QVERIFY2(clock.elapsed() < 3'000, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(!QFile::exists(knownHosts));
    }

    void floodArrivesInChunks()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        constexpr qint64 total = 128LL * 1024 * 1024;
        SshChannel *channel = session.exec(QStringLiteral("head -c %1 /dev/zero").arg(total));
        qint64 received = 0;
        int chunks = 0;
        qsizetype largest = 0;
        bool closed = false;
        QElapsedTimer clock; // from the first byte: the remote command's start-up is not the wire
        connect(channel, &SshChannel::outputReceived, this, [&](const QByteArray &chunk) {
            if (!clock.isValid())
                clock.start();
            received += chunk.size();
            ++chunks;
            largest = qMax(largest, chunk.size());
        });
        connect(channel, &SshChannel::closed, this, [&] { closed = true; });
        // A real event loop (QSignalSpy::wait), not QTRY's poll-and-nap, consumes like a GUI would.
        QSignalSpy closedSpy(channel, &SshChannel::closed);
        QVERIFY(closed || closedSpy.wait(60'000));
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        QCOMPARE(received, total);
        QVERIFY(largest <= 64 * 1024);
        // Coalesced: far fewer signals than libssh's 4 KiB socket reads.
        QVERIFY2(total / chunks >= 16 * 1024, qPrintable(QStringLiteral("%1 chunks").arg(chunks)));
        qInfo("flood: %lld MiB in %.2f s = %.0f MiB/s, %d chunks (average %lld KiB)", total >> 20, seconds,
              double(total) / 1048576.0 / seconds, chunks, (total / chunks) >> 10);
    }

    void slowConsumerGetsEveryByteInOrder()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        SshConnectOptions o = options(*m_main);
        o.identityFiles = {path(QStringLiteral("id_plain"))};
        session.connectToHost(o);
        QVERIFY(settle(recorder));
        QVERIFY2(recorder.connectedCount == 1, qPrintable(describe(recorder)));
        constexpr int count = 1'500'000;
        QByteArray expected;
        expected.reserve(12 * 1024 * 1024);
        for (int i = 1; i <= count; ++i)
            expected += QByteArray::number(i) + '\n';
        // A small read-ahead makes the worker pause and resume many times while the test's event
        // loop runs only between its waits: nothing may be lost, doubled or reordered.
        SshChannel *channel = session.exec(QStringLiteral("seq 1 %1").arg(count));
        channel->setReadAheadLimit(128 * 1024);
        ChannelRecorder result(channel);
        QTRY_VERIFY_WITH_TIMEOUT(result.closed, 60'000);
        QCOMPARE(result.out.size(), expected.size());
        QVERIFY(result.out == expected);
        QCOMPARE(result.exitStatus, 0);
        QCOMPARE(result.events, (QStringList{QStringLiteral("opened"), QStringLiteral("eof"), QStringLiteral("exit:0"),
                                             QStringLiteral("closed")}));
    }
};

NEPHELE_SSH_TEST_MAIN(TestSshSession)
#include "tst_sshsession.moc"
