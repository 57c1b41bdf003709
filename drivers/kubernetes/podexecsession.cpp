#include "podexecsession.h"

#include "core/httpclient.h"
#include "kubernetesparse.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocketHandshakeOptions>

namespace nephele::drivers::kubernetes {

namespace {

const QString kProtocol = QStringLiteral("v4.channel.k8s.io");

bool loopback(const QString &host)
{
    const QHostAddress address(host);
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           (!address.isNull() && address.isLoopback());
}

} // namespace

PodExecSession::PodExecSession(AccountEndpoint endpoint, QString podId, PodExecOptions options,
                               QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_podId(std::move(podId))
    , m_options(std::move(options))
    , m_socket(QString(), QWebSocketProtocol::VersionLatest, this)
    , m_network(networkFor(m_endpoint, network, this)) // never a connection another identity opened
    , m_columns(m_options.columns)
    , m_rows(m_options.rows)
{
    connect(&m_socket, &QWebSocket::connected, this, &PodExecSession::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &PodExecSession::onDisconnected);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &PodExecSession::onMessage);
    // Qt 6.4 names the signal error(); errorOccurred() came in 6.5.
    connect(&m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this, &PodExecSession::onError);
    if (m_endpoint.proxy.type() != QNetworkProxy::DefaultProxy)
        m_socket.setProxy(m_endpoint.proxy);
}

PodExecSession::~PodExecSession()
{
    m_finished = true; // no signals from the teardown
    m_socket.disconnect(this);
    m_socket.abort();
}

QString PodExecSession::context() const
{
    const QString what = tr("exec in %1").arg(m_podId);
    return m_endpoint.accountName.isEmpty() ? what : m_endpoint.accountName + QStringLiteral(": ") + what;
}

QUrl PodExecSession::url() const
{
    QUrl url = m_endpoint.baseUrl;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + QStringLiteral("/api/v1/namespaces/%1/pods/%2/exec")
                           .arg(m_podId.section(u'/', 0, 0), m_podId.section(u'/', 1)));
    QUrlQuery query;
    for (const QString &arg : m_options.command)
        query.addQueryItem(QStringLiteral("command"), QString::fromLatin1(QUrl::toPercentEncoding(arg)));
    if (!m_options.container.isEmpty())
        query.addQueryItem(QStringLiteral("container"),
                           QString::fromLatin1(QUrl::toPercentEncoding(m_options.container)));
    const auto flag = [](bool on) { return on ? QStringLiteral("true") : QStringLiteral("false"); };
    query.addQueryItem(QStringLiteral("stdin"), flag(m_options.stdinOpen));
    query.addQueryItem(QStringLiteral("stdout"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("stderr"), flag(!m_options.tty)); // a tty merges it into stdout
    query.addQueryItem(QStringLiteral("tty"), flag(m_options.tty));
    url.setQuery(query);
    return url;
}

void PodExecSession::start()
{
    if (m_podId.count(u'/') != 1 || m_options.command.isEmpty()) {
        m_errorMessage = context() + QStringLiteral(": ") +
                         (m_options.command.isEmpty() ? tr("No command to run.")
                                                      : tr("\"%1\" is not a pod (namespace/name).").arg(m_podId));
        QTimer::singleShot(0, this, [this] {
            Q_EMIT errorOccurred(m_errorMessage);
            finish(-1, m_errorMessage);
        });
        return;
    }
    const QUrl target = url();
    if (target.scheme() == QLatin1String("ws") && !loopback(target.host()) && !m_endpoint.allowPlainHttp) {
        m_errorMessage = context() + QStringLiteral(": ") +
                         tr("Refusing to send the token over plain http to %1.").arg(target.host());
        QTimer::singleShot(0, this, [this] {
            Q_EMIT errorOccurred(m_errorMessage);
            finish(-1, m_errorMessage);
        });
        return;
    }
    // authorize() decides TLS on the request's scheme: give it the https form, then switch to wss.
    QUrl httpsForm = target;
    httpsForm.setScheme(target.scheme() == QLatin1String("wss") ? QStringLiteral("https") : QStringLiteral("http"));
    QNetworkRequest request(httpsForm);
    authorize(request, m_endpoint);
    if (target.scheme() == QLatin1String("wss"))
        m_socket.setSslConfiguration(request.sslConfiguration());
    request.setUrl(target);
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({kProtocol});
    m_socket.open(request, options);
}

void PodExecSession::close()
{
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.close(QWebSocketProtocol::CloseCodeNormal);
}

void PodExecSession::sendData(const QByteArray &data)
{
    if (data.isEmpty() || m_finished)
        return;
    if (!m_open) {
        if (m_pendingInput.size() + data.size() <= kMaxPendingInput)
            m_pendingInput += data;
        return;
    }
    sendChannel(0, data);
}

void PodExecSession::resize(int columns, int rows)
{
    if (columns <= 0 || rows <= 0)
        return;
    m_columns = columns;
    m_rows = rows;
    if (!m_open || !m_options.tty)
        return;
    const QJsonObject size{{QStringLiteral("Width"), columns}, {QStringLiteral("Height"), rows}};
    sendChannel(4, QJsonDocument(size).toJson(QJsonDocument::Compact));
}

void PodExecSession::sendChannel(char channel, const QByteArray &data)
{
    QByteArray message;
    message.reserve(data.size() + 1);
    message.append(channel);
    message.append(data);
    m_socket.sendBinaryMessage(message);
}

void PodExecSession::onConnected()
{
    if (m_socket.subprotocol() != kProtocol) {
        m_errorMessage = context() + QStringLiteral(": ") +
                         tr("The server did not agree to the %1 protocol; it may be too old.").arg(kProtocol);
        Q_EMIT errorOccurred(m_errorMessage);
        m_socket.abort();
        finish(-1, m_errorMessage);
        return;
    }
    m_open = true;
    if (m_columns > 0 && m_rows > 0)
        resize(m_columns, m_rows);
    if (!m_pendingInput.isEmpty())
        sendChannel(0, std::exchange(m_pendingInput, {}));
    Q_EMIT opened();
}

void PodExecSession::onMessage(const QByteArray &message)
{
    if (message.isEmpty())
        return;
    const auto channel = quint8(message.at(0));
    const QByteArray data = message.sliced(1);
    switch (channel) {
    case 1:
        if (!data.isEmpty())
            Q_EMIT dataReceived(data);
        break;
    case 2:
        if (!data.isEmpty()) {
            Q_EMIT dataReceived(data);
            Q_EMIT stderrReceived(data);
        }
        break;
    case 3: {
        // A metav1.Status: Success, or Failure with the exit code among its causes.
        m_statusSeen = true;
        const QJsonObject status = QJsonDocument::fromJson(data).object();
        if (status.value(QLatin1String("status")).toString() == QLatin1String("Success")) {
            m_exitCode = 0;
            break;
        }
        m_statusMessage = status.value(QLatin1String("message")).toString();
        m_exitCode = -1;
        if (status.value(QLatin1String("reason")).toString() == QLatin1String("NonZeroExitCode")) {
            const QJsonArray causes =
                status.value(QLatin1String("details")).toObject().value(QLatin1String("causes")).toArray();
            for (const auto &cause : causes) {
                const QJsonObject c = cause.toObject();
                bool ok = false;
                const int code = c.value(QLatin1String("message")).toString().toInt(&ok);
                if (c.value(QLatin1String("reason")).toString() == QLatin1String("ExitCode") && ok)
                    m_exitCode = code;
            }
        }
        break;
    }
    default: break; // 0 and 4 are ours to send; anything else is not in v4
    }
}

void PodExecSession::onError(QAbstractSocket::SocketError)
{
    if (m_finished || m_statusSeen)
        return;
    // Qt's words (they name the HTTP status of a refused upgrade) never include the token.
    if (!m_open && m_network && m_socket.errorString().contains(QLatin1String("processHandshake"))) {
        explainRefusal(m_socket.errorString());
        return;
    }
    m_errorMessage = context() + QStringLiteral(": ") + m_socket.errorString();
    Q_EMIT errorOccurred(m_errorMessage);
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        finish(-1, m_errorMessage);
}

void PodExecSession::explainRefusal(const QString &qtMessage)
{
    // The same request without the upgrade: the API server validates it the same way and answers
    // with a Status ("container x is not valid for pod y", "pods \"z\" not found").
    if (m_explaining)
        return;
    m_explaining = true;
    QUrl plain = url();
    plain.setScheme(plain.scheme() == QLatin1String("wss") ? QStringLiteral("https") : QStringLiteral("http"));
    QNetworkRequest request(plain);
    authorize(request, m_endpoint);
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_endpoint.timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, qtMessage] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const Error error = parseStatus(status, reply->read(qint64{64} * 1024));
        const bool told = status >= 400 && !error.message.isEmpty();
        m_errorMessage = context() + QStringLiteral(": ") + (told ? error.message : qtMessage);
        Q_EMIT errorOccurred(m_errorMessage);
        finish(-1, m_errorMessage);
    });
}

void PodExecSession::onDisconnected()
{
    m_open = false;
    if (m_explaining)
        return; // finished once the server said why
    if (m_statusSeen)
        finish(m_exitCode, m_statusMessage);
    else
        finish(-1, m_errorMessage.isEmpty() ? tr("The session ended without an exit status.") : m_errorMessage);
}

void PodExecSession::finish(int exitCode, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_open = false;
    Q_EMIT finished(exitCode, message);
}

} // namespace nephele::drivers::kubernetes
