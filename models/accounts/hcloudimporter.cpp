// hcloud's cli.toml: `active_context`, `[[contexts]]` with name and token, and (hcloud >= 1.40)
// `[preferences]` / `[contexts.preferences]` tables.
//
// Candidate settings: context, current (bool). Endpoint: the preferences' endpoint, else
// https://api.hetzner.cloud/v1. Secrets: token.
//
// The TOML reader covers what hcloud writes: comments, [table], [[array.of.tables]], bare or quoted
// keys (dotted keys too), basic and literal strings, integers, floats, booleans and one-line
// arrays of those. Anything else on a line is a problem for that line; the rest is still read.

#include "importers.h"
#include "importsupport.h"

#include <QVariantList>

#include <map>
#include <memory>
#include <vector>

namespace nephele::models {

using namespace importsupport;

namespace {

struct TomlTable {
    QVariantMap values;
    std::map<QString, std::unique_ptr<TomlTable>> tables;
    std::map<QString, std::vector<std::unique_ptr<TomlTable>>> arrays;

    TomlTable *table(const QString &key)
    {
        if (auto a = arrays.find(key); a != arrays.end() && !a->second.empty())
            return a->second.back().get(); // [contexts.preferences] belongs to the last [[contexts]]
        auto &t = tables[key];
        if (!t)
            t = std::make_unique<TomlTable>();
        return t.get();
    }
};

class TomlLine
{
public:
    TomlLine(const QString &line)
        : m_line(line)
    {}

    qsizetype pos() const { return m_pos; }
    bool atEnd()
    {
        skipSpace();
        return m_pos >= m_line.size() || m_line.at(m_pos) == u'#';
    }
    bool take(QChar c)
    {
        skipSpace();
        if (m_pos < m_line.size() && m_line.at(m_pos) == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    void skipSpace()
    {
        while (m_pos < m_line.size() && (m_line.at(m_pos) == u' ' || m_line.at(m_pos) == u'\t'))
            ++m_pos;
    }

    // A dotted key: bare-key / "quoted" / 'literal' parts.
    std::optional<QStringList> key()
    {
        QStringList parts;
        do {
            skipSpace();
            if (m_pos < m_line.size() && (m_line.at(m_pos) == u'"' || m_line.at(m_pos) == u'\'')) {
                auto s = string();
                if (!s)
                    return std::nullopt;
                parts.append(*s);
            } else {
                const qsizetype start = m_pos;
                while (m_pos < m_line.size() &&
                       (m_line.at(m_pos).isLetterOrNumber() || m_line.at(m_pos) == u'_' || m_line.at(m_pos) == u'-'))
                    ++m_pos;
                if (m_pos == start)
                    return std::nullopt;
                parts.append(m_line.mid(start, m_pos - start));
            }
        } while (take(u'.'));
        return parts;
    }

    std::optional<QString> string()
    {
        const QChar quote = m_line.at(m_pos);
        const qsizetype start = m_pos;
        if (m_line.mid(m_pos, 3) == QString(3, quote))
            return fail(QT_TRANSLATE_NOOP("nephele::models::Importers", "Multi-line strings are not supported"));
        ++m_pos;
        QString out;
        while (m_pos < m_line.size()) {
            const QChar c = m_line.at(m_pos++);
            if (c == quote)
                return out;
            if (c == u'\\' && quote == u'"') {
                if (m_pos >= m_line.size())
                    break;
                const QChar e = m_line.at(m_pos++);
                switch (e.unicode()) {
                case 'n': out += u'\n'; break;
                case 't': out += u'\t'; break;
                case 'r': out += u'\r'; break;
                case 'b': out += u'\b'; break;
                case 'f': out += u'\f'; break;
                case '"': out += u'"'; break;
                case '\\': out += u'\\'; break;
                case 'u':
                case 'U': {
                    const int len = e == u'u' ? 4 : 8;
                    bool ok = false;
                    const uint code = m_line.mid(m_pos, len).toUInt(&ok, 16);
                    if (!ok || m_pos + len > m_line.size())
                        return fail(QT_TRANSLATE_NOOP("nephele::models::Importers", "Bad \\u escape"));
                    const char32_t c32 = char32_t(code);
                    out += QString::fromUcs4(&c32, 1);
                    m_pos += len;
                    break;
                }
                default: return fail(QT_TRANSLATE_NOOP("nephele::models::Importers", "Unknown escape sequence"));
                }
            } else {
                out += c;
            }
        }
        m_pos = start; // point at the opening quote
        return fail(QT_TRANSLATE_NOOP("nephele::models::Importers", "Unterminated string"));
    }

    std::optional<QVariant> value()
    {
        skipSpace();
        if (m_pos >= m_line.size())
            return fail(QT_TRANSLATE_NOOP("nephele::models::Importers", "Missing value"));
        const QChar c = m_line.at(m_pos);
        if (c == u'"' || c == u'\'') {
            auto s = string();
            if (!s)
                return std::nullopt;
            return QVariant(*s);
        }
        if (c == u'[') {
            ++m_pos;
            QVariantList list;
            if (take(u']'))
                return QVariant(list);
            do {
                if (take(u']')) // trailing comma
                    return QVariant(list);
                auto v = value();
                if (!v)
                    return std::nullopt;
                list.append(*v);
            } while (take(u','));
            if (!take(u']'))
                return fail(QT_TRANSLATE_NOOP("nephele::models::Importers", "Expected “]”"));
            return QVariant(list);
        }
        const qsizetype start = m_pos;
        while (m_pos < m_line.size() && !m_line.at(m_pos).isSpace() && m_line.at(m_pos) != u',' &&
               m_line.at(m_pos) != u']' && m_line.at(m_pos) != u'#')
            ++m_pos;
        const QString word = m_line.mid(start, m_pos - start);
        if (word == u"true")
            return QVariant(true);
        if (word == u"false")
            return QVariant(false);
        QString digits = word;
        digits.remove(u'_');
        bool ok = false;
        if (const qlonglong n = digits.toLongLong(&ok); ok)
            return QVariant(n);
        if (const double d = digits.toDouble(&ok); ok)
            return QVariant(d);
        m_pos = start;
        return fail(QT_TRANSLATE_NOOP("nephele::models::Importers", "Not a TOML value"));
    }

    const char *error() const { return m_error; }

private:
    // `message` is marked for translation where it is written.
    std::nullopt_t fail(const char *message)
    {
        if (!m_error)
            m_error = message;
        return std::nullopt;
    }

    QString m_line;
    qsizetype m_pos = 0;
    const char *m_error = nullptr;
};

void parseToml(QByteArrayView bytes, const QString &file, TomlTable &root, QList<ImportProblem> &problems)
{
    const QStringList lines = QString::fromUtf8(bytes).split(u'\n');
    TomlTable *current = &root;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString text = lines.at(i);
        if (text.endsWith(u'\r'))
            text.chop(1);
        TomlLine line(text);
        const int lineNumber = int(i) + 1;
        auto problem = [&](const QString &message) {
            problems.append({file, lineNumber, int(line.pos()) + 1, message});
        };
        if (line.atEnd())
            continue;
        if (line.take(u'[')) {
            const bool isArray = line.take(u'[');
            const auto path = line.key();
            if (!path || !line.take(u']') || (isArray && !line.take(u']')) || !line.atEnd()) {
                problem(Importers::tr("Malformed table header"));
                current = nullptr; // keys up to the next good header go nowhere
                continue;
            }
            TomlTable *t = &root;
            for (qsizetype p = 0; p + 1 < path->size(); ++p)
                t = t->table(path->at(p));
            if (isArray) {
                auto &array = t->arrays[path->last()];
                array.push_back(std::make_unique<TomlTable>());
                current = array.back().get();
            } else {
                current = t->table(path->last());
            }
            continue;
        }
        const auto key = line.key();
        if (!key) {
            problem(line.error() ? Importers::tr(line.error()) : Importers::tr("Expected “key = value” or “[table]”"));
            continue;
        }
        if (!line.take(u'=')) {
            problem(Importers::tr("Expected “=” after the key"));
            continue;
        }
        const auto value = line.value();
        if (!value) {
            problem(Importers::tr(line.error() ? line.error() : "Missing value"));
            continue;
        }
        if (!line.atEnd()) {
            problem(Importers::tr("Unexpected text after the value"));
            continue;
        }
        if (!current)
            continue;
        TomlTable *t = current;
        for (qsizetype p = 0; p + 1 < key->size(); ++p)
            t = t->table(key->at(p));
        t->values.insert(key->last(), *value);
    }
}

QString preferredEndpoint(TomlTable &table)
{
    if (auto it = table.tables.find(QStringLiteral("preferences")); it != table.tables.end())
        return it->second->values.value(QStringLiteral("endpoint")).toString();
    return {};
}

} // namespace

ImportResult importHcloudConfig(QByteArrayView toml, const QString &fileName)
{
    ImportResult result;
    TomlTable root;
    parseToml(toml, fileName, root, result.problems);
    const QString active = root.values.value(QStringLiteral("active_context")).toString();
    QString defaultEndpoint = preferredEndpoint(root);
    if (defaultEndpoint.isEmpty())
        defaultEndpoint = QStringLiteral("https://api.hetzner.cloud/v1");
    const auto contexts = root.arrays.find(QStringLiteral("contexts"));
    if (contexts == root.arrays.end())
        return result;
    for (const auto &context : contexts->second) {
        const QString name = context->values.value(QStringLiteral("name")).toString();
        if (name.isEmpty())
            continue;
        ImportCandidate c;
        c.provider = QStringLiteral("hetzner");
        c.name = name;
        c.sourceFile = fileName;
        c.endpoint = preferredEndpoint(*context);
        if (c.endpoint.isEmpty())
            c.endpoint = defaultEndpoint;
        c.settings.insert(QStringLiteral("context"), name);
        if (name == active)
            c.settings.insert(QStringLiteral("current"), true);
        if (const QString token = context->values.value(QStringLiteral("token")).toString(); !token.isEmpty())
            c.secrets.insert(QStringLiteral("token"), token);
        else
            c.warnings.append(Importers::tr("The context has no token"));
        result.candidates.append(c);
    }
    return result;
}

} // namespace nephele::models
