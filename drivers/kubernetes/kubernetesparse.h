#pragma once

#include "core/error.h"
#include "core/records.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <optional>
#include <string_view>

// Kubernetes API v1 wire format -> normalized records. Pure functions: bytes in, records or a
// Parse error out. Lists are walked with simdjson On-Demand field by field, so a page of a PodList
// never becomes a DOM, and fields the console does not show (managedFields, annotations) are
// skipped unread. Safe on any thread.
//
// Ids: a node is its name; a pod is "namespace/name"; a container is "namespace/name/container".
// A pod's parentId is its node (empty while unscheduled); a container's is its pod.
namespace nephele::drivers::kubernetes {

// One page of a LIST (/api/v1/nodes, /api/v1/pods): the records and where to go on.
struct ListPage {
    QList<Machine> machines;
    QString resourceVersion; // metadata.resourceVersion of the list
    QString continueToken;   // metadata.continue; empty on the last page
    int items = 0;           // objects in the page (a pod counts once, with its containers)
};

// One line of a watch stream.
struct WatchEvent {
    enum class Type { Added, Modified, Deleted, Bookmark, Error };
    Type type = Type::Added;
    QString resourceVersion; // of the object (BOOKMARK: where to resume)
    QList<Machine> machines; // the object's records (a pod then its containers); empty for BOOKMARK/ERROR
    int errorCode = 0;       // ERROR: the Status code (410: the version is too old, relist)
    QString errorMessage;
};

// Maps a pod phase to Mist's state set: Running -> running, Pending -> pending, Succeeded ->
// stopped, Failed -> error, Unknown or anything else -> unknown.
MachineState stateFromPhase(QStringView phase);

Result<ListPage> parseNodeList(QByteArrayView body);
Result<ListPage> parsePodList(QByteArrayView body);
Result<QList<Machine>> parseNode(QByteArrayView body);
Result<QList<Machine>> parsePod(QByteArrayView body); // the pod, then its containers
// `pods` says which kind of object the stream carries.
Result<WatchEvent> parseWatchEvent(QByteArrayView line, bool pods);

// metrics.k8s.io/v1beta1 (metrics-server): a NodeMetricsList gives each node's usage; a
// PodMetricsList each container's and each pod's (the sum of its containers), ids as above.
Result<QList<ResourceUsage>> parseNodeMetricsList(QByteArrayView body);
Result<QList<ResourceUsage>> parsePodMetricsList(QByteArrayView body);
// A resource quantity ("704595n", "250m", "2", "24716Ki", "1.5Gi", "1e3") as a number; nullopt
// when it is not one.
std::optional<double> parseQuantity(std::string_view quantity);

// A Status answer ({"kind":"Status","code":404,"reason":"NotFound","message":...}) as a typed
// Error; any body (empty, HTML) gives an Error whose kind follows the HTTP status.
Error parseStatus(int httpStatus, QByteArrayView body);

} // namespace nephele::drivers::kubernetes
