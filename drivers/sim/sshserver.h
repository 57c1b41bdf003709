#pragma once

#include <cstdint>
#include <memory>
#include <string>

// The simulator's SSH: libssh's server mode on loopback, so the demo's machines can be logged
// into. It accepts one public key (the demo session's own) and optionally a password, and gives
// the user's own shell ($SHELL, else /bin/sh) in a real pty (forkpty) with window changes, or runs
// an exec request's command. Every connection runs on a thread of its own; stop() (or the
// destructor) ends them all and their processes. Plain C++ like the rest of the simulator.
//
//   SshServerOptions options;
//   options.authorizedKey = publicKeyLine;               // "ssh-ed25519 AAAA... comment"
//   SshServer server(options);
//   std::string why;
//   if (!server.start(&why)) ...;
//   knownHosts << server.knownHostsLine();               // "[127.0.0.1]:PORT ssh-ed25519 AAAA..."
//   ... ssh -p server.port() user@127.0.0.1 ...
namespace nephele::sim {

struct SshServerOptions {
    std::string bindAddress = "127.0.0.1";
    uint16_t port = 0;         // 0: any free port
    std::string user;          // the login name accepted; empty: any name
    std::string authorizedKey; // an OpenSSH public key line; empty: no key logins
    std::string password;      // empty: no password logins
    std::string shell;         // empty: $SHELL, else /bin/sh
};

class SshServer final
{
public:
    explicit SshServer(SshServerOptions options);
    ~SshServer();
    SshServer(const SshServer &) = delete;
    SshServer &operator=(const SshServer &) = delete;

    // Makes a host key (Ed25519, in memory), binds and starts accepting.
    bool start(std::string *why);
    void stop();
    bool isRunning() const;

    uint16_t port() const;
    // "ssh-ed25519 AAAA..." of the host key made at start().
    std::string hostKeyLine() const;
    // The line a known_hosts file needs to trust this server.
    std::string knownHostsLine() const;
    // Connections open right now.
    int activeSessions() const;

    // A new Ed25519 key pair: the private key written to privateKeyPath (OpenSSH format, mode
    // 0600, no passphrase), the public key line returned in publicKeyLine.
    static bool generateKeyPair(const std::string &privateKeyPath, std::string *publicKeyLine, std::string *why);

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace nephele::sim
