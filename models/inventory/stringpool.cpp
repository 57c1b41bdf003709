#include "stringpool.h"

#include <limits>
#include <stdexcept>

namespace nephele::models {

StringArena::Ref StringArena::add(QStringView text)
{
    if (text.isEmpty())
        return {};
    if (m_data.size() + size_t(text.size()) > std::numeric_limits<quint32>::max())
        throw std::length_error("string arena full");
    const Ref ref{quint32(m_data.size()), quint32(text.size())};
    m_data.insert(m_data.end(), text.utf16(), text.utf16() + text.size());
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
    if (m_data.size() + total > std::numeric_limits<quint32>::max())
        throw std::length_error("string arena full");
    const Ref ref{quint32(m_data.size()), quint32(total)};
    bool first = true;
    for (const QString &part : parts) {
        if (!first)
            m_data.push_back(separator);
        first = false;
        // constData(), not utf16(): the latter copies literals and null strings first
        const auto *chars = reinterpret_cast<const char16_t *>(part.constData());
        m_data.insert(m_data.end(), chars, chars + part.size());
    }
    return ref;
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
