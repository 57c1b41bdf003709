// SshExecRunner against three real sshd servers (each sets NEPHELE_TEST_EXIT in its sessions, so
// one command exits differently on each) and a port where nothing listens.

#include "sshtestenv.h"

#include "ssh/sshexecrunner.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace nephele::ssh;
using namespace nephele::ssh::test;
using namespace std::chrono_literals;

class TestSshExecRunner : public QObject
{
    Q_OBJECT

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }

    SshExecTarget target(const QString &label, quint16 port) const
    {
        SshExecTarget t;
        t.label = label;
        t.options.host = QStringLiteral("127.0.0.1");
        t.options.port = port;
        t.options.user = m_login;
        t.options.useConfig = false;
        t.options.knownHostsFile = m_knownHosts;
        t.options.globalKnownHostsFile = path(QStringLiteral("no-global-known-hosts"));
        t.options.identityFiles = {path(QStringLiteral("id_plain"))};
        t.options.useAgent = false;
        t.options.allowPassword = false;
        t.options.connectTimeout = 10s;
        return t;
    }

    // Three hosts that exit 3, 5 and 7, the third with a host key nobody knows yet, then a
    // closed port.
    QList<SshExecTarget> fleet(quint16 closedPort) const
    {
        QList<SshExecTarget> targets{
            target(QStringLiteral("three"), m_servers[0]->port()), target(QStringLiteral("five"), m_servers[1]->port()),
            target(QStringLiteral("seven"), m_servers[2]->port()), target(QStringLiteral("nobody"), closedPort)};
        targets[2].options.knownHostsFile = m_unknownKnownHosts;
        return targets;
    }

    // Accepts the unknown key of host 2 through its session, as a view would after asking.
    void answerHostKeys(SshExecRunner &runner)
    {
        connect(&runner, &SshExecRunner::sessionCreated, this, [this](int index, SshSession *session) {
            connect(session, &SshSession::hostKeyUnknown, this, [this, index, session](const SshHostKeyInfo &key) {
                m_hostKeyQuestions << index;
                session->acceptHostKey(key.requestId, false);
            });
        });
    }

    QTemporaryDir m_dir;
    QString m_knownHosts;
    QString m_unknownKnownHosts;
    std::unique_ptr<Sshd> m_servers[3];
    QList<int> m_hostKeyQuestions;
    std::unique_ptr<TestUser> m_user; // a login whose shell runs no profile (root's may be slow)
    QString m_login;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qunsetenv("SSH_AUTH_SOCK");
        QString why;
        QVERIFY2(makeKey(path(QStringLiteral("id_plain")), {}, &why), qPrintable(why));
        QDir().mkpath(path(QStringLiteral("auth")));
        if (runningAsRoot()) {
            m_user = std::make_unique<TestUser>();
            QVERIFY2(m_user->create(&why), qPrintable(why));
        }
        m_login = m_user ? m_user->name() : localUserName();
        QVERIFY(writeFile(path(QStringLiteral("auth/") + m_login), readFile(path(QStringLiteral("id_plain.pub")))));
        shareAuthorizedKeys(m_dir.path(), path(QStringLiteral("auth")));
        const int exits[3] = {3, 5, 7};
        QByteArray known;
        for (int i = 0; i < 3; ++i) {
            m_servers[i] = std::make_unique<Sshd>(path(QStringLiteral("sshd-%1").arg(i)), path(QStringLiteral("auth")));
            Sshd::Options options;
            options.extraLines << QStringLiteral("SetEnv NEPHELE_TEST_EXIT=%1").arg(exits[i]);
            QVERIFY2(m_servers[i]->start(options, &why), qPrintable(why));
            if (i < 2)
                known += m_servers[i]->knownHostsLine();
        }
        m_knownHosts = path(QStringLiteral("known_hosts"));
        QVERIFY(writeFile(m_knownHosts, known));
        m_unknownKnownHosts = path(QStringLiteral("unknown_known_hosts"));
    }

    void init() { m_hostKeyQuestions.clear(); }

    void cleanupTestCase()
    {
        for (auto &server : m_servers)
            server.reset();
        m_user.reset();
    }

    void commandOnSeveralHosts()
    {
        SshExecRunner runner;
        runner.setMaxParallel(2);
        answerHostKeys(runner);
        int active = 0;
        int mostActive = 0;
        QList<int> finishedOrder;
        connect(&runner, &SshExecRunner::hostStarted, this, [&](int) { mostActive = qMax(mostActive, ++active); });
        connect(&runner, &SshExecRunner::hostFinished, this, [&](int index, const SshExecResult &) {
            --active;
            finishedOrder << index;
        });
        QSignalSpy finished(&runner, &SshExecRunner::finished);
        runner.start(fleet(freePort()),
                     QStringLiteral("echo \"out $NEPHELE_TEST_EXIT\"; echo \"err $NEPHELE_TEST_EXIT\" >&2; "
                                    "exit $NEPHELE_TEST_EXIT"));
        QVERIFY(runner.isRunning());
        QVERIFY(finished.wait(60'000));
        QVERIFY(!runner.isRunning());
        QCOMPARE(mostActive, 2); // bounded, and the bound was used
        QCOMPARE(finishedOrder.size(), 4);
        QCOMPARE(m_hostKeyQuestions, QList<int>{2});

        const QList<SshExecResult> results = runner.results();
        QCOMPARE(results.size(), 4);
        const int exits[3] = {3, 5, 7};
        for (int i = 0; i < 3; ++i) {
            const SshExecResult &r = results.at(i);
            QVERIFY2(!r.error, qPrintable(r.error ? r.error->fullText() : QString()));
            QCOMPARE(r.index, i);
            QCOMPARE(r.exitStatus, exits[i]);
            QCOMPARE(r.standardOutput, "out " + QByteArray::number(exits[i]) + '\n');
            QCOMPARE(r.standardError, "err " + QByteArray::number(exits[i]) + '\n');
            QCOMPARE(r.target, QStringLiteral("%1@127.0.0.1:%2").arg(m_login).arg(m_servers[i]->port()));
            QVERIFY(!r.succeeded());
        }
        QCOMPARE(results.at(0).label, QStringLiteral("three"));
        const SshExecResult &nobody = results.at(3);
        QCOMPARE(nobody.label, QStringLiteral("nobody"));
        QVERIFY(nobody.error);
        QCOMPARE(nobody.error->kind, SshErrorKind::ConnectionRefused);
        QVERIFY(!nobody.exitStatus);
        QVERIFY(nobody.standardOutput.isEmpty());
    }

    void scriptThroughStdinOnSeveralHosts()
    {
        SshExecRunner runner;
        answerHostKeys(runner);
        QSignalSpy finished(&runner, &SshExecRunner::finished);
        QList<SshExecTarget> targets = fleet(freePort());
        targets.removeLast();
        const QByteArray script = "set -e\n"
                                  "echo \"script on $NEPHELE_TEST_EXIT\"\n"
                                  "exit $((NEPHELE_TEST_EXIT + 10))\n";
        runner.start(targets, QStringLiteral("sh -s"), script);
        QVERIFY(finished.wait(60'000));
        const QList<SshExecResult> results = runner.results();
        QCOMPARE(results.size(), 3);
        const int exits[3] = {13, 15, 17};
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(!results.at(i).error,
                     qPrintable(results.at(i).error ? results.at(i).error->fullText() : QString()));
            QCOMPARE(results.at(i).exitStatus, exits[i]);
            QCOMPARE(results.at(i).standardOutput, "script on " + QByteArray::number(exits[i] - 10) + '\n');
        }
    }

    void outputLimitTruncates()
    {
        SshExecRunner runner;
        runner.setOutputLimit(1000);
        QSignalSpy finished(&runner, &SshExecRunner::finished);
        runner.start({target(QStringLiteral("three"), m_servers[0]->port())}, QStringLiteral("seq 1 10000; exit 0"));
        QVERIFY(finished.wait(60'000));
        const SshExecResult result = runner.results().at(0);
        QVERIFY(result.outputTruncated);
        QCOMPARE(result.standardOutput.size(), 1000);
        QVERIFY(result.standardOutput.startsWith("1\n2\n3\n"));
        QCOMPARE(result.exitStatus, 0);
        QVERIFY(result.succeeded());
    }

    void hostTimeoutStopsASlowHost()
    {
        SshExecRunner runner;
        runner.setHostTimeout(1'000);
        QSignalSpy finished(&runner, &SshExecRunner::finished);
        runner.start({target(QStringLiteral("three"), m_servers[0]->port()),
                      target(QStringLiteral("five"), m_servers[1]->port())},
                     QStringLiteral("if [ \"$NEPHELE_TEST_EXIT\" = 3 ]; then sleep 5; fi; echo done"));
        QVERIFY(finished.wait(30'000));
        const QList<SshExecResult> results = runner.results();
        QVERIFY(results.at(0).error);
        QCOMPARE(results.at(0).error->kind, SshErrorKind::Timeout);
        QVERIFY(results.at(0).elapsedMs < 5'000);
        QVERIFY2(!results.at(1).error, qPrintable(results.at(1).error ? results.at(1).error->fullText() : QString()));
        QCOMPARE(results.at(1).standardOutput, QByteArray("done\n"));
    }

    void cancelStopsEveryHost()
    {
        // The remote command leaves a mark when SIGTERM reaches it; a normal end leaves none.
        const QString shared = path(QStringLiteral("shared"));
        QDir().mkpath(shared);
        QFile::setPermissions(shared, QFile::Permissions(0x7777));
        const QString mark = shared + QStringLiteral("/terminated");
        SshExecRunner runner;
        runner.setMaxParallel(1);
        QSignalSpy finished(&runner, &SshExecRunner::finished);
        QSignalSpy started(&runner, &SshExecRunner::hostStarted);
        runner.start({target(QStringLiteral("three"), m_servers[0]->port()),
                      target(QStringLiteral("five"), m_servers[1]->port())},
                     QStringLiteral("trap 'echo TERM > %1; exit 143' TERM; echo running; sleep 4 & wait").arg(mark));
        QVERIFY(started.count() == 1 || started.wait(10'000));
        // Cancel once the command runs, so there is a remote process to stop.
        QTRY_VERIFY_WITH_TIMEOUT(runner.results().at(0).standardOutput.contains("running"), 20'000);
        runner.cancel();
        QCOMPARE(finished.count(), 1); // at once, not after the command
        QCOMPARE(started.count(), 1);  // the second host never started
        for (const SshExecResult &r : runner.results()) {
            QVERIFY(r.error);
            QCOMPARE(r.error->kind, SshErrorKind::Cancelled);
            QVERIFY(!r.exitStatus);
        }
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(mark), 3'000); // well before the sleep would end
    }
};

NEPHELE_SSH_TEST_MAIN(TestSshExecRunner)
#include "tst_sshexecrunner.moc"
