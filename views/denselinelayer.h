#pragma once

#include "cost/costdecimation.h"

#include <QGraphicsObject>
#include <QImage>
#include <QPointF>
#include <QPointer>

#include <vector>

class QAbstractAxis;
class QChart;
class QLineSeries;
class QValueAxis;

namespace nephele::views {

// Long lines drawn over a QChart's plot area, for histories too long for QLineSeries: QtCharts
// rebuilds a series' geometry and strokes every point at each change of range, which for a few
// hundred series of thousands of points takes most of a second. Here each line keeps a min/max
// pyramid of its points, so a range is decimated in O(pixels), to at most two points per pixel
// column. A few lines are drawn with their pens by QPainter, antialiased; many are drawn aliased,
// as one run of pixels per column widened to the pen's width (what QPainter's aliased lines give,
// ten times faster). Either way into an image kept until the range, the size or the data change.
// The chart keeps its axes, legend, zoom and other series.
//
//   auto *lines = new DenseLineLayer(chart, dateAxis, valueAxis);
//   auto *recorded = new QLineSeries(chart);      // empty: it gives the line its name, pen and
//   chart->addSeries(recorded);                   // legend entry, and shows or hides it
//   recorded->attachAxis(dateAxis); recorded->attachAxis(valueAxis);
//   const int line = lines->addLine(recorded);
//   lines->setPoints(line, points);               // sorted by x; shared, not copied
//   connect(lines, &DenseLineLayer::hovered, ...); // the point under the mouse, as QLineSeries does
//
// The horizontal axis is a QDateTimeAxis (x in ms since the epoch) or a QValueAxis.
class DenseLineLayer final : public QGraphicsObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DenseLineLayer)

public:
    DenseLineLayer(QChart *chart, QAbstractAxis *xAxis, QValueAxis *yAxis);
    ~DenseLineLayer() override;

    // Adds a line drawn as `legend` says (pen, visibility); returns its index.
    int addLine(QLineSeries *legend);
    int lineCount() const { return int(m_lines.size()); }
    QLineSeries *legendSeries(int line) const;
    // Sorted by x; shared with the caller's list, not copied.
    void setPoints(int line, QList<QPointF> points);
    const models::cost::MinMaxPyramid &data(int line) const;
    // The points drawn for the axes' current range: at most two per pixel column.
    QList<QPointF> shownPoints(int line) const;

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

Q_SIGNALS:
    // The data point nearest the mouse on the line under it (state true), or the mouse left it.
    void hovered(QLineSeries *legend, const QPointF &point, bool state);

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    struct Line {
        QPointer<QLineSeries> legend;
        models::cost::MinMaxPyramid data;
    };
    struct Range {
        double xMin = 0;
        double xMax = 0;
        double yMin = 0;
        double yMax = 0;
        bool operator==(const Range &) const = default;
    };

    Range range() const;
    int columns() const; // the plot area's width in device pixels
    void invalidate();
    void followPlotArea(const QRectF &plotArea);
    void render(const Range &range, qreal dpr);

    QChart *m_chart;
    QAbstractAxis *m_xAxis;
    QValueAxis *m_yAxis;
    std::vector<Line> m_lines;
    QRectF m_rect; // in the chart's coordinates: its plot area

    QImage m_cache;
    Range m_cacheRange;
    bool m_cacheValid = false;
    std::vector<QPointF> m_scratch;
    std::vector<std::pair<float, float>> m_runs; // per pixel column: the rows a line crosses

    int m_hoveredLine = -1;
    QPointF m_hoveredPoint;
};

} // namespace nephele::views
