#pragma once

#include <QString>
#include <QStringView>

namespace nephele::models::cost {

// Money as the console shows it, always with its currency: "$1,234.56", "€12.00", "£3.50",
// "1,234.56 CHF". Grouping and decimals in the en-US style the tree uses, so columns line up.
QString formatMoney(double amount, QStringView currency, int decimals = 2);
// An hourly price, with the decimals small prices need: "$0.0089".
QString formatHourly(double amount, QStringView currency);
// The currency's sign, or the code itself when it has none here.
QString currencySign(QStringView currency);

} // namespace nephele::models::cost
