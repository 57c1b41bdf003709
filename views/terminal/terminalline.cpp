#include "terminalline.h"

#include <algorithm>
#include <cstring>

namespace nephele::views {

void TerminalLineBuilder::appendCell(const TerminalPen &pen, const char32_t *codePoints, int count, int width)
{
    width = std::clamp(width, 1, 2);
    const bool blank = count == 0 || codePoints[0] == 0;
    const bool composed = !blank && count > 1;
    const std::size_t before = m_text.size();
    if (blank) {
        m_text.push_back(u' ');
    } else {
        for (int i = 0; i < count; ++i) {
            const char32_t c = codePoints[i];
            if (c > 0xffff) {
                m_text.push_back(QChar::highSurrogate(c));
                m_text.push_back(QChar::lowSurrogate(c));
            } else {
                m_text.push_back(char16_t(c));
            }
        }
    }
    const auto length = std::uint16_t(m_text.size() - before);
    m_columns += width;
    m_lastPen = pen;
    m_lastNarrow = width == 1 && !composed;

    if (!composed && !m_spans.empty()) {
        TerminalSpan &last = m_spans.back();
        if (!last.composed && last.width == width && last.foreground == pen.foreground &&
            last.background == pen.background && last.attributes == pen.attributes && last.columns + width <= 0xffff) {
            last.columns = std::uint16_t(last.columns + width);
            last.textLength = std::uint16_t(last.textLength + length);
            return;
        }
    }
    TerminalSpan span;
    span.foreground = pen.foreground;
    span.background = pen.background;
    span.attributes = pen.attributes;
    span.width = std::uint8_t(width);
    span.composed = composed ? 1 : 0;
    span.columns = std::uint16_t(width);
    span.textLength = length;
    m_spans.push_back(span);
}

TerminalLine TerminalLineBuilder::take()
{
    return take(TerminalLine());
}

TerminalLine TerminalLineBuilder::take(TerminalLine &&recycled)
{
    TerminalLine line;
    line.m_data = std::move(recycled.m_data);
    line.m_columns = m_columns;
    line.m_textLength = int(m_text.size());
    line.m_spanCount = std::uint16_t(std::min<std::size_t>(m_spans.size(), 0xffff));
    if (line.m_spanCount > 0) {
        const std::size_t spanBytes = line.m_spanCount * sizeof(TerminalSpan);
        const std::size_t textBytes = m_text.size() * sizeof(char16_t);
        const qsizetype bytes = qsizetype(spanBytes) + qsizetype(textBytes);
        if (line.m_data.isDetached() && line.m_data.capacity() >= bytes) {
            line.m_data.resize(bytes); // no allocation: ours alone, and big enough
        } else {
            // A little room to spare, so the line this allocation is recycled for, of a similar
            // length, fits without another one.
            line.m_data = QByteArray();
            line.m_data.reserve((bytes + 63) & ~qsizetype(63));
            line.m_data.resize(bytes);
        }
        std::memcpy(line.m_data.data(), m_spans.data(), spanBytes);
        std::memcpy(line.m_data.data() + spanBytes, m_text.data(), textBytes);
    } else {
        line.m_data = QByteArray();
    }
    clear();
    return line;
}

void TerminalLineBuilder::clear()
{
    m_spans.clear();
    m_text.clear();
    m_columns = 0;
    m_lastNarrow = false;
}

QString TerminalLine::plainText(int from, int to) const
{
    QString out;
    out.reserve(std::min<qsizetype>(m_textLength, 2 * qsizetype(std::max(0, to - from))));
    forEachCell([&](int column, int width, QStringView text, const TerminalSpan &) {
        const bool starts = column >= from && column < to;
        const bool tail = width == 2 && column + 1 == from;
        if (starts || tail)
            out.append(text);
    });
    while (!out.isEmpty() && out.back() == QLatin1Char(' '))
        out.chop(1);
    return out;
}

QString TerminalLine::plainTextWithColumns(std::vector<int> &columnOfIndex) const
{
    columnOfIndex.clear();
    columnOfIndex.reserve(std::size_t(m_textLength));
    forEachCell([&](int column, int, QStringView text, const TerminalSpan &) {
        for (qsizetype i = 0; i < text.size(); ++i)
            columnOfIndex.push_back(column);
    });
    return text().toString();
}

TerminalCell TerminalLine::cellAt(int column) const
{
    TerminalCell cell;
    bool found = false;
    forEachCell([&](int start, int width, QStringView text, const TerminalSpan &span) {
        if (found || column < start || column >= start + width)
            return;
        found = true;
        cell.pen = span.pen();
        cell.width = column == start ? width : 0;
        if (column == start && text != QStringView(u" "))
            cell.text = text.toString();
    });
    return cell;
}

std::size_t TerminalLine::memoryUsage() const
{
    // The allocation carries a 16-byte header and a terminating byte.
    return sizeof(TerminalLine) + (m_data.isNull() ? 0 : std::size_t(m_data.capacity()) + 17);
}

} // namespace nephele::views
