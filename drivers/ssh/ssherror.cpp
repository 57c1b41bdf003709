#include "ssherror.h"

#include <QCoreApplication>

namespace nephele::ssh {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("nephele::ssh::SshError", text);
}
} // namespace

QString sshErrorKindName(SshErrorKind kind)
{
    switch (kind) {
    case SshErrorKind::HostNotFound: return QStringLiteral("host-not-found");
    case SshErrorKind::ConnectionRefused: return QStringLiteral("connection-refused");
    case SshErrorKind::Unreachable: return QStringLiteral("unreachable");
    case SshErrorKind::Timeout: return QStringLiteral("timeout");
    case SshErrorKind::Proxy: return QStringLiteral("proxy");
    case SshErrorKind::Protocol: return QStringLiteral("protocol");
    case SshErrorKind::HostKeyChanged: return QStringLiteral("host-key-changed");
    case SshErrorKind::HostKeyRejected: return QStringLiteral("host-key-rejected");
    case SshErrorKind::KnownHosts: return QStringLiteral("known-hosts");
    case SshErrorKind::AuthFailed: return QStringLiteral("auth-failed");
    case SshErrorKind::WrongPassword: return QStringLiteral("wrong-password");
    case SshErrorKind::KeyFile: return QStringLiteral("key-file");
    case SshErrorKind::Cancelled: return QStringLiteral("cancelled");
    case SshErrorKind::ConnectionLost: return QStringLiteral("connection-lost");
    case SshErrorKind::Channel: return QStringLiteral("channel");
    case SshErrorKind::Config: return QStringLiteral("config");
    }
    return QStringLiteral("unknown");
}

QString SshError::summary() const
{
    QString text = message.isEmpty() ? sshErrorKindName(kind) : message;
    if (!target.isEmpty())
        text = target + QStringLiteral(": ") + text;
    return text;
}

QString SshError::hint() const
{
    switch (kind) {
    case SshErrorKind::HostNotFound: return tr("Check the host name, or use the machine's IP address.");
    case SshErrorKind::ConnectionRefused:
        return tr("Check that the SSH server runs on that host and port, and that no firewall rejects the "
                  "connection.");
    case SshErrorKind::Unreachable: return tr("Check the address and your network route to the host (VPN, bastion).");
    case SshErrorKind::Timeout:
        return tr("The host did not answer in time. It may be down, or a firewall may drop the packets.");
    case SshErrorKind::Proxy:
        return tr("The jump host could not be reached or refused to forward the connection. Check the ProxyJump "
                  "or ProxyCommand line of your ssh config.");
    case SshErrorKind::Protocol:
        return tr("The server and Nephele could not agree on the SSH protocol. Check the server's logs.");
    case SshErrorKind::HostKeyChanged:
        return tr("Do not log in until you know why the key changed. If the host was reinstalled or its key was "
                  "replaced on purpose, remove the old line from the known_hosts file and connect again.");
    case SshErrorKind::HostKeyRejected: return tr("Connect again and accept the key if its fingerprint is right.");
    case SshErrorKind::KnownHosts: return tr("Check that the known_hosts file and its folder can be read and written.");
    case SshErrorKind::AuthFailed:
        return tr("Check the user name and that the server lists your public key, or log in with a password.");
    case SshErrorKind::WrongPassword: return tr("Check the user name and the password, then try again.");
    case SshErrorKind::KeyFile: return tr("Check the key file and its passphrase.");
    case SshErrorKind::Cancelled: return {};
    case SshErrorKind::ConnectionLost: return tr("Reconnect. If it keeps dropping, check the network and the server.");
    case SshErrorKind::Channel:
        return tr("The server refused the shell or command. Check its limits (MaxSessions) and the user's shell.");
    case SshErrorKind::Config: return tr("Check the connection settings and your ssh config file.");
    }
    return {};
}

QString SshError::fullText() const
{
    QString text = summary();
    if (!detail.isEmpty() && !message.contains(detail))
        text += QStringLiteral("\n") + tr("Details: %1").arg(detail);
    const QString h = hint();
    if (!h.isEmpty())
        text += QStringLiteral("\n") + h;
    return text;
}

} // namespace nephele::ssh
