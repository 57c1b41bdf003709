#pragma once

#include "core/records.h"
#include "policy.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QVariantMap>

#include <optional>

// The checks behind each constraint kind, as pure functions. Each result names the field it is
// about ("cost.team", "size.cpu", "expiration.action", "field.image", "tags.env"), says whether
// the proposed value passes and why, with the figures. The wizard shows them next to its fields;
// PolicyEngine::checkMachine runs them all for a machine request.
//
//   const Decision d = engine.evaluate(user, PolicyRequest::creating(QStringLiteral("machine")));
//   if (d.constraints.size)
//       for (const drivers::Size &s : catalog.sizes)
//           row(s).setEnabled(checkSize(*d.constraints.size, accountId, s).ok);   // reason: .message
namespace nephele::models::policy {

struct ConstraintResult {
    QString field;
    bool ok = true;
    QString message;
    friend bool operator==(const ConstraintResult &, const ConstraintResult &) = default;
};

using ConstraintResults = QList<ConstraintResult>;

bool allOk(const ConstraintResults &results);

// --- cost: run rates in US dollars per month ---

struct CostFigures {
    double teamRunRate = 0;  // the deciding team's machines now
    double totalRunRate = 0; // the whole organisation now
    double addedMonthly = 0; // what the request adds (a resize: new minus old cost; may be negative)
    QString currency = QStringLiteral("USD");
};

// "cost.team" and "cost.total", one for each limit the constraint sets. Without figures, or with a
// currency other than USD, each limit fails: a quota that cannot be checked is not passed.
ConstraintResults checkCost(const CostConstraint &constraint, const std::optional<CostFigures> &figures);

// --- expiration (leases) ---

struct ExpirationRequest {
    QDateTime at;                               // invalid: no expiration
    QString action;                             // "destroy", "stop"; empty: the policy's default
    std::optional<PolicyDuration> notifyBefore; // warn this long before `at`; nullopt: no notice
};

// What the wizard proposes: the default lease (else the maximum), the default action (else the
// first available one) and the default notice.
ExpirationRequest proposedExpiration(const ExpirationConstraint &constraint, const QDateTime &now);
// The latest expiration allowed from `now`; invalid when there is no maximum.
QDateTime latestExpiration(const ExpirationConstraint &constraint, const QDateTime &now);
// "expiration", and when there is an expiration "expiration.action" and "expiration.notify".
ConstraintResults checkExpiration(const ExpirationConstraint &constraint, const ExpirationRequest &request,
                                  const QDateTime &now);

// --- size ---

// A size made to measure, on clouds that allow it (LXD, vSphere, libvirt...).
struct CustomSize {
    double cpu = 0;               // cores
    double ramMb = 0;             // MB
    double diskGb = 0;            // primary disk, GB
    std::optional<double> swapGb; // swap disk, GB; nullopt: none
};

// Whether a catalog size may be used on `cloudId` (the account id): not_allowed entries win; when
// allowed entries apply to this cloud the size must match one; entries of other clouds are
// ignored. Plain names match a size's id or name exactly or a part of its name, any case. The
// cpu/ram/disk bounds are for custom sizes only, as in Mist. Field "size".
ConstraintResult checkSize(const SizeConstraint &constraint, const QString &cloudId, const drivers::Size &size);
// "size.cpu", "size.ram", "size.disk", "size.swap" against the bounds, and "size" against the
// custom entries ({"cloud", "size": {...}}) of this cloud.
ConstraintResults checkCustomSize(const SizeConstraint &constraint, const QString &cloudId, const CustomSize &size);

// --- fields ---

// The field constraints in force on `cloudId`: an entry for this cloud replaces an "ALL" entry of
// the same field name. In the order the policy lists them.
QList<FieldConstraint> fieldsFor(const QList<FieldConstraint> &fields, const QString &cloudId);
// "field.<name>" for every constraint in force: a hidden field may not be set, except to its
// fixed value; a shown field with a value only has a default. `requested` holds the fields the
// user set, by name (absent: not set).
ConstraintResults checkFields(const QList<FieldConstraint> &fields, const QString &cloudId,
                              const QVariantMap &requested);

// --- security tags ---

struct SecurityTags {
    QMap<QString, QString> applied; // the rtags of the ALLOW rule for machine:create, set on every new machine
    QSet<QString> reservedKeys;     // keys named by any ALLOW rule of the user's teams: not the user's to set

    bool isEmpty() const { return applied.isEmpty() && reservedKeys.isEmpty(); }
};

// "tags.<key>" for each requested tag on a reserved key (allowed only when it repeats the value
// the policy applies), and "tags" saying which tags will be applied.
ConstraintResults checkTags(const SecurityTags &security, const QList<drivers::Tag> &requested);
// The requested tags with the applied security tags set over them.
QList<drivers::Tag> withSecurityTags(const SecurityTags &security, const QList<drivers::Tag> &requested);

} // namespace nephele::models::policy
