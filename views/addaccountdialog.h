#pragma once

#include "accounts/account.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;

namespace nephele::views {

// Collects a new account: provider, name, endpoint, token, optional CA file, plain-http consent,
// and can test the connection before it is saved. The caller opens it with open(), and on
// accepted() takes account() and token(); the token goes to the keychain, never to a file.
// editAccount() turns it into the Edit dialog of an existing account: prefilled, the provider
// fixed, and an empty token meaning "keep the stored token" (unless the account has none).
class AddAccountDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddAccountDialog)

public:
    AddAccountDialog(QNetworkAccessManager *network, QWidget *parent = nullptr);

    // Before open(): edits `account` instead of adding one.
    void editAccount(const models::Account &account);
    bool isEditing() const { return m_editing.has_value(); }

    // The settings as entered; when editing, the edited account's other fields are kept.
    models::Account account() const;
    // Empty when editing means "keep the stored token".
    QString token() const;

    void accept() override;

private:
    void testConnection();
    void setResult(bool ok, const QString &text);
    QString validate() const; // empty when the form is complete

    QNetworkAccessManager *m_network;
    QComboBox *m_provider;
    QLineEdit *m_name;
    QLineEdit *m_endpoint;
    QLineEdit *m_token;
    QLineEdit *m_caFile;
    QPushButton *m_browse;
    QCheckBox *m_allowHttp;
    QPushButton *m_test;
    QLabel *m_result;
    QDialogButtonBox *m_buttons;
    QLabel *m_note;
    QString m_id;
    std::optional<models::Account> m_editing;
    int m_testSerial = 0;
};

} // namespace nephele::views
