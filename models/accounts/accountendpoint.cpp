#include "accountendpoint.h"

#include "kubernetes/kubeauth.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QUrlQuery>

namespace nephele::models {

nephele::Expected<drivers::AccountEndpoint, QString> endpointFor(const Account &account, const QString &token)
{
    drivers::AccountEndpoint endpoint;
    endpoint.accountId = account.id;
    endpoint.accountName = account.name;
    endpoint.baseUrl = account.endpoint;
    endpoint.token = token;
    endpoint.allowPlainHttp = account.allowPlainHttp;
    if (!account.caCertificateFile.isEmpty()) {
        QFile file(account.caCertificateFile);
        if (!file.open(QIODevice::ReadOnly)) {
            return nephele::Unexpected(
                QCoreApplication::translate("nephele::models::Account", "Cannot read the CA certificate %1: %2")
                    .arg(account.caCertificateFile, file.errorString()));
        }
        endpoint.caCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (endpoint.caCertificates.isEmpty()) {
            return nephele::Unexpected(
                QCoreApplication::translate("nephele::models::Account", "The file %1 holds no PEM certificate.")
                    .arg(account.caCertificateFile));
        }
    }
    return endpoint;
}

bool isKubeconfigAccount(const Account &account)
{
    return account.provider == u"kubernetes";
}

namespace {

// The context's settings from the endpoint's query items: a key given once is a string, a
// repeated one a list ("true" and "false" read back as booleans through QVariant::toBool()).
QVariantMap kubeconfigSettings(const QUrl &endpoint)
{
    QVariantMap settings;
    const QUrlQuery query(endpoint);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (settings.contains(key))
            continue;
        const QStringList values = query.allQueryItemValues(key, QUrl::FullyDecoded);
        settings.insert(key, values.size() == 1 ? QVariant(values.first()) : QVariant(values));
    }
    return settings;
}

// The keychain's text for a kubeconfig account: a JSON object of its secrets by kind, or (an
// account saved with its token alone) the token.
QMap<QString, QString> kubeconfigSecrets(const QString &secret)
{
    QMap<QString, QString> secrets;
    const QJsonDocument doc = QJsonDocument::fromJson(secret.toUtf8());
    if (doc.isObject()) {
        const QJsonObject object = doc.object();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            secrets.insert(it.key(), it.value().toString());
    } else if (!secret.trimmed().isEmpty()) {
        secrets.insert(QStringLiteral("token"), secret.trimmed());
    }
    return secrets;
}

} // namespace

nephele::Expected<ResolvedEndpoint, QString> resolveEndpoint(const Account &account, const QString &secret)
{
    if (!isKubeconfigAccount(account)) {
        auto endpoint = endpointFor(account, secret);
        if (!endpoint)
            return nephele::Unexpected(endpoint.error());
        return ResolvedEndpoint{*endpoint, {}};
    }
    drivers::kubernetes::KubeContext context;
    context.accountId = account.id;
    context.accountName = account.name;
    QUrl server = account.endpoint;
    server.setQuery(QString());
    context.server = server.toString();
    context.settings = kubeconfigSettings(account.endpoint);
    if (!account.caCertificateFile.isEmpty() && !context.settings.contains(QStringLiteral("certificate-authority")) &&
        !context.settings.contains(QStringLiteral("certificate-authority-data")))
        context.settings.insert(QStringLiteral("certificate-authority"), account.caCertificateFile);
    context.secrets = kubeconfigSecrets(secret);
    auto resolved = drivers::kubernetes::resolveKubeContext(context);
    if (!resolved)
        return nephele::Unexpected(resolved.error());
    resolved->endpoint.allowPlainHttp = account.allowPlainHttp;
    return ResolvedEndpoint{resolved->endpoint, resolved->warnings};
}

} // namespace nephele::models
