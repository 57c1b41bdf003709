#pragma once

#include "core/records.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QProgressBar;
class QTimer;
class QTreeView;
class QFrame;

namespace nephele::drivers {
class Job;
}

namespace nephele::models {
class AccountSession;
class AccountStore;
class InventoryStore;
class InventoryTreeModel;
class SecretStore;
} // namespace nephele::models

namespace nephele::views {

class DetailsPane;

// What the window works with. The caller owns them; accounts and secrets may be null (the demo
// keeps nothing), and then accounts added in the window last for the session only.
struct MainWindowServices {
    models::InventoryStore *inventory = nullptr;
    QNetworkAccessManager *network = nullptr;
    models::AccountStore *accounts = nullptr;
    models::SecretStore *secrets = nullptr;
};

// The console: the inventory tree on the left, details on the right, actions in a toolbar and a
// context menu, search above the tree, job progress in the status bar.
//
//   MainWindow window(services);
//   window.addSession(AccountSession::create(...));   // the window takes ownership
//   window.show();
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum class Command { Start, Stop, Reboot, Destroy, Refresh, AddAccount };

    explicit MainWindow(const MainWindowServices &services, QWidget *parent = nullptr);
    ~MainWindow() override;

    void addSession(models::AccountSession *session);
    models::AccountSession *session(const QString &accountId) const { return m_sessions.value(accountId); }
    QList<models::AccountSession *> sessions() const { return m_sessions.values(); }
    // A problem found before the window opened (e.g. a corrupt settings file), shown as a banner.
    void showNotice(const QString &text);

    QTreeView *tree() const { return m_tree; }
    models::InventoryTreeModel *model() const { return m_model; }
    DetailsPane *details() const { return m_details; }
    QLineEdit *searchField() const { return m_search; }
    QAction *action(Command command) const;
    QString shownCountText() const;

    // Runs `action` on every selected machine; Destroy asks first.
    void runOnSelection(drivers::MachineAction action);

private:
    struct Target {
        QString accountId;
        QString machineId;
        QString name;
    };

    void buildActions();
    void buildUi();
    QList<Target> selectedMachines() const;
    QStringList selectedAccounts() const;
    void updateActions();
    void updateCounts();
    void confirmDestroy(const QList<Target> &targets);
    void run(drivers::MachineAction action, const QList<Target> &targets);
    void refreshSelected();
    void openAddAccount();
    void addAccountFromDialog(const class AddAccountDialog *dialog);
    void watchJob(drivers::Job *job);
    void updateJobStatus();
    void showContextMenu(const QPoint &pos);
    void applySearch();

    MainWindowServices m_services;
    models::InventoryTreeModel *m_model;
    QHash<QString, models::AccountSession *> m_sessions;
    QList<QPointer<drivers::Job>> m_jobs;

    QTreeView *m_tree = nullptr;
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
    QHash<Command, QAction *> m_actions;
};

} // namespace nephele::views
