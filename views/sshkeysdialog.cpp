#include "sshkeysdialog.h"

#include "access/sshkeystore.h"
#include "sessiontab.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSysInfo>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace nephele::views {

QString sshKeyTypeLabel(const QString &type)
{
    if (type.isEmpty())
        return SshKeysDialog::tr("unknown");
    if (type == QLatin1String("ssh-ed25519"))
        return QStringLiteral("ED25519");
    if (type == QLatin1String("ssh-rsa"))
        return QStringLiteral("RSA");
    if (type.startsWith(QLatin1String("ecdsa-sha2-")))
        return QStringLiteral("ECDSA");
    if (type.startsWith(QLatin1String("sk-ssh-ed25519")))
        return QStringLiteral("ED25519-SK");
    if (type.startsWith(QLatin1String("sk-ecdsa")))
        return QStringLiteral("ECDSA-SK");
    return type;
}

SshKeysDialog::SshKeysDialog(models::SshKeyStore *keys, QWidget *parent)
    : QDialog(parent)
    , m_keys(keys)
{
    setObjectName(QStringLiteral("sshKeysDialog"));
    setWindowTitle(tr("SSH keys"));
    resize(760, 420);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Private keys kept in your system keychain, never in a file. Choose one for a machine "
                                "in “Connect as…”; an encrypted key asks for its passphrase when it is used."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("keyList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setHeaderLabels({tr("Name"), tr("Type"), tr("Fingerprint")});
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(TypeColumn, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);

    auto *buttons = new QVBoxLayout;
    auto button = [this, buttons](const char *name, const QString &text, const QString &tip) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        b->setAutoDefault(false);
        buttons->addWidget(b);
        return b;
    };
    m_add = button("addKeyFile", tr("Add from file…"), tr("Keep a private key file's key in the keychain"));
    m_generate = button("generateKey", tr("Generate…"), tr("Make a new ed25519 key pair in the keychain"));
    m_copy = button("copyPublicKey", tr("Copy public key"),
                    tr("Copy the public key, to add to a server's ~/.ssh/authorized_keys"));
    m_remove = button("removeKey", tr("Remove…"), tr("Delete the key from the keychain and from this list"));
    buttons->addStretch(1);
    row->addLayout(buttons);
    layout->addLayout(row, 1);

    m_status = new SessionStatusBar(QString(), QString(), this);
    m_status->setObjectName(QStringLiteral("keysStatusBar"));
    m_status->label()->setObjectName(QStringLiteral("keysStatus"));
    layout->addWidget(m_status);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_add, &QPushButton::clicked, this, &SshKeysDialog::askFile);
    connect(m_generate, &QPushButton::clicked, this, [this] {
        // ssh-keygen's own default comment: who made the key, on which machine.
        const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
        const QString host = QSysInfo::machineHostName();
        const QString suggestion = user.isEmpty() ? host : user + QLatin1Char('@') + host;
        askName(tr("Generate an SSH key"), tr("Name of the new ed25519 key:"), suggestion,
                [this](const QString &name) { generate(name); });
    });
    connect(m_copy, &QPushButton::clicked, this, &SshKeysDialog::copyPublicKey);
    connect(m_remove, &QPushButton::clicked, this, &SshKeysDialog::confirmRemove);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &SshKeysDialog::updateButtons);
    if (m_keys)
        connect(m_keys, &models::SshKeyStore::changed, this, &SshKeysDialog::reload);
    reload();

    if (!m_keys || !m_keys->secrets())
        showProblem(tr("No keychain is open (the demo keeps nothing), so SSH keys cannot be kept here."));
    else if (!m_keys->loadError().isEmpty())
        showProblem(m_keys->loadError());
}

void SshKeysDialog::reload()
{
    const QString current = currentKey();
    m_list->clear();
    const QList<models::SshKeyEntry> keys = m_keys ? m_keys->keys() : QList<models::SshKeyEntry>();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const models::SshKeyEntry &key : keys) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, key.name);
        item->setData(NameColumn, Qt::UserRole, key.name);
        item->setText(TypeColumn,
                      key.encrypted ? tr("%1, encrypted").arg(sshKeyTypeLabel(key.type)) : sshKeyTypeLabel(key.type));
        item->setText(FingerprintColumn,
                      key.fingerprint.isEmpty() ? tr("unknown until the key is used") : key.fingerprint);
        item->setFont(FingerprintColumn, mono);
        const QString origin = key.source.isEmpty() ? tr("Generated by Nephele") : tr("Added from %1").arg(key.source);
        item->setToolTip(NameColumn, origin);
        item->setToolTip(FingerprintColumn, key.publicKey);
    }
    if (!selectKey(current) && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

QString SshKeysDialog::currentKey() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(NameColumn, Qt::UserRole).toString() : QString();
}

bool SshKeysDialog::selectKey(const QString &name)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (!name.isEmpty() && m_list->topLevelItem(i)->data(NameColumn, Qt::UserRole).toString() == name) {
            m_list->setCurrentItem(m_list->topLevelItem(i));
            return true;
        }
    }
    return false;
}

QString SshKeysDialog::statusText() const
{
    return m_status->text();
}

void SshKeysDialog::updateButtons()
{
    const bool writable = m_keys && m_keys->secrets() && m_keys->loadError().isEmpty() && m_busy == 0;
    const std::optional<models::SshKeyEntry> key =
        m_keys ? m_keys->key(currentKey()) : std::optional<models::SshKeyEntry>();
    m_add->setEnabled(writable);
    m_generate->setEnabled(writable);
    m_copy->setEnabled(key && !key->publicKey.isEmpty());
    m_remove->setEnabled(writable && key);
}

void SshKeysDialog::showProblem(const QString &text)
{
    m_status->showMessage(text.toHtmlEscaped(), SessionStatusBar::Tone::Problem, false);
}

void SshKeysDialog::showInfo(const QString &text)
{
    m_status->showMessage(text.toHtmlEscaped(), SessionStatusBar::Tone::Info, false);
}

void SshKeysDialog::begin(const QString &what)
{
    ++m_busy;
    showInfo(what);
    updateButtons();
}

void SshKeysDialog::end()
{
    --m_busy;
    updateButtons();
}

void SshKeysDialog::askFile()
{
    // ~/.ssh when there is one; a folder that does not exist would land in the file name field.
    const QDir ssh(QDir::homePath() + QStringLiteral("/.ssh"));
    auto *files = new QFileDialog(this, tr("Add a private key"), ssh.exists() ? ssh.path() : QDir::homePath());
    files->setObjectName(QStringLiteral("keyFileDialog"));
    files->setAttribute(Qt::WA_DeleteOnClose);
    files->setFileMode(QFileDialog::ExistingFile);
    connect(files, &QFileDialog::fileSelected, this, [this](const QString &path) {
        askName(tr("Add an SSH key"), tr("Name of the key from %1:").arg(QFileInfo(path).fileName()),
                QFileInfo(path).fileName(), [this, path](const QString &name) { addFromFile(path, name); });
    });
    m_dialog = files;
    files->open();
}

void SshKeysDialog::askName(const QString &title, const QString &label, const QString &suggestion,
                            const std::function<void(const QString &)> &then)
{
    auto *ask = new QInputDialog(this);
    ask->setObjectName(QStringLiteral("keyNameDialog"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowTitle(title);
    ask->setLabelText(label);
    ask->setTextValue(suggestion);
    connect(ask, &QInputDialog::textValueSelected, this, then);
    m_dialog = ask;
    ask->open();
}

void SshKeysDialog::addFromFile(const QString &path, const QString &name)
{
    if (!m_keys)
        return;
    begin(tr("Adding “%1” to the keychain…").arg(name.trimmed()));
    m_keys->addFromFile(name, path).then(this, [this](const models::SshKeyResult &added) {
        end();
        if (!added)
            return showProblem(added.error());
        selectKey(added->name);
        showInfo(added->encrypted ? tr("“%1” is in the keychain. It is encrypted: its passphrase is asked when it is "
                                       "used.")
                                        .arg(added->name)
                                  : tr("“%1” is in the keychain.").arg(added->name));
    });
}

void SshKeysDialog::generate(const QString &name)
{
    if (!m_keys)
        return;
    begin(tr("Generating “%1”…").arg(name.trimmed()));
    m_keys->generate(name).then(this, [this](const models::SshKeyResult &made) {
        end();
        if (!made)
            return showProblem(made.error());
        selectKey(made->name);
        showInfo(
            tr("“%1” is in the keychain. Copy its public key to the servers' ~/.ssh/authorized_keys.").arg(made->name));
    });
}

void SshKeysDialog::copyPublicKey()
{
    const std::optional<models::SshKeyEntry> key =
        m_keys ? m_keys->key(currentKey()) : std::optional<models::SshKeyEntry>();
    if (!key || key->publicKey.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(key->publicKey + QLatin1Char('\n'));
    showInfo(tr("The public key of “%1” is on the clipboard.").arg(key->name));
}

void SshKeysDialog::confirmRemove()
{
    const QString name = currentKey();
    if (name.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Remove SSH key"),
                                tr("Remove the key “%1”? It is deleted from the keychain. Machines set to use it "
                                   "cannot log in with it any more, and a key generated here cannot be recovered.")
                                    .arg(name),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmRemoveKey"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmRemove"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::buttonClicked, this, [this, yes, name](QAbstractButton *clicked) {
        if (clicked == yes)
            remove(name);
    });
    m_dialog = box;
    box->open();
}

void SshKeysDialog::remove(const QString &name)
{
    if (!m_keys)
        return;
    begin(tr("Removing “%1” from the keychain…").arg(name));
    m_keys->remove(name).then(this, [this, name](const models::SshKeyStatus &removed) {
        end();
        if (!removed)
            return showProblem(removed.error());
        showInfo(tr("“%1” was removed from the keychain.").arg(name));
    });
}

} // namespace nephele::views
