// One listing of a Kubernetes cluster, as the console does it: the kubeconfig's current context
// resolved, nodes and pods LISTed in pages of 500 and parsed as they arrive, then merged into the
// inventory store. Prints one JSON line: milliseconds to the first 500 records parsed, to every
// record listed, to every record in the store; records by kind; peak RSS. Run by k8s_list.py, which
// puts kubectl beside it.
//
//   k8s_list_bench KUBECONFIG
#include "accounts/importers.h"
#include "inventory/inventorystore.h"
#include "kubernetes/kubeauth.h"
#include "kubernetes/kubernetesdriver.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
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
    QFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    const models::ImportResult found = models::importKubeconfig(file.readAll(), file.fileName());
    const models::ImportCandidate *current = nullptr;
    for (const models::ImportCandidate &c : found.candidates) {
        if (c.settings.value(QStringLiteral("current")).toBool())
            current = &c;
    }
    if (!current) {
        std::fprintf(stderr, "the kubeconfig has no current context\n");
        return 2;
    }
    auto resolved = drivers::kubernetes::resolveKubeContext(
        {QStringLiteral("bench"), QStringLiteral("bench"), current->endpoint, current->settings, current->secrets});
    if (!resolved) {
        std::fprintf(stderr, "%s\n", qPrintable(resolved.error()));
        return 2;
    }

    QNetworkAccessManager network;
    drivers::kubernetes::KubernetesDriver driver(resolved->endpoint, &network);
    qint64 first500Ms = -1;
    QObject::connect(&driver, &drivers::Driver::listProgress, &app, [&](qsizetype machines) {
        if (first500Ms < 0 && machines >= 500)
            first500Ms = timer.elapsed();
    });
    models::InventoryStore store;
    models::AccountInfo account;
    account.id = account.name = QStringLiteral("bench");
    account.provider = QStringLiteral("kubernetes");
    store.addAccount(account);
    qint64 listedMs = 0, storedMs = 0;
    QJsonObject kinds;
    int status = 0;
    driver.listMachines().then(&app, [&](const drivers::Result<QList<drivers::Machine>> &result) {
        listedMs = timer.elapsed();
        if (!result) {
            std::fprintf(stderr, "%s\n", qPrintable(result.error().fullText()));
            status = 1;
            app.quit();
            return;
        }
        QHash<QString, int> counts;
        for (const drivers::Machine &m : *result)
            ++counts[drivers::machineKindName(m.kind)];
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            kinds.insert(it.key(), it.value());
        // As the console does: fingerprints off the GUI thread, then the merge.
        const std::vector<quint64> fingerprints = models::InventoryStore::fingerprints(*result);
        store.mergeListing(QStringLiteral("bench"), *result, fingerprints);
        storedMs = timer.elapsed();
        app.quit();
    });
    app.exec();
    if (status)
        return status;
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
