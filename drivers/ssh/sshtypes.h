#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <chrono>

// The values an SSH session is configured with and hands out: connection options, pty size,
// host keys to decide on and authentication prompts to answer. Plain values, copied across threads.
namespace nephele::ssh {

// What to do with a server whose key no known_hosts file lists.
enum class UnknownHostKeyPolicy {
    Ask,       // emit SshSession::hostKeyUnknown and wait for acceptHostKey / rejectHostKey
    AcceptNew, // remember it and go on (OpenSSH's StrictHostKeyChecking=accept-new)
    Reject,    // refuse the connection (StrictHostKeyChecking=yes)
};

struct SshConnectOptions {
    QString host;     // a name, an address, or a Host alias of the ssh config
    quint16 port = 0; // 0: the config's Port, else 22
    QString user;     // empty: the config's User, else the local user name

    // ~/.ssh/config through libssh's own parser (Host, HostName, Port, User, IdentityFile,
    // ProxyJump, ProxyCommand, UserKnownHostsFile, ...). Empty: ~/.ssh/config and then
    // /etc/ssh/ssh_config. Options set here win over the config. libssh 0.10 runs a ProxyJump
    // as the ProxyCommand `ssh -W`: the jump hop is OpenSSH's client, with its own config,
    // agent, keys and known_hosts, and without prompts.
    bool useConfig = true;
    QString configFile;

    QString knownHostsFile;       // empty: the config's UserKnownHostsFile, else ~/.ssh/known_hosts
    QString globalKnownHostsFile; // empty: the config's GlobalKnownHostsFile, else /etc/ssh/ssh_known_hosts
    UnknownHostKeyPolicy unknownHostKey = UnknownHostKeyPolicy::Ask;

    // Public key authentication. Tried in this order: the key in memory, then the agent, then
    // these files, then the config's IdentityFile entries and ~/.ssh/id_{ed25519,ecdsa,rsa}.
    QByteArray privateKey;     // a private key as text (OpenSSH or PEM), e.g. from the keychain
    QString privateKeyName;    // how a passphrase prompt names that key ("prod deploy key")
    QStringList identityFiles; // private key files
    bool useAgent = true;
    QString agentSocket; // empty: $SSH_AUTH_SOCK (or the config's IdentityAgent)

    bool allowKeyboardInteractive = true;
    bool allowPassword = true;
    QString password; // tried first when set (e.g. from the keychain); otherwise asked for
    int passwordAttempts = 3;

    // Each wait on the server while connecting, logging in or opening a channel (the time the
    // user takes to answer a prompt does not count).
    std::chrono::milliseconds connectTimeout{15'000};
    // An SSH_MSG_IGNORE after this long without traffic from the server; 0: off.
    std::chrono::milliseconds keepaliveInterval{30'000};
};

struct SshPtyOptions {
    QString term = QStringLiteral("xterm-256color");
    int columns = 80;
    int rows = 24;
};

// Where a known_hosts file lists a key for a host.
struct SshKnownHostsLocation {
    QString file;
    int line = 0;
    QString keyType;
    QString fingerprint;
};

// A server's host key, as shown to the user.
struct SshHostKeyInfo {
    quint64 requestId = 0; // pass back to SshSession::acceptHostKey / rejectHostKey
    QString host;          // the name known_hosts uses (after the config's HostName)
    quint16 port = 22;
    QString keyType;                           // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa" ...
    QString fingerprint;                       // "SHA256:..." as OpenSSH prints it
    QString knownHostsFile;                    // where an accepted key is written
    QList<SshKnownHostsLocation> knownEntries; // a changed key: what the files list for this host
};

struct SshPromptField {
    QString text;
    bool echo = false; // false: a secret, hide what is typed
};

// A question the server or a key needs answered. Answer with SshSession::answerPrompt(id, answers),
// one answer per field, or SshSession::cancelPrompt(id).
struct SshAuthPrompt {
    enum class Kind {
        Passphrase,          // a private key is encrypted; fields: one, the passphrase
        Password,            // fields: one, the password
        KeyboardInteractive, // the server's questions (name, instruction, any number of fields)
    };
    Kind kind = Kind::Password;
    quint64 id = 0;
    QString target;  // "user@host:port"
    QString keyName; // Passphrase: the key file or privateKeyName
    QString name;    // KeyboardInteractive: the server's title for the exchange
    QString instruction;
    QList<SshPromptField> fields;
    int attempt = 1;
    QString retryReason; // set from the second attempt on: why the previous answer did not work
};

} // namespace nephele::ssh

Q_DECLARE_METATYPE(nephele::ssh::SshHostKeyInfo)
Q_DECLARE_METATYPE(nephele::ssh::SshAuthPrompt)
