#pragma once

#include "core/records.h"
#include "inventorytreeview.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QProgressBar;
class QSettings;
class QSystemTrayIcon;
class QTimer;
class QTreeView;
class QFrame;

namespace nephele::drivers {
class Job;
struct AccountEndpoint;
} // namespace nephele::drivers

namespace nephele::models {
struct Account;
class AccountSession;
class AccountStore;
class InventoryCache;
class InventoryStore;
class InventoryTreeModel;
class MachineAccessStore;
class RefreshLimiter;
class SecretStore;
class SshKeyStore;
} // namespace nephele::models

namespace nephele::models::audit {
class AuditLog;
}

namespace nephele::models::provisioning {
class CurrentPolicy;
class GovernedActions;
class LeaseWatcher;
} // namespace nephele::models::provisioning

namespace nephele::models::cost {
class CostHistory;
class CostModel;
} // namespace nephele::models::cost

class QTabWidget;

namespace nephele::views {

class CostDashboard;
class DetailsPane;
class ShellTabs;
class SshKeysDialog;
class ProvisionWizard;

// What the window works with. The caller owns them; accounts and secrets may be null (the demo
// keeps nothing), and then accounts added in the window last for the session only and cannot be
// edited.
struct MainWindowServices {
    models::InventoryStore *inventory = nullptr;
    QNetworkAccessManager *network = nullptr;
    models::AccountStore *accounts = nullptr;
    models::SecretStore *secrets = nullptr;
    models::InventoryCache *cache = nullptr;      // the last inventory, shown until listings land
    models::RefreshLimiter *limiter = nullptr;    // a bound on listings running at once
    models::MachineAccessStore *access = nullptr; // SSH logins per machine; null: the window keeps its own
    models::SshKeyStore *sshKeys = nullptr;       // SSH keys in the keychain; null: the window keeps its own
};

// Governance (issue 6): the policy in force, the audit trail and where the policy settings live.
// Without it nothing is governed nor recorded, and the wizard still creates machines.
struct GovernanceServices {
    models::provisioning::CurrentPolicy *policy = nullptr;
    models::audit::AuditLog *audit = nullptr;
    QSettings *settings = nullptr; // the policy's location and the user's identity; null: not kept
    bool watchLeases = true;       // warn before leases end and act when they do
};

// The console: the inventory tree on the left, details on the right, actions in a toolbar and a
// context menu, search above the tree, job progress in the status bar. It manages the accounts
// of the account store: add, edit, rename, disable, remove, export and import the list, forget
// the tokens. Tokens live in the keychain; when there is none, the user may keep a token for the
// session only, in memory, never in a file.
//
//   MainWindow window(services);
//   window.openStoredAccounts();                          // the accounts of services.accounts
//   window.addDemoSession(AccountSession::create(...));  // the window takes ownership
//   window.show();
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Command {
        Start,
        Stop,
        Reboot,
        Destroy,
        Refresh,
        AddAccount,
        EditAccount,
        RenameAccount,
        ToggleAccount, // Disable or Enable, after the selected account's state
        RemoveAccount,
        ExportAccounts,
        ImportAccounts,
        ForgetSecrets,
        DiscoverAccounts, // Import accounts…: the credentials other tools keep
        CreateMachine,    // issue 6: the provisioning wizard
        PolicySettings,
        EditPolicy,
        AuditLog,
        OpenShell, // issue 5: an SSH shell on the selected machine, in a tab below the tree; a shell in
                   // the container for a pod or a container (issue 4)
        ViewLogs,  // issue 4: the log of the selected pod or container, in a tab below the tree
        SshKeys,   // issue 5: the SSH keys kept in the keychain
    };

    explicit MainWindow(const MainWindowServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    void addSession(models::AccountSession *session);
    // A demo account: polled like any other, never edited, disabled nor removed.
    void addDemoSession(models::AccountSession *session);
    // Loads services.accounts and opens each account: its row at once, its session once its
    // token is read from the keychain. Needs services.accounts and services.secrets.
    void openStoredAccounts();
    models::AccountSession *session(const QString &accountId) const { return m_sessions.value(accountId); }
    QList<models::AccountSession *> sessions() const { return m_sessions.values(); }
    // A problem found before the window opened (e.g. a corrupt settings file), shown as a banner.
    void showNotice(const QString &text);

    // Checks every machine action against the policy and records it; creates machines through
    // the wizard; watches leases. Loads the policy the settings name.
    void setGovernance(const GovernanceServices &governance);
    models::provisioning::GovernedActions *governedActions() const { return m_governed; }
    models::provisioning::LeaseWatcher *leaseWatcher() const { return m_leases; }
    // Opens the provisioning wizard on `accountId` (else the selected account, else the first).
    ProvisionWizard *openProvisionWizard(const QString &accountId = {});

    QTreeView *tree() const { return m_tree; }
    models::InventoryTreeModel *model() const { return m_model; }
    DetailsPane *details() const { return m_details; }
    // Issue 7: what everything costs; the dashboard is the window's second tab.
    models::cost::CostModel *costModel() const { return m_cost; }
    CostDashboard *costDashboard() const { return m_costDashboard; }
    QLineEdit *searchField() const { return m_search; }
    ShellTabs *shells() const { return m_shells; }
    models::MachineAccessStore *machineAccess() const { return m_services.access; }
    models::SshKeyStore *sshKeys() const { return m_services.sshKeys; }
    // Account ▸ SSH keys…: opens the dialog (window-modal, with open()) and returns it.
    SshKeysDialog *openSshKeys();
    // Opens a shell on the one selected machine: SSH, or exec for a pod (its first container) or a
    // container of a cluster.
    void openShell();
    // Opens the log of the one selected pod or container.
    void openLogs();
    QAction *action(Command command) const;
    QString shownCountText() const;

    // Runs `action` on every selected machine; Destroy asks first.
    void runOnSelection(drivers::MachineAction action);

    // The account the account commands act on: the one account of the selection, else empty.
    QString currentAccountId() const;
    // What an account's row says instead of its status ("Disabled", "No token: …"), or empty.
    QString accountNote(const QString &accountId) const;
    // File ▸ Export and Import, once their file dialog has a path.
    void exportAccountsTo(const QString &path);
    void importAccountsFrom(const QString &path);

private:
    struct Target {
        QString accountId;
        QString machineId;
        QString name;
    };

    void buildActions();
    void buildUi();
    QList<Target> selectedMachines() const;
    drivers::MachineKind kindOf(const Target &target) const;
    // A pod or a container of an account that can show its logs (or run commands in it).
    bool isPodLike(const Target &target, bool exec) const;
    // The pod ("namespace/name"), its containers as listed, and the container the target names.
    struct PodRef {
        QString podId;
        QStringList containers;
        QString container;
    };
    PodRef podRefOf(const Target &target) const;
    QStringList selectedAccounts() const;
    void updateActions();
    void updateCounts();
    void confirmDestroy(const QList<Target> &targets);
    void run(drivers::MachineAction action, const QList<Target> &targets);
    void refreshSelected();
    void buildMenus();
    void openAddAccount();
    void addAccountFromDialog(const class AddAccountDialog *dialog);
    bool isManaged(const QString &accountId) const;
    // Writes the token to the keychain, then calls `stored(false)`. Without a keychain, offers to
    // keep it for this session only and calls `stored(true)` if the user says so.
    void storeToken(const models::Account &account, const QString &token,
                    const std::function<QString(const QString &error)> &failure,
                    const std::function<void(bool sessionOnly)> &stored);
    void offerSessionOnly(const models::Account &account, const QString &problem,
                          const std::function<void(bool sessionOnly)> &stored);
    void startSession(const models::Account &account, const QString &token, bool sessionOnly);
    void runSession(const models::Account &account, const drivers::AccountEndpoint &endpoint);
    void startWithProblem(const models::Account &account, const QString &problem);
    void startWithStoredToken(const QString &accountId);
    void openEditAccount();
    void applyEdit(const models::Account &edited, const QString &token);
    void openRenameAccount();
    void renameAccount(const QString &accountId, const QString &name);
    void toggleAccount();
    void confirmRemoveAccount();
    void removeAccount(const QString &accountId);
    void openExportAccounts();
    void openImportAccounts();
    void openDiscoveredAccounts();
    void confirmForgetSecrets();
    void forgetSecrets();
    void watchJob(drivers::Job *job);
    void updateJobStatus();
    void showContextMenu(const QPoint &pos);
    void applySearch();
    void applyGrouping(int choice);
    void showHeaderMenu(const QPoint &pos);
    // Governance (issue 6).
    void buildGovernanceActions();
    void openPolicySettings();
    void openPolicyEditor();
    void openAuditLog();
    void showDenials(drivers::MachineAction action, const QStringList &lines);
    // A desktop notification when the system has a tray, else the banner.
    void notify(const QString &title, const QString &text);

    MainWindowServices m_services;
    GovernanceServices m_governance;
    models::provisioning::GovernedActions *m_governed = nullptr;
    models::provisioning::LeaseWatcher *m_leases = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QLabel *m_policyStatus = nullptr;
    models::InventoryTreeModel *m_model;
    QHash<QString, models::AccountSession *> m_sessions;
    QSet<QString> m_demoAccounts;
    // Tokens the user chose to keep for this session only: in memory, never in a file.
    QHash<QString, QString> m_sessionTokens;
    // Kubernetes accounts whose context is being resolved off the GUI thread: the latest start of
    // each, so an older resolution that lands late is dropped.
    QHash<QString, quint64> m_resolving;
    quint64 m_resolveSerial = 0;
    QList<QPointer<drivers::Job>> m_jobs;

    InventoryTreeView *m_tree = nullptr;
    DetailsPane *m_details = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QFrame *m_banner = nullptr;
    QLabel *m_bannerText = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_statusText = nullptr;
    QLabel *m_jobText = nullptr;
    QProgressBar *m_jobProgress = nullptr;
    QTimer *m_searchDelay = nullptr;
    QTimer *m_actionsDelay = nullptr; // coalesces updateActions() over a burst of row changes
    QComboBox *m_grouping = nullptr;
    QString m_searchHelp;
    QHash<Command, QAction *> m_actions;
    ShellTabs *m_shells = nullptr;
    models::cost::CostModel *m_cost = nullptr;
    models::cost::CostHistory *m_costHistory = nullptr;
    CostDashboard *m_costDashboard = nullptr;
    QTabWidget *m_mainTabs = nullptr;
};

} // namespace nephele::views
