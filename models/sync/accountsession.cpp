#include "accountsession.h"

#include "core/machinewatch.h"
#include "core/poolwork.h"
#include "driverfactory.h"

#include <QElapsedTimer>
#include <QFuture>

#include <algorithm>
#include <climits>

namespace nephele::models {

using namespace nephele::drivers;

AccountSession::AccountSession(const AccountInfo &info, std::unique_ptr<Driver> driver, InventoryStore *store,
                               QObject *parent)
    : QObject(parent)
    , m_info(info)
    , m_driver(std::move(driver))
    , m_store(store)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AccountSession::refresh);
    m_usageTimer.setSingleShot(true);
    connect(&m_usageTimer, &QTimer::timeout, this, &AccountSession::pollUsage);
    // A timer, not a posted call: Qt runs timers once the window's other events are handled, so
    // slices of watch work never queue up ahead of input, painting and other timers.
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(0);
    m_applyTimer.setObjectName(QStringLiteral("watchSlices"));
    connect(&m_applyTimer, &QTimer::timeout, this, &AccountSession::applyPendingEvents);
    m_store->addAccount(m_info);
}

AccountSession::AccountSession(const AccountInfo &info, const Error &error, InventoryStore *store, QObject *parent)
    : AccountSession(info, std::unique_ptr<Driver>(), store, parent)
{
    m_lastError = error;
    m_setupError = error;
    setStatus(AccountStatus::Error);
}

AccountSession *AccountSession::create(const AccountInfo &info, const AccountEndpoint &endpoint,
                                       QNetworkAccessManager *network, InventoryStore *store, QObject *parent)
{
    std::unique_ptr<Driver> driver = createDriver(info.provider, endpoint, network);
    if (!driver) {
        Error error;
        error.kind = ErrorKind::Unsupported;
        error.message = tr("This build of Nephele does not know the provider \"%1\".").arg(info.provider);
        error.context = info.name;
        return new AccountSession(info, error, store, parent);
    }
    return new AccountSession(info, std::move(driver), store, parent);
}

QFuture<Result<QString>> AccountSession::testConnection(const QString &provider, const AccountEndpoint &endpoint,
                                                        QNetworkAccessManager *network, QObject *context)
{
    std::shared_ptr<Driver> driver(createDriver(provider, endpoint, network).release(), [](Driver *d) {
        if (d)
            d->deleteLater();
    });
    if (!driver) {
        return QtFuture::makeReadyFuture(
            Result<QString>(fail(ErrorKind::Unsupported, tr("Unknown provider \"%1\".").arg(provider))));
    }
    // The continuation keeps the driver alive until its answer is in.
    return driver->testConnection().then(context, [driver](const Result<QString> &result) { return result; });
}

AccountSession::~AccountSession()
{
    // The driver fails its pending requests as it goes; those late answers must not reach the
    // store (or the views over it) from a session being torn down.
    m_closing = true;
    m_timer.stop();
    m_usageTimer.stop();
    if (m_limiter) {
        m_limiter->cancel(this);
        if (m_holdsPlace)
            m_limiter->release();
    }
    m_driver.reset();
}

const Capabilities *AccountSession::capabilities() const
{
    return m_driver ? &m_driver->capabilities() : nullptr;
}

void AccountSession::setSchedule(const PollSchedule &schedule)
{
    m_schedule = schedule;
    if (m_timer.isActive())
        scheduleNext();
}

int AccountSession::nextPollInMs() const
{
    return m_timer.isActive() ? m_timer.remainingTime() : -1;
}

void AccountSession::setEnabled(bool enabled)
{
    if (enabled == m_enabled || m_closing)
        return;
    m_enabled = enabled;
    m_store->setAccountDisabled(m_info.id, !enabled);
    if (!enabled) {
        if (auto *watch = dynamic_cast<MachineWatch *>(m_driver.get()); watch && m_watching)
            watch->stopWatch();
        m_watching = false;
        m_pendingEvents.clear();
        dropRelisted();
        m_timer.stop();
        m_usageTimer.stop();
        m_store->setAccountSchedule(m_info.id, {});
        m_refreshAgain = false;
        m_store->markStale(m_info.id);
        m_lastError = Error{ErrorKind::Config,
                            tr("Disabled: not polled; the machines shown are the last ones listed. Enable the "
                               "account to list it again."),
                            {},
                            {},
                            {},
                            0};
        setStatus(AccountStatus::Error);
        return;
    }
    m_failures = 0;
    m_lastError = m_setupError;
    if (m_setupError) {
        setStatus(AccountStatus::Error);
        return;
    }
    setStatus(AccountStatus::Idle);
    refresh();
}

void AccountSession::setAccountName(const QString &name)
{
    m_info.name = name;
    m_store->addAccount(m_info); // known id: renames the row
}

void AccountSession::start()
{
    refresh();
}

void AccountSession::retry()
{
    m_failures = 0;
    refresh();
}

void AccountSession::refresh()
{
    if (!m_driver || m_closing || !m_enabled)
        return;
    if (m_listing) {
        m_refreshAgain = true;
        return;
    }
    m_timer.stop();
    m_store->setAccountSchedule(m_info.id, {});
    m_listing = true;
    // The account row says "syncing" until a first listing lands or while recovering from an
    // error; routine polls of a healthy account do not flicker it.
    if (m_status != AccountStatus::Ok)
        setStatus(AccountStatus::Syncing);
    if (m_limiter)
        m_limiter->acquire(this, [this] { startListing(); });
    else
        startListing();
}

void AccountSession::startListing()
{
    if (m_closing || !m_enabled || !m_driver) {
        if (m_limiter)
            m_limiter->release();
        m_listing = false;
        return;
    }
    m_holdsPlace = m_limiter != nullptr;
    // The listing lands page by page, so a big account is never held twice and its first rows
    // show at once. Fingerprinting a page takes a while: off the GUI thread, so that merging it
    // there only compares numbers. Pages are merged in the order they came, the end after them.
    struct Listed {
        QList<Machine> machines;
        std::vector<quint64> prints;
    };
    m_store->beginListing(m_info.id);
    auto merged = std::make_shared<QFuture<void>>(QtFuture::makeReadyFuture());
    m_driver
        ->listMachinePages([this, merged](QList<Machine> page) {
            // Fingerprinted once the page before it is merged: one page at a time on the pool,
            // beside the parsing, and never more than one held twice.
            *merged = merged
                          ->then(this,
                                 [this, page = std::move(page)]() mutable {
                                     return runOnPoolFor(this, [page = std::move(page)]() mutable {
                                         Listed listed{std::move(page), {}};
                                         listed.prints = InventoryStore::fingerprints(listed.machines);
                                         return listed;
                                     });
                                 })
                          .unwrap()
                          .then(this, [this](const Listed &listed) { onPage(listed.machines, listed.prints); });
        })
        .then(this, [this, merged](
                        const Result<qsizetype> &result) { merged->then(this, [this, result] { onListing(result); }); })
        .onCanceled(this, [this] {
            onListing(nephele::Unexpected(
                Error{ErrorKind::Cancelled, tr("The listing was cancelled."), {}, {}, m_info.name, 0}));
        });
}

void AccountSession::showCached(const QList<Machine> &machines)
{
    if (m_lastSuccess.isValid() || m_closing || m_store->isListing(m_info.id))
        return; // a live listing landed or is landing: it is newer
    m_store->mergeListing(m_info.id, machines);
    m_store->markStale(m_info.id);
}

void AccountSession::onPage(const QList<Machine> &page, const std::vector<quint64> &prints)
{
    if (m_closing || !m_enabled || !m_store->isListing(m_info.id))
        return;
    const InventoryStore::MergeStats stats = m_store->addListingPage(m_info.id, page, prints);
    if (m_cache && !stats.upserted.isEmpty())
        m_cache->save(m_info.id, page, stats.upserted, {});
}

void AccountSession::onListing(const Result<qsizetype> &result)
{
    m_listing = false;
    if (m_holdsPlace) {
        m_holdsPlace = false;
        if (m_limiter)
            m_limiter->release();
    }
    if (m_closing || !m_enabled) {
        m_store->abandonListing(m_info.id);
        return; // disabled while it ran: the account shows what it had
    }
    if (result) {
        const InventoryStore::MergeStats stats = m_store->endListing(m_info.id);
        if (m_cache) // the pages were saved as they landed; now what went (or, never saved, the empty account)
            m_cache->save(m_info.id, {}, {}, stats.removedIds);
        m_failures = 0;
        m_lastError.reset();
        m_lastSuccess = QDateTime::currentDateTimeUtc();
        setStatus(AccountStatus::Ok);
        startWatching();
        if (!m_usageTimer.isActive() && !m_usageAsked)
            pollUsage();
    } else {
        // Errors never clear the last good inventory: the pages that landed are true, nothing goes.
        m_store->abandonListing(m_info.id);
        m_store->markStale(m_info.id);
        ++m_failures;
        m_lastError = result.error();
        setStatus(AccountStatus::Error);
    }
    Q_EMIT listingFinished(bool(result));
    if (m_refreshAgain) {
        m_refreshAgain = false;
        QTimer::singleShot(0, this, &AccountSession::refresh);
        return;
    }
    if (m_watching)
        return; // the watch keeps the account current: no polls while it holds
    scheduleNext();
}

// Usage (metrics-server) every 30 s while the account is enabled. A cluster without it is asked
// again every 10 minutes (it may be installed meanwhile); a provider that has no such thing, never.
void AccountSession::pollUsage()
{
    if (m_closing || !m_enabled || !m_driver || m_usageAsked)
        return;
    m_usageAsked = true;
    m_driver->fetchUsage().then(this, [this](const Result<QList<drivers::ResourceUsage>> &usage) {
        m_usageAsked = false;
        if (m_closing || !m_enabled)
            return;
        int nextMs = 30'000;
        if (usage) {
            m_store->setUsage(m_info.id, *usage);
        } else if (usage.error().kind == ErrorKind::Unsupported) {
            return;
        } else {
            if (usage.error().kind == ErrorKind::NotFound)
                nextMs = 600'000;
            m_store->setUsage(m_info.id, {}); // figures that can no longer be read are not shown as current
        }
        m_usageTimer.start(nextMs);
    });
}

// A watch under heavy churn brings thousands of events a second, in bursts: they are applied in
// slices of bounded time, one slice per turn of the event loop, so the window never stalls. A
// listing taken again by the watch goes first, in pages, as it is older than the events.
void AccountSession::applyPendingEvents()
{
    constexpr qsizetype kSlice = 500;
    constexpr qsizetype kPage = 1000;
    constexpr qint64 kBudgetMs = 8;
    if (m_closing || !m_enabled) {
        m_pendingEvents.clear();
        dropRelisted();
        return;
    }
    QElapsedTimer clock;
    clock.start();
    bool first = true;
    qsizetype done = 0;
    auto more = [&] { return std::exchange(first, false) || clock.elapsed() < kBudgetMs; };
    while (m_relisted && more()) {
        const qsizetype n = std::min(kPage, m_relisted->machines.size() - m_relisted->merged);
        if (n == 0) {
            m_relisted.reset();
            m_store->endListing(m_info.id);
            break;
        }
        const QList<Machine> page = m_relisted->machines.mid(m_relisted->merged, n);
        m_store->addListingPage(m_info.id, page, InventoryStore::fingerprints(page));
        m_relisted->merged += n;
    }
    while (!m_relisted && done < m_pendingEvents.size() && more()) {
        const qsizetype n = std::min(kSlice, m_pendingEvents.size() - done);
        QList<InventoryEvent> converted;
        converted.reserve(n);
        for (qsizetype i = done; i < done + n; ++i) {
            MachineEvent &e = m_pendingEvents[i];
            converted.append(
                {e.type == MachineEvent::Type::Delete ? InventoryEvent::Type::Delete : InventoryEvent::Type::Upsert,
                 std::move(e.machine)});
        }
        m_store->applyEvents(m_info.id, converted);
        done += n;
    }
    m_pendingEvents.remove(0, done);
    if (m_relisted || !m_pendingEvents.isEmpty())
        m_applyTimer.start();
}

// A listing taken again that has not landed whole: what landed stays, nothing is removed.
void AccountSession::dropRelisted()
{
    if (m_relisted) {
        m_relisted.reset();
        m_store->abandonListing(m_info.id);
    }
}

void AccountSession::startWatching()
{
    auto *watch = dynamic_cast<MachineWatch *>(m_driver.get());
    if (!watch || m_watching)
        return;
    m_watching = true;
    m_timer.stop();
    m_store->setAccountSchedule(m_info.id, {});
    MachineWatch::Handlers handlers;
    handlers.events = [this](const QList<MachineEvent> &events) {
        if (m_closing || !m_enabled)
            return;
        m_pendingEvents.append(events);
        if (!m_applyTimer.isActive())
            m_applyTimer.start();
    };
    handlers.relisted = [this](const QList<Machine> &machines) {
        if (m_closing || !m_enabled)
            return;
        m_pendingEvents.clear(); // older than the listing
        dropRelisted();          // a listing taken before, still landing: this one is newer
        m_store->beginListing(m_info.id);
        m_relisted = Relisted{machines, 0};
        if (!m_applyTimer.isActive())
            m_applyTimer.start();
        m_lastError.reset();
        m_lastSuccess = QDateTime::currentDateTimeUtc();
        setStatus(AccountStatus::Ok);
    };
    handlers.failed = [this](const Error &error) {
        if (m_closing || !m_enabled)
            return;
        m_store->markStale(m_info.id);
        m_lastError = error;
        setStatus(AccountStatus::Error);
    };
    handlers.recovered = [this] {
        if (m_closing || !m_enabled)
            return;
        m_lastError.reset();
        setStatus(AccountStatus::Ok);
    };
    watch->startWatch(std::move(handlers));
}

void AccountSession::setStatus(AccountStatus status)
{
    m_status = status;
    if (status == AccountStatus::Error && m_lastError) {
        m_store->setAccountStatus(m_info.id, status, m_lastError->summary(), m_lastError->hint(),
                                  m_lastError->fullText());
    } else {
        m_store->setAccountStatus(m_info.id, status);
    }
    Q_EMIT statusChanged();
}

void AccountSession::scheduleNext()
{
    if (!m_driver || !m_enabled)
        return;
    int interval = m_schedule.intervalMs;
    if (m_failures > 0) {
        const int shift = std::min(m_failures - 1, 16);
        interval = int(std::min<qint64>(qint64(m_schedule.backoffBaseMs) << shift, m_schedule.backoffMaxMs));
    } else if (m_burstClock.isValid() && m_burstClock.elapsed() < m_schedule.burstDurationMs) {
        interval = m_schedule.burstIntervalMs;
    }
    m_timer.start(interval);
    m_store->setAccountSchedule(m_info.id, QDateTime::currentDateTimeUtc().addMSecs(interval));
}

void AccountSession::startBurst()
{
    if (m_closing || !m_enabled)
        return;
    m_burstClock.start();
    if (!m_listing && m_failures == 0)
        m_timer.start(std::min(m_schedule.burstIntervalMs, m_timer.isActive() ? m_timer.remainingTime() : INT_MAX));
}

void AccountSession::runAction(MachineAction action, const QStringList &machineIds, const ActionArgs &args)
{
    if (!m_driver || !m_enabled)
        return;
    for (const QString &id : machineIds) {
        Job *job = m_driver->runAction(action, id, args);
        if (!job)
            continue;
        job->setParent(this);
        if (job->isFinished()) {
            // Failed before it began (e.g. refused locally): report it as it is.
            Q_EMIT jobStarted(job);
            job->deleteLater();
            continue;
        }
        connect(job, &Job::finished, this, [this, job] {
            job->deleteLater();
            // The provider has moved on: look now, then keep looking quickly for a while.
            startBurst();
            refresh();
        });
        Q_EMIT jobStarted(job);
    }
    startBurst();
}

} // namespace nephele::models
