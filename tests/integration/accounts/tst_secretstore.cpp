// SecretStore against a real Secret Service (gnome-keyring through QtKeychain and libsecret).
// Run only through with-keyring.sh, which gives the process its own session bus, HOME and XDG
// folders, and a keyring in one of three states (NEPHELE_KEYRING_MODE): "unlocked", "locked",
// "none". Each test function belongs to one state and is skipped in the others; run by hand
// outside the harness, everything is skipped so the user's own keychain is never touched.

#include "accounts/account.h"
#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "keyringtestsupport.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace nephele;

namespace {

using namespace nephele::testsupport;

constexpr int kDeadlineMs = 20'000; // every keychain call answers in well under a second here

// The message of a failed result, for a check's output (QVERIFY2 builds it even on success).
template<typename R>
QString whyNot(const R &result)
{
    return result.has_value() ? QString() : result.error();
}

QByteArray randomBytes(int count)
{
    QByteArray raw(count, Qt::Uninitialized);
    for (char &byte : raw)
        byte = char(QRandomGenerator::global()->bounded(256));
    return raw;
}

QString randomText(int bytes)
{
    return QString::fromLatin1(randomBytes(bytes).toBase64());
}

// A PEM block of 64-character lines around `bodyBytes` random bytes, ending in a newline.
QString pemBlock(const QString &label, int bodyBytes, const QString &headers = {})
{
    const QString body = randomText(bodyBytes);
    QString pem = QStringLiteral("-----BEGIN %1-----\n").arg(label) + headers;
    for (qsizetype i = 0; i < body.size(); i += 64)
        pem += body.mid(i, 64) + QLatin1Char('\n');
    return pem + QStringLiteral("-----END %1-----\n").arg(label);
}

struct Secret {
    const char *kind;
    QString value;     // what the keychain holds for the account
    QStringList inner; // secrets inside `value` (a bundle of several), each searched for on its own
};

// A keychain text the way the Add dialog keeps the secrets of a provider that has more than one:
// a compact JSON object by kind.
QString bundle(const QList<std::pair<QString, QString>> &secrets)
{
    QJsonObject object;
    for (const auto &[kind, value] : secrets)
        object.insert(kind, value);
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// One of each kind an account may hold (the list: tokens, passwords, private keys, client
// keys, application credentials), fresh for every run so that no byte sequence can be in a file by
// chance.
QList<Secret> sampleSecrets()
{
    const QString clientKey = pemBlock(QStringLiteral("EC PRIVATE KEY"), 120);
    const QString credentialSecret =
        QString::fromLatin1(randomBytes(48).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString awsSecret = QString::fromLatin1(randomBytes(30).toBase64());
    return {
        {"token", QStringLiteral("dop_v1_") + QString::fromLatin1(randomBytes(32).toHex()), {}},
        {"password",
         QStringLiteral("Pa55 word \"quoted\" 'single' $HOME %1 \\n \u00fcml\u00e4ut \u2601 ") + randomText(12),
         {}},
        {"private-key",
         pemBlock(QStringLiteral("RSA PRIVATE KEY"), 1188,
                  QStringLiteral("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,%1\n\n")
                      .arg(QString::fromLatin1(randomBytes(16).toHex().toUpper()))),
         {}},
        {"key-passphrase",
         QStringLiteral("  correct horse battery staple ") + randomText(9) + QStringLiteral("  "),
         {}},
        // kubeconfig's client-key-data: base64 of a PEM key
        {"client-key",
         bundle({{QStringLiteral("client-key-data"), QString::fromLatin1(clientKey.toLatin1().toBase64())}}),
         {QString::fromLatin1(clientKey.toLatin1().toBase64())}},
        {"application-credential",
         bundle({{QStringLiteral("application-credential-id"), QString::fromLatin1(randomBytes(16).toHex())},
                 {QStringLiteral("application-credential-secret"), credentialSecret}}),
         {credentialSecret}},
        {"aws-access-key",
         bundle({{QStringLiteral("access-key-id"),
                  QStringLiteral("AKIA") + QString::fromLatin1(randomBytes(8).toHex()).toUpper()},
                 {QStringLiteral("secret-access-key"), awsSecret}}),
         {awsSecret}},
    };
}

// The ways a secret could sit in a file in plain text: its UTF-8 and UTF-16 bytes, and each of
// its long lines on its own (a key written line by line, or re-wrapped).
QList<QByteArray> plainForms(const QString &secret)
{
    QList<QByteArray> forms{secret.toUtf8(),
                            QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2)};
    const QStringList lines = secret.split(QLatin1Char('\n'));
    if (lines.size() > 1) {
        for (const QString &line : lines) {
            if (line.size() >= 24 && !line.startsWith(QLatin1String("-----")))
                forms.append(line.toUtf8());
        }
    }
    return forms;
}

// What the Secret Service itself holds for (service, key), asked with libsecret's own tool so
// the check does not go through the code under test. QtKeychain's schema: user = key,
// server = service.
std::optional<QByteArray> secretToolLookup(const QString &service, const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"),
               {QStringLiteral("lookup"), QStringLiteral("user"), key, QStringLiteral("server"), service});
    if (!tool.waitForFinished(kDeadlineMs) || tool.exitStatus() != QProcess::NormalExit || tool.exitCode() != 0)
        return std::nullopt;
    return tool.readAllStandardOutput();
}

} // namespace

class TestSecretStore final : public QObject
{
    Q_OBJECT

    QString m_mode;
    QString m_root;
    std::unique_ptr<models::SecretStore> m_secrets;

    bool inMode(const char *mode) const { return m_mode == QLatin1String(mode); }

private Q_SLOTS:
    void initTestCase()
    {
        const auto harness = nephele::testsupport::keyringHarness();
        if (!harness)
            QSKIP(nephele::testsupport::kOutsideKeyringHarness);
        m_mode = harness->mode;
        m_root = harness->root;
        for (const char *var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"})
            QVERIFY2(qEnvironmentVariable(var).startsWith(m_root), var);
        // As in the app, so that AccountStore's default folder is the one it really uses.
        QCoreApplication::setApplicationName(QStringLiteral("Nephele"));
        QCoreApplication::setOrganizationDomain(QStringLiteral("nephele.dev"));
        m_secrets = std::make_unique<models::SecretStore>();
        QCOMPARE(m_secrets->service(), QStringLiteral("nephele"));
    }

    void cleanupTestCase() { m_secrets.reset(); }

    // -- unlocked keyring ------------------------------------------------------------------

    void writeReadUpdateRemove()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        const QString id = models::AccountStore::newAccountId();

        auto written = settle(m_secrets->write(id, QStringLiteral("first-token")));
        QVERIFY2(written, "write did not finish");
        QVERIFY2(written->has_value(), qPrintable(whyNot(*written)));
        auto read = settle(m_secrets->read(id));
        QVERIFY2(read, "read did not finish");
        QVERIFY2(read->has_value(), qPrintable(whyNot(*read)));
        QCOMPARE(**read, QStringLiteral("first-token"));

        written = settle(m_secrets->write(id, QStringLiteral("second-token")));
        QVERIFY(written && written->has_value());
        read = settle(m_secrets->read(id));
        QVERIFY(read && read->has_value());
        QCOMPARE(**read, QStringLiteral("second-token"));
        QCOMPARE(secretToolLookup(QStringLiteral("nephele"), id), std::optional(QByteArray("second-token")));

        auto removed = settle(m_secrets->remove(id));
        QVERIFY2(removed, "remove did not finish");
        QVERIFY2(removed->has_value(), qPrintable(whyNot(*removed)));
        read = settle(m_secrets->read(id));
        QVERIFY(read);
        QVERIFY(!read->has_value());
        QVERIFY2(read->error().contains(QLatin1String("holds no token for this account")), qPrintable(read->error()));
        QVERIFY2(read->error().contains(id), qPrintable(read->error()));
        QCOMPARE(secretToolLookup(QStringLiteral("nephele"), id), std::nullopt);

        // Removing what is not there is not an error: the entry is gone either way.
        removed = settle(m_secrets->remove(id));
        QVERIFY(removed && removed->has_value());
    }

    void eachKindRoundTripsExactly_data()
    {
        QTest::addColumn<QString>("secret");
        for (const Secret &secret : sampleSecrets())
            QTest::newRow(secret.kind) << secret.value;
    }

    void eachKindRoundTripsExactly()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        QFETCH(QString, secret);
        const QString id = models::AccountStore::newAccountId();
        const auto written = settle(m_secrets->write(id, secret));
        QVERIFY(written);
        QVERIFY2(written->has_value(), qPrintable(whyNot(*written)));
        const auto read = settle(m_secrets->read(id));
        QVERIFY(read);
        QVERIFY2(read->has_value(), qPrintable(whyNot(*read)));
        QCOMPARE(**read, secret);
        // The same bytes in the Secret Service itself, not only through QtKeychain.
        QCOMPARE(secretToolLookup(QStringLiteral("nephele"), id), std::optional(secret.toUtf8()));
    }

    void secretsAreInNoFile()
    {
        if (!inMode("unlocked"))
            QSKIP("unlocked keyring only");
        const QString keyringFile = qEnvironmentVariable("XDG_DATA_HOME") + QStringLiteral("/keyrings/login.keyring");
        QVERIFY2(QFile::exists(keyringFile), qPrintable(keyringFile));
        const qint64 keyringSizeBefore = QFileInfo(keyringFile).size();

        // Accounts as the app adds them: the token to the keychain, the settings to the store.
        models::AccountStore accounts;
        QVERIFY2(accounts.load(), qPrintable(accounts.loadError()));
        QVERIFY2(accounts.filePath().startsWith(qEnvironmentVariable("XDG_CONFIG_HOME")),
                 qPrintable(accounts.filePath()));
        const QList<Secret> secrets = sampleSecrets();
        qint64 secretBytes = 0;
        for (const Secret &secret : secrets) {
            models::Account account;
            account.id = models::AccountStore::newAccountId();
            account.name = QString::fromLatin1(secret.kind);
            account.provider = QStringLiteral("digitalocean");
            account.endpoint = QUrl(QStringLiteral("https://api.digitalocean.com"));
            const auto written = settle(m_secrets->write(account.id, secret.value));
            QVERIFY(written);
            QVERIFY2(written->has_value(), qPrintable(whyNot(*written)));
            const auto added = accounts.add(account);
            QVERIFY2(added, qPrintable(whyNot(added)));
            secretBytes += secret.value.toUtf8().size();
        }
        // The keyring file grows by (at least) the secrets' size: they are persisted there,
        // encrypted. gnome-keyring writes it as each item is stored.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(keyringFile).size() >= keyringSizeBefore + secretBytes, kDeadlineMs);

        const QMap<QString, QByteArray> files = snapshot(m_root);
        QVERIFY2(files.contains(accounts.filePath()), "accounts.json is not among the files walked");
        QVERIFY(files.contains(keyringFile));
        for (const QString &dir :
             {QDir::homePath(), qEnvironmentVariable("XDG_CONFIG_HOME"), qEnvironmentVariable("XDG_DATA_HOME")})
            QVERIFY2(dir.startsWith(m_root), qPrintable(dir));

        int checked = 0;
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            QFile file(it.key());
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(it.key()));
            const QByteArray content = file.readAll();
            for (const Secret &secret : secrets) {
                QList<QByteArray> forms = plainForms(secret.value);
                for (const QString &inner : secret.inner)
                    forms += plainForms(inner);
                for (const QByteArray &form : std::as_const(forms)) {
                    QVERIFY2(
                        !content.contains(form),
                        qPrintable(
                            QStringLiteral("%1 holds the %2 in plain text").arg(it.key(), QLatin1String(secret.kind))));
                }
            }
            ++checked;
        }
        qInfo("%d files checked, %lld secret bytes stored", checked, secretBytes);

        // The settings file holds the accounts, and nothing secret.
        QFile json(accounts.filePath());
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray settings = json.readAll();
        for (const models::Account &account : accounts.accounts())
            QVERIFY(settings.contains(account.id.toUtf8()));
        // Only the non-secret settings, by name: no field that could hold a token.
        const QSet<QString> allowed{QStringLiteral("id"),
                                    QStringLiteral("name"),
                                    QStringLiteral("provider"),
                                    QStringLiteral("endpoint"),
                                    QStringLiteral("caCertificateFile"),
                                    QStringLiteral("allowPlainHttp"),
                                    QStringLiteral("enabled")};
        const QJsonArray list = QJsonDocument::fromJson(settings).object().value(QStringLiteral("accounts")).toArray();
        QCOMPARE(list.size(), secrets.size());
        for (const QJsonValue &entry : list) {
            const QStringList keys = entry.toObject().keys();
            for (const QString &key : keys)
                QVERIFY2(allowed.contains(key), qPrintable(key));
        }

        // And each secret is still there for its account, after the store was reloaded.
        models::AccountStore reloaded;
        QVERIFY(reloaded.load());
        QCOMPARE(reloaded.accounts().size(), secrets.size());
        for (qsizetype i = 0; i < secrets.size(); ++i) {
            const auto read = settle(m_secrets->read(reloaded.accounts().at(i).id));
            QVERIFY(read && read->has_value());
            QCOMPARE(**read, secrets.at(i).value);
        }
    }

    // -- no Secret Service on the bus ------------------------------------------------------

    void withoutKeychainEveryCallFailsClearly()
    {
        if (!inMode("none"))
            QSKIP("no keyring only");
        const QMap<QString, QByteArray> before = snapshot(m_root);
        const QString id = models::AccountStore::newAccountId();
        const QString secret = sampleSecrets().first().value;

        const auto written = settle(m_secrets->write(id, secret));
        QVERIFY2(written, "write hung without a keychain");
        QVERIFY(!written->has_value());
        QVERIFY2(written->error().startsWith(QLatin1String("No keychain is available")), qPrintable(written->error()));
        QVERIFY2(written->error().contains(QLatin1String("GNOME Keyring")), qPrintable(written->error()));

        const auto read = settle(m_secrets->read(id));
        QVERIFY2(read, "read hung without a keychain");
        QVERIFY(!read->has_value());
        QVERIFY2(read->error().startsWith(QLatin1String("No keychain is available")), qPrintable(read->error()));

        const auto removed = settle(m_secrets->remove(id));
        QVERIFY2(removed, "remove hung without a keychain");
        QVERIFY(!removed->has_value());
        QVERIFY2(removed->error().startsWith(QLatin1String("No keychain is available")), qPrintable(removed->error()));

        // No fallback: not a byte went to a file instead.
        QCOMPARE(snapshot(m_root), before);
    }

    // -- locked keyring, nobody to unlock it -----------------------------------------------

    void lockedKeychainFailsClearly()
    {
        if (!inMode("locked"))
            QSKIP("locked keyring only");
        const QMap<QString, QByteArray> before = snapshot(m_root);
        const QString id = models::AccountStore::newAccountId();
        const QString secret = sampleSecrets().first().value;

        const auto written = settle(m_secrets->write(id, secret));
        QVERIFY2(written, "write hung on a locked keychain");
        QVERIFY(!written->has_value());
        QVERIFY2(written->error().startsWith(QLatin1String("The keychain denied access")),
                 qPrintable(written->error()));
        QVERIFY2(written->error().contains(QLatin1String("locked")), qPrintable(written->error()));

        // A read cannot tell "locked" from "absent": libsecret asks for an unlock prompt, none
        // can be shown (the harness's bus has no prompter), and the lookup comes back empty.
        // The message must still name the lock, so the user is not sent to re-enter the token.
        const auto read = settle(m_secrets->read(id));
        QVERIFY2(read, "read hung on a locked keychain");
        QVERIFY(!read->has_value());
        QVERIFY2(read->error().contains(QLatin1String("locked")), qPrintable(read->error()));
        QVERIFY2(read->error().contains(QLatin1String("Unlock the keychain")), qPrintable(read->error()));

        QCOMPARE(snapshot(m_root), before);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
