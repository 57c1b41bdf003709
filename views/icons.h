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
// A filled dot, for state columns.
QIcon dot(const QColor &color);

} // namespace icons
} // namespace nephele::views
