#pragma once

#include "sim/faultspec.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace nephele::sim {

struct DigitalOceanSimOptions {
    std::uint64_t seed = 1;
    int droplets = 50;                     // 0 .. 1,000,000 generated at start
    bool tls = false;                      // https with a CA + server certificate generated at start
    std::string bindAddress = "127.0.0.1"; // refuse anything that is not a loopback address
    int port = 0;                          // 0 = any free port
    FaultSpec faults;
    std::string token;      // empty = a random token is made
    double timeScale = 1.0; // multiplies action durations (1.0 = realistic seconds; tests use ~0.02)
    std::string accountEmail = "demo@example.com";
    int rateLimitPerHour = 5000; // DigitalOcean's hourly quota; 0 = headers only, never answer 429 for it
};

// DigitalOcean API v2 served on loopback from an in-memory fleet, so any DigitalOcean client
// (our driver, libcloud, doctl) runs against it unchanged.
//
//   DigitalOceanSim sim({.seed = 7, .droplets = 500, .timeScale = 0.02});
//   std::string error;
//   if (!sim.start(&error)) { ... }
//   // point a client at sim.url() + "/v2" with "Authorization: Bearer " + sim.token()
//
// State advances lazily from timestamps on each request (no timer threads): a new droplet is
// "new" for ~30 s x timeScale, actions run a few seconds x timeScale and then apply their effect.
class DigitalOceanSim final
{
public:
    explicit DigitalOceanSim(DigitalOceanSimOptions options);
    ~DigitalOceanSim(); // stops the server and joins its thread
    DigitalOceanSim(const DigitalOceanSim &) = delete;
    DigitalOceanSim &operator=(const DigitalOceanSim &) = delete;

    bool start(std::string *error); // binds and serves on a background thread; returns when listening
    void stop();
    std::string url() const; // "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT" (API is under /v2)
    std::string token() const;
    std::string caCertificatePem() const;    // PEM of the generated CA (tls only)
    void setFaults(const FaultSpec &faults); // thread-safe; next request on
    FaultSpec faults() const;
    // Inspection and control for tests (thread-safe):
    std::size_t dropletCount() const;
    std::optional<std::string> dropletStatus(std::int64_t id) const; // "new", "active", "off", "archive"
    std::vector<std::int64_t> dropletIds() const;                    // in listing order
    std::uint64_t requestCount() const;                              // requests served (incl. faulted)
    int port() const;
    double generationSeconds() const; // time spent generating the fleet
    double serverSeconds() const;     // time spent inside handlers

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace nephele::sim
