#include "driverfactory.h"

#include "digitalocean/digitaloceandriver.h"

namespace nephele::drivers {

QStringList knownProviders()
{
    return {QStringLiteral("digitalocean")};
}

const Capabilities *capabilitiesFor(const QString &provider)
{
    if (provider == QLatin1String("digitalocean"))
        return &digitalocean::capabilities();
    return nullptr;
}

std::unique_ptr<Driver> createDriver(const QString &provider, const AccountEndpoint &endpoint,
                                     QNetworkAccessManager *network, QObject *parent)
{
    if (provider == QLatin1String("digitalocean"))
        return std::make_unique<digitalocean::DigitalOceanDriver>(endpoint, network, parent);
    return nullptr;
}

} // namespace nephele::drivers
