// OpenSSH's ssh_config. Every literal alias of a Host line (no '*', '?' or '!') becomes a
// candidate; its options are resolved as ssh resolves them: the file is read top to bottom and
// the first value of each option wins, across the global section and every Host block whose
// patterns match the alias. Match blocks cannot be evaluated here and are skipped.
//
// Candidate settings: hostname, user, port (int), identity-files (list), proxy-jump,
// proxy-command, strict-host-key-checking. Endpoint: hostname:port. No secrets.

#include "importers.h"
#include "importsupport.h"

#include <QRegularExpression>

namespace nephele::models {

using namespace importsupport;

namespace {

struct Option {
    QString keyword; // lower case
    QStringList args;
    int line = 0;
};

struct Block {
    enum Kind { Global, Host, Match } kind = Global;
    QStringList patterns;
    QList<Option> options;
};

// Splits the arguments of one line, honouring double quotes. nullopt (and the quote's column)
// when a quote is not closed.
std::optional<QStringList> splitArgs(const QString &text, qsizetype from, int &badColumn)
{
    QStringList args;
    qsizetype i = from;
    while (i < text.size()) {
        while (i < text.size() && text.at(i).isSpace())
            ++i;
        if (i >= text.size())
            break;
        QString arg;
        while (i < text.size() && !text.at(i).isSpace()) {
            if (text.at(i) == u'"') {
                const qsizetype close = text.indexOf(u'"', i + 1);
                if (close < 0) {
                    badColumn = int(i) + 1;
                    return std::nullopt;
                }
                arg += text.mid(i + 1, close - i - 1);
                i = close + 1;
            } else {
                arg += text.at(i++);
            }
        }
        args.append(arg);
    }
    return args;
}

bool patternMatches(const QString &pattern, const QString &host)
{
    // Host names hold no '/' or '[', so file-name globbing is ssh's '*' and '?'.
    const QRegularExpression re(QRegularExpression::wildcardToRegularExpression(pattern),
                                QRegularExpression::CaseInsensitiveOption);
    return re.match(host).hasMatch();
}

bool blockMatches(const Block &block, const QString &host)
{
    if (block.kind == Block::Global)
        return true;
    if (block.kind == Block::Match)
        return false;
    bool matched = false;
    for (const QString &p : block.patterns) {
        if (p.startsWith(u'!')) {
            if (patternMatches(p.mid(1), host))
                return false;
        } else if (patternMatches(p, host)) {
            matched = true;
        }
    }
    return matched;
}

bool isLiteral(const QString &pattern)
{
    return !pattern.isEmpty() && !pattern.contains(u'*') && !pattern.contains(u'?') && !pattern.startsWith(u'!');
}

} // namespace

ImportResult importSshConfig(QByteArrayView bytes, const QString &fileName)
{
    ImportResult result;
    QList<Block> blocks{Block{}};
    QStringList includes;
    const QStringList lines = QString::fromUtf8(bytes).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString text = lines.at(i);
        if (text.endsWith(u'\r'))
            text.chop(1);
        const int lineNumber = int(i) + 1;
        qsizetype pos = 0;
        while (pos < text.size() && text.at(pos).isSpace())
            ++pos;
        if (pos >= text.size() || text.at(pos) == u'#')
            continue;
        const qsizetype keywordStart = pos;
        while (pos < text.size() && !text.at(pos).isSpace() && text.at(pos) != u'=')
            ++pos;
        const QString keyword = text.mid(keywordStart, pos - keywordStart).toLower();
        while (pos < text.size() && text.at(pos).isSpace())
            ++pos;
        if (pos < text.size() && text.at(pos) == u'=')
            ++pos;
        int badColumn = 0;
        const auto args = splitArgs(text, pos, badColumn);
        if (!args) {
            result.problems.append({fileName, lineNumber, badColumn, Importers::tr("Unterminated quote")});
            continue;
        }
        if (args->isEmpty()) {
            result.problems.append(
                {fileName, lineNumber, int(keywordStart) + 1,
                 Importers::tr("“%1” needs a value").arg(text.mid(keywordStart, pos - keywordStart).trimmed())});
            continue;
        }
        if (keyword == u"host") {
            blocks.append(Block{Block::Host, *args, {}});
        } else if (keyword == u"match") {
            blocks.append(Block{Block::Match, *args, {}});
        } else if (keyword == u"include") {
            includes += *args;
        } else if (keyword == u"port" &&
                   !QRegularExpression(QStringLiteral("^[0-9]{1,5}$")).match(args->first()).hasMatch()) {
            result.problems.append(
                {fileName, lineNumber, int(pos) + 1, Importers::tr("Port “%1” is not a number").arg(args->first())});
        } else {
            blocks.last().options.append({keyword, *args, lineNumber});
        }
    }

    QStringList aliases;
    for (const Block &b : std::as_const(blocks)) {
        if (b.kind != Block::Host)
            continue;
        for (const QString &p : b.patterns) {
            if (isLiteral(p) && !aliases.contains(p))
                aliases.append(p);
        }
    }

    for (const QString &alias : std::as_const(aliases)) {
        ImportCandidate c;
        c.provider = QStringLiteral("ssh");
        c.name = alias;
        c.sourceFile = fileName;
        QMap<QString, QStringList> first; // keyword -> args of its first occurrence
        QStringList identityFiles;
        for (const Block &b : std::as_const(blocks)) {
            if (!blockMatches(b, alias))
                continue;
            for (const Option &o : b.options) {
                if (o.keyword == u"identityfile")
                    identityFiles += o.args; // IdentityFile accumulates
                else if (!first.contains(o.keyword))
                    first.insert(o.keyword, o.args);
            }
        }
        QString hostName = first.value(QStringLiteral("hostname")).value(0, alias);
        hostName.replace(QStringLiteral("%h"), alias);
        const int port = first.value(QStringLiteral("port")).value(0, QStringLiteral("22")).toInt();
        c.settings.insert(QStringLiteral("hostname"), hostName);
        c.settings.insert(QStringLiteral("port"), port);
        c.endpoint = (hostName.contains(u':') ? u'[' + hostName + u']' : hostName) + u':' + QString::number(port);
        if (const QString user = first.value(QStringLiteral("user")).value(0); !user.isEmpty())
            c.settings.insert(QStringLiteral("user"), user);
        if (!identityFiles.isEmpty())
            c.settings.insert(QStringLiteral("identity-files"), identityFiles);
        if (const QString jump = first.value(QStringLiteral("proxyjump")).value(0); !jump.isEmpty())
            c.settings.insert(QStringLiteral("proxy-jump"), jump);
        if (const QStringList command = first.value(QStringLiteral("proxycommand")); !command.isEmpty())
            c.settings.insert(QStringLiteral("proxy-command"), command.join(u' '));
        if (const QString strict = first.value(QStringLiteral("stricthostkeychecking")).value(0); !strict.isEmpty()) {
            c.settings.insert(QStringLiteral("strict-host-key-checking"), strict);
            if (strict.compare(u"no", Qt::CaseInsensitive) == 0 || strict.compare(u"off", Qt::CaseInsensitive) == 0)
                c.warnings.append(Importers::tr("StrictHostKeyChecking is off: host keys are not checked"));
        }
        for (const QString &include : std::as_const(includes))
            c.warnings.append(Importers::tr("Include %1 was not followed; options it sets are not shown").arg(include));
        result.candidates.append(c);
    }
    return result;
}

} // namespace nephele::models
