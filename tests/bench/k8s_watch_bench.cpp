// The watch under load, as the console lives it: a simulated cluster whose churn generator runs
// at a chosen rate is listed by the account's session into the store, the tree is shown (the
// cluster and its first nodes expanded), then the WATCH streams are applied for a while. Meanwhile
// a 1 ms timer measures the GUI thread: the longest gap between two of its turns is the longest
// stall the user could see. Prints one JSON line: events applied, their rate, the longest stall
// and the 99th percentile of the gaps, the watch's batches, peak RSS.
//
//   k8s_watch_bench KUBECONFIG SECONDS
#include "benchkubeconfig.h"
#include "inventory/inventorystore.h"
#include "inventorytreeview.h"
#include "kubernetes/kubernetesdriver.h"
#include "sync/accountsession.h"
#include "tree/inventorytreemodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <vector>

using namespace nephele;

namespace {

// Times every event the GUI thread dispatches, so a stall names what caused it: the receiver's
// class and the event type of each dispatch over 20 ms, at its outermost level.
class TimedApplication final : public QApplication
{
public:
    using QApplication::QApplication;
    struct Slow {
        double ms;
        QString what;
    };
    std::vector<Slow> slow;
    bool timing = false;

    bool notify(QObject *receiver, QEvent *event) override
    {
        // notify() runs on every thread that dispatches events (the watch reader's too): only the
        // GUI thread's dispatches are stalls.
        if (!timing || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const double cpuBefore = threadCpuMs();
        const bool done = QApplication::notify(receiver, event);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        const double cpuMs = threadCpuMs() - cpuBefore;
        --m_depth;
        if (ms > 20) {
            QString what = QString::fromLatin1(receiver->metaObject()->className());
            if (!receiver->objectName().isEmpty())
                what += QLatin1Char('#') + receiver->objectName();
            if (receiver->parent()) // a timer says little; its owner says what it was for
                what += QStringLiteral(" of ") + QString::fromLatin1(receiver->parent()->metaObject()->className());
            // The thread's own CPU time says how much of the wait was its work rather than other
            // processes running (the simulator shares the machine).
            what += QStringLiteral(" event %1, %2 ms on CPU").arg(int(event->type())).arg(cpuMs, 0, 'f', 1);
            slow.push_back({ms, what});
        }
        return done;
    }

private:
    static double threadCpuMs()
    {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
    }
    int m_depth = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    TimedApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: k8s_watch_bench KUBECONFIG SECONDS\n");
        return 2;
    }
    const int seconds = std::max(1, QByteArray(argv[2]).toInt());
    auto resolved = bench::currentContextOf(QString::fromLocal8Bit(argv[1]));
    if (!resolved) {
        std::fprintf(stderr, "%s\n", qPrintable(resolved.error()));
        return 2;
    }

    QNetworkAccessManager network;
    models::InventoryStore store;
    models::InventoryTreeModel model(&store);
    model.setGrouping(models::InventoryTreeModel::Grouping::Hierarchy);
    views::InventoryTreeView view;
    view.setUniformRowHeights(true);
    view.setModel(&model);
    view.resize(1200, 800);
    view.show();

    models::AccountInfo account;
    account.id = account.name = QStringLiteral("bench");
    account.provider = QStringLiteral("kubernetes");
    store.addAccount(account);
    auto owned = std::make_unique<drivers::kubernetes::KubernetesDriver>(resolved->endpoint, &network);
    const drivers::kubernetes::KubernetesDriver *driver = owned.get();
    models::AccountSession session(account, std::move(owned), &store);

    // Counted once the listing landed: what the watch brings.
    bool watching = false;
    qint64 events = 0, batches = 0;
    QObject::connect(&store, &models::InventoryStore::inventoryChanged, &app,
                     [&](const models::InventoryChange &change) {
                         if (!watching)
                             return;
                         ++batches;
                         events += qint64(change.inserted.size() + change.changed.size() + change.removed.size());
                     });

    QElapsedTimer clock;
    qint64 last = 0;
    std::vector<qint64> gaps;
    std::vector<std::pair<qint64, qint64>> longGaps; // (when it ended, how long), over 50 ms
    QTimer ticker;
    ticker.setInterval(1);
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        gaps.push_back(now - last);
        if (now - last > 50'000'000)
            longGaps.emplace_back(now, now - last);
        last = now;
    });

    int status = 0;
    QObject::connect(&session, &models::AccountSession::listingFinished, &app, [&](bool ok) {
        if (watching)
            return;
        if (!ok) {
            std::fprintf(stderr, "%s\n", qPrintable(session.lastError()->fullText()));
            status = 1;
            app.quit();
            return;
        }
        // The cluster and its first nodes open, as a user looking at it would have them.
        const QModelIndex cluster = model.index(0, 0);
        view.expand(cluster);
        for (int row = 0; row < std::min(20, model.rowCount(cluster)); ++row)
            view.expand(model.index(row, 0, cluster));
        watching = true;
        app.timing = true;
        clock.start();
        last = 0;
        ticker.start();
        QTimer::singleShot(seconds * 1000, &app, &QApplication::quit);
    });
    session.start();
    app.exec();
    ticker.stop();
    if (status)
        return status;
    const double elapsedS = double(clock.nsecsElapsed()) / 1e9;
    std::sort(gaps.begin(), gaps.end());
    const double worstMs = gaps.empty() ? 0 : double(gaps.back()) / 1e6;
    const double p99Ms = gaps.empty() ? 0 : double(gaps[gaps.size() * 99 / 100]) / 1e6;
    const qint64 over50 = qint64(longGaps.size());
    // The first seconds catch up with what changed while the listing ran; after them, the steady state.
    qint64 steadyOver50 = 0;
    double steadyWorstMs = 0;
    for (const auto &[when, gap] : longGaps) {
        if (when - gap > 5'000'000'000LL) {
            ++steadyOver50;
            steadyWorstMs = std::max(steadyWorstMs, double(gap) / 1e6);
        }
    }
    // The slowest dispatches and what they were, worst first.
    std::sort(app.slow.begin(), app.slow.end(), [](const auto &a, const auto &b) { return a.ms > b.ms; });
    QJsonArray slowest;
    for (size_t i = 0; i < std::min<size_t>(app.slow.size(), 12); ++i)
        slowest.append(QStringLiteral("%1 ms %2").arg(app.slow[i].ms, 0, 'f', 1).arg(app.slow[i].what));
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const QJsonObject out{{QStringLiteral("seconds"), elapsedS},
                          {QStringLiteral("events"), events},
                          {QStringLiteral("events_per_s"), double(events) / elapsedS},
                          {QStringLiteral("batches"), batches},
                          {QStringLiteral("worst_stall_ms"), worstMs},
                          {QStringLiteral("p99_gap_ms"), p99Ms},
                          {QStringLiteral("stalls_over_50ms"), over50},
                          {QStringLiteral("steady_stalls_over_50ms"), steadyOver50},
                          {QStringLiteral("steady_worst_stall_ms"), steadyWorstMs},
                          {QStringLiteral("records"), qint64(store.machinesOf(QStringLiteral("bench")).size())},
                          {QStringLiteral("peak_rss_mb"), double(usage.ru_maxrss) / 1024.0},
                          {QStringLiteral("dispatches_over_20ms"), qint64(app.slow.size())},
                          {QStringLiteral("relists"), driver->relistCount()},
                          {QStringLiteral("reconnects"), driver->reconnectCount()},
                          {QStringLiteral("slowest_dispatches"), slowest}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
