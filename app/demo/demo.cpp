#include "demo.h"

#include "sim/digitaloceansim.h"

#include <QCoreApplication>

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

} // namespace

Demo::~Demo()
{
    for (auto &sim : m_sims)
        sim->stop();
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
    return demo;
}

} // namespace nephele::app
