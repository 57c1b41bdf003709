#include "knownhosts.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QtEndian>

namespace nephele::ssh {

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Splits off the next whitespace-separated field; advances pos past it.
QByteArrayView nextField(QByteArrayView line, qsizetype &pos)
{
    while (pos < line.size() && isBlank(line[pos]))
        ++pos;
    const qsizetype start = pos;
    while (pos < line.size() && !isBlank(line[pos]))
        ++pos;
    return line.sliced(start, pos - start);
}

// OpenSSH's glob: '*' matches any run, '?' one character. Iterative, with one backtrack point,
// so a hostile pattern cannot make it exponential.
bool globMatches(QByteArrayView pattern, QByteArrayView text)
{
    qsizetype p = 0;
    qsizetype t = 0;
    qsizetype starP = -1;
    qsizetype starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

bool hashedNameMatches(QByteArrayView field, QByteArrayView name)
{
    // |1|base64(salt)|base64(HMAC-SHA1(salt, name))
    const QByteArrayView rest = field.sliced(3);
    const qsizetype bar = rest.indexOf('|');
    if (bar <= 0)
        return false;
    const auto salt =
        QByteArray::fromBase64Encoding(rest.first(bar).toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    const auto hash =
        QByteArray::fromBase64Encoding(rest.sliced(bar + 1).toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || salt.decoded.isEmpty() || hash.decoded.isEmpty())
        return false;
    const QByteArray mac = QMessageAuthenticationCode::hash(name.toByteArray(), salt.decoded, QCryptographicHash::Sha1);
    return mac == hash.decoded;
}

} // namespace

QByteArray sshKeyBlobType(QByteArrayView keyBlob)
{
    if (keyBlob.size() < 4)
        return {};
    const quint32 length = qFromBigEndian<quint32>(keyBlob.data());
    if (length == 0 || length > quint32(keyBlob.size() - 4))
        return {};
    return keyBlob.sliced(4, qsizetype(length)).toByteArray();
}

KnownHostsFile parseKnownHosts(QByteArrayView text)
{
    KnownHostsFile file;
    int lineNumber = 0;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        const QByteArrayView line = text.sliced(start, end - start);
        ++lineNumber;
        start = end + 1;

        qsizetype pos = 0;
        QByteArrayView first = nextField(line, pos);
        if (first.isEmpty() || first.startsWith('#')) {
            if (end == text.size())
                break;
            continue;
        }
        KnownHostsEntry entry;
        entry.line = lineNumber;
        if (first.startsWith('@')) {
            entry.marker = first.toByteArray();
            first = nextField(line, pos);
        }
        const QByteArrayView type = nextField(line, pos);
        const QByteArrayView key = nextField(line, pos);
        const auto decoded = QByteArray::fromBase64Encoding(key.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
        const bool knownMarker =
            entry.marker.isEmpty() || entry.marker == "@cert-authority" || entry.marker == "@revoked";
        if (first.isEmpty() || type.isEmpty() || key.isEmpty() || !decoded || !knownMarker ||
            sshKeyBlobType(decoded.decoded) != type) {
            file.invalidLines.append(lineNumber);
        } else {
            entry.hosts = first.toByteArray();
            entry.keyType = type.toByteArray();
            entry.keyBlob = decoded.decoded;
            entry.comment = line.sliced(pos).trimmed().toByteArray();
            file.entries.append(std::move(entry));
        }
        if (end == text.size())
            break;
    }
    return file;
}

QByteArray knownHostsName(const QString &host, quint16 port)
{
    QByteArray name = host.toLower().toUtf8();
    if (port == 22 || port == 0)
        return name;
    return '[' + name + "]:" + QByteArray::number(port);
}

bool knownHostsFieldMatches(QByteArrayView hostField, QByteArrayView name)
{
    if (hostField.startsWith("|1|"))
        return hashedNameMatches(hostField, name);
    const QByteArray lowerName = name.toByteArray().toLower();
    bool matched = false;
    qsizetype start = 0;
    while (start <= hostField.size()) {
        qsizetype end = hostField.indexOf(',', start);
        if (end < 0)
            end = hostField.size();
        QByteArrayView pattern = hostField.sliced(start, end - start);
        start = end + 1;
        const bool negated = pattern.startsWith('!');
        if (negated)
            pattern = pattern.sliced(1);
        if (!pattern.isEmpty() && globMatches(pattern.toByteArray().toLower(), lowerName)) {
            if (negated)
                return false;
            matched = true;
        }
        if (end == hostField.size())
            break;
    }
    return matched;
}

QList<KnownHostsEntry> knownHostsEntriesFor(const KnownHostsFile &file, const QString &host, quint16 port)
{
    const QByteArray name = knownHostsName(host, port);
    QList<KnownHostsEntry> found;
    for (const KnownHostsEntry &entry : file.entries) {
        if (entry.marker.isEmpty() && knownHostsFieldMatches(entry.hosts, name))
            found.append(entry);
    }
    return found;
}

QString sshFingerprintFromDigest(QByteArrayView sha256Digest)
{
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(sha256Digest.toByteArray().toBase64(QByteArray::OmitTrailingEquals));
}

QString sshFingerprintSha256(QByteArrayView keyBlob)
{
    return sshFingerprintFromDigest(QCryptographicHash::hash(keyBlob, QCryptographicHash::Sha256));
}

} // namespace nephele::ssh
