// Cost resolution, table-driven: which source wins, hourly <-> monthly over months of 28 to 31
// days, the providers' billing rules for stopped machines, bad tag values, currencies.

#include "cost/costresolver.h"
#include "cost/costsettings.h"
#include "digitalocean/digitaloceandriver.h"

#include <QTest>

using namespace nephele;
using namespace nephele::models::cost;
using drivers::MachineState;

namespace {

// A provider whose stopped machines are not billed (as EC2's compute), beside DigitalOcean's
// real table.
const drivers::Capabilities *testCapabilities(QStringView provider)
{
    static const drivers::Capabilities ec2Like = [] {
        drivers::Capabilities c;
        c.provider = QStringLiteral("ec2like");
        c.displayName = QStringLiteral("EC2-like");
        c.stoppedMachinesBilled = false;
        return c;
    }();
    if (provider == u"digitalocean")
        return &drivers::digitalocean::capabilities();
    if (provider == u"ec2like")
        return &ec2Like;
    return nullptr;
}

std::optional<double> optional(const QVariant &value)
{
    return value.isValid() ? std::optional(value.toDouble()) : std::nullopt;
}

} // namespace

class TestCostResolver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resolves_data()
    {
        QTest::addColumn<QByteArray>("settings"); // cost settings JSON
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("size");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QVariant>("priceHourly");
        QTest::addColumn<QVariant>("priceMonthly");
        QTest::addColumn<QVariant>("tagMonthly"); // the cost_per_month tag's text, invalid: no tag
        QTest::addColumn<QVariant>("tagHourly");
        QTest::addColumn<int>("state");
        QTest::addColumn<QDate>("today");
        QTest::addColumn<QString>("source");
        QTest::addColumn<double>("monthly");
        QTest::addColumn<double>("hourly");
        QTest::addColumn<double>("listMonthly");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("note"); // a note that must be there ("" = none required)

        const QDate jan24(2024, 1, 15), feb23(2023, 2, 10), feb24(2024, 2, 10), apr24(2024, 4, 3);
        const int running = int(MachineState::Running), stopped = int(MachineState::Stopped);
        const QByteArray none = "{}";
        const QByteArray catalog = R"({"catalog": [{"size": "s-2vcpu-4gb", "monthly": 20}]})";
        const QVariant no;

        QTest::newRow("provider's monthly and hourly as listed")
            << none << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << no << no << running << jan24 << "provider" << 24.0
            << 0.03571 << 24.0 << "USD"
            << "";
        QTest::newRow("catalog over tag over provider")
            << catalog << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << QVariant(QStringLiteral("30")) << no << running << apr24
            << "catalog" << 20.0 << 20.0 / 720 << 20.0 << "USD"
            << "catalog comes first";
        QTest::newRow("tag over provider")
            << none << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << QVariant(QStringLiteral("30")) << no << running << apr24
            << "tag" << 30.0 << 30.0 / 720 << 30.0 << "USD"
            << "is not used";
        QTest::newRow("hourly tag, 28-day month") << none << "digitalocean"
                                                  << "x"
                                                  << "nyc3" << no << no << no << QVariant(QStringLiteral("0.1"))
                                                  << running << feb23 << "tag" << 67.2 << 0.1 << 67.2 << "USD"
                                                  << "672 hours";
        QTest::newRow("hourly tag, 29-day month") << none << "digitalocean"
                                                  << "x"
                                                  << "nyc3" << no << no << no << QVariant(QStringLiteral("0.1"))
                                                  << running << feb24 << "tag" << 69.6 << 0.1 << 69.6 << "USD"
                                                  << "696 hours";
        QTest::newRow("hourly tag, 30-day month") << none << "digitalocean"
                                                  << "x"
                                                  << "nyc3" << no << no << no << QVariant(QStringLiteral("0.1"))
                                                  << running << apr24 << "tag" << 72.0 << 0.1 << 72.0 << "USD"
                                                  << "720 hours";
        QTest::newRow("hourly tag, 31-day month") << none << "digitalocean"
                                                  << "x"
                                                  << "nyc3" << no << no << no << QVariant(QStringLiteral(" 0.1 "))
                                                  << running << jan24 << "tag" << 74.4 << 0.1 << 74.4 << "USD"
                                                  << "744 hours";
        QTest::newRow("monthly catalog, hourly over 31 days")
            << QByteArray(R"({"catalog": [{"size": "m1.large", "monthly": 74.4}]})") << "openstack"
            << "m1.large"
            << "r1" << no << no << no << no << running << jan24 << "catalog" << 74.4 << 0.1 << 74.4 << "USD"
            << "744 hours";
        QTest::newRow("provider hourly only, 28-day month") << none << "digitalocean"
                                                            << "x"
                                                            << "nyc3" << QVariant(0.25) << no << no << no << running
                                                            << feb23 << "provider" << 168.0 << 0.25 << 168.0 << "USD"
                                                            << "";
        QTest::newRow("bad tag value ignored with a note")
            << none << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << QVariant(QStringLiteral("abc")) << no << running
            << jan24 << "provider" << 24.0 << 0.03571 << 24.0 << "USD"
            << "cost_per_month=\"abc\" is not a price";
        QTest::newRow("negative tag ignored")
            << none << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << QVariant(QStringLiteral("-5")) << no << running << jan24
            << "provider" << 24.0 << 0.03571 << 24.0 << "USD"
            << "\"-5\" is not a price";
        QTest::newRow("empty tag ignored") << none << "digitalocean"
                                           << "s-2vcpu-4gb"
                                           << "nyc3" << no << QVariant(24.0) << QVariant(QString()) << no << running
                                           << apr24 << "provider" << 24.0 << 24.0 / 720 << 24.0 << "USD"
                                           << "is not a price";
        QTest::newRow("bad monthly tag, good hourly tag")
            << none << "digitalocean"
            << "x"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << QVariant(QStringLiteral("twelve"))
            << QVariant(QStringLiteral("0.05")) << running << apr24 << "tag" << 36.0 << 0.05 << 36.0 << "USD"
            << "\"twelve\"";
        QTest::newRow("stopped DigitalOcean droplet is billed")
            << none << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << no << no << stopped << jan24 << "provider" << 24.0
            << 0.03571 << 24.0 << "USD"
            << "Billed while stopped";
        QTest::newRow("stopped machine not billed where the provider says so")
            << none << "ec2like"
            << "t3.small"
            << "us-east-1" << QVariant(0.0208) << QVariant(15.18) << no << no << stopped << jan24 << "provider" << 0.0
            << 0.0 << 15.18 << "USD"
            << "Not billed while stopped";
        QTest::newRow("running machine billed where stopped ones are not")
            << none << "ec2like"
            << "t3.small"
            << "us-east-1" << QVariant(0.0208) << QVariant(15.18) << no << no << running << jan24 << "provider" << 15.18
            << 0.0208 << 15.18 << "USD"
            << "";
        QTest::newRow("stopped with a tag price follows the provider's rule")
            << none << "ec2like"
            << "t3.small"
            << "us-east-1" << no << no << QVariant(QStringLiteral("40")) << no << stopped << jan24 << "tag" << 0.0
            << 0.0 << 40.0 << "USD"
            << "Not billed";
        QTest::newRow("terminated is never billed")
            << none << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << no << no << int(MachineState::Terminated) << jan24
            << "provider" << 0.0 << 0.0 << 24.0 << "USD"
            << "terminated";
        QTest::newRow("account catalog line beats the provider's line")
            << QByteArray(R"({"catalog": [{"size": "s-1vcpu-1gb", "provider": "digitalocean", "monthly": 10},
                                          {"size": "s-1vcpu-1gb", "account": "acc", "monthly": 8}]})")
            << "digitalocean"
            << "s-1vcpu-1gb"
            << "nyc3" << QVariant(0.00893) << QVariant(6.0) << no << no << running << apr24 << "catalog" << 8.0
            << 8.0 / 720 << 8.0 << "USD"
            << "";
        QTest::newRow("catalog line for another location is skipped")
            << QByteArray(R"({"catalog": [{"size": "s-1vcpu-1gb", "location": "fra1", "monthly": 5}]})")
            << "digitalocean"
            << "s-1vcpu-1gb"
            << "nyc3" << QVariant(0.00893) << QVariant(6.0) << no << no << running << apr24 << "provider" << 6.0
            << 0.00893 << 6.0 << "USD"
            << "";
        QTest::newRow("catalog in another currency")
            << QByteArray(R"({"catalog": [{"size": "cx22", "hourly": 0.0063, "monthly": 3.79, "currency": "EUR"}]})")
            << "hetzner"
            << "cx22"
            << "fsn1" << no << no << no << no << running << apr24 << "catalog" << 3.79 << 0.0063 << 3.79 << "EUR"
            << "";
        QTest::newRow("account flavor rate where the cloud has no prices")
            << QByteArray(R"({"accounts": {"acc": {"currency": "EUR", "flavors": {"m1.small": {"monthly": 12.5}}}}})")
            << "openstack"
            << "m1.small"
            << "r1" << no << no << no << no << running << apr24 << "rates" << 12.5 << 12.5 / 720 << 12.5 << "EUR"
            << "";
        QTest::newRow("account unit rates: vCPU, GB of RAM, GB of disk")
            << QByteArray(
                   R"({"accounts": {"acc": {"units": {"period": "month", "vcpu": 5, "ram_gb": 2, "disk_gb": 0.1}}}})")
            << "libvirt"
            << "custom"
            << "" << no << no << no << no << running << apr24 << "rates" << 22.0 << 22.0 / 720 << 22.0 << "USD"
            << "";
        QTest::newRow("account unit rates per hour")
            << QByteArray(R"({"accounts": {"acc": {"units": {"period": "hour", "vcpu": 0.01}}}})") << "libvirt"
            << "custom"
            << "" << no << no << no << no << running << feb23 << "rates" << 0.02 * 672 << 0.02 << 0.02 * 672 << "USD"
            << "";
        QTest::newRow("provider price over account rates")
            << QByteArray(R"({"accounts": {"acc": {"units": {"vcpu": 50}}}})") << "digitalocean"
            << "s-2vcpu-4gb"
            << "nyc3" << QVariant(0.03571) << QVariant(24.0) << no << no << running << jan24 << "provider" << 24.0
            << 0.03571 << 24.0 << "USD"
            << "";
        QTest::newRow("tag in the account's currency")
            << QByteArray(R"({"accounts": {"acc": {"currency": "EUR"}}})") << "openstack"
            << "m1.small"
            << "r1" << no << no << QVariant(QStringLiteral("$30")) << no << running << apr24 << "tag" << 30.0
            << 30.0 / 720 << 30.0 << "EUR"
            << "";
        QTest::newRow("no source at all")
            << none << "openstack"
            << "m1.small"
            << "r1" << no << no << no << no << running << apr24 << "none" << 0.0 << 0.0 << 0.0 << ""
            << "";
    }

    void resolves()
    {
        QFETCH(QByteArray, settings);
        QFETCH(QString, provider);
        QFETCH(QString, size);
        QFETCH(QString, location);
        QFETCH(QVariant, priceHourly);
        QFETCH(QVariant, priceMonthly);
        QFETCH(QVariant, tagMonthly);
        QFETCH(QVariant, tagHourly);
        QFETCH(int, state);
        QFETCH(QDate, today);
        QFETCH(QString, source);
        QFETCH(double, monthly);
        QFETCH(double, hourly);
        QFETCH(double, listMonthly);
        QFETCH(QString, currency);
        QFETCH(QString, note);

        auto parsed = CostSettings::fromJson(settings);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
        CostResolver resolver(*parsed, &testCapabilities);
        resolver.setToday(today);

        // Through a driver's record, as the CLI resolves it.
        drivers::Machine m;
        m.id = QStringLiteral("1");
        m.sizeId = size;
        m.location = location;
        m.state = MachineState(state);
        m.vcpus = 2;
        m.memoryMb = 4096;
        m.diskGb = 40;
        m.priceHourly = optional(priceHourly);
        m.priceMonthly = optional(priceMonthly);
        m.tags = {drivers::Tag{QStringLiteral("env"), QStringLiteral("prod")}};
        if (tagMonthly.isValid())
            m.tags.append(drivers::Tag{QStringLiteral("cost_per_month"), tagMonthly.toString()});
        if (tagHourly.isValid())
            m.tags.append(drivers::Tag{QStringLiteral("Cost_Per_Hour"), tagHourly.toString()});

        CostExplanation why;
        const MachineCost c = resolver.resolve(CostInput::from(m, u"acc", provider), &why);
        QCOMPARE(costSourceName(c.source), source);
        QVERIFY2(qAbs(c.monthly - monthly) < 1e-9, qPrintable(QString::number(c.monthly, 'f', 6)));
        QVERIFY2(qAbs(c.hourly - hourly) < 1e-9, qPrintable(QString::number(c.hourly, 'f', 8)));
        QVERIFY2(qAbs(c.listMonthly - listMonthly) < 1e-9, qPrintable(QString::number(c.listMonthly, 'f', 6)));
        QCOMPARE(c.currency, currency);
        QCOMPARE(c.billed, c.monthly > 0 || c.listMonthly == 0);
        QVERIFY(!why.detail.isEmpty());
        if (!note.isEmpty()) {
            QVERIFY2(why.notes.join(u'\n').contains(note, Qt::CaseInsensitive),
                     qPrintable(QStringLiteral("notes: ") + why.notes.join(QStringLiteral(" | "))));
        }
        // The figures do not depend on being asked why.
        const MachineCost quiet = resolver.resolve(CostInput::from(m, u"acc", provider));
        QCOMPARE(quiet.monthly, c.monthly);
        QCOMPARE(quiet.source, c.source);
    }

    void monthHours_data()
    {
        QTest::addColumn<QDate>("day");
        QTest::addColumn<int>("hours");
        QTest::newRow("February, common year") << QDate(2023, 2, 28) << 672;
        QTest::newRow("February, leap year") << QDate(2024, 2, 1) << 696;
        QTest::newRow("April") << QDate(2024, 4, 30) << 720;
        QTest::newRow("December") << QDate(2024, 12, 31) << 744;
    }

    void monthHours()
    {
        QFETCH(QDate, day);
        QFETCH(int, hours);
        QCOMPARE(hoursInMonth(day), hours);
        CostResolver resolver;
        resolver.setToday(day);
        QCOMPARE(resolver.monthHours(), hours);
    }

    void tagAmounts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QVariant>("amount");
        QTest::newRow("integer") << "25" << QVariant(25.0);
        QTest::newRow("decimal") << "0.0125" << QVariant(0.0125);
        QTest::newRow("dollar sign") << "$ 12.5" << QVariant(12.5);
        QTest::newRow("spaces") << "  7 " << QVariant(7.0);
        QTest::newRow("zero") << "0" << QVariant(0.0);
        QTest::newRow("negative") << "-1" << QVariant();
        QTest::newRow("words") << "ten" << QVariant();
        QTest::newRow("empty") << "" << QVariant();
        QTest::newRow("comma decimal") << "12,5" << QVariant();
        QTest::newRow("infinity") << "inf" << QVariant();
        QTest::newRow("nan") << "nan" << QVariant();
    }

    void tagAmounts()
    {
        QFETCH(QString, text);
        QFETCH(QVariant, amount);
        const auto parsed = parseTagAmount(text);
        QCOMPARE(parsed.has_value(), amount.isValid());
        if (parsed)
            QCOMPARE(*parsed, amount.toDouble());
    }

    void settingsRoundTripAndErrors()
    {
        const QByteArray json = R"({
            "catalog": [{"size": "s-2vcpu-4gb", "provider": "digitalocean", "monthly": 20},
                        {"size": "m1.large", "account": "lab", "location": "r1", "hourly": 0.12, "currency": "eur"}],
            "accounts": {"lab": {"currency": "EUR", "flavors": {"m1.small": {"monthly": 12.5}},
                                 "units": {"period": "hour", "vcpu": 0.01, "ram_gb": 0.002, "disk_gb": 0.0001}}}
        })";
        auto settings = CostSettings::fromJson(json);
        QVERIFY(settings);
        QCOMPARE(settings->catalog.size(), 2);
        QCOMPARE(settings->catalog.at(1).currency, QStringLiteral("EUR"));
        QCOMPARE(settings->account(QStringLiteral("lab"))->units->period, UnitRates::Period::Hour);
        auto again = CostSettings::fromJson(settings->toJson());
        QVERIFY(again);
        QCOMPARE(*again, *settings);

        const QList<std::pair<QByteArray, QString>> bad = {
            {"{\"catalog\": [{\"monthly\": 3}]}", QStringLiteral("needs a \"size\"")},
            {"{\"catalog\": [{\"size\": \"a\"}]}", QStringLiteral("needs \"hourly\" or \"monthly\"")},
            {"{\"catalog\": [{\"size\": \"a\", \"monthly\": -2}]}", QStringLiteral("at least 0")},
            {"{\"catalog\": [{\"size\": \"a\", \"monthly\": \"3\"}]}", QStringLiteral("at least 0")},
            {"{\"accounts\": {\"x\": {\"units\": {\"period\": \"week\"}}}}", QStringLiteral("\"period\"")},
            {"{\n\"catalog\": [\n}", QStringLiteral("line 3")},
            {"[]", QStringLiteral("JSON object")},
        };
        for (const auto &[text, message] : bad) {
            auto parsedBad = CostSettings::fromJson(text);
            QVERIFY2(!parsedBad, text.constData());
            QVERIFY2(parsedBad.error().contains(message), qPrintable(parsedBad.error()));
        }
        // A missing file is no settings at all, not an error.
        auto missing = CostSettings::load(QStringLiteral("/nonexistent/nephele/cost.json"));
        QVERIFY(missing);
        QVERIFY(missing->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCostResolver)
#include "tst_costresolver.moc"
