#pragma once

#include <QByteArray>
#include <QRgb>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <span>
#include <vector>

namespace nephele::views {

// A colour as the host set it: the terminal's default, one of the 256 palette entries, or 24-bit
// RGB. Kept unresolved so a change of colour scheme repaints old output in the new colours.
class TerminalColor
{
public:
    enum class Kind : std::uint8_t { Default, Indexed, Rgb };

    constexpr TerminalColor() = default;
    static constexpr TerminalColor indexed(std::uint8_t index) { return TerminalColor(IndexedTag | index); }
    static constexpr TerminalColor rgb(std::uint8_t r, std::uint8_t g, std::uint8_t b)
    {
        return TerminalColor(RgbTag | (std::uint32_t(r) << 16) | (std::uint32_t(g) << 8) | b);
    }

    constexpr Kind kind() const
    {
        return (m_value & RgbTag) ? Kind::Rgb : (m_value & IndexedTag) ? Kind::Indexed : Kind::Default;
    }
    constexpr bool isDefault() const { return m_value == 0; }
    constexpr std::uint8_t index() const { return std::uint8_t(m_value & 0xff); }
    // The RGB value of an Rgb colour, opaque.
    constexpr QRgb rgbValue() const { return 0xff000000u | (m_value & 0xffffffu); }
    constexpr std::uint32_t raw() const { return m_value; }

    constexpr bool operator==(const TerminalColor &) const = default;

private:
    static constexpr std::uint32_t IndexedTag = 1u << 24;
    static constexpr std::uint32_t RgbTag = 1u << 25;
    explicit constexpr TerminalColor(std::uint32_t value)
        : m_value(value)
    {}
    std::uint32_t m_value = 0;
};

// The look of a cell: colours and attributes.
struct TerminalPen {
    enum Attribute : std::uint16_t {
        Bold = 1 << 0,
        Italic = 1 << 1,
        Underline = 1 << 2,
        DoubleUnderline = 1 << 3,
        CurlyUnderline = 1 << 4,
        Blink = 1 << 5,
        Reverse = 1 << 6,
        Strike = 1 << 7,
    };
    static constexpr std::uint16_t AnyUnderline = Underline | DoubleUnderline | CurlyUnderline;

    TerminalColor foreground;
    TerminalColor background;
    std::uint16_t attributes = 0;

    bool has(Attribute a) const { return (attributes & a) != 0; }
    bool operator==(const TerminalPen &) const = default;
};

// Cells in a row that share a pen and a glyph width. Sixteen bytes.
struct TerminalSpan {
    TerminalColor foreground;
    TerminalColor background;
    std::uint16_t attributes = 0;
    std::uint8_t width = 1;    // columns per cell: 1, or 2 for wide (CJK) characters
    std::uint8_t composed = 0; // one cell whose text is a base character and combining marks
    std::uint16_t columns = 0; // screen columns covered
    std::uint16_t textLength = 0;

    TerminalPen pen() const { return {foreground, background, attributes}; }
    int cells() const { return columns / width; }
};

// One cell, as read back for tests and for copying.
struct TerminalCell {
    QString text;  // empty for a blank cell and for the right half of a wide character
    int width = 1; // 0 for the right half of a wide character
    TerminalPen pen;
};

// One row of the terminal, stored compactly: the runs of cells that share a pen and the text of
// the cells in UTF-16, in one implicitly shared allocation, with trailing blank cells dropped. The
// scrollback is a list of these; copying one for the painter costs a reference count.
//
//   TerminalLineBuilder builder;
//   builder.appendCell(pen, U"a", 1, 1);   // one cell
//   TerminalLine line = builder.take();
//   line.plainText();                      // "a"
//   line.forEachCell([](int column, int width, QStringView text, const TerminalSpan &span) { ... });
class TerminalLine
{
public:
    int columns() const { return m_columns; }
    bool isEmpty() const { return m_columns == 0; }
    QStringView text() const
    {
        return {reinterpret_cast<const char16_t *>(m_data.constData() + m_spanCount * qsizetype(sizeof(TerminalSpan))),
                m_textLength};
    }
    std::span<const TerminalSpan> spans() const
    {
        return {reinterpret_cast<const TerminalSpan *>(m_data.constData()), m_spanCount};
    }

    // Calls f(column, width, text, span) for each cell, left to right; a blank cell has text " ".
    template<typename F>
    void forEachCell(F &&f) const;

    // The text of columns [from, to), blanks as spaces, trailing spaces removed. A wide character
    // is included when its first column is in range, or its second column is `from`.
    QString plainText(int from = 0, int to = 1 << 30) const;
    TerminalCell cellAt(int column) const;
    // text() as a QString, and the column that holds each of its UTF-16 units.
    QString plainTextWithColumns(std::vector<int> &columnOfIndex) const;
    // Bytes held, object and allocation, to keep the scrollback's cost visible.
    std::size_t memoryUsage() const;

    bool operator==(const TerminalLine &other) const { return m_columns == other.m_columns && m_data == other.m_data; }

private:
    friend class TerminalLineBuilder;
    QByteArray m_data; // m_spanCount spans, then m_textLength UTF-16 units
    int m_columns = 0;
    int m_textLength = 0;
    std::uint16_t m_spanCount = 0;
};

// Builds lines cell by cell in reusable buffers; take() makes the line's one allocation.
class TerminalLineBuilder
{
public:
    // `codePoints` holds the base character and any combining marks; empty or a lone 0 means a
    // blank cell.
    void appendCell(const TerminalPen &pen, const char32_t *codePoints, int count, int width);
    // The common case, inline: one narrow character from the Basic Multilingual Plane.
    void appendNarrow(const TerminalPen &pen, char16_t c)
    {
        if (m_spans.empty() || !m_lastNarrow || !(m_lastPen == pen) || m_spans.back().columns == 0xffff) {
            const char32_t wide = c;
            appendCell(pen, &wide, 1, 1);
            return;
        }
        m_text.push_back(c);
        TerminalSpan &last = m_spans.back();
        ++last.columns;
        ++last.textLength;
        ++m_columns;
    }
    TerminalLine take();
    // The same, reusing `recycled`'s allocation when nothing else holds it and it is big enough:
    // the scrollback hands in the line it drops, so a full scrollback allocates nothing.
    TerminalLine take(TerminalLine &&recycled);
    void clear();

private:
    std::vector<TerminalSpan> m_spans;
    std::vector<char16_t> m_text;
    int m_columns = 0;
    TerminalPen m_lastPen;     // the pen of the last span ...
    bool m_lastNarrow = false; // ... when it holds narrow, uncomposed cells
};

template<typename F>
void TerminalLine::forEachCell(F &&f) const
{
    const QStringView all = text();
    const QChar *chars = all.data();
    int offset = 0;
    int column = 0;
    for (const TerminalSpan &span : spans()) {
        if (span.composed) {
            f(column, int(span.width), QStringView(chars + offset, span.textLength), span);
            column += span.columns;
            offset += span.textLength;
            continue;
        }
        const int end = offset + span.textLength;
        while (offset < end) {
            const int length = (chars[offset].isHighSurrogate() && offset + 1 < end) ? 2 : 1;
            f(column, int(span.width), QStringView(chars + offset, length), span);
            offset += length;
            column += span.width;
        }
    }
}

} // namespace nephele::views
