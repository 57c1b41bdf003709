#include "terminalglyphcache.h"

#include <QFontMetricsF>
#include <QGlyphRun>
#include <QTextLayout>
#include <QtMath>

#include <algorithm>

namespace nephele::views {

void TerminalGlyphCache::setFont(const QFont &font)
{
    QFont base = font;
    base.setKerning(false);
    base.setStyleHint(QFont::TypeWriter, QFont::StyleStrategy(QFont::PreferDefault | QFont::PreferQuality));
    for (int style = Regular; style <= BoldItalic; ++style) {
        QFont f = base;
        f.setBold(style & Bold);
        f.setItalic(style & Italic);
        m_fonts[std::size_t(style)] = f;
    }
    m_rawFonts.clear();
    for (auto &table : m_ascii)
        table.fill(Glyph{});
    for (auto &others : m_others)
        others.clear();
    for (auto &fallbacks : m_fallbacks)
        fallbacks.clear();
    for (int style = Regular; style <= BoldItalic; ++style)
        m_primary[std::size_t(style)] = rawFontIndex(QRawFont::fromFont(m_fonts[std::size_t(style)]));

    const QFontMetricsF metrics(m_fonts[Regular]);
    m_cellWidth = std::max(1, qRound(metrics.horizontalAdvance(QLatin1Char('M'))));
    m_cellHeight = std::max(1, qCeil(metrics.ascent() + metrics.descent()));
    m_ascent = qRound(metrics.ascent());
    m_lineWidth = std::max(1, qRound(metrics.lineWidth()));
    m_underlineOffset =
        std::clamp(qRound(metrics.underlinePos()), 1, std::max(1, m_cellHeight - m_ascent - m_lineWidth));
    m_strikeOffset = std::max(1, qRound(metrics.strikeOutPos()));
    // Printable ASCII resolved now, so the first frame of output does not pay for it.
    for (int style = Regular; style <= BoldItalic; ++style) {
        for (char32_t c = 0x21; c < 0x7f; ++c)
            glyph(style, c, 1);
    }
}

int TerminalGlyphCache::rawFontIndex(const QRawFont &font)
{
    for (std::size_t i = 0; i < m_rawFonts.size(); ++i) {
        if (m_rawFonts[i] == font)
            return int(i);
    }
    m_rawFonts.push_back(font);
    return int(m_rawFonts.size() - 1);
}

TerminalGlyphCache::Glyph TerminalGlyphCache::resolve(int style, char32_t c, int width)
{
    Glyph g;
    g.resolved = true;
    const int primary = m_primary[std::size_t(style)];
    const QRawFont &own = m_rawFonts[std::size_t(primary)];
    if (own.isValid() && own.supportsCharacter(c)) {
        const QList<quint32> indexes = own.glyphIndexesForString(QString::fromUcs4(&c, 1));
        if (indexes.size() == 1 && indexes.front() != 0) {
            g.font = primary;
            g.index = indexes.front();
            g.advance = float(own.advancesForGlyphIndexes(indexes).front().x());
            if (width > 1)
                g.xOffset = float(std::max(0.0, (width * m_cellWidth - g.advance) / 2.0));
            return g;
        }
    }
    // A fallback font found before (a CJK font, say) most likely holds this character too.
    for (const int index : m_fallbacks[std::size_t(style)]) {
        const QRawFont &fallback = m_rawFonts[std::size_t(index)];
        if (!fallback.supportsCharacter(c))
            continue;
        const QList<quint32> indexes = fallback.glyphIndexesForString(QString::fromUcs4(&c, 1));
        if (indexes.size() != 1 || indexes.front() == 0)
            continue;
        g.font = index;
        g.index = indexes.front();
        g.advance = float(fallback.advancesForGlyphIndexes(indexes).front().x());
        g.xOffset = float(std::max(0.0, (width * m_cellWidth - g.advance) / 2.0));
        return g;
    }
    // Let Qt's own font fallback pick the font, once per character.
    QTextLayout layout(QString::fromUcs4(&c, 1), m_fonts[std::size_t(style)]);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    const QList<QGlyphRun> runs = layout.glyphRuns();
    if (runs.size() != 1 || runs.front().glyphIndexes().size() != 1 || runs.front().glyphIndexes().front() == 0) {
        // No font has it: the terminal font's "missing glyph" box, rather than asking again
        // every frame.
        if (own.isValid()) {
            g.font = primary;
            g.index = 0;
        }
        return g;
    }
    const QGlyphRun &run = runs.front();
    g.font = rawFontIndex(run.rawFont());
    g.index = run.glyphIndexes().front();
    auto &fallbacks = m_fallbacks[std::size_t(style)];
    if (g.font != primary && std::find(fallbacks.begin(), fallbacks.end(), g.font) == fallbacks.end())
        fallbacks.push_back(g.font);
    g.advance = float(run.rawFont().advancesForGlyphIndexes(run.glyphIndexes()).front().x());
    g.xOffset = float(std::max(0.0, (width * m_cellWidth - g.advance) / 2.0));
    return g;
}

} // namespace nephele::views
