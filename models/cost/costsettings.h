#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// What the user tells Nephele about prices: a price catalog that overrides every other source,
// and per-account rates for clouds without a price API (OpenStack, hypervisors, bare metal).
// Kept as JSON in the config folder, beside the account settings; no secret in it.
//
//   {
//     "catalog": [
//       {"size": "s-2vcpu-4gb", "provider": "digitalocean", "monthly": 20.0},
//       {"size": "m1.large", "account": "lab", "location": "region-1", "hourly": 0.12, "currency": "EUR"}
//     ],
//     "accounts": {
//       "lab": {"currency": "EUR",
//               "flavors": {"m1.small": {"monthly": 12.5}},
//               "units": {"period": "month", "vcpu": 6.0, "ram_gb": 2.5, "disk_gb": 0.05}}
//     }
//   }
// Quotas come from the policy in force (models/provisioning's CurrentPolicy), not from here.
namespace nephele::models::cost {

// A price as the user states it: hourly, monthly or both. The other is derived with the length of
// the current month.
struct StatedPrice {
    std::optional<double> hourly;
    std::optional<double> monthly;
    bool isEmpty() const { return !hourly && !monthly; }
    friend bool operator==(const StatedPrice &, const StatedPrice &) = default;
};

// One catalog line. `size` is required; the other keys narrow it (empty: any). When several lines
// fit a machine, the most specific wins (account, then location, then provider); among equals, the
// first in the file.
struct CatalogEntry {
    QString size;
    QString provider;
    QString account;
    QString location;
    StatedPrice price;
    QString currency; // empty: the account's currency, else USD
    friend bool operator==(const CatalogEntry &, const CatalogEntry &) = default;
};

// Prices from the machine's resources: vcpus * vcpu + memory in GB * ramGb + disk in GB * diskGb,
// per hour or per month.
struct UnitRates {
    enum class Period { Hour, Month };
    Period period = Period::Month;
    double vcpu = 0;
    double ramGb = 0;
    double diskGb = 0;
    friend bool operator==(const UnitRates &, const UnitRates &) = default;
};

struct AccountCostSettings {
    QString currency;                    // empty: the provider's currency (USD when it says none)
    QHash<QString, StatedPrice> flavors; // size or flavor id -> price
    std::optional<UnitRates> units;
    friend bool operator==(const AccountCostSettings &, const AccountCostSettings &) = default;
};

struct CostSettings {
    QList<CatalogEntry> catalog;
    QHash<QString, AccountCostSettings> accounts; // by account id

    bool isEmpty() const { return catalog.isEmpty() && accounts.isEmpty(); }
    const AccountCostSettings *account(const QString &accountId) const
    {
        const auto it = accounts.constFind(accountId);
        return it == accounts.constEnd() ? nullptr : &*it;
    }
    friend bool operator==(const CostSettings &, const CostSettings &) = default;

    // $XDG_CONFIG_HOME/nephele/cost.json
    static QString defaultPath();
    // A missing file is empty settings; a file that does not parse is an error that says where.
    static Expected<CostSettings, QString> load(const QString &path);
    static Expected<CostSettings, QString> fromJson(const QByteArray &json);
    QByteArray toJson() const;
};

} // namespace nephele::models::cost
