// nephele-cli: the console's libraries without a window.
//
//   nephele-cli --demo machines list -o json|table|csv
//   nephele-cli --demo cost -o json|table                 (run rate by account and in total)
//   nephele-cli machines list --provider digitalocean --endpoint URL --token-env VAR [--ca-file PEM] -o json
//   nephele-cli machines list [--account ID|NAME] -o json     (the console's accounts, tokens from the keychain)
//   nephele-cli sim serve --provider digitalocean --machines N --seed S [--port P] [--faults SPEC] [--tls]
//   nephele-cli machines list --kubeconfig FILE [--context NAME] -o json   (nodes, pods, containers)
//   nephele-cli sim serve --provider kubernetes --nodes N --pods M --seed S [--churn R] [--port P] [--tls]

#include "accounts/accountendpoint.h"
#include "accounts/accountstore.h"
#include "accounts/importers.h"
#include "accounts/secretstore.h"
#include "cost/costsettings.h"
#include "costoutput.h"
#include "demo/demo.h"
#include "driverfactory.h"
#include "kubernetes/kubeauth.h"
#include "machineoutput.h"
#include "sim/digitaloceansim.h"
#include "sim/faultspec.h"
#include "sim/kubernetessim.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

namespace {

using namespace nephele;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

QString tr(const char *text)
{
    return QCoreApplication::translate("nephele-cli", text);
}

void printErr(const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stderr);
}

qint64 peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

struct AccountToList {
    QString provider;
    drivers::AccountEndpoint endpoint;
};

enum class Report { Machines, Cost };

// Lists every account at once and prints all machines (or their cost) when the last one answers.
// Any failed account is reported on stderr and makes the exit status 1; the others are still
// printed. Costs are resolved as the console resolves them (catalog > tags > provider > rates).
int listMachines(QCoreApplication &app, const QList<AccountToList> &accounts, cli::OutputFormat format, bool stats,
                 Report report, const models::cost::CostSettings &costSettings)
{
    QNetworkAccessManager network;
    // Each account's machines stay in its own listing; the output refers to them.
    std::vector<QList<drivers::Machine>> listings(size_t(accounts.size()));
    int pending = int(accounts.size());
    int failures = 0;
    QElapsedTimer timer;
    timer.start();
    std::vector<std::unique_ptr<drivers::Driver>> drivers;

    for (qsizetype i = 0; i < accounts.size(); ++i) {
        const AccountToList &account = accounts[i];
        auto driver = drivers::createDriver(account.provider, account.endpoint, &network);
        if (!driver) {
            printErr(tr("Unknown provider \"%1\". Known: %2")
                         .arg(account.provider, drivers::knownProviders().join(QStringLiteral(", "))));
            return kExitUsage;
        }
        driver->listMachines().then(&app, [&, i](const drivers::Result<QList<drivers::Machine>> &result) {
            if (result)
                listings[size_t(i)] = *result; // shares the list; nothing is copied
            else {
                ++failures;
                printErr(tr("error: %1").arg(result.error().fullText()));
            }
            if (--pending == 0)
                app.quit();
        });
        drivers.push_back(std::move(driver));
    }
    if (pending > 0)
        app.exec();
    const qint64 listMs = timer.elapsed();

    models::cost::CostResolver resolver(
        costSettings, [](QStringView provider) { return drivers::capabilitiesFor(provider.toString()); });
    resolver.setToday(QDateTime::currentDateTimeUtc().date());
    QList<cli::ListedMachine> listed;
    for (qsizetype i = 0; i < accounts.size(); ++i) {
        const AccountToList &account = accounts[i];
        for (const drivers::Machine &m : std::as_const(listings[size_t(i)])) {
            listed.append(
                {account.endpoint.accountName, account.provider, account.endpoint.accountId, &m,
                 resolver.resolve(models::cost::CostInput::from(m, account.endpoint.accountId, account.provider))});
        }
    }
    std::stable_sort(listed.begin(), listed.end(), [](const cli::ListedMachine &a, const cli::ListedMachine &b) {
        if (a.account != b.account)
            return a.account < b.account;
        return a.machine->name < b.machine->name;
    });
    QByteArray out;
    if (report == Report::Cost) {
        QList<cli::CostAccount> costAccounts;
        for (const AccountToList &account : accounts) {
            costAccounts.append({account.endpoint.accountId, account.endpoint.accountName, account.provider,
                                 resolver.currencyFor(account.endpoint.accountId, {})});
        }
        std::stable_sort(costAccounts.begin(), costAccounts.end(),
                         [](const cli::CostAccount &a, const cli::CostAccount &b) { return a.name < b.name; });
        out = cli::formatCostSummary(costAccounts, listed, format);
    } else {
        out = cli::formatMachines(listed, format);
    }
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
    if (stats) {
        printErr(
            QStringLiteral("stats: listed %1 machines from %2 account(s) in %3 ms; output in %4 ms; peak RSS %5 MB")
                .arg(listed.size())
                .arg(accounts.size())
                .arg(listMs)
                .arg(timer.elapsed() - listMs)
                .arg(peakRssKb() / 1024.0, 0, 'f', 1));
    }
    return failures ? kExitFailed : kExitOk;
}

// The console's own accounts (all enabled ones, or the one named), each with its token read from
// the OS keychain. Problems are printed; the accounts that could be prepared are returned.
QList<AccountToList> savedAccounts(QCoreApplication &app, const QString &wanted, int *problems)
{
    models::AccountStore store;
    if (!store.load()) {
        printErr(tr("error: %1").arg(store.loadError()));
        ++*problems;
        return {};
    }
    QList<models::Account> chosen;
    for (const models::Account &account : store.accounts()) {
        const bool named = account.id == wanted || account.name == wanted;
        if (wanted.isEmpty() ? account.enabled : named)
            chosen.append(account);
    }
    if (chosen.isEmpty()) {
        printErr(wanted.isEmpty() ? tr("No accounts are set up. Add one in the console, or use --demo.")
                                  : tr("No account is named \"%1\".").arg(wanted));
        ++*problems;
        return {};
    }

    models::SecretStore secrets;
    QList<AccountToList> ready;
    int pending = int(chosen.size());
    for (const models::Account &account : std::as_const(chosen)) {
        secrets.read(account.id).then(&app, [&, account](const models::SecretResult &token) {
            if (!token) {
                printErr(tr("error: %1: %2").arg(account.name, token.error()));
                ++*problems;
            } else if (auto resolved = models::resolveEndpoint(account, *token); !resolved) {
                // (a kubeconfig context may run its credential plugin: the command waits for it)
                printErr(tr("error: %1: %2").arg(account.name, resolved.error()));
                ++*problems;
            } else {
                for (const QString &warning : std::as_const(resolved->warnings))
                    printErr(tr("warning: %1: %2").arg(account.name, warning));
                ready.append({account.provider, resolved->endpoint});
            }
            if (--pending == 0)
                app.quit();
        });
    }
    if (pending > 0)
        app.exec();
    return ready;
}

// Blocks SIGINT and SIGTERM in every thread started after it, so that sigwait() receives them.
// One context of a kubeconfig (`files` separated like $KUBECONFIG; the current context unless
// `context` names one), with its credentials resolved as kubectl would: token, token file, client
// certificate, exec plugin.
nephele::Expected<AccountToList, QString> kubeconfigAccount(const QString &files, const QString &context)
{
    QList<models::ImportSource> sources;
    for (const QString &path : files.split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return nephele::Unexpected(tr("Cannot read the kubeconfig %1: %2").arg(path, file.errorString()));
        sources.append({file.readAll(), path});
    }
    if (sources.isEmpty())
        return nephele::Unexpected(tr("--kubeconfig names no file"));
    const models::ImportResult found = models::importKubeconfigFiles(sources);
    for (const models::ImportProblem &p : found.problems)
        printErr(QStringLiteral("%1:%2:%3: %4").arg(p.file).arg(p.line).arg(p.column).arg(p.message));
    QStringList names;
    const models::ImportCandidate *chosen = nullptr;
    for (const models::ImportCandidate &c : found.candidates) {
        names << c.name;
        if (context.isEmpty() ? c.settings.value(QStringLiteral("current")).toBool() : c.name == context)
            chosen = &c;
    }
    if (!chosen) {
        if (context.isEmpty())
            return nephele::Unexpected(tr("The kubeconfig has no current context; choose one with --context: %1")
                                           .arg(names.join(QStringLiteral(", "))));
        return nephele::Unexpected(
            tr("The kubeconfig has no context \"%1\"; it has: %2").arg(context, names.join(QStringLiteral(", "))));
    }
    drivers::kubernetes::KubeContext kube;
    kube.accountId = kube.accountName = chosen->name;
    kube.server = chosen->endpoint;
    kube.settings = chosen->settings;
    kube.secrets = chosen->secrets;
    auto resolved = drivers::kubernetes::resolveKubeContext(kube);
    if (!resolved)
        return nephele::Unexpected(tr("%1: %2").arg(chosen->name, resolved.error()));
    for (const QString &warning : std::as_const(resolved->warnings))
        printErr(tr("warning: %1: %2").arg(chosen->name, warning));
    return AccountToList{QStringLiteral("kubernetes"), resolved->endpoint};
}

sigset_t blockStopSignals()
{
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    return stopSignals;
}

// A simulated Kubernetes cluster; the first line out names its URL and a kubeconfig for it.
int serveKubernetesSimulator(const QCommandLineParser &args)
{
    sim::KubernetesSimOptions options;
    bool ok = true;
    const auto number = [&](const char *name, int fallback) {
        bool good = true;
        const int n = args.isSet(QLatin1String(name)) ? args.value(QLatin1String(name)).toInt(&good) : fallback;
        ok = ok && good;
        return n;
    };
    options.nodes = number("nodes", 3);
    options.pods = number("pods", 30);
    options.port = number("port", 0);
    if (args.isSet(QStringLiteral("seed")))
        options.seed = args.value(QStringLiteral("seed")).toULongLong(&ok);
    options.realisticPods = args.isSet(QStringLiteral("realistic-pods"));
    options.metricsServer = !args.isSet(QStringLiteral("no-metrics"));
    if (ok && args.isSet(QStringLiteral("churn")))
        options.churnPerSecond = args.value(QStringLiteral("churn")).toDouble(&ok);
    if (!ok || options.churnPerSecond < 0) {
        printErr(tr("sim serve: --nodes, --pods, --seed, --port and --churn take numbers"));
        return kExitUsage;
    }
    options.tls = args.isSet(QStringLiteral("tls"));
    options.clusterName = "nephele-sim";
    const sigset_t stopSignals = blockStopSignals();
    sim::KubernetesSim simulator(options);
    std::string why;
    if (!simulator.start(&why)) {
        printErr(tr("sim serve: %1").arg(QString::fromStdString(why)));
        return kExitFailed;
    }
    // The kubeconfig holds the token: a private file in a private folder, gone when the sim stops.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("kubeconfig"));
    QSaveFile file(path);
    if (!dir.isValid() || !file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(QByteArray::fromStdString(simulator.kubeconfig())) < 0 || !file.commit()) {
        printErr(tr("sim serve: cannot write the kubeconfig to %1").arg(path));
        return kExitFailed;
    }
    const QJsonObject hello{{QStringLiteral("url"), QString::fromStdString(simulator.url())},
                            {QStringLiteral("kubeconfig"), path}};
    const QByteArray line = QJsonDocument(hello).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
    int received = 0;
    sigwait(&stopSignals, &received);
    simulator.stop();
    return kExitOk;
}

int serveSimulator(const QCommandLineParser &args)
{
    const QString provider = args.value(QStringLiteral("provider"));
    if (provider == QLatin1String("kubernetes"))
        return serveKubernetesSimulator(args);
    if (provider != QLatin1String("digitalocean")) {
        printErr(tr("sim serve: --provider must be one of: digitalocean, kubernetes"));
        return kExitUsage;
    }
    sim::DigitalOceanSimOptions options;
    bool ok = true;
    if (args.isSet(QStringLiteral("machines")))
        options.droplets = args.value(QStringLiteral("machines")).toInt(&ok);
    if (!ok || options.droplets < 0 || options.droplets > 1'000'000) {
        printErr(tr("sim serve: --machines takes a number from 0 to 1000000"));
        return kExitUsage;
    }
    if (args.isSet(QStringLiteral("seed")))
        options.seed = args.value(QStringLiteral("seed")).toULongLong(&ok);
    if (args.isSet(QStringLiteral("port")))
        options.port = args.value(QStringLiteral("port")).toInt(&ok);
    if (!ok) {
        printErr(tr("sim serve: --seed and --port take numbers"));
        return kExitUsage;
    }
    if (args.isSet(QStringLiteral("rate-limit")))
        options.rateLimitPerHour = args.value(QStringLiteral("rate-limit")).toInt(&ok);
    if (args.isSet(QStringLiteral("time-scale")))
        options.timeScale = args.value(QStringLiteral("time-scale")).toDouble(&ok);
    options.tls = args.isSet(QStringLiteral("tls"));
    if (args.isSet(QStringLiteral("faults"))) {
        std::string why;
        auto faults = sim::FaultSpec::parse(args.value(QStringLiteral("faults")).toStdString(), &why);
        if (!faults) {
            printErr(tr("sim serve: --faults: %1").arg(QString::fromStdString(why)));
            return kExitUsage;
        }
        options.faults = *faults;
    }

    // Block the stop signals before the server threads start, so they all inherit the mask and
    // this thread alone receives them in sigwait.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    sim::DigitalOceanSim simulator(options);
    std::string why;
    if (!simulator.start(&why)) {
        printErr(tr("sim serve: %1").arg(QString::fromStdString(why)));
        return kExitFailed;
    }
    QJsonObject hello{
        {QStringLiteral("url"), QString::fromStdString(simulator.url())},
        {QStringLiteral("token"), QString::fromStdString(simulator.token())},
        {QStringLiteral("provider"), provider},
        {QStringLiteral("machines"), options.droplets},
    };
    std::unique_ptr<QTemporaryDir> caDir;
    if (options.tls) {
        caDir = std::make_unique<QTemporaryDir>();
        const QString caPath = caDir->filePath(QStringLiteral("sim-ca.pem"));
        QSaveFile file(caPath);
        if (!file.open(QIODevice::WriteOnly) ||
            file.write(QByteArray::fromStdString(simulator.caCertificatePem())) < 0 || !file.commit()) {
            printErr(tr("sim serve: cannot write the CA certificate to %1").arg(caPath));
            return kExitFailed;
        }
        hello.insert(QStringLiteral("ca_file"), caPath);
    }
    const QByteArray line = QJsonDocument(hello).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);

    int received = 0;
    sigwait(&stopSignals, &received);
    simulator.stop();
    return kExitOk;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("nephele-cli"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("nephele.dev"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NEPHELE_VERSION));

    QCommandLineParser args;
    args.setApplicationDescription(tr("Nephele, headless: list machines, serve simulated clouds."));
    args.addHelpOption();
    args.addVersionOption();
    args.addOptions({
        {QStringLiteral("demo"), tr("Use the built-in demo's simulated clouds.")},
        {QStringLiteral("account"), tr("One of the console's saved accounts, by id or name."),
         QStringLiteral("account")},
        {{QStringLiteral("o"), QStringLiteral("output")},
         tr("Output format: json, table or csv."),
         QStringLiteral("format"),
         QStringLiteral("table")},
        {QStringLiteral("provider"), tr("Provider id, e.g. digitalocean."), QStringLiteral("id")},
        {QStringLiteral("endpoint"), tr("API base URL, e.g. https://api.digitalocean.com."), QStringLiteral("url")},
        {QStringLiteral("token-env"), tr("Name of the environment variable holding the API token."),
         QStringLiteral("var")},
        {QStringLiteral("ca-file"), tr("PEM file of a CA certificate to trust for this endpoint."),
         QStringLiteral("file")},
        {QStringLiteral("allow-http"), tr("Allow plain http to a non-loopback endpoint.")},
        {QStringLiteral("page-size"), tr("Items per page (default: the provider's maximum)."), QStringLiteral("n")},
        {QStringLiteral("parallel"), tr("Pages fetched at once (default 4)."), QStringLiteral("n")},
        {QStringLiteral("stats"), tr("Print timing and memory figures to stderr.")},
        {QStringLiteral("cost-settings"),
         tr("Cost settings (price catalog, account rates) to use; default: the console's, none with --demo."),
         QStringLiteral("file")},
        {QStringLiteral("machines"), tr("sim serve: number of machines."), QStringLiteral("n")},
        {QStringLiteral("kubeconfig"),
         tr("machines list: a kubeconfig (or several, separated as in $KUBECONFIG); lists its cluster's nodes, "
            "pods and containers."),
         QStringLiteral("file")},
        {QStringLiteral("context"), tr("machines list --kubeconfig: the context (default: the current one)."),
         QStringLiteral("name")},
        {QStringLiteral("nodes"), tr("sim serve (kubernetes): number of nodes."), QStringLiteral("n")},
        {QStringLiteral("pods"), tr("sim serve (kubernetes): number of pods."), QStringLiteral("n")},
        {QStringLiteral("churn"), tr("sim serve (kubernetes): pod changes a second."), QStringLiteral("r")},
        {QStringLiteral("realistic-pods"),
         tr("sim serve (kubernetes): pods as big as on a real cluster (5-13 kB of JSON each).")},
        {QStringLiteral("no-metrics"), tr("sim serve (kubernetes): a cluster without metrics-server.")},
        {QStringLiteral("seed"), tr("sim serve: generator seed."), QStringLiteral("n")},
        {QStringLiteral("port"), tr("sim serve: port (default: any free port)."), QStringLiteral("port")},
        {QStringLiteral("faults"), tr("sim serve: faults, e.g. latency=50,5xx=0.1,429=0.05,reset=0.02."),
         QStringLiteral("spec")},
        {QStringLiteral("tls"), tr("sim serve: serve https with a generated CA.")},
        {QStringLiteral("time-scale"), tr("sim serve: multiply action durations (default 1)."), QStringLiteral("x")},
        {QStringLiteral("rate-limit"),
         tr("sim serve: requests an hour before 429 (default 5000, as DigitalOcean; 0: no limit)."),
         QStringLiteral("n")},
    });
    args.addPositionalArgument(QStringLiteral("command"), tr("machines list | cost | sim serve"));
    args.process(app);

    const QStringList command = args.positionalArguments();
    if (command == QStringList{QStringLiteral("sim"), QStringLiteral("serve")})
        return serveSimulator(args);

    const Report report = command == QStringList{QStringLiteral("cost")} ? Report::Cost : Report::Machines;
    if (report != Report::Cost && command != QStringList{QStringLiteral("machines"), QStringLiteral("list")}) {
        printErr(tr("Unknown command \"%1\". Commands: machines list, cost, sim serve. See --help.")
                     .arg(command.join(QLatin1Char(' '))));
        return kExitUsage;
    }
    const auto format = cli::outputFormatFromName(args.value(QStringLiteral("output")));
    if (!format || (report == Report::Cost && *format == cli::OutputFormat::Csv)) {
        printErr(report == Report::Cost ? tr("cost: -o takes json or table.") : tr("-o takes json, table or csv."));
        return kExitUsage;
    }
    models::cost::CostSettings costSettings;
    {
        const bool named = args.isSet(QStringLiteral("cost-settings"));
        if (named || !args.isSet(QStringLiteral("demo"))) {
            const QString path =
                named ? args.value(QStringLiteral("cost-settings")) : models::cost::CostSettings::defaultPath();
            if (named && !QFile::exists(path)) {
                printErr(tr("The cost settings file %1 does not exist.").arg(path));
                return kExitUsage;
            }
            auto loaded = models::cost::CostSettings::load(path);
            if (!loaded) {
                printErr(tr("error: %1").arg(loaded.error()));
                return kExitUsage;
            }
            costSettings = *loaded;
        }
    }
    int pageSize = 0;
    int parallel = 4;
    if (args.isSet(QStringLiteral("page-size")))
        pageSize = args.value(QStringLiteral("page-size")).toInt();
    if (args.isSet(QStringLiteral("parallel")))
        parallel = std::max(1, args.value(QStringLiteral("parallel")).toInt());

    QList<AccountToList> accounts;
    std::unique_ptr<app::Demo> demo;
    int problems = 0; // saved accounts whose token could not be read
    if (args.isSet(QStringLiteral("demo"))) {
        QString why;
        demo = app::Demo::start({}, &why);
        if (!demo) {
            printErr(why);
            return kExitFailed;
        }
        for (const app::DemoAccount &account : demo->accounts())
            accounts.append({account.provider, account.endpoint});
    } else if (args.isSet(QStringLiteral("kubeconfig"))) {
        auto cluster =
            kubeconfigAccount(args.value(QStringLiteral("kubeconfig")), args.value(QStringLiteral("context")));
        if (!cluster) {
            printErr(cluster.error());
            return kExitUsage;
        }
        accounts.append(*cluster);
    } else {
        const QString provider = args.value(QStringLiteral("provider"));
        const QString endpoint = args.value(QStringLiteral("endpoint"));
        const QString tokenEnv = args.value(QStringLiteral("token-env"));
        if (provider.isEmpty() && endpoint.isEmpty() && tokenEnv.isEmpty()) {
            accounts = savedAccounts(app, args.value(QStringLiteral("account")), &problems);
            if (accounts.isEmpty())
                return kExitFailed;
        } else if (provider.isEmpty() || endpoint.isEmpty() || tokenEnv.isEmpty()) {
            printErr(tr("machines list needs --demo, your saved accounts (no other option), or --provider, "
                        "--endpoint and --token-env together. Tokens are never taken from the command line, "
                        "where other users can read them."));
            return kExitUsage;
        }
    }
    if (accounts.isEmpty()) {
        const QString provider = args.value(QStringLiteral("provider"));
        const QString endpoint = args.value(QStringLiteral("endpoint"));
        const QString tokenEnv = args.value(QStringLiteral("token-env"));
        const QString token = qEnvironmentVariable(qPrintable(tokenEnv));
        if (token.isEmpty()) {
            printErr(tr("The environment variable %1 is empty or not set.").arg(tokenEnv));
            return kExitUsage;
        }
        drivers::AccountEndpoint ep;
        ep.accountId = ep.accountName = QUrl(endpoint).host();
        ep.baseUrl = QUrl(endpoint);
        ep.token = token;
        ep.allowPlainHttp = args.isSet(QStringLiteral("allow-http"));
        if (args.isSet(QStringLiteral("ca-file"))) {
            QFile file(args.value(QStringLiteral("ca-file")));
            if (!file.open(QIODevice::ReadOnly)) {
                printErr(tr("Cannot read the CA certificate file %1: %2").arg(file.fileName(), file.errorString()));
                return kExitUsage;
            }
            ep.caCertificates = QSslCertificate::fromData(file.readAll());
            if (ep.caCertificates.isEmpty()) {
                printErr(tr("%1 holds no PEM certificate.").arg(file.fileName()));
                return kExitUsage;
            }
        }
        accounts.append({provider, ep});
    }
    for (AccountToList &account : accounts) {
        account.endpoint.pageSize = pageSize;
        account.endpoint.maxParallelRequests = parallel;
    }
    const int status = listMachines(app, accounts, *format, args.isSet(QStringLiteral("stats")), report, costSettings);
    return status != kExitOk ? status : problems ? kExitFailed : kExitOk;
}
