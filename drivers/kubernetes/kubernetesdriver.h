#pragma once

#include "core/driver.h"
#include "core/httpclient.h"
#include "core/machinewatch.h"
#include "podexecsession.h"
#include "podlogstream.h"
#include "watchreader.h"

#include <QPointer>
#include <QThread>
#include <QTimer>

#include <map>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace nephele::drivers::kubernetes {

const Capabilities &capabilities();

// One Kubernetes cluster over the core/v1 API. listMachines() LISTs nodes and pods at once, each in
// pages of 500 (following `continue`, read from the head of each answer so the next page is on its
// way while this one is parsed; a resource starts over when its continue token expires with 410)
// and parses each page on the thread pool as it arrives: node -> Node, pod -> Pod under its node, container ->
// Container under its pod. Then, as a MachineWatch, it WATCHes both from the listing's
// resourceVersion with bookmarks, reconnects when a stream drops and lists again on 410 Gone.
//
//   KubernetesDriver driver(endpoint, nam);   // endpoint: API server URL, bearer token, CA
//   driver.listMachines().then(this, [&](Result<QList<Machine>> r) { ...; driver.startWatch(handlers); });
class KubernetesDriver final : public Driver, public MachineWatch
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KubernetesDriver)

public:
    static constexpr int kPageSize = 500;

    KubernetesDriver(AccountEndpoint endpoint, QNetworkAccessManager *network, QObject *parent = nullptr);
    ~KubernetesDriver() override;

    const Capabilities &capabilities() const override;
    const AccountEndpoint &endpoint() const override { return m_http->endpoint(); }

    QFuture<Result<QList<Machine>>> listMachines() override;
    // Node pages as they come, then pod pages (each pod followed by its containers); pod pages
    // parsed before the last node page wait for it, so a pod's node is always there first.
    QFuture<Result<qsizetype>> listMachinePages(PageHandler onPage) override;
    // metrics.k8s.io: nodes, then pods and their containers. A cluster without metrics-server
    // answers 404 (ErrorKind::NotFound).
    QFuture<Result<QList<ResourceUsage>>> fetchUsage() override;
    QFuture<Result<Catalog>> catalog() override;
    QFuture<Result<QList<Volume>>> listVolumes() override;
    QFuture<Result<QString>> testConnection() override;

    Job *runAction(MachineAction action, const QString &machineId, const ActionArgs &args) override;
    Job *createMachines(const CreateMachineRequest &request) override;
    Job *createVolume(const CreateVolumeRequest &request) override;
    Job *attachVolume(const QString &volumeId, const QString &machineId) override;
    Job *detachVolume(const QString &volumeId, const QString &machineId) override;
    Job *deleteVolume(const QString &volumeId) override;

    // Deletes a pod ("namespace/name") gracefully, as kubectl does (DeleteOptions with background
    // propagation): the cluster marks it Terminating and removes it once its containers stopped.
    // gracePeriodSeconds -1 takes the pod's own; 0 removes it at once. The job succeeds when the API
    // server accepted the deletion (the watch then shows Terminating and, later, the removal).
    Job *deletePod(const QString &podId, int gracePeriodSeconds = -1);
    // Cordons (schedulable false) or uncordons a node: a merge patch of spec.unschedulable.
    Job *setNodeSchedulable(const QString &node, bool schedulable);

    // A container's log, and a command in a container, with this cluster's endpoint and credentials.
    // Not started: connect, then start(). The caller owns them (parent).
    PodLogStream *openLogs(const QString &podId, const PodLogOptions &options, QObject *parent);
    PodExecSession *openExec(const QString &podId, const PodExecOptions &options, QObject *parent);

    void startWatch(Handlers handlers) override;
    void stopWatch() override;
    bool isWatching() const override { return m_watching; }

    // For tests and status: how often the watch reconnected and relisted, and the versions held.
    int reconnectCount() const { return m_reconnects; }
    int relistCount() const { return m_relists; }
    QString nodesResourceVersion() const { return m_streams[0].resourceVersion; }
    QString podsResourceVersion() const { return m_streams[1].resourceVersion; }
    // Delay before reconnecting a dropped stream (grows on repeated failures).
    void setReconnectDelayMs(int ms) { m_reconnectBaseMs = ms; }

private:
    struct Stream {
        QString path; // "/api/v1/nodes"
        bool pods = false;
        QString resourceVersion;
        bool open = false;  // a connection is asked for or reading
        int generation = 0; // of the current connection; what older ones bring is dropped
        int failures = 0;
        QTimer retry;
    };
    struct ListRun;
    void fetchPage(const std::shared_ptr<ListRun> &run, int resource, const QString &continueToken, int pageIndex);
    void failList(const std::shared_ptr<ListRun> &run, Error error);
    void finishListIfDone(const std::shared_ptr<ListRun> &run);
    void handOver(const std::shared_ptr<ListRun> &run, int resource, QList<Machine> page);
    WatchReader *watchReader();
    void openStream(int index);
    void closeStream(int index);
    void deliverChunk(int index, int generation, const std::shared_ptr<ParsedChunk> &parsed);
    void onStreamFinished(int index, int generation, const WatchEnd &end);
    void relist();
    void reportFailure(const Error &error);
    Job *requestJob(const QString &description, HttpRequest request, const QString &resultId);

    HttpClient *m_http;
    QPointer<QNetworkAccessManager> m_network;
    Stream m_streams[2];
    // The streams are read on a thread of their own (made on the first watch).
    QThread *m_watchThread = nullptr;
    WatchReader *m_reader = nullptr;
    Handlers m_handlers;
    bool m_watching = false;
    bool m_relisting = false;
    bool m_failed = false;
    int m_reconnects = 0;
    int m_relists = 0;
    int m_reconnectBaseMs = 200;
};

} // namespace nephele::drivers::kubernetes
