#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace nephele::models::policy {

// A duration as Mist's policies write it: a count and a unit, `([0-9]+)(m|h|d|w|mo|y)`.
// "m" is minutes and "mo" is months. Months and years are calendar units, so after() adds them
// with the calendar (Jan 31 + 1mo = Feb 28/29); approximateSeconds() is only for ordering.
//
//   auto lease = PolicyDuration::parse(u"30d");   // nullopt when the text is not a duration
//   QDateTime end = lease->after(now);
class PolicyDuration final
{
public:
    enum class Unit { Minutes, Hours, Days, Weeks, Months, Years };

    // The largest count accepted; keeps every date computation far inside QDateTime's range.
    static constexpr qint64 MaxCount = 999999;

    PolicyDuration() = default;
    PolicyDuration(qint64 count, Unit unit);

    static std::optional<PolicyDuration> parse(QStringView text);
    // Why `text` is not a duration, in words a policy author can act on; empty when it is one.
    static QString explainInvalid(QStringView text);

    qint64 count() const { return m_count; }
    Unit unit() const { return m_unit; }

    QString text() const;      // as written in a policy: "30d", "2mo"
    QString humanText() const; // "30 days", "1 month"

    QDateTime after(const QDateTime &start) const;
    QDateTime before(const QDateTime &end) const;
    // Months count 30 days and years 365 days: for comparing two durations, never for dates.
    qint64 approximateSeconds() const;

    friend bool operator==(const PolicyDuration &, const PolicyDuration &) = default;

private:
    qint64 m_count = 0;
    Unit m_unit = Unit::Days;
};

} // namespace nephele::models::policy
