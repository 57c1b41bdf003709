#pragma once

#include "sshtypes.h"

#include <QMetaType>
#include <QString>

// What went wrong on an SSH connection, typed so a view can react (offer to re-enter a password,
// show the host-key warning) and worded so a user can act on it.
namespace nephele::ssh {

enum class SshErrorKind {
    HostNotFound,      // the name did not resolve
    ConnectionRefused, // nothing listens on that port
    Unreachable,       // no route to the host or network
    Timeout,           // no answer in time (TCP connect, key exchange or a channel request)
    Proxy,             // the ProxyJump / ProxyCommand hop failed
    Protocol,          // key exchange failed, or the server broke the protocol
    HostKeyChanged,    // the server's key differs from the one known_hosts lists: refused
    HostKeyRejected,   // an unknown key the user (or the policy) did not accept
    KnownHosts,        // a known_hosts file could not be read or written
    AuthFailed,        // no method the server offers was accepted
    WrongPassword,     // the password (or keyboard-interactive answer) was refused
    KeyFile,           // a private key could not be read or decrypted
    Cancelled,         // the user cancelled a prompt, or disconnected while connecting
    ConnectionLost,    // the connection dropped after login
    Channel,           // a shell or exec channel could not be opened or failed
    Config,            // the options or the ssh config are wrong
};

struct SshError {
    SshErrorKind kind = SshErrorKind::Protocol;
    QString message;        // what failed, in plain words (translated)
    QString target;         // "user@host:port"
    QString detail;         // libssh's or the system's own words, untranslated
    SshHostKeyInfo hostKey; // for HostKeyChanged and HostKeyRejected

    // "root@db1:22: Connection refused ..." for a status line.
    QString summary() const;
    // What the user can do about it.
    QString hint() const;
    // Summary, detail and hint, for a details pane or a log. Never holds a secret.
    QString fullText() const;
};

QString sshErrorKindName(SshErrorKind kind);

} // namespace nephele::ssh

Q_DECLARE_METATYPE(nephele::ssh::SshError)
