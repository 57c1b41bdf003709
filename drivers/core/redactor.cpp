#include "redactor.h"

namespace nephele::drivers {

namespace {
const QString kMask = QStringLiteral("[redacted]");
}

void Redactor::addSecret(const QString &secret)
{
    // Very short strings would mask innocent text and do not identify a secret anyway.
    if (secret.size() < 4 || m_secrets.contains(secret))
        return;
    m_secrets.append(secret);
}

QString Redactor::redact(QString text) const
{
    for (const QString &secret : m_secrets)
        text.replace(secret, kMask);
    return text;
}

QByteArray Redactor::redact(QByteArray text) const
{
    for (const QString &secret : m_secrets)
        text.replace(secret.toUtf8(), kMask.toUtf8());
    return text;
}

} // namespace nephele::drivers
