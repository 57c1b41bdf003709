#include "podlogstream.h"

#include "core/httpclient.h"
#include "kubernetesparse.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

namespace nephele::drivers::kubernetes {

namespace {

constexpr qint64 kMaxErrorBody = qint64{64} * 1024;

bool loopback(const QString &host)
{
    const QHostAddress address(host);
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           (!address.isNull() && address.isLoopback());
}

} // namespace

PodLogStream::PodLogStream(AccountEndpoint endpoint, QNetworkAccessManager *network, QString podId,
                           PodLogOptions options, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_network(networkFor(m_endpoint, network, this)) // never a connection another identity opened
    , m_podId(std::move(podId))
    , m_options(std::move(options))
{}

PodLogStream::~PodLogStream()
{
    stop();
}

QUrl PodLogStream::url() const
{
    QUrl url = m_endpoint.baseUrl;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    const QString ns = m_podId.section(u'/', 0, 0), name = m_podId.section(u'/', 1);
    url.setPath(base + QStringLiteral("/api/v1/namespaces/%1/pods/%2/log").arg(ns, name));
    QUrlQuery query;
    if (!m_options.container.isEmpty())
        query.addQueryItem(QStringLiteral("container"), m_options.container);
    if (m_options.follow)
        query.addQueryItem(QStringLiteral("follow"), QStringLiteral("true"));
    if (m_options.tailLines >= 0)
        query.addQueryItem(QStringLiteral("tailLines"), QString::number(m_options.tailLines));
    if (m_options.previous)
        query.addQueryItem(QStringLiteral("previous"), QStringLiteral("true"));
    if (m_options.timestamps)
        query.addQueryItem(QStringLiteral("timestamps"), QStringLiteral("true"));
    if (m_options.sinceSeconds > 0)
        query.addQueryItem(QStringLiteral("sinceSeconds"), QString::number(m_options.sinceSeconds));
    if (m_options.limitBytes > 0)
        query.addQueryItem(QStringLiteral("limitBytes"), QString::number(m_options.limitBytes));
    url.setQuery(query);
    return url;
}

void PodLogStream::start()
{
    stop();
    m_error.reset();
    m_errorBody.clear();
    m_status = 0;
    m_received = 0;
    m_replyFinished = false;
    const QString context = m_endpoint.accountName.isEmpty()
                                ? tr("logs of %1").arg(m_podId)
                                : m_endpoint.accountName + QStringLiteral(": ") + tr("logs of %1").arg(m_podId);
    if (m_podId.count(u'/') != 1) {
        fail(Error{ErrorKind::Invalid, tr("\"%1\" is not a pod (namespace/name).").arg(m_podId), {}, {}, context, 0});
        return;
    }
    const QUrl target = url();
    if (target.scheme() == QLatin1String("http") && !loopback(target.host()) && !m_endpoint.allowPlainHttp) {
        fail(Error{ErrorKind::Insecure,
                   tr("Refusing to send the token over plain http to %1.").arg(target.host()),
                   {},
                   {},
                   context,
                   0});
        return;
    }
    if (!m_network) {
        fail(Error{ErrorKind::Network, tr("The network service is gone."), {}, {}, context, 0});
        return;
    }
    QNetworkRequest request(target);
    authorize(request, m_endpoint);
    request.setRawHeader("Accept", "*/*");
    // Set by hand so Qt does not decompress: a compressed stream would sit in the decompressor.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(m_options.follow ? 0 : m_endpoint.timeoutMs); // a quiet follow is not a stall
    QNetworkReply *reply = m_network->get(request);
    reply->setReadBufferSize(kReadBufferBytes);
    m_reply = reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] {
        if (m_reply == reply)
            onMetaData();
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] {
        if (m_reply == reply)
            scheduleDrain();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        if (m_reply != reply)
            return;
        m_replyFinished = true;
        scheduleDrain();
    });
}

void PodLogStream::stop()
{
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    m_drainScheduled = false;
}

void PodLogStream::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused && m_reply)
        scheduleDrain();
}

void PodLogStream::onMetaData()
{
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

void PodLogStream::scheduleDrain()
{
    if (m_drainScheduled || m_paused)
        return;
    m_drainScheduled = true;
    // Queued: a burst of readyRead signals becomes one drain, and a drain never runs inside Qt's
    // socket notification.
    QTimer::singleShot(0, this, [this] {
        m_drainScheduled = false;
        drain();
    });
}

void PodLogStream::drain()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_paused)
        return;
    if (m_status == 0)
        m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_status != 0 && m_status != 200) {
        m_errorBody += reply->read(kMaxErrorBody - m_errorBody.size());
        reply->readAll(); // anything past the cap is dropped
        if (m_replyFinished)
            onFinished();
        return;
    }
    qint64 slice = 0;
    while (slice < kSliceBytes && reply->bytesAvailable() > 0) {
        const QByteArray chunk = reply->read(kChunkBytes);
        if (chunk.isEmpty())
            break;
        slice += chunk.size();
        m_received += chunk.size();
        Q_EMIT dataReceived(chunk);
        if (m_reply != reply || m_paused)
            return; // stopped or paused from a slot
    }
    if (reply->bytesAvailable() > 0) {
        scheduleDrain(); // more than a slice: let the event loop breathe first
        return;
    }
    if (m_replyFinished)
        onFinished();
}

void PodLogStream::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const QString context = m_endpoint.accountName.isEmpty()
                                ? tr("logs of %1").arg(m_podId)
                                : m_endpoint.accountName + QStringLiteral(": ") + tr("logs of %1").arg(m_podId);
    if (m_status != 0 && m_status != 200) {
        Error error = parseStatus(m_status, m_errorBody);
        error.context = context;
        fail(error);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        fail(Error{reply->error() == QNetworkReply::TimeoutError ? ErrorKind::Timeout : ErrorKind::Network,
                   reply->errorString(),
                   {},
                   {},
                   context,
                   m_status});
        return;
    }
    Q_EMIT finished();
}

void PodLogStream::fail(const Error &error)
{
    m_error = error;
    // Deferred, so that a failure found in start() reaches slots connected after it.
    QTimer::singleShot(0, this, [this, message = error.summary()] { Q_EMIT errorOccurred(message); });
}

} // namespace nephele::drivers::kubernetes
