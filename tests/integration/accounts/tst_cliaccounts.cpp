// nephele-cli on the console's saved accounts: settings from accounts.json, the token from a real
// Secret Service (run by with-keyring.sh), the machines from a simulated DigitalOcean.

#include "keyringtestsupport.h"

#include "accounts/accountstore.h"
#include "accounts/secretstore.h"
#include "sim/digitaloceansim.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace nephele;

namespace {

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(NEPHELE_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(60'000)) {
        process.kill();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TestCliAccounts final : public QObject
{
    Q_OBJECT

    QString m_mode;
    QString mode() const { return m_mode; }

private Q_SLOTS:
    void initTestCase()
    {
        const auto harness = testsupport::keyringHarness();
        if (!harness)
            QSKIP(testsupport::kOutsideKeyringHarness);
        m_mode = harness->mode;
    }

    void listsSavedAccountsWithTheTokenFromTheKeychain()
    {
        if (mode() != QLatin1String("unlocked"))
            QSKIP("needs an unlocked keyring");
        sim::DigitalOceanSimOptions options;
        options.droplets = 17;
        options.seed = 5;
        sim::DigitalOceanSim cloud(options);
        std::string why;
        QVERIFY2(cloud.start(&why), why.c_str());

        models::AccountStore store; // the default place, inside the harness's HOME
        store.load();
        models::Account account;
        account.id = models::AccountStore::newAccountId();
        account.name = QStringLiteral("Simulated");
        account.provider = QStringLiteral("digitalocean");
        account.endpoint = QUrl(QString::fromStdString(cloud.url()));
        QVERIFY(store.add(account).has_value());
        models::SecretStore secrets;
        const auto written = testsupport::settle(secrets.write(account.id, QString::fromStdString(cloud.token())));
        QVERIFY(written && written->has_value());

        const CliRun listed =
            runCli({QStringLiteral("machines"), QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray machines = QJsonDocument::fromJson(listed.out).array();
        QCOMPARE(machines.size(), 17);
        QCOMPARE(machines.at(0).toObject().value(QStringLiteral("account")).toString(), QStringLiteral("Simulated"));

        const CliRun byName = runCli({QStringLiteral("machines"), QStringLiteral("list"), QStringLiteral("--account"),
                                      QStringLiteral("Simulated"), QStringLiteral("-o"), QStringLiteral("csv")});
        QCOMPARE(byName.exitCode, 0);
        QCOMPARE(byName.out.count('\n'), 18); // header + 17 rows

        const CliRun unknown = runCli(
            {QStringLiteral("machines"), QStringLiteral("list"), QStringLiteral("--account"), QStringLiteral("Nope")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("No account is named"));

        // Without its token the account is reported, with the keychain's reason.
        const auto removed = testsupport::settle(secrets.remove(account.id));
        QVERIFY(removed && removed->has_value());
        const CliRun noToken = runCli({QStringLiteral("machines"), QStringLiteral("list")});
        QCOMPARE(noToken.exitCode, 1);
        QVERIFY2(noToken.err.contains("Simulated"), noToken.err.constData());
        QVERIFY(!noToken.err.contains(cloud.token().c_str()));
    }

    void withoutAKeychainTheReasonIsGiven()
    {
        if (mode() != QLatin1String("no-keyring"))
            QSKIP("needs a session without a Secret Service");
        models::AccountStore store;
        store.load();
        models::Account account;
        account.id = models::AccountStore::newAccountId();
        account.name = QStringLiteral("Remote");
        account.provider = QStringLiteral("digitalocean");
        account.endpoint = QUrl(QStringLiteral("https://api.digitalocean.com"));
        QVERIFY(store.add(account).has_value());
        const CliRun run = runCli({QStringLiteral("machines"), QStringLiteral("list")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("No keychain is available"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAccounts)
#include "tst_cliaccounts.moc"
