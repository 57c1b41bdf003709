#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// OpenSSH's known_hosts format and key fingerprints, as pure functions from bytes to records.
// libssh decides whether a server's key is known; these functions say where the key that no longer
// matches was written (file line, type, fingerprint) so a changed-key warning can point at it.
//
//   const auto file = nephele::ssh::parseKnownHosts(bytes);
//   for (const auto &entry : nephele::ssh::knownHostsEntriesFor(file, "127.0.0.1", 2222))
//       qDebug() << entry.line << entry.keyType << nephele::ssh::sshFingerprintSha256(entry.keyBlob);
namespace nephele::ssh {

struct KnownHostsEntry {
    int line = 0;       // 1-based line in the file
    QByteArray marker;  // "@cert-authority", "@revoked" or empty
    QByteArray hosts;   // the host field as written: patterns "a,[b]:2222,!c" or a hashed "|1|salt|hash"
    QByteArray keyType; // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", ...
    QByteArray keyBlob; // the public key in SSH wire format (the base64 field, decoded)
    QByteArray comment; // whatever follows the key
};

struct KnownHostsFile {
    QList<KnownHostsEntry> entries;
    QList<int> invalidLines; // lines that are neither blank, a comment nor an entry
};

// Parses a whole known_hosts file. Never fails: what it cannot read goes to invalidLines.
KnownHostsFile parseKnownHosts(QByteArrayView text);

// The name known_hosts files use for a host: "host" on port 22, "[host]:port" otherwise.
QByteArray knownHostsName(const QString &host, quint16 port);

// Whether a host field (patterns with * ? and !negation, or a hashed |1|salt|hash name) matches
// a name made by knownHostsName(). A negated pattern that matches wins over every other pattern.
bool knownHostsFieldMatches(QByteArrayView hostField, QByteArrayView name);

// The plain (unmarked) entries of a file for a host and port, in file order.
QList<KnownHostsEntry> knownHostsEntriesFor(const KnownHostsFile &file, const QString &host, quint16 port);

// "SHA256:" + the unpadded base64 of the SHA-256 of a key blob: what `ssh-keygen -l` prints.
QString sshFingerprintSha256(QByteArrayView keyBlob);
// The same from a digest that is already computed.
QString sshFingerprintFromDigest(QByteArrayView sha256Digest);

// The key type named inside an SSH wire-format key blob (its first string), or empty.
QByteArray sshKeyBlobType(QByteArrayView keyBlob);

} // namespace nephele::ssh
