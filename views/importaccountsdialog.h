#pragma once

#include "accounts/account.h"
#include "accounts/importers.h"

#include <QDialog>
#include <QList>
#include <QProcessEnvironment>

class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace nephele::models {
class AccountStore;
class SecretStore;
} // namespace nephele::models

namespace nephele::views {

// An account the import dialog saved, with what its session needs. `sessionOnly`: there was no
// keychain and the user chose to keep the secret in memory for this session. An account saved with
// needsToken and not sessionOnly was found without the token its driver needs: the user enters it
// through Edit account.
struct ImportedAccount {
    models::Account account;
    QString secret;
    bool sessionOnly = false;
};

// "Import accounts": runs the importers' discovery (models/accounts/importers.h) off the GUI
// thread and lists what it found, grouped by the file that holds it: provider, name, endpoint or
// region, which secret it carries, and whether a like account exists already. Files that do not
// parse are listed in their group with line, column and message; nothing else is affected. The
// user picks; Import saves each pick the way the Add dialog does: the secret into the keychain
// first, then the account into the store (AddAccountDialog::accountFor and secretText say how a
// find becomes an account). Without a keychain it offers, once, to keep the secrets for this
// session only. Providers this build has no driver for are imported all the same, and the list
// says they cannot be listed yet.
//
//   auto *dialog = new ImportAccountsDialog(accounts, secrets, {QDir::homePath(), env}, window);
//   connect(dialog, &ImportAccountsDialog::accountsImported, window, &Window::startSessions);
//   dialog->open();
//
// The dialog closes itself once every pick is saved; if some failed, it stays open and their rows
// say why.
class ImportAccountsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportAccountsDialog)

public:
    // Where discovery looks: the home folder and the environment (KUBECONFIG, XDG_CONFIG_HOME, ...).
    struct Search {
        QString home;
        QProcessEnvironment environment;
    };

    ImportAccountsDialog(models::AccountStore *accounts, models::SecretStore *secrets, const Search &search,
                         QWidget *parent = nullptr);

    // Looks again (also done once on construction).
    void rescan();
    bool isScanning() const { return m_scanning; }
    bool isImporting() const { return m_importing; }
    const models::ImportResult &found() const { return m_found; }

    // Refused while an import is saving: a secret on its way to the keychain must end in an
    // account or be taken back.
    void reject() override;

Q_SIGNALS:
    void scanned();
    // After an Import, the accounts it saved (none when every pick failed).
    void accountsImported(const QList<nephele::views::ImportedAccount> &accounts);

private:
    struct Pending {
        QTreeWidgetItem *item = nullptr;
        models::Account account;
        QString secret;
        bool needsToken = false; // nothing for the keychain: its driver needs a token the file lacks
    };

    void showFound(const models::ImportResult &found);
    QString likeAccount(const models::ImportCandidate &candidate) const;
    QList<QTreeWidgetItem *> pickedItems() const;
    void updatePicked();
    void importPicked();
    void storeNext();
    bool addWithoutSecret(const Pending &pending);
    void offerSessionOnly(const QString &problem);
    void keepForSession();
    void finishImport();
    void setRowStatus(QTreeWidgetItem *item, const QString &text, const QColor &color, const QString &tip = {});
    void setBusy(bool busy);

    models::AccountStore *m_accounts;
    models::SecretStore *m_secrets;
    Search m_search;
    models::ImportResult m_found;
    bool m_scanning = false;
    bool m_importing = false;
    int m_scanSerial = 0;

    QLabel *m_intro;
    QTreeWidget *m_list;
    QLabel *m_unsupported;
    QLabel *m_status;
    QPushButton *m_rescan;
    QPushButton *m_import;
    QDialogButtonBox *m_buttons;

    QList<Pending> m_queue;
    QList<ImportedAccount> m_added;
    int m_failed = 0;
    bool m_sessionOnly = false;
};

} // namespace nephele::views
