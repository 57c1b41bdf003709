#include "addaccountdialog.h"

#include "accounts/accountendpoint.h"
#include "accounts/accountstore.h"
#include "driverfactory.h"
#include "sync/accountsession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace nephele::views {

AddAccountDialog::AddAccountDialog(QNetworkAccessManager *network, QWidget *parent)
    : QDialog(parent)
    , m_network(network)
    , m_provider(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_endpoint(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_caFile(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_allowHttp(new QCheckBox(tr("Allow plain &HTTP to this endpoint (not recommended)"), this))
    , m_test(new QPushButton(tr("&Test connection"), this))
    , m_result(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_id(models::AccountStore::newAccountId())
{
    setWindowTitle(tr("Add account"));
    setMinimumWidth(520);

    const QStringList providers = drivers::knownProviders();
    for (const QString &provider : providers) {
        const drivers::Capabilities *caps = drivers::capabilitiesFor(provider);
        m_provider->addItem(caps ? caps->displayName : provider, provider);
    }
    if (m_provider->count() == 0)
        m_provider->addItem(QStringLiteral("DigitalOcean"), QStringLiteral("digitalocean"));

    m_name->setPlaceholderText(tr("e.g. Production"));
    m_endpoint->setText(QStringLiteral("https://api.digitalocean.com"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Personal access token"));
    m_caFile->setPlaceholderText(tr("Optional: PEM file of a private certificate authority"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add account"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Provider:"), m_provider);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(tr("T&oken:"), m_token);
    // Where the user makes a token, for the chosen provider.
    auto *tokenHelp = new QLabel(this);
    tokenHelp->setOpenExternalLinks(true);
    tokenHelp->setTextFormat(Qt::RichText);
    const auto showTokenHelp = [this, tokenHelp] {
        const drivers::Capabilities *caps = drivers::capabilitiesFor(m_provider->currentData().toString());
        tokenHelp->setVisible(caps && !caps->tokenHelpUrl.isEmpty());
        if (caps && !caps->tokenHelpUrl.isEmpty())
            tokenHelp->setText(tr("Create a token with read and write scope in <a href=\"%1\">%2's control panel</a>.")
                                   .arg(caps->tokenHelpUrl.toHtmlEscaped(), caps->displayName.toHtmlEscaped()));
    };
    showTokenHelp();
    connect(m_provider, &QComboBox::currentIndexChanged, this, showTokenHelp);
    form->addRow(QString(), tokenHelp);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(m_browse);
    form->addRow(tr("&CA certificate:"), caRow);
    form->addRow(QString(), m_allowHttp);

    m_note = new QLabel(tr("The token is kept in your system keychain, never in a settings file."), this);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addSpacing(6);
    layout->addLayout(testRow);
    layout->addStretch();
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddAccountDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddAccountDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &AddAccountDialog::testConnection);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        auto *chooser =
            new QFileDialog(this, tr("CA certificate"), QString(), tr("PEM certificates (*.pem *.crt);;All files (*)"));
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        chooser->setFileMode(QFileDialog::ExistingFile);
        connect(chooser, &QFileDialog::fileSelected, this, [this](const QString &file) { m_caFile->setText(file); });
        chooser->open();
    });
}

void AddAccountDialog::editAccount(const models::Account &account)
{
    m_editing = account;
    m_id = account.id;
    setWindowTitle(tr("Edit account %1").arg(account.name));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    const int provider = m_provider->findData(account.provider);
    if (provider < 0)
        m_provider->addItem(account.provider, account.provider);
    m_provider->setCurrentIndex(m_provider->findData(account.provider));
    m_provider->setEnabled(false); // another provider is another account
    m_name->setText(account.name);
    m_endpoint->setText(account.endpoint.toString());
    m_caFile->setText(account.caCertificateFile);
    m_allowHttp->setChecked(account.allowPlainHttp);
    m_token->clear();
    if (account.needsToken) {
        m_token->setPlaceholderText(tr("No token is stored: enter it"));
        m_note->setText(tr("The keychain holds no token for this account. Enter it to use the account again."));
    } else {
        m_token->setPlaceholderText(tr("Leave empty to keep the stored token"));
        m_note->setText(tr("Leave the token empty to keep the one in your keychain. Changing the endpoint, the CA "
                           "certificate or the token reconnects the account."));
    }
}

models::Account AddAccountDialog::account() const
{
    models::Account a = m_editing.value_or(models::Account());
    a.id = m_id;
    a.name = m_name->text().trimmed();
    a.provider = m_provider->currentData().toString();
    a.endpoint = QUrl(m_endpoint->text().trimmed());
    a.caCertificateFile = m_caFile->text().trimmed();
    a.allowPlainHttp = m_allowHttp->isChecked();
    return a;
}

QString AddAccountDialog::token() const
{
    return m_token->text().trimmed();
}

QString AddAccountDialog::validate() const
{
    const models::Account a = account();
    if (a.name.isEmpty())
        return tr("Give the account a name.");
    if (!a.endpoint.isValid() || a.endpoint.host().isEmpty() ||
        (a.endpoint.scheme() != u"https" && a.endpoint.scheme() != u"http"))
        return tr("The endpoint must be an http or https address, e.g. https://api.digitalocean.com.");
    if (a.endpoint.scheme() == u"http" && !a.allowPlainHttp && !QHostAddress(a.endpoint.host()).isLoopback() &&
        a.endpoint.host() != u"localhost")
        return tr("The endpoint uses plain http, which would send the token unencrypted. Use https, or tick "
                  "\"Allow plain HTTP\" if you really mean it.");
    if (token().isEmpty() && (!m_editing || m_editing->needsToken))
        return tr("Enter the account's token.");
    return {};
}

void AddAccountDialog::setResult(bool ok, const QString &text)
{
    m_result->setStyleSheet(ok ? QStringLiteral("color: #1e7b34;") : QStringLiteral("color: #b3261e;"));
    m_result->setText(text);
}

void AddAccountDialog::testConnection()
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        setResult(false, problem);
        return;
    }
    if (token().isEmpty()) {
        setResult(false, tr("Enter the token to test the connection; the stored one is not read for a test."));
        return;
    }
    auto endpoint = models::endpointFor(account(), token());
    if (!endpoint) {
        setResult(false, endpoint.error());
        return;
    }
    m_test->setEnabled(false);
    m_result->setStyleSheet({});
    m_result->setText(tr("Connecting…"));
    const int serial = ++m_testSerial;
    models::AccountSession::testConnection(account().provider, *endpoint, m_network, this)
        .then(this, [this, serial](const drivers::Result<QString> &result) {
            if (serial != m_testSerial)
                return; // an older test, superseded
            m_test->setEnabled(true);
            if (result)
                setResult(true, *result);
            else
                setResult(false, result.error().summary() + QStringLiteral("\n") + result.error().hint());
        });
}

void AddAccountDialog::accept()
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        setResult(false, problem);
        return;
    }
    QDialog::accept();
}

} // namespace nephele::views
