#pragma once

#include "account.h"
#include "core/driver.h"

#include "core/expected.h"

namespace nephele::models {

// What a driver needs to reach `account`, with the token read from the keychain. Fails with a
// message when the CA certificate file cannot be read.
nephele::Expected<drivers::AccountEndpoint, QString> endpointFor(const Account &account, const QString &token);

} // namespace nephele::models
