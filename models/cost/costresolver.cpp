#include "costresolver.h"

#include "cost/costformat.h"

#include <QCoreApplication>

#include <cmath>

namespace nephele::models::cost {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("nephele::models::cost::CostResolver", text);
}

bool validAmount(const std::optional<double> &value)
{
    return value && std::isfinite(*value) && *value >= 0;
}

} // namespace

QString costSourceName(CostSource source)
{
    switch (source) {
    case CostSource::None: return QStringLiteral("none");
    case CostSource::Catalog: return QStringLiteral("catalog");
    case CostSource::Tag: return QStringLiteral("tag");
    case CostSource::Provider: return QStringLiteral("provider");
    case CostSource::Rates: return QStringLiteral("rates");
    }
    return QStringLiteral("none");
}

QString costSourceText(CostSource source)
{
    switch (source) {
    case CostSource::None: return tr("No price known");
    case CostSource::Catalog: return tr("Price catalog");
    case CostSource::Tag: return tr("Custom price tag");
    case CostSource::Provider: return tr("Provider's price");
    case CostSource::Rates: return tr("Account rates");
    }
    return {};
}

std::optional<double> parseTagAmount(QStringView text)
{
    QStringView t = text.trimmed();
    if (t.startsWith(u'$'))
        t = t.mid(1).trimmed();
    if (t.isEmpty())
        return std::nullopt;
    bool ok = false;
    const double value = QLocale::c().toDouble(t, &ok);
    if (!ok || !std::isfinite(value) || value < 0)
        return std::nullopt;
    return value;
}

CostInput CostInput::from(const drivers::Machine &m, QStringView accountId, QStringView provider)
{
    CostInput in;
    in.accountId = accountId;
    in.provider = provider;
    in.sizeId = m.sizeId;
    in.location = m.location;
    in.currency = m.currency;
    in.kind = m.kind;
    in.state = m.state;
    in.vcpus = m.vcpus;
    in.memoryMb = m.memoryMb;
    in.diskGb = m.diskGb;
    in.priceHourly = m.priceHourly;
    in.priceMonthly = m.priceMonthly;
    for (const drivers::Tag &tag : m.tags) {
        // The first tag of each key counts, as for the store's tag lookups.
        if (!in.tagMonthly && tag.key.compare(kCostPerMonthTag, Qt::CaseInsensitive) == 0)
            in.tagMonthly = QStringView(tag.value);
        else if (!in.tagHourly && tag.key.compare(kCostPerHourTag, Qt::CaseInsensitive) == 0)
            in.tagHourly = QStringView(tag.value);
    }
    return in;
}

CostResolver::CostResolver(CostSettings settings, CapabilitiesLookup capabilities)
    : m_settings(std::move(settings))
    , m_capabilities(std::move(capabilities))
{
    setToday(QDate::currentDate());
    index();
}

void CostResolver::setSettings(CostSettings settings)
{
    m_settings = std::move(settings);
    index();
}

void CostResolver::setToday(QDate today)
{
    m_today = today.isValid() ? today : QDate::currentDate();
    m_monthHours = hoursInMonth(m_today);
}

void CostResolver::index()
{
    m_catalogBySize.clear();
    for (int i = 0; i < int(m_settings.catalog.size()); ++i)
        m_catalogBySize[m_settings.catalog.at(i).size].append(i);
    m_hasAccountRates = false;
    for (const AccountCostSettings &account : std::as_const(m_settings.accounts))
        m_hasAccountRates = m_hasAccountRates || !account.flavors.isEmpty() || account.units.has_value();
}

const drivers::Capabilities *CostResolver::capabilities(QStringView provider) const
{
    return m_capabilities ? m_capabilities(provider) : nullptr;
}

bool CostResolver::isBilled(QStringView provider, drivers::MachineState state) const
{
    if (state == drivers::MachineState::Terminated)
        return false;
    if (state == drivers::MachineState::Stopped) {
        const drivers::Capabilities *caps = capabilities(provider);
        return !caps || caps->stoppedMachinesBilled;
    }
    return true;
}

QString CostResolver::currencyFor(QStringView accountId, const QString &providerCurrency) const
{
    if (!m_settings.accounts.isEmpty()) {
        if (const AccountCostSettings *account = m_settings.account(accountId.toString());
            account && !account->currency.isEmpty())
            return account->currency;
    }
    return providerCurrency.isEmpty() ? QStringLiteral("USD") : providerCurrency;
}

CostResolver::Stated CostResolver::complete(const std::optional<double> &hourly,
                                            const std::optional<double> &monthly) const
{
    Stated s;
    if (hourly && monthly) {
        s.hourly = *hourly;
        s.monthly = *monthly;
    } else if (monthly) {
        s.monthly = *monthly;
        s.hourly = *monthly / m_monthHours;
    } else if (hourly) {
        s.hourly = *hourly;
        s.monthly = *hourly * m_monthHours;
    }
    return s;
}

const CatalogEntry *CostResolver::catalogEntry(const CostInput &in) const
{
    if (m_catalogBySize.isEmpty() || in.sizeId.isEmpty())
        return nullptr;
    const auto it = m_catalogBySize.constFind(in.sizeId.toString());
    if (it == m_catalogBySize.constEnd())
        return nullptr;
    const CatalogEntry *best = nullptr;
    int bestScore = -1;
    for (int i : *it) {
        const CatalogEntry &entry = m_settings.catalog.at(i);
        int score = 0;
        if (!entry.account.isEmpty()) {
            if (entry.account != in.accountId)
                continue;
            score += 4;
        }
        if (!entry.location.isEmpty()) {
            if (entry.location != in.location)
                continue;
            score += 2;
        }
        if (!entry.provider.isEmpty()) {
            if (entry.provider != in.provider)
                continue;
            score += 1;
        }
        if (score > bestScore) {
            best = &entry;
            bestScore = score;
        }
    }
    return best;
}

MachineCost CostResolver::resolve(const CostInput &in, CostExplanation *why) const
{
    MachineCost cost;
    auto setFrom = [&](CostSource source, const Stated &s, QString currency) {
        cost.source = source;
        cost.listHourly = s.hourly;
        cost.listMonthly = s.monthly;
        cost.currency = std::move(currency);
    };
    // Only explanations name the provider; the figures alone allocate nothing on the common path.
    auto providerName = [&] {
        const drivers::Capabilities *caps = capabilities(in.provider);
        return caps && !caps->displayName.isEmpty() ? caps->displayName : in.provider.toString();
    };
    auto derivedNote = [&](const std::optional<double> &hourly, const std::optional<double> &monthly) {
        if (!why || (hourly && monthly))
            return;
        why->notes.append(
            monthly ? tr("Hourly derived from the monthly price over this month's %1 hours.").arg(m_monthHours)
                    : tr("Monthly derived from the hourly price over this month's %1 hours (%2 days).")
                          .arg(m_monthHours)
                          .arg(m_monthHours / 24));
    };

    // 1. The catalog.
    if (const CatalogEntry *entry = catalogEntry(in)) {
        setFrom(CostSource::Catalog, complete(entry->price.hourly, entry->price.monthly),
                entry->currency.isEmpty() ? currencyFor(in.accountId, in.currency) : entry->currency);
        if (why) {
            QStringList scope;
            if (!entry->account.isEmpty())
                scope << tr("account %1").arg(entry->account);
            if (!entry->location.isEmpty())
                scope << tr("location %1").arg(entry->location);
            if (!entry->provider.isEmpty())
                scope << entry->provider;
            why->detail = scope.isEmpty() ? tr("Catalog price of %1").arg(entry->size)
                                          : tr("Catalog price of %1 (%2)").arg(entry->size, scope.join(u", "));
            derivedNote(entry->price.hourly, entry->price.monthly);
        }
    }

    // 2. Mist's custom pricing tags. Bad values are noted even when the catalog won, so a typo
    // does not go unseen.
    std::optional<double> tagMonthly, tagHourly;
    auto readTag = [&](const std::optional<QStringView> &value, QStringView key, std::optional<double> *out) {
        if (!value)
            return;
        *out = parseTagAmount(*value);
        if (!*out && why) {
            why->notes.append(tr("Tag %1=\"%2\" is not a price (a number of at least 0): ignored.")
                                  .arg(key.toString(), value->toString()));
        }
    };
    readTag(in.tagMonthly, kCostPerMonthTag, &tagMonthly);
    readTag(in.tagHourly, kCostPerHourTag, &tagHourly);
    if (tagMonthly || tagHourly) {
        if (cost.known()) {
            if (why)
                why->notes.append(tr("The %1 tag is not used: the catalog comes first.")
                                      .arg((tagMonthly ? kCostPerMonthTag : kCostPerHourTag).toString()));
        } else {
            setFrom(CostSource::Tag, complete(tagHourly, tagMonthly), currencyFor(in.accountId, in.currency));
            if (why) {
                QStringList parts;
                if (tagMonthly)
                    parts << QStringLiteral("%1=%2").arg(kCostPerMonthTag.toString(), in.tagMonthly->toString());
                if (tagHourly)
                    parts << QStringLiteral("%1=%2").arg(kCostPerHourTag.toString(), in.tagHourly->toString());
                why->detail = tr("Tag %1").arg(parts.join(u", "));
                derivedNote(tagHourly, tagMonthly);
            }
        }
    }

    // 3. The provider's own price.
    std::optional<double> providerHourly = validAmount(in.priceHourly) ? in.priceHourly : std::nullopt;
    std::optional<double> providerMonthly = validAmount(in.priceMonthly) ? in.priceMonthly : std::nullopt;
    if (why && ((in.priceHourly && !providerHourly) || (in.priceMonthly && !providerMonthly)))
        why->notes.append(tr("%1's price is not a valid amount: ignored.").arg(providerName()));
    if (providerHourly || providerMonthly) {
        const QString currency = in.currency.isEmpty() ? QStringLiteral("USD") : in.currency;
        if (cost.known()) {
            if (why) {
                const Stated s = complete(providerHourly, providerMonthly);
                why->notes.append(
                    tr("%1's price (%2 a month) is not used.").arg(providerName(), formatMoney(s.monthly, currency)));
            }
        } else {
            setFrom(CostSource::Provider, complete(providerHourly, providerMonthly), currency);
            if (why) {
                why->detail = providerHourly && providerMonthly
                                  ? tr("%1 lists it, monthly and hourly").arg(providerName())
                              : providerMonthly ? tr("%1 lists its monthly price").arg(providerName())
                                                : tr("%1 lists its hourly price").arg(providerName());
                derivedNote(providerHourly, providerMonthly);
            }
        }
    }

    // 4. The account's rates, for clouds without prices.
    if (!cost.known() && m_hasAccountRates) {
        if (const AccountCostSettings *account = m_settings.account(in.accountId.toString())) {
            const auto flavor = account->flavors.constFind(in.sizeId.toString());
            if (!in.sizeId.isEmpty() && flavor != account->flavors.constEnd()) {
                setFrom(CostSource::Rates, complete(flavor->hourly, flavor->monthly),
                        currencyFor(in.accountId, in.currency));
                if (why) {
                    why->detail = tr("Account rate for flavor %1").arg(in.sizeId.toString());
                    derivedNote(flavor->hourly, flavor->monthly);
                }
            } else if (account->units) {
                const UnitRates &u = *account->units;
                const double amount = in.vcpus * u.vcpu + in.memoryMb / 1024.0 * u.ramGb + in.diskGb * u.diskGb;
                if (amount > 0) {
                    const bool hourly = u.period == UnitRates::Period::Hour;
                    setFrom(CostSource::Rates,
                            complete(hourly ? std::optional(amount) : std::nullopt,
                                     hourly ? std::nullopt : std::optional(amount)),
                            currencyFor(in.accountId, in.currency));
                    if (why) {
                        why->detail = tr("Account rates: %1 vCPU, %2 GB RAM, %3 GB disk")
                                          .arg(in.vcpus)
                                          .arg(in.memoryMb / 1024.0, 0, 'g', 4)
                                          .arg(in.diskGb);
                        derivedNote(hourly ? std::optional(amount) : std::nullopt,
                                    hourly ? std::nullopt : std::optional(amount));
                    }
                }
            }
        }
    }

    if (!cost.known()) {
        if (why && why->detail.isEmpty())
            why->detail = tr("No price: no catalog line, price tag, provider price or account rate applies.");
        return cost;
    }

    // The provider's billing rules.
    cost.billed = isBilled(in.provider, in.state);
    if (cost.billed) {
        cost.hourly = cost.listHourly;
        cost.monthly = cost.listMonthly;
        if (why && in.state == drivers::MachineState::Stopped)
            why->notes.append(tr("Billed while stopped: %1 charges for stopped machines.").arg(providerName()));
    } else if (why) {
        why->notes.append(in.state == drivers::MachineState::Terminated
                              ? tr("Not billed: the machine is terminated.")
                              : tr("Not billed while stopped: %1 does not charge for a stopped machine's compute.")
                                    .arg(providerName()));
    }
    return cost;
}

} // namespace nephele::models::cost
