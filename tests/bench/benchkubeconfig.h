#pragma once

// For the Kubernetes benchmarks: the endpoint of a kubeconfig's current context, resolved as the
// console resolves an imported one (credentials, CA, client certificate).
#include "accounts/importers.h"
#include "kubernetes/kubeauth.h"

#include <QFile>
#include <QString>

namespace nephele::bench {

inline nephele::Expected<drivers::kubernetes::KubeEndpoint, QString> currentContextOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nephele::Unexpected(QStringLiteral("cannot read ") + path);
    const models::ImportResult found = models::importKubeconfig(file.readAll(), file.fileName());
    for (const models::ImportCandidate &c : found.candidates) {
        if (c.settings.value(QStringLiteral("current")).toBool())
            return drivers::kubernetes::resolveKubeContext(
                {QStringLiteral("bench"), QStringLiteral("bench"), c.endpoint, c.settings, c.secrets});
    }
    return nephele::Unexpected(QStringLiteral("the kubeconfig has no current context"));
}

} // namespace nephele::bench
