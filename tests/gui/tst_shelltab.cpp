// The shell area (what "Open shell" in the window opens) against a real OpenSSH sshd on loopback:
// the host-key dialog, typing into the terminal and reading the screen, the remote pty following a
// resize, "Connect as…", a rejected and a changed host key, and closing a live shell asking first.

#include "access/machineaccess.h"
#include "demo/demo.h"
#include "shelltab.h"
#include "ssh/sshsession.h"
#include "sshtestenv.h"
#include "terminal/terminalwidget.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele;
using namespace nephele::ssh::test;

namespace {
constexpr int kWaitMs = 20'000;
}

class TestShellTab final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Sshd> m_sshd;
    QString m_key;
    QString m_user;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    // The shell area over an access store whose account default points at the sshd, and a machine
    // at 127.0.0.1, as MainWindow::openShell hands it over.
    struct Fixture {
        models::MachineAccessStore access;
        std::unique_ptr<views::ShellTabs> shells;
    };

    std::unique_ptr<Fixture> makeShells(const QString &knownHosts)
    {
        auto f = std::make_unique<Fixture>();
        models::MachineAccess access;
        access.user = m_user;
        access.port = m_sshd->port();
        access.keyFile = m_key;
        access.knownHostsFile = knownHosts;
        if (!f->access.setAccountDefault(QStringLiteral("acc"), access))
            return nullptr;
        f->shells = std::make_unique<views::ShellTabs>(&f->access);
        f->shells->resize(900, 500);
        f->shells->show();
        return f;
    }

    static views::ShellTarget machine()
    {
        return {QStringLiteral("acc"),
                QStringLiteral("m1"),
                QStringLiteral("web-1"),
                {QStringLiteral("127.0.0.1")},
                {QStringLiteral("10.0.0.5")}};
    }

    static void typeLine(views::TerminalWidget *terminal, const QString &line)
    {
        QTest::keyClicks(terminal, line);
        QTest::keyClick(terminal, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qunsetenv("SSH_AUTH_SOCK");
        QString why;
        m_key = path(QStringLiteral("id_shell"));
        QVERIFY2(makeKey(m_key, {}, &why), qPrintable(why));
        m_user = localUserName();
        QVERIFY(QDir().mkpath(path(QStringLiteral("auth"))));
        QVERIFY(writeFile(path(QStringLiteral("auth/") + m_user), readFile(m_key + QStringLiteral(".pub"))));
        shareAuthorizedKeys(m_dir.path(), path(QStringLiteral("auth")));
        m_sshd = std::make_unique<Sshd>(path(QStringLiteral("sshd")), path(QStringLiteral("auth")));
        QVERIFY2(m_sshd->start({}, &why), qPrintable(why));
    }

    void typeIntoShellAndResize()
    {
        const QString knownHosts = path(QStringLiteral("known_hosts_once"));
        auto f = makeShells(knownHosts);
        QVERIFY(f);
        views::ShellTabs &shells = *f->shells;
        QVERIFY(QTest::qWaitForWindowExposed(&shells));
        shells.openShell(machine());
        QCOMPARE(shells.count(), 1); // the account default names the user: no "Connect as…"
        QVERIFY(!shells.pendingDialog());
        views::ShellTab *tab = shells.shellAt(0);
        QCOMPARE(tab->name(), QStringLiteral("web-1"));
        QCOMPARE(tab->session()->options().host, QStringLiteral("127.0.0.1")); // the public IP

        // The unknown key: the dialog shows what ssh-keygen says of the server's key.
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<views::HostKeyDialog *>(tab->pendingDialog()), kWaitMs);
        auto *dialog = qobject_cast<views::HostKeyDialog *>(tab->pendingDialog());
        const QString expected = keygenFingerprint(m_sshd->hostKeyPublicPath());
        QVERIFY(expected.startsWith(QStringLiteral("SHA256:")));
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("fingerprint"))->text(), expected);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("acceptOnce")), Qt::LeftButton);

        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->state(), ssh::SshSession::State::Connected, kWaitMs);
        views::TerminalWidget *terminal = tab->terminal();
        QTRY_VERIFY_WITH_TIMEOUT(!terminal->screenText().trimmed().isEmpty(), kWaitMs); // the prompt
        QVERIFY(!terminal->screenText().contains(QStringLiteral("hello-42")));
        typeLine(terminal, QStringLiteral("echo hello-$((6*7))"));
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("hello-42")), kWaitMs);
        // Accepted once: nothing was written to known_hosts.
        QVERIFY(!QFile::exists(knownHosts) || QFile(knownHosts).size() == 0);

        // The remote pty has the terminal's size, before and after a resize.
        const int columns = terminal->columns();
        const int rows = terminal->rows();
        typeLine(terminal, QStringLiteral("stty size"));
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("%1 %2").arg(rows).arg(columns)),
                                 kWaitMs);
        shells.resize(1300, 800);
        QTRY_VERIFY(terminal->columns() > columns && terminal->rows() > rows);
        const QString after = QStringLiteral("%1 %2").arg(terminal->rows()).arg(terminal->columns());
        QVERIFY(!terminal->screenText().contains(after));
        typeLine(terminal, QStringLiteral("stty size"));
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(after), kWaitMs);

        // Closing a live shell asks; "Close" ends it.
        shells.requestClose(0);
        auto *confirm = qobject_cast<QMessageBox *>(shells.pendingDialog());
        QVERIFY(confirm);
        QCOMPARE(shells.count(), 1);
        QPushButton *close = nullptr;
        for (QAbstractButton *b : confirm->buttons()) {
            if (b->text() == QStringLiteral("Close"))
                close = qobject_cast<QPushButton *>(b);
        }
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        QTRY_COMPARE(shells.count(), 0);
    }

    void connectAsWhenNothingIsRemembered()
    {
        // No access at all: "Connect as…" asks, and remembers for the machine.
        models::MachineAccessStore access;
        views::ShellTabs shells(&access);
        shells.show();
        shells.openShell(machine());
        QCOMPARE(shells.count(), 0);
        auto *dialog = qobject_cast<views::ConnectAsDialog *>(shells.pendingDialog());
        QVERIFY(dialog);
        dialog->findChild<QLineEdit *>(QStringLiteral("user"))->setText(m_user);
        dialog->findChild<QSpinBox *>(QStringLiteral("port"))->setValue(m_sshd->port());
        dialog->findChild<QLineEdit *>(QStringLiteral("keyFile"))->setText(m_key);
        dialog->accept();
        QCOMPARE(shells.count(), 1);
        const auto remembered = access.machineAccess(QStringLiteral("acc"), QStringLiteral("m1"));
        QVERIFY(remembered);
        QCOMPARE(remembered->user, m_user);
        QCOMPARE(remembered->port, m_sshd->port());
        QCOMPARE(remembered->keyFile, m_key);
        const auto options = shells.shellAt(0)->session()->options();
        QCOMPARE(options.port, m_sshd->port());
        QCOMPARE(options.identityFiles, QStringList{m_key});
        // Reject the host key: the tab says so, and offers to reconnect.
        views::ShellTab *tab = shells.shellAt(0);
        QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<views::HostKeyDialog *>(tab->pendingDialog()), kWaitMs);
        QTest::mouseClick(tab->pendingDialog()->findChild<QPushButton *>(QStringLiteral("rejectKey")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isAlive(), kWaitMs);
        QVERIFY(!tab->statusText().isEmpty());
        QVERIFY(tab->findChild<QWidget *>(QStringLiteral("reconnectButton"))->isVisible());
    }

    void connectAsRemembersForTheAccount()
    {
        // "Connect as…" on machine A, remembered for every machine of the account: the account's
        // default holds the login, A gets no entry of its own, and machine B opens without asking.
        models::MachineAccessStore access;
        models::MachineAccess other;
        other.user = QStringLiteral("someone-else");
        QVERIFY(access.setMachineAccess(QStringLiteral("acc"), QStringLiteral("m3"), other));
        views::ShellTabs shells(&access);
        shells.show();
        views::ShellTarget a = machine();
        a.accountName = QStringLiteral("Production");
        shells.openShell(a);
        QCOMPARE(shells.count(), 0);
        auto *dialog = qobject_cast<views::ConnectAsDialog *>(shells.pendingDialog());
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *remember = dialog->findChild<QComboBox *>(QStringLiteral("remember"));
        QVERIFY(remember);
        QCOMPARE(dialog->remember(), views::ConnectAsDialog::RememberForMachine);
        const int every = remember->findData(views::ConnectAsDialog::RememberForAccount);
        QVERIFY(every >= 0);
        QCOMPARE(remember->itemText(every), QStringLiteral("For every machine of Production without its own"));
        remember->setCurrentIndex(every);
        dialog->findChild<QLineEdit *>(QStringLiteral("user"))->setText(m_user);
        dialog->findChild<QSpinBox *>(QStringLiteral("port"))->setValue(m_sshd->port());
        dialog->findChild<QLineEdit *>(QStringLiteral("keyFile"))->setText(m_key);
        QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_COMPARE(shells.count(), 1);
        QCOMPARE(shells.shellAt(0)->session()->options().user, m_user);
        QTRY_VERIFY(!shells.pendingDialog()); // closed and gone

        const auto fallback = access.accountDefault(QStringLiteral("acc"));
        QVERIFY(fallback);
        QCOMPARE(fallback->user, m_user);
        QCOMPARE(fallback->port, m_sshd->port());
        QCOMPARE(fallback->keyFile, m_key);
        QVERIFY(!access.machineAccess(QStringLiteral("acc"), QStringLiteral("m1")));
        QCOMPARE(access.machineAccess(QStringLiteral("acc"), QStringLiteral("m3")), std::optional(other));
        const models::MachineAccess b = access.resolve(QStringLiteral("acc"), QStringLiteral("m2"));
        QCOMPARE(b.user, m_user);
        QCOMPARE(b.port, m_sshd->port());
        QCOMPARE(access.resolve(QStringLiteral("acc"), QStringLiteral("m3")).user, QStringLiteral("someone-else"));
        QVERIFY(!access.accountDefault(QStringLiteral("other")));

        // Machine B of the same account: the default names the user, so no question.
        views::ShellTarget machineB = machine();
        machineB.machineId = QStringLiteral("m2");
        machineB.name = QStringLiteral("web-2");
        shells.openShell(machineB);
        QCOMPARE(shells.count(), 2);
        QVERIFY(!shells.pendingDialog());
        QCOMPARE(shells.shellAt(1)->session()->options().user, m_user);
        QCOMPARE(shells.shellAt(1)->session()->options().port, m_sshd->port());
    }

    void keychainKeyWithoutKeychainFails()
    {
        // The machine names a key kept in the keychain, and this area has no key store (the demo):
        // the tab says why and offers nothing else, rather than logging in with other keys.
        models::MachineAccessStore access;
        models::MachineAccess login;
        login.user = m_user;
        login.port = m_sshd->port();
        login.keychainEntry = QStringLiteral("prod deploy");
        QVERIFY(access.setMachineAccess(QStringLiteral("acc"), QStringLiteral("m1"), login));
        views::ShellTabs shells(&access);
        shells.openShell(machine());
        QCOMPARE(shells.count(), 1);
        views::ShellTab *tab = shells.shellAt(0);
        QVERIFY2(tab->statusText().contains(QStringLiteral("“prod deploy” could not be read from the keychain")),
                 qPrintable(tab->statusText()));
        QVERIFY(tab->statusText().contains(QStringLiteral("No keychain is open here")));
        QVERIFY(!tab->isAlive());
        QVERIFY(tab->session()->options().host.isEmpty()); // never asked to connect
    }

    void demoShellOpensWithoutQuestions()
    {
        // The demo: its SSH server and its access defaults; the host key is pre-trusted, the
        // login uses the demo's own key, so the shell opens with no dialog at all.
        app::DemoOptions options;
        QString error;
        auto demo = app::Demo::start(options, &error);
        QVERIFY2(demo, qPrintable(error));
        QVERIFY2(demo->ssh(), qPrintable(demo->sshProblem()));
        QVERIFY(!QDir(demo->ssh()->privateKeyFile).path().startsWith(QDir::homePath() + QStringLiteral("/.config")));
        models::MachineAccessStore access;
        demo->applySshAccess(access);
        const QString accountId = demo->accounts().first().endpoint.accountId;
        QVERIFY(access.knowsUser(accountId, QStringLiteral("any-droplet")));
        views::ShellTabs shells(&access);
        shells.resize(1000, 560);
        shells.show();
        QVERIFY(QTest::qWaitForWindowExposed(&shells));
        shells.openShell({accountId,
                          QStringLiteral("any-droplet"),
                          QStringLiteral("demo-web-1"),
                          {QStringLiteral("203.0.113.10")},
                          {}});
        QCOMPARE(shells.count(), 1);
        views::ShellTab *tab = shells.shellAt(0);
        QCOMPARE(tab->session()->options().host, QStringLiteral("127.0.0.1"));
        QTRY_COMPARE_WITH_TIMEOUT(tab->session()->state(), ssh::SshSession::State::Connected, kWaitMs);
        QVERIFY(!tab->pendingDialog());
        views::TerminalWidget *terminal = tab->terminal();
        QTRY_VERIFY_WITH_TIMEOUT(!terminal->screenText().trimmed().isEmpty(), kWaitMs);
        typeLine(terminal, QStringLiteral("echo hello-$((6*7)); stty size"));
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("hello-42")), kWaitMs);
        const QString size = QStringLiteral("%1 %2").arg(terminal->rows()).arg(terminal->columns());
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(size), kWaitMs);
        // NEPHELE_SCREENSHOT=FILE keeps a picture of the tab, for a reviewer to look at.
        if (const QString shot = qEnvironmentVariable("NEPHELE_SCREENSHOT"); !shot.isEmpty()) {
            typeLine(terminal, QStringLiteral("ls --color=auto -la / | head -12"));
            QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("usr")), kWaitMs);
            QTRY_VERIFY(!terminal->isFramePending());
            QVERIFY(shells.grab().save(shot));
        }
        typeLine(terminal, QStringLiteral("exit"));
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isAlive(), kWaitMs);
        QVERIFY(tab->statusText().contains(QStringLiteral("exit status 0")));
    }

    void changedHostKeyRefused()
    {
        // known_hosts lists another key for this server: the tab refuses and says so.
        const QString knownHosts = path(QStringLiteral("known_hosts_changed"));
        const QByteArray otherKey = readFile(m_key + QStringLiteral(".pub")).split(' ').mid(0, 2).join(' ');
        QVERIFY(writeFile(knownHosts, "[127.0.0.1]:" + QByteArray::number(m_sshd->port()) + ' ' + otherKey + '\n'));
        auto f = makeShells(knownHosts);
        QVERIFY(f);
        f->shells->openShell(machine());
        QCOMPARE(f->shells->count(), 1);
        views::ShellTab *tab = f->shells->shellAt(0);
        QTRY_VERIFY_WITH_TIMEOUT(tab->statusText().contains(QStringLiteral("host key changed")), kWaitMs);
        QVERIFY(!tab->pendingDialog());
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isAlive(), kWaitMs);
        QVERIFY(!tab->findChild<QWidget *>(QStringLiteral("reconnectButton"))->isVisible());
        // Not alive: closes without asking.
        f->shells->requestClose(0);
        QCOMPARE(f->shells->count(), 0);
    }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QString missing;
    if (!opensshAvailable(&missing)) {
        qWarning("SKIP: %s is not installed (package openssh-server / openssh-client)", qPrintable(missing));
        return 77;
    }
    TestShellTab test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_shelltab.moc"
