#pragma once

#include "account.h"
#include "core/error.h"

#include <QFuture>
#include <QString>

class QNetworkAccessManager;
class QObject;

namespace nephele::models {

// "Test connection" for providers this build has no driver for: one real request with the
// settings and secret the user entered, and its answer in words. The providers with a driver are
// tested by their driver (AccountSession::testConnection), not here.
//
//   probeConnection(account, secret, network, this).then(this, [](const drivers::Result<QString> &r) {...});
//
//   hetzner: GET <endpoint>/locations?per_page=1 with the API token, through the same HTTP client
//            as the drivers (TLS verified, plain http refused, the token kept out of logs).
//   ssh:     a TCP connection to host:port and the server's SSH identification line; signing in
//            is not tried (the key is read only when a shell opens).
//
// The future is fulfilled on `context`'s thread; a probe still running when `context` goes away
// is dropped.
bool canProbe(const QString &provider);
QFuture<drivers::Result<QString>> probeConnection(const Account &account, const QString &secret,
                                                  QNetworkAccessManager *network, QObject *context);

} // namespace nephele::models
