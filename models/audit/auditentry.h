#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

// One line of the audit trail: who asked for what, on which account and machine, when, with
// which request, and how it ended. Plain values; AuditLog keeps them in SQLite.
namespace nephele::models::audit {

enum class Outcome {
    Pending,   // asked for and sent; the provider has not answered yet
    Succeeded, // the provider did it
    Failed,    // the provider (or the network) refused or failed it
    Denied,    // the policy refused it; nothing was sent
    Cancelled, // the user stopped it
};

QString outcomeName(Outcome outcome); // "pending", "succeeded", "failed", "denied", "cancelled"
std::optional<Outcome> outcomeFromName(QStringView name);
QString outcomeText(Outcome outcome); // translated, for a view

struct AuditEntry {
    QString id;          // unique; made by AuditLog::record when empty
    QDateTime when;      // UTC; when it was asked for
    QString actor;       // the user as the policy knows them, or "lease" for an expiry
    QString action;      // "create", "start", "stop", "reboot", "destroy", ...
    QString accountId;   // the cloud account
    QString accountName; // its name at the time
    QString targetId;    // the machine's id (a creation: once the provider gave one)
    QString targetName;  // the machine's name
    QString request;     // what was asked, as compact JSON
    Outcome outcome = Outcome::Pending;
    QString detail;     // why: the denial, the provider's error, what was made
    QDateTime finished; // UTC; when the outcome became known (invalid while pending)

    friend bool operator==(const AuditEntry &, const AuditEntry &) = default;
};

// What a query or a view shows. Empty fields match everything.
struct AuditFilter {
    QDateTime from; // inclusive
    QDateTime to;   // exclusive
    QString actor;  // exact
    QString action; // exact
    QString accountId;
    std::optional<Outcome> outcome;
    QString text;     // in the target's name or id, the detail, the request or the actor, any case
    int limit = 5000; // newest first; <= 0: no limit

    // Whether `entry` passes; the same rule the SQL query applies.
    bool matches(const AuditEntry &entry) const;
};

// Exports. CSV follows RFC 4180 (a header line; fields quoted when needed) and defuses cells a
// spreadsheet would run as a formula. JSON is an array of objects with ISO 8601 UTC times.
QByteArray toCsv(const QList<AuditEntry> &entries);
QByteArray toJson(const QList<AuditEntry> &entries);

} // namespace nephele::models::audit

Q_DECLARE_METATYPE(nephele::models::audit::AuditEntry)
