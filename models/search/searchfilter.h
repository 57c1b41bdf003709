#pragma once

#include "core/records.h"

#include <QList>
#include <QString>

namespace nephele::models {

struct AccountInfo;

// The search box's language, as a domain object the tree model calls.
//
//   auto filter = SearchFilter::parse(u"web state:running region:nyc");
//   filter.matches(machine, account);
//
// Words are ANDed. A bare word matches a machine's name, id, IP or a tag, case-insensitively.
// `key:value` restricts to a field: state, region (or location), size, tag, account, name, id, ip.
// A leading '-' negates a term; "double quotes" keep spaces. An unknown key is taken as a bare
// word, so DigitalOcean tags like `env:prod` are found as typed.
class SearchFilter final
{
public:
    enum class Field { Any, State, Region, Size, Tag, Account, Name, Id, Ip };

    struct Term {
        Field field = Field::Any;
        QString value; // lower case
        bool negated = false;
        friend bool operator==(const Term &, const Term &) = default;
    };

    SearchFilter() = default;
    static SearchFilter parse(QStringView query);

    bool isEmpty() const { return m_terms.isEmpty(); }
    const QList<Term> &terms() const { return m_terms; }
    bool matches(const drivers::Machine &machine, const AccountInfo *account) const;

    friend bool operator==(const SearchFilter &, const SearchFilter &) = default;

private:
    static bool termMatches(const Term &term, const drivers::Machine &machine, const AccountInfo *account);

    QList<Term> m_terms;
};

} // namespace nephele::models
