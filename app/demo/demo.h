#pragma once

#include "core/driver.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QTemporaryDir;

namespace nephele::sim {
class DigitalOceanSim;
class KubernetesSim;
class SshServer;
} // namespace nephele::sim

namespace nephele::models {
class MachineAccessStore;
}

namespace nephele::app {

// The built-in demo: several simulated DigitalOcean accounts served in-process on loopback.
// Used by `nephele --demo`, `nephele-cli --demo` and the GUI tests.
//
//   auto demo = Demo::start({}, &error);
//   for (const DemoAccount &a : demo->accounts()) ... a.endpoint ...
struct DemoOptions {
    quint64 seed = 7;
    double timeScale = 0.15; // actions finish in a few seconds, as on a real cloud but faster
    bool tls = false;
    int kubernetesClusters = 2; // simulated clusters with churn (0..2), after the DigitalOcean accounts
    bool ssh = true;            // serve SSH on loopback for every simulated machine
};

// How the console reaches the demo's machines over SSH: every one of them is the simulator's SSH
// server on loopback, which gives the user's own shell. The key, password and known_hosts file
// are made for this demo session and live in a temporary folder removed with the demo.
struct DemoSsh {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0;
    QString user;
    QString privateKeyFile;
    QString knownHostsFile; // lists the server's host key: no question in the demo
    QString password;       // also accepted; in memory only
};

struct DemoAccount {
    QString provider;                  // "digitalocean"
    drivers::AccountEndpoint endpoint; // accountId, accountName, baseUrl, token (the sim's)
    sim::DigitalOceanSim *sim = nullptr;
};

class Demo final
{
public:
    static std::unique_ptr<Demo> start(const DemoOptions &options, QString *error);
    ~Demo();
    Demo(const Demo &) = delete;
    Demo &operator=(const Demo &) = delete;

    const QList<DemoAccount> &accounts() const { return m_accounts; }
    // Set when the SSH server runs; sshProblem() says why not otherwise.
    const std::optional<DemoSsh> &ssh() const { return m_ssh; }
    QString sshProblem() const { return m_sshProblem; }
    // Points every demo account's machines at the demo's SSH server (as account defaults).
    void applySshAccess(models::MachineAccessStore &store) const;

private:
    Demo();
    bool startSsh(QString *error);

    std::vector<std::unique_ptr<sim::DigitalOceanSim>> m_sims;
    std::vector<std::unique_ptr<sim::KubernetesSim>> m_clusters;
    QList<DemoAccount> m_accounts;
    std::unique_ptr<QTemporaryDir> m_sshDir;
    std::unique_ptr<sim::SshServer> m_sshServer;
    std::optional<DemoSsh> m_ssh;
    QString m_sshProblem;
};

} // namespace nephele::app
