#include "digitaloceandriver.h"

namespace nephele::drivers::digitalocean {

const Capabilities &capabilities()
{
    static const Capabilities table = [] {
        Capabilities c;
        c.provider = QStringLiteral("digitalocean");
        c.displayName = QStringLiteral("DigitalOcean");
        c.tokenHelpUrl = QStringLiteral("https://cloud.digitalocean.com/account/api/tokens");
        c.createMachine = c.start = c.stop = c.shutdown = c.reboot = c.powerCycle = true;
        c.rename = c.resize = c.snapshot = c.destroy = true;
        c.volumes = c.sshKeys = c.tags = c.networks = c.userData = c.backups = c.monitoring = true;
        // A powered-off droplet keeps its disk, IPs and resources reserved and is billed in full.
        c.stoppedMachinesBilled = true;
        c.hasPriceApi = true;
        c.maxPageSize = kMaxPerPage;
        return c;
    }();
    return table;
}

} // namespace nephele::drivers::digitalocean
