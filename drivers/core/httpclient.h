#pragma once

#include "driver.h"
#include "error.h"
#include "redactor.h"

#include <QByteArray>
#include <QDateTime>
#include <QFuture>
#include <QHash>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

#include <QNetworkAccessManager>
class QNetworkReply;
class QNetworkRequest;

namespace nephele::drivers {

class BulkTransfer;

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

struct HttpRequest {
    QByteArray method = "GET";
    QUrl url; // absolute, or a path resolved against the account's base URL
    QByteArray body;
    QString operation; // what this request is for, in messages: "list droplets"
    // Whether the request may be sent again after a 5xx, a reset or a timeout. A POST that creates
    // something is not: resending it could create two. 429 and refused connections are always
    // retried, since the provider did not act on them.
    bool idempotent = true;
    // A big answer (megabytes: a Kubernetes list page): a GET fetched on a transfer thread rather
    // than through Qt's network stack (see BulkTransfer), when the endpoint allows. Same policy.
    bool bulk = false;
};

// Called once with the first bytes (up to 4 kB) of a 200 answer while the rest still arrives: a
// paged list's metadata, to ask for the next page early. Not called for other statuses.
using HeadHandler = std::function<void(const QByteArray &head)>;

struct HttpResponse {
    int status = 0;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    int attempts = 1;

    QByteArray header(QByteArrayView name) const; // case-insensitive, empty when absent
};

struct RateLimitState {
    int limit = -1; // -1: the provider did not say
    int remaining = -1;
    QDateTime reset; // when the window resets (UTC)
};

// The HTTP client of one account: timeouts, retries with exponential backoff and jitter on 5xx,
// 429 and resets, Retry-After and rate-limit headers honoured, TLS verified (with the account's
// own CA certificates added), plain http refused except to loopback or by the account's explicit
// choice, and the token kept out of every log line.
//
//   HttpClient http(nam, endpoint, &digitalocean::parseError);
//   http.send({"GET", QUrl("/v2/account"), {}, "check token"}).then(this, [](Result<HttpResponse> r) {...});
//
// Futures are fulfilled on the thread that owns the client. Destroying the client aborts what is
// in flight and fulfils those futures with a Cancelled error.
// Puts the endpoint's credentials on a request: the bearer token (from its credential source when
// it has one), and for https its extra CAs, client certificate and verification mode. Returns the
// token sent, for the caller's redactor.
QString authorize(QNetworkRequest &request, const AccountEndpoint &endpoint);

// The client certificate a new connection presents: the credential source's when it has one (it
// may have been renewed), else the endpoint's own.
ClientIdentity currentClientIdentity(const AccountEndpoint &endpoint);

// The network manager for an account's requests: `shared`, or one of the caller's own (a child of
// `owner`) when the endpoint needs it. Qt sets proxies per manager, and pools connections per
// manager by scheme, host and port alone, whatever TLS settings opened them: a client certificate
// authenticates a connection, not a request, so in a shared pool another account's requests to the
// same server would ride on this identity's connection (or on one whose certificate went unchecked,
// or was checked against this account's own CA).
QNetworkAccessManager *networkFor(const AccountEndpoint &endpoint, QNetworkAccessManager *shared, QObject *owner);

class HttpClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)

public:
    // Turns a provider's error answer into a typed Error (kind, message, provider code, request id).
    using ErrorMapper = std::function<Error(int status, QByteArrayView body)>;

    HttpClient(QNetworkAccessManager *network, AccountEndpoint endpoint, ErrorMapper errorMapper,
               QObject *parent = nullptr);
    ~HttpClient() override;

    QFuture<Result<HttpResponse>> send(HttpRequest request, HeadHandler onHead = {});

    QUrl resolve(const QUrl &url) const;
    const AccountEndpoint &endpoint() const { return m_endpoint; }
    QNetworkAccessManager *network() const { return m_network; }
    RateLimitState rateLimit() const { return m_rateLimit; }
    const Redactor &redactor() const { return m_redactor; }
    // For tests: a fixed seed makes the jitter reproducible.
    void setJitterSeed(quint32 seed) { m_random.seed(seed); }

    // The delay before attempt number `attempt` (2 = first retry), without a Retry-After.
    int backoffDelayMs(int attempt);

Q_SIGNALS:
    void rateLimitChanged();

private:
    struct Call;
    struct Outcome;
    struct Relay;
    void startAttempt(const std::shared_ptr<Call> &call);
    void startBulkAttempt(const std::shared_ptr<Call> &call);
    void onReplyFinished(const std::shared_ptr<Call> &call, QNetworkReply *reply);
    void settle(const std::shared_ptr<Call> &call, Outcome outcome);
    void followClientIdentity();
    void scheduleRetry(const std::shared_ptr<Call> &call, int delayMs, const QString &why);
    void finishCall(const std::shared_ptr<Call> &call, Result<HttpResponse> result);
    std::optional<Error> checkTransportPolicy(const QUrl &url) const;
    void updateRateLimit(const HttpResponse &response);
    int retryAfterMs(const HttpResponse &response) const;
    Error contextual(Error error, const Call &call) const;

    QPointer<QNetworkAccessManager> m_network;
    AccountEndpoint m_endpoint;
    ErrorMapper m_errorMapper;
    Redactor m_redactor;
    RateLimitState m_rateLimit;
    QRandomGenerator m_random;
    QHash<QNetworkReply *, std::shared_ptr<Call>> m_inFlight;
    std::shared_ptr<BulkTransfer> m_bulk;                   // made at the first bulk request, when the endpoint suits
    std::optional<bool> m_bulkSuits;                        // BulkTransfer::suits(), asked once (a system proxy lookup)
    std::vector<std::weak_ptr<BulkTransfer>> m_retiredBulk; // made for an identity since renewed
    QSslCertificate m_identity;                             // what new connections present
    std::shared_ptr<Relay> m_relay;                         // how transfer threads reach this client while it lives
    std::vector<std::shared_ptr<Call>> m_bulkInFlight;
    std::vector<std::shared_ptr<Call>> m_waiting; // calls sleeping before a retry
};

} // namespace nephele::drivers
