#include "searchfilter.h"

#include "inventory/resourcetags.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cmath>

namespace nephele::models {

using Slot = InventoryStore::Slot;
using Field = SearchFilter::Field;
using Op = SearchFilter::Op;

namespace {

struct Token {
    enum class Type { Word, LParen, RParen, And, Or, Not, End } type = Type::End;
    QString text; // words: as typed, quotes removed
    qsizetype position = 0;
    bool quoted = false;         // the whole word was quoted
    bool negated = false;        // a leading '-' or '!'
    qsizetype firstQuoteAt = -1; // where in `text` the first quote was
};

QString tr(const char *text)
{
    return QCoreApplication::translate("nephele::models::SearchFilter", text);
}

bool isNumeric(Field field)
{
    return field == Field::Cpu || field == Field::Ram || field == Field::Disk || field == Field::Cost ||
           field == Field::Age;
}

std::optional<Field> fieldFromKey(QStringView key)
{
    static const QHash<QString, Field> fields = {
        {QStringLiteral("name"), Field::Name},
        {QStringLiteral("id"), Field::Id},
        {QStringLiteral("state"), Field::State},
        {QStringLiteral("status"), Field::State},
        {QStringLiteral("account"), Field::Account},
        {QStringLiteral("cloud"), Field::Account},
        {QStringLiteral("provider"), Field::Provider},
        {QStringLiteral("region"), Field::Region},
        {QStringLiteral("location"), Field::Region},
        {QStringLiteral("loc"), Field::Region},
        {QStringLiteral("size"), Field::Size},
        {QStringLiteral("image"), Field::Image},
        {QStringLiteral("kind"), Field::Kind},
        {QStringLiteral("type"), Field::Kind},
        {QStringLiteral("ip"), Field::Ip},
        {QStringLiteral("owner"), Field::Owner},
        {QStringLiteral("tag"), Field::Tag},
        {QStringLiteral("namespace"), Field::Tag}, // Kubernetes: tag:namespace=<value>
        {QStringLiteral("ns"), Field::Tag},
        {QStringLiteral("cpu"), Field::Cpu},
        {QStringLiteral("cpus"), Field::Cpu},
        {QStringLiteral("vcpus"), Field::Cpu},
        {QStringLiteral("ram"), Field::Ram},
        {QStringLiteral("memory"), Field::Ram},
        {QStringLiteral("disk"), Field::Disk},
        {QStringLiteral("cost"), Field::Cost},
        {QStringLiteral("age"), Field::Age},
    };
    auto it = fields.constFind(key.toString().toLower());
    if (it == fields.constEnd())
        return std::nullopt;
    return *it;
}

// Case-insensitive "contains" for a needle already in lower case; ASCII folded inline, anything
// else through QChar::toLower. Much faster than QStringView::contains(CaseInsensitive) on the
// short strings names and ids are.
bool containsFolded(QStringView hay, QStringView needle)
{
    const qsizetype n = needle.size();
    if (n == 0)
        return true;
    if (hay.size() < n)
        return false;
    auto fold = [](char16_t c) -> char16_t {
        if (c < 128)
            return (c >= u'A' && c <= u'Z') ? char16_t(c + 32) : c;
        return QChar(c).toLower().unicode();
    };
    const char16_t first = needle[0].unicode();
    const char16_t *h = hay.utf16();
    const char16_t *nd = needle.utf16();
    const qsizetype last = hay.size() - n;
    for (qsizetype i = 0; i <= last; ++i) {
        if (fold(h[i]) != first)
            continue;
        qsizetype j = 1;
        while (j < n && fold(h[i + j]) == nd[j])
            ++j;
        if (j == n)
            return true;
    }
    return false;
}

bool equalsFolded(QStringView a, QStringView lowerB)
{
    return a.size() == lowerB.size() && containsFolded(a, lowerB);
}

// Any of the space-separated parts of `joined` contains / equals the needle.
bool anyPartMatches(QStringView joined, QStringView needle, bool exact)
{
    if (!exact)
        return containsFolded(joined, needle);
    for (QStringView part : joined.tokenize(u' ')) {
        if (equalsFolded(part, needle))
            return true;
    }
    return false;
}

bool textMatches(QStringView text, const SearchFilter::Term &term)
{
    switch (term.op) {
    case Op::Contains: return term.exact ? equalsFolded(text, term.value) : containsFolded(text, term.value);
    case Op::Equals: return equalsFolded(text, term.value);
    case Op::NotEquals: return !equalsFolded(text, term.value);
    default: return false;
    }
}

bool compareNumber(double actual, const SearchFilter::Term &term)
{
    switch (term.op) {
    case Op::Contains:
    case Op::Equals: return actual == term.number;
    case Op::NotEquals: return actual != term.number;
    case Op::Greater: return actual > term.number;
    case Op::GreaterEq: return actual >= term.number;
    case Op::Less: return actual < term.number;
    case Op::LessEq: return actual <= term.number;
    }
    return false;
}

} // namespace

// ---- parsing ---------------------------------------------------------------------------------

class SearchParser
{
public:
    explicit SearchParser(QStringView query)
        : m_query(query)
    {}

    Expected<SearchFilter, SearchFilter::ParseError> run()
    {
        if (auto error = tokenize())
            return Unexpected(*error);
        if (m_tokens.size() == 1) // only End
            return std::move(m_filter);
        auto root = parseOr();
        if (!root)
            return Unexpected(root.error());
        if (peek().type != Token::Type::End) {
            const Token &t = peek();
            return Unexpected(SearchFilter::ParseError{t.type == Token::Type::RParen
                                                           ? tr("A closing parenthesis has no opening one.")
                                                           : tr("Unexpected \"%1\".").arg(t.text),
                                                       t.position});
        }
        m_filter.m_query = m_query.toString().simplified();
        return std::move(m_filter);
    }

private:
    using Result = Expected<int, SearchFilter::ParseError>;

    std::optional<SearchFilter::ParseError> tokenize()
    {
        qsizetype i = 0;
        const qsizetype n = m_query.size();
        while (i < n) {
            const QChar c = m_query[i];
            if (c.isSpace()) {
                ++i;
                continue;
            }
            if (c == u'(' || c == u')') {
                m_tokens.push_back({c == u'(' ? Token::Type::LParen : Token::Type::RParen, QString(c), i});
                ++i;
                continue;
            }
            Token token;
            token.type = Token::Type::Word;
            token.position = i;
            if ((c == u'-' || c == u'!') && i + 1 < n && !m_query[i + 1].isSpace() && m_query[i + 1] != u'=') {
                token.negated = true;
                ++i;
            }
            bool inQuotes = false;
            bool sawQuote = false;
            bool quotedFromStart = i < n && m_query[i] == u'"';
            qsizetype quoteStart = i;
            while (i < n) {
                const QChar d = m_query[i];
                if (d == u'"') {
                    inQuotes = !inQuotes;
                    if (!sawQuote)
                        token.firstQuoteAt = token.text.size();
                    sawQuote = true;
                    quoteStart = i;
                    ++i;
                    continue;
                }
                if (!inQuotes && (d.isSpace() || d == u'(' || d == u')'))
                    break;
                token.text.append(d);
                ++i;
            }
            if (inQuotes)
                return SearchFilter::ParseError{tr("A quote is not closed."), quoteStart};
            token.quoted = sawQuote && quotedFromStart;
            if (!sawQuote && !token.negated) {
                if (token.text == u"AND")
                    token.type = Token::Type::And;
                else if (token.text == u"OR")
                    token.type = Token::Type::Or;
                else if (token.text == u"NOT")
                    token.type = Token::Type::Not;
            }
            m_tokens.push_back(token);
        }
        m_tokens.push_back({Token::Type::End, QString(), n});
        return std::nullopt;
    }

    const Token &peek() const { return m_tokens[m_pos]; }
    const Token &next() { return m_tokens[m_pos++]; }

    int addNode(SearchFilter::Node node)
    {
        m_filter.m_nodes.push_back(node);
        return int(m_filter.m_nodes.size() - 1);
    }

    Result parseOr()
    {
        auto left = parseAnd();
        if (!left)
            return left;
        int node = *left;
        while (peek().type == Token::Type::Or) {
            const Token &op = next();
            if (startsNothing(peek().type))
                return Unexpected(SearchFilter::ParseError{tr("OR needs a term after it."), op.position});
            auto right = parseAnd();
            if (!right)
                return right;
            node = addNode({SearchFilter::Node::Type::Or, node, *right, -1});
        }
        return node;
    }

    static bool startsNothing(Token::Type type)
    {
        return type == Token::Type::End || type == Token::Type::RParen || type == Token::Type::And ||
               type == Token::Type::Or;
    }

    Result parseAnd()
    {
        if (peek().type == Token::Type::And || peek().type == Token::Type::Or) {
            return Unexpected(
                SearchFilter::ParseError{tr("%1 needs a term before it.").arg(peek().text), peek().position});
        }
        auto left = parseUnary();
        if (!left)
            return left;
        int node = *left;
        while (true) {
            const Token::Type type = peek().type;
            if (type == Token::Type::And) {
                const Token &op = next();
                if (startsNothing(peek().type))
                    return Unexpected(SearchFilter::ParseError{tr("AND needs a term after it."), op.position});
            } else if (type != Token::Type::Word && type != Token::Type::LParen && type != Token::Type::Not) {
                break;
            }
            auto right = parseUnary();
            if (!right)
                return right;
            node = addNode({SearchFilter::Node::Type::And, node, *right, -1});
        }
        return node;
    }

    Result parseUnary()
    {
        const Token &token = peek();
        switch (token.type) {
        case Token::Type::Not: {
            next();
            if (startsNothing(peek().type))
                return Unexpected(SearchFilter::ParseError{tr("NOT needs a term after it."), token.position});
            auto inner = parseUnary();
            if (!inner)
                return inner;
            return addNode({SearchFilter::Node::Type::Not, *inner, -1, -1});
        }
        case Token::Type::LParen: {
            const qsizetype open = token.position;
            next();
            if (peek().type == Token::Type::RParen)
                return Unexpected(SearchFilter::ParseError{tr("The parentheses are empty."), open});
            auto inner = parseOr();
            if (!inner)
                return inner;
            if (peek().type != Token::Type::RParen)
                return Unexpected(SearchFilter::ParseError{tr("A parenthesis is not closed."), open});
            next();
            return inner;
        }
        case Token::Type::Word: {
            const Token word = next();
            auto term = parseTerm(word);
            if (!term)
                return Unexpected(term.error());
            m_filter.m_terms.push_back(*term);
            int node = addNode({SearchFilter::Node::Type::Term, -1, -1, int(m_filter.m_terms.size() - 1)});
            if (word.negated)
                node = addNode({SearchFilter::Node::Type::Not, node, -1, -1});
            return node;
        }
        case Token::Type::RParen:
            return Unexpected(
                SearchFilter::ParseError{tr("A closing parenthesis has no opening one."), token.position});
        default: return Unexpected(SearchFilter::ParseError{tr("A term is missing here."), token.position});
        }
    }

    static Expected<double, QString> parseNumber(Field field, QStringView text)
    {
        QString value = text.toString().trimmed().toLower();
        double scale = 1;
        auto strip = [&](QStringView suffix, double factor) {
            if (value.endsWith(suffix) && value.size() > suffix.size()) {
                value.chop(suffix.size());
                scale = factor;
                return true;
            }
            return false;
        };
        if (field == Field::Ram) {
            strip(u"tb", 1024.0 * 1024) || strip(u"gb", 1024) || strip(u"g", 1024) || strip(u"mb", 1) || strip(u"m", 1);
        } else if (field == Field::Disk) {
            strip(u"tb", 1024) || strip(u"gb", 1) || strip(u"g", 1);
        } else if (field == Field::Cost) {
            if (value.startsWith(u'$'))
                value.remove(0, 1);
        } else if (field == Field::Age) {
            strip(u"h", 1.0 / 24) || strip(u"d", 1) || strip(u"w", 7) || strip(u"y", 365);
        }
        bool ok = false;
        const double number = value.toDouble(&ok);
        if (!ok || !std::isfinite(number))
            return Unexpected(tr("expects a number"));
        return number * scale;
    }

    Expected<SearchFilter::Term, SearchFilter::ParseError> parseTerm(const Token &word)
    {
        SearchFilter::Term term;
        const QString &text = word.text;
        if (word.quoted) {
            term.field = Field::Any;
            term.exact = true;
            term.value = text.toLower();
            return term;
        }
        // The key ends at the first operator character.
        qsizetype opAt = -1;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const QChar c = text[i];
            if (c == u':' || c == u'=' || c == u'<' || c == u'>' ||
                (c == u'!' && i + 1 < text.size() && text[i + 1] == u'=')) {
                opAt = i;
                break;
            }
        }
        if (opAt <= 0) {
            term.value = text.toLower();
            return term;
        }
        const QStringView key = QStringView(text).left(opAt);
        const auto field = fieldFromKey(key);
        qsizetype valueAt = opAt + 1;
        Op op = Op::Contains;
        const QChar c = text[opAt];
        const QChar d = opAt + 1 < text.size() ? text[opAt + 1] : QChar();
        if (c == u':') {
            op = Op::Contains;
        } else if (c == u'=') {
            op = Op::Equals;
        } else if (c == u'!') {
            op = Op::NotEquals;
            valueAt = opAt + 2;
        } else if (c == u'>') {
            op = d == u'=' ? Op::GreaterEq : Op::Greater;
            valueAt = opAt + (d == u'=' ? 2 : 1);
        } else if (c == u'<') {
            op = d == u'=' ? Op::LessEq : Op::Less;
            valueAt = opAt + (d == u'=' ? 2 : 1);
        }
        const qsizetype position = word.position + (word.negated ? 1 : 0);
        if (!field) {
            if (c == u':') {
                term.value = text.toLower(); // a provider tag typed as is, e.g. env:prod
                return term;
            }
            return Unexpected(SearchFilter::ParseError{
                tr("Unknown field \"%1\". Fields: name, id, state, account, provider, region, size, image, kind, ip, "
                   "owner, tag, namespace, cpu, ram, disk, cost, age.")
                    .arg(key),
                position});
        }
        term.field = *field;
        term.op = op;
        const QString value = text.mid(valueAt);
        if (value.isEmpty()) {
            return Unexpected(SearchFilter::ParseError{tr("\"%1\" needs a value after it.").arg(text), position});
        }
        // A value quoted after the colon ("name:"web 1"") is an exact match.
        term.exact = word.firstQuoteAt >= valueAt;
        if (isNumeric(term.field)) {
            auto number = parseNumber(term.field, value);
            if (!number) {
                return Unexpected(
                    SearchFilter::ParseError{tr("%1 %2, not \"%3\".").arg(key, number.error(), value), position});
            }
            term.number = *number;
            return term;
        }
        if (op == Op::Greater || op == Op::GreaterEq || op == Op::Less || op == Op::LessEq) {
            return Unexpected(SearchFilter::ParseError{
                tr("%1 is not a number: compare it with ':', '=' or '!='.").arg(key), position});
        }
        if (term.field == Field::Tag && !key.startsWith(u"tag", Qt::CaseInsensitive)) {
            // namespace:web, ns=web, ns!=web: the pods and containers of a namespace, by name
            term.value = QStringLiteral("namespace");
            term.tagValue = value.toLower();
            term.op = op == Op::NotEquals ? Op::NotEquals : Op::Equals;
            return term;
        }
        if (term.field == Field::Tag) {
            // tag:env, tag:env=dev, tag:env!=dev
            const qsizetype eq = value.indexOf(u'=');
            if (eq > 0 && value[eq - 1] == u'!') {
                term.value = value.left(eq - 1).toLower();
                term.tagValue = value.mid(eq + 1).toLower();
                term.op = Op::NotEquals;
            } else if (eq > 0) {
                term.value = value.left(eq).toLower();
                term.tagValue = value.mid(eq + 1).toLower();
                term.op = op == Op::NotEquals ? Op::NotEquals : Op::Equals;
            } else {
                term.value = value.toLower();
            }
            return term;
        }
        if (term.field == Field::State) {
            const QString lower = value.toLower();
            bool known = false;
            for (int s = 0; s <= int(drivers::MachineState::Unknown); ++s) {
                if (drivers::machineStateName(drivers::MachineState(s)).startsWith(lower))
                    known = true;
            }
            term.value = lower;
            term.exact = !known; // a provider's own word ("active") is matched exactly
            return term;
        }
        term.value = value.toLower();
        return term;
    }

    QStringView m_query;
    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    SearchFilter m_filter;
};

Expected<SearchFilter, SearchFilter::ParseError> SearchFilter::parse(QStringView query)
{
    return SearchParser(query).run();
}

QList<SearchFilter::Term> SearchFilter::terms() const
{
    return QList<Term>(m_terms.begin(), m_terms.end());
}

// ---- matching --------------------------------------------------------------------------------

SearchFilter::Matcher::Matcher(const SearchFilter *filter, const InventoryStore *store)
    : m_filter(filter)
    , m_store(store)
    , m_symbolCache(filter->m_terms.size())
    , m_tagCache(filter->m_terms.size())
    , m_nowMs(QDateTime::currentMSecsSinceEpoch())
{}

bool SearchFilter::Matcher::operator()(Slot slot)
{
    if (m_filter->m_nodes.empty())
        return true;
    return eval(int(m_filter->m_nodes.size() - 1), slot);
}

bool SearchFilter::Matcher::eval(int index, Slot slot)
{
    const Node &node = m_filter->m_nodes[size_t(index)];
    switch (node.type) {
    case Node::Type::Term: return term(m_filter->m_terms[size_t(node.term)], node.term, slot);
    case Node::Type::And: return eval(node.left, slot) && eval(node.right, slot);
    case Node::Type::Or: return eval(node.left, slot) || eval(node.right, slot);
    case Node::Type::Not: return !eval(node.left, slot);
    }
    return false;
}

// Terms on shared values are decided once per symbol and remembered.
bool SearchFilter::Matcher::symbolMatches(int termIndex, SymbolTable::Symbol symbol)
{
    auto &cache = m_symbolCache[size_t(termIndex)];
    if (symbol >= cache.size())
        cache.resize(size_t(m_store->symbols().size()), -1);
    qint8 &known = cache[symbol];
    if (known < 0)
        known = textMatches(m_store->symbol(symbol), m_filter->m_terms[size_t(termIndex)]) ? 1 : 0;
    return known == 1;
}

bool SearchFilter::Matcher::tagsMatch(int termIndex, TagSetTable::TagSetId tags)
{
    auto &cache = m_tagCache[size_t(termIndex)];
    if (tags >= cache.size())
        cache.resize(size_t(tags) + 1024, -1);
    qint8 &known = cache[tags];
    if (known >= 0)
        return known == 1;
    const Term &t = m_filter->m_terms[size_t(termIndex)];
    bool result = false;
    if (t.field == Field::Tag) {
        bool hasKey = false;
        bool valueMatches = false;
        for (const auto &[k, v] : m_store->tagsOfSet(tags)) {
            const QString &key = m_store->symbol(k);
            const QString &value = m_store->symbol(v);
            if (t.tagValue.isEmpty() && t.op != Op::NotEquals) {
                // tag:web matches a key, a flat tag, or the text "key:value"
                if (containsFolded(key, t.value) ||
                    (!value.isEmpty() && containsFolded(QString(key + u':' + value), t.value)))
                    hasKey = true;
            } else if (equalsFolded(key, t.value)) {
                hasKey = true;
                valueMatches = valueMatches || equalsFolded(value, t.tagValue);
            }
        }
        if (t.tagValue.isEmpty() && t.op != Op::NotEquals)
            result = hasKey;
        else if (t.op == Op::NotEquals)
            result = !valueMatches;
        else
            result = valueMatches;
    } else {
        // a bare word in the tags' text
        for (const auto &[k, v] : m_store->tagsOfSet(tags)) {
            const QString &key = m_store->symbol(k);
            const QString &value = m_store->symbol(v);
            if (containsFolded(key, t.value) || containsFolded(value, t.value) ||
                (!value.isEmpty() && t.value.contains(u':') && containsFolded(QString(key + u':' + value), t.value))) {
                result = true;
                break;
            }
        }
    }
    known = result ? 1 : 0;
    return result;
}

bool SearchFilter::Matcher::term(const Term &t, int termIndex, Slot slot)
{
    const InventoryStore::Record &r = m_store->record(slot);
    switch (t.field) {
    case Field::Any:
        if (t.exact)
            return equalsFolded(m_store->text(r.name), t.value) || equalsFolded(m_store->text(r.id), t.value);
        return containsFolded(m_store->text(r.name), t.value) || containsFolded(m_store->text(r.id), t.value) ||
               containsFolded(m_store->text(r.publicIps), t.value) ||
               containsFolded(m_store->text(r.privateIps), t.value) || tagsMatch(termIndex, r.tags);
    case Field::Name: return textMatches(m_store->text(r.name), t);
    case Field::Id: return textMatches(m_store->text(r.id), t);
    case Field::State: {
        if (t.exact) {
            const bool same = equalsFolded(m_store->symbol(r.providerState), t.value) ||
                              equalsFolded(drivers::machineStateName(r.state), t.value);
            return t.op == Op::NotEquals ? !same : same;
        }
        const QString name = drivers::machineStateName(r.state);
        const bool hit = t.op == Op::Contains
                             ? name.startsWith(t.value) || equalsFolded(m_store->symbol(r.providerState), t.value)
                             : name == t.value || equalsFolded(m_store->symbol(r.providerState), t.value);
        return t.op == Op::NotEquals ? !hit : hit;
    }
    case Field::Account: {
        const AccountInfo &account = m_store->accountInfoOf(slot);
        const bool hit = textMatches(account.name, t) || textMatches(account.id, t);
        return t.op == Op::NotEquals ? textMatches(account.name, t) && textMatches(account.id, t) : hit;
    }
    case Field::Provider: return textMatches(m_store->accountInfoOf(slot).provider, t);
    case Field::Region:
        if (t.op == Op::NotEquals)
            return symbolMatches(termIndex, r.location) && symbolMatches(termIndex, r.locationName);
        return symbolMatches(termIndex, r.location) || symbolMatches(termIndex, r.locationName);
    case Field::Size:
        if (t.op == Op::NotEquals)
            return symbolMatches(termIndex, r.sizeId) && symbolMatches(termIndex, r.sizeName);
        return symbolMatches(termIndex, r.sizeId) || symbolMatches(termIndex, r.sizeName);
    case Field::Image:
        if (t.op == Op::NotEquals)
            return symbolMatches(termIndex, r.imageId) && symbolMatches(termIndex, r.imageName);
        return symbolMatches(termIndex, r.imageId) || symbolMatches(termIndex, r.imageName);
    case Field::Kind: return textMatches(drivers::machineKindName(r.kind), t);
    case Field::Ip: {
        const bool exact = t.exact || t.op != Op::Contains;
        const bool hit = anyPartMatches(m_store->text(r.publicIps), t.value, exact) ||
                         anyPartMatches(m_store->text(r.privateIps), t.value, exact);
        return t.op == Op::NotEquals ? !hit : hit;
    }
    case Field::Owner: {
        const auto owner = ownerOf(*m_store, slot);
        if (!owner)
            return t.op == Op::NotEquals;
        return symbolMatches(termIndex, *owner);
    }
    case Field::Tag: return tagsMatch(termIndex, r.tags);
    case Field::Cpu: return compareNumber(r.vcpus, t);
    case Field::Ram: return compareNumber(r.memoryMb, t);
    case Field::Disk: return compareNumber(r.diskGb, t);
    case Field::Cost: return r.hasMonthly && compareNumber(r.priceMonthly, t);
    case Field::Age: return r.createdMs != 0 && compareNumber(double(m_nowMs - r.createdMs) / (24.0 * 3600 * 1000), t);
    }
    return false;
}

} // namespace nephele::models
