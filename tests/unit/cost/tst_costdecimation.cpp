// Decimation for long run-rate histories: about two points per pixel, no spike lost, the line
// runs to the chart's edges; the min/max pyramid gives the same points without reading them all.

#include "cost/costdecimation.h"

#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <vector>

using namespace nephele::models::cost;

class TestCostDecimation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smallSeriesComeBackUnchanged()
    {
        const std::vector<QPointF> points = {{0, 1}, {10, 2}, {20, 3}, {30, 4}};
        const QList<QPointF> out = decimateMinMax(points, 0, 30, 800);
        QCOMPARE(out, QList<QPointF>(points.begin(), points.end()));
    }

    void aYearOfHourlyPointsBecomesTwoPerPixel()
    {
        QList<QPointF> points;
        QRandomGenerator rng(42);
        const int hours = 365 * 24;
        for (int h = 0; h < hours; ++h)
            points.emplace_back(h, 1000 + rng.bounded(100));
        points[5000].setY(5000); // a spike
        points[6000].setY(10);   // a dip
        const int pixels = 600;
        const QList<QPointF> out = decimateMinMax(points, 0, hours - 1, pixels);
        QVERIFY2(out.size() <= 2 * pixels + 4, qPrintable(QString::number(out.size())));
        QVERIFY(out.size() >= pixels);
        // Sorted by x, and the extremes kept.
        QVERIFY(
            std::is_sorted(out.begin(), out.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); }));
        QVERIFY(out.contains(QPointF(5000, 5000)));
        QVERIFY(out.contains(QPointF(6000, 10)));
        // Every output point is an input point.
        for (const QPointF &p : out)
            QCOMPARE(points[qsizetype(p.x())], p);
    }

    void keepsOnePointBeyondEachEdge()
    {
        QList<QPointF> points;
        for (int i = 0; i < 10000; ++i)
            points.emplace_back(i, i % 7);
        const QList<QPointF> out = decimateMinMax(points, 2000.5, 3000.5, 100);
        QCOMPARE(out.first().x(), 2000.0);
        QCOMPARE(out.last().x(), 3001.0);
        QVERIFY(out.size() <= 2 * 100 + 4);
    }

    void emptyAndDegenerate()
    {
        QVERIFY(decimateMinMax({}, 0, 1, 100).isEmpty());
        const QList<QPointF> one = {{5, 5}};
        QVERIFY(decimateMinMax(one, 0, 0, 100).isEmpty()); // no range
        QVERIFY(decimateMinMax(one, 0, 10, 0).isEmpty());  // no pixels
        QCOMPARE(decimateMinMax(one, 0, 10, 100).size(), 1);
        QVERIFY(MinMaxPyramid().decimate(0, 1, 100).isEmpty());
        QVERIFY(MinMaxPyramid(one).decimate(0, 0, 100).isEmpty());
        QCOMPARE(MinMaxPyramid(one).decimate(0, 10, 100), QList<QPointF>{QPointF(5, 5)});
        QCOMPARE(MinMaxPyramid(one).extremes(0, 1).low, 0);
        QCOMPARE(MinMaxPyramid(one).extremes(1, 1).low, -1);
    }

    void thePyramidFindsTheExtremesOfAnyStretch()
    {
        // Few distinct values, so ties are common: the first of equal points wins, both ways.
        QRandomGenerator rng(7);
        for (const int count : {2, 3, 5, 64, 1000, 1023, 1025}) {
            QList<QPointF> points;
            for (int i = 0; i < count; ++i)
                points.emplace_back(i, rng.bounded(5));
            const MinMaxPyramid pyramid(points);
            for (int trial = 0; trial < 300; ++trial) {
                const int first = int(rng.bounded(count));
                const int last = first + 1 + int(rng.bounded(count - first));
                int low = first, high = first;
                for (int i = first; i < last; ++i) {
                    if (points[qsizetype(i)].y() < points[qsizetype(low)].y())
                        low = i;
                    if (points[qsizetype(i)].y() > points[qsizetype(high)].y())
                        high = i;
                }
                const MinMaxPyramid::Extremes e = pyramid.extremes(first, last);
                QCOMPARE(e.low, low);
                QCOMPARE(e.high, high);
            }
        }
    }

    void thePyramidDecimatesAsTheScanDoes()
    {
        // Irregular steps (dense in places, sparse in others, as compacted histories are), flat
        // stretches and spikes; ranges zoomed in and out, panned past both ends.
        QRandomGenerator rng(11);
        QList<QPointF> points;
        double x = 0;
        for (int i = 0; i < 50'000; ++i) {
            x += i < 20'000 ? 1 : i < 30'000 ? 40 : 0.25;
            const double y = (i / 500) % 3 == 0 ? 100 : 100 + rng.bounded(50) + (rng.bounded(1000) == 0 ? 900 : 0);
            points.emplace_back(x, y);
        }
        const MinMaxPyramid pyramid(points);
        QCOMPARE(pyramid.size(), qsizetype(points.size()));
        // Many points a column (through the pyramid) and few (read one by one).
        for (const int pixels : {40, 1000, 2000, 20'000})
            QCOMPARE(pyramid.decimate(0, x, pixels), decimateMinMax(points, 0, x, pixels));
        for (int trial = 0; trial < 200; ++trial) {
            const double span = x * std::pow(10.0, -rng.bounded(4.0));
            const double from = -span / 10 + rng.bounded(x);
            const int pixels = 50 + int(rng.bounded(2000));
            const QList<QPointF> expected = decimateMinMax(points, from, from + span, pixels);
            QCOMPARE(pyramid.decimate(from, from + span, pixels), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestCostDecimation)
#include "tst_costdecimation.moc"
