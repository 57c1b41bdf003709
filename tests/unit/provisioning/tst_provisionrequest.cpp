// ProvisionRequest: every field checked against the catalog and the policy, each result saying
// why; the field rules; the plan with its tags, requests and cost.

#include "provisioning/leasetags.h"
#include "provisioning/provisionrequest.h"
#include "provisioningtestdata.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace nephele;
using namespace nephele::models::provisioning;
using nephele::models::policy::ConstraintResult;
using nephele::models::policy::ConstraintResults;

namespace {

QStringList failedFields(const ProvisionValidation &v)
{
    QStringList fields;
    for (const ConstraintResult &r : v.results) {
        if (!r.ok)
            fields << r.field;
    }
    return fields;
}

QString failure(const ProvisionValidation &v, const QString &field)
{
    for (const ConstraintResult &r : v.results) {
        if (!r.ok && r.field == field)
            return r.message;
    }
    return {};
}

QString message(const ProvisionValidation &v, const QString &field)
{
    for (const ConstraintResult &r : v.results) {
        if (r.field == field)
            return r.message;
    }
    return {};
}

QStringList tagTexts(const QList<drivers::Tag> &tags)
{
    QStringList out;
    for (const drivers::Tag &t : tags)
        out << t.text();
    return out;
}

} // namespace

class TestProvisionRequest final : public QObject
{
    Q_OBJECT

    std::shared_ptr<const models::policy::PolicyEngine> m_policy;

private Q_SLOTS:
    void initTestCase()
    {
        m_policy = testdata::engine(testdata::developersPolicy());
        QVERIFY(m_policy);
    }

    void validRequestPasses()
    {
        const ProvisionValidation v = validate(testdata::validRequest(), testdata::context(m_policy));
        QVERIFY2(v.ok(), qPrintable(v.problems().join(u'\n')));
        QVERIFY(v.decision.allowed);
        // Each passed check still says what it is.
        QCOMPARE(message(v, QStringLiteral("location")), QStringLiteral("New York 3 (nyc3)"));
        QCOMPARE(message(v, QStringLiteral("cost.team")),
                 QStringLiteral("Run rate $420 + $6 is within your team's $450 quota"));
        QVERIFY(message(v, QStringLiteral("field.monitoring")).contains(QStringLiteral("set by the policy")));
    }

    void missingChoicesSayWhatToChoose()
    {
        ProvisionRequest r;
        r.accountId = QStringLiteral("do-dev");
        const ProvisionValidation v = validate(r, testdata::context());
        QCOMPARE(failure(v, QStringLiteral("location")), QStringLiteral("Choose a location"));
        QCOMPARE(failure(v, QStringLiteral("image")), QStringLiteral("Choose an image"));
        QCOMPARE(failure(v, QStringLiteral("size")), QStringLiteral("Choose a size"));
        QCOMPARE(failure(v, QStringLiteral("name")), QStringLiteral("Give the machine a name"));
        QVERIFY(!v.ok());
    }

    void catalogChecks_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("failedField");
        QTest::addColumn<QString>("expected");

        QTest::newRow("unknown location") << "location"
                                          << "xyz1"
                                          << "location"
                                          << "Location \"xyz1\" is not offered by Dev";
        QTest::newRow("closed location") << "location"
                                         << "nyc2"
                                         << "location"
                                         << "New York 2 (nyc2) does not take new machines";
        QTest::newRow("unknown image") << "image"
                                       << "999"
                                       << "image"
                                       << "Image \"999\" is not offered by Dev";
        QTest::newRow("unknown size") << "size"
                                      << "s-99"
                                      << "size"
                                      << "Size \"s-99\" is not offered by Dev";
        QTest::newRow("size elsewhere") << "size"
                                        << "m-2vcpu-16gb"
                                        << "size"
                                        << "Size m-2vcpu-16gb is not offered in nyc3";
        QTest::newRow("image too big for size")
            << "image"
            << "154183436"
            << "size"
            << "Image WordPress 6.4 on Ubuntu 22.04 needs a disk of at least 50 GB; "
               "size s-1vcpu-1gb has 25 GB";
        QTest::newRow("bad host name") << "name"
                                       << "web_1"
                                       << "name"
                                       << "\"web_1\" is not a valid host name: use letters, digits and '-' (not first "
                                          "or last), with '.' between parts, 63 characters a part at most";
        QTest::newRow("unknown key") << "key"
                                     << "1234"
                                     << "keys"
                                     << "SSH key \"1234\" is not a key of Dev";
        QTest::newRow("network elsewhere") << "network"
                                           << "vpc-ams3"
                                           << "network"
                                           << "Network default-ams3 is in ams3, not in nyc3";
        QTest::newRow("volume in use") << "volume"
                                       << "vol-used"
                                       << "volumes"
                                       << "Volume used is attached to another machine";
        QTest::newRow("lease key set by hand") << "tag"
                                               << "expires:2030-01-01"
                                               << "tags.expires"
                                               << "The tag \"expires\" is written by Nephele from the owner and "
                                                  "expiration fields";
        QTest::newRow("tag with a space") << "tag"
                                          << "app:my app"
                                          << "tags.app"
                                          << "The tag \"app:my app\" may only hold letters, digits, ':', '-' and '_' "
                                             "(255 at most)";
    }

    void catalogChecks()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, failedField);
        QFETCH(QString, expected);
        ProvisionRequest r = testdata::validRequest();
        if (field == u"location")
            r.location = value;
        else if (field == u"image")
            r.imageId = value;
        else if (field == u"size")
            r.sizeId = value;
        else if (field == u"name")
            r.name = value;
        else if (field == u"key")
            r.keyIds = {value};
        else if (field == u"network")
            r.networkId = value;
        else if (field == u"volume")
            r.volumeIds = {value};
        else if (field == u"tag")
            r.tags = {drivers::Tag::fromText(value)};
        const ProvisionValidation v = validate(r, testdata::context());
        QCOMPARE(failure(v, failedField), expected);
        QVERIFY(!v.ok());
    }

    void quantityNamesAndVolumes()
    {
        ProvisionRequest r = testdata::validRequest();
        r.quantity = 3;
        QCOMPARE(r.names(), (QStringList{QStringLiteral("api-1"), QStringLiteral("api-2"), QStringLiteral("api-3")}));
        r.volumeIds = {QStringLiteral("vol-free")};
        ProvisionValidation v = validate(r, testdata::context());
        QCOMPARE(failure(v, QStringLiteral("volumes")),
                 QStringLiteral("A volume attaches to one machine: make one machine, or attach no existing volume"));
        r.volumeIds.clear();
        r.quantity = kMaxQuantity + 1;
        v = validate(r, testdata::context());
        QCOMPARE(failure(v, QStringLiteral("quantity")), QStringLiteral("Make between 1 and 20 machines at a time"));
        r.quantity = 1;
        r.name = QStringLiteral("web-1");
        v = validate(r, testdata::context());
        QVERIFY2(v.ok(), qPrintable(v.problems().join(u'\n'))); // a name in use is a note, not a failure
        QVERIFY(message(v, QStringLiteral("name")).contains(QStringLiteral("already has a machine named web-1")));
    }

    void cloudInit()
    {
        ProvisionRequest r = testdata::validRequest();
        r.cloudInit = QStringLiteral("apt-get install nginx");
        ProvisionValidation v = validate(r, testdata::context());
        QVERIFY(v.ok());
        QVERIFY(message(v, QStringLiteral("cloudInit")).contains(QStringLiteral("#cloud-config")));
        r.cloudInit = QStringLiteral("#cloud-config\n") + QString(kMaxUserDataBytes, u'x');
        v = validate(r, testdata::context());
        QCOMPARE(failure(v, QStringLiteral("cloudInit")),
                 QStringLiteral("Cloud-init user data is 65 KiB; the limit is 64 KiB"));
        models::provisioning::ProvisionContext noUserData = testdata::context();
        noUserData.capabilities.userData = false;
        r.cloudInit = QStringLiteral("#cloud-config\n");
        v = validate(r, noUserData);
        QCOMPARE(failure(v, QStringLiteral("cloudInit")),
                 QStringLiteral("DigitalOcean does not take cloud-init user data"));
    }

    void policyDisallowsASize()
    {
        ProvisionRequest r = testdata::validRequest();
        r.sizeId = QStringLiteral("c-2");
        const ProvisionValidation v = validate(r, testdata::context(m_policy));
        QCOMPARE(failure(v, QStringLiteral("size")),
                 QStringLiteral("Size c-2 is not allowed by the policy (it matches \"optimized\")"));
        // Without the policy the same size is fine.
        QVERIFY(validate(r, testdata::context()).ok());
    }

    void quotaBlocksWithTheFigures()
    {
        ProvisionRequest r = testdata::validRequest();
        r.sizeId = QStringLiteral("s-2vcpu-4gb");
        r.quantity = 2;
        const ProvisionValidation v = validate(r, testdata::context(m_policy));
        QCOMPARE(failure(v, QStringLiteral("cost.team")),
                 QStringLiteral("Run rate $420 + $48 would exceed your team's $450 quota"));
        const ProvisionPlan plan = makePlan(r, testdata::context(m_policy), v);
        QCOMPARE(plan.costLine, QStringLiteral("Run rate $420 + $48 would exceed your team's $450 quota"));
        QCOMPARE(plan.monthlyEach.value_or(-1), 24.0);
        QCOMPARE(plan.monthlyTotal, 48.0);
    }

    void leasesFollowThePolicy()
    {
        ProvisionRequest r = testdata::validRequest();
        r.expiration = {};
        ProvisionValidation v = validate(r, testdata::context(m_policy));
        QCOMPARE(failure(v, QStringLiteral("expiration")),
                 QStringLiteral("This machine must have an expiration date, at most 30 days from now (by 2025-04-09 "
                                "09:00 UTC)"));
        r = testdata::validRequest();
        r.expiration.at = testdata::now().addDays(31);
        v = validate(r, testdata::context(m_policy));
        QVERIFY(failure(v, QStringLiteral("expiration")).contains(QStringLiteral("later than the policy allows")));
        r = testdata::validRequest();
        r.expiration.action = QStringLiteral("suspend");
        v = validate(r, testdata::context(m_policy));
        QVERIFY(failedFields(v).contains(QStringLiteral("expiration.action")));
        r = testdata::validRequest();
        r.expiration.notifyBefore.reset();
        v = validate(r, testdata::context(m_policy));
        QCOMPARE(failure(v, QStringLiteral("expiration.notify")),
                 QStringLiteral("A notice before expiration is required (the policy proposes 1 day before)"));
        // Without a policy a lease is optional, but must end in the future with a known action.
        r = testdata::validRequest();
        r.expiration.at = testdata::now().addSecs(-60);
        v = validate(r, testdata::context());
        QCOMPARE(failure(v, QStringLiteral("expiration")), QStringLiteral("The expiration date is not in the future"));
        r.expiration = {};
        QVERIFY(validate(r, testdata::context()).ok());
    }

    void securityTagsAreAppliedAndReserved()
    {
        ProvisionRequest r = testdata::validRequest();
        r.tags = {drivers::Tag{QStringLiteral("app"), QStringLiteral("api")}};
        ProvisionValidation v = validate(r, testdata::context(m_policy));
        QVERIFY2(v.ok(), qPrintable(v.problems().join(u'\n')));
        const QStringList tags = tagTexts(v.tags);
        QVERIFY2(tags.contains(QStringLiteral("team:dev")), qPrintable(tags.join(u' ')));
        QVERIFY(tags.contains(QStringLiteral("app:api")));
        QVERIFY(tags.contains(QStringLiteral("expires:2025-03-17T09:00:00Z")));
        QVERIFY(tags.contains(QStringLiteral("expires-action:destroy")));
        QVERIFY(tags.contains(QStringLiteral("expires-notify:1d")));
        QVERIFY(tags.contains(QStringLiteral("owner:ann_acme_example")));

        r.tags = {drivers::Tag{QStringLiteral("team"), QStringLiteral("ops")}};
        v = validate(r, testdata::context(m_policy));
        QCOMPARE(failure(v, QStringLiteral("tags.team")),
                 QStringLiteral("The tag \"team\" is set by the policy to \"dev\" and cannot be changed"));
    }

    void permissionDeniedSaysWhy()
    {
        models::provisioning::ProvisionContext c = testdata::context(m_policy);
        c.user = {QStringLiteral("mallory@example.com"), {}};
        ProvisionValidation v = validate(testdata::validRequest(), c);
        QCOMPARE(failure(v, QStringLiteral("permission")),
                 QStringLiteral("Denied: mallory@example.com is not a member of any team of the policy"));
        c.accountId = QStringLiteral("do-prod");
        c.user = {QStringLiteral("ann@acme.example"), {}};
        ProvisionRequest r = testdata::validRequest();
        r.accountId = QStringLiteral("do-prod");
        v = validate(r, c);
        QVERIFY2(failure(v, QStringLiteral("permission.cloud")).startsWith(QStringLiteral("Denied by team Developers")),
                 qPrintable(failure(v, QStringLiteral("permission.cloud"))));
        c.user = {};
        v = validate(r, c);
        QVERIFY(failure(v, QStringLiteral("permission")).contains(QStringLiteral("set your email")) ||
                v.problems().join(u' ').contains(QStringLiteral("set your email")));
    }

    void fieldRulesHideAndSet()
    {
        const models::provisioning::ProvisionContext c = testdata::context(m_policy);
        const QList<FieldRule> rules = fieldRules(c);
        QCOMPARE(rules.size(), 3);
        ProvisionRequest r = testdata::validRequest();
        r.monitoring = false;
        r.ipv6 = true;
        r.cloudInit.clear();
        // Fixed values only.
        applyFieldRules(r, rules, c, false);
        QVERIFY(r.monitoring); // hidden, value true
        QVERIFY(!r.ipv6);      // hidden on do-dev, no value: cleared
        QVERIFY(r.cloudInit.isEmpty());
        // With the proposals.
        applyFieldRules(r, rules, c, true);
        QCOMPARE(r.cloudInit, QStringLiteral("#cloud-config\n"));
        // The values go to the policy under its own names.
        const QVariantMap values = fieldValues(r, c);
        QCOMPARE(values.value(QStringLiteral("monitoring")).toBool(), true);
        QCOMPARE(values.value(QStringLiteral("cloud_init")).toString(), QStringLiteral("#cloud-config\n"));
        QCOMPARE(values.value(QStringLiteral("image")).toString(), QStringLiteral("ubuntu-22-04-x64"));
        QVERIFY(!values.contains(QStringLiteral("ipv6")));
        // A hidden field set anyway fails, with the reason.
        r.ipv6 = true;
        const ProvisionValidation v = validate(r, c);
        QCOMPARE(failure(v, QStringLiteral("field.ipv6")),
                 QStringLiteral("ipv6 is hidden by the policy and cannot be set"));
        // A fixed value turned off is refused too.
        r.ipv6 = false;
        r.monitoring = false;
        QCOMPARE(failure(validate(r, c), QStringLiteral("field.monitoring")),
                 QStringLiteral("monitoring is fixed by the policy to true; false is not allowed"));
    }

    void fixedImageByItsSlug()
    {
        const QByteArray json = R"({"teams": [{"name": "T", "members": ["ann@acme.example"], "policy": {
            "operator": "ALLOW", "rules": [{"operator": "ALLOW", "action": "create", "rtype": "machine",
            "constraints": {"field": [{"cloud": "ALL", "name": "image", "value": "ubuntu-22-04-x64", "show": false}]}}]}}]})";
        const models::provisioning::ProvisionContext c = testdata::context(testdata::engine(json));
        QVERIFY(c.engine);
        ProvisionRequest r = testdata::validRequest();
        r.imageId = QStringLiteral("154183436");
        applyFieldRules(r, fieldRules(c), c, false);
        QCOMPARE(r.imageId, QStringLiteral("129211873")); // the catalog's id of the slug the policy names
        const ProvisionValidation v = validate(r, c);
        QVERIFY2(v.ok(), qPrintable(v.problems().join(u'\n')));
        QCOMPARE(message(v, QStringLiteral("field.image")),
                 QStringLiteral("image is set by the policy to \"ubuntu-22-04-x64\""));
        QVERIFY(fieldFromPolicyName(u"cloud-init") == Field::CloudInit);
        QVERIFY(fieldFromPolicyName(u"region") == Field::Location);
        QVERIFY(!fieldFromPolicyName(u"flavor").has_value());
    }

    void planMakesOneRequestPerMachine()
    {
        ProvisionRequest r = testdata::validRequest();
        r.quantity = 2;
        r.cloudInit = QStringLiteral("#cloud-config\npassword: hunter2\n");
        r.networkId = QStringLiteral("vpc-nyc3");
        const models::provisioning::ProvisionContext c = testdata::context(m_policy);
        const ProvisionValidation v = validate(r, c);
        QVERIFY2(v.ok(), qPrintable(v.problems().join(u'\n')));
        const ProvisionPlan plan = makePlan(r, c, v);
        QCOMPARE(plan.machines.size(), 2);
        QCOMPARE(plan.machines.at(0).request.names, QStringList{QStringLiteral("api-1")});
        QCOMPARE(plan.machines.at(1).request.names, QStringList{QStringLiteral("api-2")});
        const drivers::CreateMachineRequest &first = plan.machines.at(0).request;
        QCOMPARE(first.imageId, QStringLiteral("ubuntu-22-04-x64"));
        QCOMPARE(first.sizeId, QStringLiteral("s-1vcpu-1gb"));
        QCOMPARE(first.location, QStringLiteral("nyc3"));
        QCOMPARE(first.networkId, QStringLiteral("vpc-nyc3"));
        QVERIFY(first.monitoring);
        QVERIFY(first.tags.contains(QStringLiteral("team:dev")));
        QVERIFY(first.tags.contains(QStringLiteral("expires-action:destroy")));
        QCOMPARE(plan.monthlyTotal, 12.0);
        QCOMPARE(plan.costLine, QStringLiteral("Run rate $420 + $12 is within your team's $450 quota"));
        QVERIFY(plan.lease);
        QCOMPARE(plan.lease->action, QStringLiteral("destroy"));
        // The audit copy keeps the user data's digest, never its text.
        QVERIFY(!plan.requestJson.contains("hunter2"));
        const QJsonObject json = QJsonDocument::fromJson(plan.requestJson).object();
        QCOMPARE(json.value(QStringLiteral("cloud_init")).toObject().value(QStringLiteral("bytes")).toInt(),
                 int(r.cloudInit.toUtf8().size()));
    }

    void ungovernedPlan()
    {
        ProvisionRequest r = testdata::validRequest();
        r.expiration = {};
        models::provisioning::ProvisionContext c = testdata::context();
        c.rates.teamName.clear();
        const ProvisionValidation v = validate(r, c);
        QVERIFY(v.ok());
        QCOMPARE(v.decision.basis, models::policy::DecisionBasis::Ungoverned);
        const ProvisionPlan plan = makePlan(r, c, v);
        QCOMPARE(plan.costLine, QStringLiteral("Run rate $300 + $6 on Dev; no quota applies"));
        QCOMPARE(tagTexts(plan.tags), QStringList{QStringLiteral("owner:ann_acme_example")});
    }

    void leaseTagsRoundTrip()
    {
        const Lease lease{QDateTime(QDate(2025, 7, 1), QTime(9, 30), Qt::UTC), QStringLiteral("stop"),
                          models::policy::PolicyDuration(6, models::policy::PolicyDuration::Unit::Hours)};
        const QList<drivers::Tag> tags = leaseTags(lease);
        QCOMPARE(tagTexts(tags),
                 (QStringList{QStringLiteral("expires:2025-07-01T09:30:00Z"), QStringLiteral("expires-action:stop"),
                              QStringLiteral("expires-notify:6h")}));
        for (const drivers::Tag &t : tags) {
            QVERIFY(isTagSafe(t.text()));
            QCOMPARE(drivers::Tag::fromText(t.text()), t); // DigitalOcean splits on the first colon
        }
        QCOMPARE(leaseFromTags(tags), std::optional<Lease>(lease));
        // Mist's date-only form, and no lease.
        const auto day = leaseFromTags({drivers::Tag{QStringLiteral("expiration"), QStringLiteral("2025-08-01")}});
        QVERIFY(day);
        QCOMPARE(day->expiresAt, QDateTime(QDate(2025, 8, 1), QTime(0, 0), Qt::UTC));
        QVERIFY(day->action.isEmpty());
        QVERIFY(!leaseFromTags({drivers::Tag{QStringLiteral("expires"), QStringLiteral("soon")}}));
        QCOMPARE(tagSafe(QStringLiteral("ann@acme.example")), QStringLiteral("ann_acme_example"));
    }
};

QTEST_GUILESS_MAIN(TestProvisionRequest)
#include "tst_provisionrequest.moc"
