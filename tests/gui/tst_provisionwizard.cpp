// The provisioning wizard end to end, offscreen, in the real window against the DigitalOcean
// simulator, under a policy: a disallowed size cannot be chosen and says why; field constraints
// hide fields; a quota blocks creation with the figures; a valid request creates droplets that
// appear in the tree with the security and lease tags; the audit trail has an entry for each
// creation and action; the lease watcher acts when a lease ends; the policy editor shows errors
// by line. Screenshots of each page go to $NEPHELE_SCREENSHOTS when it is set.

#include "audit/auditlog.h"
#include "audit/audittablemodel.h"
#include "auditview.h"
#include "inventory/inventorystore.h"
#include "mainwindow.h"
#include "policyeditor.h"
#include "provisioning/currentpolicy.h"
#include "provisioning/leasetags.h"
#include "provisioning/leasewatcher.h"
#include "provisionwizard.h"
#include "sim/digitaloceansim.h"
#include "sync/accountsession.h"
#include "tree/inventorytreemodel.h"
#include "windowtestsupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

#include <cmath>

using namespace nephele;
using Command = views::MainWindow::Command;
using Wizard = views::ProvisionWizard;

namespace {

constexpr int kDeadlineMs = 30'000;
const QString kAccount = QStringLiteral("do-dev");
const QString kUser = QStringLiteral("ann@acme.example");

QByteArray policyJson(int quota)
{
    return QByteArray(R"({"teams": [
      {"name": "Owners", "members": ["root@acme.example"], "policy": {"operator": "ALLOW", "rules": []}},
      {"name": "Web", "members": ["ann@acme.example"], "policy": {"operator": "DENY", "rules": [
        {"operator": "ALLOW", "action": "create_resources", "rtype": "cloud", "rid": "do-dev"},
        {"operator": "ALLOW", "action": "create_resources", "rtype": "location"},
        {"operator": "DENY", "action": "destroy", "rtype": "machine", "rtags": {"env": "prod"}},
        {"operator": "ALLOW", "action": "create", "rtype": "machine", "rtags": {"team": "web"},
         "constraints": {
           "cost": {"max_team_run_rate": QUOTA},
           "expiration": {"max": "30d", "default": "7d",
                          "actions": {"available": ["destroy", "stop"], "default": "destroy"},
                          "notify": {"default": "1d", "require": true, "msg": "Ask #infra for more time."}},
           "size": {"not_allowed": ["optimized"]},
           "field": [{"cloud": "ALL", "name": "monitoring", "value": true, "show": false},
                     {"cloud": "do-dev", "name": "ipv6", "show": false}]
         }},
        {"operator": "ALLOW", "action": "", "rtype": "machine", "rtags": {"team": "web"}}
      ]}}
    ]})")
        .replace("QUOTA", QByteArray::number(quota));
}

QString tagsText(const drivers::Machine &m)
{
    QStringList texts;
    for (const drivers::Tag &t : m.tags)
        texts << t.text();
    return texts.join(u' ');
}

bool hasTag(const drivers::Machine &m, const QString &key, const QString &value = {})
{
    return std::any_of(m.tags.cbegin(), m.tags.cend(),
                       [&](const drivers::Tag &t) { return t.key == key && (value.isEmpty() || t.value == value); });
}

} // namespace

class TestProvisionWizard final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<sim::DigitalOceanSim> m_sim;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<models::InventoryStore> m_inventory;
    std::unique_ptr<models::provisioning::CurrentPolicy> m_policy;
    std::unique_ptr<models::audit::AuditLog> m_audit;
    std::unique_ptr<views::MainWindow> m_window;
    QPointer<Wizard> m_wizard;
    double m_teamRate = 0;
    int m_quota = 0;
    QStringList m_created;

    void shoot(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("NEPHELE_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QVERIFY(widget->grab().save(dir + u'/' + name + QStringLiteral(".png")));
    }

    template<typename T>
    T *on(int pageId, const QString &name) const
    {
        return m_wizard->page(pageId)->findChild<T *>(name);
    }

    QList<models::audit::AuditEntry> audit(const models::audit::AuditFilter &filter = {})
    {
        m_audit->flush();
        auto future = m_audit->query(filter);
        future.waitForFinished();
        return future.result();
    }

    // Next, the way a keyboard user does it: Return, from wherever the focus is on the page (the
    // lists pass it on to the dialog's default button).
    void next(int expectedId)
    {
        QAbstractButton *next =
            m_wizard->button(m_wizard->currentPage()->isCommitPage() ? QWizard::CommitButton : QWizard::NextButton);
        QVERIFY2(next->isEnabled(),
                 qPrintable(QStringLiteral("Next is disabled on page %1").arg(m_wizard->currentId())));
        QWidget *focus = QApplication::focusWidget();
        QVERIFY(focus && focus->window() == m_wizard);
        QTest::keyClick(focus, Qt::Key_Return);
        QCOMPARE(m_wizard->currentId(), expectedId);
    }

    drivers::Machine machine(const QString &id) const
    {
        const auto slot = m_inventory->find(kAccount, id);
        return slot ? m_inventory->machine(*slot) : drivers::Machine();
    }

    void selectInTree(const QString &machineId)
    {
        const QModelIndex index = m_window->model()->indexOfMachine(kAccount, machineId);
        QVERIFY(index.isValid());
        m_window->tree()->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                       QItemSelectionModel::Rows);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        sim::DigitalOceanSimOptions options;
        options.seed = 11;
        options.droplets = 40;
        options.timeScale = 0.02;
        m_sim = std::make_unique<sim::DigitalOceanSim>(options);
        std::string why;
        QVERIFY2(m_sim->start(&why), why.c_str());

        m_network = std::make_unique<QNetworkAccessManager>();
        m_inventory = std::make_unique<models::InventoryStore>();
        m_policy = std::make_unique<models::provisioning::CurrentPolicy>();
        m_audit = std::make_unique<models::audit::AuditLog>();
        m_audit->open(m_dir.filePath(QStringLiteral("audit.sqlite")));
        views::MainWindowServices services;
        services.inventory = m_inventory.get();
        services.network = m_network.get();
        m_window = std::make_unique<views::MainWindow>(services);

        models::AccountInfo info;
        info.id = kAccount;
        info.name = QStringLiteral("Dev");
        info.provider = QStringLiteral("digitalocean");
        drivers::AccountEndpoint endpoint;
        endpoint.accountId = kAccount;
        endpoint.accountName = info.name;
        endpoint.baseUrl = QUrl(QString::fromStdString(m_sim->url()));
        endpoint.token = QString::fromStdString(m_sim->token());
        endpoint.actionPollIntervalMs = 100;
        endpoint.retry.baseDelayMs = 100;
        auto *session =
            models::AccountSession::create(info, endpoint, m_network.get(), m_inventory.get(), m_window.get());
        session->setSchedule({.intervalMs = 60'000,
                              .burstIntervalMs = 300,
                              .burstDurationMs = 15'000,
                              .backoffBaseMs = 60'000,
                              .backoffMaxMs = 60'000});
        m_window->addSession(session);
        session->start();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_inventory->machineCount(kAccount), qsizetype(m_sim->dropletCount()), kDeadlineMs);

        // The team's run rate now, as the figures should show it: its machines carry team:web.
        for (const auto slot : m_inventory->machinesOf(kAccount)) {
            const drivers::Machine m = m_inventory->machine(slot);
            if (hasTag(m, QStringLiteral("team"), QStringLiteral("web")))
                m_teamRate += m.priceMonthly.value_or(0);
        }
        QVERIFY(m_teamRate > 0);
        // Room for two $6 machines, not for two $24 ones.
        m_quota = int(std::ceil(m_teamRate)) + 30;
        QVERIFY(m_policy->apply(policyJson(m_quota), QStringLiteral("web.json")));
        m_policy->setUser({kUser, {}});
        views::GovernanceServices governance;
        governance.policy = m_policy.get();
        governance.audit = m_audit.get();
        m_window->setGovernance(governance);
        QVERIFY(m_window->leaseWatcher());
        m_window->leaseWatcher()->stop(); // the test runs its passes with its own clock
        shoot(m_window.get(), QStringLiteral("00-console"));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_audit.reset();
        m_policy.reset();
        m_inventory.reset();
        m_network.reset();
        m_sim.reset();
    }

    void wizardOpensOnTheAccount()
    {
        QVERIFY(m_window->action(Command::CreateMachine)->isEnabled());
        m_window->action(Command::CreateMachine)->trigger();
        QTRY_VERIFY((m_wizard = m_window->findChild<Wizard *>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(m_wizard));
        // Keyboard input (mnemonics, focus) goes to the active window.
        QApplication::setActiveWindow(m_wizard);
        QVERIFY(QTest::qWaitForWindowActive(m_wizard));
        QTRY_VERIFY_WITH_TIMEOUT(m_wizard->isCatalogLoaded(), kDeadlineMs);
        QCOMPARE(m_wizard->currentId(), int(Wizard::AccountPageId));
        QCOMPARE(m_wizard->request().accountId, kAccount);
        auto *accounts = on<QListWidget>(Wizard::AccountPageId, QStringLiteral("accountList"));
        QVERIFY(accounts);
        QCOMPARE(accounts->currentItem()->text(), QStringLiteral("Dev — DigitalOcean"));
        QVERIFY(on<QLabel>(Wizard::AccountPageId, QStringLiteral("catalogStatus"))
                    ->text()
                    .contains(QStringLiteral("SSH keys")));
        shoot(m_wizard, QStringLiteral("01-account"));
        next(Wizard::LocationPageId);

        auto *locations = on<QListWidget>(Wizard::LocationPageId, QStringLiteral("locationList"));
        QVERIFY(locations->hasFocus());
        // Closed regions are greyed and say so; pick New York 3 with the keyboard.
        bool sawClosed = false;
        for (int i = 0; i < locations->count(); ++i) {
            QListWidgetItem *item = locations->item(i);
            if (item->text().contains(QStringLiteral("does not take new machines"))) {
                sawClosed = true;
                QVERIFY(!(item->flags() & Qt::ItemIsEnabled));
            }
        }
        QVERIFY(sawClosed);
        QTest::keyClick(locations, Qt::Key_Home);
        for (int i = 0; i < locations->count() && m_wizard->request().location != u"nyc3"; ++i)
            QTest::keyClick(locations, Qt::Key_Down);
        QCOMPARE(m_wizard->request().location, QStringLiteral("nyc3"));
        shoot(m_wizard, QStringLiteral("02-location"));
        next(Wizard::ImagePageId);

        auto *filter = on<QLineEdit>(Wizard::ImagePageId, QStringLiteral("imageFilter"));
        auto *images = on<QListWidget>(Wizard::ImagePageId, QStringLiteral("imageList"));
        QTest::keyClicks(filter, QStringLiteral("22.04"));
        QVERIFY(images->count() >= 1);
        images->setFocus();
        QTest::keyClick(images, Qt::Key_Home);
        QCOMPARE(m_wizard->request().imageId, images->item(0)->data(Qt::UserRole + 1).toString());
        QVERIFY(m_wizard->context().image(m_wizard->request().imageId)->name.contains(QStringLiteral("22.04")));
        shoot(m_wizard, QStringLiteral("03-image"));
        next(Wizard::SizePageId);
    }

    void disallowedSizeCannotBeChosenAndSaysWhy()
    {
        QCOMPARE(m_wizard->currentId(), int(Wizard::SizePageId));
        auto *sizes = on<QTreeWidget>(Wizard::SizePageId, QStringLiteral("sizeList"));
        QVERIFY(sizes);
        QTreeWidgetItem *optimized = nullptr;
        QTreeWidgetItem *small = nullptr;
        for (int i = 0; i < sizes->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = sizes->topLevelItem(i);
            const QString id = item->data(0, Qt::UserRole + 1).toString();
            if (id == u"c-2")
                optimized = item;
            if (id == u"s-1vcpu-1gb")
                small = item;
        }
        QVERIFY(optimized && small);
        // Greyed, with the policy's reason in its row and its tooltip.
        const QString reason = QStringLiteral("Size c-2 is not allowed by the policy (it matches \"optimized\")");
        QVERIFY(!(optimized->flags() & Qt::ItemIsEnabled));
        QCOMPARE(optimized->text(5), reason);
        QCOMPARE(optimized->toolTip(0), reason);
        QCOMPARE(small->text(5), QStringLiteral("Allowed"));

        // The cheapest allowed size is proposed; a click on the greyed row changes nothing.
        QCOMPARE(m_wizard->request().sizeId, QStringLiteral("s-1vcpu-512mb-10gb"));
        sizes->scrollToItem(optimized);
        QTest::mouseClick(sizes->viewport(), Qt::LeftButton, {}, sizes->visualItemRect(optimized).center());
        QCOMPARE(m_wizard->request().sizeId, QStringLiteral("s-1vcpu-512mb-10gb"));
        // Nor does walking the whole list with the keyboard ever land on it.
        sizes->setFocus();
        QTest::keyClick(sizes, Qt::Key_Home);
        for (int i = 0; i < sizes->topLevelItemCount(); ++i) {
            QTest::keyClick(sizes, Qt::Key_Down);
            QVERIFY(m_wizard->request().sizeId != u"c-2");
            QVERIFY(sizes->currentItem() != optimized);
        }
        shoot(m_wizard, QStringLiteral("04-size"));
        // Two $24 machines: the quota will say no at the review.
        for (int i = 0; i < sizes->topLevelItemCount(); ++i) {
            if (sizes->topLevelItem(i)->data(0, Qt::UserRole + 1).toString() == u"s-2vcpu-4gb")
                sizes->setCurrentItem(sizes->topLevelItem(i));
        }
        QCOMPARE(m_wizard->request().sizeId, QStringLiteral("s-2vcpu-4gb"));
        next(Wizard::AccessPageId);
    }

    void accessAndFieldConstraintHidesTheField()
    {
        auto *keys = on<QListWidget>(Wizard::AccessPageId, QStringLiteral("keyList"));
        QVERIFY(keys->count() >= 1);
        QVERIFY(keys->hasFocus());
        QTest::keyClick(keys, Qt::Key_Space); // ticks the current key
        QCOMPARE(m_wizard->request().keyIds.size(), 1);
        QCOMPARE(on<QLineEdit>(Wizard::AccessPageId, QStringLiteral("loginUser"))->text(), QStringLiteral("root"));
        shoot(m_wizard, QStringLiteral("05-access"));
        next(Wizard::NetworkPageId);

        QWizardPage *page = m_wizard->page(Wizard::NetworkPageId);
        auto *monitoring = on<QCheckBox>(Wizard::NetworkPageId, QStringLiteral("monitoring"));
        auto *ipv6 = on<QCheckBox>(Wizard::NetworkPageId, QStringLiteral("ipv6"));
        auto *backups = on<QCheckBox>(Wizard::NetworkPageId, QStringLiteral("backups"));
        // monitoring: hidden and set to true; ipv6: hidden on do-dev; backups: not governed.
        QVERIFY(!monitoring->isVisibleTo(page));
        QVERIFY(!ipv6->isVisibleTo(page));
        QVERIFY(backups->isVisibleTo(page));
        QVERIFY(m_wizard->request().monitoring);
        QVERIFY(!m_wizard->request().ipv6);
        auto *note = on<QLabel>(Wizard::NetworkPageId, QStringLiteral("networkNote"));
        QVERIFY(note->isVisibleTo(page));
        QCOMPARE(note->text(), QStringLiteral("The policy sets: IPv6 off, monitoring on."));
        shoot(m_wizard, QStringLiteral("06-network"));
        next(Wizard::DetailsPageId);
    }

    void detailsShowSecurityTagsAndTheLease()
    {
        auto *name = on<QLineEdit>(Wizard::DetailsPageId, QStringLiteral("name"));
        QVERIFY(name->hasFocus());
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("wiz"));
        QCOMPARE(m_wizard->request().name, QStringLiteral("wiz"));
        auto *quantity = on<QSpinBox>(Wizard::DetailsPageId, QStringLiteral("quantity"));
        QTest::keyClick(name, Qt::Key_Tab);
        QVERIFY(quantity->hasFocus());
        QTest::keyClick(quantity, Qt::Key_Up);
        QCOMPARE(m_wizard->request().quantity, 2);

        // The policy's security tag is shown, locked.
        auto *tags = on<QTableWidget>(Wizard::DetailsPageId, QStringLiteral("tagTable"));
        QCOMPARE(tags->rowCount(), 1);
        QVERIFY(tags->item(0, 0)->text().endsWith(QStringLiteral("team")));
        QCOMPARE(tags->item(0, 1)->text(), QStringLiteral("web"));
        QVERIFY(!(tags->item(0, 0)->flags() & Qt::ItemIsEditable));
        // A tag of the user's own.
        testsupport::button(m_wizard->page(Wizard::DetailsPageId), QStringLiteral("&Add tag"))->click();
        QCOMPARE(tags->rowCount(), 2);
        tags->item(1, 0)->setText(QStringLiteral("app"));
        tags->item(1, 1)->setText(QStringLiteral("wizard-test"));
        QCOMPARE(m_wizard->request().tags.size(), 1);

        // The lease: required (greyed), seven days by default, destroy, one day's notice.
        auto *expires = on<QCheckBox>(Wizard::DetailsPageId, QStringLiteral("expires"));
        QVERIFY(expires->isChecked());
        QVERIFY(!expires->isEnabled());
        const QDateTime at = m_wizard->request().expiration.at;
        QVERIFY(std::abs(at.secsTo(QDateTime::currentDateTimeUtc().addDays(7))) < 600);
        QCOMPARE(m_wizard->request().expiration.action, QStringLiteral("destroy"));
        QCOMPARE(m_wizard->request().expiration.notifyBefore->text(), QStringLiteral("1d"));
        auto *action = on<QComboBox>(Wizard::DetailsPageId, QStringLiteral("expiresAction"));
        QCOMPARE(action->count(), 2);
        QVERIFY(on<QLabel>(Wizard::DetailsPageId, QStringLiteral("leaseNote"))
                    ->text()
                    .contains(QStringLiteral("Ask #infra for more time.")));
        shoot(m_wizard, QStringLiteral("07-details"));
        name->setFocus(); // Return in the tag table commits the cell; in the name field it means Next
        next(Wizard::ReviewPageId);
    }

    void quotaBlocksCreationWithTheFigures()
    {
        auto *cost = on<QLabel>(Wizard::ReviewPageId, QStringLiteral("reviewCost"));
        const QString expected = QStringLiteral("Run rate %1 + $48 would exceed your team's $%2 quota")
                                     .arg(models::provisioning::formatMoney(m_teamRate))
                                     .arg(m_quota);
        QVERIFY2(cost->text().contains(expected), qPrintable(cost->text() + QStringLiteral("\nexpected: ") + expected));
        QVERIFY(cost->text().contains(QStringLiteral("$48 a month")));
        QVERIFY(!m_wizard->page(Wizard::ReviewPageId)->isComplete());
        QVERIFY(!m_wizard->button(QWizard::CommitButton)->isEnabled());
        QCOMPARE(m_wizard->button(QWizard::CommitButton)->text(), QStringLiteral("&Create"));
        shoot(m_wizard, QStringLiteral("08-review-over-quota"));
        // Nothing was sent.
        QCOMPARE(m_sim->dropletCount(), std::size_t(40));
    }

    void validRequestCreatesDropletsInTheTree()
    {
        // Back to the size page for the $6 size: two of them fit.
        m_wizard->back();
        m_wizard->back();
        m_wizard->back();
        m_wizard->back();
        QCOMPARE(m_wizard->currentId(), int(Wizard::SizePageId));
        auto *sizes = on<QTreeWidget>(Wizard::SizePageId, QStringLiteral("sizeList"));
        for (int i = 0; i < sizes->topLevelItemCount(); ++i) {
            if (sizes->topLevelItem(i)->data(0, Qt::UserRole + 1).toString() == u"s-1vcpu-1gb")
                sizes->setCurrentItem(sizes->topLevelItem(i));
        }
        QCOMPARE(m_wizard->request().sizeId, QStringLiteral("s-1vcpu-1gb"));
        next(Wizard::AccessPageId);
        next(Wizard::NetworkPageId);
        next(Wizard::DetailsPageId);
        QCOMPARE(m_wizard->request().quantity, 2); // kept
        next(Wizard::ReviewPageId);
        auto *cost = on<QLabel>(Wizard::ReviewPageId, QStringLiteral("reviewCost"));
        const QString within = QStringLiteral("Run rate %1 + $12 is within your team's $%2 quota")
                                   .arg(models::provisioning::formatMoney(m_teamRate))
                                   .arg(m_quota);
        QVERIFY2(cost->text().contains(within), qPrintable(cost->text()));
        const QString summary = on<QLabel>(Wizard::ReviewPageId, QStringLiteral("reviewSummary"))->text();
        QVERIFY(summary.contains(QStringLiteral("wiz-1, wiz-2")));
        QVERIFY(summary.contains(QStringLiteral("team:web")));
        QVERIFY(summary.contains(QStringLiteral("expires-action:destroy")));
        QVERIFY(m_wizard->button(QWizard::CommitButton)->isEnabled());
        shoot(m_wizard, QStringLiteral("09-review"));

        next(Wizard::CreatePageId); // Return on the review: Create
        QVERIFY(m_wizard->provisioner());
        auto *rows = on<QTreeWidget>(Wizard::CreatePageId, QStringLiteral("createList"));
        QCOMPARE(rows->topLevelItemCount(), 2);
        shoot(m_wizard, QStringLiteral("10-creating"));
        QTRY_VERIFY_WITH_TIMEOUT(m_wizard->provisioner()->isFinished(), kDeadlineMs);
        QCOMPARE(m_wizard->provisioner()->succeeded(), 2);
        for (int i = 0; i < 2; ++i)
            QVERIFY2(rows->topLevelItem(i)->text(2).startsWith(QStringLiteral("✓ Created")),
                     qPrintable(rows->topLevelItem(i)->text(2)));
        QVERIFY(m_wizard->button(QWizard::FinishButton)->isEnabled());
        shoot(m_wizard, QStringLiteral("11-created"));
        for (const auto &m : m_wizard->provisioner()->machines())
            m_created << m.machineId;
        QCOMPARE(m_sim->dropletCount(), std::size_t(42));

        // They appear in the tree, with the security, lease and owner tags, and monitoring on.
        for (const QString &id : std::as_const(m_created)) {
            QTRY_VERIFY_WITH_TIMEOUT(m_window->model()->indexOfMachine(kAccount, id).isValid(), kDeadlineMs);
            const drivers::Machine m = machine(id);
            QVERIFY2(hasTag(m, QStringLiteral("team"), QStringLiteral("web")), qPrintable(tagsText(m)));
            QVERIFY2(hasTag(m, QStringLiteral("expires")), qPrintable(tagsText(m)));
            QVERIFY(hasTag(m, QStringLiteral("expires-action"), QStringLiteral("destroy")));
            QVERIFY(hasTag(m, QStringLiteral("expires-notify"), QStringLiteral("1d")));
            QVERIFY(hasTag(m, QStringLiteral("owner"), QStringLiteral("ann_acme_example")));
            QVERIFY(hasTag(m, QStringLiteral("app"), QStringLiteral("wizard-test")));
            QVERIFY(m.name == u"wiz-1" || m.name == u"wiz-2");
            QCOMPARE(m.sizeId, QStringLiteral("s-1vcpu-1gb"));
            QCOMPARE(m.location, QStringLiteral("nyc3"));
            QVERIFY(m.features.contains(QStringLiteral("monitoring")));
            QVERIFY(!m.features.contains(QStringLiteral("ipv6")));
            const QModelIndex row =
                m_window->model()->indexOfMachine(kAccount, id, models::InventoryTreeModel::ExpirationColumn);
            QVERIFY2(!row.data().toString().isEmpty(), "the tree's expiration column shows the lease");
        }
        m_wizard->button(QWizard::FinishButton)->click();
        QTRY_VERIFY(!m_wizard);
        shoot(m_window.get(), QStringLiteral("12-console-after"));
    }

    void auditHasAnEntryForEach()
    {
        models::audit::AuditFilter creates;
        creates.action = QStringLiteral("create");
        QTRY_COMPARE(audit(creates).size(), 2);
        QStringList ids;
        for (const auto &e : audit(creates)) {
            QCOMPARE(e.outcome, models::audit::Outcome::Succeeded);
            QCOMPARE(e.actor, kUser);
            QCOMPARE(e.accountName, QStringLiteral("Dev"));
            QVERIFY(e.request.contains(QStringLiteral("\"size\":\"s-1vcpu-1gb\"")));
            ids << e.targetId;
        }
        ids.sort();
        QStringList created = m_created;
        created.sort();
        QCOMPARE(ids, created);

        // A destroy the policy denies: said with the rule, recorded, nothing sent, nothing asked.
        QString prodId;
        for (const auto slot : m_inventory->machinesOf(kAccount)) {
            const drivers::Machine m = m_inventory->machine(slot);
            if (hasTag(m, QStringLiteral("env"), QStringLiteral("prod"))) {
                prodId = m.id;
                break;
            }
        }
        QVERIFY(!prodId.isEmpty());
        selectInTree(prodId);
        m_window->action(Command::Destroy)->trigger();
        QMessageBox *denied = nullptr;
        QTRY_VERIFY((denied = m_window->findChild<QMessageBox *>(QStringLiteral("policyDenied"))) != nullptr);
        QVERIFY2(denied->text().contains(
                     QStringLiteral("Denied by rule 3 of team Web: destroy on machines tagged env=prod")),
                 qPrintable(denied->text()));
        QVERIFY(!m_window->findChild<QMessageBox *>(QStringLiteral("confirmDestroy")));
        shoot(denied, QStringLiteral("13-denied"));
        denied->button(QMessageBox::Ok)->click();
        QVERIFY(m_sim->dropletStatus(prodId.toLongLong()).has_value());
        models::audit::AuditFilter deniedFilter;
        deniedFilter.outcome = models::audit::Outcome::Denied;
        QTRY_COMPARE(audit(deniedFilter).size(), 1);
        QCOMPARE(audit(deniedFilter).first().targetId, prodId);

        // A stop the policy allows (the machine is the team's): sent, recorded with its outcome.
        selectInTree(m_created.first());
        m_window->action(Command::Stop)->trigger();
        models::audit::AuditFilter stops;
        stops.action = QStringLiteral("stop");
        QTRY_COMPARE(audit(stops).size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(audit(stops).first().outcome, models::audit::Outcome::Succeeded, kDeadlineMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_sim->dropletStatus(m_created.first().toLongLong()).value_or(std::string()),
                                  std::string("off"), kDeadlineMs);

        // The audit view shows them, filters them and exports what it shows.
        m_window->action(Command::AuditLog)->trigger();
        views::AuditView *view = nullptr;
        QTRY_VERIFY((view = m_window->findChild<views::AuditView *>()) != nullptr);
        QTRY_COMPARE(view->model()->rowCount(), 4);
        shoot(view, QStringLiteral("14-audit"));
        QTRY_VERIFY(view->outcomeFilter()->findData(QStringLiteral("denied")) >= 0);
        view->outcomeFilter()->setCurrentIndex(view->outcomeFilter()->findData(QStringLiteral("denied")));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        const QString path = m_dir.filePath(QStringLiteral("denied.json"));
        QCOMPARE(view->exportTo(path, true), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray exported = QJsonDocument::fromJson(file.readAll()).array();
        QCOMPARE(exported.size(), 1);
        QCOMPARE(exported.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("destroy"));
        view->close();
    }

    void leaseWarnsThenDestroys()
    {
        models::provisioning::LeaseWatcher *leases = m_window->leaseWatcher();
        const auto lease = models::provisioning::leaseFromTags(machine(m_created.last()).tags);
        QVERIFY(lease);
        const QDateTime end = lease->expiresAt;
        QCOMPARE(lease->action, QStringLiteral("destroy"));
        // Six days and a half on: within the one day's notice. Offscreen there is no tray: a banner.
        leases->setClock([end] { return end.addSecs(-12 * 3600); });
        leases->check();
        QTRY_VERIFY(!testsupport::labelHolding(m_window.get(), QStringLiteral("Lease ending")).isEmpty());
        shoot(m_window.get(), QStringLiteral("15-lease-warning"));
        // A day later the leases have ended: both droplets destroyed, recorded as done by the lease.
        leases->setClock([end] { return end.addSecs(3600); });
        leases->check();
        for (const QString &id : std::as_const(m_created))
            QTRY_VERIFY_WITH_TIMEOUT(!m_sim->dropletStatus(id.toLongLong()).has_value(), kDeadlineMs);
        models::audit::AuditFilter byLease;
        byLease.actor = QStringLiteral("lease");
        QTRY_COMPARE(audit(byLease).size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(audit(byLease).first().outcome, models::audit::Outcome::Succeeded, kDeadlineMs);
        for (const QString &id : std::as_const(m_created))
            QTRY_VERIFY_WITH_TIMEOUT(!m_window->model()->indexOfMachine(kAccount, id).isValid(), kDeadlineMs);
    }

    void policyEditorShowsErrorsByLineAndKeepsThePolicy()
    {
        const auto before = m_policy->engine();
        m_window->action(Command::EditPolicy)->trigger();
        views::PolicyEditor *editor = nullptr;
        QTRY_VERIFY((editor = m_window->findChild<views::PolicyEditor *>()) != nullptr);
        QCOMPARE(editor->text().toUtf8(), policyJson(m_quota));
        QVERIFY(editor->issues().isEmpty());
        // The Owners team (line 2) gets an operator that does not exist.
        QString text = editor->text();
        text.replace(QStringLiteral("\"operator\": \"ALLOW\", \"rules\": []"),
                     QStringLiteral("\"operator\": \"SOMETIMES\", \"rules\": []"));
        editor->editor()->setPlainText(text);
        QVERIFY(!editor->checkNow());
        QVERIFY(!editor->issues().isEmpty());
        QListWidget *list = editor->issueList();
        QVERIFY(list->count() >= 1);
        QVERIFY2(list->item(0)->text().contains(QStringLiteral("line 2, column")), qPrintable(list->item(0)->text()));
        list->setFocus();
        list->setCurrentRow(0);
        QTest::keyClick(list, Qt::Key_Return);
        QTRY_VERIFY(editor->editor()->hasFocus());
        QCOMPARE(editor->editor()->textCursor().blockNumber(), editor->issues().first().line - 1);
        QVERIFY(!editor->applyText());
        QCOMPARE(m_policy->engine(), before); // still the one in force
        shoot(editor, QStringLiteral("16-policy-editor"));
        editor->close();
    }
};

QTEST_MAIN(TestProvisionWizard)
#include "tst_provisionwizard.moc"
