#pragma once

// Helpers shared by the policy library's sources; not part of its API.

#include <QCoreApplication>
#include <QString>

namespace nephele::models::policy {

// The translation context of every message the policy library writes.
struct PolicyText {
    Q_DECLARE_TR_FUNCTIONS(nephele::models::Policy)
};

// "$2,000" or "$40.50": quotas are in US dollars, written the American way whatever the locale.
QString formatUsd(double amount);

} // namespace nephele::models::policy
