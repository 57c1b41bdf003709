#pragma once

#include <QList>
#include <QPointF>

#include <span>

namespace nephele::models::cost {

// A long series reduced for a chart `pixels` wide: in each pixel's column of x the lowest and the
// highest point, in their order, so about two points per pixel and no spike is lost. The points
// must be sorted by x. One point on each side of [xMin, xMax] is kept, so the line runs to the
// chart's edges. A series already small enough comes back as the visible part, unchanged.
QList<QPointF> decimateMinMax(std::span<const QPointF> points, double xMin, double xMax, int pixels);

} // namespace nephele::models::cost
