// Per-machine SSH access: address choice, machine over account default, store and load, no secret
// in the file, a write error leaves the store as it was.

#include "access/machineaccess.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using nephele::models::chooseAddress;
using nephele::models::connectOptions;
using nephele::models::MachineAccess;
using nephele::models::MachineAccessStore;

class TestMachineAccess final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addressChoice_data()
    {
        QTest::addColumn<QStringList>("publicIps");
        QTest::addColumn<QStringList>("privateIps");
        QTest::addColumn<QString>("expected");
        QTest::newRow("public first") << QStringList{QStringLiteral("203.0.113.4"), QStringLiteral("2001:db8::1")}
                                      << QStringList{QStringLiteral("10.0.0.4")} << QStringLiteral("203.0.113.4");
        QTest::newRow("private when no public")
            << QStringList{} << QStringList{QStringLiteral("10.0.0.4")} << QStringLiteral("10.0.0.4");
        QTest::newRow("blank public skipped") << QStringList{QStringLiteral(" ")}
                                              << QStringList{QStringLiteral("10.1.2.3")} << QStringLiteral("10.1.2.3");
        QTest::newRow("none") << QStringList{} << QStringList{} << QString();
    }
    void addressChoice()
    {
        QFETCH(QStringList, publicIps);
        QFETCH(QStringList, privateIps);
        QFETCH(QString, expected);
        QCOMPARE(chooseAddress(publicIps, privateIps), expected);
    }

    void machineWinsOverAccountDefault()
    {
        MachineAccessStore store;
        QVERIFY(!store.knowsUser(QStringLiteral("acc"), QStringLiteral("m1")));
        QVERIFY(store.setAccountDefault(QStringLiteral("acc"),
                                        {QStringLiteral("root"), 2222, QStringLiteral("/keys/default"), {}, {}, {}}));
        QVERIFY(store.setMachineAccess(QStringLiteral("acc"), QStringLiteral("m1"),
                                       {QStringLiteral("admin"), 0, {}, QStringLiteral("prod deploy key"), {}, {}}));
        const MachineAccess m1 = store.resolve(QStringLiteral("acc"), QStringLiteral("m1"));
        QCOMPARE(m1.user, QStringLiteral("admin"));
        QCOMPARE(m1.port, quint16(2222));
        // The machine names its key (a keychain entry): the account's key file is not mixed in.
        QCOMPARE(m1.keyFile, QString());
        QCOMPARE(m1.keychainEntry, QStringLiteral("prod deploy key"));
        const MachineAccess m2 = store.resolve(QStringLiteral("acc"), QStringLiteral("m2"));
        QCOMPARE(m2.user, QStringLiteral("root"));
        QCOMPARE(m2.keyFile, QStringLiteral("/keys/default"));
        QVERIFY(store.knowsUser(QStringLiteral("acc"), QStringLiteral("m2")));
        QVERIFY(!store.knowsUser(QStringLiteral("other"), QStringLiteral("m2")));

        const auto options = connectOptions(m2, QStringLiteral("198.51.100.7"));
        QCOMPARE(options.host, QStringLiteral("198.51.100.7"));
        QCOMPARE(options.port, quint16(2222));
        QCOMPARE(options.user, QStringLiteral("root"));
        QCOMPARE(options.identityFiles, QStringList{QStringLiteral("/keys/default")});
        MachineAccess tunnel = m2;
        tunnel.host = QStringLiteral("127.0.0.1");
        QCOMPARE(connectOptions(tunnel, QStringLiteral("198.51.100.7")).host, QStringLiteral("127.0.0.1"));
    }

    void storeAndLoad()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("nephele/machine-access.json"));
        {
            MachineAccessStore store(path);
            QVERIFY(store.load()); // no file yet: empty
            QSignalSpy changed(&store, &MachineAccessStore::changed);
            QVERIFY(store.setMachineAccess(
                QStringLiteral("acc"), QStringLiteral("m1"),
                {QStringLiteral("ubuntu"), 22, QStringLiteral("/home/u/.ssh/id_ed25519"), {}, {}, {}}));
            QVERIFY(store.setAccountDefault(QStringLiteral("acc"), {QStringLiteral("root"), 0, {}, {}, {}, {}}));
            QCOMPARE(changed.size(), 2);
        }
        QVERIFY(QFile::exists(path));
        MachineAccessStore loaded(path);
        QVERIFY(loaded.load());
        QCOMPARE(loaded.machineAccess(QStringLiteral("acc"), QStringLiteral("m1"))->user, QStringLiteral("ubuntu"));
        QCOMPARE(loaded.machineAccess(QStringLiteral("acc"), QStringLiteral("m1"))->keyFile,
                 QStringLiteral("/home/u/.ssh/id_ed25519"));
        QCOMPARE(loaded.accountDefault(QStringLiteral("acc"))->user, QStringLiteral("root"));

        // Forgetting writes too.
        QVERIFY(loaded.forgetMachine(QStringLiteral("acc"), QStringLiteral("m1")));
        MachineAccessStore again(path);
        QVERIFY(again.load());
        QVERIFY(!again.machineAccess(QStringLiteral("acc"), QStringLiteral("m1")));
        QVERIFY(again.accountDefault(QStringLiteral("acc")));
        QVERIFY(again.forgetAccount(QStringLiteral("acc")));
        QVERIFY(!again.accountDefault(QStringLiteral("acc")));
    }

    void fileHoldsReferencesOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("machine-access.json"));
        MachineAccessStore store(path);
        QVERIFY(store.setMachineAccess(QStringLiteral("acc"), QStringLiteral("m1"),
                                       {QStringLiteral("root"), 0, {}, QStringLiteral("entry-name"), {}, {}}));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("entry-name"));
        QVERIFY(!text.contains("PRIVATE KEY"));
        QVERIFY(!text.contains("password"));
    }

    void corruptFileIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("machine-access.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{not json");
        file.close();
        MachineAccessStore store(path);
        const auto result = store.load();
        QVERIFY(!result);
        QVERIFY(result.error().contains(path));
    }

    void writeErrorRollsBack()
    {
        QTemporaryDir dir;
        // A file where the folder should be: the folder cannot be made.
        QFile blocker(dir.filePath(QStringLiteral("blocked")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        MachineAccessStore store(dir.filePath(QStringLiteral("blocked/machine-access.json")));
        const auto result = store.setMachineAccess(QStringLiteral("acc"), QStringLiteral("m1"),
                                                   {QStringLiteral("root"), 0, {}, {}, {}, {}});
        QVERIFY(!result);
        QVERIFY(!store.machineAccess(QStringLiteral("acc"), QStringLiteral("m1")));
    }
};

QTEST_GUILESS_MAIN(TestMachineAccess)
#include "tst_machineaccess.moc"
