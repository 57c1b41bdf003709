#pragma once

// A small DigitalOcean-like catalog and policies shared by the provisioning tests.

#include "core/records.h"
#include "policy/policy.h"
#include "policy/policyengine.h"
#include "provisioning/provisionrequest.h"

#include <QByteArray>
#include <QDateTime>

#include <memory>

namespace nephele::testdata {

inline drivers::Size size(const char *id, const char *name, int vcpus, int memoryMb, int diskGb, double monthly)
{
    drivers::Size s;
    s.id = QLatin1String(id);
    s.name = QLatin1String(name);
    s.vcpus = vcpus;
    s.memoryMb = memoryMb;
    s.diskGb = diskGb;
    s.priceMonthly = monthly;
    s.locations = {QStringLiteral("nyc3"), QStringLiteral("ams3")};
    return s;
}

inline drivers::Catalog catalog()
{
    drivers::Catalog c;
    c.sizes = {size("s-1vcpu-1gb", "Basic", 1, 1024, 25, 6), size("s-2vcpu-4gb", "Basic", 2, 4096, 80, 24),
               size("c-2", "CPU-Optimized", 2, 4096, 25, 42), size("s-8vcpu-16gb", "Basic", 8, 16384, 320, 96)};
    drivers::Size amsOnly = size("m-2vcpu-16gb", "Memory-Optimized", 2, 16384, 50, 84);
    amsOnly.locations = {QStringLiteral("ams3")};
    c.sizes << amsOnly;

    drivers::Location nyc3;
    nyc3.id = QStringLiteral("nyc3");
    nyc3.name = QStringLiteral("New York 3");
    drivers::Location ams3;
    ams3.id = QStringLiteral("ams3");
    ams3.name = QStringLiteral("Amsterdam 3");
    drivers::Location nyc2;
    nyc2.id = QStringLiteral("nyc2");
    nyc2.name = QStringLiteral("New York 2");
    nyc2.available = false;
    c.locations = {nyc3, ams3, nyc2};

    drivers::Image ubuntu;
    ubuntu.id = QStringLiteral("129211873");
    ubuntu.slug = QStringLiteral("ubuntu-22-04-x64");
    ubuntu.name = QStringLiteral("22.04 (LTS) x64");
    ubuntu.distribution = QStringLiteral("Ubuntu");
    ubuntu.type = QStringLiteral("distribution");
    ubuntu.minDiskGb = 7;
    ubuntu.locations = {QStringLiteral("nyc3"), QStringLiteral("ams3")};
    drivers::Image big;
    big.id = QStringLiteral("154183436");
    big.slug = QStringLiteral("wordpress-20-04");
    big.name = QStringLiteral("WordPress 6.4 on Ubuntu 22.04");
    big.type = QStringLiteral("application");
    big.minDiskGb = 50;
    big.locations = {QStringLiteral("nyc3")};
    c.images = {ubuntu, big};

    drivers::SshKey key;
    key.id = QStringLiteral("41000001");
    key.name = QStringLiteral("alice@laptop");
    key.fingerprint = QStringLiteral("SHA256:abc");
    c.keys = {key};

    drivers::Network vpcNyc;
    vpcNyc.id = QStringLiteral("vpc-nyc3");
    vpcNyc.name = QStringLiteral("default-nyc3");
    vpcNyc.location = QStringLiteral("nyc3");
    drivers::Network vpcAms;
    vpcAms.id = QStringLiteral("vpc-ams3");
    vpcAms.name = QStringLiteral("default-ams3");
    vpcAms.location = QStringLiteral("ams3");
    c.networks = {vpcNyc, vpcAms};
    return c;
}

inline drivers::Capabilities digitalOceanLike()
{
    drivers::Capabilities c;
    c.provider = QStringLiteral("digitalocean");
    c.displayName = QStringLiteral("DigitalOcean");
    c.createMachine = c.start = c.stop = c.reboot = c.destroy = true;
    c.volumes = c.sshKeys = c.tags = c.networks = c.userData = c.backups = c.monitoring = true;
    return c;
}

// Team Developers (ann) may create machines on do-dev tagged team=dev, within a $450 team quota,
// with leases of at most 30 days, without "optimized" sizes, monitoring forced on and IPv6 hidden.
inline QByteArray developersPolicy()
{
    return R"({"teams": [
      {"name": "Owners", "members": ["root@acme.example"], "policy": {"operator": "ALLOW", "rules": []}},
      {"name": "Developers", "members": ["ann@acme.example"], "policy": {"operator": "DENY", "rules": [
        {"operator": "ALLOW", "action": "create_resources", "rtype": "cloud", "rid": "do-dev"},
        {"operator": "ALLOW", "action": "create_resources", "rtype": "location"},
        {"operator": "DENY", "action": "destroy", "rtype": "machine", "rtags": {"env": "prod"}},
        {"operator": "ALLOW", "action": "create", "rtype": "machine", "rtags": {"team": "dev"},
         "constraints": {
           "cost": {"max_team_run_rate": 450},
           "expiration": {"max": "30d", "default": "7d",
                          "actions": {"available": ["destroy", "stop"], "default": "destroy"},
                          "notify": {"default": "1d", "require": true, "msg": "Ask #infra for more time."}},
           "size": {"not_allowed": ["optimized"]},
           "field": [{"cloud": "ALL", "name": "monitoring", "value": true, "show": false},
                     {"cloud": "do-dev", "name": "ipv6", "show": false},
                     {"cloud": "ALL", "name": "cloud_init", "value": "#cloud-config\n", "show": true}]
         }},
        {"operator": "ALLOW", "action": "", "rtype": "machine", "rtags": {"team": "dev"}}
      ]}}
    ]})";
}

inline std::shared_ptr<const models::policy::PolicyEngine> engine(const QByteArray &json)
{
    auto parsed = models::policy::parsePolicy(json);
    if (!parsed)
        return nullptr;
    return std::make_shared<const models::policy::PolicyEngine>(*parsed);
}

inline QDateTime now()
{
    return QDateTime(QDate(2025, 3, 10), QTime(9, 0), Qt::UTC);
}

inline models::provisioning::ProvisionContext context(std::shared_ptr<const models::policy::PolicyEngine> policy = {})
{
    models::provisioning::ProvisionContext c;
    c.accountId = QStringLiteral("do-dev");
    c.accountName = QStringLiteral("Dev");
    c.capabilities = digitalOceanLike();
    c.catalog = catalog();
    drivers::Volume free;
    free.id = QStringLiteral("vol-free");
    free.name = QStringLiteral("data");
    free.location = QStringLiteral("nyc3");
    free.sizeGb = 100;
    drivers::Volume used = free;
    used.id = QStringLiteral("vol-used");
    used.name = QStringLiteral("used");
    used.machineIds = {QStringLiteral("7")};
    c.volumes = {free, used};
    c.engine = std::move(policy);
    c.user = {QStringLiteral("ann@acme.example"), {}};
    c.rates.team = 420;
    c.rates.total = 1500;
    c.rates.account = 300;
    c.rates.teamName = QStringLiteral("Developers");
    c.now = now();
    c.existingNames = {QStringLiteral("web-1")};
    return c;
}

// A request that passes every check of context() under developersPolicy().
inline models::provisioning::ProvisionRequest validRequest()
{
    models::provisioning::ProvisionRequest r;
    r.accountId = QStringLiteral("do-dev");
    r.location = QStringLiteral("nyc3");
    r.imageId = QStringLiteral("129211873");
    r.sizeId = QStringLiteral("s-1vcpu-1gb");
    r.name = QStringLiteral("api");
    r.keyIds = {QStringLiteral("41000001")};
    r.monitoring = true;
    r.expiration.at = now().addDays(7);
    r.expiration.action = QStringLiteral("destroy");
    r.expiration.notifyBefore = models::policy::PolicyDuration(1, models::policy::PolicyDuration::Unit::Days);
    return r;
}

} // namespace nephele::testdata
