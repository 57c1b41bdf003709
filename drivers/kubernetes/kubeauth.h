#pragma once

#include "core/driver.h"
#include "core/expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QStringList>
#include <QVariantMap>

namespace nephele::drivers::kubernetes {

// One kubeconfig context as the importer (models/accounts/kubeconfigimporter.cpp) reads it: the
// server, the non-secret settings (CA file or data, token file, client certificate and key files,
// exec plugin, proxy-url, insecure-skip-tls-verify, ...) and the secrets (token,
// client-certificate-data, client-key-data, exec-env:<NAME>, auth-provider:<key>).
struct KubeContext {
    QString accountId;
    QString accountName;
    QString server;
    QVariantMap settings;
    QMap<QString, QString> secrets;
};

struct KubeEndpoint {
    AccountEndpoint endpoint;
    QStringList warnings; // translated, to show beside the account (e.g. certificate not checked)
};

// What a driver needs to reach the context's cluster. It reads files and may run an exec credential
// plugin, so it blocks: call it on a worker thread, never on the GUI thread.
//
//   auto resolved = QtConcurrent::run([ctx] { return resolveKubeContext(ctx); });
//   ... KubernetesDriver driver(resolved->endpoint, network);
//
// Authentication, in kubectl's order of precedence: client certificate (file or data), bearer token,
// token file (read again every minute, as kubectl does), exec plugin (client.authentication.k8s.io
// v1 and v1beta1; its credential cached until expirationTimestamp and refreshed in the background
// before then), the oidc auth provider's id-token. OpenShift's OAuth tokens are bearer tokens.
nephele::Expected<KubeEndpoint, QString> resolveKubeContext(const KubeContext &context);

// ---- exec credential plugins ----

struct ExecPlugin {
    QString apiVersion; // client.authentication.k8s.io/v1 or /v1beta1
    QString command;
    QStringList args;
    QMap<QString, QString> env;
    bool provideClusterInfo = false;
    QString server;   // for KUBERNETES_EXEC_INFO's cluster, when provideClusterInfo
    QByteArray caPem; // the same
    int timeoutMs = 60'000;
};

struct ExecCredential {
    QString token;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    QDateTime expiresAt; // invalid: valid for as long as the session runs
};

// Parses a plugin's stdout: an ExecCredential of the expected apiVersion with a token or a client
// certificate and key.
nephele::Expected<ExecCredential, QString> parseExecCredential(QByteArrayView json, const QString &apiVersion);
// Runs the plugin (blocking; a worker thread) with KUBERNETES_EXEC_INFO set, unless a cached
// credential of the same plugin is still good for at least `minimumValiditySeconds`.
nephele::Expected<ExecCredential, QString> execCredential(const ExecPlugin &plugin, int minimumValiditySeconds = 60);
// How many times a plugin process was started in this process (tests: the cache works).
int execPluginRuns();
// Forgets every cached exec credential (tests; "forget all secrets").
void clearExecCredentialCache();

} // namespace nephele::drivers::kubernetes
