// Decimation for long run-rate histories: about two points per pixel, no spike lost, the line
// runs to the chart's edges.

#include "cost/costdecimation.h"

#include <QRandomGenerator>
#include <QTest>

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
        std::vector<QPointF> points;
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
            QCOMPARE(points[size_t(p.x())], p);
    }

    void keepsOnePointBeyondEachEdge()
    {
        std::vector<QPointF> points;
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
        const std::vector<QPointF> one = {{5, 5}};
        QVERIFY(decimateMinMax(one, 0, 0, 100).isEmpty()); // no range
        QVERIFY(decimateMinMax(one, 0, 10, 0).isEmpty());  // no pixels
        QCOMPARE(decimateMinMax(one, 0, 10, 100).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCostDecimation)
#include "tst_costdecimation.moc"
