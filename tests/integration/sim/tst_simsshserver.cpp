// The simulator's SSH server (the demo's) against the console's own SSH client, nephele_ssh:
// key login, an exec channel, a shell in a pty that follows a resize, a wrong key refused, a
// password, and a clean stop with sessions still open.

#include "sim/sshserver.h"
#include "ssh/sshchannel.h"
#include "ssh/sshsession.h"
#include "sshtestenv.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using namespace nephele;
using ssh::SshChannel;
using ssh::SshConnectOptions;
using ssh::SshErrorKind;
using ssh::SshSession;
using ssh::test::ChannelRecorder;
using ssh::test::SessionRecorder;

class TestSimSshServer final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<sim::SshServer> m_server;
    QString m_key;
    QString m_knownHosts;
    QString m_user;

    SshConnectOptions options(const QString &key) const
    {
        SshConnectOptions o;
        o.host = QStringLiteral("127.0.0.1");
        o.port = m_server->port();
        o.user = m_user;
        o.useConfig = false;
        o.useAgent = false;
        o.allowKeyboardInteractive = false;
        o.allowPassword = false;
        o.identityFiles = {key};
        o.knownHostsFile = m_knownHosts;
        o.globalKnownHostsFile = m_dir.filePath(QStringLiteral("none"));
        o.unknownHostKey = ssh::UnknownHostKeyPolicy::Reject; // the line written below must be enough
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_user = QString::fromLocal8Bit(::getpwuid(::getuid())->pw_name);
        m_key = m_dir.filePath(QStringLiteral("demo_key"));
        std::string publicKey;
        std::string why;
        QVERIFY2(sim::SshServer::generateKeyPair(m_key.toStdString(), &publicKey, &why), why.c_str());
        QVERIFY(QString::fromStdString(publicKey).startsWith(QStringLiteral("ssh-ed25519 ")));
        QCOMPARE(QFile(m_key).permissions() & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());

        sim::SshServerOptions serverOptions;
        serverOptions.user = m_user.toStdString();
        serverOptions.authorizedKey = publicKey;
        serverOptions.password = "demo-password";
        serverOptions.shell = "/bin/sh";
        m_server = std::make_unique<sim::SshServer>(serverOptions);
        QVERIFY2(m_server->start(&why), why.c_str());
        QVERIFY(m_server->port() != 0);
        m_knownHosts = m_dir.filePath(QStringLiteral("known_hosts"));
        QFile file(m_knownHosts);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(m_server->knownHostsLine()) + '\n');
    }

    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }

    void execWithDemoKey()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        session.connectToHost(options(m_key));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.connectedCount, 1, 20000);
        QVERIFY(recorder.hostKeys.isEmpty()); // pre-trusted: no question
        ChannelRecorder channel(session.exec(QStringLiteral("echo ok; echo err >&2; exit 3")));
        QTRY_VERIFY_WITH_TIMEOUT(channel.closed, 20000);
        QVERIFY2(channel.out.contains("ok\n"), channel.out.constData());
        QCOMPARE(channel.exitStatus, std::optional<int>(3));
    }

    void shellInPtyFollowsResize()
    {
        SshSession session;
        SessionRecorder recorder(&session);
        session.connectToHost(options(m_key));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.connectedCount, 1, 20000);
        SshChannel *shell = session.openShell({QStringLiteral("xterm-256color"), 100, 30});
        ChannelRecorder channel(shell);
        QTRY_VERIFY_WITH_TIMEOUT(channel.events.contains(QStringLiteral("opened")), 20000);
        shell->write("echo o''k-$((40+2)); stty size\n");
        QTRY_VERIFY_WITH_TIMEOUT(channel.out.contains("ok-42"), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(channel.out.contains("30 100"), 20000);
        shell->resizePty(132, 43);
        shell->write("stty size\n");
        QTRY_VERIFY_WITH_TIMEOUT(channel.out.contains("43 132"), 20000);
        shell->write("exit 5\n");
        QTRY_VERIFY_WITH_TIMEOUT(channel.closed, 20000);
        QCOMPARE(channel.exitStatus, std::optional<int>(5));
    }

    void wrongKeyRefused()
    {
        const QString other = m_dir.filePath(QStringLiteral("other_key"));
        std::string why;
        QVERIFY(sim::SshServer::generateKeyPair(other.toStdString(), nullptr, &why));
        SshSession session;
        SessionRecorder recorder(&session);
        session.connectToHost(options(other));
        QTRY_VERIFY_WITH_TIMEOUT(!recorder.errors.isEmpty(), 20000);
        QCOMPARE(recorder.connectedCount, 0);
        QCOMPARE(recorder.errors.first().kind, SshErrorKind::AuthFailed);
    }

    void passwordLogin()
    {
        SshConnectOptions o = options(m_dir.filePath(QStringLiteral("missing_key")));
        o.identityFiles.clear();
        o.allowPassword = true;
        o.password = QStringLiteral("demo-password");
        SshSession session;
        SessionRecorder recorder(&session);
        session.connectToHost(o);
        QTRY_COMPARE_WITH_TIMEOUT(recorder.connectedCount, 1, 20000);
        ChannelRecorder channel(session.exec(QStringLiteral("echo pw-ok")));
        QTRY_VERIFY_WITH_TIMEOUT(channel.closed, 20000);
        QVERIFY(channel.out.contains("pw-ok"));
    }

    void stopEndsOpenSessions()
    {
        auto session = std::make_unique<SshSession>();
        SessionRecorder recorder(session.get());
        session->connectToHost(options(m_key));
        QTRY_COMPARE_WITH_TIMEOUT(recorder.connectedCount, 1, 20000);
        ChannelRecorder channel(session->openShell({}));
        QTRY_VERIFY_WITH_TIMEOUT(channel.events.contains(QStringLiteral("opened")), 20000);
        QVERIFY(m_server->activeSessions() >= 1);
        m_server->stop(); // returns once every session thread and shell is gone
        QCOMPARE(m_server->activeSessions(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(recorder.disconnectedCount >= 1 || channel.closed, 20000);
    }
};

QTEST_GUILESS_MAIN(TestSimSshServer)
#include "tst_simsshserver.moc"
