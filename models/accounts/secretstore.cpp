#include "secretstore.h"

#include <QPromise>

#include <qt6keychain/keychain.h>

#include <memory>

namespace nephele::models {

namespace {

QString describeNoBackend(const QString &reason)
{
    return SecretStore::tr("No keychain is available (%1). Install and start a Secret Service provider such "
                           "as GNOME Keyring or KWallet, then retry.")
        .arg(reason);
}

// QtKeychain's libsecret backend reports a session bus without a Secret Service, or no session
// bus at all, as OtherError with the bus's own words: "The name org.freedesktop.secrets was not
// provided by any .service files", "Cannot autolaunch D-Bus without X11 $DISPLAY".
bool secretServiceUnreachable(const QString &errorString)
{
    return errorString.contains(QLatin1String("org.freedesktop.secrets")) ||
           errorString.contains(QLatin1String("D-Bus"));
}

bool noBackend(const QKeychain::Job *job)
{
    return job->error() == QKeychain::NoBackendAvailable ||
           (job->error() == QKeychain::OtherError && secretServiceUnreachable(job->errorString()));
}

QString describe(const QKeychain::Job *job, const QString &accountId, const QString &notFound = {})
{
    switch (job->error()) {
    case QKeychain::NoError: return {};
    case QKeychain::EntryNotFound:
        if (!notFound.isEmpty())
            return notFound;
        // libsecret answers "not found" too when the item sits in a locked collection and the
        // unlock prompt was dismissed or could not be shown: say both.
        return SecretStore::tr("The keychain holds no token for this account (%1), or it is locked and was not "
                               "unlocked. Unlock the keychain and retry; if the token is really missing, edit the "
                               "account and enter it again.")
            .arg(accountId);
    case QKeychain::AccessDeniedByUser:
        return SecretStore::tr("Access to the keychain was refused. Unlock the keychain and retry.");
    case QKeychain::AccessDenied:
        return SecretStore::tr("The keychain denied access (%1). It may be locked: unlock it and retry.")
            .arg(job->errorString());
    case QKeychain::NoBackendAvailable: return describeNoBackend(job->errorString());
    case QKeychain::NotImplemented: return SecretStore::tr("The keychain is not supported on this platform.");
    case QKeychain::CouldNotDeleteEntry:
        return SecretStore::tr("The keychain entry could not be deleted: %1").arg(job->errorString());
    case QKeychain::OtherError:
        if (secretServiceUnreachable(job->errorString()))
            return describeNoBackend(job->errorString());
        break;
    }
    return SecretStore::tr("The keychain reported an error: %1").arg(job->errorString());
}

template<typename T>
std::shared_ptr<QPromise<T>> startPromise()
{
    auto promise = std::make_shared<QPromise<T>>();
    promise->start();
    return promise;
}

template<typename T>
void fulfil(const std::shared_ptr<QPromise<T>> &promise, T value)
{
    promise->addResult(std::move(value));
    promise->finish();
}

} // namespace

SecretStore::SecretStore(QObject *parent)
    : SecretStore(QStringLiteral("nephele"), parent)
{}

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

QFuture<SecretResult> SecretStore::read(const QString &accountId, const QString &notFound)
{
    auto promise = startPromise<SecretResult>();
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file
    job->setKey(accountId);
    connect(job, &QKeychain::Job::finished, this, [this, promise, accountId, notFound](QKeychain::Job *done) {
        m_hasBackend = !noBackend(done);
        auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(done);
        if (done->error() != QKeychain::NoError)
            fulfil(promise, SecretResult(nephele::Unexpected(describe(done, accountId, notFound))));
        else
            fulfil(promise, SecretResult(readJob->textData()));
    });
    job->start();
    return promise->future();
}

QFuture<SecretStatus> SecretStore::write(const QString &accountId, const QString &secret)
{
    auto promise = startPromise<SecretStatus>();
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(accountId);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, promise, accountId](QKeychain::Job *done) {
        m_hasBackend = !noBackend(done);
        if (done->error() != QKeychain::NoError)
            fulfil(promise, SecretStatus(nephele::Unexpected(describe(done, accountId))));
        else
            fulfil(promise, SecretStatus());
    });
    job->start();
    return promise->future();
}

QFuture<SecretStatus> SecretStore::remove(const QString &accountId)
{
    auto promise = startPromise<SecretStatus>();
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(accountId);
    connect(job, &QKeychain::Job::finished, this, [this, promise, accountId](QKeychain::Job *done) {
        m_hasBackend = !noBackend(done);
        if (done->error() != QKeychain::NoError && done->error() != QKeychain::EntryNotFound)
            fulfil(promise, SecretStatus(nephele::Unexpected(describe(done, accountId))));
        else
            fulfil(promise, SecretStatus());
    });
    job->start();
    return promise->future();
}

} // namespace nephele::models
