#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <algorithm>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace nephele::models {

// Strings that are unique to one resource (ids, names, addresses), kept as UTF-16 in blocks of
// 64 Ki characters and referenced by offset and length: no per-string heap block, no QString
// header. The store applies a watch's events on the GUI thread, so no step here may touch the
// whole arena: it grows a block at a time (one growing buffer copied itself whole, 60 ms at 15 MB),
// and compaction empties a few half-dead blocks at a time into the newest, keeping the emptied
// blocks for reuse.
//
//   StringArena arena;
//   auto ref = arena.add(u"web-1");
//   arena.view(ref) == u"web-1";
class StringArena final
{
public:
    struct Ref {
        quint32 offset = 0; // block << kBlockBits | position in the block
        quint32 size = 0;
        friend bool operator==(const Ref &, const Ref &) = default;
    };
    static constexpr int kBlockBits = 16;
    static constexpr quint32 kBlock = 1u << kBlockBits; // characters a block holds
    // Blocks emptied by one compact() at most: about 4 MB of text moved.
    static constexpr int kBlocksPerCompaction = 32;

    Ref add(QStringView text);
    // The parts joined by `separator`, without building the joined QString first.
    Ref addJoined(const QStringList &parts, char16_t separator);
    void release(Ref ref);
    QStringView view(Ref ref) const
    {
        return ref.size == 0 ? QStringView()
                             : QStringView(m_slots[ref.offset >> kBlockBits].start + (ref.offset & (kBlock - 1)),
                                           qsizetype(ref.size));
    }

    qsizetype garbage() const { return qsizetype(m_garbage); }
    qsizetype used() const { return qsizetype(m_used); }
    size_t bytes() const { return m_allocated * sizeof(char16_t) + m_slots.capacity() * sizeof(Slot); }
    // Whether compact() has work: a block other than the newest is half released or more.
    bool wantsCompaction() const { return m_garbage >= kBlock / 2 && firstSparse() != kNone; }

    // Moves the live text out of up to kBlocksPerCompaction half-released blocks and frees them.
    // forEachRef(fn) must call fn(Ref &) once for every live reference, which is updated in place.
    template<typename ForEachRef>
    void compact(ForEachRef &&forEachRef)
    {
        std::vector<quint32> victims;
        for (quint32 head = firstSparse(); head != kNone && int(victims.size()) < kBlocksPerCompaction;
             head = nextSparse(head + 1)) {
            victims.push_back(head);
            m_slots[head].victim = true;
        }
        if (victims.empty())
            return;
        forEachRef([this](Ref &ref) {
            if (ref.size == 0 || !m_slots[m_slots[ref.offset >> kBlockBits].head].victim)
                return;
            const QStringView text = view(ref);
            Ref moved = place(ref.size);
            std::copy(text.utf16(), text.utf16() + text.size(), writable(moved));
            release(ref);
            ref = moved;
        });
        for (quint32 head : victims) {
            m_slots[head].victim = false;
            if (m_slots[head].live == 0) // a reference that forEachRef missed keeps its block
                freeBlock(head);
        }
    }

private:
    static constexpr quint32 kNone = 0xffffffffu;
    // One per 64 Ki characters of offsets. A string longer than a block gets a block of several
    // slots; the first (the head) owns the memory and the counts.
    struct Slot {
        char16_t *start = nullptr;
        quint32 head = 0;
        quint32 slots = 0; // at the head: how many slots the block spans (0: none, free or dead)
        quint32 used = 0;  // at the head: characters written
        quint32 live = 0;  // at the head: characters not released
        bool victim = false;
        std::unique_ptr<char16_t[]> memory; // at the head
    };

    Ref place(quint32 size);
    char16_t *writable(Ref ref) { return m_slots[ref.offset >> kBlockBits].start + (ref.offset & (kBlock - 1)); }
    quint32 newBlock(quint32 size);
    void freeBlock(quint32 head);
    quint32 firstSparse() const { return nextSparse(0); }
    quint32 nextSparse(quint32 from) const;

    std::vector<Slot> m_slots;
    std::vector<quint32> m_spare; // heads of emptied one-slot blocks, memory kept
    quint32 m_current = kNone;    // the block being filled
    size_t m_used = 0;
    size_t m_garbage = 0;
    size_t m_allocated = 0; // characters of memory held
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
