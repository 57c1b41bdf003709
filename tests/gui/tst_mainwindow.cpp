#include "demo/demo.h"
#include "detailspane.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"
#include "shelltab.h"
#include "sim/digitaloceansim.h"
#include "sim/faultspec.h"
#include "sync/accountsession.h"
#include "terminal/terminalwidget.h"
#include "tree/inventorytreemodel.h"

#include <QAction>
#include <QImage>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace nephele;
using Model = models::InventoryTreeModel;
using Command = views::MainWindow::Command;

namespace {
constexpr int kDeadlineMs = 30'000;
}

class TestMainWindow final : public QObject
{
    Q_OBJECT

    std::unique_ptr<app::Demo> m_demo;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::InventoryStore> m_inventory;
    std::unique_ptr<views::MainWindow> m_window;
    QTemporaryDir m_dir;

    Model *model() const { return m_window->model(); }

    QModelIndex findMachine(const QString &accountId, drivers::MachineState state) const
    {
        const QModelIndex account = model()->indexOfAccount(accountId);
        for (int l = 0; l < model()->rowCount(account); ++l) {
            const QModelIndex location = model()->index(l, 0, account);
            for (int m = 0; m < model()->rowCount(location); ++m) {
                const QModelIndex machine = model()->index(m, 0, location);
                if (machine.data(Model::MachineStateRole).toInt() == int(state))
                    return machine;
            }
        }
        return {};
    }

    int treeMachineCount(const QString &accountId) const
    {
        const QModelIndex account = model()->indexOfAccount(accountId);
        int count = 0;
        for (int l = 0; l < model()->rowCount(account); ++l)
            count += model()->rowCount(model()->index(l, 0, account));
        return count;
    }

    void select(const QModelIndex &index)
    {
        m_window->tree()->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                       QItemSelectionModel::Rows);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        app::DemoOptions options;
        options.timeScale = 0.02;
        options.kubernetesClusters = 0; // this test counts droplets; clusters have their own tests
        QString error;
        m_demo = app::Demo::start(options, &error);
        QVERIFY2(m_demo, qPrintable(error));
        m_network = std::make_unique<QNetworkAccessManager>();
        m_inventory = std::make_unique<models::InventoryStore>();
        views::MainWindowServices services;
        services.inventory = m_inventory.get();
        services.network = m_network.get();
        m_window = std::make_unique<views::MainWindow>(services);
        for (const app::DemoAccount &account : m_demo->accounts()) {
            models::AccountInfo info;
            info.id = account.endpoint.accountId;
            info.name = account.endpoint.accountName;
            info.provider = account.provider;
            auto *session = models::AccountSession::create(info, account.endpoint, m_network.get(), m_inventory.get(),
                                                           m_window.get());
            session->setSchedule({.intervalMs = 60'000,
                                  .burstIntervalMs = 300,
                                  .burstDurationMs = 15'000,
                                  .backoffBaseMs = 60'000,
                                  .backoffMaxMs = 60'000});
            m_window->addSession(session);
            session->start();
        }
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset(); // sessions before the network and the demo
        m_inventory.reset();
        m_network.reset();
        m_demo.reset();
    }

    void treeShowsTheSimulatedDroplets()
    {
        qsizetype total = 0;
        for (const app::DemoAccount &account : m_demo->accounts()) {
            const int expected = int(account.sim->dropletCount());
            QVERIFY(expected > 0);
            QTRY_COMPARE_WITH_TIMEOUT(treeMachineCount(account.endpoint.accountId), expected, kDeadlineMs);
            const QModelIndex row = model()->indexOfAccount(account.endpoint.accountId);
            QCOMPARE(row.data(Model::AccountStatusRole).toInt(), int(models::AccountStatus::Ok));
            QVERIFY(model()->index(row.row(), Model::StateColumn).data().toString().startsWith(QStringLiteral("OK")));
            total += expected;
        }
        QCOMPARE(model()->totalMachineCount(), total);
        QVERIFY(m_window->shownCountText().contains(QLocale().toString(qint64(total))));
    }

    void destroyAsksFirstNamingTheMachine()
    {
        const QString accountId = m_demo->accounts().first().endpoint.accountId;
        const QModelIndex machine = findMachine(accountId, drivers::MachineState::Running);
        QVERIFY(machine.isValid());
        const QString name = machine.data().toString();
        const QString id = machine.data(Model::MachineIdRole).toString();
        select(machine);
        QVERIFY(m_window->action(Command::Destroy)->isEnabled());
        m_window->action(Command::Destroy)->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY((box = m_window->findChild<QMessageBox *>(QStringLiteral("confirmDestroy"))) != nullptr);
        QVERIFY(box->text().contains(name));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("confirmDestroy")));
        QVERIFY(model()->indexOfMachine(accountId, id).isValid()); // nothing was sent
    }

    void stopChangesTheDropletState()
    {
        const app::DemoAccount &account = m_demo->accounts().first();
        const QString accountId = account.endpoint.accountId;
        const QModelIndex machine = findMachine(accountId, drivers::MachineState::Running);
        QVERIFY(machine.isValid());
        const QString id = machine.data(Model::MachineIdRole).toString();
        select(machine);
        QVERIFY(m_window->action(Command::Stop)->isEnabled());
        m_window->action(Command::Stop)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(model()->indexOfMachine(accountId, id).data(Model::MachineStateRole).toInt(),
                                  int(drivers::MachineState::Stopped), kDeadlineMs);
        QCOMPARE(account.sim->dropletStatus(id.toLongLong()).value_or(std::string()), std::string("off"));
        // The selection followed the machine through the refreshes.
        QCOMPARE(m_window->tree()->currentIndex().data(Model::MachineIdRole).toString(), id);
    }

    void serverErrorShowsOnTheAccountRowAndRetryRecovers()
    {
        const app::DemoAccount &account = m_demo->accounts().at(1);
        const QString accountId = account.endpoint.accountId;
        QTRY_VERIFY_WITH_TIMEOUT(treeMachineCount(accountId) > 0, kDeadlineMs);
        const int before = treeMachineCount(accountId);

        sim::FaultSpec faults;
        faults.serverErrorRate = 1.0;
        account.sim->setFaults(faults);
        const QModelIndex row = model()->indexOfAccount(accountId);
        select(row);
        m_window->action(Command::Refresh)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(model()->indexOfAccount(accountId).data(Model::AccountStatusRole).toInt(),
                                  int(models::AccountStatus::Error), kDeadlineMs);
        const QString state = model()->indexOfAccount(accountId, Model::StateColumn).data().toString();
        QVERIFY2(state.startsWith(QStringLiteral("Error")), qPrintable(state));
        QCOMPARE(treeMachineCount(accountId), before); // the last good machines stay
        QVERIFY(model()->indexOfAccount(accountId).data(Model::StaleRole).toBool());
        QTRY_VERIFY2(m_window->details()->shownText().contains(QStringLiteral("HTTP status: 50")),
                     qPrintable(m_window->details()->shownText()));

        account.sim->setFaults({});
        QPushButton *retry = nullptr;
        const auto buttons = m_window->details()->findChildren<QPushButton *>();
        for (QPushButton *button : buttons) {
            if (button->isVisible() && button->text().contains(QStringLiteral("Retry")))
                retry = button;
        }
        QVERIFY(retry);
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(model()->indexOfAccount(accountId).data(Model::AccountStatusRole).toInt(),
                                  int(models::AccountStatus::Ok), kDeadlineMs);
        QVERIFY(!model()->indexOfAccount(accountId).data(Model::StaleRole).toBool());
        QCOMPARE(treeMachineCount(accountId), int(account.sim->dropletCount()));
    }

    void searchNarrowsTheTree()
    {
        m_window->searchField()->setText(QStringLiteral("state:stopped"));
        QTRY_VERIFY(m_window->shownCountText().startsWith(QStringLiteral("shown")));
        QVERIFY(model()->shownMachineCount() < model()->totalMachineCount());
        QVERIFY(model()->shownMachineCount() >= 1);
        m_window->searchField()->clear();
        QTRY_COMPARE(model()->shownMachineCount(), model()->totalMachineCount());
    }

    void openShellOnAMachineGivesAWorkingTerminal()
    {
        // The demo serves every machine's SSH on loopback; "Open shell" on the selected droplet
        // opens a tab below the tree with a live shell in it.
        QVERIFY2(m_demo->ssh(), qPrintable(m_demo->sshProblem()));
        m_demo->applySshAccess(*m_window->machineAccess());
        const QString accountId = m_demo->accounts().first().endpoint.accountId;
        const QModelIndex machine = findMachine(accountId, drivers::MachineState::Running);
        QVERIFY(machine.isValid());
        select(machine);
        QVERIFY(m_window->action(Command::OpenShell)->isEnabled());
        QVERIFY(m_window->shells()->isHidden());
        m_window->action(Command::OpenShell)->trigger();
        QCOMPARE(m_window->shells()->count(), 1);
        QTRY_VERIFY(m_window->shells()->isVisible());
        views::ShellTab *tab = m_window->shells()->shellAt(0);
        QVERIFY(tab);
        views::TerminalWidget *terminal = tab->terminal();
        QTRY_VERIFY_WITH_TIMEOUT(!terminal->screenText().trimmed().isEmpty(), kDeadlineMs);
        QTest::keyClicks(terminal, QStringLiteral("echo hello-$((6*7))"));
        QTest::keyClick(terminal, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("hello-42")), kDeadlineMs);
        // NEPHELE_SCREENSHOT=FILE keeps a picture of the window with its shell, for a reviewer.
        if (const QString shot = qEnvironmentVariable("NEPHELE_SCREENSHOT"); !shot.isEmpty()) {
            QTest::keyClicks(terminal, QStringLiteral("ls --color=auto -la / | head -8"));
            QTest::keyClick(terminal, Qt::Key_Return);
            QTRY_VERIFY_WITH_TIMEOUT(terminal->screenText().contains(QStringLiteral("usr")), kDeadlineMs);
            QTRY_VERIFY(!terminal->isFramePending());
            QVERIFY(m_window->grab().save(shot));
        }
        QTest::keyClicks(terminal, QStringLiteral("exit"));
        QTest::keyClick(terminal, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->isAlive(), kDeadlineMs);
    }

    void windowGrabIsNotBlank()
    {
        const QModelIndex account = model()->index(0, 0);
        m_window->tree()->expand(account);
        const QModelIndex region = model()->index(0, 0, account);
        m_window->tree()->expand(region);
        select(model()->index(0, 0, region));
        QTest::qWait(50); // one paint
        const QString path = m_dir.filePath(QStringLiteral("mainwindow.png"));
        QVERIFY(m_window->grab().save(path));
        QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 600 && image.height() > 400);
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7) {
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 20, qPrintable(QStringLiteral("only %1 colours").arg(colours.size())));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
