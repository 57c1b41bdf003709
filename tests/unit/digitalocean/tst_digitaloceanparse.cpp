// Unit tests of the DigitalOcean wire-format parsers, on hand-written bodies.
#include "digitalocean/digitaloceanparse.h"

#include <QTest>

using namespace nephele::drivers;
using namespace nephele::drivers::digitalocean;

namespace {

QByteArray droplet(const QByteArray &id = "3164444")
{
    return R"({
      "id": )" +
           id + R"(,
      "name": "web-1",
      "memory": 1024,
      "vcpus": 1,
      "disk": 25,
      "locked": true,
      "status": "active",
      "kernel": null,
      "created_at": "2020-07-21T18:37:44Z",
      "features": ["backups", "private_networking", "ipv6"],
      "backup_ids": [53893572],
      "next_backup_window": null,
      "snapshot_ids": [],
      "image": {"id": 63663980, "name": "20.04 (LTS) x64", "distribution": "Ubuntu",
                "slug": "ubuntu-20-04-x64", "public": true, "regions": ["nyc3"], "tags": []},
      "volume_ids": ["506f78a4-e098-11e5-ad9f-000f53306ae1"],
      "size": {"slug": "s-1vcpu-1gb", "memory": 1024, "vcpus": 1, "disk": 25, "transfer": 1.0,
               "price_monthly": 5.0, "price_hourly": 0.00744, "regions": ["nyc3"],
               "available": true, "description": "Basic"},
      "size_slug": "s-1vcpu-1gb",
      "networks": {
        "v4": [
          {"ip_address": "10.128.192.124", "netmask": "255.255.0.0", "gateway": "nil", "type": "private"},
          {"ip_address": "192.241.165.154", "netmask": "255.255.255.0", "gateway": "192.241.165.1", "type": "public"}
        ],
        "v6": [
          {"ip_address": "2604:a880:0:1010::18a:a001", "netmask": 64, "gateway": "2604:a880:0:1010::1", "type": "public"}
        ]
      },
      "region": {"name": "New York 3", "slug": "nyc3", "features": ["ipv6"], "available": true, "sizes": []},
      "tags": ["web", "env:prod"],
      "vpc_uuid": "760e09ef-dc84-11e8-981e-3cfdfeaae000",
      "unknown_future_field": {"nested": [1, 2, {"x": null}]}
    })";
}

QByteArray listOf(const QList<QByteArray> &droplets, const QByteArray &tail = R"("links": {}, "meta": {"total": 2})")
{
    QByteArray body = R"({"droplets": [)";
    for (qsizetype i = 0; i < droplets.size(); ++i)
        body += (i ? "," : "") + droplets[i];
    return body + "], " + tail + "}";
}

QString parseMessage(QByteArrayView body)
{
    const auto result = parseDropletList(body);
    if (result)
        return {};
    if (result.error().kind != ErrorKind::Parse)
        return QStringLiteral("<wrong kind>");
    return result.error().message;
}

} // namespace

class TestDigitalOceanParse final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dropletFieldMapping();
    void states_data();
    void states();
    void ipOrderingIgnoresDocumentOrder();
    void unusualFieldOrder();
    void nullFields();
    void sizeAndImageFallbacks();
    void pagination();
    void singleDroplet();
    void createSingleAndMultiple();
    void malformed_data();
    void malformed();
    void truncatedAtEveryByte();
    void sizes();
    void regions();
    void images();
    void volumes();
    void keysVpcsTags();
    void actions();
    void account();
    void timestamps();
    void errors_data();
    void errors();
    void errorBodies_data();
    void errorBodies();
};

void TestDigitalOceanParse::dropletFieldMapping()
{
    const auto result = parseDropletList(listOf({droplet()}));
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->items.size(), 1);
    const Machine &m = result->items.front();
    QCOMPARE(m.id, QStringLiteral("3164444"));
    QCOMPARE(m.name, QStringLiteral("web-1"));
    QCOMPARE(m.kind, MachineKind::Vm);
    QCOMPARE(m.state, MachineState::Running);
    QCOMPARE(m.providerState, QStringLiteral("active"));
    QCOMPARE(m.publicIps,
             (QStringList{QStringLiteral("192.241.165.154"), QStringLiteral("2604:a880:0:1010::18a:a001")}));
    QCOMPARE(m.privateIps, QStringList{QStringLiteral("10.128.192.124")});
    QCOMPARE(m.sizeId, QStringLiteral("s-1vcpu-1gb"));
    QCOMPARE(m.sizeName, QStringLiteral("Basic 1 vCPU / 1 GB"));
    QCOMPARE(m.imageId, QStringLiteral("63663980"));
    QCOMPARE(m.imageName, QStringLiteral("Ubuntu 20.04 (LTS) x64"));
    QCOMPARE(m.location, QStringLiteral("nyc3"));
    QCOMPARE(m.locationName, QStringLiteral("New York 3"));
    QCOMPARE(m.tags, (QList<Tag>{Tag{QStringLiteral("web"), {}}, Tag{QStringLiteral("env"), QStringLiteral("prod")}}));
    QCOMPARE(m.created, QDateTime(QDate(2020, 7, 21), QTime(18, 37, 44), Qt::UTC));
    QCOMPARE(m.created.timeSpec(), Qt::UTC);
    QCOMPARE(m.vcpus, 1);
    QCOMPARE(m.memoryMb, 1024);
    QCOMPARE(m.diskGb, 25);
    QCOMPARE(m.priceHourly, std::optional<double>(0.00744));
    QCOMPARE(m.priceMonthly, std::optional<double>(5.0));
    QCOMPARE(m.currency, QStringLiteral("USD"));
    QCOMPARE(m.locked, true);
    QCOMPARE(m.volumeIds, QStringList{QStringLiteral("506f78a4-e098-11e5-ad9f-000f53306ae1")});
    QCOMPARE(m.networkId, QStringLiteral("760e09ef-dc84-11e8-981e-3cfdfeaae000"));
    QCOMPARE(m.features,
             (QStringList{QStringLiteral("backups"), QStringLiteral("private_networking"), QStringLiteral("ipv6")}));
    QVERIFY(m.parentId.isEmpty());
}

void TestDigitalOceanParse::states_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<MachineState>("state");
    QTest::newRow("new") << QStringLiteral("new") << MachineState::Pending;
    QTest::newRow("active") << QStringLiteral("active") << MachineState::Running;
    QTest::newRow("off") << QStringLiteral("off") << MachineState::Stopped;
    QTest::newRow("archive") << QStringLiteral("archive") << MachineState::Terminated;
    QTest::newRow("other") << QStringLiteral("migrating") << MachineState::Unknown;
    QTest::newRow("empty") << QString() << MachineState::Unknown;
    QTest::newRow("case matters") << QStringLiteral("Active") << MachineState::Unknown;
}

void TestDigitalOceanParse::states()
{
    QFETCH(QString, status);
    QFETCH(MachineState, state);
    QCOMPARE(stateFromStatus(status), state);
    const QByteArray body = R"({"droplet": {"id": 1, "status": ")" + status.toUtf8() + R"("}})";
    const auto m = parseDroplet(body);
    QVERIFY(m);
    QCOMPARE(m->state, state);
    QCOMPARE(m->providerState, status);
}

void TestDigitalOceanParse::ipOrderingIgnoresDocumentOrder()
{
    // v6 comes first in the document and the private v4 address before the public ones.
    const QByteArray body = R"({"droplet": {"networks": {
        "v6": [{"type": "public", "ip_address": "2001:db8::1"}],
        "v4": [{"type": "private", "ip_address": "10.0.0.2"},
               {"ip_address": "203.0.113.5", "type": "public"},
               {"type": "public", "ip_address": "203.0.113.6"}]},
        "id": 7}})";
    const auto m = parseDroplet(body);
    QVERIFY2(m, qPrintable(m ? QString() : m.error().message));
    QCOMPARE(m->publicIps, (QStringList{QStringLiteral("203.0.113.5"), QStringLiteral("203.0.113.6"),
                                        QStringLiteral("2001:db8::1")}));
    QCOMPARE(m->privateIps, QStringList{QStringLiteral("10.0.0.2")});
}

void TestDigitalOceanParse::unusualFieldOrder()
{
    // Same droplet, fields reversed (id last, size before size_slug, meta before the list).
    const QByteArray body = R"({"meta": {"total": 1}, "links": {"pages": {"next": "https://x/v2/droplets?page=2"}},
      "droplets": [{
        "vpc_uuid": "v", "tags": ["a:b:c"],
        "region": {"sizes": [], "slug": "ams3", "name": "Amsterdam 3"},
        "networks": {"v4": [{"type": "public", "ip_address": "1.2.3.4"}]},
        "size": {"description": "CPU-Optimized", "price_hourly": 0.0625, "memory": 4096, "slug": "c-2", "vcpus": 2, "price_monthly": 42},
        "image": {"distribution": "Debian", "slug": "debian-12-x64", "name": "12 x64", "id": 12},
        "status": "off", "name": "db", "id": 99}]})";
    const auto page = parseDropletList(body);
    QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
    QCOMPARE(page->total, 1);
    QCOMPARE(page->nextUrl, QStringLiteral("https://x/v2/droplets?page=2"));
    const Machine &m = page->items.front();
    QCOMPARE(m.id, QStringLiteral("99"));
    QCOMPARE(m.state, MachineState::Stopped);
    QCOMPARE(m.sizeId, QStringLiteral("c-2"));
    QCOMPARE(m.sizeName, QStringLiteral("CPU-Optimized 2 vCPUs / 4 GB"));
    QCOMPARE(m.vcpus, 2); // from the embedded size when the droplet does not say
    QCOMPARE(m.memoryMb, 4096);
    QCOMPARE(m.priceMonthly, std::optional<double>(42.0));
    QCOMPARE(m.imageName, QStringLiteral("Debian 12 x64"));
    QCOMPARE(m.location, QStringLiteral("ams3"));
    QCOMPARE(m.tags, QList<Tag>{(Tag{QStringLiteral("a"), QStringLiteral("b:c")})});
    QCOMPARE(m.tags.front().text(), QStringLiteral("a:b:c"));
}

void TestDigitalOceanParse::nullFields()
{
    const QByteArray body = R"({"droplet": {"id": 5, "name": null, "kernel": null, "next_backup_window": null,
        "image": {"id": null, "slug": "ubuntu-22-04-x64", "name": "22.04 (LTS) x64", "distribution": "Ubuntu"},
        "size": null, "networks": {"v4": null, "v6": []}, "region": null, "tags": null,
        "created_at": null, "vpc_uuid": null, "locked": null, "memory": null, "features": null}})";
    const auto m = parseDroplet(body);
    QVERIFY2(m, qPrintable(m ? QString() : m.error().message));
    QCOMPARE(m->id, QStringLiteral("5"));
    QVERIFY(m->name.isEmpty());
    QCOMPARE(m->imageId, QStringLiteral("ubuntu-22-04-x64"));
    QVERIFY(m->publicIps.isEmpty());
    QVERIFY(!m->created.isValid());
    QVERIFY(!m->priceHourly);
    QVERIFY(m->tags.isEmpty());
    QCOMPARE(m->locked, false);
}

void TestDigitalOceanParse::sizeAndImageFallbacks()
{
    // No size_slug: size.slug; snapshot image with slug null: numeric id.
    const auto m = parseDroplet(R"({"droplet": {"id": 1, "memory": 512, "vcpus": 1,
        "size": {"slug": "512mb"}, "image": {"id": 12089443, "slug": null, "name": "14.04 x64", "distribution": "Ubuntu"}}})");
    QVERIFY(m);
    QCOMPARE(m->sizeId, QStringLiteral("512mb"));
    QCOMPARE(m->sizeName, QStringLiteral("1 vCPU / 512 MB"));
    QCOMPARE(m->imageId, QStringLiteral("12089443"));
    QCOMPARE(m->imageName, QStringLiteral("Ubuntu 14.04 x64"));
    // A name that already carries the distribution is not doubled.
    const auto n =
        parseDroplet(R"({"droplet": {"id": 1, "image": {"name": "Ubuntu Docker", "distribution": "Ubuntu"}}})");
    QVERIFY(n);
    QCOMPARE(n->imageName, QStringLiteral("Ubuntu Docker"));
}

void TestDigitalOceanParse::pagination()
{
    auto page = parseDropletList(R"({"droplets": [], "links": {}, "meta": {"total": 0}})");
    QVERIFY(page);
    QCOMPARE(page->items.size(), 0);
    QCOMPARE(page->total, 0);
    QVERIFY(page->nextUrl.isEmpty());
    page = parseDropletList(R"({"droplets": []})");
    QVERIFY(page);
    QCOMPARE(page->total, -1);
    page = parseDropletList(listOf(
        {droplet("1"), droplet("2")},
        R"("links": {"pages": {"first": "f", "prev": "p", "next": "https://api.digitalocean.com/v2/droplets?page=3", "last": "l"}}, "meta": {"total": 250})"));
    QVERIFY(page);
    QCOMPARE(page->items.size(), 2);
    QCOMPARE(page->items[1].id, QStringLiteral("2"));
    QCOMPARE(page->total, 250);
    QCOMPARE(page->nextUrl, QStringLiteral("https://api.digitalocean.com/v2/droplets?page=3"));
}

void TestDigitalOceanParse::singleDroplet()
{
    const auto m = parseDroplet(QByteArray("{\"droplet\": " + droplet("42") + "}"));
    QVERIFY(m);
    QCOMPARE(m->id, QStringLiteral("42"));
    QCOMPARE(parseDroplet(R"({"droplets": []})").error().message, QStringLiteral("droplet: missing"));
    QCOMPARE(parseDroplet(R"({"droplet": []})").error().message, QStringLiteral("droplet: expected an object"));
    QCOMPARE(parseDroplet(R"({"droplet": null})").error().message, QStringLiteral("droplet: expected an object"));
}

void TestDigitalOceanParse::createSingleAndMultiple()
{
    auto single = parseDropletCreate(R"({"droplet": {"id": 3164494, "name": "example.com", "status": "new"},
        "links": {"actions": [{"id": 7515, "rel": "create", "href": "https://api.digitalocean.com/v2/actions/7515"}]}})");
    QVERIFY(single);
    QCOMPARE(single->machines.size(), 1);
    QCOMPARE(single->machines.front().state, MachineState::Pending);
    QCOMPARE(single->actionIds, QStringList{QStringLiteral("7515")});

    auto multiple =
        parseDropletCreate(R"({"links": {"actions": [{"id": 1, "rel": "create"}, {"rel": "create", "id": 2}]},
        "droplets": [{"id": 10, "status": "new"}, {"status": "new", "id": 11}]})");
    QVERIFY(multiple);
    QCOMPARE(multiple->machines.size(), 2);
    QCOMPARE(multiple->machines[1].id, QStringLiteral("11"));
    QCOMPARE(multiple->actionIds, (QStringList{QStringLiteral("1"), QStringLiteral("2")}));

    QCOMPARE(parseDropletCreate(R"({"links": {}})").error().message, QStringLiteral("droplet: missing"));
    QCOMPARE(parseDropletCreate(R"({"droplets": [{"id": 1}], "links": {"actions": [{"id": "x"}]}})").error().message,
             QStringLiteral("links.actions[0].id: expected a numeric id"));
}

void TestDigitalOceanParse::malformed_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    const QByteArray d = droplet();
    QTest::newRow("empty") << QByteArray() << QStringLiteral("the answer is empty");
    QTest::newRow("spaces") << QByteArray("  \n ") << QStringLiteral("the answer is empty");
    QTest::newRow("html") << QByteArray("<html><body>502 Bad Gateway</body></html>")
                          << QStringLiteral("the answer is not a JSON object");
    QTest::newRow("plain text") << QByteArray("upstream connect error")
                                << QStringLiteral("the answer is not a JSON object");
    QTest::newRow("top-level array") << QByteArray("[1, 2]") << QStringLiteral("the answer is not a JSON object");
    QTest::newRow("top-level string") << QByteArray("\"droplets\"")
                                      << QStringLiteral("the answer is not a JSON object");
    QTest::newRow("truncated") << listOf({d}).left(400) << QStringLiteral("the JSON is truncated or malformed");
    QTest::newRow("truncated after list")
        << listOf({d}).chopped(1) << QStringLiteral("the JSON is truncated or malformed");
    QTest::newRow("trailing garbage") << listOf({d}) + " {}" << QStringLiteral("unexpected text after the JSON object");
    QTest::newRow("missing list") << QByteArray(R"({"id": "not_found", "message": "x"})")
                                  << QStringLiteral("droplets: missing");
    QTest::newRow("list is a string") << QByteArray(R"({"droplets": "none"})")
                                      << QStringLiteral("droplets: expected an array");
    QTest::newRow("list is null") << QByteArray(R"({"droplets": null})")
                                  << QStringLiteral("droplets: expected an array");
    QTest::newRow("item is a number") << QByteArray(R"({"droplets": [3]})")
                                      << QStringLiteral("droplets[0]: expected an object");
    QTest::newRow("missing id") << listOf({d, R"({"name": "x"})"}) << QStringLiteral("droplets[1].id: missing");
    QTest::newRow("id is a string") << QByteArray(R"({"droplets": [{"id": "3164444"}]})")
                                    << QStringLiteral("droplets[0].id: expected a numeric id");
    QTest::newRow("id negative") << QByteArray(R"({"droplets": [{"id": -1}]})")
                                 << QStringLiteral("droplets[0].id: expected a numeric id");
    QTest::newRow("id fraction") << QByteArray(R"({"droplets": [{"id": 1.5}]})")
                                 << QStringLiteral("droplets[0].id: expected a numeric id");
    QTest::newRow("id null") << QByteArray(R"({"droplets": [{"id": null}]})")
                             << QStringLiteral("droplets[0].id: expected a numeric id");
    QTest::newRow("name number") << listOf({d, d, R"({"id": 1, "name": 5})"})
                                 << QStringLiteral("droplets[2].name: expected a string");
    QTest::newRow("v4 string") << listOf({d, d, d, R"({"id": 1, "networks": {"v4": "10.0.0.1"}})"})
                               << QStringLiteral("droplets[3].networks.v4: expected an array");
    QTest::newRow("ip number") << QByteArray(R"({"droplets": [{"id": 1, "networks": {"v6": [{"ip_address": 7}]}}]})")
                               << QStringLiteral("droplets[0].networks.v6[0].ip_address: expected a string");
    QTest::newRow("networks array") << QByteArray(R"({"droplets": [{"id": 1, "networks": []}]})")
                                    << QStringLiteral("droplets[0].networks: expected an object");
    QTest::newRow("memory string") << QByteArray(R"({"droplets": [{"id": 1, "memory": "1024"}]})")
                                   << QStringLiteral("droplets[0].memory: expected a number");
    QTest::newRow("memory huge") << QByteArray(R"({"droplets": [{"id": 1, "memory": 1e30}]})")
                                 << QStringLiteral("droplets[0].memory: number out of range");
    QTest::newRow("locked string") << QByteArray(R"({"droplets": [{"id": 1, "locked": "no"}]})")
                                   << QStringLiteral("droplets[0].locked: expected true or false");
    QTest::newRow("tag number") << QByteArray(R"({"droplets": [{"id": 1, "tags": ["a", 2]}]})")
                                << QStringLiteral("droplets[0].tags[1]: expected a string");
    QTest::newRow("price string") << QByteArray(R"({"droplets": [{"id": 1, "size": {"price_hourly": "0.1"}}]})")
                                  << QStringLiteral("droplets[0].size.price_hourly: expected a number");
    QTest::newRow("created number") << QByteArray(R"({"droplets": [{"id": 1, "created_at": 1595356664}]})")
                                    << QStringLiteral("droplets[0].created_at: expected a date string");
    QTest::newRow("total string") << QByteArray(R"({"droplets": [], "meta": {"total": "2"}})")
                                  << QStringLiteral("meta.total: expected a number");
    QTest::newRow("next number") << QByteArray(R"({"droplets": [], "links": {"pages": {"next": 2}}})")
                                 << QStringLiteral("links.pages.next: expected a string");
    QTest::newRow("bad literal") << QByteArray(R"({"droplets": [{"id": 1, "locked": tru}]})")
                                 << QStringLiteral("droplets[0].locked: expected true or false");
    QTest::newRow("bad utf8") << QByteArray("{\"droplets\": [{\"id\": 1, \"name\": \"\xff\xfe\"}]}")
                              << QStringLiteral("the text is not valid UTF-8");
    QTest::newRow("unclosed string") << QByteArray(R"({"droplets": [{"id": 1, "name": "abc}]})")
                                     << QStringLiteral("the JSON is truncated or malformed");
}

void TestDigitalOceanParse::malformed()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QCOMPARE(parseMessage(body), message);
}

void TestDigitalOceanParse::truncatedAtEveryByte()
{
    const QByteArray body = listOf({droplet("1"), droplet("2")});
    QVERIFY(parseDropletList(body));
    for (qsizetype n = 0; n < body.size(); ++n) {
        const QString message = parseMessage(QByteArrayView(body.constData(), n));
        QVERIFY2(!message.isEmpty(), qPrintable(QStringLiteral("accepted a body cut at %1").arg(n)));
    }
}

void TestDigitalOceanParse::sizes()
{
    const auto page = parseSizeList(R"({"sizes": [{"slug": "s-1vcpu-1gb", "memory": 1024, "vcpus": 1, "disk": 25,
        "transfer": 1.0, "price_monthly": 5, "price_hourly": 0.00744, "regions": ["ams2", "nyc3"],
        "available": false, "description": "Basic", "disk_info": [{"type": "local", "size": {"amount": 25, "unit": "gib"}}]}],
        "links": {"pages": {"next": "n"}}, "meta": {"total": 64}})");
    QVERIFY(page);
    QCOMPARE(page->total, 64);
    QCOMPARE(page->nextUrl, QStringLiteral("n"));
    const Size &s = page->items.front();
    QCOMPARE(s.id, QStringLiteral("s-1vcpu-1gb"));
    QCOMPARE(s.name, QStringLiteral("Basic"));
    QCOMPARE(s.vcpus, 1);
    QCOMPARE(s.memoryMb, 1024);
    QCOMPARE(s.diskGb, 25);
    QCOMPARE(s.transferTb, 1.0);
    QCOMPARE(s.priceMonthly, std::optional<double>(5.0));
    QCOMPARE(s.priceHourly, std::optional<double>(0.00744));
    QCOMPARE(s.locations, (QStringList{QStringLiteral("ams2"), QStringLiteral("nyc3")}));
    QCOMPARE(s.available, false);
    QCOMPARE(parseSizeList(R"({"sizes": [{"memory": 1}]})").error().message, QStringLiteral("sizes[0].slug: missing"));
    QCOMPARE(parseSizeList(R"({"sizes": [{"slug": "a", "regions": "nyc3"}]})").error().message,
             QStringLiteral("sizes[0].regions: expected an array"));
}

void TestDigitalOceanParse::regions()
{
    const auto page = parseRegionList(R"({"regions": [
        {"name": "New York 1", "slug": "nyc1", "features": ["ipv6"], "available": true, "sizes": ["1gb"]},
        {"slug": "ams1", "available": null, "name": "Amsterdam 1"},
        {"slug": "sfo1", "available": false}], "meta": {"total": 3}})");
    QVERIFY(page);
    QCOMPARE(page->items.size(), 3);
    QCOMPARE(page->items[0].name, QStringLiteral("New York 1"));
    QCOMPARE(page->items[0].features, QStringList{QStringLiteral("ipv6")});
    QCOMPARE(page->items[0].sizeIds, QStringList{QStringLiteral("1gb")});
    QCOMPARE(page->items[1].available, true);
    QCOMPARE(page->items[2].available, false);
    QCOMPARE(parseRegionList(R"({"regions": [{"slug": "x", "sizes": [1]}]})").error().message,
             QStringLiteral("regions[0].sizes[0]: expected a string"));
}

void TestDigitalOceanParse::images()
{
    const auto page = parseImageList(R"({"images": [
        {"id": 7555620, "name": "Nifty New Snapshot", "distribution": "Ubuntu", "slug": null, "public": false,
         "regions": ["nyc2", "nyc3"], "created_at": "2014-11-04T22:23:02Z", "type": "snapshot", "min_disk_size": 20,
         "size_gigabytes": 2.34, "description": "", "tags": [], "status": "available", "error_message": ""},
        {"id": 63663980, "slug": "ubuntu-20-04-x64", "public": true, "type": "base", "description": "Ubuntu 20.04 x86"}],
        "links": {"pages": {}}, "meta": {"total": 2}})");
    QVERIFY(page);
    QCOMPARE(page->items.size(), 2);
    const Image &i = page->items[0];
    QCOMPARE(i.id, QStringLiteral("7555620"));
    QVERIFY(i.slug.isEmpty());
    QCOMPARE(i.name, QStringLiteral("Nifty New Snapshot"));
    QCOMPARE(i.type, QStringLiteral("snapshot"));
    QCOMPARE(i.isPublic, false);
    QCOMPARE(i.minDiskGb, 20);
    QCOMPARE(i.sizeGb, 2.34);
    QCOMPARE(i.status, QStringLiteral("available"));
    QCOMPARE(i.created, QDateTime(QDate(2014, 11, 4), QTime(22, 23, 2), Qt::UTC));
    QCOMPARE(page->items[1].slug, QStringLiteral("ubuntu-20-04-x64"));
    QCOMPARE(page->items[1].description, QStringLiteral("Ubuntu 20.04 x86"));
    QCOMPARE(parseImageList(R"({"images": [{"slug": "x"}]})").error().message, QStringLiteral("images[0].id: missing"));
}

void TestDigitalOceanParse::volumes()
{
    const QByteArray v =
        R"({"id": "506f78a4-e098-11e5-ad9f-000f53306ae1", "region": {"name": "New York 1", "slug": "nyc1"},
        "droplet_ids": [3164444, 3164445], "name": "example", "description": "Block store", "size_gigabytes": 10,
        "filesystem_type": "ext4", "filesystem_label": "lbl", "created_at": "2020-03-02T17:00:49Z", "tags": ["aninterestingtag", "k:v"]})";
    const auto single = parseVolume(QByteArray("{\"volume\": " + v + "}"));
    QVERIFY(single);
    QCOMPARE(single->id, QStringLiteral("506f78a4-e098-11e5-ad9f-000f53306ae1"));
    QCOMPARE(single->location, QStringLiteral("nyc1"));
    QCOMPARE(single->machineIds, (QStringList{QStringLiteral("3164444"), QStringLiteral("3164445")}));
    QCOMPARE(single->sizeGb, 10);
    QCOMPARE(single->filesystemType, QStringLiteral("ext4"));
    QCOMPARE(single->filesystemLabel, QStringLiteral("lbl"));
    QCOMPARE(single->tags.size(), 2);
    QCOMPARE(single->tags[1], (Tag{QStringLiteral("k"), QStringLiteral("v")}));
    const auto page =
        parseVolumeList(QByteArray("{\"volumes\": [" + v + "," + v + "], \"links\": {}, \"meta\": {\"total\": 2}}"));
    QVERIFY(page);
    QCOMPARE(page->items.size(), 2);
    QCOMPARE(parseVolume(R"({"volume": {"id": 5}})").error().message, QStringLiteral("volume.id: expected a string"));
    QCOMPARE(parseVolume(R"({"volume": {"name": "x"}})").error().message, QStringLiteral("volume.id: missing"));
    QCOMPARE(parseVolumeList(R"({"volumes": [{"id": "a", "droplet_ids": ["x"]}]})").error().message,
             QStringLiteral("volumes[0].droplet_ids[0]: expected a numeric id"));
}

void TestDigitalOceanParse::keysVpcsTags()
{
    const auto keys = parseKeyList(
        R"({"ssh_keys": [{"id": 289794, "fingerprint": "3b:16", "public_key": "ssh-rsa AAA x", "name": "k"}], "meta": {"total": 1}})");
    QVERIFY(keys);
    QCOMPARE(keys->items.front(), (SshKey{QStringLiteral("289794"), QStringLiteral("k"), QStringLiteral("3b:16"),
                                          QStringLiteral("ssh-rsa AAA x")}));

    const auto vpcs =
        parseVpcList(R"({"vpcs": [{"name": "prod", "description": "d", "region": "nyc1", "ip_range": "10.10.10.0/24",
        "id": "5a49", "urn": "do:vpc:5a49", "default": true, "created_at": "2020-03-13T19:20:47.442049222Z"}], "meta": {"total": 1}})");
    QVERIFY(vpcs);
    const Network &n = vpcs->items.front();
    QCOMPARE(n.id, QStringLiteral("5a49"));
    QCOMPARE(n.location, QStringLiteral("nyc1"));
    QCOMPARE(n.ipRange, QStringLiteral("10.10.10.0/24"));
    QCOMPARE(n.isDefault, true);
    QCOMPARE(n.created, QDateTime(QDate(2020, 3, 13), QTime(19, 20, 47, 442), Qt::UTC));

    const auto tags = parseTagList(
        R"({"tags": [{"name": "extra-awesome", "resources": {"count": 5}}, {"name": "env:prod"}], "meta": {"total": 2}})");
    QVERIFY(tags);
    QCOMPARE(tags->items, (QList<QString>{QStringLiteral("extra-awesome"), QStringLiteral("env:prod")}));
    QCOMPARE(parseTagList(R"({"tags": [{"resources": {}}]})").error().message, QStringLiteral("tags[0].name: missing"));
}

void TestDigitalOceanParse::actions()
{
    // region as a slug string (droplet actions) ...
    auto a = parseAction(R"({"action": {"id": 36804954, "status": "in-progress", "type": "enable_ipv6",
        "started_at": "2014-11-14T16:34:24Z", "completed_at": null, "resource_id": 3164450,
        "resource_type": "droplet", "region": "ams2"}})");
    QVERIFY(a);
    QCOMPARE(a->id, QStringLiteral("36804954"));
    QCOMPARE(a->status, ProviderAction::Status::InProgress);
    QCOMPARE(a->type, QStringLiteral("enable_ipv6"));
    QCOMPARE(a->resourceId, QStringLiteral("3164450"));
    QCOMPARE(a->resourceType, QStringLiteral("droplet"));
    QCOMPARE(a->startedAt, QDateTime(QDate(2014, 11, 14), QTime(16, 34, 24), Qt::UTC));
    QVERIFY(!a->completedAt.isValid());
    QCOMPARE(a->location, QStringLiteral("ams2"));
    // ... or as an object, and resource_id null (volume actions).
    a = parseAction(R"({"action": {"region": {"slug": "nyc1", "name": "New York 1"}, "resource_id": null,
        "status": "errored", "id": 1}})");
    QVERIFY(a);
    QCOMPARE(a->location, QStringLiteral("nyc1"));
    QCOMPARE(a->status, ProviderAction::Status::Errored);
    QVERIFY(a->resourceId.isEmpty());

    const auto list = parseActionList(
        R"({"actions": [{"id": 1, "status": "completed", "region_slug": "nyc3", "region": {"slug": "nyc3"}}], "meta": {"total": 1}})");
    QVERIFY(list);
    QCOMPARE(list->items.front().status, ProviderAction::Status::Completed);
    QCOMPARE(list->items.front().location, QStringLiteral("nyc3"));
    QCOMPARE(parseAction(R"({"action": {"id": 1, "region": 5}})").error().message,
             QStringLiteral("action.region: expected an object"));
    QCOMPARE(parseAction(R"({"action": {"id": 1, "resource_id": "x"}})").error().message,
             QStringLiteral("action.resource_id: expected a numeric id"));
}

void TestDigitalOceanParse::account()
{
    const auto acc =
        parseAccount(R"({"account": {"droplet_limit": 25, "floating_ip_limit": 5, "email": "sammy@digitalocean.com",
        "uuid": "b6fr89dbf6d9156cace5f3c78dc9851d957381ef", "email_verified": true, "status": "active", "status_message": "",
        "team": {"uuid": "5df3e3004a17e242b7c20ca6c9fc25b701a47ece", "name": "My Team"}}})");
    QVERIFY(acc);
    QCOMPARE(acc->dropletLimit, 25);
    QCOMPARE(acc->email, QStringLiteral("sammy@digitalocean.com"));
    QCOMPARE(acc->status, QStringLiteral("active"));
    QCOMPARE(acc->uuid, QStringLiteral("b6fr89dbf6d9156cace5f3c78dc9851d957381ef"));
    QCOMPARE(parseAccount(R"({"account": {"droplet_limit": "25"}})").error().message,
             QStringLiteral("account.droplet_limit: expected a number"));
}

void TestDigitalOceanParse::timestamps()
{
    auto created = [](const char *text) {
        const auto m = parseDroplet(QByteArray(QByteArray(R"({"droplet": {"id": 1, "created_at": ")") + text + "\"}}"));
        return m ? m->created : QDateTime();
    };
    QCOMPARE(created("2020-07-21T18:37:44Z"), QDateTime(QDate(2020, 7, 21), QTime(18, 37, 44), Qt::UTC));
    QCOMPARE(created("2020-07-21T18:37:44.5Z"), QDateTime(QDate(2020, 7, 21), QTime(18, 37, 44, 500), Qt::UTC));
    QCOMPARE(created("2020-07-21T20:37:44+02:00"), QDateTime(QDate(2020, 7, 21), QTime(18, 37, 44), Qt::UTC));
    QCOMPARE(created("2020-07-21T18:37:44"), QDateTime(QDate(2020, 7, 21), QTime(18, 37, 44), Qt::UTC));
    // Not dates: kept invalid rather than refusing the listing (libcloud recorded "2014-13-13").
    QVERIFY(!created("2014-13-13T20:20:20Z").isValid());
    QVERIFY(!created("yesterday").isValid());
    QVERIFY(!created("2020-07-21T18:37:44Zjunk").isValid());
    QVERIFY(!created("").isValid());
}

void TestDigitalOceanParse::errors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ErrorKind>("kind");
    QTest::newRow("400") << 400 << ErrorKind::Invalid;
    QTest::newRow("401") << 401 << ErrorKind::Auth;
    QTest::newRow("403") << 403 << ErrorKind::Forbidden;
    QTest::newRow("404") << 404 << ErrorKind::NotFound;
    QTest::newRow("409") << 409 << ErrorKind::Conflict;
    QTest::newRow("422") << 422 << ErrorKind::Conflict;
    QTest::newRow("429") << 429 << ErrorKind::RateLimited;
    QTest::newRow("500") << 500 << ErrorKind::Server;
    QTest::newRow("502") << 502 << ErrorKind::Server;
    QTest::newRow("503") << 503 << ErrorKind::Server;
    QTest::newRow("599") << 599 << ErrorKind::Server;
    QTest::newRow("418") << 418 << ErrorKind::Invalid;
    QTest::newRow("0") << 0 << ErrorKind::Invalid;
    QTest::newRow("302") << 302 << ErrorKind::Invalid;
}

void TestDigitalOceanParse::errors()
{
    QFETCH(int, status);
    QFETCH(ErrorKind, kind);
    const Error e = parseError(
        status,
        R"({"id": "not_found", "message": "The resource you requested could not be found.", "request_id": "4851a473-1621-42ea-b2f9-5071c0ea8414"})");
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.message, QStringLiteral("The resource you requested could not be found."));
    QCOMPARE(e.providerCode, QStringLiteral("not_found"));
    QCOMPARE(e.requestId, QStringLiteral("4851a473-1621-42ea-b2f9-5071c0ea8414"));
    QCOMPARE(parseError(status, "<html><head><title>Bad</title></head></html>").kind, kind);
}

void TestDigitalOceanParse::errorBodies_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("code");
    QTest::newRow("libcloud 401") << 401 << QByteArray(R"({"id":"","message":"Unable to authenticate you."})")
                                  << QStringLiteral("Unable to authenticate you.") << QString();
    QTest::newRow("fields reversed") << 429
                                     << QByteArray(R"({"message":"API rate limit exceeded.","id":"too_many_requests"})")
                                     << QStringLiteral("API rate limit exceeded.")
                                     << QStringLiteral("too_many_requests");
    QTest::newRow("empty") << 502 << QByteArray() << QStringLiteral("HTTP 502 with an empty answer") << QString();
    QTest::newRow("html") << 502 << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>")
                          << QStringLiteral("HTTP 502 with a non-JSON answer") << QString();
    QTest::newRow("garbage") << 500 << QByteArray("\x00\xff\x13garbage", 10)
                             << QStringLiteral("HTTP 500 with a non-JSON answer") << QString();
    QTest::newRow("json array") << 503 << QByteArray("[]") << QStringLiteral("HTTP 503 with a non-JSON answer")
                                << QString();
    QTest::newRow("truncated json") << 500 << QByteArray(R"({"id": "server_error", "mess)")
                                    << QStringLiteral("HTTP 500 with a non-JSON answer") << QString();
    QTest::newRow("no message") << 404 << QByteArray(R"({"id": "not_found"})") << QStringLiteral("HTTP 404 (not_found)")
                                << QStringLiteral("not_found");
    QTest::newRow("empty object") << 400 << QByteArray("{}") << QStringLiteral("HTTP 400 without an error message")
                                  << QString();
    QTest::newRow("message wrong type") << 422 << QByteArray(R"({"id": "unprocessable_entity", "message": ["a"]})")
                                        << QStringLiteral("HTTP 422 (unprocessable_entity)")
                                        << QStringLiteral("unprocessable_entity");
}

void TestDigitalOceanParse::errorBodies()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QFETCH(QString, code);
    const Error e = parseError(status, body);
    QCOMPARE(e.message, message);
    QCOMPARE(e.providerCode, code);
    QCOMPARE(e.httpStatus, status);
}

QTEST_APPLESS_MAIN(TestDigitalOceanParse)
#include "tst_digitaloceanparse.moc"
