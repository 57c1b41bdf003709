#include "digitaloceandriver.h"

#include "core/paging.h"
#include "digitaloceanparse.h"

#include <QNetworkAccessManager>
#include <QPromise>
#include <QTimer>

namespace nephele::drivers::digitalocean {

DigitalOceanDriver::DigitalOceanDriver(AccountEndpoint endpoint, QNetworkAccessManager *network, QObject *parent)
    : Driver(parent)
    , m_http(new HttpClient(network, std::move(endpoint), &parseError, this))
{}

DigitalOceanDriver::~DigitalOceanDriver() = default;

const Capabilities &DigitalOceanDriver::capabilities() const
{
    return digitalocean::capabilities();
}

int DigitalOceanDriver::pageSize() const
{
    const int wanted = m_http->endpoint().pageSize;
    return wanted > 0 ? std::min(wanted, kMaxPerPage) : kMaxPerPage;
}

template<typename T>
QFuture<Result<QList<T>>> DigitalOceanDriver::listAll(const QString &path, PageParser<T> parser,
                                                      const QString &operation, const QString &extraQuery)
{
    const int perPage = pageSize();
    return NumberedPageFetch<T>::run(
        m_http, [path, perPage, extraQuery](int page) { return collectionPageUrl(path, page, perPage, extraQuery); },
        perPage, parser, m_http->endpoint().maxParallelRequests, operation);
}

QFuture<Result<QList<Machine>>> DigitalOceanDriver::listMachines()
{
    return listAll<Machine>(QStringLiteral("/v2/droplets"), &parseDropletList, tr("list droplets"));
}

QFuture<Result<QList<Volume>>> DigitalOceanDriver::listVolumes()
{
    return listAll<Volume>(QStringLiteral("/v2/volumes"), &parseVolumeList, tr("list volumes"));
}

QFuture<Result<Catalog>> DigitalOceanDriver::catalog()
{
    // Six listings in parallel; the first failure fails the catalog.
    struct State {
        QPromise<Result<Catalog>> promise;
        Catalog catalog;
        QList<Image> images[3];
        int pending = 0;
        bool done = false;
        void finishIfDone()
        {
            if (done || pending > 0)
                return;
            done = true;
            for (auto &part : images)
                catalog.images.append(std::move(part));
            promise.addResult(Result<Catalog>(std::move(catalog)));
            promise.finish();
        }
        void failWith(const Error &error)
        {
            if (done)
                return;
            done = true;
            promise.addResult(Result<Catalog>(nephele::Unexpected(error)));
            promise.finish();
        }
    };
    auto state = std::make_shared<State>();
    state->promise.start();
    auto future = state->promise.future();

    auto collect = [this, state]<typename T>(QFuture<Result<QList<T>>> listing, auto store) {
        ++state->pending;
        listing.then(this, [state, store](Result<QList<T>> result) {
            --state->pending;
            if (!result) {
                state->failWith(result.error());
                return;
            }
            store(*state, std::move(*result));
            state->finishIfDone();
        });
    };
    collect(listAll<Size>(QStringLiteral("/v2/sizes"), &parseSizeList, tr("list sizes")),
            [](State &s, QList<Size> v) { s.catalog.sizes = std::move(v); });
    collect(listAll<Location>(QStringLiteral("/v2/regions"), &parseRegionList, tr("list regions")),
            [](State &s, QList<Location> v) { s.catalog.locations = std::move(v); });
    collect(listAll<Image>(QStringLiteral("/v2/images"), &parseImageList, tr("list images"),
                           QStringLiteral("type=distribution")),
            [](State &s, QList<Image> v) { s.images[0] = std::move(v); });
    collect(listAll<Image>(QStringLiteral("/v2/images"), &parseImageList, tr("list images"),
                           QStringLiteral("type=application")),
            [](State &s, QList<Image> v) { s.images[1] = std::move(v); });
    collect(listAll<Image>(QStringLiteral("/v2/images"), &parseImageList, tr("list snapshots"),
                           QStringLiteral("private=true")),
            [](State &s, QList<Image> v) { s.images[2] = std::move(v); });
    collect(listAll<SshKey>(QStringLiteral("/v2/account/keys"), &parseKeyList, tr("list SSH keys")),
            [](State &s, QList<SshKey> v) { s.catalog.keys = std::move(v); });
    collect(listAll<Network>(QStringLiteral("/v2/vpcs"), &parseVpcList, tr("list VPCs")),
            [](State &s, QList<Network> v) { s.catalog.networks = std::move(v); });
    collect(listAll<QString>(QStringLiteral("/v2/tags"), &parseTagList, tr("list tags")),
            [](State &s, QList<QString> v) { s.catalog.tags = std::move(v); });
    return future;
}

QFuture<Result<QString>> DigitalOceanDriver::testConnection()
{
    return m_http->send({"GET", QUrl(QStringLiteral("/v2/account")), {}, tr("check the token"), true})
        .then(this, [](Result<HttpResponse> response) -> Result<QString> {
            if (!response)
                return nephele::Unexpected(response.error());
            auto account = parseAccount(response->body);
            if (!account)
                return nephele::Unexpected(account.error());
            return tr("Connected as %1 (account %2, droplet limit %3).")
                .arg(account->email, account->status)
                .arg(account->dropletLimit);
        });
}

template<typename T, typename OnParsed>
void DigitalOceanDriver::sendForJob(const QPointer<Job> &job, HttpRequest request, Result<T> (*parser)(QByteArrayView),
                                    OnParsed onParsed)
{
    m_http->send(std::move(request))
        .then(this, [job, parser, onParsed = std::move(onParsed)](const Result<HttpResponse> &response) mutable {
            if (!job || job->isFinished())
                return;
            if (!response) {
                job->failWith(response.error());
                return;
            }
            auto parsed = parser(response->body);
            if (!parsed) {
                job->failWith(parsed.error().withContext(job->description()));
                return;
            }
            onParsed(std::move(*parsed));
        });
}

Job *DigitalOceanDriver::startActionJob(const QString &description, HttpRequest request, const QString &resultId)
{
    auto *job = new Job(description);
    QPointer<Job> guard(job);
    job->setProgress(0, tr("Sending request"));
    m_http->send(std::move(request)).then(this, [this, guard, resultId](Result<HttpResponse> response) {
        if (!guard)
            return;
        if (guard->isCancelRequested()) {
            guard->markCancelled();
            return;
        }
        if (!response) {
            guard->failWith(response.error());
            return;
        }
        if (response->status == 204 || response->body.trimmed().isEmpty()) {
            guard->succeed(resultId); // DELETE: done when accepted
            return;
        }
        auto action = parseAction(response->body);
        if (!action) {
            guard->failWith(action.error().withContext(guard->description()));
            return;
        }
        followActions(guard, {action->id}, {resultId});
    });
    return job;
}

Job *DigitalOceanDriver::runAction(MachineAction action, const QString &machineId, const ActionArgs &args)
{
    const QString what = tr("%1 droplet %2").arg(machineActionName(action), machineId);
    if (action == MachineAction::Destroy)
        return startActionJob(what, {"DELETE", dropletUrl(machineId), {}, what, true}, machineId);
    return startActionJob(what, {"POST", dropletActionsUrl(machineId), actionBody(action, args), what, false},
                          machineId);
}

Job *DigitalOceanDriver::createMachines(const CreateMachineRequest &request)
{
    const QString what = request.names.size() == 1 ? tr("create droplet %1").arg(request.names.front())
                                                   : tr("create %n droplets", nullptr, int(request.names.size()));
    auto *job = new Job(what);
    QPointer<Job> guard(job);
    job->setProgress(0, tr("Sending request"));
    sendForJob<CreateResponse>(guard,
                               {"POST", QUrl(QStringLiteral("/v2/droplets")), createDropletsBody(request), what, false},
                               &parseDropletCreate, [this, guard](const CreateResponse &created) {
                                   QStringList ids;
                                   for (const Machine &m : created.machines)
                                       ids.append(m.id);
                                   guard->setProgress(10, tr("Provisioning"));
                                   if (!created.actionIds.isEmpty()) {
                                       followActions(guard, created.actionIds, ids);
                                   } else if (ids.size() == 1) {
                                       waitForDroplet(guard, ids.front());
                                   } else {
                                       guard->succeed(ids.value(0), ids);
                                   }
                               });
    return job;
}

void DigitalOceanDriver::followActions(const QPointer<Job> &job, const QStringList &actionIds,
                                       const QStringList &resultIds)
{
    if (!job)
        return;
    job->setCancelHandler([job] {
        // Stop following; the provider may still finish what it accepted.
        if (job)
            job->markCancelled();
    });
    auto remaining = std::make_shared<int>(int(actionIds.size()));
    const int total = int(actionIds.size());
    for (const QString &id : actionIds)
        pollAction(job, id, remaining, resultIds, total);
}

void DigitalOceanDriver::pollAction(const QPointer<Job> &job, const QString &actionId,
                                    const std::shared_ptr<int> &remaining, const QStringList &resultIds, int total)
{
    if (!job || job->isFinished())
        return;
    const QString what = tr("follow action %1").arg(actionId);
    sendForJob<ProviderAction>(
        job, {"GET", actionUrl(actionId), {}, what, true}, &parseAction,
        [this, job, actionId, remaining, resultIds, total](const ProviderAction &action) {
            switch (action.status) {
            case ProviderAction::Status::Completed:
                if (--*remaining == 0) {
                    job->succeed(resultIds.value(0), resultIds);
                } else {
                    job->setProgress(10 + 90 * (total - *remaining) / total,
                                     tr("%1 of %2 done").arg(total - *remaining).arg(total));
                }
                return;
            case ProviderAction::Status::Errored:
                job->failWith(Error{ErrorKind::Conflict,
                                    tr("DigitalOcean reports that action %1 (%2) failed.").arg(action.id, action.type),
                                    {},
                                    {},
                                    job->description(),
                                    0});
                return;
            case ProviderAction::Status::InProgress:
                job->setProgress(std::max(job->progress(), 20), tr("In progress"));
                QTimer::singleShot(m_http->endpoint().actionPollIntervalMs, job,
                                   [this, job, actionId, remaining, resultIds, total] {
                                       pollAction(job, actionId, remaining, resultIds, total);
                                   });
                return;
            }
        });
}

void DigitalOceanDriver::waitForDroplet(const QPointer<Job> &job, const QString &dropletId)
{
    if (!job || job->isFinished())
        return;
    sendForJob<Machine>(job, {"GET", dropletUrl(dropletId), {}, job->description(), true}, &parseDroplet,
                        [this, job, dropletId](const Machine &droplet) {
                            if (droplet.state == MachineState::Running) {
                                job->succeed(dropletId);
                                return;
                            }
                            QTimer::singleShot(m_http->endpoint().actionPollIntervalMs, job,
                                               [this, job, dropletId] { waitForDroplet(job, dropletId); });
                        });
}

Job *DigitalOceanDriver::createVolume(const CreateVolumeRequest &request)
{
    const QString what = tr("create volume %1").arg(request.name);
    auto *job = new Job(what);
    QPointer<Job> guard(job);
    sendForJob<Volume>(guard, {"POST", QUrl(QStringLiteral("/v2/volumes")), createVolumeBody(request), what, false},
                       &parseVolume, [guard](const Volume &volume) { guard->succeed(volume.id); });
    return job;
}

Job *DigitalOceanDriver::attachVolume(const QString &volumeId, const QString &machineId)
{
    const QString what = tr("attach volume %1 to droplet %2").arg(volumeId, machineId);
    return startActionJob(what, {"POST", volumeActionsUrl(volumeId), volumeAttachBody(true, machineId), what, false},
                          volumeId);
}

Job *DigitalOceanDriver::detachVolume(const QString &volumeId, const QString &machineId)
{
    const QString what = tr("detach volume %1 from droplet %2").arg(volumeId, machineId);
    return startActionJob(what, {"POST", volumeActionsUrl(volumeId), volumeAttachBody(false, machineId), what, false},
                          volumeId);
}

Job *DigitalOceanDriver::deleteVolume(const QString &volumeId)
{
    const QString what = tr("delete volume %1").arg(volumeId);
    return startActionJob(what, {"DELETE", volumeUrl(volumeId), {}, what, true}, volumeId);
}

} // namespace nephele::drivers::digitalocean
