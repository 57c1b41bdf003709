#pragma once

#include "core/expected.h"
#include "core/records.h"
#include "inventory/inventorystore.h"

#include <QList>
#include <QString>

#include <memory>
#include <vector>

namespace nephele::models {

// The search box's language (Mist's), parsed into a filter object the tree model runs.
//
//   auto filter = SearchFilter::parse(u"state:running AND cloud:prod cpu>2 tag:env=dev");
//   if (!filter) showError(filter.error().message);      // says what is wrong and where
//   auto matches = filter->matcher(store);
//   matches(slot);
//
// Terms are ANDed, implicitly or with AND; OR, NOT (or a leading '-' or '!') and parentheses
// combine them. A bare word matches a resource's name or id (and its addresses and tags),
// case-insensitively, anywhere in them; a "quoted" word matches a name or id exactly.
// `field:value` contains, `field=value` equals, `field!=value` differs; numeric fields (cpu,
// ram, disk, cost, age) take `> >= < <= = !=` and `:` (equals). Fields: name, id, state,
// account (or cloud), provider, region (or location), size, image, kind, ip, owner, tag
// (`tag:env` has the key, `tag:env=dev` has it with that value), cpu, ram (MB, or with GB),
// disk (GB), cost (monthly), age (days, or with h/d/w), namespace (or ns: a Kubernetes pod's or
// container's namespace, by exact name). An unknown field with ':' is taken as a bare word, so
// DigitalOcean tags such as `env:prod` are found as typed.
class SearchFilter final
{
public:
    enum class Field {
        Any,
        Name,
        Id,
        State,
        Account,
        Provider,
        Region,
        Size,
        Image,
        Kind,
        Ip,
        Owner,
        Tag,
        Cpu,
        Ram,
        Disk,
        Cost,
        Age
    };
    enum class Op { Contains, Equals, NotEquals, Greater, GreaterEq, Less, LessEq };

    struct Term {
        Field field = Field::Any;
        Op op = Op::Contains;
        QString value;    // lower case
        QString tagValue; // tag terms: the value after '=' (lower case), empty for "has the key"
        double number = 0;
        bool exact = false; // quoted
        friend bool operator==(const Term &, const Term &) = default;
    };

    struct ParseError {
        QString message;
        qsizetype position = 0; // in the query, for the search box to point at
    };

    // A compiled filter bound to a store, with caches for shared values (tag sets, symbols):
    // cheap to call for every resource.
    class Matcher
    {
    public:
        bool operator()(InventoryStore::Slot slot);

    private:
        friend class SearchFilter;
        Matcher(const SearchFilter *filter, const InventoryStore *store);
        bool eval(int index, InventoryStore::Slot slot);
        bool term(const Term &term, int termIndex, InventoryStore::Slot slot);
        bool symbolMatches(int termIndex, SymbolTable::Symbol symbol);
        bool tagsMatch(int termIndex, TagSetTable::TagSetId tags);

        const SearchFilter *m_filter;
        const InventoryStore *m_store;
        std::vector<std::vector<qint8>> m_symbolCache; // per term: -1 unknown, 0 no, 1 yes
        std::vector<std::vector<qint8>> m_tagCache;
        qint64 m_nowMs = 0;
    };

    SearchFilter() = default;
    static Expected<SearchFilter, ParseError> parse(QStringView query);

    bool isEmpty() const { return m_nodes.empty(); }
    QList<Term> terms() const;
    Matcher matcher(const InventoryStore &store) const { return Matcher(this, &store); }
    // One resource, without a prepared matcher (tests, single checks).
    bool matches(const InventoryStore &store, InventoryStore::Slot slot) const { return matcher(store)(slot); }
    QString query() const { return m_query; }

    friend bool operator==(const SearchFilter &a, const SearchFilter &b) { return a.m_query == b.m_query; }

private:
    friend class SearchParser;
    struct Node {
        enum class Type { Term, And, Or, Not } type = Type::Term;
        int left = -1;
        int right = -1;
        int term = -1;
    };

    std::vector<Node> m_nodes; // the root is the last
    std::vector<Term> m_terms;
    QString m_query;
};

} // namespace nephele::models
