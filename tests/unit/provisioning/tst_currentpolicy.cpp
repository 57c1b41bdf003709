// The policy in force: a document that does not parse never replaces it, and says why with the
// place of each problem; files and URLs load off the GUI thread; settings round-trip.

#include "provisioning/currentpolicy.h"
#include "provisioningtestdata.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele;
using namespace nephele::models::provisioning;

namespace {

// Serves one fixed HTTP answer to every request, on loopback.
class OneAnswerServer final : public QTcpServer
{
public:
    OneAnswerServer(int status, QByteArray body)
        : m_status(status)
        , m_body(std::move(body))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_request += socket->readAll();
                    if (!m_request.contains("\r\n\r\n"))
                        return;
                    socket->write("HTTP/1.1 " + QByteArray::number(m_status) +
                                  (m_status == 200 ? " OK" : " Not Found") +
                                  "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                                  QByteArray::number(m_body.size()) + "\r\n\r\n" + m_body);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/policy.json").arg(serverPort()); }

private:
    int m_status;
    QByteArray m_body;
    QByteArray m_request;
};

} // namespace

class TestCurrentPolicy final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const char *name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(QLatin1String(name));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void startsUngoverned()
    {
        CurrentPolicy policy;
        QVERIFY(!policy.isGoverned());
        QVERIFY(policy.engine());
        QCOMPARE(policy.statusText(), QStringLiteral("No policy: everything is allowed"));
        const auto d =
            policy.engine()->evaluate({}, models::policy::PolicyRequest::creating(QStringLiteral("machine")));
        QVERIFY(d.allowed);
    }

    void badDocumentKeepsThePreviousPolicy()
    {
        CurrentPolicy policy;
        QSignalSpy changed(&policy, &CurrentPolicy::changed);
        QSignalSpy rejected(&policy, &CurrentPolicy::rejected);
        QVERIFY(policy.apply(testdata::developersPolicy(), QStringLiteral("dev.json")));
        QCOMPARE(changed.size(), 1);
        QVERIFY(policy.isGoverned());
        const auto before = policy.engine();
        QCOMPARE(before->policy().teams.size(), 2);

        // A syntax error on line 3: refused, with the place; the Developers policy stays in force.
        const QByteArray broken = "{\"teams\": [\n  {\"name\": \"X\",\n   \"members\": [\"a\" \"b\"]}\n]}";
        QVERIFY(!policy.apply(broken, QStringLiteral("broken.json")));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(rejected.size(), 1);
        const auto issues = rejected.at(0).at(0).value<models::policy::PolicyIssues>();
        QVERIFY(!issues.isEmpty());
        QCOMPARE(issues.first().line, 3);
        QVERIFY(issues.first().column > 0);
        QCOMPARE(rejected.at(0).at(1).toString(), QStringLiteral("broken.json"));
        QCOMPARE(policy.engine(), before); // the very same engine
        QCOMPARE(policy.source(), QStringLiteral("dev.json"));
        QCOMPARE(policy.lastIssues(), issues);
        QVERIFY2(policy.statusText().contains(QStringLiteral("broken.json was refused")),
                 qPrintable(policy.statusText()));

        // A document that parses but breaks the schema is refused the same way.
        QVERIFY(!policy.apply(R"({"teams": [{"name": "X", "policy": {"operator": "MAYBE", "rules": []}}]})",
                              QStringLiteral("schema.json")));
        QCOMPARE(rejected.size(), 2);
        QCOMPARE(policy.engine(), before);

        // A good one is taken and clears the complaint.
        QVERIFY(policy.apply(R"({"teams": []})", QStringLiteral("empty.json")));
        QCOMPARE(changed.size(), 2);
        QVERIFY(!policy.isGoverned());
        QVERIFY(policy.lastIssues().isEmpty());
    }

    void loadsAFileOffTheGuiThread()
    {
        const QString good = write("good.json", testdata::developersPolicy());
        const QString bad = write("bad.json", "{\"teams\": [}");
        CurrentPolicy policy;
        QSignalSpy changed(&policy, &CurrentPolicy::changed);
        QSignalSpy rejected(&policy, &CurrentPolicy::rejected);
        policy.load(good, nullptr);
        QVERIFY(policy.isLoading());
        QVERIFY(changed.wait(10'000));
        QVERIFY(!policy.isLoading());
        QCOMPARE(policy.source(), good);
        QCOMPARE(policy.document(), testdata::developersPolicy());
        QVERIFY(policy.statusText().startsWith(QStringLiteral("Policy good.json (2 team")));

        policy.load(bad, nullptr);
        QVERIFY(rejected.wait(10'000));
        QCOMPARE(policy.source(), good);
        QVERIFY(policy.isGoverned());

        policy.load(m_dir.filePath(QStringLiteral("missing.json")), nullptr);
        QVERIFY(rejected.wait(10'000));
        QVERIFY(rejected.last().at(0).value<models::policy::PolicyIssues>().first().message.contains(
            QStringLiteral("cannot be read")));
        QCOMPARE(policy.source(), good);
    }

    void aLaterLoadWins()
    {
        const QString first = write("first.json", testdata::developersPolicy());
        const QString second = write("second.json", R"({"teams": [{"name": "Solo", "members": ["x@y.z"]}]})");
        CurrentPolicy policy;
        QSignalSpy changed(&policy, &CurrentPolicy::changed);
        policy.load(first, nullptr);
        policy.load(second, nullptr);
        QVERIFY(changed.wait(10'000));
        QTRY_COMPARE(policy.source(), second);
        QCOMPARE(changed.size(), 1); // the first load's answer was dropped
        QCOMPARE(policy.policy().teams.first().name, QStringLiteral("Solo"));
    }

    void urls()
    {
        QNetworkAccessManager network;
        CurrentPolicy policy;
        QSignalSpy changed(&policy, &CurrentPolicy::changed);
        QSignalSpy rejected(&policy, &CurrentPolicy::rejected);

        // Plain http to another host: refused before anything is sent.
        policy.load(QStringLiteral("http://policy.example.com/p.json"), &network);
        QCOMPARE(rejected.size(), 1);
        QCOMPARE(rejected.last().at(0).value<models::policy::PolicyIssues>().first().message,
                 QStringLiteral("A policy is fetched over https only; http://policy.example.com/p.json is plain http"));

        // Over loopback (a test server) the body is fetched and parsed.
        OneAnswerServer ok(200, testdata::developersPolicy());
        QVERIFY(ok.listen(QHostAddress::LocalHost));
        policy.load(ok.url(), &network);
        QVERIFY(changed.wait(10'000));
        QCOMPARE(policy.source(), ok.url());
        QCOMPARE(policy.policy().teams.size(), 2);

        OneAnswerServer missing(404, "{}");
        QVERIFY(missing.listen(QHostAddress::LocalHost));
        policy.load(missing.url(), &network);
        QVERIFY(rejected.wait(10'000));
        QVERIFY2(rejected.last().at(0).value<models::policy::PolicyIssues>().first().message.contains(
                     QStringLiteral("could not be fetched")),
                 qPrintable(rejected.last().at(0).value<models::policy::PolicyIssues>().first().message));
        QCOMPARE(policy.source(), ok.url()); // still the one that worked
    }

    void settingsRoundTrip()
    {
        QSettings settings(m_dir.filePath(QStringLiteral("nephele.ini")), QSettings::IniFormat);
        const PolicySettings written{QStringLiteral("/etc/nephele/policy.json"), QStringLiteral("ann@acme.example"),
                                     QStringLiteral("5f3c2a91")};
        written.save(settings);
        settings.sync();
        QSettings again(m_dir.filePath(QStringLiteral("nephele.ini")), QSettings::IniFormat);
        QCOMPARE(PolicySettings::load(again), written);
    }
};

QTEST_GUILESS_MAIN(TestCurrentPolicy)
#include "tst_currentpolicy.moc"
