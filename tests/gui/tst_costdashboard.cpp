// The cost dashboard offscreen over known data: each chart holds the expected values, hovering and
// clicking work, a long history is decimated, and the rendered PNG is a real picture.

#include "costdashboard.h"

#include "cost/costformat.h"
#include "cost/costhistory.h"
#include "cost/costmodel.h"
#include "inventory/inventorystore.h"
#include "search/searchfilter.h"

#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QPieSeries>
#include <QtCharts/QPieSlice>

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace nephele;
using namespace nephele::models;
using namespace nephele::models::cost;
using drivers::Machine;
using drivers::Tag;

namespace {

const QDateTime kNow(QDate(2024, 4, 16), QTime(12, 0), Qt::UTC);

const QByteArray kPolicy = R"({"teams": [
  {"id": "1", "name": "Web", "members": [], "policy": {"operator": "ALLOW", "rules": [
     {"operator": "ALLOW", "action": "create", "rtype": "machine", "rid": "", "rtags": {"team": "web"},
      "constraints": {"cost": {"max_team_run_rate": 400, "max_total_run_rate": 1500}}}]}},
  {"id": "2", "name": "Data", "members": [], "policy": {"operator": "ALLOW", "rules": [
     {"operator": "ALLOW", "action": "create", "rtype": "machine", "rid": "", "rtags": {"team": "data"},
      "constraints": {"cost": {"max_team_run_rate": 300}}}]}}
]})";

AccountInfo account(const QString &id, const QString &name)
{
    AccountInfo info;
    info.id = id;
    info.name = name;
    info.provider = QStringLiteral("digitalocean");
    return info;
}

Machine droplet(const QString &name, double monthly, const QString &team, const QString &env, int daysOld)
{
    Machine m;
    m.id = name;
    m.name = name;
    m.sizeId = QStringLiteral("s-%1").arg(monthly);
    m.location = QStringLiteral("nyc3");
    m.state = drivers::MachineState::Running;
    m.priceMonthly = monthly;
    m.priceHourly = monthly / 672;
    m.tags = {Tag{QStringLiteral("team"), team}, Tag{QStringLiteral("env"), env}};
    m.created = kNow.addDays(-daysOld);
    return m;
}

// Production $672 (web 2x96 + data 2x168 + 144), Staging $216, Lab $84: $972 in all.
struct Fixture {
    InventoryStore store;
    CostModel cost{&store};
    CostHistory history;

    Fixture()
    {
        cost.setClock([] { return kNow; });
        cost.setPolicy(*policy::parsePolicy(kPolicy));
        history.open(QString());
        store.addAccount(account(QStringLiteral("prod"), QStringLiteral("Production")));
        store.addAccount(account(QStringLiteral("stage"), QStringLiteral("Staging")));
        store.addAccount(account(QStringLiteral("lab"), QStringLiteral("Research lab")));
        store.mergeListing(
            QStringLiteral("prod"),
            {droplet(QStringLiteral("web-1"), 96, QStringLiteral("web"), QStringLiteral("prod"), 40),
             droplet(QStringLiteral("web-2"), 96, QStringLiteral("web"), QStringLiteral("prod"), 12),
             droplet(QStringLiteral("db-1"), 168, QStringLiteral("data"), QStringLiteral("prod"), 90),
             droplet(QStringLiteral("db-2"), 168, QStringLiteral("data"), QStringLiteral("prod"), 5),
             droplet(QStringLiteral("lb-1"), 144, QStringLiteral("platform"), QStringLiteral("prod"), 60)});
        store.mergeListing(
            QStringLiteral("stage"),
            {droplet(QStringLiteral("web-s"), 48, QStringLiteral("web"), QStringLiteral("staging"), 20),
             droplet(QStringLiteral("db-s"), 168, QStringLiteral("data"), QStringLiteral("staging"), 8)});
        store.mergeListing(QStringLiteral("lab"),
                           {droplet(QStringLiteral("gpu-ish"), 84, QStringLiteral("data"), QStringLiteral("dev"), 2)});
        // Three days of recorded run rates, every 6 hours, climbing to today's.
        for (int i = 12; i >= 1; --i) {
            history.record(kNow.addSecs(-qint64(i) * 6 * 3600),
                           {{QStringLiteral("total"), QStringLiteral("USD"), 0, 900.0 + (12 - i) * 5}});
        }
    }
};

QList<double> values(const QBarSet *set)
{
    QList<double> out;
    for (int i = 0; i < set->count(); ++i)
        out << set->at(i);
    return out;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            colours.insert(image.pixel(x, y));
    }
    return int(colours.size());
}

} // namespace

class TestCostDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chartsHoldTheExpectedValues()
    {
        Fixture f;
        views::CostDashboard dashboard(&f.cost, &f.history);
        dashboard.resize(1300, 860);
        QSignalSpy loaded(&dashboard, &views::CostDashboard::historyLoaded);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        if (loaded.isEmpty())
            QVERIFY(loaded.wait(10'000));

        QVERIFY2(dashboard.figuresText().contains(QStringLiteral("$972.00 / month")),
                 qPrintable(dashboard.figuresText()));
        QVERIFY(dashboard.figuresText().contains(QStringLiteral("$528.00 left"))); // 1500 - 972

        // Donut: one slice per account, largest first.
        const QList<QPieSlice *> slices = dashboard.accountSeries()->slices();
        QCOMPARE(slices.size(), 3);
        QCOMPARE(slices.at(0)->value(), 672.0);
        QCOMPARE(slices.at(1)->value(), 216.0);
        QCOMPARE(slices.at(2)->value(), 84.0);
        QVERIFY(slices.at(0)->label().startsWith(QStringLiteral("Production")));
        QVERIFY(slices.at(0)->label().contains(QStringLiteral("$672.00 (69%)")));

        // Teams (from the policy's rtags): bars bottom-up, so the largest is last.
        QCOMPARE(dashboard.grouping(), QStringLiteral("team"));
        QCOMPARE(dashboard.groupCategories(), (QStringList{QStringLiteral("Web"), QStringLiteral("Data")}));
        QCOMPARE(values(dashboard.groupSet()), (QList<double>{240.0, 588.0}));
        dashboard.setGrouping(QStringLiteral("tag:env"));
        QCOMPARE(dashboard.groupCategories(),
                 (QStringList{QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}));
        QCOMPARE(values(dashboard.groupSet()), (QList<double>{84.0, 216.0, 672.0}));

        // The most expensive machines, the dearest on top (last).
        QCOMPARE(dashboard.topCategories().size(), 8);
        QCOMPARE(values(dashboard.topSet()).last(), 168.0);
        QCOMPARE(values(dashboard.topSet()).first(), 48.0);
        QVERIFY(dashboard.topCategories().contains(QStringLiteral("db-1")));

        // Over time: the recorded samples then the live rate; the estimate before them; the forecast
        // flat to the month's end; the organisation's quota.
        // What is shown is decimated for the plot's width, which the chart lays out after a posted
        // event: on a busy machine the history can arrive first.
        QTRY_VERIFY(dashboard.timeChartView()->chart()->plotArea().width() > 100);
        const QList<QPointF> recorded = dashboard.recordedPoints();
        QCOMPARE(recorded.size(), 13);
        QCOMPARE(recorded.first(), QPointF(double(kNow.addSecs(-qint64(12) * 6 * 3600).toMSecsSinceEpoch()), 900.0));
        QCOMPARE(recorded.last(), QPointF(double(kNow.toMSecsSinceEpoch()), 972.0));
        const QList<QPointF> estimated = dashboard.estimatedSeries()->points();
        QVERIFY(!estimated.isEmpty());
        QVERIFY(estimated.last().x() <= recorded.first().x());
        const QList<QPointF> forecast = dashboard.forecastSeries()->points();
        QCOMPARE(forecast.size(), 2);
        QCOMPARE(forecast.at(0).y(), 972.0);
        QCOMPARE(forecast.at(1).y(), 972.0);
        QCOMPARE(forecast.at(1).x(), double(QDateTime(QDate(2024, 5, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch()));
        QCOMPARE(dashboard.quotaSeries()->points().first().y(), 1500.0);
        QVERIFY(dashboard.quotaSeries()->isVisible());
    }

    void hoverShowsValuesAndClicksAskForASearch()
    {
        Fixture f;
        views::CostDashboard dashboard(&f.cost, &f.history);
        dashboard.resize(1300, 860);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        dashboard.refresh();
        QSignalSpy filter(&dashboard, &views::CostDashboard::filterRequested);

        // A real click in the middle of the largest team bar.
        QChartView *view = dashboard.findChild<QChartView *>(QStringLiteral("groupChart"));
        QVERIFY(view);
        const int last = dashboard.groupSet()->count() - 1;
        const QPointF scene = view->chart()->mapToPosition(QPointF(dashboard.groupSet()->at(last) / 2, last),
                                                           view->chart()->series().first());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(scene));
        QCOMPARE(filter.count(), 1);
        const QString teamQuery = filter.takeFirst().first().toString();
        QCOMPARE(teamQuery, QStringLiteral("tag:\"team=data\""));
        QVERIFY(SearchFilter::parse(teamQuery));

        // The donut's slices and the top machines ask for theirs.
        Q_EMIT dashboard.accountSeries()->clicked(dashboard.accountSeries()->slices().at(2));
        QCOMPARE(filter.takeFirst().first().toString(), QStringLiteral("account:\"Research lab\""));
        Q_EMIT dashboard.topSet()->clicked(dashboard.topSet()->count() - 1);
        const QString machineQuery = filter.takeFirst().first().toString();
        QVERIFY2(machineQuery.startsWith(QStringLiteral("id=\"db-")), qPrintable(machineQuery));

        // Hovering shows the figures.
        Q_EMIT dashboard.groupSet()->hovered(true, last);
        QVERIFY2(QToolTip::text().contains(QStringLiteral("Data: $588.00 a month")), qPrintable(QToolTip::text()));
        QVERIFY(QToolTip::text().contains(QStringLiteral("$288.00 over"))); // quota 300
        Q_EMIT dashboard.accountSeries()->hovered(dashboard.accountSeries()->slices().first(), true);
        QVERIFY2(QToolTip::text().contains(QStringLiteral("Production: $672.00 a month (69.1%)")),
                 qPrintable(QToolTip::text()));
        QVERIFY(dashboard.accountSeries()->slices().first()->isExploded());
    }

    void theGroupingFollowsTheListingsUntilTheUserChooses()
    {
        // No policy, and no listing yet when the dashboard first shows (the console at start-up).
        InventoryStore store;
        CostModel cost(&store);
        cost.setClock([] { return kNow; });
        views::CostDashboard dashboard(&cost, nullptr);
        dashboard.resize(1300, 860);
        store.addAccount(account(QStringLiteral("prod"), QStringLiteral("Production")));
        dashboard.refresh();
        QCOMPARE(dashboard.grouping(), QStringLiteral("location"));

        // The listing lands with `team` tags: the next best thing to the policy's teams.
        store.mergeListing(QStringLiteral("prod"),
                           {droplet(QStringLiteral("web-1"), 96, QStringLiteral("web"), QStringLiteral("prod"), 4),
                            droplet(QStringLiteral("db-1"), 168, QStringLiteral("data"), QStringLiteral("prod"), 9)});
        dashboard.refresh();
        QCOMPARE(dashboard.grouping(), QStringLiteral("tag:team"));
        QCOMPARE(dashboard.groupCategories(), (QStringList{QStringLiteral("web"), QStringLiteral("data")}));

        // Once the user chooses, refreshes keep the choice.
        dashboard.setGrouping(QStringLiteral("location"));
        dashboard.refresh();
        QCOMPARE(dashboard.grouping(), QStringLiteral("location"));
    }

    void longHistoriesAreDecimated()
    {
        Fixture f;
        views::CostDashboard dashboard(&f.cost, nullptr);
        dashboard.resize(1300, 860);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        QTRY_VERIFY(dashboard.timeChartView()->chart()->plotArea().width() > 100); // laid out
        dashboard.setRange(views::CostDashboard::Range::Year);
        QList<QPointF> year;
        const qint64 start = kNow.addDays(-365).toMSecsSinceEpoch();
        for (int h = 0; h < 365 * 24; ++h)
            year.emplace_back(double(start + qint64(h) * 3600 * 1000), 800 + (h % 240));
        dashboard.setHistoryPoints(year);
        const int width = int(dashboard.timeChartView()->chart()->plotArea().width());
        const qsizetype shown = dashboard.recordedPoints().size();
        QVERIFY2(shown <= 2 * width + 4 && shown > width / 2,
                 qPrintable(QStringLiteral("%1 points for %2 pixels").arg(shown).arg(width)));
        // Zooming in redecimates: the same number of pixels shows the finer points.
        dashboard.timeChartView()->chart()->zoomIn(
            QRectF(dashboard.timeChartView()->chart()->plotArea().topLeft(),
                   QSizeF(dashboard.timeChartView()->chart()->plotArea().width() / 50,
                          dashboard.timeChartView()->chart()->plotArea().height())));
        dashboard.redecimate();
        const QList<QPointF> zoomed = dashboard.recordedPoints();
        QVERIFY(zoomed.size() < 2 * width + 4);
        QVERIFY(zoomed.last().x() - zoomed.first().x() < 365.0 * 24 * 3600 * 1000 / 20);
    }

    void aLongHistoryIsDrawnAndHovered()
    {
        Fixture f;
        views::CostDashboard dashboard(&f.cost, nullptr);
        dashboard.resize(1300, 860);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        QTRY_VERIFY(dashboard.timeChartView()->chart()->plotArea().width() > 100); // laid out
        dashboard.setRange(views::CostDashboard::Range::Year);
        QList<QPointF> year;
        const qint64 start = kNow.addDays(-365).toMSecsSinceEpoch();
        for (int h = 0; h < 365 * 24; ++h)
            year.emplace_back(double(start + qint64(h) * 3600 * 1000), 800 + (h % 240) + (h == 5000 ? 400 : 0));
        dashboard.setHistoryPoints(year);
        QChartView *view = dashboard.timeChartView();
        QChart *chart = view->chart();

        // The line is drawn in its legend entry's colour, across the plot, spike included.
        QCoreApplication::processEvents();
        const QImage image = view->grab().toImage();
        const QRect plot = view->mapFromScene(chart->plotArea()).boundingRect();
        const QColor colour = dashboard.recordedSeries()->pen().color();
        int columns = 0, spikeTop = plot.bottom();
        for (int x = plot.left(); x <= plot.right(); ++x) {
            bool drawn = false;
            for (int y = plot.top(); y <= plot.bottom(); ++y) {
                if (image.pixelColor(x, y) == colour) {
                    drawn = true;
                    spikeTop = std::min(spikeTop, y);
                }
            }
            columns += drawn ? 1 : 0;
        }
        QVERIFY2(columns > plot.width() * 9 / 10,
                 qPrintable(QStringLiteral("%1 of %2").arg(columns).arg(plot.width())));
        const QPointF spike = chart->mapToPosition(year.at(5000), dashboard.recordedSeries());
        QVERIFY2(std::abs(spikeTop - view->mapFromScene(spike).y()) <= 2, qPrintable(QString::number(spikeTop)));
        QCOMPARE(chart->legend()->markers(dashboard.recordedSeries()).size(), 1);
        QVERIFY(chart->legend()->markers(dashboard.recordedSeries()).first()->isVisible());
        if (qEnvironmentVariableIsSet("NEPHELE_SCREENSHOTS"))
            dashboard.grab().save(qEnvironmentVariable("NEPHELE_SCREENSHOTS") + QStringLiteral("/cost-year.png"));

        // Zoomed in to a few days, hovering a sample shows its value.
        chart->zoomIn(QRectF(chart->plotArea().topLeft() + QPointF(chart->plotArea().width() / 2, 0),
                             QSizeF(chart->plotArea().width() / 100, chart->plotArea().height())));
        const QList<QPointF> shown = dashboard.recordedPoints();
        const QPointF sample = shown.at(shown.size() / 2);
        QTest::mouseMove(view->viewport(),
                         view->mapFromScene(chart->mapToPosition(sample, dashboard.recordedSeries())));
        QTRY_VERIFY2(
            QToolTip::text().contains(QStringLiteral("Recorded: ") + formatMoney(sample.y(), QStringLiteral("USD"))),
            qPrintable(QToolTip::text()));
    }

    void currenciesAreNeverAddedUp()
    {
        Fixture f;
        auto settings = CostSettings::fromJson(
            R"({"catalog": [{"size": "s-84", "account": "lab", "monthly": 80, "currency": "EUR"}]})");
        f.cost.setSettings(*settings);
        views::CostDashboard dashboard(&f.cost, &f.history);
        dashboard.resize(1300, 860);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        dashboard.refresh();
        auto *currency = dashboard.findChild<QComboBox *>(QStringLiteral("currency"));
        QVERIFY(currency->isVisible());
        QCOMPARE(currency->count(), 2);
        QCOMPARE(dashboard.currency(), QStringLiteral("USD"));
        QCOMPARE(dashboard.accountSeries()->sum(), 888.0);
        dashboard.setCurrency(QStringLiteral("EUR"));
        QCOMPARE(dashboard.accountSeries()->count(), 1);
        QCOMPARE(dashboard.accountSeries()->sum(), 80.0);
        QVERIFY(dashboard.figuresText().contains(QStringLiteral("€80.00 / month")));
        QVERIFY(dashboard.quotaSeries()->points().isEmpty()); // quotas are in dollars
    }

    void exportsAPictureAndTheRates()
    {
        Fixture f;
        views::CostDashboard dashboard(&f.cost, &f.history);
        dashboard.resize(1300, 860);
        QSignalSpy loaded(&dashboard, &views::CostDashboard::historyLoaded);
        dashboard.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
        if (loaded.isEmpty())
            QVERIFY(loaded.wait(10'000));
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("cost.png"));
        QVERIFY(dashboard.exportPng(png));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), dashboard.size() * dashboard.devicePixelRatio());
        // Not blank: charts, text and four palettes of colour.
        const int colours = distinctColours(image);
        QVERIFY2(colours > 200, qPrintable(QString::number(colours)));
        if (qEnvironmentVariableIsSet("NEPHELE_COST_PNG"))
            image.save(qEnvironmentVariable("NEPHELE_COST_PNG"));

        const QString csv = dir.filePath(QStringLiteral("rates.csv"));
        const auto rows = dashboard.exportRatesCsv(csv);
        QVERIFY(rows);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("dimension,key,label,currency,monthly,hourly,machines\n"));
        QVERIFY(text.contains("total,,Total,USD,972.00,"));
        QVERIFY(text.contains("account,prod,Production,USD,672.00,"));
        QVERIFY(text.contains("team,Data,Data,USD,588.00,"));
        QCOMPARE(text.count('\n'), *rows + 1);
    }
};

QTEST_MAIN(TestCostDashboard)
#include "tst_costdashboard.moc"
