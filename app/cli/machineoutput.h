#pragma once

#include "core/records.h"
#include "cost/costresolver.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace nephele::cli {

// A machine with the account it came from, as the CLI prints it. The machine is owned by the
// account's listing, which outlives the output.
struct ListedMachine {
    QString account; // its name
    QString provider;
    QString accountId;
    const drivers::Machine *machine = nullptr;
    models::cost::MachineCost cost; // the console's resolution (catalog > tags > provider > rates)
};

enum class OutputFormat { Json, Table, Csv };

std::optional<OutputFormat> outputFormatFromName(const QString &name);

// JSON: an array of objects with id, name, kind, state, account, provider, location, size,
// public_ips, private_ips, tags (object), parent, cost_monthly, cost_hourly, currency, cost_source,
// image, created. Costs are the resolved ones (null when no source has a price; 0 when the
// provider does not bill the machine in its state). Table: aligned columns for a terminal. CSV:
// RFC 4180.
QByteArray formatMachines(const QList<ListedMachine> &machines, OutputFormat format);

} // namespace nephele::cli
