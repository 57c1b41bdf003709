#pragma once

#include <QFont>
#include <QHash>
#include <QRawFont>

#include <array>
#include <vector>

namespace nephele::views {

// The terminal font in its four styles, the cell metrics, and for each character the font that
// holds its glyph and the glyph's index, found once. The painter then draws runs of cells with
// QPainter::drawGlyphRun at positions of its own, with no text layout per frame. Characters that
// the terminal font lacks (CJK, symbols) resolve once through Qt's font fallback to another font.
class TerminalGlyphCache
{
public:
    enum Style { Regular = 0, Bold = 1, Italic = 2, BoldItalic = 3 };

    struct Glyph {
        int font = -1;        // index into rawFont(); -1: draw the cell as text
        quint32 index = 0;    // the glyph in that font
        float xOffset = 0.0f; // centres a fallback glyph in its cells
        float advance = 0.0f; // the font's own advance for it
        bool resolved = false;
    };

    void setFont(const QFont &font);
    const QFont &font(int style = Regular) const { return m_fonts[std::size_t(style)]; }
    const QRawFont &rawFont(int index) const { return m_rawFonts[std::size_t(index)]; }

    int cellWidth() const { return m_cellWidth; }
    int cellHeight() const { return m_cellHeight; }
    int ascent() const { return m_ascent; }
    int underlineOffset() const { return m_underlineOffset; } // below the baseline
    int strikeOffset() const { return m_strikeOffset; }       // above the baseline
    int lineWidth() const { return m_lineWidth; }

    const Glyph &glyph(int style, char32_t c, int width)
    {
        if (c < 128) {
            Glyph &g = m_ascii[std::size_t(style)][c];
            if (!g.resolved)
                g = resolve(style, c, width);
            return g;
        }
        auto &others = m_others[std::size_t(style)];
        auto it = others.find(c);
        if (it == others.end())
            it = others.insert(c, resolve(style, c, width));
        return *it;
    }

private:
    Glyph resolve(int style, char32_t c, int width);
    int rawFontIndex(const QRawFont &font);

    std::array<QFont, 4> m_fonts;
    std::array<int, 4> m_primary{}; // index of each style's own raw font
    std::vector<QRawFont> m_rawFonts;
    std::array<std::array<Glyph, 128>, 4> m_ascii{};
    std::array<QHash<char32_t, Glyph>, 4> m_others;
    std::array<std::vector<int>, 4> m_fallbacks; // raw fonts Qt's fallback chose, tried first
    int m_cellWidth = 8;
    int m_cellHeight = 16;
    int m_ascent = 12;
    int m_underlineOffset = 2;
    int m_strikeOffset = 4;
    int m_lineWidth = 1;
};

} // namespace nephele::views
