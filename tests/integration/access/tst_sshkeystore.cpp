// SshKeyStore against a real Secret Service (gnome-keyring under with-keyring.sh) and the OpenSSH
// tools as the judge: keys added from ssh-keygen's files (plain, encrypted, PEM) and generated
// ones have the fingerprints ssh-keygen gives; the private key is only in the keychain; the list
// survives a reload; removing deletes the keychain entry; a corrupt list is refused and left as it
// is; a locked keychain or none fails clearly and writes nothing. Outside the harness every test
// is skipped, so the user's own keychain is never touched.

#include "access/sshkeystore.h"
#include "accounts/secretstore.h"
#include "keyringtestsupport.h"
#include "sshtestenv.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace nephele;
using namespace nephele::testsupport;
using nephele::ssh::test::keygenFingerprint;
using nephele::ssh::test::readFile;
using nephele::ssh::test::run;
using nephele::ssh::test::writeFile;

namespace {

template<typename R>
QString whyNot(const R &result)
{
    return result.has_value() ? QString() : result.error();
}

// The lines of a private key's base64 body, each long enough not to be in a file by chance. An
// OpenSSH key carries its public key too, and a line of that part may well be in the list, as
// part of the public key: such lines are left out.
QList<QByteArray> bodyLines(const QByteArray &privateKey, const QString &publicKey)
{
    QList<QByteArray> lines;
    for (const QByteArray &line : privateKey.split('\n')) {
        if (line.size() >= 24 && !line.startsWith("-----") && !line.contains(':') &&
            !publicKey.toLatin1().contains(line))
            lines.append(line);
    }
    return lines;
}

// libsecret's own view of the entry, not through the code under test.
QByteArray keychainHolds(const QString &name)
{
    return secretTool({QStringLiteral("lookup"), QStringLiteral("user"), models::SshKeyStore::secretKey(name),
                       QStringLiteral("server"), QStringLiteral("nephele")})
        .value_or(QByteArrayLiteral("secret-tool failed"));
}

} // namespace

class TestSshKeyStore final : public QObject
{
    Q_OBJECT

    QString m_mode;
    QString m_root;
    QTemporaryDir m_files; // outside the harness's root: the key files ssh-keygen makes
    std::unique_ptr<models::SecretStore> m_secrets;

    bool inMode(const char *mode) const { return m_mode == QLatin1String(mode); }
    QString listPath() const { return m_root + QStringLiteral("/config/nephele/ssh-keys.json"); }

    QString keygen(const QString &name, const QStringList &extra)
    {
        const QString path = m_files.filePath(name);
        QByteArray output;
        const int rc = run(QStringLiteral("ssh-keygen"),
                           QStringList{QStringLiteral("-q"), QStringLiteral("-C"), QStringLiteral("test"),
                                       QStringLiteral("-f"), path} +
                               extra,
                           &output);
        return rc == 0 ? path : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto harness = keyringHarness();
        if (!harness)
            QSKIP(kOutsideKeyringHarness);
        QString missing;
        if (!ssh::test::opensshAvailable(&missing))
            QSKIP("ssh-keygen is not installed (package openssh-client)");
        QVERIFY(m_files.isValid());
        QVERIFY(!m_files.path().startsWith(harness->root));
        m_mode = harness->mode;
        m_root = harness->root;
        m_secrets = std::make_unique<models::SecretStore>();
    }

    void cleanupTestCase() { m_secrets.reset(); }

    void withoutSecretStoreEverythingFailsClearly()
    {
        models::SshKeyStore keys(nullptr);
        for (auto result : {settle(keys.generate(QStringLiteral("k"))),
                            settle(keys.addFromFile(QStringLiteral("k"), QStringLiteral("/nonexistent")))}) {
            QVERIFY(result);
            QVERIFY(!result->has_value());
            QVERIFY2(result->error().contains(QLatin1String("No keychain")), qPrintable(result->error()));
        }
        const auto read = settle(keys.privateKey(QStringLiteral("k")));
        QVERIFY(read && !read->has_value());
        QVERIFY(keys.keys().isEmpty());
    }

    // -- unlocked keyring ------------------------------------------------------------------

    void generateMatchesSshKeygen()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        models::SshKeyStore keys(m_secrets.get(), listPath());
        QVERIFY(keys.load());
        const auto made = settle(keys.generate(QStringLiteral(" deploy ")));
        QVERIFY2(made && made->has_value(), made ? qPrintable(whyNot(*made)) : "generate hung");
        const models::SshKeyEntry entry = **made;
        QCOMPARE(entry.name, QStringLiteral("deploy")); // trimmed
        QCOMPARE(entry.type, QStringLiteral("ssh-ed25519"));
        QVERIFY(!entry.encrypted);
        QVERIFY(entry.source.isEmpty());
        QCOMPARE(keys.keys(), QList<models::SshKeyEntry>{entry});

        // The keychain holds an OpenSSH private key from which ssh-keygen derives the same public
        // key and fingerprint as the list shows.
        const auto text = settle(keys.privateKey(QStringLiteral("deploy")));
        QVERIFY2(text && text->has_value(), text ? qPrintable(whyNot(*text)) : "read hung");
        QVERIFY((*text)->startsWith("-----BEGIN OPENSSH PRIVATE KEY-----"));
        QCOMPARE(keychainHolds(QStringLiteral("deploy")), **text);
        const QString copy = m_files.filePath(QStringLiteral("generated"));
        QVERIFY(writeFile(copy, **text));
        QVERIFY(QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner));
        QByteArray derived;
        QCOMPARE(run(QStringLiteral("ssh-keygen"), {QStringLiteral("-y"), QStringLiteral("-f"), copy}, &derived), 0);
        QCOMPARE(derived.trimmed().split(' ').mid(0, 2), entry.publicKey.toLatin1().split(' ').mid(0, 2));
        QVERIFY(writeFile(copy + QStringLiteral(".pub"), entry.publicKey.toLatin1() + '\n'));
        QCOMPARE(keygenFingerprint(copy + QStringLiteral(".pub")), entry.fingerprint);
        QFile::remove(copy);

        // Not in any file of the harness's HOME and config, the list included.
        QVERIFY(!bodyLines(**text, entry.publicKey).isEmpty());
        for (const QByteArray &line : bodyLines(**text, entry.publicKey))
            QVERIFY2(filesHolding(m_root, line).isEmpty(), qPrintable(filesHolding(m_root, line).join(u' ')));
        QVERIFY(!readFile(listPath()).contains("PRIVATE KEY"));

        // Survives a reload; then removing deletes the keychain entry and the list entry.
        models::SshKeyStore reloaded(m_secrets.get(), listPath());
        QVERIFY(reloaded.load());
        QCOMPARE(reloaded.keys(), keys.keys());
        const auto removed = settle(reloaded.remove(QStringLiteral("deploy")));
        QVERIFY2(removed && removed->has_value(), removed ? qPrintable(whyNot(*removed)) : "remove hung");
        QVERIFY(reloaded.keys().isEmpty());
        QCOMPARE(keychainHolds(QStringLiteral("deploy")), QByteArray());
        const auto gone = settle(reloaded.privateKey(QStringLiteral("deploy")));
        QVERIFY(gone && !gone->has_value());
        QVERIFY2(gone->error().contains(QStringLiteral("no SSH key named “deploy”")), qPrintable(gone->error()));
        QVERIFY(keys.load());
        QVERIFY(keys.keys().isEmpty());
    }

    void addFromFiles_data()
    {
        QTest::addColumn<QStringList>("keygenArguments");
        QTest::addColumn<QString>("type");
        QTest::addColumn<bool>("encrypted");
        QTest::addColumn<bool>("withPub"); // the .pub file stays next to the key
        QTest::addColumn<bool>("knowsFingerprint");
        const QString e = QStringLiteral("ed25519");
        const QString r = QStringLiteral("rsa");
        auto args = [](const QString &type, const char *passphrase, bool pem) {
            QStringList list{QStringLiteral("-t"), type, QStringLiteral("-N"), QString::fromLatin1(passphrase)};
            if (type == QLatin1String("rsa"))
                list << QStringLiteral("-b") << QStringLiteral("2048");
            if (pem)
                list << QStringLiteral("-m") << QStringLiteral("PEM");
            return list;
        };
        const QString ed = QStringLiteral("ssh-ed25519");
        const QString rsa = QStringLiteral("ssh-rsa");
        QTest::newRow("ed25519") << args(e, "", false) << ed << false << true << true;
        QTest::newRow("ed25519 encrypted, no .pub") << args(e, "secret words", false) << ed << true << false << true;
        QTest::newRow("rsa pem") << args(r, "", true) << rsa << false << false << true;
        QTest::newRow("rsa pem encrypted, .pub") << args(r, "secret words", true) << rsa << true << true << true;
        QTest::newRow("rsa pem encrypted, no .pub")
            << args(r, "secret words", true) << QString() << true << false << false;
        QTest::newRow("ecdsa") << args(QStringLiteral("ecdsa"), "", false) << QStringLiteral("ecdsa-sha2-nistp256")
                               << false << false << true;
    }

    void addFromFiles()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        QFETCH(QStringList, keygenArguments);
        QFETCH(QString, type);
        QFETCH(bool, encrypted);
        QFETCH(bool, withPub);
        QFETCH(bool, knowsFingerprint);
        const QString name = QString::fromLatin1(QTest::currentDataTag());
        const QString path = keygen(name, keygenArguments);
        QVERIFY(!path.isEmpty());
        const QString expected = keygenFingerprint(path + QStringLiteral(".pub"));
        QVERIFY(expected.startsWith(QLatin1String("SHA256:")));
        if (!withPub)
            QVERIFY(QFile::remove(path + QStringLiteral(".pub")));

        models::SshKeyStore keys(m_secrets.get(), listPath());
        QVERIFY(keys.load());
        const auto added = settle(keys.addFromFile(name, path));
        QVERIFY2(added && added->has_value(), added ? qPrintable(whyNot(*added)) : "add hung");
        QCOMPARE((*added)->type, type);
        QCOMPARE((*added)->encrypted, encrypted);
        QCOMPARE((*added)->fingerprint, knowsFingerprint ? expected : QString());
        QCOMPARE((*added)->source, path);
        // Kept as it is: an encrypted key stays encrypted.
        const QByteArray original = readFile(path);
        QCOMPARE(keychainHolds(name), original);
        const QByteArray list = readFile(listPath());
        QVERIFY(!bodyLines(original, (*added)->publicKey).isEmpty());
        for (const QByteArray &line : bodyLines(original, (*added)->publicKey))
            QVERIFY(!list.contains(line));

        // The same key again, under another name: refused, nothing changes.
        if (knowsFingerprint) {
            const auto again = settle(keys.addFromFile(name + QStringLiteral(" again"), path));
            QVERIFY(again && !again->has_value());
            QVERIFY2(again->error().contains(name), qPrintable(again->error()));
            QCOMPARE(keychainHolds(name + QStringLiteral(" again")), QByteArray());
        }
        QVERIFY(settle(keys.remove(name))->has_value());
        QCOMPARE(keychainHolds(name), QByteArray());
    }

    void refusals()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        models::SshKeyStore keys(m_secrets.get(), listPath());
        QVERIFY(keys.load());
        const QString notAKey = m_files.filePath(QStringLiteral("not-a-key"));
        QVERIFY(
            writeFile(notAKey, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG2aB0lS2U9l0p0Eo8CUqg1Tz8w6y0cU6bYtQm8hGd5x\n"));
        const auto wrong = settle(keys.addFromFile(QStringLiteral("pub"), notAKey));
        QVERIFY(wrong && !wrong->has_value());
        QVERIFY2(wrong->error().contains(QLatin1String("not a private key")), qPrintable(wrong->error()));
        const auto missing = settle(keys.addFromFile(QStringLiteral("gone"), m_files.filePath(QStringLiteral("nope"))));
        QVERIFY(missing && !missing->has_value());
        QVERIFY2(missing->error().contains(QLatin1String("Cannot read")), qPrintable(missing->error()));
        const auto blank = settle(keys.generate(QStringLiteral("  ")));
        QVERIFY(blank && !blank->has_value());

        // A name in use, and two adds of one name at once: one wins.
        auto first = keys.generate(QStringLiteral("twice"));
        const auto second = settle(keys.generate(QStringLiteral("twice")));
        QVERIFY(second && !second->has_value());
        QVERIFY(settle(first)->has_value());
        const auto third = settle(keys.generate(QStringLiteral("twice")));
        QVERIFY(third && !third->has_value());
        QVERIFY2(third->error().contains(QLatin1String("exists already")), qPrintable(third->error()));

        // A keychain entry the list does not know is never written over.
        QVERIFY(settle(m_secrets->write(models::SshKeyStore::secretKey(QStringLiteral("orphan")),
                                        QStringLiteral("somebody's key")))
                    ->has_value());
        const auto orphan = settle(keys.generate(QStringLiteral("orphan")));
        QVERIFY(orphan && !orphan->has_value());
        QVERIFY2(orphan->error().contains(QLatin1String("already holds")), qPrintable(orphan->error()));
        QCOMPARE(keychainHolds(QStringLiteral("orphan")), QByteArray("somebody's key"));
        QVERIFY(!keys.key(QStringLiteral("orphan")));

        QVERIFY(settle(keys.remove(QStringLiteral("twice")))->has_value());
        QVERIFY(settle(m_secrets->remove(models::SshKeyStore::secretKey(QStringLiteral("orphan"))))->has_value());
        QVERIFY(keys.keys().isEmpty());
    }

    void corruptListIsLeftAlone()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        const QString path = m_root + QStringLiteral("/config/nephele/corrupt-keys.json");
        const QByteArray corrupt = "{\"schema\": 1, \"keys\": [{\"name\": \"prod\", ";
        QVERIFY(writeFile(path, corrupt));
        models::SshKeyStore keys(m_secrets.get(), path);
        const auto loaded = keys.load();
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().contains(path), qPrintable(loaded.error()));
        QVERIFY2(loaded.error().contains(QLatin1String("not valid JSON")), qPrintable(loaded.error()));
        QCOMPARE(keys.loadError(), loaded.error());
        QVERIFY(keys.keys().isEmpty());
        const auto made = settle(keys.generate(QStringLiteral("new")));
        QVERIFY(made && !made->has_value());
        QCOMPARE(made->error(), keys.loadError());
        QCOMPARE(keychainHolds(QStringLiteral("new")), QByteArray()); // nothing half done
        QCOMPARE(readFile(path), corrupt);

        // Not an object with a list: refused the same way.
        QVERIFY(writeFile(path, "[1, 2]"));
        QVERIFY(!keys.load());
        QCOMPARE(readFile(path), QByteArray("[1, 2]"));
    }

    // -- locked keyring and no keyring -----------------------------------------------------

    void lockedOrMissingKeychainFailsClearly()
    {
        if (inMode("unlocked"))
            QSKIP("locked keyring and no keyring only");
        const QMap<QString, QByteArray> before = snapshot(m_root);
        models::SshKeyStore keys(m_secrets.get(), listPath());
        QVERIFY(keys.load());
        const auto made = settle(keys.generate(QStringLiteral("deploy")));
        QVERIFY2(made, "generate hung");
        QVERIFY(!made->has_value());
        const QString expected =
            inMode("locked") ? QStringLiteral("locked") : QStringLiteral("No keychain is available");
        QVERIFY2(made->error().contains(expected), qPrintable(made->error()));
        QVERIFY(keys.keys().isEmpty());
        const auto read = settle(keys.privateKey(QStringLiteral("deploy")));
        QVERIFY(read && !read->has_value());
        QVERIFY2(read->error().contains(expected), qPrintable(read->error()));
        QCOMPARE(snapshot(m_root), before); // no list written, no fallback file
    }
};

QTEST_GUILESS_MAIN(TestSshKeyStore)
#include "tst_sshkeystore.moc"
