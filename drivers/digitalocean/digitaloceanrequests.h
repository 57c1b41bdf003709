#pragma once

#include "core/records.h"

#include <QByteArray>
#include <QUrl>

// DigitalOcean API v2 request builders: paths and JSON bodies, nothing sent. Pure functions.
namespace nephele::drivers::digitalocean {

constexpr int kMaxPerPage = 200;

QUrl dropletsPageUrl(int page, int perPage);
QUrl collectionPageUrl(const QString &path, int page, int perPage, const QString &extraQuery = {});
QUrl dropletUrl(const QString &id);
QUrl dropletActionsUrl(const QString &id);
QUrl actionUrl(const QString &actionId);
QUrl volumeUrl(const QString &id);
QUrl volumeActionsUrl(const QString &id);

// The body of POST /v2/droplets/{id}/actions, or an empty array for Destroy (a DELETE, no body).
QByteArray actionBody(MachineAction action, const ActionArgs &args);
QByteArray createDropletsBody(const CreateMachineRequest &request);
QByteArray createVolumeBody(const CreateVolumeRequest &request);
QByteArray volumeAttachBody(bool attach, const QString &machineId);

// The droplet action type DigitalOcean expects: Start -> "power_on", Stop -> "power_off", ...
QString actionType(MachineAction action);

} // namespace nephele::drivers::digitalocean
