// Managing the account list in AccountStore: rename, disable, remove, the "needs a token" mark,
// and export / import of the list without secrets.

#include "accounts/accountstore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele::models;

namespace {

Account sample(const QString &name)
{
    Account a;
    a.id = AccountStore::newAccountId();
    a.name = name;
    a.provider = QStringLiteral("digitalocean");
    a.endpoint = QUrl(QStringLiteral("https://api.digitalocean.com"));
    return a;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestAccountList final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void renameDisableRemoveAreSaved()
    {
        QTemporaryDir dir;
        const Account a = sample(QStringLiteral("Production"));
        const Account b = sample(QStringLiteral("Staging"));
        {
            AccountStore store(dir.path());
            QVERIFY(store.load());
            QVERIFY(store.add(a).has_value());
            QVERIFY(store.add(b).has_value());
            QSignalSpy changed(&store, &AccountStore::accountsChanged);
            QVERIFY(store.rename(a.id, QStringLiteral("  Prod EU  ")).has_value());
            QVERIFY(store.setEnabled(b.id, false).has_value());
            QCOMPARE(changed.size(), 2);
            QVERIFY(!store.rename(a.id, QStringLiteral("   ")).has_value()); // a name is required
            QVERIFY(!store.rename(QStringLiteral("nope"), QStringLiteral("x")).has_value());
            QVERIFY(!store.setEnabled(QStringLiteral("nope"), true).has_value());
        }
        {
            AccountStore store(dir.path());
            QVERIFY(store.load());
            QCOMPARE(store.accounts().size(), 2);
            QCOMPARE(store.find(a.id)->name, QStringLiteral("Prod EU"));
            QVERIFY(store.find(a.id)->enabled);
            QVERIFY(!store.find(b.id)->enabled);
            QCOMPARE(store.find(b.id)->name, QStringLiteral("Staging"));
            QVERIFY(store.remove(a.id).has_value());
        }
        AccountStore store(dir.path());
        QVERIFY(store.load());
        QCOMPARE(store.accounts().size(), 1);
        QVERIFY(!store.find(a.id));
        QVERIFY(store.find(b.id));
    }

    void needsTokenIsWrittenOnlyWhenSet()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        QVERIFY(store.load());
        const Account a = sample(QStringLiteral("A"));
        const Account b = sample(QStringLiteral("B"));
        QVERIFY(store.add(a).has_value());
        QVERIFY(store.add(b).has_value());
        QVERIFY(!readAll(store.filePath()).contains("needsToken")); // ordinary accounts keep their keys
        QVERIFY(store.markNeedsToken({b.id}).has_value());
        QVERIFY(!store.find(a.id)->needsToken);
        QVERIFY(store.find(b.id)->needsToken);
        QVERIFY(store.markNeedsToken().has_value());
        AccountStore again(dir.path());
        QVERIFY(again.load());
        QVERIFY(again.find(a.id)->needsToken);
        QVERIFY(again.find(b.id)->needsToken);
    }

    void exportImportRoundTrip()
    {
        QTemporaryDir dir;
        Account a = sample(QStringLiteral("Production"));
        a.caCertificateFile = QStringLiteral("/etc/ssl/private-ca.pem");
        Account b = sample(QStringLiteral("Lab"));
        b.endpoint = QUrl(QStringLiteral("http://127.0.0.1:8080"));
        b.allowPlainHttp = true;
        b.enabled = false;
        b.needsToken = true;
        const QString exported = dir.filePath(QStringLiteral("export/list.json"));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("export"))));
        {
            AccountStore store(dir.filePath(QStringLiteral("one")));
            QVERIFY(store.load());
            QVERIFY(store.add(a).has_value());
            QVERIFY(store.add(b).has_value());
            const auto written = store.exportTo(exported);
            QVERIFY2(written.has_value(), qPrintable(written.has_value() ? QString() : written.error()));
        }
        const QByteArray bytes = readAll(exported);
        const QJsonObject root = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(root.value(QStringLiteral("schema")).toInt(), AccountStore::SchemaVersion);
        QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("nephele-accounts"));
        QCOMPARE(root.value(QStringLiteral("accounts")).toArray().size(), 2);
        QVERIFY(!bytes.contains("needsToken"));
        QVERIFY(!bytes.contains("token"));

        AccountStore fresh(dir.filePath(QStringLiteral("two")));
        QVERIFY(fresh.load());
        QSignalSpy changed(&fresh, &AccountStore::accountsChanged);
        const auto imported = fresh.importFrom(exported);
        QVERIFY2(imported.has_value(), qPrintable(imported.has_value() ? QString() : imported.error()));
        QCOMPARE(imported->added.size(), 2);
        QVERIFY(imported->skipped.isEmpty());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(fresh.accounts().size(), 2);
        for (Account expected : {a, b}) {
            expected.needsToken = true; // the token did not travel
            QCOMPARE(*fresh.find(expected.id), expected);
        }
        // Saved: a store over the same folder sees them.
        AccountStore reread(dir.filePath(QStringLiteral("two")));
        QVERIFY(reread.load());
        QCOMPARE(reread.accounts(), fresh.accounts());
    }

    void importSkipsExistingIds()
    {
        QTemporaryDir dir;
        const Account a = sample(QStringLiteral("Production"));
        const Account b = sample(QStringLiteral("Staging"));
        const Account c = sample(QStringLiteral("Lab"));
        const QString file = dir.filePath(QStringLiteral("list.json"));
        writeFile(file, AccountStore::exportJson({a, b, c, c}));

        AccountStore store(dir.filePath(QStringLiteral("config")));
        QVERIFY(store.load());
        Account mine = b;
        mine.name = QStringLiteral("My own staging");
        QVERIFY(store.add(mine).has_value());
        const auto imported = store.importFrom(file);
        QVERIFY(imported.has_value());
        QCOMPARE(imported->added.size(), 2);
        QCOMPARE(imported->added.at(0).id, a.id);
        QCOMPARE(imported->added.at(1).id, c.id);
        QCOMPARE(imported->skipped.size(), 2); // b already here, c twice in the file
        QCOMPARE(imported->skipped.at(0).id, b.id);
        QCOMPARE(store.accounts().size(), 3);
        QCOMPARE(store.find(b.id)->name, QStringLiteral("My own staging")); // left as it was
        QVERIFY(!store.find(b.id)->needsToken);

        // Everything already present: nothing added, nothing written.
        const QByteArray before = readAll(store.filePath());
        const auto again = store.importFrom(file);
        QVERIFY(again.has_value());
        QVERIFY(again->added.isEmpty());
        QCOMPARE(again->skipped.size(), 4);
        QCOMPARE(readAll(store.filePath()), before);
    }

    void malformedImportSaysWhere_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        // The missing comma before "accounts": Qt stops one byte into the next string, byte 34,
        // which is line 3, column 18.
        QTest::newRow("bad json") << QByteArray("{\n  \"schema\": 1,\n  \"format\": \"x\" \"accounts\": []\n}")
                                  << QStringLiteral("unterminated object at line 3, column 18 (byte offset 34)");
        QTest::newRow("truncated") << QByteArray("{\"schema\": 1, \"accounts\": [")
                                   << QStringLiteral("at line 1, column 28 (byte offset 27)");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("does not hold a JSON object");
        QTest::newRow("no schema") << QByteArray(R"({"accounts": []})") << QStringLiteral("lacks a schema version");
        QTest::newRow("newer") << QByteArray(R"({"schema": 9, "accounts": []})")
                               << QStringLiteral("written by a newer Nephele (schema 9)");
        QTest::newRow("other format") << QByteArray(R"({"format": "kubeconfig", "schema": 1, "accounts": []})")
                                      << QStringLiteral("not a Nephele account list (format \"kubeconfig\")");
        QTest::newRow("entry without id") << QByteArray(R"({"schema": 1, "accounts": [{"provider": "x"}]})")
                                          << QStringLiteral("entry 1 lacks its id or provider");
    }

    void malformedImportSaysWhere()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("list.json"));
        writeFile(file, content);
        AccountStore store(dir.filePath(QStringLiteral("config")));
        QVERIFY(store.load());
        const Account mine = sample(QStringLiteral("Mine"));
        QVERIFY(store.add(mine).has_value());
        const QByteArray before = readAll(store.filePath());
        QSignalSpy changed(&store, &AccountStore::accountsChanged);

        const auto imported = store.importFrom(file);
        QVERIFY(!imported.has_value());
        QVERIFY2(imported.error().contains(expected), qPrintable(imported.error()));
        QVERIFY2(imported.error().contains(file), qPrintable(imported.error()));
        QCOMPARE(store.accounts().size(), 1);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(readAll(store.filePath()), before);
    }

    void importOfMissingFileSaysSo()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        QVERIFY(store.load());
        const auto imported = store.importFrom(dir.filePath(QStringLiteral("absent.json")));
        QVERIFY(!imported.has_value());
        QVERIFY2(imported.error().startsWith(QStringLiteral("Cannot read")), qPrintable(imported.error()));
    }
};

QTEST_GUILESS_MAIN(TestAccountList)
#include "tst_accountlist.moc"
