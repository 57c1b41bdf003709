#include "costsettings.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <cmath>

namespace nephele::models::cost {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("nephele::models::cost::CostSettings", text);
}

// A price field: absent is fine, anything but a finite number >= 0 is an error.
Expected<std::optional<double>, QString> readAmount(const QJsonObject &object, const QString &key, const QString &where)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::optional<double>();
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < 0)
        return Unexpected(tr("%1: \"%2\" must be a number of at least 0.").arg(where, key));
    return std::optional<double>(value.toDouble());
}

Expected<StatedPrice, QString> readPrice(const QJsonObject &object, const QString &where)
{
    StatedPrice price;
    auto hourly = readAmount(object, QStringLiteral("hourly"), where);
    if (!hourly)
        return Unexpected(hourly.error());
    auto monthly = readAmount(object, QStringLiteral("monthly"), where);
    if (!monthly)
        return Unexpected(monthly.error());
    price.hourly = *hourly;
    price.monthly = *monthly;
    if (price.isEmpty())
        return Unexpected(tr("%1: needs \"hourly\" or \"monthly\".").arg(where));
    return price;
}

QJsonObject priceJson(const StatedPrice &price)
{
    QJsonObject object;
    if (price.hourly)
        object.insert(QStringLiteral("hourly"), *price.hourly);
    if (price.monthly)
        object.insert(QStringLiteral("monthly"), *price.monthly);
    return object;
}

} // namespace

QString CostSettings::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/nephele/cost.json");
}

Expected<CostSettings, QString> CostSettings::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return CostSettings();
    if (!file.open(QIODevice::ReadOnly))
        return Unexpected(tr("Cannot read the cost settings %1: %2").arg(path, file.errorString()));
    auto settings = fromJson(file.readAll());
    if (!settings)
        return Unexpected(tr("The cost settings %1 are not valid: %2").arg(path, settings.error()));
    return settings;
}

Expected<CostSettings, QString> CostSettings::fromJson(const QByteArray &json)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        // The line, for the person editing the file.
        const int line = int(json.left(error.offset).count('\n')) + 1;
        return Unexpected(tr("line %1: %2").arg(line).arg(error.errorString()));
    }
    if (!document.isObject())
        return Unexpected(tr("the document must be a JSON object."));
    const QJsonObject root = document.object();
    CostSettings settings;

    const QJsonValue catalog = root.value(QStringLiteral("catalog"));
    if (!catalog.isUndefined() && !catalog.isArray())
        return Unexpected(tr("\"catalog\" must be an array."));
    const QJsonArray lines = catalog.toArray();
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString where = QStringLiteral("catalog[%1]").arg(i);
        if (!lines.at(i).isObject())
            return Unexpected(tr("%1: must be an object.").arg(where));
        const QJsonObject line = lines.at(i).toObject();
        CatalogEntry entry;
        entry.size = line.value(QStringLiteral("size")).toString();
        if (entry.size.isEmpty())
            return Unexpected(tr("%1: needs a \"size\".").arg(where));
        entry.provider = line.value(QStringLiteral("provider")).toString();
        entry.account = line.value(QStringLiteral("account")).toString();
        entry.location = line.value(QStringLiteral("location")).toString();
        entry.currency = line.value(QStringLiteral("currency")).toString().toUpper();
        auto price = readPrice(line, where);
        if (!price)
            return Unexpected(price.error());
        entry.price = *price;
        settings.catalog.append(entry);
    }

    const QJsonValue accounts = root.value(QStringLiteral("accounts"));
    if (!accounts.isUndefined() && !accounts.isObject())
        return Unexpected(tr("\"accounts\" must be an object keyed by account id."));
    const QJsonObject accountObjects = accounts.toObject();
    for (auto it = accountObjects.begin(); it != accountObjects.end(); ++it) {
        const QString where = QStringLiteral("accounts.%1").arg(it.key());
        if (!it.value().isObject())
            return Unexpected(tr("%1: must be an object.").arg(where));
        const QJsonObject object = it.value().toObject();
        AccountCostSettings account;
        account.currency = object.value(QStringLiteral("currency")).toString().toUpper();
        const QJsonObject flavors = object.value(QStringLiteral("flavors")).toObject();
        for (auto f = flavors.begin(); f != flavors.end(); ++f) {
            auto price = readPrice(f.value().toObject(), QStringLiteral("%1.flavors.%2").arg(where, f.key()));
            if (!price)
                return Unexpected(price.error());
            account.flavors.insert(f.key(), *price);
        }
        const QJsonValue units = object.value(QStringLiteral("units"));
        if (units.isObject()) {
            const QJsonObject u = units.toObject();
            const QString unitsWhere = where + QStringLiteral(".units");
            UnitRates rates;
            const QString period = u.value(QStringLiteral("period")).toString(QStringLiteral("month"));
            if (period == u"hour")
                rates.period = UnitRates::Period::Hour;
            else if (period == u"month")
                rates.period = UnitRates::Period::Month;
            else
                return Unexpected(tr("%1: \"period\" is \"hour\" or \"month\".").arg(unitsWhere));
            for (const auto &[key, target] :
                 {std::pair{QStringLiteral("vcpu"), &rates.vcpu}, std::pair{QStringLiteral("ram_gb"), &rates.ramGb},
                  std::pair{QStringLiteral("disk_gb"), &rates.diskGb}}) {
                auto amount = readAmount(u, key, unitsWhere);
                if (!amount)
                    return Unexpected(amount.error());
                *target = amount->value_or(0);
            }
            account.units = rates;
        } else if (!units.isUndefined() && !units.isNull()) {
            return Unexpected(tr("%1.units: must be an object.").arg(where));
        }
        settings.accounts.insert(it.key(), account);
    }
    return settings;
}

QByteArray CostSettings::toJson() const
{
    QJsonObject root;
    QJsonArray lines;
    for (const CatalogEntry &entry : catalog) {
        QJsonObject line = priceJson(entry.price);
        line.insert(QStringLiteral("size"), entry.size);
        if (!entry.provider.isEmpty())
            line.insert(QStringLiteral("provider"), entry.provider);
        if (!entry.account.isEmpty())
            line.insert(QStringLiteral("account"), entry.account);
        if (!entry.location.isEmpty())
            line.insert(QStringLiteral("location"), entry.location);
        if (!entry.currency.isEmpty())
            line.insert(QStringLiteral("currency"), entry.currency);
        lines.append(line);
    }
    if (!lines.isEmpty())
        root.insert(QStringLiteral("catalog"), lines);
    QJsonObject accountObjects;
    for (auto it = accounts.cbegin(); it != accounts.cend(); ++it) {
        QJsonObject object;
        if (!it->currency.isEmpty())
            object.insert(QStringLiteral("currency"), it->currency);
        QJsonObject flavors;
        for (auto f = it->flavors.cbegin(); f != it->flavors.cend(); ++f)
            flavors.insert(f.key(), priceJson(f.value()));
        if (!flavors.isEmpty())
            object.insert(QStringLiteral("flavors"), flavors);
        if (it->units) {
            object.insert(QStringLiteral("units"),
                          QJsonObject{{QStringLiteral("period"), it->units->period == UnitRates::Period::Hour
                                                                     ? QStringLiteral("hour")
                                                                     : QStringLiteral("month")},
                                      {QStringLiteral("vcpu"), it->units->vcpu},
                                      {QStringLiteral("ram_gb"), it->units->ramGb},
                                      {QStringLiteral("disk_gb"), it->units->diskGb}});
        }
        accountObjects.insert(it.key(), object);
    }
    if (!accountObjects.isEmpty())
        root.insert(QStringLiteral("accounts"), accountObjects);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace nephele::models::cost
