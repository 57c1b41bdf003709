#pragma once

#include "core/expected.h"
#include "policyduration.h"

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>

// The organisation's policy in Mist's JSON format: teams, each with members and an ordered list
// of ALLOW/DENY rules, and the constraints machine rules carry (cost quota, expiration, size,
// field). This header holds the values and the parser; policyengine.h evaluates them.
//
//   auto policy = parsePolicy(bytes);              // or loadPolicyFile(path)
//   if (!policy) {
//       for (const PolicyIssue &issue : policy.error())
//           editor.mark(issue.line, issue.column, issue.text());
//       return;                                    // keep the previous policy in force
//   }
//   PolicyEngine engine(std::move(*policy));
//
// The accepted file is either `{"teams": [...]}` or the bare array of teams Mist's API lists.
namespace nephele::models::policy {

enum class Operator { Allow, Deny };

// One problem found in a policy file. `path` is a JSON pointer (RFC 6901) to the value
// ("/teams/1/policy/rules/2/operator"); `line` and `column` count from 1 (0 when unknown) and the
// column counts UTF-16 code units, as QTextCursor::positionInBlock does; `offset` is the same
// place as a 0-based index into the document as a QString (-1 when unknown).
struct PolicyIssue {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString path;
    int line = 0;
    int column = 0;
    qsizetype offset = -1;
    QString message;

    // "line 12, column 21: /teams/0/policy/rules/2/operator: expected ..."
    QString text() const;
    friend bool operator==(const PolicyIssue &, const PolicyIssue &) = default;
};

using PolicyIssues = QList<PolicyIssue>;

// Quotas in US dollars per month. A missing limit is no limit.
struct CostConstraint {
    std::optional<double> maxTeamRunRate;  // "max_team_run_rate": the team's machines together
    std::optional<double> maxTotalRunRate; // "max_total_run_rate": the whole organisation
    friend bool operator==(const CostConstraint &, const CostConstraint &) = default;
};

// Machine leases. Durations count from the moment of creation (or of the check).
struct ExpirationConstraint {
    std::optional<PolicyDuration> max;           // a lease is required and may not be longer
    std::optional<PolicyDuration> defaultExpiry; // "default": what the wizard proposes
    QStringList availableActions;                // "actions.available": "destroy", "stop"; empty = any
    QString defaultAction;                       // "actions.default"
    std::optional<PolicyDuration> notifyDefault; // "notify.default": how long before expiry to warn
    bool notifyRequired = false;                 // "notify.require"
    QString notifyMessage;                       // "notify.msg": shown with the warning
    friend bool operator==(const ExpirationConstraint &, const ExpirationConstraint &) = default;
};

// A bound on one resource of a custom size. Units: cpu in cores, ram in MB, disk and swap in GB.
struct SizeBound {
    std::optional<double> min;
    std::optional<double> max;
    bool show = true; // false: the wizard hides the field (and uses min, or max, as the value)
    friend bool operator==(const SizeBound &, const SizeBound &) = default;
};

// The resources of a custom size entry; a missing value matches any.
struct CustomSizeSpec {
    std::optional<double> cpu;
    std::optional<double> ramMb;
    std::optional<double> diskGb; // "disk_primary"
    friend bool operator==(const CustomSizeSpec &, const CustomSizeSpec &) = default;
};

// An entry of size.allowed / size.not_allowed, in one of Mist's three forms.
struct SizeEntry {
    enum class Kind {
        Name,        // "s-2vcpu-4gb": a size id or name, or a substring of a name; every cloud
        CloudName,   // {"cloud": ID, "size": NAME}: that size id or name, on that cloud only
        CloudCustom, // {"cloud": ID, "size": {"cpu", "ram", "disk_primary"}}: custom size on that cloud
    };
    Kind kind = Kind::Name;
    QString cloud; // empty: every cloud
    QString name;
    CustomSizeSpec custom;
    QString friendlyName; // "userFriendlyName"

    QString text() const; // for messages: "s-2vcpu-4gb", "t3.small on aws-prod", "2 CPU / 2048 MB / 50 GB"
    friend bool operator==(const SizeEntry &, const SizeEntry &) = default;
};

struct SizeConstraint {
    QList<SizeEntry> allowed;
    QList<SizeEntry> notAllowed;
    SizeBound cpu;
    SizeBound ram;
    SizeBound disk;
    SizeBound swap; // "swap" and "swap_disk" name the same bound
    friend bool operator==(const SizeConstraint &, const SizeConstraint &) = default;
};

// {"cloud": "ALL"|ID, "name": FIELD, "value": DEFAULT, "show": false}
struct FieldConstraint {
    QString cloud = QStringLiteral("ALL");
    QString name;
    std::optional<QVariant> value; // JSON converted with QJsonValue::toVariant's types
    bool show = true;

    bool appliesToEveryCloud() const;
    friend bool operator==(const FieldConstraint &, const FieldConstraint &) = default;
};

struct Constraints {
    std::optional<CostConstraint> cost;
    std::optional<ExpirationConstraint> expiration;
    std::optional<SizeConstraint> size;
    QList<FieldConstraint> fields;

    bool isEmpty() const { return !cost && !expiration && !size && fields.isEmpty(); }
    friend bool operator==(const Constraints &, const Constraints &) = default;
};

// One rule. An empty action, rtype, rid or rtags matches anything; "all" as the action too.
// Constraints are kept only on ALLOW rules for machines with action "", create, edit or resize
// (as in Mist); elsewhere the parser drops them with a warning.
struct Rule {
    Operator op = Operator::Deny;
    QString action;
    QString rtype;
    QString rid;
    QMap<QString, QString> rtags; // an empty value matches the key with any value
    Constraints constraints;

    bool matchesAnyAction() const;
    // "destroy on machines tagged env=prod", "any action on any resource"
    QString describe() const;
    friend bool operator==(const Rule &, const Rule &) = default;
};

struct Team {
    QString name;
    QString id;
    QString description;
    QStringList members;                       // emails or user ids
    Operator defaultOperator = Operator::Deny; // policy.operator: Mist's default is DENY
    QList<Rule> rules;

    bool isOwners() const; // the team named "Owners" (any case): bypasses every rule
    bool hasMember(const QString &email, const QString &userId) const;
    friend bool operator==(const Team &, const Team &) = default;
};

struct Policy {
    QList<Team> teams;
    PolicyIssues warnings; // what the parser accepted but the author should look at
    QString source;        // the file or URL it came from, for messages

    // No team at all: nothing is governed and everything is allowed.
    bool isEmpty() const { return teams.isEmpty(); }
    // Indexes of the teams the user is a member of, in file order.
    QList<int> teamsOf(const QString &email, const QString &userId = {}) const;
    // The team's cost quota: from its first ALLOW rule for machine creation that has one.
    std::optional<CostConstraint> costQuota(const QString &teamName) const;
    friend bool operator==(const Policy &, const Policy &) = default;
};

// Parses a policy document. On failure, every error found (not only the first) with its place;
// warnings never fail a parse and land in Policy::warnings.
nephele::Expected<Policy, PolicyIssues> parsePolicy(QByteArrayView json, const QString &source = {});

// Reads and parses a local file. An https URL is fetched by the caller (this library has no
// network access) and its body handed to parsePolicy(); that is the seam for remote policies.
nephele::Expected<Policy, PolicyIssues> loadPolicyFile(const QString &path);

QString operatorName(Operator op); // "ALLOW", "DENY"

} // namespace nephele::models::policy
