#include "kubernetesparse.h"

#include "core/simdjsonbuffer.h"

#include <simdjson.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace nephele::drivers::kubernetes {

namespace {

namespace od = simdjson::ondemand;

// A wrong shape, with the path of the field that had it ("items[3].metadata.name").
struct ShapeError {
    std::string path;
    std::string what;
};

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QDateTime timestamp(std::string_view s)
{
    QDateTime t = QDateTime::fromString(text(s), Qt::ISODate);
    if (t.isValid())
        t = t.toUTC();
    return t;
}

std::string_view stringOf(od::value v, const char *path)
{
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS)
        throw ShapeError{path, "should be a string"};
    return s;
}

// A string that may be null.
std::string_view optionalString(od::value v, const char *path)
{
    if (v.is_null())
        return {};
    return stringOf(v, path);
}

od::object objectOf(od::value v, const char *path)
{
    od::object o;
    if (v.get_object().get(o) != simdjson::SUCCESS)
        throw ShapeError{path, "should be an object"};
    return o;
}

od::array arrayOf(od::value v, const char *path)
{
    od::array a;
    if (v.get_array().get(a) != simdjson::SUCCESS)
        throw ShapeError{path, "should be an array"};
    return a;
}

template<typename Fn>
void forEachField(od::object object, Fn &&fn)
{
    for (auto field : object) {
        std::string_view key = field.unescaped_key();
        fn(key, field.value().value());
    }
}

template<typename Fn>
void forEachItem(od::array array, Fn &&fn)
{
    for (auto item : array)
        fn(item.value());
}

// "4", "500m", "16Gi", "8047136Ki" -> numbers the records hold.
int cpuCount(std::string_view q)
{
    if (q.ends_with('m'))
        return int(std::strtol(std::string(q.substr(0, q.size() - 1)).c_str(), nullptr, 10) / 1000);
    return int(std::strtol(std::string(q).c_str(), nullptr, 10));
}

int memoryMb(std::string_view q)
{
    struct Unit {
        std::string_view suffix;
        double toMb;
    };
    static constexpr Unit units[] = {
        {"Ki", 1.0 / 1024},   {"Mi", 1},           {"Gi", 1024}, {"Ti", 1024.0 * 1024}, {"k", 1e3 / 1048576},
        {"M", 1e6 / 1048576}, {"G", 1e9 / 1048576}};
    const std::string s(q);
    char *end = nullptr;
    const double n = std::strtod(s.c_str(), &end);
    const std::string_view rest(end);
    for (const Unit &u : units) {
        if (rest == u.suffix)
            return int(n * u.toMb);
    }
    return int(n / 1048576);
}

struct ObjectMeta {
    QString name, ns, uid, resourceVersion;
    QDateTime created;
    bool deleting = false;
};

ObjectMeta readMeta(od::value v)
{
    ObjectMeta m;
    forEachField(objectOf(v, "metadata"), [&](std::string_view key, od::value f) {
        if (key == "name")
            m.name = text(stringOf(f, "metadata.name"));
        else if (key == "namespace")
            m.ns = text(stringOf(f, "metadata.namespace"));
        else if (key == "uid")
            m.uid = text(stringOf(f, "metadata.uid"));
        else if (key == "resourceVersion")
            m.resourceVersion = text(stringOf(f, "metadata.resourceVersion"));
        else if (key == "creationTimestamp")
            m.created = timestamp(optionalString(f, "metadata.creationTimestamp"));
        else if (key == "deletionTimestamp")
            m.deleting = !f.is_null();
        // managedFields, annotations, labels, ownerReferences: skipped unread.
    });
    if (m.name.isEmpty())
        throw ShapeError{"metadata.name", "missing"};
    return m;
}

QList<Machine> readNode(od::value v, QString *resourceVersion)
{
    Machine node;
    node.kind = MachineKind::Node;
    bool unschedulable = false;
    QString ready;
    forEachField(objectOf(v, "node"), [&](std::string_view key, od::value f) {
        if (key == "metadata") {
            const ObjectMeta m = readMeta(f);
            node.id = m.name;
            node.name = m.name;
            node.created = m.created;
            *resourceVersion = m.resourceVersion;
        } else if (key == "spec") {
            forEachField(objectOf(f, "spec"), [&](std::string_view k, od::value s) {
                if (k == "unschedulable")
                    unschedulable = s.get_bool().value_unsafe();
            });
        } else if (key == "status") {
            forEachField(objectOf(f, "status"), [&](std::string_view k, od::value s) {
                if (k == "capacity") {
                    forEachField(objectOf(s, "status.capacity"), [&](std::string_view r, od::value q) {
                        if (r == "cpu")
                            node.vcpus = cpuCount(stringOf(q, "status.capacity.cpu"));
                        else if (r == "memory")
                            node.memoryMb = memoryMb(stringOf(q, "status.capacity.memory"));
                    });
                } else if (k == "conditions") {
                    forEachItem(arrayOf(s, "status.conditions"), [&](od::value c) {
                        QString type, status;
                        forEachField(objectOf(c, "status.conditions[]"), [&](std::string_view ck, od::value cv) {
                            if (ck == "type")
                                type = text(stringOf(cv, "status.conditions[].type"));
                            else if (ck == "status")
                                status = text(stringOf(cv, "status.conditions[].status"));
                        });
                        if (type == u"Ready")
                            ready = status;
                    });
                } else if (k == "addresses") {
                    forEachItem(arrayOf(s, "status.addresses"), [&](od::value a) {
                        QString type, address;
                        forEachField(objectOf(a, "status.addresses[]"), [&](std::string_view ak, od::value av) {
                            if (ak == "type")
                                type = text(stringOf(av, "status.addresses[].type"));
                            else if (ak == "address")
                                address = text(stringOf(av, "status.addresses[].address"));
                        });
                        if (type == u"InternalIP" && !node.privateIps.contains(address))
                            node.privateIps.append(address);
                        else if (type == u"ExternalIP" && !node.publicIps.contains(address))
                            node.publicIps.append(address);
                    });
                } else if (k == "nodeInfo") {
                    forEachField(objectOf(s, "status.nodeInfo"), [&](std::string_view nk, od::value nv) {
                        if (nk == "osImage")
                            node.imageName = text(stringOf(nv, "status.nodeInfo.osImage"));
                        else if (nk == "kubeletVersion")
                            node.sizeName = text(stringOf(nv, "status.nodeInfo.kubeletVersion"));
                    });
                }
            });
        }
    });
    if (node.id.isEmpty())
        throw ShapeError{"metadata", "missing"};
    if (ready == u"True") {
        node.state = MachineState::Running;
        node.providerState = QStringLiteral("Ready");
    } else if (ready == u"False") {
        node.state = MachineState::Error;
        node.providerState = QStringLiteral("NotReady");
    } else {
        node.state = MachineState::Unknown;
        node.providerState = QStringLiteral("Unknown");
    }
    if (unschedulable) {
        node.providerState += QStringLiteral(",SchedulingDisabled");
        node.features.append(QStringLiteral("cordoned"));
    }
    return {node};
}

struct ContainerSpec {
    QString name, image;
    bool haveStatus = false;
    QString stateWord; // running, waiting, terminated
    QString reason;
    int restarts = 0;
    bool ready = false;
};

void readContainerState(od::value v, ContainerSpec &c)
{
    forEachField(objectOf(v, "state"), [&](std::string_view key, od::value s) {
        if (s.is_null())
            return;
        c.stateWord = text(key);
        forEachField(objectOf(s, "state"), [&](std::string_view k, od::value r) {
            if (k == "reason")
                c.reason = text(stringOf(r, "state.reason"));
        });
    });
}

ContainerSpec &containerNamed(std::vector<ContainerSpec> &list, const QString &name)
{
    for (ContainerSpec &c : list) {
        if (c.name == name)
            return c;
    }
    list.push_back(ContainerSpec{name, {}, false, {}, {}, 0, false});
    return list.back();
}

QList<Machine> readPod(od::value v, QString *resourceVersion)
{
    Machine pod;
    pod.kind = MachineKind::Pod;
    ObjectMeta meta;
    QString phase;
    std::vector<ContainerSpec> containers;
    forEachField(objectOf(v, "pod"), [&](std::string_view key, od::value f) {
        if (key == "metadata") {
            meta = readMeta(f);
        } else if (key == "spec") {
            forEachField(objectOf(f, "spec"), [&](std::string_view k, od::value s) {
                if (k == "nodeName") {
                    pod.parentId = text(optionalString(s, "spec.nodeName"));
                } else if (k == "containers") {
                    forEachItem(arrayOf(s, "spec.containers"), [&](od::value c) {
                        QString name, image;
                        forEachField(objectOf(c, "spec.containers[]"), [&](std::string_view ck, od::value cv) {
                            if (ck == "name")
                                name = text(stringOf(cv, "spec.containers[].name"));
                            else if (ck == "image")
                                image = text(optionalString(cv, "spec.containers[].image"));
                        });
                        if (name.isEmpty())
                            throw ShapeError{"spec.containers[].name", "missing"};
                        containerNamed(containers, name).image = image;
                    });
                }
            });
        } else if (key == "status") {
            forEachField(objectOf(f, "status"), [&](std::string_view k, od::value s) {
                if (k == "phase") {
                    phase = text(stringOf(s, "status.phase"));
                } else if (k == "podIP") {
                    const QString ip = text(optionalString(s, "status.podIP"));
                    if (!ip.isEmpty())
                        pod.privateIps.append(ip);
                } else if (k == "containerStatuses") {
                    forEachItem(arrayOf(s, "status.containerStatuses"), [&](od::value c) {
                        ContainerSpec status;
                        QString image;
                        forEachField(objectOf(c, "status.containerStatuses[]"), [&](std::string_view ck, od::value cv) {
                            if (ck == "name") {
                                status.name = text(stringOf(cv, "status.containerStatuses[].name"));
                            } else if (ck == "image") {
                                image = text(stringOf(cv, "status.containerStatuses[].image"));
                            } else if (ck == "restartCount") {
                                std::int64_t n = 0;
                                if (cv.get_int64().get(n) != simdjson::SUCCESS)
                                    throw ShapeError{"status.containerStatuses[].restartCount", "should be an integer"};
                                status.restarts = int(n);
                            } else if (ck == "ready") {
                                bool b = false;
                                if (cv.get_bool().get(b) != simdjson::SUCCESS)
                                    throw ShapeError{"status.containerStatuses[].ready", "should be a boolean"};
                                status.ready = b;
                            } else if (ck == "state") {
                                readContainerState(cv, status);
                            }
                        });
                        if (status.name.isEmpty())
                            throw ShapeError{"status.containerStatuses[].name", "missing"};
                        ContainerSpec &target = containerNamed(containers, status.name);
                        if (target.image.isEmpty())
                            target.image = image;
                        target.haveStatus = true;
                        target.stateWord = status.stateWord;
                        target.reason = status.reason;
                        target.restarts = status.restarts;
                        target.ready = status.ready;
                    });
                }
            });
        }
    });
    if (meta.name.isEmpty())
        throw ShapeError{"metadata", "missing"};
    *resourceVersion = meta.resourceVersion;
    pod.id = meta.ns + u'/' + meta.name;
    pod.name = meta.name;
    pod.created = meta.created;
    pod.state = stateFromPhase(phase);
    pod.providerState = meta.deleting ? QStringLiteral("Terminating") : phase;
    pod.location = meta.ns;
    pod.tags.append(Tag{QStringLiteral("namespace"), meta.ns});
    int podRestarts = 0;
    int podReady = 0;
    QList<Machine> out{pod};
    for (const ContainerSpec &c : containers) {
        Machine m;
        m.kind = MachineKind::Container;
        m.id = pod.id + u'/' + c.name;
        m.name = c.name;
        m.parentId = pod.id;
        m.imageId = c.image;
        m.imageName = c.image;
        m.location = meta.ns;
        m.created = meta.created;
        podRestarts += c.restarts;
        if (!c.haveStatus || c.stateWord.isEmpty()) {
            m.state = MachineState::Pending;
            m.providerState = QStringLiteral("Waiting");
        } else if (c.stateWord == u"running") {
            m.state = MachineState::Running;
            m.providerState = QStringLiteral("Running");
        } else if (c.stateWord == u"waiting") {
            const bool failing = c.reason.contains(QLatin1String("BackOff")) || c.reason.contains(QLatin1String("Err"));
            m.state = failing ? MachineState::Error : MachineState::Pending;
            m.providerState = c.reason.isEmpty() ? QStringLiteral("Waiting") : c.reason;
        } else if (c.stateWord == u"terminated") {
            m.state = c.reason == u"Completed" ? MachineState::Stopped : MachineState::Error;
            m.providerState = c.reason.isEmpty() ? QStringLiteral("Terminated") : c.reason;
        } else {
            m.providerState = c.stateWord;
        }
        m.tags.append(Tag{QStringLiteral("namespace"), meta.ns});
        m.tags.append(Tag{QStringLiteral("restarts"), QString::number(c.restarts)});
        if (c.ready) {
            m.features.append(QStringLiteral("ready"));
            ++podReady;
        }
        out.append(std::move(m));
    }
    out.first().tags.append(Tag{QStringLiteral("restarts"), QString::number(podRestarts)});
    // kubectl's READY column: containers ready of all the pod's containers.
    out.first().tags.append(Tag{QStringLiteral("ready"), QStringLiteral("%1/%2").arg(podReady).arg(containers.size())});
    return out;
}

using json::paddedCopy;
using json::threadParser;

Error parseFailure(const std::string &message)
{
    Error e;
    e.kind = ErrorKind::Parse;
    e.message = QString::fromStdString(message);
    return e;
}

// Runs `fn` on the document's root object, turning every failure into a Parse error.
template<typename T, typename Fn>
Result<T> withRoot(QByteArrayView body, Fn &&fn)
{
    if (body.trimmed().isEmpty())
        return nephele::Unexpected(parseFailure("the answer is empty"));
    try {
        od::document doc = threadParser().iterate(paddedCopy(body));
        od::value root;
        od::json_type type = od::json_type::null;
        if (doc.get_value().get(root) != simdjson::SUCCESS || root.type().get(type) != simdjson::SUCCESS ||
            type != od::json_type::object)
            return nephele::Unexpected(parseFailure("the answer is not a JSON object"));
        T value = fn(root);
        // On-Demand stops at the root's closing brace; anything after it is not one JSON document.
        const char *rest = nullptr;
        if (!doc.current_location().get(rest))
            return nephele::Unexpected(parseFailure("unexpected text after the JSON object"));
        return value;
    } catch (const ShapeError &e) {
        return nephele::Unexpected(parseFailure(e.path + ": " + e.what));
    } catch (const simdjson::simdjson_error &e) {
        return nephele::Unexpected(parseFailure(std::string("not valid JSON (") + e.what() + ")"));
    }
}

template<typename Reader>
Result<ListPage> parseList(QByteArrayView body, std::string_view kind, Reader reader)
{
    return withRoot<ListPage>(body, [&](od::value rootValue) {
        od::object root = objectOf(rootValue, "list");
        ListPage page;
        bool haveItems = false;
        forEachField(root, [&](std::string_view key, od::value v) {
            if (key == "kind") {
                const std::string_view k = stringOf(v, "kind");
                if (k != kind)
                    throw ShapeError{"kind", "is \"" + std::string(k) + "\", expected \"" + std::string(kind) + "\""};
            } else if (key == "metadata") {
                forEachField(objectOf(v, "metadata"), [&](std::string_view k, od::value m) {
                    if (k == "resourceVersion")
                        page.resourceVersion = text(stringOf(m, "metadata.resourceVersion"));
                    else if (k == "continue")
                        page.continueToken = text(optionalString(m, "metadata.continue"));
                });
            } else if (key == "items") {
                haveItems = true;
                if (v.is_null())
                    return;
                int index = 0;
                forEachItem(arrayOf(v, "items"), [&](od::value item) {
                    QString rv;
                    try {
                        page.machines.append(reader(item, &rv));
                    } catch (ShapeError &e) {
                        e.path = "items[" + std::to_string(index) + "]." + e.path;
                        throw;
                    }
                    ++index;
                });
                page.items = index;
            }
        });
        if (!haveItems)
            throw ShapeError{"items", "missing"};
        return page;
    });
}

} // namespace

MachineState stateFromPhase(QStringView phase)
{
    if (phase == u"Running")
        return MachineState::Running;
    if (phase == u"Pending")
        return MachineState::Pending;
    if (phase == u"Succeeded")
        return MachineState::Stopped;
    if (phase == u"Failed")
        return MachineState::Error;
    return MachineState::Unknown;
}

Result<ListPage> parseNodeList(QByteArrayView body)
{
    return parseList(body, "NodeList", &readNode);
}

Result<ListPage> parsePodList(QByteArrayView body)
{
    return parseList(body, "PodList", &readPod);
}

Result<QList<Machine>> parseNode(QByteArrayView body)
{
    QString rv;
    return withRoot<QList<Machine>>(body, [&](od::value root) { return readNode(root, &rv); });
}

Result<QList<Machine>> parsePod(QByteArrayView body)
{
    QString rv;
    return withRoot<QList<Machine>>(body, [&](od::value root) { return readPod(root, &rv); });
}

Result<WatchEvent> parseWatchEvent(QByteArrayView line, bool pods)
{
    return withRoot<WatchEvent>(line, [&](od::value rootValue) {
        od::object root = objectOf(rootValue, "event");
        WatchEvent event;
        // The apiserver writes "type" first, but any order is valid JSON: look the fields up.
        od::value typeValue;
        if (root.find_field_unordered("type").get(typeValue) != simdjson::SUCCESS)
            throw ShapeError{"type", "missing"};
        const std::string_view type = stringOf(typeValue, "type");
        if (type == "ADDED")
            event.type = WatchEvent::Type::Added;
        else if (type == "MODIFIED")
            event.type = WatchEvent::Type::Modified;
        else if (type == "DELETED")
            event.type = WatchEvent::Type::Deleted;
        else if (type == "BOOKMARK")
            event.type = WatchEvent::Type::Bookmark;
        else if (type == "ERROR")
            event.type = WatchEvent::Type::Error;
        else
            throw ShapeError{"type", "unknown event type \"" + std::string(type) + "\""};
        od::value v;
        if (root.find_field_unordered("object").get(v) != simdjson::SUCCESS)
            throw ShapeError{"object", "missing"};
        if (event.type == WatchEvent::Type::Error) {
            forEachField(objectOf(v, "object"), [&](std::string_view k, od::value s) {
                if (k == "code")
                    event.errorCode = int(s.get_int64().value());
                else if (k == "message")
                    event.errorMessage = text(stringOf(s, "object.message"));
            });
        } else if (event.type == WatchEvent::Type::Bookmark) {
            forEachField(objectOf(v, "object"), [&](std::string_view k, od::value s) {
                if (k == "metadata") {
                    forEachField(objectOf(s, "object.metadata"), [&](std::string_view mk, od::value mv) {
                        if (mk == "resourceVersion")
                            event.resourceVersion = text(stringOf(mv, "object.metadata.resourceVersion"));
                    });
                }
            });
        } else {
            event.machines = pods ? readPod(v, &event.resourceVersion) : readNode(v, &event.resourceVersion);
        }
        // Walk to the closing brace so that the check for trailing text sees the true end.
        if (root.reset().error() != simdjson::SUCCESS)
            throw ShapeError{"event", "cannot be read again"};
        for (auto field : root) {
            if (field.error() != simdjson::SUCCESS)
                throw ShapeError{"event", "malformed"};
        }
        return event;
    });
}

Error parseStatus(int httpStatus, QByteArrayView body)
{
    Error e;
    e.httpStatus = httpStatus;
    switch (httpStatus) {
    case 401: e.kind = ErrorKind::Auth; break;
    case 403: e.kind = ErrorKind::Forbidden; break;
    case 404: e.kind = ErrorKind::NotFound; break;
    case 409:
    case 410:
    case 422: e.kind = ErrorKind::Conflict; break;
    case 400: e.kind = ErrorKind::Invalid; break;
    case 429: e.kind = ErrorKind::RateLimited; break;
    default: e.kind = httpStatus >= 500 ? ErrorKind::Server : ErrorKind::Network;
    }
    // Small bodies only: a QJsonDocument here is fine.
    const QJsonObject status = QJsonDocument::fromJson(body.toByteArray()).object();
    if (status.value(QLatin1String("kind")).toString() == u"Status") {
        e.message = status.value(QLatin1String("message")).toString();
        e.providerCode = status.value(QLatin1String("reason")).toString();
    }
    if (e.message.isEmpty())
        e.message = QStringLiteral("HTTP %1").arg(httpStatus);
    return e;
}

std::optional<double> parseQuantity(std::string_view quantity)
{
    struct Suffix {
        std::string_view text;
        double factor;
    };
    static constexpr Suffix suffixes[] = {{"n", 1e-9},    {"u", 1e-6},    {"m", 1e-3},    {"k", 1e3},
                                          {"M", 1e6},     {"G", 1e9},     {"T", 1e12},    {"P", 1e15},
                                          {"E", 1e18},    {"Ki", 0x1p10}, {"Mi", 0x1p20}, {"Gi", 0x1p30},
                                          {"Ti", 0x1p40}, {"Pi", 0x1p50}, {"Ei", 0x1p60}};
    if (quantity.empty() || quantity.size() > 64)
        return std::nullopt;
    const std::string s(quantity);
    char *end = nullptr;
    const double n = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || !std::isfinite(n) || n < 0)
        return std::nullopt;
    const std::string_view rest(end);
    if (rest.empty())
        return n;
    for (const Suffix &suffix : suffixes) {
        if (rest == suffix.text)
            return n * suffix.factor;
    }
    return std::nullopt;
}

namespace {

ResourceUsage readUsage(od::value usage, QString id, const char *path)
{
    ResourceUsage u{std::move(id), 0, 0};
    forEachField(objectOf(usage, path), [&](std::string_view key, od::value v) {
        if (key != "cpu" && key != "memory")
            return;
        const std::string_view q = stringOf(v, path);
        const std::optional<double> value = parseQuantity(q);
        if (!value)
            throw ShapeError{std::string(path) + "." + std::string(key),
                             "is not a quantity: \"" + std::string(q) + "\""};
        if (key == "cpu")
            u.cpuCores = *value;
        else
            u.memoryBytes = qint64(*value);
    });
    return u;
}

template<typename Reader>
Result<QList<ResourceUsage>> parseMetricsList(QByteArrayView body, std::string_view kind, Reader reader)
{
    return withRoot<QList<ResourceUsage>>(body, [&](od::value rootValue) {
        QList<ResourceUsage> out;
        bool haveItems = false;
        forEachField(objectOf(rootValue, "list"), [&](std::string_view key, od::value v) {
            if (key == "kind") {
                const std::string_view k = stringOf(v, "kind");
                if (k != kind)
                    throw ShapeError{"kind", "is \"" + std::string(k) + "\", expected \"" + std::string(kind) + "\""};
            } else if (key == "items") {
                haveItems = true;
                if (v.is_null())
                    return;
                int index = 0;
                forEachItem(arrayOf(v, "items"), [&](od::value item) {
                    try {
                        reader(item, out);
                    } catch (ShapeError &e) {
                        e.path = "items[" + std::to_string(index) + "]." + e.path;
                        throw;
                    }
                    ++index;
                });
            }
        });
        if (!haveItems)
            throw ShapeError{"items", "missing"};
        return out;
    });
}

} // namespace

Result<QList<ResourceUsage>> parseNodeMetricsList(QByteArrayView body)
{
    return parseMetricsList(body, "NodeMetricsList", [](od::value item, QList<ResourceUsage> &out) {
        QString name;
        std::optional<ResourceUsage> usage;
        forEachField(objectOf(item, "item"), [&](std::string_view key, od::value v) {
            if (key == "metadata")
                name = readMeta(v).name;
            else if (key == "usage")
                usage = readUsage(v, {}, "usage");
        });
        if (name.isEmpty())
            throw ShapeError{"metadata.name", "missing"};
        if (!usage)
            throw ShapeError{"usage", "missing"};
        usage->id = name;
        out.append(std::move(*usage));
    });
}

Result<QList<ResourceUsage>> parsePodMetricsList(QByteArrayView body)
{
    return parseMetricsList(body, "PodMetricsList", [](od::value item, QList<ResourceUsage> &out) {
        ObjectMeta meta;
        QList<std::pair<QString, ResourceUsage>> containers; // metadata may come after them
        forEachField(objectOf(item, "item"), [&](std::string_view key, od::value v) {
            if (key == "metadata") {
                meta = readMeta(v);
            } else if (key == "containers") {
                forEachItem(arrayOf(v, "containers"), [&](od::value c) {
                    QString name;
                    std::optional<ResourceUsage> usage;
                    forEachField(objectOf(c, "containers[]"), [&](std::string_view k, od::value f) {
                        if (k == "name")
                            name = text(stringOf(f, "containers[].name"));
                        else if (k == "usage")
                            usage = readUsage(f, {}, "containers[].usage");
                    });
                    if (name.isEmpty() || !usage)
                        throw ShapeError{"containers[]", "needs a name and a usage"};
                    containers.append({name, *usage});
                });
            }
        });
        if (meta.name.isEmpty() || meta.ns.isEmpty())
            throw ShapeError{"metadata", "needs a name and a namespace"};
        const QString pod = meta.ns + u'/' + meta.name;
        ResourceUsage total{pod, 0, 0};
        for (const auto &[name, usage] : containers) {
            total.cpuCores += usage.cpuCores;
            total.memoryBytes += usage.memoryBytes;
        }
        out.append(total);
        for (auto &[name, usage] : containers) {
            usage.id = pod + u'/' + name;
            out.append(usage);
        }
    });
}

} // namespace nephele::drivers::kubernetes
