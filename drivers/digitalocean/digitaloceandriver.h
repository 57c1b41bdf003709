#pragma once

#include "core/driver.h"
#include "core/httpclient.h"
#include "core/paging.h"
#include "digitaloceanrequests.h"

#include <QPointer>

class QNetworkAccessManager;

namespace nephele::drivers::digitalocean {

const Capabilities &capabilities();

// One DigitalOcean account over API v2. Listings fetch every page (200 a page, a few at a time)
// and parse on the thread pool; actions and creation return a Job that follows DigitalOcean's
// action object until it completes or errors.
//
//   DigitalOceanDriver driver(endpoint, nam);
//   driver.listMachines().then(this, [](Result<QList<Machine>> machines) { ... });
class DigitalOceanDriver final : public Driver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DigitalOceanDriver)

public:
    DigitalOceanDriver(AccountEndpoint endpoint, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~DigitalOceanDriver() override;

    const Capabilities &capabilities() const override;
    const AccountEndpoint &endpoint() const override { return m_http->endpoint(); }

    QFuture<Result<QList<Machine>>> listMachines() override;
    QFuture<Result<Catalog>> catalog() override;
    QFuture<Result<QList<Volume>>> listVolumes() override;
    QFuture<Result<QString>> testConnection() override;

    Job *runAction(MachineAction action, const QString &machineId, const ActionArgs &args) override;
    Job *createMachines(const CreateMachineRequest &request) override;

    Job *createVolume(const CreateVolumeRequest &request) override;
    Job *attachVolume(const QString &volumeId, const QString &machineId) override;
    Job *detachVolume(const QString &volumeId, const QString &machineId) override;
    Job *deleteVolume(const QString &volumeId) override;

    HttpClient *http() const { return m_http; }

private:
    int pageSize() const;
    template<typename T>
    QFuture<Result<QList<T>>> listAll(const QString &path, PageParser<T> parser, const QString &operation,
                                      const QString &extraQuery = {});
    // Follows provider actions until each completes; the job succeeds with resultIds when all do.
    void followActions(const QPointer<Job> &job, const QStringList &actionIds, const QStringList &resultIds);
    void pollAction(const QPointer<Job> &job, const QString &actionId, const std::shared_ptr<int> &remaining,
                    const QStringList &resultIds, int total);
    void waitForDroplet(const QPointer<Job> &job, const QString &dropletId);
    // Sends a request on behalf of a job and parses the answer; a failure of either fails the job
    // (with the job's description as context), a parsed record goes to onParsed.
    template<typename T, typename OnParsed>
    void sendForJob(const QPointer<Job> &job, HttpRequest request, Result<T> (*parser)(QByteArrayView),
                    OnParsed onParsed);
    Job *startActionJob(const QString &description, HttpRequest request, const QString &resultId);

    HttpClient *m_http;
};

} // namespace nephele::drivers::digitalocean
