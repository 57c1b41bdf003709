// "Test connection" for the providers without a driver (models/accounts/connectionprobe.h), against
// servers on loopback started by the test: an HTTP server answering as the Hetzner Cloud API does
// (bodies in the shape of the API's published examples), and TCP servers that greet as an SSH
// server does, greet otherwise, or hang up.

#include "accounts/connectionprobe.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>
#include <optional>

using namespace nephele;

namespace {

constexpr int kDeadlineMs = 20'000;
const QByteArray kToken = "hcloud-test-token-0123456789abcdef";

const QByteArray kLocations = R"({
  "locations": [
    {"city": "Falkenstein", "country": "DE", "description": "Falkenstein DC Park 1", "id": 42,
     "latitude": 50.47612, "longitude": 12.370071, "name": "fsn1", "network_zone": "eu-central"}
  ],
  "meta": {"pagination": {"last_page": 6, "next_page": 2, "page": 1, "per_page": 1, "previous_page": null,
                          "total_entries": 6}}
})";
const QByteArray kUnauthorized =
    R"({"error": {"code": "unauthorized", "details": null, "message": "unable to authenticate"}})";

// Answers each connection with `respond(requestHead)` and records the request heads it saw.
class LoopbackServer final : public QObject
{
public:
    using Respond = std::function<QByteArray(const QByteArray &head)>;
    explicit LoopbackServer(Respond respond)
        : m_respond(std::move(respond))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                if (m_greeting) { // a server that speaks first, as SSH does
                    const QByteArray greeting = m_respond({});
                    if (greeting.isEmpty())
                        socket->disconnectFromHost();
                    else
                        socket->write(greeting);
                    continue;
                }
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffer[socket] += socket->readAll();
                    const QByteArray &in = m_buffer[socket];
                    if (const qsizetype end = in.indexOf("\r\n\r\n"); end >= 0) {
                        const QByteArray head = in.left(end);
                        heads.append(head);
                        socket->write(m_respond(head));
                        socket->disconnectFromHost();
                    }
                });
            }
        });
    }
    bool listen(bool greeting = false)
    {
        m_greeting = greeting;
        return m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }
    QList<QByteArray> heads;

private:
    QTcpServer m_server;
    Respond m_respond;
    bool m_greeting = false;
    QHash<QTcpSocket *, QByteArray> m_buffer;
};

QByteArray httpResponse(int status, const char *reason, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
           "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

models::Account account(const QString &provider, const QString &endpoint)
{
    models::Account a;
    a.id = QStringLiteral("probe-test");
    a.name = QStringLiteral("Probe");
    a.provider = provider;
    a.endpoint = QUrl(endpoint);
    return a;
}

std::optional<drivers::Result<QString>> settle(QFuture<drivers::Result<QString>> future)
{
    QDeadlineTimer deadline(kDeadlineMs);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(5);
    if (!future.isFinished())
        return std::nullopt;
    return future.result();
}

QString why(const drivers::Result<QString> &r)
{
    return r ? *r : r.error().summary() + QStringLiteral(" / ") + r.error().hint();
}

} // namespace

class TestConnectionProbe final : public QObject
{
    Q_OBJECT

    QNetworkAccessManager m_network;

private Q_SLOTS:
    void whichProviders()
    {
        QVERIFY(models::canProbe(QStringLiteral("hetzner")));
        QVERIFY(models::canProbe(QStringLiteral("ssh")));
        QVERIFY(!models::canProbe(QStringLiteral("aws")));
        const auto r = settle(
            models::probeConnection(account(QStringLiteral("aws"), QStringLiteral("https://x")), {}, &m_network, this));
        QVERIFY(r && !*r);
        QCOMPARE(r->error().kind, drivers::ErrorKind::Unsupported);
    }

    void hetznerAcceptedToken()
    {
        LoopbackServer server([](const QByteArray &head) {
            return head.contains(QByteArray("Authorization: Bearer ").append(kToken))
                       ? httpResponse(200, "OK", kLocations)
                       : httpResponse(401, "Unauthorized", kUnauthorized);
        });
        QVERIFY(server.listen());
        const QString base = QStringLiteral("http://127.0.0.1:%1/v1/").arg(server.port());
        const auto r = settle(models::probeConnection(account(QStringLiteral("hetzner"), base),
                                                      QString::fromLatin1(kToken), &m_network, this));
        QVERIFY2(r, "the probe did not finish");
        QVERIFY2(r->has_value(), qPrintable(why(*r)));
        QVERIFY2((*r)->contains(QLatin1String("sees 6 location")), qPrintable(**r));
        // Exactly one request, to the documented path, the token as a bearer token.
        QCOMPARE(server.heads.size(), 1);
        QVERIFY2(server.heads.first().startsWith("GET /v1/locations?per_page=1 HTTP/1.1"),
                 server.heads.first().constData());
    }

    void hetznerRefusedToken()
    {
        LoopbackServer server([](const QByteArray &) { return httpResponse(401, "Unauthorized", kUnauthorized); });
        QVERIFY(server.listen());
        const auto r = settle(models::probeConnection(
            account(QStringLiteral("hetzner"), QStringLiteral("http://127.0.0.1:%1/v1").arg(server.port())),
            QStringLiteral("wrong"), &m_network, this));
        QVERIFY(r);
        QVERIFY(!r->has_value());
        QCOMPARE(r->error().kind, drivers::ErrorKind::Auth);
        QVERIFY2(r->error().summary().contains(QLatin1String("unable to authenticate")), qPrintable(why(*r)));
        QCOMPARE(server.heads.size(), 1); // a test does not retry
    }

    void hetznerWrongEndpoint()
    {
        // Something answers 200, but not with the API's shape: said so, not "connected".
        LoopbackServer server([](const QByteArray &) { return httpResponse(200, "OK", "<html>hello</html>"); });
        QVERIFY(server.listen());
        const auto r = settle(models::probeConnection(
            account(QStringLiteral("hetzner"), QStringLiteral("http://127.0.0.1:%1").arg(server.port())),
            QString::fromLatin1(kToken), &m_network, this));
        QVERIFY(r);
        QVERIFY(!r->has_value());
        QCOMPARE(r->error().kind, drivers::ErrorKind::Parse);
    }

    void hetznerPlainHttpElsewhereIsRefused()
    {
        // Plain http to a host that is not loopback, without the account's consent: nothing is sent.
        const auto r = settle(
            models::probeConnection(account(QStringLiteral("hetzner"), QStringLiteral("http://api.hetzner.invalid/v1")),
                                    QString::fromLatin1(kToken), &m_network, this));
        QVERIFY(r);
        QVERIFY(!r->has_value());
        QCOMPARE(r->error().kind, drivers::ErrorKind::Insecure);
    }

    void sshGreeting()
    {
        LoopbackServer server([](const QByteArray &) { return QByteArray("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"); });
        QVERIFY(server.listen(true));
        const auto r = settle(models::probeConnection(
            account(QStringLiteral("ssh"), QStringLiteral("ssh://deploy@127.0.0.1:%1").arg(server.port())), {},
            &m_network, this));
        QVERIFY(r);
        QVERIFY2(r->has_value(), qPrintable(why(*r)));
        QVERIFY2((*r)->contains(QLatin1String("SSH-2.0-OpenSSH_9.2p1")), qPrintable(**r));
    }

    void sshNotAnSshServer()
    {
        LoopbackServer hangsUp([](const QByteArray &) { return QByteArray(); });
        QVERIFY(hangsUp.listen(true));
        auto r = settle(models::probeConnection(
            account(QStringLiteral("ssh"), QStringLiteral("ssh://127.0.0.1:%1").arg(hangsUp.port())), {}, &m_network,
            this));
        QVERIFY(r);
        QVERIFY(!r->has_value());
        QVERIFY2(r->error().summary().contains(QLatin1String("without an SSH greeting")), qPrintable(why(*r)));

        // Nobody listens: the port of a server that was closed.
        quint16 closedPort = 0;
        {
            QTcpServer gone;
            QVERIFY(gone.listen(QHostAddress::LocalHost));
            closedPort = gone.serverPort();
        }
        r = settle(models::probeConnection(
            account(QStringLiteral("ssh"), QStringLiteral("ssh://127.0.0.1:%1").arg(closedPort)), {}, &m_network,
            this));
        QVERIFY(r);
        QVERIFY(!r->has_value());
        QCOMPARE(r->error().kind, drivers::ErrorKind::Network);
    }
};

QTEST_GUILESS_MAIN(TestConnectionProbe)
#include "tst_connectionprobe.moc"
