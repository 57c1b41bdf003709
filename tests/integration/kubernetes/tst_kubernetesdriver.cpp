// The Kubernetes driver against the simulator over real HTTP on loopback: LIST in pages of 500,
// WATCH with churn applied to an InventoryStore until it equals the simulator's state, an expired
// resourceVersion (410) making it list again, a dropped stream making it reconnect, TLS and auth.

#include "../awaitresult.h"
#include "inventory/inventorystore.h"
#include "kubernetes/kubernetesdriver.h"
#include "kubernetes/kubernetesparse.h"
#include "sim/kubernetessim.h"
#include "sync/accountsession.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace nephele;
using namespace nephele::drivers;
using kubernetes::KubernetesDriver;

namespace {

using testing::await;

const QString kAccount = QStringLiteral("k8s-1");

sim::KubernetesSimOptions clusterOptions(std::uint64_t seed, int nodes, int pods, double churn = 0, bool tls = false)
{
    sim::KubernetesSimOptions o;
    o.seed = seed;
    o.nodes = nodes;
    o.pods = pods;
    o.churnPerSecond = churn;
    o.tls = tls;
    o.bookmarkIntervalMs = 100;
    return o;
}

// The simulator's state right now, as the parser reads its full (unpaged) lists.
QList<Machine> simulatorState(const sim::KubernetesSim &sim)
{
    QList<Machine> all;
    const auto nodes = kubernetes::parseNodeList(QByteArray::fromStdString(sim.listJson("nodes")));
    const auto pods = kubernetes::parsePodList(QByteArray::fromStdString(sim.listJson("pods")));
    if (!nodes || !pods)
        qFatal("the simulator's own lists do not parse");
    all.append(nodes->machines);
    all.append(pods->machines);
    return all;
}

// Empty when the store holds exactly `expected` for the account; else the first difference.
QString difference(const models::InventoryStore &store, const QList<Machine> &expected)
{
    const QList<models::InventoryStore::Slot> slots = store.machinesOf(kAccount);
    if (slots.size() != expected.size())
        return QStringLiteral("store has %1 records, the simulator %2").arg(slots.size()).arg(expected.size());
    for (const Machine &m : expected) {
        const auto slot = store.find(kAccount, m.id);
        if (!slot)
            return QStringLiteral("missing %1").arg(m.id);
        if (!(store.machine(*slot) == m))
            return QStringLiteral("differs: %1").arg(m.id);
    }
    return {};
}

struct Fixture {
    std::unique_ptr<sim::KubernetesSim> sim;
    std::unique_ptr<QNetworkAccessManager> nam = std::make_unique<QNetworkAccessManager>();
    std::unique_ptr<KubernetesDriver> driver;
    models::InventoryStore store;
    int batches = 0;
    int relisted = 0;

    explicit Fixture(sim::KubernetesSimOptions options, const QString &token = {})
    {
        options.bookmarkIntervalMs = 100;
        sim = std::make_unique<sim::KubernetesSim>(options);
        std::string why;
        if (!sim->start(&why))
            qFatal("simulator did not start: %s", why.c_str());
        AccountEndpoint ep;
        ep.accountId = kAccount;
        ep.accountName = QStringLiteral("cluster");
        ep.baseUrl = QUrl(QString::fromStdString(sim->url()));
        ep.token = token.isEmpty() ? QString::fromStdString(sim->token()) : token;
        if (options.tls)
            ep.caCertificates = QSslCertificate::fromData(QByteArray::fromStdString(sim->caCertificatePem()));
        ep.retry.maxAttempts = 2;
        ep.retry.baseDelayMs = 50;
        driver = std::make_unique<KubernetesDriver>(ep, nam.get());
        driver->setReconnectDelayMs(50);
        models::AccountInfo info;
        info.id = kAccount;
        info.name = QStringLiteral("cluster");
        info.provider = QStringLiteral("kubernetes");
        store.addAccount(info);
    }
    ~Fixture()
    {
        driver.reset();
        nam->clearConnectionCache();
        sim->stop();
    }

    bool listAndWatch()
    {
        const auto listing = await(driver->listMachines());
        if (!listing) {
            qWarning("%s", qPrintable(listing.error().fullText()));
            return false;
        }
        store.mergeListing(kAccount, *listing);
        MachineWatch::Handlers h;
        h.events = [this](const QList<MachineEvent> &events) {
            QList<models::InventoryEvent> converted;
            converted.reserve(events.size());
            for (const MachineEvent &e : events) {
                converted.append({e.type == MachineEvent::Type::Delete ? models::InventoryEvent::Type::Delete
                                                                       : models::InventoryEvent::Type::Upsert,
                                  e.machine});
            }
            store.applyEvents(kAccount, converted);
            ++batches;
        };
        h.relisted = [this](const QList<Machine> &machines) {
            store.mergeListing(kAccount, machines);
            ++relisted;
        };
        driver->startWatch(std::move(h));
        return true;
    }
};

} // namespace

class TestKubernetesDriver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsInPages()
    {
        Fixture f(clusterOptions(3, 7, 1234));
        const quint64 listsBefore = f.sim->listRequestCount();
        const auto listing = await(f.driver->listMachines());
        QVERIFY2(listing, qPrintable(listing ? QString() : listing.error().fullText()));
        // 7 nodes in one page, 1234 pods in three pages of at most 500.
        QCOMPARE(f.sim->listRequestCount() - listsBefore, quint64(1 + 3));
        const QList<Machine> expected = simulatorState(*f.sim);
        QCOMPARE(listing->size(), expected.size());
        int nodes = 0, pods = 0, containers = 0, unscheduled = 0;
        for (const Machine &m : *listing) {
            nodes += m.kind == MachineKind::Node;
            pods += m.kind == MachineKind::Pod;
            containers += m.kind == MachineKind::Container;
            unscheduled += m.kind == MachineKind::Pod && m.parentId.isEmpty();
        }
        QCOMPARE(nodes, 7);
        QCOMPARE(pods, 1234);
        QVERIFY(containers >= pods);
        QVERIFY(unscheduled > 0);
        f.store.mergeListing(kAccount, *listing);
        QCOMPARE(difference(f.store, expected), QString());
        QCOMPARE(f.driver->podsResourceVersion(), QString::number(f.sim->resourceVersion()));
    }

    void usageFromMetricsServer()
    {
        Fixture f(clusterOptions(5, 4, 120));
        const auto listing = await(f.driver->listMachines());
        QVERIFY2(listing, qPrintable(listing ? QString() : listing.error().fullText()));
        const auto usage = await(f.driver->fetchUsage());
        QVERIFY2(usage, qPrintable(usage ? QString() : usage.error().fullText()));
        QHash<QString, ResourceUsage> byId;
        for (const ResourceUsage &u : *usage)
            byId.insert(u.id, u);
        QHash<QString, double> podSums, nodeSums;
        int running = 0;
        for (const Machine &m : *listing) {
            if (m.kind == MachineKind::Container && m.state == MachineState::Running) {
                ++running;
                QVERIFY2(byId.contains(m.id), qPrintable(m.id)); // every running container is measured
                podSums[m.parentId] += byId.value(m.id).cpuCores;
            }
        }
        QVERIFY(running > 0);
        for (const Machine &m : *listing) {
            if (m.kind != MachineKind::Pod || !byId.contains(m.id))
                continue;
            QVERIFY(qAbs(byId.value(m.id).cpuCores - podSums.value(m.id)) < 1e-6); // a pod is its containers
            nodeSums[m.parentId] += byId.value(m.id).cpuCores;
        }
        for (auto it = nodeSums.cbegin(); it != nodeSums.cend(); ++it)
            QVERIFY2(byId.value(it.key()).cpuCores >= it.value(),
                     qPrintable(it.key())); // a node runs its pods and more
        {
            // A node crowded with pods runs hot, but uses no more than it has.
            Fixture dense(clusterOptions(7, 1, 250));
            const auto denseListing = await(dense.driver->listMachines());
            const auto denseUsage = await(dense.driver->fetchUsage());
            QVERIFY(denseListing && denseUsage);
            const Machine &node = *std::find_if(denseListing->cbegin(), denseListing->cend(),
                                                [](const Machine &m) { return m.kind == MachineKind::Node; });
            const auto used = std::find_if(denseUsage->cbegin(), denseUsage->cend(),
                                           [&](const ResourceUsage &u) { return u.id == node.id; });
            QVERIFY(used != denseUsage->cend());
            QVERIFY2(used->cpuCores <= node.vcpus && used->cpuCores >= 0.5 * node.vcpus,
                     qPrintable(QStringLiteral("%1 of %2").arg(used->cpuCores).arg(node.vcpus)));
            QVERIFY(used->memoryBytes <= qint64(node.memoryMb) * 1024 * 1024);
        }

        // Into the store: named resources get figures, the others none.
        f.store.mergeListing(kAccount, *listing);
        QSignalSpy announced(&f.store, &models::InventoryStore::usageChanged);
        f.store.setUsage(kAccount, *usage);
        QCOMPARE(announced.size(), 1);
        const ResourceUsage &some = usage->first();
        const auto slot = f.store.find(kAccount, some.id);
        QVERIFY(slot);
        QVERIFY(f.store.usage(*slot));
        QCOMPARE(double(f.store.usage(*slot)->cpuCores), double(float(some.cpuCores)));
        f.store.setUsage(kAccount, {});
        QVERIFY(!f.store.usage(*slot));

        // A cluster without metrics-server: NotFound, which the session takes as "ask again later".
        sim::KubernetesSimOptions bare = clusterOptions(6, 2, 10);
        bare.metricsServer = false;
        Fixture g(bare);
        const auto none = await(g.driver->fetchUsage());
        QVERIFY(!none);
        QCOMPARE(none.error().kind, ErrorKind::NotFound);
    }

    void watchFollowsChurn()
    {
        Fixture f(clusterOptions(4, 5, 300));
        QVERIFY(f.listAndWatch());
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openWatches(), std::size_t(2), 10'000);
        f.sim->churn(400);
        const QList<Machine> expected = simulatorState(*f.sim);
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, expected), QString(), 20'000);
        QVERIFY(f.batches > 0);
        QCOMPARE(f.relisted, 0);
        QCOMPARE(f.driver->relistCount(), 0);
    }

    void watchWithBackgroundChurn()
    {
        Fixture f(clusterOptions(9, 4, 100, 200));
        QVERIFY(f.listAndWatch());
        QTRY_VERIFY_WITH_TIMEOUT(f.batches >= 5, 20'000);
        f.sim->stopChurn(); // the store must then come to hold the final state
        const QList<Machine> expected = simulatorState(*f.sim);
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, expected), QString(), 20'000);
    }

    void expiredVersionRelists()
    {
        Fixture f(clusterOptions(5, 3, 80));
        QVERIFY(f.listAndWatch());
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openWatches(), std::size_t(2), 10'000);
        f.sim->churn(50);
        f.sim->expireHistory(); // the open streams get ERROR 410
        QTRY_VERIFY_WITH_TIMEOUT(f.relisted >= 1, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openWatches(), std::size_t(2), 10'000);
        f.sim->churn(60);
        const QList<Machine> expected = simulatorState(*f.sim);
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, expected), QString(), 20'000);
        QVERIFY(f.driver->relistCount() >= 1);
    }

    void droppedStreamReconnects()
    {
        Fixture f(clusterOptions(6, 3, 80));
        QVERIFY(f.listAndWatch());
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openWatches(), std::size_t(2), 10'000);
        f.sim->churn(20);
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, simulatorState(*f.sim)), QString(), 20'000);
        const int reconnects = f.driver->reconnectCount();
        f.sim->dropWatches();
        QTRY_VERIFY_WITH_TIMEOUT(f.driver->reconnectCount() >= reconnects + 2, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openWatches(), std::size_t(2), 10'000);
        f.sim->churn(40); // made after the drop: only a resumed watch brings these
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, simulatorState(*f.sim)), QString(), 20'000);
        QCOMPARE(f.relisted, 0); // resumed from the last version, no relist
    }

    // The account's session as the window runs it: listed in pages, then watched; churn, dropped
    // streams and an expired version (its listing taken again, merged in slices before newer
    // events) leave the store equal to the simulator.
    void sessionFollowsChurnDropsAndExpiry()
    {
        Fixture f(clusterOptions(12, 4, 700));
        models::AccountInfo info;
        info.id = kAccount;
        info.name = QStringLiteral("cluster");
        info.provider = QStringLiteral("kubernetes");
        auto driver = std::make_unique<KubernetesDriver>(f.driver->endpoint(), f.nam.get());
        driver->setReconnectDelayMs(50);
        KubernetesDriver *watched = driver.get();
        models::AccountSession session(info, std::move(driver), &f.store);
        QSignalSpy listed(&session, &models::AccountSession::listingFinished);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 20'000);
        QVERIFY(listed.at(0).at(0).toBool());
        QVERIFY(f.store.machineCount(kAccount) > 1000); // a relisting lands in more than one slice
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openWatches(), std::size_t(2), 10'000);

        f.sim->churn(200);
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, simulatorState(*f.sim)), QString(), 20'000);
        f.sim->dropWatches();
        f.sim->churn(100);
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, simulatorState(*f.sim)), QString(), 20'000);
        const int relists = watched->relistCount();
        f.sim->churn(50);
        f.sim->expireHistory(); // the open streams get ERROR 410: the session takes the listing again
        QTRY_VERIFY_WITH_TIMEOUT(watched->relistCount() > relists, 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(f.sim->openWatches(), std::size_t(2), 10'000);
        f.sim->churn(150); // newer than the listing: applied after it
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, simulatorState(*f.sim)), QString(), 20'000);
        QVERIFY(!f.store.isListing(kAccount));
        QCOMPARE(session.status(), models::AccountStatus::Ok);
    }

    void tlsWithCa()
    {
        Fixture f(clusterOptions(7, 2, 10, 0, true));
        const auto listing = await(f.driver->listMachines());
        QVERIFY2(listing, qPrintable(listing ? QString() : listing.error().fullText()));
        QCOMPARE(listing->size(), simulatorState(*f.sim).size());
        QVERIFY(f.listAndWatch());
        f.sim->churn(10);
        QTRY_COMPARE_WITH_TIMEOUT(difference(f.store, simulatorState(*f.sim)), QString(), 20'000);
    }

    void wrongToken()
    {
        Fixture f(clusterOptions(8, 1, 1), QStringLiteral("not-the-token"));
        const auto listing = await(f.driver->listMachines());
        QVERIFY(!listing);
        QCOMPARE(listing.error().kind, ErrorKind::Auth);
        QCOMPARE(listing.error().httpStatus, 401);
        QVERIFY(!listing.error().fullText().contains(QStringLiteral("not-the-token")));
    }

    void testConnection()
    {
        Fixture f(clusterOptions(8, 1, 1));
        const auto answer = await(f.driver->testConnection());
        QVERIFY(answer);
        QVERIFY(answer->contains(QStringLiteral("v1.29")));
    }
};

QTEST_GUILESS_MAIN(TestKubernetesDriver)
#include "tst_kubernetesdriver.moc"
