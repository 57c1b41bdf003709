#include "inventory/inventorystore.h"
#include "search/searchfilter.h"

#include <QTest>

using namespace nephele::models;
using nephele::drivers::Machine;
using nephele::drivers::MachineState;
using nephele::drivers::Tag;

class TestSearchFilter final : public QObject
{
    Q_OBJECT

    Machine m_machine;
    AccountInfo m_account;

private Q_SLOTS:
    void initTestCase()
    {
        m_machine.id = QStringLiteral("318021544");
        m_machine.name = QStringLiteral("web-prod-01");
        m_machine.state = MachineState::Running;
        m_machine.providerState = QStringLiteral("active");
        m_machine.location = QStringLiteral("nyc3");
        m_machine.locationName = QStringLiteral("New York 3");
        m_machine.sizeId = QStringLiteral("s-2vcpu-4gb");
        m_machine.publicIps = {QStringLiteral("164.90.12.7")};
        m_machine.privateIps = {QStringLiteral("10.108.0.3")};
        m_machine.tags = {Tag::fromText(QStringLiteral("env:prod")), Tag::fromText(QStringLiteral("web"))};
        m_account.id = QStringLiteral("acct-1");
        m_account.name = QStringLiteral("Acme Production");
    }

    void matches_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("expected");
        QTest::newRow("empty") << QString() << true;
        QTest::newRow("bare name") << QStringLiteral("web") << true;
        QTest::newRow("bare name case") << QStringLiteral("WEB-PROD") << true;
        QTest::newRow("bare id") << QStringLiteral("318021544") << true;
        QTest::newRow("bare ip") << QStringLiteral("164.90") << true;
        QTest::newRow("bare private ip") << QStringLiteral("10.108.0.3") << true;
        QTest::newRow("bare tag as typed") << QStringLiteral("env:prod") << true;
        QTest::newRow("bare no match") << QStringLiteral("db") << false;
        QTest::newRow("state") << QStringLiteral("state:running") << true;
        QTest::newRow("state prefix") << QStringLiteral("state:run") << true;
        QTest::newRow("state provider word") << QStringLiteral("state:active") << true;
        QTest::newRow("state other") << QStringLiteral("state:stopped") << false;
        QTest::newRow("region") << QStringLiteral("region:nyc3") << true;
        QTest::newRow("location by name") << QStringLiteral("location:york") << true;
        QTest::newRow("region other") << QStringLiteral("region:fra1") << false;
        QTest::newRow("size") << QStringLiteral("size:2vcpu") << true;
        QTest::newRow("size other") << QStringLiteral("size:8gb") << false;
        QTest::newRow("tag key") << QStringLiteral("tag:env") << true;
        QTest::newRow("tag text") << QStringLiteral("tag:env:prod") << true;
        QTest::newRow("tag other") << QStringLiteral("tag:staging") << false;
        QTest::newRow("account") << QStringLiteral("account:acme") << true;
        QTest::newRow("account id") << QStringLiteral("account:acct-1") << true;
        QTest::newRow("account other") << QStringLiteral("account:lab") << false;
        QTest::newRow("key case") << QStringLiteral("STATE:Running") << true;
        QTest::newRow("and all") << QStringLiteral("web state:running region:nyc") << true;
        QTest::newRow("and one fails") << QStringLiteral("web state:stopped") << false;
        QTest::newRow("negated") << QStringLiteral("-state:stopped") << true;
        QTest::newRow("negated fails") << QStringLiteral("-web") << false;
        QTest::newRow("quoted") << QStringLiteral("location:\"new york\"") << true;
        QTest::newRow("half typed key") << QStringLiteral("state:") << true;
        QTest::newRow("unknown key is a word") << QStringLiteral("foo:bar") << false;
    }

    void matches()
    {
        QFETCH(QString, query);
        QFETCH(bool, expected);
        QCOMPARE(SearchFilter::parse(query).matches(m_machine, &m_account), expected);
    }

    void parse()
    {
        const SearchFilter f = SearchFilter::parse(u"  Web  -state:Stopped  \"a b\" ");
        QCOMPARE(f.terms().size(), 3);
        QCOMPARE(f.terms().at(0).value, QStringLiteral("web"));
        QCOMPARE(f.terms().at(1).field, SearchFilter::Field::State);
        QVERIFY(f.terms().at(1).negated);
        QCOMPARE(f.terms().at(2).value, QStringLiteral("a b"));
    }
};

QTEST_GUILESS_MAIN(TestSearchFilter)
#include "tst_searchfilter.moc"
