#pragma once

#include "core/records.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>
#include <vector>

namespace nephele::models {

// The status an account row shows. Set by the account's session; kept here so item models read
// one place.
enum class AccountStatus { Idle, Syncing, Ok, Error };

struct AccountInfo {
    QString id;
    QString name;
    QString provider;
    AccountStatus status = AccountStatus::Idle;
    QString errorSummary; // the Error's summary() when status == Error
    QString errorHint;
    QString errorDetails;  // the Error's fullText()
    QDateTime lastSuccess; // UTC
    bool stale = false;    // the machines shown are from an older listing
};

// Every machine of every account, keyed by (account id, machine id).
//
//   InventoryStore store;
//   store.addAccount({.id = "prod", .name = "Production", .provider = "digitalocean"});
//   store.mergeListing("prod", machines);  // emits inserted/removed/changed, never a reset
//
// Machines live in slots that never move while the machine exists, so item models can key their
// rows on a slot. Slots of removed machines are reused. No per-machine QObject or allocation
// beyond the record itself: this is the shape that scales to millions of rows later.
class InventoryStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryStore)

public:
    using Slot = quint32;

    struct MergeStats {
        int inserted = 0;
        int removed = 0;
        int changed = 0;
        int unchanged = 0;
    };

    explicit InventoryStore(QObject *parent = nullptr);
    ~InventoryStore() override;

    // Accounts, in the order they were added.
    void addAccount(const AccountInfo &info);
    void removeAccount(const QString &accountId);
    QStringList accountIds() const { return m_accountOrder; }
    const AccountInfo *account(const QString &accountId) const;
    void setAccountStatus(const QString &accountId, AccountStatus status, const QString &errorSummary = {},
                          const QString &errorHint = {}, const QString &errorDetails = {});

    // Replaces the account's machines with `listing`, emitting only the difference. Machines
    // already known keep their slot and their place.
    MergeStats mergeListing(const QString &accountId, const QList<drivers::Machine> &listing);
    // A listing failed: the last good machines stay, marked stale.
    void markStale(const QString &accountId);

    const drivers::Machine &machine(Slot slot) const { return m_slots[slot]->machine; }
    const QString &accountOf(Slot slot) const { return m_slots[slot]->accountId; }
    // Position in the stable order: smaller was seen first.
    quint64 orderOf(Slot slot) const { return m_slots[slot]->order; }
    bool isValid(Slot slot) const { return slot < m_slots.size() && m_slots[slot].has_value(); }
    std::optional<Slot> find(const QString &accountId, const QString &machineId) const;
    // The account's machines in stable order (first seen first).
    QList<Slot> machinesOf(const QString &accountId) const;
    qsizetype machineCount(const QString &accountId) const;
    qsizetype totalMachineCount() const { return m_live; }
    double monthlyCost(const QString &accountId) const;

Q_SIGNALS:
    void accountAdded(const QString &accountId);
    void accountAboutToBeRemoved(const QString &accountId);
    void accountRemoved(const QString &accountId);
    void accountChanged(const QString &accountId);
    // The slots are readable from machinesInserted on.
    void machinesAboutToBeInserted(const QString &accountId, qsizetype count);
    void machinesInserted(const QString &accountId, const QList<quint32> &slots);
    // The slots are still readable during machinesAboutToBeRemoved, and gone at machinesRemoved.
    void machinesAboutToBeRemoved(const QString &accountId, const QList<quint32> &slots);
    void machinesRemoved(const QString &accountId, const QList<quint32> &slots);
    void machinesChanged(const QString &accountId, const QList<quint32> &slots);

private:
    struct Entry {
        QString accountId;
        drivers::Machine machine;
        quint64 order = 0; // first-seen sequence, for the stable order
    };
    struct AccountData {
        AccountInfo info;
        QHash<QString, Slot> byMachineId;
    };

    Slot allocate(Entry entry);
    void release(Slot slot);

    std::vector<std::optional<Entry>> m_slots;
    std::vector<Slot> m_free;
    QHash<QString, AccountData> m_accounts;
    QStringList m_accountOrder;
    quint64 m_nextOrder = 0;
    qsizetype m_live = 0;
};

} // namespace nephele::models
