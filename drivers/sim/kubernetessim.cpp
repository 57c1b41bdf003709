#include "sim/kubernetessim.h"

#include "sim/jsonwriter.h"
#include "sim/kubernetessimexec.h"
#include "sim/tlsmaterial.h"

#include <httplib.h>

#include "loopback.h"
#include "uncompressed.h"
#include <nlohmann/json.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

namespace nephele::sim {

namespace {

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

enum class Resource : std::uint8_t { Nodes, Pods, Namespaces };

std::string isoTime(std::int64_t epochSeconds)
{
    const std::time_t t = epochSeconds;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::int64_t nowNanoseconds()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// As Go's time.RFC3339Nano writes it (the kubelet's log timestamps): UTC, the fraction of a second
// without its trailing zeros, none at all for a whole second.
std::string rfc3339Nano(std::int64_t epochNs)
{
    const std::time_t t = std::time_t(epochNs / 1'000'000'000);
    std::int64_t fraction = epochNs % 1'000'000'000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[48];
    std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    if (fraction != 0) {
        int digits = 9;
        while (fraction % 10 == 0) {
            fraction /= 10;
            --digits;
        }
        n += std::size_t(
            std::snprintf(buffer + n, sizeof buffer - n, ".%0*lld", digits, static_cast<long long>(fraction)));
    }
    return std::string(buffer, n) + 'Z';
}

std::int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(std::string_view in)
{
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const std::uint32_t n = std::uint32_t(std::uint8_t(in[i])) << 16 | std::uint32_t(std::uint8_t(in[i + 1])) << 8 |
                                std::uint8_t(in[i + 2]);
        out += kBase64[n >> 18];
        out += kBase64[(n >> 12) & 63];
        out += kBase64[(n >> 6) & 63];
        out += kBase64[n & 63];
    }
    if (i + 1 == in.size()) {
        const std::uint32_t n = std::uint32_t(std::uint8_t(in[i])) << 16;
        out += kBase64[n >> 18];
        out += kBase64[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == in.size()) {
        const std::uint32_t n = std::uint32_t(std::uint8_t(in[i])) << 16 | std::uint32_t(std::uint8_t(in[i + 1])) << 8;
        out += kBase64[n >> 18];
        out += kBase64[(n >> 12) & 63];
        out += kBase64[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

std::optional<std::string> unbase64(std::string_view in)
{
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : in) {
        if (c == '=')
            break;
        const char *p = std::strchr(kBase64, c);
        if (!p || c == '\0')
            return std::nullopt;
        buffer = buffer << 6 | std::uint32_t(p - kBase64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += char((buffer >> bits) & 0xff);
        }
    }
    return out;
}

struct Container {
    std::string name;
    std::string image;
    std::string state = "waiting"; // running, waiting, terminated
    std::string reason = "ContainerCreating";
    int restarts = 0;
    bool ready = false;
    std::int64_t startedAt = 0;
};

struct Pod {
    std::string ns, name, uid, node, phase = "Pending";
    std::string podIp;
    std::int64_t created = 0;
    std::int64_t rv = 0;
    std::int64_t deletionTimestamp = 0; // set while Terminating
    int deletionGraceSeconds = 0;
    std::vector<Container> containers;
    std::string json;
};

struct Node {
    std::string name, uid, internalIp;
    std::int64_t created = 0;
    std::int64_t rv = 0;
    int cpus = 4;
    int memoryGi = 16;
    bool ready = true;
    bool unschedulable = false; // cordoned
    std::int64_t cordonedAt = 0;
    std::string json;
};

struct Namespace {
    std::string name, uid;
    std::int64_t created = 0;
    std::int64_t rv = 0;
    std::string json;
};

constexpr std::size_t kHistoryBytes = std::size_t(128) << 20; // watch history kept, at most

struct Event {
    std::int64_t rv = 0;
    Resource resource = Resource::Pods;
    std::string line; // {"type":...,"object":...}\n
};

constexpr std::array kImages = {
    "nginx:1.25.3",
    "redis:7.2-alpine",
    "postgres:16.1",
    "ghcr.io/acme/api:2.14.0",
    "ghcr.io/acme/web:5.3.1",
    "quay.io/prometheus/node-exporter:v1.7.0",
    "busybox:1.36",
    "registry.k8s.io/coredns/coredns:v1.11.1",
    "docker.io/library/python:3.12-slim",
};
constexpr std::array kNamespaces = {"default", "kube-system", "monitoring", "web", "data", "batch"};
constexpr std::array kApps = {"api", "web", "worker", "cache", "db", "exporter", "cron", "ingest", "auth"};

std::string statusJson(int code, std::string_view reason, std::string_view message)
{
    Json j{{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", Json::object()},
           {"status", "Failure"}, {"message", message}, {"reason", reason},
           {"code", code}};
    return j.dump();
}

} // namespace

struct KubernetesSim::Impl {
    KubernetesSimOptions options;
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
    std::thread churnThread;
    std::thread kubeletThread; // ends graceful deletions when their time is up
    std::optional<TlsMaterial> tls;
    std::optional<TlsMaterial::ClientIdentity> clientIdentity; // tls only: accepted instead of the token
    std::mutex certificateUsersMutex;
    std::vector<std::string> certificateUsers; // who authenticated by certificate (takeCertificateUsers)
    std::string baseUrl;
    std::string apiToken;
    int boundPort = 0;
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> lists{0};
    std::atomic<int> watches{0};
    std::atomic<int> execSessions{0};
    std::int64_t logEpochNs = 0; // when start() ran: the containers' logs lead up to it

    mutable std::mutex mutex; // guards everything below
    std::condition_variable changed;
    bool stopping = false;
    bool churnStopping = false;
    std::uint64_t dropGeneration = 0; // bumped by dropWatches()
    std::mt19937_64 rng;
    std::int64_t rv = 1000;
    std::int64_t compactedRv = 0; // versions below this are too old
    std::int64_t nextPodSerial = 0;
    std::map<std::string, Node> nodes;
    std::map<std::string, Pod> pods; // key "ns/name"
    std::map<std::string, Namespace> namespaces;
    std::deque<Event> history;
    std::size_t historyBytes = 0; // of the lines in `history`
    struct Termination {
        SteadyClock::time_point due;
        std::string uid; // the pod deleted (a new pod may reuse the name)
    };
    std::map<std::string, Termination> terminating; // pod key -> when the kubelet is done with it

    explicit Impl(KubernetesSimOptions o)
        : options(std::move(o))
        , rng(options.seed)
    {}

    std::string uid()
    {
        char buffer[40];
        const std::uint64_t a = rng(), b = rng();
        std::snprintf(buffer, sizeof buffer, "%08x-%04x-4%03x-a%03x-%012llx", unsigned(a >> 32),
                      unsigned(a >> 16) & 0xffff, unsigned(a) & 0xfff, unsigned(b >> 52) & 0xfff,
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return buffer;
    }

    // ---- rendering ----

    static void managedFields(std::string &out, std::int64_t created)
    {
        // As a real apiserver sends them; clients are expected to skip them.
        out +=
            R"(,"managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1","time":")";
        out += isoTime(created);
        out +=
            R"(","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{}}}}])";
    }

    void render(Node &n)
    {
        std::string &o = n.json;
        o.clear();
        JsonWriter w(o);
        o += R"({"kind":"Node","apiVersion":"v1","metadata":{"name":)";
        w.string(n.name);
        o += R"(,"uid":)";
        w.string(n.uid);
        o += R"(,"resourceVersion":")" + std::to_string(n.rv) + R"(","creationTimestamp":")" + isoTime(n.created) +
             R"(","labels":{"kubernetes.io/hostname":)";
        w.string(n.name);
        o += R"(,"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64"})";
        managedFields(o, n.created);
        o += R"(},"spec":{"podCIDR":"10.244.0.0/24")";
        if (n.unschedulable)
            o +=
                R"(,"unschedulable":true,"taints":[{"key":"node.kubernetes.io/unschedulable","effect":"NoSchedule","timeAdded":")" +
                isoTime(n.cordonedAt) + R"("}])";
        o +=
            R"(},"status":{"capacity":{"cpu":")" + std::to_string(n.cpus) + R"(","memory":")" +
            std::to_string(n.memoryGi * 1024 * 1024) + R"(Ki","pods":"110"},"allocatable":{"cpu":")" +
            std::to_string(n.cpus) + R"(","memory":")" + std::to_string(n.memoryGi * 1024 * 1024 - 102400) +
            R"(Ki","pods":"110"},"conditions":[{"type":"Ready","status":")" + (n.ready ? "True" : "False") +
            R"(","lastHeartbeatTime":")" + isoTime(n.created) + R"(","lastTransitionTime":")" + isoTime(n.created) +
            R"(","reason":"KubeletReady","message":"kubelet is posting ready status"}],"addresses":[{"type":"InternalIP","address":")" +
            n.internalIp + R"("},{"type":"Hostname","address":)";
        w.string(n.name);
        o +=
            R"x(}],"nodeInfo":{"machineID":"0","systemUUID":"0","bootID":"0","kernelVersion":"6.1.0-13-amd64","osImage":"Debian GNU/Linux 12 (bookworm)","containerRuntimeVersion":"containerd://1.7.11","kubeletVersion":"v1.29.0","kubeProxyVersion":"v1.29.0","operatingSystem":"linux","architecture":"amd64"}}})x";
    }

    // ---- realistic pods (options.realisticPods): what a Deployment's pod carries on a real
    // cluster, 5-13 kB of JSON: annotations with the last applied configuration, owner references,
    // managed fields of several managers, environment variables, probes, mounts, the projected
    // service account volume, tolerations and conditions. Sizes vary with the pod's hash.

    static std::size_t podHash(const Pod &p) { return std::hash<std::string>{}(p.uid); }

    void realisticMetadata(const Pod &p, std::string &o) const
    {
        JsonWriter w(o);
        const std::string app = p.name.substr(0, p.name.find('-'));
        o += R"(,"pod-template-hash":"6b8f9c7d5","app.kubernetes.io/name":)";
        w.string(app);
        o += R"(,"app.kubernetes.io/part-of":"shop","app.kubernetes.io/managed-by":"Helm"},"generateName":)";
        w.string(p.name.substr(0, p.name.rfind('-') + 1));
        o +=
            R"(,"annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090","kubectl.kubernetes.io/restartedAt":")" +
            isoTime(p.created) + R"(","kubectl.kubernetes.io/last-applied-configuration":)";
        // The applied Deployment, as a JSON string inside the JSON: the bulk of many real pods.
        std::string applied =
            R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":")" + app +
            R"("},"name":")" + app + R"(","namespace":")" + p.ns +
            R"("},"spec":{"replicas":3,"selector":{"matchLabels":{"app":")" + app +
            R"("}},"template":{"metadata":{"labels":{"app":")" + app + R"("}},"spec":{"containers":[)";
        for (std::size_t i = 0; i < p.containers.size(); ++i) {
            applied += i ? ",{" : "{";
            applied += R"("name":")" + p.containers[i].name + R"(","image":")" + p.containers[i].image + R"(","env":[)";
            const std::size_t vars = 6 + (podHash(p) >> (i * 4)) % 12;
            for (std::size_t v = 0; v < vars; ++v)
                applied += (v ? "," : "") + std::string(R"({"name":"SETTING_)") + std::to_string(v) +
                           R"(","value":"value-of-setting-)" + std::to_string(v) + R"("})";
            applied += "]}";
        }
        applied += "]}}}}\n";
        w.string(applied);
        o += R"(},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":)";
        w.string(app + "-6b8f9c7d5");
        o += R"(,"uid":)";
        w.string(p.uid.substr(0, 24) + "000000000000");
        o += R"(,"controller":true,"blockOwnerDeletion":true}])";
    }

    void realisticManagedFields(const Pod &p, std::string &o) const
    {
        // A second manager (the kubelet's status updates), as real pods have: managedFields then
        // holds two entries; clients must drop them all.
        o.pop_back(); // the closing ']' of the first entry list
        o +=
            R"(,{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":")" + isoTime(p.created + 5) +
            R"(","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:conditions":{"k:{\"type\":\"ContainersReady\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\"type\":\"Initialized\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\"type\":\"Ready\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}}},"f:containerStatuses":{},"f:hostIP":{},"f:phase":{},"f:podIP":{},"f:podIPs":{".":{},"k:{\"ip\":\"10.244.0.1\"}":{".":{},"f:ip":{}}},"f:startTime":{}}},"subresource":"status"}])";
    }

    void realisticContainer(const Pod &p, std::size_t index, std::string &o) const
    {
        const std::size_t vars = 6 + (podHash(p) >> (index * 4)) % 12;
        o +=
            R"(,"ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"name":"metrics","containerPort":9090,"protocol":"TCP"}],"env":[)";
        for (std::size_t v = 0; v < vars; ++v) {
            o += v ? ",{" : "{";
            o += R"("name":"SETTING_)" + std::to_string(v) + R"(","value":"value-of-setting-)" + std::to_string(v) +
                 R"("})";
        }
        o +=
            R"(,{"name":"POD_NAME","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},{"name":"POD_NAMESPACE","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}}])";
        o +=
            R"(,"volumeMounts":[{"name":"config","mountPath":"/etc/app","readOnly":true},{"name":"kube-api-access-x7k2p","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}])";
        o +=
            R"(,"livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"initialDelaySeconds":10,"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3})";
        o +=
            R"(,"readinessProbe":{"httpGet":{"path":"/ready","port":"http","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":5,"successThreshold":1,"failureThreshold":3})";
        o +=
            R"(,"securityContext":{"runAsNonRoot":true,"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}})";
    }

    static constexpr const char *kRealisticPodSpec =
        R"(,"volumes":[{"name":"config","configMap":{"name":"app-config","defaultMode":420}},{"name":"kube-api-access-x7k2p","projected":{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}],"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority","priority":0,"securityContext":{"fsGroup":2000},"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}])";

    void render(Pod &p)
    {
        std::string &o = p.json;
        o.clear();
        JsonWriter w(o);
        o += R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":)";
        w.string(p.name);
        o += R"(,"namespace":)";
        w.string(p.ns);
        o += R"(,"uid":)";
        w.string(p.uid);
        o += R"(,"resourceVersion":")" + std::to_string(p.rv) + R"(","creationTimestamp":")" + isoTime(p.created) + '"';
        if (p.deletionTimestamp)
            o += R"(,"deletionTimestamp":")" + isoTime(p.deletionTimestamp) + R"(","deletionGracePeriodSeconds":)" +
                 std::to_string(p.deletionGraceSeconds);
        o += R"(,"labels":{"app":)";
        w.string(p.name.substr(0, p.name.find('-')));
        if (options.realisticPods)
            realisticMetadata(p, o);
        else
            o += "}";
        managedFields(o, p.created);
        if (options.realisticPods)
            realisticManagedFields(p, o);
        o += R"(},"spec":{"containers":[)";
        for (std::size_t i = 0; i < p.containers.size(); ++i) {
            const Container &c = p.containers[i];
            o += i ? ",{" : "{";
            o += R"("name":)";
            w.string(c.name);
            o += R"(,"image":)";
            w.string(c.image);
            if (options.realisticPods)
                realisticContainer(p, i, o);
            o +=
                R"(,"resources":{"requests":{"cpu":"100m","memory":"128Mi"}},"terminationMessagePath":"/dev/termination-log","imagePullPolicy":"IfNotPresent"})";
        }
        o +=
            R"(],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default")";
        if (options.realisticPods)
            o += kRealisticPodSpec;
        if (!p.node.empty()) {
            o += R"(,"nodeName":)";
            w.string(p.node);
        }
        o += R"(,"schedulerName":"default-scheduler"},"status":{"phase":")" + p.phase + '"';
        if (p.node.empty()) {
            o +=
                R"(,"conditions":[{"type":"PodScheduled","status":"False","lastProbeTime":null,"lastTransitionTime":")" +
                isoTime(p.created) +
                R"(","reason":"Unschedulable","message":"0/3 nodes are available: 3 Insufficient cpu."}],"qosClass":"Burstable"}})";
            return;
        }
        const Node &n = nodes.at(p.node);
        o += R"(,"hostIP":")" + n.internalIp + R"(","podIP":")" + p.podIp + R"(","startTime":")" + isoTime(p.created) +
             '"';
        if (options.realisticPods) {
            o += R"(,"podIPs":[{"ip":")" + p.podIp + R"("}],"hostIPs":[{"ip":")" + n.internalIp +
                 R"("}],"conditions":[)";
            const char *types[] = {"Initialized", "Ready", "ContainersReady", "PodScheduled"};
            for (std::size_t t = 0; t < std::size(types); ++t) {
                o += t ? ",{" : "{";
                o += R"("type":")" + std::string(types[t]) +
                     R"(","status":"True","lastProbeTime":null,"lastTransitionTime":")" + isoTime(p.created + 5) +
                     R"("})";
            }
            o += "]";
        }
        o += R"(,"containerStatuses":[)";
        for (std::size_t i = 0; i < p.containers.size(); ++i) {
            const Container &c = p.containers[i];
            o += i ? ",{" : "{";
            o += R"("name":)";
            w.string(c.name);
            o += R"(,"state":{")" + c.state + R"(":{)";
            if (c.state == "running")
                o += R"("startedAt":")" + isoTime(c.startedAt) + '"';
            else if (c.state == "terminated")
                o += R"("exitCode":1,"reason":")" + c.reason + R"(","startedAt":")" + isoTime(c.startedAt) + '"';
            else
                o += R"("reason":")" + c.reason + '"';
            o += R"(}},"lastState":{},"ready":)";
            o += c.ready ? "true" : "false";
            o += R"(,"restartCount":)" + std::to_string(c.restarts) + R"(,"image":)";
            w.string(c.image);
            o += R"(,"imageID":"","started":)";
            o += c.state == "running" ? "true" : "false";
            o += "}";
        }
        o += R"(],"qosClass":"Burstable"}})";
    }

    void render(Namespace &n)
    {
        std::string &o = n.json;
        o.clear();
        JsonWriter w(o);
        o += R"({"kind":"Namespace","apiVersion":"v1","metadata":{"name":)";
        w.string(n.name);
        o += R"(,"uid":)";
        w.string(n.uid);
        o += R"(,"resourceVersion":")" + std::to_string(n.rv) + R"(","creationTimestamp":")" + isoTime(n.created) +
             R"(","labels":{"kubernetes.io/metadata.name":)";
        w.string(n.name);
        o += R"(}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}})";
    }

    void record(Resource resource, const char *type, const std::string &json)
    {
        history.push_back(Event{rv, resource, std::string(R"({"type":")") + type + R"(","object":)" + json + "}\n"});
        historyBytes += history.back().line.size();
        // Bounded by count and by size, as an API server's watch cache is: realistic pods under
        // heavy churn would otherwise keep gigabytes.
        while (history.size() > std::size_t(std::max(1, options.historyLimit)) ||
               (history.size() > 1 && historyBytes > kHistoryBytes)) {
            compactedRv = history.front().rv;
            historyBytes -= history.front().line.size();
            history.pop_front();
        }
        changed.notify_all();
    }

    // ---- the cluster ----

    void startContainers(Pod &p, std::int64_t now)
    {
        for (Container &c : p.containers) {
            c.state = "running";
            c.reason.clear();
            c.ready = true;
            c.startedAt = now;
        }
    }

    Pod makePod(const std::string &ns, const std::string &name, std::int64_t created)
    {
        Pod p;
        p.ns = ns;
        p.name = name;
        p.uid = uid();
        p.created = created;
        const int count = 1 + int(rng() % 3);
        for (int i = 0; i < count; ++i) {
            Container c;
            c.name = i == 0 ? name.substr(0, name.find('-')) : (i == 1 ? "sidecar" : "metrics");
            c.image = kImages[rng() % kImages.size()];
            p.containers.push_back(std::move(c));
        }
        return p;
    }

    void schedule(Pod &p, const std::string &node, std::int64_t now)
    {
        p.node = node;
        p.phase = "Running";
        const std::uint64_t n = std::uint64_t(++nextPodSerial);
        p.podIp = "10.244." + std::to_string((n >> 8) & 255) + "." + std::to_string(n & 255);
        startContainers(p, now);
    }

    std::string randomNode()
    {
        if (nodes.empty())
            return {};
        // The scheduler passes over cordoned nodes (a few tries; with every node cordoned, any).
        auto it = nodes.begin();
        for (int attempt = 0; attempt < 16; ++attempt) {
            it = nodes.begin();
            std::advance(it, long(rng() % nodes.size()));
            if (!it->second.unschedulable)
                break;
        }
        return it->first;
    }

    std::string podName()
    {
        char suffix[16];
        std::snprintf(suffix, sizeof suffix, "%05llx", static_cast<unsigned long long>(rng() & 0xfffff));
        return std::string(kApps[rng() % kApps.size()]) + "-" + std::to_string(++nextPodSerial % 100000) + "-" + suffix;
    }

    void seed()
    {
        const std::int64_t now = nowSeconds();
        for (const char *ns : kNamespaces) {
            Namespace n{ns, uid(), now - std::int64_t{86400} * 30, ++rv, {}};
            render(n);
            namespaces.emplace(n.name, std::move(n));
        }
        for (int i = 0; i < options.nodes; ++i) {
            Node n;
            char name[32];
            std::snprintf(name, sizeof name, "%s-node-%03d", options.clusterName.c_str(), i + 1);
            n.name = name;
            n.uid = uid();
            n.internalIp = "10.0." + std::to_string((i + 1) / 250) + "." + std::to_string((i + 1) % 250 + 2);
            n.created = now - std::int64_t{86400} * 20;
            n.cpus = std::array{2, 4, 8, 16}[rng() % 4];
            n.memoryGi = n.cpus * 4;
            n.rv = ++rv;
            render(n);
            nodes.emplace(n.name, std::move(n));
        }
        for (int i = 0; i < options.pods; ++i) {
            const std::string ns = kNamespaces[rng() % kNamespaces.size()];
            Pod p = makePod(ns, podName(), now - std::int64_t(rng() % (std::uint64_t{86400} * 10)));
            if (!nodes.empty() && rng() % 100 >= 8)
                schedule(p, randomNode(), p.created + 5);
            if (!p.node.empty() && rng() % 100 < 10) {
                Container &c = p.containers.front();
                c.state = "waiting";
                c.reason = "CrashLoopBackOff";
                c.ready = false;
                c.restarts = 1 + int(rng() % 40);
            } else if (!p.node.empty()) {
                p.containers.front().restarts = rng() % 100 < 20 ? int(rng() % 5) : 0;
            }
            p.rv = ++rv;
            render(p);
            const std::string key = p.ns + "/" + p.name;
            pods.emplace(key, std::move(p));
        }
        compactedRv = rv; // nothing before the seeded state can be watched from
    }

    // A pod from a random place in the map (a random namespace and app name), so churn spreads
    // over the cluster and costs the same at any size: at most 512 pods are looked at.
    Pod *randomPod(bool wantPending)
    {
        if (pods.empty())
            return nullptr;
        const std::string probe =
            std::string(kNamespaces[rng() % kNamespaces.size()]) + "/" + kApps[rng() % kApps.size()];
        auto it = pods.lower_bound(probe);
        std::vector<Pod *> candidates;
        // A short walk: at thousands of changes a second, a long one over the pod map was a tenth
        // of the simulator's time.
        for (int looked = 0; looked < 128 && candidates.size() < 16; ++looked, ++it) {
            if (it == pods.end())
                it = pods.begin();
            if ((it->second.phase == "Pending") == wantPending)
                candidates.push_back(&it->second);
        }
        if (candidates.empty())
            return nullptr;
        return candidates[rng() % candidates.size()];
    }

    void upsert(Pod &p, const char *type)
    {
        p.rv = ++rv;
        render(p);
        record(Resource::Pods, type, p.json);
    }

    void removePod(const std::string &key)
    {
        auto it = pods.find(key);
        if (it == pods.end())
            return;
        Pod p = std::move(it->second);
        pods.erase(it);
        p.rv = ++rv;
        render(p);
        record(Resource::Pods, "DELETED", p.json);
    }

    void churnStep()
    {
        const std::int64_t now = nowSeconds();
        const int roll = int(rng() % 100);
        if (roll < 20 || pods.empty()) { // a new pod, not yet scheduled (as many as are deleted: a steady size)
            const std::string ns = kNamespaces[rng() % kNamespaces.size()];
            Pod p = makePod(ns, podName(), now);
            const std::string key = p.ns + "/" + p.name;
            Pod &inserted = pods.emplace(key, std::move(p)).first->second;
            upsert(inserted, "ADDED");
        } else if (roll < 35) { // the scheduler places a pending pod
            Pod *p = randomPod(true);
            if (p && !nodes.empty()) {
                schedule(*p, randomNode(), now);
                upsert(*p, "MODIFIED");
            }
        } else if (roll < 65) { // a container crashes, or recovers
            Pod *p = randomPod(false);
            if (p && !p->containers.empty()) {
                Container &c = p->containers[rng() % p->containers.size()];
                if (c.state == "running") {
                    c.state = "waiting";
                    c.reason = "CrashLoopBackOff";
                    c.ready = false;
                    ++c.restarts;
                } else {
                    c.state = "running";
                    c.reason.clear();
                    c.ready = true;
                    c.startedAt = now;
                }
                upsert(*p, "MODIFIED");
            }
        } else if (roll < 85) { // deleted (a pending one half the time)
            Pod *p = randomPod(rng() % 2 == 0);
            if (!p)
                p = randomPod(false);
            if (p)
                removePod(p->ns + "/" + p->name);
        } else { // rescheduled: the pod goes and comes back under the same name on another node
            Pod *p = randomPod(false);
            if (p && !nodes.empty()) {
                const std::string ns = p->ns, name = p->name;
                removePod(ns + "/" + name);
                Pod again = makePod(ns, name, now);
                schedule(again, randomNode(), now);
                Pod &inserted = pods.emplace(ns + "/" + name, std::move(again)).first->second;
                upsert(inserted, "ADDED");
            }
        }
    }

    // ---- HTTP ----

    static void send(httplib::Response &res, int status, const std::string &body)
    {
        res.status = status;
        res.set_content(body, "application/json");
    }

    static void sendStatus(httplib::Response &res, int code, std::string_view reason, std::string_view message)
    {
        send(res, code, statusJson(code, reason, message));
    }

    // A TLS client that presented a certificate our CA signed (x509 client authentication).
    // A request whose connection presented a client certificate the CA signed; its user (the
    // subject's common name) is recorded for takeCertificateUsers().
    bool verifiedClient(const httplib::Request &req)
    {
        if (!req.ssl)
            return false;
        X509 *peer = SSL_get1_peer_certificate(req.ssl);
        const bool ok = peer && SSL_get_verify_result(req.ssl) == X509_V_OK;
        if (ok) {
            char name[256] = {};
            X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
            const std::lock_guard lock(certificateUsersMutex);
            certificateUsers.emplace_back(name);
        }
        X509_free(peer);
        return ok;
    }

    void handle(const httplib::Request &req, httplib::Response &res)
    {
        ++requests;
        res.set_header("Audit-Id", "00000000-0000-0000-0000-000000000000");
        res.set_header("Cache-Control", "no-cache, private");
        if (req.get_header_value("Authorization") != "Bearer " + apiToken && !verifiedClient(req)) {
            sendStatus(res, 401, "Unauthorized", "Unauthorized");
            return;
        }
        const std::string &path = req.path;
        if (path == "/version") {
            send(
                res, 200,
                R"({"major":"1","minor":"29","gitVersion":"v1.29.0","gitCommit":"0000000000000000000000000000000000000000","gitTreeState":"clean","buildDate":"2023-12-13T08:51:44Z","goVersion":"go1.21.5","compiler":"gc","platform":"linux/amd64"})");
        } else if (path == "/api") {
            send(
                res, 200,
                R"({"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:443"}]})");
        } else if (path == "/apis") {
            send(
                res, 200,
                options.metricsServer
                    ? R"({"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}],"preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}}]})"
                    : R"({"kind":"APIGroupList","apiVersion":"v1","groups":[]})");
        } else if (options.metricsServer && path == "/apis/metrics.k8s.io/v1beta1") {
            send(res, 200,
                 R"({"kind":"APIResourceList","apiVersion":"v1","groupVersion":"metrics.k8s.io/v1beta1","resources":[)"
                 R"({"name":"nodes","singularName":"","namespaced":false,"kind":"NodeMetrics","verbs":["get","list"]},)"
                 R"({"name":"pods","singularName":"","namespaced":true,"kind":"PodMetrics","verbs":["get","list"]}]})");
        } else if (options.metricsServer && path == "/apis/metrics.k8s.io/v1beta1/nodes") {
            nodeMetrics(res);
        } else if (options.metricsServer && path == "/apis/metrics.k8s.io/v1beta1/pods") {
            podMetrics(res);
        } else if (path == "/api/v1") {
            send(
                res, 200,
                R"({"kind":"APIResourceList","groupVersion":"v1","resources":[)"
                R"({"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["get","list","watch"],"shortNames":["ns"]},)"
                R"({"name":"nodes","singularName":"node","namespaced":false,"kind":"Node","verbs":["get","list","patch","watch"],"shortNames":["no"]},)"
                R"({"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["delete","get","list","watch"],"shortNames":["po"],"categories":["all"]},)"
                R"({"name":"pods/exec","singularName":"","namespaced":true,"kind":"PodExecOptions","verbs":["create","get"]},)"
                R"({"name":"pods/log","singularName":"","namespaced":true,"kind":"Pod","verbs":["get"]}]})");
        } else if (path == "/api/v1/nodes") {
            list(req, res, Resource::Nodes);
        } else if (path.starts_with("/api/v1/nodes/")) {
            node(req, res, path.substr(std::string_view("/api/v1/nodes/").size()));
        } else if (path == "/api/v1/pods") {
            list(req, res, Resource::Pods);
        } else if (path == "/api/v1/namespaces") {
            list(req, res, Resource::Namespaces);
        } else if (path.starts_with("/api/v1/namespaces/") && path.find("/pods") != std::string::npos) {
            namespacedPods(req, res);
        } else {
            sendStatus(res, 404, "NotFound", "the server could not find the requested resource");
        }
    }

    // ---- metrics.k8s.io ----

    // A running container's usage: a level of its own (from its pod's uid and its name) that drifts
    // by up to a fifth every 15 s window, as a sampled workload does.
    struct Usage {
        std::int64_t nanoCores = 0;
        std::int64_t kib = 0;
    };
    static Usage usageOf(const Pod &p, const Container &c, std::int64_t window)
    {
        const std::uint64_t level = std::hash<std::string>{}(p.uid + "/" + c.name);
        const std::uint64_t drift = std::hash<std::string>{}(p.uid + c.name + std::to_string(window));
        const double wobble = 0.9 + double(drift % 1000) / 5000.0; // 0.9 .. 1.1
        const double millicores = 1.0 + double(level % 120);       // 1m .. 120m
        const double mib = 8.0 + double((level >> 16) % 400);      // 8 MiB .. 408 MiB
        return {std::int64_t(millicores * wobble * 1e6), std::int64_t(mib * wobble * 1024)};
    }

    // What the kubelet and the system use on each node.
    static constexpr Usage kSystemUsage{150'000'000, std::int64_t{700} * 1024};

    // Per node, how much its containers' levels are scaled so that the node, busy as it may be,
    // stays within 85% of its capacity (a dense cluster runs hot, never over). Call with the mutex.
    struct Scale {
        double cpu = 1;
        double memory = 1;
    };
    std::map<std::string, Scale> nodeScales(std::int64_t window) const
    {
        std::map<std::string, Usage> raw;
        for (const auto &[key, p] : pods) {
            if (p.phase != "Running" || !nodes.contains(p.node))
                continue;
            Usage &sum = raw[p.node];
            for (const Container &c : p.containers) {
                if (c.state != "running")
                    continue;
                const Usage u = usageOf(p, c, window);
                sum.nanoCores += u.nanoCores;
                sum.kib += u.kib;
            }
        }
        std::map<std::string, Scale> scales;
        for (const auto &[name, sum] : raw) {
            const Node &n = nodes.at(name);
            const double cpuBudget = 0.85 * double(n.cpus) * 1e9 - double(kSystemUsage.nanoCores);
            const double memoryBudget = 0.85 * double(n.memoryGi) * 1024 * 1024 - double(kSystemUsage.kib);
            Scale &scale = scales[name];
            if (double(sum.nanoCores) > cpuBudget)
                scale.cpu = std::max(0.0, cpuBudget) / double(sum.nanoCores);
            if (double(sum.kib) > memoryBudget)
                scale.memory = std::max(0.0, memoryBudget) / double(sum.kib);
        }
        return scales;
    }
    static Usage scaled(const Usage &u, const Scale &scale)
    {
        return {std::int64_t(double(u.nanoCores) * scale.cpu), std::int64_t(double(u.kib) * scale.memory)};
    }

    static std::string usageJson(const Usage &u)
    {
        return R"({"cpu":")" + std::to_string(u.nanoCores) + R"(n","memory":")" + std::to_string(u.kib) + R"(Ki"})";
    }

    void nodeMetrics(httplib::Response &res)
    {
        const std::int64_t now = nowSeconds();
        std::lock_guard lock(mutex);
        const std::map<std::string, Scale> scales = nodeScales(now / 15);
        std::map<std::string, Usage> byNode;
        for (const auto &[key, n] : nodes)
            byNode[key] = kSystemUsage;
        for (const auto &[key, p] : pods) {
            auto node = byNode.find(p.node);
            if (node == byNode.end() || p.phase != "Running")
                continue;
            const auto scale = scales.find(p.node);
            for (const Container &c : p.containers) {
                if (c.state != "running")
                    continue;
                const Usage u = scaled(usageOf(p, c, now / 15), scale == scales.end() ? Scale() : scale->second);
                node->second.nanoCores += u.nanoCores;
                node->second.kib += u.kib;
            }
        }
        std::string body = R"({"kind":"NodeMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[)";
        bool first = true;
        for (const auto &[name, u] : byNode) {
            if (!first)
                body += ',';
            first = false;
            body += R"({"metadata":{"name":")" + name + R"(","creationTimestamp":")" + isoTime(now) +
                    R"("},"timestamp":")" + isoTime(now - now % 15) + R"(","window":"15s","usage":)" + usageJson(u) +
                    '}';
        }
        body += "]}";
        send(res, 200, body);
    }

    void podMetrics(httplib::Response &res)
    {
        const std::int64_t now = nowSeconds();
        std::lock_guard lock(mutex);
        const std::map<std::string, Scale> scales = nodeScales(now / 15);
        std::string body = R"({"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},"items":[)";
        bool first = true;
        for (const auto &[key, p] : pods) {
            if (p.phase != "Running")
                continue; // metrics-server reports what runs
            const auto scale = scales.find(p.node);
            if (!first)
                body += ',';
            first = false;
            body += R"({"metadata":{"name":")" + p.name + R"(","namespace":")" + p.ns + R"(","creationTimestamp":")" +
                    isoTime(now) + R"("},"timestamp":")" + isoTime(now - now % 15) +
                    R"(","window":"15s","containers":[)";
            bool firstContainer = true;
            for (const Container &c : p.containers) {
                if (c.state != "running")
                    continue;
                if (!firstContainer)
                    body += ',';
                firstContainer = false;
                body += R"({"name":")" + c.name + R"(","usage":)" +
                        usageJson(scaled(usageOf(p, c, now / 15), scale == scales.end() ? Scale() : scale->second)) +
                        '}';
            }
            body += "]}";
        }
        body += "]}";
        send(res, 200, body);
    }

    void namespacedPods(const httplib::Request &req, httplib::Response &res)
    {
        // /api/v1/namespaces/{ns}/pods[/{name}]
        const std::string rest = req.path.substr(std::string_view("/api/v1/namespaces/").size());
        const auto slash = rest.find('/');
        const std::string ns = rest.substr(0, slash);
        const std::string tail = rest.substr(slash + 1);
        if (tail == "pods") {
            list(req, res, Resource::Pods, ns);
            return;
        }
        if (!tail.starts_with("pods/")) {
            sendStatus(res, 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        std::string name = tail.substr(5);
        std::string sub;
        if (const auto at = name.find('/'); at != std::string::npos) {
            sub = name.substr(at + 1);
            name.resize(at);
        }
        if (sub == "log") {
            podLog(req, res, ns, name);
            return;
        }
        if (sub == "exec") {
            podExec(req, res, ns, name);
            return;
        }
        if (!sub.empty()) {
            sendStatus(res, 404, "NotFound", "the server could not find the requested resource");
            return;
        }
        std::lock_guard lock(mutex);
        auto it = pods.find(ns + "/" + name);
        if (it == pods.end()) {
            sendStatus(res, 404, "NotFound", "pods \"" + name + "\" not found");
            return;
        }
        if (req.method == "DELETE") {
            deletePod(req, res, it->second);
        } else if (req.method == "GET") {
            send(res, 200, it->second.json);
        } else {
            sendStatus(res, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
    }

    // ---- actions ----

    // DELETE of a pod: graceful as on a real cluster. With a grace period the pod first turns
    // Terminating (deletionTimestamp, MODIFIED) and the kubelet removes it later (DELETED); with 0,
    // or when no node runs it, it goes at once. DeleteOptions come as query parameters or as a body.
    void deletePod(const httplib::Request &req, httplib::Response &res, Pod &p)
    {
        long grace = -1;
        if (req.has_param("gracePeriodSeconds")) {
            grace = std::strtol(req.get_param_value("gracePeriodSeconds").c_str(), nullptr, 10);
        } else if (!req.body.empty()) {
            const Json options = Json::parse(req.body, nullptr, false);
            if (!options.is_object()) {
                sendStatus(res, 400, "BadRequest", "the body of the request was in an unknown format");
                return;
            }
            if (const auto g = options.find("gracePeriodSeconds"); g != options.end() && g->is_number_integer())
                grace = g->get<long>();
            if (const auto pp = options.find("propagationPolicy"); pp != options.end() && pp->is_string()) {
                const std::string policy = pp->get<std::string>();
                if (policy != "Orphan" && policy != "Background" && policy != "Foreground") {
                    sendStatus(res, 422, "Invalid", "propagationPolicy: Unsupported value: \"" + policy + "\"");
                    return;
                }
            }
        }
        if (grace < 0)
            grace = 30; // the pod's terminationGracePeriodSeconds
        const std::string key = p.ns + "/" + p.name;
        if (grace == 0 || p.node.empty()) {
            std::string json = p.json;
            removePod(key);
            send(res, 200, json);
            return;
        }
        if (!p.deletionTimestamp || nowSeconds() + grace < p.deletionTimestamp) {
            p.deletionTimestamp = nowSeconds() + grace;
            p.deletionGraceSeconds = int(grace);
            const auto delay = std::min<std::int64_t>(grace * 1000, options.terminationDelayMs);
            terminating[key] = Termination{SteadyClock::now() + std::chrono::milliseconds(delay), p.uid};
            upsert(p, "MODIFIED");
        }
        send(res, 200, p.json);
    }

    void kubeletLoop()
    {
        std::unique_lock lock(mutex);
        while (!stopping) {
            auto next = SteadyClock::now() + std::chrono::seconds(1);
            const auto now = SteadyClock::now();
            for (auto it = terminating.begin(); it != terminating.end();) {
                if (it->second.due <= now) {
                    const auto pod = pods.find(it->first);
                    if (pod != pods.end() && pod->second.uid == it->second.uid)
                        removePod(it->first);
                    it = terminating.erase(it);
                } else {
                    next = std::min(next, it->second.due);
                    ++it;
                }
            }
            changed.wait_until(lock, next); // woken by every change, a new termination among them
        }
    }

    // GET and PATCH of one node. PATCH takes a merge or strategic merge patch and applies
    // spec.unschedulable (kubectl cordon / uncordon); the rest of a patch is ignored.
    void node(const httplib::Request &req, httplib::Response &res, const std::string &name)
    {
        std::lock_guard lock(mutex);
        auto it = nodes.find(name);
        if (it == nodes.end() || name.find('/') != std::string::npos) {
            sendStatus(res, 404, "NotFound", "nodes \"" + name + "\" not found");
            return;
        }
        Node &n = it->second;
        if (req.method == "GET") {
            send(res, 200, n.json);
            return;
        }
        if (req.method != "PATCH") {
            sendStatus(res, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            return;
        }
        const std::string type = req.get_header_value("Content-Type");
        const std::string media = type.substr(0, type.find(';'));
        if (media != "application/merge-patch+json" && media != "application/strategic-merge-patch+json") {
            sendStatus(res, 415, "UnsupportedMediaType",
                       "the body of the request was in an unknown format - accepted media types include: "
                       "application/merge-patch+json, application/strategic-merge-patch+json");
            return;
        }
        const Json patch = Json::parse(req.body, nullptr, false);
        if (!patch.is_object()) {
            sendStatus(res, 400, "BadRequest", "error decoding patch: invalid JSON");
            return;
        }
        bool unschedulable = n.unschedulable;
        if (const auto spec = patch.find("spec"); spec != patch.end() && spec->is_object()) {
            if (const auto u = spec->find("unschedulable"); u != spec->end()) {
                if (u->is_boolean())
                    unschedulable = u->get<bool>();
                else if (u->is_null())
                    unschedulable = false;
                else {
                    sendStatus(res, 422, "Invalid", "spec.unschedulable: Invalid value: a boolean is required");
                    return;
                }
            }
        }
        if (unschedulable != n.unschedulable) {
            n.unschedulable = unschedulable;
            n.cordonedAt = unschedulable ? nowSeconds() : 0;
            n.rv = ++rv;
            render(n);
            record(Resource::Nodes, "MODIFIED", n.json);
        }
        send(res, 200, n.json);
    }

    // The container a pods/log or pods/exec request means, or an error answer as the apiserver gives.
    static const Container *pickContainer(const httplib::Request &req, httplib::Response &res, const Pod &p)
    {
        const std::string wanted = req.get_param_value("container");
        if (wanted.empty()) {
            if (p.containers.size() == 1)
                return &p.containers.front();
            std::string names;
            for (const Container &c : p.containers)
                names += (names.empty() ? "" : " ") + c.name;
            sendStatus(res, 400, "BadRequest",
                       "a container name must be specified for pod " + p.name + ", choose one of: [" + names + "]");
            return nullptr;
        }
        for (const Container &c : p.containers)
            if (c.name == wanted)
                return &c;
        sendStatus(res, 400, "BadRequest", "container " + wanted + " is not valid for pod " + p.name);
        return nullptr;
    }

    // A container instance's log lines in time: line i (1-based) of `total` was written at
    // at(i). The lines of a running instance lead up to when the simulator started (at most a second
    // apart, none before the instance started); those of the previous instance up to its restart.
    // Lines written while following carry the time they are sent.
    struct LogTimeline {
        std::int64_t endNs = 0;
        std::int64_t stepNs = 0;
        int total = 0;
        std::int64_t at(int line) const { return endNs - std::int64_t(total - line) * stepNs; }
    };
    static LogTimeline timeline(std::int64_t fromNs, std::int64_t endNs, int total)
    {
        constexpr std::int64_t kMaxStepNs = 1'000'000'000;
        endNs = std::max(endNs, fromNs);
        const std::int64_t step = total > 1 ? std::min(kMaxStepNs, (endNs - fromNs) / total) : 0;
        return {endNs, step, total};
    }

    // A log query parameter that must be a positive integer (sinceSeconds, limitBytes), as the
    // apiserver validates PodLogOptions: absent gives 0, anything else an Invalid (422) answer.
    static std::optional<std::int64_t> positiveParam(const httplib::Request &req, httplib::Response &res,
                                                     const std::string &pod, const char *name)
    {
        if (!req.has_param(name))
            return 0;
        const std::string text = req.get_param_value(name);
        char *end = nullptr;
        const long long n = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || *end != '\0' || n < 1) {
            sendStatus(res, 422, "Invalid",
                       "PodLogOptions \"" + pod + "\" is invalid: " + name + ": Invalid value: " + text +
                           ": must be greater than 0");
            return std::nullopt;
        }
        return std::int64_t(n);
    }

    // pods/log: deterministic lines; tailLines, previous (a container that restarted), follow
    // (new lines every logFollowIntervalMs until the client goes, the pod goes or the sim stops),
    // timestamps (each line after its RFC 3339 time with nanoseconds and a space), sinceSeconds (only
    // lines written since) and limitBytes (the answer ends after that many bytes, mid-line if so).
    void podLog(const httplib::Request &req, httplib::Response &res, const std::string &ns, const std::string &name)
    {
        const std::string key = ns + "/" + name;
        const bool previous = req.get_param_value("previous") == "true";
        const bool follow = !previous && req.get_param_value("follow") == "true";
        const bool timestamps = req.get_param_value("timestamps") == "true";
        long tail = -1;
        if (req.has_param("tailLines"))
            tail = std::strtol(req.get_param_value("tailLines").c_str(), nullptr, 10);
        const std::optional<std::int64_t> sinceSeconds = positiveParam(req, res, name, "sinceSeconds");
        if (!sinceSeconds)
            return;
        const std::optional<std::int64_t> limitBytes = positiveParam(req, res, name, "limitBytes");
        if (!limitBytes)
            return;
        std::string body, container, uidOf;
        LogTimeline lines;
        {
            std::lock_guard lock(mutex);
            const auto it = pods.find(key);
            if (it == pods.end()) {
                sendStatus(res, 404, "NotFound", "pods \"" + name + "\" not found");
                return;
            }
            const Container *c = pickContainer(req, res, it->second);
            if (!c)
                return;
            if (previous && c->restarts == 0) {
                sendStatus(res, 400, "BadRequest",
                           "previous terminated container \"" + c->name + "\" in pod \"" + name + "\" not found");
                return;
            }
            if (it->second.node.empty()) {
                sendStatus(res, 400, "BadRequest",
                           "container \"" + c->name + "\" in pod \"" + name +
                               "\" is waiting to start: ContainerCreating");
                return;
            }
            container = c->name;
            uidOf = it->second.uid;
            constexpr std::int64_t kNs = 1'000'000'000;
            const std::int64_t createdNs = it->second.created * kNs;
            // (a seeded container may "start" a few seconds after the simulator did: not in the future)
            const std::int64_t startedNs = std::min(nowNanoseconds(), std::max(createdNs, c->startedAt * kNs));
            const int total = std::max(0, previous ? options.logLines / 2 : options.logLines);
            lines = previous ? timeline(createdNs, startedNs - kNs, total) : timeline(startedNs, logEpochNs, total);
        }
        const std::int64_t cutoffNs = *sinceSeconds > 0 ? nowNanoseconds() - *sinceSeconds * 1'000'000'000 : 0;
        const auto stamped = [timestamps](std::int64_t atNs, const std::string &line) {
            return timestamps ? rfc3339Nano(atNs) + ' ' + line + '\n' : line + '\n';
        };
        const int first = tail >= 0 ? std::max(1, lines.total - int(std::min<long>(tail, lines.total)) + 1) : 1;
        for (int i = first; i <= lines.total; ++i) {
            if (lines.at(i) >= cutoffNs)
                body += stamped(lines.at(i), logLine(key, container, previous, i));
        }
        std::int64_t remaining = *limitBytes > 0 ? *limitBytes : -1;
        if (remaining >= 0 && std::int64_t(body.size()) >= remaining) {
            body.resize(std::size_t(remaining)); // the limit reached: nothing more to follow
            remaining = 0;
        } else if (remaining > 0) {
            remaining -= std::int64_t(body.size());
        }
        if (!follow || remaining == 0) {
            res.status = 200;
            res.set_content(body, "text/plain");
            return;
        }
        struct Follow {
            std::string pending;
            int next = 0;
            SteadyClock::time_point tick;
            std::int64_t lastNs = 0;
            std::int64_t remaining = -1; // limitBytes still to send; -1: no limit
        };
        auto state = std::make_shared<Follow>(
            Follow{std::move(body), lines.total + 1, SteadyClock::now(), lines.at(lines.total), remaining});
        res.status = 200;
        // Not text/plain: cpp-httplib would gzip a text stream for a client that accepts it and hold
        // the lines in the compressor.
        res.set_chunked_content_provider("application/octet-stream", [this, state, key, container, uidOf,
                                                                      stamped](std::size_t, httplib::DataSink &sink) {
            if (!state->pending.empty()) {
                const std::string chunk = std::move(state->pending);
                state->pending.clear();
                if (!sink.write(chunk.data(), chunk.size()))
                    return false;
            }
            std::string chunk;
            {
                std::unique_lock lock(mutex);
                state->tick += std::chrono::milliseconds(std::max(1, options.logFollowIntervalMs));
                changed.wait_until(lock, state->tick, [&] { return stopping; });
                if (stopping)
                    return false;
                const auto it = pods.find(key);
                if (it == pods.end() || it->second.uid != uidOf) {
                    lock.unlock();
                    sink.done(); // the container is gone: so is its log stream
                    return true;
                }
                // Written now (and never before the lines already sent).
                state->lastNs = std::max(state->lastNs + 1, nowNanoseconds());
                for (int i = 0; i < std::max(1, options.logLinesPerTick); ++i)
                    chunk += stamped(state->lastNs, logLine(key, container, false, state->next++));
            }
            if (state->remaining >= 0 && std::int64_t(chunk.size()) >= state->remaining) {
                chunk.resize(std::size_t(state->remaining));
                state->remaining = 0;
                if (!chunk.empty() && !sink.write(chunk.data(), chunk.size()))
                    return false;
                sink.done(); // limitBytes reached
                return true;
            }
            if (state->remaining > 0)
                state->remaining -= std::int64_t(chunk.size());
            return sink.write(chunk.data(), chunk.size());
        });
    }

    // pods/exec: the WebSocket upgrade is answered here (101), then the connection is taken over
    // for the session (see kubernetessimexec.h).
    void podExec(const httplib::Request &req, httplib::Response &res, const std::string &ns, const std::string &name)
    {
        exec::Session session;
        {
            std::lock_guard lock(mutex);
            const auto it = pods.find(ns + "/" + name);
            if (it == pods.end()) {
                sendStatus(res, 404, "NotFound", "pods \"" + name + "\" not found");
                return;
            }
            const Container *c = pickContainer(req, res, it->second);
            if (!c)
                return;
            if (it->second.node.empty() || c->state != "running") {
                sendStatus(res, 400, "BadRequest",
                           "unable to upgrade connection: container not found (\"" + c->name + "\")");
                return;
            }
        }
        const std::size_t count = req.get_param_value_count("command");
        for (std::size_t i = 0; i < count; ++i)
            session.command.push_back(req.get_param_value("command", i));
        if (session.command.empty()) {
            sendStatus(res, 400, "BadRequest", "you must specify at least 1 command");
            return;
        }
        const auto flag = [&](const char *param) {
            const std::string v = req.get_param_value(param);
            return v == "true" || v == "1";
        };
        session.tty = flag("tty");
        session.stdinOpen = flag("stdin");
        session.stdoutOpen = flag("stdout");
        session.stderrOpen = flag("stderr") && !session.tty;
        std::string upgrade = req.get_header_value("Upgrade");
        std::transform(upgrade.begin(), upgrade.end(), upgrade.begin(),
                       [](unsigned char ch) { return char(std::tolower(ch)); });
        const std::string protocol = exec::chooseProtocol(req.get_header_value("Sec-WebSocket-Protocol"));
        const std::string key = req.get_header_value("Sec-WebSocket-Key");
        if (upgrade != "websocket" || key.empty()) {
            sendStatus(res, 400, "BadRequest", "Upgrade request required");
            return;
        }
        if (protocol.empty()) {
            sendStatus(
                res, 400, "BadRequest",
                "unable to upgrade connection: no supported stream protocol (v4.channel.k8s.io, v5.channel.k8s.io)");
            return;
        }
        session.v5 = protocol == "v5.channel.k8s.io";
        res.status = 101;
        res.set_header("Upgrade", "websocket");
        res.set_header("Connection", "Upgrade");
        res.set_header("Sec-WebSocket-Accept", exec::acceptKey(key));
        res.set_header("Sec-WebSocket-Protocol", protocol);
        SSL *ssl = const_cast<SSL *>(req.ssl);
        const int peerPort = req.remote_port;
        // The provider runs once, after the 101 and its headers went out, and owns the connection
        // until the session ends; false then makes cpp-httplib close it without writing more.
        res.set_chunked_content_provider("application/octet-stream",
                                         [this, session, ssl, peerPort](std::size_t, httplib::DataSink &) mutable {
                                             session.ssl = ssl;
                                             session.fd = ssl ? SSL_get_fd(ssl) : exec::findSocket(boundPort, peerPort);
                                             if (session.fd < 0)
                                                 return false;
                                             session.stopping = [this] {
                                                 std::lock_guard lock(mutex);
                                                 return stopping;
                                             };
                                             ++execSessions;
                                             exec::runSession(session);
                                             --execSessions;
                                             return false;
                                         });
    }

    struct Page {
        std::vector<const std::string *> items; // the objects' JSON, in key order
        std::string last;                       // the key of the last one
        std::size_t remaining = 0;              // objects after it (an estimate, as Kubernetes gives it)
    };

    // One page of a keyed collection: the objects after `start` (within namespace `ns` when one is
    // given), at most `limit` of them. Finds its place by key and counts what is left from the
    // number already sent, so a list in pages costs one pass, not one per page.
    template<typename Map>
    static Page pageOf(const Map &map, const std::string &ns, const std::string &start, long limit, std::size_t sent)
    {
        const std::string prefix = ns.empty() ? std::string() : ns + "/";
        auto it = start.empty() ? map.lower_bound(prefix) : map.upper_bound(start);
        if (it != map.end() && !prefix.empty() && it->first < prefix)
            it = map.lower_bound(prefix);
        const auto inScope = [&](const auto &i) { return i != map.end() && i->first.starts_with(prefix); };
        Page page;
        for (; inScope(it) && (limit <= 0 || long(page.items.size()) < limit); ++it) {
            page.items.push_back(&it->second.json);
            page.last = it->first;
        }
        if (!inScope(it))
            return page;
        std::size_t inNamespace = map.size();
        if (!prefix.empty()) {
            inNamespace = 0;
            for (auto i = map.lower_bound(prefix); inScope(i); ++i)
                ++inNamespace;
        }
        const std::size_t done = sent + page.items.size();
        page.remaining = inNamespace > done ? inNamespace - done : 1;
        return page;
    }

    const char *listKind(Resource r) const
    {
        return r == Resource::Nodes ? "NodeList" : r == Resource::Pods ? "PodList" : "NamespaceList";
    }

    void list(const httplib::Request &req, httplib::Response &res, Resource resource, const std::string &ns = {})
    {
        const std::string watchParam = req.get_param_value("watch");
        if (watchParam == "true" || watchParam == "1") {
            watch(req, res, resource, ns);
            return;
        }
        long limit = 0;
        if (req.has_param("limit"))
            limit = std::strtol(req.get_param_value("limit").c_str(), nullptr, 10);
        std::string start;
        std::size_t sent = 0; // objects given by the earlier pages of this list
        std::lock_guard lock(mutex);
        std::int64_t listRv = rv;
        if (req.has_param("continue")) {
            const auto decoded = unbase64(req.get_param_value("continue"));
            const Json token = decoded ? Json::parse(*decoded, nullptr, false) : Json();
            if (!token.is_object() || !token.contains("rv") || !token.contains("start") || !token["rv"].is_number() ||
                !token["start"].is_string()) {
                sendStatus(res, 400, "BadRequest", "continue key is not valid: illegal base64 data");
                return;
            }
            listRv = token["rv"].get<std::int64_t>();
            if (listRv < compactedRv) {
                sendStatus(res, 410, "Expired",
                           "The provided continue parameter is too old to display a consistent list result. You can "
                           "start a new list without the continue parameter, or use the continue token in this "
                           "response to retrieve the remainder of the results. Continuing with the provided token "
                           "results in an inconsistent list - objects that were created, modified, or deleted between "
                           "the time the first chunk was returned and now may show up in the list.");
                return;
            }
            start = token["start"].get<std::string>();
            if (token.contains("sent") && token["sent"].is_number_unsigned())
                sent = token["sent"].get<std::size_t>();
        }
        Page page;
        if (resource == Resource::Nodes)
            page = pageOf(nodes, ns, start, limit, sent);
        else if (resource == Resource::Pods)
            page = pageOf(pods, ns, start, limit, sent);
        else
            page = pageOf(namespaces, ns, start, limit, sent);
        // The page is written once into a buffer of its final size: pages of realistic pods are
        // several megabytes, and growing them by appends costs more than the listing itself.
        std::string meta = R"("resourceVersion":")" + std::to_string(listRv) + '"';
        if (page.remaining > 0) {
            const Json token{
                {"v", "meta.k8s.io/v1"}, {"rv", listRv}, {"start", page.last}, {"sent", sent + page.items.size()}};
            meta += R"(,"continue":")" + base64(token.dump()) + R"(","remainingItemCount":)" +
                    std::to_string(page.remaining);
        }
        const std::string head = std::string(R"({"kind":")") + listKind(resource) +
                                 R"(","apiVersion":"v1","metadata":{)" + meta + R"(},"items":[)";
        std::size_t size = head.size() + 2 + page.items.size();
        for (const std::string *json : page.items)
            size += json->size();
        std::string body;
        body.reserve(size);
        body += head;
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            if (i)
                body += ',';
            body += *page.items[i];
        }
        body += "]}";
        if (resource != Resource::Namespaces)
            ++lists;
        res.status = 200;
        res.body = std::move(body);
        res.set_header("Content-Type", "application/json");
    }

    void watch(const httplib::Request &req, httplib::Response &res, Resource resource, const std::string &ns)
    {
        const bool bookmarks = req.get_param_value("allowWatchBookmarks") == "true";
        long timeoutSeconds = 0;
        if (req.has_param("timeoutSeconds"))
            timeoutSeconds = std::strtol(req.get_param_value("timeoutSeconds").c_str(), nullptr, 10);
        const std::string rvParam = req.get_param_value("resourceVersion");
        struct Stream {
            std::int64_t from = 0;
            std::uint64_t generation = 0;
            std::string initial; // ADDED events for the current state (no resourceVersion given) or an ERROR
            bool expired = false;
            SteadyClock::time_point lastSent = SteadyClock::now();
            SteadyClock::time_point deadline = SteadyClock::time_point::max();
            bool opened = false;
        };
        auto stream = std::make_shared<Stream>();
        {
            std::lock_guard lock(mutex);
            stream->generation = dropGeneration;
            if (timeoutSeconds > 0)
                stream->deadline = SteadyClock::now() + std::chrono::seconds(timeoutSeconds);
            if (rvParam.empty() || rvParam == "0") {
                stream->from = rv;
                const auto added = [&](const std::string &key, const std::string &json) {
                    if (ns.empty() || key.starts_with(ns + "/"))
                        stream->initial += R"({"type":"ADDED","object":)" + json + "}\n";
                };
                if (resource == Resource::Nodes) {
                    for (const auto &[key, n] : nodes)
                        added(key, n.json);
                } else if (resource == Resource::Pods) {
                    for (const auto &[key, p] : pods)
                        added(key, p.json);
                } else {
                    for (const auto &[key, n] : namespaces)
                        added(key, n.json);
                }
            } else {
                stream->from = std::strtoll(rvParam.c_str(), nullptr, 10);
                if (stream->from < compactedRv) {
                    // As the apiserver does: the stream opens (200) and says 410 in an ERROR event.
                    stream->expired = true;
                    stream->initial =
                        std::string(R"({"type":"ERROR","object":)") +
                        statusJson(410, "Expired",
                                   "too old resource version: " + rvParam + " (" + std::to_string(compactedRv) + ")") +
                        "}\n";
                }
            }
        }
        res.status = 200;
        const char *kind = resource == Resource::Nodes ? "Node" : resource == Resource::Pods ? "Pod" : "Namespace";
        // The media type parameter also keeps cpp-httplib from gzipping the stream, which would hold
        // small events in the compressor until the stream ends.
        res.set_chunked_content_provider("application/json;stream=watch", [this, stream, resource, ns, bookmarks,
                                                                           kind](std::size_t, httplib::DataSink &sink) {
            if (!stream->opened) {
                stream->opened = true;
                ++watches;
            }
            const auto close = [&](bool clean) {
                --watches;
                if (clean)
                    sink.done();
                return clean;
            };
            if (!stream->initial.empty()) {
                const std::string chunk = std::move(stream->initial);
                stream->initial.clear();
                if (!sink.write(chunk.data(), chunk.size()))
                    return close(false);
                stream->lastSent = SteadyClock::now();
            }
            if (stream->expired)
                return close(true);
            std::string chunk;
            {
                std::unique_lock lock(mutex);
                const auto wake = std::min(stream->deadline,
                                           stream->lastSent + std::chrono::milliseconds(options.bookmarkIntervalMs));
                changed.wait_until(lock, std::min(wake, SteadyClock::now() + std::chrono::milliseconds(250)), [&] {
                    return stopping || dropGeneration != stream->generation ||
                           (!history.empty() && history.back().rv > stream->from);
                });
                if (stopping || dropGeneration != stream->generation)
                    return close(false); // cut without the final chunk, as a dropped connection
                if (stream->from < compactedRv) {
                    stream->expired = true;
                    chunk = std::string(R"({"type":"ERROR","object":)") +
                            statusJson(410, "Expired", "too old resource version") + "}\n";
                } else {
                    // At most about a megabyte per write: a watcher that fell behind catches up in
                    // steps, and the lock is never held to copy a whole backlog.
                    constexpr std::size_t kChunkBytes = std::size_t(1) << 20;
                    auto it = std::upper_bound(history.begin(), history.end(), stream->from,
                                               [](std::int64_t v, const Event &e) { return v < e.rv; });
                    std::int64_t upTo = stream->from;
                    if (it != history.end())
                        chunk.reserve(kChunkBytes + (std::size_t(64) << 10));
                    for (; it != history.end() && chunk.size() < kChunkBytes; ++it) {
                        upTo = it->rv;
                        if (it->resource == resource &&
                            (ns.empty() || it->line.find(R"("namespace":")" + ns + '"') != std::string::npos))
                            chunk += it->line;
                    }
                    stream->from = std::max(stream->from, upTo);
                    if (chunk.empty() && bookmarks &&
                        SteadyClock::now() - stream->lastSent >=
                            std::chrono::milliseconds(options.bookmarkIntervalMs)) {
                        chunk = std::string(R"({"type":"BOOKMARK","object":{"kind":")") + kind +
                                R"(","apiVersion":"v1","metadata":{"resourceVersion":")" +
                                std::to_string(std::max(stream->from, rv)) + R"("}}})" + "\n";
                        stream->from = std::max(stream->from, rv);
                    }
                }
            }
            if (!chunk.empty()) {
                if (!sink.write(chunk.data(), chunk.size()))
                    return close(false);
                stream->lastSent = SteadyClock::now();
            }
            if (stream->expired || SteadyClock::now() >= stream->deadline)
                return close(true);
            return true;
        });
    }
};

KubernetesSim::KubernetesSim(KubernetesSimOptions options)
    : m_impl(std::make_unique<Impl>(std::move(options)))
{}

KubernetesSim::~KubernetesSim()
{
    stop();
}

bool KubernetesSim::start(std::string *error)
{
    Impl &d = *m_impl;
    const auto fail = [error](std::string message) {
        if (error)
            *error = std::move(message);
        return false;
    };
    if (d.server)
        return fail("the simulator is already running");
    if (!isLoopback(d.options.bindAddress))
        return fail("refusing to bind to " + d.options.bindAddress +
                    ": the simulator only listens on loopback (127.0.0.0/8 or ::1)");
    if (d.options.nodes < 0 || d.options.nodes > 10000)
        return fail("nodes must be between 0 and 10000");
    if (d.options.pods < 0 || d.options.pods > 1000000)
        return fail("pods must be between 0 and 1000000");
    {
        std::lock_guard lock(d.mutex);
        d.stopping = false;
        d.logEpochNs = nowNanoseconds();
        d.seed();
        if (d.options.token.empty()) {
            std::random_device rd;
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "sim-%08x%08x%08x%08x", rd(), rd(), rd(), rd());
            d.apiToken = buffer;
        } else {
            d.apiToken = d.options.token;
        }
    }
    if (d.options.tls) {
        std::string tlsError;
        d.tls = TlsMaterial::generate(&tlsError);
        if (!d.tls)
            return fail("could not make the TLS certificates: " + tlsError);
        d.clientIdentity = d.tls->makeClientIdentity("nephele-sim-admin", &tlsError);
        if (!d.clientIdentity)
            return fail("could not make the client certificate: " + tlsError);
        // A client certificate is asked for but optional: bearer tokens work as well.
        auto ssl = std::make_unique<httplib::SSLServer>([tls = &*d.tls](SSL_CTX &ctx) {
            SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
            if (SSL_CTX_use_certificate(&ctx, tls->serverCertificate.get()) != 1 ||
                SSL_CTX_use_PrivateKey(&ctx, tls->serverKey.get()) != 1)
                return false;
            X509_STORE *store = SSL_CTX_get_cert_store(&ctx);
            if (X509_STORE_add_cert(store, tls->caCertificate.get()) != 1)
                return false;
            SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
            return true;
        });
        if (!ssl->is_valid())
            return fail("could not set up the TLS server");
        d.server = std::move(ssl);
    } else {
        d.server = std::make_unique<httplib::Server>();
    }
    std::signal(SIGPIPE, SIG_IGN);
    // Each watch holds a worker for as long as it is open.
    d.server->new_task_queue = [] { return new httplib::ThreadPool(32); };
    const auto handler = [impl = m_impl.get()](const httplib::Request &req, httplib::Response &res) {
        impl->handle(req, res);
        sendUncompressed(res);
    };
    d.server->Get(".*", handler);
    d.server->Delete(".*", handler);
    d.server->Patch(".*", handler);
    d.server->set_tcp_nodelay(true);
    d.server->set_keep_alive_max_count(1000);
    const std::string host = d.options.bindAddress == "localhost" ? "127.0.0.1" : d.options.bindAddress;
    d.boundPort = d.options.port == 0 ? d.server->bind_to_any_port(host)
                                      : (d.server->bind_to_port(host, d.options.port) ? d.options.port : -1);
    if (d.boundPort <= 0) {
        d.server.reset();
        return fail("could not listen on " + host + ":" + std::to_string(d.options.port));
    }
    const std::string hostPart = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    d.baseUrl = std::string(d.options.tls ? "https://" : "http://") + hostPart + ":" + std::to_string(d.boundPort);
    d.thread = std::thread([server = d.server.get()] { server->listen_after_bind(); });
    const auto deadline = SteadyClock::now() + std::chrono::seconds(5);
    while (!d.server->is_running() && SteadyClock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    d.kubeletThread = std::thread([impl = m_impl.get()] { impl->kubeletLoop(); });
    if (d.options.churnPerSecond > 0) {
        d.churnThread = std::thread([impl = m_impl.get()] {
            const auto period = std::chrono::duration<double>(1.0 / impl->options.churnPerSecond);
            auto next = SteadyClock::now();
            std::unique_lock lock(impl->mutex);
            while (!impl->stopping) {
                next += std::chrono::duration_cast<SteadyClock::duration>(period);
                impl->changed.wait_until(lock, next, [impl] { return impl->stopping || impl->churnStopping; });
                if (impl->churnStopping)
                    break;
                if (!impl->stopping)
                    impl->churnStep();
            }
        });
    }
    return true;
}

void KubernetesSim::stop()
{
    Impl &d = *m_impl;
    if (!d.server)
        return;
    stopChurn();
    {
        std::lock_guard lock(d.mutex);
        d.stopping = true;
        d.changed.notify_all();
    }
    d.server->stop();
    if (d.thread.joinable())
        d.thread.join();
    if (d.kubeletThread.joinable())
        d.kubeletThread.join();
    d.server.reset();
}

std::string KubernetesSim::url() const
{
    return m_impl->baseUrl;
}
std::string KubernetesSim::token() const
{
    return m_impl->apiToken;
}
std::string KubernetesSim::caCertificatePem() const
{
    return m_impl->tls ? m_impl->tls->caPem : std::string();
}

std::string KubernetesSim::clientCertificatePem() const
{
    return m_impl->clientIdentity ? m_impl->clientIdentity->certificatePem : std::string();
}

std::string KubernetesSim::clientKeyPem() const
{
    return m_impl->clientIdentity ? m_impl->clientIdentity->keyPem : std::string();
}
std::pair<std::string, std::string> KubernetesSim::makeClientIdentity(const std::string &user) const
{
    if (!m_impl->tls)
        return {};
    std::string error;
    const auto identity = m_impl->tls->makeClientIdentity(user, &error);
    return identity ? std::pair(identity->certificatePem, identity->keyPem) : std::pair<std::string, std::string>();
}

std::vector<std::string> KubernetesSim::takeCertificateUsers()
{
    const std::lock_guard lock(m_impl->certificateUsersMutex);
    return std::exchange(m_impl->certificateUsers, {});
}

int KubernetesSim::port() const
{
    return m_impl->boundPort;
}

std::string KubernetesSim::kubeconfig() const
{
    const Impl &d = *m_impl;
    const std::string &name = d.options.clusterName;
    std::string y =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: " + name + "\n  cluster:\n    server: " + d.baseUrl + "\n";
    if (d.tls)
        y += "    certificate-authority-data: " + base64(d.tls->caPem) + "\n";
    y += "users:\n- name: " + name + "-admin\n  user:\n    token: " + d.apiToken + "\ncontexts:\n- name: " + name +
         "\n  context:\n    cluster: " + name + "\n    user: " + name + "-admin\ncurrent-context: " + name + "\n";
    return y;
}

void KubernetesSim::churn(int operations)
{
    std::lock_guard lock(m_impl->mutex);
    for (int i = 0; i < operations; ++i)
        m_impl->churnStep();
}

void KubernetesSim::stopChurn()
{
    Impl &d = *m_impl;
    {
        std::lock_guard lock(d.mutex);
        d.churnStopping = true;
        d.changed.notify_all();
    }
    if (d.churnThread.joinable())
        d.churnThread.join();
}

void KubernetesSim::expireHistory()
{
    std::lock_guard lock(m_impl->mutex);
    ++m_impl->rv; // a version nobody holds yet, so every one handed out is now older
    m_impl->compactedRv = m_impl->rv;
    m_impl->history.clear();
    m_impl->historyBytes = 0;
    m_impl->changed.notify_all();
}

void KubernetesSim::dropWatches()
{
    std::lock_guard lock(m_impl->mutex);
    ++m_impl->dropGeneration;
    m_impl->changed.notify_all();
}

std::int64_t KubernetesSim::resourceVersion() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->rv;
}
std::size_t KubernetesSim::openWatches() const
{
    return std::size_t(std::max(0, m_impl->watches.load()));
}
std::size_t KubernetesSim::podCount() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->pods.size();
}
std::size_t KubernetesSim::nodeCount() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->nodes.size();
}
std::uint64_t KubernetesSim::requestCount() const
{
    return m_impl->requests.load();
}
std::uint64_t KubernetesSim::listRequestCount() const
{
    return m_impl->lists.load();
}

std::string KubernetesSim::podJson(const std::string &key) const
{
    std::lock_guard lock(m_impl->mutex);
    const auto it = m_impl->pods.find(key);
    return it == m_impl->pods.end() ? std::string() : it->second.json;
}

std::string KubernetesSim::nodeJson(const std::string &name) const
{
    std::lock_guard lock(m_impl->mutex);
    const auto it = m_impl->nodes.find(name);
    return it == m_impl->nodes.end() ? std::string() : it->second.json;
}

std::size_t KubernetesSim::openExecSessions() const
{
    return std::size_t(std::max(0, m_impl->execSessions.load()));
}

std::string KubernetesSim::logLine(const std::string &podKey, const std::string &container, bool previous, int index)
{
    // Deterministic and varied: a fake access log whose fields follow from the line's identity.
    static constexpr std::array kPaths = {"/", "/healthz", "/api/v1/items", "/login", "/metrics", "/static/app.js"};
    static constexpr std::array kCodes = {200, 200, 200, 201, 204, 301, 404, 500};
    const std::size_t h =
        std::hash<std::string>{}(podKey + "/" + container + (previous ? "#prev" : "") + "#" + std::to_string(index));
    return container + (previous ? " (previous)" : "") + " line " + std::to_string(index) + ": GET " +
           kPaths[h % kPaths.size()] + " " + std::to_string(kCodes[(h >> 8) % kCodes.size()]) + " " +
           std::to_string((h >> 16) % 900 + 3) + "ms";
}

std::string KubernetesSim::listJson(const std::string &resource) const
{
    httplib::Request req;
    httplib::Response res;
    const Resource r = resource == "nodes"  ? Resource::Nodes
                       : resource == "pods" ? Resource::Pods
                                            : Resource::Namespaces;
    const std::uint64_t before = m_impl->lists.load();
    m_impl->list(req, res, r);
    if (r != Resource::Namespaces)
        m_impl->lists = before; // not a request
    return res.body;
}

} // namespace nephele::sim
