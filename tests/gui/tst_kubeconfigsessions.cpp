// Kubeconfig contexts that sign in without a bearer token, imported through the window's Import
// accounts dialog and listed in its tree, against the Kubernetes simulator over TLS (which answers
// 401 to a request that carries neither a token nor a certificate its CA signed) and a real Secret
// Service (gnome-keyring): a context with an inline client certificate and key, one whose exec
// credential plugin (a small script) hands out the token it is given in its environment, and one
// with no user at all, which the cluster must refuse. Then the window is opened again from the
// saved accounts and the keychain, as at the next start, and lists the same. Run only through
// tests/integration/accounts/with-keyring.sh (see tst_importaccounts.cpp); outside it everything
// is skipped.

#include "../integration/accounts/keyringtestsupport.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "driverfactory.h"
#include "importaccountsdialog.h"
#include "inventory/inventorystore.h"
#include "kubernetes/kubeauth.h"
#include "mainwindow.h"
#include "sim/kubernetessim.h"
#include "sync/accountsession.h"
#include "tree/inventorytreemodel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QTreeWidget>
#include <QUrlQuery>

using namespace nephele;
using namespace nephele::testsupport;
using Command = views::MainWindow::Command;

namespace {

constexpr int kDeadlineMs = 60'000; // a shared, loaded machine: generous, never a sleep

bool writeFile(const QString &path, const QByteArray &bytes, bool executable = false)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return false;
    file.close();
    return !executable || file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
}

QByteArray base64(const std::string &text)
{
    return QByteArray::fromStdString(text).toBase64();
}

std::optional<QByteArray> storedSecret(const QString &accountId)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("user"), accountId, QStringLiteral("server"),
                       QStringLiteral("nephele")});
}

} // namespace

class TestKubeconfigSessions final : public QObject
{
    Q_OBJECT

    QString m_root;
    QString m_kubeconfig;
    QString m_pluginRuns; // the plugin appends a line here each time it runs
    std::unique_ptr<sim::KubernetesSim> m_sim;
    qsizetype m_resources = 0; // nodes, pods and containers: what a listing holds
    QString m_podId;           // one of them, to find in the tree
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::InventoryStore> m_inventory;
    std::unique_ptr<models::AccountStore> m_accounts;
    std::unique_ptr<models::SecretStore> m_secrets;
    std::unique_ptr<views::MainWindow> m_window;

    // A window over the saved accounts, as the console opens at a start.
    void openWindow()
    {
        m_window.reset();
        m_inventory = std::make_unique<models::InventoryStore>();
        m_accounts = std::make_unique<models::AccountStore>();
        QVERIFY(m_accounts->load());
        views::MainWindowServices services;
        services.inventory = m_inventory.get();
        services.network = m_network.get();
        services.accounts = m_accounts.get();
        services.secrets = m_secrets.get();
        m_window = std::make_unique<views::MainWindow>(services);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    const models::Account *accountNamed(const QString &name) const
    {
        for (const models::Account &a : m_accounts->accounts()) {
            if (a.name == name)
                return &a;
        }
        return nullptr;
    }

    int pluginRuns() const
    {
        QFile file(m_pluginRuns);
        return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : 0;
    }

    // The cluster as the simulator holds it, in the store and in the tree, listed through `name`.
    void expectListed(const QString &name)
    {
        const models::Account *account = accountNamed(name);
        QVERIFY2(account, qPrintable(name));
        const QString id = account->id;
        QTRY_COMPARE_WITH_TIMEOUT(m_inventory->machineCount(id), m_resources, kDeadlineMs);
        QCOMPARE(m_inventory->account(id)->status, models::AccountStatus::Ok);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model()->indexOfMachine(id, m_podId).isValid(), kDeadlineMs);
    }

    // The context without credentials: the cluster refuses it (so a listing proves the others sent theirs).
    void expectRefused(const QString &name)
    {
        const models::Account *account = accountNamed(name);
        QVERIFY2(account, qPrintable(name));
        const QString id = account->id;
        QTRY_VERIFY2_WITH_TIMEOUT(
            m_window->session(id) && m_window->session(id)->lastError(),
            qPrintable(
                m_window->model()->indexOfAccount(id, models::InventoryTreeModel::StateColumn).data().toString()),
            kDeadlineMs);
        QCOMPARE(m_window->session(id)->lastError()->kind, drivers::ErrorKind::Auth);
        QCOMPARE(m_window->session(id)->lastError()->httpStatus, 401);
        QCOMPARE(m_inventory->account(id)->status, models::AccountStatus::Error);
        QCOMPARE(m_inventory->machineCount(id), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto harness = keyringHarness();
        if (!harness)
            QSKIP(kOutsideKeyringHarness);
        if (harness->mode != u"unlocked")
            QSKIP("unlocked keyring only");
        m_root = harness->root;
        QCoreApplication::setApplicationName(QStringLiteral("Nephele"));
        QCoreApplication::setOrganizationDomain(QStringLiteral("nephele.dev"));
        // Discovery reads the process's environment: only the harness's HOME and XDG folders.
        for (const char *name :
             {"KUBECONFIG", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "OS_CLIENT_CONFIG_FILE", "HCLOUD_CONFIG"})
            qunsetenv(name);
        qputenv("PWD", QDir::homePath().toLocal8Bit());
        QVERIFY(drivers::capabilitiesFor(QStringLiteral("kubernetes")));

        sim::KubernetesSimOptions options;
        options.seed = 41;
        options.nodes = 2;
        options.pods = 14;
        options.tls = true;
        m_sim = std::make_unique<sim::KubernetesSim>(options);
        std::string why;
        QVERIFY2(m_sim->start(&why), why.c_str());
        const auto list = [this](const char *resource) {
            return QJsonDocument::fromJson(QByteArray::fromStdString(m_sim->listJson(resource)))
                .object()
                .value(u"items")
                .toArray();
        };
        m_resources = list("nodes").size();
        for (const QJsonValue &pod : list("pods")) {
            const QJsonObject object = pod.toObject();
            const QJsonObject meta = object.value(u"metadata").toObject();
            m_podId = meta.value(u"namespace").toString() + u'/' + meta.value(u"name").toString();
            m_resources += 1 + object.value(u"spec").toObject().value(u"containers").toArray().size();
        }
        QVERIFY(!m_podId.isEmpty());

        // The exec plugin: the token it hands out is the one the kubeconfig gives it in its
        // environment (so at the next start, the one the keychain kept).
        m_pluginRuns = QDir::homePath() + QStringLiteral("/plugin-runs");
        const QString plugin = QDir::homePath() + QStringLiteral("/bin/sim-credential");
        QVERIFY(writeFile(plugin,
                          "#!/bin/sh\n"
                          "# A kubectl exec credential plugin for the simulated cluster.\n"
                          "[ -n \"$KUBERNETES_EXEC_INFO\" ] && [ \"$1\" = --cluster ] || exit 3\n"
                          "echo \"$2\" >> \"$HOME/plugin-runs\"\n"
                          "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                          "\"status\":{\"token\":\"%s\"}}\\n' \"$SIM_TOKEN\"\n",
                          true));
        m_kubeconfig = QDir::homePath() + QStringLiteral("/.kube/config");
        QVERIFY(writeFile(m_kubeconfig, QStringLiteral("apiVersion: v1\n"
                                                       "kind: Config\n"
                                                       "current-context: cert\n"
                                                       "clusters:\n"
                                                       "- name: sim\n"
                                                       "  cluster:\n"
                                                       "    server: %1\n"
                                                       "    certificate-authority-data: %2\n"
                                                       "users:\n"
                                                       "- name: cert-user\n"
                                                       "  user:\n"
                                                       "    client-certificate-data: %3\n"
                                                       "    client-key-data: %4\n"
                                                       "- name: exec-user\n"
                                                       "  user:\n"
                                                       "    exec:\n"
                                                       "      apiVersion: client.authentication.k8s.io/v1\n"
                                                       "      command: %5\n"
                                                       "      args: [--cluster, sim]\n"
                                                       "      env:\n"
                                                       "      - name: SIM_TOKEN\n"
                                                       "        value: %6\n"
                                                       "      interactiveMode: Never\n"
                                                       "      provideClusterInfo: true\n"
                                                       "contexts:\n"
                                                       "- name: cert\n"
                                                       "  context: {cluster: sim, user: cert-user}\n"
                                                       "- name: exec\n"
                                                       "  context: {cluster: sim, user: exec-user, namespace: web}\n"
                                                       "- name: anonymous\n"
                                                       "  context: {cluster: sim}\n")
                                            .arg(QString::fromStdString(m_sim->url()),
                                                 QString::fromLatin1(base64(m_sim->caCertificatePem())),
                                                 QString::fromLatin1(base64(m_sim->clientCertificatePem())),
                                                 QString::fromLatin1(base64(m_sim->clientKeyPem())), plugin,
                                                 QString::fromStdString(m_sim->token()))
                                            .toUtf8()));

        m_network = std::make_unique<QNetworkAccessManager>();
        m_secrets = std::make_unique<models::SecretStore>();
        openWindow();
        QVERIFY(m_accounts->accounts().isEmpty());
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

    void importedContextsListTheCluster()
    {
        QAction *discover = m_window->action(Command::DiscoverAccounts);
        QVERIFY(discover && discover->isEnabled());
        discover->trigger();
        QPointer<views::ImportAccountsDialog> dialog = m_window->findChild<views::ImportAccountsDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isScanning(), kDeadlineMs);
        QCOMPARE(dialog->found().candidates.size(), 3);
        // Each context is new and picked: it signs in as kubectl would, no token needed.
        auto *list = dialog->findChild<QTreeWidget *>(QStringLiteral("candidates"));
        QVERIFY(list && list->topLevelItemCount() == 1);
        QTreeWidgetItem *file = list->topLevelItem(0);
        QCOMPARE(file->childCount(), 3);
        for (int i = 0; i < file->childCount(); ++i) {
            QVERIFY2(file->child(i)->text(4).startsWith(QLatin1String("New")), qPrintable(file->child(i)->text(4)));
            QCOMPARE(file->child(i)->checkState(0), Qt::Checked);
        }
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("import")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), kDeadlineMs); // all saved: it closes itself
        QCOMPARE(m_accounts->accounts().size(), 3);

        // The client certificate over TLS, and the token the plugin handed out.
        expectListed(QStringLiteral("cert"));
        expectListed(QStringLiteral("exec"));
        QVERIFY(pluginRuns() >= 1);
        expectRefused(QStringLiteral("anonymous"));

        // The secrets went to the keychain by kind; the settings file holds none.
        const models::Account *cert = accountNamed(QStringLiteral("cert"));
        const models::Account *exec = accountNamed(QStringLiteral("exec"));
        const auto certSecrets = storedSecret(cert->id);
        const auto execSecrets = storedSecret(exec->id);
        QVERIFY(certSecrets && execSecrets);
        const QJsonObject certBundle = QJsonDocument::fromJson(*certSecrets).object();
        QCOMPARE(certBundle.value(u"client-key-data").toString().toUtf8(), base64(m_sim->clientKeyPem()));
        QCOMPARE(certBundle.value(u"client-certificate-data").toString().toUtf8(),
                 base64(m_sim->clientCertificatePem()));
        QCOMPARE(QJsonDocument::fromJson(*execSecrets).object().value(u"exec-env:SIM_TOKEN").toString().toStdString(),
                 m_sim->token());
        QCOMPARE(QUrlQuery(exec->endpoint).queryItemValue(QStringLiteral("exec-command")),
                 QDir::homePath() + QStringLiteral("/bin/sim-credential"));
        const QString kubeconfig = m_kubeconfig;
        QCOMPARE(filesHolding(m_root, base64(m_sim->clientKeyPem())), QStringList{kubeconfig});
        QCOMPARE(filesHolding(m_root, QByteArray::fromStdString(m_sim->token())), QStringList{kubeconfig});
    }

    // At the next start: the accounts from the settings file, their secrets from the keychain, the
    // plugin run again with the environment the keychain kept.
    void theNextStartListsThemFromTheKeychain()
    {
        if (!accountNamed(QStringLiteral("cert")))
            QSKIP("needs importedContextsListTheCluster");
        drivers::kubernetes::clearExecCredentialCache();
        const int runsBefore = pluginRuns();
        openWindow();
        m_window->openStoredAccounts();
        QCOMPARE(m_accounts->accounts().size(), 3);
        expectListed(QStringLiteral("cert"));
        expectListed(QStringLiteral("exec"));
        QCOMPARE(pluginRuns(), runsBefore + 1);
        expectRefused(QStringLiteral("anonymous"));
    }
};

QTEST_MAIN(TestKubeconfigSessions)
#include "tst_kubeconfigsessions.moc"
