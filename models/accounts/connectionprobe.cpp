#include "connectionprobe.h"

#include "accountendpoint.h"
#include "core/httpclient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <memory>

namespace nephele::models {

namespace {

using drivers::Error;
using drivers::ErrorKind;
using drivers::Result;

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("nephele::models::ConnectionProbe", text, nullptr, n);
}

constexpr int kSshTimeoutMs = 15'000;

// Hetzner Cloud's error body: {"error": {"code": "unauthorized", "message": "unable to authenticate"}}.
Error hetznerError(int status, QByteArrayView body)
{
    const QJsonObject error =
        QJsonDocument::fromJson(body.toByteArray()).object().value(QStringLiteral("error")).toObject();
    Error e;
    e.httpStatus = status;
    e.providerCode = error.value(QStringLiteral("code")).toString();
    e.message = error.value(QStringLiteral("message")).toString();
    if (e.message.isEmpty())
        e.message = tr("The API answered with HTTP status %1.").arg(status);
    switch (status) {
    case 401: e.kind = ErrorKind::Auth; break;
    case 403: e.kind = ErrorKind::Forbidden; break;
    case 404: e.kind = ErrorKind::NotFound; break;
    case 429: e.kind = ErrorKind::RateLimited; break;
    default: e.kind = status >= 500 ? ErrorKind::Server : ErrorKind::Invalid; break;
    }
    return e;
}

QFuture<Result<QString>> probeHetzner(const Account &account, const QString &token, QNetworkAccessManager *network,
                                      QObject *context)
{
    auto endpoint = endpointFor(account, token);
    if (!endpoint)
        return QtFuture::makeReadyFuture(Result<QString>(drivers::fail(ErrorKind::Config, endpoint.error())));
    endpoint->retry.maxAttempts = 1; // a test shows the first answer, it does not insist
    auto http = std::shared_ptr<drivers::HttpClient>(new drivers::HttpClient(network, *endpoint, &hetznerError),
                                                     [](drivers::HttpClient *c) { c->deleteLater(); });
    QUrl url = account.endpoint;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + QStringLiteral("/locations"));
    url.setQuery(QStringLiteral("per_page=1"));
    return http->send({"GET", url, {}, tr("list locations")})
        .then(context, [http](const Result<drivers::HttpResponse> &reply) -> Result<QString> {
            if (!reply)
                return nephele::Unexpected(reply.error());
            const QJsonObject root = QJsonDocument::fromJson(reply->body).object();
            if (!root.value(QStringLiteral("locations")).isArray())
                return drivers::fail(ErrorKind::Parse,
                                     tr("The endpoint answered, but not as the Hetzner Cloud API does (no list "
                                        "of locations). Check the endpoint."));
            const int total = root.value(QStringLiteral("meta"))
                                  .toObject()
                                  .value(QStringLiteral("pagination"))
                                  .toObject()
                                  .value(QStringLiteral("total_entries"))
                                  .toInt(int(root.value(QStringLiteral("locations")).toArray().size()));
            return tr("Connected: the token is accepted and sees %n location(s).", total);
        });
}

QFuture<Result<QString>> probeSsh(const Account &account, QObject *context)
{
    const QString host = account.endpoint.host();
    const int port = account.endpoint.port(22);
    auto promise = std::make_shared<QPromise<Result<QString>>>();
    promise->start();
    QFuture<Result<QString>> future = promise->future();
    if (host.isEmpty()) {
        promise->addResult(Result<QString>(drivers::fail(ErrorKind::Config, tr("The server has no host name."))));
        promise->finish();
        return future;
    }
    // Owned by the context: gone with it, and so is any late answer.
    auto *socket = new QTcpSocket(context);
    auto *timer = new QTimer(socket);
    timer->setSingleShot(true);
    auto done = std::make_shared<bool>(false);
    const auto finish = [socket, promise, done](Result<QString> result) {
        if (*done)
            return;
        *done = true;
        promise->addResult(std::move(result));
        promise->finish();
        socket->abort();
        socket->deleteLater();
    };
    const QString where = QStringLiteral("%1:%2").arg(host).arg(port);
    QObject::connect(timer, &QTimer::timeout, socket, [finish, where] {
        finish(drivers::fail(
            ErrorKind::Timeout,
            tr("%1 did not answer as an SSH server within %2 seconds.").arg(where).arg(kSshTimeoutMs / 1000)));
    });
    QObject::connect(socket, &QTcpSocket::errorOccurred, socket, [finish, socket, where] {
        if (socket->error() == QAbstractSocket::RemoteHostClosedError)
            finish(
                drivers::fail(ErrorKind::Network, tr("%1 closed the connection without an SSH greeting.").arg(where)));
        else
            finish(drivers::fail(ErrorKind::Network, tr("Cannot reach %1: %2").arg(where, socket->errorString())));
    });
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [finish, socket, where] {
        // RFC 4253 4.2: the server may send other lines first; its identification starts "SSH-".
        while (socket->canReadLine()) {
            const QByteArray line = socket->readLine(256).trimmed();
            if (line.startsWith("SSH-")) {
                finish(tr("Reached the SSH server at %1 (%2). Signing in is checked when a shell opens.")
                           .arg(where, QString::fromLatin1(line)));
                return;
            }
        }
        if (socket->bytesAvailable() > 8192)
            finish(drivers::fail(ErrorKind::Parse, tr("%1 answered, but not as an SSH server.").arg(where)));
    });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, [finish, where] {
        finish(drivers::fail(ErrorKind::Network, tr("%1 closed the connection without an SSH greeting.").arg(where)));
    });
    timer->start(kSshTimeoutMs);
    socket->connectToHost(host, quint16(port));
    return future;
}

} // namespace

bool canProbe(const QString &provider)
{
    return provider == u"hetzner" || provider == u"ssh";
}

QFuture<Result<QString>> probeConnection(const Account &account, const QString &secret, QNetworkAccessManager *network,
                                         QObject *context)
{
    if (account.provider == u"hetzner")
        return probeHetzner(account, secret, network, context);
    if (account.provider == u"ssh")
        return probeSsh(account, context);
    return QtFuture::makeReadyFuture(Result<QString>(
        drivers::fail(ErrorKind::Unsupported, tr("This build cannot test a %1 connection.").arg(account.provider))));
}

} // namespace nephele::models
