#include "costdashboard.h"

#include "cost/costdecimation.h"
#include "cost/costformat.h"
#include "cost/costhistory.h"
#include "cost/costmodel.h"
#include "denselinelayer.h"

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QHorizontalBarSeries>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QPieSeries>
#include <QtCharts/QPieSlice>
#include <QtCharts/QValueAxis>

#include <QComboBox>
#include <QCursor>
#include <QFileDialog>
#include <QFontMetrics>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSaveFile>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <span>

namespace nephele::views {

namespace cost = models::cost;

namespace {

constexpr qint64 kHourMs = qint64(3600) * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr int kMaxSlices = 7;
constexpr int kMaxBars = 10;

// A calm qualitative palette (Tableau 10), one colour per account.
const QList<QColor> &accountColors()
{
    static const QList<QColor> colors = {QColor(0x4e79a7), QColor(0xf28e2b), QColor(0x59a14f), QColor(0xe15759),
                                         QColor(0x76b7b2), QColor(0xedc948), QColor(0xb07aa1), QColor(0xff9da7),
                                         QColor(0x9c755f), QColor(0xbab0ac)};
    return colors;
}

QChart *newChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    QFont font = chart->titleFont();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.05);
    chart->setTitleFont(font);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(6, 4, 6, 4));
    chart->setBackgroundRoundness(6);
    chart->legend()->setFont(QFont(chart->legend()->font().family(), int(chart->legend()->font().pointSizeF() * 0.95)));
    return chart;
}

QChartView *newView(QChart *chart, QWidget *parent)
{
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 220);
    view->setFrameShape(QFrame::NoFrame);
    return view;
}

QString elided(const QString &text, int length = 28)
{
    return text.size() <= length ? text : text.left(length - 1) + QStringLiteral("…");
}

// Category labels must be unique; repeated ones get the account or a number.
QStringList uniqueLabels(const QStringList &labels, const QStringList &extras)
{
    QStringList out;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        QString label = elided(labels.at(i));
        if (out.contains(label) || labels.count(labels.at(i)) > 1)
            label = elided(labels.at(i), 20) + QStringLiteral(" · ") + elided(extras.value(i), 12);
        QString candidate = label;
        for (int n = 2; out.contains(candidate); ++n)
            candidate = label + QStringLiteral(" #%1").arg(n);
        out << candidate;
    }
    return out;
}

// An axis maximum that reads well: 1, 2, 2.5 or 5 times a power of ten above `value`.
double niceCeiling(double value)
{
    if (value <= 0)
        return 10;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

QLabel *figureLabel(QWidget *parent, bool big)
{
    auto *label = new QLabel(parent);
    QFont font = label->font();
    if (big) {
        font.setPointSizeF(font.pointSizeF() * 1.7);
        font.setBold(true);
    }
    label->setFont(font);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QWidget *figureBox(QWidget *parent, const QString &caption, QLabel *value, QLabel *detail = nullptr)
{
    auto *box = new QFrame(parent);
    box->setObjectName(QStringLiteral("costFigure"));
    box->setStyleSheet(QStringLiteral("QFrame#costFigure { background: palette(base); border: 1px solid "
                                      "palette(midlight); border-radius: 6px; }"));
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(2);
    auto *title = new QLabel(caption.toUpper(), box);
    QFont font = title->font();
    font.setPointSizeF(font.pointSizeF() * 0.8);
    font.setBold(true);
    title->setFont(font);
    title->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(title);
    layout->addWidget(value);
    if (detail) {
        detail->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(detail);
    }
    return box;
}

// A chart with a line above it: a hint on the left, the chart's choices on the right. Every cell
// has one, so the four charts line up.
QWidget *chartCell(QWidget *parent, const QString &hint, QChartView *view, const QList<QWidget *> &controls)
{
    auto *cell = new QWidget(parent);
    auto *layout = new QVBoxLayout(cell);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(4, 0, 0, 0);
    auto *hintLabel = new QLabel(hint, cell);
    hintLabel->setForegroundRole(QPalette::PlaceholderText);
    QFont font = hintLabel->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    hintLabel->setFont(font);
    header->addWidget(hintLabel);
    header->addStretch();
    for (QWidget *control : controls) {
        control->setParent(cell);
        header->addWidget(control);
    }
    // As tall as a combo box, with or without one.
    auto *strut = new QComboBox(cell);
    const int height = strut->sizeHint().height();
    delete strut;
    auto *headerHost = new QWidget(cell);
    headerHost->setLayout(header);
    headerHost->setFixedHeight(height);
    layout->addWidget(headerHost);
    view->setParent(cell);
    layout->addWidget(view, 1);
    return cell;
}

void showBarLabels(QHorizontalBarSeries *series, const QString &currency)
{
    const QString sign = cost::currencySign(currency);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    series->setLabelsFormat(sign.size() == 1 ? sign + QStringLiteral("@value") : QStringLiteral("@value"));
    series->setLabelsPrecision(6);
}

QDateTime monthEnd(const QDateTime &now)
{
    const QDate d = now.date();
    return QDateTime(QDate(d.year(), d.month(), 1).addMonths(1), QTime(0, 0), Qt::UTC);
}

} // namespace

CostDashboard::CostDashboard(cost::CostModel *costModel, cost::CostHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_cost(costModel)
    , m_history(history)
{
    setObjectName(QStringLiteral("costDashboard"));
    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(300);
    connect(m_refreshTimer, &QTimer::timeout, this, &CostDashboard::refresh);
    m_redecimateTimer = new QTimer(this);
    m_redecimateTimer->setSingleShot(true);
    m_redecimateTimer->setInterval(15);
    connect(m_redecimateTimer, &QTimer::timeout, this, &CostDashboard::redecimate);
    m_relabelTimer = new QTimer(this);
    m_relabelTimer->setSingleShot(true);
    m_relabelTimer->setInterval(50);
    connect(m_relabelTimer, &QTimer::timeout, this, &CostDashboard::relabel);
    buildUi();
    connect(m_cost, &cost::CostModel::changed, this, &CostDashboard::scheduleRefresh);
    connect(m_cost, &cost::CostModel::problem, this, [this](const QString &message) {
        m_problem->setText(message);
        m_problem->show();
    });
    if (m_history) {
        connect(m_history, &cost::CostHistory::recorded, this, [this] {
            if (isVisible())
                loadHistory();
            else
                m_dirty = true;
        });
    }
}

CostDashboard::~CostDashboard() = default;

void CostDashboard::buildUi()
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(10, 10, 10, 10);
    outer->setSpacing(8);

    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; border: 1px solid #e8d58c; "
                                            "border-radius: 4px; padding: 6px; }"));
    m_problem->hide();
    outer->addWidget(m_problem);

    // The figures.
    auto *figures = new QHBoxLayout;
    figures->setSpacing(8);
    m_runRate = figureLabel(this, true);
    m_runRate->setObjectName(QStringLiteral("runRate"));
    m_runRateHourly = figureLabel(this, false);
    m_monthToDate = figureLabel(this, true);
    m_forecastText = figureLabel(this, false);
    m_quotaText = figureLabel(this, true);
    auto *quotaDetail = figureLabel(this, false);
    quotaDetail->setObjectName(QStringLiteral("quotaDetail"));
    m_unpriced = figureLabel(this, false);
    auto *monthDetail = m_forecastText;
    figures->addWidget(figureBox(this, tr("Run rate"), m_runRate, m_runRateHourly), 3);
    figures->addWidget(figureBox(this, tr("This month"), m_monthToDate, monthDetail), 3);
    figures->addWidget(figureBox(this, tr("Quota headroom"), m_quotaText, quotaDetail), 3);

    auto *side = new QVBoxLayout;
    side->setSpacing(6);
    m_currencyBox = new QComboBox(this);
    m_currencyBox->setObjectName(QStringLiteral("currency"));
    m_currencyBox->setToolTip(tr("Amounts in different currencies are never added up: one currency at a time."));
    connect(m_currencyBox, &QComboBox::activated, this,
            [this](int index) { setCurrency(m_currencyBox->itemData(index).toString()); });
    // A push button shows its menu's arrow beside the text (a tool button's crowds it).
    m_export = new QPushButton(tr("Export"), this);
    m_export->setObjectName(QStringLiteral("export"));
    auto *menu = new QMenu(m_export);
    menu->addAction(tr("Dashboard as PNG…"), this, &CostDashboard::openExportPng);
    menu->addAction(tr("Run rates as CSV…"), this, &CostDashboard::openExportRatesCsv);
    QAction *historyCsv = menu->addAction(tr("Run-rate history as CSV…"), this, &CostDashboard::openExportHistoryCsv);
    historyCsv->setEnabled(m_history != nullptr);
    m_export->setMenu(menu);
    side->addWidget(m_currencyBox);
    side->addWidget(m_export);
    side->addWidget(m_unpriced);
    side->addStretch();
    figures->addLayout(side, 1);
    outer->addLayout(figures);

    auto *grid = new QGridLayout;
    grid->setSpacing(8);

    // By account: a donut.
    QChart *accounts = newChart(tr("Run rate by account"));
    m_accountSeries = new QPieSeries(accounts);
    m_accountSeries->setHoleSize(0.52);
    m_accountSeries->setPieSize(0.86);
    accounts->addSeries(m_accountSeries);
    accounts->legend()->setAlignment(Qt::AlignRight);
    m_accountView = newView(accounts, this);
    m_accountView->setObjectName(QStringLiteral("accountChart"));
    connect(m_accountSeries, &QPieSeries::hovered, this, &CostDashboard::onSliceHovered);
    connect(m_accountSeries, &QPieSeries::clicked, this, [this](QPieSlice *slice) {
        const int index = int(m_accountSeries->slices().indexOf(slice));
        const QString query = m_accountQueries.value(index);
        if (!query.isEmpty())
            requestFilter(query);
    });
    grid->addWidget(chartCell(this, tr("Click a slice to show its machines in the tree."), m_accountView, {}), 0, 0);

    // By team, location or tag value: bars.
    m_groupingBox = new QComboBox(this);
    m_groupingBox->setObjectName(QStringLiteral("grouping"));
    m_groupingBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_groupingBox, &QComboBox::activated, this,
            [this](int index) { setGrouping(m_groupingBox->itemData(index).toString()); });
    QChart *groups = newChart(tr("Run rate by team"));
    m_groupSeries = new QHorizontalBarSeries(groups);
    m_groupSet = new QBarSet(tr("Monthly"), m_groupSeries);
    m_groupSet->setColor(QColor(0x4e79a7));
    m_groupSet->setBorderColor(QColor(0x4e79a7));
    m_groupSet->setLabelColor(Qt::white);
    m_groupSeries->append(m_groupSet);
    m_groupSeries->setBarWidth(0.7);
    groups->addSeries(m_groupSeries);
    m_groupAxis = new QBarCategoryAxis(groups);
    m_groupValues = new QValueAxis(groups);
    groups->addAxis(m_groupAxis, Qt::AlignLeft);
    groups->addAxis(m_groupValues, Qt::AlignBottom);
    m_groupSeries->attachAxis(m_groupAxis);
    m_groupSeries->attachAxis(m_groupValues);
    groups->legend()->hide();
    m_groupView = newView(groups, this);
    m_groupView->setObjectName(QStringLiteral("groupChart"));
    connect(m_groupSet, &QBarSet::hovered, this, [this](bool state, int index) {
        if (!state || index < 0 || index >= m_groupItems.size()) {
            QToolTip::hideText();
            return;
        }
        const BarItem &item = m_groupItems.at(index);
        QString text = tr("%1: %2 a month (%3 an hour), %n machine(s)", nullptr, item.machines)
                           .arg(item.label, money(item.monthly), cost::formatHourly(item.hourly, m_currency));
        if (!item.note.isEmpty())
            text += u'\n' + item.note;
        if (!item.query.isEmpty())
            text += u'\n' + tr("Click to show them in the tree.");
        showTip(text);
    });
    connect(m_groupSet, &QBarSet::clicked, this, [this](int index) {
        if (index >= 0 && index < m_groupItems.size() && !m_groupItems.at(index).query.isEmpty())
            requestFilter(m_groupItems.at(index).query);
    });
    grid->addWidget(chartCell(this, tr("Click a bar to show those machines."), m_groupView,
                              {new QLabel(tr("Group by"), this), m_groupingBox}),
                    0, 1);

    // Over time: recorded, estimated before the history, forecast and quota.
    m_rangeBox = new QComboBox(this);
    m_rangeBox->setObjectName(QStringLiteral("range"));
    const QList<std::pair<QString, Range>> ranges = {{tr("24 hours"), Range::Day},   {tr("7 days"), Range::Week},
                                                     {tr("30 days"), Range::Month},  {tr("90 days"), Range::Quarter},
                                                     {tr("12 months"), Range::Year}, {tr("All"), Range::All}};
    for (const auto &[text, range] : ranges)
        m_rangeBox->addItem(text, int(range));
    m_rangeBox->setCurrentIndex(2);
    connect(m_rangeBox, &QComboBox::activated, this,
            [this](int index) { setRange(Range(m_rangeBox->itemData(index).toInt())); });
    QChart *time = newChart(tr("Run rate over time"));
    m_recorded = new QLineSeries(time);
    m_recorded->setName(tr("Recorded"));
    m_recorded->setPen(QPen(QColor(0x4e79a7), 2.2));
    m_estimated = new QLineSeries(time);
    m_estimated->setName(tr("Estimated from creation dates"));
    m_estimated->setPen(QPen(QColor(0x8aa6c8), 1.6, Qt::DotLine));
    m_forecast = new QLineSeries(time);
    m_forecast->setName(tr("Forecast to month end"));
    m_forecast->setPen(QPen(QColor(0xf28e2b), 2, Qt::DashLine));
    m_quota = new QLineSeries(time);
    m_quota->setName(tr("Quota"));
    m_quota->setPen(QPen(QColor(0xd62728), 1.6, Qt::DashDotLine));
    m_timeAxis = new QDateTimeAxis(time);
    m_timeAxis->setFormat(QStringLiteral("MMM d"));
    m_timeAxis->setTickCount(7);
    m_rateAxis = new QValueAxis(time);
    m_rateAxis->setLabelFormat(QStringLiteral("%.0f"));
    time->addAxis(m_timeAxis, Qt::AlignBottom);
    time->addAxis(m_rateAxis, Qt::AlignLeft);
    auto pointTip = [this](const QLineSeries *series, const QPointF &point, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(qint64(point.x()), Qt::UTC).toLocalTime();
        showTip(tr("%1\n%2: %3 a month")
                    .arg(QLocale().toString(at, QLocale::ShortFormat), series->name(), money(point.y())));
    };
    for (QLineSeries *series : {m_estimated, m_recorded, m_forecast, m_quota}) {
        time->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_rateAxis);
        connect(series, &QLineSeries::hovered, this,
                [pointTip, series](const QPointF &point, bool state) { pointTip(series, point, state); });
    }
    // The recorded history can hold a year of samples or more: drawn by the layer, not QtCharts,
    // which keeps the legend entry (m_recorded holds no points).
    m_recordedLines = new DenseLineLayer(time, m_timeAxis, m_rateAxis);
    m_recordedLines->addLine(m_recorded);
    connect(m_recordedLines, &DenseLineLayer::hovered, this, pointTip);
    time->legend()->setAlignment(Qt::AlignBottom);
    m_timeView = newView(time, this);
    m_timeView->setObjectName(QStringLiteral("timeChart"));
    m_timeView->setRubberBand(QChartView::HorizontalRubberBand); // drag to zoom, right-click to zoom out
    connect(m_timeAxis, &QDateTimeAxis::rangeChanged, this, [this] {
        if (!m_settingRange)
            m_redecimateTimer->start();
    });
    grid->addWidget(chartCell(this, tr("Drag to zoom in, right-click to zoom out."), m_timeView,
                              {new QLabel(tr("Show"), this), m_rangeBox}),
                    1, 0);

    // The most expensive machines.
    QChart *top = newChart(tr("Most expensive machines"));
    m_topSeries = new QHorizontalBarSeries(top);
    m_topSet = new QBarSet(tr("Monthly"), m_topSeries);
    m_topSet->setColor(QColor(0xf28e2b));
    m_topSet->setBorderColor(QColor(0xf28e2b));
    m_topSet->setLabelColor(Qt::white);
    m_topSeries->append(m_topSet);
    m_topSeries->setBarWidth(0.7);
    top->addSeries(m_topSeries);
    m_topAxis = new QBarCategoryAxis(top);
    m_topValues = new QValueAxis(top);
    top->addAxis(m_topAxis, Qt::AlignLeft);
    top->addAxis(m_topValues, Qt::AlignBottom);
    m_topSeries->attachAxis(m_topAxis);
    m_topSeries->attachAxis(m_topValues);
    top->legend()->hide();
    m_topView = newView(top, this);
    m_topView->setObjectName(QStringLiteral("topChart"));
    m_topView->installEventFilter(this);
    m_groupView->installEventFilter(this);
    connect(m_topSet, &QBarSet::hovered, this, [this](bool state, int index) {
        if (!state || index < 0 || index >= m_topItems.size()) {
            QToolTip::hideText();
            return;
        }
        const BarItem &item = m_topItems.at(index);
        QString text =
            tr("%1 (%2): %3 a month, %4 an hour")
                .arg(item.label, item.note, money(item.monthly), cost::formatHourly(item.hourly, m_currency));
        if (!item.query.isEmpty())
            text += u'\n' + tr("Click to show it in the tree.");
        showTip(text);
    });
    connect(m_topSet, &QBarSet::clicked, this, [this](int index) {
        if (index >= 0 && index < m_topItems.size() && !m_topItems.at(index).query.isEmpty())
            requestFilter(m_topItems.at(index).query);
    });
    grid->addWidget(chartCell(this, tr("Click a bar to show the machine."), m_topView, {}), 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    outer->addLayout(grid, 1);
}

// ---- refreshing ------------------------------------------------------------------------------

void CostDashboard::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // Once the layout has given the charts their size: category labels are fitted (and cut
    // short) to the size a chart has when they are set.
    if (m_dirty)
        QTimer::singleShot(0, this, [this] {
            if (m_dirty)
                refresh();
        });
}

void CostDashboard::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_redecimateTimer->start();
    m_relabelTimer->start();
}

bool CostDashboard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize && (watched == m_topView || watched == m_groupView))
        m_relabelTimer->start();
    return QWidget::eventFilter(watched, event);
}

void CostDashboard::relabel()
{
    // QtCharts fits category labels to the chart's size when they are set, and shows "..." for a
    // label taller than its bar: as many bars as fit, set again at the new size.
    refreshGroups();
    refreshTop();
}

int CostDashboard::barsThatFit(const QChartView *view) const
{
    // A bar's row needs about two lines of its label's font, or QtCharts shows "..." instead.
    const int row = int(QFontMetrics(m_topAxis->labelsFont()).height() * 1.9);
    const int plot = int(view->chart()->plotArea().height());
    return std::clamp(plot > 0 ? plot / std::max(row, 1) : kMaxBars, 3, kMaxBars);
}

void CostDashboard::scheduleRefresh()
{
    if (isVisible())
        m_refreshTimer->start();
    else
        m_dirty = true;
}

void CostDashboard::refresh()
{
    m_dirty = false;
    const cost::CostBreakdown &b = m_cost->breakdown();
    // The currency shown: the one chosen while it still has machines, else the largest.
    if (m_currency.isEmpty() || !b.total(m_currency))
        m_currency = b.mainCurrency();
    m_currencyBox->clear();
    for (const cost::CurrencyTotal &t : b.totals)
        m_currencyBox->addItem(t.currency, t.currency);
    m_currencyBox->setCurrentIndex(std::max(0, m_currencyBox->findData(m_currency)));
    m_currencyBox->setVisible(b.totals.size() > 1);

    // The grouping choices: teams when there is a policy, locations, then the tags in use.
    m_groupingBox->clear();
    if (m_cost->policy() && !m_cost->policy()->teams.isEmpty())
        m_groupingBox->addItem(tr("Team"), QStringLiteral("team"));
    m_groupingBox->addItem(tr("Location"), QStringLiteral("location"));
    for (const QString &key : b.tagKeys.mid(0, 12))
        m_groupingBox->addItem(tr("Tag: %1").arg(key), QString(QStringLiteral("tag:") + key));
    if (!m_groupingChosen || m_groupingBox->findData(m_grouping) < 0) {
        // Until the user chooses: teams, else (without a policy) a `team` tag, the next best
        // thing, else the first choice. Looked at again at each refresh, as the listings land.
        const int teams = m_groupingBox->findData(QStringLiteral("team"));
        const int teamTag = m_groupingBox->findData(QStringLiteral("tag:team"));
        m_grouping = m_groupingBox->itemData(teams >= 0 ? teams : teamTag >= 0 ? teamTag : 0).toString();
    }
    m_groupingBox->setCurrentIndex(m_groupingBox->findData(m_grouping));

    refreshFigures();
    refreshAccounts();
    refreshGroups();
    refreshTop();
    refreshTimeChart();
    m_relabelTimer->start();
}

QString CostDashboard::money(double amount) const
{
    return cost::formatMoney(amount, m_currency);
}

void CostDashboard::refreshFigures()
{
    const cost::CostBreakdown &b = m_cost->breakdown();
    const cost::CurrencyTotal *t = b.total(m_currency);
    const cost::CurrencyTotal none{m_currency};
    if (!t)
        t = &none;
    m_runRate->setText(tr("%1 / month").arg(money(t->monthly)));
    m_runRateHourly->setText(
        tr("%1 an hour · %n priced machine(s)", nullptr, t->machines).arg(cost::formatHourly(t->hourly, m_currency)));
    m_monthToDate->setText(tr("%1 so far").arg(money(t->monthToDate)));
    m_forecastText->setText(
        tr("Forecast for %1: %2").arg(QLocale().monthName(b.at.date().month()), money(t->forecast)));
    m_forecastText->setToolTip(tr("Month to date: the machines there now, each since the 1st (UTC) or its creation.\n"
                                  "Forecast: the same plus their current rates until the month's end."));

    auto *quotaDetail = findChild<QLabel *>(QStringLiteral("quotaDetail"));
    const cost::QuotaStatus *total = nullptr;
    QStringList over;
    for (const cost::QuotaStatus &q : b.quotas) {
        if (q.team.isEmpty())
            total = &q;
        else if (q.checkable && q.used > q.limit)
            over << q.team;
    }
    if (!m_cost->policy()) {
        m_quotaText->setText(tr("No quota"));
        quotaDetail->setText(tr("No policy is in force: choose one in Governance ▸ Policy settings."));
        m_quotaText->setStyleSheet(QString());
    } else if (total && m_currency == u"USD") {
        const double headroom = total->headroom();
        m_quotaText->setText(headroom >= 0 ? tr("%1 left").arg(money(headroom)) : tr("%1 over").arg(money(-headroom)));
        m_quotaText->setStyleSheet(headroom >= 0 ? QStringLiteral("color: #2e7d32;")
                                                 : QStringLiteral("color: #c62828;"));
        QString detail = tr("of %1 a month for the organisation").arg(money(total->limit));
        if (!total->checkable)
            detail += u'\n' + tr("Machines priced in other currencies are not counted.");
        if (!over.isEmpty())
            detail += u'\n' + tr("Over their quota: %1").arg(over.join(QStringLiteral(", ")));
        quotaDetail->setText(detail);
    } else {
        int teams = 0;
        for (const cost::QuotaStatus &q : b.quotas)
            teams += q.team.isEmpty() ? 0 : 1;
        m_quotaText->setText(teams ? tr("%n team quota(s)", nullptr, teams) : tr("No quota"));
        m_quotaText->setStyleSheet(QString());
        quotaDetail->setText(over.isEmpty() ? tr("Every team is within its quota (US dollars).")
                                            : tr("Over their quota: %1").arg(over.join(QStringLiteral(", "))));
    }

    m_unpriced->setText(b.unpriced ? tr("⚠ %n machine(s) without a price", nullptr, b.unpriced) : QString());
    m_unpriced->setToolTip(tr("No catalog line, price tag, provider price or account rate applies to them. "
                              "Set rates per account in the cost settings."));
    m_unpriced->setVisible(b.unpriced > 0);
}

void CostDashboard::onSliceHovered(QPieSlice *slice, bool state)
{
    slice->setExploded(state);
    slice->setExplodeDistanceFactor(0.06);
    if (!state) {
        QToolTip::hideText();
        return;
    }
    const double total = m_accountSeries->sum();
    QString text = tr("%1: %2 a month (%3%)")
                       .arg(slice->property("name").toString(), money(slice->value()),
                            QLocale().toString(total > 0 ? 100.0 * slice->value() / total : 0, 'f', 1));
    if (!slice->property("query").toString().isEmpty())
        text += u'\n' + tr("Click to show its machines in the tree.");
    showTip(text);
}

void CostDashboard::refreshAccounts()
{
    m_accountSeries->clear();
    m_accountQueries.clear();
    QList<cost::RateBucket> buckets;
    for (const cost::RateBucket &bucket : m_cost->breakdown().byAccount) {
        if (bucket.currency == m_currency && bucket.monthly > 0)
            buckets.append(bucket);
    }
    const double total = std::accumulate(buckets.begin(), buckets.end(), 0.0,
                                         [](double sum, const cost::RateBucket &b) { return sum + b.monthly; });
    double rest = 0;
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const cost::RateBucket &bucket = buckets.at(i);
        if (i >= kMaxSlices - 1 && buckets.size() > kMaxSlices) {
            rest += bucket.monthly;
            continue;
        }
        QPieSlice *slice = m_accountSeries->append(
            QStringLiteral("%1  %2 (%3%)")
                .arg(elided(bucket.label, 22), money(bucket.monthly),
                     QLocale().toString(total > 0 ? 100.0 * bucket.monthly / total : 0, 'f', 0)),
            bucket.monthly);
        slice->setProperty("name", bucket.label);
        slice->setProperty("query", bucket.query);
        slice->setColor(accountColors().at(i % accountColors().size()));
        slice->setBorderColor(Qt::white);
        slice->setBorderWidth(2);
        m_accountQueries << bucket.query;
    }
    if (rest > 0) {
        QPieSlice *slice = m_accountSeries->append(
            tr("Other  %1 (%2%)").arg(money(rest), QLocale().toString(100.0 * rest / total, 'f', 0)), rest);
        slice->setProperty("name", tr("Other accounts"));
        slice->setColor(QColor(0xbab0ac));
        slice->setBorderColor(Qt::white);
        m_accountQueries << QString();
    }
    m_accountView->chart()->setTitle(tr("Run rate by account"));
}

QList<CostDashboard::BarItem> CostDashboard::groupItems() const
{
    QList<cost::RateBucket> buckets;
    if (m_grouping == u"team")
        buckets = m_cost->breakdown().byTeam;
    else if (m_grouping == u"location")
        buckets = m_cost->breakdown().byLocation;
    else if (m_grouping.startsWith(u"tag:"))
        buckets = m_cost->byTag(m_grouping.mid(4));
    QHash<QString, const cost::QuotaStatus *> quotas;
    for (const cost::QuotaStatus &q : m_cost->breakdown().quotas) {
        if (!q.team.isEmpty())
            quotas.insert(q.team, &q);
    }
    QList<BarItem> items;
    for (const cost::RateBucket &bucket : std::as_const(buckets)) {
        if (bucket.currency != m_currency)
            continue;
        BarItem item{bucket.label, bucket.monthly, bucket.hourly, bucket.machines, bucket.query, {}};
        if (m_grouping == u"team") {
            if (const cost::QuotaStatus *q = quotas.value(bucket.key)) {
                item.note = q->headroom() >= 0
                                ? tr("Quota %1 a month: %2 left").arg(money(q->limit), money(q->headroom()))
                                : tr("Quota %1 a month: %2 over").arg(money(q->limit), money(-q->headroom()));
            }
        }
        items.append(item);
    }
    return items;
}

void CostDashboard::refreshGroups()
{
    QList<BarItem> items = groupItems();
    const int bars = barsThatFit(m_groupView);
    if (items.size() > bars) {
        BarItem rest{tr("Other"), 0, 0, 0, {}, {}};
        for (qsizetype i = bars - 1; i < items.size(); ++i) {
            rest.monthly += items.at(i).monthly;
            rest.hourly += items.at(i).hourly;
            rest.machines += items.at(i).machines;
        }
        items = items.mid(0, bars - 1);
        items.append(rest);
    }
    // Horizontal bars go bottom-up: the largest last, so it is drawn on top.
    std::reverse(items.begin(), items.end());
    m_groupItems = items;
    QStringList labels, extras;
    QList<qreal> values;
    double max = 0;
    for (const BarItem &item : std::as_const(items)) {
        labels << item.label;
        extras << QString();
        values << item.monthly;
        max = std::max(max, item.monthly);
    }
    m_groupSet->remove(0, m_groupSet->count());
    m_groupAxis->clear();
    m_groupAxis->append(uniqueLabels(labels, extras));
    m_groupSet->append(values);
    m_groupValues->setRange(0, niceCeiling(max * 1.05));
    m_groupValues->setLabelFormat(cost::currencySign(m_currency).size() == 1
                                      ? cost::currencySign(m_currency) + QStringLiteral("%.0f")
                                      : QStringLiteral("%.0f"));
    m_groupValues->setTickCount(5);
    showBarLabels(m_groupSeries, m_currency);
    const QString title = m_grouping == u"team"       ? tr("Run rate by team")
                          : m_grouping == u"location" ? tr("Run rate by location")
                                                      : tr("Run rate by tag: %1").arg(m_grouping.mid(4));
    m_groupView->chart()->setTitle(title);
}

void CostDashboard::refreshTop()
{
    const QList<cost::TopMachine> top = m_cost->top(barsThatFit(m_topView), m_currency);
    QList<BarItem> items;
    QStringList labels, extras;
    for (const cost::TopMachine &m : top)
        items.append(BarItem{m.name, m.monthly, m.hourly, 1, m.query, m.accountName});
    std::reverse(items.begin(), items.end());
    QList<qreal> values;
    double max = 0;
    for (const BarItem &item : std::as_const(items)) {
        labels << item.label;
        extras << item.note;
        values << item.monthly;
        max = std::max(max, item.monthly);
    }
    m_topItems = items;
    m_topSet->remove(0, m_topSet->count());
    m_topAxis->clear();
    m_topAxis->append(uniqueLabels(labels, extras));
    m_topSet->append(values);
    m_topValues->setRange(0, niceCeiling(max * 1.05));
    m_topValues->setLabelFormat(cost::currencySign(m_currency).size() == 1
                                    ? cost::currencySign(m_currency) + QStringLiteral("%.0f")
                                    : QStringLiteral("%.0f"));
    m_topValues->setTickCount(5);
    showBarLabels(m_topSeries, m_currency);
}

QDateTime CostDashboard::rangeStart() const
{
    const QDateTime now = m_cost->now();
    switch (m_range) {
    case Range::Day: return now.addMSecs(-kDayMs);
    case Range::Week: return now.addDays(-7);
    case Range::Month: return now.addDays(-30);
    case Range::Quarter: return now.addDays(-90);
    case Range::Year: return now.addDays(-365);
    case Range::All: return QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    }
    return now.addDays(-30);
}

void CostDashboard::refreshTimeChart()
{
    m_estimatedPoints.clear();
    const QList<QPointF> estimate = m_cost->estimatedHistory(m_currency);
    m_estimatedPoints.assign(estimate.begin(), estimate.end());
    // The live rate is the newest point of the recorded line.
    const cost::CurrencyTotal *t = m_cost->breakdown().total(m_currency);
    const double current = t ? t->monthly : 0;
    const qint64 nowMs = m_cost->now().toMSecsSinceEpoch();
    if (m_recordedPoints.empty() || m_recordedPoints.back().x() < double(nowMs))
        m_recordedPoints.push_back(QPointF(double(nowMs), current));
    else
        m_recordedPoints.back().setY(current);
    updateTimeSeries();
    loadHistory();
}

void CostDashboard::loadHistory()
{
    // No currency until the first refresh has chosen one: a history recorded before then (shown
    // but not refreshed yet) would load as empty and hide the samples until the next refresh.
    if (!m_history || m_currency.isEmpty())
        return;
    const quint64 generation = ++m_historyGeneration;
    const QDateTime from = rangeStart();
    m_history->load(QStringLiteral("total"), m_currency, from, m_cost->now())
        .then(this, [this, generation](const QList<cost::HistoryPoint> &points) {
            if (generation != m_historyGeneration)
                return; // a newer request is on its way
            QList<QPointF> recorded;
            recorded.reserve(points.size() + 1);
            for (const cost::HistoryPoint &p : points)
                recorded.emplace_back(double(p.ms), p.monthly);
            const cost::CurrencyTotal *t = m_cost->breakdown().total(m_currency);
            recorded.emplace_back(double(m_cost->now().toMSecsSinceEpoch()), t ? t->monthly : 0);
            m_recordedPoints = std::move(recorded);
            updateTimeSeries();
            Q_EMIT historyLoaded();
        });
}

void CostDashboard::setHistoryPoints(QList<QPointF> recorded)
{
    ++m_historyGeneration; // whatever is loading is older
    m_recordedPoints = std::move(recorded);
    updateTimeSeries();
}

void CostDashboard::updateTimeSeries()
{
    const QDateTime now = m_cost->now();
    const qint64 nowMs = now.toMSecsSinceEpoch();
    qint64 fromMs = rangeStart().toMSecsSinceEpoch();
    if (m_range == Range::All) {
        fromMs = nowMs - 7 * kDayMs;
        if (!m_recordedPoints.empty())
            fromMs = std::min(fromMs, qint64(m_recordedPoints.constFirst().x()));
        if (!m_estimatedPoints.empty())
            fromMs = std::min(fromMs, qint64(m_estimatedPoints.front().x()));
    }
    const qint64 span = nowMs - fromMs;
    // Room on the right for the forecast: to the month's end, or a third of a short span.
    const qint64 endOfMonth = monthEnd(now).toMSecsSinceEpoch();
    const qint64 toMs =
        span >= 28 * kDayMs ? endOfMonth : std::min(endOfMonth, nowMs + std::max<qint64>(span / 3, kHourMs));

    const cost::CurrencyTotal *t = m_cost->breakdown().total(m_currency);
    const double current = t ? t->monthly : 0;
    m_forecast->replace({QPointF(double(nowMs), current), QPointF(double(toMs), current)});
    m_forecast->setName(toMs == endOfMonth ? tr("Forecast to month end") : tr("Forecast"));

    std::optional<double> quota;
    if (m_currency == u"USD") {
        for (const cost::QuotaStatus &q : m_cost->breakdown().quotas) {
            if (q.team.isEmpty())
                quota = q.limit;
        }
    }
    if (quota)
        m_quota->replace({QPointF(double(fromMs), *quota), QPointF(double(toMs), *quota)});
    else
        m_quota->clear();
    m_quota->setVisible(quota.has_value());
    if (auto *marker = m_timeView->chart()->legend()->markers(m_quota).value(0))
        marker->setVisible(quota.has_value());

    // The estimate covers the time before the first recorded sample (the live point aside).
    const double firstRecorded =
        m_recordedPoints.size() > 1 ? m_recordedPoints.constFirst().x() : double(std::numeric_limits<qint64>::max());
    auto estimateEnd = std::lower_bound(m_estimatedPoints.begin(), m_estimatedPoints.end(), firstRecorded,
                                        [](const QPointF &p, double x) { return p.x() < x; });
    std::vector<QPointF> &estimate = m_estimateShown;
    estimate.assign(m_estimatedPoints.begin(), estimateEnd);
    if (!estimate.empty())
        estimate.emplace_back(std::min(firstRecorded, double(nowMs)), estimate.back().y());

    // The layer shares the points (no copy) and finds their highest through its pyramid.
    m_recordedLines->setPoints(0, m_recordedPoints);
    double max = std::max(current, quota.value_or(0));
    auto firstFrom = [fromMs](std::span<const QPointF> points) {
        return std::lower_bound(points.begin(), points.end(), double(fromMs),
                                [](const QPointF &p, double x) { return p.x() < x; }) -
               points.begin();
    };
    const cost::MinMaxPyramid &recorded = m_recordedLines->data(0);
    if (const auto high = recorded.extremes(firstFrom(recorded.points()), recorded.size()).high; high >= 0)
        max = std::max(max, recorded.points()[size_t(high)].y());
    for (auto it = estimate.begin() + firstFrom(estimate); it != estimate.end(); ++it)
        max = std::max(max, it->y());

    m_settingRange = true;
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC),
                         QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC));
    m_timeAxis->setFormat(span <= 2 * kDayMs     ? QStringLiteral("HH:mm")
                          : span <= 400 * kDayMs ? QStringLiteral("MMM d")
                                                 : QStringLiteral("MMM yyyy"));
    m_rateAxis->setRange(0, niceCeiling(max * 1.1));
    m_rateAxis->setTickCount(6);
    m_rateAxis->setLabelFormat(cost::currencySign(m_currency).size() == 1
                                   ? cost::currencySign(m_currency) + QStringLiteral("%.0f")
                                   : QStringLiteral("%.0f"));
    m_settingRange = false;

    const int pixels = std::max(100, int(m_timeView->chart()->plotArea().width()));
    m_estimated->replace(cost::decimateMinMax(estimate, double(fromMs), double(toMs), pixels));
}

QList<QPointF> CostDashboard::recordedPoints() const
{
    return m_recordedLines->shownPoints(0);
}

void CostDashboard::redecimate()
{
    if (m_estimateShown.empty())
        return;
    const double fromMs = double(m_timeAxis->min().toMSecsSinceEpoch());
    const double toMs = double(m_timeAxis->max().toMSecsSinceEpoch());
    const int pixels = std::max(100, int(m_timeView->chart()->plotArea().width()));
    m_estimated->replace(cost::decimateMinMax(m_estimateShown, fromMs, toMs, pixels));
}

void CostDashboard::requestFilter(const QString &query)
{
    QToolTip::hideText(); // the tree comes to the front; the chart's tip would stay over it
    Q_EMIT filterRequested(query);
}

void CostDashboard::showTip(const QString &text)
{
    QToolTip::showText(QCursor::pos(), text, this);
}

QStringList CostDashboard::groupCategories() const
{
    return m_groupAxis->categories();
}

QStringList CostDashboard::topCategories() const
{
    return m_topAxis->categories();
}

QString CostDashboard::figuresText() const
{
    QStringList parts{m_runRate->text(), m_runRateHourly->text(), m_monthToDate->text(), m_forecastText->text(),
                      m_quotaText->text()};
    if (auto *detail = findChild<QLabel *>(QStringLiteral("quotaDetail")))
        parts << detail->text();
    if (m_unpriced->isVisibleTo(this))
        parts << m_unpriced->text();
    return parts.join(u'\n');
}

// ---- choices ---------------------------------------------------------------------------------

void CostDashboard::setCurrency(const QString &currency)
{
    if (currency == m_currency)
        return;
    m_currency = currency;
    m_recordedPoints.clear();
    refresh();
}

void CostDashboard::setGrouping(const QString &grouping)
{
    m_grouping = grouping;
    m_groupingChosen = true;
    if (m_groupingBox->findData(grouping) >= 0)
        m_groupingBox->setCurrentIndex(m_groupingBox->findData(grouping));
    refreshGroups();
}

void CostDashboard::setRange(Range range)
{
    m_range = range;
    m_rangeBox->setCurrentIndex(std::max(0, m_rangeBox->findData(int(range))));
    m_recordedPoints.clear();
    refreshTimeChart();
}

// ---- export ----------------------------------------------------------------------------------

bool CostDashboard::exportPng(const QString &path)
{
    return grab().save(path, "PNG");
}

Expected<qint64, QString> CostDashboard::exportRatesCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Unexpected(tr("Cannot write %1: %2").arg(path, file.errorString()));
    auto field = [](const QString &text) {
        if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n'))
            return text;
        QString quoted = text;
        quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return QString(u'"' + quoted + u'"');
    };
    qint64 rows = 0;
    file.write("dimension,key,label,currency,monthly,hourly,machines\n");
    auto write = [&](const QString &dimension, const QList<cost::RateBucket> &buckets) {
        for (const cost::RateBucket &b : buckets) {
            const QString line = QStringList{field(dimension),
                                             field(b.key),
                                             field(b.label),
                                             b.currency,
                                             QString::number(b.monthly, 'f', 2),
                                             QString::number(b.hourly, 'f', 5),
                                             QString::number(b.machines)}
                                     .join(u',');
            file.write(line.toUtf8() + '\n');
            ++rows;
        }
    };
    const cost::CostBreakdown &b = m_cost->breakdown();
    QList<cost::RateBucket> totals;
    for (const cost::CurrencyTotal &t : b.totals)
        totals.append(cost::RateBucket{QString(), tr("Total"), t.currency, t.hourly, t.monthly, t.machines, {}});
    write(QStringLiteral("total"), totals);
    write(QStringLiteral("account"), b.byAccount);
    write(QStringLiteral("location"), b.byLocation);
    write(QStringLiteral("team"), b.byTeam);
    if (m_grouping.startsWith(u"tag:"))
        write(m_grouping, m_cost->byTag(m_grouping.mid(4)));
    if (!file.commit())
        return Unexpected(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return rows;
}

void CostDashboard::openExportPng()
{
    auto *chooser = new QFileDialog(this, tr("Export the cost dashboard"), QString(), tr("PNG images (*.png)"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->setDefaultSuffix(QStringLiteral("png"));
    chooser->selectFile(QStringLiteral("nephele-cost.png"));
    connect(chooser, &QFileDialog::fileSelected, this, [this](const QString &path) {
        if (!exportPng(path)) {
            m_problem->setText(tr("The dashboard was not saved to %1.").arg(path));
            m_problem->show();
        }
    });
    chooser->open();
}

void CostDashboard::openExportRatesCsv()
{
    auto *chooser = new QFileDialog(this, tr("Export the run rates"), QString(), tr("CSV files (*.csv)"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->setDefaultSuffix(QStringLiteral("csv"));
    chooser->selectFile(QStringLiteral("nephele-run-rates.csv"));
    connect(chooser, &QFileDialog::fileSelected, this, [this](const QString &path) {
        if (auto written = exportRatesCsv(path); !written) {
            m_problem->setText(written.error());
            m_problem->show();
        }
    });
    chooser->open();
}

void CostDashboard::openExportHistoryCsv()
{
    if (!m_history)
        return;
    auto *chooser = new QFileDialog(this, tr("Export the run-rate history"), QString(), tr("CSV files (*.csv)"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->setDefaultSuffix(QStringLiteral("csv"));
    chooser->selectFile(QStringLiteral("nephele-cost-history.csv"));
    connect(chooser, &QFileDialog::fileSelected, this, [this](const QString &path) {
        m_history->exportCsv(path).then(this, [this](const Expected<qint64, QString> &written) {
            if (!written) {
                m_problem->setText(written.error());
                m_problem->show();
            }
        });
    });
    chooser->open();
}

} // namespace nephele::views
