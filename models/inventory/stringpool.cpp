#include "stringpool.h"

#include <limits>
#include <stdexcept>
#include <utility>

namespace nephele::models {

StringArena::Ref StringArena::add(QStringView text)
{
    if (text.isEmpty())
        return {};
    if (size_t(text.size()) > std::numeric_limits<quint32>::max() / 2)
        throw std::length_error("string too long for the arena");
    const Ref ref = place(quint32(text.size()));
    std::copy(text.utf16(), text.utf16() + text.size(), writable(ref));
    return ref;
}

StringArena::Ref StringArena::addJoined(const QStringList &parts, char16_t separator)
{
    if (parts.isEmpty())
        return {};
    if (parts.size() == 1)
        return add(parts.front());
    size_t total = size_t(parts.size()) - 1;
    for (const QString &part : parts)
        total += size_t(part.size());
    if (total > std::numeric_limits<quint32>::max() / 2)
        throw std::length_error("string too long for the arena");
    const Ref ref = place(quint32(total));
    char16_t *out = writable(ref);
    bool first = true;
    for (const QString &part : parts) {
        if (!first)
            *out++ = separator;
        first = false;
        // constData(), not utf16(): the latter copies literals and null strings first
        const auto *chars = reinterpret_cast<const char16_t *>(part.constData());
        out = std::copy(chars, chars + part.size(), out);
    }
    return ref;
}

void StringArena::release(Ref ref)
{
    if (ref.size == 0)
        return;
    const quint32 head = m_slots[ref.offset >> kBlockBits].head;
    Slot &block = m_slots[head];
    block.live -= ref.size;
    m_garbage += ref.size;
    // A block nothing refers to any more is free at once, unless it is being filled or emptied.
    if (block.live == 0 && head != m_current && !block.victim)
        freeBlock(head);
}

StringArena::Ref StringArena::place(quint32 size)
{
    if (m_current == kNone || m_slots[m_current].used + size > m_slots[m_current].slots * kBlock) {
        const quint32 head = newBlock(size);
        // A block of one string longer than a block stays as it is; the current one goes on.
        if (m_slots[head].slots == 1 || m_current == kNone) {
            const quint32 previous = std::exchange(m_current, head);
            if (previous != kNone && m_slots[previous].live == 0 && !m_slots[previous].victim)
                freeBlock(previous); // all released while it was being filled
        }
        if (head != m_current) {
            Slot &big = m_slots[head];
            big.used = big.live = size;
            m_used += size;
            return {head << kBlockBits, size};
        }
    }
    Slot &block = m_slots[m_current];
    const quint32 at = block.used;
    block.used += size;
    block.live += size;
    m_used += size;
    // The offset counts from the head: a string may run on into the block's further slots.
    return {(m_current << kBlockBits) + at, size};
}

quint32 StringArena::newBlock(quint32 size)
{
    const quint32 span = std::max<quint32>(1, (size + kBlock - 1) / kBlock);
    quint32 head = kNone;
    if (span == 1 && !m_spare.empty()) {
        head = m_spare.back();
        m_spare.pop_back();
    } else {
        if (m_slots.size() + span > size_t(1) << (32 - kBlockBits))
            throw std::length_error("string arena full");
        head = quint32(m_slots.size());
        m_slots.resize(m_slots.size() + span);
        Slot &first = m_slots[head];
        first.memory = std::make_unique_for_overwrite<char16_t[]>(size_t(span) * kBlock);
        m_allocated += size_t(span) * kBlock;
        for (quint32 i = 0; i < span; ++i) {
            m_slots[head + i].start = first.memory.get() + size_t(i) * kBlock;
            m_slots[head + i].head = head;
        }
    }
    Slot &block = m_slots[head];
    block.slots = span;
    block.used = block.live = 0;
    return head;
}

void StringArena::freeBlock(quint32 head)
{
    Slot &block = m_slots[head];
    m_used -= block.used;
    m_garbage -= block.used;
    block.used = block.live = 0;
    if (block.slots == 1) {
        m_spare.push_back(head); // memory kept: fresh pages cost more than the copy
    } else {
        m_allocated -= size_t(block.slots) * kBlock;
        block.memory.reset(); // its slots stay taken: offsets are never reused across sizes
    }
    block.slots = 0;
}

quint32 StringArena::nextSparse(quint32 from) const
{
    for (quint32 head = from; head < m_slots.size(); ++head) {
        const Slot &block = m_slots[head];
        if (block.slots != 0 && head != m_current && block.head == head && block.live * 2 <= block.used &&
            block.used > 0)
            return head;
    }
    return kNone;
}

SymbolTable::SymbolTable()
{
    m_texts.append(QString());
    m_index.insert(QString(), 0);
}

SymbolTable::Symbol SymbolTable::intern(QStringView text)
{
    if (text.isEmpty())
        return 0;
    // QHash<QString> has no heterogeneous lookup in Qt 6.4: the key is built once per call.
    const QString key = text.toString();
    auto it = m_index.constFind(key);
    if (it != m_index.constEnd())
        return *it;
    const auto symbol = Symbol(m_texts.size());
    m_texts.append(key);
    m_index.insert(key, symbol);
    return symbol;
}

SymbolTable::Symbol SymbolTable::intern(const QString &text)
{
    if (text.isEmpty())
        return 0;
    auto it = m_index.constFind(text);
    if (it != m_index.constEnd())
        return *it;
    const auto symbol = Symbol(m_texts.size());
    m_texts.append(text);
    m_index.insert(text, symbol);
    return symbol;
}

std::optional<SymbolTable::Symbol> SymbolTable::find(QStringView text) const
{
    auto it = m_index.constFind(text.toString());
    if (it == m_index.constEnd())
        return std::nullopt;
    return *it;
}

size_t SymbolTable::bytes() const
{
    size_t total = size_t(m_texts.capacity()) * sizeof(QString);
    for (const QString &text : m_texts)
        total += 32 + size_t(text.capacity()) * 2; // header and text
    total += size_t(m_index.capacity()) * (sizeof(QString) + sizeof(Symbol) + 8);
    return total;
}

TagSetTable::TagSetTable()
{
    m_sets.emplace_back();
    m_index.insert(QByteArray(), 0);
}

TagSetTable::TagSetId TagSetTable::intern(const Tags &tags)
{
    if (tags.empty())
        return 0;
    QByteArray key(qsizetype(tags.size() * 2 * sizeof(Symbol)), Qt::Uninitialized);
    auto *out = reinterpret_cast<Symbol *>(key.data());
    for (const auto &[k, v] : tags) {
        *out++ = k;
        *out++ = v;
    }
    auto it = m_index.constFind(key);
    if (it != m_index.constEnd())
        return *it;
    const auto id = TagSetId(m_sets.size());
    m_sets.push_back(tags);
    m_index.insert(key, id);
    return id;
}

size_t TagSetTable::bytes() const
{
    size_t total = m_sets.capacity() * sizeof(Tags);
    for (const Tags &set : m_sets)
        total += set.capacity() * sizeof(std::pair<Symbol, Symbol>) + (set.empty() ? 0 : 16);
    total += size_t(m_index.capacity()) * (sizeof(QByteArray) + sizeof(TagSetId) + 8 + 32);
    return total;
}

} // namespace nephele::models
