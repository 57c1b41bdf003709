#pragma once

#include "accounts/account.h"

#include <QDialog>

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
class AddAccountDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddAccountDialog)

public:
    AddAccountDialog(QNetworkAccessManager *network, QWidget *parent = nullptr);

    models::Account account() const;
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
    QString m_id;
    int m_testSerial = 0;
};

} // namespace nephele::views
