#pragma once

#include "core/records.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace nephele::cli {

// A machine with the account it came from, as the CLI prints it. The machine is owned by the
// account's listing, which outlives the output.
struct ListedMachine {
    QString account;
    QString provider;
    const drivers::Machine *machine = nullptr;
};

enum class OutputFormat { Json, Table, Csv };

std::optional<OutputFormat> outputFormatFromName(const QString &name);

// JSON: an array of objects with id, name, kind, state, account, provider, location, size,
// public_ips, private_ips, tags (object), parent, cost_monthly, cost_hourly, currency, image,
// created. Table: aligned columns for a terminal. CSV: RFC 4180.
QByteArray formatMachines(const QList<ListedMachine> &machines, OutputFormat format);

} // namespace nephele::cli
