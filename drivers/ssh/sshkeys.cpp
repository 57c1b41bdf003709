#include "sshkeys.h"

#include "knownhosts.h"
#include "sshkeyformat.h"

#include <QCoreApplication>

#include <libssh/libssh.h>

#include <cstring>
#include <memory>

namespace nephele::ssh {

namespace {

// The translation context of this file's messages.
struct SshKeys {
    Q_DECLARE_TR_FUNCTIONS(nephele::ssh::SshKeys)
};

struct KeyFree {
    void operator()(ssh_key key) const { ssh_key_free(key); }
};
using KeyPtr = std::unique_ptr<std::remove_pointer_t<ssh_key>, KeyFree>;

// The public half of a key libssh holds, as a wire-format blob.
QByteArray publicBlob(ssh_key key)
{
    ssh_key raw = nullptr;
    if (ssh_pki_export_privkey_to_pubkey(key, &raw) != SSH_OK)
        return {};
    const KeyPtr pub(raw);
    char *base64 = nullptr;
    if (ssh_pki_export_pubkey_base64(pub.get(), &base64) != SSH_OK || !base64)
        return {};
    QByteArray blob = QByteArray::fromBase64(QByteArray(base64));
    ssh_string_free_char(base64);
    return blob;
}

SshKeyDescription describeBlob(const QByteArray &blob, const QString &comment, bool encrypted)
{
    return {QString::fromLatin1(sshKeyBlobType(blob)), sshFingerprintSha256(blob), sshAuthorizedKeyLine(blob, comment),
            encrypted};
}

} // namespace

void wipeSecret(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        explicit_bzero(bytes.data(), size_t(bytes.size()));
    bytes.clear();
}

Expected<SshKeyDescription, QString> describePrivateKey(const QByteArray &privateKey, QByteArrayView publicKeyLine,
                                                        const QString &comment)
{
    const SshPrivateKeyFormat format = sshPrivateKeyFormat(privateKey);
    if (format == SshPrivateKeyFormat::None)
        return Unexpected(SshKeys::tr("This is not a private key: no OpenSSH or PEM private key block was found."));
    const bool encrypted = sshPrivateKeyIsEncrypted(privateKey);
    if (encrypted) {
        // Kept as it is; libssh decrypts it at connect time, after asking for the passphrase.
        QByteArray blob = sshOpenSshPublicKeyBlob(privateKey);
        if (blob.isEmpty() && format == SshPrivateKeyFormat::OpenSsh)
            return Unexpected(SshKeys::tr("The OpenSSH private key is damaged: its public part cannot be read."));
        if (blob.isEmpty() && !publicKeyLine.isEmpty())
            blob = sshPublicKeyLineBlob(publicKeyLine);
        if (blob.isEmpty())
            return SshKeyDescription{{}, {}, {}, true};
        return describeBlob(blob, comment, true);
    }
    ssh_key raw = nullptr;
    // QByteArray keeps a terminating NUL after its data.
    if (ssh_pki_import_privkey_base64(privateKey.constData(), nullptr, nullptr, nullptr, &raw) != SSH_OK || !raw)
        return Unexpected(
            SshKeys::tr("The private key could not be read: it is damaged or of a type libssh does not support."));
    const KeyPtr key(raw);
    const QByteArray blob = publicBlob(key.get());
    if (blob.isEmpty())
        return Unexpected(SshKeys::tr("The public part of the private key could not be derived."));
    return describeBlob(blob, comment, false);
}

Expected<SshGeneratedKey, QString> generateEd25519Key(const QString &comment)
{
    ssh_key raw = nullptr;
    if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &raw) != SSH_OK || !raw)
        return Unexpected(SshKeys::tr("libssh could not generate an ed25519 key."));
    const KeyPtr key(raw);
    char *text = nullptr;
    // libssh 0.10 writes ed25519 keys in OpenSSH's format, as ssh-keygen does.
    if (ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &text) != SSH_OK || !text)
        return Unexpected(SshKeys::tr("libssh could not export the new key."));
    SshGeneratedKey generated;
    generated.privateKey = QByteArray(text);
    explicit_bzero(text, std::strlen(text));
    ssh_string_free_char(text);
    const QByteArray blob = publicBlob(key.get());
    if (blob.isEmpty()) {
        wipeSecret(generated.privateKey);
        return Unexpected(SshKeys::tr("libssh could not export the new key's public part."));
    }
    generated.description = describeBlob(blob, comment, false);
    return generated;
}

} // namespace nephele::ssh
