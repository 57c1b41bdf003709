#include "policyconstraints.h"

#include "policytext_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>

namespace nephele::models::policy {

namespace {

// Run rates are sums of prices; a thousandth of a cent is rounding, not spending.
constexpr double CostEpsilon = 1e-5;

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

QString dateText(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString number(double value)
{
    return QString::number(value, 'g', 12);
}

ConstraintResult result(const QString &field, bool ok, const QString &message)
{
    return {field, ok, message};
}

QString addedText(double teamOrTotal, double added)
{
    if (added < 0)
        return formatUsd(teamOrTotal) + QStringLiteral(" - ") + formatUsd(-added);
    return formatUsd(teamOrTotal) + QStringLiteral(" + ") + formatUsd(added);
}

bool appliesTo(const SizeEntry &entry, const QString &cloudId)
{
    return entry.cloud.isEmpty() || entry.cloud == cloudId;
}

bool specMatches(const CustomSizeSpec &spec, double cpu, double ramMb, double diskGb)
{
    return (!spec.cpu || *spec.cpu == cpu) && (!spec.ramMb || *spec.ramMb == ramMb) &&
           (!spec.diskGb || *spec.diskGb == diskGb);
}

bool entryMatches(const SizeEntry &entry, const drivers::Size &size)
{
    switch (entry.kind) {
    case SizeEntry::Kind::Name:
        return size.id.compare(entry.name, Qt::CaseInsensitive) == 0 ||
               size.name.contains(entry.name, Qt::CaseInsensitive);
    case SizeEntry::Kind::CloudName:
        return size.id.compare(entry.name, Qt::CaseInsensitive) == 0 ||
               size.name.compare(entry.name, Qt::CaseInsensitive) == 0;
    case SizeEntry::Kind::CloudCustom: return specMatches(entry.custom, size.vcpus, size.memoryMb, size.diskGb);
    }
    return false;
}

QString entryList(const QList<const SizeEntry *> &entries)
{
    constexpr qsizetype Shown = 6;
    QStringList texts;
    for (qsizetype i = 0; i < entries.size() && i < Shown; ++i)
        texts << entries.at(i)->text();
    if (entries.size() > Shown)
        texts << PolicyText::tr("and %1 more").arg(entries.size() - Shown);
    return texts.join(QStringLiteral(", "));
}

enum class Resource { Cpu, Ram, Disk, Swap };

QString amountText(Resource resource, double value)
{
    switch (resource) {
    case Resource::Cpu:
        return value == 1 ? PolicyText::tr("1 CPU core") : PolicyText::tr("%1 CPU cores").arg(number(value));
    case Resource::Ram: return PolicyText::tr("%1 MB of RAM").arg(number(value));
    case Resource::Disk: return PolicyText::tr("%1 GB of disk").arg(number(value));
    case Resource::Swap: return PolicyText::tr("%1 GB of swap disk").arg(number(value));
    }
    return number(value);
}

ConstraintResult checkBound(const QString &field, const SizeBound &bound, double value, Resource resource)
{
    const QString amount = amountText(resource, value);
    if (bound.min && value < *bound.min) {
        return result(
            field, false,
            PolicyText::tr("%1 is below the policy's minimum of %2").arg(amount, amountText(resource, *bound.min)));
    }
    if (bound.max && value > *bound.max) {
        return result(
            field, false,
            PolicyText::tr("%1 is above the policy's maximum of %2").arg(amount, amountText(resource, *bound.max)));
    }
    return result(field, true, PolicyText::tr("%1 is within the policy").arg(amount));
}

bool isComposite(const QVariant &v)
{
    return v.metaType().id() == QMetaType::QVariantList || v.metaType().id() == QMetaType::QVariantMap;
}

QString valueText(const QVariant &v)
{
    if (v.metaType().id() == QMetaType::QVariantList)
        return QString::fromUtf8(QJsonDocument(QJsonArray::fromVariantList(v.toList())).toJson(QJsonDocument::Compact));
    if (v.metaType().id() == QMetaType::QVariantMap)
        return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(v.toMap())).toJson(QJsonDocument::Compact));
    if (v.metaType().id() == QMetaType::Bool)
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return quoted(v.toString());
}

// A wizard hands values over as text or numbers, a policy as JSON: 2, 2.0 and "2" are the same.
bool sameValue(const QVariant &a, const QVariant &b)
{
    if (isComposite(a) || isComposite(b))
        return a == b;
    bool aNumeric = false;
    bool bNumeric = false;
    const double x = a.toDouble(&aNumeric);
    const double y = b.toDouble(&bNumeric);
    if (aNumeric && bNumeric)
        return x == y;
    return a.toString() == b.toString();
}

} // namespace

bool allOk(const ConstraintResults &results)
{
    return std::all_of(results.cbegin(), results.cend(), [](const ConstraintResult &r) { return r.ok; });
}

ConstraintResults checkCost(const CostConstraint &constraint, const std::optional<CostFigures> &figures)
{
    ConstraintResults results;
    struct Limit {
        QString field;
        std::optional<double> max;
        bool team;
    };
    const Limit limits[] = {{QStringLiteral("cost.team"), constraint.maxTeamRunRate, true},
                            {QStringLiteral("cost.total"), constraint.maxTotalRunRate, false}};
    for (const Limit &limit : limits) {
        if (!limit.max)
            continue;
        const QString quota = limit.team ? PolicyText::tr("your team's %1 quota").arg(formatUsd(*limit.max))
                                         : PolicyText::tr("the organisation's %1 quota").arg(formatUsd(*limit.max));
        if (!figures) {
            results << result(
                limit.field, false,
                PolicyText::tr("The monthly cost of this machine is not known, so %1 cannot be checked").arg(quota));
            continue;
        }
        if (figures->currency.compare(u"USD", Qt::CaseInsensitive) != 0) {
            results << result(limit.field, false,
                              PolicyText::tr("Prices are in %1 and %2 is in USD; Nephele does not convert currencies")
                                  .arg(figures->currency, quota));
            continue;
        }
        const double now = limit.team ? figures->teamRunRate : figures->totalRunRate;
        const bool within = now + figures->addedMonthly <= *limit.max + CostEpsilon;
        const QString rate = addedText(now, figures->addedMonthly);
        QString message;
        if (limit.team) {
            message = within ? PolicyText::tr("Run rate %1 is within %2").arg(rate, quota)
                             : PolicyText::tr("Run rate %1 would exceed %2").arg(rate, quota);
        } else {
            message = within ? PolicyText::tr("Total run rate %1 is within %2").arg(rate, quota)
                             : PolicyText::tr("Total run rate %1 would exceed %2").arg(rate, quota);
        }
        results << result(limit.field, within, message);
    }
    return results;
}

ExpirationRequest proposedExpiration(const ExpirationConstraint &constraint, const QDateTime &now)
{
    ExpirationRequest request;
    if (constraint.defaultExpiry)
        request.at = constraint.defaultExpiry->after(now);
    else if (constraint.max)
        request.at = constraint.max->after(now);
    request.action = constraint.defaultAction;
    if (request.action.isEmpty() && !constraint.availableActions.isEmpty())
        request.action = constraint.availableActions.constFirst();
    request.notifyBefore = constraint.notifyDefault;
    return request;
}

QDateTime latestExpiration(const ExpirationConstraint &constraint, const QDateTime &now)
{
    return constraint.max ? constraint.max->after(now) : QDateTime();
}

ConstraintResults checkExpiration(const ExpirationConstraint &constraint, const ExpirationRequest &request,
                                  const QDateTime &now)
{
    ConstraintResults results;
    const QString field = QStringLiteral("expiration");
    const QDateTime latest = latestExpiration(constraint, now);
    if (!request.at.isValid()) {
        if (constraint.max) {
            results << result(field, false,
                              PolicyText::tr("This machine must have an expiration date, at most %1 from now (by %2)")
                                  .arg(constraint.max->humanText(), dateText(latest)));
        } else {
            results << result(field, true, PolicyText::tr("No expiration date"));
        }
        return results;
    }
    if (request.at <= now) {
        results << result(field, false,
                          PolicyText::tr("The expiration date %1 is not in the future").arg(dateText(request.at)));
    } else if (latest.isValid() && request.at > latest) {
        results << result(field, false,
                          PolicyText::tr("The expiration date %1 is later than the policy allows: at most %2 from now "
                                         "(by %3)")
                              .arg(dateText(request.at), constraint.max->humanText(), dateText(latest)));
    } else {
        results << result(field, true, PolicyText::tr("Expires %1").arg(dateText(request.at)));
    }

    const QString actionField = QStringLiteral("expiration.action");
    const QString action = request.action.isEmpty() ? constraint.defaultAction : request.action.toLower();
    const QString available = constraint.availableActions.join(QStringLiteral(", "));
    if (action.isEmpty()) {
        if (constraint.availableActions.isEmpty())
            results << result(actionField, true, PolicyText::tr("Nothing is done at expiration"));
        else
            results << result(actionField, false,
                              PolicyText::tr("Choose what happens at expiration: %1").arg(available));
    } else if (!constraint.availableActions.isEmpty() && !constraint.availableActions.contains(action)) {
        results << result(
            actionField, false,
            PolicyText::tr("%1 at expiration is not allowed; the policy allows %2").arg(quoted(action), available));
    } else {
        results << result(actionField, true, PolicyText::tr("At expiration: %1").arg(action));
    }

    const QString notifyField = QStringLiteral("expiration.notify");
    if (!request.notifyBefore) {
        if (constraint.notifyRequired) {
            const QString proposal =
                constraint.notifyDefault
                    ? PolicyText::tr(" (the policy proposes %1 before)").arg(constraint.notifyDefault->humanText())
                    : QString();
            results << result(notifyField, false,
                              PolicyText::tr("A notice before expiration is required%1").arg(proposal));
        } else {
            results << result(notifyField, true, PolicyText::tr("No notice before expiration"));
        }
    } else if (request.notifyBefore->before(request.at) < now) {
        results << result(notifyField, false,
                          PolicyText::tr("A notice %1 before expiration would fall in the past")
                              .arg(request.notifyBefore->humanText()));
    } else {
        results << result(notifyField, true,
                          PolicyText::tr("Notice %1 before expiration").arg(request.notifyBefore->humanText()));
    }
    return results;
}

ConstraintResult checkSize(const SizeConstraint &constraint, const QString &cloudId, const drivers::Size &size)
{
    const QString field = QStringLiteral("size");
    const QString label = size.id.isEmpty() ? size.name : size.id;
    for (const SizeEntry &entry : constraint.notAllowed) {
        if (appliesTo(entry, cloudId) && entryMatches(entry, size)) {
            return result(field, false,
                          PolicyText::tr("Size %1 is not allowed by the policy (it matches %2)")
                              .arg(label, quoted(entry.text())));
        }
    }
    QList<const SizeEntry *> allowedHere;
    for (const SizeEntry &entry : constraint.allowed) {
        if (!appliesTo(entry, cloudId))
            continue;
        if (entryMatches(entry, size))
            return result(field, true,
                          PolicyText::tr("Size %1 is allowed (it matches %2)").arg(label, quoted(entry.text())));
        allowedHere << &entry;
    }
    if (!allowedHere.isEmpty()) {
        return result(field, false,
                      PolicyText::tr("Size %1 is not among the sizes the policy allows here: %2")
                          .arg(label, entryList(allowedHere)));
    }
    return result(field, true, PolicyText::tr("Size %1 is allowed").arg(label));
}

ConstraintResults checkCustomSize(const SizeConstraint &constraint, const QString &cloudId, const CustomSize &size)
{
    ConstraintResults results;
    const QString field = QStringLiteral("size");
    const SizeEntry *denied = nullptr;
    for (const SizeEntry &entry : constraint.notAllowed) {
        if (entry.kind == SizeEntry::Kind::CloudCustom && appliesTo(entry, cloudId) &&
            specMatches(entry.custom, size.cpu, size.ramMb, size.diskGb)) {
            denied = &entry;
            break;
        }
    }
    QList<const SizeEntry *> allowedHere;
    const SizeEntry *matched = nullptr;
    for (const SizeEntry &entry : constraint.allowed) {
        if (entry.kind != SizeEntry::Kind::CloudCustom || !appliesTo(entry, cloudId))
            continue;
        allowedHere << &entry;
        if (!matched && specMatches(entry.custom, size.cpu, size.ramMb, size.diskGb))
            matched = &entry;
    }
    if (denied) {
        results << result(field, false,
                          PolicyText::tr("This custom size is not allowed by the policy (it matches %1)")
                              .arg(quoted(denied->text())));
    } else if (!allowedHere.isEmpty() && !matched) {
        results << result(field, false,
                          PolicyText::tr("This custom size is not among the sizes the policy allows here: %1")
                              .arg(entryList(allowedHere)));
    } else {
        results << result(field, true, PolicyText::tr("This custom size is allowed"));
    }
    results << checkBound(QStringLiteral("size.cpu"), constraint.cpu, size.cpu, Resource::Cpu);
    results << checkBound(QStringLiteral("size.ram"), constraint.ram, size.ramMb, Resource::Ram);
    results << checkBound(QStringLiteral("size.disk"), constraint.disk, size.diskGb, Resource::Disk);
    if (size.swapGb || constraint.swap.min)
        results << checkBound(QStringLiteral("size.swap"), constraint.swap, size.swapGb.value_or(0), Resource::Swap);
    return results;
}

QList<FieldConstraint> fieldsFor(const QList<FieldConstraint> &fields, const QString &cloudId)
{
    QList<FieldConstraint> inForce;
    for (const FieldConstraint &field : fields) {
        const bool forThisCloud = !field.appliesToEveryCloud() && field.cloud == cloudId;
        if (!field.appliesToEveryCloud() && !forThisCloud)
            continue;
        const auto same = std::find_if(inForce.begin(), inForce.end(),
                                       [&](const FieldConstraint &f) { return f.name == field.name; });
        if (same == inForce.end())
            inForce << field;
        else if (forThisCloud || same->appliesToEveryCloud())
            *same = field; // the cloud's own entry wins over ALL; among equals the later one
    }
    return inForce;
}

ConstraintResults checkFields(const QList<FieldConstraint> &fields, const QString &cloudId,
                              const QVariantMap &requested)
{
    ConstraintResults results;
    for (const FieldConstraint &f : fieldsFor(fields, cloudId)) {
        const QString field = QStringLiteral("field.") + f.name;
        const auto given = requested.constFind(f.name);
        const bool isSet = given != requested.cend() && given->isValid();
        if (!f.show && f.value) {
            if (isSet && !sameValue(*given, *f.value)) {
                results << result(field, false,
                                  PolicyText::tr("%1 is fixed by the policy to %2; %3 is not allowed")
                                      .arg(f.name, valueText(*f.value), valueText(*given)));
            } else {
                results << result(field, true,
                                  PolicyText::tr("%1 is set by the policy to %2").arg(f.name, valueText(*f.value)));
            }
        } else if (!f.show) {
            results << result(field, !isSet,
                              isSet ? PolicyText::tr("%1 is hidden by the policy and cannot be set").arg(f.name)
                                    : PolicyText::tr("%1 is hidden by the policy").arg(f.name));
        } else if (f.value) {
            results << result(field, true,
                              PolicyText::tr("%1 defaults to %2 by the policy").arg(f.name, valueText(*f.value)));
        }
    }
    return results;
}

ConstraintResults checkTags(const SecurityTags &security, const QList<drivers::Tag> &requested)
{
    ConstraintResults results;
    for (const drivers::Tag &tag : requested) {
        if (!security.reservedKeys.contains(tag.key))
            continue;
        const QString field = QStringLiteral("tags.") + tag.key;
        const auto applied = security.applied.constFind(tag.key);
        if (applied == security.applied.cend()) {
            results << result(
                field, false,
                PolicyText::tr("The tag %1 is reserved by the policy and cannot be set").arg(quoted(tag.key)));
        } else if (applied.value() != tag.value) {
            results << result(field, false,
                              PolicyText::tr("The tag %1 is set by the policy to %2 and cannot be changed")
                                  .arg(quoted(tag.key), quoted(applied.value())));
        }
    }
    if (!security.applied.isEmpty()) {
        QStringList texts;
        for (auto it = security.applied.cbegin(); it != security.applied.cend(); ++it)
            texts << drivers::Tag{it.key(), it.value()}.text();
        results << result(
            QStringLiteral("tags"), true,
            PolicyText::tr("Security tags %1 are set by the policy").arg(texts.join(QStringLiteral(", "))));
    }
    return results;
}

QList<drivers::Tag> withSecurityTags(const SecurityTags &security, const QList<drivers::Tag> &requested)
{
    QList<drivers::Tag> tags;
    for (const drivers::Tag &tag : requested) {
        if (!security.applied.contains(tag.key))
            tags << tag;
    }
    for (auto it = security.applied.cbegin(); it != security.applied.cend(); ++it)
        tags << drivers::Tag{it.key(), it.value()};
    return tags;
}

} // namespace nephele::models::policy
