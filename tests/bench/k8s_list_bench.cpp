// One listing of a Kubernetes cluster, as the console does it: the kubeconfig's current context
// resolved, then the account's session LISTs nodes and pods in pages of 500, parsed as they arrive
// and merged into the inventory store page by page. Prints one JSON line: milliseconds to the
// first 500 records in the store, to the last page parsed, to every record in the store (the
// listing ended, vanished records removed); records by kind; peak RSS. Run by k8s_list.py, which
// puts kubectl beside it.
//
//   k8s_list_bench KUBECONFIG
#include "benchkubeconfig.h"
#include "inventory/inventorystore.h"
#include "kubernetes/kubernetesdriver.h"
#include "sync/accountsession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>
#include <sys/resource.h>

using namespace nephele;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: k8s_list_bench KUBECONFIG\n");
        return 2;
    }
    QElapsedTimer timer;
    timer.start();
    auto resolved = bench::currentContextOf(QString::fromLocal8Bit(argv[1]));
    if (!resolved) {
        std::fprintf(stderr, "%s\n", qPrintable(resolved.error()));
        return 2;
    }

    QNetworkAccessManager network;
    auto driver = std::make_unique<drivers::kubernetes::KubernetesDriver>(resolved->endpoint, &network);
    auto *raw = driver.get();
    qint64 first500Ms = -1, listedMs = 0, storedMs = 0;
    QObject::connect(raw, &drivers::Driver::listProgress, &app, [&](qsizetype) {
        listedMs = timer.elapsed(); // the last page parsed
    });
    models::InventoryStore store;
    qsizetype rows = 0;
    QObject::connect(&store, &models::InventoryStore::inventoryChanged, &app,
                     [&](const models::InventoryChange &change) {
                         rows += qsizetype(change.inserted.size());
                         if (first500Ms < 0 && rows >= 500)
                             first500Ms = timer.elapsed();
                     });
    models::AccountInfo account;
    account.id = account.name = QStringLiteral("bench");
    account.provider = QStringLiteral("kubernetes");
    store.addAccount(account);
    // As the console does: the account's session lists page by page into the store.
    models::AccountSession session(account, std::move(driver), &store);
    int status = 0;
    QObject::connect(&session, &models::AccountSession::listingFinished, &app, [&](bool ok) {
        storedMs = timer.elapsed();
        if (!ok) {
            std::fprintf(stderr, "%s\n", qPrintable(session.lastError()->fullText()));
            status = 1;
        }
        app.quit();
    });
    session.start();
    app.exec();
    if (status)
        return status;
    QJsonObject kinds;
    QHash<QString, int> counts;
    for (models::InventoryStore::Slot slot : store.machinesOf(QStringLiteral("bench")))
        ++counts[drivers::machineKindName(store.record(slot).kind)];
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        kinds.insert(it.key(), it.value());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const QJsonObject out{{QStringLiteral("first_500_ms"), first500Ms},
                          {QStringLiteral("listed_ms"), listedMs},
                          {QStringLiteral("in_store_ms"), storedMs},
                          {QStringLiteral("records"), qint64(store.machinesOf(QStringLiteral("bench")).size())},
                          {QStringLiteral("kinds"), kinds},
                          {QStringLiteral("peak_rss_mb"), double(usage.ru_maxrss) / 1024.0}};
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
