#include "capabilities.h"

namespace nephele::drivers {

bool Capabilities::supports(MachineAction action) const
{
    switch (action) {
    case MachineAction::Start: return start;
    case MachineAction::Stop: return stop;
    case MachineAction::Shutdown: return shutdown;
    case MachineAction::Reboot: return reboot;
    case MachineAction::PowerCycle: return powerCycle;
    case MachineAction::Rename: return rename;
    case MachineAction::Resize: return resize;
    case MachineAction::Snapshot: return snapshot;
    case MachineAction::Destroy: return destroy;
    }
    return false;
}

} // namespace nephele::drivers
