#pragma once

#include <QByteArrayView>

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

} // namespace nephele::ssh
