#include "provisioncost.h"

#include "inventory/inventorystore.h"
#include "leasetags.h"

#include <QLocale>
#include <QMap>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace nephele::models::provisioning {

std::optional<double> monthlyPrice(const drivers::Size &size)
{
    // SEAM (models/cost): the cost model's price of a catalog size goes here.
    if (size.priceMonthly)
        return size.priceMonthly;
    if (size.priceHourly)
        return *size.priceHourly * 672; // DigitalOcean bills 672 hours (28 days) as a month at most
    return std::nullopt;
}

QString formatMoney(double amount, const QString &currency)
{
    static const QLocale us(QLocale::English, QLocale::UnitedStates);
    const double rounded = std::round(amount * 100) / 100;
    const bool whole = rounded == double(qint64(rounded));
    const QString number = us.toString(rounded, 'f', whole ? 0 : 2);
    if (currency.isEmpty() || currency.compare(u"USD", Qt::CaseInsensitive) == 0)
        return u'$' + number;
    return number + u' ' + currency;
}

RunRates runRates(const InventoryStore &store, const QString &accountId, const policy::Policy &policy, int teamIndex)
{
    RunRates rates;
    for (const QString &id : store.accountIds()) {
        const double cost = store.monthlyCost(id);
        rates.total += cost;
        if (id == accountId)
            rates.account = cost;
    }
    if (teamIndex < 0 || teamIndex >= policy.teams.size())
        return rates;

    const policy::Team &team = policy.teams.at(teamIndex);
    rates.teamName = team.name;
    QSet<QString> owners;
    for (const QString &member : team.members)
        owners.insert(tagSafe(member).toLower());
    // The security tags of the team's machine-creating rules; a machine with all of one set is the team's.
    QList<QMap<QString, QString>> tagSets;
    for (const policy::Rule &rule : team.rules) {
        const bool createsMachines = rule.op == policy::Operator::Allow &&
                                     (rule.rtype.isEmpty() || rule.rtype == u"machine") &&
                                     (rule.matchesAnyAction() || rule.action == u"create");
        if (createsMachines && !rule.rtags.isEmpty())
            tagSets << rule.rtags;
    }
    for (const QString &id : store.accountIds()) {
        for (const InventoryStore::Slot slot : store.machinesOf(id)) {
            const InventoryStore::Record &record = store.record(slot);
            if (!record.hasMonthly)
                continue;
            QMap<QString, QString> tags;
            for (const auto &[k, v] : store.tags(slot))
                tags.insert(store.symbol(k), v == 0 ? QString() : store.symbol(v));
            bool ours = false;
            const auto owner = tags.constFind(kOwnerTag);
            if (owner != tags.cend() && owners.contains(owner->toLower()))
                ours = true;
            for (qsizetype i = 0; !ours && i < tagSets.size(); ++i) {
                const QMap<QString, QString> &set = tagSets.at(i);
                ours = std::all_of(set.keyValueBegin(), set.keyValueEnd(), [&](const auto &kv) {
                    const auto it = tags.constFind(kv.first);
                    return it != tags.cend() && (kv.second.isEmpty() || *it == kv.second);
                });
            }
            if (ours)
                rates.team += record.priceMonthly;
        }
    }
    return rates;
}

} // namespace nephele::models::provisioning
