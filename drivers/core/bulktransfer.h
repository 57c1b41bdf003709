#pragma once

#include "driver.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

class QThreadPool;

namespace nephele::drivers {

// Big GET answers (a Kubernetes list page is 2-10 MB) fetched without Qt's network stack: a
// blocking HTTP/1.1 exchange on a transfer thread that decrypts straight into the answer's buffer.
// Qt's stack copies every chunk from its socket buffer into the reply's, posts a signal per chunk
// to the receiving thread and allocates a fresh buffer per answer; at 150 MB a listing that cost
// more CPU than parsing it (perf, k8s_list_bench). HttpClient uses this for requests marked bulk
// and keeps all of its own policy (retries, 429, errors, redaction) over it.
//
// One BulkTransfer serves one account: its connections are kept alive between requests and never
// shared with another account, since a client certificate authenticates a connection.
class BulkTransfer final
{
public:
    // Why a transfer got no HTTP answer.
    enum class Failure { None, Refused, HostNotFound, Timeout, Tls, Dropped, Cancelled, Other };

    struct Answer {
        int status = 0; // 0: no HTTP answer; see failure
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        Failure failure = Failure::None;
        QString failureText; // what the transport said, for the message
    };

    // Whether `endpoint` can be reached this way: http or https without a proxy (a proxied account
    // keeps Qt's stack, which speaks every proxy kind).
    static bool suits(const AccountEndpoint &endpoint);

    explicit BulkTransfer(const AccountEndpoint &endpoint);
    ~BulkTransfer();
    BulkTransfer(const BulkTransfer &) = delete;
    BulkTransfer &operator=(const BulkTransfer &) = delete;

    // Blocking: GETs `url` with these request headers. `onHead` is called once, on this thread,
    // with the first 4 kB of a 200 answer while the rest still arrives.
    Answer get(const QUrl &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
               const std::function<void(const QByteArray &)> &onHead);

    // Ends every transfer in flight (they answer Cancelled) and refuses new ones. Thread-safe.
    void stop();
    // Closes the kept-alive connections, so that the next request makes a fresh TLS handshake.
    void dropIdleConnections();

    // The threads transfers run on: apart from the global pool, which parses what they fetch.
    static QThreadPool *pool();

private:
    struct Connection;
    std::unique_ptr<Connection> takeConnection(bool fresh, QString *error);
    void giveBack(std::unique_ptr<Connection> connection);

    QUrl m_base;
    bool m_tls = false;
    int m_timeoutMs = 30'000;
    bool m_verifyPeer = true;
    QByteArray m_caPem;         // the account's own CAs, beside the system's
    QByteArray m_clientCertPem; // TLS client authentication
    QByteArray m_clientKeyPem;

    std::mutex m_mutex;
    bool m_stopped = false;
    std::vector<std::unique_ptr<Connection>> m_idle;
    std::vector<Connection *> m_busy;
};

} // namespace nephele::drivers
