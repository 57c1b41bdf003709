#pragma once

#include "core/driver.h"

#include <QList>
#include <QString>

#include <memory>

namespace nephele::sim {
class DigitalOceanSim;
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

private:
    Demo() = default;
    std::vector<std::unique_ptr<sim::DigitalOceanSim>> m_sims;
    QList<DemoAccount> m_accounts;
};

} // namespace nephele::app
