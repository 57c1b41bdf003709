#include "accounts/accountstore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele::models;

namespace {
Account sample()
{
    Account a;
    a.id = AccountStore::newAccountId();
    a.name = QStringLiteral("Production");
    a.provider = QStringLiteral("digitalocean");
    a.endpoint = QUrl(QStringLiteral("https://api.digitalocean.com"));
    a.caCertificateFile = QStringLiteral("/etc/ssl/private-ca.pem");
    return a;
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}
} // namespace

class TestAccountStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const Account a = sample();
        {
            AccountStore store(dir.path());
            QVERIFY(store.load()); // no file yet: fine
            QVERIFY(store.add(a).has_value());
        }
        AccountStore again(dir.path());
        QVERIFY(again.load());
        QCOMPARE(again.accounts().size(), 1);
        QCOMPARE(again.accounts().first(), a);

        QFile f(again.filePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const QJsonObject root = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(root.value(QStringLiteral("schema")).toInt(), AccountStore::SchemaVersion);
        QVERIFY(!bytes.contains("token"));
    }

    void corruptFileIsKeptAside_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("not json") << QByteArray("{ this is not json");
        QTest::newRow("array") << QByteArray("[1, 2]");
        QTest::newRow("no schema") << QByteArray(R"({"accounts": []})");
        QTest::newRow("entry without id") << QByteArray(R"({"schema": 1, "accounts": [{"name": "x"}]})");
    }

    void corruptFileIsKeptAside()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        AccountStore store(dir.path());
        writeFile(store.filePath(), content);
        QVERIFY(!store.load());
        QVERIFY(store.loadError().contains(QStringLiteral("corrupt-")));
        QVERIFY(!QFile::exists(store.filePath()));
        const QStringList aside = QDir(dir.path()).entryList({QStringLiteral("accounts.json.corrupt-*")});
        QCOMPARE(aside.size(), 1);
        QFile kept(QDir(dir.path()).filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), content); // nothing lost

        // The store works afterwards and writes a fresh file.
        QVERIFY(store.add(sample()).has_value());
        QVERIFY(QFile::exists(store.filePath()));
    }

    void newerSchemaIsLeftAlone()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        const QByteArray future(R"({"schema": 99, "accounts": []})");
        writeFile(store.filePath(), future);
        QVERIFY(!store.load());
        QVERIFY(store.isReadOnly());
        QVERIFY(!store.add(sample()).has_value());
        QFile f(store.filePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), future);
    }

    void updateAndRemove()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        QVERIFY(store.load());
        Account a = sample();
        QVERIFY(store.add(a).has_value());
        a.name = QStringLiteral("Renamed");
        QVERIFY(store.update(a).has_value());
        QCOMPARE(store.find(a.id)->name, QStringLiteral("Renamed"));
        QVERIFY(store.remove(a.id).has_value());
        QVERIFY(store.accounts().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAccountStore)
#include "tst_accountstore.moc"
