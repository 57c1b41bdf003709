#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>
#include <utility>
#include <vector>

namespace nephele::models {

// Strings that are unique to one resource (ids, names, addresses), kept as UTF-16 in one growing
// buffer and referenced by offset and length: no per-string heap block, no QString header.
// Released text is only counted; compact() rewrites the buffer when garbage dominates.
//
//   StringArena arena;
//   auto ref = arena.add(u"web-1");
//   arena.view(ref) == u"web-1";
class StringArena final
{
public:
    struct Ref {
        quint32 offset = 0;
        quint32 size = 0;
        friend bool operator==(const Ref &, const Ref &) = default;
    };

    Ref add(QStringView text);
    // The parts joined by `separator`, without building the joined QString first.
    Ref addJoined(const QStringList &parts, char16_t separator);
    void release(Ref ref) { m_garbage += ref.size; }
    QStringView view(Ref ref) const
    {
        return ref.size == 0 ? QStringView() : QStringView(m_data.data() + ref.offset, qsizetype(ref.size));
    }

    qsizetype garbage() const { return qsizetype(m_garbage); }
    qsizetype used() const { return qsizetype(m_data.size()); }
    size_t bytes() const { return m_data.capacity() * sizeof(char16_t); }
    // Whether compact() would pay off: over half the buffer is released text.
    bool wantsCompaction() const { return m_garbage > 65536 && m_garbage * 2 > m_data.size(); }

    // Rewrites the buffer with only live text. forEachRef(fn) must call fn(Ref &) once for every
    // live reference, which is updated in place.
    template<typename ForEachRef>
    void compact(ForEachRef &&forEachRef)
    {
        std::vector<char16_t> fresh;
        fresh.reserve(m_data.size() - m_garbage + 1024);
        forEachRef([&](Ref &ref) {
            if (ref.size == 0)
                return;
            const auto offset = quint32(fresh.size());
            fresh.insert(fresh.end(), m_data.begin() + ref.offset, m_data.begin() + ref.offset + ref.size);
            ref.offset = offset;
        });
        m_data = std::move(fresh);
        m_garbage = 0;
    }

private:
    std::vector<char16_t> m_data;
    size_t m_garbage = 0;
};

// Strings many resources share (regions, sizes, images, states, tag keys and values), each kept
// once and referred to by a 32-bit symbol. Symbol 0 is the empty string. Symbols are never freed:
// their number follows the variety of values, not the number of resources.
class SymbolTable final
{
public:
    using Symbol = quint32;

    SymbolTable();
    Symbol intern(QStringView text);
    // The same, looking up with the string itself: no copy when it is already known.
    Symbol intern(const QString &text);
    // The symbol of `text` if it was ever interned.
    std::optional<Symbol> find(QStringView text) const;
    const QString &text(Symbol symbol) const { return m_texts[symbol]; }
    qsizetype size() const { return m_texts.size(); }
    size_t bytes() const;

private:
    QList<QString> m_texts;
    QHash<QString, Symbol> m_index;
};

// Tag lists, interned as a whole: the resources of a deployment share one list.
class TagSetTable final
{
public:
    using Symbol = SymbolTable::Symbol;
    using TagSetId = quint32;
    using Tags = std::vector<std::pair<Symbol, Symbol>>; // (key, value) in the provider's order

    TagSetTable();
    TagSetId intern(const Tags &tags);
    const Tags &tags(TagSetId id) const { return m_sets[id]; }
    size_t bytes() const;

private:
    std::vector<Tags> m_sets;
    QHash<QByteArray, TagSetId> m_index;
};

} // namespace nephele::models
