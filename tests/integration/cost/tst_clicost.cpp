// nephele-cli's cost command against the built binary and the in-process demo: its total is the
// sum of cost_monthly in `machines list`, with the demo's prices and with a price catalog.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &arguments, const QString &configHome)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome); // never the user's own settings
    env.insert(QStringLiteral("XDG_DATA_HOME"), configHome);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(NEPHELE_CLI_PATH), arguments);
    CliRun run;
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

struct Sums {
    double monthly = 0;
    double hourly = 0;
    int droplets = 0; // the DigitalOcean accounts' machines
    int pricedDroplets = 0;
    QHash<QString, double> byAccount;
    QHash<QString, int> sources;
};

Sums sumMachines(const QJsonArray &machines)
{
    Sums s;
    for (const QJsonValue &v : machines) {
        const QJsonObject m = v.toObject();
        const bool droplet = m.value(QStringLiteral("provider")).toString() == u"digitalocean";
        s.droplets += droplet;
        ++s.sources[m.value(QStringLiteral("cost_source")).toString()];
        if (m.value(QStringLiteral("cost_monthly")).isNull())
            continue;
        s.pricedDroplets += droplet;
        s.monthly += m.value(QStringLiteral("cost_monthly")).toDouble();
        s.hourly += m.value(QStringLiteral("cost_hourly")).toDouble();
        s.byAccount[m.value(QStringLiteral("account")).toString()] +=
            m.value(QStringLiteral("cost_monthly")).toDouble();
    }
    return s;
}

bool nearly(double a, double b)
{
    return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b));
}

} // namespace

class TestCliCost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void totalIsTheSumOfMachinesList()
    {
        QTemporaryDir home;
        const CliRun listed = runCli({QStringLiteral("--demo"), QStringLiteral("machines"), QStringLiteral("list"),
                                      QStringLiteral("-o"), QStringLiteral("json")},
                                     home.path());
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const CliRun cost =
            runCli({QStringLiteral("--demo"), QStringLiteral("cost"), QStringLiteral("-o"), QStringLiteral("json")},
                   home.path());
        QVERIFY2(cost.exitCode == 0, cost.err.constData());

        const Sums sums = sumMachines(QJsonDocument::fromJson(listed.out).array());
        QCOMPARE(sums.droplets, 240 + 90 + 28);       // the demo's three DigitalOcean accounts
        QCOMPARE(sums.pricedDroplets, sums.droplets); // DigitalOcean prices every droplet
        QCOMPARE(sums.sources.value(QStringLiteral("provider")), sums.droplets);

        const QJsonObject root = QJsonDocument::fromJson(cost.out).object();
        QCOMPARE(root.keys(), (QStringList{QStringLiteral("by_account"), QStringLiteral("total")}));
        const QJsonObject total = root.value(QStringLiteral("total")).toObject();
        QCOMPARE(total.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QVERIFY2(nearly(total.value(QStringLiteral("monthly")).toDouble(), sums.monthly),
                 qPrintable(QStringLiteral("cost %1, machines list %2")
                                .arg(total.value(QStringLiteral("monthly")).toDouble(), 0, 'f', 4)
                                .arg(sums.monthly, 0, 'f', 4)));
        QVERIFY(nearly(total.value(QStringLiteral("hourly")).toDouble(), sums.hourly));
        // Realistic: a few thousand dollars a month for 358 droplets of DigitalOcean's list prices.
        QVERIFY(sums.monthly > sums.droplets * 6 && sums.monthly < sums.droplets * 150);

        // One line per account (the demo's clusters too, whose nodes have no price of their own).
        const QJsonArray byAccount = root.value(QStringLiteral("by_account")).toArray();
        QVERIFY(byAccount.size() >= 3);
        double accountsSum = 0;
        int droplets = 0;
        for (const QJsonValue &v : byAccount) {
            const QJsonObject a = v.toObject();
            const QString name = a.value(QStringLiteral("account")).toString();
            QVERIFY2(nearly(a.value(QStringLiteral("monthly")).toDouble(), sums.byAccount.value(name)),
                     qPrintable(name));
            QCOMPARE(a.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
            if (a.value(QStringLiteral("provider")).toString() == u"digitalocean") {
                QCOMPARE(a.value(QStringLiteral("unpriced")).toInt(), 0);
                droplets += a.value(QStringLiteral("machines")).toInt();
            }
            accountsSum += a.value(QStringLiteral("monthly")).toDouble();
        }
        QCOMPARE(droplets, sums.droplets);
        QVERIFY(nearly(accountsSum, sums.monthly));

        const CliRun table =
            runCli({QStringLiteral("--demo"), QStringLiteral("cost"), QStringLiteral("-o"), QStringLiteral("table")},
                   home.path());
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.startsWith("ACCOUNT"));
        QVERIFY(table.out.contains("Production"));
        QVERIFY(table.out.contains("TOTAL"));
        QCOMPARE(table.out.count('\n'), byAccount.size() + 2); // header, the accounts, total

        const CliRun csv =
            runCli({QStringLiteral("--demo"), QStringLiteral("cost"), QStringLiteral("-o"), QStringLiteral("csv")},
                   home.path());
        QCOMPARE(csv.exitCode, 2);
    }

    void aCatalogChangesBothTheSameWay()
    {
        QTemporaryDir home;
        const QString settings = home.filePath(QStringLiteral("prices.json"));
        {
            QFile file(settings);
            QVERIFY(file.open(QIODevice::WriteOnly));
            // A negotiated price for the most common size, and euros for one of its accounts.
            file.write(R"({"catalog": [{"size": "s-1vcpu-1gb", "monthly": 5.0},
                                       {"size": "s-2vcpu-4gb", "account": "demo-staging", "monthly": 21.0,
                                        "currency": "EUR"}]})");
        }
        const QStringList with = {QStringLiteral("--cost-settings"), settings};
        const CliRun listed = runCli(QStringList{QStringLiteral("--demo"), QStringLiteral("machines"),
                                                 QStringLiteral("list"), QStringLiteral("-o"), QStringLiteral("json")} +
                                         with,
                                     home.path());
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray machines = QJsonDocument::fromJson(listed.out).array();
        double usd = 0, eur = 0;
        int catalog = 0;
        for (const QJsonValue &v : machines) {
            const QJsonObject m = v.toObject();
            if (m.value(QStringLiteral("size")).toString() == u"s-1vcpu-1gb") {
                QCOMPARE(m.value(QStringLiteral("cost_monthly")).toDouble(), 5.0);
                QCOMPARE(m.value(QStringLiteral("cost_source")).toString(), QStringLiteral("catalog"));
            }
            catalog += m.value(QStringLiteral("cost_source")).toString() == u"catalog";
            (m.value(QStringLiteral("currency")).toString() == u"EUR" ? eur : usd) +=
                m.value(QStringLiteral("cost_monthly")).toDouble();
        }
        QVERIFY(catalog > 0);
        QVERIFY(eur > 0);

        const CliRun cost = runCli(QStringList{QStringLiteral("--demo"), QStringLiteral("cost"), QStringLiteral("-o"),
                                               QStringLiteral("json")} +
                                       with,
                                   home.path());
        QVERIFY2(cost.exitCode == 0, cost.err.constData());
        const QJsonObject root = QJsonDocument::fromJson(cost.out).object();
        // Two currencies: never one total.
        QVERIFY(root.value(QStringLiteral("total")).isNull());
        const QJsonArray totals = root.value(QStringLiteral("totals")).toArray();
        QCOMPARE(totals.size(), 2);
        for (const QJsonValue &v : totals) {
            const QJsonObject t = v.toObject();
            const bool isEur = t.value(QStringLiteral("currency")).toString() == u"EUR";
            QVERIFY(nearly(t.value(QStringLiteral("monthly")).toDouble(), isEur ? eur : usd));
        }

        const CliRun broken = runCli({QStringLiteral("--demo"), QStringLiteral("cost"),
                                      QStringLiteral("--cost-settings"), home.filePath(QStringLiteral("nope.json"))},
                                     home.path());
        QCOMPARE(broken.exitCode, 2);
        QVERIFY(broken.err.contains("does not exist"));
    }
};

QTEST_GUILESS_MAIN(TestCliCost)
#include "tst_clicost.moc"
