#include "kubernetesdriver.h"

#include "kubernetesparse.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>
#include <QSslConfiguration>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

namespace nephele::drivers::kubernetes {

const Capabilities &capabilities()
{
    static const Capabilities caps = [] {
        Capabilities c;
        c.provider = QStringLiteral("kubernetes");
        c.displayName = QStringLiteral("Kubernetes");
        c.tokenHelpUrl = QStringLiteral("https://kubernetes.io/docs/reference/access-authn-authz/authentication/");
        c.listMachines = true;
        c.stoppedMachinesBilled = false;
        c.maxPageSize = KubernetesDriver::kPageSize;
        return c;
    }();
    return caps;
}

namespace {

// Watch streams end on their own after this long (the apiserver's own default is 30-60 min);
// the driver then resumes from the last version it saw.
constexpr int kWatchTimeoutSeconds = 300;
constexpr int kMaxListRestarts = 3;

Job *unsupportedJob(const QString &what, QObject *parent)
{
    auto *job = new Job(what, parent);
    job->failWith(Error{ErrorKind::Unsupported,
                        QCoreApplication::translate("nephele::drivers::kubernetes::KubernetesDriver",
                                                    "Kubernetes clusters do not support this yet."),
                        {},
                        {},
                        {},
                        0});
    return job;
}

QList<MachineEvent> toEvents(const WatchEvent &event)
{
    QList<MachineEvent> out;
    const auto type = event.type == WatchEvent::Type::Deleted ? MachineEvent::Type::Delete : MachineEvent::Type::Upsert;
    out.reserve(event.machines.size());
    for (const Machine &m : event.machines)
        out.append(MachineEvent{type, m});
    return out;
}

} // namespace

struct KubernetesDriver::ListRun {
    QPromise<Result<QList<Machine>>> promise;
    QList<Machine> machines;
    int resource = 0; // 0: nodes, 1: pods
    QString continueToken;
    QString resourceVersions[2];
    int restarts = 0;
};

namespace {

// A cluster behind a proxy (kubeconfig's proxy-url) gets a network manager of its own: Qt sets
// proxies per manager, and the shared one serves every other account.
QNetworkAccessManager *networkFor(const AccountEndpoint &endpoint, QNetworkAccessManager *shared, QObject *owner)
{
    if (endpoint.proxy.type() == QNetworkProxy::DefaultProxy)
        return shared;
    auto *own = new QNetworkAccessManager(owner);
    own->setProxy(endpoint.proxy);
    return own;
}

} // namespace

KubernetesDriver::KubernetesDriver(AccountEndpoint endpoint, QNetworkAccessManager *network, QObject *parent)
    : Driver(parent)
    , m_http(new HttpClient(networkFor(endpoint, network, this), std::move(endpoint), &parseStatus, this))
    , m_network(m_http->network())
{
    m_streams[0].path = QStringLiteral("/api/v1/nodes");
    m_streams[1].path = QStringLiteral("/api/v1/pods");
    m_streams[1].pods = true;
    for (int i = 0; i < 2; ++i) {
        m_streams[i].retry.setSingleShot(true);
        connect(&m_streams[i].retry, &QTimer::timeout, this, [this, i] { openStream(i); });
    }
}

KubernetesDriver::~KubernetesDriver()
{
    m_handlers = {};
    stopWatch();
}

const Capabilities &KubernetesDriver::capabilities() const
{
    return kubernetes::capabilities();
}

QFuture<Result<QList<Machine>>> KubernetesDriver::listMachines()
{
    auto run = std::make_shared<ListRun>();
    run->promise.start();
    auto future = run->promise.future();
    fetchPage(run);
    return future;
}

void KubernetesDriver::fetchPage(const std::shared_ptr<ListRun> &run)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(kPageSize));
    if (!run->continueToken.isEmpty())
        query.addQueryItem(QStringLiteral("continue"),
                           QString::fromLatin1(QUrl::toPercentEncoding(run->continueToken)));
    QUrl url(m_streams[run->resource].path);
    url.setQuery(query);
    const bool pods = run->resource == 1;
    HttpRequest request{"GET", url, {}, pods ? tr("list pods") : tr("list nodes"), true};
    m_http->send(std::move(request)).then(this, [this, run, pods](Result<HttpResponse> response) {
        if (!response) {
            if (response.error().httpStatus == 410 && run->restarts < kMaxListRestarts) {
                // The continue token expired: a consistent list has to start over.
                ++run->restarts;
                run->machines.clear();
                run->resource = 0;
                run->continueToken.clear();
                fetchPage(run);
                return;
            }
            run->promise.addResult(Result<QList<Machine>>(nephele::Unexpected(response.error())));
            run->promise.finish();
            return;
        }
        QtConcurrent::run([body = std::move(response->body), pods] {
            return pods ? parsePodList(body) : parseNodeList(body);
        }).then(this, [this, run](Result<ListPage> page) {
            if (!page) {
                Error error = page.error();
                error.context = m_http->endpoint().accountName + QStringLiteral(": ") +
                                (run->resource ? tr("list pods") : tr("list nodes"));
                run->promise.addResult(Result<QList<Machine>>(nephele::Unexpected(error)));
                run->promise.finish();
                return;
            }
            run->machines.append(std::move(page->machines));
            run->continueToken = page->continueToken;
            if (!run->continueToken.isEmpty()) {
                fetchPage(run);
                return;
            }
            run->resourceVersions[run->resource] = page->resourceVersion;
            if (run->resource == 0) {
                run->resource = 1;
                fetchPage(run);
                return;
            }
            m_streams[0].resourceVersion = run->resourceVersions[0];
            m_streams[1].resourceVersion = run->resourceVersions[1];
            run->promise.addResult(Result<QList<Machine>>(std::move(run->machines)));
            run->promise.finish();
        });
    });
}

QFuture<Result<Catalog>> KubernetesDriver::catalog()
{
    return QtFuture::makeReadyFuture(Result<Catalog>(Catalog{}));
}

QFuture<Result<QList<Volume>>> KubernetesDriver::listVolumes()
{
    return QtFuture::makeReadyFuture(Result<QList<Volume>>(QList<Volume>{}));
}

QFuture<Result<QString>> KubernetesDriver::testConnection()
{
    return m_http->send({"GET", QUrl(QStringLiteral("/version")), {}, tr("check the cluster"), true})
        .then(this, [](Result<HttpResponse> response) -> Result<QString> {
            if (!response)
                return nephele::Unexpected(response.error());
            const QJsonObject version = QJsonDocument::fromJson(response->body).object();
            const QString git = version.value(QLatin1String("gitVersion")).toString();
            if (git.isEmpty())
                return fail(ErrorKind::Parse, tr("The server did not answer /version like a Kubernetes API server."));
            return tr("Kubernetes %1").arg(git);
        });
}

Job *KubernetesDriver::runAction(MachineAction action, const QString &, const ActionArgs &)
{
    return unsupportedJob(machineActionName(action), this);
}
Job *KubernetesDriver::createMachines(const CreateMachineRequest &)
{
    return unsupportedJob(tr("create"), this);
}
Job *KubernetesDriver::createVolume(const CreateVolumeRequest &)
{
    return unsupportedJob(tr("create volume"), this);
}
Job *KubernetesDriver::attachVolume(const QString &, const QString &)
{
    return unsupportedJob(tr("attach volume"), this);
}
Job *KubernetesDriver::detachVolume(const QString &, const QString &)
{
    return unsupportedJob(tr("detach volume"), this);
}
Job *KubernetesDriver::deleteVolume(const QString &)
{
    return unsupportedJob(tr("delete volume"), this);
}

// ---- watch ----------------------------------------------------------------------------------

void KubernetesDriver::startWatch(Handlers handlers)
{
    m_handlers = std::move(handlers);
    m_watching = true;
    for (int i = 0; i < 2; ++i)
        openStream(i);
}

void KubernetesDriver::stopWatch()
{
    m_watching = false;
    for (Stream &s : m_streams) {
        s.retry.stop();
        if (QNetworkReply *reply = s.reply) {
            s.reply = nullptr;
            reply->abort();
            reply->deleteLater();
        }
        s.buffer.clear();
    }
}

void KubernetesDriver::openStream(int index)
{
    Stream &s = m_streams[index];
    if (!m_watching || m_relisting || !m_network)
        return;
    if (s.reply) {
        QNetworkReply *old = s.reply;
        s.reply = nullptr;
        old->abort();
        old->deleteLater();
    }
    s.buffer.clear();
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("watch"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("resourceVersion"), s.resourceVersion);
    query.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(kWatchTimeoutSeconds));
    QUrl path(s.path);
    path.setQuery(query);
    const AccountEndpoint &ep = m_http->endpoint();
    QNetworkRequest request(m_http->resolve(path));
    authorize(request, ep);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(0); // a quiet watch is not a stalled one
    QNetworkReply *reply = m_network->get(request);
    s.reply = reply;
    connect(reply, &QNetworkReply::readyRead, this, [this, index, reply] {
        if (m_streams[index].reply == reply)
            onStreamData(index);
    });
    connect(reply, &QNetworkReply::finished, this, [this, index, reply] {
        reply->deleteLater();
        if (m_streams[index].reply == reply)
            onStreamFinished(index);
    });
}

void KubernetesDriver::onStreamData(int index)
{
    Stream &s = m_streams[index];
    QNetworkReply *reply = s.reply;
    if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // an error answer: read whole in onStreamFinished
    s.buffer.append(reply->readAll());
    QList<MachineEvent> batch;
    qsizetype start = 0;
    bool relistNeeded = false;
    std::optional<Error> broken;
    for (qsizetype nl = s.buffer.indexOf('\n'); nl >= 0; nl = s.buffer.indexOf('\n', start)) {
        const QByteArrayView line = QByteArrayView(s.buffer).sliced(start, nl - start);
        start = nl + 1;
        if (line.trimmed().isEmpty())
            continue;
        Result<WatchEvent> event = parseWatchEvent(line, s.pods);
        if (!event) {
            broken = event.error();
            break;
        }
        if (event->type == WatchEvent::Type::Error) {
            if (event->errorCode == 410) {
                relistNeeded = true;
                break;
            }
            broken = Error{ErrorKind::Server, event->errorMessage, {}, {}, {}, event->errorCode};
            break;
        }
        if (!event->resourceVersion.isEmpty())
            s.resourceVersion = event->resourceVersion;
        if (event->type != WatchEvent::Type::Bookmark)
            batch.append(toEvents(*event));
    }
    s.buffer.remove(0, start);
    s.failures = 0;
    if (m_failed) {
        m_failed = false;
        if (m_handlers.recovered)
            m_handlers.recovered();
    }
    if (!batch.isEmpty() && m_handlers.events)
        m_handlers.events(batch);
    if (relistNeeded) {
        relist();
    } else if (broken) {
        Error error = *broken;
        error.context = m_http->endpoint().accountName + QStringLiteral(": ") + tr("watch");
        reportFailure(error);
        s.reply = nullptr;
        reply->abort();
        ++s.failures;
        s.retry.start(m_reconnectBaseMs);
    }
}

void KubernetesDriver::onStreamFinished(int index)
{
    Stream &s = m_streams[index];
    QNetworkReply *reply = s.reply;
    s.reply = nullptr;
    if (!m_watching || m_relisting)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 410) {
        relist();
        return;
    }
    if (status != 0 && status != 200) {
        Error error = parseStatus(status, reply->readAll());
        error.context = m_http->endpoint().accountName + QStringLiteral(": ") + tr("watch");
        reportFailure(error);
    } else if (reply->error() != QNetworkReply::NoError && reply->error() != QNetworkReply::OperationCanceledError) {
        // Dropped: say so only if it keeps failing; a single drop is routine.
        if (s.failures >= 2) {
            reportFailure(Error{ErrorKind::Network,
                                reply->errorString(),
                                {},
                                {},
                                m_http->endpoint().accountName + QStringLiteral(": ") + tr("watch"),
                                0});
        }
    }
    ++m_reconnects;
    const int delay = status == 200 && reply->error() == QNetworkReply::NoError
                          ? 0
                          : std::min(m_reconnectBaseMs << std::min(s.failures, 6), 30'000);
    ++s.failures;
    s.retry.start(delay);
}

void KubernetesDriver::relist()
{
    if (m_relisting)
        return;
    m_relisting = true;
    ++m_relists;
    for (Stream &s : m_streams) {
        s.retry.stop();
        if (QNetworkReply *reply = s.reply) {
            s.reply = nullptr;
            reply->abort();
        }
    }
    listMachines().then(this, [this](const Result<QList<Machine>> &listing) {
        m_relisting = false;
        if (!m_watching)
            return;
        if (!listing) {
            reportFailure(listing.error());
            QTimer::singleShot(std::max(m_reconnectBaseMs, 1000), this, [this] {
                if (m_watching)
                    relist();
            });
            return;
        }
        if (m_handlers.relisted)
            m_handlers.relisted(*listing);
        for (int i = 0; i < 2; ++i)
            openStream(i);
    });
}

void KubernetesDriver::reportFailure(const Error &error)
{
    m_failed = true;
    if (m_handlers.failed)
        m_handlers.failed(error);
}

} // namespace nephele::drivers::kubernetes
