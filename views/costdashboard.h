#pragma once

#include "core/expected.h"

#include <QDateTime>
#include <QPointF>
#include <QWidget>

#include <vector>

class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QHorizontalBarSeries;
class QLabel;
class QLineSeries;
class QPieSeries;
class QPieSlice;
class QPushButton;
class QTimer;
class QValueAxis;
class QBarCategoryAxis;

namespace nephele::models::cost {
class CostModel;
class CostHistory;
struct RateBucket;
} // namespace nephele::models::cost

namespace nephele::views {

class DenseLineLayer;

// The cost dashboard: the run rate and what it is made of, over the cost model.
//
//   auto *dashboard = new CostDashboard(costModel, history, this);   // history may be null
//   connect(dashboard, &CostDashboard::filterRequested, searchField, &QLineEdit::setText);
//
// A row of figures (run rate, month to date, month-end forecast, quota headroom, machines without
// a price), then four charts: the run rate by account (donut), by team, location or tag value
// (bars), over time with the quota and the forecast (line), and the most expensive machines
// (bars). Hovering shows the values; clicking a slice or a bar asks for a search that shows those
// machines in the tree. One currency at a time: amounts in different currencies are never added.
// The recorded history, which can be long, is drawn by a DenseLineLayer over the QtCharts chart:
// decimated to about two points per pixel through a min/max pyramid, whatever the zoom.
class CostDashboard final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostDashboard)

public:
    enum class Range { Day, Week, Month, Quarter, Year, All };

    CostDashboard(models::cost::CostModel *cost, models::cost::CostHistory *history, QWidget *parent = nullptr);
    ~CostDashboard() override;

    // Rebuilds every chart from the model now; the history's points follow when they land
    // (historyLoaded()). Otherwise done on changes while shown, coalesced.
    void refresh();
    void setCurrency(const QString &currency);
    QString currency() const { return m_currency; }
    // "team", "location" or "tag:<key>".
    void setGrouping(const QString &grouping);
    QString grouping() const { return m_grouping; }
    void setRange(Range range);

    bool exportPng(const QString &path);
    // The run rates now: dimension, key, label, currency, monthly, hourly, machines.
    Expected<qint64, QString> exportRatesCsv(const QString &path) const;

    // For tests and the benchmark: what the charts hold.
    QPieSeries *accountSeries() const { return m_accountSeries; }
    QBarSet *groupSet() const { return m_groupSet; }
    QStringList groupCategories() const;
    QBarSet *topSet() const { return m_topSet; }
    QStringList topCategories() const;
    // The recorded line's legend entry; its points are drawn by the layer (recordedPoints()).
    QLineSeries *recordedSeries() const { return m_recorded; }
    // The recorded points as drawn for the time axis's current range.
    QList<QPointF> recordedPoints() const;
    QLineSeries *estimatedSeries() const { return m_estimated; }
    QLineSeries *forecastSeries() const { return m_forecast; }
    QLineSeries *quotaSeries() const { return m_quota; }
    QChartView *timeChartView() const { return m_timeView; }
    QString figuresText() const;
    // Sets the time chart's data directly (the benchmark feeds it a year of samples).
    void setHistoryPoints(QList<QPointF> recorded);
    // Redecimates the estimate for the time axis's current range (after a zoom or a pan; the
    // recorded line follows the axis by itself).
    void redecimate();

Q_SIGNALS:
    // A search (models/search syntax) that shows the clicked slice's or bar's machines.
    void filterRequested(const QString &query);
    void historyLoaded();

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct BarItem {
        QString label;
        double monthly = 0;
        double hourly = 0;
        int machines = 0;
        QString query;
        QString note;
    };

    void buildUi();
    void scheduleRefresh();
    void refreshFigures();
    void refreshAccounts();
    void refreshGroups();
    void refreshTop();
    void refreshTimeChart();
    void loadHistory();
    void updateTimeSeries();
    void showTip(const QString &text);
    void requestFilter(const QString &query);
    void relabel();
    int barsThatFit(const QChartView *view) const;
    void onSliceHovered(QPieSlice *slice, bool state);
    void openExportPng();
    void openExportRatesCsv();
    void openExportHistoryCsv();
    QList<BarItem> groupItems() const;
    QString money(double amount) const;
    QDateTime rangeStart() const;

    models::cost::CostModel *m_cost;
    models::cost::CostHistory *m_history;
    QString m_currency;
    QString m_grouping = QStringLiteral("team");
    bool m_groupingChosen = false; // by the user (or setGrouping()): kept while it is offered
    Range m_range = Range::Month;
    bool m_dirty = true;
    quint64 m_historyGeneration = 0;

    // figures
    QComboBox *m_currencyBox = nullptr;
    QLabel *m_runRate = nullptr;
    QLabel *m_runRateHourly = nullptr;
    QLabel *m_monthToDate = nullptr;
    QLabel *m_forecastText = nullptr;
    QLabel *m_quotaText = nullptr;
    QLabel *m_unpriced = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_export = nullptr;

    // by account
    QChartView *m_accountView = nullptr;
    QPieSeries *m_accountSeries = nullptr;
    QStringList m_accountQueries;

    // by team / location / tag
    QComboBox *m_groupingBox = nullptr;
    QChartView *m_groupView = nullptr;
    QHorizontalBarSeries *m_groupSeries = nullptr;
    QBarSet *m_groupSet = nullptr;
    QBarCategoryAxis *m_groupAxis = nullptr;
    QValueAxis *m_groupValues = nullptr;
    QList<BarItem> m_groupItems;

    // over time
    QComboBox *m_rangeBox = nullptr;
    QChartView *m_timeView = nullptr;
    QLineSeries *m_recorded = nullptr;
    DenseLineLayer *m_recordedLines = nullptr;
    QLineSeries *m_estimated = nullptr;
    QLineSeries *m_forecast = nullptr;
    QLineSeries *m_quota = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_rateAxis = nullptr;
    QList<QPointF> m_recordedPoints;        // every point loaded, shared with m_recordedLines
    std::vector<QPointF> m_estimatedPoints; // from creation dates, all of them
    std::vector<QPointF> m_estimateShown;   // the part before the first recorded point
    QTimer *m_redecimateTimer = nullptr;
    bool m_settingRange = false;

    // most expensive machines
    QChartView *m_topView = nullptr;
    QHorizontalBarSeries *m_topSeries = nullptr;
    QBarSet *m_topSet = nullptr;
    QBarCategoryAxis *m_topAxis = nullptr;
    QValueAxis *m_topValues = nullptr;
    QList<BarItem> m_topItems;

    QTimer *m_refreshTimer = nullptr;
    QTimer *m_relabelTimer = nullptr;
};

} // namespace nephele::views
