#include "leasetags.h"

#include <algorithm>

namespace nephele::models::provisioning {

namespace {

bool isSafe(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'-' ||
           u == u':';
}

QDateTime parseEnd(const QString &text)
{
    QDateTime when = QDateTime::fromString(text, Qt::ISODate);
    if (!when.isValid()) {
        const QDate day = QDate::fromString(text, Qt::ISODate);
        if (day.isValid())
            when = QDateTime(day, QTime(0, 0), Qt::UTC);
    }
    return when.isValid() ? when.toUTC() : QDateTime();
}

} // namespace

QString leaseTimeText(const QDateTime &when)
{
    return when.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss'Z'"));
}

QList<drivers::Tag> leaseTags(const Lease &lease)
{
    QList<drivers::Tag> tags;
    if (!lease.expiresAt.isValid())
        return tags;
    tags << drivers::Tag{kExpiresTag, leaseTimeText(lease.expiresAt)};
    if (!lease.action.isEmpty())
        tags << drivers::Tag{kExpiresActionTag, lease.action.toLower()};
    if (lease.notify)
        tags << drivers::Tag{kExpiresNotifyTag, lease.notify->text()};
    return tags;
}

std::optional<Lease> leaseFromTags(const QList<drivers::Tag> &tags)
{
    static const QStringList endKeys = {kExpiresTag, QStringLiteral("expiration"), QStringLiteral("expires-at")};
    Lease lease;
    for (const QString &key : endKeys) {
        const auto it = std::find_if(tags.cbegin(), tags.cend(), [&](const drivers::Tag &t) {
            return t.key.compare(key, Qt::CaseInsensitive) == 0 && !t.value.isEmpty();
        });
        if (it != tags.cend()) {
            lease.expiresAt = parseEnd(it->value);
            if (lease.expiresAt.isValid())
                break;
        }
    }
    if (!lease.expiresAt.isValid())
        return std::nullopt;
    for (const drivers::Tag &t : tags) {
        if (t.key.compare(kExpiresActionTag, Qt::CaseInsensitive) == 0)
            lease.action = t.value.toLower();
        else if (t.key.compare(kExpiresNotifyTag, Qt::CaseInsensitive) == 0)
            lease.notify = policy::PolicyDuration::parse(t.value);
    }
    return lease;
}

bool isTagSafe(QStringView text)
{
    return !text.isEmpty() && text.size() <= 255 && std::all_of(text.begin(), text.end(), isSafe);
}

QString tagSafe(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        if (!isSafe(c))
            c = u'_';
    }
    return out;
}

std::optional<drivers::Tag> ownerTag(const QString &email, const QString &id)
{
    const QString who = email.isEmpty() ? id : email;
    if (who.isEmpty())
        return std::nullopt;
    return drivers::Tag{kOwnerTag, tagSafe(who)};
}

bool isLeaseOrOwnerKey(const QString &key)
{
    for (const QString &k : {kExpiresTag, kExpiresActionTag, kExpiresNotifyTag, kOwnerTag}) {
        if (key.compare(k, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace nephele::models::provisioning
