#pragma once

#include "core/capabilities.h"
#include "core/records.h"
#include "leasetags.h"
#include "policy/policyconstraints.h"
#include "policy/policyengine.h"
#include "provisioncost.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>
#include <optional>

// What a user asks the provisioning wizard for, checked field by field against the provider's
// catalog and the organisation's policy, and turned into a plan: the machines, their tags
// (security, lease, owner), the provider requests and the monthly cost.
//
//   ProvisionContext context;                   // the account's catalog, the policy, the run rates
//   ProvisionRequest request;                   // the wizard's pages fill it
//   const ProvisionValidation v = validate(request, context);
//   for (const auto &r : v.about(u"size")) ...  // each result says why
//   if (v.ok()) run(makePlan(request, context, v));
namespace nephele::models::provisioning {

// The request's fields as the wizard shows them. Field constraints name them as Mist does; see
// fieldFromPolicyName() for the names accepted.
enum class Field {
    Name,
    Quantity,
    Location,
    Image,
    Size,
    Keys,
    LoginUser,
    Network,
    Volumes,
    Monitoring,
    Ipv6,
    Backups,
    CloudInit,
    Tags,
    Expiration,
};

std::optional<Field> fieldFromPolicyName(QStringView name);
QString fieldName(Field field); // the canonical (policy) name: "name", "image", "cloud_init", ...

struct ProvisionRequest {
    QString accountId;
    QString location;                             // a catalog location id (DigitalOcean region slug)
    QString imageId;                              // a catalog image id
    QString sizeId;                               // a catalog size id; empty with a custom size
    std::optional<policy::CustomSize> customSize; // for providers that make sizes to measure
    QString name;                                 // one machine: its name; several: "<name>-1", "<name>-2"...
    int quantity = 1;
    QStringList keyIds;       // SSH keys of the catalog
    QString loginUser;        // the user the keys are for (informative where the image decides it)
    QString networkId;        // empty: the location's default network
    QStringList volumeIds;    // existing volumes to attach (one machine only)
    int newVolumeGb = 0;      // a new volume for each machine; 0: none
    QString cloudInit;        // user data
    QList<drivers::Tag> tags; // the user's own tags
    bool monitoring = false;
    bool ipv6 = false;
    bool backups = false;
    policy::ExpirationRequest expiration; // `at` invalid: no lease

    QStringList names() const;
    // The request as compact JSON, for the audit trail (never holds a secret).
    QByteArray toJson() const;
};

struct ProvisionContext {
    QString accountId; // the policy names clouds by account id
    QString accountName;
    drivers::Capabilities capabilities;
    drivers::Catalog catalog;
    QList<drivers::Volume> volumes;
    std::shared_ptr<const policy::PolicyEngine> engine; // null: no policy, nothing governed
    policy::PolicyUser user;
    RunRates rates;
    QDateTime now;                   // UTC
    bool customSizesOffered = false; // the provider makes sizes to measure
    QStringList existingNames;       // the account's machines now

    const drivers::Location *location(const QString &id) const;
    const drivers::Image *image(const QString &id) const;
    const drivers::Size *size(const QString &id) const;
    const drivers::Network *network(const QString &id) const;
    const drivers::Volume *volume(const QString &id) const;
    // How the policy answers a machine creation by this user, before any field is chosen.
    policy::Decision creationDecision() const;
    // The field constraints in force on this account for this user.
    QList<policy::FieldConstraint> fieldConstraints() const;
};

// How one field constraint shapes the wizard: the field hidden, its value fixed or proposed.
struct FieldRule {
    Field field;
    QString policyName; // as the policy wrote it
    bool hidden = false;
    std::optional<QVariant> value;
};
QList<FieldRule> fieldRules(const ProvisionContext &context);
// Sets the fields the policy fixes (hidden with a value) and clears the ones it hides without one.
// With `defaults`, also sets the values the policy proposes for shown fields.
void applyFieldRules(ProvisionRequest &request, const QList<FieldRule> &rules, const ProvisionContext &context,
                     bool defaults);
// The values the request sets, by the names the policy's field constraints use.
QVariantMap fieldValues(const ProvisionRequest &request, const ProvisionContext &context);

struct ProvisionValidation {
    policy::ConstraintResults results; // every check; failed ones say why, passed ones say what
    policy::Decision decision;         // the policy's answer to machine:create
    QList<drivers::Tag> tags;          // what every machine gets: the user's, security, lease and owner tags

    bool ok() const { return policy::allOk(results); }
    // The results about `field` ("size" also gives "size.cpu"...).
    policy::ConstraintResults about(QStringView field) const;
    bool fieldOk(QStringView field) const;
    QStringList problems() const;
};

ProvisionValidation validate(const ProvisionRequest &request, const ProvisionContext &context);

struct PlannedMachine {
    QString name;
    drivers::CreateMachineRequest request; // one machine per provider request: progress per machine
    int newVolumeGb = 0;                   // made first, then attached through request.volumeIds
};

struct ProvisionPlan {
    QString accountId;
    QString accountName;
    QList<PlannedMachine> machines;
    QList<drivers::Tag> tags;
    std::optional<double> monthlyEach; // nullopt: the provider gives no price
    double monthlyTotal = 0;
    QString currency = QStringLiteral("USD");
    RunRates rates;
    std::optional<policy::CostConstraint> quota;
    // "Run rate $420 + $40 is within your team's $500 quota", or the run rate without a quota.
    QString costLine;
    std::optional<Lease> lease;
    QByteArray requestJson; // the request, for the audit trail
};

ProvisionPlan makePlan(const ProvisionRequest &request, const ProvisionContext &context,
                       const ProvisionValidation &validation);

inline constexpr int kMaxQuantity = 20;
inline constexpr int kMaxUserDataBytes = 64 * 1024;
inline constexpr int kMaxNewVolumeGb = 16 * 1024;

} // namespace nephele::models::provisioning
