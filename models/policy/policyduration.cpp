#include "policyduration.h"

#include "policytext_p.h"

namespace nephele::models::policy {

namespace {

struct UnitSpelling {
    QStringView suffix;
    PolicyDuration::Unit unit;
};

// The whole suffix after the digits must be one of these: "5mo" is months, "5m" minutes, "5min" nothing.
constexpr UnitSpelling unitSpellings[] = {
    {u"mo", PolicyDuration::Unit::Months}, {u"m", PolicyDuration::Unit::Minutes}, {u"h", PolicyDuration::Unit::Hours},
    {u"d", PolicyDuration::Unit::Days},    {u"w", PolicyDuration::Unit::Weeks},   {u"y", PolicyDuration::Unit::Years},
};

qsizetype leadingDigits(QStringView text)
{
    qsizetype n = 0;
    while (n < text.size() && text.at(n) >= u'0' && text.at(n) <= u'9')
        ++n;
    return n;
}

std::optional<PolicyDuration::Unit> unitFromSuffix(QStringView suffix)
{
    for (const UnitSpelling &spelling : unitSpellings) {
        if (suffix == spelling.suffix)
            return spelling.unit;
    }
    return std::nullopt;
}

} // namespace

PolicyDuration::PolicyDuration(qint64 count, Unit unit)
    : m_count(count)
    , m_unit(unit)
{}

std::optional<PolicyDuration> PolicyDuration::parse(QStringView text)
{
    const qsizetype digits = leadingDigits(text);
    if (digits == 0 || digits > 6)
        return std::nullopt;
    const std::optional<Unit> unit = unitFromSuffix(text.mid(digits));
    if (!unit)
        return std::nullopt;
    bool ok = false;
    const qint64 count = text.left(digits).toLongLong(&ok);
    if (!ok || count > MaxCount)
        return std::nullopt;
    return PolicyDuration(count, *unit);
}

QString PolicyDuration::explainInvalid(QStringView text)
{
    if (parse(text))
        return {};
    const QString quoted = u'"' + text.toString() + u'"';
    const qsizetype digits = leadingDigits(text);
    if (text.isEmpty())
        return PolicyText::tr("an empty text is not a duration; write a number and a unit, e.g. \"30d\"");
    if (digits == 0) {
        return PolicyText::tr("%1 is not a duration: it must start with a whole number, e.g. \"30d\"").arg(quoted);
    }
    if (digits > 6)
        return PolicyText::tr("%1 is too long a duration: at most %2 of a unit").arg(quoted).arg(MaxCount);
    return PolicyText::tr("%1 is not a duration: the unit must be m (minutes), h (hours), d (days), w (weeks), "
                          "mo (months) or y (years), e.g. \"30d\"")
        .arg(quoted);
}

QString PolicyDuration::text() const
{
    QStringView suffix;
    for (const UnitSpelling &spelling : unitSpellings) {
        if (spelling.unit == m_unit)
            suffix = spelling.suffix;
    }
    return QString::number(m_count) + suffix;
}

QString PolicyDuration::humanText() const
{
    // Spelled out rather than "%n day(s)": the sentences must read right without a translator.
    const bool one = m_count == 1;
    switch (m_unit) {
    case Unit::Minutes: return one ? PolicyText::tr("1 minute") : PolicyText::tr("%1 minutes").arg(m_count);
    case Unit::Hours: return one ? PolicyText::tr("1 hour") : PolicyText::tr("%1 hours").arg(m_count);
    case Unit::Days: return one ? PolicyText::tr("1 day") : PolicyText::tr("%1 days").arg(m_count);
    case Unit::Weeks: return one ? PolicyText::tr("1 week") : PolicyText::tr("%1 weeks").arg(m_count);
    case Unit::Months: return one ? PolicyText::tr("1 month") : PolicyText::tr("%1 months").arg(m_count);
    case Unit::Years: return one ? PolicyText::tr("1 year") : PolicyText::tr("%1 years").arg(m_count);
    }
    return text();
}

QDateTime PolicyDuration::after(const QDateTime &start) const
{
    switch (m_unit) {
    case Unit::Minutes: return start.addSecs(m_count * 60);
    case Unit::Hours: return start.addSecs(m_count * 3600);
    case Unit::Days: return start.addDays(m_count);
    case Unit::Weeks: return start.addDays(m_count * 7);
    case Unit::Months: return start.addMonths(int(m_count));
    case Unit::Years: return start.addYears(int(m_count));
    }
    return start;
}

QDateTime PolicyDuration::before(const QDateTime &end) const
{
    return PolicyDuration(-m_count, m_unit).after(end);
}

qint64 PolicyDuration::approximateSeconds() const
{
    constexpr qint64 day = qint64(24) * 3600;
    switch (m_unit) {
    case Unit::Minutes: return m_count * 60;
    case Unit::Hours: return m_count * 3600;
    case Unit::Days: return m_count * day;
    case Unit::Weeks: return m_count * 7 * day;
    case Unit::Months: return m_count * 30 * day;
    case Unit::Years: return m_count * 365 * day;
    }
    return 0;
}

} // namespace nephele::models::policy
