// Managing accounts through the real window, offscreen, against two DigitalOcean simulators and a
// real Secret Service (gnome-keyring): edit, rename, disable/enable, remove, forget all secrets,
// export/import, and the session-only token when there is no keychain. Run only through
// tests/integration/accounts/with-keyring.sh, which gives the process its own session bus, HOME
// and keyring; NEPHELE_KEYRING_MODE says which ("unlocked" or "none"). Run by hand outside the
// harness, everything is skipped so the user's own keychain and settings are never touched.

#include "../integration/accounts/keyringtestsupport.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "addaccountdialog.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"
#include "sim/digitaloceansim.h"
#include "sync/accountsession.h"
#include "tree/inventorytreemodel.h"
#include "windowtestsupport.h"

#include <QAction>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QSet>
#include <QTest>
#include <QTreeView>

#include <optional>

using namespace nephele;
using Model = models::InventoryTreeModel;
using Command = views::MainWindow::Command;

namespace {

using namespace nephele::testsupport;

constexpr int kDeadlineMs = 30'000;
const QString kNoToken = QStringLiteral("No token: edit the account to enter it");

int fileCount(const QString &root)
{
    int count = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

std::optional<QByteArray> storedToken(const QString &accountId)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("user"), accountId, QStringLiteral("server"),
                       QStringLiteral("nephele")});
}

// How many items the keychain holds for Nephele; -1 when secret-tool failed. secret-tool prints
// one "[/path]" line per item on stdout (the attributes go to stderr).
int keychainItems()
{
    const auto out = secretTool(
        {QStringLiteral("search"), QStringLiteral("--all"), QStringLiteral("server"), QStringLiteral("nephele")});
    if (!out)
        return -1;
    int items = 0;
    const QList<QByteArray> lines = out->split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("[/"))
            ++items;
    }
    return items;
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

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A window over its own stores, as the app builds it.
struct Console {
    std::unique_ptr<models::InventoryStore> inventory = std::make_unique<models::InventoryStore>();
    std::unique_ptr<models::AccountStore> accounts;
    std::unique_ptr<views::MainWindow> window;

    Console(QNetworkAccessManager *network, models::SecretStore *secrets, const QString &configFolder = {})
        : accounts(std::make_unique<models::AccountStore>(configFolder))
    {
        views::MainWindowServices services;
        services.inventory = inventory.get();
        services.network = network;
        services.accounts = accounts.get();
        services.secrets = secrets;
        window = std::make_unique<views::MainWindow>(services);
        window->show();
    }
    ~Console() { window.reset(); } // sessions before the stores

    const Model *model() const { return window->model(); }
    QString stateText(const QString &id) const
    {
        return model()->indexOfAccount(id, Model::StateColumn).data().toString();
    }
    QSet<QString> machineIds(const QString &id) const
    {
        QSet<QString> ids;
        const QModelIndex account = model()->indexOfAccount(id);
        for (int l = 0; l < model()->rowCount(account); ++l) {
            const QModelIndex location = model()->index(l, 0, account);
            for (int m = 0; m < model()->rowCount(location); ++m)
                ids.insert(model()->index(m, 0, location).data(Model::MachineIdRole).toString());
        }
        return ids;
    }
    void select(const QString &id) const { window->tree()->setCurrentIndex(model()->indexOfAccount(id)); }
};

} // namespace

class TestManageAccounts final : public QObject
{
    Q_OBJECT

    QString m_mode;
    QString m_root;
    std::unique_ptr<sim::DigitalOceanSim> m_simA;
    std::unique_ptr<sim::DigitalOceanSim> m_simB;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::SecretStore> m_secrets;
    std::unique_ptr<Console> m_console;

    static QString url(const sim::DigitalOceanSim &sim) { return QString::fromStdString(sim.url()); }
    static QString token(const sim::DigitalOceanSim &sim) { return QString::fromStdString(sim.token()); }
    static QSet<QString> dropletIds(const sim::DigitalOceanSim &sim)
    {
        QSet<QString> ids;
        for (std::int64_t id : sim.dropletIds())
            ids.insert(QString::number(id));
        return ids;
    }
    views::MainWindow *window() const { return m_console->window.get(); }

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

    // Adds an account through the Add dialog; returns its id (empty on failure).
    QString addThroughDialog(const QString &name, const sim::DigitalOceanSim &sim)
    {
        window()->action(Command::AddAccount)->trigger();
        auto *dialog = visibleChild<views::AddAccountDialog>(window());
        if (!dialog)
            return {};
        fill(dialog, name, url(sim), token(sim));
        const QString id = dialog->account().id;
        QTest::mouseClick(button(dialog, QStringLiteral("Add account")), Qt::LeftButton);
        return id;
    }

    // Clicks `text` in the visible message box named `objectName`; `said` gets its title and text.
    void answer(const QString &objectName, const QString &text, QString *said = nullptr)
    {
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = visibleChild<QMessageBox>(window(), objectName)) != nullptr, kDeadlineMs);
        if (said)
            *said = box->windowTitle() + QLatin1Char('\n') + box->text();
        QPushButton *b = button(box, text);
        QVERIFY2(b, qPrintable(text));
        QTest::mouseClick(b, Qt::LeftButton);
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

        sim::DigitalOceanSimOptions a;
        a.seed = 11;
        a.droplets = 12;
        a.timeScale = 0.02;
        m_simA = std::make_unique<sim::DigitalOceanSim>(a);
        sim::DigitalOceanSimOptions b = a;
        b.seed = 23;
        b.droplets = 7;
        m_simB = std::make_unique<sim::DigitalOceanSim>(b);
        std::string error;
        QVERIFY2(m_simA->start(&error), error.c_str());
        QVERIFY2(m_simB->start(&error), error.c_str());
        QVERIFY(token(*m_simA) != token(*m_simB));
        QVERIFY2(!dropletIds(*m_simA).intersects(dropletIds(*m_simB)), "the simulators must list different ids");

        m_network = std::make_unique<QNetworkAccessManager>();
        m_secrets = std::make_unique<models::SecretStore>();
        m_console = std::make_unique<Console>(m_network.get(), m_secrets.get());
        QVERIFY2(m_console->accounts->filePath().startsWith(m_root), qPrintable(m_console->accounts->filePath()));
        QVERIFY(m_console->accounts->load());
        QVERIFY(QTest::qWaitForWindowExposed(window()));
    }

    void cleanupTestCase()
    {
        m_console.reset();
        m_secrets.reset();
        m_network.reset();
        m_simA.reset();
        m_simB.reset();
    }

    void demoAccountsCannotBeChanged()
    {
        drivers::AccountEndpoint endpoint;
        endpoint.accountId = QStringLiteral("demo-1");
        endpoint.accountName = QStringLiteral("Demo");
        endpoint.baseUrl = QUrl(url(*m_simA));
        endpoint.token = token(*m_simA);
        models::AccountInfo info;
        info.id = endpoint.accountId;
        info.name = endpoint.accountName;
        info.provider = QStringLiteral("digitalocean");
        window()->addDemoSession(
            models::AccountSession::create(info, endpoint, m_network.get(), m_console->inventory.get(), window()));
        m_console->select(info.id);
        QCOMPARE(window()->currentAccountId(), info.id);
        for (Command command :
             {Command::EditAccount, Command::RenameAccount, Command::ToggleAccount, Command::RemoveAccount}) {
            QAction *a = window()->action(command);
            QVERIFY2(!a->isEnabled(), qPrintable(a->text()));
            QVERIFY2(a->toolTip().contains(QLatin1String("Demo accounts")), qPrintable(a->toolTip()));
        }
        // Triggered anyway (a shortcut, a script): nothing happens.
        window()->action(Command::RemoveAccount)->trigger();
        QVERIFY(!visibleChild<QMessageBox>(window()));
        // It stays for the rest of the run; it is in no settings file and no keychain.
        QVERIFY(!m_console->accounts->find(info.id));
    }

    void editMovesTheAccountToAnotherEndpoint()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const QString id = addThroughDialog(QStringLiteral("Editable"), *m_simA);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_console->machineIds(id), dropletIds(*m_simA), kDeadlineMs);
        QCOMPARE(storedToken(id), std::optional(token(*m_simA).toUtf8()));

        m_console->select(id);
        QVERIFY(window()->action(Command::EditAccount)->isEnabled());
        window()->action(Command::EditAccount)->trigger();
        auto *dialog = visibleChild<views::AddAccountDialog>(window(), QStringLiteral("editAccount"));
        QVERIFY(dialog);
        QVERIFY(dialog->isEditing());
        QCOMPARE(field(dialog, QStringLiteral("&Name:"))->text(), QStringLiteral("Editable"));
        QCOMPARE(field(dialog, QStringLiteral("&Endpoint:"))->text(), url(*m_simA));
        QVERIFY(field(dialog, QStringLiteral("T&oken:"))->text().isEmpty()); // never shown back
        fill(dialog, QStringLiteral("Edited"), url(*m_simB), token(*m_simB));
        QTest::mouseClick(button(dialog, QStringLiteral("Save")), Qt::LeftButton);

        // The second simulator's droplets replace the first's, under the same account row.
        QTRY_COMPARE_WITH_TIMEOUT(m_console->machineIds(id), dropletIds(*m_simB), kDeadlineMs);
        QCOMPARE(m_console->model()->indexOfAccount(id).data().toString(), QStringLiteral("Edited"));
        QCOMPARE(m_console->accounts->find(id)->endpoint, QUrl(url(*m_simB)));
        QCOMPARE(storedToken(id), std::optional(token(*m_simB).toUtf8()));
        QVERIFY(filesHolding(m_root, token(*m_simB).toUtf8()).isEmpty());

        // An edit with an empty token keeps the stored one: back to the first endpoint fails
        // there (wrong token) rather than asking for a token.
        m_console->select(id);
        window()->action(Command::EditAccount)->trigger();
        dialog = visibleChild<views::AddAccountDialog>(window(), QStringLiteral("editAccount"));
        QVERIFY(dialog);
        QLineEdit *endpoint = field(dialog, QStringLiteral("&Endpoint:"));
        // Test connection with the token field empty runs with the stored token: it works against
        // the endpoint it belongs to, and fails against the other, before anything is saved.
        auto *result = dialog->findChild<QLabel *>(QStringLiteral("testResult"));
        QVERIFY(result);
        QTest::mouseClick(button(dialog, QStringLiteral("&Test connection")), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().startsWith(QLatin1String("Connected as")), qPrintable(result->text()),
                                  kDeadlineMs);
        endpoint->clear();
        QTest::keyClicks(endpoint, url(*m_simA));
        QTest::mouseClick(button(dialog, QStringLiteral("&Test connection")), Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().contains(QLatin1String("Unable to authenticate")),
                                  qPrintable(result->text()), kDeadlineMs);
        QCOMPARE(m_console->accounts->find(id)->endpoint, QUrl(url(*m_simB))); // a test saves nothing
        QVERIFY(field(dialog, QStringLiteral("T&oken:"))->text().isEmpty());   // nor shows the token
        QTest::mouseClick(button(dialog, QStringLiteral("Save")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_console->stateText(id).contains(QLatin1String("Unable to authenticate")),
                                 kDeadlineMs);
        QCOMPARE(storedToken(id), std::optional(token(*m_simB).toUtf8()));
        QVERIFY(!m_console->accounts->find(id)->needsToken);
    }

    void renameShowsOnTheRowAndInTheSettings()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const QString id = addThroughDialog(QStringLiteral("Before"), *m_simA);
        QTRY_VERIFY_WITH_TIMEOUT(m_console->accounts->find(id), kDeadlineMs);
        m_console->select(id);
        window()->action(Command::RenameAccount)->trigger();
        auto *input = visibleChild<QInputDialog>(window(), QStringLiteral("renameAccount"));
        QVERIFY(input);
        QVERIFY(input->labelText().contains(QLatin1String("Before")));
        QLineEdit *edit = input->findChild<QLineEdit *>();
        QVERIFY(edit);
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("After rename"));
        QTest::mouseClick(button(input, QStringLiteral("Rename")), Qt::LeftButton);

        QTRY_COMPARE(m_console->model()->indexOfAccount(id).data().toString(), QStringLiteral("After rename"));
        QCOMPARE(m_console->accounts->find(id)->name, QStringLiteral("After rename"));
        const QByteArray settings = readAll(m_console->accounts->filePath());
        QVERIFY(settings.contains("After rename"));
        QVERIFY(!settings.contains("\"Before\""));
        models::AccountStore reread;
        QVERIFY(reread.load());
        QCOMPARE(reread.find(id)->name, QStringLiteral("After rename"));
    }

    void disableStopsPollingAndEnableResumes()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const QString id = addThroughDialog(QStringLiteral("Poller"), *m_simB);
        QTRY_COMPARE_WITH_TIMEOUT(m_console->machineIds(id), dropletIds(*m_simB), kDeadlineMs);
        models::AccountSession *session = window()->session(id);
        QVERIFY(session);
        models::PollSchedule fast;
        fast.intervalMs = 50;
        session->setSchedule(fast);
        // Polling: the simulator keeps being asked.
        const auto polled = m_simB->requestCount();
        QTRY_VERIFY_WITH_TIMEOUT(m_simB->requestCount() >= polled + 3, kDeadlineMs);

        m_console->select(id);
        QCOMPARE(window()->action(Command::ToggleAccount)->text(), QStringLiteral("Disable account"));
        window()->action(Command::ToggleAccount)->trigger();
        QVERIFY(!session->isEnabled());
        QVERIFY(!m_console->accounts->find(id)->enabled);
        QCOMPARE(window()->accountNote(id), QStringLiteral("Disabled"));
        QVERIFY2(m_console->stateText(id).contains(QLatin1String("Disabled")), qPrintable(m_console->stateText(id)));
        QVERIFY(m_console->model()->indexOfAccount(id).data(Model::StaleRole).toBool()); // greyed
        QCOMPARE(m_console->machineIds(id), dropletIds(*m_simB));                        // the last machines stay
        QCOMPARE(window()->action(Command::ToggleAccount)->text(), QStringLiteral("Enable account"));
        QVERIFY(readAll(m_console->accounts->filePath()).contains("\"enabled\": false"));

        // A listing already sent may still land; after that, nothing more is asked.
        QTRY_VERIFY_WITH_TIMEOUT(!session->isListing(), kDeadlineMs);
        const auto stopped = m_simB->requestCount();
        QCOMPARE(session->nextPollInMs(), -1);
        window()->action(Command::Refresh)->trigger(); // refused while disabled
        QVERIFY(!session->isListing());
        // At a 50 ms interval a polling account would ask several times in this window.
        QVERIFY(!QTest::qWaitFor([&] { return m_simB->requestCount() > stopped; }, 1500));
        QCOMPARE(m_simB->requestCount(), stopped);

        window()->action(Command::ToggleAccount)->trigger();
        QVERIFY(session->isEnabled());
        QVERIFY(m_console->accounts->find(id)->enabled);
        QTRY_VERIFY_WITH_TIMEOUT(m_simB->requestCount() >= stopped + 3, kDeadlineMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_console->model()->indexOfAccount(id).data(Model::AccountStatusRole).toInt(),
                                  int(models::AccountStatus::Ok), kDeadlineMs);
        QVERIFY(window()->accountNote(id).isEmpty());
    }

    void removeAsksThenEverythingIsGone()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const QString id = addThroughDialog(QStringLiteral("Doomed"), *m_simA);
        QTRY_COMPARE_WITH_TIMEOUT(m_console->machineIds(id), dropletIds(*m_simA), kDeadlineMs);
        QCOMPARE(storedToken(id), std::optional(token(*m_simA).toUtf8()));

        // Cancel first: nothing changes.
        m_console->select(id);
        window()->action(Command::RemoveAccount)->trigger();
        QString asked;
        answer(QStringLiteral("confirmRemoveAccount"), QStringLiteral("Cancel"), &asked);
        QVERIFY2(asked.contains(QLatin1String("Doomed")), qPrintable(asked));
        QTRY_VERIFY(!visibleChild<QMessageBox>(window()));
        QVERIFY(m_console->accounts->find(id));
        QVERIFY(m_console->model()->indexOfAccount(id).isValid());

        m_console->select(id);
        window()->action(Command::RemoveAccount)->trigger();
        answer(QStringLiteral("confirmRemoveAccount"), QStringLiteral("Remove"));
        QTRY_VERIFY(!m_console->model()->indexOfAccount(id).isValid());
        QVERIFY(!window()->session(id));
        QVERIFY(!m_console->accounts->find(id));
        QVERIFY(!readAll(m_console->accounts->filePath()).contains(id.toUtf8()));
        QTRY_COMPARE_WITH_TIMEOUT(storedToken(id), std::optional(QByteArray()), kDeadlineMs);
    }

    void forgetAllSecretsEmptiesTheKeychain()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        QTRY_VERIFY_WITH_TIMEOUT(keychainItems() > 0, kDeadlineMs); // the accounts added above
        const QList<models::Account> accounts = m_console->accounts->accounts();
        QVERIFY(!accounts.isEmpty());

        window()->action(Command::ForgetSecrets)->trigger();
        answer(QStringLiteral("confirmForgetSecrets"), QStringLiteral("Forget all secrets"));
        QTRY_COMPARE_WITH_TIMEOUT(keychainItems(), 0, kDeadlineMs);
        for (const models::Account &account : accounts) {
            QVERIFY(m_console->accounts->find(account.id)); // the settings stay
            QVERIFY(m_console->accounts->find(account.id)->needsToken);
            QTRY_VERIFY2(m_console->stateText(account.id).contains(kNoToken),
                         qPrintable(m_console->stateText(account.id)));
            QCOMPARE(window()->accountNote(account.id), kNoToken);
        }
        // A fresh start agrees.
        Console next(m_network.get(), m_secrets.get());
        next.window->openStoredAccounts();
        for (const models::Account &account : accounts)
            QTRY_VERIFY(next.stateText(account.id).contains(kNoToken));
    }

    void exportThenImportInAFreshConfig()
    {
        if (m_mode != u"unlocked")
            QSKIP("unlocked keyring only");
        const QList<models::Account> accounts = m_console->accounts->accounts();
        QVERIFY(!accounts.isEmpty());
        const QString exported = QDir::home().filePath(QStringLiteral("nephele-accounts.json"));
        window()->exportAccountsTo(exported);
        QVERIFY2(QFile::exists(exported), qPrintable(labelHolding(window(), QStringLiteral("not exported"))));
        const QByteArray bytes = readAll(exported);
        for (const auto *sim : {m_simA.get(), m_simB.get()})
            QVERIFY(!bytes.contains(token(*sim).toUtf8()));
        QVERIFY(bytes.contains("\"schema\": 2"));

        Console fresh(m_network.get(), m_secrets.get(), m_root + QStringLiteral("/fresh-config"));
        QVERIFY(fresh.accounts->load());
        QVERIFY(fresh.accounts->accounts().isEmpty());
        fresh.window->importAccountsFrom(exported);
        QCOMPARE(fresh.accounts->accounts().size(), accounts.size());
        for (models::Account account : accounts) {
            account.needsToken = true; // tokens do not travel
            QCOMPARE(*fresh.accounts->find(account.id), account);
            QTRY_VERIFY(fresh.stateText(account.id).contains(kNoToken));
        }
        // Again: every id exists, so each is skipped and said so.
        fresh.window->importAccountsFrom(exported);
        QCOMPARE(fresh.accounts->accounts().size(), accounts.size());
        QVERIFY(!labelHolding(fresh.window.get(), QStringLiteral("already present")).isEmpty());

        // A broken file: the notice says where.
        const QString broken = QDir::home().filePath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"schema\": 1, \"accounts\": [");
        file.close();
        fresh.window->importAccountsFrom(broken);
        const QString notice = labelHolding(fresh.window.get(), QStringLiteral("was not imported"));
        QVERIFY2(notice.contains(QLatin1String("byte offset")), qPrintable(notice));
    }

    void withoutKeychainTheTokenCanStayForTheSession()
    {
        if (m_mode != u"none")
            QSKIP("no keyring only");
        const int filesBefore = fileCount(m_root);
        // Declined: nothing is kept.
        QString id = addThroughDialog(QStringLiteral("Declined"), *m_simA);
        QString offer;
        answer(QStringLiteral("sessionOnlyOffer"), QStringLiteral("Cancel"), &offer);
        QVERIFY2(offer.contains(QLatin1String("No keychain is available")), qPrintable(offer));
        QVERIFY(!m_console->accounts->find(id));
        QVERIFY(!window()->session(id));
        QCOMPARE(fileCount(m_root), filesBefore);

        // Accepted: the account works for this session.
        id = addThroughDialog(QStringLiteral("Session only"), *m_simA);
        answer(QStringLiteral("sessionOnlyOffer"), QStringLiteral("Keep the token for this session only"));
        QTRY_COMPARE_WITH_TIMEOUT(m_console->machineIds(id), dropletIds(*m_simA), kDeadlineMs);
        QVERIFY(window()->accountNote(id).isEmpty());
        const models::Account *saved = m_console->accounts->find(id);
        QVERIFY(saved);
        QVERIFY(saved->needsToken);
        const QByteArray settings = readAll(m_console->accounts->filePath());
        QVERIFY(settings.contains(id.toUtf8()));
        QVERIFY(settings.contains("\"needsToken\": true"));
        // The settings were written; the token reached no file under the harness's root.
        QVERIFY(fileCount(m_root) > filesBefore);
        QCOMPARE(filesHolding(m_root, token(*m_simA).toUtf8()), QStringList());

        // A second token for it, by Edit: still no keychain, kept for the session again.
        m_console->select(id);
        window()->action(Command::EditAccount)->trigger();
        auto *dialog = visibleChild<views::AddAccountDialog>(window(), QStringLiteral("editAccount"));
        QVERIFY(dialog);
        fill(dialog, QStringLiteral("Session only"), url(*m_simB), token(*m_simB));
        QTest::mouseClick(button(dialog, QStringLiteral("Save")), Qt::LeftButton);
        answer(QStringLiteral("sessionOnlyOffer"), QStringLiteral("Keep the token for this session only"));
        QTRY_COMPARE_WITH_TIMEOUT(m_console->machineIds(id), dropletIds(*m_simB), kDeadlineMs);
        for (const auto *sim : {m_simA.get(), m_simB.get()})
            QCOMPARE(filesHolding(m_root, token(*sim).toUtf8()), QStringList());

        // The next start: the account is there, asking for its token.
        Console next(m_network.get(), m_secrets.get());
        next.window->openStoredAccounts();
        QTRY_VERIFY2(next.stateText(id).contains(kNoToken), qPrintable(next.stateText(id)));
        QCOMPARE(next.window->accountNote(id), kNoToken);
        QVERIFY(next.machineIds(id).isEmpty());
    }
};

QTEST_MAIN(TestManageAccounts)
#include "tst_manageaccounts.moc"
