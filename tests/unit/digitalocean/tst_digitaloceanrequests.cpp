// DigitalOcean request builders: the paths and JSON bodies the driver sends, checked against what
// DigitalOcean's API reference documents for each call.

#include "digitalocean/digitaloceanrequests.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

using namespace nephele::drivers;
using namespace nephele::drivers::digitalocean;

namespace {
QJsonObject parse(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("not JSON: %s", body.constData());
    return doc.object();
}
} // namespace

class TestDigitalOceanRequests final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pageUrlsClampToTheProvidersMaximum()
    {
        const QUrl url = dropletsPageUrl(3, 500);
        QCOMPARE(url.path(), QStringLiteral("/v2/droplets"));
        const QUrlQuery query(url);
        QCOMPARE(query.queryItemValue(QStringLiteral("page")), QStringLiteral("3"));
        QCOMPARE(query.queryItemValue(QStringLiteral("per_page")), QStringLiteral("200"));
        const QUrlQuery images(
            collectionPageUrl(QStringLiteral("/v2/images"), 1, 50, QStringLiteral("type=distribution")));
        QCOMPARE(images.queryItemValue(QStringLiteral("type")), QStringLiteral("distribution"));
        QCOMPARE(images.queryItemValue(QStringLiteral("per_page")), QStringLiteral("50"));
    }

    void actionTypes_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<QString>("type");
        QTest::newRow("start") << int(MachineAction::Start) << QStringLiteral("power_on");
        QTest::newRow("stop") << int(MachineAction::Stop) << QStringLiteral("power_off");
        QTest::newRow("shutdown") << int(MachineAction::Shutdown) << QStringLiteral("shutdown");
        QTest::newRow("reboot") << int(MachineAction::Reboot) << QStringLiteral("reboot");
        QTest::newRow("power cycle") << int(MachineAction::PowerCycle) << QStringLiteral("power_cycle");
    }
    void actionTypes()
    {
        QFETCH(int, action);
        QFETCH(QString, type);
        const QJsonObject body = parse(actionBody(MachineAction(action), {}));
        QCOMPARE(body.value(QStringLiteral("type")).toString(), type);
        QCOMPARE(body.size(), 1);
    }

    void actionsWithArguments()
    {
        const QJsonObject rename = parse(actionBody(MachineAction::Rename, {QStringLiteral("db-02"), {}, false}));
        QCOMPARE(rename.value(QStringLiteral("type")).toString(), QStringLiteral("rename"));
        QCOMPARE(rename.value(QStringLiteral("name")).toString(), QStringLiteral("db-02"));
        const QJsonObject resize = parse(actionBody(MachineAction::Resize, {{}, QStringLiteral("s-2vcpu-4gb"), true}));
        QCOMPARE(resize.value(QStringLiteral("size")).toString(), QStringLiteral("s-2vcpu-4gb"));
        QCOMPARE(resize.value(QStringLiteral("disk")).toBool(), true);
        const QJsonObject snapshot = parse(actionBody(MachineAction::Snapshot, {QStringLiteral("nightly"), {}, false}));
        QCOMPARE(snapshot.value(QStringLiteral("name")).toString(), QStringLiteral("nightly"));
        QVERIFY(actionBody(MachineAction::Destroy, {}).isEmpty());
    }

    void createOneDroplet()
    {
        CreateMachineRequest request;
        request.names = {QStringLiteral("web-1")};
        request.location = QStringLiteral("nyc3");
        request.sizeId = QStringLiteral("s-1vcpu-1gb");
        request.imageId = QStringLiteral("ubuntu-22-04-x64");
        request.keyIds = {QStringLiteral("289794"), QStringLiteral("3b:16:e4:bf:8b:00:8b:b8:59:8c:a9:d3:f0:19:fa:45")};
        request.tags = {QStringLiteral("env:prod")};
        request.userData = QStringLiteral("#cloud-config");
        request.volumeIds = {QStringLiteral("12e97116-7280-11ed-b3d0-0a58ac146812")};
        request.networkId = QStringLiteral("760e09ef-dc84-11e8-981e-3cfdfeaae000");
        request.monitoring = true;
        const QJsonObject body = parse(createDropletsBody(request));
        QCOMPARE(body.value(QStringLiteral("name")).toString(), QStringLiteral("web-1"));
        QVERIFY(!body.contains(QStringLiteral("names")));
        QCOMPARE(body.value(QStringLiteral("region")).toString(), QStringLiteral("nyc3"));
        QCOMPARE(body.value(QStringLiteral("size")).toString(), QStringLiteral("s-1vcpu-1gb"));
        QCOMPARE(body.value(QStringLiteral("image")).toString(), QStringLiteral("ubuntu-22-04-x64"));
        // Key ids go as numbers, fingerprints as strings, as the API accepts both.
        const QJsonArray keys = body.value(QStringLiteral("ssh_keys")).toArray();
        QVERIFY(keys.at(0).isDouble());
        QCOMPARE(keys.at(0).toInteger(), 289794);
        QVERIFY(keys.at(1).isString());
        QCOMPARE(body.value(QStringLiteral("tags")).toArray().at(0).toString(), QStringLiteral("env:prod"));
        QCOMPARE(body.value(QStringLiteral("user_data")).toString(), QStringLiteral("#cloud-config"));
        QCOMPARE(body.value(QStringLiteral("vpc_uuid")).toString(), request.networkId);
        QCOMPARE(body.value(QStringLiteral("monitoring")).toBool(), true);
        QCOMPARE(body.value(QStringLiteral("backups")).toBool(), false);
    }

    void createSeveralDropletsAndNumericImage()
    {
        CreateMachineRequest request;
        request.names = {QStringLiteral("a"), QStringLiteral("b")};
        request.imageId = QStringLiteral("63663980");
        const QJsonObject body = parse(createDropletsBody(request));
        QVERIFY(!body.contains(QStringLiteral("name")));
        QCOMPARE(body.value(QStringLiteral("names")).toArray().size(), 2);
        QVERIFY(body.value(QStringLiteral("image")).isDouble());
        QVERIFY(!body.contains(QStringLiteral("user_data")));
    }

    void volumeBodies()
    {
        const QJsonObject create = parse(createVolumeBody(
            {QStringLiteral("data"), QStringLiteral("fra1"), 100, QStringLiteral("d"), QStringLiteral("ext4"), {}}));
        QCOMPARE(create.value(QStringLiteral("size_gigabytes")).toInt(), 100);
        QCOMPARE(create.value(QStringLiteral("region")).toString(), QStringLiteral("fra1"));
        QCOMPARE(create.value(QStringLiteral("filesystem_type")).toString(), QStringLiteral("ext4"));
        const QJsonObject attach = parse(volumeAttachBody(true, QStringLiteral("3164444")));
        QCOMPARE(attach.value(QStringLiteral("type")).toString(), QStringLiteral("attach"));
        QCOMPARE(attach.value(QStringLiteral("droplet_id")).toInteger(), 3164444);
        QCOMPARE(parse(volumeAttachBody(false, QStringLiteral("1"))).value(QStringLiteral("type")).toString(),
                 QStringLiteral("detach"));
        QCOMPARE(volumeActionsUrl(QStringLiteral("abc")).path(), QStringLiteral("/v2/volumes/abc/actions"));
    }
};

QTEST_GUILESS_MAIN(TestDigitalOceanRequests)
#include "tst_digitaloceanrequests.moc"
