#include "sshkeyformat.h"

#include "knownhosts.h"

#include <QByteArray>
#include <QList>
#include <QtEndian>

#include <optional>

namespace nephele::ssh {

namespace {

constexpr QByteArrayView openSshBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
constexpr QByteArrayView openSshEnd = "-----END OPENSSH PRIVATE KEY-----";
constexpr QByteArrayView openSshMagic{"openssh-key-v1\0", 15};

// The PEM label of the first private key block, e.g. "RSA PRIVATE KEY", or empty.
QByteArrayView pemPrivateKeyLabel(QByteArrayView text)
{
    constexpr QByteArrayView begin = "-----BEGIN ";
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = text.indexOf(begin, from);
        if (at < 0)
            return {};
        const qsizetype labelStart = at + begin.size();
        const qsizetype labelEnd = text.indexOf("-----", labelStart);
        if (labelEnd < 0)
            return {};
        const QByteArrayView label = text.sliced(labelStart, labelEnd - labelStart);
        if (label.endsWith("PRIVATE KEY"))
            return label;
        from = labelEnd;
    }
}

// The decoded body of the first OpenSSH private key block, or nothing.
std::optional<QByteArray> openSshKeyBody(QByteArrayView text)
{
    const qsizetype begin = text.indexOf(openSshBegin);
    if (begin < 0)
        return std::nullopt;
    const qsizetype bodyStart = begin + openSshBegin.size();
    const qsizetype bodyEnd = text.indexOf(openSshEnd, bodyStart);
    if (bodyEnd < 0)
        return QByteArray();
    // Base64 decoding skips the line breaks.
    QByteArray body = QByteArray::fromBase64(text.sliced(bodyStart, bodyEnd - bodyStart).toByteArray());
    if (!body.startsWith(openSshMagic.toByteArray()))
        return QByteArray();
    return body;
}

// Reads the SSH wire format's length-prefixed strings one after the other.
class WireReader
{
public:
    WireReader(QByteArrayView data, qsizetype from)
        : m_data(data)
        , m_pos(from)
    {}
    std::optional<quint32> uint32()
    {
        if (m_data.size() - m_pos < 4)
            return std::nullopt;
        const quint32 value = qFromBigEndian<quint32>(m_data.data() + m_pos);
        m_pos += 4;
        return value;
    }
    std::optional<QByteArrayView> string()
    {
        const std::optional<quint32> length = uint32();
        if (!length || *length > quint32(m_data.size() - m_pos))
            return std::nullopt;
        const QByteArrayView value = m_data.sliced(m_pos, qsizetype(*length));
        m_pos += qsizetype(*length);
        return value;
    }

private:
    QByteArrayView m_data;
    qsizetype m_pos;
};

} // namespace

SshPrivateKeyFormat sshPrivateKeyFormat(QByteArrayView text)
{
    if (text.contains(openSshBegin))
        return SshPrivateKeyFormat::OpenSsh;
    if (!pemPrivateKeyLabel(text).isEmpty())
        return SshPrivateKeyFormat::Pem;
    return SshPrivateKeyFormat::None;
}

bool sshPrivateKeyIsEncrypted(QByteArrayView text)
{
    if (const std::optional<QByteArray> body = openSshKeyBody(text)) {
        // The header that names the cipher is plain text.
        const std::optional<QByteArrayView> cipher = WireReader(*body, openSshMagic.size()).string();
        return cipher && *cipher != "none";
    }
    const QByteArrayView label = pemPrivateKeyLabel(text);
    if (label.isEmpty())
        return false;
    return label == "ENCRYPTED PRIVATE KEY" || text.contains("Proc-Type: 4,ENCRYPTED");
}

QByteArray sshOpenSshPublicKeyBlob(QByteArrayView text)
{
    const std::optional<QByteArray> body = openSshKeyBody(text);
    if (!body || body->isEmpty())
        return {};
    // Cipher, KDF name and KDF options, then the number of keys and each public key in clear.
    WireReader reader(*body, openSshMagic.size());
    for (int i = 0; i < 3; ++i) {
        if (!reader.string())
            return {};
    }
    const std::optional<quint32> count = reader.uint32();
    if (!count || *count == 0)
        return {};
    const std::optional<QByteArrayView> blob = reader.string();
    if (!blob || sshKeyBlobType(*blob).isEmpty())
        return {};
    return blob->toByteArray();
}

QByteArray sshPublicKeyLineBlob(QByteArrayView line)
{
    const QList<QByteArray> fields = line.trimmed().toByteArray().simplified().split(' ');
    if (fields.size() < 2)
        return {};
    auto decoded = QByteArray::fromBase64Encoding(fields.at(1), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || sshKeyBlobType(decoded.decoded) != fields.at(0))
        return {};
    return decoded.decoded;
}

QString sshAuthorizedKeyLine(QByteArrayView keyBlob, const QString &comment)
{
    QString line = QString::fromLatin1(sshKeyBlobType(keyBlob)) + QLatin1Char(' ') +
                   QString::fromLatin1(keyBlob.toByteArray().toBase64());
    if (!comment.trimmed().isEmpty())
        line += QLatin1Char(' ') + comment.simplified();
    return line;
}

} // namespace nephele::ssh
