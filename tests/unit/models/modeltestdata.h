#pragma once

#include "inventory/inventorystore.h"

// Small builders shared by the models' unit tests.
namespace nephele::models::testdata {

inline AccountInfo account(const QString &id, const QString &name = {})
{
    AccountInfo info;
    info.id = id;
    info.name = name.isEmpty() ? id : name;
    info.provider = QStringLiteral("digitalocean");
    return info;
}

} // namespace nephele::models::testdata
