#include "demo.h"

#include "access/machineaccess.h"
#include "sim/digitaloceansim.h"
#include "sim/kubernetessim.h"
#include "sim/sshserver.h"

#include <QCoreApplication>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <pwd.h>
#include <unistd.h>

namespace nephele::app {

namespace {

struct DemoCloud {
    const char *id;
    const char *name;
    int droplets;
};

// Three accounts of different sizes, as a small company might have them.
constexpr DemoCloud kClouds[] = {
    {"demo-production", QT_TRANSLATE_NOOP("nephele::app::Demo", "Production"), 240},
    {"demo-staging", QT_TRANSLATE_NOOP("nephele::app::Demo", "Staging"), 90},
    {"demo-research", QT_TRANSLATE_NOOP("nephele::app::Demo", "Research lab"), 28},
};

struct DemoCluster {
    const char *id;
    const char *name;
    int nodes;
    int pods;
    double churnPerSecond;
};

// Two clusters: a busy production one and a small one, both changing as the user watches.
constexpr DemoCluster kClusters[] = {
    {"demo-k8s-prod", QT_TRANSLATE_NOOP("nephele::app::Demo", "Kubernetes production"), 6, 180, 2.0},
    {"demo-k8s-dev", QT_TRANSLATE_NOOP("nephele::app::Demo", "Kubernetes dev"), 2, 40, 0.5},
};

} // namespace

Demo::Demo() = default;

Demo::~Demo()
{
    if (m_sshServer)
        m_sshServer->stop(); // ends the shells it started
    for (auto &sim : m_sims)
        sim->stop();
    for (auto &cluster : m_clusters)
        cluster->stop();
}

bool Demo::startSsh(QString *error)
{
    auto fail = [error](const QString &text) {
        if (error)
            *error = text;
        return false;
    };
    m_sshDir = std::make_unique<QTemporaryDir>();
    if (!m_sshDir->isValid())
        return fail(QCoreApplication::translate("nephele::app::Demo", "No temporary folder for the demo's SSH key."));
    DemoSsh ssh;
    ssh.privateKeyFile = m_sshDir->filePath(QStringLiteral("demo_ed25519"));
    ssh.knownHostsFile = m_sshDir->filePath(QStringLiteral("known_hosts"));
    const passwd *pw = ::getpwuid(::getuid());
    ssh.user = pw ? QString::fromLocal8Bit(pw->pw_name) : qEnvironmentVariable("USER");
    ssh.password = QString::number(QRandomGenerator::system()->generate64(), 36);

    std::string publicKey;
    std::string why;
    if (!sim::SshServer::generateKeyPair(ssh.privateKeyFile.toStdString(), &publicKey, &why))
        return fail(QString::fromStdString(why));
    sim::SshServerOptions options;
    options.user = ssh.user.toStdString();
    options.authorizedKey = publicKey;
    options.password = ssh.password.toStdString();
    auto server = std::make_unique<sim::SshServer>(options);
    if (!server->start(&why))
        return fail(QString::fromStdString(why));
    ssh.port = server->port();
    QFile knownHosts(ssh.knownHostsFile);
    if (!knownHosts.open(QIODevice::WriteOnly))
        return fail(knownHosts.errorString());
    knownHosts.write(QByteArray::fromStdString(server->knownHostsLine()) + '\n');
    knownHosts.close();
    m_sshServer = std::move(server);
    m_ssh = ssh;
    return true;
}

void Demo::applySshAccess(models::MachineAccessStore &store) const
{
    if (!m_ssh)
        return;
    models::MachineAccess access;
    access.host = m_ssh->host;
    access.port = m_ssh->port;
    access.user = m_ssh->user;
    access.keyFile = m_ssh->privateKeyFile;
    access.knownHostsFile = m_ssh->knownHostsFile;
    for (const DemoAccount &account : m_accounts)
        (void)store.setAccountDefault(account.endpoint.accountId, access);
}

std::unique_ptr<Demo> Demo::start(const DemoOptions &options, QString *error)
{
    std::unique_ptr<Demo> demo(new Demo);
    quint64 seed = options.seed;
    for (const DemoCloud &cloud : kClouds) {
        sim::DigitalOceanSimOptions simOptions;
        simOptions.seed = seed++;
        simOptions.droplets = cloud.droplets;
        simOptions.tls = options.tls;
        simOptions.timeScale = options.timeScale;
        simOptions.accountEmail = std::string(cloud.id) + "@example.com";
        auto sim = std::make_unique<sim::DigitalOceanSim>(simOptions);
        std::string why;
        if (!sim->start(&why)) {
            if (error)
                *error = QCoreApplication::translate("nephele::app::Demo", "The simulated cloud %1 did not start: %2")
                             .arg(QLatin1String(cloud.id), QString::fromStdString(why));
            return nullptr;
        }
        DemoAccount account;
        account.provider = QStringLiteral("digitalocean");
        account.endpoint.accountId = QLatin1String(cloud.id);
        account.endpoint.accountName = QCoreApplication::translate("nephele::app::Demo", cloud.name);
        account.endpoint.baseUrl = QUrl(QString::fromStdString(sim->url()));
        account.endpoint.token = QString::fromStdString(sim->token());
        if (options.tls) {
            account.endpoint.caCertificates =
                QSslCertificate::fromData(QByteArray::fromStdString(sim->caCertificatePem()));
        }
        account.endpoint.actionPollIntervalMs = 500;
        account.endpoint.retry.baseDelayMs = 200;
        account.endpoint.retry.maxAttempts = 3;
        account.sim = sim.get();
        demo->m_accounts.append(account);
        demo->m_sims.push_back(std::move(sim));
    }
    quint64 clusterSeed = options.seed;
    for (int i = 0; i < std::min<int>(options.kubernetesClusters, std::size(kClusters)); ++i) {
        const DemoCluster &c = kClusters[i];
        sim::KubernetesSimOptions clusterOptions;
        clusterOptions.seed = clusterSeed++;
        clusterOptions.nodes = c.nodes;
        clusterOptions.pods = c.pods;
        clusterOptions.churnPerSecond = c.churnPerSecond;
        clusterOptions.tls = options.tls;
        clusterOptions.clusterName = c.id;
        auto cluster = std::make_unique<sim::KubernetesSim>(clusterOptions);
        std::string why;
        if (!cluster->start(&why)) {
            if (error)
                *error = QCoreApplication::translate("nephele::app::Demo", "The simulated cluster %1 did not start: %2")
                             .arg(QLatin1String(c.id), QString::fromStdString(why));
            return nullptr;
        }
        DemoAccount account;
        account.provider = QStringLiteral("kubernetes");
        account.endpoint.accountId = QLatin1String(c.id);
        account.endpoint.accountName = QCoreApplication::translate("nephele::app::Demo", c.name);
        account.endpoint.baseUrl = QUrl(QString::fromStdString(cluster->url()));
        account.endpoint.token = QString::fromStdString(cluster->token());
        if (options.tls)
            account.endpoint.caCertificates =
                QSslCertificate::fromData(QByteArray::fromStdString(cluster->caCertificatePem()));
        demo->m_accounts.append(account); // account.sim stays null: it is not a DigitalOcean account
        demo->m_clusters.push_back(std::move(cluster));
    }
    // Without SSH the demo still runs; the console says why shells do not open.
    if (options.ssh && !demo->startSsh(&demo->m_sshProblem))
        qWarning("The demo's SSH server did not start: %s", qPrintable(demo->m_sshProblem));
    return demo;
}

} // namespace nephele::app
