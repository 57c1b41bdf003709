#include "accounts/accountstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

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

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A schema-1 file as Nephele wrote it before schema 2: an SSH server whose identity files (a
// repeated key, a space in a path) and an OpenStack cloud whose clouds.yaml travel in the endpoint.
const QByteArray kSchema1 =
    "{\n"
    "    \"schema\": 1,\n"
    "    \"accounts\": [\n"
    "        {\n"
    "            \"id\": \"7d2c9c1e-0c55-4e0b-9a57-2f1f4b6f0a01\",\n"
    "            \"name\": \"build box\",\n"
    "            \"provider\": \"ssh\",\n"
    "            \"endpoint\": \"ssh://deploy@build.example.net:2222?identity-files=~/.ssh/a&identity-files=~/keys/my "
    "key&proxy-jump=bastion\",\n"
    "            \"allowPlainHttp\": false,\n"
    "            \"enabled\": false\n"
    "        },\n"
    "        {\n"
    "            \"id\": \"7d2c9c1e-0c55-4e0b-9a57-2f1f4b6f0a02\",\n"
    "            \"name\": \"Lab\",\n"
    "            \"provider\": \"openstack\",\n"
    "            \"endpoint\": "
    "\"https://keystone.example.com:5000/v3?clouds-yaml=/home/u/.config/openstack/clouds.yaml&cloud=lab\",\n"
    "            \"allowPlainHttp\": false,\n"
    "            \"enabled\": true,\n"
    "            \"needsToken\": true\n"
    "        },\n"
    "        {\n"
    "            \"id\": \"7d2c9c1e-0c55-4e0b-9a57-2f1f4b6f0a03\",\n"
    "            \"name\": \"Production\",\n"
    "            \"provider\": \"digitalocean\",\n"
    "            \"endpoint\": \"https://api.digitalocean.com\",\n"
    "            \"caCertificateFile\": \"/etc/ssl/private-ca.pem\",\n"
    "            \"allowPlainHttp\": false,\n"
    "            \"enabled\": true\n"
    "        }\n"
    "    ]\n"
    "}\n"
    "";
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

    void schema1IsMigratedAndKept()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        writeFile(store.filePath(), kSchema1);
        int changes = 0;
        connect(&store, &AccountStore::accountsChanged, this, [&changes] { ++changes; });
        QVERIFY2(store.load(), qPrintable(store.loadError()));
        QCOMPARE(store.migratedFrom(), 1);
        QCOMPARE(changes, 0); // a migration changes the file, not the list
        QVERIFY(!store.isReadOnly());

        // The accounts are what schema 1 said, to the last setting.
        QCOMPARE(store.accounts().size(), 3);
        const Account &ssh = store.accounts().at(0);
        QCOMPARE(ssh.name, QStringLiteral("build box"));
        QCOMPARE(ssh.enabled, false);
        QCOMPARE(ssh.endpoint.host(), QStringLiteral("build.example.net"));
        QCOMPARE(ssh.endpoint.port(), 2222);
        QCOMPARE(ssh.endpoint.userName(), QStringLiteral("deploy"));
        const QUrlQuery sshQuery(ssh.endpoint);
        QCOMPARE(sshQuery.allQueryItemValues(QStringLiteral("identity-files")),
                 (QStringList{QStringLiteral("~/.ssh/a"), QStringLiteral("~/keys/my key")}));
        QCOMPARE(sshQuery.queryItemValue(QStringLiteral("proxy-jump")), QStringLiteral("bastion"));
        const Account &lab = store.accounts().at(1);
        QCOMPARE(lab.needsToken, true);
        QCOMPARE(QUrlQuery(lab.endpoint).queryItemValue(QStringLiteral("cloud")), QStringLiteral("lab"));
        QCOMPARE(lab.endpoint.adjusted(QUrl::RemoveQuery),
                 QUrl(QStringLiteral("https://keystone.example.com:5000/v3")));
        const Account &production = store.accounts().at(2);
        QCOMPARE(production.endpoint, QUrl(QStringLiteral("https://api.digitalocean.com")));
        QCOMPARE(production.caCertificateFile, QStringLiteral("/etc/ssl/private-ca.pem"));

        // The original is kept byte for byte beside the new file.
        QCOMPARE(store.migrationBackup(), store.filePath() + QStringLiteral(".schema1"));
        QCOMPARE(readFile(store.migrationBackup()), kSchema1);

        // The file is schema 2 now: bare endpoints, the settings beside them.
        const QJsonObject root = QJsonDocument::fromJson(readFile(store.filePath())).object();
        QCOMPARE(root.value(QStringLiteral("schema")).toInt(), 2);
        const QJsonArray list = root.value(QStringLiteral("accounts")).toArray();
        QCOMPARE(list.size(), 3);
        const QJsonObject sshEntry = list.at(0).toObject();
        QCOMPARE(sshEntry.value(QStringLiteral("endpoint")).toString(),
                 QStringLiteral("ssh://deploy@build.example.net:2222"));
        const QJsonObject sshSettings = sshEntry.value(QStringLiteral("settings")).toObject();
        QCOMPARE(sshSettings.value(QStringLiteral("identity-files")).toArray(),
                 QJsonArray({QStringLiteral("~/.ssh/a"), QStringLiteral("~/keys/my key")}));
        QCOMPARE(sshSettings.value(QStringLiteral("proxy-jump")).toString(), QStringLiteral("bastion"));
        QCOMPARE(list.at(1)
                     .toObject()
                     .value(QStringLiteral("settings"))
                     .toObject()
                     .value(QStringLiteral("cloud"))
                     .toString(),
                 QStringLiteral("lab"));
        QVERIFY(!list.at(2).toObject().contains(QStringLiteral("settings"))); // nothing to put there

        // Loading the new file needs no migration and gives the same accounts.
        AccountStore again(dir.path());
        QVERIFY(again.load());
        QCOMPARE(again.migratedFrom(), 0);
        QCOMPARE(again.accounts().size(), 3);
        for (qsizetype i = 0; i < 3; ++i) {
            const Account &a = again.accounts().at(i);
            const Account &b = store.accounts().at(i);
            QCOMPARE(a.id, b.id);
            QCOMPARE(a.endpoint.adjusted(QUrl::RemoveQuery), b.endpoint.adjusted(QUrl::RemoveQuery));
            for (const QString &key : {QStringLiteral("identity-files"), QStringLiteral("proxy-jump"),
                                       QStringLiteral("cloud"), QStringLiteral("clouds-yaml")})
                QCOMPARE(QUrlQuery(a.endpoint).allQueryItemValues(key), QUrlQuery(b.endpoint).allQueryItemValues(key));
        }
    }

    void migrationThatCannotWriteKeepsTheOldFile()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        writeFile(store.filePath(), kSchema1);
        // The copy of the old file cannot be written (a folder has its name, which stops root too):
        // then the old file is not replaced either.
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("accounts.json.schema1")));
        const bool loaded = store.load();
        QVERIFY(loaded);
        QCOMPARE(store.migratedFrom(), 1);
        QCOMPARE(store.accounts().size(), 3);
        QCOMPARE(readFile(store.filePath()), kSchema1); // untouched
        QVERIFY(store.migrationBackup().isEmpty());
        // The next change writes schema 2.
        QVERIFY(store.rename(store.accounts().first().id, QStringLiteral("renamed")).has_value());
        QCOMPARE(QJsonDocument::fromJson(readFile(store.filePath())).object().value(QStringLiteral("schema")).toInt(),
                 2);
    }

    void importOfASchema1ListIsMigrated()
    {
        QTemporaryDir dir;
        AccountStore store(dir.path());
        QVERIFY(store.load());
        const auto report = store.importJson(kSchema1, QStringLiteral("old-export.json"));
        QVERIFY2(report.has_value(), qPrintable(report.has_value() ? QString() : report.error()));
        QCOMPARE(report->added.size(), 3);
        QCOMPARE(QUrlQuery(store.accounts().at(0).endpoint).allQueryItemValues(QStringLiteral("identity-files")).size(),
                 2);
        // And an export is schema 2, settings apart.
        const QJsonObject exported = QJsonDocument::fromJson(AccountStore::exportJson(store.accounts())).object();
        QCOMPARE(exported.value(QStringLiteral("schema")).toInt(), AccountStore::SchemaVersion);
        QVERIFY(
            exported.value(QStringLiteral("accounts")).toArray().at(0).toObject().contains(QStringLiteral("settings")));
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
