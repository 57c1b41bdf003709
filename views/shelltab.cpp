#include "shelltab.h"

#include "access/sshkeystore.h"
#include "ssh/sshchannel.h"
#include "ssh/sshsession.h"
#include "sshkeysdialog.h"
#include "terminal/terminalwidget.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace nephele::views {

using ssh::SshAuthPrompt;
using ssh::SshChannel;
using ssh::SshError;
using ssh::SshErrorKind;
using ssh::SshHostKeyInfo;
using ssh::SshSession;

// ---- ShellTab ---------------------------------------------------------------------------------

ShellTab::ShellTab(QString name, ssh::SshConnectOptions options, QWidget *parent)
    : SessionTab(std::move(name), parent)
    , m_options(std::move(options))
    , m_session(new SshSession(this))
{
    m_bar = new SessionStatusBar(tr("Reconnect"), tr("Connect again with the same settings"), this);
    m_bar->setObjectName(QStringLiteral("shellStatusBar"));
    m_bar->label()->setObjectName(QStringLiteral("shellStatus"));
    m_bar->actionButton()->setObjectName(QStringLiteral("reconnectButton"));

    m_terminal = new TerminalWidget(this);
    m_terminal->setObjectName(QStringLiteral("shellTerminal"));
    stackAbove({m_bar}, m_terminal);

    connect(m_bar, &SessionStatusBar::actionTriggered, this, &ShellTab::reconnect);
    connect(m_session, &SshSession::hostKeyUnknown, this, &ShellTab::askHostKey);
    connect(m_session, &SshSession::passwordRequested, this, &ShellTab::askPrompt);
    connect(m_session, &SshSession::passphraseRequested, this, &ShellTab::askPrompt);
    connect(m_session, &SshSession::keyboardInteractiveRequested, this, &ShellTab::askPrompt);
    connect(m_session, &SshSession::connected, this, &ShellTab::onConnected);
    connect(m_session, &SshSession::errorOccurred, this, &ShellTab::onError);
    connect(m_session, &SshSession::disconnected, this, &ShellTab::onDisconnected);
    connect(m_session, &SshSession::stateChanged, this, &ShellTab::stateChanged);
    connect(m_terminal, &TerminalWidget::sendData, this, [this](const QByteArray &data) {
        if (m_channel)
            m_channel->write(data);
    });
    connect(m_terminal, &TerminalWidget::sizeChanged, this, [this](int columns, int rows) {
        if (m_channel)
            m_channel->resizePty(columns, rows);
    });
}

ShellTab::~ShellTab() = default;

void ShellTab::setKeychainKey(models::SshKeyStore *keys, const QString &name)
{
    m_keys = keys;
    m_keychainKey = name;
    m_options.privateKeyName = name; // how a passphrase prompt names it
}

void ShellTab::start()
{
    m_failed = false;
    m_refused = false;
    const quint64 attempt = ++m_starts;
    if (m_keychainKey.isEmpty()) {
        connectWith(m_options);
        return;
    }
    // Read at each start, not once: the key text stays in the keychain, not in the tab, and a
    // keychain unlocked after a failed read works on Reconnect.
    auto fail = [this](const QString &why) {
        m_failed = true;
        showStatus(tr("<b>The SSH key “%1” could not be read from the keychain.</b><br>%2")
                       .arg(m_keychainKey.toHtmlEscaped(), why.toHtmlEscaped()),
                   true, true);
        Q_EMIT stateChanged();
    };
    if (!m_keys) {
        fail(tr("No keychain is open here, so keys kept in it cannot be used. Choose a key file instead."));
        return;
    }
    showStatus(tr("Reading the SSH key “%1” from the keychain…").arg(m_keychainKey.toHtmlEscaped()), false, false);
    m_keys->privateKey(m_keychainKey).then(this, [this, attempt, fail](const models::SshPrivateKeyResult &key) {
        if (attempt != m_starts)
            return; // reconnected meanwhile: that start reads its own
        if (!key)
            return fail(key.error());
        ssh::SshConnectOptions options = m_options;
        options.privateKey = *key;
        connectWith(options);
    });
}

void ShellTab::connectWith(const ssh::SshConnectOptions &options)
{
    const QString target = options.user.isEmpty() ? options.host : options.user + QLatin1Char('@') + options.host;
    showStatus(tr("Connecting to %1…").arg(target), false, false);
    m_session->connectToHost(options);
}

void ShellTab::reconnect()
{
    delete m_channel; // the session owns it; a new shell comes with the new connection
    if (m_dialog)
        m_dialog->deleteLater();
    m_terminal->receiveData(QByteArrayLiteral("\r\n"));
    start();
}

bool ShellTab::isAlive() const
{
    return m_session->state() != SshSession::State::Disconnected;
}

QString ShellTab::closeQuestion() const
{
    return tr("The shell on %1 is still connected. Close it and end the session?").arg(name());
}

QString ShellTab::statusText() const
{
    return m_bar->text();
}

void ShellTab::showStatus(const QString &text, bool problem, bool offerReconnect)
{
    m_bar->showMessage(text, problem ? SessionStatusBar::Tone::Problem : SessionStatusBar::Tone::Info, offerReconnect);
}

void ShellTab::askHostKey(const SshHostKeyInfo &key)
{
    auto *dialog = new HostKeyDialog(key, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    const quint64 id = key.requestId;
    connect(dialog, &QDialog::finished, this, [this, id](int result) {
        if (result == HostKeyDialog::AcceptOnce || result == HostKeyDialog::AcceptAndRemember)
            m_session->acceptHostKey(id, result == HostKeyDialog::AcceptAndRemember);
        else
            m_session->rejectHostKey(id);
        m_terminal->setFocus();
    });
    dialog->open();
}

void ShellTab::askPrompt(const SshAuthPrompt &prompt)
{
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("sshPromptDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *form = new QFormLayout(dialog);
    QString title;
    QString intro;
    switch (prompt.kind) {
    case SshAuthPrompt::Kind::Passphrase:
        title = tr("Key passphrase");
        intro = tr("The key %1 is encrypted. Enter its passphrase.").arg(prompt.keyName.toHtmlEscaped());
        break;
    case SshAuthPrompt::Kind::Password:
        title = tr("Password");
        intro = tr("Password for %1.").arg(prompt.target.toHtmlEscaped());
        break;
    case SshAuthPrompt::Kind::KeyboardInteractive:
        title = prompt.name.isEmpty() ? tr("Login") : prompt.name;
        intro = prompt.instruction.isEmpty() ? tr("%1 asks:").arg(prompt.target.toHtmlEscaped())
                                             : prompt.instruction.toHtmlEscaped();
        break;
    }
    dialog->setWindowTitle(title);
    if (!prompt.retryReason.isEmpty())
        intro = QStringLiteral("<b>%1</b><br>%2").arg(prompt.retryReason.toHtmlEscaped(), intro);
    auto *introLabel = new QLabel(intro, dialog);
    introLabel->setWordWrap(true);
    form->addRow(introLabel);
    QList<QLineEdit *> edits;
    for (const ssh::SshPromptField &field : prompt.fields) {
        auto *edit = new QLineEdit(dialog);
        edit->setEchoMode(field.echo ? QLineEdit::Normal : QLineEdit::Password);
        edit->setObjectName(QStringLiteral("promptField%1").arg(edits.size()));
        form->addRow(field.text.trimmed(), edit);
        edits.append(edit);
    }
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    const quint64 id = prompt.id;
    connect(dialog, &QDialog::finished, this, [this, id, edits](int result) {
        if (result == QDialog::Accepted) {
            QStringList answers;
            for (QLineEdit *edit : edits)
                answers.append(edit->text());
            m_session->answerPrompt(id, answers);
        } else {
            m_session->cancelPrompt(id);
        }
        m_terminal->setFocus();
    });
    m_dialog = dialog;
    dialog->open();
}

void ShellTab::onConnected()
{
    m_bar->clearMessage();
    ssh::SshPtyOptions pty;
    pty.columns = m_terminal->columns();
    pty.rows = m_terminal->rows();
    m_channel = m_session->openShell(pty);
    // Smaller than the default read-ahead, so Ctrl-C stops a flood quickly.
    m_channel->setReadAheadLimit(qint64(2) * 1024 * 1024);
    connect(m_channel, &SshChannel::outputReceived, m_terminal, &TerminalWidget::receiveData);
    connect(m_channel, &SshChannel::errorOccurred, this, [this](const SshError &error) {
        showStatus(error.fullText().toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")), true, true);
    });
    connect(m_channel, &SshChannel::closed, this, [this] {
        if (!m_failed && m_channel) {
            const auto status = m_channel->exitStatus();
            showStatus(status ? tr("The shell ended (exit status %1).").arg(*status) : tr("The shell ended."), false,
                       true);
        }
        m_session->disconnectFromHost();
    });
    m_terminal->setFocus();
    Q_EMIT stateChanged();
}

void ShellTab::onError(const SshError &error)
{
    m_failed = true;
    m_refused = error.kind == SshErrorKind::HostKeyChanged;
    QString text = error.fullText().toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    if (error.kind == SshErrorKind::HostKeyChanged)
        text = tr("<b>Connection refused: the host key changed.</b><br>%1").arg(text);
    showStatus(text, true, !m_refused);
}

void ShellTab::onDisconnected()
{
    if (!m_failed && m_bar->isHidden())
        showStatus(tr("Disconnected from %1.").arg(m_session->target()), false, true);
    // A changed host key is not retried from here: the known_hosts file must be fixed first.
    m_bar->setActionVisible(!m_refused);
    Q_EMIT stateChanged();
}

// ---- HostKeyDialog ----------------------------------------------------------------------------

HostKeyDialog::HostKeyDialog(const SshHostKeyInfo &key, QWidget *parent)
    : QDialog(parent)
    , m_key(key)
{
    setObjectName(QStringLiteral("hostKeyDialog"));
    setWindowTitle(tr("Unknown host key"));
    auto *layout = new QVBoxLayout(this);
    const QString where = key.port == 22 ? key.host : QStringLiteral("[%1]:%2").arg(key.host).arg(key.port);
    auto *text = new QLabel(tr("<p>The authenticity of <b>%1</b> cannot be established: no known_hosts file lists "
                               "its key.</p><p>%2 key fingerprint:</p>")
                                .arg(where.toHtmlEscaped(), key.keyType.toHtmlEscaped()),
                            this);
    text->setWordWrap(true);
    auto *fingerprint = new QLabel(key.fingerprint, this);
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    fingerprint->setFont(mono);
    auto *hint = new QLabel(tr("Compare it with the fingerprint the server's administrator gives you. "
                               "\"Accept and remember\" adds it to %1.")
                                .arg(key.knownHostsFile.toHtmlEscaped()),
                            this);
    hint->setWordWrap(true);
    layout->addWidget(text);
    layout->addWidget(fingerprint);
    layout->addWidget(hint);

    auto *buttons = new QDialogButtonBox(this);
    QPushButton *once = buttons->addButton(tr("Accept once"), QDialogButtonBox::AcceptRole);
    once->setObjectName(QStringLiteral("acceptOnce"));
    QPushButton *remember = buttons->addButton(tr("Accept and remember"), QDialogButtonBox::AcceptRole);
    remember->setObjectName(QStringLiteral("acceptRemember"));
    QPushButton *reject = buttons->addButton(tr("Reject"), QDialogButtonBox::RejectRole);
    reject->setObjectName(QStringLiteral("rejectKey"));
    reject->setDefault(true); // Enter should never trust a key by accident
    layout->addWidget(buttons);
    connect(once, &QPushButton::clicked, this, [this] { done(AcceptOnce); });
    connect(remember, &QPushButton::clicked, this, [this] { done(AcceptAndRemember); });
    connect(reject, &QPushButton::clicked, this, [this] { done(Reject); });
}

// ---- ConnectAsDialog --------------------------------------------------------------------------

ConnectAsDialog::ConnectAsDialog(const QString &machineName, const models::MachineAccess &known,
                                 const models::SshKeyStore *keys, QWidget *parent, const QString &accountName)
    : QDialog(parent)
    , m_known(known)
{
    setObjectName(QStringLiteral("connectAsDialog"));
    setWindowTitle(tr("Connect to %1 as…").arg(machineName));
    auto *form = new QFormLayout(this);
    m_user = new QLineEdit(known.user, this);
    m_user->setObjectName(QStringLiteral("user"));
    if (m_user->text().isEmpty())
        m_user->setText(qEnvironmentVariable("USER"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(1, 65535);
    m_port->setValue(known.port == 0 ? 22 : known.port);

    // One choice of key: the agent and default keys, a key kept in the keychain, or a file.
    m_keyChoice = new QComboBox(this);
    m_keyChoice->setObjectName(QStringLiteral("keyChoice"));
    m_keyChoice->addItem(tr("Agent and default keys"), DefaultKeys);
    const QList<models::SshKeyEntry> stored = keys ? keys->keys() : QList<models::SshKeyEntry>();
    for (const models::SshKeyEntry &key : stored) {
        m_keyChoice->addItem(QIcon::fromTheme(QStringLiteral("dialog-password")),
                             tr("%1 (keychain, %2)").arg(key.name, sshKeyTypeLabel(key.type)), KeychainKey);
        m_keyChoice->setItemData(m_keyChoice->count() - 1, key.name, Qt::UserRole + 1);
        m_keyChoice->setItemData(m_keyChoice->count() - 1, key.fingerprint, Qt::ToolTipRole);
    }
    if (!known.keychainEntry.isEmpty() && !chooseKeychainKey(known.keychainEntry)) {
        // Named by the machine but no longer listed: kept, so that the choice is not lost silently.
        m_keyChoice->addItem(tr("%1 (keychain, not in the key list)").arg(known.keychainEntry), KeychainKey);
        m_keyChoice->setItemData(m_keyChoice->count() - 1, known.keychainEntry, Qt::UserRole + 1);
        m_keyChoice->setCurrentIndex(m_keyChoice->count() - 1);
    }
    m_keyChoice->addItem(tr("Key file…"), KeyFile);

    m_key = new QLineEdit(known.keyFile, this);
    m_key->setObjectName(QStringLiteral("keyFile"));
    m_key->setPlaceholderText(tr("Path of a private key file"));
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    m_keyFileRow = new QWidget(this);
    auto *keyRow = new QHBoxLayout(m_keyFileRow);
    keyRow->setContentsMargins(0, 0, 0, 0);
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(browse);
    if (!known.keyFile.isEmpty())
        m_keyChoice->setCurrentIndex(m_keyChoice->findData(KeyFile));
    m_remember = new QComboBox(this);
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->addItem(tr("Not"), DontRemember);
    m_remember->addItem(tr("For this machine"), RememberForMachine);
    m_remember->addItem(accountName.isEmpty() ? tr("For every machine of this account without its own")
                                              : tr("For every machine of %1 without its own").arg(accountName),
                        RememberForAccount);
    m_remember->setItemData(m_remember->count() - 1,
                            tr("Saved as the account's default login; machines with their own login keep it."),
                            Qt::ToolTipRole);
    setRemember(RememberForMachine);
    form->addRow(tr("User:"), m_user);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Private key:"), m_keyChoice);
    form->addRow(tr("Key file:"), m_keyFileRow);
    form->addRow(tr("Remember:"), m_remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    form->addRow(buttons);
    showKeyFileRow();
    connect(m_keyChoice, &QComboBox::currentIndexChanged, this, &ConnectAsDialog::showKeyFileRow);
    // A path typed or browsed to is the choice of a file.
    connect(m_key, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (!text.trimmed().isEmpty())
            m_keyChoice->setCurrentIndex(m_keyChoice->findData(KeyFile));
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QToolButton::clicked, this, [this] {
        auto *files = new QFileDialog(this, tr("Private key"), QDir::homePath() + QStringLiteral("/.ssh"));
        files->setAttribute(Qt::WA_DeleteOnClose);
        files->setFileMode(QFileDialog::ExistingFile);
        connect(files, &QFileDialog::fileSelected, m_key, &QLineEdit::setText);
        files->open();
    });
}

void ConnectAsDialog::showKeyFileRow()
{
    if (auto *form = qobject_cast<QFormLayout *>(layout()))
        form->setRowVisible(m_keyFileRow, m_keyChoice->currentData().toInt() == KeyFile);
}

bool ConnectAsDialog::chooseKeychainKey(const QString &name)
{
    for (int i = 0; i < m_keyChoice->count(); ++i) {
        if (m_keyChoice->itemData(i).toInt() == KeychainKey && m_keyChoice->itemData(i, Qt::UserRole + 1) == name) {
            m_keyChoice->setCurrentIndex(i);
            return true;
        }
    }
    return false;
}

models::MachineAccess ConnectAsDialog::access() const
{
    models::MachineAccess a;
    a.user = m_user->text().trimmed();
    a.port = quint16(m_port->value());
    switch (m_keyChoice->currentData().toInt()) {
    case KeychainKey: a.keychainEntry = m_keyChoice->currentData(Qt::UserRole + 1).toString(); break;
    case KeyFile: a.keyFile = m_key->text().trimmed(); break;
    default: break; // the agent and default keys, or what the account's default names
    }
    return a;
}

ConnectAsDialog::Remember ConnectAsDialog::remember() const
{
    return Remember(m_remember->currentData().toInt());
}

void ConnectAsDialog::setRemember(Remember where)
{
    m_remember->setCurrentIndex(m_remember->findData(where));
}

// ---- ShellTabs --------------------------------------------------------------------------------

ShellTabs::ShellTabs(models::MachineAccessStore *access, models::SshKeyStore *keys, QWidget *parent)
    : QTabWidget(parent)
    , m_access(access)
    , m_keys(keys)
{
    setObjectName(QStringLiteral("shellTabs"));
    setTabsClosable(true);
    setMovable(true);
    setDocumentMode(true);
    connect(this, &QTabWidget::tabCloseRequested, this, &ShellTabs::requestClose);
}

ShellTab *ShellTabs::shellAt(int index) const
{
    return qobject_cast<ShellTab *>(widget(index));
}

SessionTab *ShellTabs::sessionAt(int index) const
{
    return qobject_cast<SessionTab *>(widget(index));
}

void ShellTabs::addSession(SessionTab *tab, const QString &toolTip)
{
    const int index = addTab(tab, tab->tabText());
    setTabToolTip(index, toolTip);
    setCurrentIndex(index);
    connect(tab, &SessionTab::stateChanged, this, [this, tab] {
        const int at = indexOf(tab);
        if (at >= 0)
            setTabText(at, tab->tabText());
    });
    Q_EMIT countChanged(count());
}

ShellTab *ShellTabs::addShell(const QString &name, const ssh::SshConnectOptions &options)
{
    auto *tab = new ShellTab(name, options, this);
    if (options.privateKey.isEmpty() && !options.privateKeyName.isEmpty())
        tab->setKeychainKey(m_keys, options.privateKeyName);
    addSession(tab, options.user.isEmpty() ? options.host : options.user + QLatin1Char('@') + options.host);
    tab->start();
    tab->setFocus();
    return tab;
}

void ShellTabs::openShell(const ShellTarget &target)
{
    const models::MachineAccess known =
        m_access ? m_access->resolve(target.accountId, target.machineId) : models::MachineAccess{};
    const QString address = models::chooseAddress(target.publicIps, target.privateIps);
    if (known.host.isEmpty() && address.isEmpty()) {
        auto *box =
            new QMessageBox(QMessageBox::Information, tr("Open shell"),
                            tr("%1 has no IP address yet. Wait for it to get one, then try again.").arg(target.name),
                            QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog = box;
        box->open();
        return;
    }
    if (!known.user.isEmpty()) {
        addShell(target.name, models::connectOptions(known, address));
        return;
    }
    auto *dialog = new ConnectAsDialog(target.name, known, m_keys, this, target.accountName);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, target, known, address] {
        const models::MachineAccess chosen = dialog->access().over(known);
        Expected<void, QString> saved;
        if (m_access && dialog->remember() == ConnectAsDialog::RememberForMachine) {
            saved = m_access->setMachineAccess(target.accountId, target.machineId, dialog->access());
        } else if (m_access && dialog->remember() == ConnectAsDialog::RememberForAccount) {
            // The user, port and key replace the default's; what else it holds (a known_hosts
            // file, a host) stays. Machines with an entry of their own keep it.
            models::MachineAccess fallback =
                m_access->accountDefault(target.accountId).value_or(models::MachineAccess{});
            const models::MachineAccess login = dialog->access();
            fallback.user = login.user;
            fallback.port = login.port;
            fallback.keyFile = login.keyFile;
            fallback.keychainEntry = login.keychainEntry;
            saved = m_access->setAccountDefault(target.accountId, fallback);
        }
        if (!saved)
            qWarning("Could not remember the SSH login for %s: %s", qPrintable(target.name), qPrintable(saved.error()));
        addShell(target.name, models::connectOptions(chosen, address));
    });
    dialog->open();
}

void ShellTabs::requestClose(int index)
{
    SessionTab *tab = sessionAt(index);
    if (!tab)
        return;
    const QString question = tab->isAlive() ? tab->closeQuestion() : QString();
    if (question.isEmpty()) {
        closeTab(tab);
        return;
    }
    auto *box = new QMessageBox(QMessageBox::Question, tr("Close session"), question, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmCloseShell"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *close = box->addButton(tr("Close"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    QPointer<SessionTab> guard(tab);
    connect(box, &QMessageBox::buttonClicked, this, [this, close, guard](QAbstractButton *button) {
        if (button == close && guard)
            closeTab(guard);
    });
    m_dialog = box;
    box->open();
}

void ShellTabs::closeTab(SessionTab *tab)
{
    removeTab(indexOf(tab));
    tab->deleteLater(); // its session closes the connection on its own thread
    Q_EMIT countChanged(count());
}

} // namespace nephele::views
