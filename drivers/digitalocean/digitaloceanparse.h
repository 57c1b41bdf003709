#pragma once

#include "core/error.h"
#include "core/records.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// DigitalOcean API v2 wire format -> normalized records. Pure functions: bytes in, records or a
// Parse error out (the message names the field that was wrong). No network, no Qt event loop;
// safe on any thread, fuzzed in tests/fuzz.
namespace nephele::drivers::digitalocean {

struct AccountInfo {
    QString uuid;
    QString email;
    QString status; // "active", "warning", "locked"
    int dropletLimit = 0;
};

// POST /v2/droplets answers with the new droplet(s) and the create action(s).
struct CreateResponse {
    QList<Machine> machines;
    QStringList actionIds;
};

// Maps a droplet "status" to Mist's state set: new -> pending, active -> running,
// off -> stopped, archive -> terminated, anything else -> unknown.
MachineState stateFromStatus(QStringView status);

Result<Page<Machine>> parseDropletList(QByteArrayView body);    // GET /v2/droplets
Result<Machine> parseDroplet(QByteArrayView body);              // GET /v2/droplets/{id}
Result<CreateResponse> parseDropletCreate(QByteArrayView body); // POST /v2/droplets (single or multiple)
Result<Page<Size>> parseSizeList(QByteArrayView body);          // GET /v2/sizes
Result<Page<Location>> parseRegionList(QByteArrayView body);    // GET /v2/regions
Result<Page<Image>> parseImageList(QByteArrayView body);        // GET /v2/images
Result<Page<Volume>> parseVolumeList(QByteArrayView body);      // GET /v2/volumes
Result<Volume> parseVolume(QByteArrayView body);                // GET|POST /v2/volumes[/{id}]
Result<Page<SshKey>> parseKeyList(QByteArrayView body);         // GET /v2/account/keys
Result<Page<Network>> parseVpcList(QByteArrayView body);        // GET /v2/vpcs
Result<Page<QString>> parseTagList(QByteArrayView body);        // GET /v2/tags (tag names)
Result<ProviderAction> parseAction(QByteArrayView body);        // {"action": {...}}
Result<Page<ProviderAction>> parseActionList(QByteArrayView body);
Result<AccountInfo> parseAccount(QByteArrayView body); // GET /v2/account

// An error answer ({"id": "not_found", "message": "...", "request_id": "..."}) as a typed Error.
// Works on any body, including an empty or non-JSON one (a proxy's HTML page): the kind then
// comes from the status alone.
Error parseError(int httpStatus, QByteArrayView body);

} // namespace nephele::drivers::digitalocean
