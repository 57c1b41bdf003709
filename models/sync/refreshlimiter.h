#pragma once

#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>

namespace nephele::models {

// A bound on the listings that run at once across accounts, so that opening the console on
// fifty accounts does not fire fifty listings (and trip fifty rate limits) in the same second.
// Waiting listings start in the order they asked.
//
//   RefreshLimiter limiter(4);
//   limiter.acquire(session, [session] { session->startListing(); });
//   ...                                  // when the listing is done:
//   limiter.release();
class RefreshLimiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RefreshLimiter)

public:
    explicit RefreshLimiter(int maxRunning = 4, QObject *parent = nullptr)
        : QObject(parent)
        , m_max(maxRunning)
    {}

    // Runs `start` now if a place is free, else when one is; dropped if `owner` is gone by then.
    void acquire(QObject *owner, std::function<void()> start)
    {
        if (m_running < m_max) {
            ++m_running;
            start();
            return;
        }
        m_waiting.push_back({QPointer<QObject>(owner), std::move(start)});
    }
    void release()
    {
        if (m_running > 0)
            --m_running;
        while (m_running < m_max && !m_waiting.empty()) {
            Waiting next = std::move(m_waiting.front());
            m_waiting.pop_front();
            if (!next.owner)
                continue;
            ++m_running;
            next.start();
        }
    }
    // A waiting owner that no longer wants its place (disabled, destroyed).
    void cancel(QObject *owner)
    {
        std::erase_if(m_waiting, [owner](const Waiting &w) { return w.owner == owner || !w.owner; });
    }
    int running() const { return m_running; }
    int waiting() const { return int(m_waiting.size()); }
    int maxRunning() const { return m_max; }

private:
    struct Waiting {
        QPointer<QObject> owner;
        std::function<void()> start;
    };
    int m_max;
    int m_running = 0;
    std::deque<Waiting> m_waiting;
};

} // namespace nephele::models
