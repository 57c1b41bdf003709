#include "driverfactory.h"

#include "digitalocean/digitaloceandriver.h"
#include "kubernetes/kubernetesdriver.h"

namespace nephele::drivers {

QStringList knownProviders()
{
    return {QStringLiteral("digitalocean"), QStringLiteral("kubernetes")};
}

const Capabilities *capabilitiesFor(const QString &provider)
{
    if (provider == QLatin1String("digitalocean"))
        return &digitalocean::capabilities();
    if (provider == QLatin1String("kubernetes"))
        return &kubernetes::capabilities();
    return nullptr;
}

std::unique_ptr<Driver> createDriver(const QString &provider, const AccountEndpoint &endpoint,
                                     QNetworkAccessManager *network, QObject *parent)
{
    if (provider == QLatin1String("digitalocean"))
        return std::make_unique<digitalocean::DigitalOceanDriver>(endpoint, network, parent);
    if (provider == QLatin1String("kubernetes"))
        return std::make_unique<kubernetes::KubernetesDriver>(endpoint, network, parent);
    return nullptr;
}

} // namespace nephele::drivers
