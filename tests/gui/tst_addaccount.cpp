// Adding a DigitalOcean account through the real window and dialog, offscreen, against the
// DigitalOcean simulator and a real Secret Service (gnome-keyring). Run only through
// tests/integration/accounts/with-keyring.sh, which gives the process its own session bus, HOME
// and keyring; NEPHELE_KEYRING_MODE says which ("unlocked" or "none"). Run by hand outside the
// harness, everything is skipped so the user's own keychain and settings are never touched.

#include "../integration/accounts/keyringtestsupport.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "addaccountdialog.h"
#include "driverfactory.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"
#include "sim/digitaloceansim.h"
#include "tree/inventorytreemodel.h"
#include "windowtestsupport.h"

#include <QAction>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMap>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUrlQuery>

#include <optional>

using namespace nephele;
using Model = models::InventoryTreeModel;
using Command = views::MainWindow::Command;

namespace {

using namespace nephele::testsupport;

constexpr int kDeadlineMs = 30'000;
const QString kEmail = QStringLiteral("keyring-test@example.net");

// The dialog's connection-test result.
QString testResult(QWidget *dialog)
{
    const auto *label = dialog->findChild<QLabel *>(QStringLiteral("testResult"));
    return label ? label->text() : QString();
}

// The labels of a page's form rows that are shown, in order.
QStringList formLabels(QWidget *page)
{
    QStringList labels;
    const auto *form = page->findChild<QFormLayout *>();
    for (int row = 0; form && row < form->rowCount(); ++row) {
        const QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole);
        const auto *label = item ? qobject_cast<QLabel *>(item->widget()) : nullptr;
        if (label && label->isVisible())
            labels.append(label->text());
    }
    return labels;
}

void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("NEPHELE_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest); // the layout as it will be shown
    QVERIFY(widget->grab().save(folder + u'/' + name + QStringLiteral(".png")));
}

} // namespace

class TestAddAccount final : public QObject
{
    Q_OBJECT

    QString m_mode;
    QString m_root;
    std::unique_ptr<sim::DigitalOceanSim> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::InventoryStore> m_inventory;
    std::unique_ptr<models::AccountStore> m_accounts;
    std::unique_ptr<models::SecretStore> m_secrets;
    std::unique_ptr<views::MainWindow> m_window;

    QString simUrl() const { return QString::fromStdString(m_sim->url()); }
    QString simToken() const { return QString::fromStdString(m_sim->token()); }

    int treeMachineCount(const QString &accountId) const
    {
        const Model *model = m_window->model();
        const QModelIndex account = model->indexOfAccount(accountId);
        int count = 0;
        for (int l = 0; l < model->rowCount(account); ++l)
            count += model->rowCount(model->index(l, 0, account));
        return count;
    }

    // Opens the dialog the way the user does, from the window's action.
    views::AddAccountDialog *openDialog()
    {
        m_window->action(Command::AddAccount)->trigger();
        const auto dialogs = m_window->findChildren<views::AddAccountDialog *>();
        for (views::AddAccountDialog *dialog : dialogs) {
            if (dialog->isVisible())
                return dialog;
        }
        return nullptr;
    }

    static void fill(QWidget *dialog, const QString &name, const QString &endpoint, const QString &token)
    {
        for (const auto &[label, text] :
             {std::pair{QStringLiteral("&Name:"), name}, std::pair{QStringLiteral("&Endpoint:"), endpoint},
              std::pair{QStringLiteral("T&oken:"), token}}) {
            QLineEdit *edit = field(dialog, label);
            QVERIFY2(edit, qPrintable(label));
            edit->clear();
            QTest::keyClicks(edit, text);
            QCOMPARE(edit->text(), text);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto harness = nephele::testsupport::keyringHarness();
        if (!harness)
            QSKIP(nephele::testsupport::kOutsideKeyringHarness);
        m_mode = harness->mode;
        m_root = harness->root;
        QCoreApplication::setApplicationName(QStringLiteral("Nephele"));
        QCoreApplication::setOrganizationDomain(QStringLiteral("nephele.dev"));

        sim::DigitalOceanSimOptions options;
        options.seed = 11;
        options.droplets = 12;
        options.timeScale = 0.02;
        options.accountEmail = kEmail.toStdString();
        m_sim = std::make_unique<sim::DigitalOceanSim>(options);
        std::string error;
        QVERIFY2(m_sim->start(&error), error.c_str());
        QVERIFY(simUrl().startsWith(QLatin1String("http://127.0.0.1:")));

        m_network = std::make_unique<QNetworkAccessManager>();
        m_inventory = std::make_unique<models::InventoryStore>();
        m_accounts = std::make_unique<models::AccountStore>();
        QVERIFY2(m_accounts->filePath().startsWith(m_root), qPrintable(m_accounts->filePath()));
        QVERIFY(m_accounts->load());
        QVERIFY(m_accounts->accounts().isEmpty());
        m_secrets = std::make_unique<models::SecretStore>();

        views::MainWindowServices services;
        services.inventory = m_inventory.get();
        services.network = m_network.get();
        services.accounts = m_accounts.get();
        services.secrets = m_secrets.get();
        m_window = std::make_unique<views::MainWindow>(services);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset(); // sessions before the network, the network before the simulator
        m_secrets.reset();
        m_accounts.reset();
        m_inventory.reset();
        m_network.reset();
        m_sim.reset();
    }

    void wrongTokenIsRefusedAndNothingIsStored()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const QMap<QString, QByteArray> before = snapshot(m_root);
        const QByteArray wrongToken = "dop_v1_" + QByteArray(64, 'f');

        views::AddAccountDialog *dialog = openDialog();
        QVERIFY(dialog);
        fill(dialog, QStringLiteral("Refused"), simUrl(), QString::fromLatin1(wrongToken));
        QPushButton *test = button(dialog, QStringLiteral("&Test connection"));
        QVERIFY(test);
        QTest::mouseClick(test, Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(testResult(dialog).contains(QLatin1String("Unable to authenticate you")),
                                  qPrintable(testResult(dialog)), kDeadlineMs);
        QVERIFY(test->isEnabled());
        saveScreenshot(dialog, QStringLiteral("add-account-refused"));
        QTest::mouseClick(button(dialog, QStringLiteral("Cancel")), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());

        QVERIFY(m_accounts->accounts().isEmpty());
        QVERIFY(!QFile::exists(m_accounts->filePath()));
        QCOMPARE(m_window->sessions().size(), 0);
        const auto stored = secretTool(
            {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"), QStringLiteral("nephele")});
        QVERIFY(stored);
        QVERIFY2(!stored->contains("user"), stored->constData());
        QCOMPARE(snapshot(m_root), before);
        QVERIFY(filesHolding(m_root, wrongToken).isEmpty());
    }

    void addedAccountKeepsItsTokenInTheKeychainOnly()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const QString name = QStringLiteral("Keyring DO");
        views::AddAccountDialog *dialog = openDialog();
        QVERIFY(dialog);
        fill(dialog, name, simUrl(), simToken());
        QTest::mouseClick(button(dialog, QStringLiteral("&Test connection")), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(testResult(dialog).contains(QStringLiteral("Connected as %1").arg(kEmail)),
                                  qPrintable(testResult(dialog)), kDeadlineMs);
        const models::Account account = dialog->account();
        QCOMPARE(account.provider, QStringLiteral("digitalocean"));
        QCOMPARE(account.endpoint, QUrl(simUrl()));

        QTest::mouseClick(button(dialog, QStringLiteral("Add account")), Qt::LeftButton);
        // Keychain first, then the settings file: once the account is in the store, both are.
        QTRY_VERIFY_WITH_TIMEOUT(m_accounts->find(account.id) != nullptr, kDeadlineMs);
        QVERIFY(!labelHolding(m_window.get(), QStringLiteral("Account %1 added.").arg(name)).isEmpty());

        // The token is in the keychain, through the app's store and through libsecret's tool.
        const auto secret = settle(m_secrets->read(account.id));
        QVERIFY2(secret, "keychain read did not finish");
        QVERIFY(secret->has_value());
        QCOMPARE(**secret, simToken());
        QCOMPARE(secretTool({QStringLiteral("lookup"), QStringLiteral("user"), account.id, QStringLiteral("server"),
                             QStringLiteral("nephele")}),
                 std::optional(simToken().toUtf8()));

        // The settings file has the account, not its token; a fresh store reads it back.
        QFile json(m_accounts->filePath());
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray settings = json.readAll();
        QVERIFY(settings.contains(account.id.toUtf8()));
        QVERIFY(settings.contains(name.toUtf8()));
        models::AccountStore reloaded;
        QVERIFY(reloaded.load());
        QCOMPARE(reloaded.accounts().size(), 1);
        QCOMPARE(reloaded.accounts().first(), account);
        // No file anywhere in HOME or the XDG folders (the keyring's own included) holds it.
        QCOMPARE(filesHolding(m_root, simToken().toUtf8()), QStringList());

        // The window started a session with the stored token: the simulator's droplets show.
        QVERIFY(m_window->session(account.id));
        const int droplets = int(m_sim->dropletCount());
        QCOMPARE(droplets, 12);
        QTRY_COMPARE_WITH_TIMEOUT(treeMachineCount(account.id), droplets, kDeadlineMs);
        const QModelIndex row = m_window->model()->indexOfAccount(account.id);
        QCOMPARE(row.data().toString(), name);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->model()->indexOfAccount(account.id).data(Model::AccountStatusRole).toInt(),
                                  int(models::AccountStatus::Ok), kDeadlineMs);
    }

    void withoutKeychainTheAccountIsNotAdded()
    {
        if (m_mode != u"none")
            QSKIP("no keyring only");
        const QMap<QString, QByteArray> before = snapshot(m_root);
        const QString name = QStringLiteral("No Keychain DO");
        views::AddAccountDialog *dialog = openDialog();
        QVERIFY(dialog);
        fill(dialog, name, simUrl(), simToken());
        QTest::mouseClick(button(dialog, QStringLiteral("&Test connection")), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(testResult(dialog).contains(QStringLiteral("Connected as %1").arg(kEmail)),
                                  qPrintable(testResult(dialog)), kDeadlineMs);
        const QString id = dialog->account().id;
        QTest::mouseClick(button(dialog, QStringLiteral("Add account")), Qt::LeftButton);

        const QString notPrefix = QStringLiteral("Account %1 was not added: ").arg(name);
        QTRY_VERIFY_WITH_TIMEOUT(!labelHolding(m_window.get(), notPrefix).isEmpty(), kDeadlineMs);
        const QString notice = labelHolding(m_window.get(), notPrefix);
        QVERIFY2(notice.contains(QLatin1String("No keychain is available")), qPrintable(notice));

        QVERIFY(m_accounts->accounts().isEmpty());
        QVERIFY(!m_window->session(id));
        QVERIFY(!m_window->model()->indexOfAccount(id).isValid());
        QCOMPARE(snapshot(m_root), before); // no settings file, no fallback file for the token
    }

    void kubeconfigContextIsCheckedBeforeSaving()
    {
        // A context whose client certificate file is missing: Add says so and keeps the dialog;
        // pressed again unchanged, the account is saved as it is. A context that resolves is
        // accepted at the first press. Resolving reads files only: no cluster is needed.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto kubeconfig = [&](const QString &name, const QByteArray &user) {
            const QString path = dir.filePath(name);
            QFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return QString();
            file.write("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
                       "https://127.0.0.1:9\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n" +
                       user +
                       "contexts:\n- name: ctx\n  context:\n    cluster: c\n    user: u\n"
                       "current-context: ctx\n");
            return path;
        };
        const QString broken =
            kubeconfig(QStringLiteral("broken"),
                       "    client-certificate: " + dir.filePath(QStringLiteral("gone.crt")).toUtf8() +
                           "\n    client-key: " + dir.filePath(QStringLiteral("gone.key")).toUtf8() + "\n");
        const QString working = kubeconfig(QStringLiteral("working"), "    token: abc123\n");
        QVERIFY(!broken.isEmpty() && !working.isEmpty());

        views::AddAccountDialog dialog(m_network.get());
        dialog.setCurrentProvider(QStringLiteral("kubernetes"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        auto *file = dialog.findChild<QLineEdit *>(QStringLiteral("kubernetesKubeconfig"));
        auto *context = dialog.findChild<QComboBox *>(QStringLiteral("kubernetesContext"));
        QVERIFY(file && context);
        const auto pick = [&](const QString &path) {
            file->setText(path);
            Q_EMIT file->editingFinished();
            QTRY_COMPARE_WITH_TIMEOUT(context->count(), 1, kDeadlineMs);
        };
        pick(broken);
        QLineEdit *name = field(&dialog, QStringLiteral("&Name:"));
        QVERIFY(name);
        name->setText(QStringLiteral("Checked cluster"));
        QPushButton *add = button(&dialog, QStringLiteral("Add account"));
        QVERIFY(add);

        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(testResult(&dialog).contains(QLatin1String("gone.crt")),
                                  qPrintable(testResult(&dialog)), kDeadlineMs);
        QVERIFY2(testResult(&dialog).contains(QLatin1String("Press Add account again")),
                 qPrintable(testResult(&dialog)));
        QCOMPARE(accepted.count(), 0);
        QVERIFY(dialog.isVisible());
        QVERIFY(add->isEnabled());
        saveScreenshot(&dialog, QStringLiteral("add-account-kubeconfig-problem"));
        QTest::mouseClick(add, Qt::LeftButton); // unchanged: saved as it is
        QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, kDeadlineMs);

        // Another dialog, the context that resolves: accepted at once.
        views::AddAccountDialog second(m_network.get());
        second.setCurrentProvider(QStringLiteral("kubernetes"));
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QSignalSpy secondAccepted(&second, &QDialog::accepted);
        file = second.findChild<QLineEdit *>(QStringLiteral("kubernetesKubeconfig"));
        context = second.findChild<QComboBox *>(QStringLiteral("kubernetesContext"));
        QVERIFY(file && context);
        pick(working);
        field(&second, QStringLiteral("&Name:"))->setText(QStringLiteral("Working cluster"));
        QTest::mouseClick(button(&second, QStringLiteral("Add account")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(secondAccepted.count(), 1, kDeadlineMs);
    }

    void eachProviderHasItsPage()
    {
        views::AddAccountDialog *dialog = openDialog();
        QVERIFY(dialog);
        auto *list = dialog->findChild<QListWidget *>(QStringLiteral("providers"));
        QVERIFY(list && list->isVisible());
        struct Page {
            QString provider;
            QString name;
            QStringList labels;
            QString link;
        };
        const QList<Page> pages = {
            {QStringLiteral("digitalocean"),
             QStringLiteral("DigitalOcean"),
             {QStringLiteral("&Name:"), QStringLiteral("&Endpoint:"), QStringLiteral("T&oken:"),
              QStringLiteral("&CA certificate:")},
             QStringLiteral("https://cloud.digitalocean.com/account/api/tokens")},
            {QStringLiteral("hetzner"),
             QStringLiteral("Hetzner Cloud"),
             {QStringLiteral("&Name:"), QStringLiteral("&Endpoint:"), QStringLiteral("API t&oken:")},
             QStringLiteral("https://console.hetzner.cloud/")},
            {QStringLiteral("kubernetes"),
             QStringLiteral("Kubernetes"),
             {QStringLiteral("&Name:"), QStringLiteral("&Kubeconfig:"), QStringLiteral("C&ontext:"),
              QStringLiteral("Server:"), QStringLiteral("&Token:")},
             QStringLiteral("https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/")},
            {QStringLiteral("openstack"),
             QStringLiteral("OpenStack"),
             {QStringLiteral("&Name:"), QStringLiteral("&Credentials:"), QStringLiteral("clouds.&yaml:"),
              QStringLiteral("C&loud:")},
             QStringLiteral("https://docs.openstack.org/keystone/latest/user/application_credentials.html")},
            {QStringLiteral("aws"),
             QStringLiteral("Amazon Web Services"),
             {QStringLiteral("&Name:"), QStringLiteral("&Access key ID:"), QStringLiteral("&Secret access key:"),
              QStringLiteral("&Region:")},
             QStringLiteral("https://console.aws.amazon.com/iam/home#/security_credentials")},
            {QStringLiteral("ssh"),
             QStringLiteral("SSH server"),
             {QStringLiteral("&Name:"), QStringLiteral("&Host:"), QStringLiteral("&Port:"), QStringLiteral("&User:"),
              QStringLiteral("Private &key:")},
             QStringLiteral("https://man.openbsd.org/ssh-keygen")},
        };
        QCOMPARE(list->count(), int(pages.size()));
        QCOMPARE(dialog->currentProvider(), QStringLiteral("digitalocean")); // the one this build lists
        auto *test = dialog->findChild<QPushButton *>(QStringLiteral("testConnection"));
        QVERIFY(test);
        for (int i = 0; i < int(pages.size()); ++i) {
            const Page &expected = pages.at(i);
            QListWidgetItem *item = list->item(i);
            QCOMPARE(item->text(), expected.name);
            QVERIFY(!item->icon().isNull());
            QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(item).center());
            QCOMPARE(dialog->currentProvider(), expected.provider);
            auto *page = dialog->findChild<QWidget *>(expected.provider + QStringLiteral("Page"));
            QVERIFY(page && page->isVisible());
            QCOMPARE(formLabels(page), expected.labels);
            auto *help = page->findChild<QLabel *>(expected.provider + QStringLiteral("Help"));
            QVERIFY(help && help->isVisible());
            QVERIFY2(help->text().contains(QStringLiteral("href=\"%1\"").arg(expected.link)), qPrintable(help->text()));
            QVERIFY(help->openExternalLinks());
            // Test connection where this build has a driver, and for Hetzner Cloud and SSH servers
            // (one request without a driver); elsewhere it says why, on the button and under it.
            const bool driver = drivers::capabilitiesFor(expected.provider) != nullptr;
            const bool testable = driver || expected.provider == u"hetzner" || expected.provider == u"ssh";
            QVERIFY(driver || expected.provider != u"digitalocean");
            QCOMPARE(test->isEnabled(), testable);
            QCOMPARE(views::AddAccountDialog::canTest(expected.provider), testable);
            if (!testable) {
                const QString why = QStringLiteral("has no %1 driver yet").arg(expected.name);
                QVERIFY2(test->toolTip().contains(why), qPrintable(test->toolTip()));
                QVERIFY2(testResult(dialog).contains(why), qPrintable(testResult(dialog)));
            }
            QVERIFY(button(dialog, QStringLiteral("Add account"))->isEnabled()); // added all the same
            saveScreenshot(dialog, QStringLiteral("add-account-") + expected.provider);
        }
        // OpenStack's other way in: an auth URL and an application credential.
        dialog->setCurrentProvider(QStringLiteral("openstack"));
        auto *source = dialog->findChild<QComboBox *>(QStringLiteral("openstackSource"));
        QVERIFY(source);
        source->setCurrentIndex(1);
        QCOMPARE(formLabels(dialog->findChild<QWidget *>(QStringLiteral("openstackPage"))),
                 (QStringList{QStringLiteral("&Name:"), QStringLiteral("&Credentials:"), QStringLiteral("&Auth URL:"),
                              QStringLiteral("Application credential &ID:"),
                              QStringLiteral("Application credential &secret:")}));
        // Back to DigitalOcean: its test is offered again.
        dialog->setCurrentProvider(QStringLiteral("digitalocean"));
        QVERIFY(test->isEnabled());
        QTest::mouseClick(button(dialog, QStringLiteral("Cancel")), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());
    }

    void sshServerIsSavedToWaitForItsDriver()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        views::AddAccountDialog *dialog = openDialog();
        QVERIFY(dialog);
        dialog->setCurrentProvider(QStringLiteral("ssh"));
        auto *page = dialog->findChild<QWidget *>(QStringLiteral("sshPage"));
        QVERIFY(page && page->isVisible());
        QTest::keyClicks(field(page, QStringLiteral("&Name:")), QStringLiteral("Build box"));
        QTest::keyClicks(field(page, QStringLiteral("&User:")), QStringLiteral("deploy"));
        auto *port = page->findChild<QSpinBox *>(QStringLiteral("sshPort"));
        QVERIFY(port);

        // Test connection reaches the server and shows its greeting: a loopback server that
        // greets as OpenSSH does.
        QTcpServer greeter;
        connect(&greeter, &QTcpServer::newConnection, &greeter, [&greeter] {
            while (QTcpSocket *socket = greeter.nextPendingConnection())
                socket->write("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
        });
        QVERIFY(greeter.listen(QHostAddress::LocalHost));
        QTest::keyClicks(field(page, QStringLiteral("&Host:")), QStringLiteral("127.0.0.1"));
        port->setValue(greeter.serverPort());
        QTest::mouseClick(button(dialog, QStringLiteral("&Test connection")), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(testResult(dialog).contains(QLatin1String("SSH-2.0-OpenSSH_9.2p1")),
                                  qPrintable(testResult(dialog)), kDeadlineMs);
        greeter.close();

        field(page, QStringLiteral("&Host:"))->clear();
        QTest::keyClicks(field(page, QStringLiteral("&Host:")), QStringLiteral("build.example.test"));
        port->setValue(2222);
        QTest::mouseClick(button(dialog, QStringLiteral("Add account")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_accounts->accounts().size() == 2, kDeadlineMs);
        const models::Account server = m_accounts->accounts().last();
        QCOMPARE(server.provider, QStringLiteral("ssh"));
        QCOMPARE(server.name, QStringLiteral("Build box"));
        QCOMPARE(server.endpoint.scheme(), QStringLiteral("ssh"));
        QCOMPARE(server.endpoint.host(), QStringLiteral("build.example.test"));
        QCOMPARE(server.endpoint.port(), 2222);
        QCOMPARE(server.endpoint.userName(), QStringLiteral("deploy"));
        // Nothing secret: the keychain holds an empty set, so the next start finds the account whole.
        QCOMPARE(secretTool({QStringLiteral("lookup"), QStringLiteral("user"), server.id, QStringLiteral("server"),
                             QStringLiteral("nephele")}),
                 std::optional(QByteArray("{}")));
        QTRY_VERIFY(m_window->model()->indexOfAccount(server.id).isValid());
        const QString state = m_window->model()->indexOfAccount(server.id, Model::StateColumn).data().toString();
        QVERIFY2(state.contains(QLatin1String("does not know the provider \"ssh\"")), qPrintable(state));
    }
};

QTEST_MAIN(TestAddAccount)
#include "tst_addaccount.moc"
