#pragma once

#include "core/records.h"
#include "policy/policy.h"

#include <QString>

#include <optional>

namespace nephele::models {
class InventoryStore;
}

// What a new machine costs and what is running already, for the wizard's plan and the policy's
// cost quotas. US dollars (or the provider's currency) per month.
//
// SEAM (models/cost): the console's cost model (catalog > cost_per_month tag > provider price)
// is landing in models/cost (CostResolver, CostModel::teamRunRate / totalRunRate, which count a
// team's machines the same way as runRates() below). Until the wizard is handed a CostModel, a
// size costs its provider price (Size::priceMonthly) and a running machine its listed price (as
// InventoryStore::monthlyCost sums it). To switch: price the size through CostResolver in
// monthlyPrice() and take the rates from CostModel in runRates(); nothing else here or in the
// wizard changes.
namespace nephele::models::provisioning {

// The monthly price of one machine of `size`; nullopt when the provider gives none.
std::optional<double> monthlyPrice(const drivers::Size &size);

// "$2,000" or "$40.50", the way the policy's messages write dollars.
QString formatMoney(double amount, const QString &currency = QStringLiteral("USD"));

struct RunRates {
    double account = 0; // the account the machine goes to
    double team = 0;    // the deciding team's machines, every account
    double total = 0;   // every machine of every account: the organisation
    QString teamName;   // empty when no team decides (no policy, Owners)
    QString currency = QStringLiteral("USD");
};

// The run rates now, from the inventory: the sum of the monthly price of the machines listed.
// A machine counts towards `teamIndex` of `policy` when its owner tag names a member of the team,
// or when it carries every security tag (rtags) the team's rules apply to new machines: machines
// the team made carry them. teamIndex -1: no team (team stays 0).
RunRates runRates(const InventoryStore &store, const QString &accountId, const policy::Policy &policy, int teamIndex);

} // namespace nephele::models::provisioning
