#include "digitaloceanrequests.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace nephele::drivers::digitalocean {

namespace {

QJsonValue idValue(const QString &id)
{
    // DigitalOcean ids are numbers on the wire; keep anything non-numeric (a fingerprint, a slug)
    // as a string.
    bool ok = false;
    const qint64 number = id.toLongLong(&ok);
    return ok ? QJsonValue(number) : QJsonValue(id);
}

QJsonArray idArray(const QStringList &ids)
{
    QJsonArray array;
    for (const QString &id : ids)
        array.append(idValue(id));
    return array;
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QUrl collectionPageUrl(const QString &path, int page, int perPage, const QString &extraQuery)
{
    QUrl url(path);
    QUrlQuery query(extraQuery);
    query.addQueryItem(QStringLiteral("page"), QString::number(page));
    query.addQueryItem(QStringLiteral("per_page"), QString::number(std::clamp(perPage, 1, kMaxPerPage)));
    url.setQuery(query);
    return url;
}

QUrl dropletsPageUrl(int page, int perPage)
{
    return collectionPageUrl(QStringLiteral("/v2/droplets"), page, perPage);
}

QUrl dropletUrl(const QString &id)
{
    return QUrl(QStringLiteral("/v2/droplets/") + id);
}
QUrl dropletActionsUrl(const QString &id)
{
    return QUrl(QStringLiteral("/v2/droplets/%1/actions").arg(id));
}
QUrl actionUrl(const QString &actionId)
{
    return QUrl(QStringLiteral("/v2/actions/") + actionId);
}
QUrl volumeUrl(const QString &id)
{
    return QUrl(QStringLiteral("/v2/volumes/") + id);
}
QUrl volumeActionsUrl(const QString &id)
{
    return QUrl(QStringLiteral("/v2/volumes/%1/actions").arg(id));
}

QString actionType(MachineAction action)
{
    switch (action) {
    case MachineAction::Start: return QStringLiteral("power_on");
    case MachineAction::Stop: return QStringLiteral("power_off");
    case MachineAction::Shutdown: return QStringLiteral("shutdown");
    case MachineAction::Reboot: return QStringLiteral("reboot");
    case MachineAction::PowerCycle: return QStringLiteral("power_cycle");
    case MachineAction::Rename: return QStringLiteral("rename");
    case MachineAction::Resize: return QStringLiteral("resize");
    case MachineAction::Snapshot: return QStringLiteral("snapshot");
    case MachineAction::Destroy:
    case MachineAction::Cordon:
    case MachineAction::Uncordon: return {};
    }
    return {};
}

QByteArray actionBody(MachineAction action, const ActionArgs &args)
{
    if (action == MachineAction::Destroy)
        return {};
    QJsonObject body{{QStringLiteral("type"), actionType(action)}};
    switch (action) {
    case MachineAction::Rename:
    case MachineAction::Snapshot: body.insert(QStringLiteral("name"), args.name); break;
    case MachineAction::Resize:
        body.insert(QStringLiteral("size"), args.sizeId);
        body.insert(QStringLiteral("disk"), args.resizeDisk);
        break;
    default: break;
    }
    return compact(body);
}

QByteArray createDropletsBody(const CreateMachineRequest &request)
{
    QJsonObject body;
    if (request.names.size() == 1)
        body.insert(QStringLiteral("name"), request.names.front());
    else
        body.insert(QStringLiteral("names"), QJsonArray::fromStringList(request.names));
    body.insert(QStringLiteral("region"), request.location);
    body.insert(QStringLiteral("size"), request.sizeId);
    body.insert(QStringLiteral("image"), idValue(request.imageId));
    if (!request.keyIds.isEmpty())
        body.insert(QStringLiteral("ssh_keys"), idArray(request.keyIds));
    body.insert(QStringLiteral("backups"), request.backups);
    body.insert(QStringLiteral("ipv6"), request.ipv6);
    body.insert(QStringLiteral("monitoring"), request.monitoring);
    if (!request.tags.isEmpty())
        body.insert(QStringLiteral("tags"), QJsonArray::fromStringList(request.tags));
    if (!request.userData.isEmpty())
        body.insert(QStringLiteral("user_data"), request.userData);
    if (!request.volumeIds.isEmpty())
        body.insert(QStringLiteral("volumes"), QJsonArray::fromStringList(request.volumeIds));
    if (!request.networkId.isEmpty())
        body.insert(QStringLiteral("vpc_uuid"), request.networkId);
    return compact(body);
}

QByteArray createVolumeBody(const CreateVolumeRequest &request)
{
    QJsonObject body{
        {QStringLiteral("name"), request.name},
        {QStringLiteral("region"), request.location},
        {QStringLiteral("size_gigabytes"), request.sizeGb},
    };
    if (!request.description.isEmpty())
        body.insert(QStringLiteral("description"), request.description);
    if (!request.filesystemType.isEmpty())
        body.insert(QStringLiteral("filesystem_type"), request.filesystemType);
    if (!request.tags.isEmpty())
        body.insert(QStringLiteral("tags"), QJsonArray::fromStringList(request.tags));
    return compact(body);
}

QByteArray volumeAttachBody(bool attach, const QString &machineId)
{
    return compact({
        {QStringLiteral("type"), attach ? QStringLiteral("attach") : QStringLiteral("detach")},
        {QStringLiteral("droplet_id"), idValue(machineId)},
    });
}

} // namespace nephele::drivers::digitalocean
