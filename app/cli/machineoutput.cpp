#include "machineoutput.h"

#include <cstdio>

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

QString tagsText(const Machine &m)
{
    QStringList parts;
    parts.reserve(m.tags.size());
    for (const auto &tag : m.tags)
        parts.append(tag.text());
    return parts.join(QLatin1Char(' '));
}

// Plain figures for scripts; a currency other than USD is named beside its figure.
QString monthlyText(const models::cost::MachineCost &cost)
{
    if (!cost.known())
        return {};
    const QString amount = QString::number(cost.monthly, 'f', 2);
    return cost.currency == u"USD" ? amount : amount + u' ' + cost.currency;
}

// JSON is written directly rather than through QJsonDocument, whose value tree costs more than
// the listing itself at tens of thousands of machines.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype expectedSize) { m_out.reserve(expectedSize); }

    void raw(const char *text) { m_out.append(text); }
    // Starts a member of the current object, with the comma before every member but the first.
    void key(const char *name)
    {
        if (!m_firstInObject)
            m_out.append(", ");
        m_firstInObject = false;
        m_out.append('"').append(name).append("\": ");
    }
    void field(const char *name, const QString &value)
    {
        key(name);
        string(value);
    }
    void resetObject() { m_firstInObject = true; }
    void string(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        m_out.append('"');
        for (const char c : utf8) {
            switch (c) {
            case '"': m_out.append("\\\""); break;
            case '\\': m_out.append("\\\\"); break;
            case '\n': m_out.append("\\n"); break;
            case '\r': m_out.append("\\r"); break;
            case '\t': m_out.append("\\t"); break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                    m_out.append(escaped);
                } else {
                    m_out.append(c);
                }
            }
        }
        m_out.append('"');
    }
    void stringOrNull(const QString &text)
    {
        if (text.isEmpty())
            m_out.append("null");
        else
            string(text);
    }
    void number(const std::optional<double> &value)
    {
        if (value)
            m_out.append(QByteArray::number(*value, 'g', 12));
        else
            m_out.append("null");
    }
    void strings(const QStringList &list)
    {
        m_out.append('[');
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i)
                m_out.append(", ");
            string(list[i]);
        }
        m_out.append(']');
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
    bool m_firstInObject = true;
};

QByteArray toJson(const QList<ListedMachine> &machines)
{
    JsonWriter json(machines.size() * 700 + 16);
    json.raw("[");
    for (qsizetype i = 0; i < machines.size(); ++i) {
        const ListedMachine &item = machines[i];
        const Machine &m = *item.machine;
        json.raw(i ? ",\n  {" : "\n  {");
        json.field("id", m.id);
        json.field("name", m.name);
        json.field("kind", drivers::machineKindName(m.kind));
        json.field("state", drivers::machineStateName(m.state));
        json.field("provider_state", m.providerState);
        json.field("account", item.account);
        json.field("provider", item.provider);
        json.field("location", m.location);
        json.field("size", m.sizeId);
        json.field("image", m.imageName);
        json.key("public_ips");
        json.strings(m.publicIps);
        json.key("private_ips");
        json.strings(m.privateIps);
        json.key("tags");
        json.raw("{");
        for (qsizetype t = 0; t < m.tags.size(); ++t) {
            if (t)
                json.raw(", ");
            json.string(m.tags[t].key);
            json.raw(": ");
            json.string(m.tags[t].value);
        }
        json.raw("}");
        json.key("parent");
        json.stringOrNull(m.parentId);
        const bool priced = item.cost.known();
        json.key("cost_monthly");
        json.number(priced ? std::optional(item.cost.monthly) : std::nullopt);
        json.key("cost_hourly");
        json.number(priced ? std::optional(item.cost.hourly) : std::nullopt);
        json.field("currency", priced ? item.cost.currency : m.currency);
        json.field("cost_source", models::cost::costSourceName(item.cost.source));
        json.key("created");
        json.stringOrNull(m.created.isValid() ? m.created.toString(Qt::ISODate) : QString());
        json.raw("}");
        json.resetObject();
    }
    json.raw(machines.isEmpty() ? "]\n" : "\n]\n");
    return json.take();
}

QList<QStringList> rows(const QList<ListedMachine> &machines)
{
    QList<QStringList> out;
    out.reserve(machines.size() + 1);
    out.append({QStringLiteral("ACCOUNT"), QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("STATE"),
                QStringLiteral("LOCATION"), QStringLiteral("SIZE"), QStringLiteral("PUBLIC IP"),
                QStringLiteral("MONTHLY"), QStringLiteral("TAGS")});
    for (const ListedMachine &item : machines) {
        const Machine &m = *item.machine;
        out.append({item.account, m.id, m.name, drivers::machineStateName(m.state), m.location, m.sizeId,
                    m.publicIps.value(0), monthlyText(item.cost), tagsText(m)});
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
