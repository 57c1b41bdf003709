#pragma once

#include "account.h"
#include "core/driver.h"

#include "core/expected.h"

#include <QStringList>

namespace nephele::models {

// What a driver needs to reach `account`, with the token read from the keychain. Fails with a
// message when the CA certificate file cannot be read. Kubernetes accounts need resolveEndpoint().
nephele::Expected<drivers::AccountEndpoint, QString> endpointFor(const Account &account, const QString &token);

// A Kubernetes account is a kubeconfig context: the context's non-secret settings ride as the
// endpoint's query items ("context", "auth", "certificate-authority-data", "client-certificate",
// "exec-command", "exec-args", ... as models/accounts/kubeconfigimporter.cpp names them), and the
// keychain holds its secrets as a JSON object by kind ({"token": ..., "client-key-data": ...,
// "exec-env:NAME": ...}). An account saved with a bare token (no settings, the token as it is, a CA
// file) reads the same way. It signs in as kubectl would: client certificate, token, token file,
// exec credential plugin (drivers/kubernetes/kubeauth.h).
bool isKubeconfigAccount(const Account &account);

struct ResolvedEndpoint {
    drivers::AccountEndpoint endpoint;
    QStringList warnings; // translated, for the user to see (e.g. the server's certificate is not checked)
};

// endpointFor() for every account. A kubeconfig account's may read files and run its credential
// plugin, so it blocks: call it on a worker thread when isKubeconfigAccount().
//
//   QtConcurrent::run([account, secret] { return resolveEndpoint(account, secret); })
//       .then(this, [this](const Expected<ResolvedEndpoint, QString> &resolved) { ... });
nephele::Expected<ResolvedEndpoint, QString> resolveEndpoint(const Account &account, const QString &secret);

} // namespace nephele::models
