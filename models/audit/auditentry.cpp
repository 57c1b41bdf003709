#include "auditentry.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace nephele::models::audit {

namespace {

QString isoUtc(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODateWithMs) : QString();
}

// A cell that starts like a formula is run by spreadsheets when the CSV is opened: a leading
// apostrophe keeps it text (OWASP's advice for CSV injection).
QString defused(const QString &cell)
{
    if (!cell.isEmpty() && QStringView(u"=+-@\t\r").contains(cell.front()))
        return u'\'' + cell;
    return cell;
}

QByteArray csvField(const QString &text)
{
    const QString cell = defused(text);
    if (!cell.contains(u',') && !cell.contains(u'"') && !cell.contains(u'\n') && !cell.contains(u'\r'))
        return cell.toUtf8();
    QString quoted = cell;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return '"' + quoted.toUtf8() + '"';
}

} // namespace

QString outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending: return QStringLiteral("pending");
    case Outcome::Succeeded: return QStringLiteral("succeeded");
    case Outcome::Failed: return QStringLiteral("failed");
    case Outcome::Denied: return QStringLiteral("denied");
    case Outcome::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<Outcome> outcomeFromName(QStringView name)
{
    for (Outcome o : {Outcome::Pending, Outcome::Succeeded, Outcome::Failed, Outcome::Denied, Outcome::Cancelled}) {
        if (name.compare(outcomeName(o), Qt::CaseInsensitive) == 0)
            return o;
    }
    return std::nullopt;
}

QString outcomeText(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Pending: return QCoreApplication::translate("nephele::models::audit", "Pending");
    case Outcome::Succeeded: return QCoreApplication::translate("nephele::models::audit", "Succeeded");
    case Outcome::Failed: return QCoreApplication::translate("nephele::models::audit", "Failed");
    case Outcome::Denied: return QCoreApplication::translate("nephele::models::audit", "Denied");
    case Outcome::Cancelled: return QCoreApplication::translate("nephele::models::audit", "Cancelled");
    }
    return {};
}

bool AuditFilter::matches(const AuditEntry &entry) const
{
    if (from.isValid() && entry.when < from)
        return false;
    if (to.isValid() && entry.when >= to)
        return false;
    if (!actor.isEmpty() && entry.actor != actor)
        return false;
    if (!action.isEmpty() && entry.action != action)
        return false;
    if (!accountId.isEmpty() && entry.accountId != accountId)
        return false;
    if (outcome && entry.outcome != *outcome)
        return false;
    if (!text.isEmpty()) {
        const QString fields[] = {entry.targetName, entry.targetId, entry.detail, entry.request, entry.actor};
        const bool found = std::any_of(std::begin(fields), std::end(fields),
                                       [&](const QString &f) { return f.contains(text, Qt::CaseInsensitive); });
        if (!found)
            return false;
    }
    return true;
}

QByteArray toCsv(const QList<AuditEntry> &entries)
{
    QByteArray out = "id,when,actor,action,account_id,account_name,target_id,target_name,outcome,detail,finished,"
                     "request\r\n";
    for (const AuditEntry &e : entries) {
        const QString cells[] = {e.id,
                                 e.when.isValid() ? isoUtc(e.when) : QString(),
                                 e.actor,
                                 e.action,
                                 e.accountId,
                                 e.accountName,
                                 e.targetId,
                                 e.targetName,
                                 outcomeName(e.outcome),
                                 e.detail,
                                 isoUtc(e.finished),
                                 e.request};
        bool first = true;
        for (const QString &cell : cells) {
            if (!first)
                out += ',';
            first = false;
            out += csvField(cell);
        }
        out += "\r\n";
    }
    return out;
}

QByteArray toJson(const QList<AuditEntry> &entries)
{
    QJsonArray array;
    for (const AuditEntry &e : entries) {
        QJsonObject o{
            {QStringLiteral("id"), e.id},
            {QStringLiteral("when"), isoUtc(e.when)},
            {QStringLiteral("actor"), e.actor},
            {QStringLiteral("action"), e.action},
            {QStringLiteral("account_id"), e.accountId},
            {QStringLiteral("account_name"), e.accountName},
            {QStringLiteral("target_id"), e.targetId},
            {QStringLiteral("target_name"), e.targetName},
            {QStringLiteral("outcome"), outcomeName(e.outcome)},
            {QStringLiteral("detail"), e.detail},
        };
        o.insert(QStringLiteral("finished"), e.finished.isValid() ? QJsonValue(isoUtc(e.finished)) : QJsonValue());
        // The request is JSON itself: embedded as a value when it parses, as text otherwise.
        const QJsonDocument request = QJsonDocument::fromJson(e.request.toUtf8());
        if (request.isObject())
            o.insert(QStringLiteral("request"), request.object());
        else if (request.isArray())
            o.insert(QStringLiteral("request"), request.array());
        else
            o.insert(QStringLiteral("request"), e.request);
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

} // namespace nephele::models::audit
