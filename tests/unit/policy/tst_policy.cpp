#include "policy/policy.h"
#include "policy/policyconstraints.h"
#include "policy/policyduration.h"
#include "policy/policyengine.h"

#include <QJsonDocument>
#include <QTest>

using namespace nephele::models::policy;
using nephele::drivers::Size;
using nephele::drivers::Tag;

Q_DECLARE_METATYPE(nephele::drivers::Size)

namespace {

QString dataPath(const char *name)
{
    return QStringLiteral(NEPHELE_POLICY_DATA "/") + QLatin1String(name);
}

QList<Tag> tagsFrom(const QStringList &texts)
{
    QList<Tag> tags;
    for (const QString &text : texts)
        tags << Tag::fromText(text);
    return tags;
}

QStringList tagTexts(const QList<Tag> &tags)
{
    QStringList texts;
    for (const Tag &tag : tags)
        texts << tag.text();
    return texts;
}

// A policy with one team "T" (member u@example.com, default DENY) and the given rules.
QByteArray withRules(const QByteArray &rules)
{
    return R"({"teams": [{"name": "T", "members": ["u@example.com"], "policy": {"operator": "DENY", "rules": [)" +
           rules + "]}}]}";
}

const ConstraintResult *findResult(const ConstraintResults &results, const QString &field)
{
    for (const ConstraintResult &r : results) {
        if (r.field == field)
            return &r;
    }
    return nullptr;
}

QStringList failedFields(const ConstraintResults &results)
{
    QStringList fields;
    for (const ConstraintResult &r : results) {
        if (!r.ok)
            fields << r.field;
    }
    return fields;
}

QString issuesText(const PolicyIssues &issues)
{
    QStringList lines;
    for (const PolicyIssue &issue : issues)
        lines << issue.text();
    return lines.join(u'\n');
}

Size size(const char *id, const char *name, int vcpus, int memoryMb, int diskGb)
{
    Size s;
    s.id = QLatin1String(id);
    s.name = QLatin1String(name);
    s.vcpus = vcpus;
    s.memoryMb = memoryMb;
    s.diskGb = diskGb;
    return s;
}

const QDateTime Now(QDate(2024, 1, 31), QTime(12, 0), Qt::UTC);

} // namespace

class TestPolicy final : public QObject
{
    Q_OBJECT

    Policy m_acme;
    Policy m_lab;

    // The constraints of rule `rule` (0-based) of team `team`.
    static const Constraints &constraintsOf(const Policy &policy, const QString &team, int rule)
    {
        for (const Team &t : policy.teams) {
            if (t.name == team)
                return t.rules.at(rule).constraints;
        }
        qFatal("no such team");
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto acme = loadPolicyFile(dataPath("acme.json"));
        QVERIFY2(acme, acme ? "" : qPrintable(issuesText(acme.error())));
        m_acme = *acme;
        auto lab = loadPolicyFile(dataPath("lab-custom-sizes.json"));
        QVERIFY2(lab, lab ? "" : qPrintable(issuesText(lab.error())));
        m_lab = *lab;
    }

    // --- durations ---

    void duration_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<int>("unit");
        QTest::addColumn<QString>("problem"); // part of explainInvalid()
        using U = PolicyDuration::Unit;
        QTest::newRow("minutes") << QStringLiteral("90m") << true << qint64(90) << int(U::Minutes) << QString();
        QTest::newRow("months, not minutes")
            << QStringLiteral("2mo") << true << qint64(2) << int(U::Months) << QString();
        QTest::newRow("hours") << QStringLiteral("12h") << true << qint64(12) << int(U::Hours) << QString();
        QTest::newRow("days") << QStringLiteral("30d") << true << qint64(30) << int(U::Days) << QString();
        QTest::newRow("weeks") << QStringLiteral("2w") << true << qint64(2) << int(U::Weeks) << QString();
        QTest::newRow("years") << QStringLiteral("1y") << true << qint64(1) << int(U::Years) << QString();
        QTest::newRow("zero") << QStringLiteral("0d") << true << qint64(0) << int(U::Days) << QString();
        QTest::newRow("largest") << QStringLiteral("999999m") << true << qint64(999999) << int(U::Minutes) << QString();
        QTest::newRow("bad unit") << QStringLiteral("30x") << false << qint64(0) << 0 << QStringLiteral("\"30x\"");
        QTest::newRow("bad unit lists units")
            << QStringLiteral("30x") << false << qint64(0) << 0 << QStringLiteral("mo (months)");
        QTest::newRow("no unit") << QStringLiteral("30") << false << qint64(0) << 0 << QStringLiteral("the unit");
        QTest::newRow("no number") << QStringLiteral("d") << false << qint64(0) << 0 << QStringLiteral("whole number");
        QTest::newRow("empty") << QString() << false << qint64(0) << 0 << QStringLiteral("empty");
        QTest::newRow("space") << QStringLiteral("30 d") << false << qint64(0) << 0 << QStringLiteral("the unit");
        QTest::newRow("upper case") << QStringLiteral("30D") << false << qint64(0) << 0 << QStringLiteral("the unit");
        QTest::newRow("month spelled") << QStringLiteral("1mon") << false << qint64(0) << 0
                                       << QStringLiteral("the unit");
        QTest::newRow("negative") << QStringLiteral("-1d") << false << qint64(0) << 0 << QStringLiteral("whole number");
        QTest::newRow("fraction") << QStringLiteral("1.5h") << false << qint64(0) << 0 << QStringLiteral("the unit");
        QTest::newRow("too long") << QStringLiteral("1000000d") << false << qint64(0) << 0
                                  << QStringLiteral("too long");
    }

    void duration()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(qint64, count);
        QFETCH(int, unit);
        QFETCH(QString, problem);
        const std::optional<PolicyDuration> d = PolicyDuration::parse(text);
        QCOMPARE(d.has_value(), valid);
        if (valid) {
            QCOMPARE(d->count(), count);
            QCOMPARE(int(d->unit()), unit);
            QCOMPARE(d->text(), text);
            QVERIFY(PolicyDuration::explainInvalid(text).isEmpty());
        } else {
            const QString why = PolicyDuration::explainInvalid(text);
            QVERIFY2(why.contains(problem), qPrintable(why));
        }
    }

    void durationArithmetic_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("after");
        QTest::addColumn<QString>("human");
        QTest::newRow("90 minutes") << QStringLiteral("90m") << QDateTime(QDate(2024, 1, 31), QTime(13, 30), Qt::UTC)
                                    << QStringLiteral("90 minutes");
        QTest::newRow("one month from Jan 31 is Feb 29 in a leap year")
            << QStringLiteral("1mo") << QDateTime(QDate(2024, 2, 29), QTime(12, 0), Qt::UTC)
            << QStringLiteral("1 month");
        QTest::newRow("one week") << QStringLiteral("1w") << QDateTime(QDate(2024, 2, 7), QTime(12, 0), Qt::UTC)
                                  << QStringLiteral("1 week");
        QTest::newRow("one year") << QStringLiteral("1y") << QDateTime(QDate(2025, 1, 31), QTime(12, 0), Qt::UTC)
                                  << QStringLiteral("1 year");
        QTest::newRow("two days") << QStringLiteral("2d") << QDateTime(QDate(2024, 2, 2), QTime(12, 0), Qt::UTC)
                                  << QStringLiteral("2 days");
    }

    void durationArithmetic()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, after);
        QFETCH(QString, human);
        const PolicyDuration d = *PolicyDuration::parse(text);
        QCOMPARE(d.after(Now), after);
        QCOMPARE(d.humanText(), human);
        QVERIFY(d.before(Now) < Now);
        QVERIFY(PolicyDuration::parse(u"1mo")->approximateSeconds() >
                PolicyDuration::parse(u"29d")->approximateSeconds());
        QVERIFY(PolicyDuration::parse(u"1mo")->approximateSeconds() >
                PolicyDuration::parse(u"1m")->approximateSeconds());
    }

    // --- parsing the sample files ---

    void parseAcme()
    {
        QCOMPARE(m_acme.teams.size(), 3);
        QVERIFY(m_acme.warnings.isEmpty());
        QVERIFY(m_acme.source.endsWith(QStringLiteral("acme.json")));
        const Team &owners = m_acme.teams.at(0);
        QVERIFY(owners.isOwners());
        const Team &dev = m_acme.teams.at(1);
        QCOMPARE(dev.name, QStringLiteral("Developers"));
        QCOMPARE(dev.members, (QStringList{QStringLiteral("ann@acme.example"), QStringLiteral("bob@acme.example"),
                                           QStringLiteral("5f3c2a91")}));
        QCOMPARE(dev.defaultOperator, Operator::Deny);
        QCOMPARE(dev.rules.size(), 7);
        QCOMPARE(dev.rules.at(2).op, Operator::Deny);
        QCOMPARE(dev.rules.at(2).describe(), QStringLiteral("destroy on machines tagged env=prod"));
        QCOMPARE(dev.rules.at(3).rid, QStringLiteral("db-primary"));
        QVERIFY(dev.rules.at(3).rtags.isEmpty()); // written as ""

        const Constraints &c = dev.rules.at(4).constraints;
        QVERIFY(c.cost);
        QCOMPARE(c.cost->maxTeamRunRate, std::optional<double>(450));
        QCOMPARE(c.cost->maxTotalRunRate, std::optional<double>(2000));
        QVERIFY(c.expiration);
        QCOMPARE(c.expiration->max, PolicyDuration::parse(u"30d"));
        QCOMPARE(c.expiration->defaultExpiry, PolicyDuration::parse(u"7d"));
        QCOMPARE(c.expiration->availableActions, (QStringList{QStringLiteral("destroy"), QStringLiteral("stop")}));
        QCOMPARE(c.expiration->defaultAction, QStringLiteral("destroy"));
        QCOMPARE(c.expiration->notifyDefault, PolicyDuration::parse(u"1d"));
        QVERIFY(c.expiration->notifyRequired);
        QVERIFY(c.expiration->notifyMessage.contains(QStringLiteral("#infra")));
        QVERIFY(c.size);
        QCOMPARE(c.size->allowed.size(), 5);
        QCOMPARE(c.size->allowed.at(0).kind, SizeEntry::Kind::Name);
        QCOMPARE(c.size->allowed.at(3).kind, SizeEntry::Kind::CloudName);
        QCOMPARE(c.size->allowed.at(3).cloud, QStringLiteral("aws-oregon"));
        QCOMPARE(c.size->allowed.at(3).name, QStringLiteral("t3.small"));
        QCOMPARE(c.size->notAllowed.size(), 2);
        QCOMPARE(c.fields.size(), 4);
        QCOMPARE(c.fields.at(0).value, std::optional<QVariant>(QVariant(true)));
        QVERIFY(!c.fields.at(0).show);
        QVERIFY(!c.fields.at(3).value.has_value());

        QCOMPARE(m_acme.teams.at(2).defaultOperator, Operator::Allow);
        QCOMPARE(m_acme.teams.at(2).rules.at(2).rtags.value(QStringLiteral("managed-by")), QStringLiteral("ops"));
    }

    void parseLab()
    {
        // A bare array of teams, lower-case operators, "all" actions, members as objects.
        QCOMPARE(m_lab.teams.size(), 3);
        QCOMPARE(m_lab.teams.at(0).members,
                 (QStringList{QStringLiteral("root@lab.example"), QStringLiteral("u-root")}));
        const Team &lab = m_lab.teams.at(1);
        QCOMPARE(lab.defaultOperator, Operator::Deny);
        QCOMPARE(lab.rules.at(0).op, Operator::Allow);
        QVERIFY(lab.rules.at(0).matchesAnyAction());
        const Constraints &c = lab.rules.at(2).constraints;
        QCOMPARE(c.cost->maxTeamRunRate, std::optional<double>(150)); // written as "150"
        QCOMPARE(c.expiration->max, std::optional<PolicyDuration>(PolicyDuration(2, PolicyDuration::Unit::Months)));
        QCOMPARE(c.expiration->defaultExpiry,
                 std::optional<PolicyDuration>(PolicyDuration(90, PolicyDuration::Unit::Minutes)));
        QCOMPARE(c.size->allowed.at(0).kind, SizeEntry::Kind::CloudCustom);
        QCOMPARE(c.size->allowed.at(0).custom.ramMb, std::optional<double>(2048));
        QCOMPARE(c.size->allowed.at(0).custom.diskGb, std::optional<double>(20));
        QCOMPARE(c.size->allowed.at(0).friendlyName, QStringLiteral("Small"));
        QCOMPARE(c.size->swap.max, std::optional<double>(4)); // from "swap_disk"
        QVERIFY(!c.size->disk.show);
        const SizeConstraint &builders = *m_lab.teams.at(2).rules.at(0).constraints.size;
        QCOMPARE(builders.swap.min, std::optional<double>(1)); // from "swap"
        QCOMPARE(builders.swap.max, std::optional<double>(2));
        QVERIFY(!builders.cpu.show);

        // The number written as a string is accepted, and said.
        QCOMPARE(m_lab.warnings.size(), 1);
        QCOMPARE(m_lab.warnings.at(0).path, QStringLiteral("/1/policy/rules/2/constraints/cost/max_team_run_rate"));
        QCOMPARE(m_lab.warnings.at(0).severity, PolicyIssue::Severity::Warning);
        QVERIFY(m_lab.warnings.at(0).line > 0);
    }

    void parseBrokenSyntaxFile()
    {
        const auto policy = loadPolicyFile(dataPath("broken-syntax.json"));
        QVERIFY(!policy);
        QCOMPARE(policy.error().size(), 1);
        const PolicyIssue &issue = policy.error().at(0);
        // The missing comma is found at the next member's opening quote.
        QCOMPARE(issue.line, 6);
        QCOMPARE(issue.column, 7);
        QVERIFY2(issue.message.contains(QStringLiteral("not valid JSON")), qPrintable(issue.message));
        QVERIFY2(issue.text().startsWith(QStringLiteral("line 6, column 7: ")), qPrintable(issue.text()));
    }

    void parseBrokenSchemaFile()
    {
        const auto policy = loadPolicyFile(dataPath("broken-schema.json"));
        QVERIFY(!policy);
        const PolicyIssues &issues = policy.error();
        QCOMPARE(issues.size(), 3); // every error, in document order
        QCOMPARE(issues.at(0).path, QStringLiteral("/teams/0/policy/rules/0/operator"));
        QCOMPARE(issues.at(0).line, 9);
        QCOMPARE(issues.at(0).column, 24);
        QVERIFY(issues.at(0).message.contains(QStringLiteral("\"ALOW\"")));
        QCOMPARE(issues.at(1).path, QStringLiteral("/teams/0/policy/rules/1/constraints/expiration/max"));
        QCOMPARE(issues.at(1).line, 15);
        QCOMPARE(issues.at(1).column, 37);
        QVERIFY(issues.at(1).message.contains(QStringLiteral("\"30x\" is not a duration")));
        QCOMPARE(issues.at(2).path, QStringLiteral("/teams/0/policy/rules/1/constraints/size/cpu/min"));
        QCOMPARE(issues.at(2).line, 16);
        QCOMPARE(issues.at(2).column, 39);
        QVERIFY(issues.at(2).message.contains(QStringLiteral("expected a number, found the string \"two\"")));
        for (const PolicyIssue &issue : issues)
            QCOMPARE(issue.severity, PolicyIssue::Severity::Error);
    }

    void loadMissingFile()
    {
        const auto policy = loadPolicyFile(dataPath("no-such-policy.json"));
        QVERIFY(!policy);
        QCOMPARE(policy.error().size(), 1);
        QVERIFY(policy.error().at(0).message.contains(QStringLiteral("no-such-policy.json")));
        QCOMPARE(policy.error().at(0).line, 0);
    }

    // --- malformed policies ---

    void parseErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("line");   // 0: not checked
        QTest::addColumn<int>("column"); // 0: not checked
        QTest::addColumn<QString>("message");

        QTest::newRow("trailing comma") << QByteArray("{\"teams\": [\n  {\"name\": \"A\"},\n]}") << QString() << 3 << 1
                                        << QStringLiteral("unexpected ']'");
        QTest::newRow("unterminated") << QByteArray("{\"teams\": [") << QString() << 1 << 12
                                      << QStringLiteral("unexpected end of input");
        QTest::newRow("empty") << QByteArray() << QString() << 1 << 1 << QStringLiteral("not valid JSON");
        QTest::newRow("comment") << QByteArray("{\"teams\": []} // mine") << QString() << 1 << 15
                                 << QStringLiteral("not valid JSON");
        QTest::newRow("CRLF lines") << QByteArray("{\r\n  \"teams\": [\r\n    x\r\n  ]\r\n}") << QString() << 3 << 5
                                    << QStringLiteral("invalid literal");
        QTest::newRow("column counts characters")
            << QByteArray("{\"teams\": [{\"name\": \"Développeurs\" \"members\": []}]}") << QString() << 1 << 36
            << QStringLiteral("not valid JSON");

        QTest::newRow("missing colon, at the number's start")
            << QByteArray(R"({"teams" 123})") << QString() << 1 << 10
            << QStringLiteral("unexpected number literal; expected ':'");
        QTest::newRow("missing comma, at the string's start")
            << QByteArray("[\"a\" \"b\\\"c\"]") << QString() << 1 << 6 << QStringLiteral("unexpected string literal");
        QTest::newRow("missing comma, at the literal's start")
            << QByteArray("[true false]") << QString() << 1 << 7 << QStringLiteral("unexpected false literal");
        QTest::newRow("invalid literal") << QByteArray("[tru]") << QString() << 1 << 5
                                         << QStringLiteral("invalid literal");
        QTest::newRow("root is a number")
            << QByteArray("42") << QStringLiteral("/") << 1 << 1 << QStringLiteral("found the number 42");
        QTest::newRow("no teams") << QByteArray("{\"name\": \"Acme\"}") << QStringLiteral("/") << 1 << 1
                                  << QStringLiteral("has no \"teams\"");
        QTest::newRow("teams not an array") << QByteArray("{\"teams\": {}}") << QStringLiteral("/teams") << 1 << 11
                                            << QStringLiteral("expected an array of teams, found an object");
        QTest::newRow("team not an object") << QByteArray("[\"Developers\"]") << QStringLiteral("/0") << 1 << 2
                                            << QStringLiteral("found the string \"Developers\"");
        QTest::newRow("team without name") << QByteArray("[{\"members\": []}]") << QStringLiteral("/0") << 1 << 2
                                           << QStringLiteral("needs a \"name\"");
        QTest::newRow("team name a number") << QByteArray("[{\"name\": 7}]") << QStringLiteral("/0/name") << 1 << 11
                                            << QStringLiteral("expected a string, found the number 7");
        QTest::newRow("members not an array")
            << QByteArray("[{\"name\": \"A\", \"members\": \"ann\"}]") << QStringLiteral("/0/members") << 1 << 27
            << QStringLiteral("expected an array");
        QTest::newRow("member a number") << QByteArray("[{\"name\": \"A\", \"members\": [1]}]")
                                         << QStringLiteral("/0/members/0") << 1 << 28
                                         << QStringLiteral("expected a member's email or id");
        QTest::newRow("team operator") << QByteArray("[{\"name\": \"A\", \"policy\": {\"operator\": \"MAYBE\"}}]")
                                       << QStringLiteral("/0/policy/operator") << 1 << 39
                                       << QStringLiteral("expected \"ALLOW\" or \"DENY\", found the string \"MAYBE\"");
        QTest::newRow("rules not an array")
            << QByteArray("[{\"name\": \"A\", \"policy\": {\"rules\": {}}}]") << QStringLiteral("/0/policy/rules") << 0
            << 0 << QStringLiteral("expected an array");
        QTest::newRow("rule not an object") << withRules("\"ALLOW all\"") << QStringLiteral("/teams/0/policy/rules/0")
                                            << 0 << 0 << QStringLiteral("expected a rule");
        QTest::newRow("unknown rule operator")
            << withRules(R"({"operator": "ALOW"})") << QStringLiteral("/teams/0/policy/rules/0/operator") << 0 << 0
            << QStringLiteral("found the string \"ALOW\"");
        QTest::newRow("rule operator a boolean")
            << withRules(R"({"operator": true})") << QStringLiteral("/teams/0/policy/rules/0/operator") << 0 << 0
            << QStringLiteral("found true");
        QTest::newRow("rule without operator")
            << withRules(R"({"action": "start"})") << QStringLiteral("/teams/0/policy/rules/0") << 0 << 0
            << QStringLiteral("needs an \"operator\"");
        QTest::newRow("action a list") << withRules(R"({"operator": "ALLOW", "action": ["start"]})")
                                       << QStringLiteral("/teams/0/policy/rules/0/action") << 0 << 0
                                       << QStringLiteral("expected a string, found an array");
        QTest::newRow("rtags an array") << withRules(R"({"operator": "ALLOW", "rtags": ["env:prod"]})")
                                        << QStringLiteral("/teams/0/policy/rules/0/rtags") << 0 << 0
                                        << QStringLiteral("expected the tags as an object");
        QTest::newRow("rtag value a number") << withRules(R"({"operator": "ALLOW", "rtags": {"tier": 3}})")
                                             << QStringLiteral("/teams/0/policy/rules/0/rtags/tier") << 0 << 0
                                             << QStringLiteral("a tag value must be a string");
        QTest::newRow("rid without rtype")
            << withRules(R"({"operator": "ALLOW", "rid": "m-1"})") << QStringLiteral("/teams/0/policy/rules/0/rid") << 0
            << 0 << QStringLiteral("needs an \"rtype\"");
        QTest::newRow("rid and rtags") << withRules(R"({"operator": "ALLOW", "rtype": "machine", "rid": "m-1",
                                                        "rtags": {"env": "dev"}})")
                                       << QStringLiteral("/teams/0/policy/rules/0") << 0 << 0
                                       << QStringLiteral("not both");
        QTest::newRow("constraints a string")
            << withRules(R"({"operator": "ALLOW", "rtype": "machine", "constraints": "none"})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints") << 0 << 0 << QStringLiteral("expected an object");

        const QByteArray machine = R"({"operator": "ALLOW", "action": "create", "rtype": "machine", "constraints": )";
        QTest::newRow("cost a string") << withRules(machine + R"({"cost": {"max_team_run_rate": "lots"}}})")
                                       << QStringLiteral("/teams/0/policy/rules/0/constraints/cost/max_team_run_rate")
                                       << 0 << 0 << QStringLiteral("expected a number, found the string \"lots\"");
        QTest::newRow("cost negative") << withRules(machine + R"({"cost": {"max_total_run_rate": -5}}})")
                                       << QStringLiteral("/teams/0/policy/rules/0/constraints/cost/max_total_run_rate")
                                       << 0 << 0 << QStringLiteral("0 or more");
        QTest::newRow("bad duration") << withRules(machine + R"({"expiration": {"max": "30x"}}})")
                                      << QStringLiteral("/teams/0/policy/rules/0/constraints/expiration/max") << 0 << 0
                                      << QStringLiteral("\"30x\" is not a duration");
        QTest::newRow("duration a number") << withRules(machine + R"({"expiration": {"default": 30}}})")
                                           << QStringLiteral("/teams/0/policy/rules/0/constraints/expiration/default")
                                           << 0 << 0 << QStringLiteral("expected a duration such as \"30d\"");
        QTest::newRow("notify duration") << withRules(machine + R"({"expiration": {"notify": {"default": "1 day"}}}})")
                                         << QStringLiteral(
                                                "/teams/0/policy/rules/0/constraints/expiration/notify/default")
                                         << 0 << 0 << QStringLiteral("\"1 day\" is not a duration");
        QTest::newRow("notify require a string")
            << withRules(machine + R"({"expiration": {"notify": {"require": "yes"}}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/expiration/notify/require") << 0 << 0
            << QStringLiteral("expected true or false");
        QTest::newRow("available actions a string")
            << withRules(machine + R"({"expiration": {"actions": {"available": "stop"}}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/expiration/actions/available") << 0 << 0
            << QStringLiteral("expected an array");
        QTest::newRow("size bound min above max")
            << withRules(machine + R"({"size": {"ram": {"min": 4096, "max": 1024}}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/size/ram") << 0 << 0
            << QStringLiteral("the minimum 4096 is greater than the maximum 1024");
        QTest::newRow("size show a string") << withRules(machine + R"({"size": {"cpu": {"show": "no"}}}})")
                                            << QStringLiteral("/teams/0/policy/rules/0/constraints/size/cpu/show") << 0
                                            << 0 << QStringLiteral("expected true or false");
        QTest::newRow("swap and swap_disk differ")
            << withRules(machine + R"({"size": {"swap": {"max": 2}, "swap_disk": {"max": 4}}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/size/swap_disk") << 0 << 0
            << QStringLiteral("keep one");
        QTest::newRow("size entry a number") << withRules(machine + R"({"size": {"allowed": [512]}}})")
                                             << QStringLiteral("/teams/0/policy/rules/0/constraints/size/allowed/0")
                                             << 0 << 0 << QStringLiteral("expected a size name");
        QTest::newRow("size entry without size")
            << withRules(machine + R"({"size": {"not_allowed": [{"cloud": "c1"}]}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/size/not_allowed/0") << 0 << 0
            << QStringLiteral("needs a \"size\"");
        QTest::newRow("size entry size a list")
            << withRules(machine + R"({"size": {"allowed": [{"cloud": "c1", "size": [2, 2048]}]}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/size/allowed/0/size") << 0 << 0
            << QStringLiteral("found an array");
        QTest::newRow("custom size ram a string")
            << withRules(machine + R"({"size": {"allowed": [{"cloud": "c1", "size": {"ram": "2GB"}}]}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/size/allowed/0/size/ram") << 0 << 0
            << QStringLiteral("expected a number, found the string \"2GB\"");
        QTest::newRow("empty size name") << withRules(machine + R"({"size": {"not_allowed": [""]}}})")
                                         << QStringLiteral("/teams/0/policy/rules/0/constraints/size/not_allowed/0")
                                         << 0 << 0 << QStringLiteral("would match every size");
        QTest::newRow("field an object") << withRules(machine + R"({"field": {"name": "image"}}})")
                                         << QStringLiteral("/teams/0/policy/rules/0/constraints/field") << 0 << 0
                                         << QStringLiteral("expected an array");
        QTest::newRow("field without name") << withRules(machine + R"({"field": [{"cloud": "ALL", "value": 1}]}})")
                                            << QStringLiteral("/teams/0/policy/rules/0/constraints/field/0") << 0 << 0
                                            << QStringLiteral("needs the \"name\"");
        QTest::newRow("field show a number") << withRules(machine + R"({"field": [{"name": "image", "show": 0}]}})")
                                             << QStringLiteral("/teams/0/policy/rules/0/constraints/field/0/show") << 0
                                             << 0 << QStringLiteral("expected true or false, found the number 0");
    }

    void parseErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const auto policy = parsePolicy(json);
        QVERIFY(!policy);
        const PolicyIssues &issues = policy.error();
        QVERIFY(!issues.isEmpty());
        const PolicyIssue &first = issues.at(0);
        QCOMPARE(first.severity, PolicyIssue::Severity::Error);
        QCOMPARE(first.path, path);
        QVERIFY2(first.message.contains(message), qPrintable(first.text()));
        QVERIFY2(first.line > 0 && first.column > 0, qPrintable(first.text())); // every error is placed
        if (line > 0)
            QCOMPARE(first.line, line);
        if (column > 0)
            QCOMPARE(first.column, column);
        QVERIFY(first.offset >= 0);
        QVERIFY(first.text().contains(QStringLiteral("line %1, column %2").arg(first.line).arg(first.column)));
    }

    void parseErrorOffsetMatchesLineAndColumn()
    {
        // The offset indexes the document as a QString, so an editor can jump straight to it.
        const QByteArray json = "[\n {\"name\": \"Équipe\",\n  \"policy\": {\"operator\": \"ALOW\"}}]";
        const auto policy = parsePolicy(json);
        QVERIFY(!policy);
        const PolicyIssue &issue = policy.error().at(0);
        const QString text = QString::fromUtf8(json);
        QCOMPARE(text.mid(issue.offset, 6), QStringLiteral("\"ALOW\""));
        QCOMPARE(issue.line, 3);
        QCOMPARE(issue.column, 26);
    }

    void parseTooDeep()
    {
        const QByteArray rule =
            R"({"operator": "ALLOW", "rtype": "machine", "constraints": {"field": [{"name": "x", "value": )" +
            QByteArray(100, '[') + QByteArray(100, ']') + "}]}}";
        QVERIFY(QJsonDocument::fromJson(withRules(rule)).isObject()); // valid JSON, only too deep
        const auto policy = parsePolicy(withRules(rule));
        QVERIFY(!policy);
        QVERIFY(policy.error().at(0).message.contains(QStringLiteral("nested more than")));
    }

    void parseByteOrderMark()
    {
        const auto policy = parsePolicy("\xEF\xBB\xBF[{\"name\": \"A\"}]");
        QVERIFY(policy);
        QCOMPARE(policy->teams.at(0).name, QStringLiteral("A"));
    }

    void parseWarnings_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        const QByteArray machine = R"({"operator": "ALLOW", "action": "create", "rtype": "machine", "constraints": )";
        QTest::newRow("unknown constraint")
            << withRules(machine + R"({"costs": {}}})") << QStringLiteral("/teams/0/policy/rules/0/constraints/costs")
            << QStringLiteral("unknown key \"costs\"");
        QTest::newRow("unknown rule key")
            << withRules(R"({"operator": "ALLOW", "acton": "start"})")
            << QStringLiteral("/teams/0/policy/rules/0/acton") << QStringLiteral("unknown key \"acton\"");
        QTest::newRow("unknown action") << withRules(R"({"operator": "DENY", "action": "destory", "rtype": "machine"})")
                                        << QStringLiteral("/teams/0/policy/rules/0/action")
                                        << QStringLiteral("unknown action \"destory\"");
        QTest::newRow("unknown rtype") << withRules(R"({"operator": "DENY", "action": "read", "rtype": "machines"})")
                                       << QStringLiteral("/teams/0/policy/rules/0/rtype")
                                       << QStringLiteral("unknown resource type \"machines\"");
        QTest::newRow("constraints on a DENY rule")
            << withRules(R"({"operator": "DENY", "rtype": "machine", "constraints": {"cost": {}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints") << QStringLiteral("ignored");
        QTest::newRow("constraints on clouds")
            << withRules(R"({"operator": "ALLOW", "rtype": "cloud", "constraints": {"cost": {}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints") << QStringLiteral("ignored");
        QTest::newRow("constraints on start")
            << withRules(R"({"operator": "ALLOW", "action": "start", "rtype": "machine", "constraints": {"cost": {}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints") << QStringLiteral("ignored");
        QTest::newRow("number as string")
            << withRules(machine + R"({"cost": {"max_team_run_rate": "500"}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/cost/max_team_run_rate")
            << QStringLiteral("write 500 without quotes");
        QTest::newRow("default longer than max")
            << withRules(machine + R"({"expiration": {"max": "7d", "default": "2w"}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/expiration/default")
            << QStringLiteral("longer than the maximum 7d");
        QTest::newRow("default action not available")
            << withRules(machine + R"({"expiration": {"actions": {"available": ["stop"], "default": "destroy"}}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/expiration/actions/default")
            << QStringLiteral("not among the available ones (stop)");
        QTest::newRow("unknown expiration action")
            << withRules(machine + R"({"expiration": {"actions": {"available": ["hibernate"]}}}})")
            << QStringLiteral("/teams/0/policy/rules/0/constraints/expiration/actions/available/0")
            << QStringLiteral("\"hibernate\" is not an expiration action");
        QTest::newRow("duplicate team") << QByteArray(R"([{"name": "A"}, {"name": "A"}])") << QStringLiteral("/1/name")
                                        << QStringLiteral("also named \"A\"");
    }

    void parseWarnings()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const auto policy = parsePolicy(json);
        QVERIFY2(policy, policy ? "" : qPrintable(issuesText(policy.error())));
        QCOMPARE(policy->warnings.size(), 1);
        const PolicyIssue &w = policy->warnings.at(0);
        QCOMPARE(w.severity, PolicyIssue::Severity::Warning);
        QCOMPARE(w.path, path);
        QVERIFY2(w.message.contains(message), qPrintable(w.text()));
        QVERIFY(w.line > 0);
    }

    void constraintsDroppedWhereTheyDoNotApply()
    {
        const auto policy = parsePolicy(withRules(
            R"({"operator": "DENY", "rtype": "machine", "constraints": {"cost": {"max_team_run_rate": 1}}})"));
        QVERIFY(policy);
        QVERIFY(policy->teams.at(0).rules.at(0).constraints.isEmpty());
    }

    void errorsComeWithWarnings()
    {
        const auto policy = parsePolicy(withRules(R"({"operator": "ALLOW", "acton": "x"}, {"operator": "NOPE"})"));
        QVERIFY(!policy);
        QCOMPARE(policy.error().size(), 2);
        QCOMPARE(policy.error().at(0).severity, PolicyIssue::Severity::Error);
        QCOMPARE(policy.error().at(1).severity, PolicyIssue::Severity::Warning);
    }

    void swapAndSwapDisk_data()
    {
        QTest::addColumn<QByteArray>("size");
        QTest::addColumn<double>("max");
        QTest::newRow("swap") << QByteArray(R"({"swap": {"max": 2}})") << 2.0;
        QTest::newRow("swap_disk") << QByteArray(R"({"swap_disk": {"max": 3}})") << 3.0;
        QTest::newRow("both, equal") << QByteArray(R"({"swap": {"max": 5}, "swap_disk": {"max": 5}})") << 5.0;
    }

    void swapAndSwapDisk()
    {
        QFETCH(QByteArray, size);
        QFETCH(double, max);
        const auto policy = parsePolicy(
            withRules(R"({"operator": "ALLOW", "rtype": "machine", "constraints": {"size": )" + size + "}}"));
        QVERIFY2(policy, policy ? "" : qPrintable(issuesText(policy.error())));
        QCOMPARE(policy->teams.at(0).rules.at(0).constraints.size->swap.max, std::optional<double>(max));
    }

    // --- evaluation ---

    void evaluate_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("rtype");
        QTest::addColumn<QString>("rid");
        QTest::addColumn<QStringList>("tags");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("basis");
        QTest::addColumn<QString>("team");
        QTest::addColumn<int>("rule"); // as messages count: from 1; 0 for none
        QTest::addColumn<QString>("reason");

        const QString ann = QStringLiteral("ann@acme.example");
        const QString bob = QStringLiteral("bob@acme.example");
        const QString carol = QStringLiteral("carol@acme.example");
        const QString machine = QStringLiteral("machine");
        const QString destroy = QStringLiteral("destroy");
        const QString create = QStringLiteral("create");
        const QString dev = QStringLiteral("Developers");
        const QString ops = QStringLiteral("Ops");
        const QString rule = QStringLiteral("rule");
        const QString byDefault = QStringLiteral("team-default");
        const QStringList prodDev{QStringLiteral("env:prod"), QStringLiteral("team:dev")};
        const QStringList teamDev{QStringLiteral("team:dev")};

        QTest::newRow("owner bypasses") << QStringLiteral("root@acme.example") << destroy << machine
                                        << QStringLiteral("m-1") << prodDev << true << QStringLiteral("owner")
                                        << QStringLiteral("Owners") << 0
                                        << QStringLiteral("Allowed: root@acme.example is in the Owners team");
        QTest::newRow("tag-scoped deny") << ann << destroy << machine << QStringLiteral("m-1") << prodDev << false
                                         << rule << dev << 3
                                         << QStringLiteral("Denied by rule 3 of team Developers: destroy on machines "
                                                           "tagged env=prod");
        QTest::newRow("tag-scoped allow")
            << ann << destroy << machine << QStringLiteral("m-2") << teamDev << true << rule << dev << 6
            << QStringLiteral("Allowed by rule 6 of team Developers: any action on "
                              "machines tagged team=dev");
        QTest::newRow("untagged falls to the default")
            << ann << destroy << machine << QStringLiteral("m-3") << QStringList() << false << byDefault << dev << 0
            << QStringLiteral("Denied by team Developers: no rule allows destroy on machine m-3, and the team denies "
                              "by default");
        QTest::newRow("tag key needs its value") << ann << QStringLiteral("start") << machine << QStringLiteral("m-4")
                                                 << QStringList{QStringLiteral("team:ops")} << false << byDefault << dev
                                                 << 0 << QStringLiteral("no rule allows start on machine m-4");
        QTest::newRow("rid-scoped deny, first match wins")
            << ann << QStringLiteral("start") << machine << QStringLiteral("db-primary") << teamDev << false << rule
            << dev << 4 << QStringLiteral("Denied by rule 4 of team Developers: any action on machine db-primary");
        QTest::newRow("empty rtype is any resource")
            << ann << QStringLiteral("read") << QStringLiteral("key") << QStringLiteral("k-1") << QStringList() << true
            << rule << dev << 1 << QStringLiteral("read on any resource");
        QTest::newRow("empty action is any action")
            << ann << QStringLiteral("reboot") << machine << QStringLiteral("m-2") << teamDev << true << rule << dev
            << 6 << QStringLiteral("any action on machines");
        QTest::newRow("rid-scoped allow")
            << ann << QStringLiteral("create_resources") << QStringLiteral("cloud") << QStringLiteral("do-dev")
            << QStringList() << true << rule << dev << 2 << QStringLiteral("create_resources on cloud do-dev");
        QTest::newRow("rid-scoped allow, other id")
            << ann << QStringLiteral("create_resources") << QStringLiteral("cloud") << QStringLiteral("do-prod")
            << QStringList() << false << byDefault << dev << 0 << QStringLiteral("no rule allows");
        QTest::newRow("create gets the allow rule's tags")
            << ann << create << machine << QString() << QStringList() << true << rule << dev << 5
            << QStringLiteral("Allowed by rule 5 of team Developers: create on machines tagged team=dev");
        QTest::newRow("action is matched whole")
            << ann << QStringLiteral("edit_tags") << QStringLiteral("cloud") << QStringLiteral("do-dev")
            << QStringList() << false << byDefault << dev << 0 << QStringLiteral("edit_tags on cloud do-dev");
        QTest::newRow("member by id") << QStringLiteral("5f3c2a91") << destroy << machine << QStringLiteral("m-1")
                                      << prodDev << false << rule << dev << 3 << QStringLiteral("rule 3");
        QTest::newRow("email in any case")
            << QStringLiteral("ANN@Acme.Example") << destroy << machine << QStringLiteral("m-2") << teamDev << true
            << rule << dev << 6 << QStringLiteral("rule 6");
        QTest::newRow("not a member") << QStringLiteral("eve@elsewhere.example") << QStringLiteral("read") << machine
                                      << QStringLiteral("m-1") << QStringList() << false
                                      << QStringLiteral("not-a-member") << QString() << 0
                                      << QStringLiteral("Denied: eve@elsewhere.example is not a member of any team");
        QTest::newRow("team default allows") << carol << QStringLiteral("start") << machine << QStringLiteral("m-1")
                                             << QStringList() << true << byDefault << ops << 0
                                             << QStringLiteral("Allowed by team Ops: no rule covers start on machine "
                                                               "m-1, and the team allows by default");
        QTest::newRow("deny rule before default allow")
            << carol << destroy << machine << QStringLiteral("m-2") << teamDev << false << rule << ops << 1
            << QStringLiteral("Denied by rule 1 of team Ops: destroy on machines");
        QTest::newRow("deny rtags on create: requested")
            << carol << create << machine << QString() << QStringList{QStringLiteral("env:prod")} << false << rule
            << ops << 2 << QStringLiteral("create on machines tagged env=prod");
        QTest::newRow("deny rtags on create: not requested")
            << carol << create << machine << QString() << QStringList{QStringLiteral("env:dev")} << true << rule << ops
            << 3 << QStringLiteral("create on machines tagged managed-by=ops");

        // Bob is in Developers and Ops: allowed when either team allows.
        QTest::newRow("two teams, second allows")
            << bob << QStringLiteral("start") << machine << QStringLiteral("m-3") << QStringList() << true << byDefault
            << ops << 0 << QStringLiteral("Allowed by team Ops");
        QTest::newRow("two teams, first allows")
            << bob << destroy << machine << QStringLiteral("m-2") << teamDev << true << rule << dev << 6
            << QStringLiteral("rule 6 of team Developers");
        QTest::newRow("two teams, both deny")
            << bob << destroy << machine << QStringLiteral("m-1") << prodDev << false << rule << dev << 3
            << QStringLiteral("Denied by rule 3 of team Developers: destroy on machines tagged env=prod; Denied by "
                              "rule 1 of team Ops: destroy on machines");
        QTest::newRow("two teams, constraints from the first allowing")
            << bob << create << machine << QString() << QStringList() << true << rule << dev << 5
            << QStringLiteral("rule 5 of team Developers");
    }

    void evaluate()
    {
        QFETCH(QString, user);
        QFETCH(QString, action);
        QFETCH(QString, rtype);
        QFETCH(QString, rid);
        QFETCH(QStringList, tags);
        QFETCH(bool, allowed);
        QFETCH(QString, basis);
        QFETCH(QString, team);
        QFETCH(int, rule);
        QFETCH(QString, reason);

        const PolicyEngine engine(m_acme);
        PolicyUser who;
        if (user.contains(u'@'))
            who.email = user;
        else
            who.id = user;
        const Decision d = engine.evaluate(who, {action, rtype, rid, tagsFrom(tags)});
        QCOMPARE(d.allowed, allowed);
        QCOMPARE(decisionBasisName(d.basis), basis);
        QCOMPARE(d.team, team);
        QCOMPARE(d.ruleIndex + 1, rule);
        QVERIFY2(d.reason.contains(reason), qPrintable(d.reason));
        if (d.basis == DecisionBasis::Rule || d.basis == DecisionBasis::TeamDefault)
            QCOMPARE(m_acme.teams.at(d.teamIndex).name, team);
    }

    void denialMessage()
    {
        // The sentence a user reads, exactly.
        const PolicyEngine engine(m_acme);
        const Decision d = engine.evaluate({QStringLiteral("ann@acme.example"), {}},
                                           {QStringLiteral("destroy"), QStringLiteral("machine"), QStringLiteral("m-1"),
                                            tagsFrom({QStringLiteral("env:prod")})});
        QCOMPARE(d.reason, QStringLiteral("Denied by rule 3 of team Developers: destroy on machines tagged env=prod"));
    }

    void decidingRuleCarriesConstraintsAndTags()
    {
        const PolicyEngine engine(m_acme);
        const Decision create = engine.evaluate({QStringLiteral("bob@acme.example"), {}},
                                                PolicyRequest::creating(QStringLiteral("machine")));
        QVERIFY(create.allowed);
        QCOMPARE(create.constraints, constraintsOf(m_acme, QStringLiteral("Developers"), 4));
        QCOMPARE(create.securityTags, (QMap<QString, QString>{{QStringLiteral("team"), QStringLiteral("dev")}}));
        QCOMPARE(create.verdicts.size(), 2); // both teams answered
        QVERIFY(create.verdicts.at(1).allowed);
        QCOMPARE(create.verdicts.at(1).team, QStringLiteral("Ops"));

        // Allowed by a team's default: no rule, so no constraints.
        const Decision start =
            engine.evaluate({QStringLiteral("carol@acme.example"), {}},
                            {QStringLiteral("start"), QStringLiteral("machine"), QStringLiteral("m"), {}});
        QVERIFY(start.allowed);
        QVERIFY(start.constraints.isEmpty());
        QVERIFY(start.securityTags.isEmpty());

        // Owners: nothing applies.
        const Decision owner = engine.evaluate({QStringLiteral("root@acme.example"), {}},
                                               PolicyRequest::creating(QStringLiteral("machine")));
        QVERIFY(owner.constraints.isEmpty());
    }

    void ruleOrder_data()
    {
        QTest::addColumn<bool>("denyFirst");
        QTest::addColumn<QString>("action");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<int>("rule");
        QTest::newRow("allow stop first: stop") << false << QStringLiteral("stop") << true << 1;
        QTest::newRow("allow stop first: start") << false << QStringLiteral("start") << false << 2;
        QTest::newRow("deny all first: stop") << true << QStringLiteral("stop") << false << 1;
        QTest::newRow("deny all first: start") << true << QStringLiteral("start") << false << 1;
    }

    void ruleOrder()
    {
        QFETCH(bool, denyFirst);
        QFETCH(QString, action);
        QFETCH(bool, allowed);
        QFETCH(int, rule);
        const QByteArray allowStop = R"({"operator": "ALLOW", "action": "stop", "rtype": "machine"})";
        const QByteArray denyAll = R"({"operator": "DENY", "action": "", "rtype": "machine"})";
        const auto policy = parsePolicy(withRules(denyFirst ? denyAll + ", " + allowStop : allowStop + ", " + denyAll));
        QVERIFY(policy);
        const Decision d = PolicyEngine(*policy).evaluate(
            {QStringLiteral("u@example.com"), {}}, {action, QStringLiteral("machine"), QStringLiteral("m-1"), {}});
        QCOMPARE(d.allowed, allowed);
        QCOMPARE(d.ruleIndex + 1, rule);
    }

    void teamDefault_data()
    {
        QTest::addColumn<QByteArray>("team");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("ALLOW") << QByteArray(
                                      R"({"name": "T", "members": ["u@x.example"], "policy": {"operator": "ALLOW"}})")
                               << true;
        QTest::newRow("allow, any case")
            << QByteArray(R"({"name": "T", "members": ["u@x.example"], "policy": {"operator": "Allow", "rules": []}})")
            << true;
        QTest::newRow("DENY") << QByteArray(
                                     R"({"name": "T", "members": ["u@x.example"], "policy": {"operator": "DENY"}})")
                              << false;
        QTest::newRow("no operator: DENY, as Mist")
            << QByteArray(R"({"name": "T", "members": ["u@x.example"], "policy": {"rules": []}})") << false;
        QTest::newRow("no policy: DENY") << QByteArray(R"({"name": "T", "members": ["u@x.example"]})") << false;
        QTest::newRow("Owners without a policy")
            << QByteArray(R"({"name": "Owners", "members": ["u@x.example"]})") << true;
    }

    void teamDefault()
    {
        QFETCH(QByteArray, team);
        QFETCH(bool, allowed);
        const auto policy = parsePolicy(QByteArray("[" + team + "]"));
        QVERIFY2(policy, policy ? "" : qPrintable(issuesText(policy.error())));
        const Decision d = PolicyEngine(*policy).evaluate(
            {QStringLiteral("u@x.example"), {}},
            {QStringLiteral("start"), QStringLiteral("machine"), QStringLiteral("m-1"), {}});
        QCOMPARE(d.allowed, allowed);
    }

    void rtagWithoutValueMatchesAnyValue_data()
    {
        QTest::addColumn<QStringList>("tags");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("key with a value") << QStringList{QStringLiteral("owner:ann")} << true;
        QTest::newRow("flat tag") << QStringList{QStringLiteral("owner")} << true;
        QTest::newRow("other key") << QStringList{QStringLiteral("team:ann")} << false;
        QTest::newRow("no tags") << QStringList() << false;
    }

    void rtagWithoutValueMatchesAnyValue()
    {
        QFETCH(QStringList, tags);
        QFETCH(bool, allowed);
        const auto policy = parsePolicy(withRules(R"({"operator": "ALLOW", "action": "stop", "rtype": "machine",
                                                      "rtags": {"owner": null}})"));
        QVERIFY(policy);
        const Decision d = PolicyEngine(*policy).evaluate(
            {QStringLiteral("u@example.com"), {}},
            {QStringLiteral("stop"), QStringLiteral("machine"), QStringLiteral("m"), tagsFrom(tags)});
        QCOMPARE(d.allowed, allowed);
    }

    void ungoverned()
    {
        const PolicyEngine engine;
        const Decision d =
            engine.evaluate({QStringLiteral("anyone@example.com"), {}},
                            {QStringLiteral("destroy"), QStringLiteral("machine"), QStringLiteral("m"), {}});
        QVERIFY(d.allowed);
        QCOMPARE(d.basis, DecisionBasis::Ungoverned);
        QVERIFY(engine.securityTags({QStringLiteral("anyone@example.com"), {}}).isEmpty());
    }

    void costQuota()
    {
        const std::optional<CostConstraint> dev = m_acme.costQuota(QStringLiteral("Developers"));
        QVERIFY(dev);
        QCOMPARE(dev->maxTeamRunRate, std::optional<double>(450));
        QVERIFY(!m_acme.costQuota(QStringLiteral("Ops")));
        QVERIFY(!m_acme.costQuota(QStringLiteral("Nobody")));
        QCOMPARE(m_lab.costQuota(QStringLiteral("Lab"))->maxTeamRunRate, std::optional<double>(150));
        QCOMPARE(m_acme.teamsOf(QStringLiteral("bob@acme.example")), (QList<int>{1, 2}));
    }

    // --- constraints ---

    void cost_data()
    {
        QTest::addColumn<double>("maxTeam");  // < 0: not set
        QTest::addColumn<double>("maxTotal"); // < 0: not set
        QTest::addColumn<bool>("known");
        QTest::addColumn<double>("team");
        QTest::addColumn<double>("total");
        QTest::addColumn<double>("added");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QStringList>("failed");
        QTest::addColumn<QString>("message"); // of the first result

        const QString usd = QStringLiteral("USD");
        QTest::newRow("team quota exceeded")
            << 450.0 << -1.0 << true << 420.0 << 0.0 << 40.0 << usd << QStringList{QStringLiteral("cost.team")}
            << QStringLiteral("Run rate $420 + $40 would exceed your team's $450 quota");
        QTest::newRow("within team quota") << 500.0 << -1.0 << true << 420.0 << 0.0 << 40.0 << usd << QStringList()
                                           << QStringLiteral("Run rate $420 + $40 is within your team's $500 quota");
        QTest::newRow("exactly at quota")
            << 460.0 << -1.0 << true << 420.0 << 0.0 << 40.0 << usd << QStringList() << QStringLiteral("within");
        QTest::newRow("cents") << 460.0 << -1.0 << true << 420.5 << 0.0 << 39.75 << usd
                               << QStringList{QStringLiteral("cost.team")}
                               << QStringLiteral("Run rate $420.50 + $39.75 would exceed your team's $460 quota");
        QTest::newRow("total exceeded, team fine")
            << 450.0 << 2000.0 << true << 100.0 << 1980.0 << 40.0 << usd << QStringList{QStringLiteral("cost.total")}
            << QStringLiteral("Run rate $100 + $40 is within your team's $450 quota");
        QTest::newRow("total message") << -1.0 << 2000.0 << true << 100.0 << 1900.0 << 40.0 << usd << QStringList()
                                       << QStringLiteral("Total run rate $1,900 + $40 is within the organisation's "
                                                         "$2,000 quota");
        QTest::newRow("resize down") << 450.0 << -1.0 << true << 460.0 << 0.0 << -20.0 << usd << QStringList()
                                     << QStringLiteral("Run rate $460 - $20 is within your team's $450 quota");
        QTest::newRow("cost unknown") << 450.0 << 2000.0 << false << 0.0 << 0.0 << 0.0 << usd
                                      << QStringList{QStringLiteral("cost.team"), QStringLiteral("cost.total")}
                                      << QStringLiteral("not known");
        QTest::newRow("other currency") << 450.0 << -1.0 << true << 10.0 << 0.0 << 5.0 << QStringLiteral("EUR")
                                        << QStringList{QStringLiteral("cost.team")}
                                        << QStringLiteral("Prices are in EUR");
        QTest::newRow("no limits") << -1.0 << -1.0 << true << 10000.0 << 10000.0 << 5000.0 << usd << QStringList()
                                   << QString();
    }

    void cost()
    {
        QFETCH(double, maxTeam);
        QFETCH(double, maxTotal);
        QFETCH(bool, known);
        QFETCH(double, team);
        QFETCH(double, total);
        QFETCH(double, added);
        QFETCH(QString, currency);
        QFETCH(QStringList, failed);
        QFETCH(QString, message);
        CostConstraint constraint;
        if (maxTeam >= 0)
            constraint.maxTeamRunRate = maxTeam;
        if (maxTotal >= 0)
            constraint.maxTotalRunRate = maxTotal;
        std::optional<CostFigures> figures;
        if (known)
            figures = CostFigures{team, total, added, currency};
        const ConstraintResults results = checkCost(constraint, figures);
        QCOMPARE(results.size(), int(maxTeam >= 0) + int(maxTotal >= 0));
        QCOMPARE(failedFields(results), failed);
        if (!message.isEmpty())
            QVERIFY2(results.at(0).message.contains(message), qPrintable(results.at(0).message));
    }

    void expiration_data()
    {
        QTest::addColumn<QByteArray>("constraint");
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("notify");
        QTest::addColumn<QStringList>("failed");
        QTest::addColumn<QString>("message"); // of the "expiration" result

        const QByteArray acme = R"({"max": "30d", "default": "7d", "actions": {"available": ["destroy", "stop"],
            "default": "destroy"}, "notify": {"default": "1d", "require": true}})";
        const QByteArray month = R"({"max": "1mo"})";
        const QDateTime in7d = Now.addDays(7);
        QTest::newRow("within") << acme << in7d << QStringLiteral("stop") << QStringLiteral("1d") << QStringList()
                                << QStringLiteral("Expires 2024-02-07 12:00 UTC");
        QTest::newRow("at the maximum") << acme << Now.addDays(30) << QString() << QStringLiteral("1d") << QStringList()
                                        << QStringLiteral("Expires");
        QTest::newRow("beyond the maximum")
            << acme << Now.addDays(31) << QString() << QStringLiteral("1d") << QStringList{QStringLiteral("expiration")}
            << QStringLiteral("later than the policy allows: at most 30 days from now (by 2024-03-01 12:00 UTC)");
        QTest::newRow("none, but required")
            << acme << QDateTime() << QString() << QString() << QStringList{QStringLiteral("expiration")}
            << QStringLiteral("must have an expiration date, at most 30 days");
        QTest::newRow("in the past") << acme << Now.addSecs(-60) << QString() << QString()
                                     << QStringList{QStringLiteral("expiration"), QStringLiteral("expiration.notify")}
                                     << QStringLiteral("not in the future");
        QTest::newRow("action not available")
            << acme << in7d << QStringLiteral("suspend") << QStringLiteral("1d")
            << QStringList{QStringLiteral("expiration.action")} << QStringLiteral("Expires");
        QTest::newRow("notice required") << acme << in7d << QStringLiteral("destroy") << QString()
                                         << QStringList{QStringLiteral("expiration.notify")}
                                         << QStringLiteral("Expires");
        QTest::newRow("notice before now")
            << acme << Now.addSecs(3600) << QStringLiteral("destroy") << QStringLiteral("1d")
            << QStringList{QStringLiteral("expiration.notify")} << QStringLiteral("Expires");
        QTest::newRow("calendar month: Feb 29") << month << QDateTime(QDate(2024, 2, 29), QTime(12, 0), Qt::UTC)
                                                << QString() << QString() << QStringList() << QStringLiteral("Expires");
        QTest::newRow("calendar month: Mar 1")
            << month << QDateTime(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC) << QString() << QString()
            << QStringList{QStringLiteral("expiration")} << QStringLiteral("at most 1 month from now");
        QTest::newRow("no maximum, no date") << QByteArray("{}") << QDateTime() << QString() << QString()
                                             << QStringList() << QStringLiteral("No expiration date");
        QTest::newRow("minutes are not months")
            << QByteArray(R"({"max": "90m"})") << Now.addDays(2) << QString() << QString()
            << QStringList{QStringLiteral("expiration")} << QStringLiteral("at most 90 minutes");
    }

    void expiration()
    {
        QFETCH(QByteArray, constraint);
        QFETCH(QDateTime, at);
        QFETCH(QString, action);
        QFETCH(QString, notify);
        QFETCH(QStringList, failed);
        QFETCH(QString, message);
        const auto policy = parsePolicy(withRules(
            R"({"operator": "ALLOW", "rtype": "machine", "constraints": {"expiration": )" + constraint + "}}"));
        QVERIFY2(policy, policy ? "" : qPrintable(issuesText(policy.error())));
        const ExpirationConstraint &c = *policy->teams.at(0).rules.at(0).constraints.expiration;
        const ExpirationRequest request{at, action, PolicyDuration::parse(notify)};
        const ConstraintResults results = checkExpiration(c, request, Now);
        QCOMPARE(failedFields(results), failed);
        const ConstraintResult *r = findResult(results, QStringLiteral("expiration"));
        QVERIFY(r);
        QVERIFY2(r->message.contains(message), qPrintable(r->message));
    }

    void proposedExpiration()
    {
        const ExpirationConstraint &c = *constraintsOf(m_acme, QStringLiteral("Developers"), 4).expiration;
        const ExpirationRequest proposal = nephele::models::policy::proposedExpiration(c, Now);
        QCOMPARE(proposal.at, Now.addDays(7));
        QCOMPARE(proposal.action, QStringLiteral("destroy"));
        QCOMPARE(proposal.notifyBefore, PolicyDuration::parse(u"1d"));
        QVERIFY(allOk(checkExpiration(c, proposal, Now)));
        QCOMPARE(latestExpiration(c, Now), Now.addDays(30));

        // Lab: 90 minutes by default, "stop" the only action.
        const ExpirationConstraint &lab = *constraintsOf(m_lab, QStringLiteral("Lab"), 2).expiration;
        const ExpirationRequest labProposal = nephele::models::policy::proposedExpiration(lab, Now);
        QCOMPARE(labProposal.at, Now.addSecs(90 * 60));
        QCOMPARE(labProposal.action, QStringLiteral("stop"));
        QCOMPARE(latestExpiration(lab, Now), QDateTime(QDate(2024, 3, 31), QTime(12, 0), Qt::UTC));
    }

    void catalogSize_data()
    {
        QTest::addColumn<QString>("policy"); // "acme" or "lab"
        QTest::addColumn<QString>("cloud");
        QTest::addColumn<Size>("size");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("message");

        const QString acme = QStringLiteral("acme");
        const QString doDev = QStringLiteral("do-dev");
        const QString aws = QStringLiteral("aws-oregon");
        QTest::newRow("allowed by id") << acme << doDev << size("s-1vcpu-1gb", "Basic", 1, 1024, 25) << true
                                       << QStringLiteral("Size s-1vcpu-1gb is allowed (it matches \"s-1vcpu-1gb\")");
        QTest::newRow("id in any case") << acme << doDev << size("S-2VCPU-4GB", "Basic", 2, 4096, 80) << true
                                        << QStringLiteral("matches \"s-2vcpu-4gb\"");
        QTest::newRow("allowed by name") << acme << doDev << size("s-2vcpu-2gb", "Basic", 2, 2048, 60) << true
                                         << QStringLiteral("matches \"Basic\"");
        QTest::newRow("name substring, not allowed")
            << acme << doDev << size("c-2", "CPU-Optimized", 2, 4096, 25) << false
            << QStringLiteral("Size c-2 is not allowed by the policy (it matches \"optimized\")");
        QTest::newRow("name substring, other size")
            << acme << doDev << size("m-2vcpu-16gb", "Memory-Optimized", 2, 16384, 50) << false
            << QStringLiteral("matches \"optimized\"");
        QTest::newRow("not among the allowed")
            << acme << doDev << size("g-2vcpu-8gb", "General Purpose", 2, 8192, 25) << false
            << QStringLiteral("Size g-2vcpu-8gb is not among the sizes the policy allows here: s-1vcpu-1gb, "
                              "s-2vcpu-4gb, Basic");
        QTest::newRow("not_allowed wins over allowed")
            << acme << doDev << size("s-8vcpu-16gb", "Basic", 8, 16384, 320) << false
            << QStringLiteral("matches \"s-8vcpu-16gb on cloud do-dev\"");
        QTest::newRow("cloud entry only on its cloud")
            << acme << QStringLiteral("do-staging") << size("s-8vcpu-16gb", "Basic", 8, 16384, 320) << true
            << QStringLiteral("matches \"Basic\"");
        QTest::newRow("cloud and size") << acme << aws << size("t3.small", "t3.small", 2, 2048, 0) << true
                                        << QStringLiteral("matches \"t3.small on cloud aws-oregon\"");
        QTest::newRow("cloud and size, not listed")
            << acme << aws << size("t3.large", "t3.large", 2, 8192, 0) << false
            << QStringLiteral("t3.small on cloud aws-oregon, t3.medium on cloud aws-oregon");
        QTest::newRow("cloud and size, other cloud")
            << acme << QStringLiteral("aws-virginia") << size("t3.small", "t3.small", 2, 2048, 0) << false
            << QStringLiteral("not among the sizes");
        QTest::newRow("custom entry matches a catalog size")
            << QStringLiteral("lab") << QStringLiteral("lxd-1") << size("small", "lxd small", 2, 2048, 20) << true
            << QStringLiteral("matches \"Small (2 CPU / 2048 MB RAM / 20 GB disk) on cloud lxd-1\"");
        QTest::newRow("custom entry, other specs")
            << QStringLiteral("lab") << QStringLiteral("lxd-1") << size("big", "lxd big", 8, 8192, 100) << false
            << QStringLiteral("not among the sizes");
        QTest::newRow("no allowed entries for this cloud")
            << QStringLiteral("lab") << QStringLiteral("vsphere-1") << size("vm-4", "4 CPU", 4, 8192, 100) << true
            << QStringLiteral("Size vm-4 is allowed");
        QTest::newRow("custom not_allowed matches by cpu")
            << QStringLiteral("lab") << QStringLiteral("vsphere-1") << size("vm-16", "16 CPU", 16, 65536, 100) << false
            << QStringLiteral("not allowed by the policy");
    }

    void catalogSize()
    {
        QFETCH(QString, policy);
        QFETCH(QString, cloud);
        QFETCH(Size, size);
        QFETCH(bool, ok);
        QFETCH(QString, message);
        const SizeConstraint &c = policy == u"acme" ? *constraintsOf(m_acme, QStringLiteral("Developers"), 4).size
                                                    : *constraintsOf(m_lab, QStringLiteral("Lab"), 2).size;
        const ConstraintResult r = checkSize(c, cloud, size);
        QCOMPARE(r.field, QStringLiteral("size"));
        QCOMPARE(r.ok, ok);
        QVERIFY2(r.message.contains(message), qPrintable(r.message));
    }

    void customSize_data()
    {
        QTest::addColumn<QString>("team"); // "Lab" or "Builders"
        QTest::addColumn<QString>("cloud");
        QTest::addColumn<double>("cpu");
        QTest::addColumn<double>("ram");
        QTest::addColumn<double>("disk");
        QTest::addColumn<double>("swap"); // < 0: none
        QTest::addColumn<QStringList>("failed");
        QTest::addColumn<QString>("message"); // of the first failure, or of "size"

        const QString lab = QStringLiteral("Lab");
        const QString lxd = QStringLiteral("lxd-1");
        const QString vsphere = QStringLiteral("vsphere-1");
        QTest::newRow("a listed custom size") << lab << lxd << 2.0 << 2048.0 << 20.0 << -1.0 << QStringList()
                                              << QStringLiteral("This custom size is allowed");
        QTest::newRow("not a listed custom size")
            << lab << lxd << 3.0 << 2048.0 << 20.0 << -1.0 << QStringList{QStringLiteral("size")}
            << QStringLiteral("Small (2 CPU / 2048 MB RAM / 20 GB disk) on cloud "
                              "lxd-1, Medium (4 CPU / 4096 MB RAM / 40 GB disk)");
        QTest::newRow("not_allowed and above cpu max")
            << lab << vsphere << 16.0 << 8192.0 << 50.0 << -1.0
            << QStringList{QStringLiteral("size"), QStringLiteral("size.cpu")}
            << QStringLiteral("not allowed by the policy");
        QTest::newRow("cpu above max") << lab << vsphere << 12.0 << 8192.0 << 50.0 << -1.0
                                       << QStringList{QStringLiteral("size.cpu")}
                                       << QStringLiteral("12 CPU cores is above the policy's maximum of 8 CPU cores");
        QTest::newRow("ram below min") << lab << vsphere << 4.0 << 256.0 << 50.0 << -1.0
                                       << QStringList{QStringLiteral("size.ram")}
                                       << QStringLiteral(
                                              "256 MB of RAM is below the policy's minimum of 512 MB of RAM");
        QTest::newRow("disk above max") << lab << vsphere << 4.0 << 4096.0 << 300.0 << -1.0
                                        << QStringList{QStringLiteral("size.disk")}
                                        << QStringLiteral("300 GB of disk is above the policy's maximum of 200 GB");
        QTest::newRow("swap_disk above max")
            << lab << vsphere << 4.0 << 4096.0 << 50.0 << 8.0 << QStringList{QStringLiteral("size.swap")}
            << QStringLiteral("8 GB of swap disk is above the policy's maximum of 4");
        QTest::newRow("swap_disk within") << lab << vsphere << 4.0 << 4096.0 << 50.0 << 2.0 << QStringList()
                                          << QStringLiteral("This custom size is allowed");
        QTest::newRow("swap required") << QStringLiteral("Builders") << lxd << 2.0 << 1024.0 << 10.0 << -1.0
                                       << QStringList{QStringLiteral("size.swap")}
                                       << QStringLiteral("0 GB of swap disk is below the policy's minimum of 1");
        QTest::newRow("swap within") << QStringLiteral("Builders") << lxd << 2.0 << 1024.0 << 10.0 << 1.0
                                     << QStringList() << QStringLiteral("allowed");
        QTest::newRow("hidden cpu fixed at 2")
            << QStringLiteral("Builders") << lxd << 4.0 << 1024.0 << 10.0 << 2.0
            << QStringList{QStringLiteral("size.cpu")} << QStringLiteral("above the policy's maximum of 2 CPU cores");
    }

    void customSize()
    {
        QFETCH(QString, team);
        QFETCH(QString, cloud);
        QFETCH(double, cpu);
        QFETCH(double, ram);
        QFETCH(double, disk);
        QFETCH(double, swap);
        QFETCH(QStringList, failed);
        QFETCH(QString, message);
        const SizeConstraint &c = *constraintsOf(m_lab, team, team == u"Lab" ? 2 : 0).size;
        CustomSize s{cpu, ram, disk, std::nullopt};
        if (swap >= 0)
            s.swapGb = swap;
        const ConstraintResults results = checkCustomSize(c, cloud, s);
        QCOMPARE(failedFields(results), failed);
        const ConstraintResult *shown =
            failed.isEmpty() ? findResult(results, QStringLiteral("size")) : findResult(results, failed.constFirst());
        QVERIFY(shown);
        QVERIFY2(shown->message.contains(message), qPrintable(shown->message));
    }

    void fields_data()
    {
        QTest::addColumn<QString>("cloud");
        QTest::addColumn<QVariantMap>("requested");
        QTest::addColumn<QStringList>("inForce");
        QTest::addColumn<QStringList>("failed");
        QTest::addColumn<QString>("message"); // of the first failure, or of the first result

        const QString doDev = QStringLiteral("do-dev");
        const QString aws = QStringLiteral("aws-oregon");
        const QStringList doFields{QStringLiteral("monitoring"), QStringLiteral("image"), QStringLiteral("ipv6")};
        const QStringList awsFields{QStringLiteral("monitoring"), QStringLiteral("image")};
        QTest::newRow("nothing set") << doDev << QVariantMap() << doFields << QStringList()
                                     << QStringLiteral("monitoring is set by the policy to true");
        QTest::newRow("hidden field set to its value")
            << doDev << QVariantMap{{QStringLiteral("monitoring"), true}} << doFields << QStringList()
            << QStringLiteral("set by the policy");
        QTest::newRow("value as text") << doDev << QVariantMap{{QStringLiteral("monitoring"), QStringLiteral("true")}}
                                       << doFields << QStringList() << QStringLiteral("set by the policy");
        QTest::newRow("hidden field set otherwise")
            << doDev << QVariantMap{{QStringLiteral("monitoring"), false}} << doFields
            << QStringList{QStringLiteral("field.monitoring")}
            << QStringLiteral("monitoring is fixed by the policy to true; false is not allowed");
        QTest::newRow("hidden field without value set")
            << doDev << QVariantMap{{QStringLiteral("ipv6"), true}} << doFields
            << QStringList{QStringLiteral("field.ipv6")}
            << QStringLiteral("ipv6 is hidden by the policy and cannot be set");
        QTest::newRow("a default may be changed")
            << doDev << QVariantMap{{QStringLiteral("image"), QStringLiteral("debian-12-x64")}} << doFields
            << QStringList() << QStringLiteral("set by the policy");
        QTest::newRow("cloud entry replaces ALL")
            << aws << QVariantMap{{QStringLiteral("image"), QStringLiteral("ubuntu-22-04-x64")}} << awsFields
            << QStringList{QStringLiteral("field.image")}
            << QStringLiteral("image is fixed by the policy to \"ami-0c55b159cbfafe1f0\"");
        QTest::newRow("cloud entry, its value")
            << aws << QVariantMap{{QStringLiteral("image"), QStringLiteral("ami-0c55b159cbfafe1f0")}} << awsFields
            << QStringList() << QStringLiteral("set by the policy");
        QTest::newRow("other cloud: ALL entries only") << QStringLiteral("gcp-1") << QVariantMap() << awsFields
                                                       << QStringList() << QStringLiteral("set by the policy");
    }

    void fields()
    {
        QFETCH(QString, cloud);
        QFETCH(QVariantMap, requested);
        QFETCH(QStringList, inForce);
        QFETCH(QStringList, failed);
        QFETCH(QString, message);
        const QList<FieldConstraint> &all = constraintsOf(m_acme, QStringLiteral("Developers"), 4).fields;
        QStringList names;
        for (const FieldConstraint &f : fieldsFor(all, cloud))
            names << f.name;
        QCOMPARE(names, inForce);
        const ConstraintResults results = checkFields(all, cloud, requested);
        QCOMPARE(failedFields(results), failed);
        const ConstraintResult &shown = failed.isEmpty() ? results.at(0) : *findResult(results, failed.constFirst());
        QVERIFY2(shown.message.contains(message), qPrintable(shown.message));
    }

    void securityTags_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QStringList>("requested");
        QTest::addColumn<QStringList>("failed");
        QTest::addColumn<QStringList>("result");

        const QString ann = QStringLiteral("ann@acme.example");
        QTest::newRow("applied") << ann << QStringList{QStringLiteral("env:dev")} << QStringList()
                                 << QStringList{QStringLiteral("env:dev"), QStringLiteral("team:dev")};
        QTest::newRow("the same value again") << ann << QStringList{QStringLiteral("team:dev")} << QStringList()
                                              << QStringList{QStringLiteral("team:dev")};
        QTest::newRow("another value") << ann << QStringList{QStringLiteral("team:ops")}
                                       << QStringList{QStringLiteral("tags.team")}
                                       << QStringList{QStringLiteral("team:dev")};
        QTest::newRow("reserved by another team's rule")
            << QStringLiteral("bob@acme.example") << QStringList{QStringLiteral("managed-by:bob")}
            << QStringList{QStringLiteral("tags.managed-by")}
            << QStringList{QStringLiteral("managed-by:bob"), QStringLiteral("team:dev")};
        QTest::newRow("ops") << QStringLiteral("carol@acme.example") << QStringList{QStringLiteral("team:ops")}
                             << QStringList()
                             << QStringList{QStringLiteral("team:ops"), QStringLiteral("managed-by:ops")};
        QTest::newRow("owner") << QStringLiteral("root@acme.example") << QStringList{QStringLiteral("team:x")}
                               << QStringList() << QStringList{QStringLiteral("team:x")};
    }

    void securityTags()
    {
        QFETCH(QString, user);
        QFETCH(QStringList, requested);
        QFETCH(QStringList, failed);
        QFETCH(QStringList, result);
        const PolicyEngine engine(m_acme);
        const SecurityTags security = engine.securityTags({user, {}});
        const ConstraintResults results = checkTags(security, tagsFrom(requested));
        QCOMPARE(failedFields(results), failed);
        QCOMPARE(tagTexts(withSecurityTags(security, tagsFrom(requested))), result);
    }

    void securityTagMessages()
    {
        const SecurityTags security = PolicyEngine(m_acme).securityTags({QStringLiteral("ann@acme.example"), {}});
        QCOMPARE(security.reservedKeys, (QSet<QString>{QStringLiteral("team")}));
        const ConstraintResults results = checkTags(security, tagsFrom({QStringLiteral("team:ops")}));
        QCOMPARE(results.size(), 2);
        QCOMPARE(results.at(0).message,
                 QStringLiteral("The tag \"team\" is set by the policy to \"dev\" and cannot be changed"));
        QCOMPARE(results.at(1).message, QStringLiteral("Security tags team:dev are set by the policy"));
    }

    // --- a machine request end to end ---

    void checkMachine_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("cloud");
        QTest::addColumn<QString>("sizeId");
        QTest::addColumn<QString>("sizeName");
        QTest::addColumn<double>("teamRate"); // < 0: cost unknown
        QTest::addColumn<int>("leaseDays");   // < 0: no expiration given
        QTest::addColumn<QStringList>("tags");
        QTest::addColumn<QStringList>("failed");
        QTest::addColumn<QStringList>("fields"); // every result's field, in order
        QTest::addColumn<QStringList>("machineTags");
        QTest::addColumn<QStringList>("current"); // resize: the machine's tags now

        const QString ann = QStringLiteral("ann@acme.example");
        const QString create = QStringLiteral("create");
        const QString doDev = QStringLiteral("do-dev");
        const QStringList all{QStringLiteral("permission"),
                              QStringLiteral("permission.cloud"),
                              QStringLiteral("permission.location"),
                              QStringLiteral("cost.team"),
                              QStringLiteral("cost.total"),
                              QStringLiteral("size"),
                              QStringLiteral("expiration"),
                              QStringLiteral("expiration.action"),
                              QStringLiteral("expiration.notify"),
                              QStringLiteral("field.monitoring"),
                              QStringLiteral("field.image"),
                              QStringLiteral("field.ipv6"),
                              QStringLiteral("tags")};
        const QStringList devTags{QStringLiteral("env:dev"), QStringLiteral("team:dev")};

        QTest::newRow("within every constraint")
            << ann << create << doDev << QStringLiteral("s-2vcpu-4gb") << QStringLiteral("Basic") << 300.0 << 7
            << QStringList{QStringLiteral("env:dev")} << QStringList() << all << devTags << QStringList();
        QTest::newRow("over the team quota")
            << ann << create << doDev << QStringLiteral("s-2vcpu-4gb") << QStringLiteral("Basic") << 420.0 << 7
            << QStringList{QStringLiteral("env:dev")} << QStringList{QStringLiteral("cost.team")} << all << devTags
            << QStringList();
        QTest::newRow("cost unknown") << ann << create << doDev << QStringLiteral("s-2vcpu-4gb")
                                      << QStringLiteral("Basic") << -1.0 << 7 << QStringList()
                                      << QStringList{QStringLiteral("cost.team"), QStringLiteral("cost.total")} << all
                                      << QStringList{QStringLiteral("team:dev")} << QStringList();
        QTest::newRow("disallowed size") << ann << create << doDev << QStringLiteral("c-2")
                                         << QStringLiteral("CPU-Optimized") << 300.0 << 7 << QStringList()
                                         << QStringList{QStringLiteral("size")} << all
                                         << QStringList{QStringLiteral("team:dev")} << QStringList();
        QTest::newRow("lease too long") << ann << create << doDev << QStringLiteral("s-2vcpu-4gb")
                                        << QStringLiteral("Basic") << 300.0 << 45 << QStringList()
                                        << QStringList{QStringLiteral("expiration")} << all
                                        << QStringList{QStringLiteral("team:dev")} << QStringList();
        QTest::newRow("no lease") << ann << create << doDev << QStringLiteral("s-2vcpu-4gb") << QStringLiteral("Basic")
                                  << 300.0 << -1 << QStringList() << QStringList{QStringLiteral("expiration")}
                                  << QStringList{QStringLiteral("permission"),
                                                 QStringLiteral("permission.cloud"),
                                                 QStringLiteral("permission.location"),
                                                 QStringLiteral("cost.team"),
                                                 QStringLiteral("cost.total"),
                                                 QStringLiteral("size"),
                                                 QStringLiteral("expiration"),
                                                 QStringLiteral("field.monitoring"),
                                                 QStringLiteral("field.image"),
                                                 QStringLiteral("field.ipv6"),
                                                 QStringLiteral("tags")}
                                  << QStringList{QStringLiteral("team:dev")} << QStringList();
        QTest::newRow("security tag changed")
            << ann << create << doDev << QStringLiteral("s-2vcpu-4gb") << QStringLiteral("Basic") << 300.0 << 7
            << QStringList{QStringLiteral("team:ops")} << QStringList{QStringLiteral("tags.team")}
            << QStringList{QStringLiteral("permission"),          QStringLiteral("permission.cloud"),
                           QStringLiteral("permission.location"), QStringLiteral("cost.team"),
                           QStringLiteral("cost.total"),          QStringLiteral("size"),
                           QStringLiteral("expiration"),          QStringLiteral("expiration.action"),
                           QStringLiteral("expiration.notify"),   QStringLiteral("field.monitoring"),
                           QStringLiteral("field.image"),         QStringLiteral("field.ipv6"),
                           QStringLiteral("tags.team"),           QStringLiteral("tags")}
            << QStringList{QStringLiteral("team:dev")} << QStringList();
        QTest::newRow("cloud not granted")
            << ann << create << QStringLiteral("do-prod") << QStringLiteral("s-2vcpu-4gb") << QStringLiteral("Basic")
            << 300.0 << 7 << QStringList() << QStringList{QStringLiteral("permission.cloud")}
            << QStringList(all.cbegin(), all.cend() - 2) + QStringList{QStringLiteral("tags")}
            << QStringList{QStringLiteral("team:dev")} << QStringList();
        QTest::newRow("owner: no constraints")
            << QStringLiteral("root@acme.example") << create << QStringLiteral("do-prod") << QStringLiteral("c-32")
            << QStringLiteral("CPU-Optimized") << 5000.0 << -1 << QStringList{QStringLiteral("team:x")} << QStringList()
            << QStringList{QStringLiteral("permission"), QStringLiteral("permission.cloud"),
                           QStringLiteral("permission.location")}
            << QStringList{QStringLiteral("team:x")} << QStringList();
        QTest::newRow("not a member") << QStringLiteral("eve@elsewhere.example") << create << doDev
                                      << QStringLiteral("s-2vcpu-4gb") << QStringLiteral("Basic") << 0.0 << 7
                                      << QStringList()
                                      << QStringList{QStringLiteral("permission"), QStringLiteral("permission.cloud"),
                                                     QStringLiteral("permission.location")}
                                      << QStringList{QStringLiteral("permission"), QStringLiteral("permission.cloud"),
                                                     QStringLiteral("permission.location")}
                                      << QStringList() << QStringList();
        QTest::newRow("resize to a disallowed size")
            << ann << QStringLiteral("resize") << doDev << QStringLiteral("m-2vcpu-16gb")
            << QStringLiteral("Memory-Optimized") << 300.0 << -1 << QStringList() << QStringList{QStringLiteral("size")}
            << QStringList{QStringLiteral("permission"), QStringLiteral("size")} << QStringList()
            << QStringList{QStringLiteral("team:dev")};
        QTest::newRow("resize of a machine not the team's")
            << ann << QStringLiteral("resize") << doDev << QStringLiteral("s-2vcpu-4gb") << QStringLiteral("Basic")
            << 300.0 << -1 << QStringList() << QStringList{QStringLiteral("permission")}
            << QStringList{QStringLiteral("permission")} << QStringList() << QStringList();
    }

    void checkMachine()
    {
        QFETCH(QString, user);
        QFETCH(QString, action);
        QFETCH(QString, cloud);
        QFETCH(QString, sizeId);
        QFETCH(QString, sizeName);
        QFETCH(double, teamRate);
        QFETCH(int, leaseDays);
        QFETCH(QStringList, tags);
        QFETCH(QStringList, failed);
        QFETCH(QStringList, fields);
        QFETCH(QStringList, machineTags);
        QFETCH(QStringList, current);

        MachineProposal p;
        p.action = action;
        p.cloudId = cloud;
        p.locationId = QStringLiteral("nyc3");
        Size s;
        s.id = sizeId;
        s.name = sizeName;
        s.priceMonthly = 40;
        p.size = s;
        if (teamRate >= 0)
            p.cost = CostFigures{teamRate, 1500, 40, QStringLiteral("USD")};
        if (leaseDays >= 0) {
            p.expiration =
                ExpirationRequest{Now.addDays(leaseDays), QStringLiteral("destroy"), PolicyDuration::parse(u"1d")};
        }
        p.tags = tagsFrom(tags);
        if (action != u"create") {
            p.machineId = QStringLiteral("m-7");
            p.machineTags = tagsFrom(current);
        }

        const MachineCheck check = PolicyEngine(m_acme).checkMachine({user, {}}, p, Now);
        QStringList got;
        for (const ConstraintResult &r : check.results)
            got << r.field;
        QCOMPARE(got, fields);
        QCOMPARE(failedFields(check.results), failed);
        QCOMPARE(check.ok(), failed.isEmpty());
        QCOMPARE(check.problems().size(), failed.size());
        QCOMPARE(tagTexts(check.tags), machineTags);
    }

    void quotaMessageInCheck()
    {
        MachineProposal p;
        p.cloudId = QStringLiteral("do-dev");
        p.size = size("s-2vcpu-4gb", "Basic", 2, 4096, 80);
        p.cost = CostFigures{420, 1500, 40, QStringLiteral("USD")};
        p.expiration = nephele::models::policy::proposedExpiration(
            *constraintsOf(m_acme, QStringLiteral("Developers"), 4).expiration, Now);
        const MachineCheck check = PolicyEngine(m_acme).checkMachine({QStringLiteral("ann@acme.example"), {}}, p, Now);
        QCOMPARE(check.problems(),
                 QStringList{QStringLiteral("Run rate $420 + $40 would exceed your team's $450 quota")});
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
