#include "importsupport.h"

#include <QDir>
#include <QFileInfo>

namespace nephele::models::importsupport {

ImportProblem problemAt(const QString &file, const YAML::Mark &mark, const QString &message)
{
    ImportProblem p;
    p.file = file;
    p.line = mark.is_null() ? 0 : mark.line + 1;
    p.column = mark.is_null() ? 0 : mark.column + 1;
    p.message = message;
    return p;
}

namespace {

// Whether the quoted scalar opening at `pos` is closed before the end of `bytes`.
bool quoteIsClosed(QByteArrayView bytes, qsizetype pos)
{
    const char quote = bytes[pos];
    for (qsizetype i = pos + 1; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (quote == '"' && c == '\\') {
            ++i;
        } else if (c == quote) {
            if (quote == '\'' && i + 1 < bytes.size() && bytes[i + 1] == '\'')
                ++i; // '' inside a single-quoted scalar
            else
                return true;
        }
    }
    return false;
}

// Aliases make a document a graph: a node may be reached again and again (each alias expands its
// anchor anew, so a few lines can stand for billions of nodes) or from inside itself (an anchor
// used within its own value). The walk stops at a depth and a number of visits that no real
// credentials file comes near.
constexpr int kMaxWalkDepth = 256;
constexpr int kMaxWalkVisits = 100'000;

std::optional<YAML::Mark> findUnterminatedQuote(const YAML::Node &node, QByteArrayView bytes, int depth, int &visits)
{
    if (!node.IsDefined() || depth > kMaxWalkDepth || ++visits > kMaxWalkVisits)
        return std::nullopt;
    if (node.IsScalar()) {
        const YAML::Mark mark = node.Mark();
        if (node.Tag() == "!" && !mark.is_null() && mark.pos >= 0 && mark.pos < bytes.size()) {
            const char c = bytes[mark.pos];
            if ((c == '"' || c == '\'') && !quoteIsClosed(bytes, mark.pos))
                return mark;
        }
        return std::nullopt;
    }
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (auto m = findUnterminatedQuote(it->first, bytes, depth + 1, visits))
                return m;
            if (auto m = findUnterminatedQuote(it->second, bytes, depth + 1, visits))
                return m;
        }
    } else if (node.IsSequence()) {
        for (const YAML::Node &item : node) {
            if (auto m = findUnterminatedQuote(item, bytes, depth + 1, visits))
                return m;
        }
    }
    return std::nullopt;
}

// The position of a tab in the leading whitespace of the line of `mark`, if there is one.
std::optional<YAML::Mark> tabInIndentation(QByteArrayView bytes, const YAML::Mark &mark)
{
    if (mark.is_null() || mark.pos < 0 || mark.pos > bytes.size())
        return std::nullopt;
    qsizetype start = mark.pos;
    while (start > 0 && bytes[start - 1] != '\n')
        --start;
    for (qsizetype i = start; i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t'); ++i) {
        if (bytes[i] == '\t') {
            YAML::Mark tab = mark;
            tab.pos = int(i);
            tab.column = int(i - start);
            return tab;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<YAML::Node> loadYaml(QByteArrayView bytes, const QString &file, QList<ImportProblem> &problems)
{
    try {
        YAML::Node root = YAML::Load(std::string(bytes.data(), size_t(bytes.size())));
        int visits = 0;
        if (const auto mark = findUnterminatedQuote(root, bytes, 0, visits)) {
            problems.append(problemAt(file, *mark, Importers::tr("Unterminated quoted string")));
            return std::nullopt;
        }
        return root;
    } catch (const YAML::Exception &e) {
        // yaml-cpp's message for a tab in the indentation ("illegal map value", ...) does not
        // say what is wrong, so it is told here.
        if (const auto tab = tabInIndentation(bytes, e.mark)) {
            problems.append(
                problemAt(file, *tab, Importers::tr("A tab in the indentation: YAML indents with spaces only")));
            return std::nullopt;
        }
        problems.append(
            problemAt(file, e.mark, Importers::tr("Not valid YAML: %1").arg(QString::fromStdString(e.msg))));
    } catch (const std::exception &e) {
        problems.append(problemAt(file, YAML::Mark::null_mark(),
                                  Importers::tr("Not valid YAML: %1").arg(QString::fromLocal8Bit(e.what()))));
    }
    return std::nullopt;
}

YAML::Node child(const YAML::Node &map, const char *key)
{
    if (!map.IsDefined() || !map.IsMap())
        return YAML::Node(YAML::NodeType::Undefined);
    try {
        return map[key];
    } catch (const YAML::Exception &) {
        return YAML::Node(YAML::NodeType::Undefined);
    }
}

bool isScalar(const YAML::Node &node)
{
    return node.IsDefined() && node.IsScalar();
}

QString scalar(const YAML::Node &node)
{
    if (!isScalar(node))
        return {};
    return QString::fromStdString(node.Scalar());
}

QString scalar(const YAML::Node &map, const char *key)
{
    return scalar(child(map, key));
}

bool isTrue(const YAML::Node &node)
{
    const QString v = scalar(node).toLower();
    return v == u"true" || v == u"yes" || v == u"on" || v == u"y";
}

QStringList scalarList(const YAML::Node &node)
{
    QStringList out;
    if (isScalar(node)) {
        out.append(scalar(node));
    } else if (node.IsDefined() && node.IsSequence()) {
        for (const YAML::Node &item : node) {
            if (isScalar(item))
                out.append(scalar(item));
        }
    }
    return out;
}

QString resolvePath(const QString &path, const QString &file)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path) || path.startsWith(u'~') || file.isEmpty())
        return path;
    return QDir::cleanPath(QFileInfo(file).absolutePath() + u'/' + path);
}

} // namespace nephele::models::importsupport
