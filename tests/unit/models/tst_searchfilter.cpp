#include "inventory/inventorystore.h"
#include "modeltestdata.h"
#include "search/searchfilter.h"

#include <QTest>

using namespace nephele::models;
using nephele::drivers::Machine;
using nephele::drivers::MachineKind;
using nephele::drivers::MachineState;
using nephele::drivers::Tag;

// The search language on its own, against records in a store.
class TestSearchFilter final : public QObject
{
    Q_OBJECT

    InventoryStore m_store;
    InventoryStore::Slot m_web = 0;
    InventoryStore::Slot m_db = 0;

private Q_SLOTS:
    void initTestCase()
    {
        AccountInfo acme = testdata::account(QStringLiteral("acct-1"), QStringLiteral("Acme Production"));
        m_store.addAccount(acme);
        Machine web;
        web.id = QStringLiteral("318021544");
        web.name = QStringLiteral("web-prod-01");
        web.state = MachineState::Running;
        web.providerState = QStringLiteral("active");
        web.location = QStringLiteral("nyc3");
        web.locationName = QStringLiteral("New York 3");
        web.sizeId = QStringLiteral("s-2vcpu-4gb");
        web.vcpus = 2;
        web.memoryMb = 4096;
        web.diskGb = 80;
        web.priceMonthly = 24;
        web.imageName = QStringLiteral("Ubuntu 22.04 (LTS) x64");
        web.publicIps = {QStringLiteral("164.90.12.7")};
        web.privateIps = {QStringLiteral("10.108.0.3")};
        web.tags = {Tag::fromText(QStringLiteral("env:prod")), Tag::fromText(QStringLiteral("web")),
                    Tag::fromText(QStringLiteral("owner:alice"))};
        web.created = QDateTime::currentDateTimeUtc().addDays(-10);
        Machine db;
        db.id = QStringLiteral("318021545");
        db.name = QStringLiteral("db 1");
        db.kind = MachineKind::Pod;
        db.state = MachineState::Stopped;
        db.location = QStringLiteral("fra1");
        db.vcpus = 8;
        db.memoryMb = 16384;
        db.tags = {Tag::fromText(QStringLiteral("env:dev")),
                   Tag{QStringLiteral("namespace"), QStringLiteral("kube-system")}};
        db.created = QDateTime::currentDateTimeUtc().addDays(-2);
        m_store.mergeListing(acme.id, {web, db});
        m_web = *m_store.find(acme.id, web.id);
        m_db = *m_store.find(acme.id, db.id);
    }

    void matches_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("web");
        QTest::addColumn<bool>("db");
        auto row = [](const char *name, const char *query, bool web, bool db) {
            QTest::newRow(name) << QString::fromUtf8(query) << web << db;
        };
        row("empty", "", true, true);
        row("bare name", "web", true, false);
        row("bare name any case", "WEB-PROD", true, false);
        row("bare id", "318021544", true, false);
        row("bare id prefix matches both", "31802154", true, true);
        row("bare ip", "164.90", true, false);
        row("bare private ip", "10.108.0.3", true, false);
        row("bare tag typed as is", "env:prod", true, false);
        row("quoted is exact", "\"web-prod\"", false, false);
        row("quoted exact name", "\"web-prod-01\"", true, false);
        row("quoted keeps spaces", "\"db 1\"", false, true);
        row("state", "state:running", true, false);
        row("state prefix", "state:run", true, false);
        row("state provider word", "state:active", true, false);
        row("state equals", "state=stopped", false, true);
        row("state differs", "state!=stopped", true, false);
        row("region", "region:nyc3", true, false);
        row("location by name", "location:york", true, false);
        row("region differs", "region!=nyc3", false, true);
        row("size", "size:2vcpu", true, false);
        row("image", "image:ubuntu", true, false);
        row("kind", "kind:pod", false, true);
        row("tag has key", "tag:env", true, true);
        row("tag key and value", "tag:env=dev", false, true);
        row("tag key not value", "tag:env!=dev", true, false);
        row("tag flat", "tag:web", true, false);
        row("account by name", "account:acme", true, true);
        row("cloud is account", "cloud:acct-1", true, true);
        row("account other", "account:lab", false, false);
        row("owner", "owner:alice", true, false);
        row("ip field exact part", "ip=10.108.0.3", true, false);
        row("cpu greater", "cpu>2", false, true);
        row("cpu at least", "cpu>=2", true, true);
        row("ram in GB", "ram>=8GB", false, true);
        row("ram in MB", "ram<5000", true, false);
        row("disk", "disk=80", true, false);
        row("cost", "cost>20", true, false);
        row("cost with dollar", "cost<=$24", true, false);
        row("age in days", "age>5d", true, false);
        row("age in hours", "age<72h", false, true);
        row("implicit and", "web state:running region:nyc", true, false);
        row("explicit AND", "state:running AND cloud:acme", true, false);
        row("AND one fails", "web AND state:stopped", false, false);
        row("OR", "state:stopped OR region:nyc3", true, true);
        row("NOT", "NOT state:stopped", true, false);
        row("dash negates", "-web", false, true);
        row("bang negates", "!web", false, true);
        row("parentheses", "(state:stopped OR cpu>4) AND tag:env=dev", false, true);
        row("OR binds looser than AND", "web state:stopped OR db", false, true);
        row("key any case", "STATE:Running", true, false);
        row("unknown key with colon is a word", "foo:bar", false, false);
        row("namespace", "namespace:kube-system", false, true);
        row("namespace is exact", "namespace:kube", false, false);
        row("ns any case", "NS=Kube-System", false, true);
        row("ns differs", "ns!=kube-system", true, false);
    }

    void matches()
    {
        QFETCH(QString, query);
        QFETCH(bool, web);
        QFETCH(bool, db);
        const auto filter = SearchFilter::parse(query);
        QVERIFY2(filter.has_value(), qPrintable(filter ? QString() : filter.error().message));
        QCOMPARE(filter->matches(m_store, m_web), web);
        QCOMPARE(filter->matches(m_store, m_db), db);
    }

    void malformedQueriesSayWhatIsWrong_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("messagePart");
        QTest::addColumn<int>("position");
        QTest::newRow("value missing") << QStringLiteral("state:") << QStringLiteral("needs a value") << 0;
        QTest::newRow("number expected") << QStringLiteral("web cpu>abc") << QStringLiteral("expects a number") << 4;
        QTest::newRow("number missing") << QStringLiteral("cpu>") << QStringLiteral("needs a value") << 0;
        QTest::newRow("unknown field compared") << QStringLiteral("foo>3") << QStringLiteral("Unknown field") << 0;
        QTest::newRow("text compared as number") << QStringLiteral("name>3") << QStringLiteral("not a number") << 0;
        QTest::newRow("unclosed parenthesis") << QStringLiteral("(web OR db") << QStringLiteral("not closed") << 0;
        QTest::newRow("stray closing") << QStringLiteral("web)") << QStringLiteral("no opening") << 3;
        QTest::newRow("empty parentheses") << QStringLiteral("web ()") << QStringLiteral("empty") << 4;
        QTest::newRow("dangling AND") << QStringLiteral("web AND") << QStringLiteral("AND needs a term after") << 4;
        QTest::newRow("leading OR") << QStringLiteral("OR web") << QStringLiteral("needs a term before") << 0;
        QTest::newRow("dangling NOT") << QStringLiteral("web NOT") << QStringLiteral("NOT needs a term") << 4;
        QTest::newRow("unclosed quote") << QStringLiteral("name:\"web") << QStringLiteral("quote is not closed") << 5;
    }

    void malformedQueriesSayWhatIsWrong()
    {
        QFETCH(QString, query);
        QFETCH(QString, messagePart);
        QFETCH(int, position);
        const auto filter = SearchFilter::parse(query);
        QVERIFY2(!filter.has_value(), "a malformed query must not parse");
        QVERIFY2(filter.error().message.contains(messagePart), qPrintable(filter.error().message));
        QCOMPARE(filter.error().position, qsizetype(position));
    }

    void termsAreParsedIntoFields()
    {
        const auto f = SearchFilter::parse(u"  Web  -state:Stopped  \"a b\" tag:env=Dev ram>2g");
        QVERIFY(f);
        const QList<SearchFilter::Term> terms = f->terms();
        QCOMPARE(terms.size(), 5);
        QCOMPARE(terms.at(0).value, QStringLiteral("web"));
        QCOMPARE(terms.at(1).field, SearchFilter::Field::State);
        QCOMPARE(terms.at(2).value, QStringLiteral("a b"));
        QVERIFY(terms.at(2).exact);
        QCOMPARE(terms.at(3).field, SearchFilter::Field::Tag);
        QCOMPARE(terms.at(3).value, QStringLiteral("env"));
        QCOMPARE(terms.at(3).tagValue, QStringLiteral("dev"));
        QCOMPARE(terms.at(4).field, SearchFilter::Field::Ram);
        QCOMPARE(terms.at(4).number, 2048.0);
        QVERIFY(SearchFilter::parse(u"   ")->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSearchFilter)
#include "tst_searchfilter.moc"
