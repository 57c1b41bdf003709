#pragma once

// For integration tests: waits (running the event loop) for a driver's future and gives its
// result, or a Timeout error when it does not finish in time.
#include "core/driver.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QSignalSpy>

namespace nephele::testing {

template<typename T>
drivers::Result<T> await(QFuture<drivers::Result<T>> future, int timeoutMs = 60'000)
{
    if (!future.isFinished()) {
        QFutureWatcher<drivers::Result<T>> watcher;
        QSignalSpy spy(&watcher, &QFutureWatcherBase::finished);
        watcher.setFuture(future);
        if (!future.isFinished() && !spy.wait(timeoutMs))
            return drivers::fail(drivers::ErrorKind::Timeout, QStringLiteral("test: the future did not finish"));
    }
    return future.result();
}

} // namespace nephele::testing
