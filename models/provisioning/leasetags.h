#pragma once

#include "core/records.h"
#include "policy/policyduration.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// A machine's lease, kept as tags on the machine so that every console (and Mist) sees it:
//
//   expires:2025-07-01T09:30:00Z     when it ends (UTC, ISO 8601)
//   expires-action:destroy           what happens then: destroy or stop
//   expires-notify:1d                how long before to warn (optional)
//   owner:ann_acme_example           who made it (tag-safe form of the user's email or id)
//
// Tag text is kept to letters, digits, ':', '-' and '_', which every provider with tags accepts
// (DigitalOcean accepts nothing else).
namespace nephele::models::provisioning {

inline const QString kExpiresTag = QStringLiteral("expires");
inline const QString kExpiresActionTag = QStringLiteral("expires-action");
inline const QString kExpiresNotifyTag = QStringLiteral("expires-notify");
inline const QString kOwnerTag = QStringLiteral("owner");

struct Lease {
    QDateTime expiresAt;                          // UTC
    QString action;                               // "destroy" or "stop"; empty: only warn
    std::optional<policy::PolicyDuration> notify; // warn this long before; nullopt: the watcher's default

    friend bool operator==(const Lease &, const Lease &) = default;
};

// The tags that write `lease` (none when it has no end).
QList<drivers::Tag> leaseTags(const Lease &lease);
// The lease the tags describe, when they name an end that parses. The end is read from
// `expires` (or Mist's `expiration` / `expires-at`), as a date-time or a date (midnight UTC).
std::optional<Lease> leaseFromTags(const QList<drivers::Tag> &tags);

// Whether a tag's text is one every provider with tags accepts.
bool isTagSafe(QStringView text);
// `text` with each character a provider may refuse replaced by '_' ("ann@acme.example" ->
// "ann_acme_example").
QString tagSafe(const QString &text);
// The owner tag for a user (nullopt without an email or id).
std::optional<drivers::Tag> ownerTag(const QString &email, const QString &id);

// The keys the wizard writes itself; a user's own tag may not use them.
bool isLeaseOrOwnerKey(const QString &key);

QString leaseTimeText(const QDateTime &when); // "2025-07-01T09:30:00Z"

} // namespace nephele::models::provisioning
