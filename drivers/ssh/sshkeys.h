#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// Private keys as text: what one is (type, fingerprint, public key) without asking for its
// passphrase, and new ed25519 key pairs. libssh does the cryptography; nothing here logs or writes
// a private key anywhere. Cheap, but libssh calls: run them off the GUI thread.
//
//   auto described = nephele::ssh::describePrivateKey(text, pubFileText, QStringLiteral("deploy"));
//   if (!described) ... described.error() says why it is not a usable key
//   auto fresh = nephele::ssh::generateEd25519Key(QStringLiteral("deploy"));
namespace nephele::ssh {

struct SshKeyDescription {
    QString type;        // "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256" ...
    QString fingerprint; // "SHA256:..." as ssh-keygen -l prints it; empty when unknown
    QString publicKey;   // the authorized_keys line; empty when unknown
    bool encrypted = false;
};

// Reads a private key (OpenSSH or PEM) without decrypting it. An encrypted OpenSSH key names its
// public key in clear; an encrypted PEM key does not, and then `publicKeyLine` (its .pub file,
// optional) supplies it, or the public key stays unknown. `comment` ends the authorized_keys line.
// Fails with a reason for text that is not a private key or does not parse.
Expected<SshKeyDescription, QString> describePrivateKey(const QByteArray &privateKey, QByteArrayView publicKeyLine = {},
                                                        const QString &comment = {});

struct SshGeneratedKey {
    QByteArray privateKey; // OpenSSH format, not encrypted (the keychain protects it)
    SshKeyDescription description;
};

// A new ed25519 key pair, as `ssh-keygen -t ed25519 -N ''` makes.
Expected<SshGeneratedKey, QString> generateEd25519Key(const QString &comment);

// Overwrites the bytes before releasing them: private keys do not linger in freed memory.
void wipeSecret(QByteArray &bytes);

} // namespace nephele::ssh
