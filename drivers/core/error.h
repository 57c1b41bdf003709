#pragma once

#include <QString>

#include "expected.h"

namespace nephele::drivers {

// What went wrong, in terms a user can act on. Every error that reaches a view carries the
// account or host it concerns, what was being done, and the provider's own words.
enum class ErrorKind {
    Network,     // could not connect, connection reset, DNS
    Timeout,     // no answer in time
    Tls,         // certificate not trusted, handshake failed
    Insecure,    // plain http to a non-loopback host without the account's explicit consent
    Auth,        // 401: token wrong, expired or revoked
    Forbidden,   // 403: token lacks the scope
    NotFound,    // 404
    Conflict,    // 409 / 422: the request contradicts the resource's state
    Invalid,     // 400: the request itself is wrong
    RateLimited, // 429 after retries ran out
    Server,      // 5xx after retries ran out
    Parse,       // the answer did not have the shape the provider documents
    Unsupported, // the provider or driver cannot do this
    Cancelled,   // the user cancelled
    Config,      // local settings are wrong (missing token, bad endpoint)
};

struct Error {
    ErrorKind kind = ErrorKind::Network;
    QString message;      // what failed, in plain words (already translated where it is ours)
    QString providerCode; // the provider's error id, e.g. DigitalOcean's "not_found"
    QString requestId;    // the provider's request id, for support tickets
    QString context;      // the account or host and the operation, e.g. "prod: list droplets"
    int httpStatus = 0;

    // One line for a status bar or an account row: "prod: list droplets: Unable to authenticate you."
    QString summary() const;
    // What the user can do about it.
    QString hint() const;
    // summary, hint and request id, for a details pane or a log.
    QString fullText() const;

    Error withContext(const QString &ctx) const;
};

QString errorKindName(ErrorKind kind);

template<typename T>
using Result = nephele::Expected<T, Error>;

inline nephele::Unexpected<Error> fail(ErrorKind kind, QString message)
{
    return nephele::Unexpected(Error{kind, std::move(message), {}, {}, {}, 0});
}

} // namespace nephele::drivers
