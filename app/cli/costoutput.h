#pragma once

#include "machineoutput.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace nephele::cli {

struct CostAccount {
    QString id;
    QString name;
    QString provider;
    QString currency; // what its prices are stated in when it has no machine
};

// `nephele-cli cost`: the run rate by account and in total, from the same resolved costs as
// `machines list` prints, so the total is the sum of its cost_monthly.
//
// JSON: {"total": {"monthly": X, "hourly": Y, "currency": "USD"},
//        "by_account": [{"account": NAME, "account_id": ID, "provider": P, "monthly": X, "hourly": Y,
//                        "currency": C, "machines": N, "unpriced": U}, ...]}
// With machines in more than one currency, "total" is null and "totals" holds one such object per
// currency: amounts in different currencies are never added up. "unpriced" counts the machines no
// source has a price for (pods and containers are not counted: their node is what is billed).
// Table: one line per account and one TOTAL line per currency.
QByteArray formatCostSummary(const QList<CostAccount> &accounts, const QList<ListedMachine> &machines,
                             OutputFormat format);

} // namespace nephele::cli
