#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace nephele::sim {

struct KubernetesSimOptions {
    std::uint64_t seed = 1;
    int nodes = 3;                         // 0 .. 10,000
    int pods = 30;                         // 0 .. 1,000,000, spread over the nodes, some unscheduled
    double churnPerSecond = 0;             // churn operations a second on a background thread (0: none)
    bool tls = false;                      // https with a CA + server certificate generated at start
    std::string bindAddress = "127.0.0.1"; // refuse anything that is not a loopback address
    int port = 0;                          // 0 = any free port
    std::string token;                     // empty = a random token is made
    std::string clusterName = "sim";       // the kubeconfig's cluster, user and context name
    int historyLimit = 100000;             // watch events kept; older resourceVersions answer 410
    int bookmarkIntervalMs = 1000;         // a BOOKMARK after this long without events (allowWatchBookmarks)
    bool realisticPods = false; // pods as big as on a real cluster (5-13 kB: annotations, env, probes, volumes)
    // A graceful DELETE marks the pod Terminating (MODIFIED) and removes it (DELETED) after its grace
    // period or this long, whichever is shorter: the sim's kubelet is quick.
    int terminationDelayMs = 300;
    int logLines = 200;            // lines each container has logged (its previous instance: half as many)
    int logFollowIntervalMs = 200; // follow=true: new lines this often
    int logLinesPerTick = 1;       // ... this many at a time (a flood: thousands)
    bool metricsServer = true;     // serve metrics.k8s.io/v1beta1 (node and pod usage), as metrics-server does
};

// The Kubernetes API (core/v1 nodes, pods, namespaces) served on loopback from an in-memory
// cluster, real enough for kubectl and for our driver: discovery, LIST with limit/continue and
// resourceVersion, WATCH streams (ADDED, MODIFIED, DELETED, BOOKMARK; 410 on a too old version),
// bearer-token auth, a churn generator, and the pod and node actions: graceful DELETE of a pod,
// PATCH of a node's spec.unschedulable (cordon), pods/log (tailLines, follow, container,
// previous, timestamps, sinceSeconds, limitBytes: each line has a time) and pods/exec over
// WebSocket (v4/v5.channel.k8s.io, the command in a real pty or pipes on this machine; see
// kubernetessimexec.h). With metricsServer, metrics.k8s.io/v1beta1 too: each
// running container's usage, steady per container with a drift every 15 s, nodes the sum of theirs.
//
//   KubernetesSim sim({.seed = 3, .nodes = 4, .pods = 60, .tls = true});
//   std::string error;
//   if (!sim.start(&error)) { ... }
//   writeFile(path, sim.kubeconfig());          // or point a client at sim.url() with sim.token()
//   sim.churn(50);                              // tests: 50 churn steps now, fed to the watches
//
// All members are thread-safe.
class KubernetesSim final
{
public:
    explicit KubernetesSim(KubernetesSimOptions options);
    ~KubernetesSim(); // stops the server, the churn thread and every watch
    KubernetesSim(const KubernetesSim &) = delete;
    KubernetesSim &operator=(const KubernetesSim &) = delete;

    bool start(std::string *error);
    void stop();
    std::string url() const; // "https://127.0.0.1:PORT" (the API root)
    std::string token() const;
    std::string caCertificatePem() const; // tls only
    // tls only: a client certificate and key signed by the sim's CA, accepted instead of the token.
    std::string clientCertificatePem() const;
    std::string clientKeyPem() const;
    // tls only: another client identity signed by the sim's CA, for this user name (the subject's
    // common name, as an apiserver reads it). Empty members when the sim has no TLS.
    std::pair<std::string, std::string> makeClientIdentity(const std::string &user) const; // certificate, key PEM
    // The users of the requests that authenticated with a client certificate since the last call,
    // in order; the call empties the record.
    std::vector<std::string> takeCertificateUsers();
    int port() const;
    // A kubeconfig (YAML) with one cluster (server, CA data), user (token) and context, current.
    std::string kubeconfig() const;

    // ---- control and inspection for tests ----
    void churn(int operations); // applies `operations` churn steps now
    void stopChurn();           // ends the background churn (the server keeps serving)
    void expireHistory();       // every resourceVersion and continue token handed out so far is too old (410)
    void dropWatches();         // cuts every open watch stream mid-flight (no final chunk)
    std::int64_t resourceVersion() const;
    std::size_t openWatches() const;
    std::size_t podCount() const;
    std::size_t nodeCount() const;
    std::uint64_t requestCount() const;
    std::uint64_t listRequestCount() const; // LISTs of nodes or pods that were answered 200
    // One object as GET would answer it (pod key "ns/name", node name); empty when absent.
    std::string podJson(const std::string &key) const;
    std::string nodeJson(const std::string &name) const;
    // The line `index` (1-based) a container logs: what pods/log answers, for tests to compare.
    static std::string logLine(const std::string &podKey, const std::string &container, bool previous, int index);
    std::size_t openExecSessions() const;
    // The whole list, unpaged, as GET would answer it ("nodes", "pods", "namespaces").
    std::string listJson(const std::string &resource) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nephele::sim
