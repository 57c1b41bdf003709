#pragma once

#include "core/expected.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <QThread>

namespace nephele::models::cost {

// One run rate at one moment: the total, an account, a team or a location, in one currency.
struct RateSample {
    QString series; // "total", "account:<id>", "team:<name>", "location:<slug>"
    QString currency;
    double hourly = 0;
    double monthly = 0;
    friend bool operator==(const RateSample &, const RateSample &) = default;
};

enum class HistoryResolution : quint8 { Raw = 0, Hourly = 1, Daily = 2 };

struct HistoryPoint {
    qint64 ms = 0; // UTC; compacted points sit at the start of their hour or day
    double monthly = 0;
    double hourly = 0;
    HistoryResolution resolution = HistoryResolution::Raw;
    quint32 samples = 1; // how many raw samples the point averages
    friend bool operator==(const HistoryPoint &, const HistoryPoint &) = default;
};

struct HistorySeriesKey {
    QString series;
    QString currency;
    friend bool operator==(const HistorySeriesKey &, const HistorySeriesKey &) = default;
};

// What was spent over a span, from the samples: each sample's hourly rate holds until the next.
struct Accrued {
    double amount = 0;
    qint64 firstSampleMs = 0; // 0: no sample at or before the span's start (the figure covers less)
};

// How long each resolution is kept: raw samples for a week, then hourly averages, then daily ones.
struct HistoryRetention {
    qint64 rawMs = qint64(7) * 24 * 3600 * 1000;
    qint64 hourlyMs = qint64(90) * 24 * 3600 * 1000;
};

// Run-rate samples over time, in SQLite (WAL), on the history's own thread: record() returns at
// once and writes in order; queries return futures.
//
//   CostHistory history;
//   history.open(CostHistory::defaultPath());     // an empty path keeps the history in memory
//   history.record(now, samples);                  // at each refresh
//   history.load(u"total", u"USD", from, to).then(this, [](QList<HistoryPoint> points) { ... });
//
// Samples older than a week are averaged into hourly points, and those older than 90 days into
// daily points, whole hours and days at a time; record() compacts once an hour of sample time.
// Time comes from the caller (injectable), never from the clock here.
class CostHistory final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostHistory)

public:
    explicit CostHistory(QObject *parent = nullptr);
    // Finishes the queued writes, then stops the thread.
    ~CostHistory() override;

    // $XDG_DATA_HOME/nephele/cost-history.sqlite
    static QString defaultPath();

    void open(const QString &path);
    void setRetention(const HistoryRetention &retention);
    void record(const QDateTime &at, const QList<RateSample> &samples);
    void compact(const QDateTime &now);

    QFuture<QList<HistoryPoint>> load(const QString &series, const QString &currency, const QDateTime &from,
                                      const QDateTime &to);
    QFuture<QList<HistorySeriesKey>> seriesKeys();
    QFuture<Accrued> accrued(const QString &series, const QString &currency, const QDateTime &from,
                             const QDateTime &to);
    // Rows by resolution: [raw, hourly, daily] (tests, the about box).
    QFuture<QList<qint64>> counts();
    // Every point (of the series whose name starts with `seriesPrefix`) as CSV: time_utc, series,
    // currency, resolution, monthly, hourly, samples. The number of rows written, or why not.
    QFuture<Expected<qint64, QString>> exportCsv(const QString &path, const QString &seriesPrefix = {});
    // Waits until everything queued so far is done (tests, shutdown).
    void flush();

Q_SIGNALS:
    void opened(const QString &path);
    void recorded(qint64 ms);
    void problem(const QString &message);

private:
    class Worker;
    QThread m_thread;
    Worker *m_worker = nullptr;
};

} // namespace nephele::models::cost
