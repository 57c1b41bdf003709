// kubectl (Debian's kubernetes-client, any recent kubectl) against the simulator, through the
// kubeconfig the simulator writes (https, CA data, token): `get nodes`, `get pods -A` and
// `delete pod` agree with what our driver lists. Exits 77 (skipped) when kubectl is absent.

#include "kubernetes/kubernetesdriver.h"
#include "sim/kubernetessim.h"

#include <QFutureWatcher>
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
        for (const Machine &m : *listing) {
            if (m.kind == MachineKind::Node)
                ourNodes.insert(m.id);
            else if (m.kind == MachineKind::Pod)
                ourPods.insert(m.id);
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

        // Delete one with kubectl: we no longer list it.
        const QString victim = *ourPods.begin();
        runKubectl(kubeconfig,
                   {QStringLiteral("delete"), QStringLiteral("pod"), QStringLiteral("-n"), victim.section(u'/', 0, 0),
                    victim.section(u'/', 1), QStringLiteral("--wait=false")},
                   &code);
        QCOMPARE(code, 0);
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
};

QTEST_GUILESS_MAIN(TestKubectlSim)
#include "tst_kubectl_sim.moc"
