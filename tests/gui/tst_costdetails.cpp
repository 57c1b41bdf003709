// The details pane's cost section offscreen (issue 7): each machine's figures with the source they
// come from and the notes that explain them; an account's and a location's cost as resolved by the
// cost model, one amount per currency (not the providers' raw prices, never one sum).

#include "cost/costformat.h"
#include "cost/costmodel.h"
#include "detailspane.h"
#include "inventory/inventorystore.h"
#include "tree/inventorytreemodel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QTest>

using namespace nephele;
using namespace nephele::models;
using drivers::Machine;
using drivers::Tag;
using Model = InventoryTreeModel;

namespace {

const QDateTime kNow(QDate(2024, 4, 16), QTime(12, 0), Qt::UTC); // April: 720 hours

AccountInfo account(const QString &id, const QString &name)
{
    AccountInfo info;
    info.id = id;
    info.name = name;
    info.provider = QStringLiteral("digitalocean");
    return info;
}

Machine droplet(const QString &name, const QString &size, std::optional<double> monthly, QList<Tag> tags = {},
                drivers::MachineState state = drivers::MachineState::Running)
{
    Machine m;
    m.id = name;
    m.name = name;
    m.sizeId = size;
    m.location = QStringLiteral("fra1");
    m.state = state;
    m.priceMonthly = monthly;
    m.tags = std::move(tags);
    m.created = kNow.addDays(-3);
    return m;
}

struct Fixture {
    InventoryStore store;
    Model model{&store};
    cost::CostModel costs{&store};
    views::DetailsPane pane{&store, &model};
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};

    Fixture()
    {
        costs.setClock([] { return kNow; });
        cost::CostSettings settings;
        settings.catalog.append(
            cost::CatalogEntry{QStringLiteral("g-big"), {}, {}, {}, {{}, 100.0}, QStringLiteral("EUR")});
        costs.setSettings(settings);
        model.setCostModel(&costs);
        store.addAccount(account(QStringLiteral("prod"), QStringLiteral("Production")));
        store.mergeListing(
            QStringLiteral("prod"),
            {droplet(QStringLiteral("tagged"), QStringLiteral("s-1"), 12.0,
                     {Tag{QStringLiteral("cost_per_month"), QStringLiteral("25")}}),
             droplet(QStringLiteral("typo"), QStringLiteral("s-1"), 12.0,
                     {Tag{QStringLiteral("cost_per_month"), QStringLiteral("ten")}}),
             droplet(QStringLiteral("asleep"), QStringLiteral("s-2"), 24.0, {}, drivers::MachineState::Stopped),
             droplet(QStringLiteral("catalogued"), QStringLiteral("g-big"), 90.0)});
    }

    QModelIndex location() const { return model.index(0, 0, model.indexOfAccount(QStringLiteral("prod"))); }

    QModelIndex machine(const QString &name) const
    {
        const QModelIndex where = location();
        for (int row = 0; row < model.rowCount(where); ++row) {
            const QModelIndex index = model.index(row, 0, where);
            if (index.data().toString() == name)
                return index;
        }
        return {};
    }

    QString shown(const QModelIndex &index)
    {
        pane.showIndex(index);
        return pane.shownText();
    }
};

QString usd(double amount)
{
    return cost::formatMoney(amount, u"USD");
}

} // namespace

class TestCostDetails : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachFigureSaysWhereItComesFrom()
    {
        Fixture f;
        QCOMPARE(f.model.rowCount(f.location()), 4);

        const QString tagged = f.shown(f.machine(QStringLiteral("tagged")));
        QVERIFY2(tagged.contains(cost::costSourceText(cost::CostSource::Tag)), qPrintable(tagged));
        QVERIFY2(tagged.contains(QStringLiteral("cost_per_month=25")), qPrintable(tagged));
        QVERIFY2(tagged.contains(usd(25)), qPrintable(tagged));
        // The provider's own price lost to the tag, and the pane says so.
        QVERIFY2(tagged.contains(QStringLiteral("is not used")), qPrintable(tagged));

        const QString typo = f.shown(f.machine(QStringLiteral("typo")));
        QVERIFY2(typo.contains(cost::costSourceText(cost::CostSource::Provider)), qPrintable(typo));
        QVERIFY2(typo.contains(QStringLiteral("\"ten\" is not a price")), qPrintable(typo));
        QVERIFY2(typo.contains(usd(12)), qPrintable(typo));

        const QString asleep = f.shown(f.machine(QStringLiteral("asleep")));
        QVERIFY2(asleep.contains(QStringLiteral("Billed while stopped")), qPrintable(asleep));
        QVERIFY2(asleep.contains(usd(24)), qPrintable(asleep));

        const QString catalogued = f.shown(f.machine(QStringLiteral("catalogued")));
        QVERIFY2(catalogued.contains(cost::costSourceText(cost::CostSource::Catalog)), qPrintable(catalogued));
        QVERIFY2(catalogued.contains(cost::formatMoney(100, u"EUR")), qPrintable(catalogued));
        QVERIFY2(catalogued.contains(QStringLiteral("EUR")), qPrintable(catalogued));
    }

    void anAccountsCostIsResolvedAndNeverMixesCurrencies()
    {
        Fixture f;
        // Tag 25 + provider 12 + stopped but billed 24 = $61, and €100 from the catalog: two
        // amounts, never one sum (and not the providers' raw $138).
        const QString account = f.shown(f.model.indexOfAccount(QStringLiteral("prod")));
        QVERIFY2(account.contains(usd(61)), qPrintable(account));
        QVERIFY2(account.contains(cost::formatMoney(100, u"EUR")), qPrintable(account));
        QVERIFY2(!account.contains(usd(161)) && !account.contains(usd(138)), qPrintable(account));

        // The location too: the tree's column says only "mixed currencies"; the pane gives both.
        const QString location = f.shown(f.location());
        QVERIFY2(location.contains(usd(61)), qPrintable(location));
        QVERIFY2(location.contains(cost::formatMoney(100, u"EUR")), qPrintable(location));
        QVERIFY2(!location.contains(usd(161)) && !location.contains(usd(138)), qPrintable(location));
    }
};

QTEST_MAIN(TestCostDetails)
#include "tst_costdetails.moc"
