// The DigitalOcean parsers against DigitalOcean's own published examples and libcloud's recorded
// responses. Each record is checked against the file's own values, read independently with
// QJsonDocument; then malformed variants of each file must give a typed Parse error.
//
// The corpus folder comes from NEPHELE_FIXTURES (else NEPHELE_FIXTURES_DEFAULT); it holds
// digitalocean/extracted-examples and libcloud/test/compute/fixtures/digitalocean_v2.
#include "digitalocean/digitaloceanparse.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace nephele::drivers;
using namespace nephele::drivers::digitalocean;

namespace {

enum class Kind {
    DropletList,
    Droplet,
    Create,
    Sizes,
    Regions,
    Images,
    Volumes,
    Volume,
    Keys,
    Tags,
    Vpcs,
    Action,
    ActionList,
    Error
};

// The key that holds the records, per kind.
QString listKey(Kind kind)
{
    switch (kind) {
    case Kind::DropletList: return QStringLiteral("droplets");
    case Kind::Droplet: return QStringLiteral("droplet");
    case Kind::Create: return QStringLiteral("droplet"); // or "droplets": see wrapperOf
    case Kind::Sizes: return QStringLiteral("sizes");
    case Kind::Regions: return QStringLiteral("regions");
    case Kind::Images: return QStringLiteral("images");
    case Kind::Volumes: return QStringLiteral("volumes");
    case Kind::Volume: return QStringLiteral("volume");
    case Kind::Keys: return QStringLiteral("ssh_keys");
    case Kind::Tags: return QStringLiteral("tags");
    case Kind::Vpcs: return QStringLiteral("vpcs");
    case Kind::Action: return QStringLiteral("action");
    case Kind::ActionList: return QStringLiteral("actions");
    case Kind::Error: return {};
    }
    return {};
}

QString wrapperOf(Kind kind, const QJsonObject &root)
{
    if (kind == Kind::Create && root.contains(QStringLiteral("droplets")))
        return QStringLiteral("droplets");
    return listKey(kind);
}

bool isListKind(Kind kind)
{
    return kind == Kind::DropletList || kind == Kind::Sizes || kind == Kind::Regions || kind == Kind::Images ||
           kind == Kind::Volumes || kind == Kind::Keys || kind == Kind::Tags || kind == Kind::Vpcs ||
           kind == Kind::ActionList;
}

// Runs the parser for a kind; returns the error message ("" when it parsed) and the item count.
struct Outcome {
    bool ok = false;
    ErrorKind errorKind = ErrorKind::Parse;
    QString message;
    qsizetype count = 0;
};

template<typename R>
Outcome outcomeOf(const R &result, qsizetype count)
{
    Outcome o;
    o.ok = bool(result);
    if (!result) {
        o.errorKind = result.error().kind;
        o.message = result.error().message;
    }
    o.count = count;
    return o;
}

Outcome run(Kind kind, QByteArrayView body)
{
    switch (kind) {
    case Kind::DropletList: {
        auto r = parseDropletList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Droplet: {
        auto r = parseDroplet(body);
        return outcomeOf(r, 1);
    }
    case Kind::Create: {
        auto r = parseDropletCreate(body);
        return outcomeOf(r, r ? r->machines.size() : 0);
    }
    case Kind::Sizes: {
        auto r = parseSizeList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Regions: {
        auto r = parseRegionList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Images: {
        auto r = parseImageList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Volumes: {
        auto r = parseVolumeList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Volume: {
        auto r = parseVolume(body);
        return outcomeOf(r, 1);
    }
    case Kind::Keys: {
        auto r = parseKeyList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Tags: {
        auto r = parseTagList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Vpcs: {
        auto r = parseVpcList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Action: {
        auto r = parseAction(body);
        return outcomeOf(r, 1);
    }
    case Kind::ActionList: {
        auto r = parseActionList(body);
        return outcomeOf(r, r ? r->items.size() : 0);
    }
    case Kind::Error: {
        Outcome o;
        const Error e = parseError(500, body);
        o.ok = !e.message.isEmpty();
        o.message = e.message;
        return o;
    }
    }
    return {};
}

// --- independent expectations from QJsonDocument ------------------------------------------------

QString idText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    return {};
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray array = v.toArray();
    for (const QJsonValue &item : array)
        out.append(item.toString());
    return out;
}

std::optional<double> price(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    return std::nullopt;
}

QDateTime timestamp(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

void compareTime(const QDateTime &actual, const QJsonValue &v)
{
    const QDateTime expected = timestamp(v);
    QCOMPARE(actual.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(actual.toSecsSinceEpoch(), expected.toSecsSinceEpoch());
        QCOMPARE(actual.timeSpec(), Qt::UTC);
    }
}

MachineState expectedState(const QString &status)
{
    if (status == QLatin1StringView("new"))
        return MachineState::Pending;
    if (status == QLatin1StringView("active"))
        return MachineState::Running;
    if (status == QLatin1StringView("off"))
        return MachineState::Stopped;
    if (status == QLatin1StringView("archive"))
        return MachineState::Terminated;
    return MachineState::Unknown;
}

void checkMachine(const Machine &m, const QJsonObject &o)
{
    QCOMPARE(m.id, idText(o[u"id"]));
    QCOMPARE(m.name, o[u"name"].toString());
    QCOMPARE(m.kind, MachineKind::Vm);
    QCOMPARE(m.providerState, o[u"status"].toString());
    QCOMPARE(m.state, expectedState(o[u"status"].toString()));
    QStringList pub, priv;
    for (const char *family : {"v4", "v6"}) {
        const QJsonArray nets = o[u"networks"].toObject()[QLatin1StringView(family)].toArray();
        for (const QJsonValue &n : nets) {
            const QString ip = n[u"ip_address"].toString();
            (n[u"type"].toString() == QLatin1StringView("public") ? pub : priv).append(ip);
        }
    }
    // public: v4 then v6, whatever the document order.
    QStringList pub4, pub6;
    for (const QString &ip : std::as_const(pub))
        (ip.contains(QLatin1Char(':')) ? pub6 : pub4).append(ip);
    QCOMPARE(m.publicIps, pub4 + pub6);
    QCOMPARE(m.privateIps, priv);
    const QJsonObject size = o[u"size"].toObject();
    QCOMPARE(m.sizeId, o[u"size_slug"].toString(size[u"slug"].toString()));
    QCOMPARE(m.priceHourly, price(size[u"price_hourly"]));
    QCOMPARE(m.priceMonthly, price(size[u"price_monthly"]));
    QVERIFY(
        m.sizeName.contains(QString::number(size[u"vcpus"].toInt(o[u"vcpus"].toInt())) + QLatin1StringView(" vCPU")));
    if (!size[u"description"].toString().isEmpty())
        QVERIFY(m.sizeName.startsWith(size[u"description"].toString()));
    const QJsonObject image = o[u"image"].toObject();
    QCOMPARE(m.imageId, image[u"id"].isDouble() ? idText(image[u"id"]) : image[u"slug"].toString());
    QVERIFY(m.imageName.endsWith(image[u"name"].toString()));
    QVERIFY(m.imageName.startsWith(image[u"distribution"].toString()));
    QCOMPARE(m.location, o[u"region"].toObject()[u"slug"].toString());
    QCOMPARE(m.locationName, o[u"region"].toObject()[u"name"].toString());
    QStringList tagTexts;
    for (const Tag &t : m.tags)
        tagTexts.append(t.text());
    QCOMPARE(tagTexts, strings(o[u"tags"]));
    compareTime(m.created, o[u"created_at"]);
    QCOMPARE(m.vcpus, o[u"vcpus"].toInt(size[u"vcpus"].toInt()));
    QCOMPARE(m.memoryMb, o[u"memory"].toInt(size[u"memory"].toInt()));
    QCOMPARE(m.diskGb, o[u"disk"].toInt(size[u"disk"].toInt()));
    QCOMPARE(m.currency, QStringLiteral("USD"));
    QCOMPARE(m.locked, o[u"locked"].toBool());
    QCOMPARE(m.volumeIds, strings(o[u"volume_ids"]));
    QCOMPARE(m.networkId, o[u"vpc_uuid"].toString());
    QCOMPARE(m.features, strings(o[u"features"]));
}

void checkSize(const Size &s, const QJsonObject &o)
{
    QCOMPARE(s.id, o[u"slug"].toString());
    QCOMPARE(s.name, o[u"description"].toString());
    QCOMPARE(s.vcpus, o[u"vcpus"].toInt());
    QCOMPARE(s.memoryMb, o[u"memory"].toInt());
    QCOMPARE(s.diskGb, o[u"disk"].toInt());
    QCOMPARE(s.transferTb, o[u"transfer"].toDouble());
    QCOMPARE(s.priceHourly, price(o[u"price_hourly"]));
    QCOMPARE(s.priceMonthly, price(o[u"price_monthly"]));
    QCOMPARE(s.locations, strings(o[u"regions"]));
    QCOMPARE(s.available, o[u"available"].toBool(true));
}

void checkRegion(const Location &l, const QJsonObject &o)
{
    QCOMPARE(l.id, o[u"slug"].toString());
    QCOMPARE(l.name, o[u"name"].toString());
    QCOMPARE(l.available, o[u"available"].toBool(true));
    QCOMPARE(l.features, strings(o[u"features"]));
    QCOMPARE(l.sizeIds, strings(o[u"sizes"]));
}

void checkImage(const Image &i, const QJsonObject &o)
{
    QCOMPARE(i.id, idText(o[u"id"]));
    QCOMPARE(i.slug, o[u"slug"].toString());
    QCOMPARE(i.name, o[u"name"].toString());
    QCOMPARE(i.distribution, o[u"distribution"].toString());
    QCOMPARE(i.type, o[u"type"].toString());
    QCOMPARE(i.isPublic, o[u"public"].toBool());
    QCOMPARE(i.locations, strings(o[u"regions"]));
    QCOMPARE(i.minDiskGb, o[u"min_disk_size"].toInt());
    QCOMPARE(i.sizeGb, o[u"size_gigabytes"].toDouble());
    QCOMPARE(i.status, o[u"status"].toString());
    QCOMPARE(i.description, o[u"description"].toString());
    compareTime(i.created, o[u"created_at"]);
}

void checkVolume(const Volume &v, const QJsonObject &o)
{
    QCOMPARE(v.id, o[u"id"].toString());
    QCOMPARE(v.name, o[u"name"].toString());
    QCOMPARE(v.location, o[u"region"].toObject()[u"slug"].toString());
    QCOMPARE(v.sizeGb, o[u"size_gigabytes"].toInt());
    QCOMPARE(v.description, o[u"description"].toString());
    QStringList ids;
    const QJsonArray droplets = o[u"droplet_ids"].toArray();
    for (const QJsonValue &id : droplets)
        ids.append(idText(id));
    QCOMPARE(v.machineIds, ids);
    QCOMPARE(v.filesystemType, o[u"filesystem_type"].toString());
    QCOMPARE(v.filesystemLabel, o[u"filesystem_label"].toString());
    QStringList tagTexts;
    for (const Tag &t : v.tags)
        tagTexts.append(t.text());
    QCOMPARE(tagTexts, strings(o[u"tags"]));
    compareTime(v.created, o[u"created_at"]);
}

void checkKey(const SshKey &k, const QJsonObject &o)
{
    QCOMPARE(k.id, idText(o[u"id"]));
    QCOMPARE(k.name, o[u"name"].toString());
    QCOMPARE(k.fingerprint, o[u"fingerprint"].toString());
    QCOMPARE(k.publicKey, o[u"public_key"].toString());
}

void checkVpc(const Network &n, const QJsonObject &o)
{
    QCOMPARE(n.id, o[u"id"].toString());
    QCOMPARE(n.name, o[u"name"].toString());
    QCOMPARE(n.location, o[u"region"].toString());
    QCOMPARE(n.ipRange, o[u"ip_range"].toString());
    QCOMPARE(n.description, o[u"description"].toString());
    QCOMPARE(n.isDefault, o[u"default"].toBool());
    compareTime(n.created, o[u"created_at"]);
}

void checkAction(const ProviderAction &a, const QJsonObject &o)
{
    QCOMPARE(a.id, idText(o[u"id"]));
    QCOMPARE(a.type, o[u"type"].toString());
    const QString status = o[u"status"].toString();
    const auto expected = status == QLatin1StringView("completed") ? ProviderAction::Status::Completed
                          : status == QLatin1StringView("errored") ? ProviderAction::Status::Errored
                                                                   : ProviderAction::Status::InProgress;
    QCOMPARE(a.status, expected);
    QCOMPARE(a.resourceId, idText(o[u"resource_id"]));
    QCOMPARE(a.resourceType, o[u"resource_type"].toString());
    const QJsonValue region = o[u"region"];
    QCOMPARE(a.location,
             o[u"region_slug"].toString(region.isString() ? region.toString() : region.toObject()[u"slug"].toString()));
    compareTime(a.startedAt, o[u"started_at"]);
    compareTime(a.completedAt, o[u"completed_at"]);
}

template<typename T, typename Check>
void checkPage(const Result<Page<T>> &page, const QJsonObject &root, const QString &key, Check check)
{
    QVERIFY2(page, qPrintable(page ? QString() : page.error().message));
    const QJsonArray items = root[key].toArray();
    QCOMPARE(page->items.size(), items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        check(page->items[i], items[i].toObject());
        if (QTest::currentTestFailed()) {
            qWarning("  in %s[%lld]", qPrintable(key), qlonglong(i));
            return;
        }
    }
    const QJsonObject meta = root[u"meta"].toObject();
    QCOMPARE(page->total, meta.contains(u"total") ? qint64(meta[u"total"].toDouble()) : qint64(-1));
    QCOMPARE(page->nextUrl, root[u"links"].toObject()[u"pages"].toObject()[u"next"].toString());
}

ErrorKind expectedKind(int status)
{
    switch (status) {
    case 400: return ErrorKind::Invalid;
    case 401: return ErrorKind::Auth;
    case 403: return ErrorKind::Forbidden;
    case 404: return ErrorKind::NotFound;
    case 409:
    case 422: return ErrorKind::Conflict;
    case 429: return ErrorKind::RateLimited;
    default: return status >= 500 && status < 600 ? ErrorKind::Server : ErrorKind::Invalid;
    }
}

void checkBody(Kind kind, const QByteArray &body, int status)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    switch (kind) {
    case Kind::DropletList: checkPage(parseDropletList(body), root, QStringLiteral("droplets"), checkMachine); break;
    case Kind::Sizes: checkPage(parseSizeList(body), root, QStringLiteral("sizes"), checkSize); break;
    case Kind::Regions: checkPage(parseRegionList(body), root, QStringLiteral("regions"), checkRegion); break;
    case Kind::Images: checkPage(parseImageList(body), root, QStringLiteral("images"), checkImage); break;
    case Kind::Volumes: checkPage(parseVolumeList(body), root, QStringLiteral("volumes"), checkVolume); break;
    case Kind::Keys: checkPage(parseKeyList(body), root, QStringLiteral("ssh_keys"), checkKey); break;
    case Kind::Vpcs: checkPage(parseVpcList(body), root, QStringLiteral("vpcs"), checkVpc); break;
    case Kind::ActionList: checkPage(parseActionList(body), root, QStringLiteral("actions"), checkAction); break;
    case Kind::Tags:
        checkPage(parseTagList(body), root, QStringLiteral("tags"),
                  [](const QString &name, const QJsonObject &o) { QCOMPARE(name, o[u"name"].toString()); });
        break;
    case Kind::Droplet: {
        const auto m = parseDroplet(body);
        QVERIFY2(m, qPrintable(m ? QString() : m.error().message));
        checkMachine(*m, root[u"droplet"].toObject());
        break;
    }
    case Kind::Volume: {
        const auto v = parseVolume(body);
        QVERIFY2(v, qPrintable(v ? QString() : v.error().message));
        checkVolume(*v, root[u"volume"].toObject());
        break;
    }
    case Kind::Action: {
        const auto a = parseAction(body);
        QVERIFY2(a, qPrintable(a ? QString() : a.error().message));
        checkAction(*a, root[u"action"].toObject());
        break;
    }
    case Kind::Create: {
        const auto c = parseDropletCreate(body);
        QVERIFY2(c, qPrintable(c ? QString() : c.error().message));
        QJsonArray droplets = root[u"droplets"].toArray();
        if (root.contains(u"droplet"))
            droplets.append(root[u"droplet"]);
        QCOMPARE(c->machines.size(), droplets.size());
        for (qsizetype i = 0; i < droplets.size(); ++i)
            checkMachine(c->machines[i], droplets[i].toObject());
        QStringList actionIds;
        const QJsonArray actions = root[u"links"].toObject()[u"actions"].toArray();
        for (const QJsonValue &a : actions)
            actionIds.append(idText(a[u"id"]));
        QCOMPARE(c->actionIds, actionIds);
        break;
    }
    case Kind::Error: {
        const Error e = parseError(status, body);
        QCOMPARE(e.kind, expectedKind(status));
        QCOMPARE(e.httpStatus, status);
        QVERIFY(!e.message.isEmpty());
        const QString message = root[u"message"].toString().trimmed();
        if (!message.isEmpty())
            QCOMPARE(e.message, message);
        QCOMPARE(e.providerCode, root[u"id"].toString());
        QCOMPARE(e.requestId, root[u"request_id"].toString());
        break;
    }
    }
}

// The first record object of a body, where a wrong type is injected.
QJsonObject firstRecord(Kind kind, const QJsonObject &root, QString &pathPrefix)
{
    const QString key = wrapperOf(kind, root);
    const QJsonValue v = root[key];
    if (v.isArray()) {
        pathPrefix = key + QLatin1StringView("[0].");
        return v.toArray().first().toObject();
    }
    pathPrefix = key + QLatin1Char('.');
    return v.toObject();
}

QJsonObject replaceFirstRecord(Kind kind, QJsonObject root, const QJsonObject &record)
{
    const QString key = wrapperOf(kind, root);
    if (root[key].isArray()) {
        QJsonArray array = root[key].toArray();
        array[0] = record;
        root[key] = array;
    } else {
        root[key] = record;
    }
    return root;
}

// Fields each parser reads, by the type it expects.
QStringList stringFields(Kind kind)
{
    switch (kind) {
    case Kind::DropletList:
    case Kind::Droplet:
    case Kind::Create: return {QStringLiteral("name"), QStringLiteral("status"), QStringLiteral("size_slug")};
    case Kind::Sizes: return {QStringLiteral("slug"), QStringLiteral("description")};
    case Kind::Regions: return {QStringLiteral("slug"), QStringLiteral("name")};
    case Kind::Images: return {QStringLiteral("name"), QStringLiteral("distribution")};
    case Kind::Volumes:
    case Kind::Volume: return {QStringLiteral("id"), QStringLiteral("name")};
    case Kind::Keys: return {QStringLiteral("name"), QStringLiteral("fingerprint")};
    case Kind::Tags: return {QStringLiteral("name")};
    case Kind::Vpcs: return {QStringLiteral("id"), QStringLiteral("ip_range")};
    case Kind::Action:
    case Kind::ActionList: return {QStringLiteral("type"), QStringLiteral("status")};
    case Kind::Error: return {};
    }
    return {};
}

QStringList otherFields(Kind kind) // numbers, arrays, objects: a string there is wrong
{
    switch (kind) {
    case Kind::DropletList:
    case Kind::Droplet:
    case Kind::Create: return {QStringLiteral("networks"), QStringLiteral("memory"), QStringLiteral("tags")};
    case Kind::Sizes: return {QStringLiteral("price_hourly"), QStringLiteral("regions")};
    case Kind::Regions: return {QStringLiteral("sizes"), QStringLiteral("features")};
    case Kind::Images: return {QStringLiteral("id"), QStringLiteral("regions")};
    case Kind::Volumes:
    case Kind::Volume: return {QStringLiteral("size_gigabytes"), QStringLiteral("droplet_ids")};
    case Kind::Keys: return {QStringLiteral("id")};
    case Kind::Tags: return {};
    case Kind::Vpcs: return {QStringLiteral("default")};
    case Kind::Action:
    case Kind::ActionList: return {QStringLiteral("id"), QStringLiteral("resource_id")};
    case Kind::Error: return {};
    }
    return {};
}

void expectParseError(Kind kind, const QByteArray &body, const QString &what, const QString &messageStart = {})
{
    const Outcome o = run(kind, body);
    QVERIFY2(!o.ok, qPrintable(what + QLatin1StringView(": accepted")));
    QCOMPARE(o.errorKind, ErrorKind::Parse);
    QVERIFY2(!o.message.isEmpty(), qPrintable(what));
    if (!messageStart.isEmpty())
        QVERIFY2(o.message.startsWith(messageStart), qPrintable(what + QLatin1StringView(": ") + o.message));
}

} // namespace

Q_DECLARE_METATYPE(Kind)

class TestConformanceDigitalOcean final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void examples_data();
    void examples();
    void malformed_data();
    void malformed();
    void largeListing();

private:
    void addRows(bool includeErrors);
    QByteArray read(const QString &path) const;

    QString m_corpus;
    QString m_examples; // digitalocean/extracted-examples
    QString m_libcloud; // libcloud/.../digitalocean_v2
};

QByteArray TestConformanceDigitalOcean::read(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void TestConformanceDigitalOcean::initTestCase()
{
    m_corpus = qEnvironmentVariable("NEPHELE_FIXTURES", qEnvironmentVariable("NEPHELE_FIXTURES_DEFAULT"));
    const QDir corpus(m_corpus);
    if (m_corpus.isEmpty() || !corpus.exists()) {
        qInfo("No fixture corpus: set NEPHELE_FIXTURES to a folder holding digitalocean/extracted-examples "
              "and libcloud/test/compute/fixtures/digitalocean_v2 (looked at \"%s\").",
              qPrintable(m_corpus));
        QSKIP("fixture corpus absent");
    }
    if (corpus.exists(QStringLiteral("digitalocean/extracted-examples/_index.json")))
        m_examples = corpus.filePath(QStringLiteral("digitalocean/extracted-examples"));
    if (corpus.exists(QStringLiteral("libcloud/test/compute/fixtures/digitalocean_v2")))
        m_libcloud = corpus.filePath(QStringLiteral("libcloud/test/compute/fixtures/digitalocean_v2"));
    if (m_examples.isEmpty() && m_libcloud.isEmpty()) {
        qInfo("The corpus at \"%s\" holds no DigitalOcean data.", qPrintable(m_corpus));
        QSKIP("no DigitalOcean data in the corpus");
    }
    qInfo("DigitalOcean corpus: %s", qPrintable(m_corpus));
}

void TestConformanceDigitalOcean::addRows(bool includeErrors)
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("status");
    int rows = 0;

    if (!m_examples.isEmpty()) {
        const QJsonArray index = QJsonDocument::fromJson(read(m_examples + QStringLiteral("/_index.json"))).array();
        const QList<std::pair<const char *, Kind>> listings{
            {"droplets_list", Kind::DropletList}, {"droplets_get", Kind::Droplet}, {"droplets_create", Kind::Create},
            {"sizes_list", Kind::Sizes},          {"regions_list", Kind::Regions}, {"images_list", Kind::Images},
            {"volumes_list", Kind::Volumes},      {"volumes_get", Kind::Volume},   {"volumes_create", Kind::Volume},
            {"sshKeys_list", Kind::Keys},         {"tags_list", Kind::Tags},       {"vpcs_list", Kind::Vpcs},
        };
        const QStringList errorFamilies{
            QStringLiteral("droplets_"),      QStringLiteral("dropletActions_"), QStringLiteral("sizes_"),
            QStringLiteral("regions_"),       QStringLiteral("images_"),         QStringLiteral("volumes_"),
            QStringLiteral("volumeActions_"), QStringLiteral("sshKeys_"),        QStringLiteral("tags_"),
            QStringLiteral("vpcs_"),          QStringLiteral("actions_"),        QStringLiteral("account_")};
        for (const QJsonValue &entry : index) {
            const QString file = entry[u"file"].toString();
            const QString op = entry[u"operationId"].toString();
            bool numeric = false;
            const int status = entry[u"status"].toString().toInt(&numeric);
            if (!numeric)
                continue;
            const QString path = m_examples + QLatin1Char('/') + file;
            std::optional<Kind> kind;
            if (status >= 200 && status < 300) {
                for (const auto &[name, k] : listings)
                    if (op == QLatin1StringView(name))
                        kind = k;
                if (op.startsWith(u"dropletActions_") || op.startsWith(u"volumeActions_") ||
                    op.startsWith(u"actions_")) {
                    const QJsonObject root = QJsonDocument::fromJson(read(path)).object();
                    if (root.contains(u"action"))
                        kind = Kind::Action;
                    else if (root.contains(u"actions"))
                        kind = Kind::ActionList;
                }
            } else if (includeErrors && status >= 400) {
                if (std::any_of(errorFamilies.begin(), errorFamilies.end(),
                                [&](const QString &f) { return op.startsWith(f); }))
                    kind = Kind::Error;
            }
            if (!kind)
                continue;
            QTest::newRow(qPrintable(QStringLiteral("do/") + file)) << path << *kind << status;
            ++rows;
        }
    }

    if (!m_libcloud.isEmpty()) {
        const QList<std::pair<const char *, Kind>> files{
            {"list_nodes.json", Kind::DropletList},
            {"list_nodes_page_1.json", Kind::DropletList},
            {"list_nodes_empty.json", Kind::DropletList},
            {"list_node.json", Kind::Droplet},
            {"list_sizes.json", Kind::Sizes},
            {"list_locations.json", Kind::Regions},
            {"list_images.json", Kind::Images},
            {"list_volumes.json", Kind::Volumes},
            {"list_volumes_empty.json", Kind::Volumes},
            {"create_volume.json", Kind::Volume},
            {"list_key_pairs.json", Kind::Keys},
        };
        for (const auto &[name, kind] : files)
            QTest::newRow(qPrintable(QStringLiteral("libcloud/") + QLatin1StringView(name)))
                << m_libcloud + QLatin1Char('/') + QLatin1StringView(name) << kind << 200;
        rows += int(files.size());
        // Every recorded action answer (create_node, reboot_node, ex_*, attach_volume, ...).
        const QStringList all = QDir(m_libcloud).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QString &name : all) {
            const QString path = m_libcloud + QLatin1Char('/') + name;
            if (QJsonDocument::fromJson(read(path)).object().contains(u"action")) {
                QTest::newRow(qPrintable(QStringLiteral("libcloud/") + name)) << path << Kind::Action << 200;
                ++rows;
            }
        }
        if (includeErrors) {
            QTest::newRow("libcloud/error.json") << m_libcloud + QStringLiteral("/error.json") << Kind::Error << 401;
            QTest::newRow("libcloud/error_invalid_image.json")
                << m_libcloud + QStringLiteral("/error_invalid_image.json") << Kind::Error << 422;
            rows += 2;
        }
    }
    qInfo("%d DigitalOcean corpus files", rows);
}

void TestConformanceDigitalOcean::examples_data()
{
    addRows(true);
}

void TestConformanceDigitalOcean::examples()
{
    QFETCH(QString, path);
    QFETCH(Kind, kind);
    QFETCH(int, status);
    const QByteArray body = read(path);
    QVERIFY2(!body.isEmpty(), qPrintable(path));
    QJsonParseError jsonError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &jsonError);
    QVERIFY2(jsonError.error == QJsonParseError::NoError, qPrintable(jsonError.errorString()));

    checkBody(kind, body, status);
    if (QTest::currentTestFailed())
        return;
    // The same data with every object's keys re-ordered (QJsonDocument sorts them) and compact.
    checkBody(kind, doc.toJson(QJsonDocument::Compact), status);
}

void TestConformanceDigitalOcean::malformed_data()
{
    addRows(true);
}

void TestConformanceDigitalOcean::malformed()
{
    QFETCH(QString, path);
    QFETCH(Kind, kind);
    QFETCH(int, status);
    const QByteArray body = read(path);
    const QByteArray trimmed = body.trimmed();

    if (kind == Kind::Error) {
        // An error body never fails: cut or mangled, it still gives a typed error with a message.
        for (const double at : {0.0, 0.25, 0.5, 0.9}) {
            const Error e = parseError(status, QByteArrayView(trimmed).first(qsizetype(trimmed.size() * at)));
            QCOMPARE(e.kind, expectedKind(status));
            QVERIFY(!e.message.isEmpty());
        }
        return;
    }

    // Truncated at several points, including just before the final brace.
    for (const double at : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
        const qsizetype cut = qsizetype(trimmed.size() * at);
        expectParseError(kind, trimmed.first(cut), QStringLiteral("cut at %1").arg(cut));
    }
    expectParseError(kind, trimmed.chopped(1), QStringLiteral("last byte cut"));
    expectParseError(kind, "<html>" + body, QStringLiteral("HTML before"));
    expectParseError(kind, body + "<html>", QStringLiteral("text after"));

    QJsonObject root = QJsonDocument::fromJson(body).object();
    const QString key = wrapperOf(kind, root);
    // The records' container replaced by a string.
    {
        QJsonObject bad = root;
        bad[key] = QStringLiteral("oops");
        const QString expected =
            key + (isListKind(kind) || root[key].isArray() ? QLatin1StringView(": expected an array")
                                                           : QLatin1StringView(": expected an object"));
        expectParseError(kind, QJsonDocument(bad).toJson(), QStringLiteral("container replaced"), expected);
    }
    // A wrong type injected into fields the parser reads, in the first record.
    const bool hasRecord = root[key].isObject() || !root[key].toArray().isEmpty();
    if (!hasRecord)
        return;
    QString prefix;
    const QJsonObject record = firstRecord(kind, root, prefix);
    int injected = 0;
    for (const QString &field : stringFields(kind)) {
        if (!record[field].isString())
            continue;
        QJsonObject bad = record;
        bad[field] = 12345;
        expectParseError(kind, QJsonDocument(replaceFirstRecord(kind, root, bad)).toJson(),
                         field + QLatin1StringView(" as a number"), prefix + field + QLatin1StringView(": expected"));
        ++injected;
    }
    for (const QString &field : otherFields(kind)) {
        if (!record.contains(field) || record[field].isString() || record[field].isNull())
            continue;
        QJsonObject bad = record;
        bad[field] = QStringLiteral("wrong");
        expectParseError(kind, QJsonDocument(replaceFirstRecord(kind, root, bad)).toJson(),
                         field + QLatin1StringView(" as a string"), prefix + field + QLatin1StringView(": expected"));
        ++injected;
    }
    // A record without its id (or slug / name) is refused.
    for (const char *idKey : {"id", "slug"}) {
        const QString id = QLatin1StringView(idKey);
        if ((kind == Kind::Sizes || kind == Kind::Regions) != (id == QLatin1StringView("slug")))
            continue;
        if (!record.contains(id))
            continue;
        QJsonObject bad = record;
        bad.remove(id);
        expectParseError(kind, QJsonDocument(replaceFirstRecord(kind, root, bad)).toJson(),
                         id + QLatin1StringView(" removed"), prefix + id + QLatin1StringView(": missing"));
        ++injected;
    }
    QVERIFY(injected > 0);
}

void TestConformanceDigitalOcean::largeListing()
{
    if (m_examples.isEmpty())
        QSKIP("DigitalOcean examples absent");
    // 10,000 copies of the published droplet, each with its own id, as one listing.
    const QByteArray single = read(m_examples + QStringLiteral("/droplets_get.200.Single_Droplet.json"));
    const QJsonObject droplet = QJsonDocument::fromJson(single).object()[u"droplet"].toObject();
    QByteArray text = QJsonDocument(droplet).toJson(QJsonDocument::Indented);
    const QByteArray idField = QByteArray("\"id\": " + QByteArray::number(qint64(droplet[u"id"].toDouble())) + ",");
    QVERIFY(text.contains(idField));
    constexpr int count = 10000;
    QByteArray body;
    body.reserve(count * (text.size() + 16) + 64);
    body += "{\n\"droplets\": [\n";
    for (int i = 0; i < count; ++i) {
        QByteArray copy = text;
        copy.replace(idField, QByteArray("\"id\": " + QByteArray::number(100000000 + i) + ","));
        if (i)
            body += ",\n";
        body += copy;
    }
    body += "],\n\"links\": {},\n\"meta\": {\"total\": 10000}\n}\n";

    qint64 best = std::numeric_limits<qint64>::max();
    for (int round = 0; round < 5; ++round) {
        QElapsedTimer timer;
        timer.start();
        const auto page = parseDropletList(body);
        const qint64 ns = timer.nsecsElapsed();
        QVERIFY(page);
        QCOMPARE(page->items.size(), count);
        QCOMPARE(page->items.back().id, QString::number(100000000 + count - 1));
        best = std::min(best, ns);
    }
    const double ms = double(best) / 1e6;
    qInfo("parseDropletList: %d droplets, %.1f MB, best of 5: %.1f ms (%.0f MB/s, %.2f us per droplet)", count,
          double(body.size()) / 1e6, ms, double(body.size()) / 1e6 / (ms / 1000.0), ms * 1000.0 / count);
}

QTEST_GUILESS_MAIN(TestConformanceDigitalOcean)
#include "tst_conformance_digitalocean.moc"
