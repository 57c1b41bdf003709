#include "accountendpoint.h"

#include <QCoreApplication>
#include <QFile>
#include <QSslCertificate>

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

} // namespace nephele::models
