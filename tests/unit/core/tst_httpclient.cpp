// The HTTP client against a real HTTP server on loopback whose answers each test scripts.

#include "core/httpclient.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace nephele::drivers;

namespace {

// A loopback server whose handler the test sets; counts the requests it saw.
class ScriptedServer
{
public:
    using Handler = std::function<void(int n, const httplib::Request &, httplib::Response &)>;

    explicit ScriptedServer(Handler handler)
        : m_handler(std::move(handler))
    {
        auto route = [this](const httplib::Request &req, httplib::Response &res) {
            const int n = ++m_count;
            {
                std::lock_guard lock(m_mutex);
                m_lastAuthorization = req.get_header_value("Authorization");
            }
            m_handler(n, req, res);
        };
        m_server.Get(".*", route);
        m_server.Post(".*", route);
        m_server.Delete(".*", route);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        while (!m_server.is_running())
            std::this_thread::yield();
    }
    ~ScriptedServer()
    {
        m_server.stop();
        m_thread.join();
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }
    int count() const { return m_count; }
    std::string lastAuthorization() const
    {
        std::lock_guard lock(m_mutex);
        return m_lastAuthorization;
    }

private:
    Handler m_handler;
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::atomic<int> m_count{0};
    mutable std::mutex m_mutex;
    std::string m_lastAuthorization;
};

Error mapError(int status, QByteArrayView body)
{
    Error e;
    e.kind = status == 401   ? ErrorKind::Auth
             : status == 429 ? ErrorKind::RateLimited
             : status >= 500 ? ErrorKind::Server
                             : ErrorKind::Invalid;
    e.message = QString::fromUtf8(body);
    return e;
}

AccountEndpoint endpointFor(const QUrl &url)
{
    AccountEndpoint ep;
    ep.accountId = QStringLiteral("t1");
    ep.accountName = QStringLiteral("test-account");
    ep.baseUrl = url;
    ep.token = QStringLiteral("dop_v1_sekrit_token_0123456789");
    ep.retry.baseDelayMs = 20;
    ep.retry.maxDelayMs = 100;
    ep.timeoutMs = 5000;
    return ep;
}

Result<HttpResponse> await(QFuture<Result<HttpResponse>> future)
{
    QFutureWatcher<Result<HttpResponse>> watcher;
    watcher.setFuture(future);
    if (!future.isFinished()) {
        QSignalSpy spy(&watcher, &QFutureWatcher<Result<HttpResponse>>::finished);
        if (!spy.wait(30'000))
            return fail(ErrorKind::Timeout, QStringLiteral("test: future never finished"));
    }
    return future.result();
}

QList<QString> g_log;
QtMessageHandler g_previousHandler = nullptr;
void captureLog(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    g_log.append(msg);
    if (g_previousHandler)
        g_previousHandler(type, ctx, msg);
}

} // namespace

class TestHttpClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void getReturnsBodyAndSendsBearerToken()
    {
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            res.set_content(R"({"ok":true})", "application/json");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        auto result = await(http.send({"GET", QUrl(QStringLiteral("/v2/account")), {}, QStringLiteral("check"), true}));
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().fullText()));
        QCOMPARE(result->status, 200);
        QCOMPARE(result->body, QByteArray(R"({"ok":true})"));
        QCOMPARE(result->attempts, 1);
        QCOMPARE(server.lastAuthorization(), std::string("Bearer dop_v1_sekrit_token_0123456789"));
    }

    void retries5xxOnIdempotentRequests()
    {
        ScriptedServer server([](int n, const httplib::Request &, httplib::Response &res) {
            if (n < 3) {
                res.status = 503;
                res.set_content("busy", "text/plain");
                return;
            }
            res.set_content("{}", "application/json");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        auto result = await(http.send({"GET", QUrl(QStringLiteral("/x")), {}, {}, true}));
        QVERIFY(result.has_value());
        QCOMPARE(result->attempts, 3);
        QCOMPARE(server.count(), 3);
    }

    void doesNotRetry5xxOnNonIdempotentRequests()
    {
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            res.status = 500;
            res.set_content("internal", "text/plain");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        auto result =
            await(http.send({"POST", QUrl(QStringLiteral("/create")), "{}", QStringLiteral("create thing"), false}));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Server);
        QCOMPARE(result.error().httpStatus, 500);
        QCOMPARE(server.count(), 1);
        QVERIFY(result.error().summary().startsWith(QStringLiteral("test-account: create thing: ")));
    }

    void givesUpAfterMaxAttempts()
    {
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            res.status = 502;
            res.set_content("bad gateway", "text/plain");
        });
        QNetworkAccessManager nam;
        auto ep = endpointFor(server.url());
        ep.retry.maxAttempts = 4;
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send({"GET", QUrl(QStringLiteral("/x")), {}, {}, true}));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Server);
        QCOMPARE(server.count(), 4);
    }

    void honoursRetryAfterOn429EvenForPost()
    {
        ScriptedServer server([](int n, const httplib::Request &, httplib::Response &res) {
            if (n == 1) {
                res.status = 429;
                res.set_header("Retry-After", "1");
                res.set_content("slow down", "text/plain");
                return;
            }
            res.status = 201;
            res.set_content("{}", "application/json");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        QElapsedTimer timer;
        timer.start();
        auto result = await(http.send({"POST", QUrl(QStringLiteral("/x")), "{}", {}, false}));
        QVERIFY(result.has_value());
        QCOMPARE(result->status, 201);
        QCOMPARE(server.count(), 2);
        QVERIFY2(timer.elapsed() >= 950, qPrintable(QString::number(timer.elapsed())));
    }

    void reportsALongRetryAfterInsteadOfWaiting()
    {
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            res.status = 429;
            res.set_header("Retry-After", "3600");
            res.set_content("API rate limit exceeded.", "text/plain");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        QElapsedTimer timer;
        timer.start();
        auto result = await(http.send({"GET", QUrl(QStringLiteral("/x")), {}, {}, true}));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::RateLimited);
        QVERIFY(result.error().message.contains(QStringLiteral("3600")));
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(server.count(), 1);
    }

    void waitsForASpentRateLimitWindow()
    {
        std::atomic<qint64> resetAt{0};
        ScriptedServer server([&](int n, const httplib::Request &, httplib::Response &res) {
            if (n == 1) {
                resetAt = QDateTime::currentSecsSinceEpoch() + 2;
                res.set_header("ratelimit-limit", "250");
                res.set_header("ratelimit-remaining", "0");
                res.set_header("ratelimit-reset", std::to_string(resetAt.load()));
            }
            res.set_content("{}", "application/json");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        QVERIFY(await(http.send({"GET", QUrl(QStringLiteral("/a")), {}, {}, true})).has_value());
        QCOMPARE(http.rateLimit().remaining, 0);
        QCOMPARE(http.rateLimit().limit, 250);
        auto second = await(http.send({"GET", QUrl(QStringLiteral("/b")), {}, {}, true}));
        QVERIFY(second.has_value());
        // The second request went out only once the window had reset.
        QVERIFY(QDateTime::currentSecsSinceEpoch() >= resetAt.load() - 1);
        QCOMPARE(server.count(), 2);
    }

    void timesOut()
    {
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            res.set_content("{}", "application/json");
        });
        QNetworkAccessManager nam;
        auto ep = endpointFor(server.url());
        ep.timeoutMs = 200;
        ep.retry.maxAttempts = 2;
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send({"GET", QUrl(QStringLiteral("/slow")), {}, {}, true}));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Timeout);
    }

    void refusesPlainHttpToRemoteHosts()
    {
        QNetworkAccessManager nam;
        auto ep = endpointFor(QUrl(QStringLiteral("http://api.example.com")));
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send({"GET", QUrl(QStringLiteral("/v2/droplets")), {}, {}, true}));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Insecure);
        QVERIFY(!result.error().hint().isEmpty());
    }

    void connectionRefusedIsANetworkError()
    {
        int port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        } // closed again: nothing listens there now
        QNetworkAccessManager nam;
        auto ep = endpointFor(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        ep.retry.maxAttempts = 2;
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send({"GET", QUrl(QStringLiteral("/x")), {}, {}, true}));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Network);
    }

    void tokenNeverReachesLogsOrMessages()
    {
        ScriptedServer server([](int, const httplib::Request &req, httplib::Response &res) {
            // A hostile or buggy server echoes the Authorization header back in its error.
            res.status = 401;
            res.set_content("bad token: " + req.get_header_value("Authorization"), "text/plain");
        });
        QLoggingCategory::setFilterRules(QStringLiteral("nephele.http.debug=true\nnephele.http.info=true"));
        g_log.clear();
        g_previousHandler = qInstallMessageHandler(captureLog);
        QNetworkAccessManager nam;
        auto ep = endpointFor(server.url());
        ep.baseUrl.setQuery(QStringLiteral("token=") + ep.token);
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send({"GET", ep.baseUrl, {}, QStringLiteral("list"), true}));
        qInstallMessageHandler(g_previousHandler);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Auth);
        QVERIFY(!g_log.isEmpty());
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(ep.token), qPrintable(line));
        QVERIFY(!result.error().fullText().contains(ep.token));
        QVERIFY(result.error().message.contains(QStringLiteral("[redacted]")));
    }

    void backoffGrowsAndStaysWithinBounds()
    {
        QNetworkAccessManager nam;
        auto ep = endpointFor(QUrl(QStringLiteral("http://127.0.0.1:1")));
        ep.retry.baseDelayMs = 100;
        ep.retry.maxDelayMs = 1000;
        HttpClient http(&nam, ep, &mapError);
        http.setJitterSeed(42);
        for (int attempt = 2; attempt <= 10; ++attempt) {
            const int step = std::min(1000, 100 << (attempt - 2));
            for (int i = 0; i < 50; ++i) {
                const int delay = http.backoffDelayMs(attempt);
                QVERIFY(delay >= step / 2);
                QVERIFY(delay <= step);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
