#include "costdecimation.h"

#include <algorithm>
#include <cmath>

namespace nephele::models::cost {

QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax, int pixels)
{
    QList<QPointF> out;
    if (points.empty() || pixels <= 0 || !(xMax > xMin))
        return out;
    const auto byX = [](const QPointF &p, double x) { return p.x() < x; };
    // The visible range, widened by one point each side.
    auto first = std::lower_bound(points.begin(), points.end(), xMin, byX);
    auto last = std::lower_bound(first, points.end(), xMax, [](const QPointF &p, double x) { return p.x() <= x; });
    if (first != points.begin())
        --first;
    if (last != points.end())
        ++last;
    const auto count = std::distance(first, last);
    if (count <= 2 * qsizetype(pixels)) {
        out.reserve(count);
        out.append(QList<QPointF>(first, last));
        return out;
    }
    out.reserve(2 * qsizetype(pixels) + 4);
    const double scale = double(pixels) / (xMax - xMin);
    auto column = [&](const QPointF &p) {
        // floor, not truncation: the point left of xMin is in a column of its own.
        return std::clamp(qint64(std::floor((p.x() - xMin) * scale)), qint64(-1), qint64(pixels));
    };
    auto it = first;
    while (it != last) {
        const qint64 c = column(*it);
        auto lo = it, hi = it;
        auto end = it + 1;
        while (end != last && column(*end) == c) {
            if (end->y() < lo->y())
                lo = end;
            if (end->y() > hi->y())
                hi = end;
            ++end;
        }
        if (lo == hi) {
            out.append(*lo);
        } else if (lo < hi) {
            out.append(*lo);
            out.append(*hi);
        } else {
            out.append(*hi);
            out.append(*lo);
        }
        it = end;
    }
    return out;
}

} // namespace nephele::models::cost
