// "View logs" and "Open shell" on the pods and containers of a cluster, through the real window,
// against the Kubernetes simulator in this process: the log pane (lines, follow, tail, container,
// previous instance, timestamps, errors that keep the text, a flood that must not freeze the
// window) and the exec tab (a shell in the container's pty, resize, exit, reconnect). Also the
// details pane of a node, a pod and a container, with metrics-server's usage kept current.

#include "core/job.h"
#include "detailspane.h"
#include "inventory/inventorystore.h"
#include "kubernetes/kubernetesdriver.h"
#include "mainwindow.h"
#include "podexectab.h"
#include "podlogpane.h"
#include "shelltab.h"
#include "sim/kubernetessim.h"
#include "sync/accountsession.h"
#include "terminal/terminalwidget.h"
#include "tree/inventorytreemodel.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace nephele;
using Command = views::MainWindow::Command;

namespace {

constexpr int kWaitMs = 60'000; // the machine is shared and loaded: generous, never a sleep

struct PodInfo {
    QString id; // namespace/name
    QStringList containers;
    QList<int> restarts;
    int ready = 0; // containers whose status says ready
    bool scheduled = false;
    bool running = true;
};

QList<PodInfo> podsOf(const sim::KubernetesSim &sim)
{
    QList<PodInfo> pods;
    const QJsonArray items =
        QJsonDocument::fromJson(QByteArray::fromStdString(sim.listJson("pods"))).object().value(u"items").toArray();
    for (const QJsonValue &item : items) {
        const QJsonObject object = item.toObject();
        const QJsonObject meta = object.value(u"metadata").toObject();
        PodInfo pod;
        pod.id = meta.value(u"namespace").toString() + u'/' + meta.value(u"name").toString();
        pod.scheduled = !object.value(u"spec").toObject().value(u"nodeName").toString().isEmpty();
        for (const QJsonValue &c : object.value(u"spec").toObject().value(u"containers").toArray())
            pod.containers.append(c.toObject().value(u"name").toString());
        for (const QJsonValue &s : object.value(u"status").toObject().value(u"containerStatuses").toArray()) {
            pod.restarts.append(s.toObject().value(u"restartCount").toInt());
            pod.ready += s.toObject().value(u"ready").toBool() ? 1 : 0;
            pod.running = pod.running && s.toObject().value(u"state").toObject().contains(u"running");
        }
        pods.append(pod);
    }
    return pods;
}

// Lines first..last of a container's log, as the simulator writes them.
QString logLines(const QString &podId, const QString &container, bool previous, int first, int last)
{
    QStringList lines;
    for (int i = first; i <= last; ++i)
        lines.append(QString::fromStdString(
            sim::KubernetesSim::logLine(podId.toStdString(), container.toStdString(), previous, i)));
    return lines.join(u'\n');
}

void typeLine(views::TerminalWidget *terminal, const QString &line)
{
    QTest::keyClicks(terminal, line);
    QTest::keyClick(terminal, Qt::Key_Return);
}

} // namespace

class TestKubernetesTabs final : public QObject
{
    Q_OBJECT

    struct Cluster {
        std::unique_ptr<sim::KubernetesSim> sim;
        drivers::AccountEndpoint endpoint;
    };

    Cluster m_cluster; // pods for logs and exec
    Cluster m_flood;   // its containers write as fast as the loopback takes it
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::InventoryStore> m_inventory;
    std::unique_ptr<views::MainWindow> m_window;

    static Cluster startCluster(const QString &id, sim::KubernetesSimOptions options)
    {
        Cluster c;
        c.sim = std::make_unique<sim::KubernetesSim>(options);
        std::string why;
        if (!c.sim->start(&why))
            qFatal("the simulator did not start: %s", why.c_str());
        c.endpoint.accountId = id;
        c.endpoint.accountName = id;
        c.endpoint.baseUrl = QUrl(QString::fromStdString(c.sim->url()));
        c.endpoint.token = QString::fromStdString(c.sim->token());
        c.endpoint.retry.maxAttempts = 2;
        c.endpoint.retry.baseDelayMs = 50;
        return c;
    }

    void addAccount(const Cluster &c)
    {
        models::AccountInfo info;
        info.id = c.endpoint.accountId;
        info.name = c.endpoint.accountName;
        info.provider = QStringLiteral("kubernetes");
        auto *session =
            models::AccountSession::create(info, c.endpoint, m_network.get(), m_inventory.get(), m_window.get());
        m_window->addSession(session);
        session->start();
    }

    enum class Restarts { Any, None, Some };

    // A scheduled pod whose containers all run.
    PodInfo pod(int containers, Restarts restarts = Restarts::Any) const
    {
        for (const PodInfo &p : podsOf(*m_cluster.sim)) {
            const int first = p.restarts.value(0);
            if (p.scheduled && p.running && p.containers.size() == containers &&
                (restarts == Restarts::Any || (restarts == Restarts::Some) == (first > 0)))
                return p;
        }
        return {};
    }

    // Selects a row of the tree as a click would, once the listing has it.
    bool select(const QString &accountId, const QString &machineId)
    {
        QModelIndex index;
        if (!QTest::qWaitFor(
                [&] { return (index = m_window->model()->indexOfMachine(accountId, machineId)).isValid(); }, kWaitMs))
            return false;
        m_window->tree()->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                       QItemSelectionModel::Rows);
        return true;
    }

    views::PodLogPane *openLogs(const QString &accountId, const QString &machineId)
    {
        if (!select(accountId, machineId))
            return nullptr;
        QAction *viewLogs = m_window->action(Command::ViewLogs);
        if (!viewLogs->isEnabled())
            return nullptr;
        const int before = m_window->shells()->count();
        viewLogs->trigger();
        if (m_window->shells()->count() != before + 1)
            return nullptr;
        return qobject_cast<views::PodLogPane *>(m_window->shells()->currentWidget());
    }

    views::PodExecTab *openExec(const QString &accountId, const QString &machineId)
    {
        if (!select(accountId, machineId) || !m_window->action(Command::OpenShell)->isEnabled())
            return nullptr;
        const int before = m_window->shells()->count();
        m_window->action(Command::OpenShell)->trigger();
        if (m_window->shells()->count() != before + 1)
            return nullptr;
        return qobject_cast<views::PodExecTab *>(m_window->shells()->currentWidget());
    }

    void closeAll()
    {
        views::ShellTabs *tabs = m_window->shells();
        while (tabs->count() > 0) {
            QWidget *tab = tabs->widget(0);
            tabs->removeTab(0);
            delete tab;
        }
    }

    QString firstLines(const views::PodLogPane *pane, int count) const
    {
        return pane->text().split(u'\n').mid(0, count).join(u'\n');
    }

private Q_SLOTS:
    void initTestCase()
    {
        sim::KubernetesSimOptions options;
        options.seed = 11;
        options.nodes = 3;
        options.pods = 60;
        options.logLines = 40;
        options.logFollowIntervalMs = 50;
        m_cluster = startCluster(QStringLiteral("k8s-tabs"), options);
        sim::KubernetesSimOptions flood;
        flood.seed = 12;
        flood.nodes = 1;
        flood.pods = 4;
        flood.logLines = 20'000;
        flood.logFollowIntervalMs = 1;
        // Some 100 kB a millisecond: far more than anyone reads, and the simulator (a thread of this
        // process) leaves the GUI thread its share of a small machine.
        flood.logLinesPerTick = 2000;
        m_flood = startCluster(QStringLiteral("k8s-flood"), flood);

        m_network = std::make_unique<QNetworkAccessManager>();
        m_inventory = std::make_unique<models::InventoryStore>();
        views::MainWindowServices services;
        services.inventory = m_inventory.get();
        services.network = m_network.get();
        m_window = std::make_unique<views::MainWindow>(services);
        addAccount(m_cluster);
        addAccount(m_flood);
        m_window->resize(1300, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup() { closeAll(); }

    void cleanupTestCase()
    {
        m_window.reset(); // the tabs and sessions before the network and the clusters
        m_inventory.reset();
        m_network.reset();
        m_flood.sim.reset();
        m_cluster.sim.reset();
    }

    void viewLogsIsOfferedForPodsAndContainersOnly()
    {
        const PodInfo p = pod(1);
        QVERIFY(!p.id.isEmpty());
        const QString node =
            QJsonDocument::fromJson(QByteArray::fromStdString(m_cluster.sim->podJson(p.id.toStdString())))
                .object()
                .value(u"spec")
                .toObject()
                .value(u"nodeName")
                .toString();
        QVERIFY(!node.isEmpty());
        QVERIFY(select(m_cluster.endpoint.accountId, node));
        QVERIFY(!m_window->action(Command::ViewLogs)->isEnabled());
        QVERIFY(select(m_cluster.endpoint.accountId, p.id));
        QVERIFY(m_window->action(Command::ViewLogs)->isEnabled());
        QVERIFY(select(m_cluster.endpoint.accountId, p.id + u'/' + p.containers.first()));
        QVERIFY(m_window->action(Command::ViewLogs)->isEnabled());
    }

    void logsShowAndFollow()
    {
        const PodInfo p = pod(1);
        views::PodLogPane *pane = openLogs(m_cluster.endpoint.accountId, p.id);
        QVERIFY(pane);
        QVERIFY(m_window->shells()->isVisible());
        QCOMPARE(pane->container(), p.containers.first());
        QVERIFY(pane->options().follow);
        QCOMPARE(m_window->shells()->tabText(m_window->shells()->indexOf(pane)),
                 QStringLiteral("Logs: %1/%2").arg(p.id.section(u'/', 1), p.containers.first()));
        // The 40 lines logged so far, then new ones as the container writes them.
        QTRY_VERIFY_WITH_TIMEOUT(pane->lineCount() >= 45, kWaitMs);
        QCOMPARE(firstLines(pane, 45), logLines(p.id, p.containers.first(), false, 1, 45));
        QVERIFY(pane->isAlive());
        QVERIFY(pane->statusText().isEmpty());
        // A single container: no choice to offer.
        QVERIFY(!pane->findChild<QComboBox *>(QStringLiteral("containerBox"))->isVisible());

        // Find: the match is selected; text that is not there is not found.
        QVERIFY(pane->find(QStringLiteral("line 7:")));
        QVERIFY(pane->view()->textCursor().selectedText() == QStringLiteral("line 7:"));
        QVERIFY(!pane->find(QStringLiteral("no such text anywhere")));

        // Pause holds the view; resume brings what came meanwhile.
        pane->setPaused(true);
        const int paused = pane->lineCount();
        QTest::qWait(300); // the container writes a line every 50 ms: none may show meanwhile
        QCOMPARE(pane->lineCount(), paused);
        QVERIFY(pane->infoText().contains(QStringLiteral("paused")));
        pane->setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(pane->lineCount() > paused + 2, kWaitMs);
        QCOMPARE(firstLines(pane, paused + 2), logLines(p.id, p.containers.first(), false, 1, paused + 2));

        // Save writes what is on show.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.log"));
        pane->setPaused(true);
        QVERIFY(pane->saveTo(path));
        QFile saved(path);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(saved.readAll()), pane->text() + u'\n');
        pane->setPaused(false);
    }

    void tailLimitsTheLines()
    {
        const PodInfo p = pod(1);
        views::PodLogPane *pane = openLogs(m_cluster.endpoint.accountId, p.id);
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->lineCount() >= 40, kWaitMs);
        pane->setFollow(false);
        pane->setTailLines(5);
        QTRY_VERIFY_WITH_TIMEOUT(
            pane->isSettled() && pane->text() == logLines(p.id, p.containers.first(), false, 36, 40), kWaitMs);
        QCOMPARE(pane->lineCount(), 5);
        QVERIFY(!pane->isAlive());
        QVERIFY(pane->statusText().isEmpty()); // a log read to its end is no problem
        // All lines.
        pane->setTailLines(-1);
        QTRY_VERIFY_WITH_TIMEOUT(pane->isSettled() && pane->lineCount() == 40, kWaitMs);
        QCOMPARE(pane->text(), logLines(p.id, p.containers.first(), false, 1, 40));
    }

    // The details pane of a pod, a container and a node: what matters for each, usage as the
    // tree's columns write it and kept current in place, and never a size line of "0 vCPU".
    void detailsOfPodContainerAndNode()
    {
        const PodInfo p = pod(2);
        QVERIFY2(!p.id.isEmpty(), "the simulator has no running pod with two containers");
        const QString accountId = m_cluster.endpoint.accountId;
        const QJsonObject podObject =
            QJsonDocument::fromJson(QByteArray::fromStdString(m_cluster.sim->podJson(p.id.toStdString()))).object();
        const QString node = podObject.value(u"spec").toObject().value(u"nodeName").toString();
        const QString image = podObject.value(u"spec")
                                  .toObject()
                                  .value(u"containers")
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(u"image")
                                  .toString();
        const views::DetailsPane *details = m_window->details();
        const models::InventoryTreeModel *model = m_window->model();
        // The row of the tree's usage cells for a resource, once metrics-server's figures landed.
        const auto usageCells = [&](const QString &id) {
            const QModelIndex row = model->indexOfMachine(accountId, id);
            return std::pair(row.siblingAtColumn(models::InventoryTreeModel::CpuUsageColumn).data().toString(),
                             row.siblingAtColumn(models::InventoryTreeModel::MemoryUsageColumn).data().toString());
        };
        const auto rowValue = [&](const QString &label) {
            const QStringList lines = details->shownText().split(u'\n');
            const qsizetype at = lines.indexOf(label);
            return at >= 0 && at + 1 < lines.size() ? lines.at(at + 1) : QString();
        };

        // The pod.
        QVERIFY(select(accountId, p.id));
        QTRY_VERIFY_WITH_TIMEOUT(!usageCells(p.id).first.isEmpty(), kWaitMs);
        const auto [podCpu, podMemory] = usageCells(p.id);
        const auto slot = m_inventory->find(accountId, p.id);
        QVERIFY(slot && m_inventory->usage(*slot));
        QCOMPARE(podCpu,
                 QString::number(qRound64(m_inventory->usage(*slot)->cpuCores * 1000)) + u'm'); // as kubectl top
        QVERIFY2(podMemory.endsWith(QLatin1String(" MiB")) || podMemory.endsWith(QLatin1String(" GiB")),
                 qPrintable(podMemory));
        QTRY_COMPARE_WITH_TIMEOUT(rowValue(QStringLiteral("CPU")), podCpu, kWaitMs);
        QCOMPARE(rowValue(QStringLiteral("Namespace")), p.id.section(u'/', 0, 0));
        QCOMPARE(rowValue(QStringLiteral("Node")), node);
        QCOMPARE(rowValue(QStringLiteral("Phase")), QStringLiteral("Running"));
        QCOMPARE(rowValue(QStringLiteral("Restarts")), QString::number(p.restarts.value(0) + p.restarts.value(1)));
        QCOMPARE(rowValue(QStringLiteral("Containers")), QStringLiteral("2"));
        QCOMPARE(rowValue(QStringLiteral("Ready")), QStringLiteral("%1 of 2 containers").arg(p.ready));
        QCOMPARE(rowValue(QStringLiteral("Memory")), podMemory);
        QVERIFY2(!rowValue(QStringLiteral("Age")).isEmpty() && rowValue(QStringLiteral("Age")) != u"—",
                 qPrintable(details->shownText()));
        QVERIFY2(!details->shownText().contains(QLatin1String("vCPU")), qPrintable(details->shownText()));
        QVERIFY(!details->shownText().contains(QLatin1String(" GB")));

        // New usage figures change the shown ones in place: the same label, no reselection.
        QLabel *cpuLabel = nullptr;
        for (QLabel *label : details->findChildren<QLabel *>()) {
            if (label->text() == podCpu) // (shown once the event loop turns: no isVisible() here)
                cpuLabel = label;
        }
        QVERIFY(cpuLabel);
        QList<drivers::ResourceUsage> usage;
        for (const models::InventoryStore::Slot s : m_inventory->machinesOf(accountId)) {
            if (const auto u = m_inventory->usage(s))
                usage.append({m_inventory->id(s).toString(), double(u->cpuCores), qint64(u->memoryMiB * 1048576.0)});
        }
        for (drivers::ResourceUsage &u : usage) {
            if (u.id == p.id)
                u.cpuCores = 1.234;
        }
        m_inventory->setUsage(accountId, usage);
        QCOMPARE(cpuLabel->text(), QStringLiteral("1234m"));
        QCOMPARE(rowValue(QStringLiteral("CPU")), QStringLiteral("1234m"));

        // A container.
        QVERIFY(select(accountId, p.id + u'/' + p.containers.first()));
        QTRY_COMPARE_WITH_TIMEOUT(rowValue(QStringLiteral("Image")), image, kWaitMs);
        QCOMPARE(rowValue(QStringLiteral("Pod")), p.id);
        QCOMPARE(rowValue(QStringLiteral("State")), QStringLiteral("Running"));
        QCOMPARE(rowValue(QStringLiteral("Ready")), QStringLiteral("Yes"));
        QCOMPARE(rowValue(QStringLiteral("Restarts")), QString::number(p.restarts.value(0)));
        QTRY_COMPARE_WITH_TIMEOUT(rowValue(QStringLiteral("CPU")), usageCells(p.id + u'/' + p.containers.first()).first,
                                  kWaitMs);
        QVERIFY(!rowValue(QStringLiteral("CPU")).isEmpty());
        QVERIFY2(!details->shownText().contains(QLatin1String("vCPU")), qPrintable(details->shownText()));

        // The node: its capacity, its usage against it, and whether it takes new pods.
        const QJsonObject capacity =
            QJsonDocument::fromJson(QByteArray::fromStdString(m_cluster.sim->nodeJson(node.toStdString())))
                .object()
                .value(u"status")
                .toObject()
                .value(u"capacity")
                .toObject();
        const int cpus = capacity.value(u"cpu").toString().toInt();
        QVERIFY(cpus > 0);
        QVERIFY(select(accountId, node));
        QTRY_VERIFY_WITH_TIMEOUT(
            rowValue(QStringLiteral("Capacity")).startsWith(QStringLiteral("%1 vCPU · ").arg(cpus)), kWaitMs);
        QVERIFY2(rowValue(QStringLiteral("Capacity")).endsWith(QLatin1String(" GiB memory")),
                 qPrintable(rowValue(QStringLiteral("Capacity"))));
        QCOMPARE(rowValue(QStringLiteral("Status")), QStringLiteral("Ready"));
        QCOMPARE(rowValue(QStringLiteral("Scheduling")), QStringLiteral("Schedulable"));
        QTRY_VERIFY_WITH_TIMEOUT(!usageCells(node).first.isEmpty(), kWaitMs);
        QTRY_VERIFY2_WITH_TIMEOUT(rowValue(QStringLiteral("CPU"))
                                      .startsWith(usageCells(node).first + QStringLiteral(" of %1 vCPU (").arg(cpus)),
                                  qPrintable(details->shownText()), kWaitMs);
        QVERIFY(!details->shownText().contains(QLatin1String("0 vCPU")));

        drivers::kubernetes::KubernetesDriver driver(m_cluster.endpoint, m_network.get());
        const auto run = [&](drivers::MachineAction action) {
            std::unique_ptr<drivers::Job> job(driver.runAction(action, node, {}));
            return QTest::qWaitFor([&] { return job->isFinished(); }, kWaitMs) &&
                   job->status() == drivers::Job::Status::Succeeded;
        };
        QVERIFY(run(drivers::MachineAction::Cordon));
        QTRY_COMPARE_WITH_TIMEOUT(rowValue(QStringLiteral("Scheduling")),
                                  QStringLiteral("Cordoned: no new pods are placed here"), kWaitMs);
        QVERIFY(run(drivers::MachineAction::Uncordon));
        QTRY_COMPARE_WITH_TIMEOUT(rowValue(QStringLiteral("Scheduling")), QStringLiteral("Schedulable"), kWaitMs);
    }

    void timestampsPrefixEachLine()
    {
        const PodInfo p = pod(1);
        views::PodLogPane *pane = openLogs(m_cluster.endpoint.accountId, p.id);
        QVERIFY(pane);
        pane->setFollow(false);
        pane->setTailLines(3);
        QTRY_VERIFY_WITH_TIMEOUT(
            pane->isSettled() && pane->text() == logLines(p.id, p.containers.first(), false, 38, 40), kWaitMs);
        QVERIFY(!pane->options().timestamps);
        pane->setTimestamps(true);
        QVERIFY(pane->options().timestamps);
        // Each line after its time (RFC 3339, UTC, fraction of a second) and a space.
        static const QRegularExpression stamp(QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z $)"));
        QTRY_VERIFY_WITH_TIMEOUT(pane->isSettled() && pane->lineCount() == 3 && pane->text().startsWith(u'2'), kWaitMs);
        const QStringList lines = pane->text().split(u'\n');
        const QStringList plain = logLines(p.id, p.containers.first(), false, 38, 40).split(u'\n');
        for (int i = 0; i < 3; ++i) {
            const qsizetype space = lines[i].indexOf(u' ');
            QVERIFY2(stamp.match(lines[i].left(space + 1)).hasMatch(), qPrintable(lines[i]));
            QCOMPARE(lines[i].mid(space + 1), plain[i]);
        }
    }

    void containerChoiceChangesTheStream()
    {
        const PodInfo p = pod(2);
        QVERIFY2(!p.id.isEmpty(), "the simulator has no running pod with two containers");
        views::PodLogPane *pane = openLogs(m_cluster.endpoint.accountId, p.id);
        QVERIFY(pane);
        auto *box = pane->findChild<QComboBox *>(QStringLiteral("containerBox"));
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->count(), 2);
        QCOMPARE(box->currentText(), p.containers[0]);
        QTRY_VERIFY_WITH_TIMEOUT(pane->lineCount() >= 40, kWaitMs);
        QVERIFY(pane->text().startsWith(logLines(p.id, p.containers[0], false, 1, 40)));
        box->setCurrentIndex(1);
        QCOMPARE(pane->container(), p.containers[1]);
        QTRY_VERIFY_WITH_TIMEOUT(
            pane->lineCount() >= 40 && pane->text().startsWith(logLines(p.id, p.containers[1], false, 1, 40)), kWaitMs);
        QVERIFY(!pane->text().contains(p.containers[0] + QStringLiteral(" line ")));
        QCOMPARE(m_window->shells()->tabText(m_window->shells()->indexOf(pane)),
                 QStringLiteral("Logs: %1/%2").arg(p.id.section(u'/', 1), p.containers[1]));

        // From the container's own row: that container.
        views::PodLogPane *second = openLogs(m_cluster.endpoint.accountId, p.id + u'/' + p.containers[1]);
        QVERIFY(second);
        QCOMPARE(second->container(), p.containers[1]);
        QTRY_VERIFY_WITH_TIMEOUT(second->lineCount() >= 40, kWaitMs);
        QVERIFY(second->text().startsWith(logLines(p.id, p.containers[1], false, 1, 40)));
    }

    void previousInstance()
    {
        const PodInfo p = pod(1, Restarts::Some);
        if (p.id.isEmpty())
            QSKIP("the simulator has no restarted pod with one container");
        views::PodLogPane *pane = openLogs(m_cluster.endpoint.accountId, p.id);
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->lineCount() >= 40, kWaitMs);
        pane->setPrevious(true);
        QVERIFY(!pane->options().follow);
        QTRY_VERIFY_WITH_TIMEOUT(pane->isSettled() && pane->text() == logLines(p.id, p.containers[0], true, 1, 20),
                                 kWaitMs);
    }

    void errorsKeepTheShownText()
    {
        // A container that never restarted has no previous instance: the error shows, the text stays.
        const PodInfo p = pod(1, Restarts::None);
        views::PodLogPane *pane = openLogs(m_cluster.endpoint.accountId, p.id);
        QVERIFY(pane);
        QTRY_VERIFY_WITH_TIMEOUT(pane->lineCount() >= 42, kWaitMs);
        pane->setPrevious(true);
        QTRY_VERIFY_WITH_TIMEOUT(!pane->statusText().isEmpty(), kWaitMs);
        QVERIFY2(pane->statusText().contains(QStringLiteral("previous terminated container")),
                 qPrintable(pane->statusText()));
        QVERIFY(pane->lineCount() >= 42);
        QVERIFY(pane->text().startsWith(logLines(p.id, p.containers[0], false, 1, 42)));
        auto *retry = pane->findChild<QToolButton *>(QStringLiteral("retryButton"));
        QVERIFY(retry && retry->isVisible());
        pane->setPrevious(false);
        QTRY_VERIFY_WITH_TIMEOUT(!pane->isLoading() && pane->isAlive() && pane->lineCount() >= 42, kWaitMs);
        QVERIFY(pane->statusText().isEmpty());

        // The pod goes: the stream ends and says so; Retry finds no pod (404); the text stays.
        auto *driver = qobject_cast<drivers::kubernetes::KubernetesDriver *>(
            m_window->session(m_cluster.endpoint.accountId)->driver());
        QVERIFY(driver);
        std::unique_ptr<drivers::Job> job(driver->deletePod(p.id, 0));
        QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(pane->isSettled() && !pane->statusText().isEmpty(), kWaitMs);
        QVERIFY(!pane->isAlive());
        const QString shown = pane->text();
        QVERIFY(shown.startsWith(logLines(p.id, p.containers[0], false, 1, 42)));
        QTRY_VERIFY(retry->isVisible());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(pane->statusText().contains(QStringLiteral("not found")), kWaitMs);
        QVERIFY(pane->isSettled());
        QCOMPARE(pane->text(), shown);
        QVERIFY(retry->isVisible());
    }

    void floodKeepsTheWindowResponsive()
    {
        const QList<PodInfo> pods = podsOf(*m_flood.sim);
        const auto it = std::find_if(pods.cbegin(), pods.cend(), [](const PodInfo &p) {
            return p.scheduled && p.running && p.containers.size() == 1;
        });
        QVERIFY(it != pods.cend());
        views::PodLogPane *pane = openLogs(m_flood.endpoint.accountId, it->id);
        QVERIFY(pane);
        pane->setTailLines(-1); // the 20,000 lines logged, then the flood

        // A timer on the GUI thread: the longest the event loop went without serving it while
        // the flood is shown is how long the window was frozen.
        QTimer tick;
        QElapsedTimer sinceTick;
        qint64 worstGapMs = 0;
        qint64 mostWaiting = 0;
        int ticks = 0;
        connect(&tick, &QTimer::timeout, &tick, [&] {
            if (ticks++ > 0)
                worstGapMs = std::max(worstGapMs, sinceTick.elapsed());
            sinceTick.restart();
            mostWaiting = std::max(mostWaiting, pane->pendingBytes());
        });
        tick.start(5);
        QTRY_VERIFY_WITH_TIMEOUT(pane->bytesReceived() >= qint64{48} * 1024 * 1024, 180'000);
        tick.stop();
        pane->setPaused(true);
        qInfo(
            "flood: %lld MB received, %d lines kept, %lld lines skipped, worst event loop gap %lld ms, at most %lld kB "
            "waiting",
            pane->bytesReceived() >> 20, pane->lineCount(), pane->skippedLines(), worstGapMs, mostWaiting >> 10);
        QVERIFY(ticks > 50);
        QVERIFY2(worstGapMs < 250, qPrintable(QStringLiteral("the window froze for %1 ms").arg(worstGapMs)));
        // Bounded: the view keeps its lines, what waits stays under the high-water mark and a slice.
        QVERIFY(pane->lineCount() <= pane->maximumLines());
        QVERIFY(pane->lineCount() > pane->maximumLines() / 2);
        QVERIFY(mostWaiting <= views::PodLogPane::kHighWaterBytes + drivers::kubernetes::PodLogStream::kSliceBytes);
        // The lines on show are whole lines of the log, in order.
        const QStringList lines = pane->text().split(u'\n');
        const QString last = lines.at(lines.size() - 2);
        QVERIFY2(last.startsWith(it->containers.first() + QStringLiteral(" line ")), qPrintable(last));
        const int lastIndex = last.section(u' ', 2, 2).chopped(1).toInt();
        QVERIFY(lastIndex > 20'000);
        QCOMPARE(lines.at(lines.size() - 3),
                 logLines(it->id, it->containers.first(), false, lastIndex - 1, lastIndex - 1));
    }

    void execShellInAContainer()
    {
        const PodInfo p = pod(1);
        const QString containerId = p.id + u'/' + p.containers.first();
        views::PodExecTab *tab = openExec(m_cluster.endpoint.accountId, containerId);
        QVERIFY(tab);
        QCOMPARE(tab->target().podId, p.id);
        QCOMPARE(tab->target().container, p.containers.first());
        views::TerminalWidget *terminal = tab->terminal();
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->isOpen(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!terminal->screenText().trimmed().isEmpty(), kWaitMs); // a prompt
        QVERIFY(tab->statusText().isEmpty());
        QVERIFY(tab->isAlive());
        typeLine(terminal, QStringLiteral("echo hi-$((6*7))"));
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("hi-42")), kWaitMs);

        // The terminal follows the tab's size, and the container's pty follows the terminal.
        const int columns = terminal->columns();
        const int rows = terminal->rows();
        m_window->resize(m_window->width() - 240, m_window->height() - 120);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->columns() < columns, kWaitMs);
        QVERIFY(terminal->rows() <= rows);
        typeLine(terminal, QStringLiteral("stty size"));
        const QString size = QStringLiteral("%1 %2").arg(terminal->rows()).arg(terminal->columns());
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(size), kWaitMs);

        // exit: the bar says so and offers to reconnect.
        typeLine(terminal, QStringLiteral("exit"));
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isAlive(), kWaitMs);
        QVERIFY2(tab->statusText().contains(QStringLiteral("exit status 0")), qPrintable(tab->statusText()));
        auto *reconnect = tab->findChild<QToolButton *>(QStringLiteral("reconnectButton"));
        QVERIFY(reconnect && reconnect->isVisible());
        QCOMPARE(m_window->shells()->tabText(m_window->shells()->indexOf(tab)),
                 QStringLiteral("%1 (ended)").arg(tab->name()));
        QTest::mouseClick(reconnect, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->isOpen(), kWaitMs);
        QVERIFY(tab->isAlive());
        typeLine(terminal, QStringLiteral("echo again-$((2*3))"));
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("again-6")), kWaitMs);
        typeLine(terminal, QStringLiteral("exit 3"));
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isAlive(), kWaitMs);
        QVERIFY2(tab->statusText().contains(QStringLiteral("exit status 3")), qPrintable(tab->statusText()));
        m_window->resize(1300, 900);
    }

    void execOnAPodUsesItsFirstContainer()
    {
        const PodInfo p = pod(2);
        QVERIFY(!p.id.isEmpty());
        views::PodExecTab *tab = openExec(m_cluster.endpoint.accountId, p.id);
        QVERIFY(tab);
        QCOMPARE(tab->target().container, p.containers.first());
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->isOpen(), kWaitMs);
        // Closing a live shell asks first.
        m_window->shells()->requestClose(m_window->shells()->indexOf(tab));
        QTRY_VERIFY(m_window->shells()->pendingDialog());
        QCOMPARE(m_window->shells()->count(), 1);
        m_window->shells()->pendingDialog()->reject();
        QCOMPARE(m_window->shells()->count(), 1);
    }

    void execIntoAMissingPodSaysWhy()
    {
        views::PodExecTab tab({m_cluster.endpoint, QStringLiteral("default/no-such-pod"), {}, {}}, m_network.get());
        tab.show();
        tab.start();
        QTRY_VERIFY_WITH_TIMEOUT(!tab.isAlive(), kWaitMs);
        QVERIFY2(tab.statusText().contains(QStringLiteral("not found")), qPrintable(tab.statusText()));
    }
};

QTEST_MAIN(TestKubernetesTabs)
#include "tst_kubernetestabs.moc"
