#pragma once

#include "core/error.h"
#include "core/records.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

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

// A Status answer ({"kind":"Status","code":404,"reason":"NotFound","message":...}) as a typed
// Error; any body (empty, HTML) gives an Error whose kind follows the HTTP status.
Error parseStatus(int httpStatus, QByteArrayView body);

} // namespace nephele::drivers::kubernetes
