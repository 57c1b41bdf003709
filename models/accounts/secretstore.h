#pragma once

#include <QFuture>
#include <QObject>
#include <QString>

#include "core/expected.h"

namespace nephele::models {

// Account secrets, only in the OS keychain (QtKeychain: Secret Service, KWallet, macOS
// Keychain, Windows Credential Store). Service "nephele", key = the account id.
//
//   secrets->read(id).then(this, [this](const SecretResult &r) { ... });
//
// Every call is asynchronous and returns a future fulfilled on this object's thread; no nested
// event loop. Failures carry a message for the user (no keychain, keychain locked, no entry).
// Secrets are never logged nor written anywhere else.
using SecretResult = nephele::Expected<QString, QString>;
using SecretStatus = nephele::Expected<void, QString>;

class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    explicit SecretStore(QObject *parent = nullptr);
    explicit SecretStore(const QString &service, QObject *parent = nullptr);

    QString service() const { return m_service; }

    // `notFound`: what to tell the user when the keychain holds no such entry, for entries that
    // are not an account's token (an SSH key); empty: the account wording.
    QFuture<SecretResult> read(const QString &accountId, const QString &notFound = {});
    QFuture<SecretStatus> write(const QString &accountId, const QString &secret);
    QFuture<SecretStatus> remove(const QString &accountId);

    // False once a call found no keychain at all (no Secret Service, no session bus), true again
    // after any call that reached one. Set before that call's future is fulfilled, so its
    // continuation can tell "no keychain" (offer a session-only token) from "keychain refused".
    bool hasBackend() const { return m_hasBackend; }

private:
    QString m_service;
    bool m_hasBackend = true;
};

} // namespace nephele::models
