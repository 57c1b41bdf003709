#pragma once

#include <QString>
#include <QUrl>

namespace nephele::models {

// An account's non-secret settings. The token lives only in the OS keychain (SecretStore), keyed
// by `id`.
struct Account {
    QString id;                // stable, generated once (a UUID without braces)
    QString name;              // the user's label, e.g. "Production"
    QString provider;          // "digitalocean"
    QUrl endpoint;             // e.g. https://api.digitalocean.com
    QString caCertificateFile; // PEM file trusted in addition to the system's, may be empty
    bool allowPlainHttp = false;
    bool enabled = true;
    // The keychain holds no token for it: kept for one session only (no keychain), imported, or
    // forgotten. The row says so until the account is edited with a token.
    bool needsToken = false;

    friend bool operator==(const Account &, const Account &) = default;
};

} // namespace nephele::models
