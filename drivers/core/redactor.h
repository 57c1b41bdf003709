#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace nephele::drivers {

// Removes secrets from text before it is logged or shown. Each account's HTTP client holds one
// with that account's token; every log line it writes passes through it.
class Redactor final
{
public:
    void addSecret(const QString &secret);
    QString redact(QString text) const;
    QByteArray redact(QByteArray text) const;
    bool isEmpty() const { return m_secrets.isEmpty(); }

private:
    QList<QString> m_secrets;
};

} // namespace nephele::drivers
