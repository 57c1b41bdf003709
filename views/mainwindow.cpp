#include "mainwindow.h"

#include "addaccountdialog.h"
#include "auditview.h"
#include "core/poolwork.h"
#include "costdashboard.h"
#include "detailspane.h"
#include "icons.h"
#include "importaccountsdialog.h"
#include "inventorydelegate.h"
#include "inventorytreeview.h"
#include "podexectab.h"
#include "podlogpane.h"
#include "policyeditor.h"
#include "provisionwizard.h"
#include "shelltab.h"
#include "sshkeysdialog.h"

#include "access/machineaccess.h"
#include "access/sshkeystore.h"
#include "accounts/accountendpoint.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "audit/auditlog.h"
#include "core/job.h"
#include "cost/costformat.h"
#include "cost/costhistory.h"
#include "cost/costmodel.h"
#include "inventory/inventorycache.h"
#include "inventory/inventorystore.h"
#include "provisioning/currentpolicy.h"
#include "provisioning/governedactions.h"
#include "provisioning/leasewatcher.h"
#include "search/searchfilter.h"
#include "sync/accountsession.h"
#include "tree/inventorytreemodel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <memory>

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
    buildGovernanceActions();
    buildUi();
    buildMenus();
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
    connect(make(Command::OpenShell, QIcon::fromTheme(QStringLiteral("utilities-terminal")), tr("Open shell"),
                 tr("Open a shell on the selected machine: SSH, or in the container of a pod"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)),
            &QAction::triggered, this, &MainWindow::openShell);
    connect(make(Command::ViewLogs, QIcon::fromTheme(QStringLiteral("text-x-generic")), tr("View logs"),
                 tr("Show the log of the selected pod or container"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L)),
            &QAction::triggered, this, &MainWindow::openLogs);
    connect(make(Command::AddAccount, icons::addAccount(), tr("Add account…"), tr("Add a cloud account"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)),
            &QAction::triggered, this, &MainWindow::openAddAccount);
    connect(make(Command::EditAccount, QIcon(), tr("Edit account…"),
                 tr("Change the selected account's name, endpoint, certificate or token")),
            &QAction::triggered, this, &MainWindow::openEditAccount);
    connect(make(Command::RenameAccount, QIcon(), tr("Rename account…"), tr("Rename the selected account"),
                 QKeySequence(Qt::Key_F2)),
            &QAction::triggered, this, &MainWindow::openRenameAccount);
    connect(make(Command::ToggleAccount, QIcon(), tr("Disable account"),
                 tr("Stop or resume listing the selected account; its machines stay shown")),
            &QAction::triggered, this, &MainWindow::toggleAccount);
    connect(make(Command::RemoveAccount, QIcon(), tr("Remove account…"),
                 tr("Remove the selected account, its settings and its token from Nephele")),
            &QAction::triggered, this, &MainWindow::confirmRemoveAccount);
    connect(make(Command::ExportAccounts, QIcon(), tr("Export account list…"),
                 tr("Save the accounts' settings, without any token, to a file")),
            &QAction::triggered, this, &MainWindow::openExportAccounts);
    connect(make(Command::ImportAccounts, QIcon(), tr("Import account list…"),
                 tr("Add the accounts of an exported list; each then needs its token")),
            &QAction::triggered, this, &MainWindow::openImportAccounts);
    connect(make(Command::DiscoverAccounts, QIcon(), tr("Import accounts…"),
                 tr("Find the accounts your tools already know (kubeconfig, AWS, clouds.yaml, doctl, hcloud, SSH) "
                    "and add the ones you pick")),
            &QAction::triggered, this, &MainWindow::openDiscoveredAccounts);
    connect(make(Command::ForgetSecrets, QIcon(), tr("Forget all secrets…"),
                 tr("Remove every account's token from the keychain, keeping the accounts")),
            &QAction::triggered, this, &MainWindow::confirmForgetSecrets);
    connect(make(Command::SshKeys, QIcon::fromTheme(QStringLiteral("dialog-password")), tr("SSH keys…"),
                 tr("The SSH private keys kept in the keychain: add, generate, copy the public key, remove")),
            &QAction::triggered, this, &MainWindow::openSshKeys);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setToolTipsVisible(true);
    file->addAction(action(Command::AddAccount));
    file->addAction(action(Command::CreateMachine));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *account = menuBar()->addMenu(tr("&Account"));
    account->setToolTipsVisible(true);
    // Everything about accounts in one place: adding, changing the selected one, the whole list.
    account->addAction(action(Command::AddAccount));
    account->addAction(action(Command::DiscoverAccounts));
    account->addSeparator();
    account->addAction(action(Command::EditAccount));
    account->addAction(action(Command::RenameAccount));
    account->addAction(action(Command::ToggleAccount));
    account->addAction(action(Command::RemoveAccount));
    account->addSeparator();
    account->addAction(action(Command::ExportAccounts));
    account->addAction(action(Command::ImportAccounts));
    account->addAction(action(Command::ForgetSecrets));
    account->addSeparator();
    account->addAction(action(Command::SshKeys));
    account->addSeparator();
    account->addAction(action(Command::Refresh));

    QMenu *governance = menuBar()->addMenu(tr("&Governance"));
    governance->setToolTipsVisible(true);
    for (Command command : {Command::PolicySettings, Command::EditPolicy, Command::AuditLog})
        governance->addAction(action(command));
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
    toolbar->addAction(action(Command::CreateMachine));
    toolbar->addAction(action(Command::Refresh));
    toolbar->addSeparator();
    toolbar->addAction(action(Command::Start));
    toolbar->addAction(action(Command::Stop));
    toolbar->addAction(action(Command::Reboot));
    toolbar->addAction(action(Command::OpenShell));
    toolbar->addAction(action(Command::ViewLogs));
    toolbar->addSeparator();
    toolbar->addAction(action(Command::Destroy));
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);

    m_grouping = new QComboBox(toolbar);
    m_grouping->setObjectName(QStringLiteral("grouping"));
    m_grouping->setToolTip(tr("How the tree groups what it shows"));
    m_grouping->addItem(tr("Accounts › locations"));
    m_grouping->addItem(tr("Accounts › hierarchy (clusters, hypervisors)"));
    m_grouping->addItem(tr("Tag…"));
    // Sized for the short choices, not the longest: the toolbar keeps room for the search field.
    m_grouping->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_grouping->setMinimumContentsLength(20);
    connect(m_grouping, &QComboBox::activated, this, &MainWindow::applyGrouping);
    toolbar->addWidget(m_grouping);

    m_search = new QLineEdit(toolbar);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search: name, IP, tag, state:running, region:nyc3…"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(icons::search(), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(280);
    m_searchHelp =
        tr("Words match a name, id, IP or tag; \"quotes\" match a name or id exactly.\n"
           "Fields: state:running, account:prod (or cloud:), region:nyc3, size:, image:, kind:pod, ip:, owner:, "
           "tag:env or tag:env=dev.\nNumbers: cpu>2, ram>=4GB, disk<100, cost>20, age>7d.\n"
           "Combine with AND (the default), OR, NOT or -, and parentheses; != excludes a value.");
    m_search->setToolTip(m_searchHelp);
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
    m_tree = new InventoryTreeView(this);
    m_tree->setObjectName(QStringLiteral("inventoryTree"));
    m_tree->setModel(m_model);
    m_tree->inventoryDelegate()->setAccountNote([this](const QString &accountId) { return accountNote(accountId); });
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setFrameShape(QFrame::NoFrame);
    m_tree->header()->setSortIndicator(Model::NameColumn, Qt::AscendingOrder);
    m_tree->setSortingEnabled(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_tree->header()->setHighlightSections(false);
    const QList<std::pair<int, int>> widths = {
        {Model::NameColumn, 250},     {Model::StateColumn, 190},       {Model::KindColumn, 80},
        {Model::AccountColumn, 120},  {Model::RegionColumn, 80},       {Model::SizeColumn, 125},
        {Model::PublicIpColumn, 120}, {Model::MonthlyCostColumn, 100}, {Model::TagsColumn, 160},
        {Model::AgeColumn, 60},       {Model::OwnerColumn, 100},       {Model::ExpirationColumn, 130},
        {Model::RestartsColumn, 70},  {Model::CpuUsageColumn, 60},     {Model::MemoryUsageColumn, 80}};
    for (const auto &[column, width] : widths)
        m_tree->setColumnWidth(column, width);
    // Shown by default: what tells machines apart at a glance; the rest from the header's menu.
    for (int column : {int(Model::AccountColumn), int(Model::OwnerColumn), int(Model::ExpirationColumn)})
        m_tree->setColumnHidden(column, true);
    // Restarts and usage (Kubernetes) next to the size, where the eye compares them.
    for (int column : {int(Model::MemoryUsageColumn), int(Model::CpuUsageColumn), int(Model::RestartsColumn)})
        m_tree->header()->moveSection(m_tree->header()->visualIndex(column),
                                      m_tree->header()->visualIndex(Model::SizeColumn) + 1);
    m_tree->header()->setSectionsMovable(true);
    m_tree->header()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree->header(), &QHeaderView::customContextMenuRequested, this, &MainWindow::showHeaderMenu);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { m_details->showIndex(current); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        // Accounts open on their regions; regions stay folded. While a search shows a few
        // matches, rows that arrive with matches open too.
        if (!m_model->filter().isEmpty() && m_model->shownMachineCount() <= 2000) {
            for (int row = first; row <= last; ++row)
                m_tree->expandRecursively(m_model->index(row, 0, parent));
        } else if (!parent.isValid()) {
            for (int row = first; row <= last; ++row)
                m_tree->expand(m_model->index(row, 0));
        }
    });
    connect(m_model, &Model::countsChanged, this, &MainWindow::updateCounts);
    // A refresh can change thousands of rows: look at the selection's actions once after it.
    m_actionsDelay = new QTimer(this);
    m_actionsDelay->setSingleShot(true);
    m_actionsDelay->setInterval(0);
    connect(m_actionsDelay, &QTimer::timeout, this, &MainWindow::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, m_actionsDelay, qOverload<>(&QTimer::start));

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

    // Shells open in tabs below the tree and the details, hidden until the first one.
    if (!m_services.access) {
        m_services.access = new models::MachineAccessStore(
            m_services.accounts ? models::MachineAccessStore::defaultFilePath() : QString(), this);
        if (auto loaded = m_services.access->load(); !loaded)
            showNotice(loaded.error());
    }
    if (!m_services.sshKeys) {
        // Listed next to the machine logins that name them; kept only where those are kept.
        const QString list =
            m_services.access->filePath().isEmpty()
                ? QString()
                : QFileInfo(m_services.access->filePath()).dir().filePath(QStringLiteral("ssh-keys.json"));
        m_services.sshKeys = new models::SshKeyStore(m_services.secrets, list, this);
        if (auto loaded = m_services.sshKeys->load(); !loaded)
            showNotice(loaded.error());
    }
    if (!m_services.sshKeys->secrets()) {
        action(Command::SshKeys)->setEnabled(false);
        action(Command::SshKeys)
            ->setToolTip(tr("No keychain is open (the demo keeps nothing): SSH keys cannot be kept"));
    }
    m_shells = new ShellTabs(m_services.access, m_services.sshKeys, this);
    m_shells->hide();
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(QStringLiteral("shellSplitter"));
    vertical->addWidget(splitter);
    vertical->addWidget(m_shells);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 3);
    vertical->setChildrenCollapsible(false);
    connect(m_shells, &ShellTabs::countChanged, this, [this, vertical](int count) {
        if (count > 0 && m_shells->isHidden()) {
            m_shells->show();
            vertical->setSizes({vertical->height() * 2 / 5, vertical->height() * 3 / 5});
        }
        m_shells->setVisible(count > 0);
    });

    // Cost (issue 7): one model for the tree, the details and the dashboard. The history is kept
    // on disk for real accounts only; the demo's lives in memory, as its accounts do.
    m_cost = new models::cost::CostModel(m_services.inventory, this);
    if (m_services.accounts)
        m_cost->loadSettings(models::cost::CostSettings::defaultPath());
    m_costHistory = new models::cost::CostHistory(this);
    connect(m_costHistory, &models::cost::CostHistory::problem, this, &MainWindow::showNotice);
    m_costHistory->open(m_services.cache ? models::cost::CostHistory::defaultPath() : QString());
    m_cost->setHistory(m_costHistory);
    m_model->setCostModel(m_cost);
    m_costDashboard = new CostDashboard(m_cost, m_costHistory, this);
    connect(m_cost, &models::cost::CostModel::changed, this, [this] {
        // One amount per currency: amounts in different currencies are never added up.
        QStringList amounts;
        for (const models::cost::CurrencyTotal &t : m_cost->breakdown().totals)
            amounts << models::cost::formatMoney(t.monthly, t.currency);
        m_summary->setProperty("runRate", amounts.join(QStringLiteral(" + ")));
        updateCounts();
    });
    m_mainTabs = new QTabWidget(this);
    m_mainTabs->setObjectName(QStringLiteral("mainTabs"));
    m_mainTabs->setDocumentMode(true);
    m_mainTabs->addTab(vertical, tr("Inventory"));
    m_mainTabs->addTab(m_costDashboard, tr("Cost"));
    // A click on a chart shows those machines in the tree.
    connect(m_costDashboard, &CostDashboard::filterRequested, this, [this](const QString &query) {
        m_search->setText(query);
        m_mainTabs->setCurrentIndex(0);
    });

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_mainTabs, 1);
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
    session->setCache(m_services.cache);
    session->setLimiter(m_services.limiter);
    connect(session, &AccountSession::jobStarted, this, &MainWindow::watchJob);
    connect(session, &AccountSession::statusChanged, this, &MainWindow::updateActions);
    updateActions();
}

void MainWindow::addDemoSession(AccountSession *session)
{
    m_demoAccounts.insert(session->accountId());
    addSession(session);
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
            if (caps && caps->supports(machineAction, kindOf(t))) {
                enabled = true;
                break;
            }
        }
        action(command)->setEnabled(enabled);
    }
    action(Command::Refresh)->setEnabled(!m_sessions.isEmpty());
    action(Command::OpenShell)->setEnabled(targets.size() == 1);
    action(Command::ViewLogs)->setEnabled(targets.size() == 1 && isPodLike(targets.first(), false));
    action(Command::CreateMachine)->setEnabled(std::any_of(m_sessions.cbegin(), m_sessions.cend(), [](auto *s) {
        return s->capabilities() && s->capabilities()->createMachine && s->isEnabled();
    }));

    const QString accountId = currentAccountId();
    const bool managed = isManaged(accountId);
    const models::Account *account = managed ? m_services.accounts->find(accountId) : nullptr;
    action(Command::ToggleAccount)
        ->setText(account && !account->enabled ? tr("Enable account") : tr("Disable account"));
    const QString whyNot =
        accountId.isEmpty() ? QString()
        : m_demoAccounts.contains(accountId) || !m_services.accounts
            ? tr("Demo accounts exist only while the demo runs: they cannot be edited, disabled or removed.")
            : tr("This account is not in the account settings, so it cannot be changed.");
    const QList<std::pair<Command, QString>> accountCommands = {
        {Command::EditAccount, tr("Change the selected account's name, endpoint, certificate or token")},
        {Command::RenameAccount, tr("Rename the selected account")},
        {Command::ToggleAccount, tr("Stop or resume listing the selected account; its machines stay shown")},
        {Command::RemoveAccount, tr("Remove the selected account, its settings and its token from Nephele")}};
    for (const auto &[command, tip] : accountCommands) {
        QAction *a = action(command);
        a->setEnabled(managed);
        a->setToolTip(managed || whyNot.isEmpty() ? tip : whyNot);
        a->setStatusTip(a->toolTip());
    }
    const bool stored = m_services.accounts && m_services.secrets;
    action(Command::ExportAccounts)->setEnabled(stored);
    action(Command::ImportAccounts)->setEnabled(stored);
    action(Command::ForgetSecrets)->setEnabled(stored);
    action(Command::DiscoverAccounts)->setEnabled(stored);
    if (!stored) {
        const QString demo = tr("The demo keeps no account settings.");
        for (Command command :
             {Command::ExportAccounts, Command::ImportAccounts, Command::ForgetSecrets, Command::DiscoverAccounts})
            action(command)->setToolTip(demo);
    }
    m_tree->viewport()->update(); // the account notes may have changed
}

drivers::MachineKind MainWindow::kindOf(const Target &target) const
{
    const auto slot = m_services.inventory->find(target.accountId, target.machineId);
    return slot ? m_services.inventory->record(*slot).kind : drivers::MachineKind::Vm;
}

void MainWindow::runOnSelection(MachineAction machineAction)
{
    QList<Target> targets = selectedMachines();
    // Only machines whose provider can do it.
    targets.removeIf([&](const Target &t) {
        const AccountSession *s = session(t.accountId);
        return !s || !s->capabilities() || !s->capabilities()->supports(machineAction, kindOf(t));
    });
    if (targets.isEmpty())
        return;
    if (machineAction == MachineAction::Destroy && m_governed) {
        // Ask the policy before asking the user: a denied machine is reported, never confirmed.
        QList<models::provisioning::GovernedActions::Target> asked;
        for (const Target &t : std::as_const(targets))
            asked.append({t.accountId, t.machineId, t.name});
        const auto denied = m_governed->denials(machineAction, asked);
        if (!denied.isEmpty()) {
            m_governed->recordDenials(machineAction, denied);
            QStringList lines;
            for (const auto &d : denied) {
                lines << d.target.name + QStringLiteral(": ") + d.reason;
                targets.removeIf([&](const Target &t) {
                    return t.accountId == d.target.accountId && t.machineId == d.target.machineId;
                });
            }
            showDenials(machineAction, lines);
        }
        if (targets.isEmpty())
            return;
    }
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
    QStringList denied;
    for (auto it = byAccount.cbegin(); it != byAccount.cend(); ++it) {
        AccountSession *s = session(it.key());
        if (!s)
            continue;
        if (!m_governed) {
            s->runAction(machineAction, it.value());
            continue;
        }
        // Checked against the policy and recorded in the audit trail, one machine at a time.
        QList<models::provisioning::GovernedActions::Target> governed;
        for (const Target &t : targets) {
            if (t.accountId == it.key())
                governed.append({t.accountId, t.machineId, t.name});
        }
        for (const auto &d : m_governed->run(s, machineAction, governed))
            denied << d.target.name + QStringLiteral(": ") + d.reason;
    }
    if (!denied.isEmpty())
        showDenials(machineAction, denied);
    if (denied.size() == targets.size())
        return;
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
        menu->addAction(action(Command::OpenShell));
        if (action(Command::ViewLogs)->isEnabled())
            menu->addAction(action(Command::ViewLogs));
        menu->addSeparator();
        menu->addAction(action(Command::Destroy));
        menu->addSeparator();
    }
    menu->addAction(action(Command::Refresh));
    menu->addAction(action(Command::CreateMachine));
    menu->addSeparator();
    menu->setToolTipsVisible(true); // says why a demo account cannot be changed
    menu->addAction(action(Command::EditAccount));
    menu->addAction(action(Command::RenameAccount));
    menu->addAction(action(Command::ToggleAccount));
    menu->addAction(action(Command::RemoveAccount));
    menu->popup(m_tree->viewport()->mapToGlobal(pos));
}

SshKeysDialog *MainWindow::openSshKeys()
{
    auto *dialog = new SshKeysDialog(m_services.sshKeys, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void MainWindow::openShell()
{
    const QList<Target> targets = selectedMachines();
    if (targets.size() != 1)
        return;
    if (isPodLike(targets.first(), true)) {
        // A pod or a container: a shell in the container over the cluster's exec, no SSH.
        const PodRef pod = podRefOf(targets.first());
        AccountSession *s = session(targets.first().accountId);
        if (!s || !s->driver() || pod.podId.isEmpty())
            return;
        PodExecTarget target{
            s->driver()->endpoint(), pod.podId, pod.container.isEmpty() ? pod.containers.value(0) : pod.container, {}};
        auto *tab = new PodExecTab(std::move(target), m_services.network, m_shells);
        m_shells->addSession(tab, tab->toolTip());
        tab->start();
        tab->setFocus();
        return;
    }
    ShellTarget target{targets.first().accountId, targets.first().machineId, targets.first().name, {}, {}};
    if (const auto slot = m_services.inventory->find(target.accountId, target.machineId)) {
        const drivers::Machine machine = m_services.inventory->machine(*slot);
        target.publicIps = machine.publicIps;
        target.privateIps = machine.privateIps;
    }
    if (const models::AccountInfo *account = m_services.inventory->account(target.accountId))
        target.accountName = account->name;
    m_shells->openShell(target);
}

void MainWindow::openLogs()
{
    const QList<Target> targets = selectedMachines();
    if (targets.size() != 1 || !isPodLike(targets.first(), false))
        return;
    AccountSession *s = session(targets.first().accountId);
    const PodRef pod = podRefOf(targets.first());
    if (!s || !s->driver() || pod.podId.isEmpty())
        return;
    auto *pane = new PodLogPane({s->driver()->endpoint(), pod.podId, pod.containers, pod.container}, m_services.network,
                                m_shells);
    m_shells->addSession(pane, pane->toolTip());
    pane->start();
    pane->setFocus();
}

bool MainWindow::isPodLike(const Target &target, bool exec) const
{
    const drivers::MachineKind kind = kindOf(target);
    if (kind != drivers::MachineKind::Pod && kind != drivers::MachineKind::Container)
        return false;
    const AccountSession *s = session(target.accountId);
    const drivers::Capabilities *caps = s ? s->capabilities() : nullptr;
    return caps && (exec ? caps->containerExec : caps->containerLogs);
}

MainWindow::PodRef MainWindow::podRefOf(const Target &target) const
{
    PodRef ref;
    const models::InventoryStore *store = m_services.inventory;
    const auto slot = store->find(target.accountId, target.machineId);
    if (!slot)
        return ref;
    std::optional<models::InventoryStore::Slot> podSlot = slot;
    if (store->record(*slot).kind == drivers::MachineKind::Container) {
        // Its id is "namespace/pod/container"; its parent is the pod.
        ref.podId = target.machineId.section(u'/', 0, 1);
        ref.container = target.machineId.section(u'/', 2);
        podSlot = store->find(target.accountId, ref.podId);
    } else {
        ref.podId = target.machineId;
    }
    if (podSlot) {
        // The pod's containers, in the order listed. Only on a click: a scan of the account is fine.
        for (const models::InventoryStore::Slot child : store->machinesOf(target.accountId)) {
            if (store->parentOf(child) == *podSlot && store->record(child).kind == drivers::MachineKind::Container)
                ref.containers.append(store->name(child).toString());
        }
    }
    return ref;
}

// ---- search and counts -----------------------------------------------------------------------

void MainWindow::applySearch()
{
    auto filter = models::SearchFilter::parse(m_search->text());
    if (!filter) {
        // The tree keeps the last good filter; the field says what is wrong and where.
        m_search->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c0392b; border-radius: 3px; }"));
        const QString message =
            tr("Search: %1 (at character %2)").arg(filter.error().message).arg(filter.error().position + 1);
        m_search->setToolTip(message);
        m_statusText->setText(message);
        return;
    }
    m_search->setStyleSheet(QString());
    m_search->setToolTip(m_searchHelp);
    m_model->setFilter(*filter);
    // Show the matches: all of them when they are few, else down to the groups.
    if (!filter->isEmpty() && m_model->shownMachineCount() <= 2000) {
        m_tree->expandAll();
    } else {
        for (int row = 0; row < m_model->rowCount(); ++row)
            m_tree->expand(m_model->index(row, 0));
    }
    updateActions();
}

void MainWindow::applyGrouping(int choice)
{
    if (choice == 2) {
        const QString current = m_model->groupingTagKey();
        bool ok = false;
        const QString key =
            QInputDialog::getText(this, tr("Group by tag"), tr("Tag key (for example env, team or app):"),
                                  QLineEdit::Normal, current.isEmpty() ? QStringLiteral("env") : current, &ok)
                .trimmed();
        if (!ok || key.isEmpty()) {
            m_grouping->setCurrentIndex(int(m_model->grouping()));
            return;
        }
        m_model->setGrouping(Model::Grouping::TagKey, key);
        m_grouping->setItemText(2, tr("Tag: %1").arg(key));
    } else {
        m_model->setGrouping(choice == 1 ? Model::Grouping::Hierarchy : Model::Grouping::AccountLocation);
    }
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_tree->expand(m_model->index(row, 0));
    updateActions();
}

void MainWindow::showHeaderMenu(const QPoint &pos)
{
    QMenu menu(this);
    for (int column = 0; column < Model::ColumnCount; ++column) {
        QAction *toggle = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        toggle->setCheckable(true);
        toggle->setChecked(!m_tree->isColumnHidden(column));
        toggle->setEnabled(column != Model::NameColumn);
        connect(toggle, &QAction::toggled, this, [this, column](bool on) { m_tree->setColumnHidden(column, !on); });
    }
    menu.exec(m_tree->header()->viewport()->mapToGlobal(pos));
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
    const QStringList accountIds = m_services.inventory->accountIds();
    // The cost model's run rate (issue 7), set when its figures change (coalesced).
    QString cost = m_summary->property("runRate").toString();
    if (cost.isEmpty())
        cost = models::cost::formatMoney(0, u"USD");
    m_summary->setText(tr("%n account(s)", nullptr, int(accountIds.size())) + QStringLiteral("  ·  ") +
                       tr("%n machine(s)", nullptr, int(total)) + QStringLiteral("  ·  ") +
                       tr("%1 per month").arg(cost));
    if (m_model->filter().isEmpty())
        m_count->setText(tr("%1 machines").arg(locale.toString(qint64(total))));
    else
        m_count->setText(tr("shown %1 of %2").arg(locale.toString(qint64(shown)), locale.toString(qint64(total))));
}

// ---- accounts --------------------------------------------------------------------------------

namespace {

models::AccountInfo infoFor(const models::Account &account)
{
    models::AccountInfo info;
    info.id = account.id;
    info.name = account.name;
    info.provider = account.provider;
    return info;
}

QString noTokenText()
{
    return MainWindow::tr("No token: edit the account to enter it");
}

} // namespace

QString MainWindow::currentAccountId() const
{
    const QStringList ids = selectedAccounts();
    return ids.size() == 1 ? ids.first() : QString();
}

bool MainWindow::isManaged(const QString &accountId) const
{
    return !accountId.isEmpty() && m_services.accounts && m_services.secrets && !m_demoAccounts.contains(accountId) &&
           m_services.accounts->find(accountId);
}

QString MainWindow::accountNote(const QString &accountId) const
{
    if (const AccountSession *s = session(accountId); s && !s->isEnabled())
        return tr("Disabled");
    if (!isManaged(accountId))
        return {};
    if (m_services.accounts->find(accountId)->needsToken && !m_sessionTokens.contains(accountId))
        return noTokenText();
    return {};
}

void MainWindow::openStoredAccounts()
{
    models::AccountStore *store = m_services.accounts;
    if (!store || !m_services.secrets)
        return;
    if (!store->load())
        showNotice(store->loadError());
    if (models::InventoryCache *cache = m_services.cache) {
        // The last known inventory, marked stale, until each account's first listing lands.
        connect(cache, &models::InventoryCache::loaded, this,
                [this](const QString &id, const QList<drivers::Machine> &machines, const QDateTime &) {
                    const models::AccountInfo *info = m_services.inventory->account(id);
                    if (!info) {
                        m_services.cache->forget(id); // an account removed elsewhere
                        return;
                    }
                    if (info->lastSuccess.isValid())
                        return;
                    m_services.inventory->mergeListing(id, machines);
                    m_services.inventory->markStale(id);
                });
        connect(cache, &models::InventoryCache::problem, this, &MainWindow::showNotice);
    }
    for (const models::Account &account : store->accounts()) {
        if (account.needsToken) {
            // Kept for a session only, imported, or forgotten: the keychain has nothing for it.
            startWithProblem(account, noTokenText());
            continue;
        }
        // The row appears at once; the session replaces it once the token is read.
        m_services.inventory->addAccount(infoFor(account));
        m_services.inventory->setAccountStatus(account.id, models::AccountStatus::Syncing);
        startWithStoredToken(account.id);
    }
    if (m_services.cache)
        m_services.cache->loadAll();
}

void MainWindow::startSession(const models::Account &account, const QString &token, bool sessionOnly)
{
    if (sessionOnly)
        m_sessionTokens.insert(account.id, token);
    else
        m_sessionTokens.remove(account.id);
    m_resolving.remove(account.id);
    if (models::isKubeconfigAccount(account)) {
        // A kubeconfig context may read files and run its credential plugin: resolved off the GUI
        // thread, the row shown meanwhile.
        m_services.inventory->addAccount(infoFor(account));
        m_services.inventory->setAccountStatus(account.id, models::AccountStatus::Syncing);
        const quint64 serial = ++m_resolveSerial;
        m_resolving.insert(account.id, serial);
        runOnPoolFor(this, [account, token] {
            return models::resolveEndpoint(account, token);
        }).then(this, [this, account, serial](const nephele::Expected<models::ResolvedEndpoint, QString> &resolved) {
            if (m_resolving.value(account.id) != serial)
                return; // started again since, or removed
            m_resolving.remove(account.id);
            if (!m_services.inventory->account(account.id))
                return; // removed meanwhile
            if (!resolved) {
                startWithProblem(account, resolved.error());
                return;
            }
            if (!resolved->warnings.isEmpty())
                showNotice(tr("%1: %2").arg(account.name, resolved->warnings.join(u'\n')));
            runSession(account, resolved->endpoint);
        });
        return;
    }
    auto endpoint = models::endpointFor(account, token);
    if (!endpoint) {
        startWithProblem(account, endpoint.error());
        return;
    }
    runSession(account, *endpoint);
}

void MainWindow::runSession(const models::Account &account, const drivers::AccountEndpoint &endpoint)
{
    auto *s = AccountSession::create(infoFor(account), endpoint, m_services.network, m_services.inventory, this);
    addSession(s);
    if (account.enabled)
        s->start();
    else
        s->setEnabled(false);
}

void MainWindow::startWithProblem(const models::Account &account, const QString &problem)
{
    drivers::Error error;
    error.kind = drivers::ErrorKind::Config;
    error.message = problem;
    auto *s = new AccountSession(infoFor(account), error, m_services.inventory, this);
    addSession(s);
    if (!account.enabled)
        s->setEnabled(false);
}

void MainWindow::startWithStoredToken(const QString &accountId)
{
    m_services.secrets->read(accountId).then(this, [this, accountId](const models::SecretResult &secret) {
        const models::Account *account = m_services.accounts->find(accountId);
        if (!account)
            return; // removed while the keychain answered
        if (!secret)
            startWithProblem(*account, secret.error());
        else
            startSession(*account, *secret, false);
    });
}

void MainWindow::storeToken(const models::Account &account, const QString &token,
                            const std::function<QString(const QString &)> &failure,
                            const std::function<void(bool sessionOnly)> &stored)
{
    m_statusText->setText(tr("Saving the token of %1 in the keychain…").arg(account.name));
    m_services.secrets->write(account.id, token)
        .then(this, [this, account, failure, stored](const models::SecretStatus &written) {
            m_statusText->clear();
            if (written) {
                stored(false);
                return;
            }
            showNotice(failure(written.error()));
            if (!m_services.secrets->hasBackend())
                offerSessionOnly(account, written.error(), stored);
        });
}

void MainWindow::offerSessionOnly(const models::Account &account, const QString &problem,
                                  const std::function<void(bool sessionOnly)> &stored)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("No keychain for the token of %1").arg(account.name),
                                tr("%1\n\nNephele never writes a token to a file. It can keep the token of %2 in "
                                   "memory for this session only: the account works until Nephele quits, and on the "
                                   "next start it asks for its token again.")
                                    .arg(problem, account.name),
                                QMessageBox::Cancel, this);
    QPushButton *keep = box->addButton(tr("Keep the token for this session only"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setObjectName(QStringLiteral("sessionOnlyOffer"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, keep, stored] {
        if (box->clickedButton() != keep)
            return;
        m_banner->hide();
        stored(true);
    });
    box->open();
}

void MainWindow::openAddAccount()
{
    auto *dialog = new AddAccountDialog(m_services.network, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addAccountFromDialog(dialog); });
    dialog->setImportOffered(m_services.accounts && m_services.secrets);
    connect(dialog, &AddAccountDialog::importRequested, this, [this, dialog] {
        dialog->reject();
        openDiscoveredAccounts();
    });
    dialog->open();
}

void MainWindow::openDiscoveredAccounts()
{
    if (!m_services.accounts || !m_services.secrets)
        return;
    auto *dialog = new ImportAccountsDialog(m_services.accounts, m_services.secrets,
                                            {QDir::homePath(), QProcessEnvironment::systemEnvironment()}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The dialog saved them (secrets in the keychain, or kept for this session); the window lists them.
    connect(dialog, &ImportAccountsDialog::accountsImported, this, [this](const QList<ImportedAccount> &added) {
        for (const ImportedAccount &imported : added) {
            if (imported.account.needsToken && !imported.sessionOnly)
                startWithProblem(imported.account, noTokenText()); // found without the token its driver needs
            else
                startSession(imported.account, imported.secret, imported.sessionOnly);
        }
        m_statusText->setText(tr("Imported %n account(s).", nullptr, int(added.size())));
        updateActions();
    });
    dialog->open();
}

void MainWindow::addAccountFromDialog(const AddAccountDialog *dialog)
{
    const models::Account account = dialog->account();
    const QString token = dialog->token();
    if (auto endpoint = models::endpointFor(account, token); !endpoint) {
        showNotice(endpoint.error());
        return;
    }
    if (!m_services.accounts || !m_services.secrets) {
        startSession(account, token, true);
        m_statusText->setText(
            tr("Account %1 added for this session only (demo mode keeps nothing).").arg(account.name));
        return;
    }
    // The token goes to the keychain first; the account is saved only once its token is safe (or
    // the user chose to keep it for this session only).
    storeToken(
        account, token,
        [name = account.name](const QString &why) { return tr("Account %1 was not added: %2").arg(name, why); },
        [this, account, token](bool sessionOnly) {
            models::Account saved = account;
            saved.needsToken = sessionOnly;
            if (auto added = m_services.accounts->add(saved); !added) {
                showNotice(tr("Account %1 was not added: %2").arg(account.name, added.error()));
                if (!sessionOnly)
                    m_services.secrets->remove(account.id);
                return;
            }
            m_statusText->setText(
                sessionOnly ? tr("Account %1 added; its token is kept for this session only.").arg(account.name)
                            : tr("Account %1 added.").arg(account.name));
            startSession(saved, token, sessionOnly);
        });
}

void MainWindow::openEditAccount()
{
    const QString accountId = currentAccountId();
    if (!isManaged(accountId))
        return;
    models::Account account = *m_services.accounts->find(accountId);
    // A token kept for this session counts as present: an empty field keeps it.
    if (m_sessionTokens.contains(accountId))
        account.needsToken = false;
    auto *dialog = new AddAccountDialog(m_services.network, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(QStringLiteral("editAccount"));
    dialog->editAccount(account);
    dialog->setStoredSecret([this, accountId]() -> QFuture<models::SecretResult> {
        if (m_sessionTokens.contains(accountId))
            return QtFuture::makeReadyFuture(models::SecretResult(m_sessionTokens.value(accountId)));
        return m_services.secrets->read(accountId);
    });
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applyEdit(dialog->account(), dialog->token()); });
    dialog->open();
}

void MainWindow::applyEdit(const models::Account &edited, const QString &token)
{
    const models::Account *current = m_services.accounts->find(edited.id);
    if (!current)
        return;
    const models::Account before = *current;
    models::Account after = edited;
    after.enabled = before.enabled;
    after.needsToken = before.needsToken;
    if (auto endpoint = models::endpointFor(after, token.isEmpty() ? QStringLiteral("-") : token); !endpoint) {
        showNotice(tr("The changes to %1 were not saved: %2").arg(before.name, endpoint.error()));
        return;
    }

    if (!token.isEmpty()) {
        // A new token: into the keychain (or this session), then the settings, then a new session.
        storeToken(
            after, token,
            [name = before.name](const QString &why) {
                return tr("The changes to %1 were not saved: %2").arg(name, why);
            },
            [this, after, token](bool sessionOnly) {
                models::Account saved = after;
                saved.needsToken = sessionOnly;
                if (auto updated = m_services.accounts->update(saved); !updated) {
                    showNotice(tr("The changes to %1 were not saved: %2").arg(saved.name, updated.error()));
                    return;
                }
                m_statusText->setText(tr("Account %1 saved.").arg(saved.name));
                startSession(saved, token, sessionOnly);
            });
        return;
    }

    if (auto updated = m_services.accounts->update(after); !updated) {
        showNotice(tr("The changes to %1 were not saved: %2").arg(before.name, updated.error()));
        return;
    }
    m_statusText->setText(tr("Account %1 saved.").arg(after.name));
    const bool reconnect = after.endpoint != before.endpoint || after.caCertificateFile != before.caCertificateFile ||
                           after.allowPlainHttp != before.allowPlainHttp;
    if (!reconnect) {
        if (AccountSession *s = session(after.id))
            s->setAccountName(after.name);
        updateActions();
        return;
    }
    // The same token against the new endpoint.
    if (m_sessionTokens.contains(after.id))
        startSession(after, m_sessionTokens.value(after.id), true);
    else if (after.needsToken)
        startWithProblem(after, noTokenText());
    else
        startWithStoredToken(after.id);
}

void MainWindow::openRenameAccount()
{
    const QString accountId = currentAccountId();
    if (!isManaged(accountId))
        return;
    const QString name = m_services.accounts->find(accountId)->name;
    auto *input = new QInputDialog(this);
    input->setObjectName(QStringLiteral("renameAccount"));
    input->setAttribute(Qt::WA_DeleteOnClose);
    input->setWindowTitle(tr("Rename account"));
    input->setLabelText(tr("New name for %1:").arg(name));
    input->setTextValue(name);
    input->setOkButtonText(tr("Rename"));
    connect(input, &QInputDialog::textValueSelected, this,
            [this, accountId](const QString &newName) { renameAccount(accountId, newName); });
    input->open();
}

void MainWindow::renameAccount(const QString &accountId, const QString &name)
{
    if (auto renamed = m_services.accounts->rename(accountId, name); !renamed) {
        showNotice(tr("The account was not renamed: %1").arg(renamed.error()));
        return;
    }
    if (AccountSession *s = session(accountId))
        s->setAccountName(m_services.accounts->find(accountId)->name);
    m_statusText->setText(tr("Account renamed to %1.").arg(m_services.accounts->find(accountId)->name));
}

void MainWindow::toggleAccount()
{
    const QString accountId = currentAccountId();
    if (!isManaged(accountId))
        return;
    const models::Account account = *m_services.accounts->find(accountId);
    const bool enable = !account.enabled;
    if (auto changed = m_services.accounts->setEnabled(accountId, enable); !changed) {
        showNotice(tr("Account %1 was not changed: %2").arg(account.name, changed.error()));
        return;
    }
    if (AccountSession *s = session(accountId))
        s->setEnabled(enable);
    m_statusText->setText(enable ? tr("Account %1 enabled.").arg(account.name)
                                 : tr("Account %1 disabled: it is not listed until enabled again.").arg(account.name));
    updateActions();
}

void MainWindow::confirmRemoveAccount()
{
    const QString accountId = currentAccountId();
    if (!isManaged(accountId))
        return;
    const QString name = m_services.accounts->find(accountId)->name;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Remove the account %1?").arg(name),
                                tr("This removes the account %1 from Nephele: its settings, its token in the "
                                   "keychain and its machines in this window. The machines themselves are not "
                                   "touched at the provider.")
                                    .arg(name),
                                QMessageBox::Cancel, this);
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setObjectName(QStringLiteral("confirmRemoveAccount"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, accountId] {
        if (box->clickedButton() == remove)
            removeAccount(accountId);
    });
    box->open();
}

void MainWindow::removeAccount(const QString &accountId)
{
    const models::Account *current = m_services.accounts->find(accountId);
    if (!current)
        return;
    const models::Account account = *current;
    if (auto removed = m_services.accounts->remove(accountId); !removed) {
        showNotice(tr("Account %1 was not removed: %2").arg(account.name, removed.error()));
        return;
    }
    m_sessionTokens.remove(accountId);
    if (AccountSession *s = m_sessions.take(accountId)) {
        disconnect(s, nullptr, this, nullptr);
        delete s;
    }
    m_services.inventory->removeAccount(accountId);
    if (m_services.cache)
        m_services.cache->forget(accountId);
    m_statusText->setText(tr("Account %1 removed.").arg(account.name));
    updateActions();
    m_services.secrets->remove(accountId).then(this, [this, account](const models::SecretStatus &gone) {
        // An account without a stored token may have met no keychain at all: nothing to report.
        if (!gone && !account.needsToken)
            showNotice(tr("Account %1 was removed, but its token could not be removed from the keychain: %2")
                           .arg(account.name, gone.error()));
    });
}

void MainWindow::confirmForgetSecrets()
{
    if (!m_services.accounts || !m_services.secrets)
        return;
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("Forget all secrets?"),
        tr("This removes the token of every account (%n account(s)) from the keychain and from this session. The "
           "accounts stay; each one needs its token again, entered through Edit account.",
           nullptr, int(m_services.accounts->accounts().size())),
        QMessageBox::Cancel, this);
    QPushButton *forget = box->addButton(tr("Forget all secrets"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setObjectName(QStringLiteral("confirmForgetSecrets"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, forget] {
        if (box->clickedButton() == forget)
            forgetSecrets();
    });
    box->open();
}

void MainWindow::forgetSecrets()
{
    if (auto marked = m_services.accounts->markNeedsToken(); !marked) {
        showNotice(tr("The secrets were not forgotten: %1").arg(marked.error()));
        return;
    }
    m_sessionTokens.clear();
    const QList<models::Account> accounts = m_services.accounts->accounts();
    auto failures = std::make_shared<QStringList>();
    auto pending = std::make_shared<qsizetype>(accounts.size());
    for (const models::Account &account : accounts) {
        startWithProblem(account, noTokenText());
        m_services.secrets->remove(account.id)
            .then(this, [this, account, failures, pending](const models::SecretStatus &gone) {
                if (!gone)
                    failures->append(account.name + QStringLiteral(": ") + gone.error());
                if (--*pending == 0 && !failures->isEmpty())
                    showNotice(tr("Some tokens could not be removed from the keychain:\n%1")
                                   .arg(failures->join(QLatin1Char('\n'))));
            });
    }
    m_statusText->setText(tr("Forgot the tokens of %n account(s).", nullptr, int(accounts.size())));
    updateActions();
}

void MainWindow::openExportAccounts()
{
    auto *chooser = new QFileDialog(this, tr("Export account list"), QString(), tr("Account lists (*.json)"));
    chooser->setObjectName(QStringLiteral("exportAccounts"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->setDefaultSuffix(QStringLiteral("json"));
    chooser->selectFile(QStringLiteral("nephele-accounts.json"));
    connect(chooser, &QFileDialog::fileSelected, this, &MainWindow::exportAccountsTo);
    chooser->open();
}

void MainWindow::exportAccountsTo(const QString &path)
{
    if (!m_services.accounts)
        return;
    if (auto written = m_services.accounts->exportTo(path); !written) {
        showNotice(tr("The account list was not exported: %1").arg(written.error()));
        return;
    }
    m_statusText->setText(
        tr("Exported %n account(s) to %1, without their tokens.", nullptr, int(m_services.accounts->accounts().size()))
            .arg(path));
}

void MainWindow::openImportAccounts()
{
    auto *chooser =
        new QFileDialog(this, tr("Import account list"), QString(), tr("Account lists (*.json);;All files (*)"));
    chooser->setObjectName(QStringLiteral("importAccounts"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setAcceptMode(QFileDialog::AcceptOpen);
    chooser->setFileMode(QFileDialog::ExistingFile);
    connect(chooser, &QFileDialog::fileSelected, this, &MainWindow::importAccountsFrom);
    chooser->open();
}

void MainWindow::importAccountsFrom(const QString &path)
{
    if (!m_services.accounts || !m_services.secrets)
        return;
    auto imported = m_services.accounts->importFrom(path);
    if (!imported) {
        showNotice(tr("The account list was not imported: %1").arg(imported.error()));
        return;
    }
    for (const models::Account &account : std::as_const(imported->added))
        startWithProblem(account, noTokenText());
    QString text = tr("Imported %n account(s); enter each one's token through Edit account.", nullptr,
                      int(imported->added.size()));
    if (!imported->skipped.isEmpty()) {
        QStringList names;
        for (const models::Account &account : std::as_const(imported->skipped))
            names.append(account.name);
        text +=
            QLatin1Char(' ') + tr("Skipped %n account(s) already present: %1", nullptr, int(imported->skipped.size()))
                                   .arg(names.join(QStringLiteral(", ")));
        showNotice(text);
    }
    m_statusText->setText(text);
    updateActions();
}

// ---- governance (issue 6) ---------------------------------------------------------------------

void MainWindow::buildGovernanceActions()
{
    const auto make = [this](Command command, const QString &text, const QString &tip, const QKeySequence &shortcut) {
        auto *a = new QAction(text, this);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        m_actions.insert(command, a);
        return a;
    };
    QAction *create = make(Command::CreateMachine, tr("Create machine…"),
                           tr("Create machines in the selected account, within the organisation's policy"),
                           QKeySequence(Qt::CTRL | Qt::Key_N));
    create->setIcon(QIcon::fromTheme(QStringLiteral("list-add")));
    connect(create, &QAction::triggered, this, [this] { openProvisionWizard(); });
    connect(make(Command::PolicySettings, tr("Policy settings…"),
                 tr("Where the policy is read from, and who you are in it"), {}),
            &QAction::triggered, this, &MainWindow::openPolicySettings);
    connect(make(Command::EditPolicy, tr("Edit policy…"), tr("Edit the policy's JSON, with its errors by line"), {}),
            &QAction::triggered, this, &MainWindow::openPolicyEditor);
    connect(make(Command::AuditLog, tr("Audit log…"), tr("Every action and creation: who, what, when, the outcome"),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L)),
            &QAction::triggered, this, &MainWindow::openAuditLog);
    for (Command command : {Command::PolicySettings, Command::EditPolicy, Command::AuditLog})
        action(command)->setEnabled(false); // until setGovernance()
}

void MainWindow::setGovernance(const GovernanceServices &governance)
{
    m_governance = governance;
    delete m_governed;
    delete m_leases;
    m_leases = nullptr;
    m_governed =
        new models::provisioning::GovernedActions(governance.policy, governance.audit, m_services.inventory, this);
    action(Command::PolicySettings)->setEnabled(governance.policy != nullptr);
    action(Command::EditPolicy)->setEnabled(governance.policy != nullptr);
    action(Command::AuditLog)->setEnabled(governance.audit != nullptr);
    if (governance.audit)
        connect(governance.audit, &models::audit::AuditLog::problem, this, &MainWindow::showNotice);

    if (models::provisioning::CurrentPolicy *policy = governance.policy) {
        if (!m_policyStatus) {
            m_policyStatus = new QLabel(this);
            m_policyStatus->setObjectName(QStringLiteral("policyStatus"));
            statusBar()->addPermanentWidget(m_policyStatus);
        }
        const auto showStatus = [this, policy] { m_policyStatus->setText(policy->statusText()); };
        connect(policy, &models::provisioning::CurrentPolicy::changed, this, showStatus);
        connect(policy, &models::provisioning::CurrentPolicy::rejected, this,
                [this, showStatus](const models::policy::PolicyIssues &issues, const QString &source) {
                    showStatus();
                    QStringList lines;
                    for (qsizetype i = 0; i < issues.size() && i < 5; ++i)
                        lines << issues.at(i).text();
                    if (issues.size() > 5)
                        lines << tr("…and %n more", nullptr, int(issues.size() - 5));
                    showNotice(tr("The policy from %1 was not put in force; the previous one stays. %2")
                                   .arg(source, lines.join(QStringLiteral("\n"))));
                });
        showStatus();
        // The cost dashboard's team run rates and quotas follow the policy in force.
        m_cost->setPolicy(policy->policy());
        connect(policy, &models::provisioning::CurrentPolicy::changed, m_cost,
                [this, policy] { m_cost->setPolicy(policy->policy()); });
        if (governance.settings) {
            const auto settings = models::provisioning::PolicySettings::load(*governance.settings);
            policy->setUser({settings.userEmail, settings.userId});
            if (!settings.location.isEmpty())
                policy->load(settings.location, m_services.network);
        }
    }

    if (governance.watchLeases) {
        m_leases = new models::provisioning::LeaseWatcher(
            m_services.inventory, m_governed, [this](const QString &id) { return session(id); }, this);
        connect(m_leases, &models::provisioning::LeaseWatcher::expiringSoon, this,
                [this](const models::provisioning::LeaseWatcher::Notice &n) {
                    const QLocale locale;
                    notify(tr("Lease ending: %1").arg(n.machineName),
                           n.lease.action.isEmpty()
                               ? tr("%1 on %2 expires %3.")
                                     .arg(n.machineName, n.accountName,
                                          locale.toString(n.lease.expiresAt.toLocalTime(), QLocale::ShortFormat))
                               : tr("%1 on %2 expires %3; then Nephele will %4 it.")
                                     .arg(n.machineName, n.accountName,
                                          locale.toString(n.lease.expiresAt.toLocalTime(), QLocale::ShortFormat),
                                          n.lease.action));
                });
        connect(m_leases, &models::provisioning::LeaseWatcher::expired, this,
                [this](const models::provisioning::LeaseWatcher::Notice &n, const QString &leaseAction) {
                    notify(tr("Lease ended: %1").arg(n.machineName),
                           tr("The lease of %1 on %2 has ended: Nephele asked to %3 it (recorded in the audit log).")
                               .arg(n.machineName, n.accountName, leaseAction));
                });
        m_leases->start();
    }
    updateActions();
}

ProvisionWizard *MainWindow::openProvisionWizard(const QString &accountId)
{
    ProvisionWizardServices services;
    services.inventory = m_services.inventory;
    services.policy = m_governance.policy;
    services.audit = m_governance.audit;
    for (const QString &id : m_services.inventory->accountIds()) {
        if (AccountSession *s = session(id))
            services.sessions << s;
    }
    auto *wizard = new ProvisionWizard(services, accountId.isEmpty() ? currentAccountId() : accountId, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &ProvisionWizard::creationFinished, this, [this, wizard] {
        m_statusText->setText(tr("Creation finished in %1.").arg(wizard->context().accountName));
    });
    wizard->open();
    return wizard;
}

void MainWindow::openPolicySettings()
{
    if (!m_governance.policy)
        return;
    models::provisioning::PolicySettings current;
    if (m_governance.settings)
        current = models::provisioning::PolicySettings::load(*m_governance.settings);
    else
        current.userEmail = m_governance.policy->user().email;
    auto *dialog = new PolicySettingsDialog(current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const models::provisioning::PolicySettings chosen = dialog->settings();
        if (m_governance.settings)
            chosen.save(*m_governance.settings);
        else
            showNotice(tr("The policy settings are used for this session only: this console keeps no settings."));
        m_governance.policy->setUser({chosen.userEmail, chosen.userId});
        m_governance.policy->load(chosen.location, m_services.network);
    });
    dialog->open();
}

void MainWindow::openPolicyEditor()
{
    if (!m_governance.policy)
        return;
    auto *editor = new PolicyEditor(m_governance.policy, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    QString source = m_governance.policy->source();
    if (source.isEmpty() && m_governance.settings)
        source = models::provisioning::PolicySettings::load(*m_governance.settings).location;
    editor->setDocument(m_governance.policy->document(), source);
    editor->open();
}

void MainWindow::openAuditLog()
{
    if (!m_governance.audit)
        return;
    auto *view = new AuditView(m_governance.audit, this);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->show();
}

void MainWindow::showDenials(MachineAction machineAction, const QStringList &lines)
{
    const QString verb = drivers::machineActionName(machineAction);
    m_statusText->setText(tr("The policy does not allow %1: %2").arg(verb, lines.constFirst()));
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("Not allowed by the policy"),
        tr("%1 was not sent for %n machine(s); nothing was changed:", nullptr, int(lines.size())).arg(verb) +
            QStringLiteral("\n\n• ") + lines.join(QStringLiteral("\n• ")),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("policyDenied"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::notify(const QString &title, const QString &text)
{
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        if (!m_tray) {
            m_tray = new QSystemTrayIcon(windowIcon(), this);
            m_tray->setToolTip(tr("Nephele"));
            m_tray->show();
        }
        m_tray->showMessage(title, text, QSystemTrayIcon::Information, 20'000);
        return;
    }
    showNotice(title + QStringLiteral(": ") + text);
}

} // namespace nephele::views
