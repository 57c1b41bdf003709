#include "leasewatcher.h"

#include "governedactions.h"
#include "inventory/inventorystore.h"
#include "sync/accountsession.h"

#include <QCoreApplication>

#include <algorithm>

namespace nephele::models::provisioning {

namespace {

struct LeaseText {
    Q_DECLARE_TR_FUNCTIONS(nephele::models::provisioning::LeaseWatcher)
};

} // namespace

LeaseWatcher::LeaseWatcher(InventoryStore *store, GovernedActions *actions, SessionLookup sessions, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_actions(actions)
    , m_sessions(std::move(sessions))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_timer.setInterval(60'000);
    connect(&m_timer, &QTimer::timeout, this, &LeaseWatcher::check);
    m_soon.setSingleShot(true);
    m_soon.setInterval(0);
    connect(&m_soon, &QTimer::timeout, this, &LeaseWatcher::check);
}

void LeaseWatcher::setInterval(int ms)
{
    m_timer.setInterval(ms);
}

void LeaseWatcher::start()
{
    connect(m_store, &InventoryStore::inventoryChanged, &m_soon, qOverload<>(&QTimer::start), Qt::UniqueConnection);
    m_timer.start();
    check();
}

void LeaseWatcher::stop()
{
    disconnect(m_store, &InventoryStore::inventoryChanged, &m_soon, nullptr);
    m_timer.stop();
    m_soon.stop();
}

QString LeaseWatcher::key(const Notice &n) const
{
    // A lease moved to a new date is a new lease: warned about and acted on afresh.
    return n.accountId + u'\x1f' + n.machineId + u'\x1f' + leaseTimeText(n.lease.expiresAt);
}

void LeaseWatcher::check()
{
    const QDateTime now = m_clock().toUTC();
    for (const QString &accountId : m_store->accountIds()) {
        const AccountInfo *info = m_store->account(accountId);
        if (!info)
            continue;
        for (const InventoryStore::Slot slot : m_store->machinesOf(accountId)) {
            // Most machines have no lease: look at the tag keys before decoding the record.
            const auto &tags = m_store->tags(slot);
            const bool leased = std::any_of(tags.begin(), tags.end(), [this](const auto &tag) {
                const QString &k = m_store->symbol(tag.first);
                return k == kExpiresTag || k == u"expiration" || k == u"expires-at";
            });
            if (!leased)
                continue;
            const drivers::Machine machine = m_store->machine(slot);
            const std::optional<Lease> lease = leaseFromTags(machine.tags);
            if (!lease)
                continue;
            Notice notice{accountId, info->name, machine.id, machine.name, *lease};
            const QString k = key(notice);
            if (now < lease->expiresAt) {
                const policy::PolicyDuration before = lease->notify.value_or(m_defaultNotice);
                if (now >= before.before(lease->expiresAt) && !m_warned.contains(k)) {
                    m_warned.insert(k);
                    Q_EMIT expiringSoon(notice);
                }
                continue;
            }
            if (m_acted.contains(k))
                continue;
            const bool destroy = lease->action == u"destroy";
            const bool stop = lease->action == u"stop";
            if (!destroy && !stop) {
                // Not ours to act on: say it once.
                if (!m_warned.contains(k)) {
                    m_warned.insert(k);
                    Q_EMIT expiringSoon(notice);
                }
                continue;
            }
            if (info->stale || info->disabled || machine.locked || machine.state == drivers::MachineState::Pending)
                continue; // look again once a fresh listing shows it settled
            if (machine.state == drivers::MachineState::Terminated ||
                (stop && machine.state != drivers::MachineState::Running)) {
                m_acted.insert(k); // nothing left to do
                continue;
            }
            AccountSession *session = m_sessions ? m_sessions(accountId) : nullptr;
            if (!session || !session->driver() || !m_actions)
                continue;
            const drivers::MachineAction action =
                destroy ? drivers::MachineAction::Destroy : drivers::MachineAction::Stop;
            if (!session->capabilities() || !session->capabilities()->supports(action))
                continue;
            m_acted.insert(k);
            const QString why =
                LeaseText::tr("The lease of %1 ended at %2 (tag %3); its action is %4")
                    .arg(machine.name, lease->expiresAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                         kExpiresTag + u':' + leaseTimeText(lease->expiresAt), lease->action);
            m_actions->runRequired(QLatin1String(kActor), session, action, {accountId, machine.id, machine.name}, why);
            Q_EMIT expired(notice, lease->action);
        }
    }
}

} // namespace nephele::models::provisioning
