#include "costformat.h"

#include <QLocale>

#include <cmath>

namespace nephele::models::cost {

QString currencySign(QStringView currency)
{
    if (currency.isEmpty() || currency == u"USD")
        return QStringLiteral("$");
    if (currency == u"EUR")
        return QStringLiteral("€");
    if (currency == u"GBP")
        return QStringLiteral("£");
    if (currency == u"JPY")
        return QStringLiteral("¥");
    return currency.toString();
}

QString formatMoney(double amount, QStringView currency, int decimals)
{
    static const QLocale locale(QLocale::English, QLocale::UnitedStates);
    const QString sign = currencySign(currency);
    if (sign.size() > 1) // a code: after the number, as "1,234.56 CHF"
        return locale.toString(amount, 'f', decimals) + u' ' + sign;
    return locale.toCurrencyString(amount, sign, decimals);
}

QString formatHourly(double amount, QStringView currency)
{
    // Small prices need their decimals (DigitalOcean's smallest droplet is $0.00595 an hour), but
    // no more than they have: $0.25, not $0.25000.
    int decimals = 2;
    if (amount != 0 && std::abs(amount) < 1) {
        decimals = 5;
        const qint64 scaled = qRound64(std::abs(amount) * 100000);
        for (qint64 unit = 10; decimals > 2 && scaled % unit == 0; unit *= 10)
            --decimals;
    }
    return formatMoney(amount, currency, decimals);
}

} // namespace nephele::models::cost
