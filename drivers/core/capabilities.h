#pragma once

#include "records.h"

#include <QString>

namespace nephele::drivers {

// What a provider can do, so views offer only what works. One table per provider, kept in its
// driver folder; the views and the policy engine read it, never the provider's name.
struct Capabilities {
    QString provider;     // "digitalocean"
    QString displayName;  // "DigitalOcean"
    QString tokenHelpUrl; // where the user creates a token
    bool listMachines = true;
    bool createMachine = false;
    bool start = false;
    bool stop = false;
    bool shutdown = false;
    bool reboot = false;
    bool powerCycle = false;
    bool rename = false;
    bool resize = false;
    bool snapshot = false;
    bool destroy = false;
    bool cordon = false;        // cluster nodes: cordon and uncordon
    bool containerLogs = false; // a pod's container logs (tail, follow)
    bool containerExec = false; // a command, or a shell, in a container
    bool volumes = false;
    bool sshKeys = false;
    bool tags = false;
    bool networks = false;
    bool userData = false;
    bool backups = false;
    bool monitoring = false;
    // Billing: does a stopped machine still cost its full price? (DigitalOcean: yes.)
    bool stoppedMachinesBilled = true;
    bool hasPriceApi = false;
    int maxPageSize = 0;

    bool supports(MachineAction action) const;
    // The same for one kind of machine: a cluster's nodes are cordoned, not destroyed; its pods are
    // deleted, not stopped; containers have no actions of their own.
    bool supports(MachineAction action, MachineKind kind) const;
};

} // namespace nephele::drivers
