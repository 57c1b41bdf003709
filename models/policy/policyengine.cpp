#include "policyengine.h"

#include "policytext_p.h"

#include <algorithm>

namespace nephele::models::policy {

namespace {

bool tagsCarry(const QList<drivers::Tag> &tags, const QString &key, const QString &value)
{
    return std::any_of(tags.cbegin(), tags.cend(), [&](const drivers::Tag &tag) {
        return tag.key == key && (value.isEmpty() || tag.value == value);
    });
}

bool matches(const Rule &rule, const PolicyRequest &request)
{
    if (!rule.matchesAnyAction() && rule.action.compare(request.action, Qt::CaseInsensitive) != 0)
        return false;
    if (!rule.rtype.isEmpty() && rule.rtype.compare(request.rtype, Qt::CaseInsensitive) != 0)
        return false;
    if (!rule.rid.isEmpty() && rule.rid != request.rid)
        return false;
    if (rule.rtags.isEmpty())
        return true;
    // A resource being created gets an ALLOW rule's tags; so the rule covers it.
    if (request.rid.isEmpty() && rule.op == Operator::Allow)
        return true;
    for (auto it = rule.rtags.cbegin(); it != rule.rtags.cend(); ++it) {
        if (!tagsCarry(request.tags, it.key(), it.value()))
            return false;
    }
    return true;
}

// "destroy on machine 42", "create on machines"
QString describeRequest(const PolicyRequest &request)
{
    const QString action = request.action.isEmpty() ? PolicyText::tr("any action") : request.action;
    QString on;
    if (request.rtype.isEmpty())
        on = PolicyText::tr("any resource");
    else if (!request.rid.isEmpty())
        on = request.rtype + u' ' + request.rid;
    else
        on = request.rtype.endsWith(u's') ? request.rtype : request.rtype + u's';
    return PolicyText::tr("%1 on %2").arg(action, on);
}

QString who(const PolicyUser &user)
{
    return user.email.isEmpty() ? user.id : user.email;
}

} // namespace

PolicyRequest PolicyRequest::creating(const QString &rtype, const QList<drivers::Tag> &tags)
{
    return {QStringLiteral("create"), rtype, {}, tags};
}

QString decisionBasisName(DecisionBasis basis)
{
    switch (basis) {
    case DecisionBasis::Ungoverned: return QStringLiteral("ungoverned");
    case DecisionBasis::Owner: return QStringLiteral("owner");
    case DecisionBasis::Rule: return QStringLiteral("rule");
    case DecisionBasis::TeamDefault: return QStringLiteral("team-default");
    case DecisionBasis::NotAMember: return QStringLiteral("not-a-member");
    }
    return {};
}

QStringList MachineCheck::problems() const
{
    QStringList messages;
    for (const ConstraintResult &r : results) {
        if (!r.ok)
            messages << r.message;
    }
    return messages;
}

PolicyEngine::PolicyEngine(Policy policy)
    : m_policy(std::move(policy))
{}

TeamVerdict PolicyEngine::evaluateTeam(int teamIndex, const PolicyRequest &request) const
{
    const Team &team = m_policy.teams.at(teamIndex);
    TeamVerdict verdict;
    verdict.teamIndex = teamIndex;
    verdict.team = team.name;
    for (int i = 0; i < team.rules.size(); ++i) {
        const Rule &rule = team.rules.at(i);
        if (!matches(rule, request))
            continue;
        verdict.ruleIndex = i;
        verdict.allowed = rule.op == Operator::Allow;
        verdict.reason =
            verdict.allowed
                ? PolicyText::tr("Allowed by rule %1 of team %2: %3").arg(i + 1).arg(team.name, rule.describe())
                : PolicyText::tr("Denied by rule %1 of team %2: %3").arg(i + 1).arg(team.name, rule.describe());
        return verdict;
    }
    verdict.allowed = team.defaultOperator == Operator::Allow;
    verdict.reason = verdict.allowed
                         ? PolicyText::tr("Allowed by team %1: no rule covers %2, and the team allows by default")
                               .arg(team.name, describeRequest(request))
                         : PolicyText::tr("Denied by team %1: no rule allows %2, and the team denies by default")
                               .arg(team.name, describeRequest(request));
    return verdict;
}

Decision PolicyEngine::evaluate(const PolicyUser &user, const PolicyRequest &request) const
{
    Decision decision;
    if (m_policy.isEmpty()) {
        decision.allowed = true;
        decision.basis = DecisionBasis::Ungoverned;
        decision.reason = PolicyText::tr("Allowed: no policy is in force");
        return decision;
    }
    const QList<int> teams = m_policy.teamsOf(user.email, user.id);
    if (teams.isEmpty()) {
        decision.basis = DecisionBasis::NotAMember;
        decision.reason = PolicyText::tr("Denied: %1 is not a member of any team of the policy").arg(who(user));
        return decision;
    }
    for (const int t : teams) {
        const Team &team = m_policy.teams.at(t);
        if (team.isOwners()) {
            decision.allowed = true;
            decision.basis = DecisionBasis::Owner;
            decision.teamIndex = t;
            decision.team = team.name;
            decision.reason = PolicyText::tr("Allowed: %1 is in the %2 team").arg(who(user), team.name);
            return decision;
        }
    }
    for (const int t : teams)
        decision.verdicts << evaluateTeam(t, request);

    const auto allowing = std::find_if(decision.verdicts.cbegin(), decision.verdicts.cend(),
                                       [](const TeamVerdict &v) { return v.allowed; });
    const TeamVerdict &deciding = allowing != decision.verdicts.cend() ? *allowing : decision.verdicts.constFirst();
    decision.allowed = deciding.allowed;
    decision.basis = deciding.ruleIndex >= 0 ? DecisionBasis::Rule : DecisionBasis::TeamDefault;
    decision.teamIndex = deciding.teamIndex;
    decision.team = deciding.team;
    decision.ruleIndex = deciding.ruleIndex;
    if (decision.allowed) {
        decision.reason = deciding.reason;
        if (deciding.ruleIndex >= 0) {
            const Rule &rule = m_policy.teams.at(deciding.teamIndex).rules.at(deciding.ruleIndex);
            decision.securityTags = rule.rtags;
            decision.constraints = rule.constraints;
        }
    } else {
        QStringList reasons;
        for (const TeamVerdict &v : std::as_const(decision.verdicts))
            reasons << v.reason;
        decision.reason = reasons.join(QStringLiteral("; "));
    }
    return decision;
}

SecurityTags PolicyEngine::securityTags(const PolicyUser &user) const
{
    SecurityTags security;
    const Decision create = evaluate(user, PolicyRequest::creating(QStringLiteral("machine")));
    if (create.basis == DecisionBasis::Owner || create.basis == DecisionBasis::Ungoverned)
        return security;
    if (create.allowed)
        security.applied = create.securityTags;
    for (const int t : m_policy.teamsOf(user.email, user.id)) {
        for (const Rule &rule : m_policy.teams.at(t).rules) {
            if (rule.op != Operator::Allow || (!rule.rtype.isEmpty() && rule.rtype != u"machine"))
                continue;
            for (auto it = rule.rtags.cbegin(); it != rule.rtags.cend(); ++it)
                security.reservedKeys.insert(it.key());
        }
    }
    return security;
}

MachineCheck PolicyEngine::checkMachine(const PolicyUser &user, const MachineProposal &proposal,
                                        const QDateTime &now) const
{
    MachineCheck check;
    const bool creating = proposal.action.compare(u"create", Qt::CaseInsensitive) == 0;
    const PolicyRequest request{proposal.action.toLower(), QStringLiteral("machine"),
                                creating ? QString() : proposal.machineId,
                                creating ? proposal.tags : proposal.machineTags};
    check.decision = evaluate(user, request);
    check.results << ConstraintResult{QStringLiteral("permission"), check.decision.allowed, check.decision.reason};

    if (creating) {
        const PolicyRequest onCloud{QStringLiteral("create_resources"), QStringLiteral("cloud"), proposal.cloudId, {}};
        if (!proposal.cloudId.isEmpty()) {
            const Decision cloud = evaluate(user, onCloud);
            check.results << ConstraintResult{QStringLiteral("permission.cloud"), cloud.allowed, cloud.reason};
        }
        if (!proposal.locationId.isEmpty()) {
            const Decision location = evaluate(
                user, {QStringLiteral("create_resources"), QStringLiteral("location"), proposal.locationId, {}});
            check.results << ConstraintResult{QStringLiteral("permission.location"), location.allowed, location.reason};
        }
    }
    if (!check.decision.allowed)
        return check;

    const Constraints &constraints = check.decision.constraints;
    const bool resizing = proposal.action.compare(u"resize", Qt::CaseInsensitive) == 0;
    if (constraints.cost && (creating || resizing || proposal.cost))
        check.results << checkCost(*constraints.cost, proposal.cost);
    if (constraints.size) {
        if (proposal.size)
            check.results << checkSize(*constraints.size, proposal.cloudId, *proposal.size);
        if (proposal.customSize)
            check.results << checkCustomSize(*constraints.size, proposal.cloudId, *proposal.customSize);
    }
    if (constraints.expiration && (creating || proposal.expiration)) {
        check.results << checkExpiration(*constraints.expiration, proposal.expiration.value_or(ExpirationRequest()),
                                         now);
    }
    if (!constraints.fields.isEmpty() && (creating || !proposal.fields.isEmpty()))
        check.results << checkFields(constraints.fields, proposal.cloudId, proposal.fields);
    if (creating) {
        SecurityTags security = securityTags(user);
        security.applied = check.decision.securityTags; // the rule that allowed this very request
        check.results << checkTags(security, proposal.tags);
        check.tags = withSecurityTags(security, proposal.tags);
    }
    return check;
}

} // namespace nephele::models::policy
