#include "httpclient.h"

#include "bulktransfer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPromise>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace nephele::drivers {

Q_LOGGING_CATEGORY(lcHttp, "nephele.http", QtWarningMsg)

namespace {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool isRetriableStatus(int status)
{
    return status == 500 || status == 502 || status == 503 || status == 504;
}

ErrorKind kindForStatus(int status)
{
    if (status == 401)
        return ErrorKind::Auth;
    if (status == 403)
        return ErrorKind::Forbidden;
    if (status == 404)
        return ErrorKind::NotFound;
    if (status == 409 || status == 422)
        return ErrorKind::Conflict;
    if (status == 429)
        return ErrorKind::RateLimited;
    if (status >= 500)
        return ErrorKind::Server;
    return ErrorKind::Invalid;
}

} // namespace

struct HttpClient::Call {
    HttpRequest request;
    QUrl url;
    QPromise<Result<HttpResponse>> promise;
    int attempt = 0;
    bool done = false;
    HeadHandler onHead;
    bool headSeen = false; // onHead was called
    QElapsedTimer started;
};

// What one attempt came back with, from either transport.
struct HttpClient::Outcome {
    int status = 0; // 0: no HTTP answer at all
    // Without an answer: why, and whether another attempt may follow.
    Error failure;
    bool retriable = false;
    bool tlsRejected = false; // kept connections go before a retry: it must make a fresh handshake
    // With an answer:
    HttpResponse response;
    bool truncated = false; // shorter than its Content-Length: the connection dropped mid-answer
};

// Transfer threads post to the client through this, under its lock; the client's destructor
// clears it first, so nothing is posted to a client being destroyed.
struct HttpClient::Relay {
    std::mutex mutex;
    HttpClient *client = nullptr;

    template<typename F>
    void post(F &&work)
    {
        std::lock_guard lock(mutex);
        if (client)
            QMetaObject::invokeMethod(client, std::forward<F>(work), Qt::QueuedConnection);
    }
};

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers)
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

ClientIdentity currentClientIdentity(const AccountEndpoint &endpoint)
{
    if (endpoint.credentials) {
        ClientIdentity renewed = endpoint.credentials->clientIdentity();
        if (!renewed.isNull())
            return renewed;
    }
    return {endpoint.clientCertificate, endpoint.clientKey};
}

QString authorize(QNetworkRequest &request, const AccountEndpoint &endpoint)
{
    QString token = endpoint.credentials ? endpoint.credentials->token() : endpoint.token;
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    const ClientIdentity identity = currentClientIdentity(endpoint);
    if (request.url().scheme() == QLatin1String("https") &&
        (!endpoint.caCertificates.isEmpty() || !identity.isNull() || endpoint.insecureSkipTlsVerify)) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!endpoint.caCertificates.isEmpty())
            ssl.addCaCertificates(endpoint.caCertificates);
        if (!identity.isNull()) {
            ssl.setLocalCertificate(identity.certificate);
            ssl.setPrivateKey(identity.key);
        }
        if (endpoint.insecureSkipTlsVerify)
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        request.setSslConfiguration(ssl);
    }
    return token;
}

QNetworkAccessManager *networkFor(const AccountEndpoint &endpoint, QNetworkAccessManager *shared, QObject *owner)
{
    const bool proxied = endpoint.proxy.type() != QNetworkProxy::DefaultProxy;
    const bool ownTls =
        !endpoint.clientCertificate.isNull() || !endpoint.caCertificates.isEmpty() || endpoint.insecureSkipTlsVerify;
    if (!proxied && !ownTls)
        return shared;
    auto *own = new QNetworkAccessManager(owner);
    if (proxied)
        own->setProxy(endpoint.proxy);
    return own;
}

HttpClient::HttpClient(QNetworkAccessManager *network, AccountEndpoint endpoint, ErrorMapper errorMapper,
                       QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_endpoint(std::move(endpoint))
    , m_errorMapper(std::move(errorMapper))
    , m_random(QRandomGenerator::securelySeeded())
    , m_relay(std::make_shared<Relay>())
{
    m_relay->client = this;
    m_redactor.addSecret(m_endpoint.token);
    m_identity = m_endpoint.clientCertificate;
}

HttpClient::~HttpClient()
{
    {
        std::lock_guard lock(m_relay->mutex);
        m_relay->client = nullptr;
    }
    if (m_bulk)
        m_bulk->stop();
    for (const auto &retired : m_retiredBulk)
        if (auto transfer = retired.lock())
            transfer->stop();
    const Error cancelled{ErrorKind::Cancelled, tr("The request was cancelled."), {}, {}, m_endpoint.accountName, 0};
    for (const auto &call : std::exchange(m_bulkInFlight, {}))
        finishCall(call, nephele::Unexpected(cancelled));
    const auto inFlight = std::exchange(m_inFlight, {});
    for (auto it = inFlight.begin(); it != inFlight.end(); ++it) {
        QNetworkReply *reply = it.key();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        finishCall(it.value(), nephele::Unexpected(cancelled));
    }
    for (const auto &call : std::exchange(m_waiting, {}))
        finishCall(call, nephele::Unexpected(cancelled));
}

QUrl HttpClient::resolve(const QUrl &url) const
{
    return url.isRelative() ? m_endpoint.baseUrl.resolved(url) : url;
}

QFuture<Result<HttpResponse>> HttpClient::send(HttpRequest request, HeadHandler onHead)
{
    auto call = std::make_shared<Call>();
    call->onHead = std::move(onHead);
    call->url = resolve(request.url);
    call->request = std::move(request);
    call->promise.start();
    call->started.start();
    QFuture<Result<HttpResponse>> future = call->promise.future();

    if (auto refusal = checkTransportPolicy(call->url)) {
        finishCall(call, nephele::Unexpected(contextual(*refusal, *call)));
        return future;
    }
    startAttempt(call);
    return future;
}

std::optional<Error> HttpClient::checkTransportPolicy(const QUrl &url) const
{
    if (!url.isValid() || url.host().isEmpty())
        return Error{ErrorKind::Config,
                     tr("The endpoint address \"%1\" is not a valid URL.").arg(m_redactor.redact(url.toString())),
                     {},
                     {},
                     {},
                     0};
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return std::nullopt;
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(url.host()) || m_endpoint.allowPlainHttp)
            return std::nullopt;
        return Error{ErrorKind::Insecure,
                     tr("Refusing to send the token over plain http to %1.").arg(url.host()),
                     {},
                     {},
                     {},
                     0};
    }
    return Error{ErrorKind::Config, tr("Unsupported URL scheme \"%1\".").arg(scheme), {}, {}, {}, 0};
}

void HttpClient::startAttempt(const std::shared_ptr<Call> &call)
{
    if (call->done)
        return;
    if (!m_network) {
        finishCall(call, nephele::Unexpected(contextual(
                             {ErrorKind::Network, tr("The network service is gone."), {}, {}, {}, 0}, *call)));
        return;
    }

    // The provider said the window is spent: wait for its reset rather than burn a request.
    if (m_rateLimit.remaining == 0 && m_rateLimit.reset.isValid()) {
        const qint64 waitMs = QDateTime::currentDateTimeUtc().msecsTo(m_rateLimit.reset);
        if (waitMs > 0) {
            if (waitMs > m_endpoint.retry.maxRetryAfterMs) {
                Error error{ErrorKind::RateLimited,
                            tr("The provider's rate limit is used up until %1.")
                                .arg(m_rateLimit.reset.toLocalTime().toString(Qt::ISODate)),
                            {},
                            {},
                            {},
                            429};
                finishCall(call, nephele::Unexpected(contextual(error, *call)));
                return;
            }
            m_rateLimit.remaining = -1; // one request goes out after the wait and refreshes the state
            scheduleRetry(call, int(waitMs), QStringLiteral("rate-limit window spent"));
            return;
        }
    }

    ++call->attempt;
    followClientIdentity();
    if (call->request.bulk && call->request.method == "GET" && call->request.body.isEmpty()) {
        if (!m_bulkSuits)
            m_bulkSuits = BulkTransfer::suits(m_endpoint);
        if (!m_bulk && *m_bulkSuits) {
            AccountEndpoint current = m_endpoint;
            const ClientIdentity identity = currentClientIdentity(m_endpoint);
            current.clientCertificate = identity.certificate;
            current.clientKey = identity.key;
            m_bulk = std::make_shared<BulkTransfer>(current);
        }
        if (m_bulk) {
            startBulkAttempt(call);
            return;
        }
    }
    QNetworkRequest request(call->url);
    m_redactor.addSecret(authorize(request, m_endpoint));
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QStringLiteral("Nephele/%1").arg(QCoreApplication::applicationVersion()));
    // A PATCH body is a JSON merge patch (RFC 7396), the one patch form every JSON API takes.
    if (!call->request.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, call->request.method == "PATCH"
                                                                  ? QStringLiteral("application/merge-patch+json")
                                                                  : QStringLiteral("application/json"));
    request.setTransferTimeout(m_endpoint.timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    // Our own replies are small JSON pages; HTTP/2 multiplexing gains nothing over pipelined 1.1
    // connections to one host and some API gateways mishandle it.
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);

    QNetworkReply *reply = m_network->sendCustomRequest(request, call->request.method, call->request.body);
    m_inFlight.insert(reply, call);
    if (call->onHead && !call->headSeen) {
        connect(reply, &QNetworkReply::readyRead, this, [call, reply] {
            constexpr qint64 kHead = 4096;
            if (call->headSeen || reply->bytesAvailable() < kHead ||
                reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
                return;
            call->headSeen = true;
            call->onHead(reply->peek(kHead));
        });
    }
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        auto finished = m_inFlight.take(reply);
        reply->deleteLater();
        if (finished)
            onReplyFinished(finished, reply);
    });
}

void HttpClient::followClientIdentity()
{
    if (!m_endpoint.credentials)
        return;
    const ClientIdentity identity = currentClientIdentity(m_endpoint);
    if (identity.certificate == m_identity)
        return;
    // Renewed (an exec plugin's certificate near its expiry): connections opened with the old one
    // stay authenticated as it, so new requests go on fresh connections that present the new one.
    m_identity = identity.certificate;
    qCInfo(lcHttp).noquote() << m_endpoint.accountName << "presents a renewed client certificate from now on";
    if (m_network)
        m_network->clearConnectionCache();
    if (m_bulk) {
        m_bulk->dropIdleConnections();
        m_retiredBulk.push_back(std::exchange(m_bulk, {}));
    }
    std::erase_if(m_retiredBulk, [](const std::weak_ptr<BulkTransfer> &t) { return t.expired(); });
}

void HttpClient::startBulkAttempt(const std::shared_ptr<Call> &call)
{
    const QString token = m_endpoint.credentials ? m_endpoint.credentials->token() : m_endpoint.token;
    m_redactor.addSecret(token);
    QList<std::pair<QByteArray, QByteArray>> headers{
        {"Accept", "application/json"},
        {"Accept-Encoding", "identity"},
        {"User-Agent", "Nephele/" + QCoreApplication::applicationVersion().toUtf8()}};
    if (!token.isEmpty())
        headers.append({"Authorization", "Bearer " + token.toUtf8()});

    m_bulkInFlight.push_back(call);
    const bool wantsHead = call->onHead && !call->headSeen;
    BulkTransfer::pool()->start(
        [relay = m_relay, transfer = m_bulk, call, url = call->url, headers = std::move(headers), wantsHead] {
            std::function<void(const QByteArray &)> onHead;
            if (wantsHead)
                onHead = [&relay, call](const QByteArray &head) {
                    relay->post([call, head] {
                        if (call->done || call->headSeen)
                            return;
                        call->headSeen = true;
                        call->onHead(head);
                    });
                };
            auto answer = std::make_shared<BulkTransfer::Answer>(transfer->get(url, headers, onHead));
            relay->post([relay, call, answer] {
                HttpClient *self = relay->client; // the post ran on its thread, so it still lives
                std::erase(self->m_bulkInFlight, call);
                if (call->done)
                    return;
                Outcome outcome;
                outcome.status = answer->status;
                const bool idempotent = call->request.idempotent;
                switch (answer->failure) {
                case BulkTransfer::Failure::None: break;
                case BulkTransfer::Failure::Cancelled: return; // only when the client goes
                case BulkTransfer::Failure::Dropped:
                    if (answer->status > 0) {
                        outcome.truncated = true;
                        break;
                    }
                    outcome.failure.kind = ErrorKind::Network;
                    outcome.retriable = idempotent;
                    break;
                case BulkTransfer::Failure::Refused:
                    outcome.failure.kind = ErrorKind::Network;
                    outcome.retriable = true; // nothing reached the server
                    break;
                case BulkTransfer::Failure::HostNotFound: outcome.failure.kind = ErrorKind::Network; break;
                case BulkTransfer::Failure::Timeout:
                    outcome.failure.kind = ErrorKind::Timeout;
                    outcome.failure.message = tr("No answer within %1 s.").arg(self->m_endpoint.timeoutMs / 1000.0);
                    outcome.retriable = idempotent;
                    break;
                case BulkTransfer::Failure::Tls:
                    outcome.failure.kind = ErrorKind::Tls;
                    outcome.failure.message = tr("The server's TLS certificate was not accepted: %1")
                                                  .arg(self->m_redactor.redact(answer->failureText));
                    outcome.tlsRejected = true;
                    break;
                case BulkTransfer::Failure::Other:
                    outcome.failure.kind = ErrorKind::Network;
                    outcome.retriable = idempotent;
                    break;
                }
                if (answer->failure != BulkTransfer::Failure::None && !outcome.truncated)
                    outcome.status = 0; // no whole answer
                if (outcome.status == 0 && outcome.failure.message.isEmpty())
                    outcome.failure.message = self->m_redactor.redact(answer->failureText);
                outcome.response.status = answer->status;
                outcome.response.body = std::move(answer->body);
                outcome.response.headers = std::move(answer->headers);
                self->settle(call, std::move(outcome));
            });
        });
}

void HttpClient::onReplyFinished(const std::shared_ptr<Call> &call, QNetworkReply *reply)
{
    Outcome outcome;
    outcome.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (outcome.status == 0) {
        // No HTTP answer at all: transport failure.
        Error &error = outcome.failure;
        error.message = m_redactor.redact(reply->errorString());
        outcome.retriable = call->request.idempotent;
        switch (reply->error()) {
        case QNetworkReply::SslHandshakeFailedError:
            error.kind = ErrorKind::Tls;
            error.message = tr("The server's TLS certificate was not accepted: %1").arg(error.message);
            outcome.retriable = false;
            outcome.tlsRejected = true;
            break;
        case QNetworkReply::ConnectionRefusedError:
            error.kind = ErrorKind::Network;
            outcome.retriable = true; // nothing reached the server
            break;
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            error.kind = ErrorKind::Timeout;
            error.message = tr("No answer within %1 s.").arg(m_endpoint.timeoutMs / 1000.0);
            break;
        case QNetworkReply::HostNotFoundError:
            error.kind = ErrorKind::Network;
            outcome.retriable = false;
            break;
        default: error.kind = ErrorKind::Network; break;
        }
        settle(call, std::move(outcome));
        return;
    }
    HttpResponse &response = outcome.response;
    response.status = outcome.status;
    response.body = reply->readAll();
    const auto pairs = reply->rawHeaderPairs();
    response.headers.reserve(pairs.size());
    for (const auto &pair : pairs)
        response.headers.emplace_back(pair.first, pair.second);
    const QVariant declared = reply->header(QNetworkRequest::ContentLengthHeader);
    outcome.truncated = declared.isValid() && declared.toLongLong() > response.body.size();
    settle(call, std::move(outcome));
}

void HttpClient::settle(const std::shared_ptr<Call> &call, Outcome outcome)
{
    const int status = outcome.status;
    const bool idempotent = call->request.idempotent;
    const bool canRetry = call->attempt < m_endpoint.retry.maxAttempts;
    const QString where = m_redactor.redact(call->url.toString(QUrl::RemoveUserInfo));

    if (status == 0) {
        Error error = std::move(outcome.failure);
        if (outcome.tlsRejected) {
            // The failed host's connection (and its TLS settings) is kept for reuse; drop it so
            // that a retry with a newly trusted CA starts a fresh handshake.
            if (m_network)
                m_network->clearConnectionCache();
            if (m_bulk)
                m_bulk->dropIdleConnections();
        }
        qCInfo(lcHttp).noquote() << call->request.method << where << "failed:" << error.message << "attempt"
                                 << call->attempt;
        if (outcome.retriable && canRetry) {
            scheduleRetry(call, backoffDelayMs(call->attempt + 1), error.message);
            return;
        }
        finishCall(call, nephele::Unexpected(contextual(error, *call)));
        return;
    }

    HttpResponse response = std::move(outcome.response);
    response.status = status;
    response.attempts = call->attempt;
    updateRateLimit(response);

    qCDebug(lcHttp).noquote() << call->request.method << where << "->" << status << "in" << call->started.elapsed()
                              << "ms, attempt" << call->attempt;

    if (status >= 200 && status < 300) {
        if (outcome.truncated) {
            if (idempotent && canRetry) {
                scheduleRetry(call, backoffDelayMs(call->attempt + 1), QStringLiteral("truncated answer"));
                return;
            }
            finishCall(
                call,
                nephele::Unexpected(contextual(
                    {ErrorKind::Network, tr("The connection dropped in the middle of the answer."), {}, {}, {}, status},
                    *call)));
            return;
        }
        finishCall(call, std::move(response));
        return;
    }

    if (status == 429 && canRetry) {
        const int delay = retryAfterMs(response);
        if (delay <= m_endpoint.retry.maxRetryAfterMs) {
            scheduleRetry(call, delay >= 0 ? delay : backoffDelayMs(call->attempt + 1), QStringLiteral("429"));
            return;
        }
    }
    if (isRetriableStatus(status) && idempotent && canRetry) {
        const int after = retryAfterMs(response);
        const int delay =
            after >= 0 && after <= m_endpoint.retry.maxRetryAfterMs ? after : backoffDelayMs(call->attempt + 1);
        scheduleRetry(call, delay, QString::number(status));
        return;
    }

    Error error = m_errorMapper ? m_errorMapper(status, response.body) : Error{};
    if (error.message.isEmpty())
        error.message = tr("The provider answered HTTP %1.").arg(status);
    error.kind = m_errorMapper ? error.kind : kindForStatus(status);
    error.httpStatus = status;
    if (error.requestId.isEmpty())
        error.requestId = QString::fromLatin1(response.header("x-request-id"));
    error.message = m_redactor.redact(error.message);
    if (status == 429) {
        const int after = retryAfterMs(response);
        if (after > 0)
            error.message += QLatin1Char(' ') + tr("Retry after %1 s.").arg((after + 999) / 1000);
    }
    finishCall(call, nephele::Unexpected(contextual(error, *call)));
}

void HttpClient::scheduleRetry(const std::shared_ptr<Call> &call, int delayMs, const QString &why)
{
    qCInfo(lcHttp).noquote() << call->request.method << m_redactor.redact(call->url.toString()) << "retry in" << delayMs
                             << "ms after" << why;
    m_waiting.push_back(call);
    QTimer::singleShot(std::max(0, delayMs), this, [this, call] {
        std::erase(m_waiting, call);
        startAttempt(call);
    });
}

void HttpClient::finishCall(const std::shared_ptr<Call> &call, Result<HttpResponse> result)
{
    if (call->done)
        return;
    call->done = true;
    call->promise.addResult(std::move(result));
    call->promise.finish();
}

int HttpClient::backoffDelayMs(int attempt)
{
    // Exponential, with equal jitter: half the step fixed, half random, so that many clients
    // retrying at once spread out but none retries immediately.
    const RetryPolicy &policy = m_endpoint.retry;
    const double step =
        std::min<double>(policy.maxDelayMs, policy.baseDelayMs * std::pow(2.0, std::max(0, attempt - 2)));
    const int half = int(step / 2);
    return half + int(m_random.bounded(half + 1));
}

int HttpClient::retryAfterMs(const HttpResponse &response) const
{
    const QByteArray retryAfter = response.header("retry-after").trimmed();
    if (!retryAfter.isEmpty()) {
        bool ok = false;
        const double seconds = retryAfter.toDouble(&ok);
        if (ok && seconds >= 0)
            return int(seconds * 1000);
        const QDateTime date = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
        if (date.isValid())
            return int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(date)));
    }
    if (response.status == 429 && m_rateLimit.reset.isValid())
        return int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(m_rateLimit.reset)));
    return -1;
}

void HttpClient::updateRateLimit(const HttpResponse &response)
{
    auto number = [&](std::initializer_list<const char *> names) -> std::optional<qint64> {
        for (const char *name : names) {
            bool ok = false;
            const qint64 value = response.header(name).trimmed().toLongLong(&ok);
            if (ok)
                return value;
        }
        return std::nullopt;
    };
    const auto limit = number({"ratelimit-limit", "x-ratelimit-limit"});
    const auto remaining = number({"ratelimit-remaining", "x-ratelimit-remaining"});
    const auto reset = number({"ratelimit-reset", "x-ratelimit-reset"});
    if (!limit && !remaining && !reset)
        return;
    if (limit)
        m_rateLimit.limit = int(*limit);
    if (remaining)
        m_rateLimit.remaining = int(*remaining);
    if (reset) {
        // Epoch seconds (DigitalOcean, Hetzner); small values are seconds from now (IETF draft).
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        m_rateLimit.reset = QDateTime::fromSecsSinceEpoch(*reset > 1'000'000'000 ? *reset : now + *reset, Qt::UTC);
    }
    Q_EMIT rateLimitChanged();
}

Error HttpClient::contextual(Error error, const Call &call) const
{
    QString ctx = m_endpoint.accountName;
    if (!call.request.operation.isEmpty())
        ctx = ctx.isEmpty() ? call.request.operation : ctx + QStringLiteral(": ") + call.request.operation;
    error.message = m_redactor.redact(error.message);
    return ctx.isEmpty() ? error : error.withContext(ctx);
}

} // namespace nephele::drivers
