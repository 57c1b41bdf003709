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
    case MachineAction::Cordon:
    case MachineAction::Uncordon: return cordon;
    }
    return false;
}

bool Capabilities::supports(MachineAction action, MachineKind kind) const
{
    switch (kind) {
    case MachineKind::Node: return (action == MachineAction::Cordon || action == MachineAction::Uncordon) && cordon;
    case MachineKind::Pod: return action == MachineAction::Destroy && destroy;
    case MachineKind::Container: return false;
    default: return supports(action);
    }
}

} // namespace nephele::drivers
