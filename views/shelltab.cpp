#include "shelltab.h"

#include "ssh/sshchannel.h"
#include "ssh/sshsession.h"
#include "terminal/terminalwidget.h"

#include <QCheckBox>
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
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_bar);
    layout->addWidget(m_terminal, 1);
    setFocusProxy(m_terminal);

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

void ShellTab::start()
{
    m_failed = false;
    m_refused = false;
    const QString target =
        m_options.user.isEmpty() ? m_options.host : m_options.user + QLatin1Char('@') + m_options.host;
    showStatus(tr("Connecting to %1…").arg(target), false, false);
    m_session->connectToHost(m_options);
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

ConnectAsDialog::ConnectAsDialog(const QString &machineName, const models::MachineAccess &known, QWidget *parent)
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
    m_key = new QLineEdit(known.keyFile, this);
    m_key->setObjectName(QStringLiteral("keyFile"));
    m_key->setPlaceholderText(tr("Agent and default keys"));
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(browse);
    m_remember = new QCheckBox(tr("Remember for this machine"), this);
    m_remember->setObjectName(QStringLiteral("remember"));
    m_remember->setChecked(true);
    form->addRow(tr("User:"), m_user);
    form->addRow(tr("Port:"), m_port);
    form->addRow(tr("Private key:"), keyRow);
    form->addRow(m_remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    form->addRow(buttons);
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

models::MachineAccess ConnectAsDialog::access() const
{
    models::MachineAccess a;
    a.user = m_user->text().trimmed();
    a.port = quint16(m_port->value());
    a.keyFile = m_key->text().trimmed();
    return a;
}

bool ConnectAsDialog::remember() const
{
    return m_remember->isChecked();
}

// ---- ShellTabs --------------------------------------------------------------------------------

ShellTabs::ShellTabs(models::MachineAccessStore *access, QWidget *parent)
    : QTabWidget(parent)
    , m_access(access)
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
    auto *dialog = new ConnectAsDialog(target.name, known, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog, target, known, address] {
        const models::MachineAccess chosen = dialog->access().over(known);
        if (dialog->remember() && m_access) {
            models::MachineAccess own = dialog->access();
            if (auto saved = m_access->setMachineAccess(target.accountId, target.machineId, own); !saved)
                qWarning("Could not remember the SSH login for %s: %s", qPrintable(target.name),
                         qPrintable(saved.error()));
        }
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
