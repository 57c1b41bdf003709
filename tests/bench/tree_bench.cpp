// tree-scale: the inventory store and tree model on a million resources, against
// QStandardItemModel + QSortFilterProxyModel built in the same process on the same data.
//
//   tree_bench [--scale F] [--peer-scale F] [--runs N] [--no-peer]
//
// Prints each figure for Nephele and the peer, the ratios, Nephele's figures at half scale to
// show how they grow, and ends with "RATIO peer/nephele bytes X".

#include "inventory/inventorystore.h"
#include "inventorytreeview.h"
#include "search/searchfilter.h"
#include "tree/inventorytreemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTimer>
#include <QTreeView>

#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <numeric>
#include <optional>

using namespace nephele;
using drivers::Machine;
using drivers::MachineKind;
using drivers::MachineState;
using drivers::Tag;
using models::InventoryStore;
using models::InventoryTreeModel;

namespace {

struct Shape {
    int clusters = 10;
    int nodes = 900; // per cluster
    int pods = 25;   // per node
    int containers = 3;
    int vmAccounts = 7;
    int vms = 91000; // in all
    qint64 total() const { return qint64(clusters) * nodes * (1 + pods + qint64(pods) * containers) + vms; }
};

struct Account {
    QString id;
    QString name;
    QList<Machine> listing;
};

const QStringList kRegions = {QStringLiteral("nyc1"), QStringLiteral("nyc3"), QStringLiteral("sfo3"),
                              QStringLiteral("ams3"), QStringLiteral("fra1"), QStringLiteral("lon1"),
                              QStringLiteral("sgp1"), QStringLiteral("blr1")};
const QStringList kApps = {QStringLiteral("web"),   QStringLiteral("api"),   QStringLiteral("worker"),
                           QStringLiteral("cache"), QStringLiteral("queue"), QStringLiteral("auth")};

QList<Account> makeFleet(const Shape &shape, int mutateEvery = 0)
{
    QList<Account> accounts;
    const QDateTime base = QDateTime::fromSecsSinceEpoch(1760000000, Qt::UTC);
    qint64 counter = 0;
    auto mutate = [&](Machine &m) {
        if (mutateEvery > 0 && counter++ % mutateEvery == 0)
            m.state = m.state == MachineState::Running ? MachineState::Stopped : MachineState::Running;
    };
    for (int c = 0; c < shape.clusters; ++c) {
        Account account{QStringLiteral("cluster-%1").arg(c), QStringLiteral("Cluster %1").arg(c), {}};
        account.listing.reserve(shape.nodes * (1 + shape.pods * (1 + shape.containers)));
        const QString region = kRegions.at(c % kRegions.size());
        for (int n = 0; n < shape.nodes; ++n) {
            Machine node;
            node.id = QStringLiteral("node-%1-%2").arg(c).arg(n);
            node.name = QStringLiteral("ip-10-%1-%2-%3.internal").arg(c).arg(n / 250).arg(n % 250);
            node.kind = MachineKind::Node;
            node.state = MachineState::Running;
            node.providerState = QStringLiteral("Ready");
            node.location = region;
            node.sizeId = QStringLiteral("m5.xlarge");
            node.vcpus = 4;
            node.memoryMb = 16384;
            node.privateIps = {QStringLiteral("10.%1.%2.%3").arg(c).arg(n / 250).arg(n % 250)};
            node.created = base.addSecs(-86400 * (n % 90));
            mutate(node);
            account.listing.append(node);
            for (int p = 0; p < shape.pods; ++p) {
                const QString app = kApps.at((n + p) % kApps.size());
                Machine pod;
                pod.id = QStringLiteral("%1-%2-%3").arg(c).arg(n).arg(p);
                pod.name =
                    QStringLiteral("%1-%2-%3").arg(app).arg(qint64(n) * shape.pods + p, 6, 36, QLatin1Char('0')).arg(p);
                pod.kind = MachineKind::Pod;
                pod.parentId = node.id;
                pod.state = MachineState::Running;
                pod.providerState = QStringLiteral("Running");
                pod.location = region;
                pod.privateIps = {QStringLiteral("100.%1.%2.%3").arg(c).arg((n * shape.pods + p) / 250 % 250).arg(p)};
                pod.tags = {Tag{QStringLiteral("app"), app},
                            Tag{QStringLiteral("team"), QStringLiteral("t%1").arg(n % 12)}};
                pod.created = base.addSecs(-3600 * (p % 48));
                mutate(pod);
                account.listing.append(pod);
                for (int k = 0; k < shape.containers; ++k) {
                    Machine container;
                    container.id = pod.id + QStringLiteral("/c%1").arg(k);
                    container.name = k == 0 ? app : QStringLiteral("sidecar-%1").arg(k);
                    container.kind = MachineKind::Container;
                    container.parentId = pod.id;
                    container.state = MachineState::Running;
                    container.location = region;
                    container.imageId = QStringLiteral("registry.local/%1:1.%2").arg(app).arg(k);
                    mutate(container);
                    account.listing.append(container);
                }
            }
        }
        accounts.append(std::move(account));
    }
    const QStringList sizes = {QStringLiteral("s-1vcpu-1gb"), QStringLiteral("s-2vcpu-4gb"),
                               QStringLiteral("s-4vcpu-8gb"), QStringLiteral("c-8")};
    const QList<double> prices = {6, 24, 48, 168};
    for (int a = 0; a < shape.vmAccounts; ++a) {
        Account account{QStringLiteral("cloud-%1").arg(a), QStringLiteral("Cloud %1").arg(a), {}};
        const int count = shape.vms / shape.vmAccounts;
        account.listing.reserve(count);
        for (int v = 0; v < count; ++v) {
            Machine vm;
            vm.id = QString::number(300000000LL + qint64(a) * 10000000 + v);
            vm.name =
                QStringLiteral("%1-%2-%3").arg(kApps.at(v % kApps.size()), kRegions.at(v % kRegions.size())).arg(v);
            vm.state = v % 17 == 0 ? MachineState::Stopped : MachineState::Running;
            vm.providerState = vm.state == MachineState::Running ? QStringLiteral("active") : QStringLiteral("off");
            vm.location = kRegions.at(v % kRegions.size());
            vm.sizeId = sizes.at(v % sizes.size());
            vm.priceMonthly = prices.at(v % prices.size());
            vm.priceHourly = *vm.priceMonthly / 672;
            vm.publicIps = {QStringLiteral("164.%1.%2.%3").arg(a).arg(v / 250 % 250).arg(v % 250)};
            vm.privateIps = {QStringLiteral("10.1%1.%2.%3").arg(a).arg(v / 250 % 250).arg(v % 250)};
            vm.imageName = QStringLiteral("Ubuntu 22.04 (LTS) x64");
            vm.tags = {Tag{QStringLiteral("env"), v % 3 ? QStringLiteral("prod") : QStringLiteral("dev")}};
            vm.created = base.addSecs(-3600 * (v % 2000));
            mutate(vm);
            account.listing.append(vm);
        }
        accounts.append(std::move(account));
    }
    return accounts;
}

size_t heapInUse()
{
    malloc_trim(0);
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

// Wall time and this thread's CPU time: on a loaded machine the second says what the work
// itself cost.
struct Clock {
    QElapsedTimer wall;
    double cpu0 = 0;
    static double cpuNow()
    {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
    }
    void start() { restart(); }
    void restart()
    {
        wall.restart();
        cpu0 = cpuNow();
    }
    double ms() const { return double(wall.nsecsElapsed()) / 1e6; }
    double cpuMs() const { return cpuNow() - cpu0; }
};

// Lets the view catch up: pending events, then a synchronous paint (which lays out its rows).
void settle(QTreeView &view)
{
    QCoreApplication::processEvents();
    view.viewport()->repaint();
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// The longest gap between two turns of the event loop while `work` runs, work being queued
// as separate events.
struct StallMeter {
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    QTimer ticker;
    StallMeter()
    {
        ticker.setInterval(1);
        ticker.setTimerType(Qt::PreciseTimer);
        QObject::connect(&ticker, &QTimer::timeout, &ticker, [this] {
            const qint64 now = clock.nsecsElapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
    }
    void start()
    {
        clock.start();
        last = 0;
        worst = 0;
        ticker.start();
    }
    void stop() { ticker.stop(); }
};

struct Figures {
    qint64 resources = 0;
    double bytesPerResource = 0;
    double mergeIntoStoreMs = 0;
    double loadModelMs = 0;
    double filterMs = 0;
    double clearMs = 0;
    double fingerprintMs = 0;
    double updateGuiMs = 0;
    double modelSignalsMs = 0;
    double stallMs = 0;
    int filtered = 0;
    double loadCpuMs = 0, filterCpuMs = 0, clearCpuMs = 0, updateCpuMs = 0;
};

void runEvents(const std::vector<std::function<void()>> &steps, StallMeter &meter)
{
    QEventLoop loop;
    size_t next = 0;
    std::function<void()> step = [&] {
        if (next == steps.size()) {
            // let the view paint what changed before stopping the meter
            QTimer::singleShot(30, &loop, &QEventLoop::quit);
            return;
        }
        steps[next++]();
        QTimer::singleShot(0, &loop, step);
    };
    meter.start();
    QTimer::singleShot(0, &loop, step);
    loop.exec();
    meter.stop();
}

Figures runNephele(const Shape &shape, int runs, const QString &word)
{
    Figures f;
    f.resources = shape.total();
    const size_t before = heapInUse();
    QList<Account> fleet = makeFleet(shape);
    auto store = std::make_unique<InventoryStore>();
    qint64 signalNs = 0;
    QElapsedTimer signalClock;
    // Connected before the model's own slot and after it: the time between is the model's.
    QObject::connect(store.get(), &InventoryStore::inventoryChanged, store.get(), [&] { signalClock.start(); });
    for (const Account &account : fleet) {
        models::AccountInfo info;
        info.id = account.id;
        info.name = account.name;
        info.provider = QStringLiteral("sim");
        store->addAccount(info);
    }
    Clock timer;
    timer.start();
    for (const Account &account : fleet)
        store->mergeListing(account.id, account.listing);
    f.mergeIntoStoreMs = timer.ms();
    timer.restart();
    auto model = std::make_unique<InventoryTreeModel>(store.get());
    f.loadModelMs = timer.ms();
    f.loadCpuMs = timer.cpuMs();
    QObject::connect(store.get(), &InventoryStore::inventoryChanged, store.get(),
                     [&] { signalNs += signalClock.nsecsElapsed(); });
    fleet.clear();
    const size_t after = heapInUse();
    f.bytesPerResource = double(after - before) / double(f.resources);

    // Everything below lands in a shown tree, accounts and their groups expanded.
    views::InventoryTreeView view;
    view.setUniformRowHeights(true);
    view.setModel(model.get());
    view.resize(1200, 800);
    view.show();
    auto expandGroups = [&] {
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex account = model->index(row, 0);
            view.expand(account);
            for (int g = 0; g < model->rowCount(account); ++g)
                view.expand(model->index(g, 0, account));
        }
    };
    expandGroups();
    settle(view);

    const auto filter = *models::SearchFilter::parse(word);
    std::vector<double> filterTimes, clearTimes, filterCpu, clearCpu;
    for (int r = 0; r < runs; ++r) {
        timer.restart();
        model->setFilter(filter);
        // as the console does: every match shown when they are few
        if (model->shownMachineCount() <= 2000)
            view.expandAll();
        else
            expandGroups();
        settle(view);
        filterTimes.push_back(timer.ms());
        filterCpu.push_back(timer.cpuMs());
        f.filtered = int(model->shownMachineCount());
        timer.restart();
        model->setFilter({});
        expandGroups();
        settle(view);
        clearTimes.push_back(timer.ms());
        clearCpu.push_back(timer.cpuMs());
    }
    f.filterMs = median(filterTimes);
    f.clearMs = median(clearTimes);
    f.filterCpuMs = median(filterCpu);
    f.clearCpuMs = median(clearCpu);

    // A refresh where 1% of the resources changed.
    QList<Account> changed = makeFleet(shape, 100);
    std::vector<std::vector<quint64>> prints;
    timer.restart();
    for (const Account &account : changed)
        prints.push_back(InventoryStore::fingerprints(account.listing)); // the sessions do this off the GUI thread
    f.fingerprintMs = timer.ms();
    StallMeter meter;
    std::vector<std::function<void()>> steps;
    qint64 guiNs = 0;
    for (qsizetype i = 0; i < changed.size(); ++i) {
        steps.emplace_back([&, i] {
            Clock t;
            t.start();
            store->mergeListing(changed[i].id, changed[i].listing, prints[size_t(i)]);
            guiNs += qint64(t.ms() * 1e6);
            f.updateCpuMs += t.cpuMs();
        });
    }
    signalNs = 0;
    runEvents(steps, meter);
    f.updateGuiMs = ms(guiNs);
    f.modelSignalsMs = ms(signalNs);
    f.stallMs = ms(meter.worst);
    view.setModel(nullptr);
    return f;
}

struct PeerFigures {
    double bytesPerResource = 0;
    double loadModelMs = 0;
    double filterMs = 0;
    double clearMs = 0;
    double updateMs = 0;
    double stallMs = 0;
    int filtered = 0;
};

QList<QStandardItem *> rowFor(const Machine &m, const QString &accountName)
{
    const QString ip =
        !m.publicIps.isEmpty() ? m.publicIps.front() : (!m.privateIps.isEmpty() ? m.privateIps.front() : QString());
    QStringList tags;
    for (const Tag &t : m.tags)
        tags.append(t.text());
    QList<QStandardItem *> row = {
        new QStandardItem(m.name),
        new QStandardItem(InventoryTreeModel::stateText(m.state)),
        new QStandardItem(InventoryTreeModel::kindText(m.kind)),
        new QStandardItem(accountName),
        new QStandardItem(m.location),
        new QStandardItem(m.sizeId),
        new QStandardItem(ip),
        new QStandardItem(m.priceMonthly ? InventoryTreeModel::formatCost(*m.priceMonthly) : QString()),
        new QStandardItem(tags.join(QStringLiteral(", "))),
        new QStandardItem(InventoryTreeModel::formatAge(m.created.toMSecsSinceEpoch(), 1760000000000LL)),
        new QStandardItem(QString()),
        new QStandardItem(QString()),
    };
    row.front()->setData(m.id, Qt::UserRole + 1);
    return row;
}

PeerFigures runPeer(const Shape &shape, int runs, const QString &word)
{
    PeerFigures f;
    const qint64 total = shape.total();
    const size_t before = heapInUse();
    QList<Account> fleet = makeFleet(shape);
    Clock timer;
    timer.start();
    auto model = std::make_unique<QStandardItemModel>();
    model->setColumnCount(InventoryTreeModel::ColumnCount);
    QHash<QString, QStandardItem *> stateItems; // what a peer needs to apply updates
    for (const Account &account : fleet) {
        auto *accountItem = new QStandardItem(account.name);
        QHash<QString, QStandardItem *> locations;
        QHash<QString, QStandardItem *> byId;
        for (const Machine &m : account.listing) {
            QStandardItem *parent = nullptr;
            if (!m.parentId.isEmpty())
                parent = byId.value(m.parentId);
            if (!parent) {
                parent = locations.value(m.location);
                if (!parent) {
                    parent = new QStandardItem(m.location);
                    accountItem->appendRow(parent);
                    locations.insert(m.location, parent);
                }
            }
            QList<QStandardItem *> row = rowFor(m, account.name);
            byId.insert(m.id, row.front());
            stateItems.insert(account.id + u'/' + m.id, row.at(1));
            parent->appendRow(row);
        }
        model->appendRow(accountItem);
    }
    auto proxy = std::make_unique<QSortFilterProxyModel>();
    proxy->setRecursiveFilteringEnabled(true); // keep the parents of matches, as Nephele does
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setSourceModel(model.get());
    f.loadModelMs = timer.ms();
    fleet.clear();
    const size_t after = heapInUse();
    f.bytesPerResource = double(after - before) / double(total);

    QTreeView view;
    view.setUniformRowHeights(true);
    view.setModel(proxy.get());
    view.resize(1200, 800);
    view.show();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex account = proxy->index(row, 0);
        view.expand(account);
        for (int g = 0; g < proxy->rowCount(account); ++g)
            view.expand(proxy->index(g, 0, account));
    }
    settle(view);

    std::vector<double> filterTimes, clearTimes;
    for (int r = 0; r < runs; ++r) {
        timer.restart();
        proxy->setFilterFixedString(word);
        settle(view);
        filterTimes.push_back(timer.ms());
        f.filtered = proxy->rowCount();
        timer.restart();
        proxy->setFilterFixedString(QString());
        settle(view);
        clearTimes.push_back(timer.ms());
    }
    f.filterMs = median(filterTimes);
    f.clearMs = median(clearTimes);

    const QList<Account> changed = makeFleet(shape, 100);
    StallMeter meter;
    std::vector<std::function<void()>> steps;
    qint64 updateNs = 0;
    for (const Account &account : changed) {
        steps.emplace_back([&] {
            QElapsedTimer t;
            t.start();
            // The peer's merge: every listed resource compared with its item, changes written.
            for (const Machine &m : account.listing) {
                QStandardItem *item = stateItems.value(account.id + u'/' + m.id);
                const QString text = InventoryTreeModel::stateText(m.state);
                if (item && item->text() != text)
                    item->setText(text);
            }
            updateNs += t.nsecsElapsed();
        });
    }
    runEvents(steps, meter);
    f.updateMs = ms(updateNs);
    f.stallMs = ms(meter.worst);
    view.setModel(nullptr);
    return f;
}

void print(const char *what, double ours, double peer, const char *unit)
{
    std::printf("  %-44s %12.1f %12.1f %-3s  peer/nephele %6.1fx\n", what, ours, peer, unit,
                ours > 0 ? peer / ours : 0);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    double scale = 1;
    double peerScale = -1;
    int runs = 3;
    bool peer = true;
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--scale" && i + 1 < args.size())
            scale = args[++i].toDouble();
        else if (args[i] == u"--peer-scale" && i + 1 < args.size())
            peerScale = args[++i].toDouble();
        else if (args[i] == u"--runs" && i + 1 < args.size())
            runs = std::max(1, args[++i].toInt());
        else if (args[i] == u"--no-peer")
            peer = false;
    }
    if (peerScale < 0)
        peerScale = scale;
    auto shapeAt = [](double s) {
        Shape shape;
        shape.nodes = std::max(1, int(shape.nodes * s));
        shape.vms = std::max(shape.vmAccounts, int(shape.vms * s));
        return shape;
    };
    const QString word = QStringLiteral("api-0001"); // a name fragment a few thousand pods share

    const Shape full = shapeAt(scale);
    const Shape half = shapeAt(scale / 2);
    std::printf("tree-scale: %lld resources (%d clusters x %d nodes x %d pods x %d containers, %d VMs), "
                "filter word \"%s\", medians of %d runs\n",
                full.total(), full.clusters, full.nodes, full.pods, full.containers, full.vms, qPrintable(word), runs);
    std::fflush(stdout);
    const Figures h = runNephele(half, runs, word);
    const Figures n = runNephele(full, runs, word);
    PeerFigures p;
    if (peer) {
        p = runPeer(shapeAt(peerScale), runs, word);
        if (peerScale != scale)
            std::printf("  (peer at scale %.2f; per-resource figures compare directly, times do not)\n", peerScale);
    }

    std::printf("\n  %-44s %12s %12s\n", "figure", "nephele", "peer");
    print("bytes per resource held (store + model)", n.bytesPerResource, p.bytesPerResource, "B");
    std::printf("  %-44s %12.1f %12.1f MB\n", "bytes held in all", n.bytesPerResource * double(n.resources) / 1e6,
                p.bytesPerResource * double(shapeAt(peerScale).total()) / 1e6);
    print("initial load into the model", n.loadModelMs, p.loadModelMs, "ms");
    std::printf("  %-44s %12.1f %12s ms   (store merge of every listing)\n", "listings into the store",
                n.mergeIntoStoreMs, "-");
    print("filter by a word", n.filterMs, p.filterMs, "ms");
    print("clear the filter", n.clearMs, p.clearMs, "ms");
    std::printf("  %-44s %12d\n", "resources shown by the filter", n.filtered);
    print("1% changed: GUI-thread time to land it", n.updateGuiMs, p.updateMs, "ms");
    std::printf("  %-44s %12.1f %12s ms\n", "1% changed: model signals emitted", n.modelSignalsMs, "-");
    std::printf("  %-44s %12.1f %12s ms   (worker thread, all accounts)\n", "1% changed: fingerprints", n.fingerprintMs,
                "-");
    print("1% changed: longest GUI-thread stall", n.stallMs, p.stallMs, "ms");

    std::printf("\n  nephele's GUI-thread CPU time (what the work cost, whatever the machine's load):\n");
    std::printf("  %-44s %12.1f ms\n", "initial load into the model", n.loadCpuMs);
    std::printf("  %-44s %12.1f ms\n", "filter by a word", n.filterCpuMs);
    std::printf("  %-44s %12.1f ms\n", "clear the filter", n.clearCpuMs);
    std::printf("  %-44s %12.1f ms\n", "1% changed: GUI-thread time to land it", n.updateCpuMs);

    std::printf("\n  scaling, nephele at %lld and %lld resources (doubling should cost <= 2.2x):\n", h.resources,
                n.resources);
    auto growth = [](const char *what, double small, double big) {
        std::printf("  %-44s %10.1f -> %10.1f   x%.2f\n", what, small, big, small > 0 ? big / small : 0);
    };
    growth("bytes held (MB)", h.bytesPerResource * double(h.resources) / 1e6,
           n.bytesPerResource * double(n.resources) / 1e6);
    growth("initial load into the model (ms)", h.loadModelMs, n.loadModelMs);
    growth("listings into the store (ms)", h.mergeIntoStoreMs, n.mergeIntoStoreMs);
    growth("filter by a word (ms)", h.filterMs, n.filterMs);
    growth("clear the filter (ms)", h.clearMs, n.clearMs);
    growth("1% changed: GUI-thread time (ms)", h.updateGuiMs, n.updateGuiMs);
    growth("1% changed: model signals (ms)", h.modelSignalsMs, n.modelSignalsMs);
    growth("1% changed: longest stall (ms)", h.stallMs, n.stallMs);
    growth("initial load, CPU (ms)", h.loadCpuMs, n.loadCpuMs);
    growth("filter by a word, CPU (ms)", h.filterCpuMs, n.filterCpuMs);
    growth("clear the filter, CPU (ms)", h.clearCpuMs, n.clearCpuMs);
    growth("1% changed, CPU (ms)", h.updateCpuMs, n.updateCpuMs);
    std::printf("RATIO peer/nephele bytes %.1f\n",
                n.bytesPerResource > 0 && peer ? p.bytesPerResource / n.bytesPerResource : 0.0);
    return 0;
}
