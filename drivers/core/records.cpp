#include "records.h"

#include <array>
#include <utility>

namespace nephele::drivers {

namespace {

constexpr std::array kKinds{
    std::pair{MachineKind::Vm, "vm"},
    std::pair{MachineKind::Node, "node"},
    std::pair{MachineKind::Pod, "pod"},
    std::pair{MachineKind::Container, "container"},
    std::pair{MachineKind::Hypervisor, "hypervisor"},
    std::pair{MachineKind::ContainerHost, "container-host"},
    std::pair{MachineKind::BareMetal, "bare-metal"},
};

constexpr std::array kStates{
    std::pair{MachineState::Running, "running"},     std::pair{MachineState::Starting, "starting"},
    std::pair{MachineState::Stopping, "stopping"},   std::pair{MachineState::Stopped, "stopped"},
    std::pair{MachineState::Rebooting, "rebooting"}, std::pair{MachineState::Terminated, "terminated"},
    std::pair{MachineState::Pending, "pending"},     std::pair{MachineState::Suspended, "suspended"},
    std::pair{MachineState::Paused, "paused"},       std::pair{MachineState::Error, "error"},
    std::pair{MachineState::Unknown, "unknown"},
};

constexpr std::array kActions{
    std::pair{MachineAction::Start, "start"},
    std::pair{MachineAction::Stop, "stop"},
    std::pair{MachineAction::Shutdown, "shutdown"},
    std::pair{MachineAction::Reboot, "reboot"},
    std::pair{MachineAction::PowerCycle, "power-cycle"},
    std::pair{MachineAction::Rename, "rename"},
    std::pair{MachineAction::Resize, "resize"},
    std::pair{MachineAction::Snapshot, "snapshot"},
    std::pair{MachineAction::Destroy, "destroy"},
    std::pair{MachineAction::Cordon, "cordon"},
    std::pair{MachineAction::Uncordon, "uncordon"},
};

template<typename Table, typename Key>
QString nameOf(const Table &table, Key key)
{
    for (const auto &[k, name] : table)
        if (k == key)
            return QString::fromLatin1(name);
    return {};
}

template<typename Key, typename Table>
std::optional<Key> keyOf(const Table &table, QStringView name)
{
    for (const auto &[k, n] : table)
        if (name == QLatin1StringView(n))
            return k;
    return std::nullopt;
}

} // namespace

QString machineKindName(MachineKind kind)
{
    return nameOf(kKinds, kind);
}
std::optional<MachineKind> machineKindFromName(QStringView name)
{
    return keyOf<MachineKind>(kKinds, name);
}
QString machineStateName(MachineState state)
{
    return nameOf(kStates, state);
}
std::optional<MachineState> machineStateFromName(QStringView name)
{
    return keyOf<MachineState>(kStates, name);
}
QString machineActionName(MachineAction action)
{
    return nameOf(kActions, action);
}

Tag Tag::fromText(const QString &text)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return {text, {}};
    return {text.left(colon), text.mid(colon + 1)};
}

QString Tag::text() const
{
    return value.isEmpty() ? key : key + QLatin1Char(':') + value;
}

} // namespace nephele::drivers
