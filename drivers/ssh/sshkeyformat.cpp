#include "sshkeyformat.h"

#include <QByteArray>
#include <QtEndian>

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
    const qsizetype begin = text.indexOf(openSshBegin);
    if (begin >= 0) {
        const qsizetype bodyStart = begin + openSshBegin.size();
        const qsizetype bodyEnd = text.indexOf(openSshEnd, bodyStart);
        if (bodyEnd < 0)
            return false;
        // Base64 decoding skips the line breaks; the header that names the cipher is plain text.
        const QByteArray body = QByteArray::fromBase64(text.sliced(bodyStart, bodyEnd - bodyStart).toByteArray());
        if (!body.startsWith(openSshMagic.toByteArray()) || body.size() < openSshMagic.size() + 4)
            return false;
        const quint32 length = qFromBigEndian<quint32>(body.constData() + openSshMagic.size());
        const qsizetype cipherStart = openSshMagic.size() + 4;
        if (length > quint32(body.size() - cipherStart))
            return false;
        return QByteArrayView(body).sliced(cipherStart, qsizetype(length)) != "none";
    }
    const QByteArrayView label = pemPrivateKeyLabel(text);
    if (label.isEmpty())
        return false;
    return label == "ENCRYPTED PRIVATE KEY" || text.contains("Proc-Type: 4,ENCRYPTED");
}

} // namespace nephele::ssh
