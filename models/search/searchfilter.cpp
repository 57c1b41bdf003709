#include "searchfilter.h"

#include "inventory/inventorystore.h"

namespace nephele::models {

using drivers::Machine;

namespace {

// Splits on whitespace, keeping "quoted parts" together (quotes removed).
QStringList tokenize(QStringView query)
{
    QStringList tokens;
    QString current;
    bool quoted = false;
    bool hasToken = false;
    for (QChar c : query) {
        if (c == u'"') {
            quoted = !quoted;
            hasToken = true;
        } else if (c.isSpace() && !quoted) {
            if (hasToken)
                tokens.append(current);
            current.clear();
            hasToken = false;
        } else {
            current.append(c);
            hasToken = true;
        }
    }
    if (hasToken)
        tokens.append(current);
    return tokens;
}

std::optional<SearchFilter::Field> fieldFromKey(QStringView key)
{
    using F = SearchFilter::Field;
    const QString k = key.toString().toLower();
    if (k == u"state" || k == u"status")
        return F::State;
    if (k == u"region" || k == u"location" || k == u"loc")
        return F::Region;
    if (k == u"size")
        return F::Size;
    if (k == u"tag")
        return F::Tag;
    if (k == u"account" || k == u"cloud")
        return F::Account;
    if (k == u"name")
        return F::Name;
    if (k == u"id")
        return F::Id;
    if (k == u"ip")
        return F::Ip;
    return std::nullopt;
}

bool has(const QString &haystack, const QString &needle)
{
    return haystack.contains(needle, Qt::CaseInsensitive);
}

bool anyHas(const QStringList &list, const QString &needle)
{
    for (const QString &s : list) {
        if (has(s, needle))
            return true;
    }
    return false;
}

bool tagHas(const QList<drivers::Tag> &tags, const QString &needle)
{
    for (const drivers::Tag &tag : tags) {
        if (has(tag.text(), needle))
            return true;
    }
    return false;
}

} // namespace

SearchFilter SearchFilter::parse(QStringView query)
{
    SearchFilter filter;
    const QStringList tokens = tokenize(query);
    for (QString token : tokens) {
        Term term;
        if (token.size() > 1 && token.startsWith(u'-')) {
            term.negated = true;
            token.remove(0, 1);
        }
        const qsizetype colon = token.indexOf(u':');
        if (colon > 0) {
            if (auto field = fieldFromKey(QStringView(token).left(colon))) {
                term.field = *field;
                token = token.mid(colon + 1);
            }
        }
        if (token.isEmpty())
            continue; // "state:" while the user is still typing
        term.value = token.toLower();
        filter.m_terms.append(term);
    }
    return filter;
}

bool SearchFilter::matches(const Machine &machine, const AccountInfo *account) const
{
    for (const Term &term : m_terms) {
        if (termMatches(term, machine, account) == term.negated)
            return false;
    }
    return true;
}

bool SearchFilter::termMatches(const Term &term, const Machine &m, const AccountInfo *account)
{
    const QString &v = term.value;
    switch (term.field) {
    case Field::Any:
        return has(m.name, v) || has(m.id, v) || anyHas(m.publicIps, v) || anyHas(m.privateIps, v) || tagHas(m.tags, v);
    case Field::State:
        return drivers::machineStateName(m.state).startsWith(v) || m.providerState.compare(v, Qt::CaseInsensitive) == 0;
    case Field::Region: return has(m.location, v) || has(m.locationName, v);
    case Field::Size: return has(m.sizeId, v) || has(m.sizeName, v);
    case Field::Tag: return tagHas(m.tags, v);
    case Field::Account: return account && (has(account->name, v) || has(account->id, v));
    case Field::Name: return has(m.name, v);
    case Field::Id: return has(m.id, v);
    case Field::Ip: return anyHas(m.publicIps, v) || anyHas(m.privateIps, v);
    }
    return false;
}

} // namespace nephele::models
