#pragma once

#include "core/expected.h"
#include "ssh/sshtypes.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

// How to log in to a machine over SSH: the user, port and key to use, remembered per machine
// (Mist's key associations) with an optional default per account. Never a secret: a key is named
// by its file path or by the name of a keychain entry that holds it.
//
//   MachineAccessStore store(MachineAccessStore::defaultFilePath());
//   store.load();
//   store.setAccountDefault(QStringLiteral("prod"), {.user = QStringLiteral("admin")});
//   const MachineAccess access = store.resolve(accountId, machineId);     // machine over account
//   const QString address = chooseAddress(machine.publicIps, machine.privateIps);
//   SshConnectOptions options = connectOptions(access, address);
namespace nephele::models {

struct MachineAccess {
    QString user;
    quint16 port = 0;       // 0: the ssh config's Port, else 22
    QString keyFile;        // a private key file
    QString keychainEntry;  // or the name of a keychain entry holding a private key
    QString host;           // an address that wins over the machine's own (a bastion-less tunnel, the demo)
    QString knownHostsFile; // a known_hosts file of its own; empty: the user's

    bool isEmpty() const
    {
        return user.isEmpty() && port == 0 && keyFile.isEmpty() && keychainEntry.isEmpty() && host.isEmpty() &&
               knownHostsFile.isEmpty();
    }
    // Fields set here win; the others come from `fallback`.
    MachineAccess over(const MachineAccess &fallback) const;
    friend bool operator==(const MachineAccess &, const MachineAccess &) = default;
};

// The address to reach a machine at: the first public IP (the driver lists IPv4 first), else the
// first private one, else empty.
QString chooseAddress(const QStringList &publicIps, const QStringList &privateIps);

// SSH options for `access` at `address` (access.host wins when set).
ssh::SshConnectOptions connectOptions(const MachineAccess &access, const QString &address);

class MachineAccessStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MachineAccessStore)

public:
    // filePath empty: kept in memory only (the demo, tests).
    explicit MachineAccessStore(QString filePath = {}, QObject *parent = nullptr);

    // machine-access.json next to accounts.json in the XDG config folder.
    static QString defaultFilePath();
    QString filePath() const { return m_filePath; }
    bool isPersistent() const { return !m_filePath.isEmpty(); }

    // Reads the file; a missing file is an empty store. On error the store stays empty.
    Expected<void, QString> load();

    std::optional<MachineAccess> machineAccess(const QString &accountId, const QString &machineId) const;
    std::optional<MachineAccess> accountDefault(const QString &accountId) const;
    // The machine's own settings over its account's default.
    MachineAccess resolve(const QString &accountId, const QString &machineId) const;
    // Whether anything says which user to log in as, for this machine.
    bool knowsUser(const QString &accountId, const QString &machineId) const
    {
        return !resolve(accountId, machineId).user.isEmpty();
    }

    // Each change is written at once (atomically); on a write error nothing changes.
    Expected<void, QString> setMachineAccess(const QString &accountId, const QString &machineId,
                                             const MachineAccess &access);
    Expected<void, QString> setAccountDefault(const QString &accountId, const MachineAccess &access);
    Expected<void, QString> forgetMachine(const QString &accountId, const QString &machineId);
    Expected<void, QString> forgetAccount(const QString &accountId);

    QByteArray toJson() const;

Q_SIGNALS:
    void changed();

private:
    using Table = QHash<QString, MachineAccess>; // key: accountId + '\n' + machineId ('' for the default)
    Expected<void, QString> commit(Table next);
    static QString key(const QString &accountId, const QString &machineId);

    QString m_filePath;
    Table m_entries;
};

} // namespace nephele::models
