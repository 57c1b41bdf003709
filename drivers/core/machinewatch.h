#pragma once

#include "error.h"
#include "records.h"

#include <QList>

#include <functional>

namespace nephele::drivers {

// A change a watch stream reports: a record added or modified (Upsert), or gone (Delete: only the
// id matters).
struct MachineEvent {
    enum class Type { Upsert, Delete };
    Type type = Type::Upsert;
    Machine machine;
};

// Optional second face of a Driver whose provider pushes changes (Kubernetes WATCH). After a
// listing, the owner calls startWatch() and from then on receives batches of events instead of
// polling; when the provider says the watch cannot resume (Kubernetes 410), the driver lists again
// and hands over the whole new listing. Callbacks run on the driver's thread.
//
//   if (auto *watch = dynamic_cast<MachineWatch *>(driver)) watch->startWatch(handlers);
class MachineWatch
{
public:
    struct Handlers {
        std::function<void(const QList<MachineEvent> &)> events;
        std::function<void(const QList<Machine> &)> relisted;
        std::function<void(const Error &)> failed; // the watch is down; the driver keeps trying
        std::function<void()> recovered;           // it is up again after failed()
    };

    MachineWatch() = default;
    virtual ~MachineWatch() = default;
    MachineWatch(const MachineWatch &) = delete;
    MachineWatch &operator=(const MachineWatch &) = delete;

    // Watches from the resource versions of the last listMachines(). Call once after a listing.
    virtual void startWatch(Handlers handlers) = 0;
    virtual void stopWatch() = 0;
    virtual bool isWatching() const = 0;
};

} // namespace nephele::drivers
