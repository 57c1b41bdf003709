// The Import accounts dialog through the real window, offscreen, against sample credential files
// in the test's own HOME (a kubeconfig with two contexts, a doctl config whose token opens the
// DigitalOcean simulator, a broken clouds.yaml, an ssh_config host), the simulator and a real
// Secret Service (gnome-keyring). Whether this build lists Kubernetes is asked of the driver
// factory: the rows, the keychain format and the tree follow it, and the test checks either way. Run only through
// tests/integration/accounts/with-keyring.sh, which gives the process its own session bus, HOME, XDG folders and
// keyring; NEPHELE_KEYRING_MODE says which
// ("unlocked" or "none"). Run by hand outside the harness, everything is skipped so the user's own
// keychain, settings and credential files are never touched.
//
// NEPHELE_SCREENSHOTS=<folder> saves pictures of the dialog and the window there.

#include "../integration/accounts/keyringtestsupport.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "addaccountdialog.h"
#include "detailspane.h"
#include "driverfactory.h"
#include "importaccountsdialog.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"
#include "sim/digitaloceansim.h"
#include "sync/accountsession.h"
#include "tree/inventorytreemodel.h"
#include "windowtestsupport.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUrlQuery>

#include <optional>

using namespace nephele;
using Model = models::InventoryTreeModel;
using Command = views::MainWindow::Command;

namespace {

using namespace nephele::testsupport;

constexpr int kDeadlineMs = 30'000;
const QString kKubeToken = QStringLiteral("kube-import-token-5c1d8e0f2a7b4936");
const QString kKubeClientKey = QStringLiteral("a3ViZS1pbXBvcnQtY2xpZW50LWtleS05ZTJm");
const int kFileRole = Qt::UserRole + 1;

bool writeFile(const QString &path, const QByteArray &bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

template<typename T>
T *visibleChild(QWidget *parent, const QString &objectName = {})
{
    const auto children = parent->findChildren<T *>();
    for (T *child : children) {
        if (child->isVisible() && (objectName.isEmpty() || child->objectName() == objectName))
            return child;
    }
    return nullptr;
}

QTreeWidgetItem *fileGroup(QTreeWidget *list, const QString &path)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->data(0, kFileRole).toString() == path)
            return list->topLevelItem(i);
    }
    return nullptr;
}

QTreeWidgetItem *row(QTreeWidgetItem *group, const QString &firstColumn)
{
    for (int i = 0; group && i < group->childCount(); ++i) {
        if (group->child(i)->text(0) == firstColumn)
            return group->child(i);
    }
    return nullptr;
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

void closeDialog(QDialog *dialog)
{
    QPushButton *close = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Close);
    QVERIFY(close && close->isEnabled());
    QTest::mouseClick(close, Qt::LeftButton);
}

std::optional<QByteArray> storedSecret(const QString &accountId)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("user"), accountId, QStringLiteral("server"),
                       QStringLiteral("nephele")});
}

} // namespace

class TestImportAccounts final : public QObject
{
    Q_OBJECT

    QString m_mode;
    QString m_root;
    QString m_kubeconfig;
    QString m_doctl;
    QString m_clouds;
    QString m_sshConfig;
    bool m_kubeListed = false; // this build has a Kubernetes driver
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

    const models::Account *accountNamed(const QString &name) const
    {
        for (const models::Account &a : m_accounts->accounts()) {
            if (a.name == name)
                return &a;
        }
        return nullptr;
    }

    QString stateText(const QString &accountId) const
    {
        return m_window->model()->indexOfAccount(accountId, Model::StateColumn).data().toString();
    }

    // What the keychain holds for the "dev" context: its secrets by kind, which the driver reads
    // as kubectl would (and a later driver would).
    QByteArray kubeSecret() const
    {
        return QJsonDocument(QJsonObject{{QStringLiteral("token"), kKubeToken}}).toJson(QJsonDocument::Compact);
    }

    // Opens the dialog from the Account menu's action and waits for its look through the files.
    views::ImportAccountsDialog *openDialog()
    {
        QAction *action = m_window->action(Command::DiscoverAccounts);
        if (!action || !action->isEnabled())
            return nullptr;
        action->trigger();
        auto *dialog = visibleChild<views::ImportAccountsDialog>(m_window.get());
        if (!dialog)
            return nullptr;
        QDeadlineTimer deadline(kDeadlineMs);
        while (dialog->isScanning() && !deadline.hasExpired())
            QTest::qWait(10);
        return dialog->isScanning() ? nullptr : dialog;
    }

    // Clicks `text` in the dialog's session-only offer.
    void answerOffer(QWidget *dialog, const QString &text)
    {
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (box = visibleChild<QMessageBox>(dialog, QStringLiteral("sessionOnlyOffer"))) != nullptr, kDeadlineMs);
        QVERIFY2(box->text().contains(QLatin1String("No keychain is available")), qPrintable(box->text()));
        QPushButton *b = button(box, text);
        QVERIFY2(b, qPrintable(text));
        QTest::mouseClick(b, Qt::LeftButton);
    }

    // Nothing under the harness's root (HOME, every XDG folder, the keyring's own files) holds a
    // secret but the file the user had it in.
    void secretsOnlyInTheirSourceFiles()
    {
        QCOMPARE(filesHolding(m_root, simToken().toUtf8()), QStringList{m_doctl});
        QCOMPARE(filesHolding(m_root, kKubeToken.toUtf8()), QStringList{m_kubeconfig});
        QCOMPARE(filesHolding(m_root, kKubeClientKey.toUtf8()), QStringList{m_kubeconfig});
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
        // Discovery reads the process's environment: only the harness's HOME and XDG folders.
        for (const char *name :
             {"KUBECONFIG", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "OS_CLIENT_CONFIG_FILE", "HCLOUD_CONFIG"})
            qunsetenv(name);
        qputenv("PWD", QDir::homePath().toLocal8Bit()); // $PWD/clouds.yaml is a standard place
        const QString config = qEnvironmentVariable("XDG_CONFIG_HOME");
        QVERIFY2(config.startsWith(m_root), qPrintable(config));
        m_kubeListed = drivers::capabilitiesFor(QStringLiteral("kubernetes")) != nullptr;
        QVERIFY2(!drivers::capabilitiesFor(QStringLiteral("ssh")), "the test needs a provider without a driver");

        sim::DigitalOceanSimOptions options;
        options.seed = 5;
        options.droplets = 9;
        options.timeScale = 0.02;
        m_sim = std::make_unique<sim::DigitalOceanSim>(options);
        std::string error;
        QVERIFY2(m_sim->start(&error), error.c_str());

        // A kubeconfig with two contexts: a bearer token and an inline client certificate.
        m_kubeconfig = QDir::homePath() + QStringLiteral("/.kube/config");
        QVERIFY(writeFile(m_kubeconfig, QStringLiteral("apiVersion: v1\n"
                                                       "kind: Config\n"
                                                       "current-context: dev\n"
                                                       "clusters:\n"
                                                       "- name: dev-cluster\n"
                                                       "  cluster:\n"
                                                       "    server: https://127.0.0.1:9\n"
                                                       "- name: prod-cluster\n"
                                                       "  cluster:\n"
                                                       "    server: https://127.0.0.2:9\n"
                                                       "users:\n"
                                                       "- name: dev-user\n"
                                                       "  user:\n"
                                                       "    token: %1\n"
                                                       "- name: prod-user\n"
                                                       "  user:\n"
                                                       "    client-certificate-data: Y2VydA==\n"
                                                       "    client-key-data: %2\n"
                                                       "contexts:\n"
                                                       "- name: dev\n"
                                                       "  context: {cluster: dev-cluster, user: dev-user, "
                                                       "namespace: web}\n"
                                                       "- name: prod\n"
                                                       "  context: {cluster: prod-cluster, user: prod-user}\n")
                                            .arg(kKubeToken, kKubeClientKey)
                                            .toUtf8()));
        // doctl's config, pointed at the simulator.
        m_doctl = config + QStringLiteral("/doctl/config.yaml");
        QVERIFY(writeFile(
            m_doctl,
            QStringLiteral("access-token: %1\napi-url: %2\ncontext: default\n").arg(simToken(), simUrl()).toUtf8()));
        // A clouds.yaml whose quote never closes: line 5, column 17.
        m_clouds = config + QStringLiteral("/openstack/clouds.yaml");
        QVERIFY(writeFile(m_clouds, "clouds:\n"
                                    "  lab:\n"
                                    "    auth:\n"
                                    "      auth_url: https://keystone.example.test:5000/v3\n"
                                    "      password: \"never-closed\n"
                                    "      username: demo\n"));

        // An SSH server, which this build cannot list.
        m_sshConfig = QDir::homePath() + QStringLiteral("/.ssh/config");
        QVERIFY(writeFile(m_sshConfig, "Host build\n  HostName 10.9.8.7\n  User deploy\n  Port 2222\n"
                                       "  IdentityFile ~/.ssh/id_build\n"));

        m_network = std::make_unique<QNetworkAccessManager>();
        m_inventory = std::make_unique<models::InventoryStore>();
        m_accounts = std::make_unique<models::AccountStore>();
        QVERIFY2(m_accounts->filePath().startsWith(config), qPrintable(m_accounts->filePath()));
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
        m_window.reset();
        m_secrets.reset();
        m_accounts.reset();
        m_inventory.reset();
        m_network.reset();
        m_sim.reset();
    }

    void candidatesBecomeAccounts()
    {
        models::ImportCandidate ssh;
        ssh.provider = QStringLiteral("ssh");
        ssh.name = QStringLiteral("web");
        ssh.sourceFile = QStringLiteral("/home/u/.ssh/config");
        ssh.settings = {
            {QStringLiteral("hostname"), QStringLiteral("10.1.2.3")},
            {QStringLiteral("port"), 2222},
            {QStringLiteral("user"), QStringLiteral("deploy")},
            {QStringLiteral("identity-files"), QStringList{QStringLiteral("~/.ssh/a"), QStringLiteral("~/.ssh/b")}},
            {QStringLiteral("proxy-jump"), QStringLiteral("bastion")}};
        const models::Account a = views::AddAccountDialog::accountFor(ssh);
        QCOMPARE(a.provider, QStringLiteral("ssh"));
        QCOMPARE(a.name, QStringLiteral("web"));
        QVERIFY(!a.id.isEmpty());
        QCOMPARE(a.endpoint.scheme(), QStringLiteral("ssh"));
        QCOMPARE(a.endpoint.host(), QStringLiteral("10.1.2.3"));
        QCOMPARE(a.endpoint.port(), 2222);
        QCOMPARE(a.endpoint.userName(), QStringLiteral("deploy"));
        const QUrlQuery query(a.endpoint);
        QCOMPARE(query.allQueryItemValues(QStringLiteral("identity-files")),
                 (QStringList{QStringLiteral("~/.ssh/a"), QStringLiteral("~/.ssh/b")}));
        QCOMPARE(query.queryItemValue(QStringLiteral("proxy-jump")), QStringLiteral("bastion"));
        QVERIFY(!query.hasQueryItem(QStringLiteral("hostname")));
        QCOMPARE(views::AddAccountDialog::secretText(ssh.provider, ssh.secrets), QStringLiteral("{}"));

        models::ImportCandidate aws;
        aws.provider = QStringLiteral("aws");
        aws.name = QStringLiteral("prod");
        aws.settings = {{QStringLiteral("region"), QStringLiteral("eu-west-1")},
                        {QStringLiteral("profile"), QStringLiteral("prod")}};
        aws.secrets = {{QStringLiteral("access-key-id"), QStringLiteral("AKIAEXAMPLE")},
                       {QStringLiteral("secret-access-key"), QStringLiteral("s3cr3t")}};
        const models::Account b = views::AddAccountDialog::accountFor(aws);
        QCOMPARE(b.endpoint.host(), QStringLiteral("ec2.eu-west-1.amazonaws.com"));
        QCOMPARE(QUrlQuery(b.endpoint).queryItemValue(QStringLiteral("profile")), QStringLiteral("prod"));
        const QJsonObject bundle =
            QJsonDocument::fromJson(views::AddAccountDialog::secretText(aws.provider, aws.secrets).toUtf8()).object();
        QCOMPARE(bundle.value(QStringLiteral("access-key-id")).toString(), QStringLiteral("AKIAEXAMPLE"));
        QCOMPARE(bundle.value(QStringLiteral("secret-access-key")).toString(), QStringLiteral("s3cr3t"));
        QCOMPARE(bundle.size(), 2);

        // A provider with a driver gets its endpoint as found and its token as it is.
        models::ImportCandidate doctl;
        doctl.provider = QStringLiteral("digitalocean");
        doctl.name = QStringLiteral("work");
        doctl.endpoint = QStringLiteral("https://api.digitalocean.com");
        doctl.settings = {{QStringLiteral("context"), QStringLiteral("work")}, {QStringLiteral("current"), true}};
        doctl.secrets = {{QStringLiteral("token"), QStringLiteral("dop_v1_x")}};
        QCOMPARE(views::AddAccountDialog::accountFor(doctl).endpoint,
                 QUrl(QStringLiteral("https://api.digitalocean.com")));
        QCOMPARE(views::AddAccountDialog::secretText(doctl.provider, doctl.secrets), QStringLiteral("dop_v1_x"));
    }

    void listShowsWhatWasFoundAndTheBrokenFile()
    {
        views::ImportAccountsDialog *dialog = openDialog();
        QVERIFY(dialog);
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("candidates"));
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), 4);

        QTreeWidgetItem *kube = fileGroup(list, m_kubeconfig);
        QVERIFY(kube);
        QCOMPARE(kube->text(0), QStringLiteral("~/.kube/config"));
        QCOMPARE(kube->childCount(), 2);
        QTreeWidgetItem *dev = row(kube, QStringLiteral("dev"));
        QTreeWidgetItem *prod = row(kube, QStringLiteral("prod"));
        QVERIFY(dev && prod);
        QCOMPARE(dev->text(1), QStringLiteral("Kubernetes"));
        QCOMPARE(dev->text(2), QStringLiteral("https://127.0.0.1:9 · namespace web"));
        QCOMPARE(dev->text(3), QStringLiteral("token"));
        QCOMPARE(prod->text(3), QStringLiteral("client certificate, client key"));
        if (m_kubeListed) {
            // Both sign in as kubectl would: the token, the client certificate.
            for (QTreeWidgetItem *item : {dev, prod}) {
                QCOMPARE(item->text(4), QStringLiteral("New"));
                QCOMPARE(item->checkState(0), Qt::Checked);
            }
        } else {
            for (QTreeWidgetItem *item : {dev, prod}) {
                QCOMPARE(item->text(4), QStringLiteral("Cannot be listed yet"));
                QCOMPARE(item->checkState(0), Qt::Unchecked); // not picked unless the user does
            }
        }
        QVERIFY(prod->flags() & Qt::ItemIsUserCheckable);

        QTreeWidgetItem *doctl = fileGroup(list, m_doctl);
        QVERIFY(doctl);
        QCOMPARE(doctl->childCount(), 1);
        QTreeWidgetItem *doDefault = row(doctl, QStringLiteral("default"));
        QVERIFY(doDefault);
        QCOMPARE(doDefault->text(1), QStringLiteral("DigitalOcean"));
        QCOMPARE(doDefault->text(2), simUrl());
        QCOMPARE(doDefault->text(3), QStringLiteral("token"));
        QCOMPARE(doDefault->text(4), QStringLiteral("New"));
        QCOMPARE(doDefault->checkState(0), Qt::Checked);

        QTreeWidgetItem *build = row(fileGroup(list, m_sshConfig), QStringLiteral("build"));
        QVERIFY(build);
        QCOMPARE(build->text(1), QStringLiteral("SSH server"));
        QCOMPARE(build->text(2), QStringLiteral("10.9.8.7:2222"));
        QCOMPARE(build->text(3), QStringLiteral("none: key file ~/.ssh/id_build"));
        QCOMPARE(build->text(4), QStringLiteral("Cannot be listed yet"));
        QCOMPARE(build->checkState(0), Qt::Unchecked);

        // The broken file: its line, column and message, and nothing to pick.
        QTreeWidgetItem *clouds = fileGroup(list, m_clouds);
        QVERIFY(clouds);
        QCOMPARE(clouds->childCount(), 1);
        QCOMPARE(clouds->child(0)->text(0), QStringLiteral("Line 5, column 17: Unterminated quoted string"));
        QVERIFY(!(clouds->child(0)->flags() & Qt::ItemIsUserCheckable));
        QVERIFY(!(clouds->flags() & Qt::ItemIsUserCheckable));

        // Which providers cannot be listed yet, said once above the buttons.
        auto *note = dialog->findChild<QLabel *>(QStringLiteral("unsupportedNote"));
        QVERIFY(note && note->isVisible());
        const QString cannot = m_kubeListed ? QStringLiteral("cannot list SSH server accounts yet")
                                            : QStringLiteral("cannot list Kubernetes, SSH server accounts yet");
        QVERIFY2(note->text().contains(cannot), qPrintable(note->text()));

        auto *import = dialog->findChild<QPushButton *>(QStringLiteral("import"));
        QVERIFY(import);
        const QString picked = m_kubeListed ? QStringLiteral("&Import 3 account") : QStringLiteral("&Import 1 account");
        QVERIFY2(import->text().startsWith(picked), qPrintable(import->text()));
        QVERIFY(import->isEnabled());
        // The file's box picks all its accounts, and an account's box shows in its file's.
        kube->setCheckState(0, Qt::Checked);
        QCOMPARE(dev->checkState(0), Qt::Checked);
        QCOMPARE(prod->checkState(0), Qt::Checked);
        QVERIFY2(import->text().startsWith(QLatin1String("&Import 3 account")), qPrintable(import->text()));
        prod->setCheckState(0, Qt::Unchecked);
        QCOMPARE(kube->checkState(0), Qt::PartiallyChecked);
        doDefault->setCheckState(0, Qt::Unchecked);
        dev->setCheckState(0, Qt::Unchecked);
        QCOMPARE(kube->checkState(0), Qt::Unchecked);
        QVERIFY(!import->isEnabled());
        dev->setCheckState(0, Qt::Checked);
        doDefault->setCheckState(0, Qt::Checked);
        saveScreenshot(dialog, QStringLiteral("import-accounts"));

        closeDialog(dialog);
        QTRY_VERIFY(!visibleChild<views::ImportAccountsDialog>(m_window.get()));
        QVERIFY(m_accounts->accounts().isEmpty());
    }

    void addDialogLeadsToTheImport()
    {
        m_window->action(Command::AddAccount)->trigger();
        auto *add = visibleChild<views::AddAccountDialog>(m_window.get());
        QVERIFY(add);
        // Its Kubernetes page reads the same kubeconfig: every context, the current one chosen.
        add->setCurrentProvider(QStringLiteral("kubernetes"));
        auto *contexts = add->findChild<QComboBox *>(QStringLiteral("kubernetesContext"));
        QVERIFY(contexts);
        QTRY_COMPARE_WITH_TIMEOUT(contexts->count(), 2, kDeadlineMs);
        QCOMPARE(contexts->currentText(), QStringLiteral("dev"));
        QCOMPARE(contexts->itemText(1), QStringLiteral("prod"));
        const auto *server = add->findChild<QLabel *>(QStringLiteral("kubernetesServer"));
        QVERIFY(server);
        QCOMPARE(server->text(), QStringLiteral("https://127.0.0.1:9 · token"));
        QCOMPARE(add->account().endpoint.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(add->account().name, QStringLiteral("dev"));
        QCOMPARE(add->token().toUtf8(), kubeSecret()); // the context's own token, by kind
        saveScreenshot(add, QStringLiteral("add-account-kubernetes-kubeconfig"));
        auto *offer = add->findChild<QPushButton *>(QStringLiteral("importFromFiles"));
        QVERIFY(offer && offer->isVisible());
        QTest::mouseClick(offer, Qt::LeftButton);
        QTRY_VERIFY(!add->isVisible());
        views::ImportAccountsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = visibleChild<views::ImportAccountsDialog>(m_window.get())) != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isScanning(), kDeadlineMs);
        QCOMPARE(dialog->found().candidates.size(), 4);
        QCOMPARE(dialog->found().problems.size(), 1);
        closeDialog(dialog);
        QTRY_VERIFY(!visibleChild<views::ImportAccountsDialog>(m_window.get()));
    }

    void picksAreSavedWithTheirSecretsInTheKeychain()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        views::ImportAccountsDialog *dialog = openDialog();
        QVERIFY(dialog);
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("candidates"));
        row(fileGroup(list, m_kubeconfig), QStringLiteral("dev"))->setCheckState(0, Qt::Checked);
        row(fileGroup(list, m_kubeconfig), QStringLiteral("prod"))->setCheckState(0, Qt::Unchecked); // later
        auto *import = dialog->findChild<QPushButton *>(QStringLiteral("import"));
        QVERIFY2(import->text().startsWith(QLatin1String("&Import 2 account")), qPrintable(import->text()));
        QTest::mouseClick(import, Qt::LeftButton);
        // Every pick saved: the dialog closes itself.
        QTRY_VERIFY_WITH_TIMEOUT(!visibleChild<views::ImportAccountsDialog>(m_window.get()), kDeadlineMs);

        QCOMPARE(m_accounts->accounts().size(), 2);
        const models::Account *digitalOcean = accountNamed(QStringLiteral("default"));
        const models::Account *kube = accountNamed(QStringLiteral("dev"));
        QVERIFY(digitalOcean && kube);
        QCOMPARE(digitalOcean->provider, QStringLiteral("digitalocean"));
        QCOMPARE(digitalOcean->endpoint, QUrl(simUrl()));
        QVERIFY(!digitalOcean->needsToken);
        QCOMPARE(kube->provider, QStringLiteral("kubernetes"));
        QCOMPARE(kube->endpoint.host(), QStringLiteral("127.0.0.1"));
        QCOMPARE(kube->endpoint.port(), 9);
        QVERIFY(!kube->needsToken);
        // The context's settings ride with the address (the driver resolves them as kubectl would).
        const QUrlQuery query(kube->endpoint);
        QCOMPARE(query.queryItemValue(QStringLiteral("context")), QStringLiteral("dev"));
        QCOMPARE(query.queryItemValue(QStringLiteral("namespace")), QStringLiteral("web"));
        QCOMPARE(query.queryItemValue(QStringLiteral("kubeconfig")), m_kubeconfig);
        QCOMPARE(query.queryItemValue(QStringLiteral("auth")), QStringLiteral("token"));

        // The keychain has them, asked through libsecret's own tool.
        QCOMPARE(storedSecret(digitalOcean->id), std::optional(simToken().toUtf8()));
        QCOMPARE(storedSecret(kube->id), std::optional(kubeSecret()));
        secretsOnlyInTheirSourceFiles();

        // The window lists the DigitalOcean account from the simulator; the cluster is tried with
        // its driver, or said to be unknown to this build.
        QVERIFY(!labelHolding(m_window.get(), QStringLiteral("Imported 2 account")).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(treeMachineCount(digitalOcean->id), int(m_sim->dropletCount()), kDeadlineMs);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->session(kube->id), kDeadlineMs); // once its context is resolved
        if (m_kubeListed) {
            QVERIFY(m_window->session(kube->id)->capabilities());
        } else {
            QVERIFY2(stateText(kube->id).contains(QLatin1String("does not know the provider \"kubernetes\"")),
                     qPrintable(stateText(kube->id)));
        }
    }

    void importedAccountsShowAsAlreadyAdded()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        views::ImportAccountsDialog *dialog = openDialog();
        QVERIFY(dialog);
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("candidates"));
        QTreeWidgetItem *doDefault = row(fileGroup(list, m_doctl), QStringLiteral("default"));
        QTreeWidgetItem *dev = row(fileGroup(list, m_kubeconfig), QStringLiteral("dev"));
        QTreeWidgetItem *prod = row(fileGroup(list, m_kubeconfig), QStringLiteral("prod"));
        QVERIFY(doDefault && dev && prod);
        QCOMPARE(doDefault->text(4), QStringLiteral("Already added as “default”"));
        QCOMPARE(dev->text(4), QStringLiteral("Already added as “dev”"));
        QCOMPARE(prod->text(4), m_kubeListed ? QStringLiteral("New") : QStringLiteral("Cannot be listed yet"));
        for (QTreeWidgetItem *item : {doDefault, dev})
            QCOMPARE(item->checkState(0), Qt::Unchecked);
        QCOMPARE(prod->checkState(0), m_kubeListed ? Qt::Checked : Qt::Unchecked);
        QCOMPARE(dialog->findChild<QPushButton *>(QStringLiteral("import"))->isEnabled(), m_kubeListed);
        closeDialog(dialog);
        QTRY_VERIFY(!visibleChild<views::ImportAccountsDialog>(m_window.get()));
    }

    void serverWithoutDriverAndContextWithoutTokenAreImported()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        views::ImportAccountsDialog *dialog = openDialog();
        QVERIFY(dialog);
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("candidates"));
        row(fileGroup(list, m_sshConfig), QStringLiteral("build"))->setCheckState(0, Qt::Checked);
        row(fileGroup(list, m_kubeconfig), QStringLiteral("prod"))->setCheckState(0, Qt::Checked);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("import")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!visibleChild<views::ImportAccountsDialog>(m_window.get()), kDeadlineMs);
        QCOMPARE(m_accounts->accounts().size(), 4);

        // The SSH server: user, host and port in its address, its key file named, nothing secret.
        const models::Account *build = accountNamed(QStringLiteral("build"));
        QVERIFY(build);
        QCOMPARE(build->provider, QStringLiteral("ssh"));
        QCOMPARE(build->endpoint.scheme(), QStringLiteral("ssh"));
        QCOMPARE(build->endpoint.userName(), QStringLiteral("deploy"));
        QCOMPARE(build->endpoint.host(), QStringLiteral("10.9.8.7"));
        QCOMPARE(build->endpoint.port(), 2222);
        QCOMPARE(QUrlQuery(build->endpoint).queryItemValue(QStringLiteral("identity-files")),
                 QStringLiteral("~/.ssh/id_build"));
        QCOMPARE(storedSecret(build->id), std::optional(QByteArray("{}")));
        QTRY_VERIFY(stateText(build->id).contains(QLatin1String("does not know the provider \"ssh\"")));
        // Its details say why and offer no Retry: there is nothing to retry until a driver lands.
        m_window->tree()->setCurrentIndex(m_window->model()->indexOfAccount(build->id));
        QTRY_VERIFY2(m_window->details()->shownText().contains(QLatin1String("cannot list SSH server accounts yet")),
                     qPrintable(m_window->details()->shownText()));
        const auto buttons = m_window->details()->findChildren<QPushButton *>();
        for (const QPushButton *b : buttons)
            QVERIFY2(!b->isVisible() || !b->text().contains(QLatin1String("Retry")), "no Retry without a driver");

        // The context that signs in with a client certificate: its certificate and key in the
        // keychain. (This one's certificate is no PEM: its row says so; tst_kubeconfigsessions
        // lists clusters through such contexts.)
        const models::Account *prod = accountNamed(QStringLiteral("prod"));
        QVERIFY(prod);
        QVERIFY(!prod->needsToken);
        const auto stored = storedSecret(prod->id);
        QVERIFY(stored);
        QCOMPARE(QJsonDocument::fromJson(*stored).object().value(QStringLiteral("client-key-data")).toString(),
                 kKubeClientKey);
        QCOMPARE(filesHolding(m_root, kKubeClientKey.toUtf8()), QStringList{m_kubeconfig});
        if (m_kubeListed) {
            QVERIFY(m_window->accountNote(prod->id).isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(stateText(prod->id).contains(QLatin1String("not a PEM certificate")), kDeadlineMs);
        }
        secretsOnlyInTheirSourceFiles();
    }

    void disabledAccountSaysHowToEnableIt()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const models::Account *digitalOcean = accountNamed(QStringLiteral("default"));
        QVERIFY(digitalOcean);
        const QString id = digitalOcean->id;
        m_window->tree()->setCurrentIndex(m_window->model()->indexOfAccount(id));
        QCOMPARE(m_window->currentAccountId(), id);
        QAction *toggle = m_window->action(Command::ToggleAccount);
        QCOMPARE(toggle->text(), QStringLiteral("Disable account"));
        toggle->trigger();
        QTRY_VERIFY(m_window->model()->indexOfAccount(id).data(Model::DisabledRole).toBool());
        QVERIFY2(stateText(id).startsWith(QStringLiteral("Disabled · 9 machine")), qPrintable(stateText(id)));
        QTRY_VERIFY2(m_window->details()->shownText().contains(QLatin1String("This account is disabled")),
                     qPrintable(m_window->details()->shownText()));
        const QString details = m_window->details()->shownText();
        QVERIFY2(details.contains(QStringLiteral("Account ▸ Enable account")), qPrintable(details));
        const auto buttons = m_window->details()->findChildren<QPushButton *>();
        for (const QPushButton *b : buttons)
            QVERIFY2(!b->isVisible() || !b->text().contains(QLatin1String("Retry")), "no Retry on a disabled account");
        saveScreenshot(m_window.get(), QStringLiteral("disabled-account"));
        // Unselected, the row shows its own look: greyed, with a ring.
        m_window->tree()->setCurrentIndex(m_window->model()->indexOfAccount(accountNamed(QStringLiteral("build"))->id));
        saveScreenshot(m_window.get(), QStringLiteral("disabled-account-unselected"));
        m_window->tree()->setCurrentIndex(m_window->model()->indexOfAccount(id));

        QCOMPARE(toggle->text(), QStringLiteral("Enable account"));
        toggle->trigger();
        QTRY_VERIFY(!m_window->model()->indexOfAccount(id).data(Model::DisabledRole).toBool());
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->details()->shownText().contains(QLatin1String("This account is disabled")),
                                 kDeadlineMs);
    }

    void withoutKeychainTheSecretsAreKeptForTheSessionOnly()
    {
        if (m_mode != u"none")
            QSKIP("no keyring only");
        const QMap<QString, QByteArray> before = snapshot(m_root);
        views::ImportAccountsDialog *dialog = openDialog();
        QVERIFY(dialog);
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("candidates"));
        QTreeWidgetItem *dev = row(fileGroup(list, m_kubeconfig), QStringLiteral("dev"));
        QTreeWidgetItem *doDefault = row(fileGroup(list, m_doctl), QStringLiteral("default"));
        dev->setCheckState(0, Qt::Checked);
        row(fileGroup(list, m_kubeconfig), QStringLiteral("prod"))->setCheckState(0, Qt::Unchecked);
        auto *import = dialog->findChild<QPushButton *>(QStringLiteral("import"));
        QVERIFY2(import->text().startsWith(QLatin1String("&Import 2 account")), qPrintable(import->text()));

        // Declined: nothing is added, nothing is written, and the rows say why.
        QTest::mouseClick(import, Qt::LeftButton);
        answerOffer(dialog, QStringLiteral("Cancel"));
        QTRY_COMPARE(dev->text(4), QStringLiteral("Not added: no keychain"));
        QCOMPARE(doDefault->text(4), QStringLiteral("Not added: no keychain"));
        QVERIFY(dialog->isVisible());
        QVERIFY(m_accounts->accounts().isEmpty());
        QCOMPARE(snapshot(m_root), before);

        // Accepted: both are saved, each marked as having no secret in a keychain.
        QVERIFY(import->isEnabled());
        QTest::mouseClick(import, Qt::LeftButton);
        answerOffer(dialog, QStringLiteral("Keep the secrets for this session only"));
        QTRY_VERIFY_WITH_TIMEOUT(!visibleChild<views::ImportAccountsDialog>(m_window.get()), kDeadlineMs);
        QCOMPARE(m_accounts->accounts().size(), 2);
        const models::Account *digitalOcean = accountNamed(QStringLiteral("default"));
        const models::Account *kube = accountNamed(QStringLiteral("dev"));
        QVERIFY(digitalOcean && kube);
        QVERIFY(digitalOcean->needsToken);
        QVERIFY(kube->needsToken);
        // One file more than before: the account settings, with no secret in them.
        QMap<QString, QByteArray> after = snapshot(m_root);
        QVERIFY(after.remove(m_accounts->filePath()) == 1);
        QCOMPARE(after, before);
        secretsOnlyInTheirSourceFiles();

        // The session has the token: the simulator's droplets show, and no row asks for a token.
        QTRY_COMPARE_WITH_TIMEOUT(treeMachineCount(digitalOcean->id), int(m_sim->dropletCount()), kDeadlineMs);
        QVERIFY(m_window->accountNote(digitalOcean->id).isEmpty());
        QVERIFY(m_window->accountNote(kube->id).isEmpty());
    }
};

QTEST_MAIN(TestImportAccounts)
#include "tst_importaccounts.moc"
