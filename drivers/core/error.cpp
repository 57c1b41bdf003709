#include "error.h"

#include <QCoreApplication>

namespace nephele::drivers {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("nephele::drivers::Error", text);
}
} // namespace

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Network: return QStringLiteral("network");
    case ErrorKind::Timeout: return QStringLiteral("timeout");
    case ErrorKind::Tls: return QStringLiteral("tls");
    case ErrorKind::Insecure: return QStringLiteral("insecure");
    case ErrorKind::Auth: return QStringLiteral("auth");
    case ErrorKind::Forbidden: return QStringLiteral("forbidden");
    case ErrorKind::NotFound: return QStringLiteral("not-found");
    case ErrorKind::Conflict: return QStringLiteral("conflict");
    case ErrorKind::Invalid: return QStringLiteral("invalid");
    case ErrorKind::RateLimited: return QStringLiteral("rate-limited");
    case ErrorKind::Server: return QStringLiteral("server");
    case ErrorKind::Parse: return QStringLiteral("parse");
    case ErrorKind::Unsupported: return QStringLiteral("unsupported");
    case ErrorKind::Cancelled: return QStringLiteral("cancelled");
    case ErrorKind::Config: return QStringLiteral("config");
    }
    return QStringLiteral("unknown");
}

QString Error::summary() const
{
    QString text = message;
    if (text.isEmpty())
        text = errorKindName(kind);
    if (!context.isEmpty())
        text = context + QStringLiteral(": ") + text;
    return text;
}

QString Error::hint() const
{
    switch (kind) {
    case ErrorKind::Network: return tr("Check the endpoint address and your network connection, then retry.");
    case ErrorKind::Timeout:
        return tr("The provider did not answer in time. Retry; if it persists, check the provider's status page.");
    case ErrorKind::Tls:
        return tr("The server's certificate is not trusted. If this endpoint uses a private CA, add its certificate to "
                  "the account.");
    case ErrorKind::Insecure:
        return tr("Plain http is only used for loopback addresses or when the account explicitly allows it. Use https, "
                  "or allow plain http in the account settings.");
    case ErrorKind::Auth:
        return tr("The token was refused. Create a new token with the provider and update the account.");
    case ErrorKind::Forbidden:
        return tr("The token is valid but lacks permission for this. Give it write scope or use another token.");
    case ErrorKind::NotFound: return tr("The resource no longer exists; refresh the account.");
    case ErrorKind::Conflict:
        return tr(
            "The resource is busy or in a state that does not allow this; wait for its current action to finish.");
    case ErrorKind::Invalid: return tr("The provider rejected the request as given; check the values.");
    case ErrorKind::RateLimited:
        return tr("The provider's rate limit was reached. Nephele slows down on its own; retry in a minute.");
    case ErrorKind::Server:
        return tr("The provider had an internal error. The last good state stays on screen; retry later.");
    case ErrorKind::Parse:
        return tr("The provider's answer did not have the documented shape. The last good state stays on screen; "
                  "retry, and report it if it persists.");
    case ErrorKind::Unsupported: return tr("This provider does not support that action.");
    case ErrorKind::Cancelled: return {};
    case ErrorKind::Config: return tr("Check the account settings.");
    }
    return {};
}

QString Error::fullText() const
{
    QString text = summary();
    const QString h = hint();
    if (!h.isEmpty())
        text += QStringLiteral("\n") + h;
    if (httpStatus)
        text += QStringLiteral("\n") + tr("HTTP status: %1").arg(httpStatus);
    if (!requestId.isEmpty())
        text += QStringLiteral("\n") + tr("Request id: %1").arg(requestId);
    return text;
}

Error Error::withContext(const QString &ctx) const
{
    Error copy = *this;
    copy.context = context.isEmpty() ? ctx : ctx + QStringLiteral(": ") + context;
    return copy;
}

} // namespace nephele::drivers
