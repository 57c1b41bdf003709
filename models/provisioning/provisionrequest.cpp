#include "provisionrequest.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace nephele::models::provisioning {

namespace {

struct ProvisionText {
    Q_DECLARE_TR_FUNCTIONS(nephele::models::provisioning::Provision)
};

using policy::ConstraintResult;
using policy::ConstraintResults;

ConstraintResult pass(const QString &field, const QString &message)
{
    return {field, true, message};
}

ConstraintResult fail(const QString &field, const QString &message)
{
    return {field, false, message};
}

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

struct Alias {
    Field field;
    const char16_t *name;
};

// Mist's create-machine form names first; then the names other consoles and APIs use.
constexpr Alias kAliases[] = {
    {Field::Name, u"name"},
    {Field::Name, u"hostname"},
    {Field::Name, u"machine_name"},
    {Field::Quantity, u"quantity"},
    {Field::Quantity, u"count"},
    {Field::Location, u"location"},
    {Field::Location, u"region"},
    {Field::Location, u"location_id"},
    {Field::Image, u"image"},
    {Field::Image, u"image_id"},
    {Field::Size, u"size"},
    {Field::Size, u"size_id"},
    {Field::Keys, u"key"},
    {Field::Keys, u"keys"},
    {Field::Keys, u"ssh_keys"},
    {Field::Keys, u"key_id"},
    {Field::LoginUser, u"user"},
    {Field::LoginUser, u"login_user"},
    {Field::LoginUser, u"username"},
    {Field::Network, u"networks"},
    {Field::Network, u"network"},
    {Field::Network, u"vpc"},
    {Field::Network, u"subnet"},
    {Field::Volumes, u"volumes"},
    {Field::Volumes, u"volume"},
    {Field::Monitoring, u"monitoring"},
    {Field::Ipv6, u"ipv6"},
    {Field::Backups, u"backups"},
    {Field::Backups, u"backup"},
    {Field::CloudInit, u"cloud_init"},
    {Field::CloudInit, u"cloudinit"},
    {Field::CloudInit, u"cloud-init"},
    {Field::CloudInit, u"user_data"},
    {Field::CloudInit, u"userdata"},
    {Field::Tags, u"tags"},
    {Field::Expiration, u"expiration"},
    {Field::Expiration, u"expires"},
    {Field::Expiration, u"expire"},
    {Field::Expiration, u"lease"},
};

bool validHostname(const QString &name)
{
    static const QRegularExpression label(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    if (name.isEmpty() || name.size() > 253)
        return false;
    const QStringList labels = name.split(u'.');
    return std::all_of(labels.cbegin(), labels.cend(), [](const QString &l) { return label.match(l).hasMatch(); });
}

QStringList variantStrings(const QVariant &value)
{
    QStringList out;
    if (value.metaType().id() == QMetaType::QVariantList || value.metaType().id() == QMetaType::QStringList) {
        const QVariantList list = value.toList();
        for (const QVariant &v : list)
            out << v.toString();
    } else if (!value.toString().isEmpty()) {
        out << value.toString();
    }
    return out;
}

QString imageKey(const drivers::Image &image)
{
    return image.slug.isEmpty() ? image.id : image.slug;
}

// The policy's name for `field` among the constraints in force, else the canonical name.
QString policyNameFor(Field field, const QList<policy::FieldConstraint> &inForce)
{
    for (const policy::FieldConstraint &c : inForce) {
        if (fieldFromPolicyName(c.name) == field)
            return c.name;
    }
    return fieldName(field);
}

std::optional<QVariant> constraintValue(Field field, const QList<policy::FieldConstraint> &inForce)
{
    for (const policy::FieldConstraint &c : inForce) {
        if (fieldFromPolicyName(c.name) == field)
            return c.value;
    }
    return std::nullopt;
}

} // namespace

// ---- fields ----------------------------------------------------------------------------------

std::optional<Field> fieldFromPolicyName(QStringView name)
{
    for (const Alias &a : kAliases) {
        if (name.compare(QStringView(a.name), Qt::CaseInsensitive) == 0)
            return a.field;
    }
    return std::nullopt;
}

QString fieldName(Field field)
{
    for (const Alias &a : kAliases) {
        if (a.field == field)
            return QString::fromUtf16(a.name);
    }
    return {};
}

QStringList ProvisionRequest::names() const
{
    if (quantity <= 1)
        return {name};
    QStringList out;
    for (int i = 1; i <= quantity; ++i)
        out << name + u'-' + QString::number(i);
    return out;
}

QByteArray ProvisionRequest::toJson() const
{
    QJsonObject o{
        {QStringLiteral("account"), accountId}, {QStringLiteral("location"), location},
        {QStringLiteral("image"), imageId},     {QStringLiteral("name"), name},
        {QStringLiteral("quantity"), quantity}, {QStringLiteral("monitoring"), monitoring},
        {QStringLiteral("ipv6"), ipv6},         {QStringLiteral("backups"), backups},
    };
    if (customSize) {
        QJsonObject custom{{QStringLiteral("cpu"), customSize->cpu},
                           {QStringLiteral("ram_mb"), customSize->ramMb},
                           {QStringLiteral("disk_gb"), customSize->diskGb}};
        if (customSize->swapGb)
            custom.insert(QStringLiteral("swap_gb"), *customSize->swapGb);
        o.insert(QStringLiteral("custom_size"), custom);
    } else {
        o.insert(QStringLiteral("size"), sizeId);
    }
    if (!keyIds.isEmpty())
        o.insert(QStringLiteral("keys"), QJsonArray::fromStringList(keyIds));
    if (!loginUser.isEmpty())
        o.insert(QStringLiteral("user"), loginUser);
    if (!networkId.isEmpty())
        o.insert(QStringLiteral("network"), networkId);
    if (!volumeIds.isEmpty())
        o.insert(QStringLiteral("volumes"), QJsonArray::fromStringList(volumeIds));
    if (newVolumeGb > 0)
        o.insert(QStringLiteral("new_volume_gb"), newVolumeGb);
    if (!cloudInit.isEmpty()) {
        // User data may hold passwords: the trail keeps its size and digest, never its text.
        o.insert(QStringLiteral("cloud_init"),
                 QJsonObject{{QStringLiteral("bytes"), int(cloudInit.toUtf8().size())},
                             {QStringLiteral("sha256"),
                              QString::fromLatin1(
                                  QCryptographicHash::hash(cloudInit.toUtf8(), QCryptographicHash::Sha256).toHex())}});
    }
    QJsonArray tagArray;
    for (const drivers::Tag &t : tags)
        tagArray.append(t.text());
    if (!tagArray.isEmpty())
        o.insert(QStringLiteral("tags"), tagArray);
    if (expiration.at.isValid()) {
        QJsonObject lease{{QStringLiteral("at"), leaseTimeText(expiration.at)},
                          {QStringLiteral("action"), expiration.action}};
        if (expiration.notifyBefore)
            lease.insert(QStringLiteral("notify"), expiration.notifyBefore->text());
        o.insert(QStringLiteral("expiration"), lease);
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// ---- context ---------------------------------------------------------------------------------

const drivers::Location *ProvisionContext::location(const QString &id) const
{
    const auto it = std::find_if(catalog.locations.cbegin(), catalog.locations.cend(),
                                 [&](const drivers::Location &l) { return l.id == id; });
    return it == catalog.locations.cend() ? nullptr : &*it;
}

const drivers::Image *ProvisionContext::image(const QString &id) const
{
    const auto it = std::find_if(catalog.images.cbegin(), catalog.images.cend(), [&](const drivers::Image &i) {
        return i.id == id || (!i.slug.isEmpty() && i.slug == id);
    });
    return it == catalog.images.cend() ? nullptr : &*it;
}

const drivers::Size *ProvisionContext::size(const QString &id) const
{
    const auto it =
        std::find_if(catalog.sizes.cbegin(), catalog.sizes.cend(), [&](const drivers::Size &s) { return s.id == id; });
    return it == catalog.sizes.cend() ? nullptr : &*it;
}

const drivers::Network *ProvisionContext::network(const QString &id) const
{
    const auto it = std::find_if(catalog.networks.cbegin(), catalog.networks.cend(),
                                 [&](const drivers::Network &n) { return n.id == id; });
    return it == catalog.networks.cend() ? nullptr : &*it;
}

const drivers::Volume *ProvisionContext::volume(const QString &id) const
{
    const auto it =
        std::find_if(volumes.cbegin(), volumes.cend(), [&](const drivers::Volume &v) { return v.id == id; });
    return it == volumes.cend() ? nullptr : &*it;
}

policy::Decision ProvisionContext::creationDecision() const
{
    if (!engine) {
        policy::Decision d;
        d.allowed = true;
        d.basis = policy::DecisionBasis::Ungoverned;
        d.reason = ProvisionText::tr("Allowed: no policy is in force");
        return d;
    }
    return engine->evaluate(user, policy::PolicyRequest::creating(QStringLiteral("machine")));
}

QList<policy::FieldConstraint> ProvisionContext::fieldConstraints() const
{
    const policy::Decision d = creationDecision();
    if (!d.allowed)
        return {};
    return policy::fieldsFor(d.constraints.fields, accountId);
}

// ---- field rules -----------------------------------------------------------------------------

QList<FieldRule> fieldRules(const ProvisionContext &context)
{
    QList<FieldRule> rules;
    for (const policy::FieldConstraint &c : context.fieldConstraints()) {
        const std::optional<Field> field = fieldFromPolicyName(c.name);
        if (!field)
            continue; // a field this wizard does not have: checkFields still reports it
        rules << FieldRule{*field, c.name, !c.show, c.value};
    }
    return rules;
}

namespace {

void setField(ProvisionRequest &request, Field field, const QVariant &value, const ProvisionContext &context)
{
    switch (field) {
    case Field::Name: request.name = value.toString(); break;
    case Field::Quantity: request.quantity = std::max(1, value.toInt()); break;
    case Field::Location: {
        const QString text = value.toString();
        const auto it = std::find_if(
            context.catalog.locations.cbegin(), context.catalog.locations.cend(),
            [&](const drivers::Location &l) { return l.id == text || l.name.compare(text, Qt::CaseInsensitive) == 0; });
        request.location = it == context.catalog.locations.cend() ? text : it->id;
        break;
    }
    case Field::Image: {
        const QString text = value.toString();
        const drivers::Image *image = context.image(text);
        if (!image) {
            const auto it = std::find_if(context.catalog.images.cbegin(), context.catalog.images.cend(),
                                         [&](const drivers::Image &i) { return i.name == text; });
            image = it == context.catalog.images.cend() ? nullptr : &*it;
        }
        request.imageId = image ? image->id : text;
        break;
    }
    case Field::Size:
        request.sizeId = value.toString();
        request.customSize.reset();
        break;
    case Field::Keys: {
        request.keyIds.clear();
        for (const QString &k : variantStrings(value)) {
            const auto it = std::find_if(
                context.catalog.keys.cbegin(), context.catalog.keys.cend(),
                [&](const drivers::SshKey &key) { return key.id == k || key.fingerprint == k || key.name == k; });
            request.keyIds << (it == context.catalog.keys.cend() ? k : it->id);
        }
        break;
    }
    case Field::LoginUser: request.loginUser = value.toString(); break;
    case Field::Network: {
        const QString text = value.toString();
        const auto it = std::find_if(context.catalog.networks.cbegin(), context.catalog.networks.cend(),
                                     [&](const drivers::Network &n) { return n.id == text || n.name == text; });
        request.networkId = it == context.catalog.networks.cend() ? text : it->id;
        break;
    }
    case Field::Volumes: request.volumeIds = variantStrings(value); break;
    case Field::Monitoring: request.monitoring = value.toBool(); break;
    case Field::Ipv6: request.ipv6 = value.toBool(); break;
    case Field::Backups: request.backups = value.toBool(); break;
    case Field::CloudInit: request.cloudInit = value.toString(); break;
    case Field::Tags: {
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            request.tags.removeIf([&](const drivers::Tag &t) { return t.key == it.key(); });
            request.tags << drivers::Tag{it.key(), it.value().toString()};
        }
        break;
    }
    case Field::Expiration: break; // the expiration constraint governs leases
    }
}

void clearField(ProvisionRequest &request, Field field)
{
    switch (field) {
    case Field::Quantity: request.quantity = 1; break;
    case Field::Keys: request.keyIds.clear(); break;
    case Field::LoginUser: request.loginUser.clear(); break;
    case Field::Network: request.networkId.clear(); break;
    case Field::Volumes:
        request.volumeIds.clear();
        request.newVolumeGb = 0;
        break;
    case Field::Monitoring: request.monitoring = false; break;
    case Field::Ipv6: request.ipv6 = false; break;
    case Field::Backups: request.backups = false; break;
    case Field::CloudInit: request.cloudInit.clear(); break;
    case Field::Tags: request.tags.clear(); break;
    case Field::Name:
    case Field::Location:
    case Field::Image:
    case Field::Size:
    case Field::Expiration: break; // a machine needs these: left for the checks to report
    }
}

} // namespace

void applyFieldRules(ProvisionRequest &request, const QList<FieldRule> &rules, const ProvisionContext &context,
                     bool defaults)
{
    for (const FieldRule &rule : rules) {
        if (rule.value && (rule.hidden || defaults))
            setField(request, rule.field, *rule.value, context);
        else if (rule.hidden)
            clearField(request, rule.field);
    }
}

QVariantMap fieldValues(const ProvisionRequest &request, const ProvisionContext &context)
{
    const QList<policy::FieldConstraint> inForce = context.fieldConstraints();
    QVariantMap values;
    const auto put = [&](Field field, const QVariant &value) { values.insert(policyNameFor(field, inForce), value); };
    if (!request.name.isEmpty())
        put(Field::Name, request.name);
    if (request.quantity != 1)
        put(Field::Quantity, request.quantity);
    if (!request.location.isEmpty())
        put(Field::Location, request.location);
    if (!request.imageId.isEmpty()) {
        // Written the way the policy writes it when that names this image (id or slug).
        const drivers::Image *image = context.image(request.imageId);
        const std::optional<QVariant> fixed = constraintValue(Field::Image, inForce);
        if (image && fixed && (fixed->toString() == image->id || fixed->toString() == image->slug))
            put(Field::Image, *fixed);
        else
            put(Field::Image, image ? imageKey(*image) : request.imageId);
    }
    if (!request.sizeId.isEmpty() && !request.customSize)
        put(Field::Size, request.sizeId);
    if (!request.keyIds.isEmpty()) {
        if (request.keyIds.size() == 1) {
            const std::optional<QVariant> fixed = constraintValue(Field::Keys, inForce);
            const auto key = std::find_if(context.catalog.keys.cbegin(), context.catalog.keys.cend(),
                                          [&](const drivers::SshKey &k) { return k.id == request.keyIds.front(); });
            if (fixed && key != context.catalog.keys.cend() &&
                (fixed->toString() == key->fingerprint || fixed->toString() == key->name))
                put(Field::Keys, *fixed);
            else
                put(Field::Keys, request.keyIds.front());
        } else {
            put(Field::Keys, request.keyIds);
        }
    }
    if (!request.loginUser.isEmpty())
        put(Field::LoginUser, request.loginUser);
    if (!request.networkId.isEmpty())
        put(Field::Network, request.networkId);
    if (!request.volumeIds.isEmpty())
        put(Field::Volumes, request.volumeIds);
    if (request.monitoring)
        put(Field::Monitoring, true);
    if (request.ipv6)
        put(Field::Ipv6, true);
    if (request.backups)
        put(Field::Backups, true);
    if (!request.cloudInit.isEmpty())
        put(Field::CloudInit, request.cloudInit);
    if (!request.tags.isEmpty()) {
        QVariantMap tags;
        for (const drivers::Tag &t : request.tags)
            tags.insert(t.key, t.value);
        put(Field::Tags, tags);
    }
    if (request.expiration.at.isValid())
        put(Field::Expiration, leaseTimeText(request.expiration.at));
    // A field the policy gives a value is always compared, unset too: "off" differs from a fixed "on".
    for (const policy::FieldConstraint &c : inForce) {
        const std::optional<Field> field = fieldFromPolicyName(c.name);
        if (!c.value || !field || values.contains(c.name))
            continue;
        switch (*field) {
        case Field::Monitoring: values.insert(c.name, request.monitoring); break;
        case Field::Ipv6: values.insert(c.name, request.ipv6); break;
        case Field::Backups: values.insert(c.name, request.backups); break;
        case Field::Quantity: values.insert(c.name, request.quantity); break;
        case Field::Keys:
        case Field::Volumes:
        case Field::Tags: values.insert(c.name, QVariantList()); break;
        default: values.insert(c.name, QString()); break;
        }
    }
    return values;
}

// ---- validation ------------------------------------------------------------------------------

ConstraintResults ProvisionValidation::about(QStringView field) const
{
    ConstraintResults out;
    for (const ConstraintResult &r : results) {
        if (r.field == field ||
            (r.field.startsWith(field) && r.field.size() > field.size() && r.field.at(field.size()) == u'.'))
            out << r;
    }
    return out;
}

bool ProvisionValidation::fieldOk(QStringView field) const
{
    return policy::allOk(about(field));
}

QStringList ProvisionValidation::problems() const
{
    QStringList out;
    for (const ConstraintResult &r : results) {
        if (!r.ok)
            out << r.message;
    }
    return out;
}

namespace {

void checkCatalog(const ProvisionRequest &request, const ProvisionContext &context, ConstraintResults &results)
{
    using T = ProvisionText;
    const drivers::Capabilities &caps = context.capabilities;
    const QString account = context.accountName.isEmpty() ? context.accountId : context.accountName;

    if (request.accountId.isEmpty())
        results << fail(QStringLiteral("account"), T::tr("Choose the account to create the machine in"));
    else if (request.accountId != context.accountId)
        results << fail(QStringLiteral("account"), T::tr("The catalog shown is not the chosen account's"));
    else if (!caps.createMachine)
        results << fail(QStringLiteral("account"),
                        T::tr("%1 (%2) cannot create machines from Nephele").arg(account, caps.displayName));
    else
        results << pass(QStringLiteral("account"), T::tr("Account %1").arg(account));

    // Location.
    const drivers::Location *location = context.location(request.location);
    if (request.location.isEmpty())
        results << fail(QStringLiteral("location"), T::tr("Choose a location"));
    else if (!location)
        results << fail(QStringLiteral("location"),
                        T::tr("Location %1 is not offered by %2").arg(quoted(request.location), account));
    else if (!location->available)
        results << fail(QStringLiteral("location"),
                        T::tr("%1 (%2) does not take new machines").arg(location->name, location->id));
    else
        results << pass(QStringLiteral("location"), T::tr("%1 (%2)").arg(location->name, location->id));

    // Image.
    const drivers::Image *image = context.image(request.imageId);
    if (request.imageId.isEmpty())
        results << fail(QStringLiteral("image"), T::tr("Choose an image"));
    else if (!image)
        results << fail(QStringLiteral("image"),
                        T::tr("Image %1 is not offered by %2").arg(quoted(request.imageId), account));
    else if (location && !image->locations.isEmpty() && !image->locations.contains(location->id))
        results << fail(QStringLiteral("image"),
                        T::tr("Image %1 is not available in %2").arg(image->name, location->id));
    else
        results << pass(QStringLiteral("image"),
                        image->distribution.isEmpty() ? image->name : image->distribution + u' ' + image->name);

    // Size.
    if (request.customSize) {
        if (!context.customSizesOffered)
            results << fail(QStringLiteral("size"),
                            T::tr("%1 does not make sizes to measure; choose one of its sizes").arg(caps.displayName));
    } else {
        const drivers::Size *size = context.size(request.sizeId);
        if (request.sizeId.isEmpty()) {
            results << fail(QStringLiteral("size"), T::tr("Choose a size"));
        } else if (!size) {
            results << fail(QStringLiteral("size"),
                            T::tr("Size %1 is not offered by %2").arg(quoted(request.sizeId), account));
        } else if (!size->available) {
            results << fail(QStringLiteral("size"), T::tr("Size %1 is not available now").arg(size->id));
        } else if (location && ((!size->locations.isEmpty() && !size->locations.contains(location->id)) ||
                                (!location->sizeIds.isEmpty() && !location->sizeIds.contains(size->id)))) {
            results << fail(QStringLiteral("size"), T::tr("Size %1 is not offered in %2").arg(size->id, location->id));
        } else if (image && image->minDiskGb > size->diskGb) {
            results << fail(QStringLiteral("size"), T::tr("Image %1 needs a disk of at least %2 GB; size %3 has %4 GB")
                                                        .arg(image->name)
                                                        .arg(image->minDiskGb)
                                                        .arg(size->id)
                                                        .arg(size->diskGb));
        }
    }

    // Names.
    if (request.name.trimmed().isEmpty()) {
        results << fail(QStringLiteral("name"), T::tr("Give the machine a name"));
    } else {
        const QStringList names = request.names();
        const auto bad = std::find_if(names.cbegin(), names.cend(), [](const QString &n) { return !validHostname(n); });
        if (bad != names.cend()) {
            results << fail(QStringLiteral("name"),
                            T::tr("%1 is not a valid host name: use letters, digits and '-' (not first or last), "
                                  "with '.' between parts, 63 characters a part at most")
                                .arg(quoted(*bad)));
        } else {
            QStringList taken;
            for (const QString &n : names) {
                if (context.existingNames.contains(n, Qt::CaseInsensitive))
                    taken << n;
            }
            if (!taken.isEmpty())
                results << pass(QStringLiteral("name"), T::tr("%1 already has a machine named %2; the new one is "
                                                              "made as well")
                                                            .arg(account, taken.join(QStringLiteral(", "))));
        }
    }
    if (request.quantity < 1 || request.quantity > kMaxQuantity)
        results << fail(QStringLiteral("quantity"),
                        T::tr("Make between 1 and %1 machines at a time").arg(kMaxQuantity));

    // Access.
    for (const QString &id : request.keyIds) {
        const bool known = std::any_of(context.catalog.keys.cbegin(), context.catalog.keys.cend(),
                                       [&](const drivers::SshKey &k) { return k.id == id || k.fingerprint == id; });
        if (!known)
            results << fail(QStringLiteral("keys"), T::tr("SSH key %1 is not a key of %2").arg(quoted(id), account));
    }
    if (request.keyIds.isEmpty() && caps.sshKeys)
        results << pass(QStringLiteral("keys"),
                        T::tr("No SSH key: the provider may email a password instead, or the machine may be "
                              "unreachable"));

    // Network and storage.
    if (!request.networkId.isEmpty()) {
        const drivers::Network *network = context.network(request.networkId);
        if (!network)
            results << fail(QStringLiteral("network"),
                            T::tr("Network %1 is not a network of %2").arg(quoted(request.networkId), account));
        else if (location && !network->location.isEmpty() && network->location != location->id)
            results << fail(
                QStringLiteral("network"),
                T::tr("Network %1 is in %2, not in %3").arg(network->name, network->location, location->id));
    }
    for (const QString &id : request.volumeIds) {
        const drivers::Volume *volume = context.volume(id);
        if (!volume)
            results << fail(QStringLiteral("volumes"),
                            T::tr("Volume %1 is not a volume of %2").arg(quoted(id), account));
        else if (location && volume->location != location->id)
            results << fail(QStringLiteral("volumes"),
                            T::tr("Volume %1 is in %2, not in %3").arg(volume->name, volume->location, location->id));
        else if (!volume->machineIds.isEmpty())
            results << fail(QStringLiteral("volumes"),
                            T::tr("Volume %1 is attached to another machine").arg(volume->name));
    }
    if (!request.volumeIds.isEmpty() && request.quantity > 1)
        results << fail(QStringLiteral("volumes"),
                        T::tr("A volume attaches to one machine: make one machine, or attach no existing volume"));
    if ((!request.volumeIds.isEmpty() || request.newVolumeGb > 0) && !caps.volumes)
        results << fail(QStringLiteral("volumes"), T::tr("%1 has no volumes").arg(caps.displayName));
    if (request.newVolumeGb < 0 || request.newVolumeGb > kMaxNewVolumeGb)
        results << fail(QStringLiteral("volumes"), T::tr("A new volume has between 1 and %1 GB").arg(kMaxNewVolumeGb));
    if (request.backups && !caps.backups)
        results << fail(QStringLiteral("backups"), T::tr("%1 has no backups").arg(caps.displayName));
    if (request.monitoring && !caps.monitoring)
        results << fail(QStringLiteral("monitoring"), T::tr("%1 has no monitoring agent").arg(caps.displayName));

    // User data.
    if (!request.cloudInit.isEmpty()) {
        const qsizetype bytes = request.cloudInit.toUtf8().size();
        if (!caps.userData)
            results << fail(QStringLiteral("cloudInit"),
                            T::tr("%1 does not take cloud-init user data").arg(caps.displayName));
        else if (bytes > kMaxUserDataBytes)
            results << fail(QStringLiteral("cloudInit"), T::tr("Cloud-init user data is %1 KiB; the limit is %2 KiB")
                                                             .arg((bytes + 1023) / 1024)
                                                             .arg(kMaxUserDataBytes / 1024));
        else if (const QString head = request.cloudInit.trimmed();
                 !head.startsWith(u"#cloud-config") && !head.startsWith(u"#!") && !head.startsWith(u"#include") &&
                 !head.startsWith(u"Content-Type:", Qt::CaseInsensitive))
            results << pass(QStringLiteral("cloudInit"),
                            T::tr("The user data starts with neither #cloud-config nor #!: cloud-init may ignore it"));
    }

    // The user's own tags.
    if (!request.tags.isEmpty() && !caps.tags)
        results << fail(QStringLiteral("tags"), T::tr("%1 has no tags").arg(caps.displayName));
    for (const drivers::Tag &tag : request.tags) {
        const QString field = QStringLiteral("tags.") + tag.key;
        if (tag.key.isEmpty())
            results << fail(QStringLiteral("tags"), T::tr("A tag needs a name"));
        else if (isLeaseOrOwnerKey(tag.key))
            results << fail(
                field,
                T::tr("The tag %1 is written by Nephele from the owner and expiration fields").arg(quoted(tag.key)));
        else if (!isTagSafe(tag.text()))
            results << fail(field, T::tr("The tag %1 may only hold letters, digits, ':', '-' and '_' (255 at most)")
                                       .arg(quoted(tag.text())));
    }
}

} // namespace

ProvisionValidation validate(const ProvisionRequest &request, const ProvisionContext &context)
{
    using T = ProvisionText;
    ProvisionValidation v;
    checkCatalog(request, context, v.results);

    const drivers::Size *size = request.customSize ? nullptr : context.size(request.sizeId);
    const std::optional<double> each = size ? monthlyPrice(*size) : std::nullopt;

    QList<drivers::Tag> tags;
    if (context.engine) {
        policy::MachineProposal proposal;
        proposal.cloudId = context.accountId;
        proposal.locationId = request.location;
        if (size)
            proposal.size = *size;
        proposal.customSize = request.customSize;
        if (each) {
            proposal.cost =
                policy::CostFigures{context.rates.team, context.rates.total, *each * request.quantity, size->currency};
        }
        proposal.expiration = request.expiration;
        proposal.tags = request.tags;
        proposal.fields = fieldValues(request, context);
        const policy::MachineCheck check = context.engine->checkMachine(context.user, proposal, context.now);
        v.decision = check.decision;
        v.results << check.results;
        tags = check.decision.allowed ? check.tags : request.tags;
        if (!check.decision.allowed && context.user.email.isEmpty() && context.user.id.isEmpty()) {
            v.results << fail(QStringLiteral("permission"),
                              T::tr("A policy is in force but Nephele does not know who you are in it: set your "
                                    "email in Governance ▸ Policy settings"));
        }
    } else {
        v.decision = context.creationDecision();
        v.results << pass(QStringLiteral("permission"), v.decision.reason);
        tags = request.tags;
    }

    // Leases without a policy constraint: a date in the future and a known action.
    const bool governedLease = v.decision.allowed && v.decision.constraints.expiration.has_value();
    if (!governedLease && request.expiration.at.isValid()) {
        if (request.expiration.at <= context.now)
            v.results << fail(QStringLiteral("expiration"), T::tr("The expiration date is not in the future"));
        else
            v.results << pass(QStringLiteral("expiration"), T::tr("Expires %1")
                                                                .arg(request.expiration.at.toUTC().toString(
                                                                    QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))));
    }
    if (request.expiration.at.isValid()) {
        const QString action = request.expiration.action.toLower();
        if (action != u"destroy" && action != u"stop")
            v.results << fail(QStringLiteral("expiration.action"),
                              action.isEmpty() ? T::tr("Choose what happens at expiration: destroy or stop")
                                               : T::tr("%1 at expiration is not something Nephele can do; choose "
                                                       "destroy or stop")
                                                     .arg(quoted(action)));
        if (!context.capabilities.tags)
            v.results << fail(QStringLiteral("expiration"),
                              T::tr("%1 has no tags to keep the lease on").arg(context.capabilities.displayName));
    }

    // What every machine carries: the user's and the policy's tags, the lease and the owner.
    if (request.expiration.at.isValid()) {
        Lease lease{request.expiration.at.toUTC(), request.expiration.action.toLower(),
                    request.expiration.notifyBefore};
        tags << leaseTags(lease);
    }
    if (const auto owner = ownerTag(context.user.email, context.user.id))
        tags << *owner;
    for (const drivers::Tag &t : std::as_const(tags)) {
        if (!isTagSafe(t.text()) && !request.tags.contains(t))
            v.results << fail(QStringLiteral("tags"),
                              T::tr("The tag %1 set by the policy cannot be written: tags may only hold letters, "
                                    "digits, ':', '-' and '_'")
                                  .arg(quoted(t.text())));
    }
    v.tags = tags;
    return v;
}

// ---- plan ------------------------------------------------------------------------------------

ProvisionPlan makePlan(const ProvisionRequest &request, const ProvisionContext &context,
                       const ProvisionValidation &validation)
{
    using T = ProvisionText;
    ProvisionPlan plan;
    plan.accountId = request.accountId;
    plan.accountName = context.accountName;
    plan.tags = validation.tags;
    plan.rates = context.rates;
    plan.requestJson = request.toJson();
    if (request.expiration.at.isValid())
        plan.lease =
            Lease{request.expiration.at.toUTC(), request.expiration.action.toLower(), request.expiration.notifyBefore};

    const drivers::Size *size = request.customSize ? nullptr : context.size(request.sizeId);
    const drivers::Image *image = context.image(request.imageId);
    if (size) {
        plan.monthlyEach = monthlyPrice(*size);
        plan.currency = size->currency;
    }
    plan.monthlyTotal = plan.monthlyEach.value_or(0) * request.quantity;

    QStringList tagTexts;
    for (const drivers::Tag &t : plan.tags)
        tagTexts << t.text();
    for (const QString &name : request.names()) {
        PlannedMachine m;
        m.name = name;
        m.newVolumeGb = request.newVolumeGb;
        drivers::CreateMachineRequest &r = m.request;
        r.names = {name};
        r.location = request.location;
        r.sizeId = request.sizeId;
        r.imageId = image ? imageKey(*image) : request.imageId;
        r.keyIds = request.keyIds;
        r.tags = tagTexts;
        r.userData = request.cloudInit;
        r.volumeIds = request.volumeIds;
        r.networkId = request.networkId;
        r.backups = request.backups;
        r.monitoring = request.monitoring;
        r.ipv6 = request.ipv6;
        plan.machines << m;
    }

    if (validation.decision.allowed && validation.decision.constraints.cost)
        plan.quota = validation.decision.constraints.cost;
    const policy::ConstraintResults team = validation.about(u"cost.team");
    const policy::ConstraintResults total = validation.about(u"cost.total");
    const QString added = plan.monthlyEach ? formatMoney(plan.monthlyTotal, plan.currency) : T::tr("an unknown amount");
    if (!team.isEmpty())
        plan.costLine = team.constFirst().message;
    else if (!total.isEmpty())
        plan.costLine = total.constFirst().message;
    else if (!context.rates.teamName.isEmpty())
        plan.costLine = T::tr("Run rate %1 + %2 for team %3; no quota applies")
                            .arg(formatMoney(context.rates.team), added, context.rates.teamName);
    else
        plan.costLine = T::tr("Run rate %1 + %2 on %3; no quota applies")
                            .arg(formatMoney(context.rates.account), added,
                                 context.accountName.isEmpty() ? context.accountId : context.accountName);
    return plan;
}

} // namespace nephele::models::provisioning
