#include "kubernetesdriver.h"

#include "core/poolwork.h"

#include "kubernetesparse.h"
#include "watchreader.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPromise>
#include <QSslConfiguration>
#include <QThread>
#include <QUrlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <cstring>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace nephele::drivers::kubernetes {

const Capabilities &capabilities()
{
    static const Capabilities caps = [] {
        Capabilities c;
        c.provider = QStringLiteral("kubernetes");
        c.displayName = QStringLiteral("Kubernetes");
        c.tokenHelpUrl = QStringLiteral("https://kubernetes.io/docs/reference/access-authn-authz/authentication/");
        c.listMachines = true;
        c.destroy = true; // pods (graceful delete)
        c.cordon = true;  // nodes
        c.containerLogs = true;
        c.containerExec = true;
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

} // namespace

// One listing: nodes and pods as two chains of pages fetched at the same time. A page's continue
// token is read from the first bytes of its answer (the list's metadata comes before its items),
// so the next page is asked for while this one is parsed on the thread pool.
struct KubernetesDriver::ListRun {
    struct Chain {
        std::vector<QList<Machine>> held; // parsed pod pages waiting for the last node page
        int outstanding = 0;              // pages asked for or being parsed
        bool lastSeen = false;            // the page without a continue token arrived
        QString resourceVersion;
        int generation = 0; // bumped when a 410 restarts the chain; older answers are ignored
        bool done() const { return lastSeen && outstanding == 0; }
    };
    QPromise<Result<qsizetype>> promise;
    PageHandler onPage;
    Chain chains[2]; // 0: nodes, 1: pods
    qsizetype parsed = 0;
    int restarts = 0;
    bool finished = false;
};

KubernetesDriver::KubernetesDriver(AccountEndpoint endpoint, QNetworkAccessManager *network, QObject *parent)
    : Driver(parent)
    // (a cluster behind a proxy, with its own CA or a client certificate: a manager of its own)
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
    if (m_watchThread) {
        // The reader goes with its thread (finished -> deleteLater), its connections with it.
        m_watchThread->quit();
        m_watchThread->wait();
    }
    // The client before the other children: its requests may belong to a network manager of the
    // driver's own (networkFor()), made before it and so deleted before it.
    delete std::exchange(m_http, nullptr);
}

const Capabilities &KubernetesDriver::capabilities() const
{
    return kubernetes::capabilities();
}

namespace {

// The list's own continue token from the start of its JSON, before "items": empty when the list
// has none (the last page); nullopt when the start does not look like a list's metadata (then the
// parser's answer is waited for).
std::optional<QString> peekContinueToken(const QByteArray &body)
{
    const qsizetype items = body.indexOf("\"items\"");
    if (items < 0 || items > 8192 || body.indexOf("\"metadata\"") < 0 || body.indexOf("\"metadata\"") > items)
        return std::nullopt;
    const QByteArrayView head(body.constData(), items);
    static const QByteArray key = QByteArrayLiteral("\"continue\":\"");
    const qsizetype at = head.indexOf(key);
    if (at < 0)
        return QString();
    const qsizetype start = at + key.size();
    const qsizetype end = head.indexOf('"', start);
    if (end < 0 || head.sliced(start, end - start).contains('\\'))
        return std::nullopt; // escapes: leave it to the parser
    return QString::fromLatin1(head.sliced(start, end - start));
}

} // namespace

QFuture<Result<QList<Machine>>> KubernetesDriver::listMachines()
{
    // Pages are kept as they come and joined once, moved into a list of the right size: growing
    // one list page by page would copy tens of thousands of records over and over.
    auto pages = std::make_shared<std::vector<QList<Machine>>>();
    return listMachinePages([pages](QList<Machine> page) { pages->push_back(std::move(page)); })
        .then(this, [pages](const Result<qsizetype> &count) -> Result<QList<Machine>> {
            if (!count)
                return nephele::Unexpected(count.error());
            qsizetype total = 0;
            for (const QList<Machine> &page : *pages)
                total += page.size();
            QList<Machine> all;
            all.reserve(total);
            for (QList<Machine> &page : *pages) {
                for (Machine &m : page)
                    all.append(std::move(m));
                page = {};
            }
            return all;
        });
}

QFuture<Result<qsizetype>> KubernetesDriver::listMachinePages(PageHandler onPage)
{
    auto run = std::make_shared<ListRun>();
    run->onPage = std::move(onPage);
    run->promise.start();
    auto future = run->promise.future();
    fetchPage(run, 0, {}, 0);
    fetchPage(run, 1, {}, 0);
    return future;
}

void KubernetesDriver::failList(const std::shared_ptr<ListRun> &run, Error error)
{
    if (run->finished)
        return;
    run->finished = true;
    run->promise.addResult(Result<qsizetype>(nephele::Unexpected(std::move(error))));
    run->promise.finish();
}

void KubernetesDriver::handOver(const std::shared_ptr<ListRun> &run, int resource, QList<Machine> page)
{
    if (resource == 1 && !run->chains[0].done()) {
        run->chains[1].held.push_back(std::move(page));
        return;
    }
    run->onPage(std::move(page));
    if (resource == 0 && run->chains[0].done()) {
        std::vector<QList<Machine>> held = std::exchange(run->chains[1].held, {});
        for (QList<Machine> &pods : held)
            run->onPage(std::move(pods));
    }
}

void KubernetesDriver::finishListIfDone(const std::shared_ptr<ListRun> &run)
{
    if (run->finished || !run->chains[0].done() || !run->chains[1].done())
        return;
    run->finished = true;
    m_streams[0].resourceVersion = run->chains[0].resourceVersion;
    m_streams[1].resourceVersion = run->chains[1].resourceVersion;
    run->promise.addResult(Result<qsizetype>(run->parsed));
    run->promise.finish();
}

void KubernetesDriver::fetchPage(const std::shared_ptr<ListRun> &run, int resource, const QString &continueToken,
                                 int pageIndex)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(kPageSize));
    if (!continueToken.isEmpty())
        query.addQueryItem(QStringLiteral("continue"), QString::fromLatin1(QUrl::toPercentEncoding(continueToken)));
    QUrl url(m_streams[resource].path);
    url.setQuery(query);
    const bool pods = resource == 1;
    ListRun::Chain &chain = run->chains[resource];
    const int generation = chain.generation;
    ++chain.outstanding;
    HttpRequest request{"GET", url, {}, pods ? tr("list pods") : tr("list nodes"), true};
    request.bulk = true; // megabytes a page
    // The next page is asked for as soon as this answer's head names it.
    auto nextAsked = std::make_shared<bool>(false);
    auto onHead = [this, run, resource, pageIndex, generation, nextAsked](const QByteArray &head) {
        if (run->finished || generation != run->chains[resource].generation)
            return;
        const std::optional<QString> token = peekContinueToken(head);
        if (token && !token->isEmpty()) {
            *nextAsked = true;
            fetchPage(run, resource, *token, pageIndex + 1);
        }
    };
    m_http->send(std::move(request), std::move(onHead))
        .then(this, [this, run, resource, pods, pageIndex, generation, nextAsked](Result<HttpResponse> response) {
            ListRun::Chain &c = run->chains[resource];
            if (run->finished || generation != c.generation)
                return;
            if (!response) {
                if (response.error().httpStatus == 410 && run->restarts < kMaxListRestarts) {
                    // The continue token expired: a consistent list of this resource starts over.
                    ++run->restarts;
                    ++c.generation;
                    c.held.clear();
                    c.outstanding = 0;
                    c.lastSeen = false;
                    fetchPage(run, resource, {}, 0);
                    return;
                }
                failList(run, response.error());
                return;
            }
            const std::optional<QString> next = peekContinueToken(response->body);
            if (next && !next->isEmpty() && !*nextAsked)
                fetchPage(run, resource, *next, pageIndex + 1);
            runOnPoolFor(this, [body = std::move(response->body), pods] {
                return pods ? parsePodList(body) : parseNodeList(body);
            }).then(this, [this, run, resource, pageIndex, generation, next](Result<ListPage> page) {
                ListRun::Chain &own = run->chains[resource];
                if (run->finished || generation != own.generation)
                    return;
                --own.outstanding;
                if (!page) {
                    Error error = page.error();
                    error.context = m_http->endpoint().accountName + QStringLiteral(": ") +
                                    (resource ? tr("list pods") : tr("list nodes"));
                    failList(run, std::move(error));
                    return;
                }
                run->parsed += page->machines.size();
                if (!next && !page->continueToken.isEmpty()) // the peek could not tell: go on from the parse
                    fetchPage(run, resource, page->continueToken, pageIndex + 1);
                if (page->continueToken.isEmpty()) {
                    own.lastSeen = true;
                    own.resourceVersion = page->resourceVersion;
                }
                handOver(run, resource, std::move(page->machines));
                if (run->finished)
                    return; // the page's receiver stopped the listing
                Q_EMIT listProgress(run->parsed);
                finishListIfDone(run);
            });
        });
}

QFuture<Result<QList<ResourceUsage>>> KubernetesDriver::fetchUsage()
{
    auto fetch = [this](const QString &path, bool pods) {
        // A PodMetricsList of a big cluster is megabytes, like a list page: a bulk transfer.
        return m_http->send({"GET", QUrl(path), {}, tr("read usage from metrics-server"), true, true})
            .then(this,
                  [this, pods](Result<HttpResponse> response) -> QFuture<Result<QList<ResourceUsage>>> {
                      if (!response)
                          return QtFuture::makeReadyFuture(
                              Result<QList<ResourceUsage>>(nephele::Unexpected(std::move(response).error())));
                      return runOnPoolFor(this, [body = std::move(response->body), pods] {
                          return pods ? parsePodMetricsList(body) : parseNodeMetricsList(body);
                      });
                  })
            .unwrap();
    };
    return fetch(QStringLiteral("/apis/metrics.k8s.io/v1beta1/nodes"), false)
        .then(this,
              [this, fetch](Result<QList<ResourceUsage>> nodes) {
                  if (!nodes)
                      return QtFuture::makeReadyFuture(std::move(nodes));
                  return fetch(QStringLiteral("/apis/metrics.k8s.io/v1beta1/pods"), true)
                      .then(this,
                            [nodes = std::move(*nodes)](
                                Result<QList<ResourceUsage>> pods) mutable -> Result<QList<ResourceUsage>> {
                                if (!pods)
                                    return nephele::Unexpected(std::move(pods).error());
                                nodes.append(std::move(*pods));
                                return std::move(nodes);
                            });
              })
        .unwrap();
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

Job *KubernetesDriver::runAction(MachineAction action, const QString &machineId, const ActionArgs &)
{
    // Ids say the kind: a node has no slash, a pod one, a container two (kubernetesparse.h).
    const qsizetype slashes = machineId.count(u'/');
    if (action == MachineAction::Destroy && slashes == 1)
        return deletePod(machineId);
    if ((action == MachineAction::Cordon || action == MachineAction::Uncordon) && slashes == 0 && !machineId.isEmpty())
        return setNodeSchedulable(machineId, action == MachineAction::Uncordon);
    return unsupportedJob(machineActionName(action), this);
}

Job *KubernetesDriver::deletePod(const QString &podId, int gracePeriodSeconds)
{
    const QString ns = podId.section(u'/', 0, 0), name = podId.section(u'/', 1);
    if (ns.isEmpty() || name.isEmpty() || name.contains(u'/')) {
        auto *job = new Job(tr("delete pod %1").arg(podId), this);
        job->failWith(Error{ErrorKind::Invalid, tr("\"%1\" is not a pod (namespace/name).").arg(podId), {}, {}, {}, 0});
        return job;
    }
    QJsonObject options{{QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("propagationPolicy"), QStringLiteral("Background")}};
    if (gracePeriodSeconds >= 0)
        options.insert(QStringLiteral("gracePeriodSeconds"), gracePeriodSeconds);
    const QUrl url(
        QStringLiteral("/api/v1/namespaces/%1/pods/%2")
            .arg(QString::fromLatin1(QUrl::toPercentEncoding(ns)), QString::fromLatin1(QUrl::toPercentEncoding(name))));
    return requestJob(tr("delete pod %1").arg(podId),
                      HttpRequest{"DELETE", url, QJsonDocument(options).toJson(QJsonDocument::Compact),
                                  tr("delete pod %1").arg(podId), true},
                      podId);
}

Job *KubernetesDriver::setNodeSchedulable(const QString &node, bool schedulable)
{
    const QString what = schedulable ? tr("uncordon node %1").arg(node) : tr("cordon node %1").arg(node);
    // As kubectl: true to cordon, null (the field's absence) to uncordon.
    const QByteArray patch = schedulable ? QByteArrayLiteral(R"({"spec":{"unschedulable":null}})")
                                         : QByteArrayLiteral(R"({"spec":{"unschedulable":true}})");
    const QUrl url(QStringLiteral("/api/v1/nodes/") + QString::fromLatin1(QUrl::toPercentEncoding(node)));
    return requestJob(what, HttpRequest{"PATCH", url, patch, what, true}, node);
}

PodLogStream *KubernetesDriver::openLogs(const QString &podId, const PodLogOptions &options, QObject *parent)
{
    return new PodLogStream(m_http->endpoint(), m_network, podId, options, parent);
}

PodExecSession *KubernetesDriver::openExec(const QString &podId, const PodExecOptions &options, QObject *parent)
{
    return new PodExecSession(m_http->endpoint(), podId, options, m_network, parent);
}

Job *KubernetesDriver::requestJob(const QString &description, HttpRequest request, const QString &resultId)
{
    auto *job = new Job(description, this);
    QPointer<Job> guard(job);
    job->setProgress(0, tr("Sending"));
    m_http->send(std::move(request)).then(this, [guard, resultId](const Result<HttpResponse> &response) {
        if (!guard || guard->isFinished())
            return;
        if (guard->isCancelRequested()) {
            guard->markCancelled();
            return;
        }
        if (!response) {
            guard->failWith(response.error());
            return;
        }
        guard->setProgress(100, {});
        guard->succeed(resultId);
    });
    return job;
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
    for (int i = 0; i < 2; ++i) {
        m_streams[i].retry.stop();
        closeStream(i);
    }
}

namespace {

void lowerThisThreadsPriority()
{
#ifdef Q_OS_LINUX
    // Linux keeps a nice value per thread; raising it needs no privilege. Best effort.
    const int current = getpriority(PRIO_PROCESS, 0);
    if (setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), std::min(current + 5, 19)) != 0)
        qDebug("The Kubernetes watch thread keeps its priority: %s", strerror(errno));
#endif
}

} // namespace

WatchReader *KubernetesDriver::watchReader()
{
    if (!m_reader) {
        m_watchThread = new QThread(this);
        m_watchThread->setObjectName(QStringLiteral("Kubernetes watch"));
        m_reader = new WatchReader(m_http->endpoint().proxy);
        m_reader->moveToThread(m_watchThread);
        // Behind the window in the queue for a busy CPU: a flood then waits in the socket a moment
        // rather than taking turns from painting and input (threads it starts inherit this).
        connect(
            m_watchThread, &QThread::started, m_reader, [] { lowerThisThreadsPriority(); }, Qt::DirectConnection);
        connect(m_watchThread, &QThread::finished, m_reader, &QObject::deleteLater);
        connect(m_reader, &WatchReader::parsed, this, &KubernetesDriver::deliverChunk);
        connect(m_reader, &WatchReader::ended, this, &KubernetesDriver::onStreamFinished);
        m_watchThread->start();
    }
    return m_reader;
}

void KubernetesDriver::openStream(int index)
{
    Stream &s = m_streams[index];
    if (!m_watching || m_relisting || !m_network)
        return;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("watch"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    query.addQueryItem(QStringLiteral("resourceVersion"), s.resourceVersion);
    query.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(kWatchTimeoutSeconds));
    QUrl path(s.path);
    path.setQuery(query);
    const AccountEndpoint &ep = m_http->endpoint();
    QNetworkRequest request(m_http->resolve(path));
    authorize(request, ep); // here: an exec plugin's token is renewed on this thread
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(0); // a quiet watch is not a stalled one
    ++s.generation;                // what the connection it replaces still brings is dropped
    s.open = true;
    WatchReader *reader = watchReader();
    QMetaObject::invokeMethod(reader, [reader, index, generation = s.generation, request, pods = s.pods] {
        reader->open(index, generation, request, pods);
    });
}

// Ends the stream's connection, if any; nothing it still brings is applied.
void KubernetesDriver::closeStream(int index)
{
    Stream &s = m_streams[index];
    ++s.generation;
    if (!std::exchange(s.open, false) || !m_reader)
        return;
    WatchReader *reader = m_reader;
    QMetaObject::invokeMethod(reader, [reader, index] { reader->close(index); });
}

void KubernetesDriver::deliverChunk(int index, int generation, const std::shared_ptr<ParsedChunk> &parsed)
{
    Stream &s = m_streams[index];
    if (generation != s.generation || !m_watching)
        return; // a connection since replaced: the new one starts from the last version handed over
    if (!parsed->resourceVersion.isEmpty())
        s.resourceVersion = parsed->resourceVersion;
    s.failures = 0;
    if (m_failed) {
        m_failed = false;
        if (m_handlers.recovered)
            m_handlers.recovered();
    }
    if (!parsed->events.isEmpty() && m_handlers.events)
        m_handlers.events(parsed->events);
    if (generation != s.generation || !m_watching)
        return; // the handler stopped or replaced the watch
    if (parsed->relist) {
        relist();
        return;
    }
    if (parsed->broken) {
        Error error = *parsed->broken;
        error.context = m_http->endpoint().accountName + QStringLiteral(": ") + tr("watch");
        reportFailure(error);
        closeStream(index);
        ++s.failures;
        s.retry.start(m_reconnectBaseMs);
    }
}

void KubernetesDriver::onStreamFinished(int index, int generation, const WatchEnd &end)
{
    Stream &s = m_streams[index];
    if (generation != s.generation)
        return;
    s.open = false;
    if (!m_watching || m_relisting)
        return;
    if (end.status == 410) {
        relist();
        return;
    }
    const bool clean = end.status == 200 && end.error == QNetworkReply::NoError;
    if (end.status != 0 && end.status != 200) {
        Error error = parseStatus(end.status, end.body);
        error.context = m_http->endpoint().accountName + QStringLiteral(": ") + tr("watch");
        reportFailure(error);
    } else if (end.error != QNetworkReply::NoError && end.error != QNetworkReply::OperationCanceledError) {
        // Dropped: say so only if it keeps failing; a single drop is routine.
        if (s.failures >= 2) {
            reportFailure(Error{ErrorKind::Network,
                                end.errorString,
                                {},
                                {},
                                m_http->endpoint().accountName + QStringLiteral(": ") + tr("watch"),
                                0});
        }
    }
    ++m_reconnects;
    const int delay = clean ? 0 : std::min(m_reconnectBaseMs << std::min(s.failures, 6), 30'000);
    ++s.failures;
    s.retry.start(delay);
}

void KubernetesDriver::relist()
{
    if (m_relisting)
        return;
    m_relisting = true;
    ++m_relists;
    for (int i = 0; i < 2; ++i) {
        m_streams[i].retry.stop();
        closeStream(i); // what the old streams still bring is older than the listing
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
