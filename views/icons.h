#pragma once

#include "core/records.h"
#include "inventory/inventorystore.h"

#include <QColor>
#include <QIcon>

namespace nephele::views {

// The console's icons, drawn in code so they are crisp at any scale and need no image plugin.
// The SVGs in resources/ are the same shapes for the desktop file and packaging.
namespace icons {

QIcon start();
QIcon stop();
QIcon reboot();
QIcon destroy();
QIcon refresh();
QIcon addAccount();
QIcon search();
QIcon app();

QColor stateColor(drivers::MachineState state);
QColor accountStatusColor(models::AccountStatus status);
// A disabled account's colour whatever its last status: it is a choice, not a failure.
QColor accountStatusColor(models::AccountStatus status, bool disabled);
// A filled dot, for state columns.
QIcon dot(const QColor &color);
// A hollow ring, for a disabled account's state: "off", not "failed".
QIcon ring(const QColor &color);

// The providers' logos, drawn in code in each provider's colours (simplified shapes, no image
// files), and their names for lists: "digitalocean", "hetzner", "kubernetes", "openstack", "aws",
// "ssh". Any other provider gets a plain cloud and its id as name.
QIcon providerLogo(const QString &provider);
QString providerName(const QString &provider);

} // namespace icons
} // namespace nephele::views
