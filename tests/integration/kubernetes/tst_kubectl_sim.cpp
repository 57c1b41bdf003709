// kubectl (Debian's kubernetes-client, any recent kubectl) against the simulator, through the
// kubeconfig the simulator writes (https, CA data, token): `get nodes`, `get pods -A` and
// `delete pod` agree with what our driver lists; `logs`, `exec` and `cordon` with the simulator.
// Exits 77 (skipped) when kubectl is absent.

#include "kubernetes/kubernetesdriver.h"
#include "sim/kubernetessim.h"

#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>

using namespace nephele;
using namespace nephele::drivers;

namespace {

QStringList runKubectl(const QString &kubeconfig, const QStringList &args, int *exitCode)
{
    QProcess p;
    // exec over WebSocket (the simulator does not speak SPDY); the default from kubectl 1.31 on,
    // but some builds still start with SPDY.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("KUBECTL_REMOTE_COMMAND_WEBSOCKETS"), QStringLiteral("true"));
    p.setProcessEnvironment(env);
    p.start(QStandardPaths::findExecutable(QStringLiteral("kubectl")),
            QStringList{QStringLiteral("--kubeconfig"), kubeconfig} + args);
    if (!p.waitForFinished(60'000)) {
        *exitCode = -1;
        return {};
    }
    *exitCode = p.exitCode();
    if (p.exitCode() != 0)
        qWarning("kubectl %s: %s", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

Result<QList<Machine>> listWithDriver(const sim::KubernetesSim &sim, QNetworkAccessManager *nam)
{
    AccountEndpoint ep;
    ep.accountId = QStringLiteral("kubectl");
    ep.baseUrl = QUrl(QString::fromStdString(sim.url()));
    ep.token = QString::fromStdString(sim.token());
    ep.caCertificates = QSslCertificate::fromData(QByteArray::fromStdString(sim.caCertificatePem()));
    kubernetes::KubernetesDriver driver(ep, nam);
    auto future = driver.listMachines();
    QFutureWatcher<Result<QList<Machine>>> watcher;
    QSignalSpy spy(&watcher, &QFutureWatcherBase::finished);
    watcher.setFuture(future);
    if (!future.isFinished() && !spy.wait(30'000))
        return fail(ErrorKind::Timeout, QStringLiteral("test: no listing"));
    return future.result();
}

} // namespace

class TestKubectlSim : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty()) {
            qInfo("kubectl is not installed (Debian: apt install kubernetes-client): skipped");
            std::exit(77);
        }
    }

    void kubectlAgrees()
    {
        sim::KubernetesSimOptions options;
        options.seed = 12;
        options.nodes = 4;
        options.pods = 620;
        options.tls = true;
        options.clusterName = "kubectl-sim";
        sim::KubernetesSim sim(options);
        std::string why;
        QVERIFY2(sim.start(&why), why.c_str());
        QTemporaryDir dir;
        const QString kubeconfig = dir.filePath(QStringLiteral("config"));
        {
            QFile f(kubeconfig);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(sim.kubeconfig()));
        }
        QNetworkAccessManager nam;
        const auto listing = listWithDriver(sim, &nam);
        QVERIFY2(listing, qPrintable(listing ? QString() : listing.error().fullText()));
        QSet<QString> ourNodes, ourPods;
        QHash<QString, QString> ourReady; // pod -> READY as "2/3"
        for (const Machine &m : *listing) {
            if (m.kind == MachineKind::Node) {
                ourNodes.insert(m.id);
            } else if (m.kind == MachineKind::Pod) {
                ourPods.insert(m.id);
                for (const drivers::Tag &tag : m.tags) {
                    if (tag.key == u"ready")
                        ourReady.insert(m.id, tag.value);
                }
            }
        }

        int code = 0;
        const QStringList nodes = runKubectl(
            kubeconfig, {QStringLiteral("get"), QStringLiteral("nodes"), QStringLiteral("-o"), QStringLiteral("name")},
            &code);
        QCOMPARE(code, 0);
        QSet<QString> theirNodes;
        for (const QString &line : nodes)
            theirNodes.insert(line.section(u'/', 1));
        QCOMPARE(theirNodes, ourNodes);

        // kubectl pages with limit=500 and continue too: 620 pods take two pages.
        const QStringList pods = runKubectl(
            kubeconfig,
            {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A"), QStringLiteral("--no-headers")},
            &code);
        QCOMPARE(code, 0);
        QSet<QString> theirPods;
        for (const QString &line : pods) {
            const QStringList columns = line.split(u' ', Qt::SkipEmptyParts);
            QVERIFY(columns.size() >= 2);
            theirPods.insert(columns[0] + u'/' + columns[1]);
        }
        QCOMPARE(theirPods.size(), qsizetype(sim.podCount()));
        QCOMPARE(theirPods, ourPods);

        // READY as kubectl reads the same objects (the simulator prints no server-side tables, so
        // kubectl's own READY column is not there to read): ready statuses of the spec's containers.
        const QStringList readiness = runKubectl(
            kubeconfig,
            {QStringLiteral("get"), QStringLiteral("pods"), QStringLiteral("-A"), QStringLiteral("-o"),
             QStringLiteral(
                 "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}"
                 "{\"\\t\"}{.status.containerStatuses[*].ready}{\"\\t\"}{.spec.containers[*].name}{\"\\n\"}{end}")},
            &code);
        QCOMPARE(code, 0);
        QCOMPARE(readiness.size(), ourPods.size());
        int notAllReady = 0;
        for (const QString &line : readiness) {
            const QStringList fields = line.split(u'\t');
            QCOMPARE(fields.size(), 3);
            const qsizetype ready = fields[1].split(u' ', Qt::SkipEmptyParts).count(QStringLiteral("true"));
            const qsizetype total = fields[2].split(u' ', Qt::SkipEmptyParts).size();
            QCOMPARE(ourReady.value(fields[0]), QStringLiteral("%1/%2").arg(ready).arg(total));
            notAllReady += ready != total ? 1 : 0;
        }
        QVERIFY(notAllReady > 0); // the simulator's crashing pods: both kinds were compared

        // Delete one with kubectl: we no longer list it.
        const QString victim = *ourPods.begin();
        runKubectl(kubeconfig,
                   {QStringLiteral("delete"), QStringLiteral("pod"), QStringLiteral("-n"), victim.section(u'/', 0, 0),
                    victim.section(u'/', 1), QStringLiteral("--wait=false")},
                   &code);
        QCOMPARE(code, 0);
        // Graceful: Terminating first, then the sim's kubelet removes it.
        QTRY_VERIFY_WITH_TIMEOUT(sim.podJson(victim.toStdString()).empty(), 10'000);
        const auto after = listWithDriver(sim, &nam);
        QVERIFY(after);
        int podsAfter = 0;
        for (const Machine &m : *after) {
            QVERIFY(m.id != victim);
            podsAfter += m.kind == MachineKind::Pod;
        }
        QCOMPARE(podsAfter, ourPods.size() - 1);
        nam.clearConnectionCache();
    }

    // kubectl logs, exec (WebSocket, v5.channel.k8s.io) and cordon against the simulator agree with
    // what the simulator holds.
    void kubectlLogsExecCordon()
    {
        sim::KubernetesSimOptions options;
        options.seed = 13;
        options.nodes = 2;
        options.pods = 20;
        options.tls = true;
        options.logLines = 30;
        options.clusterName = "kubectl-actions";
        sim::KubernetesSim sim(options);
        std::string why;
        QVERIFY2(sim.start(&why), why.c_str());
        QTemporaryDir dir;
        const QString kubeconfig = dir.filePath(QStringLiteral("config"));
        {
            QFile f(kubeconfig);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::fromStdString(sim.kubeconfig()));
        }
        // A running pod with one container, from the sim's own list.
        QString ns, name, container;
        const QJsonArray items =
            QJsonDocument::fromJson(QByteArray::fromStdString(sim.listJson("pods"))).object().value(u"items").toArray();
        for (const QJsonValue &item : items) {
            const QJsonObject pod = item.toObject();
            const QJsonArray containers = pod.value(u"spec").toObject().value(u"containers").toArray();
            const QJsonArray statuses = pod.value(u"status").toObject().value(u"containerStatuses").toArray();
            if (containers.size() != 1 || statuses.isEmpty() ||
                !statuses[0].toObject().value(u"state").toObject().contains(u"running"))
                continue;
            ns = pod.value(u"metadata").toObject().value(u"namespace").toString();
            name = pod.value(u"metadata").toObject().value(u"name").toString();
            container = containers[0].toObject().value(u"name").toString();
            break;
        }
        QVERIFY(!name.isEmpty());

        int code = 0;
        const QStringList lines = runKubectl(
            kubeconfig, {QStringLiteral("logs"), QStringLiteral("-n"), ns, name, QStringLiteral("--tail=3")}, &code);
        QCOMPARE(code, 0);
        QStringList expected;
        for (int i = 28; i <= 30; ++i)
            expected.append(QString::fromStdString(sim::KubernetesSim::logLine(QString(ns + u'/' + name).toStdString(),
                                                                               container.toStdString(), false, i)));
        QCOMPARE(lines, expected);

        const QStringList hello =
            runKubectl(kubeconfig,
                       {QStringLiteral("exec"), QStringLiteral("-n"), ns, name, QStringLiteral("--"),
                        QStringLiteral("sh"), QStringLiteral("-c"), QStringLiteral("echo hello-$((6*7))")},
                       &code);
        QCOMPARE(code, 0);
        QCOMPARE(hello, QStringList{QStringLiteral("hello-42")});
        // The exit status travels back through channel 3: kubectl exits with it.
        runKubectl(kubeconfig,
                   {QStringLiteral("exec"), QStringLiteral("-n"), ns, name, QStringLiteral("--"), QStringLiteral("sh"),
                    QStringLiteral("-c"), QStringLiteral("exit 5")},
                   &code);
        QCOMPARE(code, 5);

        const QString node = QString::fromStdString(options.clusterName) + QStringLiteral("-node-001");
        runKubectl(kubeconfig, {QStringLiteral("cordon"), node}, &code);
        QCOMPARE(code, 0);
        QVERIFY(QString::fromStdString(sim.nodeJson(node.toStdString())).contains(u"\"unschedulable\":true"));
        runKubectl(kubeconfig, {QStringLiteral("uncordon"), node}, &code);
        QCOMPARE(code, 0);
        QVERIFY(!QString::fromStdString(sim.nodeJson(node.toStdString())).contains(u"unschedulable"));
    }
};

QTEST_GUILESS_MAIN(TestKubectlSim)
#include "tst_kubectl_sim.moc"
