#pragma once

#include "httpclient.h"
#include "poolwork.h"
#include "records.h"

#include <QFuture>
#include <QPromise>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <map>
#include <memory>

namespace nephele::drivers {

template<typename T>
using PageParser = Result<Page<T>> (*)(QByteArrayView body);

// Lists every page of a collection that is numbered (?page=N&per_page=M, as DigitalOcean and
// Hetzner do). The first page tells the total; the others are then fetched a few at a time, each
// body parsed on the thread pool, and the items joined in page order. A page whose body does not
// parse is fetched again, up to the retry policy's attempts, before the listing fails. Where the provider gives no
// total, the `next` links are followed one by one.
template<typename T>
class NumberedPageFetch final : public std::enable_shared_from_this<NumberedPageFetch<T>>
{
public:
    using PageUrl = std::function<QUrl(int page)>;

    static QFuture<Result<QList<T>>> run(HttpClient *client, const PageUrl &pageUrl, int perPage, PageParser<T> parser,
                                         int maxParallel, const QString &operation)
    {
        auto fetch = std::shared_ptr<NumberedPageFetch>(new NumberedPageFetch);
        fetch->m_client = client;
        fetch->m_pageUrl = pageUrl;
        fetch->m_perPage = std::max(1, perPage);
        fetch->m_parser = parser;
        fetch->m_maxParallel = std::max(1, maxParallel);
        fetch->m_operation = operation;
        fetch->m_promise.start();
        auto future = fetch->m_promise.future();
        fetch->request(1, fetch->m_pageUrl(1), 1);
        return future;
    }

private:
    NumberedPageFetch() = default;

    void request(int page, const QUrl &url, int parseAttempt)
    {
        ++m_inFlight;
        auto self = this->shared_from_this();
        HttpRequest req{"GET", url, {}, m_operation, true};
        m_client->send(req).then(m_client, [self, page, url, parseAttempt](Result<HttpResponse> response) {
            if (self->m_done)
                return;
            if (!response) {
                self->fail(response.error());
                return;
            }
            // The parsed page travels behind a shared pointer: a continuation receives a copy of the
            // future's value, and a copied list would have to deep-copy its records to be moved.
            runOnPoolFor(self->m_client, [parser = self->m_parser, body = std::move(response->body)] {
                return std::make_shared<Result<Page<T>>>(parser(body));
            }).then(self->m_client, [self, page, url, parseAttempt](std::shared_ptr<Result<Page<T>>> parsed) {
                self->onParsed(page, url, parseAttempt, std::move(*parsed));
            });
        });
    }

    void onParsed(int page, const QUrl &url, int parseAttempt, Result<Page<T>> parsed)
    {
        --m_inFlight;
        if (m_done)
            return;
        if (!parsed) {
            // A body that does not parse is usually a proxy's or a dropped connection's doing:
            // fetch it again, as often as the account's retry policy allows.
            if (parseAttempt < m_client->endpoint().retry.maxAttempts) {
                request(page, url, parseAttempt + 1);
                return;
            }
            Error error = parsed.error();
            fail(error.withContext(m_client->endpoint().accountName + QStringLiteral(": ") + m_operation));
            return;
        }
        if (page == 1) {
            if (parsed->total >= 0) {
                m_lastPage = int((parsed->total + m_perPage - 1) / m_perPage);
            } else {
                m_followLinks = true;
            }
            m_nextToRequest = 2;
        }
        QString next = parsed->nextUrl;
        m_pages.emplace(page, std::move(parsed->items));
        if (m_followLinks) {
            if (!next.isEmpty())
                request(page + 1, QUrl(next), 1);
        } else {
            while (m_inFlight < m_maxParallel && m_nextToRequest <= m_lastPage) {
                const int n = m_nextToRequest++;
                request(n, m_pageUrl(n), 1);
            }
        }
        if (m_inFlight == 0)
            complete();
    }

    void complete()
    {
        m_done = true;
        QList<T> all;
        qsizetype count = 0;
        for (const auto &[n, items] : m_pages)
            count += items.size();
        all.reserve(count);
        for (auto &[n, items] : m_pages)
            all.append(std::move(items));
        m_pages.clear();
        m_promise.addResult(Result<QList<T>>(std::move(all)));
        m_promise.finish();
    }

    void fail(const Error &error)
    {
        m_done = true;
        m_promise.addResult(Result<QList<T>>(nephele::Unexpected(error)));
        m_promise.finish();
    }

    HttpClient *m_client = nullptr;
    PageUrl m_pageUrl;
    int m_perPage = 1;
    PageParser<T> m_parser = nullptr;
    int m_maxParallel = 1;
    QString m_operation;
    QPromise<Result<QList<T>>> m_promise;
    std::map<int, QList<T>> m_pages;
    int m_inFlight = 0;
    int m_nextToRequest = 2;
    int m_lastPage = 1;
    bool m_followLinks = false;
    bool m_done = false;
};

} // namespace nephele::drivers
