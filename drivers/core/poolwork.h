#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <type_traits>

namespace nephele {

// Runs `work` on the global thread pool and gives its result as a future that finishes on
// `context`'s thread, or is cancelled there if `context` goes first.
//
//   runOnPoolFor(this, [body] { return parse(body); }).then(this, [this](const Parsed &p) { ... });
//
// Why not QtConcurrent::run(work).then(context, done): in Qt 6.4 that continuation runs on the
// pool thread, checks a QPointer to `context`, then posts to it; `context` can be destroyed in
// between, and the post then writes into freed memory (seen as rare crashes when a session closed
// with a request in flight). A QFutureWatcher owned by `context` detaches from the future under the
// future's own lock, so nothing reaches a destroyed context, and continuations attached to the
// future returned here are started on `context`'s thread.
template<typename Work>
auto runOnPoolFor(QObject *context, Work &&work) -> QFuture<std::invoke_result_t<std::decay_t<Work>>>
{
    using Result = std::invoke_result_t<std::decay_t<Work>>;
    auto promise = std::make_shared<QPromise<Result>>();
    QFuture<Result> out = promise->future();
    promise->start();
    auto *watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, promise] {
        watcher->deleteLater();
        if constexpr (!std::is_void_v<Result>) {
            if (watcher->future().resultCount() > 0)
                promise->addResult(watcher->future().takeResult());
        }
        promise->finish();
    });
    watcher->setFuture(QtConcurrent::run(std::forward<Work>(work)));
    return out; // a watcher destroyed with `context` drops the promise: the future is cancelled
}

} // namespace nephele
