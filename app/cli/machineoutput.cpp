#include "machineoutput.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nephele::cli {

using drivers::Machine;

std::optional<OutputFormat> outputFormatFromName(const QString &name)
{
    if (name == QLatin1String("json"))
        return OutputFormat::Json;
    if (name == QLatin1String("table"))
        return OutputFormat::Table;
    if (name == QLatin1String("csv"))
        return OutputFormat::Csv;
    return std::nullopt;
}

namespace {

QJsonValue optionalNumber(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString tagsText(const Machine &m)
{
    QStringList parts;
    parts.reserve(m.tags.size());
    for (const auto &tag : m.tags)
        parts.append(tag.text());
    return parts.join(QLatin1Char(' '));
}

QString money(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'f', 2) : QString();
}

QByteArray toJson(const QList<ListedMachine> &machines)
{
    QJsonArray array;
    for (const ListedMachine &item : machines) {
        const Machine &m = item.machine;
        QJsonObject tags;
        for (const auto &tag : m.tags)
            tags.insert(tag.key, tag.value);
        array.append(QJsonObject{
            {QStringLiteral("id"), m.id},
            {QStringLiteral("name"), m.name},
            {QStringLiteral("kind"), drivers::machineKindName(m.kind)},
            {QStringLiteral("state"), drivers::machineStateName(m.state)},
            {QStringLiteral("provider_state"), m.providerState},
            {QStringLiteral("account"), item.account},
            {QStringLiteral("provider"), item.provider},
            {QStringLiteral("location"), m.location},
            {QStringLiteral("size"), m.sizeId},
            {QStringLiteral("image"), m.imageName},
            {QStringLiteral("public_ips"), QJsonArray::fromStringList(m.publicIps)},
            {QStringLiteral("private_ips"), QJsonArray::fromStringList(m.privateIps)},
            {QStringLiteral("tags"), tags},
            {QStringLiteral("parent"), m.parentId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.parentId)},
            {QStringLiteral("cost_monthly"), optionalNumber(m.priceMonthly)},
            {QStringLiteral("cost_hourly"), optionalNumber(m.priceHourly)},
            {QStringLiteral("currency"), m.currency},
            {QStringLiteral("created"), m.created.isValid() ? m.created.toString(Qt::ISODate) : QString()},
        });
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

QList<QStringList> rows(const QList<ListedMachine> &machines)
{
    QList<QStringList> out;
    out.reserve(machines.size() + 1);
    out.append({QStringLiteral("ACCOUNT"), QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("STATE"),
                QStringLiteral("LOCATION"), QStringLiteral("SIZE"), QStringLiteral("PUBLIC IP"),
                QStringLiteral("MONTHLY"), QStringLiteral("TAGS")});
    for (const ListedMachine &item : machines) {
        const Machine &m = item.machine;
        out.append({item.account, m.id, m.name, drivers::machineStateName(m.state), m.location, m.sizeId,
                    m.publicIps.value(0), money(m.priceMonthly), tagsText(m)});
    }
    return out;
}

QByteArray toTable(const QList<ListedMachine> &machines)
{
    const QList<QStringList> table = rows(machines);
    QList<qsizetype> widths(table.front().size(), 0);
    for (const QStringList &row : table)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    QString out;
    for (const QStringList &row : table) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const bool last = i + 1 == row.size();
            const bool numeric = i == 7;
            line += last ? row[i] : numeric ? row[i].rightJustified(widths[i]) : row[i].leftJustified(widths[i]);
            if (!last)
                line += QStringLiteral("  ");
        }
        out += line.trimmed() + QLatin1Char('\n');
    }
    return out.toUtf8();
}

QString csvField(const QString &field)
{
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')))
        return field;
    QString quoted = field;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QByteArray toCsv(const QList<ListedMachine> &machines)
{
    QString out;
    for (const QStringList &row : rows(machines)) {
        QStringList fields;
        for (const QString &f : row)
            fields.append(csvField(f));
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

} // namespace

QByteArray formatMachines(const QList<ListedMachine> &machines, OutputFormat format)
{
    switch (format) {
    case OutputFormat::Json: return toJson(machines);
    case OutputFormat::Table: return toTable(machines);
    case OutputFormat::Csv: return toCsv(machines);
    }
    return {};
}

} // namespace nephele::cli
