#include "denselinelayer.h"

#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <QDateTime>
#include <QGraphicsScene>
#include <QGraphicsSceneHoverEvent>
#include <QGraphicsView>
#include <QPaintDevice>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

namespace nephele::views {

namespace {

// QtCharts draws its series at this height among the chart's items (ChartPresenter::SeriesZValue):
// just under, the lines are over the grid and the axes and under the chart's own series.
constexpr qreal kZValue = 3.5;
// Up to this many visible lines, each is drawn with its pen, antialiased; beyond, aliased and solid.
constexpr int kAntialiasedLines = 8;
// How far from a line the mouse still hovers it, in pixels.
constexpr qreal kHoverDistance = 5;

// An x-sorted polyline in device pixels, drawn aliased: in each pixel column, the rows the line
// crosses there are filled in one run, widened to `thickness` pixels (a square brush). Linear in
// the columns and the points.
void drawColumnRuns(QImage *image, std::span<const QPointF> points, const QColor &color, int thickness,
                    std::vector<std::pair<float, float>> *runs)
{
    const int width = image->width();
    const int height = image->height();
    runs->assign(size_t(width), {std::numeric_limits<float>::max(), std::numeric_limits<float>::lowest()});
    auto cover = [runs](qint64 column, double y0, double y1) {
        auto &[low, high] = (*runs)[size_t(column)];
        low = std::min(low, float(std::min(y0, y1)));
        high = std::max(high, float(std::max(y0, y1)));
    };
    if (points.size() == 1) {
        const auto column = qint64(std::floor(points.front().x()));
        if (column >= 0 && column < width)
            cover(column, points.front().y(), points.front().y());
    }
    for (size_t i = 1; i < points.size(); ++i) {
        const QPointF &a = points[i - 1];
        const QPointF &b = points[i];
        const auto first = std::max<qint64>(qint64(std::floor(a.x())), 0);
        const auto last = std::min<qint64>(qint64(std::floor(b.x())), width - 1);
        if (first == qint64(std::floor(a.x())) && first == last) {
            cover(first, a.y(), b.y()); // within one column: vertical, or nearly
            continue;
        }
        const double slope = b.x() > a.x() ? (b.y() - a.y()) / (b.x() - a.x()) : 0;
        for (qint64 column = first; column <= last; ++column) {
            const double x0 = std::max(a.x(), double(column));
            const double x1 = std::min(b.x(), double(column + 1));
            cover(column, a.y() + (x0 - a.x()) * slope, a.y() + (x1 - a.x()) * slope);
        }
    }
    const QRgb source = qPremultiply(color.rgba());
    const int alpha = qAlpha(source);
    uchar *bits = image->bits();
    const qsizetype stride = image->bytesPerLine();
    // The brush's extent around the line: [-before, after] pixels, both ways.
    const int before = (thickness - 1) / 2;
    const int after = thickness / 2;
    std::vector<std::pair<int, int>> rows(size_t(width) + size_t(after), {height, -1});
    for (int column = 0; column < width; ++column) {
        const auto [low, high] = (*runs)[size_t(column)];
        if (low > high || high < 0 || low >= float(height))
            continue;
        const int top = std::max(0, int(std::floor(low)) - before);
        const int bottom = std::min(height - 1, int(std::floor(high)) + after);
        for (int c = std::max(0, column - before); c <= std::min(width - 1, column + after); ++c) {
            auto &[first, last] = rows[size_t(c)];
            first = std::min(first, top);
            last = std::max(last, bottom);
        }
    }
    for (int column = 0; column < width; ++column) {
        const auto [top, bottom] = rows[size_t(column)];
        uchar *pixel = bits + qsizetype(top) * stride + qsizetype(column) * 4;
        for (int row = top; row <= bottom; ++row, pixel += stride) {
            auto *p = reinterpret_cast<QRgb *>(pixel);
            if (alpha == 255) {
                *p = source;
            } else {
                const QRgb d = *p;
                auto over = [&](int s, int t) { return s + t * (255 - alpha) / 255; };
                *p = qRgba(over(qRed(source), qRed(d)), over(qGreen(source), qGreen(d)), over(qBlue(source), qBlue(d)),
                           over(alpha, qAlpha(d)));
            }
        }
    }
}

double distanceToSegment(const QPointF &p, const QPointF &a, const QPointF &b, bool *nearerB)
{
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    const double t = length2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / length2, 0.0, 1.0) : 0.0;
    *nearerB = t > 0.5;
    const QPointF d = p - (a + t * ab);
    return std::hypot(d.x(), d.y());
}

} // namespace

DenseLineLayer::DenseLineLayer(QChart *chart, QAbstractAxis *xAxis, QValueAxis *yAxis)
    : QGraphicsObject(chart)
    , m_chart(chart)
    , m_xAxis(xAxis)
    , m_yAxis(yAxis)
{
    setZValue(kZValue);
    setAcceptHoverEvents(true);
    setAcceptedMouseButtons(Qt::NoButton); // the view's rubber band and zoom stay the chart's
    connect(chart, &QChart::plotAreaChanged, this, &DenseLineLayer::followPlotArea);
    // A new range needs no new data, only a new picture: paint() sees the range has changed.
    if (auto *dates = qobject_cast<QDateTimeAxis *>(xAxis))
        connect(dates, &QDateTimeAxis::rangeChanged, this, [this] { update(); });
    else if (auto *values = qobject_cast<QValueAxis *>(xAxis))
        connect(values, &QValueAxis::rangeChanged, this, [this] { update(); });
    connect(yAxis, &QValueAxis::rangeChanged, this, [this] { update(); });
    followPlotArea(chart->plotArea());
}

DenseLineLayer::~DenseLineLayer() = default;

int DenseLineLayer::addLine(QLineSeries *legend)
{
    m_lines.push_back(Line{legend, {}});
    connect(legend, &QLineSeries::visibleChanged, this, &DenseLineLayer::invalidate);
    connect(legend, &QLineSeries::penChanged, this, &DenseLineLayer::invalidate);
    connect(legend, &QLineSeries::colorChanged, this, &DenseLineLayer::invalidate);
    invalidate();
    return int(m_lines.size()) - 1;
}

QLineSeries *DenseLineLayer::legendSeries(int line) const
{
    return m_lines.at(size_t(line)).legend;
}

void DenseLineLayer::setPoints(int line, QList<QPointF> points)
{
    m_lines.at(size_t(line)).data = models::cost::MinMaxPyramid(std::move(points));
    invalidate();
}

const models::cost::MinMaxPyramid &DenseLineLayer::data(int line) const
{
    return m_lines.at(size_t(line)).data;
}

QList<QPointF> DenseLineLayer::shownPoints(int line) const
{
    const Range r = range();
    return m_lines.at(size_t(line)).data.decimate(r.xMin, r.xMax, columns());
}

QRectF DenseLineLayer::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_rect.size());
}

DenseLineLayer::Range DenseLineLayer::range() const
{
    Range r;
    if (auto *dates = qobject_cast<QDateTimeAxis *>(m_xAxis)) {
        r.xMin = double(dates->min().toMSecsSinceEpoch());
        r.xMax = double(dates->max().toMSecsSinceEpoch());
    } else if (auto *values = qobject_cast<QValueAxis *>(m_xAxis)) {
        r.xMin = values->min();
        r.xMax = values->max();
    }
    r.yMin = m_yAxis->min();
    r.yMax = m_yAxis->max();
    return r;
}

int DenseLineLayer::columns() const
{
    // Decimated for the screen's pixels, not the layout's: two per device pixel.
    qreal dpr = 1;
    if (scene() && !scene()->views().isEmpty())
        dpr = scene()->views().constFirst()->devicePixelRatioF();
    return std::max(1, int(std::ceil(m_rect.width() * dpr)));
}

void DenseLineLayer::invalidate()
{
    m_cacheValid = false;
    update();
}

void DenseLineLayer::followPlotArea(const QRectF &plotArea)
{
    if (plotArea == m_rect)
        return;
    prepareGeometryChange();
    m_rect = plotArea;
    setPos(plotArea.topLeft());
    invalidate();
}

void DenseLineLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget)
{
    Q_UNUSED(option)
    Q_UNUSED(widget)
    if (m_rect.isEmpty())
        return;
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const Range r = range();
    const QSize size(int(std::ceil(m_rect.width() * dpr)), int(std::ceil(m_rect.height() * dpr)));
    if (!m_cacheValid || r != m_cacheRange || m_cache.size() != size || m_cache.devicePixelRatio() != dpr) {
        if (m_cache.size() != size)
            m_cache = QImage(size, QImage::Format_ARGB32_Premultiplied);
        m_cache.setDevicePixelRatio(dpr);
        render(r, dpr);
        m_cacheRange = r;
        m_cacheValid = true;
    }
    painter->drawImage(QPointF(0, 0), m_cache);
}

void DenseLineLayer::render(const Range &range, qreal dpr)
{
    m_cache.fill(Qt::transparent);
    if (!(range.xMax > range.xMin) || !(range.yMax > range.yMin))
        return;
    int visible = 0;
    for (const Line &line : m_lines)
        visible += line.legend && line.legend->isVisible() && !line.data.isEmpty() ? 1 : 0;
    if (visible == 0)
        return;
    // A few lines: each with its pen, antialiased, by QPainter. Many: aliased and solid, in their
    // pens' colours and widths, by drawColumnRuns(). Measured on 200 lines of 2,400 points across
    // the chart: QPainter's stroker takes 600 ms for pens two pixels wide, its aliased one-pixel
    // lines still 30 to 45 ms (about 70 ns a segment); the column runs a few milliseconds.
    const bool fine = visible <= kAntialiasedLines;
    std::optional<QPainter> painter;
    if (fine) {
        painter.emplace(&m_cache);
        painter->setRenderHint(QPainter::Antialiasing);
    }
    // In device pixels: the image's own for the aliased runs, the painter scales by dpr itself.
    const qreal scale = fine ? 1.0 : dpr;
    const int pixels = m_cache.width();
    const double sx = m_rect.width() * scale / (range.xMax - range.xMin);
    const double sy = m_rect.height() * scale / (range.yMax - range.yMin);
    for (const Line &line : m_lines) {
        if (!line.legend || !line.legend->isVisible() || line.data.isEmpty())
            continue;
        line.data.decimate(range.xMin, range.xMax, pixels, &m_scratch);
        for (QPointF &p : m_scratch)
            p = QPointF((p.x() - range.xMin) * sx, (range.yMax - p.y()) * sy);
        const QPen pen = line.legend->pen();
        if (pen.style() == Qt::NoPen)
            continue;
        if (!fine) {
            const int thickness = std::clamp(int(std::lround(pen.widthF() * (pen.isCosmetic() ? 1.0 : dpr))), 1, 8);
            drawColumnRuns(&m_cache, m_scratch, pen.color(), thickness, &m_runs);
            continue;
        }
        painter->setPen(pen);
        if (m_scratch.size() == 1)
            painter->drawPoint(m_scratch.front());
        else
            painter->drawPolyline(m_scratch.data(), int(m_scratch.size()));
    }
}

void DenseLineLayer::hoverMoveEvent(QGraphicsSceneHoverEvent *event)
{
    const Range r = range();
    const QPointF mouse = event->pos();
    int found = -1;
    QPointF point;
    if (r.xMax > r.xMin && r.yMax > r.yMin && !m_rect.isEmpty()) {
        const double sx = m_rect.width() / (r.xMax - r.xMin);
        const double sy = m_rect.height() / (r.yMax - r.yMin);
        auto toScreen = [&](const QPointF &p) { return QPointF((p.x() - r.xMin) * sx, (r.yMax - p.y()) * sy); };
        const double from = r.xMin + (mouse.x() - kHoverDistance) / sx;
        const double to = r.xMin + (mouse.x() + kHoverDistance) / sx;
        double best = kHoverDistance;
        for (size_t l = 0; l < m_lines.size(); ++l) {
            const Line &line = m_lines[l];
            if (!line.legend || !line.legend->isVisible() || line.data.isEmpty())
                continue;
            // The segments near the mouse, with the one entering and the one leaving that stretch.
            const std::span<const QPointF> points = line.data.points();
            auto first = std::lower_bound(points.begin(), points.end(), from,
                                          [](const QPointF &p, double x) { return p.x() < x; });
            auto last = std::upper_bound(first, points.end(), to, [](double x, const QPointF &p) { return x < p.x(); });
            if (first != points.begin())
                --first;
            if (last != points.end())
                ++last;
            if (first == last)
                continue;
            QPointF a = toScreen(*first);
            for (auto it = first;; ++it) {
                const auto next = it + 1;
                const QPointF b = next != last ? toScreen(*next) : a;
                bool nearerB = false;
                const double d = distanceToSegment(mouse, a, b, &nearerB);
                if (d < best) {
                    best = d;
                    found = int(l);
                    point = nearerB && next != last ? *next : *it;
                }
                if (next == last)
                    break;
                a = b;
            }
        }
    }
    if (found == m_hoveredLine && (found < 0 || point == m_hoveredPoint))
        return;
    if (m_hoveredLine >= 0 && found != m_hoveredLine)
        Q_EMIT hovered(m_lines[size_t(m_hoveredLine)].legend, m_hoveredPoint, false);
    m_hoveredLine = found;
    m_hoveredPoint = point;
    if (found >= 0)
        Q_EMIT hovered(m_lines[size_t(found)].legend, point, true);
}

void DenseLineLayer::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    Q_UNUSED(event)
    if (m_hoveredLine >= 0)
        Q_EMIT hovered(m_lines[size_t(m_hoveredLine)].legend, m_hoveredPoint, false);
    m_hoveredLine = -1;
}

} // namespace nephele::views
