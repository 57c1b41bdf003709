#include "mainwindow.h"

#include "addaccountdialog.h"
#include "detailspane.h"
#include "icons.h"
#include "inventorydelegate.h"

#include "accounts/accountendpoint.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "core/job.h"
#include "inventory/inventorystore.h"
#include "search/searchfilter.h"
#include "sync/accountsession.h"
#include "tree/inventorytreemodel.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace nephele::views {

using drivers::MachineAction;
using models::AccountSession;
using Model = models::InventoryTreeModel;

MainWindow::MainWindow(const MainWindowServices &services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_model(new Model(services.inventory, this))
{
    setWindowTitle(tr("Nephele"));
    setWindowIcon(icons::app());
    resize(1360, 820);
    buildActions();
    buildUi();
    updateActions();
    updateCounts();
}

MainWindow::~MainWindow()
{
    // Sessions go first: their drivers may hold requests on the shared network manager. Nothing
    // they or the model say may reach this half-destroyed window.
    disconnect(m_model, nullptr, this, nullptr);
    for (AccountSession *s : std::as_const(m_sessions))
        disconnect(s, nullptr, this, nullptr);
    qDeleteAll(m_sessions);
    m_sessions.clear();
}

QAction *MainWindow::action(Command command) const
{
    return m_actions.value(command);
}

void MainWindow::buildActions()
{
    auto make = [this](Command command, const QIcon &icon, const QString &text, const QString &tip,
                       const QKeySequence &shortcut = {}) {
        auto *action = new QAction(icon, text, this);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        if (!shortcut.isEmpty())
            action->setShortcut(shortcut);
        m_actions.insert(command, action);
        return action;
    };
    connect(make(Command::Start, icons::start(), tr("Start"), tr("Start the selected machines"),
                 QKeySequence(Qt::CTRL | Qt::Key_Return)),
            &QAction::triggered, this, [this] { runOnSelection(MachineAction::Start); });
    connect(make(Command::Stop, icons::stop(), tr("Stop"), tr("Power off the selected machines"),
                 QKeySequence(Qt::CTRL | Qt::Key_Period)),
            &QAction::triggered, this, [this] { runOnSelection(MachineAction::Stop); });
    connect(make(Command::Reboot, icons::reboot(), tr("Reboot"), tr("Reboot the selected machines"),
                 QKeySequence(Qt::CTRL | Qt::Key_R)),
            &QAction::triggered, this, [this] { runOnSelection(MachineAction::Reboot); });
    connect(make(Command::Destroy, icons::destroy(), tr("Destroy…"), tr("Destroy the selected machines"),
                 QKeySequence::Delete),
            &QAction::triggered, this, [this] { runOnSelection(MachineAction::Destroy); });
    connect(make(Command::Refresh, icons::refresh(), tr("Refresh"),
                 tr("List the selected accounts again (all accounts when none is selected)"), QKeySequence::Refresh),
            &QAction::triggered, this, &MainWindow::refreshSelected);
    connect(make(Command::AddAccount, icons::addAccount(), tr("Add account…"), tr("Add a cloud account"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)),
            &QAction::triggered, this, &MainWindow::openAddAccount);
}

void MainWindow::buildUi()
{
    // Toolbar: actions on the left, search on the right.
    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(20, 20));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(action(Command::AddAccount));
    toolbar->addAction(action(Command::Refresh));
    toolbar->addSeparator();
    toolbar->addAction(action(Command::Start));
    toolbar->addAction(action(Command::Stop));
    toolbar->addAction(action(Command::Reboot));
    toolbar->addSeparator();
    toolbar->addAction(action(Command::Destroy));
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);

    m_search = new QLineEdit(toolbar);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search: name, IP, tag, state:running, region:nyc3…"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(icons::search(), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(340);
    m_search->setToolTip(tr("Words match a name, id, IP or tag. Restrict with state:, region:, size:, tag:, "
                            "account:. Prefix with - to exclude. All terms must match."));
    toolbar->addWidget(m_search);
    m_count = new QLabel(toolbar);
    m_count->setContentsMargins(10, 0, 6, 0);
    m_count->setForegroundRole(QPalette::PlaceholderText);
    toolbar->addWidget(m_count);
    auto *focusSearch = new QAction(this);
    focusSearch->setShortcut(QKeySequence::Find);
    connect(focusSearch, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(focusSearch);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(150);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &MainWindow::applySearch);

    // Tree.
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("inventoryTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new InventoryDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setAlternatingRowColors(true);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setAnimated(false);
    m_tree->setFrameShape(QFrame::NoFrame);
    m_tree->header()->setSortIndicator(Model::NameColumn, Qt::AscendingOrder);
    m_tree->setSortingEnabled(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_tree->header()->setHighlightSections(false);
    const QList<std::pair<int, int>> widths = {{Model::NameColumn, 250},     {Model::StateColumn, 170},
                                               {Model::RegionColumn, 70},    {Model::SizeColumn, 125},
                                               {Model::PublicIpColumn, 120}, {Model::MonthlyCostColumn, 100}};
    for (const auto &[column, width] : widths)
        m_tree->setColumnWidth(column, width);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { m_details->showIndex(current); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        // Accounts open on their regions; regions stay folded.
        if (!parent.isValid()) {
            for (int row = first; row <= last; ++row)
                m_tree->expand(m_model->index(row, 0));
        }
    });
    connect(m_model, &Model::countsChanged, this, &MainWindow::updateCounts);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);

    // Banner for notices (e.g. a settings file kept aside).
    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("notice"));
    m_banner->setStyleSheet(QStringLiteral("QFrame#notice { background: #fff4ce; border-bottom: 1px solid #e8d58c; }"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(12, 6, 6, 6);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton(m_banner);
    dismiss->setText(tr("Dismiss"));
    dismiss->setAutoRaise(true);
    connect(dismiss, &QToolButton::clicked, m_banner, &QWidget::hide);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(dismiss);
    m_banner->hide();

    m_details = new DetailsPane(m_services.inventory, m_model, this);
    m_details->setObjectName(QStringLiteral("details"));
    connect(m_details, &DetailsPane::retryRequested, this, [this](const QString &accountId) {
        if (AccountSession *s = session(accountId))
            s->retry();
    });

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({1000, 360});
    splitter->setChildrenCollapsible(false);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    // Status bar: messages left, jobs right.
    m_summary = new QLabel(this);
    m_summary->setContentsMargins(6, 0, 12, 0);
    m_statusText = new QLabel(this);
    m_jobText = new QLabel(this);
    m_jobProgress = new QProgressBar(this);
    m_jobProgress->setMaximumWidth(180);
    m_jobProgress->setMaximumHeight(14);
    m_jobProgress->setTextVisible(false);
    m_jobProgress->hide();
    statusBar()->addWidget(m_summary);
    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(m_jobText);
    statusBar()->addPermanentWidget(m_jobProgress);
}

void MainWindow::showNotice(const QString &text)
{
    m_bannerText->setText(text);
    m_banner->show();
}

void MainWindow::addSession(AccountSession *session)
{
    session->setParent(this);
    if (AccountSession *old = m_sessions.value(session->accountId()); old && old != session)
        delete old;
    m_sessions.insert(session->accountId(), session);
    connect(session, &AccountSession::jobStarted, this, &MainWindow::watchJob);
    connect(session, &AccountSession::statusChanged, this, &MainWindow::updateActions);
    updateActions();
}

// ---- selection and actions --------------------------------------------------------------------

QList<MainWindow::Target> MainWindow::selectedMachines() const
{
    QList<Target> targets;
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows(Model::NameColumn);
    for (const QModelIndex &index : rows) {
        if (m_model->nodeType(index) != Model::NodeType::Machine)
            continue;
        targets.append({index.data(Model::AccountIdRole).toString(), index.data(Model::MachineIdRole).toString(),
                        index.data().toString()});
    }
    return targets;
}

QStringList MainWindow::selectedAccounts() const
{
    QStringList ids;
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows(Model::NameColumn);
    for (const QModelIndex &index : rows) {
        const QString id = index.data(Model::AccountIdRole).toString();
        if (!id.isEmpty() && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

void MainWindow::updateActions()
{
    const QList<Target> targets = selectedMachines();
    const QList<std::pair<Command, MachineAction>> machineCommands = {{Command::Start, MachineAction::Start},
                                                                      {Command::Stop, MachineAction::Stop},
                                                                      {Command::Reboot, MachineAction::Reboot},
                                                                      {Command::Destroy, MachineAction::Destroy}};
    for (const auto &[command, machineAction] : machineCommands) {
        bool enabled = false;
        for (const Target &t : targets) {
            const AccountSession *s = session(t.accountId);
            const drivers::Capabilities *caps = s ? s->capabilities() : nullptr;
            if (caps && caps->supports(machineAction)) {
                enabled = true;
                break;
            }
        }
        action(command)->setEnabled(enabled);
    }
    action(Command::Refresh)->setEnabled(!m_sessions.isEmpty());
}

void MainWindow::runOnSelection(MachineAction machineAction)
{
    QList<Target> targets = selectedMachines();
    // Only machines whose provider can do it.
    targets.removeIf([&](const Target &t) {
        const AccountSession *s = session(t.accountId);
        return !s || !s->capabilities() || !s->capabilities()->supports(machineAction);
    });
    if (targets.isEmpty())
        return;
    if (machineAction == MachineAction::Destroy)
        confirmDestroy(targets);
    else
        run(machineAction, targets);
}

void MainWindow::confirmDestroy(const QList<Target> &targets)
{
    QStringList names;
    for (const Target &t : targets)
        names.append(t.name);
    const int shown = 10;
    QString list = names.mid(0, shown).join(QStringLiteral("\n• "));
    if (names.size() > shown)
        list += QStringLiteral("\n") + tr("…and %n more", nullptr, int(names.size() - shown));
    auto *box = new QMessageBox(
        QMessageBox::Warning,
        targets.size() == 1 ? tr("Destroy %1?").arg(names.first())
                            : tr("Destroy %n machine(s)?", nullptr, int(targets.size())),
        tr("This permanently destroys:\n• %1\n\nTheir disks and data are deleted. This cannot be undone.").arg(list),
        QMessageBox::Cancel, this);
    QPushButton *destroy = box->addButton(tr("Destroy"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setObjectName(QStringLiteral("confirmDestroy"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, destroy, targets] {
        if (box->clickedButton() == destroy)
            run(MachineAction::Destroy, targets);
    });
    box->open();
}

void MainWindow::run(MachineAction machineAction, const QList<Target> &targets)
{
    QHash<QString, QStringList> byAccount;
    for (const Target &t : targets)
        byAccount[t.accountId].append(t.machineId);
    for (auto it = byAccount.cbegin(); it != byAccount.cend(); ++it) {
        if (AccountSession *s = session(it.key()))
            s->runAction(machineAction, it.value());
    }
    const QString verb = drivers::machineActionName(machineAction);
    m_statusText->setText(targets.size() == 1
                              ? tr("Requested %1 of %2.").arg(verb, targets.first().name)
                              : tr("Requested %1 of %n machine(s).", nullptr, int(targets.size())).arg(verb));
}

void MainWindow::refreshSelected()
{
    QStringList ids = selectedAccounts();
    if (ids.isEmpty())
        ids = m_sessions.keys();
    for (const QString &id : std::as_const(ids)) {
        if (AccountSession *s = session(id))
            s->retry();
    }
}

void MainWindow::watchJob(drivers::Job *job)
{
    m_jobs.append(job);
    connect(job, &drivers::Job::progressChanged, this, &MainWindow::updateJobStatus);
    connect(job, &drivers::Job::finished, this, [this, job] {
        if (job->error())
            m_statusText->setText(tr("Failed: %1").arg(job->error()->summary()));
        else if (job->status() == drivers::Job::Status::Succeeded)
            m_statusText->setText(tr("Done: %1").arg(job->description()));
        updateJobStatus();
    });
    if (job->isFinished() && job->error())
        m_statusText->setText(tr("Failed: %1").arg(job->error()->summary()));
    updateJobStatus();
}

void MainWindow::updateJobStatus()
{
    m_jobs.removeIf([](const QPointer<drivers::Job> &job) { return !job || job->isFinished(); });
    if (m_jobs.isEmpty()) {
        m_jobText->clear();
        m_jobProgress->hide();
        return;
    }
    int total = 0;
    for (const auto &job : std::as_const(m_jobs))
        total += job->progress();
    m_jobText->setText(m_jobs.size() == 1
                           ? m_jobs.first()->description() + QStringLiteral(" — ") + m_jobs.first()->progressText()
                           : tr("%n action(s) running", nullptr, int(m_jobs.size())));
    m_jobProgress->setRange(0, 100);
    m_jobProgress->setValue(total / int(m_jobs.size()));
    m_jobProgress->show();
}

void MainWindow::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_tree->indexAt(pos);
    if (!index.isValid())
        return;
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (m_model->nodeType(index) == Model::NodeType::Machine) {
        menu->addAction(action(Command::Start));
        menu->addAction(action(Command::Stop));
        menu->addAction(action(Command::Reboot));
        menu->addSeparator();
        menu->addAction(action(Command::Destroy));
        menu->addSeparator();
    }
    menu->addAction(action(Command::Refresh));
    menu->popup(m_tree->viewport()->mapToGlobal(pos));
}

// ---- search and counts -----------------------------------------------------------------------

void MainWindow::applySearch()
{
    const models::SearchFilter filter = models::SearchFilter::parse(m_search->text());
    m_model->setFilter(filter);
    // Show every match; without a filter, accounts open on their regions.
    if (!filter.isEmpty()) {
        m_tree->expandAll();
    } else {
        for (int row = 0; row < m_model->rowCount(); ++row)
            m_tree->expand(m_model->index(row, 0));
    }
    updateActions();
}

QString MainWindow::shownCountText() const
{
    return m_count->text();
}

void MainWindow::updateCounts()
{
    const QLocale locale;
    const qsizetype shown = m_model->shownMachineCount();
    const qsizetype total = m_model->totalMachineCount();
    double cost = 0;
    const QStringList accountIds = m_services.inventory->accountIds();
    for (const QString &id : accountIds)
        cost += m_services.inventory->monthlyCost(id);
    m_summary->setText(tr("%n account(s)", nullptr, int(accountIds.size())) + QStringLiteral("  ·  ") +
                       tr("%n machine(s)", nullptr, int(total)) + QStringLiteral("  ·  ") +
                       tr("%1 per month").arg(Model::formatCost(cost)));
    if (m_model->filter().isEmpty())
        m_count->setText(tr("%1 machines").arg(locale.toString(qint64(total))));
    else
        m_count->setText(tr("shown %1 of %2").arg(locale.toString(qint64(shown)), locale.toString(qint64(total))));
}

// ---- accounts --------------------------------------------------------------------------------

void MainWindow::openAddAccount()
{
    auto *dialog = new AddAccountDialog(m_services.network, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addAccountFromDialog(dialog); });
    dialog->open();
}

void MainWindow::addAccountFromDialog(const AddAccountDialog *dialog)
{
    const models::Account account = dialog->account();
    const QString token = dialog->token();
    models::AccountInfo info;
    info.id = account.id;
    info.name = account.name;
    info.provider = account.provider;

    auto endpoint = models::endpointFor(account, token);
    if (!endpoint) {
        showNotice(endpoint.error());
        return;
    }
    auto startSession = [this, info, endpoint = *endpoint] {
        auto *s = AccountSession::create(info, endpoint, m_services.network, m_services.inventory, this);
        addSession(s);
        s->start();
    };
    if (!m_services.accounts || !m_services.secrets) {
        startSession();
        m_statusText->setText(
            tr("Account %1 added for this session only (demo mode keeps nothing).").arg(account.name));
        return;
    }
    // The token goes to the keychain first; the account is saved only once its token is safe.
    m_statusText->setText(tr("Saving the token of %1 in the keychain…").arg(account.name));
    m_services.secrets->write(account.id, token)
        .then(this, [this, account, startSession](const models::SecretStatus &stored) {
            if (!stored) {
                showNotice(tr("Account %1 was not added: %2").arg(account.name, stored.error()));
                m_statusText->clear();
                return;
            }
            if (auto saved = m_services.accounts->add(account); !saved) {
                showNotice(tr("Account %1 was not added: %2").arg(account.name, saved.error()));
                m_services.secrets->remove(account.id);
                m_statusText->clear();
                return;
            }
            m_statusText->setText(tr("Account %1 added.").arg(account.name));
            startSession();
        });
}

} // namespace nephele::views
