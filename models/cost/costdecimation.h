#pragma once

#include <QList>
#include <QPointF>

#include <span>
#include <vector>

namespace nephele::models::cost {

// A long series reduced for a chart `pixels` wide: in each pixel's column of x the lowest and the
// highest point, in their order, so about two points per pixel and no spike is lost. The points
// must be sorted by x. One point on each side of [xMin, xMax] is kept, so the line runs to the
// chart's edges. A series already small enough comes back as the visible part, unchanged.
// O(points in range); MinMaxPyramid gives the same answer in O(pixels).
QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax, int pixels);

// A series with its lowest and highest point per bucket of 2, 4, 8... points, so the lowest and
// highest point of any stretch of it is found in a logarithmic number of steps, and decimating a
// visible range costs about the same for a thousand points as for a million.
//
//   MinMaxPyramid year(points);                         // sorted by x; O(points), once
//   QList<QPointF> shown = year.decimate(from, to, 1200); // what decimateMinMax() would give
//
// About 2 bytes per point beside the points themselves, in one block.
class MinMaxPyramid final
{
public:
    MinMaxPyramid() = default;
    // The points are shared with the caller's list, not copied (QList is implicitly shared).
    explicit MinMaxPyramid(QList<QPointF> points);

    std::span<const QPointF> points() const { return {m_points.constData(), size_t(m_points.size())}; }
    bool isEmpty() const { return m_points.isEmpty(); }
    qsizetype size() const { return qsizetype(m_points.size()); }

    // The indexes of the lowest and the highest point in [first, last) (the first of equal ones).
    struct Extremes {
        qsizetype low = -1;
        qsizetype high = -1;
    };
    Extremes extremes(qsizetype first, qsizetype last) const;

    // The points decimateMinMax() keeps for this range, cleared into `out`: the same points in the
    // same order, found through the pyramid.
    void decimate(double xMin, double xMax, int pixels, std::vector<QPointF> *out) const;
    QList<QPointF> decimate(double xMin, double xMax, int pixels) const;

private:
    struct Bucket {
        quint32 low;
        quint32 high;
    };

    // The smallest buckets: stretches this short are read point by point.
    static constexpr qsizetype kBaseBucket = 8;
    // Below this many points a pixel column on average, decimate() reads every point.
    static constexpr qsizetype kScanBelow = 24;

    QList<QPointF> m_points;           // only ever read: stays shared
    std::vector<Bucket> m_buckets;     // every level, one after the other
    std::vector<size_t> m_levelStarts; // level k: buckets of kBaseBucket * 2^k points
};

} // namespace nephele::models::cost
