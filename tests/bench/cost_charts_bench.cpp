// cost-charts: the cost dashboard's way of charting long run-rate histories (QtCharts for the
// chart, axes and legend; the lines drawn by views/DenseLineLayer from a min/max pyramid per series,
// at most two points per pixel column) against QtCharts fed point by point with append(), on the
// same data in the same process.
//
//   cost_charts_bench [--runs N] [--peer-runs N] [--pan-frames N] [--scale F]
//                     [--peer-series N | --peer-full | --no-peer] [--png DIR]
//
// Two histories: a year of hourly samples for 200 series (about 1.7 million points) and a month
// at 5-minute steps for 50 series (432,000 points). For each: the first render (from the points in
// memory to a painted frame) and a pan (a quarter of the span in view, moved by 2% per frame,
// each frame painted); then the dashboard's own time chart on a year of one series. Prints medians
// and ends with "RATIO append/nephele first-render X" (the year, 200 series). --png saves each
// chart's first frame, ours and the peer's, to look at side by side. Never fails on speed.

#include "cost/costformat.h"
#include "cost/costmodel.h"
#include "costdashboard.h"
#include "denselinelayer.h"
#include "inventory/inventorystore.h"

#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QGraphicsLayout>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <random>
#include <vector>

namespace {

constexpr qint64 kMinuteMs = qint64(60) * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr int kWidth = 1280;
constexpr int kHeight = 640;

enum class Feed { Nephele, Append };

struct History {
    const char *name;
    int series = 0;
    qint64 stepMs = 0;
    qint64 startMs = 0;
    qint64 endMs = 0;
    std::vector<QList<QPointF>> points; // sorted by x
    double maxY = 0;
    qint64 pointCount() const
    {
        qint64 n = 0;
        for (const auto &s : points)
            n += qint64(s.size());
        return n;
    }
};

// Run rates that look like a fleet's: a level per series, slow drift, a daily cycle, and steps
// when machines come and go. Deterministic.
History makeHistory(const char *name, int series, qint64 spanMs, qint64 stepMs)
{
    History h;
    h.name = name;
    h.series = series;
    h.stepMs = stepMs;
    h.endMs = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    h.startMs = h.endMs - spanMs;
    const qint64 count = spanMs / stepMs;
    std::mt19937_64 random(20261126);
    std::uniform_real_distribution<double> unit(0, 1);
    h.points.resize(size_t(series));
    for (int s = 0; s < series; ++s) {
        auto &out = h.points[size_t(s)];
        out.reserve(count);
        double level = 200 + 4000 * unit(random);
        const double cycle = level * 0.04 * unit(random);
        for (qint64 i = 0; i < count; ++i) {
            const qint64 ms = h.startMs + i * stepMs;
            if (unit(random) < 0.002)
                level = std::max(50.0, level * (0.8 + 0.45 * unit(random)));
            level += (unit(random) - 0.5) * level * 0.002;
            const double daily = cycle * std::sin(2 * M_PI * double(ms % kDayMs) / double(kDayMs));
            const double y = level + daily;
            out.emplace_back(double(ms), y);
            h.maxY = std::max(h.maxY, y);
        }
    }
    return h;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// One chart as the dashboard builds its time chart: date axis, value axis, one line per series.
// Ours (as the dashboard's recorded line): each series is an empty QLineSeries for the legend, its
// points drawn by a DenseLineLayer. The peer's: QLineSeries holding the points.
struct Chart {
    QChartView view;
    QChart *chart = new QChart;
    QDateTimeAxis *x = new QDateTimeAxis;
    QValueAxis *y = new QValueAxis;
    std::vector<QLineSeries *> lines;
    nephele::views::DenseLineLayer *layer = nullptr;

    Chart(const History &h, Feed feed)
    {
        chart->setAnimationOptions(QChart::NoAnimation);
        chart->legend()->hide();
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        x->setFormat(QStringLiteral("MMM d"));
        x->setTickCount(7);
        y->setRange(0, h.maxY * 1.1);
        y->setLabelFormat(QStringLiteral("$%.0f"));
        view.setChart(chart);
        view.setRenderHint(QPainter::Antialiasing);
        view.resize(kWidth, kHeight);
        view.show(); // offscreen: a real window's paint path, without a screen
        for (int s = 0; s < h.series; ++s) {
            auto *line = new QLineSeries;
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
            lines.push_back(line);
        }
        if (feed == Feed::Nephele) {
            layer = new nephele::views::DenseLineLayer(chart, x, y);
            for (QLineSeries *line : lines)
                layer->addLine(line);
        }
        setRange(double(h.startMs), double(h.endMs));
    }

    void setRange(double fromMs, double toMs)
    {
        x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(fromMs), Qt::UTC),
                    QDateTime::fromMSecsSinceEpoch(qint64(toMs), Qt::UTC));
    }

    // Ours: each series handed to the layer (shared, not copied, as the dashboard hands over the
    // points it loaded), which builds its pyramid; it decimates for the range when it paints.
    void feedNephele(const History &h)
    {
        for (size_t s = 0; s < lines.size(); ++s)
            layer->setPoints(int(s), h.points[s]);
    }

    // Paints one frame as the screen gets it: pending geometry updates, then the view's paint
    // event into the (offscreen) backing store.
    void paint()
    {
        QCoreApplication::processEvents();
        view.repaint();
    }
};

struct Figures {
    double firstRenderMs = 0;
    double panFrameMs = 0;
    double feedMs = 0;                          // of the first render: setting the points
    double decimateMs = 0;                      // nephele: decimating every series for the range (done when painting)
    double paintMs = 0;                         // of the first render: painting the frame
    qint64 pointsShown = 0;                     // drawn at the first render: ours decimated, the peer's all
    int fedSeries = 0;                          // the peer: series timed point by point (the rest extrapolated)
    double firstSeriesMs = 0, lastSeriesMs = 0; // the peer: append() time of the first and last timed series
};

// Pans a chart: a quarter of the span in view, moved right by 2% of the span per frame.
void pan(Chart &chart, const History &h, int panFrames, std::vector<double> *frames)
{
    const double span = double(h.endMs - h.startMs);
    double from = double(h.startMs);
    for (int i = 0; i < panFrames; ++i) {
        from = std::min(from + span * 0.02, double(h.endMs) - span / 4);
        QElapsedTimer frame;
        frame.start();
        chart.setRange(from, from + span / 4); // ours: the layer redecimates from its pyramids as it paints
        chart.paint();
        frames->push_back(ms(frame.nsecsElapsed()));
    }
}

// The first frame of the first run, when --png asked for it.
void savePng(Chart &chart, const QString &path)
{
    if (!path.isEmpty() && !chart.view.grab().save(path))
        std::fprintf(stderr, "cost-charts: cannot write %s\n", qPrintable(path));
}

Figures measureNephele(const History &h, int runs, int panFrames, const QString &png)
{
    std::vector<double> first, feedTimes, decimateTimes, paintTimes, frames;
    Figures f;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer clock;
        clock.start();
        auto chart = std::make_unique<Chart>(h, Feed::Nephele);
        QCoreApplication::processEvents(); // laid out at its size: the plot area's width is known
        const qint64 built = clock.nsecsElapsed();
        chart->feedNephele(h);
        const qint64 fed = clock.nsecsElapsed();
        chart->paint();
        first.push_back(ms(clock.nsecsElapsed()));
        feedTimes.push_back(ms(fed - built));
        paintTimes.push_back(ms(clock.nsecsElapsed() - fed));
        // The decimation alone (part of painting), for the breakdown.
        QElapsedTimer d;
        d.start();
        qint64 kept = 0;
        for (int s = 0; s < chart->layer->lineCount(); ++s)
            kept += chart->layer->shownPoints(s).size();
        decimateTimes.push_back(ms(d.nsecsElapsed()));
        f.pointsShown = kept;
        if (run == 0)
            savePng(*chart, png);
        pan(*chart, h, panFrames, &frames);
    }
    f.firstRenderMs = median(first);
    f.feedMs = median(feedTimes);
    f.decimateMs = median(decimateTimes);
    f.paintMs = median(paintTimes);
    f.panFrameMs = median(frames);
    return f;
}

// The peer. append() redoes the series' geometry at each point, so its cost grows with the square
// of a series' length: `fedSeries` series are fed point by point and timed, the others are given
// the same points in one replace() (the chart then holds what append() would have left), and the
// append time of all the series is extrapolated from the timed ones. The frames are painted with
// every series holding every point, as append() leaves them.
Figures measureAppend(const History &h, int runs, int panFrames, int fedSeries, const QString &png)
{
    std::vector<double> first, feedTimes, paintTimes, frames;
    Figures f;
    f.fedSeries = std::clamp(fedSeries, 1, h.series);
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer clock;
        clock.start();
        auto chart = std::make_unique<Chart>(h, Feed::Append);
        QCoreApplication::processEvents();
        const double buildMs = ms(clock.nsecsElapsed());
        double appendMs = 0;
        for (int s = 0; s < h.series; ++s) {
            QLineSeries *line = chart->lines[size_t(s)];
            if (s < f.fedSeries) {
                QElapsedTimer one;
                one.start();
                for (const QPointF &p : h.points[size_t(s)])
                    line->append(p);
                QCoreApplication::processEvents(); // what the appends queued
                const double seriesMs = ms(one.nsecsElapsed());
                appendMs += seriesMs;
                if (s == 0)
                    f.firstSeriesMs = seriesMs;
                f.lastSeriesMs = seriesMs;
            } else {
                line->replace(h.points[size_t(s)]);
            }
        }
        const double allAppendMs = appendMs * double(h.series) / double(f.fedSeries);
        QElapsedTimer paint;
        paint.start();
        chart->paint();
        const double paintMs = ms(paint.nsecsElapsed());
        first.push_back(buildMs + allAppendMs + paintMs);
        feedTimes.push_back(allAppendMs);
        paintTimes.push_back(paintMs);
        f.pointsShown = 0;
        for (QLineSeries *line : chart->lines)
            f.pointsShown += line->count();
        if (run == 0)
            savePng(*chart, png);
        pan(*chart, h, panFrames, &frames);
    }
    f.firstRenderMs = median(first);
    f.feedMs = median(feedTimes);
    f.paintMs = median(paintTimes);
    f.panFrameMs = median(frames);
    return f;
}

// The dashboard itself (views/costdashboard): its time chart given a year of one series (the total
// run rate, as the console shows it), the first frame and a pan (a tenth of the plot width per
// frame while zoomed to a quarter of the year, redecimated at each frame).
struct DashboardFigures {
    double firstRenderMs = 0;
    double panFrameMs = 0;
    qsizetype pointsShown = 0;
};

DashboardFigures measureDashboard(const History &h, int runs, int panFrames)
{
    std::vector<double> first, frames;
    DashboardFigures f;
    for (int run = 0; run < runs; ++run) {
        nephele::models::InventoryStore store;
        nephele::models::cost::CostModel costs(&store);
        costs.setClock([end = h.endMs] { return QDateTime::fromMSecsSinceEpoch(end, Qt::UTC); });
        nephele::views::CostDashboard dashboard(&costs, nullptr);
        dashboard.resize(kWidth, 2 * kHeight);
        dashboard.show();
        dashboard.setRange(nephele::views::CostDashboard::Range::Year);
        QCoreApplication::processEvents();
        QChartView *view = dashboard.timeChartView();
        QElapsedTimer clock;
        clock.start();
        dashboard.setHistoryPoints(h.points.front());
        QCoreApplication::processEvents();
        view->repaint();
        first.push_back(ms(clock.nsecsElapsed()));
        f.pointsShown = dashboard.recordedPoints().size();
        const QRectF plot = view->chart()->plotArea();
        view->chart()->zoomIn(QRectF(plot.topLeft(), QSizeF(plot.width() / 4, plot.height())));
        dashboard.redecimate();
        for (int i = 0; i < panFrames; ++i) {
            QElapsedTimer frame;
            frame.start();
            view->chart()->scroll(plot.width() / 10, 0);
            dashboard.redecimate(); // what its timer does after a pan
            QCoreApplication::processEvents();
            view->repaint();
            frames.push_back(ms(frame.nsecsElapsed()));
        }
    }
    f.firstRenderMs = median(first);
    f.panFrameMs = median(frames);
    return f;
}

void line(const char *what, double ours, double peer, const char *unit, bool havePeer)
{
    if (havePeer)
        std::printf("  %-40s %12.1f %12.1f %-4s append/nephele %7.1fx\n", what, ours, peer, unit,
                    ours > 0 ? peer / ours : 0.0);
    else
        std::printf("  %-40s %12.1f %12s %-4s\n", what, ours, "-", unit);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int runs = 5;
    int peerRuns = 1;
    int panFrames = 20;
    int peerPanFrames = 5;
    int peerSeries = 3;
    double scale = 1;
    bool peer = true;
    QString pngDir;
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == u"--runs" && i + 1 < args.size())
            runs = std::max(1, args[++i].toInt());
        else if (args[i] == u"--peer-runs" && i + 1 < args.size())
            peerRuns = std::max(1, args[++i].toInt());
        else if (args[i] == u"--pan-frames" && i + 1 < args.size())
            panFrames = peerPanFrames = std::max(1, args[++i].toInt());
        else if (args[i] == u"--scale" && i + 1 < args.size())
            scale = std::clamp(args[++i].toDouble(), 0.01, 1.0);
        else if (args[i] == u"--peer-series" && i + 1 < args.size())
            peerSeries = std::max(1, args[++i].toInt());
        else if (args[i] == u"--peer-full")
            peerSeries = std::numeric_limits<int>::max();
        else if (args[i] == u"--no-peer")
            peer = false;
        else if (args[i] == u"--png" && i + 1 < args.size())
            pngDir = args[++i];
    }

    const int yearSeries = std::max(1, int(std::lround(200 * scale)));
    const int monthSeries = std::max(1, int(std::lround(50 * scale)));
    std::vector<History> histories;
    histories.push_back(makeHistory("a year, hourly", yearSeries, 365 * kDayMs, kHourMs));
    histories.push_back(makeHistory("a month, 5-minute steps", monthSeries, 30 * kDayMs, 5 * kMinuteMs));

    std::printf("cost-charts: %dx%d chart, antialiased, offscreen; nephele: QtCharts axes and legend, lines drawn by "
                "DenseLineLayer from a min/max pyramid per series (~2 points per pixel); peer: "
                "QLineSeries::append() per point\n",
                kWidth, kHeight);
    std::printf("medians: nephele of %d run(s) x %d pan frames, peer of %d run(s) x %d pan frames\n", runs, panFrames,
                peerRuns, peerPanFrames);
    std::printf("targets (issue 7): first render <= 100 ms, pan >= 30 frames per second\n");

    double yearOurs = 0, yearPeer = 0;
    for (const History &h : histories) {
        std::printf("\n%s: %d series, %lld points\n", h.name, h.series, h.pointCount());
        std::printf("  %-40s %12s %12s\n", "figure", "nephele", "append");
        auto png = [&](const char *who) {
            return pngDir.isEmpty()
                       ? QString()
                       : QStringLiteral("%1/cost-charts-%2-%3.png")
                             .arg(pngDir, &h == &histories.front() ? u"year" : u"month", QString::fromLatin1(who));
        };
        const Figures n = measureNephele(h, runs, panFrames, png("nephele"));
        Figures p;
        if (peer)
            p = measureAppend(h, peerRuns, peerPanFrames, peerSeries, png("append"));
        line("first render", n.firstRenderMs, p.firstRenderMs, "ms", peer);
        line("  of which setting the points", n.feedMs, p.feedMs, "ms", peer);
        line("  of which painting the frame", n.paintMs, p.paintMs, "ms", peer);
        std::printf("  %-40s %12.1f %12s ms\n", "    of which decimation", n.decimateMs, "-");
        line("pan, one frame", n.panFrameMs, p.panFrameMs, "ms", peer);
        line("pan, frames per second", n.panFrameMs > 0 ? 1000.0 / n.panFrameMs : 0,
             p.panFrameMs > 0 ? 1000.0 / p.panFrameMs : 0, "fps", peer);
        std::printf("  %-40s %12lld %12lld\n", "points drawn (nephele: decimated)", n.pointsShown,
                    peer ? p.pointsShown : 0);
        if (peer && p.fedSeries < h.series)
            std::printf(
                "  (append: %d of %d series fed point by point, %.0f ms for the first and %.0f ms for the last; "
                "the rest extrapolated per series; --peer-full feeds them all)\n",
                p.fedSeries, h.series, p.firstSeriesMs, p.lastSeriesMs);
        std::printf("  first render %s the 100 ms target; pan %s the 30 fps target\n",
                    n.firstRenderMs <= 100 ? "meets" : "misses",
                    n.panFrameMs > 0 && 1000.0 / n.panFrameMs >= 30 ? "meets" : "misses");
        if (&h == &histories.front()) {
            yearOurs = n.firstRenderMs;
            yearPeer = p.firstRenderMs;
        }
    }
    {
        const History &year = histories.front();
        const DashboardFigures d = measureDashboard(year, runs, panFrames);
        std::printf(
            "\nthe dashboard's time chart (CostDashboard), one series of a year of hourly samples (%lld points):\n",
            qint64(year.points.front().size()));
        std::printf("  %-40s %12.1f ms\n", "first render", d.firstRenderMs);
        std::printf("  %-40s %12.1f ms  (%.1f frames per second)\n", "pan, one frame", d.panFrameMs,
                    d.panFrameMs > 0 ? 1000.0 / d.panFrameMs : 0.0);
        std::printf("  %-40s %12lld\n", "points drawn (decimated)", qint64(d.pointsShown));
    }
    std::printf("\n(the ratio is for the year of hourly samples, 200 series)\n");
    std::printf("RATIO append/nephele first-render %.1f\n", peer && yearOurs > 0 ? yearPeer / yearOurs : 0.0);
    return 0;
}
