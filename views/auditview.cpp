#include "auditview.h"

#include "audit/auditlog.h"
#include "audit/audittablemodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace nephele::views {

using models::audit::AuditFilter;
using models::audit::AuditTableModel;
using models::audit::Outcome;

AuditView::AuditView(models::audit::AuditLog *log, QWidget *parent)
    : QDialog(parent)
    , m_log(log)
    , m_model(new AuditTableModel(this))
{
    setWindowTitle(tr("Audit log"));
    setObjectName(QStringLiteral("auditView"));
    resize(1100, 600);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("auditSearch"));
    m_search->setPlaceholderText(tr("Search machine, detail, request, who…"));
    m_search->setClearButtonEnabled(true);
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditAction"));
    m_action->addItem(tr("All actions"), QString());
    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("auditOutcome"));
    m_outcome->addItem(tr("All outcomes"), QString());
    for (Outcome o : {Outcome::Pending, Outcome::Succeeded, Outcome::Failed, Outcome::Denied, Outcome::Cancelled})
        m_outcome->addItem(models::audit::outcomeText(o), models::audit::outcomeName(o));
    m_account = new QComboBox(this);
    m_account->setObjectName(QStringLiteral("auditAccount"));
    m_account->addItem(tr("All accounts"), QString());
    m_actor = new QComboBox(this);
    m_actor->setObjectName(QStringLiteral("auditActor"));
    m_actor->addItem(tr("Everyone"), QString());
    m_useDates = new QCheckBox(tr("&From"), this);
    m_from = new QDateEdit(QDate::currentDate().addDays(-30), this);
    m_from->setCalendarPopup(true);
    m_from->setEnabled(false);
    auto *toLabel = new QLabel(tr("to"), this);
    m_to = new QDateEdit(QDate::currentDate(), this);
    m_to->setCalendarPopup(true);
    m_to->setEnabled(false);
    connect(m_useDates, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_useDates, &QCheckBox::toggled, m_to, &QWidget::setEnabled);

    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    auto *filters = new QHBoxLayout;
    filters->addWidget(searchLabel);
    filters->addWidget(m_search, 2);
    filters->addWidget(m_action);
    filters->addWidget(m_outcome);
    filters->addWidget(m_account);
    filters->addWidget(m_actor);
    filters->addWidget(m_useDates);
    filters->addWidget(m_from);
    filters->addWidget(toLabel);
    filters->addWidget(m_to);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const std::pair<int, int> widths[] = {{AuditTableModel::WhenColumn, 150},   {AuditTableModel::ActorColumn, 150},
                                          {AuditTableModel::ActionColumn, 80},  {AuditTableModel::AccountColumn, 120},
                                          {AuditTableModel::TargetColumn, 220}, {AuditTableModel::OutcomeColumn, 90}};
    for (const auto &[column, width] : widths)
        m_table->setColumnWidth(column, width);

    m_count = new QLabel(this);
    auto *buttons = new QDialogButtonBox(this);
    auto *csv = buttons->addButton(tr("Export &CSV…"), QDialogButtonBox::ActionRole);
    auto *json = buttons->addButton(tr("Export &JSON…"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    connect(csv, &QPushButton::clicked, this, [this] { openExport(false); });
    connect(json, &QPushButton::clicked, this, [this] { openExport(true); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_count, 1);
    bottom->addWidget(buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    m_reloadDelay = new QTimer(this);
    m_reloadDelay->setSingleShot(true);
    m_reloadDelay->setInterval(200);
    connect(m_reloadDelay, &QTimer::timeout, this, &AuditView::reload);
    connect(m_search, &QLineEdit::textChanged, m_reloadDelay, qOverload<>(&QTimer::start));
    for (QComboBox *box : {m_action, m_outcome, m_account, m_actor})
        connect(box, &QComboBox::currentIndexChanged, this, &AuditView::reload);
    connect(m_useDates, &QCheckBox::toggled, this, &AuditView::reload);
    connect(m_from, &QDateEdit::dateChanged, this, &AuditView::reload);
    connect(m_to, &QDateEdit::dateChanged, this, &AuditView::reload);

    if (m_log) {
        connect(m_log, &models::audit::AuditLog::recorded, m_model, &AuditTableModel::add);
        connect(m_log, &models::audit::AuditLog::finished, m_model, &AuditTableModel::setOutcome);
        connect(m_log, &models::audit::AuditLog::recorded, this, [this](const models::audit::AuditEntry &e) {
            if (m_action->findData(e.action) < 0 || m_actor->findData(e.actor) < 0 ||
                (!e.accountId.isEmpty() && m_account->findData(e.accountId) < 0))
                reloadFacets();
            m_count->setText(tr("%n entry(ies) shown", nullptr, int(m_model->rowCount())));
        });
    }
    reloadFacets();
    reload();
}

AuditFilter AuditView::filter() const
{
    AuditFilter f;
    f.text = m_search->text().trimmed();
    f.action = m_action->currentData().toString();
    f.accountId = m_account->currentData().toString();
    f.actor = m_actor->currentData().toString();
    f.outcome = models::audit::outcomeFromName(m_outcome->currentData().toString());
    if (m_useDates->isChecked()) {
        f.from = QDateTime(m_from->date(), QTime(0, 0)).toUTC();
        f.to = QDateTime(m_to->date().addDays(1), QTime(0, 0)).toUTC();
    }
    return f;
}

void AuditView::reload()
{
    m_reloadDelay->stop();
    if (!m_log)
        return;
    const AuditFilter f = filter();
    const quint64 generation = ++m_generation;
    m_loading = true;
    m_log->query(f).then(this, [this, f, generation](const QList<models::audit::AuditEntry> &entries) {
        if (generation != m_generation)
            return; // a newer query is on its way
        m_loading = false;
        m_model->setEntries(f, entries);
        m_count->setText(tr("%n entry(ies) shown", nullptr, int(entries.size())));
        Q_EMIT reloaded();
    });
}

void AuditView::reloadFacets()
{
    if (!m_log)
        return;
    m_log->facets().then(this, [this](const models::audit::AuditLog::Facets &facets) {
        const auto refill = [](QComboBox *box, const QList<std::pair<QString, QString>> &items) {
            const QString current = box->currentData().toString();
            const QSignalBlocker block(box);
            while (box->count() > 1)
                box->removeItem(1);
            for (const auto &[data, text] : items)
                box->addItem(text.isEmpty() ? data : text, data);
            box->setCurrentIndex(std::max(0, box->findData(current)));
        };
        QList<std::pair<QString, QString>> actions;
        for (const QString &a : facets.actions)
            actions.append({a, a});
        QList<std::pair<QString, QString>> actors;
        for (const QString &a : facets.actors)
            actors.append({a, a.isEmpty() ? tr("(unknown)") : a});
        refill(m_action, actions);
        refill(m_actor, actors);
        refill(m_account, facets.accounts);
    });
}

QString AuditView::exportTo(const QString &path, bool json) const
{
    const QByteArray bytes =
        json ? models::audit::toJson(m_model->entries()) : models::audit::toCsv(m_model->entries());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return tr("%1 could not be written: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

void AuditView::openExport(bool json)
{
    auto *chooser = new QFileDialog(this, json ? tr("Export the audit log as JSON") : tr("Export the audit log as CSV"),
                                    QString(), json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    chooser->setObjectName(QStringLiteral("exportAudit"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->setDefaultSuffix(json ? QStringLiteral("json") : QStringLiteral("csv"));
    chooser->selectFile(QStringLiteral("nephele-audit-") + QDate::currentDate().toString(Qt::ISODate) +
                        (json ? QStringLiteral(".json") : QStringLiteral(".csv")));
    connect(chooser, &QFileDialog::fileSelected, this, [this, json](const QString &path) {
        const QString error = exportTo(path, json);
        if (!error.isEmpty()) {
            auto *box = new QMessageBox(QMessageBox::Warning, tr("Export failed"), error, QMessageBox::Ok, this);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            return;
        }
        m_count->setText(
            tr("%n entry(ies) exported to %1", nullptr, int(m_model->rowCount())).arg(QDir::toNativeSeparators(path)));
    });
    chooser->open();
}

} // namespace nephele::views
