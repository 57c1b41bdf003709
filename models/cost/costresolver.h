#pragma once

#include "core/capabilities.h"
#include "core/records.h"
#include "cost/costsettings.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <functional>
#include <optional>

// What one machine costs, and where the figure comes from.
//
//   CostResolver resolver(settings);                 // catalog, account rates and currencies
//   resolver.setToday(QDate::currentDate());         // months have 28 to 31 days
//   CostExplanation why;
//   MachineCost c = resolver.resolve(CostInput::from(machine, accountId, provider), &why);
//   // c.monthly, c.hourly, c.currency, c.source; why.detail, why.notes for the details pane
//
// The first source that has a price wins: the catalog, then the machine's `cost_per_month` /
// `cost_per_hour` tags (Mist's custom pricing), then the provider's own price, then the account's
// rates (per flavor, then per vCPU / GB of RAM / GB of disk). A tag that does not hold a number is
// ignored with a note. Monthly from hourly (and back) uses the hours of the current month. Then the
// provider's billing rules (its capability table) say whether the machine is billed in its state:
// a stopped DigitalOcean droplet is; a terminated machine never is.
namespace nephele::models::cost {

enum class CostSource : quint8 { None, Catalog, Tag, Provider, Rates };

QString costSourceName(CostSource source); // stable: "none", "catalog", "tag", "provider", "rates"
QString costSourceText(CostSource source); // for people: "Price catalog", "Custom price tag", ...

inline int hoursInMonth(QDate date)
{
    return date.daysInMonth() * 24;
}

// Whether a resource is billed on its own. Pods and containers run on a node or a host that is:
// without a price of their own they are not "unpriced", they are included.
inline bool isBilledOnItsOwn(drivers::MachineKind kind)
{
    return kind != drivers::MachineKind::Pod && kind != drivers::MachineKind::Container;
}

// The keys of Mist's custom pricing tags (matched without regard to case).
inline constexpr QStringView kCostPerMonthTag = u"cost_per_month";
inline constexpr QStringView kCostPerHourTag = u"cost_per_hour";

// The parts of a machine that its cost depends on, as views into the caller's strings.
struct CostInput {
    QStringView accountId;
    QStringView provider; // "digitalocean"
    QStringView sizeId;
    QStringView location;
    QString currency; // the provider's price's currency; empty: USD (a shared copy, no allocation)
    drivers::MachineKind kind = drivers::MachineKind::Vm;
    drivers::MachineState state = drivers::MachineState::Unknown;
    int vcpus = 0;
    int memoryMb = 0;
    int diskGb = 0;
    std::optional<double> priceHourly; // the provider's
    std::optional<double> priceMonthly;
    std::optional<QStringView> tagMonthly; // the cost_per_month tag's value, when tagged
    std::optional<QStringView> tagHourly;  // the cost_per_hour tag's value

    // The machine must outlive the input.
    static CostInput from(const drivers::Machine &machine, QStringView accountId, QStringView provider);
};

struct MachineCost {
    CostSource source = CostSource::None;
    double hourly = 0;      // billed now, per hour
    double monthly = 0;     // billed now, per month of the current month's length
    double listHourly = 0;  // the price before the billing rules
    double listMonthly = 0; // e.g. a stopped EC2 instance: listMonthly 30, monthly 0
    QString currency;       // empty when the source is None
    bool billed = true;     // false: the provider does not bill the machine in its state

    bool known() const { return source != CostSource::None; }
};

// Why a figure is what it is, for the details pane; filled only when asked.
struct CostExplanation {
    QString detail;    // "DigitalOcean's price (price_monthly, price_hourly)", "tag cost_per_month=25", ...
    QStringList notes; // what was skipped and why, the billing rule that applied
};

class CostResolver final
{
public:
    using CapabilitiesLookup = std::function<const drivers::Capabilities *(QStringView provider)>;

    explicit CostResolver(CostSettings settings = {}, CapabilitiesLookup capabilities = {});

    const CostSettings &settings() const { return m_settings; }
    void setSettings(CostSettings settings);
    // The day whose month gives the hours for hourly <-> monthly. Defaults to today (local time).
    void setToday(QDate today);
    QDate today() const { return m_today; }
    int monthHours() const { return m_monthHours; }

    MachineCost resolve(const CostInput &input, CostExplanation *why = nullptr) const;
    // The currency prices of the account are stated in when the source does not say: the account's
    // setting, else `providerCurrency`, else USD.
    QString currencyFor(QStringView accountId, const QString &providerCurrency) const;
    // Whether the provider bills a machine in this state (its capability table's rules).
    bool isBilled(QStringView provider, drivers::MachineState state) const;
    const drivers::Capabilities *capabilities(QStringView provider) const;
    // Whether any catalog line or account flavor could match: lets callers skip the lookups.
    bool hasCatalog() const { return !m_catalogBySize.isEmpty(); }
    bool hasAccountRates() const { return m_hasAccountRates; }

private:
    struct Stated {
        double hourly = 0;
        double monthly = 0;
    };
    Stated complete(const std::optional<double> &hourly, const std::optional<double> &monthly) const;
    const CatalogEntry *catalogEntry(const CostInput &input) const;
    void index();

    CostSettings m_settings;
    CapabilitiesLookup m_capabilities;
    QHash<QString, QList<int>> m_catalogBySize; // size id -> catalog line indexes, in file order
    bool m_hasAccountRates = false;
    QDate m_today;
    int m_monthHours = 720;
};

// Reads a price tag's value: a finite number >= 0, with optional spaces around it (and a '$' in
// front, as people write it). Nullopt for anything else.
std::optional<double> parseTagAmount(QStringView text);

} // namespace nephele::models::cost
