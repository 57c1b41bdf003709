#pragma once

#include "capabilities.h"
#include "error.h"
#include "job.h"
#include "records.h"

#include <QFuture>
#include <QList>
#include <QNetworkProxy>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

#include <functional>
#include <memory>

namespace nephele::drivers {

// How a driver reaches one account. The token is handed over by whoever read it from the keychain
// (or the environment, for the CLI); the driver never stores it anywhere else.
struct RetryPolicy {
    int maxAttempts = 5;   // first try included
    int baseDelayMs = 300; // exponential backoff with full jitter from here
    int maxDelayMs = 20'000;
    int maxRetryAfterMs = 120'000; // a longer Retry-After is reported instead of waited
};

// Where a bearer token comes from when it can change during a session: a token file, an exec
// credential plugin. token() is called for every request, from the thread that owns the driver,
// and must not block: a source that has to run something refreshes in the background and returns
// what it holds meanwhile.
// A TLS client certificate and its key.
struct ClientIdentity {
    QSslCertificate certificate;
    QSslKey key;
    bool isNull() const { return certificate.isNull() || key.isNull(); }
};

class CredentialSource
{
public:
    virtual ~CredentialSource() = default;
    virtual QString token() = 0;
    // The client certificate new connections present, when it can change during a session (an
    // exec plugin's short-lived one); null: the endpoint's own. Called like token().
    virtual ClientIdentity clientIdentity() { return ClientIdentity(); }
};

struct AccountEndpoint {
    QString accountId;
    QString accountName; // for messages: "prod: list droplets: ..."
    QUrl baseUrl;        // e.g. https://api.digitalocean.com
    QString token;
    QList<QSslCertificate> caCertificates;         // trusted in addition to the system's
    std::shared_ptr<CredentialSource> credentials; // when set, its token() is sent instead of `token`
    QSslCertificate clientCertificate;             // TLS client authentication (with clientKey)
    QSslKey clientKey;
    bool insecureSkipTlsVerify = false;               // the server's certificate is not checked (the user was warned)
    QNetworkProxy proxy{QNetworkProxy::DefaultProxy}; // kubeconfig's proxy-url
    bool allowPlainHttp = false;                      // plain http to a non-loopback host needs this
    int timeoutMs = 30'000;
    RetryPolicy retry;
    int pageSize = 0; // 0: the provider's maximum
    int maxParallelRequests = 4;
    int actionPollIntervalMs = 2'000;
};

// One provider account. Listing calls return futures fulfilled on the thread that owns the
// driver (the GUI thread in the console); parsing happens on the global thread pool. Actions
// return a Job the caller owns.
class Driver : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Driver)

public:
    using QObject::QObject;
    ~Driver() override = default;

    virtual const Capabilities &capabilities() const = 0;
    virtual const AccountEndpoint &endpoint() const = 0;

    virtual QFuture<Result<QList<Machine>>> listMachines() = 0;
    // The same listing handed over page by page as the pages are parsed, so that a big account
    // never exists twice in memory: `onPage` runs on the driver's thread, parents before their
    // children where the provider lists them apart (nodes before pods). The future then gives the
    // number of machines listed, or the error; pages already handed over stay true data. The
    // default hands over the whole listing as one page.
    using PageHandler = std::function<void(QList<Machine> page)>;
    virtual QFuture<Result<qsizetype>> listMachinePages(PageHandler onPage);
    // What each resource uses now, for providers that measure it (Kubernetes with metrics-server).
    // The default, and a cluster without it: an Unsupported or NotFound error.
    virtual QFuture<Result<QList<ResourceUsage>>> fetchUsage();
    virtual QFuture<Result<Catalog>> catalog() = 0;
    virtual QFuture<Result<QList<Volume>>> listVolumes() = 0;
    // Checks that the endpoint and token work with one cheap request.
    virtual QFuture<Result<QString>> testConnection() = 0;

    virtual Job *runAction(MachineAction action, const QString &machineId, const ActionArgs &args) = 0;
    virtual Job *createMachines(const CreateMachineRequest &request) = 0;

    virtual Job *createVolume(const CreateVolumeRequest &request) = 0;
    virtual Job *attachVolume(const QString &volumeId, const QString &machineId) = 0;
    virtual Job *detachVolume(const QString &volumeId, const QString &machineId) = 0;
    virtual Job *deleteVolume(const QString &volumeId) = 0;

Q_SIGNALS:
    // A listing in progress: `machines` parsed so far (drivers that list in pages say so after each).
    void listProgress(qsizetype machines);
};

} // namespace nephele::drivers
