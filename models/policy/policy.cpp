#include "policy.h"

#include "policytext_p.h"

#include <QLocale>

namespace nephele::models::policy {

QString formatUsd(double amount)
{
    static const QLocale us(QLocale::English, QLocale::UnitedStates);
    const bool whole = amount == double(qint64(amount));
    return u'$' + us.toString(amount, 'f', whole ? 0 : 2);
}

QString operatorName(Operator op)
{
    return op == Operator::Allow ? QStringLiteral("ALLOW") : QStringLiteral("DENY");
}

QString PolicyIssue::text() const
{
    QString where;
    if (line > 0)
        where = PolicyText::tr("line %1, column %2: ").arg(line).arg(column);
    if (!path.isEmpty())
        where += path + QStringLiteral(": ");
    return where + message;
}

QString SizeEntry::text() const
{
    QString what;
    switch (kind) {
    case Kind::Name:
    case Kind::CloudName: what = name; break;
    case Kind::CloudCustom: {
        QStringList parts;
        if (custom.cpu)
            parts << PolicyText::tr("%1 CPU").arg(*custom.cpu);
        if (custom.ramMb)
            parts << PolicyText::tr("%1 MB RAM").arg(*custom.ramMb);
        if (custom.diskGb)
            parts << PolicyText::tr("%1 GB disk").arg(*custom.diskGb);
        what = parts.isEmpty() ? PolicyText::tr("any custom size") : parts.join(QStringLiteral(" / "));
        if (!friendlyName.isEmpty())
            what = friendlyName + QStringLiteral(" (") + what + u')';
        break;
    }
    }
    if (cloud.isEmpty())
        return what;
    return PolicyText::tr("%1 on cloud %2").arg(what, cloud);
}

bool FieldConstraint::appliesToEveryCloud() const
{
    return cloud.isEmpty() || cloud.compare(u"ALL", Qt::CaseInsensitive) == 0;
}

bool Rule::matchesAnyAction() const
{
    return action.isEmpty() || action.compare(u"all", Qt::CaseInsensitive) == 0;
}

QString Rule::describe() const
{
    const QString what = matchesAnyAction() ? PolicyText::tr("any action") : action;
    QString on;
    if (rtype.isEmpty())
        on = PolicyText::tr("any resource");
    else if (!rid.isEmpty())
        on = PolicyText::tr("%1 %2").arg(rtype, rid);
    else
        on = rtype.endsWith(u's') ? rtype : rtype + u's';
    QString text = PolicyText::tr("%1 on %2").arg(what, on);
    if (!rtags.isEmpty()) {
        QStringList tags;
        for (auto it = rtags.cbegin(); it != rtags.cend(); ++it)
            tags << (it.value().isEmpty() ? it.key() : it.key() + u'=' + it.value());
        text += u' ' + PolicyText::tr("tagged %1").arg(tags.join(QStringLiteral(", ")));
    }
    return text;
}

bool Team::isOwners() const
{
    return name.compare(u"Owners", Qt::CaseInsensitive) == 0;
}

bool Team::hasMember(const QString &email, const QString &userId) const
{
    for (const QString &member : members) {
        if (!email.isEmpty() && member.compare(email, Qt::CaseInsensitive) == 0)
            return true;
        if (!userId.isEmpty() && member == userId)
            return true;
    }
    return false;
}

QList<int> Policy::teamsOf(const QString &email, const QString &userId) const
{
    QList<int> indexes;
    for (int i = 0; i < teams.size(); ++i) {
        if (teams.at(i).hasMember(email, userId))
            indexes << i;
    }
    return indexes;
}

std::optional<CostConstraint> Policy::costQuota(const QString &teamName) const
{
    for (const Team &team : teams) {
        if (team.name != teamName)
            continue;
        for (const Rule &rule : team.rules) {
            const bool createsMachines = (rule.matchesAnyAction() || rule.action == u"create") &&
                                         (rule.rtype.isEmpty() || rule.rtype == u"machine");
            if (rule.op == Operator::Allow && createsMachines && rule.constraints.cost)
                return rule.constraints.cost;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace nephele::models::policy
