// The HTTP client against a real HTTP server on loopback whose answers each test scripts.

#include "core/bulktransfer.h"
#include "core/httpclient.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QThreadPool>

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
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
                m_lastAcceptEncoding = req.get_header_value("Accept-Encoding");
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
    std::string lastAcceptEncoding() const
    {
        std::lock_guard lock(m_mutex);
        return m_lastAcceptEncoding;
    }
    httplib::Server &server() { return m_server; }

private:
    Handler m_handler;
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::atomic<int> m_count{0};
    mutable std::mutex m_mutex;
    std::string m_lastAuthorization;
    std::string m_lastAcceptEncoding;
};

// A bare TCP server for answers httplib's server will not give (a body cut short, a kept-alive
// connection closed after its answer): `serve` gets each accepted connection's number and socket.
class RawServer
{
public:
    using Serve = std::function<void(int n, int fd)>;
    explicit RawServer(Serve serve)
        : m_serve(std::move(serve))
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address);
        ::listen(m_listener, 8);
        socklen_t length = sizeof address;
        ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length);
        m_port = ntohs(address.sin_port);
        m_thread = std::thread([this] {
            for (int n = 1;; ++n) {
                const int fd = ::accept(m_listener, nullptr, nullptr);
                if (fd < 0)
                    return; // the listener was shut down
                m_serve(n, fd);
                ::close(fd);
            }
        });
    }
    ~RawServer()
    {
        ::shutdown(m_listener, SHUT_RDWR);
        ::close(m_listener);
        m_thread.join();
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }

    // Reads one request's head (the tests send no bodies); false when the peer closed.
    static bool readRequest(int fd)
    {
        std::string seen;
        char buffer[4096];
        while (seen.find("\r\n\r\n") == std::string::npos) {
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0)
                return false;
            seen.append(buffer, std::size_t(got));
        }
        return true;
    }
    static void write(int fd, const std::string &text) { ::send(fd, text.data(), text.size(), MSG_NOSIGNAL); }

private:
    Serve m_serve;
    int m_listener = -1;
    int m_port = 0;
    std::thread m_thread;
};

HttpRequest getRequest(const QString &path, bool bulk, const QString &operation = {})
{
    HttpRequest request{"GET", QUrl(path), {}, operation, true};
    request.bulk = bulk;
    return request;
}

void addTransports()
{
    QTest::addColumn<bool>("bulk");
    QTest::newRow("qt network") << false;
    QTest::newRow("bulk transfer") << true;
}

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
    void getReturnsBodyAndSendsBearerToken_data() { addTransports(); }
    void getReturnsBodyAndSendsBearerToken()
    {
        QFETCH(bool, bulk);
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            res.set_content(R"({"ok":true})", "application/json");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        auto result = await(http.send(getRequest(QStringLiteral("/v2/account"), bulk, QStringLiteral("check"))));
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().fullText()));
        QCOMPARE(result->status, 200);
        QCOMPARE(result->body, QByteArray(R"({"ok":true})"));
        QCOMPARE(result->attempts, 1);
        QCOMPARE(server.lastAuthorization(), std::string("Bearer dop_v1_sekrit_token_0123456789"));
        // A bulk transfer asks for the body as it is, to parse it where it lies; Qt's stack asks
        // for compression. This also tells which transport served the request.
        QCOMPARE(server.lastAcceptEncoding() == "identity", bulk);
    }

    void retries5xxOnIdempotentRequests_data() { addTransports(); }
    void retries5xxOnIdempotentRequests()
    {
        QFETCH(bool, bulk);
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
        auto result = await(http.send(getRequest(QStringLiteral("/x"), bulk)));
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

    void givesUpAfterMaxAttempts_data() { addTransports(); }
    void givesUpAfterMaxAttempts()
    {
        QFETCH(bool, bulk);
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            res.status = 502;
            res.set_content("bad gateway", "text/plain");
        });
        QNetworkAccessManager nam;
        auto ep = endpointFor(server.url());
        ep.retry.maxAttempts = 4;
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send(getRequest(QStringLiteral("/x"), bulk)));
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

    void reportsALongRetryAfterInsteadOfWaiting_data() { addTransports(); }
    void reportsALongRetryAfterInsteadOfWaiting()
    {
        QFETCH(bool, bulk);
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            res.status = 429;
            res.set_header("Retry-After", "3600");
            res.set_content("API rate limit exceeded.", "text/plain");
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        QElapsedTimer timer;
        timer.start();
        auto result = await(http.send(getRequest(QStringLiteral("/x"), bulk)));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::RateLimited);
        QVERIFY(result.error().message.contains(QStringLiteral("3600")));
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(server.count(), 1);
    }

    void waitsForASpentRateLimitWindow_data() { addTransports(); }
    void waitsForASpentRateLimitWindow()
    {
        QFETCH(bool, bulk);
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
        QVERIFY(await(http.send(getRequest(QStringLiteral("/a"), bulk))).has_value());
        QCOMPARE(http.rateLimit().remaining, 0);
        QCOMPARE(http.rateLimit().limit, 250);
        auto second = await(http.send(getRequest(QStringLiteral("/b"), bulk)));
        QVERIFY(second.has_value());
        // The second request went out only once the window had reset.
        QVERIFY(QDateTime::currentSecsSinceEpoch() >= resetAt.load() - 1);
        QCOMPARE(server.count(), 2);
    }

    void timesOut_data() { addTransports(); }
    void timesOut()
    {
        QFETCH(bool, bulk);
        ScriptedServer server([](int, const httplib::Request &, httplib::Response &res) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            res.set_content("{}", "application/json");
        });
        QNetworkAccessManager nam;
        auto ep = endpointFor(server.url());
        ep.timeoutMs = 200;
        ep.retry.maxAttempts = 2;
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send(getRequest(QStringLiteral("/slow"), bulk)));
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

    void connectionRefusedIsANetworkError_data() { addTransports(); }
    void connectionRefusedIsANetworkError()
    {
        QFETCH(bool, bulk);
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
        auto result = await(http.send(getRequest(QStringLiteral("/x"), bulk)));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Network);
    }

    void tokenNeverReachesLogsOrMessages_data() { addTransports(); }
    void tokenNeverReachesLogsOrMessages()
    {
        QFETCH(bool, bulk);
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
        HttpRequest request{"GET", ep.baseUrl, {}, QStringLiteral("list"), true};
        request.bulk = bulk;
        auto result = await(http.send(request));
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

    void truncatedAnswerIsRetriedThenReported_data() { addTransports(); }
    void truncatedAnswerIsRetriedThenReported()
    {
        QFETCH(bool, bulk);
        std::atomic<int> connections{0};
        RawServer server([&](int, int fd) {
            ++connections;
            if (RawServer::readRequest(fd))
                RawServer::write(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                     "Content-Length: 100\r\n\r\n{\"cut\":");
        });
        QNetworkAccessManager nam;
        auto ep = endpointFor(server.url());
        ep.retry.maxAttempts = 2;
        HttpClient http(&nam, ep, &mapError);
        auto result = await(http.send(getRequest(QStringLiteral("/x"), bulk)));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().kind, ErrorKind::Network);
        QVERIFY2(result.error().message.contains(QStringLiteral("dropped")), qPrintable(result.error().message));
        QCOMPARE(connections.load(), 2);
    }

    void headArrivesWhileTheRestIsSent_data() { addTransports(); }
    void headArrivesWhileTheRestIsSent()
    {
        QFETCH(bool, bulk);
        std::string body = R"({"metadata":{"continue":"next"},"items":[)";
        while (body.size() < 200'000)
            body += R"({"name":"a-fairly-long-item-name-to-fill-the-page"},)";
        body += "{}]}";
        std::mutex mutex;
        std::condition_variable released;
        bool headSeen = false;
        bool releasedByHead = false;
        ScriptedServer server([&](int, const httplib::Request &, httplib::Response &res) {
            res.set_content_provider(
                body.size(), "application/json", [&](std::size_t offset, std::size_t, httplib::DataSink &sink) {
                    if (offset == 0) // the head, then nothing until the client saw it
                        return sink.write(body.data(), 8192);
                    if (offset == 8192) {
                        std::unique_lock lock(mutex);
                        releasedByHead = released.wait_for(lock, std::chrono::seconds(10), [&] { return headSeen; });
                    }
                    return sink.write(body.data() + offset, body.size() - offset);
                });
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        QByteArray head;
        auto future = http.send(getRequest(QStringLiteral("/page"), bulk), [&](const QByteArray &h) {
            head = h;
            std::lock_guard lock(mutex);
            headSeen = true;
            released.notify_all();
        });
        auto result = await(future);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().fullText()));
        QCOMPARE(result->body.size(), qsizetype(body.size()));
        QCOMPARE(head, QByteArray::fromStdString(body.substr(0, 4096)));
        std::lock_guard lock(mutex);
        QVERIFY2(releasedByHead, "the head reached the client only with the whole answer");
    }

    void bulkReopensAConnectionTheServerClosed()
    {
        // The server answers once per connection and closes it on the next request without saying
        // so, as a server does that drops an idle kept-alive connection just as a request goes
        // out: the request must not fail for it.
        std::atomic<int> connections{0};
        RawServer server([&](int n, int fd) {
            ++connections;
            if (RawServer::readRequest(fd))
                RawServer::write(
                    fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"n\":" +
                            std::to_string(n % 10) + "}");
            // The next request on this connection is read, then the connection closes unanswered:
            // the client's own check that a kept connection is still open cannot have caught it.
            RawServer::readRequest(fd);
        });
        QNetworkAccessManager nam;
        HttpClient http(&nam, endpointFor(server.url()), &mapError);
        auto first = await(http.send(getRequest(QStringLiteral("/a"), true)));
        QVERIFY2(first.has_value(), qPrintable(first ? QString() : first.error().fullText()));
        QCOMPARE(first->body, QByteArray(R"({"n":1})"));
        auto second = await(http.send(getRequest(QStringLiteral("/b"), true)));
        QVERIFY2(second.has_value(), qPrintable(second ? QString() : second.error().fullText()));
        QCOMPARE(second->body, QByteArray(R"({"n":2})"));
        QCOMPARE(second->attempts, 1); // reopened within the attempt, not retried after a backoff
        QCOMPARE(connections.load(), 2);
    }

    void bulkTransferEndsWithItsClient()
    {
        std::mutex mutex;
        std::condition_variable done;
        bool testOver = false;
        ScriptedServer server([&](int, const httplib::Request &, httplib::Response &res) {
            std::unique_lock lock(mutex);
            done.wait_for(lock, std::chrono::seconds(20), [&] { return testOver; });
            res.set_content("{}", "application/json");
        });
        QNetworkAccessManager nam;
        auto ep = endpointFor(server.url());
        ep.timeoutMs = 30'000; // far beyond what the test waits: only the client's end may unblock it
        auto http = std::make_unique<HttpClient>(&nam, ep, &mapError);
        auto future = http->send(getRequest(QStringLiteral("/held"), true));
        QTRY_COMPARE_WITH_TIMEOUT(server.count(), 1, 10'000);
        QElapsedTimer timer;
        timer.start();
        http.reset();
        QVERIFY(future.isFinished());
        QCOMPARE(future.result().error().kind, ErrorKind::Cancelled);
        // The transfer thread was blocked reading the held answer: the client's end unblocked it.
        QVERIFY(BulkTransfer::pool()->waitForDone(5000));
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
        {
            std::lock_guard lock(mutex);
            testOver = true;
        }
        done.notify_all();
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
