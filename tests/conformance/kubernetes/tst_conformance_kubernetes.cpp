// Kubernetes conformance: the parser reads the Kubernetes project's testdata objects and
// libcloud's recorded PodList/NodeList into records with the files' values (malformed variants
// give typed errors), and every answer of the simulator (lists, objects, watch events, Status)
// has the shape the core/v1 OpenAPI document gives, field by field.
//
// The corpus folder comes from NEPHELE_FIXTURES (else NEPHELE_FIXTURES_DEFAULT); it holds
// kubernetes/k8s-api-testdata, kubernetes/openapi-v2 and libcloud/test/container/fixtures/kubernetes.

#include "kubernetes/kubernetesparse.h"
#include "sim/kubernetessim.h"

#include <httplib.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace nephele;
using namespace nephele::drivers;
using namespace nephele::drivers::kubernetes;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

const Machine *findId(const QList<Machine> &list, const QString &id)
{
    for (const Machine &m : list) {
        if (m.id == id)
            return &m;
    }
    return nullptr;
}

QString tagValue(const Machine &m, const QString &key)
{
    for (const Tag &t : m.tags) {
        if (t.key == key)
            return t.value;
    }
    return {};
}

// Checks a JSON value against an OpenAPI v2 schema: every property the value has must be declared,
// with the declared type; required properties must be there. Returns the first mismatch.
class SchemaChecker
{
public:
    explicit SchemaChecker(QJsonObject definitions)
        : m_definitions(std::move(definitions))
    {}

    QString check(const QJsonValue &value, const QString &definition) const
    {
        QJsonObject ref;
        ref.insert(QStringLiteral("$ref"), QString(QStringLiteral("#/definitions/") + definition));
        return checkSchema(value, ref, definition);
    }

private:
    QString checkSchema(const QJsonValue &value, QJsonObject schema, const QString &path) const
    {
        while (schema.contains(QLatin1String("$ref"))) {
            const QString ref = schema.value(QLatin1String("$ref")).toString().section(u'/', -1);
            if (!m_definitions.contains(ref))
                return path + QStringLiteral(": unknown definition ") + ref;
            schema = m_definitions.value(ref).toObject();
        }
        if (value.isNull())
            return {}; // optional fields may be null on the wire (lastProbeTime)
        const QString type = schema.value(QLatin1String("type")).toString();
        if (type == u"string")
            return value.isString() ? QString() : path + QStringLiteral(": should be a string");
        if (type == u"integer" || type == u"number")
            return value.isDouble() ? QString() : path + QStringLiteral(": should be a number");
        if (type == u"boolean")
            return value.isBool() ? QString() : path + QStringLiteral(": should be a boolean");
        if (type == u"array") {
            if (!value.isArray())
                return path + QStringLiteral(": should be an array");
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QString e = checkSchema(array.at(i), schema.value(QLatin1String("items")).toObject(),
                                              path + QStringLiteral("[%1]").arg(i));
                if (!e.isEmpty())
                    return e;
            }
            return {};
        }
        if (type == u"object" || schema.contains(QLatin1String("properties"))) {
            if (!value.isObject())
                return path + QStringLiteral(": should be an object");
            const QJsonObject object = value.toObject();
            const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
            const QJsonObject additional = schema.value(QLatin1String("additionalProperties")).toObject();
            for (auto it = object.begin(); it != object.end(); ++it) {
                QJsonObject sub;
                if (properties.contains(it.key()))
                    sub = properties.value(it.key()).toObject();
                else if (!additional.isEmpty())
                    sub = additional;
                else if (properties.isEmpty())
                    continue; // a free-form object (fieldsV1, RawExtension)
                else
                    return path + u'.' + it.key() + QStringLiteral(": not in the schema");
                const QString e = checkSchema(it.value(), sub, path + u'.' + it.key());
                if (!e.isEmpty())
                    return e;
            }
            const QJsonArray required = schema.value(QLatin1String("required")).toArray();
            for (const QJsonValue &r : required) {
                if (!object.contains(r.toString()))
                    return path + u'.' + r.toString() + QStringLiteral(": required but missing");
            }
            return {};
        }
        return {};
    }

    QJsonObject m_definitions;
};

} // namespace

class TestConformanceKubernetes : public QObject
{
    Q_OBJECT

private:
    QString m_corpus;
    std::unique_ptr<SchemaChecker> m_schema;
    std::unique_ptr<sim::KubernetesSim> m_sim;
    std::unique_ptr<httplib::Client> m_client;

    QString fixture(const QString &relative) const { return m_corpus + u'/' + relative; }

    httplib::Headers auth() const { return {{"Authorization", "Bearer " + m_sim->token()}}; }

    QJsonObject get(const std::string &path, int expectedStatus = 200)
    {
        auto res = m_client->Get(path, auth());
        if (!res) {
            qWarning("no answer for %s", path.c_str());
            return {};
        }
        if (res->status != expectedStatus)
            qWarning("%s: status %d, expected %d", path.c_str(), res->status, expectedStatus);
        return QJsonDocument::fromJson(QByteArray::fromStdString(res->body)).object();
    }

    // Reads a watch stream until `lines` events came (or the stream ended).
    QList<QJsonObject> watchLines(const std::string &path, int lines)
    {
        QList<QJsonObject> events;
        std::string buffer;
        m_client->Get(path, auth(), [&](const char *data, size_t length) {
            buffer.append(data, length);
            for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
                events.append(QJsonDocument::fromJson(QByteArray::fromStdString(buffer.substr(0, nl))).object());
                buffer.erase(0, nl + 1);
            }
            return events.size() < lines;
        });
        return events;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_corpus = qEnvironmentVariable("NEPHELE_FIXTURES", qEnvironmentVariable("NEPHELE_FIXTURES_DEFAULT"));
        if (m_corpus.isEmpty() || !QDir(m_corpus + QStringLiteral("/kubernetes")).exists())
            QSKIP("No fixture corpus: set NEPHELE_FIXTURES to a folder holding kubernetes/ and libcloud/");
        const QJsonObject swagger =
            QJsonDocument::fromJson(
                readFile(fixture(QStringLiteral("kubernetes/openapi-v2/swagger-core-v1-subset.json"))))
                .object();
        m_schema = std::make_unique<SchemaChecker>(swagger.value(QLatin1String("definitions")).toObject());
        sim::KubernetesSimOptions options;
        options.seed = 5;
        options.nodes = 4;
        options.pods = 40;
        options.bookmarkIntervalMs = 100;
        m_sim = std::make_unique<sim::KubernetesSim>(options);
        std::string why;
        QVERIFY2(m_sim->start(&why), why.c_str());
        m_client = std::make_unique<httplib::Client>(m_sim->url());
        m_client->set_read_timeout(10, 0);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_sim)
            m_sim->stop();
    }

    // ---- the parser against the project's own data ----

    void testdataPod()
    {
        const auto parsed = parsePod(readFile(fixture(QStringLiteral("kubernetes/k8s-api-testdata/core.v1.Pod.json"))));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        const QJsonObject file =
            QJsonDocument::fromJson(readFile(fixture(QStringLiteral("kubernetes/k8s-api-testdata/core.v1.Pod.json"))))
                .object();
        const QJsonObject meta = file.value(QLatin1String("metadata")).toObject();
        const QJsonObject spec = file.value(QLatin1String("spec")).toObject();
        const QJsonObject status = file.value(QLatin1String("status")).toObject();
        const Machine &pod = parsed->first();
        QCOMPARE(pod.kind, MachineKind::Pod);
        QCOMPARE(pod.id, meta.value(QLatin1String("namespace")).toString() + u'/' +
                             meta.value(QLatin1String("name")).toString());
        QCOMPARE(pod.parentId, spec.value(QLatin1String("nodeName")).toString());
        QCOMPARE(pod.created,
                 QDateTime::fromString(meta.value(QLatin1String("creationTimestamp")).toString(), Qt::ISODate));
        // The object has a deletionTimestamp: it is going.
        QCOMPARE(pod.providerState, QStringLiteral("Terminating"));
        QCOMPARE(pod.state, MachineState::Unknown); // "phaseValue" is no phase we know
        QCOMPARE(pod.privateIps, QStringList{status.value(QLatin1String("podIP")).toString()});
        const QJsonArray containers = spec.value(QLatin1String("containers")).toArray();
        const QJsonArray statuses = status.value(QLatin1String("containerStatuses")).toArray();
        QCOMPARE(parsed->size(), 1 + containers.size());
        // READY as kubectl counts it: the statuses that say ready, of the spec's containers.
        int ready = 0;
        for (const QJsonValue &s : statuses)
            ready += s.toObject().value(QLatin1String("ready")).toBool() ? 1 : 0;
        QCOMPARE(tagValue(pod, QStringLiteral("ready")), QStringLiteral("%1/%2").arg(ready).arg(containers.size()));
        for (const QJsonValue &c : containers) {
            const QString name = c.toObject().value(QLatin1String("name")).toString();
            const Machine *m = findId(*parsed, pod.id + u'/' + name);
            QVERIFY(m);
            QCOMPARE(m->kind, MachineKind::Container);
            QCOMPARE(m->parentId, pod.id);
            QCOMPARE(m->imageName, c.toObject().value(QLatin1String("image")).toString());
            for (const QJsonValue &s : statuses) {
                if (s.toObject().value(QLatin1String("name")).toString() == name) {
                    QCOMPARE(tagValue(*m, QStringLiteral("restarts")),
                             QString::number(s.toObject().value(QLatin1String("restartCount")).toInt()));
                }
            }
            QCOMPARE(tagValue(*m, QStringLiteral("namespace")), meta.value(QLatin1String("namespace")).toString());
        }
    }

    void testdataNode()
    {
        const auto parsed =
            parseNode(readFile(fixture(QStringLiteral("kubernetes/k8s-api-testdata/core.v1.Node.json"))));
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->size(), 1);
        const Machine &node = parsed->first();
        QCOMPARE(node.kind, MachineKind::Node);
        QCOMPARE(node.id, QStringLiteral("nameValue"));
        QVERIFY(node.features.contains(QStringLiteral("cordoned")));                // spec.unschedulable: true
        QCOMPARE(node.providerState, QStringLiteral("Unknown,SchedulingDisabled")); // Ready condition absent
        QCOMPARE(node.created, QDateTime(QDate(2008, 1, 1), QTime(1, 1, 1), Qt::UTC));
    }

    void libcloudPodList()
    {
        const auto page = parsePodList(
            readFile(fixture(QStringLiteral("libcloud/test/container/fixtures/kubernetes/_api_v1_pods.json"))));
        QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
        QCOMPARE(page->resourceVersion, QStringLiteral("63"));
        QVERIFY(page->continueToken.isEmpty());
        QCOMPARE(page->items, 1);
        const Machine *pod = findId(page->machines, QStringLiteral("default/hello-world"));
        QVERIFY(pod);
        QCOMPARE(pod->parentId, QStringLiteral("127.0.0.1"));
        QCOMPARE(pod->state, MachineState::Running);
        QCOMPARE(pod->providerState, QStringLiteral("Running"));
        QCOMPARE(tagValue(*pod, QStringLiteral("ready")), QStringLiteral("0/1")); // the one container is not ready
        const Machine *c = findId(page->machines, QStringLiteral("default/hello-world/hello-world"));
        QVERIFY(c);
        QCOMPARE(c->imageName, QStringLiteral("ubuntu:14.04"));
        QCOMPARE(tagValue(*c, QStringLiteral("restarts")), QStringLiteral("2"));
        QCOMPARE(c->parentId, QStringLiteral("default/hello-world"));
        QCOMPARE(c->state, MachineState::Error); // state.waiting.reason CrashLoopBackOff
        QCOMPARE(c->providerState, QStringLiteral("CrashLoopBackOff"));
    }

    void libcloudNodeList()
    {
        const auto page = parseNodeList(
            readFile(fixture(QStringLiteral("libcloud/test/container/fixtures/kubernetes/_api_v1_nodes.json"))));
        QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
        QCOMPARE(page->resourceVersion, QStringLiteral("24"));
        QCOMPARE(page->machines.size(), 1);
        QCOMPARE(page->machines.first().id, QStringLiteral("127.0.0.1"));
        QCOMPARE(page->machines.first().privateIps, QStringList{QStringLiteral("127.0.0.1")});
    }

    void libcloudMetrics()
    {
        const QString dir = QStringLiteral("libcloud/test/container/fixtures/kubernetes/");
        const auto nodes =
            parseNodeMetricsList(readFile(fixture(dir + QStringLiteral("_apis_metrics_k8s_io_v1beta1_nodes.json"))));
        QVERIFY2(nodes, qPrintable(nodes ? QString() : nodes.error().message));
        QCOMPARE(nodes->size(), 1);
        QCOMPARE(nodes->first().id, QStringLiteral("gke-cluster-3-default-pool-76fd57f7-l83v"));
        QCOMPARE(nodes->first().cpuCores, 110691045e-9);
        QCOMPARE(nodes->first().memoryBytes, qint64(801112) * 1024);

        const auto pods =
            parsePodMetricsList(readFile(fixture(dir + QStringLiteral("_apis_metrics_k8s_io_v1beta1_pods.json"))));
        QVERIFY2(pods, qPrintable(pods ? QString() : pods.error().message));
        auto find = [&](const QString &id) -> const ResourceUsage * {
            for (const ResourceUsage &u : *pods) {
                if (u.id == id)
                    return &u;
            }
            return nullptr;
        };
        const ResourceUsage *agent = find(QStringLiteral("kube-system/gke-metrics-agent-sfjzj/gke-metrics-agent"));
        QVERIFY(agent);
        QCOMPARE(agent->cpuCores, 704595e-9);
        QCOMPARE(agent->memoryBytes, qint64(24716) * 1024);
        // A pod is the sum of its containers.
        const QString pod = QStringLiteral("kube-system/stackdriver-metadata-agent-cluster-level-849ff68b6d-fphxl");
        const ResourceUsage *total = find(pod);
        const ResourceUsage *nanny = find(pod + QStringLiteral("/metadata-agent-nanny"));
        const ResourceUsage *agent2 = find(pod + QStringLiteral("/metadata-agent"));
        QVERIFY(total && nanny && agent2);
        QCOMPARE(total->memoryBytes, qint64(7376 + 20224) * 1024);
        QVERIFY(qFuzzyCompare(total->cpuCores, (30081564 + 1435158) * 1e-9));
        // Every item of the file is there: one pod line per pod plus one per container.
        const QJsonArray items =
            QJsonDocument::fromJson(readFile(fixture(dir + QStringLiteral("_apis_metrics_k8s_io_v1beta1_pods.json"))))
                .object()
                .value(QLatin1String("items"))
                .toArray();
        qsizetype expected = 0;
        for (const QJsonValue &item : items)
            expected += 1 + item.toObject().value(QLatin1String("containers")).toArray().size();
        QCOMPARE(pods->size(), expected);
    }

    void quantities_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("valid");
        QTest::newRow("nanocores") << QStringLiteral("704595n") << 704595e-9 << true;
        QTest::newRow("millicores") << QStringLiteral("250m") << 0.25 << true;
        QTest::newRow("cores") << QStringLiteral("2") << 2.0 << true;
        QTest::newRow("fraction") << QStringLiteral("1.5") << 1.5 << true;
        QTest::newRow("Ki") << QStringLiteral("24716Ki") << 24716.0 * 1024 << true;
        QTest::newRow("Gi") << QStringLiteral("1.5Gi") << 1.5 * 1024 * 1024 * 1024 << true;
        QTest::newRow("M") << QStringLiteral("128M") << 128e6 << true;
        QTest::newRow("exponent") << QStringLiteral("1e3") << 1000.0 << true;
        QTest::newRow("micro") << QStringLiteral("5u") << 5e-6 << true;
        QTest::newRow("unknown suffix") << QStringLiteral("12Xi") << 0.0 << false;
        QTest::newRow("no number") << QStringLiteral("Ki") << 0.0 << false;
        QTest::newRow("negative") << QStringLiteral("-1") << 0.0 << false;
        QTest::newRow("empty") << QString() << 0.0 << false;
    }

    void quantities()
    {
        QFETCH(QString, text);
        QFETCH(double, value);
        QFETCH(bool, valid);
        const std::string s = text.toStdString();
        const std::optional<double> parsed = parseQuantity(s);
        QCOMPARE(parsed.has_value(), valid);
        if (valid)
            QVERIFY2(qFuzzyCompare(*parsed, value), qPrintable(QString::number(*parsed)));
    }

    void malformedMetrics()
    {
        const auto bad = parsePodMetricsList(QByteArrayLiteral(
            "{\"kind\":\"PodMetricsList\",\"items\":[{\"metadata\":{\"name\":\"a\",\"namespace\":\"b\"},"
            "\"containers\":[{\"name\":\"c\",\"usage\":{\"cpu\":\"lots\",\"memory\":\"1Ki\"}}]}]}"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind, ErrorKind::Parse);
        QVERIFY2(bad.error().message.contains(QLatin1String("items[0]")), qPrintable(bad.error().message));
        QVERIFY2(bad.error().message.contains(QLatin1String("lots")), qPrintable(bad.error().message));
        const auto wrongKind = parseNodeMetricsList(QByteArrayLiteral("{\"kind\":\"PodMetricsList\",\"items\":[]}"));
        QVERIFY(!wrongKind);
        QVERIFY(wrongKind.error().message.contains(QLatin1String("NodeMetricsList")));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
        QTest::newRow("truncated") << QByteArray(R"({"kind":"PodList","items":[{"metadata":{"name":"a")")
                                   << QStringLiteral("JSON");
        QTest::newRow("items not a list")
            << QByteArray(R"({"kind":"PodList","metadata":{},"items":{}})") << QStringLiteral("items");
        QTest::newRow("wrong kind") << QByteArray(R"({"kind":"NodeList","metadata":{},"items":[]})")
                                    << QStringLiteral("kind");
        QTest::newRow("no items") << QByteArray(R"({"kind":"PodList","metadata":{}})") << QStringLiteral("items");
        QTest::newRow("restartCount text")
            << QByteArray(
                   R"({"kind":"PodList","items":[{"metadata":{"name":"a","namespace":"n"},"status":{"containerStatuses":[{"name":"c","restartCount":"5"}]}}]})")
            << QStringLiteral("items[0].status.containerStatuses[].restartCount");
        QTest::newRow("no name") << QByteArray(R"({"kind":"PodList","items":[{"metadata":{"namespace":"n"}}]})")
                                 << QStringLiteral("items[0].metadata.name");
        QTest::newRow("trailing") << QByteArray(R"({"kind":"PodList","items":[]} {})") << QStringLiteral("after");
    }

    void malformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        const auto page = parsePodList(body);
        QVERIFY(!page);
        QCOMPARE(page.error().kind, ErrorKind::Parse);
        QVERIFY2(page.error().message.contains(mentions), qPrintable(page.error().message));
    }

    void statusObject()
    {
        const Error e = parseStatus(
            410,
            R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old","reason":"Expired","code":410})");
        QCOMPARE(e.httpStatus, 410);
        QCOMPARE(e.providerCode, QStringLiteral("Expired"));
        QCOMPARE(e.message, QStringLiteral("too old"));
        QCOMPARE(parseStatus(401, "<html>").kind, ErrorKind::Auth);
    }

    // ---- the simulator against the schema ----

    void simulatorDiscovery()
    {
        QVERIFY(m_schema->check(get("/version"), QStringLiteral("io.k8s.apimachinery.pkg.version.Info")).isEmpty());
        const QJsonObject api = get("/api");
        QCOMPARE(api.value(QLatin1String("versions")).toArray().first().toString(), QStringLiteral("v1"));
        QCOMPARE(m_schema->check(api, QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions")), QString());
        QCOMPARE(
            m_schema->check(get("/api/v1"), QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList")),
            QString());
        QCOMPARE(get("/apis").value(QLatin1String("kind")).toString(), QStringLiteral("APIGroupList"));
    }

    // The simulator's metrics-server answers carry the recorded answers' fields, and parse.
    void simulatorMetrics()
    {
        const QString dir = QStringLiteral("libcloud/test/container/fixtures/kubernetes/");
        for (const char *kind : {"nodes", "pods"}) {
            const QJsonObject recorded =
                QJsonDocument::fromJson(readFile(fixture(dir + QStringLiteral("_apis_metrics_k8s_io_v1beta1_") +
                                                         QLatin1String(kind) + QStringLiteral(".json"))))
                    .object();
            const QJsonObject served = get(std::string("/apis/metrics.k8s.io/v1beta1/") + kind);
            QCOMPARE(served.value(QLatin1String("kind")), recorded.value(QLatin1String("kind")));
            QCOMPARE(served.value(QLatin1String("apiVersion")), recorded.value(QLatin1String("apiVersion")));
            const QJsonArray items = served.value(QLatin1String("items")).toArray();
            QVERIFY(!items.isEmpty());
            const QJsonObject want = recorded.value(QLatin1String("items")).toArray().first().toObject();
            const QJsonObject have = items.first().toObject();
            for (const QString &key : want.keys()) {
                if (key != QLatin1String("metadata")) // selfLink went in Kubernetes 1.20
                    QVERIFY2(have.contains(key), qPrintable(key));
            }
        }
        auto res = m_client->Get("/apis/metrics.k8s.io/v1beta1/pods", auth());
        QVERIFY(res);
        const auto usage = parsePodMetricsList(QByteArray::fromStdString(res->body));
        QVERIFY2(usage, qPrintable(usage ? QString() : usage.error().message));
        int containers = 0;
        for (const ResourceUsage &u : *usage) {
            if (u.id.count(u'/') == 2) { // a running container: it uses something
                ++containers;
                QVERIFY2(u.cpuCores > 0 && u.memoryBytes > 0, qPrintable(u.id));
            }
        }
        QVERIFY(containers > 0);
        const QJsonArray groups = get("/apis").value(QLatin1String("groups")).toArray();
        QVERIFY(!groups.isEmpty());
        QCOMPARE(groups.first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("metrics.k8s.io"));
    }

    void simulatorLists_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("definition");
        QTest::newRow("nodes") << QStringLiteral("/api/v1/nodes") << QStringLiteral("io.k8s.api.core.v1.NodeList");
        QTest::newRow("pods") << QStringLiteral("/api/v1/pods") << QStringLiteral("io.k8s.api.core.v1.PodList");
        QTest::newRow("namespaces") << QStringLiteral("/api/v1/namespaces")
                                    << QStringLiteral("io.k8s.api.core.v1.NamespaceList");
    }

    void simulatorLists()
    {
        QFETCH(QString, path);
        QFETCH(QString, definition);
        const QJsonObject list = get(path.toStdString());
        QCOMPARE(m_schema->check(list, definition), QString());
        QVERIFY(!list.value(QLatin1String("items")).toArray().isEmpty());
        // Like the recorded PodList: {"kind": "...List", "metadata": {"resourceVersion": "N"}}.
        QVERIFY(list.value(QLatin1String("kind")).toString().endsWith(QLatin1String("List")));
        bool numeric = false;
        list.value(QLatin1String("metadata"))
            .toObject()
            .value(QLatin1String("resourceVersion"))
            .toString()
            .toLongLong(&numeric);
        QVERIFY(numeric);
    }

    void simulatorPaging()
    {
        QStringList names;
        std::string path = "/api/v1/pods?limit=7";
        int pages = 0;
        QString firstRv;
        for (;;) {
            const QJsonObject page = get(path);
            ++pages;
            const QJsonArray items = page.value(QLatin1String("items")).toArray();
            QVERIFY(items.size() <= 7);
            for (const QJsonValue &item : items) {
                const QJsonObject meta = item.toObject().value(QLatin1String("metadata")).toObject();
                names.append(meta.value(QLatin1String("namespace")).toString() + u'/' +
                             meta.value(QLatin1String("name")).toString());
            }
            const QJsonObject meta = page.value(QLatin1String("metadata")).toObject();
            if (firstRv.isEmpty())
                firstRv = meta.value(QLatin1String("resourceVersion")).toString();
            QCOMPARE(meta.value(QLatin1String("resourceVersion")).toString(), firstRv); // the list's version throughout
            const QString token = meta.value(QLatin1String("continue")).toString();
            if (token.isEmpty()) {
                QVERIFY(!meta.contains(QLatin1String("remainingItemCount")));
                break;
            }
            QVERIFY(meta.value(QLatin1String("remainingItemCount")).toInt() > 0);
            path = "/api/v1/pods?limit=7&continue=" + QUrl::toPercentEncoding(token).toStdString();
        }
        QCOMPARE(pages, (40 + 6) / 7);
        QCOMPARE(names.size(), 40);
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), 40);
    }

    void simulatorAuth()
    {
        auto res = m_client->Get("/api/v1/pods", {{"Authorization", "Bearer wrong"}});
        QVERIFY(res);
        QCOMPARE(res->status, 401);
        const QJsonObject status = QJsonDocument::fromJson(QByteArray::fromStdString(res->body)).object();
        QCOMPARE(m_schema->check(status, QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.Status")), QString());
        QCOMPARE(status.value(QLatin1String("code")).toInt(), 401);
        QCOMPARE(status.value(QLatin1String("reason")).toString(), QStringLiteral("Unauthorized"));
        QCOMPARE(m_client->Get("/api/v1/pods")->status, 401);
    }

    void simulatorWatch()
    {
        const QString rv = get("/api/v1/pods")
                               .value(QLatin1String("metadata"))
                               .toObject()
                               .value(QLatin1String("resourceVersion"))
                               .toString();
        m_sim->churn(30);
        // Events since rv, then (with nothing new) a bookmark.
        const std::string path = "/api/v1/pods?watch=true&allowWatchBookmarks=true&resourceVersion=" + rv.toStdString();
        int expected = 0;
        {
            // How many pod events the 30 steps made: every version after rv is one.
            expected = int(m_sim->resourceVersion() - rv.toLongLong());
        }
        const QList<QJsonObject> events = watchLines(path, expected + 1);
        QCOMPARE(events.size(), expected + 1);
        QSet<QString> types;
        qint64 last = rv.toLongLong();
        for (qsizetype i = 0; i < events.size(); ++i) {
            const QJsonObject &e = events[i];
            QCOMPARE(m_schema->check(e, QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent")), QString());
            const QString type = e.value(QLatin1String("type")).toString();
            types.insert(type);
            const QJsonObject object = e.value(QLatin1String("object")).toObject();
            const qint64 version = object.value(QLatin1String("metadata"))
                                       .toObject()
                                       .value(QLatin1String("resourceVersion"))
                                       .toString()
                                       .toLongLong();
            QVERIFY(version >= last); // in order
            last = version;
            if (type == u"BOOKMARK") {
                QCOMPARE(i, events.size() - 1);
                continue;
            }
            QCOMPARE(m_schema->check(object, QStringLiteral("io.k8s.api.core.v1.Pod")), QString());
            QVERIFY(parsePod(QJsonDocument(object).toJson(QJsonDocument::Compact)));
        }
        QVERIFY(types.contains(QStringLiteral("ADDED")));
        QVERIFY(types.contains(QStringLiteral("MODIFIED")));
        QVERIFY(types.contains(QStringLiteral("DELETED")));
        QCOMPARE(events.last().value(QLatin1String("type")).toString(), QStringLiteral("BOOKMARK"));
    }

    void simulatorExpired()
    {
        const QJsonObject first = get("/api/v1/pods?limit=5");
        const QString token =
            first.value(QLatin1String("metadata")).toObject().value(QLatin1String("continue")).toString();
        const QString rv =
            first.value(QLatin1String("metadata")).toObject().value(QLatin1String("resourceVersion")).toString();
        QVERIFY(!token.isEmpty());
        m_sim->expireHistory();
        // An expired continue token: 410 with a Status, reason Expired.
        const QJsonObject status =
            get("/api/v1/pods?limit=5&continue=" + QUrl::toPercentEncoding(token).toStdString(), 410);
        QCOMPARE(m_schema->check(status, QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.Status")), QString());
        QCOMPARE(status.value(QLatin1String("code")).toInt(), 410);
        QCOMPARE(status.value(QLatin1String("reason")).toString(), QStringLiteral("Expired"));
        // A watch from an expired version: the stream opens and says 410 in an ERROR event, then ends.
        const QList<QJsonObject> events = watchLines("/api/v1/pods?watch=1&resourceVersion=" + rv.toStdString(), 5);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().value(QLatin1String("type")).toString(), QStringLiteral("ERROR"));
        const QJsonObject error = events.first().value(QLatin1String("object")).toObject();
        QCOMPARE(m_schema->check(error, QStringLiteral("io.k8s.apimachinery.pkg.apis.meta.v1.Status")), QString());
        QCOMPARE(error.value(QLatin1String("code")).toInt(), 410);
        // The parser sees it the same way.
        const auto parsed = parseWatchEvent(QJsonDocument(events.first()).toJson(QJsonDocument::Compact), true);
        QVERIFY(parsed);
        QCOMPARE(parsed->type, WatchEvent::Type::Error);
        QCOMPARE(parsed->errorCode, 410);
    }

    void simulatorListParses()
    {
        const auto pods = parsePodList(QByteArray::fromStdString(m_sim->listJson("pods")));
        QVERIFY2(pods, qPrintable(pods ? QString() : pods.error().message));
        QCOMPARE(qsizetype(pods->items), qsizetype(m_sim->podCount()));
        int unscheduled = 0;
        for (const Machine &m : pods->machines) {
            if (m.kind == MachineKind::Pod && m.parentId.isEmpty())
                ++unscheduled;
        }
        QVERIFY(unscheduled > 0); // the churn leaves pods waiting for the scheduler
    }
};

QTEST_GUILESS_MAIN(TestConformanceKubernetes)
#include "tst_conformance_kubernetes.moc"
