#include "bulktransfer.h"

#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QThreadPool>

#include <httplib.h>
#include <netdb.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>

namespace nephele::drivers {

namespace {

constexpr qsizetype kHeadBytes = 4096; // as HttpClient's HeadHandler promises
constexpr std::size_t kMaxIdleConnections = 4;

std::string toStd(const QByteArray &bytes)
{
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

bool hostResolves(const std::string &host)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (found)
        freeaddrinfo(found);
    return rc == 0;
}

// OpenSSL objects from PEM text; null when the text holds none.
struct PemReader {
    explicit PemReader(const QByteArray &pem)
        : bio(BIO_new_mem_buf(pem.constData(), int(pem.size())))
    {}
    ~PemReader() { BIO_free(bio); }
    PemReader(const PemReader &) = delete;
    PemReader &operator=(const PemReader &) = delete;
    X509 *certificate() { return bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr; }
    EVP_PKEY *key() { return bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr; }
    BIO *bio;
};

} // namespace

struct BulkTransfer::Connection {
    std::unique_ptr<httplib::ClientImpl> client;
    httplib::SSLClient *tls = nullptr; // the same client, when it speaks TLS
    bool used = false;                 // it served a request: its connection may have been closed since
};

bool BulkTransfer::suits(const AccountEndpoint &endpoint)
{
    const QString scheme = endpoint.baseUrl.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return false;
    if (endpoint.proxy.type() != QNetworkProxy::DefaultProxy && endpoint.proxy.type() != QNetworkProxy::NoProxy)
        return false;
    // An application-wide proxy, or one the system's settings give for this address (http_proxy
    // and no_proxy here): Qt's stack applies them.
    if (endpoint.proxy.type() == QNetworkProxy::DefaultProxy) {
        if (QNetworkProxy::applicationProxy().type() != QNetworkProxy::NoProxy &&
            QNetworkProxy::applicationProxy().type() != QNetworkProxy::DefaultProxy)
            return false;
        if (QNetworkProxyFactory::usesSystemConfiguration()) {
            const QList<QNetworkProxy> system =
                QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(endpoint.baseUrl));
            if (!system.isEmpty() && system.first().type() != QNetworkProxy::NoProxy)
                return false;
        }
    }
    // A client certificate whose key Qt cannot show as PEM (a handle to a token) stays with Qt.
    if (!endpoint.clientCertificate.isNull() && endpoint.clientKey.toPem().isEmpty())
        return false;
    return true;
}

BulkTransfer::BulkTransfer(const AccountEndpoint &endpoint)
    : m_base(endpoint.baseUrl)
    , m_tls(endpoint.baseUrl.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0)
    , m_timeoutMs(std::max(1, endpoint.timeoutMs))
    , m_verifyPeer(!endpoint.insecureSkipTlsVerify)
{
    for (const QSslCertificate &ca : endpoint.caCertificates)
        m_caPem += ca.toPem();
    if (!endpoint.clientCertificate.isNull() && !endpoint.clientKey.isNull()) {
        m_clientCertPem = endpoint.clientCertificate.toPem();
        m_clientKeyPem = endpoint.clientKey.toPem();
    }
}

BulkTransfer::~BulkTransfer() = default;

QThreadPool *BulkTransfer::pool()
{
    static QThreadPool *transfers = [] {
        auto *p = new QThreadPool; // lives to the end: a transfer may still unwind at exit
        p->setMaxThreadCount(16);
        p->setExpiryTimeout(30'000);
        p->setObjectName(QStringLiteral("bulk transfers"));
        return p;
    }();
    return transfers;
}

std::unique_ptr<BulkTransfer::Connection> BulkTransfer::takeConnection(bool fresh, QString *error)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped)
            return nullptr;
        if (!fresh && !m_idle.empty()) {
            std::unique_ptr<Connection> kept = std::move(m_idle.back());
            m_idle.pop_back();
            m_busy.push_back(kept.get());
            return kept;
        }
    }
    auto connection = std::make_unique<Connection>();
    const std::string host = m_base.host().toStdString();
    const int port = m_base.port(m_tls ? 443 : 80);
    if (m_tls) {
        X509 *cert = nullptr;
        EVP_PKEY *key = nullptr;
        if (!m_clientCertPem.isEmpty()) {
            cert = PemReader(m_clientCertPem).certificate();
            key = PemReader(m_clientKeyPem).key();
            if (!cert || !key) {
                X509_free(cert);
                EVP_PKEY_free(key);
                *error = QStringLiteral("the client certificate or its key could not be read");
                return nullptr;
            }
        }
        auto tls = std::make_unique<httplib::SSLClient>(host, port, cert, key);
        X509_free(cert); // the client's TLS context holds its own references
        EVP_PKEY_free(key);
        if (!tls->is_valid()) {
            *error = QStringLiteral("the client certificate does not match its key");
            return nullptr;
        }
        if (!m_caPem.isEmpty()) {
            // Added to the context's store; the system's CAs join them at the first handshake.
            X509_STORE *store = SSL_CTX_get_cert_store(tls->ssl_context());
            PemReader cas(m_caPem);
            while (X509 *ca = cas.certificate()) {
                X509_STORE_add_cert(store, ca);
                X509_free(ca);
            }
        }
        tls->enable_server_certificate_verification(m_verifyPeer);
        connection->tls = tls.get();
        connection->client = std::move(tls);
    } else {
        connection->client = std::make_unique<httplib::ClientImpl>(host, port);
    }
    httplib::ClientImpl &client = *connection->client;
    client.set_keep_alive(true);
    client.set_decompress(false); // identity is asked for: a page is parsed as it lies in memory
    const time_t seconds = m_timeoutMs / 1000;
    const time_t micros = time_t(m_timeoutMs % 1000) * 1000;
    client.set_connection_timeout(seconds, micros);
    client.set_read_timeout(seconds, micros);
    client.set_write_timeout(seconds, micros);

    std::lock_guard lock(m_mutex);
    if (m_stopped)
        return nullptr;
    m_busy.push_back(connection.get());
    return connection;
}

void BulkTransfer::giveBack(std::unique_ptr<Connection> connection)
{
    std::lock_guard lock(m_mutex);
    std::erase(m_busy, connection.get());
    if (!m_stopped && m_idle.size() < kMaxIdleConnections)
        m_idle.push_back(std::move(connection));
}

void BulkTransfer::stop()
{
    std::vector<std::unique_ptr<Connection>> idle;
    std::lock_guard lock(m_mutex);
    m_stopped = true;
    for (Connection *busy : m_busy)
        busy->client->stop(); // shuts its socket: the blocked read returns
    idle = std::move(m_idle);
}

void BulkTransfer::dropIdleConnections()
{
    std::vector<std::unique_ptr<Connection>> idle;
    std::lock_guard lock(m_mutex);
    idle = std::move(m_idle);
}

BulkTransfer::Answer BulkTransfer::get(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                       const std::function<void(const QByteArray &)> &onHead)
{
    std::string target = url.path(QUrl::FullyEncoded).toStdString();
    if (target.empty())
        target.push_back('/');
    if (url.hasQuery())
        target.append("?").append(url.query(QUrl::FullyEncoded).toStdString());
    httplib::Headers sent;
    for (const auto &[name, value] : headers)
        sent.emplace(toStd(name), toStd(value));

    Answer answer;
    for (int round = 0; round < 2; ++round) {
        QString error;
        std::unique_ptr<Connection> connection = takeConnection(round > 0, &error);
        if (!connection) {
            std::lock_guard lock(m_mutex);
            answer.failure = m_stopped ? Failure::Cancelled : Failure::Tls;
            answer.failureText = m_stopped ? QStringLiteral("cancelled") : error;
            return answer;
        }
        const bool reused = connection->used;
        connection->used = true;
        answer = Answer{};
        bool headSent = false;
        QElapsedTimer sinceData;
        sinceData.start();
        httplib::Result result = connection->client->Get(
            target, sent,
            [&](const httplib::Response &response) {
                answer.status = response.status;
                const qsizetype length =
                    QByteArray::fromStdString(response.get_header_value("Content-Length")).toLongLong();
                if (length > 0 && length < (qsizetype(1) << 31))
                    answer.body.reserve(length);
                return true;
            },
            [&](const char *data, std::size_t size) {
                answer.body.append(data, qsizetype(size));
                sinceData.restart();
                if (!headSent && onHead && answer.status == 200 && answer.body.size() >= kHeadBytes) {
                    headSent = true;
                    onHead(answer.body.first(kHeadBytes));
                }
                return true;
            });
        const httplib::Error failed = result.error();
        if (result) {
            for (const auto &[name, value] : result->headers)
                answer.headers.emplace_back(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
            giveBack(std::move(connection));
            return answer;
        }

        std::unique_lock lock(m_mutex);
        std::erase(m_busy, connection.get());
        if (m_stopped) {
            answer.failure = Failure::Cancelled;
            answer.failureText = QStringLiteral("cancelled");
            return answer;
        }
        lock.unlock();
        const bool timedOut = sinceData.elapsed() >= m_timeoutMs - 50;
        // A kept-alive connection the server has closed since fails before any answer: once more,
        // on a fresh connection, before this counts as a failed attempt.
        if (reused && round == 0 && answer.status == 0 && !timedOut &&
            (failed == httplib::Error::Read || failed == httplib::Error::Write || failed == httplib::Error::Connection))
            continue;

        answer.failureText = QString::fromStdString(httplib::to_string(failed));
        switch (failed) {
        case httplib::Error::Connection:
            answer.failure = hostResolves(m_base.host().toStdString()) ? Failure::Refused : Failure::HostNotFound;
            answer.failureText = answer.failure == Failure::Refused
                                     ? QStringLiteral("Connection refused")
                                     : QStringLiteral("Host %1 not found").arg(m_base.host());
            break;
        case httplib::Error::ConnectionTimeout: answer.failure = Failure::Timeout; break;
        case httplib::Error::Read:
        case httplib::Error::Write:
            answer.failure = timedOut ? Failure::Timeout : Failure::Dropped;
            answer.failureText = QStringLiteral("The connection dropped in the middle of the answer.");
            break;
        case httplib::Error::SSLServerVerification:
            answer.failure = Failure::Tls;
            answer.failureText = QString::fromUtf8(X509_verify_cert_error_string(
                connection->tls ? connection->tls->get_openssl_verify_result() : X509_V_OK));
            if (connection->tls && connection->tls->get_openssl_verify_result() == X509_V_OK)
                answer.failureText = QStringLiteral("The host name did not match the certificate");
            break;
        case httplib::Error::SSLConnection:
        case httplib::Error::SSLLoadingCerts:
            answer.failure = Failure::Tls;
            answer.failureText = QStringLiteral("The TLS handshake failed");
            break;
        default: answer.failure = Failure::Other; break;
        }
        return answer;
    }
    return answer;
}

} // namespace nephele::drivers
