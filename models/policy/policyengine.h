#pragma once

#include "core/records.h"
#include "policy.h"
#include "policyconstraints.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QVariantMap>

#include <optional>

// Decides what a user may do under a Policy, and checks machine requests against the
// constraints of the rule that allows them. Pure: no I/O, no clock (the caller passes `now`).
//
//   PolicyEngine engine(std::move(policy));
//   const PolicyUser me{QStringLiteral("ann@example.com")};
//   const Decision d = engine.evaluate(me, {QStringLiteral("destroy"), QStringLiteral("machine"), machine.id,
//                                           machine.tags});
//   if (!d.allowed)
//       showError(d.reason); // "Denied by rule 3 of team Developers: destroy on machines tagged env=prod"
//
//   MachineProposal p;                       // the wizard's request, in the policy's terms
//   p.cloudId = account.id; p.size = size; p.cost = CostFigures{teamRate, totalRate, size.priceMonthly.value_or(0)};
//   const MachineCheck check = engine.checkMachine(me, p, QDateTime::currentDateTimeUtc());
//   // check.ok(), check.results (per field, with reasons), check.tags (with the security tags)
//
// How a decision is made:
// - No team in the policy: nothing is governed, everything is allowed.
// - A member of the Owners team is allowed everything, without constraints.
// - Each of the user's teams is evaluated on its own: its rules top to bottom, the first rule that
//   matches decides; when none matches, the team's policy operator does.
// - A user in several teams is allowed when any of them allows (permissions add up, as Mist's
//   teams grant them); the first allowing team in file order is the deciding one, and its rule
//   gives the constraints and security tags. Denied only when every team denies; the reason
//   names each team's denial. A user in no team is denied.
// - A rule matches when its action (empty or "all": any), rtype (empty: any), rid (empty: any)
//   and rtags (empty: any) all match. For an existing resource the resource must carry every
//   rtag (an empty value matches any value). A request without an rid stands for a resource being
//   created: an ALLOW rule's rtags match because they will be applied to it; a DENY rule's rtags
//   match when the requested tags carry them.
namespace nephele::models::policy {

// Who is asking: the email and/or the id the policy's members list.
struct PolicyUser {
    QString email;
    QString id;
};

struct PolicyRequest {
    QString action;           // "create", "start", "destroy", "resize", ...
    QString rtype;            // "machine", "cloud", "location", "image", "key", ...
    QString rid;              // the resource's id; empty for one being created
    QList<drivers::Tag> tags; // the resource's tags; for one being created, the tags requested

    static PolicyRequest creating(const QString &rtype, const QList<drivers::Tag> &tags = {});
};

enum class DecisionBasis {
    Ungoverned,  // the policy has no team
    Owner,       // the user is in the Owners team
    Rule,        // a rule of `team` matched
    TeamDefault, // no rule of `team` matched; its operator decided
    NotAMember,  // the user is in no team
};

// How one of the user's teams answered.
struct TeamVerdict {
    int teamIndex = -1;
    QString team;
    bool allowed = false;
    int ruleIndex = -1; // 0-based; -1: the team's default. Messages count rules from 1.
    QString reason;
    friend bool operator==(const TeamVerdict &, const TeamVerdict &) = default;
};

struct Decision {
    bool allowed = false;
    DecisionBasis basis = DecisionBasis::NotAMember;
    int teamIndex = -1; // the deciding team, as in Policy::teams
    QString team;
    int ruleIndex = -1;                  // the deciding rule, 0-based; -1: none
    QString reason;                      // one sentence for a status bar or a dialog
    QMap<QString, QString> securityTags; // rtags of the deciding ALLOW rule
    Constraints constraints;             // of the deciding ALLOW rule
    QList<TeamVerdict> verdicts;         // every team of the user, in file order
};

// A machine creation, edit or resize in the policy's terms; the parts left empty are not checked
// (except that a creation is always checked for its expiration and fields when the policy sets
// them, and for its cost against a quota).
struct MachineProposal {
    QString action = QStringLiteral("create"); // "create", "edit" or "resize"
    QString cloudId;                           // the account id
    QString locationId;
    QString machineId;               // edit/resize: the machine
    QList<drivers::Tag> machineTags; // edit/resize: its tags now
    std::optional<drivers::Size> size;
    std::optional<CustomSize> customSize;
    std::optional<CostFigures> cost;
    std::optional<ExpirationRequest> expiration;
    QList<drivers::Tag> tags; // create: the tags the user asks for
    QVariantMap fields;       // fields the user set, by the names field constraints use
};

struct MachineCheck {
    Decision decision;
    ConstraintResults results; // "permission", "permission.cloud", "permission.location", then the constraints
    QList<drivers::Tag> tags;  // create: the tags the machine gets, security tags included

    bool ok() const { return allOk(results); }
    QStringList problems() const; // the messages of the failed results
};

class PolicyEngine final
{
public:
    PolicyEngine() = default; // no policy: everything allowed
    explicit PolicyEngine(Policy policy);

    const Policy &policy() const { return m_policy; }

    Decision evaluate(const PolicyUser &user, const PolicyRequest &request) const;
    // The tags machine:create applies for this user, and the keys the user may not set.
    SecurityTags securityTags(const PolicyUser &user) const;
    // Permission (with cloud:create_resources and location:create_resources for a creation, as
    // Mist required) and then every constraint of the deciding rule that the proposal touches.
    MachineCheck checkMachine(const PolicyUser &user, const MachineProposal &proposal, const QDateTime &now) const;

private:
    TeamVerdict evaluateTeam(int teamIndex, const PolicyRequest &request) const;

    Policy m_policy;
};

QString decisionBasisName(DecisionBasis basis); // "ungoverned", "owner", "rule", "team-default", "not-a-member"

} // namespace nephele::models::policy
