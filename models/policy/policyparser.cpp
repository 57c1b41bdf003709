// parsePolicy() and loadPolicyFile(): Mist's policy JSON -> Policy, with every problem placed.
//
// nlohmann::json parses the text and reports syntax errors with a byte offset. It keeps no
// positions for values, so JsonPositions walks the (by then known valid) text once more and notes
// where each value and key starts, by JSON pointer; schema errors are placed with it.

#include "policy.h"

#include "policytext_p.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace nephele::models::policy {

namespace {

using Json = nlohmann::json;

// Deeper documents are refused before anything recurses over them. A policy is about 8 deep.
constexpr int MaxDepth = 64;
constexpr qint64 MaxFileBytes = qint64(16) * 1024 * 1024;

std::string pointerToken(std::string_view key)
{
    std::string token;
    token.reserve(key.size());
    for (const char c : key) {
        if (c == '~')
            token += "~0";
        else if (c == '/')
            token += "~1";
        else
            token += c;
    }
    return token;
}

std::string childPointer(const std::string &parent, std::string_view key)
{
    return parent + '/' + pointerToken(key);
}

std::string childPointer(const std::string &parent, std::size_t index)
{
    return parent + '/' + std::to_string(index);
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// Where each value and each object key of a JSON text starts, by JSON pointer. Only ever run on
// text nlohmann accepted, but bounds-checked throughout so that no input can make it misbehave.
class JsonPositions final
{
public:
    explicit JsonPositions(std::string_view text)
        : m_text(text)
    {
        std::size_t i = 0;
        skipSpace(i);
        value(i, std::string(), 0);
    }

    std::optional<std::size_t> valueAt(const std::string &pointer) const { return find(m_values, pointer); }
    std::optional<std::size_t> keyAt(const std::string &pointer) const { return find(m_keys, pointer); }
    // The offset of the first value nested deeper than MaxDepth, if any.
    std::optional<std::size_t> tooDeepAt() const { return m_tooDeep; }

private:
    static std::optional<std::size_t> find(const std::unordered_map<std::string, std::size_t> &map,
                                           const std::string &pointer)
    {
        const auto it = map.find(pointer);
        if (it == map.end())
            return std::nullopt;
        return it->second;
    }

    bool at(std::size_t i, char c) const { return i < m_text.size() && m_text[i] == c; }

    void skipSpace(std::size_t &i) const
    {
        while (i < m_text.size() && (m_text[i] == ' ' || m_text[i] == '\t' || m_text[i] == '\n' || m_text[i] == '\r'))
            ++i;
    }

    unsigned hex4(std::size_t i) const
    {
        unsigned v = 0;
        for (std::size_t k = i; k < i + 4 && k < m_text.size(); ++k) {
            const char c = m_text[k];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= unsigned(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= unsigned(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= unsigned(c - 'A' + 10);
        }
        return v;
    }

    // Reads the string at i (on its opening quote) and returns it decoded as UTF-8.
    std::string string(std::size_t &i) const
    {
        std::string out;
        ++i;
        while (i < m_text.size() && m_text[i] != '"') {
            if (m_text[i] != '\\') {
                out += m_text[i++];
                continue;
            }
            ++i;
            if (i >= m_text.size())
                break;
            const char e = m_text[i++];
            switch (e) {
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                char32_t cp = hex4(i);
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && at(i, '\\') && at(i + 1, 'u')) {
                    const char32_t low = hex4(i + 2);
                    if (low >= 0xDC00 && low < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i += 6;
                    }
                }
                appendUtf8(out, cp);
                break;
            }
            default: out += e; break; // '"', '\\', '/'
            }
        }
        ++i; // the closing quote
        return out;
    }

    void value(std::size_t &i, const std::string &pointer, int depth)
    {
        if (i >= m_text.size())
            return;
        m_values[pointer] = i;
        if (depth > MaxDepth && !m_tooDeep)
            m_tooDeep = i;
        const char c = m_text[i];
        if (c == '{' || c == '[') {
            const bool object = c == '{';
            const char close = object ? '}' : ']';
            ++i;
            skipSpace(i);
            std::size_t index = 0;
            while (i < m_text.size() && m_text[i] != close) {
                std::string child;
                if (object) {
                    const std::size_t keyStart = i;
                    if (!at(i, '"'))
                        return;
                    child = childPointer(pointer, string(i));
                    m_keys[child] = keyStart;
                    skipSpace(i);
                    if (!at(i, ':'))
                        return;
                    ++i;
                    skipSpace(i);
                } else {
                    child = childPointer(pointer, index++);
                }
                if (depth > MaxDepth)
                    child.clear(); // keep the maps small on hostile input; the document is refused anyway
                value(i, child, depth + 1);
                skipSpace(i);
                if (at(i, ',')) {
                    ++i;
                    skipSpace(i);
                } else if (!at(i, close)) {
                    return;
                }
            }
            ++i;
        } else if (c == '"') {
            string(i);
        } else {
            while (i < m_text.size() && std::string_view(",]} \t\r\n").find(m_text[i]) == std::string_view::npos)
                ++i;
        }
    }

    std::string_view m_text;
    std::unordered_map<std::string, std::size_t> m_values;
    std::unordered_map<std::string, std::size_t> m_keys;
    std::optional<std::size_t> m_tooDeep;
};

void placeAt(PolicyIssue &issue, std::string_view text, std::size_t byteOffset)
{
    byteOffset = std::min(byteOffset, text.size());
    const std::size_t lineStart = text.rfind('\n', byteOffset == 0 ? std::string_view::npos : byteOffset - 1);
    const std::size_t from = lineStart == std::string_view::npos ? 0 : lineStart + 1;
    issue.line = int(std::count(text.begin(), text.begin() + qsizetype(byteOffset), '\n')) + 1;
    issue.column = int(QString::fromUtf8(text.substr(from, byteOffset - from)).size()) + 1;
    issue.offset = QString::fromUtf8(text.substr(0, byteOffset)).size();
}

QString fromStd(const std::string &s)
{
    return QString::fromUtf8(s);
}

QString quoted(const QString &s)
{
    return u'"' + s + u'"';
}

// "a number", "an array", "true", ...: what was found where something else was expected.
QString describeJson(const Json &j)
{
    switch (j.type()) {
    case Json::value_t::null: return QStringLiteral("null");
    case Json::value_t::boolean: return j.get<bool>() ? QStringLiteral("true") : QStringLiteral("false");
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return PolicyText::tr("the number %1").arg(fromStd(j.dump()));
    case Json::value_t::string: return PolicyText::tr("the string %1").arg(fromStd(j.dump()));
    case Json::value_t::array: return PolicyText::tr("an array");
    case Json::value_t::object: return PolicyText::tr("an object");
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
    }
    return PolicyText::tr("something else");
}

QVariant toVariant(const Json &j)
{
    switch (j.type()) {
    case Json::value_t::boolean: return j.get<bool>();
    case Json::value_t::number_integer: return QVariant::fromValue(j.get<qint64>());
    case Json::value_t::number_unsigned: return QVariant::fromValue(j.get<quint64>());
    case Json::value_t::number_float: return j.get<double>();
    case Json::value_t::string: return fromStd(j.get<std::string>());
    case Json::value_t::array: {
        QVariantList list;
        for (const Json &item : j)
            list << toVariant(item);
        return list;
    }
    case Json::value_t::object: {
        QVariantMap map;
        for (auto it = j.begin(); it != j.end(); ++it)
            map.insert(fromStd(it.key()), toVariant(it.value()));
        return map;
    }
    case Json::value_t::null:
    case Json::value_t::binary:
    case Json::value_t::discarded: break;
    }
    return {};
}

bool isKnown(const QString &word, std::initializer_list<QStringView> known)
{
    return std::find(known.begin(), known.end(), QStringView(word)) != known.end();
}

// Mist's resource types, and the few Nephele adds.
bool isKnownRtype(const QString &rtype)
{
    return rtype.isEmpty() ||
           isKnown(rtype,
                   {u"cloud",    u"machine", u"location", u"image",  u"key",    u"script",    u"template", u"stack",
                    u"schedule", u"tunnel",  u"network",  u"subnet", u"volume", u"zone",      u"record",   u"rule",
                    u"team",     u"cluster", u"bucket",   u"secret", u"size",   u"container", u"pod",      u"node"});
}

// The actions Mist's rules name, and the machine actions Nephele offers.
bool isKnownAction(const QString &action)
{
    return action.isEmpty() || isKnown(action, {u"all",
                                                u"read",
                                                u"create",
                                                u"add",
                                                u"edit",
                                                u"remove",
                                                u"delete",
                                                u"destroy",
                                                u"start",
                                                u"stop",
                                                u"reboot",
                                                u"resize",
                                                u"rename",
                                                u"suspend",
                                                u"resume",
                                                u"undefine",
                                                u"clone",
                                                u"shutdown",
                                                u"power-cycle",
                                                u"snapshot",
                                                u"create_snapshot",
                                                u"remove_snapshot",
                                                u"revert_to_snapshot",
                                                u"open_shell",
                                                u"run",
                                                u"run_script",
                                                u"edit_tags",
                                                u"edit_rules",
                                                u"edit_graphs",
                                                u"edit_custom_metrics",
                                                u"edit_security",
                                                u"read_logs",
                                                u"read_private",
                                                u"read_cost",
                                                u"create_resources",
                                                u"associate_key",
                                                u"disassociate_key",
                                                u"attach",
                                                u"detach",
                                                u"expose",
                                                u"star",
                                                u"unstar"});
}

// Turns a parsed document into a Policy, collecting errors and warnings with their places.
class Reader final
{
public:
    Reader(std::string_view text, const JsonPositions &positions)
        : m_text(text)
        , m_positions(positions)
    {}

    PolicyIssues errors;
    PolicyIssues warnings;

    Policy read(const Json &root)
    {
        Policy policy;
        const Json *teams = nullptr;
        std::string teamsPointer;
        if (root.is_array()) {
            teams = &root;
        } else if (root.is_object() && root.contains("teams")) {
            teamsPointer = "/teams";
            teams = &*root.find("teams");
            if (!teams->is_array()) {
                error(teamsPointer, PolicyText::tr("expected an array of teams, found %1").arg(describeJson(*teams)));
                return policy;
            }
        } else if (root.is_object()) {
            error({}, PolicyText::tr("a policy is an object with \"teams\" (an array), or an array of teams; "
                                     "this object has no \"teams\""));
            return policy;
        } else {
            error({}, PolicyText::tr("a policy is an object with \"teams\" (an array), or an array of teams; "
                                     "found %1")
                          .arg(describeJson(root)));
            return policy;
        }
        for (std::size_t i = 0; i < teams->size(); ++i) {
            const std::string pointer = childPointer(teamsPointer, i);
            const Json &item = (*teams)[i];
            if (!item.is_object()) {
                error(pointer, PolicyText::tr("expected a team (an object), found %1").arg(describeJson(item)));
                continue;
            }
            Team team = readTeam(item, pointer);
            for (const Team &other : std::as_const(policy.teams)) {
                if (!team.name.isEmpty() && other.name == team.name) {
                    warning(childPointer(pointer, "name"),
                            PolicyText::tr("another team is also named %1; each is evaluated on its own, and the "
                                           "team's cost quota is read from the first")
                                .arg(quoted(team.name)));
                    break;
                }
            }
            policy.teams << std::move(team);
        }
        return policy;
    }

private:
    void add(PolicyIssues &list, PolicyIssue::Severity severity, const std::string &pointer, const QString &message,
             bool atKey)
    {
        PolicyIssue issue;
        issue.severity = severity;
        issue.path = pointer.empty() ? QStringLiteral("/") : fromStd(pointer);
        issue.message = message;
        std::optional<std::size_t> offset = atKey ? m_positions.keyAt(pointer) : std::nullopt;
        // A missing key has no place of its own: use the closest enclosing value that has one.
        std::string p = pointer;
        while (!offset) {
            offset = m_positions.valueAt(p);
            if (offset || p.empty())
                break;
            p.erase(p.rfind('/'));
        }
        if (offset)
            placeAt(issue, m_text, *offset);
        list << issue;
    }

    void error(const std::string &pointer, const QString &message, bool atKey = false)
    {
        add(errors, PolicyIssue::Severity::Error, pointer, message, atKey);
    }

    void warning(const std::string &pointer, const QString &message, bool atKey = false)
    {
        add(warnings, PolicyIssue::Severity::Warning, pointer, message, atKey);
    }

    void warnUnknownKeys(const Json &object, const std::string &pointer, std::initializer_list<std::string_view> known,
                         const QString &where)
    {
        QStringList knownList;
        for (const std::string_view k : known)
            knownList << QString::fromUtf8(k.data(), qsizetype(k.size()));
        for (auto it = object.begin(); it != object.end(); ++it) {
            const std::string &key = it.key();
            if (std::find(known.begin(), known.end(), key) != known.end() || key.starts_with('_'))
                continue;
            warning(childPointer(pointer, key),
                    PolicyText::tr("unknown key %1 in %2 is ignored (known: %3)")
                        .arg(quoted(fromStd(key)), where, knownList.join(QStringLiteral(", "))),
                    true);
        }
    }

    static const Json *member(const Json &object, const char *key)
    {
        const auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    // A string member. Missing or null gives nullopt quietly; another type is an error.
    std::optional<QString> readString(const Json &object, const char *key, const std::string &pointer)
    {
        const Json *j = member(object, key);
        if (!j || j->is_null())
            return std::nullopt;
        if (!j->is_string()) {
            error(childPointer(pointer, key), PolicyText::tr("expected a string, found %1").arg(describeJson(*j)));
            return std::nullopt;
        }
        return fromStd(j->get<std::string>());
    }

    // A number member; a string holding a number is accepted with a warning (Mist's form wrote some).
    std::optional<double> readNumber(const Json &object, const char *key, const std::string &pointer)
    {
        const Json *j = member(object, key);
        if (!j || j->is_null())
            return std::nullopt;
        const std::string here = childPointer(pointer, key);
        std::optional<double> value;
        if (j->is_number()) {
            value = j->get<double>();
        } else if (j->is_string()) {
            bool ok = false;
            const double v = fromStd(j->get<std::string>()).trimmed().toDouble(&ok);
            if (ok) {
                warning(here, PolicyText::tr("a number written as a string; write %1 without quotes").arg(v));
                value = v;
            }
        }
        if (!value) {
            error(here, PolicyText::tr("expected a number, found %1").arg(describeJson(*j)));
            return std::nullopt;
        }
        if (*value < 0) {
            error(here, PolicyText::tr("expected a number of 0 or more, found %1").arg(*value));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> readBool(const Json &object, const char *key, const std::string &pointer)
    {
        const Json *j = member(object, key);
        if (!j || j->is_null())
            return std::nullopt;
        if (!j->is_boolean()) {
            error(childPointer(pointer, key), PolicyText::tr("expected true or false, found %1").arg(describeJson(*j)));
            return std::nullopt;
        }
        return j->get<bool>();
    }

    std::optional<PolicyDuration> readDuration(const Json &object, const char *key, const std::string &pointer)
    {
        const Json *j = member(object, key);
        if (!j || j->is_null())
            return std::nullopt;
        const std::string here = childPointer(pointer, key);
        if (!j->is_string()) {
            error(here, PolicyText::tr("expected a duration such as \"30d\", found %1").arg(describeJson(*j)));
            return std::nullopt;
        }
        const QString text = fromStd(j->get<std::string>());
        const std::optional<PolicyDuration> duration = PolicyDuration::parse(text);
        if (!duration)
            error(here, PolicyDuration::explainInvalid(text));
        return duration;
    }

    // A member that must be an object when present; null counts as missing.
    const Json *readObject(const Json &object, const char *key, const std::string &pointer)
    {
        const Json *j = member(object, key);
        if (!j || j->is_null())
            return nullptr;
        if (!j->is_object()) {
            error(childPointer(pointer, key), PolicyText::tr("expected an object, found %1").arg(describeJson(*j)));
            return nullptr;
        }
        return j;
    }

    const Json *readArray(const Json &object, const char *key, const std::string &pointer)
    {
        const Json *j = member(object, key);
        if (!j || j->is_null())
            return nullptr;
        if (!j->is_array()) {
            error(childPointer(pointer, key), PolicyText::tr("expected an array, found %1").arg(describeJson(*j)));
            return nullptr;
        }
        return j;
    }

    std::optional<Operator> readOperator(const Json &j, const std::string &pointer)
    {
        if (j.is_string()) {
            const QString word = fromStd(j.get<std::string>());
            if (word.compare(u"ALLOW", Qt::CaseInsensitive) == 0)
                return Operator::Allow;
            if (word.compare(u"DENY", Qt::CaseInsensitive) == 0)
                return Operator::Deny;
        }
        error(pointer, PolicyText::tr("expected \"ALLOW\" or \"DENY\", found %1").arg(describeJson(j)));
        return std::nullopt;
    }

    Team readTeam(const Json &object, const std::string &pointer)
    {
        Team team;
        if (const Json *name = member(object, "name"); !name || name->is_null()) {
            error(pointer, PolicyText::tr("a team needs a \"name\""));
        } else if (const std::optional<QString> text = readString(object, "name", pointer)) {
            if (text->trimmed().isEmpty())
                error(childPointer(pointer, "name"), PolicyText::tr("a team's name cannot be empty"));
            team.name = text->trimmed();
        }
        team.id = readString(object, "id", pointer).value_or(QString());
        team.description = readString(object, "description", pointer).value_or(QString());
        team.defaultOperator = team.isOwners() ? Operator::Allow : Operator::Deny;

        if (const Json *members = readArray(object, "members", pointer)) {
            const std::string membersPointer = childPointer(pointer, "members");
            for (std::size_t i = 0; i < members->size(); ++i) {
                const Json &m = (*members)[i];
                const std::string here = childPointer(membersPointer, i);
                if (m.is_string()) {
                    team.members << fromStd(m.get<std::string>());
                } else if (m.is_object()) {
                    // A member as Mist's API dereferences it: {"id": ..., "email": ...}.
                    const QString email = readString(m, "email", here).value_or(QString());
                    const QString id = readString(m, "id", here).value_or(QString());
                    if (!email.isEmpty())
                        team.members << email;
                    if (!id.isEmpty())
                        team.members << id;
                    if (email.isEmpty() && id.isEmpty())
                        error(here, PolicyText::tr("a member object needs an \"email\" or an \"id\""));
                } else {
                    error(here, PolicyText::tr("expected a member's email or id, found %1").arg(describeJson(m)));
                }
            }
        }

        const Json *policy = readObject(object, "policy", pointer);
        if (!policy)
            return team;
        const std::string policyPointer = childPointer(pointer, "policy");
        warnUnknownKeys(*policy, policyPointer, {"operator", "rules"}, PolicyText::tr("a team policy"));
        if (const Json *op = member(*policy, "operator"); op && !op->is_null()) {
            if (const std::optional<Operator> parsed = readOperator(*op, childPointer(policyPointer, "operator")))
                team.defaultOperator = *parsed;
        }
        if (const Json *rules = readArray(*policy, "rules", policyPointer)) {
            const std::string rulesPointer = childPointer(policyPointer, "rules");
            for (std::size_t i = 0; i < rules->size(); ++i) {
                const Json &r = (*rules)[i];
                const std::string here = childPointer(rulesPointer, i);
                if (!r.is_object()) {
                    error(here, PolicyText::tr("expected a rule (an object), found %1").arg(describeJson(r)));
                    continue;
                }
                team.rules << readRule(r, here);
            }
        }
        return team;
    }

    Rule readRule(const Json &object, const std::string &pointer)
    {
        Rule rule;
        warnUnknownKeys(object, pointer, {"operator", "action", "rtype", "rid", "rtags", "constraints", "id"},
                        PolicyText::tr("a rule"));
        if (const Json *op = member(object, "operator"); op && !op->is_null()) {
            if (const std::optional<Operator> parsed = readOperator(*op, childPointer(pointer, "operator")))
                rule.op = *parsed;
        } else {
            error(pointer, PolicyText::tr("a rule needs an \"operator\": \"ALLOW\" or \"DENY\""));
        }
        rule.action = readString(object, "action", pointer).value_or(QString()).trimmed().toLower();
        rule.rtype = readString(object, "rtype", pointer).value_or(QString()).trimmed().toLower();
        rule.rid = readString(object, "rid", pointer).value_or(QString()).trimmed();
        if (!isKnownAction(rule.action)) {
            warning(childPointer(pointer, "action"),
                    PolicyText::tr("unknown action %1: this rule only matches a request for exactly that action")
                        .arg(quoted(rule.action)));
        }
        if (!isKnownRtype(rule.rtype)) {
            warning(childPointer(pointer, "rtype"),
                    PolicyText::tr("unknown resource type %1: this rule only matches requests on exactly that type")
                        .arg(quoted(rule.rtype)));
        }

        if (const Json *rtags = member(object, "rtags"); rtags && !rtags->is_null()) {
            const std::string here = childPointer(pointer, "rtags");
            if (rtags->is_object()) {
                for (auto it = rtags->begin(); it != rtags->end(); ++it) {
                    if (it.value().is_string() || it.value().is_null()) {
                        rule.rtags.insert(fromStd(it.key()),
                                          it.value().is_null() ? QString() : fromStd(it.value().get<std::string>()));
                    } else {
                        error(childPointer(here, it.key()),
                              PolicyText::tr("a tag value must be a string (or null for any value), found %1")
                                  .arg(describeJson(it.value())));
                    }
                }
            } else if (!(rtags->is_string() && rtags->get<std::string>().empty())) { // Mist writes "" for none
                error(here, PolicyText::tr("expected the tags as an object such as {\"env\": \"dev\"}, found %1")
                                .arg(describeJson(*rtags)));
            }
        }
        if (!rule.rid.isEmpty() && rule.rtype.isEmpty())
            error(childPointer(pointer, "rid"), PolicyText::tr("a rule with an \"rid\" needs an \"rtype\""));
        if (!rule.rid.isEmpty() && !rule.rtags.isEmpty())
            error(pointer, PolicyText::tr("a rule names either one resource (\"rid\") or tags (\"rtags\"), not both"));

        if (const Json *constraints = readObject(object, "constraints", pointer)) {
            const std::string here = childPointer(pointer, "constraints");
            rule.constraints = readConstraints(*constraints, here);
            const bool machineRule = rule.rtype == u"machine";
            const bool constrainableAction = rule.matchesAnyAction() || rule.action == u"create" ||
                                             rule.action == u"edit" || rule.action == u"resize";
            if (!rule.constraints.isEmpty() && (rule.op != Operator::Allow || !machineRule || !constrainableAction)) {
                warning(here,
                        PolicyText::tr("constraints apply only to ALLOW rules on machines with the action "
                                       "all (\"\"), create, edit or resize; they are ignored here"),
                        true);
                rule.constraints = {};
            }
        }
        return rule;
    }

    Constraints readConstraints(const Json &object, const std::string &pointer)
    {
        Constraints constraints;
        warnUnknownKeys(object, pointer, {"cost", "expiration", "size", "field"}, PolicyText::tr("constraints"));
        if (const Json *cost = readObject(object, "cost", pointer))
            constraints.cost = readCost(*cost, childPointer(pointer, "cost"));
        if (const Json *expiration = readObject(object, "expiration", pointer))
            constraints.expiration = readExpiration(*expiration, childPointer(pointer, "expiration"));
        if (const Json *size = readObject(object, "size", pointer))
            constraints.size = readSize(*size, childPointer(pointer, "size"));
        if (const Json *fields = readArray(object, "field", pointer)) {
            const std::string here = childPointer(pointer, "field");
            for (std::size_t i = 0; i < fields->size(); ++i) {
                if (std::optional<FieldConstraint> field = readField((*fields)[i], childPointer(here, i)))
                    constraints.fields << std::move(*field);
            }
        }
        return constraints;
    }

    CostConstraint readCost(const Json &object, const std::string &pointer)
    {
        warnUnknownKeys(object, pointer, {"max_team_run_rate", "max_total_run_rate"},
                        PolicyText::tr("a cost constraint"));
        CostConstraint cost;
        cost.maxTeamRunRate = readNumber(object, "max_team_run_rate", pointer);
        cost.maxTotalRunRate = readNumber(object, "max_total_run_rate", pointer);
        return cost;
    }

    QStringList readStringList(const Json &object, const char *key, const std::string &pointer)
    {
        QStringList list;
        const Json *array = readArray(object, key, pointer);
        if (!array)
            return list;
        const std::string here = childPointer(pointer, key);
        for (std::size_t i = 0; i < array->size(); ++i) {
            const Json &item = (*array)[i];
            if (item.is_string())
                list << fromStd(item.get<std::string>()).trimmed().toLower();
            else
                error(childPointer(here, i), PolicyText::tr("expected a string, found %1").arg(describeJson(item)));
        }
        return list;
    }

    ExpirationConstraint readExpiration(const Json &object, const std::string &pointer)
    {
        warnUnknownKeys(object, pointer, {"max", "default", "actions", "notify"},
                        PolicyText::tr("an expiration constraint"));
        ExpirationConstraint expiration;
        expiration.max = readDuration(object, "max", pointer);
        expiration.defaultExpiry = readDuration(object, "default", pointer);
        if (expiration.max && expiration.defaultExpiry &&
            expiration.defaultExpiry->approximateSeconds() > expiration.max->approximateSeconds()) {
            warning(childPointer(pointer, "default"),
                    PolicyText::tr("the default %1 is longer than the maximum %2; the maximum is proposed instead")
                        .arg(expiration.defaultExpiry->text(), expiration.max->text()));
            expiration.defaultExpiry = expiration.max;
        }
        if (const Json *actions = readObject(object, "actions", pointer)) {
            const std::string here = childPointer(pointer, "actions");
            warnUnknownKeys(*actions, here, {"available", "default"}, PolicyText::tr("expiration actions"));
            expiration.availableActions = readStringList(*actions, "available", here);
            for (qsizetype i = 0; i < expiration.availableActions.size(); ++i) {
                const QString &action = expiration.availableActions.at(i);
                if (action != u"destroy" && action != u"stop") {
                    warning(childPointer(childPointer(here, "available"), std::size_t(i)),
                            PolicyText::tr("%1 is not an expiration action Nephele can take (destroy, stop)")
                                .arg(quoted(action)));
                }
            }
            expiration.defaultAction = readString(*actions, "default", here).value_or(QString()).trimmed().toLower();
            if (!expiration.defaultAction.isEmpty() && !expiration.availableActions.isEmpty() &&
                !expiration.availableActions.contains(expiration.defaultAction)) {
                warning(
                    childPointer(here, "default"),
                    PolicyText::tr("the default action %1 is not among the available ones (%2)")
                        .arg(quoted(expiration.defaultAction), expiration.availableActions.join(QStringLiteral(", "))));
            }
        }
        if (const Json *notify = readObject(object, "notify", pointer)) {
            const std::string here = childPointer(pointer, "notify");
            warnUnknownKeys(*notify, here, {"default", "require", "msg"}, PolicyText::tr("expiration notice"));
            expiration.notifyDefault = readDuration(*notify, "default", here);
            expiration.notifyRequired = readBool(*notify, "require", here).value_or(false);
            expiration.notifyMessage = readString(*notify, "msg", here).value_or(QString());
        }
        return expiration;
    }

    std::optional<SizeBound> readBound(const Json &object, const char *key, const std::string &pointer)
    {
        const Json *j = readObject(object, key, pointer);
        if (!j)
            return std::nullopt;
        const std::string here = childPointer(pointer, key);
        warnUnknownKeys(*j, here, {"min", "max", "show"}, PolicyText::tr("a size bound"));
        SizeBound bound;
        bound.min = readNumber(*j, "min", here);
        bound.max = readNumber(*j, "max", here);
        bound.show = readBool(*j, "show", here).value_or(true);
        if (bound.min && bound.max && *bound.min > *bound.max) {
            error(here,
                  PolicyText::tr("the minimum %1 is greater than the maximum %2").arg(*bound.min).arg(*bound.max));
        }
        return bound;
    }

    SizeConstraint readSize(const Json &object, const std::string &pointer)
    {
        warnUnknownKeys(object, pointer, {"allowed", "not_allowed", "cpu", "ram", "disk", "swap", "swap_disk"},
                        PolicyText::tr("a size constraint"));
        SizeConstraint size;
        for (const char *key : {"allowed", "not_allowed"}) {
            const Json *entries = readArray(object, key, pointer);
            if (!entries)
                continue;
            const std::string here = childPointer(pointer, key);
            QList<SizeEntry> &list = std::string_view(key) == "allowed" ? size.allowed : size.notAllowed;
            for (std::size_t i = 0; i < entries->size(); ++i) {
                if (std::optional<SizeEntry> entry = readSizeEntry((*entries)[i], childPointer(here, i)))
                    list << std::move(*entry);
            }
        }
        size.cpu = readBound(object, "cpu", pointer).value_or(SizeBound());
        size.ram = readBound(object, "ram", pointer).value_or(SizeBound());
        size.disk = readBound(object, "disk", pointer).value_or(SizeBound());
        const std::optional<SizeBound> swap = readBound(object, "swap", pointer);
        const std::optional<SizeBound> swapDisk = readBound(object, "swap_disk", pointer);
        if (swap && swapDisk && *swap != *swapDisk) {
            error(childPointer(pointer, "swap_disk"),
                  PolicyText::tr("\"swap\" and \"swap_disk\" name the same swap disk bound but differ; keep one"),
                  true);
        }
        size.swap = swapDisk.value_or(swap.value_or(SizeBound()));
        return size;
    }

    std::optional<SizeEntry> readSizeEntry(const Json &j, const std::string &pointer)
    {
        SizeEntry entry;
        if (j.is_string()) {
            entry.name = fromStd(j.get<std::string>()).trimmed();
            if (entry.name.isEmpty()) {
                error(pointer, PolicyText::tr("an empty size name would match every size"));
                return std::nullopt;
            }
            return entry;
        }
        if (!j.is_object()) {
            error(pointer, PolicyText::tr("expected a size name, {\"cloud\", \"size\"} or {\"cloud\", \"size\": "
                                          "{\"cpu\", \"ram\", \"disk_primary\"}}, found %1")
                               .arg(describeJson(j)));
            return std::nullopt;
        }
        warnUnknownKeys(j, pointer, {"cloud", "size", "userFriendlyName"}, PolicyText::tr("a size entry"));
        entry.cloud = readString(j, "cloud", pointer).value_or(QString()).trimmed();
        entry.friendlyName = readString(j, "userFriendlyName", pointer).value_or(QString());
        const Json *size = member(j, "size");
        const std::string here = childPointer(pointer, "size");
        if (!size || size->is_null()) {
            error(pointer, PolicyText::tr("a size entry needs a \"size\": a name or {\"cpu\", \"ram\", "
                                          "\"disk_primary\"}"));
            return std::nullopt;
        }
        if (size->is_string()) {
            entry.kind = entry.cloud.isEmpty() ? SizeEntry::Kind::Name : SizeEntry::Kind::CloudName;
            entry.name = fromStd(size->get<std::string>()).trimmed();
            if (entry.name.isEmpty()) {
                error(here, PolicyText::tr("an empty size name would match every size"));
                return std::nullopt;
            }
            return entry;
        }
        if (size->is_object()) {
            warnUnknownKeys(*size, here, {"cpu", "ram", "disk_primary"}, PolicyText::tr("a custom size"));
            entry.kind = SizeEntry::Kind::CloudCustom;
            entry.custom.cpu = readNumber(*size, "cpu", here);
            entry.custom.ramMb = readNumber(*size, "ram", here);
            entry.custom.diskGb = readNumber(*size, "disk_primary", here);
            return entry;
        }
        error(here, PolicyText::tr("expected a size name or {\"cpu\", \"ram\", \"disk_primary\"}, found %1")
                        .arg(describeJson(*size)));
        return std::nullopt;
    }

    std::optional<FieldConstraint> readField(const Json &j, const std::string &pointer)
    {
        if (!j.is_object()) {
            error(pointer, PolicyText::tr("expected a field constraint {\"cloud\", \"name\", \"value\", \"show\"}, "
                                          "found %1")
                               .arg(describeJson(j)));
            return std::nullopt;
        }
        warnUnknownKeys(j, pointer, {"cloud", "name", "value", "show"}, PolicyText::tr("a field constraint"));
        FieldConstraint field;
        field.cloud = readString(j, "cloud", pointer).value_or(QStringLiteral("ALL")).trimmed();
        if (field.cloud.isEmpty())
            field.cloud = QStringLiteral("ALL");
        field.name = readString(j, "name", pointer).value_or(QString()).trimmed();
        if (field.name.isEmpty()) {
            error(pointer, PolicyText::tr("a field constraint needs the \"name\" of the field"));
            return std::nullopt;
        }
        if (const Json *value = member(j, "value"); value && !value->is_null())
            field.value = toVariant(*value);
        field.show = readBool(j, "show", pointer).value_or(true); // hidden without a value: provider's default
        return field;
    }

    std::string_view m_text;
    const JsonPositions &m_positions;
};

void sortByPlace(PolicyIssues &issues)
{
    std::stable_sort(issues.begin(), issues.end(), [](const PolicyIssue &a, const PolicyIssue &b) {
        // Unplaced issues last.
        const qsizetype ka = a.offset < 0 ? std::numeric_limits<qsizetype>::max() : a.offset;
        const qsizetype kb = b.offset < 0 ? std::numeric_limits<qsizetype>::max() : b.offset;
        return ka < kb;
    });
}

// nlohmann's message reads "[json.exception.parse_error.101] parse error at line 1, column 6:
// syntax error while ..."; the place is given separately, so keep what follows it.
QString syntaxMessage(const char *what)
{
    const std::string_view text(what);
    std::size_t from = 0;
    if (const std::size_t column = text.find("column "); column != std::string_view::npos) {
        if (const std::size_t colon = text.find(": ", column); colon != std::string_view::npos)
            from = colon + 2;
    } else if (const std::size_t bracket = text.find("] "); bracket != std::string_view::npos) {
        from = bracket + 2;
    }
    return PolicyText::tr("not valid JSON: %1").arg(QString::fromUtf8(text.substr(from)));
}

// nlohmann places a syntax error on the last character it read. For "unexpected string literal"
// (and number, true, false, null) that is the end of a complete token; an editor should point at
// its start, where the missing comma or colon belongs.
std::size_t unexpectedTokenStart(std::string_view text, std::size_t offset, std::string_view what)
{
    if (offset >= text.size() || what.find("unexpected") == std::string_view::npos ||
        what.find(" literal") == std::string_view::npos || what.find("invalid literal") != std::string_view::npos)
        return offset;
    if (text[offset] == '"') {
        std::size_t i = offset;
        while (i > 0) {
            --i;
            if (text[i] != '"')
                continue;
            std::size_t backslashes = 0;
            while (i > backslashes && text[i - backslashes - 1] == '\\')
                ++backslashes;
            if (backslashes % 2 == 0)
                return i;
        }
        return offset;
    }
    const auto inToken = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.' || c == 'E';
    };
    std::size_t i = offset;
    while (i > 0 && inToken(text[i - 1]))
        --i;
    return i;
}

} // namespace

nephele::Expected<Policy, PolicyIssues> parsePolicy(QByteArrayView json, const QString &source)
{
    std::string_view text(json.data(), std::size_t(json.size()));
    if (text.starts_with("\xEF\xBB\xBF")) // a UTF-8 byte order mark, as some editors write
        text.remove_prefix(3);

    Json root;
    try {
        root = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error &e) {
        PolicyIssue issue; // no path: the text is not a document yet
        issue.message = syntaxMessage(e.what());
        // `byte` counts from 1 and names the last character read.
        const std::size_t last = e.byte > 0 ? std::size_t(e.byte - 1) : 0;
        placeAt(issue, text, unexpectedTokenStart(text, last, e.what()));
        return nephele::Unexpected(PolicyIssues{issue});
    } catch (const Json::exception &e) { // a number out of range, for one
        PolicyIssue issue;               // no path: the text is not a document yet
        issue.message = syntaxMessage(e.what());
        return nephele::Unexpected(PolicyIssues{issue});
    }

    const JsonPositions positions(text);
    if (const std::optional<std::size_t> deep = positions.tooDeepAt()) {
        PolicyIssue issue;
        issue.message = PolicyText::tr("the document is nested more than %1 levels deep").arg(MaxDepth);
        placeAt(issue, text, *deep);
        return nephele::Unexpected(PolicyIssues{issue});
    }

    Reader reader(text, positions);
    Policy policy = reader.read(root);
    sortByPlace(reader.errors);
    sortByPlace(reader.warnings);
    if (!reader.errors.isEmpty())
        return nephele::Unexpected(reader.errors + reader.warnings);
    policy.warnings = reader.warnings;
    policy.source = source;
    return policy;
}

nephele::Expected<Policy, PolicyIssues> loadPolicyFile(const QString &path)
{
    QFile file(path);
    PolicyIssue issue;
    if (!file.open(QIODevice::ReadOnly)) {
        issue.message = PolicyText::tr("cannot read the policy file %1: %2").arg(path, file.errorString());
        return nephele::Unexpected(PolicyIssues{issue});
    }
    if (file.size() > MaxFileBytes) {
        issue.message = PolicyText::tr("the policy file %1 is larger than %2 MB; is it the right file?")
                            .arg(path)
                            .arg(MaxFileBytes / (qint64(1024) * 1024));
        return nephele::Unexpected(PolicyIssues{issue});
    }
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        issue.message = PolicyText::tr("cannot read the policy file %1: %2").arg(path, file.errorString());
        return nephele::Unexpected(PolicyIssues{issue});
    }
    return parsePolicy(bytes, path);
}

} // namespace nephele::models::policy
