#include "digitalocean/digitaloceanparse.h"

#include "core/simdjsonbuffer.h"

#include <QDate>
#include <QTime>
#include <QTimeZone>

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// simdjson On-Demand walks each object once, field by field, in whatever order the fields come;
// nothing is looked up by name. A failure travels up as a Failure whose path each level prefixes
// with its key or index, so the path costs nothing while parsing succeeds.
namespace nephele::drivers::digitalocean {

namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

struct Failure {
    std::string path; // "droplets[3].networks.v4"
    std::string what; // "expected an array"
};

// nullopt: fine so far.
using Status = std::optional<Failure>;

Status failure(std::string what)
{
    return Failure{{}, std::move(what)};
}

void prefix(Failure &f, std::string segment)
{
    if (!f.path.empty()) {
        if (f.path.front() != '[')
            segment += '.';
        segment += f.path;
    }
    f.path = std::move(segment);
}

// A simdjson error that is not about a type: the text itself is wrong.
Status codeFailure(error_code code)
{
    switch (code) {
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::TAPE_ERROR:
    case simdjson::UNCLOSED_STRING: return failure("the JSON is truncated or malformed");
    case simdjson::EMPTY: return failure("the answer is empty");
    case simdjson::UTF8_ERROR: return failure("the text is not valid UTF-8");
    case simdjson::DEPTH_ERROR: return failure("the JSON is nested too deeply");
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return failure("not a valid number");
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return failure("not a valid JSON literal");
    case simdjson::STRING_ERROR: return failure("not a valid JSON string");
    default: return failure(std::string("not valid JSON (") + simdjson::error_message(code) + ")");
    }
}

Status typeFailure(error_code code, const char *expected)
{
    if (code == simdjson::INCORRECT_TYPE)
        return failure(std::string("expected ") + expected);
    return codeFailure(code);
}

// True when the value is a JSON null (and consumes it); false leaves the value untouched.
bool consumeNull(od::value &value)
{
    bool isNull = false;
    return !value.is_null().get(isNull) && isNull;
}

// After a failed typed read: a null is fine for optional fields, anything else is a wrong type.
Status nullOr(od::value &value, error_code code, const char *expected)
{
    if (code == simdjson::INCORRECT_TYPE && consumeNull(value))
        return {};
    return typeFailure(code, expected);
}

template<typename Fn>
Status forEachFieldOf(od::object object, Fn &&fn)
{
    for (auto result : object) {
        od::field field;
        if (auto code = std::move(result).get(field))
            return codeFailure(code);
        std::string_view key;
        if (auto code = field.unescaped_key().get(key))
            return codeFailure(code);
        od::value value = field.value();
        if (Status s = fn(key, value)) {
            prefix(*s, std::string(key));
            return s;
        }
    }
    return {};
}

// Walks an object's fields; a null counts as an empty object (DigitalOcean sends null for absent
// sub-objects such as next_backup_window).
template<typename Fn>
Status forEachField(od::value &value, Fn &&fn)
{
    od::object object;
    if (auto code = value.get_object().get(object))
        return nullOr(value, code, "an object");
    return forEachFieldOf(object, std::forward<Fn>(fn));
}

// Walks an array's elements; a null counts as an empty array.
template<typename Fn>
Status forEachElement(od::value &value, Fn &&fn)
{
    od::array array;
    if (auto code = value.get_array().get(array))
        return nullOr(value, code, "an array");
    std::size_t index = 0;
    for (auto result : array) {
        od::value item;
        Status s;
        if (auto code = result.get(item))
            s = codeFailure(code);
        else
            s = fn(item);
        if (s) {
            prefix(*s, "[" + std::to_string(index) + "]");
            return s;
        }
        ++index;
    }
    return {};
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

Status readString(od::value &value, QString &out)
{
    std::string_view text;
    if (auto code = value.get_string().get(text)) {
        out.clear();
        return nullOr(value, code, "a string");
    }
    out = toQString(text);
    return {};
}

Status readBool(od::value &value, bool &out)
{
    bool b = false;
    if (auto code = value.get_bool().get(b))
        return nullOr(value, code, "true or false");
    out = b;
    return {};
}

Status readDouble(od::value &value, std::optional<double> &out)
{
    double d = 0;
    if (auto code = value.get_double().get(d)) {
        out.reset();
        return nullOr(value, code, "a number");
    }
    out = d;
    return {};
}

Status readDouble(od::value &value, double &out)
{
    std::optional<double> d;
    if (Status s = readDouble(value, d))
        return s;
    out = d.value_or(0.0);
    return {};
}

// Integral counts (vCPUs, MB, GB). 25.0 is accepted as 25.
Status readInt(od::value &value, qint64 &out)
{
    double d = 0;
    if (auto code = value.get_double().get(d))
        return nullOr(value, code, "a number");
    if (!(d >= -9.0e15 && d <= 9.0e15))
        return failure("number out of range");
    out = qint64(d);
    return {};
}

Status readInt(od::value &value, int &out)
{
    qint64 n = out;
    if (Status s = readInt(value, n))
        return s;
    if (n < INT_MIN || n > INT_MAX)
        return failure("number out of range");
    out = int(n);
    return {};
}

// A numeric id (droplet, image, key, action): an unsigned integer, never null.
Status readNumericId(od::value &value, QString &out)
{
    uint64_t id = 0;
    if (auto code = value.get_uint64().get(id)) {
        if (code == simdjson::INCORRECT_TYPE || code == simdjson::NUMBER_ERROR || code == simdjson::NUMBER_OUT_OF_RANGE)
            return failure("expected a numeric id");
        return codeFailure(code);
    }
    out = QString::number(id);
    return {};
}

// A numeric id that may be null (an action's resource_id).
Status readOptionalNumericId(od::value &value, QString &out)
{
    if (consumeNull(value)) {
        out.clear();
        return {};
    }
    return readNumericId(value, out);
}

Status readStringList(od::value &value, QStringList &out)
{
    out.clear();
    return forEachElement(value, [&](od::value &item) -> Status {
        std::string_view text;
        if (auto code = item.get_string().get(text))
            return typeFailure(code, "a string");
        out.append(toQString(text));
        return {};
    });
}

// Droplet ids inside a volume are numbers.
Status readNumericIdList(od::value &value, QStringList &out)
{
    out.clear();
    return forEachElement(value, [&](od::value &item) -> Status {
        QString id;
        if (Status s = readNumericId(item, id))
            return s;
        out.append(id);
        return {};
    });
}

Status readTags(od::value &value, QList<Tag> &out)
{
    out.clear();
    return forEachElement(value, [&](od::value &item) -> Status {
        std::string_view text;
        if (auto code = item.get_string().get(text))
            return typeFailure(code, "a string");
        out.append(Tag::fromText(toQString(text)));
        return {};
    });
}

bool digitsAt(std::string_view s, std::size_t pos, std::size_t count, int &out)
{
    if (pos + count > s.size())
        return false;
    int v = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

// RFC 3339 as DigitalOcean writes it ("2020-07-21T18:37:44Z", "2020-03-13T19:20:47.442049222Z").
// Hand-rolled because QDateTime::fromString is slow for ten thousand droplets. A string that is
// not a date gives an invalid QDateTime: a bad date is not worth refusing a whole listing.
QDateTime parseTimestamp(std::string_view s)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (s.size() < 19 || !digitsAt(s, 0, 4, year) || s[4] != '-' || !digitsAt(s, 5, 2, month) || s[7] != '-' ||
        !digitsAt(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digitsAt(s, 11, 2, hour) ||
        s[13] != ':' || !digitsAt(s, 14, 2, minute) || s[16] != ':' || !digitsAt(s, 17, 2, second))
        return {};
    std::size_t pos = 19;
    int ms = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3)
                ms = ms * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0)
            return {};
        for (; digits < 3; ++digits)
            ms *= 10;
    }
    int offsetSeconds = 0;
    if (pos < s.size()) {
        if (s[pos] == 'Z' || s[pos] == 'z') {
            ++pos;
        } else if (s[pos] == '+' || s[pos] == '-') {
            int oh = 0, om = 0;
            if (!digitsAt(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
                !digitsAt(s, pos + 4, 2, om))
                return {};
            offsetSeconds = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            pos += 6;
        }
    }
    if (pos != s.size())
        return {};
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, ms);
    if (!date.isValid() || !time.isValid())
        return {};
    QDateTime result(date, time, Qt::UTC);
    if (offsetSeconds != 0)
        result = result.addSecs(-offsetSeconds);
    return result;
}

Status readDateTime(od::value &value, QDateTime &out)
{
    std::string_view text;
    if (auto code = value.get_string().get(text)) {
        out = {};
        return nullOr(value, code, "a date string");
    }
    out = parseTimestamp(text);
    return {};
}

// For values that must be there: a null object or list is refused, unlike nested optional parts.
Status expectType(od::value &value, od::json_type expected, const char *what)
{
    od::json_type type;
    if (auto code = value.type().get(type))
        return codeFailure(code);
    if (type != expected)
        return failure(std::string("expected ") + what);
    return {};
}

Status missing(const char *key)
{
    return Failure{key, "missing"};
}

// --- records ---------------------------------------------------------------------------------

QString sizeLabel(const QString &description, int vcpus, int memoryMb)
{
    if (vcpus <= 0 && memoryMb <= 0)
        return description;
    const QString memory = (memoryMb >= 1024 && memoryMb % 1024 == 0)
                               ? QString::number(memoryMb / 1024) + QLatin1StringView(" GB")
                               : QString::number(memoryMb) + QLatin1StringView(" MB");
    const QString spec =
        QString::number(vcpus) + (vcpus == 1 ? QLatin1StringView(" vCPU / ") : QLatin1StringView(" vCPUs / ")) + memory;
    return description.isEmpty() ? spec : description + QLatin1Char(' ') + spec;
}

QString imageLabel(const QString &distribution, const QString &name)
{
    if (distribution.isEmpty() || name.startsWith(distribution))
        return name;
    if (name.isEmpty())
        return distribution;
    return distribution + QLatin1Char(' ') + name;
}

// Reads a string as a view into the parser's buffer (valid for the whole document), so fields
// that are only combined or compared never become a QString of their own.
Status readView(od::value &value, std::string_view &out)
{
    if (auto code = value.get_string().get(out)) {
        out = {};
        return nullOr(value, code, "a string");
    }
    return {};
}

// A listing repeats the same region, size and image in every droplet. Remembering the last text
// of a field lets consecutive droplets share one QString instead of allocating ten thousand.
struct Recent {
    std::string m_text;
    QString m_value;
    bool m_set = false;

    const QString &get(std::string_view text)
    {
        if (!m_set || text != m_text) {
            m_text.assign(text);
            m_value = toQString(text);
            m_set = true;
        }
        return m_value;
    }
};

Status readNetworkList(od::value &value, QStringList &publicIps, QStringList &privateIps)
{
    publicIps.clear();
    privateIps.clear();
    return forEachElement(value, [&](od::value &item) -> Status {
        std::string_view ip;
        std::string_view type;
        Status s = forEachField(item, [&](std::string_view key, od::value &v) -> Status {
            if (key == "ip_address")
                return readView(v, ip);
            if (key == "type")
                return readView(v, type);
            return {};
        });
        if (s)
            return s;
        if (ip.empty())
            return {};
        (type == "public" ? publicIps : privateIps).append(toQString(ip));
        return {};
    });
}

// Reads droplets; one reader per listing so its caches of repeated values live as long as it.
class MachineReader final
{
public:
    Status operator()(od::value &value, Machine &m);

private:
    Recent m_status, m_sizeId, m_imageId, m_location, m_locationName, m_network;
    Recent m_sizeName;  // keyed on description|vcpus|memory
    Recent m_imageName; // keyed on distribution|name
    std::string m_key;
};

Status MachineReader::operator()(od::value &value, Machine &m)
{
    bool haveId = false;
    QStringList public4, private4, public6, private6;
    std::string_view status, sizeSlug, embeddedSizeSlug, sizeDescription, vpc;
    std::string_view imageSlug, imageDistribution, imageName, regionSlug, regionName;
    uint64_t imageNumericId = 0;
    bool haveImageId = false;
    int sizeVcpus = 0, sizeMemory = 0, sizeDisk = 0;

    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "id") {
            haveId = true;
            return readNumericId(v, m.id);
        }
        if (key == "name")
            return readString(v, m.name);
        if (key == "status")
            return readView(v, status);
        if (key == "memory")
            return readInt(v, m.memoryMb);
        if (key == "vcpus")
            return readInt(v, m.vcpus);
        if (key == "disk")
            return readInt(v, m.diskGb);
        if (key == "locked")
            return readBool(v, m.locked);
        if (key == "created_at")
            return readDateTime(v, m.created);
        if (key == "features")
            return readStringList(v, m.features);
        if (key == "volume_ids")
            return readStringList(v, m.volumeIds);
        if (key == "tags")
            return readTags(v, m.tags);
        if (key == "vpc_uuid")
            return readView(v, vpc);
        if (key == "size_slug")
            return readView(v, sizeSlug);
        if (key == "networks") {
            return forEachField(v, [&](std::string_view family, od::value &list) -> Status {
                if (family == "v4")
                    return readNetworkList(list, public4, private4);
                if (family == "v6")
                    return readNetworkList(list, public6, private6);
                return {};
            });
        }
        if (key == "region") {
            return forEachField(v, [&](std::string_view k, od::value &r) -> Status {
                if (k == "slug")
                    return readView(r, regionSlug);
                if (k == "name")
                    return readView(r, regionName);
                return {};
            });
        }
        if (key == "image") {
            return forEachField(v, [&](std::string_view k, od::value &i) -> Status {
                if (k == "id") {
                    haveImageId = false;
                    if (consumeNull(i))
                        return {};
                    QString ignored;
                    if (i.get_uint64().get(imageNumericId))
                        return readNumericId(i, ignored); // reports the wrong type
                    haveImageId = true;
                    return {};
                }
                if (k == "slug")
                    return readView(i, imageSlug);
                if (k == "name")
                    return readView(i, imageName);
                if (k == "distribution")
                    return readView(i, imageDistribution);
                return {};
            });
        }
        if (key == "size") {
            return forEachField(v, [&](std::string_view k, od::value &z) -> Status {
                if (k == "slug")
                    return readView(z, embeddedSizeSlug);
                if (k == "description")
                    return readView(z, sizeDescription);
                if (k == "vcpus")
                    return readInt(z, sizeVcpus);
                if (k == "memory")
                    return readInt(z, sizeMemory);
                if (k == "disk")
                    return readInt(z, sizeDisk);
                if (k == "price_monthly")
                    return readDouble(z, m.priceMonthly);
                if (k == "price_hourly")
                    return readDouble(z, m.priceHourly);
                return {};
            });
        }
        return {};
    });
    if (s)
        return s;
    if (!haveId)
        return missing("id");

    m.kind = MachineKind::Vm;
    m.providerState = m_status.get(status);
    m.state = stateFromStatus(m.providerState);
    m.publicIps = std::move(public4);
    m.publicIps.append(public6);
    m.privateIps = std::move(private4);
    m.privateIps.append(private6);
    m.sizeId = m_sizeId.get(sizeSlug.empty() ? embeddedSizeSlug : sizeSlug);
    m.location = m_location.get(regionSlug);
    m.locationName = m_locationName.get(regionName);
    m.networkId = m_network.get(vpc);
    if (m.vcpus == 0)
        m.vcpus = sizeVcpus;
    if (m.memoryMb == 0)
        m.memoryMb = sizeMemory;
    if (m.diskGb == 0)
        m.diskGb = sizeDisk;

    const int labelVcpus = sizeVcpus ? sizeVcpus : m.vcpus;
    const int labelMemory = sizeMemory ? sizeMemory : m.memoryMb;
    m_key.assign(sizeDescription);
    m_key += '|';
    m_key += std::to_string(labelVcpus);
    m_key += '|';
    m_key += std::to_string(labelMemory);
    if (!m_sizeName.m_set || m_key != m_sizeName.m_text) {
        m_sizeName.m_text = m_key;
        m_sizeName.m_value = sizeLabel(toQString(sizeDescription), labelVcpus, labelMemory);
        m_sizeName.m_set = true;
    }
    m.sizeName = m_sizeName.m_value;

    if (haveImageId) {
        char digits[24];
        const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, imageNumericId);
        m.imageId = m_imageId.get(std::string_view(digits, std::size_t(end - digits)));
    } else {
        m.imageId = m_imageId.get(imageSlug);
    }
    m_key.assign(imageDistribution);
    m_key += '|';
    m_key += imageName;
    if (!m_imageName.m_set || m_key != m_imageName.m_text) {
        m_imageName.m_text = m_key;
        m_imageName.m_value = imageLabel(toQString(imageDistribution), toQString(imageName));
        m_imageName.m_set = true;
    }
    m.imageName = m_imageName.m_value;
    return {};
}

Status readSize(od::value &value, Size &size)
{
    bool haveSlug = false;
    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "slug") {
            haveSlug = true;
            return readString(v, size.id);
        }
        if (key == "description")
            return readString(v, size.name);
        if (key == "vcpus")
            return readInt(v, size.vcpus);
        if (key == "memory")
            return readInt(v, size.memoryMb);
        if (key == "disk")
            return readInt(v, size.diskGb);
        if (key == "transfer")
            return readDouble(v, size.transferTb);
        if (key == "price_monthly")
            return readDouble(v, size.priceMonthly);
        if (key == "price_hourly")
            return readDouble(v, size.priceHourly);
        if (key == "regions")
            return readStringList(v, size.locations);
        if (key == "available")
            return readBool(v, size.available);
        return {};
    });
    if (s)
        return s;
    return haveSlug ? Status{} : missing("slug");
}

Status readRegion(od::value &value, Location &location)
{
    bool haveSlug = false;
    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "slug") {
            haveSlug = true;
            return readString(v, location.id);
        }
        if (key == "name")
            return readString(v, location.name);
        if (key == "available")
            return readBool(v, location.available);
        if (key == "features")
            return readStringList(v, location.features);
        if (key == "sizes")
            return readStringList(v, location.sizeIds);
        return {};
    });
    if (s)
        return s;
    return haveSlug ? Status{} : missing("slug");
}

Status readImage(od::value &value, Image &image)
{
    bool haveId = false;
    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "id") {
            haveId = true;
            return readNumericId(v, image.id);
        }
        if (key == "slug")
            return readString(v, image.slug);
        if (key == "name")
            return readString(v, image.name);
        if (key == "distribution")
            return readString(v, image.distribution);
        if (key == "type")
            return readString(v, image.type);
        if (key == "public")
            return readBool(v, image.isPublic);
        if (key == "regions")
            return readStringList(v, image.locations);
        if (key == "min_disk_size")
            return readInt(v, image.minDiskGb);
        if (key == "size_gigabytes")
            return readDouble(v, image.sizeGb);
        if (key == "status")
            return readString(v, image.status);
        if (key == "created_at")
            return readDateTime(v, image.created);
        if (key == "description")
            return readString(v, image.description);
        return {};
    });
    if (s)
        return s;
    return haveId ? Status{} : missing("id");
}

// A region is an object in most answers and a bare slug in some (actions, VPCs).
Status readRegionSlug(od::value &value, QString &slug)
{
    std::string_view text;
    if (!value.get_string().get(text)) {
        slug = toQString(text);
        return {};
    }
    return forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "slug")
            return readString(v, slug);
        return {};
    });
}

Status readVolume(od::value &value, Volume &volume)
{
    bool haveId = false;
    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "id") {
            haveId = true;
            return readString(v, volume.id);
        }
        if (key == "name")
            return readString(v, volume.name);
        if (key == "region")
            return readRegionSlug(v, volume.location);
        if (key == "size_gigabytes")
            return readInt(v, volume.sizeGb);
        if (key == "description")
            return readString(v, volume.description);
        if (key == "droplet_ids")
            return readNumericIdList(v, volume.machineIds);
        if (key == "filesystem_type")
            return readString(v, volume.filesystemType);
        if (key == "filesystem_label")
            return readString(v, volume.filesystemLabel);
        if (key == "created_at")
            return readDateTime(v, volume.created);
        if (key == "tags")
            return readTags(v, volume.tags);
        return {};
    });
    if (s)
        return s;
    if (!haveId || volume.id.isEmpty())
        return missing("id");
    return {};
}

Status readKey(od::value &value, SshKey &key)
{
    bool haveId = false;
    Status s = forEachField(value, [&](std::string_view k, od::value &v) -> Status {
        if (k == "id") {
            haveId = true;
            return readNumericId(v, key.id);
        }
        if (k == "name")
            return readString(v, key.name);
        if (k == "fingerprint")
            return readString(v, key.fingerprint);
        if (k == "public_key")
            return readString(v, key.publicKey);
        return {};
    });
    if (s)
        return s;
    return haveId ? Status{} : missing("id");
}

Status readVpc(od::value &value, Network &network)
{
    bool haveId = false;
    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "id") {
            haveId = true;
            return readString(v, network.id);
        }
        if (key == "name")
            return readString(v, network.name);
        if (key == "region")
            return readRegionSlug(v, network.location);
        if (key == "ip_range")
            return readString(v, network.ipRange);
        if (key == "description")
            return readString(v, network.description);
        if (key == "default")
            return readBool(v, network.isDefault);
        if (key == "created_at")
            return readDateTime(v, network.created);
        return {};
    });
    if (s)
        return s;
    if (!haveId || network.id.isEmpty())
        return missing("id");
    return {};
}

Status readTagName(od::value &value, QString &name)
{
    bool haveName = false;
    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "name") {
            haveName = true;
            return readString(v, name);
        }
        return {};
    });
    if (s)
        return s;
    return haveName ? Status{} : missing("name");
}

Status readAction(od::value &value, ProviderAction &action)
{
    bool haveId = false;
    QString regionSlug, region;
    Status s = forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "id") {
            haveId = true;
            return readNumericId(v, action.id);
        }
        if (key == "type")
            return readString(v, action.type);
        if (key == "status") {
            QString status;
            if (Status r = readString(v, status))
                return r;
            if (status == QLatin1StringView("completed"))
                action.status = ProviderAction::Status::Completed;
            else if (status == QLatin1StringView("errored"))
                action.status = ProviderAction::Status::Errored;
            else
                action.status = ProviderAction::Status::InProgress;
            return {};
        }
        if (key == "resource_id")
            return readOptionalNumericId(v, action.resourceId);
        if (key == "resource_type")
            return readString(v, action.resourceType);
        if (key == "started_at")
            return readDateTime(v, action.startedAt);
        if (key == "completed_at")
            return readDateTime(v, action.completedAt);
        if (key == "region_slug")
            return readString(v, regionSlug);
        if (key == "region")
            return readRegionSlug(v, region);
        return {};
    });
    if (s)
        return s;
    if (!haveId)
        return missing("id");
    action.location = regionSlug.isEmpty() ? region : regionSlug;
    return {};
}

Status readAccount(od::value &value, AccountInfo &account)
{
    return forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "uuid")
            return readString(v, account.uuid);
        if (key == "email")
            return readString(v, account.email);
        if (key == "status")
            return readString(v, account.status);
        if (key == "droplet_limit")
            return readInt(v, account.dropletLimit);
        return {};
    });
}

// "links": {"pages": {"next": "..."}} and "meta": {"total": n}.
Status readLinksNext(od::value &value, QString &nextUrl)
{
    return forEachField(value, [&](std::string_view key, od::value &pages) -> Status {
        if (key != "pages")
            return {};
        return forEachField(pages, [&](std::string_view k, od::value &v) -> Status {
            if (k == "next")
                return readString(v, nextUrl);
            return {};
        });
    });
}

Status readMetaTotal(od::value &value, qint64 &total)
{
    return forEachField(value, [&](std::string_view key, od::value &v) -> Status {
        if (key == "total")
            return readInt(v, total);
        return {};
    });
}

// --- documents -------------------------------------------------------------------------------

Error toError(const Failure &f)
{
    const std::string text = f.path.empty() ? f.what : f.path + ": " + f.what;
    Error error;
    error.kind = ErrorKind::Parse;
    error.message = QString::fromStdString(text);
    return error;
}

using json::paddedCopy;
using json::threadParser;

// Copies the body once into a padded buffer and walks the top-level object's fields.
template<typename Fn>
Status walkRoot(QByteArrayView body, Fn &&fn)
{
    if (body.trimmed().isEmpty())
        return failure("the answer is empty");
    od::parser &parser = threadParser();
    od::document doc;
    if (auto code = parser.iterate(paddedCopy(body)).get(doc))
        return codeFailure(code);
    od::object root;
    if (auto code = doc.get_object().get(root)) {
        if (code == simdjson::INCORRECT_TYPE)
            return failure("the answer is not a JSON object");
        return codeFailure(code);
    }
    if (Status s = forEachFieldOf(root, std::forward<Fn>(fn)))
        return s;
    // On-Demand stops at the root's closing brace; anything after it is not one JSON document.
    const char *rest = nullptr;
    if (!doc.current_location().get(rest))
        return failure("unexpected text after the JSON object");
    return {};
}

template<typename T, typename ItemFn>
Result<Page<T>> parsePage(QByteArrayView body, std::string_view listKey, ItemFn itemFn)
{
    Page<T> page;
    bool haveList = false;
    Status s = walkRoot(body, [&](std::string_view key, od::value &v) -> Status {
        if (key == listKey) {
            haveList = true;
            page.items.clear();
            od::array array;
            if (auto code = v.get_array().get(array))
                return typeFailure(code, "an array");
            std::size_t index = 0;
            for (auto result : array) {
                od::value item;
                Status r;
                T record;
                if (auto code = result.get(item))
                    r = codeFailure(code);
                else
                    r = itemFn(item, record);
                if (r) {
                    prefix(*r, "[" + std::to_string(index) + "]");
                    return r;
                }
                page.items.append(std::move(record));
                ++index;
            }
            return {};
        }
        if (key == "meta")
            return readMetaTotal(v, page.total);
        if (key == "links")
            return readLinksNext(v, page.nextUrl);
        return {};
    });
    if (!s && !haveList)
        s = Failure{std::string(listKey), "missing"};
    if (s)
        return nephele::Unexpected(toError(*s));
    return page;
}

// A body with one wrapped record: {"droplet": {...}}.
template<typename T, typename ItemFn>
Result<T> parseSingle(QByteArrayView body, std::string_view wrapperKey, ItemFn itemFn)
{
    T record;
    bool have = false;
    Status s = walkRoot(body, [&](std::string_view key, od::value &v) -> Status {
        if (key != wrapperKey)
            return {};
        have = true;
        record = T{};
        if (Status r = expectType(v, od::json_type::object, "an object"))
            return r;
        return itemFn(v, record);
    });
    if (!s && !have)
        s = Failure{std::string(wrapperKey), "missing"};
    if (s)
        return nephele::Unexpected(toError(*s));
    return record;
}

} // namespace

MachineState stateFromStatus(QStringView status)
{
    if (status == u"active")
        return MachineState::Running;
    if (status == u"new")
        return MachineState::Pending;
    if (status == u"off")
        return MachineState::Stopped;
    if (status == u"archive")
        return MachineState::Terminated;
    return MachineState::Unknown;
}

Result<Page<Machine>> parseDropletList(QByteArrayView body)
{
    return parsePage<Machine>(body, "droplets", MachineReader());
}

Result<Machine> parseDroplet(QByteArrayView body)
{
    return parseSingle<Machine>(body, "droplet", MachineReader());
}

Result<CreateResponse> parseDropletCreate(QByteArrayView body)
{
    CreateResponse response;
    MachineReader readMachine;
    bool haveDroplets = false;
    Status s = walkRoot(body, [&](std::string_view key, od::value &v) -> Status {
        if (key == "droplet") {
            haveDroplets = true;
            Machine m;
            if (Status r = expectType(v, od::json_type::object, "an object"))
                return r;
            if (Status r = readMachine(v, m))
                return r;
            response.machines.append(std::move(m));
            return {};
        }
        if (key == "droplets") {
            haveDroplets = true;
            if (Status r = expectType(v, od::json_type::array, "an array"))
                return r;
            return forEachElement(v, [&](od::value &item) -> Status {
                Machine m;
                if (Status r = readMachine(item, m))
                    return r;
                response.machines.append(std::move(m));
                return {};
            });
        }
        if (key == "links") {
            return forEachField(v, [&](std::string_view k, od::value &actions) -> Status {
                if (k != "actions")
                    return {};
                return forEachElement(actions, [&](od::value &item) -> Status {
                    QString id;
                    bool haveId = false;
                    Status r = forEachField(item, [&](std::string_view f, od::value &x) -> Status {
                        if (f != "id")
                            return {};
                        haveId = true;
                        return readNumericId(x, id);
                    });
                    if (r)
                        return r;
                    if (!haveId)
                        return missing("id");
                    response.actionIds.append(id);
                    return {};
                });
            });
        }
        return {};
    });
    if (!s && !haveDroplets)
        s = Failure{"droplet", "missing"};
    if (s)
        return nephele::Unexpected(toError(*s));
    return response;
}

Result<Page<Size>> parseSizeList(QByteArrayView body)
{
    return parsePage<Size>(body, "sizes", readSize);
}

Result<Page<Location>> parseRegionList(QByteArrayView body)
{
    return parsePage<Location>(body, "regions", readRegion);
}

Result<Page<Image>> parseImageList(QByteArrayView body)
{
    return parsePage<Image>(body, "images", readImage);
}

Result<Page<Volume>> parseVolumeList(QByteArrayView body)
{
    return parsePage<Volume>(body, "volumes", readVolume);
}

Result<Volume> parseVolume(QByteArrayView body)
{
    return parseSingle<Volume>(body, "volume", readVolume);
}

Result<Page<SshKey>> parseKeyList(QByteArrayView body)
{
    return parsePage<SshKey>(body, "ssh_keys", readKey);
}

Result<Page<Network>> parseVpcList(QByteArrayView body)
{
    return parsePage<Network>(body, "vpcs", readVpc);
}

Result<Page<QString>> parseTagList(QByteArrayView body)
{
    return parsePage<QString>(body, "tags", readTagName);
}

Result<ProviderAction> parseAction(QByteArrayView body)
{
    return parseSingle<ProviderAction>(body, "action", readAction);
}

Result<Page<ProviderAction>> parseActionList(QByteArrayView body)
{
    return parsePage<ProviderAction>(body, "actions", readAction);
}

Result<AccountInfo> parseAccount(QByteArrayView body)
{
    return parseSingle<AccountInfo>(body, "account", readAccount);
}

Error parseError(int httpStatus, QByteArrayView body)
{
    Error error;
    error.httpStatus = httpStatus;
    switch (httpStatus) {
    case 400: error.kind = ErrorKind::Invalid; break;
    case 401: error.kind = ErrorKind::Auth; break;
    case 403: error.kind = ErrorKind::Forbidden; break;
    case 404: error.kind = ErrorKind::NotFound; break;
    case 409:
    case 422: error.kind = ErrorKind::Conflict; break;
    case 429: error.kind = ErrorKind::RateLimited; break;
    default: error.kind = (httpStatus >= 500 && httpStatus <= 599) ? ErrorKind::Server : ErrorKind::Invalid; break;
    }

    // Read what can be read; a wrong type in an error body is ignored rather than reported.
    const Status s = walkRoot(body, [&](std::string_view key, od::value &v) -> Status {
        std::string_view text;
        if (v.get_string().get(text))
            return {};
        if (key == "message")
            error.message = toQString(text).trimmed();
        else if (key == "id")
            error.providerCode = toQString(text);
        else if (key == "request_id")
            error.requestId = toQString(text);
        return {};
    });

    if (error.message.isEmpty()) {
        const QString status = QString::number(httpStatus);
        if (body.trimmed().isEmpty())
            error.message = QLatin1StringView("HTTP ") + status + QLatin1StringView(" with an empty answer");
        else if (s && error.providerCode.isEmpty())
            error.message = QLatin1StringView("HTTP ") + status + QLatin1StringView(" with a non-JSON answer");
        else if (!error.providerCode.isEmpty())
            error.message =
                QLatin1StringView("HTTP ") + status + QLatin1StringView(" (") + error.providerCode + QLatin1Char(')');
        else
            error.message = QLatin1StringView("HTTP ") + status + QLatin1StringView(" without an error message");
    }
    return error;
}

} // namespace nephele::drivers::digitalocean
