#pragma once

#include "core/driver.h"

#include <QNetworkAccessManager>
#include <QStringList>

#include <memory>

namespace nephele::drivers {

// The providers this build knows, by id ("digitalocean").
QStringList knownProviders();
const Capabilities *capabilitiesFor(const QString &provider);

// A driver for one account, or nullptr for an unknown provider. The network manager must outlive
// the driver and belong to the caller's thread.
std::unique_ptr<Driver> createDriver(const QString &provider, const AccountEndpoint &endpoint,
                                     QNetworkAccessManager *network, QObject *parent = nullptr);

} // namespace nephele::drivers
