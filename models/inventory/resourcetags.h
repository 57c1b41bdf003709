#pragma once

#include "inventory/inventorystore.h"

#include <QDateTime>

#include <optional>

namespace nephele::models {

// Tags with a meaning for the console, read the same way by the tree, the search and the
// details pane. Leases (issue: provisioning) are written as `expires:<ISO date>` so every other
// console sees them too.
inline const QStringList &ownerTagKeys()
{
    static const QStringList keys = {QStringLiteral("owner"), QStringLiteral("created-by"),
                                     QStringLiteral("created_by")};
    return keys;
}

inline const QStringList &expirationTagKeys()
{
    static const QStringList keys = {QStringLiteral("expires"), QStringLiteral("expiration"),
                                     QStringLiteral("expires-at")};
    return keys;
}

// The value of the first of `keys` the resource is tagged with.
inline std::optional<InventoryStore::Symbol> firstTagValue(const InventoryStore &store, InventoryStore::Slot slot,
                                                           const QStringList &keys)
{
    for (const auto &[k, v] : store.tags(slot)) {
        if (keys.contains(store.symbol(k), Qt::CaseInsensitive) && v != 0)
            return v;
    }
    return std::nullopt;
}

inline std::optional<InventoryStore::Symbol> ownerOf(const InventoryStore &store, InventoryStore::Slot slot)
{
    return firstTagValue(store, slot, ownerTagKeys());
}

// The lease's end, from an ISO date or date-time tag value; invalid when none or unreadable.
inline QDateTime expirationOf(const InventoryStore &store, InventoryStore::Slot slot)
{
    const auto value = firstTagValue(store, slot, expirationTagKeys());
    if (!value)
        return {};
    const QString &text = store.symbol(*value);
    QDateTime when = QDateTime::fromString(text, Qt::ISODate);
    if (!when.isValid())
        when = QDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0), Qt::UTC);
    return when;
}

// A Kubernetes pod's or container's restart count (the driver's `restarts` tag); -1 for other
// resources.
inline int restartsOf(const InventoryStore &store, InventoryStore::Slot slot)
{
    static const QStringList keys = {QStringLiteral("restarts")};
    const auto value = firstTagValue(store, slot, keys);
    if (!value)
        return -1;
    bool ok = false;
    const int n = store.symbol(*value).toInt(&ok);
    return ok && n >= 0 ? n : -1;
}

} // namespace nephele::models
