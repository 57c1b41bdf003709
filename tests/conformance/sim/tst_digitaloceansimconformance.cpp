// The simulator against DigitalOcean's own published examples: same keys, same JSON types.
// The corpus folder comes from NEPHELE_FIXTURES (or NEPHELE_FIXTURES_DEFAULT); any corpus laid out
// like shared/fixtures can be pointed at. Without it the test says so and skips.
#include "sim/digitaloceansim.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <QTest>

#include <filesystem>
#include <fstream>
#include <set>

using namespace nephele::sim;
using Json = nlohmann::json;

namespace {

// Keys DigitalOcean's spec documents but some examples leave out (so the sim may add them).
const std::set<std::string> kDocumentedExtras = {
    "request_id",  // error model: optional request id
    "resource_id", // action model: nullable, absent from the volume-action example
    "vpc_uuid",    // droplet model: absent from the create example, present in get/list
    "tags",        // volume model: absent from the create example, present in list
};
// Keys that appear only when they apply (pages only when there is more than one; a tag's
// last_tagged_uri only once something carries it).
const std::set<std::string> kConditional = {"pages", "last_tagged_uri"};

std::string typeName(const Json &j)
{
    switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    case Json::value_t::string: return "string";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::number_float: return "float";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "integer";
    default: return "other";
    }
}

void compareShape(const Json &example, const Json &actual, const std::string &path, std::vector<std::string> *problems)
{
    if (example.is_null() || actual.is_null())
        return; // nullable fields: DigitalOcean sends null or a value
    if (typeName(example) != typeName(actual)) {
        problems->push_back(path + ": example is " + typeName(example) + ", sim sent " + typeName(actual));
        return;
    }
    if (example.is_object() && path.ends_with(".links.pages")) {
        // Which of first/prev/next/last appear depends on the page (shared/pages.yml), so the
        // example's set is not the rule: the names and the absolute-URL strings are.
        for (const auto &[key, value] : actual.items()) {
            if (key != "first" && key != "prev" && key != "next" && key != "last")
                problems->push_back(path + "." + key + ": not a page link name");
            else if (!value.is_string() || !value.get<std::string>().starts_with("http"))
                problems->push_back(path + "." + key + ": not an absolute URL");
        }
    } else if (example.is_object()) {
        for (const auto &[key, value] : example.items()) {
            if (!actual.contains(key)) {
                if (!kConditional.contains(key))
                    problems->push_back(path + "." + key + ": missing in the sim's answer");
                continue;
            }
            compareShape(value, actual[key], path + "." + key, problems);
        }
        for (const auto &[key, value] : actual.items()) {
            if (!example.contains(key) && !kDocumentedExtras.contains(key) && !kConditional.contains(key))
                problems->push_back(path + "." + key + ": the sim sends a key the example does not have");
        }
    } else if (example.is_array() && !example.empty()) {
        for (std::size_t i = 0; i < actual.size(); ++i)
            compareShape(example[0], actual[i], path + "[" + std::to_string(i) + "]", problems);
    }
}

} // namespace

class TestDigitalOceanSimConformance final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void matchesExamples_data();
    void matchesExamples();
    void errorBodies_data();
    void errorBodies();

private:
    Json example(const std::string &file) const;
    httplib::Result call(const std::string &method, const std::string &path, const std::string &body = {},
                         const std::string &token = {}) const;
    std::int64_t richDropletId() const;

    std::filesystem::path m_examples;
    std::unique_ptr<DigitalOceanSim> m_sim;
};

void TestDigitalOceanSimConformance::initTestCase()
{
    QByteArray root = qgetenv("NEPHELE_FIXTURES");
    if (root.isEmpty())
        root = qgetenv("NEPHELE_FIXTURES_DEFAULT");
    m_examples = std::filesystem::path(root.toStdString()) / "digitalocean" / "extracted-examples";
    if (root.isEmpty() || !std::filesystem::is_directory(m_examples)) {
        qInfo("DigitalOcean examples not found at '%s' (set NEPHELE_FIXTURES): skipping", m_examples.c_str());
        QSKIP("fixtures folder absent");
    }
    DigitalOceanSimOptions options;
    options.seed = 3;
    options.droplets = 60;
    options.timeScale = 0.02;
    m_sim = std::make_unique<DigitalOceanSim>(options);
    std::string error;
    QVERIFY2(m_sim->start(&error), error.c_str());
}

void TestDigitalOceanSimConformance::cleanupTestCase()
{
    m_sim.reset();
}

Json TestDigitalOceanSimConformance::example(const std::string &file) const
{
    std::ifstream in(m_examples / file);
    return Json::parse(in, nullptr, false);
}

httplib::Result TestDigitalOceanSimConformance::call(const std::string &method, const std::string &path,
                                                     const std::string &body, const std::string &token) const
{
    httplib::Client client(m_sim->url());
    const httplib::Headers headers{{"Authorization", "Bearer " + (token.empty() ? m_sim->token() : token)}};
    if (method == "POST")
        return client.Post(path, headers, body, "application/json");
    return client.Get(path, headers);
}

// A droplet with backups, IPv6, a volume and a snapshot fills every array the example fills.
std::int64_t TestDigitalOceanSimConformance::richDropletId() const
{
    const auto r = call("GET", "/v2/droplets?per_page=200");
    const Json all = Json::parse(r ? r->body : std::string(), nullptr, false);
    std::int64_t best = 0;
    int bestScore = -1;
    for (const auto &d : all.value("droplets", Json::array())) {
        const int score = int(!d["backup_ids"].empty()) + int(!d["networks"]["v6"].empty()) +
                          int(!d["snapshot_ids"].empty()) + int(!d["volume_ids"].empty());
        if (score > bestScore) {
            bestScore = score;
            best = d["id"];
        }
    }
    return best;
}

void TestDigitalOceanSimConformance::matchesExamples_data()
{
    QTest::addColumn<QString>("exampleFile");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("body");
    QTest::addColumn<int>("status");
    const auto row = [](const char *name, const char *file, const char *method, const char *path, const char *body,
                        int status) {
        QTest::newRow(name) << QString::fromLatin1(file) << QString::fromLatin1(method) << QString::fromLatin1(path)
                            << QString::fromLatin1(body) << status;
    };
    row("droplets_get", "droplets_get.200.Single_Droplet.json", "GET", "/v2/droplets/{rich}", "", 200);
    row("droplets_list", "droplets_list.200.All_Droplets.json", "GET", "/v2/droplets?per_page=200", "", 200);
    row("droplets_list paged", "droplets_list.200.All_Droplets.json", "GET", "/v2/droplets?per_page=7&page=2", "", 200);
    row("droplets_list by tag", "droplets_list.200.Droplets_Filtered_By_Tag.json", "GET",
        "/v2/droplets?tag_name=env:prod", "", 200);
    row("sizes_list", "sizes_list.200.json", "GET", "/v2/sizes?per_page=200", "", 200);
    row("sizes_list paged", "sizes_list.200.json", "GET", "/v2/sizes?per_page=1", "", 200);
    row("regions_list", "regions_list.200.json", "GET", "/v2/regions", "", 200);
    row("images_list", "images_list.200.All.json", "GET", "/v2/images?per_page=200", "", 200);
    row("images_list distribution", "images_list.200.Distribution.json", "GET", "/v2/images?type=distribution", "",
        200);
    row("images_list snapshots", "images_list.200.Snapshots.json", "GET", "/v2/images?private=true", "", 200);
    row("volumes_list", "volumes_list.200.All_Volumes.json", "GET", "/v2/volumes", "", 200);
    row("sshKeys_list", "sshKeys_list.200.json", "GET", "/v2/account/keys", "", 200);
    row("tags_list", "tags_list.200.json", "GET", "/v2/tags", "", 200);
    row("vpcs_list", "vpcs_list.200.json", "GET", "/v2/vpcs", "", 200);
    row("droplets_create", "droplets_create.202.Single_Droplet_Create_Response.json", "POST", "/v2/droplets",
        R"({"name":"example.com","region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-20-04-x64","backups":true,"ipv6":true,"monitoring":true,"tags":["env:prod","web"]})",
        202);
    row("droplets_create multiple", "droplets_create.202.Multiple_Droplet_Create_Response.json", "POST", "/v2/droplets",
        R"({"names":["sub-01.example.com","sub-02.example.com"],"region":"nyc3","size":"s-1vcpu-1gb","image":"ubuntu-20-04-x64","ipv6":true,"tags":["web"]})",
        202);
    // DigitalOcean publishes no 201 example for droplet actions; its action model is the one the
    // volume-action example shows (region object + region_slug), so that is the reference.
    row("dropletActions_post", "volumeActions_post_byId.202.volume_action_attach_response.json", "POST",
        "/v2/droplets/{rich}/actions", R"({"type":"reboot"})", 201);
    row("volumes_create", "volumes_create.201.json", "POST", "/v2/volumes",
        R"({"size_gigabytes":10,"name":"example","description":"Block store for examples","region":"nyc1","filesystem_type":"ext4","filesystem_label":"example"})",
        201);
}

void TestDigitalOceanSimConformance::matchesExamples()
{
    QFETCH(QString, exampleFile);
    QFETCH(QString, method);
    QFETCH(QString, path);
    QFETCH(QString, body);
    QFETCH(int, status);
    const Json expected = example(exampleFile.toStdString());
    QVERIFY2(!expected.is_discarded(), qPrintable(QStringLiteral("cannot read example ") + exampleFile));
    std::string p = path.toStdString();
    if (const auto at = p.find("{rich}"); at != std::string::npos)
        p.replace(at, 6, std::to_string(richDropletId()));
    const auto r = call(method.toStdString(), p, body.toStdString());
    QVERIFY(r);
    QVERIFY2(r->status == status, r->body.c_str());
    const Json actual = Json::parse(r->body, nullptr, false);
    QVERIFY2(!actual.is_discarded(), "the sim's body is not JSON");
    std::vector<std::string> problems;
    compareShape(expected, actual, "$", &problems);
    std::string report;
    for (const auto &problem : problems)
        report += "\n  " + problem;
    QVERIFY2(problems.empty(), (exampleFile.toStdString() + ":" + report).c_str());
}

void TestDigitalOceanSimConformance::errorBodies_data()
{
    QTest::addColumn<QString>("exampleFile");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("status");
    QTest::newRow("401") << QStringLiteral("droplets_list.401.json") << QStringLiteral("badtoken") << 401;
    QTest::newRow("404") << QStringLiteral("droplets_get.404.json") << QStringLiteral("missing") << 404;
    // The spec has no 422 example; its error model (id, message, request_id) is the 404's.
    QTest::newRow("422") << QStringLiteral("droplets_get.404.json") << QStringLiteral("invalid") << 422;
    QTest::newRow("429") << QStringLiteral("account_get.429.json") << QStringLiteral("ratelimited") << 429;
    QTest::newRow("500") << QStringLiteral("account_get.500.json") << QStringLiteral("servererror") << 500;
}

void TestDigitalOceanSimConformance::errorBodies()
{
    QFETCH(QString, exampleFile);
    QFETCH(QString, kind);
    QFETCH(int, status);
    const Json expected = example(exampleFile.toStdString());
    QVERIFY(!expected.is_discarded());
    httplib::Result r = kind == QLatin1String("badtoken") ? call("GET", "/v2/droplets", {}, "not-the-token")
                        : kind == QLatin1String("missing")
                            ? call("GET", "/v2/droplets/1")
                            : call("POST", "/v2/droplets",
                                   R"({"name":"x","region":"nyc3","size":"no-such-size","image":"ubuntu-22-04-x64"})");
    if (kind == QLatin1String("ratelimited") || kind == QLatin1String("servererror")) {
        FaultSpec faults;
        if (kind == QLatin1String("ratelimited"))
            faults.rateLimitRate = 1;
        else
            faults.serverErrorRate = 1;
        m_sim->setFaults(faults);
        // 5xx picks 500/502/503 at random: ask until the 500 comes.
        for (int i = 0; i < 50; ++i) {
            r = call("GET", "/v2/account");
            if (r && r->status == status)
                break;
        }
        m_sim->setFaults({});
    }
    QVERIFY(r);
    QCOMPARE(r->status, status);
    const Json actual = Json::parse(r->body, nullptr, false);
    std::vector<std::string> problems;
    compareShape(expected, actual, "$", &problems);
    std::string report;
    for (const auto &problem : problems)
        report += "\n  " + problem;
    QVERIFY2(problems.empty(), report.c_str());
    QVERIFY(r->has_header("ratelimit-limit"));
    QVERIFY(r->has_header("ratelimit-remaining"));
    QVERIFY(r->has_header("ratelimit-reset"));
    QVERIFY(r->has_header("x-request-id"));
}

QTEST_GUILESS_MAIN(TestDigitalOceanSimConformance)
#include "tst_digitaloceansimconformance.moc"
