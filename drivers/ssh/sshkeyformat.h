#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// What a private key file holds, read without decrypting it: the session asks for a passphrase
// only for a key that is encrypted, and says "not a private key" for anything else.
//
//   if (nephele::ssh::sshPrivateKeyFormat(bytes) == SshPrivateKeyFormat::None) ... not a key
//   if (nephele::ssh::sshPrivateKeyIsEncrypted(bytes)) ... ask for the passphrase
namespace nephele::ssh {

enum class SshPrivateKeyFormat {
    None,    // no private key block found
    OpenSsh, // -----BEGIN OPENSSH PRIVATE KEY----- (ssh-keygen's default since OpenSSH 7.8)
    Pem,     // PKCS#1 / SEC1 / PKCS#8 PEM blocks (RSA, EC, "PRIVATE KEY", "ENCRYPTED PRIVATE KEY")
};

SshPrivateKeyFormat sshPrivateKeyFormat(QByteArrayView text);

// True when the key needs a passphrase: an OpenSSH key whose cipher is not "none", a PEM key with
// "Proc-Type: 4,ENCRYPTED", or an encrypted PKCS#8 block. False for plain keys and for non-keys.
bool sshPrivateKeyIsEncrypted(QByteArrayView text);

// The public key (SSH wire format) that an OpenSSH private key carries in its plain header, so an
// encrypted key has a fingerprint before anyone types its passphrase. Empty for PEM keys (which
// carry none) and for anything that does not parse.
QByteArray sshOpenSshPublicKeyBlob(QByteArrayView text);

// The key blob of a public key line ("ssh-ed25519 AAAA... comment", as in a .pub file or
// authorized_keys without options). Empty when the line does not parse or its type field does not
// match the type inside the blob.
QByteArray sshPublicKeyLineBlob(QByteArrayView line);

// The authorized_keys line for a key blob: "TYPE BASE64" and the comment, if any.
QString sshAuthorizedKeyLine(QByteArrayView keyBlob, const QString &comment);

} // namespace nephele::ssh
