// SSH keys kept in the keychain, through the widgets: the "SSH keys" dialog against a real Secret
// Service (gnome-keyring under with-keyring.sh), "Open shell" logging in to a real OpenSSH sshd on
// loopback with a key read from the keychain, "Connect as…" choosing a keychain key whose
// passphrase is asked at connect, removal with confirmation, and a key the keychain cannot give
// failing in the tab's bar without trying anything else. Outside the harness everything skips.

#include "access/machineaccess.h"
#include "access/sshkeystore.h"
#include "accounts/secretstore.h"
#include "keyringtestsupport.h"
#include "shelltab.h"
#include "ssh/sshsession.h"
#include "sshkeysdialog.h"
#include "sshtestenv.h"
#include "terminal/terminalwidget.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace nephele;
using namespace nephele::ssh::test;
using namespace nephele::testsupport;

namespace {

constexpr int kWaitMs = 20'000;

QByteArray keychainHolds(const QString &name)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("user"), models::SshKeyStore::secretKey(name),
                       QStringLiteral("server"), QStringLiteral("nephele")})
        .value_or(QByteArrayLiteral("secret-tool failed"));
}

void typeLine(views::TerminalWidget *terminal, const QString &line)
{
    QTest::keyClicks(terminal, line);
    QTest::keyClick(terminal, Qt::Key_Return);
}

views::ShellTarget machine()
{
    return {QStringLiteral("acc"), QStringLiteral("m1"), QStringLiteral("web-1"), {QStringLiteral("127.0.0.1")}, {}};
}

} // namespace

class TestSshKeys final : public QObject
{
    Q_OBJECT

    QString m_mode;
    QTemporaryDir m_dir;
    std::unique_ptr<Sshd> m_sshd;
    std::unique_ptr<models::SecretStore> m_secrets;
    QString m_user;

    bool inMode(const char *mode) const { return m_mode == QLatin1String(mode); }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    void authorize(const QByteArray &publicKeyLine)
    {
        QFile file(path(QStringLiteral("auth/") + m_user));
        QVERIFY(file.open(QIODevice::Append));
        file.write(publicKeyLine.trimmed() + '\n');
    }

    // A known_hosts file that lists the sshd, so that no host-key question comes first.
    QString knownHosts()
    {
        const QString file = path(QStringLiteral("known_hosts"));
        if (!QFile::exists(file))
            writeFile(file, m_sshd->knownHostsLine() + '\n');
        return file;
    }

    models::MachineAccess accessWithKey(const QString &keyName)
    {
        models::MachineAccess access;
        access.user = m_user;
        access.port = m_sshd->port();
        access.keychainEntry = keyName;
        access.knownHostsFile = knownHosts();
        return access;
    }

    static void click(QWidget *parent, const char *name)
    {
        auto *button = parent->findChild<QPushButton *>(QLatin1String(name));
        QVERIFY2(button, name);
        QVERIFY2(button->isEnabled(), name);
        QTest::mouseClick(button, Qt::LeftButton);
    }

    static void answerName(views::SshKeysDialog &dialog, const QString &name)
    {
        auto *ask = qobject_cast<QInputDialog *>(dialog.pendingDialog());
        QVERIFY(ask);
        ask->setTextValue(name);
        ask->accept();
    }

    static void waitForShellOutput(views::ShellTab *tab, const QString &command, const QString &expected)
    {
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->state(), ssh::SshSession::State::Connected, kWaitMs);
        views::TerminalWidget *terminal = tab->terminal();
        QTRY_VERIFY_WITH_TIMEOUT(!terminal->screenText().trimmed().isEmpty(), kWaitMs); // the prompt
        QVERIFY(!terminal->screenText().contains(expected));
        typeLine(terminal, command);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(expected), kWaitMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto harness = keyringHarness();
        if (!harness)
            QSKIP(kOutsideKeyringHarness);
        m_mode = harness->mode;
        QString missing;
        if (!opensshAvailable(&missing))
            QSKIP("OpenSSH's server or client tools are not installed (openssh-server, openssh-client)");
        QVERIFY(m_dir.isValid());
        qunsetenv("SSH_AUTH_SOCK"); // no agent: only the keychain's key can log in
        m_user = localUserName();
        QVERIFY(QDir().mkpath(path(QStringLiteral("auth"))));
        QVERIFY(writeFile(path(QStringLiteral("auth/") + m_user), {}));
        shareAuthorizedKeys(m_dir.path(), path(QStringLiteral("auth")));
        m_sshd = std::make_unique<Sshd>(path(QStringLiteral("sshd")), path(QStringLiteral("auth")));
        QString why;
        QVERIFY2(m_sshd->start({}, &why), qPrintable(why));
        // The harness's HOME has no ~/.ssh: no default key can stand in for the keychain's.
        QVERIFY(!QDir(QDir::homePath() + QStringLiteral("/.ssh")).exists());
        m_secrets = std::make_unique<models::SecretStore>();
    }

    void cleanupTestCase() { m_secrets.reset(); }

    // -- unlocked keyring ------------------------------------------------------------------

    void generateInDialogThenOpenShell()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        models::SshKeyStore keys(m_secrets.get(), path(QStringLiteral("ssh-keys.json")));
        views::SshKeysDialog dialog(&keys);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.list()->topLevelItemCount(), 0);
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("copyPublicKey"))->isEnabled());

        click(&dialog, "generateKey");

        if (QTest::currentTestFailed())

            return;
        answerName(dialog, QStringLiteral("deploy"));
        if (QTest::currentTestFailed())
            return;
        QTRY_COMPARE_WITH_TIMEOUT(dialog.list()->topLevelItemCount(), 1, kWaitMs);
        QTRY_VERIFY(!dialog.isBusy());
        const auto entry = keys.key(QStringLiteral("deploy"));
        QVERIFY(entry);
        const QTreeWidgetItem *item = dialog.list()->topLevelItem(0);
        QCOMPARE(item->text(views::SshKeysDialog::NameColumn), QStringLiteral("deploy"));
        QCOMPARE(item->text(views::SshKeysDialog::TypeColumn), QStringLiteral("ED25519"));
        QCOMPARE(item->text(views::SshKeysDialog::FingerprintColumn), entry->fingerprint);
        QVERIFY(entry->fingerprint.startsWith(QLatin1String("SHA256:")));
        QVERIFY2(dialog.statusText().contains(QLatin1String("is in the keychain")), qPrintable(dialog.statusText()));
        QVERIFY(keychainHolds(QStringLiteral("deploy")).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));

        // The public key through the clipboard into the server's authorized keys.
        QGuiApplication::clipboard()->clear();
        click(&dialog, "copyPublicKey");
        if (QTest::currentTestFailed())
            return;
        const QString copied = QGuiApplication::clipboard()->text();
        QCOMPARE(copied, entry->publicKey + QLatin1Char('\n'));
        QVERIFY(copied.startsWith(QLatin1String("ssh-ed25519 ")));
        authorize(copied.toLatin1());
        if (QTest::currentTestFailed())
            return;
        if (const QString shot = qEnvironmentVariable("NEPHELE_SCREENSHOT_KEYS"); !shot.isEmpty())
            QVERIFY(dialog.grab().save(shot));

        // The account default names the key: "Open shell" reads it from the keychain and logs in.
        models::MachineAccessStore access;
        QVERIFY(access.setAccountDefault(QStringLiteral("acc"), accessWithKey(QStringLiteral("deploy"))));
        views::ShellTabs shells(&access, &keys);
        shells.resize(900, 500);
        shells.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shells));
        shells.openShell(machine());
        QCOMPARE(shells.count(), 1);
        QVERIFY(!shells.pendingDialog());
        views::ShellTab *tab = shells.shellAt(0);
        waitForShellOutput(tab, QStringLiteral("echo keychain-$((6*7))"), QStringLiteral("keychain-42"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(!tab->pendingDialog()); // no passphrase, no host-key question
        QCOMPARE(tab->session()->options().privateKeyName, QStringLiteral("deploy"));
        QVERIFY(tab->session()->options().privateKey.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
        QVERIFY(tab->session()->options().identityFiles.isEmpty());
        typeLine(tab->terminal(), QStringLiteral("exit"));
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isAlive(), kWaitMs);
    }

    void connectAsWithEncryptedKeychainKey()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        const QString file = path(QStringLiteral("id_pass"));
        QString why;
        QVERIFY2(makeKey(file, QStringLiteral("pass words"), &why), qPrintable(why));
        authorize(readFile(file + QStringLiteral(".pub")));
        if (QTest::currentTestFailed())
            return;

        // Added from its file through the dialog's file picker and name question.
        models::SshKeyStore keys(m_secrets.get(), path(QStringLiteral("ssh-keys.json")));
        QVERIFY(keys.load());
        views::SshKeysDialog dialog(&keys);
        dialog.show();
        click(&dialog, "addKeyFile");
        if (QTest::currentTestFailed())
            return;
        auto *files = qobject_cast<QFileDialog *>(dialog.pendingDialog());
        QVERIFY(files);
        files->selectFile(file);
        static_cast<QDialog *>(files)->accept(); // QFileDialog's own accept() is protected
        auto *ask = qobject_cast<QInputDialog *>(dialog.pendingDialog());
        QVERIFY(ask);
        QCOMPARE(ask->textValue(), QStringLiteral("id_pass")); // the file's name, to start with
        answerName(dialog, QStringLiteral("pass key"));
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY_WITH_TIMEOUT(keys.key(QStringLiteral("pass key")), kWaitMs);
        QTRY_VERIFY(!dialog.isBusy());
        QVERIFY(dialog.selectKey(QStringLiteral("pass key")));
        QCOMPARE(dialog.list()->currentItem()->text(views::SshKeysDialog::TypeColumn),
                 QStringLiteral("ED25519, encrypted"));
        QCOMPARE(dialog.list()->currentItem()->text(views::SshKeysDialog::FingerprintColumn),
                 keygenFingerprint(file + QStringLiteral(".pub")));
        QCOMPARE(keychainHolds(QStringLiteral("pass key")), readFile(file));
        dialog.close();

        // Nothing remembered for the machine: "Connect as…" offers the keychain's keys.
        models::MachineAccessStore access;
        views::ShellTabs shells(&access, &keys);
        shells.resize(900, 500);
        shells.show();
        shells.openShell(machine());
        auto *connectAs = qobject_cast<views::ConnectAsDialog *>(shells.pendingDialog());
        QVERIFY(connectAs);
        auto *choice = connectAs->findChild<QComboBox *>(QStringLiteral("keyChoice"));
        QVERIFY(choice);
        const int at = choice->findText(QStringLiteral("pass key"), Qt::MatchStartsWith);
        QVERIFY(at > 0);
        choice->setCurrentIndex(at);
        QVERIFY(!connectAs->findChild<QLineEdit *>(QStringLiteral("keyFile"))->isVisible());
        connectAs->findChild<QLineEdit *>(QStringLiteral("user"))->setText(m_user);
        connectAs->findChild<QSpinBox *>(QStringLiteral("port"))->setValue(m_sshd->port());
        if (const QString shot = qEnvironmentVariable("NEPHELE_SCREENSHOT_CONNECTAS"); !shot.isEmpty())
            QVERIFY(connectAs->grab().save(shot));
        connectAs->accept();
        QCOMPARE(shells.count(), 1);
        const auto remembered = access.machineAccess(QStringLiteral("acc"), QStringLiteral("m1"));
        QVERIFY(remembered);
        QCOMPARE(remembered->keychainEntry, QStringLiteral("pass key"));
        QVERIFY(remembered->keyFile.isEmpty());

        // The harness's own known_hosts is empty: the host key first, then the key's passphrase.
        views::ShellTab *tab = shells.shellAt(0);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<views::HostKeyDialog *>(tab->pendingDialog()), kWaitMs);
        QTest::mouseClick(tab->pendingDialog()->findChild<QPushButton *>(QStringLiteral("acceptOnce")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            tab->pendingDialog() && tab->pendingDialog()->objectName() == QLatin1String("sshPromptDialog"), kWaitMs);
        QDialog *prompt = tab->pendingDialog();
        bool namesKey = false;
        for (const QLabel *label : prompt->findChildren<QLabel *>())
            namesKey = namesKey || label->text().contains(QLatin1String("pass key"));
        QVERIFY(namesKey);
        prompt->findChild<QLineEdit *>(QStringLiteral("promptField0"))->setText(QStringLiteral("pass words"));
        prompt->accept();
        waitForShellOutput(tab, QStringLiteral("echo passphrase-$((6*7))"), QStringLiteral("passphrase-42"));
        if (QTest::currentTestFailed())
            return;
    }

    void removeAsksFirst()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        models::SshKeyStore keys(m_secrets.get());
        QVERIFY(settle(keys.generate(QStringLiteral("old")))->has_value());
        QVERIFY(!keychainHolds(QStringLiteral("old")).isEmpty());
        views::SshKeysDialog dialog(&keys);
        dialog.show();
        QVERIFY(dialog.selectKey(QStringLiteral("old")));

        click(&dialog, "removeKey");

        if (QTest::currentTestFailed())

            return;
        auto *confirm = qobject_cast<QMessageBox *>(dialog.pendingDialog());
        QVERIFY(confirm);
        QVERIFY(confirm->text().contains(QLatin1String("old")));
        QTest::mouseClick(confirm->button(QMessageBox::Cancel), Qt::LeftButton);
        QCOMPARE(dialog.list()->topLevelItemCount(), 1);
        QVERIFY(!keychainHolds(QStringLiteral("old")).isEmpty());

        click(&dialog, "removeKey");

        if (QTest::currentTestFailed())

            return;
        confirm = qobject_cast<QMessageBox *>(dialog.pendingDialog());
        QVERIFY(confirm);
        QTest::mouseClick(confirm->findChild<QPushButton *>(QStringLiteral("confirmRemove")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.list()->topLevelItemCount(), 0, kWaitMs);
        QCOMPARE(keychainHolds(QStringLiteral("old")), QByteArray());
        QVERIFY(keys.keys().isEmpty());
    }

    // -- every keyring state ---------------------------------------------------------------

    void keyTheKeychainCannotGiveFailsInTheTab()
    {
        // The machine names a key the keychain does not hold (unlocked), cannot be asked for
        // (locked), or there is no keychain at all: the tab says so and never falls back to
        // another key, so nothing reaches the server.
        models::SshKeyStore keys(m_secrets.get());
        models::MachineAccessStore access;
        QVERIFY(access.setAccountDefault(QStringLiteral("acc"), accessWithKey(QStringLiteral("ghost"))));
        views::ShellTabs shells(&access, &keys);
        shells.show();
        shells.openShell(machine());
        QCOMPARE(shells.count(), 1);
        views::ShellTab *tab = shells.shellAt(0);
        QTRY_VERIFY_WITH_TIMEOUT(tab->statusText().contains(QLatin1String("could not be read from the keychain")),
                                 kWaitMs);
        const QString status = tab->statusText();
        QVERIFY2(status.contains(QLatin1String("ghost")), qPrintable(status));
        const char *expected = inMode("none") ? "No keychain is available" : "Unlock the keychain";
        QVERIFY2(status.contains(QLatin1String(expected)), qPrintable(status));
        QVERIFY(!tab->isAlive());
        QVERIFY(!tab->pendingDialog());
        QVERIFY(tab->session()->options().host.isEmpty()); // never asked to connect
        QVERIFY(tab->findChild<QWidget *>(QStringLiteral("reconnectButton"))->isVisible());

        if (!inMode("unlocked"))
            return;
        // Once the keychain holds it, Reconnect reads it again and logs in.
        const auto made = settle(keys.generate(QStringLiteral("ghost")));
        QVERIFY(made && made->has_value());
        authorize((*made)->publicKey.toLatin1());
        if (QTest::currentTestFailed())
            return;
        QTest::mouseClick(tab->findChild<QWidget *>(QStringLiteral("reconnectButton")), Qt::LeftButton);
        waitForShellOutput(tab, QStringLiteral("echo again-$((6*7))"), QStringLiteral("again-42"));
        if (QTest::currentTestFailed())
            return;
        QVERIFY(settle(keys.remove(QStringLiteral("ghost")))->has_value());
    }

    void dialogShowsKeychainRefusals()
    {
        if (inMode("unlocked"))
            QSKIP("locked keyring and no keyring only");
        models::SshKeyStore keys(m_secrets.get(), path(QStringLiteral("refused-keys.json")));
        views::SshKeysDialog dialog(&keys);
        dialog.show();
        click(&dialog, "generateKey");
        if (QTest::currentTestFailed())
            return;
        answerName(dialog, QStringLiteral("deploy"));
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isBusy(), kWaitMs);
        const QString status = dialog.statusText();
        QVERIFY2(status.contains(QLatin1String(inMode("none") ? "No keychain is available" : "locked")),
                 qPrintable(status));
        QCOMPARE(dialog.list()->topLevelItemCount(), 0);
        QVERIFY(!QFile::exists(path(QStringLiteral("refused-keys.json"))));
        // The buttons work again: the user may unlock the keychain and retry.
        QVERIFY(dialog.findChild<QPushButton *>(QStringLiteral("generateKey"))->isEnabled());
    }

    void dialogWithoutSecretStore()
    {
        // The demo: no keychain at all. The dialog says so and offers nothing that would fail.
        models::SshKeyStore keys(nullptr);
        views::SshKeysDialog dialog(&keys);
        dialog.show();
        QVERIFY(dialog.statusText().contains(QLatin1String("No keychain is open")));
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("generateKey"))->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("addKeyFile"))->isEnabled());
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    TestSshKeys test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sshkeys.moc"
