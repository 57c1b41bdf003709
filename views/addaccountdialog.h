#pragma once

#include "accounts/account.h"
#include "accounts/importers.h"
#include "accounts/secretstore.h"

#include <QDialog>
#include <QFuture>
#include <QList>
#include <QMap>

#include <functional>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QListWidget;
class QNetworkAccessManager;
class QPushButton;
class QStackedWidget;

namespace nephele::drivers {
struct AccountEndpoint;
} // namespace nephele::drivers

namespace nephele::views {

class ProviderPage;

// Collects a new account: the provider from a list (its logo and name), then that provider's own
// page with the fields it needs and a link to where the user makes its token. "Test connection"
// runs one real request for the providers this build has a driver for, and for Hetzner Cloud (one
// API request) and SSH servers (their greeting); for the others it is disabled and says why, and
// the account can still be added: it is saved, with its secrets in the keychain, and shows as not
// supported until a driver lands. When editing, an empty secret field tests with the stored secret.
//
// The caller opens it with open(), and on accepted() takes account() and token(); the token goes
// to the keychain, never to a file. editAccount() turns it into the Edit dialog of an existing
// account: prefilled, the provider fixed, and an empty token meaning "keep the stored token"
// (unless the account has none).
//
// What the keychain holds (token()): for a provider with a driver, the one token its driver reads
// (AccountEndpoint::token); the same for Hetzner Cloud and providers without a page. For
// Kubernetes and for the providers without a driver whose credentials are more than a token
// (OpenStack, AWS, SSH), a compact JSON object of their secrets by kind, e.g. {"access-key-id":
// ..., "secret-access-key": ...}, possibly {} (an SSH server that signs in with a key file, a
// cluster whose exec plugin signs in). Account has no field for the other settings of these
// (kubeconfig context and its credentials' settings, namespace, identity file, ...): until it
// does, they travel as query items of the endpoint
// (ssh://deploy@host:22?identity-files=~/.ssh/id_ed25519), so nothing the user entered or
// imported is lost; a Kubernetes account is resolved from them as kubectl would
// (models::resolveEndpoint()). The other providers with a driver get a plain endpoint and, where
// one is named, a CA file.
class AddAccountDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddAccountDialog)

public:
    AddAccountDialog(QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~AddAccountDialog() override;

    // Before open(): edits `account` instead of adding one.
    void editAccount(const models::Account &account);
    // When editing: where "Test connection" gets the account's stored secret when the secret fields
    // are left empty (the keychain, or the token kept for this session). Asked only on a click,
    // asynchronously; the secret is used for that one request and not kept.
    using StoredSecret = std::function<QFuture<models::SecretResult>()>;
    void setStoredSecret(StoredSecret read) { m_storedSecret = std::move(read); }
    bool isEditing() const { return m_editing.has_value(); }
    // Shows the "Import from files…" button, which emits importRequested(). The window offers it
    // when it keeps accounts (not in the demo).
    void setImportOffered(bool offered);

    // The provider ids of the list, in order, and the chosen one.
    QStringList providers() const;
    QString currentProvider() const;
    void setCurrentProvider(const QString &provider);

    // The settings as entered; when editing, the edited account's other fields are kept.
    models::Account account() const;
    // What goes to the keychain (see above). Empty when editing means "keep the stored secret".
    QString token() const;

    void accept() override;

    // Whether this build can list (and test) accounts of `provider`.
    static bool hasDriver(const QString &provider);
    // Whether "Test connection" works for `provider`: through its driver, or for some providers
    // without one, a single request of their API (models/accounts/connectionprobe.h).
    static bool canTest(const QString &provider);
    // The keychain text for `provider`'s secrets by kind ("token", "secret-access-key", ...).
    static QString secretText(const QString &provider, const QMap<QString, QString> &secrets);
    // A new account (fresh id) for what an importer found, by the rules above; needsToken unset.
    static models::Account accountFor(const models::ImportCandidate &candidate);

Q_SIGNALS:
    void importRequested();

private:
    ProviderPage *page() const;
    void showProvider(int row);
    void testConnection();
    void runTest(const models::Account &account, const QString &secret, int serial);
    void testEndpoint(const models::Account &account, const QString &secret, const drivers::AccountEndpoint &endpoint,
                      int serial);
    void setResult(bool ok, const QString &text);
    void showTestAvailability();
    QString validate() const; // empty when the form is complete
    // `key` names the form as it is (m_savingDespite).
    void checkContextThenAccept(const models::Account &account, const QString &secret, const QString &key, int serial);

    QNetworkAccessManager *m_network;
    QListWidget *m_providers;
    QStackedWidget *m_stack;
    QList<ProviderPage *> m_pages; // children of m_stack, in the list's order
    QPushButton *m_import;
    QPushButton *m_test;
    QLabel *m_result;
    QDialogButtonBox *m_buttons;
    QLabel *m_note;
    QString m_id;
    std::optional<models::Account> m_editing;
    StoredSecret m_storedSecret;
    int m_testSerial = 0;
    // The kubeconfig context whose problem was shown on Add/Save: pressed again unchanged, it is
    // saved anyway (a plugin's expired sign-in is fixed outside Nephele, later).
    QString m_savingDespite;
};

} // namespace nephele::views
