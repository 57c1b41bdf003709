#include "costdecimation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nephele::models::cost {

namespace {

// The indexes of the visible range, widened by one point each side.
std::pair<qsizetype, qsizetype> visibleRange(std::span<const QPointF> points, double xMin, double xMax)
{
    const QPointF *p = points.data();
    const auto n = qsizetype(points.size());
    qsizetype first = std::lower_bound(p, p + n, xMin, [](const QPointF &a, double x) { return a.x() < x; }) - p;
    qsizetype last =
        std::lower_bound(p + first, p + n, xMax, [](const QPointF &a, double x) { return a.x() <= x; }) - p;
    return {first > 0 ? first - 1 : first, last < n ? last + 1 : last};
}

// The pixel column of x; floor, not truncation: the point left of xMin is in a column of its own.
qint64 columnOf(double x, double xMin, double scale, int pixels)
{
    return std::clamp(qint64(std::floor((x - xMin) * scale)), qint64(-1), qint64(pixels));
}

// Appends the lowest and the highest point of each column, in their order, reading every point.
template<typename Out>
void scanColumns(const QPointF *it, const QPointF *last, double xMin, double scale, int pixels, Out *out)
{
    while (it != last) {
        const qint64 c = columnOf(it->x(), xMin, scale, pixels);
        const QPointF *lo = it, *hi = it;
        const QPointF *end = it + 1;
        while (end != last && columnOf(end->x(), xMin, scale, pixels) == c) {
            if (end->y() < lo->y())
                lo = end;
            if (end->y() > hi->y())
                hi = end;
            ++end;
        }
        if (lo == hi) {
            out->push_back(*lo);
        } else {
            out->push_back(*std::min(lo, hi));
            out->push_back(*std::max(lo, hi));
        }
        it = end;
    }
}

} // namespace

QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax, int pixels)
{
    QList<QPointF> out;
    if (points.empty() || pixels <= 0 || !(xMax > xMin))
        return out;
    const auto [first, last] = visibleRange(points, xMin, xMax);
    if (last - first <= 2 * qsizetype(pixels)) {
        return QList<QPointF>(points.begin() + first, points.begin() + last);
    }
    out.reserve(2 * qsizetype(pixels) + 4);
    scanColumns(points.data() + first, points.data() + last, xMin, double(pixels) / (xMax - xMin), pixels, &out);
    return out;
}

} // namespace nephele::models::cost

namespace nephele::models::cost {

MinMaxPyramid::MinMaxPyramid(QList<QPointF> points)
    : m_points(std::move(points))
{
    Q_ASSERT(m_points.size() < qsizetype(std::numeric_limits<quint32>::max()));
    const QPointF *p = m_points.constData();
    const auto count = size_t(m_points.size());
    const auto base = size_t(kBaseBucket);
    if (count < 2 * base)
        return; // read point by point
    // Sized first, so the levels are one allocation: n/8 + n/16 + ... buckets.
    size_t total = 0;
    for (size_t size = (count + base - 1) / base;; size = (size + 1) / 2) {
        m_levelStarts.push_back(total);
        total += size;
        if (size == 1)
            break;
    }
    m_buckets.resize(total);
    // Equal values keep the earlier point, as decimateMinMax() does.
    Bucket *out = m_buckets.data();
    for (size_t first = 0; first < count; first += base) {
        const size_t last = std::min(first + base, count);
        auto low = quint32(first), high = quint32(first);
        for (size_t i = first + 1; i < last; ++i) {
            if (p[i].y() < p[low].y())
                low = quint32(i);
            if (p[i].y() > p[high].y())
                high = quint32(i);
        }
        *out++ = Bucket{low, high};
    }
    for (size_t level = 1; level < m_levelStarts.size(); ++level) {
        const Bucket *below = m_buckets.data() + m_levelStarts[level - 1];
        const size_t belowSize = m_levelStarts[level] - m_levelStarts[level - 1];
        Bucket *next = m_buckets.data() + m_levelStarts[level];
        for (size_t j = 0; 2 * j < belowSize; ++j) {
            const Bucket &l = below[2 * j];
            if (2 * j + 1 == belowSize) {
                next[j] = l;
                continue;
            }
            const Bucket &r = below[2 * j + 1];
            next[j] =
                Bucket{p[r.low].y() < p[l.low].y() ? r.low : l.low, p[r.high].y() > p[l.high].y() ? r.high : l.high};
        }
    }
}

MinMaxPyramid::Extremes MinMaxPyramid::extremes(qsizetype first, qsizetype last) const
{
    first = std::max<qsizetype>(first, 0);
    last = std::min(last, size());
    Extremes out;
    if (first >= last)
        return out;
    const QPointF *p = m_points.constData();
    // Lower first, then earlier: the parts of the range are visited out of order.
    auto take = [&](qsizetype low, qsizetype high) {
        if (out.low < 0 || p[low].y() < p[out.low].y() || (p[low].y() == p[out.low].y() && low < out.low))
            out.low = low;
        if (out.high < 0 || p[high].y() > p[out.high].y() || (p[high].y() == p[out.high].y() && high < out.high))
            out.high = high;
    };
    // The ends that do not fill a smallest bucket, point by point.
    qsizetype l = first, r = last;
    if (m_buckets.empty() || r - l < 2 * kBaseBucket) {
        for (qsizetype i = l; i < r; ++i)
            take(i, i);
        return out;
    }
    for (; l % kBaseBucket; ++l)
        take(l, l);
    for (; r % kBaseBucket; --r)
        take(r - 1, r - 1);
    // Then bottom-up over the levels: at each, at most one bucket on each side is not covered by
    // the level above.
    l /= kBaseBucket;
    r /= kBaseBucket;
    for (size_t level = 0; l < r; ++level) {
        const Bucket *buckets = m_buckets.data() + m_levelStarts[level];
        if (l & 1) {
            take(buckets[l].low, buckets[l].high);
            ++l;
        }
        if (r & 1) {
            --r;
            take(buckets[r].low, buckets[r].high);
        }
        l >>= 1;
        r >>= 1;
    }
    return out;
}

void MinMaxPyramid::decimate(double xMin, double xMax, int pixels, std::vector<QPointF> *out) const
{
    out->clear();
    if (m_points.isEmpty() || pixels <= 0 || !(xMax > xMin))
        return;
    const QPointF *p = m_points.constData();
    const auto [first, last] = visibleRange(points(), xMin, xMax);
    if (last - first <= 2 * qsizetype(pixels)) {
        out->assign(p + first, p + last);
        return;
    }
    out->reserve(2 * size_t(pixels) + 4);
    const double scale = double(pixels) / (xMax - xMin);
    // A few points a column: reading them all is quicker than searching (measured on 1,200
    // columns: 51 against 75 us at 8 points a column, 82 against 114 at 16, 230 against 147 at 32).
    if (last - first < kScanBelow * qsizetype(pixels)) {
        scanColumns(p + first, p + last, xMin, scale, pixels, out);
        return;
    }
    auto column = [&](qsizetype i) { return columnOf(p[i].x(), xMin, scale, pixels); };
    qsizetype it = first;
    while (it < last) {
        const qint64 c = column(it);
        // The column's end: gallop, then halve, so a column costs the log of its points.
        qsizetype inside = it, step = 1;
        while (inside + step < last && column(inside + step) == c) {
            inside += step;
            step *= 2;
        }
        qsizetype beyond = std::min(inside + step, last);
        while (beyond - inside > 1) {
            const qsizetype mid = inside + (beyond - inside) / 2;
            if (column(mid) == c)
                inside = mid;
            else
                beyond = mid;
        }
        const Extremes e = extremes(it, beyond);
        out->push_back(p[std::min(e.low, e.high)]);
        if (e.low != e.high)
            out->push_back(p[std::max(e.low, e.high)]);
        it = beyond;
    }
}

QList<QPointF> MinMaxPyramid::decimate(double xMin, double xMax, int pixels) const
{
    std::vector<QPointF> shown;
    decimate(xMin, xMax, pixels, &shown);
    return QList<QPointF>(shown.begin(), shown.end());
}

} // namespace nephele::models::cost
