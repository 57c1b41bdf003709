#include "terminalemulator.h"

#include <QList>

#include <vterm.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace nephele::views {

namespace {

constexpr char32_t ContinuationCell = 0xffffffffu; // the right half of a wide character, as libvterm marks it

TerminalColor colorFrom(const VTermColor &c, bool foreground)
{
    if (foreground ? VTERM_COLOR_IS_DEFAULT_FG(&c) : VTERM_COLOR_IS_DEFAULT_BG(&c))
        return {};
    if (VTERM_COLOR_IS_INDEXED(&c))
        return TerminalColor::indexed(c.indexed.idx);
    return TerminalColor::rgb(c.rgb.red, c.rgb.green, c.rgb.blue);
}

std::uint16_t setAttribute(std::uint16_t attributes, std::uint16_t bit, bool on)
{
    return std::uint16_t(on ? (attributes | bit) : (attributes & ~bit));
}

} // namespace

// libvterm's state layer calls these as it interprets the bytes; they keep our screen.
struct TerminalEmulatorCallbacks {
    static_assert(std::is_trivially_copyable_v<TerminalEmulator::Cell>); // moved with memmove
    static TerminalEmulator *self(void *user) { return static_cast<TerminalEmulator *>(user); }

    static int putGlyph(VTermGlyphInfo *info, VTermPos pos, void *user)
    {
        TerminalEmulator *t = self(user);
        if (pos.row < 0 || pos.row >= t->m_rows || pos.col < 0 || pos.col >= t->m_columns)
            return 0;
        TerminalEmulator::Cell *cells = t->row(pos.row);
        TerminalEmulator::Cell &cell = cells[pos.col];
        std::size_t n = 0;
        while (n < cell.chars.size() && info->chars[n] != 0) {
            cell.chars[n] = info->chars[n];
            ++n;
        }
        if (n < cell.chars.size())
            cell.chars[n] = 0;
        cell.pen = t->m_pen;
        cell.protectedCell = info->protected_cell ? 1 : 0;
        for (int col = pos.col + 1; col < pos.col + info->width && col < t->m_columns; ++col)
            cells[col].chars[0] = ContinuationCell;
        t->m_dirty[std::size_t(pos.row)] = 1;
        t->m_anyDirty = true;
        return 1;
    }

    // Called for every character written: only note where the cursor is. The painter compares it
    // with the cursor it painted and redraws both rows.
    static int moveCursor(VTermPos pos, VTermPos, int visible, void *user)
    {
        TerminalEmulator *t = self(user);
        t->m_cursor.row = pos.row;
        t->m_cursor.column = pos.col;
        t->m_cursor.visible = visible != 0;
        t->m_cursorMoved = true;
        return 1;
    }

    static int scrollRect(VTermRect rect, int downward, int rightward, void *user)
    {
        TerminalEmulator *t = self(user);
        // Whole rows: ours. Anything else (insert and delete of characters, margins) libvterm does
        // through moveRect() and erase().
        if (rightward != 0 || rect.start_col != 0 || rect.end_col != t->m_columns)
            return 0;
        return t->scrollRows(rect.start_row, rect.end_row, downward) ? 1 : 0;
    }

    static int moveRect(VTermRect dest, VTermRect src, void *user)
    {
        self(user)->moveCells(dest.start_row, dest.start_col, src.start_row, src.start_col,
                              dest.end_row - dest.start_row, dest.end_col - dest.start_col);
        return 1;
    }

    static int erase(VTermRect rect, int selective, void *user)
    {
        self(user)->eraseCells(rect.start_row, rect.end_row, rect.start_col, rect.end_col, selective != 0);
        return 1;
    }

    static int initPen(void *user)
    {
        self(user)->m_pen = {};
        return 1;
    }

    static int setPenAttr(VTermAttr attr, VTermValue *val, void *user)
    {
        TerminalEmulator::Pen &pen = self(user)->m_pen;
        switch (attr) {
        case VTERM_ATTR_BOLD: pen.attributes = setAttribute(pen.attributes, TerminalPen::Bold, val->boolean); break;
        case VTERM_ATTR_UNDERLINE:
            pen.attributes &= std::uint16_t(~TerminalPen::AnyUnderline);
            pen.attributes |= val->number == VTERM_UNDERLINE_SINGLE   ? TerminalPen::Underline
                              : val->number == VTERM_UNDERLINE_DOUBLE ? TerminalPen::DoubleUnderline
                              : val->number == VTERM_UNDERLINE_CURLY  ? TerminalPen::CurlyUnderline
                                                                      : 0;
            break;
        case VTERM_ATTR_ITALIC: pen.attributes = setAttribute(pen.attributes, TerminalPen::Italic, val->boolean); break;
        case VTERM_ATTR_BLINK: pen.attributes = setAttribute(pen.attributes, TerminalPen::Blink, val->boolean); break;
        case VTERM_ATTR_REVERSE:
            pen.attributes = setAttribute(pen.attributes, TerminalPen::Reverse, val->boolean);
            break;
        case VTERM_ATTR_STRIKE: pen.attributes = setAttribute(pen.attributes, TerminalPen::Strike, val->boolean); break;
        case VTERM_ATTR_FOREGROUND: pen.foreground = colorFrom(val->color, true); break;
        case VTERM_ATTR_BACKGROUND: pen.background = colorFrom(val->color, false); break;
        default: break;
        }
        return 1;
    }

    static int setTermProp(VTermProp prop, VTermValue *val, void *user)
    {
        TerminalEmulator *t = self(user);
        switch (prop) {
        case VTERM_PROP_CURSORVISIBLE: t->m_cursor.visible = val->boolean != 0; break;
        case VTERM_PROP_CURSORBLINK: t->m_cursor.blinking = val->boolean != 0; break;
        case VTERM_PROP_CURSORSHAPE:
            t->m_cursor.shape = val->number == VTERM_PROP_CURSORSHAPE_UNDERLINE  ? TerminalCursor::Shape::Underline
                                : val->number == VTERM_PROP_CURSORSHAPE_BAR_LEFT ? TerminalCursor::Shape::Bar
                                                                                 : TerminalCursor::Shape::Block;
            break;
        case VTERM_PROP_ALTSCREEN:
            // Entering, libvterm erases the alternate screen next; leaving shows the primary as it was.
            t->m_altScreen = val->boolean != 0;
            t->m_buffer = t->m_altScreen ? 1 : 0;
            t->markAllDirty();
            break;
        case VTERM_PROP_TITLE:
            t->m_title = QString::fromUtf8(val->string ? val->string : "");
            t->m_titleChanged = true;
            break;
        case VTERM_PROP_MOUSE:
            t->m_mouseMode = val->number == VTERM_PROP_MOUSE_CLICK  ? TerminalEmulator::MouseMode::Click
                             : val->number == VTERM_PROP_MOUSE_DRAG ? TerminalEmulator::MouseMode::Drag
                             : val->number == VTERM_PROP_MOUSE_MOVE ? TerminalEmulator::MouseMode::Move
                                                                    : TerminalEmulator::MouseMode::None;
            break;
        case VTERM_PROP_REVERSE:
            t->m_reverseScreen = val->boolean != 0;
            t->markAllDirty();
            break;
        default: break;
        }
        if (t->m_cursor.row >= 0 && t->m_cursor.row < t->m_rows)
            t->m_dirty[std::size_t(t->m_cursor.row)] = 1;
        t->m_anyDirty = true;
        return 1;
    }

    static int bell(void *user)
    {
        ++self(user)->m_bells;
        return 1;
    }

    static int resize(int rows, int columns, VTermPos *delta, void *user)
    {
        self(user)->resizeScreen(rows, columns, &delta->row);
        return 1;
    }

    static int setLineInfo(int, const VTermLineInfo *, const VTermLineInfo *, void *) { return 1; }

    static void output(const char *s, std::size_t len, void *user) { self(user)->m_output.append(s, qsizetype(len)); }
};

namespace {
const VTermStateCallbacks stateCallbacks = {
    &TerminalEmulatorCallbacks::putGlyph,    &TerminalEmulatorCallbacks::moveCursor,
    &TerminalEmulatorCallbacks::scrollRect,  &TerminalEmulatorCallbacks::moveRect,
    &TerminalEmulatorCallbacks::erase,       &TerminalEmulatorCallbacks::initPen,
    &TerminalEmulatorCallbacks::setPenAttr,  &TerminalEmulatorCallbacks::setTermProp,
    &TerminalEmulatorCallbacks::bell,        &TerminalEmulatorCallbacks::resize,
    &TerminalEmulatorCallbacks::setLineInfo,
};
} // namespace

TerminalEmulator::TerminalEmulator(int rows, int columns, int scrollbackLimit)
    : m_rows(std::max(rows, 1))
    , m_columns(std::max(columns, 1))
    , m_dirty(std::size_t(m_rows), 1)
    , m_scrollbackLimit(std::max(scrollbackLimit, 0))
{
    for (std::size_t b = 0; b < m_cells.size(); ++b) {
        m_cells[b].assign(std::size_t(m_rows) * std::size_t(m_columns), Cell{});
        m_rowSlot[b].resize(std::size_t(m_rows));
        for (int r = 0; r < m_rows; ++r)
            m_rowSlot[b][std::size_t(r)] = r;
    }
    m_vt = vterm_new(m_rows, m_columns);
    vterm_set_utf8(m_vt, 1);
    m_state = vterm_obtain_state(m_vt);
    vterm_output_set_callback(m_vt, &TerminalEmulatorCallbacks::output, this);
    vterm_state_set_callbacks(m_state, &stateCallbacks, this);
    vterm_state_reset(m_state, 1);
}

TerminalEmulator::~TerminalEmulator()
{
    vterm_free(m_vt);
}

void TerminalEmulator::write(const char *data, std::size_t size)
{
    vterm_input_write(m_vt, data, size);
}

void TerminalEmulator::resize(int rows, int columns)
{
    rows = std::max(rows, 1);
    columns = std::max(columns, 1);
    if (rows == m_rows && columns == m_columns)
        return;
    vterm_set_size(m_vt, rows, columns); // libvterm calls resizeScreen() back
    VTermPos pos;
    vterm_state_get_cursorpos(m_state, &pos);
    m_cursor.row = pos.row;
    m_cursor.column = pos.col;
    markAllDirty();
}

void TerminalEmulator::markRowsDirty(int first, int end)
{
    first = std::max(first, 0);
    end = std::min(end, m_rows);
    for (int r = first; r < end; ++r)
        m_dirty[std::size_t(r)] = 1;
    m_anyDirty = true;
}

// Erased cells keep the pen's colours, not its other attributes (as xterm and libvterm do).
void TerminalEmulator::eraseCells(int top, int bottom, int left, int right, bool selective)
{
    top = std::max(top, 0);
    bottom = std::min(bottom, m_rows);
    left = std::max(left, 0);
    right = std::min(right, m_columns);
    Cell blank;
    blank.pen.foreground = m_pen.foreground;
    blank.pen.background = m_pen.background;
    for (int r = top; r < bottom; ++r) {
        Cell *cells = row(r);
        for (int c = left; c < right; ++c) {
            if (selective && cells[c].protectedCell)
                continue;
            cells[c] = blank;
        }
    }
    markRowsDirty(top, bottom);
}

// Whole rows [top, bottom) scroll by `downward` (up when positive): the row table turns, the rows
// that come in are erased. Rows leaving the top of the primary screen go to the scrollback.
bool TerminalEmulator::scrollRows(int top, int bottom, int downward)
{
    top = std::max(top, 0);
    bottom = std::min(bottom, m_rows);
    const int height = bottom - top;
    if (height <= 0 || downward == 0)
        return true;
    const int n = std::min(std::abs(downward), height);
    if (downward > 0 && top == 0 && m_buffer == 0) {
        for (int r = 0; r < n; ++r)
            pushScrollback(row(r));
    }
    std::vector<int> &rowSlots = m_rowSlot[m_buffer];
    const auto first = rowSlots.begin() + top;
    const auto last = rowSlots.begin() + bottom;
    if (downward > 0) {
        std::rotate(first, first + n, last);
        eraseCells(bottom - n, bottom, 0, m_columns, false);
    } else {
        std::rotate(first, last - n, last);
        eraseCells(top, top + n, 0, m_columns, false);
    }
    markRowsDirty(top, bottom);
    return true;
}

// A block of cells moves (libvterm's fallback for partial scrolls); the order keeps overlapping
// source cells intact.
void TerminalEmulator::moveCells(int destRow, int destColumn, int srcRow, int srcColumn, int rows, int columns)
{
    if (rows <= 0 || columns <= 0)
        return;
    const bool upward = srcRow > destRow;
    for (int i = 0; i < rows; ++i) {
        const int k = upward ? i : rows - 1 - i;
        std::memmove(row(destRow + k) + destColumn, row(srcRow + k) + srcColumn, std::size_t(columns) * sizeof(Cell));
    }
    markRowsDirty(destRow, destRow + rows);
}

void TerminalEmulator::pushScrollback(const Cell *cells)
{
    if (m_scrollbackLimit <= 0) {
        ++m_droppedLines;
        return;
    }
    // At the limit the oldest line goes, and its allocation carries the new one.
    TerminalLine dropped;
    if (int(m_scrollback.size()) >= m_scrollbackLimit) {
        dropped = std::move(m_scrollback.front());
        m_scrollback.pop_front();
        ++m_droppedLines;
    }
    m_scrollback.push_back(lineFromCells(cells, std::move(dropped)));
}

// The newest scrollback line back into a row of cells, for a screen growing taller.
bool TerminalEmulator::popScrollback(Cell *cells)
{
    if (m_scrollback.empty())
        return false;
    const TerminalLine line = std::move(m_scrollback.back());
    m_scrollback.pop_back();
    std::fill(cells, cells + m_columns, Cell{});
    line.forEachCell([&](int col, int width, QStringView text, const TerminalSpan &span) {
        if (col >= m_columns)
            return;
        Cell &c = cells[col];
        std::size_t n = 0;
        for (const char32_t u : text.toUcs4()) {
            if (n < c.chars.size())
                c.chars[n++] = u == U' ' && text.size() == 1 ? 0 : u;
        }
        if (n < c.chars.size())
            c.chars[n] = 0;
        c.pen = {span.foreground, span.background, span.attributes};
        if (width == 2 && col + 1 < m_columns)
            cells[col + 1].chars[0] = ContinuationCell;
    });
    return true;
}

// libvterm's state resized: the primary screen keeps its bottom rows (the lines above go to the
// scrollback) when it shrinks past the cursor or text, and takes lines back from the scrollback
// when it grows; `cursorDelta` tells libvterm how far the cursor moved with the text.
void TerminalEmulator::resizeScreen(int rows, int columns, int *cursorDelta)
{
    rows = std::max(rows, 1);
    columns = std::max(columns, 1);
    const bool primary = m_buffer == 0;
    m_dirty.assign(std::size_t(std::max(rows, m_rows)), 1);
    if (primary && rows < m_rows) {
        VTermPos cursor;
        vterm_state_get_cursorpos(m_state, &cursor);
        int r = m_rows - 1;
        for (; r >= rows; --r) {
            const Cell *cells = row(r);
            const bool blank = std::all_of(cells, cells + m_columns, [](const Cell &c) { return c.chars[0] == 0; });
            if (!blank || cursor.row == r)
                break;
        }
        const int firstBlank = r + 1;
        if (firstBlank > rows) {
            scrollRows(0, m_rows, firstBlank - rows);
            *cursorDelta -= firstBlank - rows;
        }
    }
    Cell blank;
    blank.pen.foreground = m_pen.foreground;
    blank.pen.background = m_pen.background;
    for (std::size_t b = 0; b < m_cells.size(); ++b) {
        std::vector<Cell> cells(std::size_t(rows) * std::size_t(columns), blank);
        for (int r = 0; r < std::min(rows, m_rows); ++r) {
            const Cell *from = m_cells[b].data() + std::size_t(m_rowSlot[b][std::size_t(r)]) * std::size_t(m_columns);
            std::copy(from, from + std::min(columns, m_columns), cells.begin() + std::ptrdiff_t(r) * columns);
        }
        m_cells[b] = std::move(cells);
        m_rowSlot[b].resize(std::size_t(rows));
        for (int r = 0; r < rows; ++r)
            m_rowSlot[b][std::size_t(r)] = r;
    }
    const int oldRows = m_rows;
    m_rows = rows;
    m_columns = columns;
    if (primary && rows > oldRows) {
        for (int added = rows - oldRows; added > 0; --added) {
            std::vector<int> &rowSlots = m_rowSlot[0];
            std::rotate(rowSlots.begin(), rowSlots.end() - 1, rowSlots.end()); // the bottom row, blank, to the top
            if (!popScrollback(row(0))) {
                std::rotate(rowSlots.begin(), rowSlots.begin() + 1, rowSlots.end());
                break;
            }
            ++*cursorDelta;
        }
    }
    m_dirty.assign(std::size_t(m_rows), 1);
    m_anyDirty = true;
}

// The compact line of a row of cells. Neighbouring cells usually share a pen, so the pen is
// converted only when it differs from the previous cell's.
TerminalLine TerminalEmulator::lineFromCells(const Cell *cells, TerminalLine &&recycled) const
{
    const std::uint16_t reverse = m_reverseScreen ? TerminalPen::Reverse : 0;
    auto blank = [reverse](const Cell &cell) {
        if (cell.chars[0] != 0 && cell.chars[0] != U' ')
            return false;
        return cell.pen.background.isDefault() &&
               ((cell.pen.attributes ^ reverse) &
                (TerminalPen::Reverse | TerminalPen::AnyUnderline | TerminalPen::Strike)) == 0;
    };
    int end = m_columns;
    while (end > 0 && (cells[end - 1].chars[0] == ContinuationCell || blank(cells[end - 1])))
        --end;
    thread_local TerminalLineBuilder builder;
    builder.clear();
    char32_t chars[6];
    TerminalPen pen;
    const Pen *previous = nullptr;
    for (int col = 0; col < end; ++col) {
        const Cell &cell = cells[col];
        if (cell.chars[0] == ContinuationCell)
            continue;
        if (!previous || !(cell.pen == *previous)) {
            pen = {cell.pen.foreground, cell.pen.background, std::uint16_t(cell.pen.attributes ^ reverse)};
            previous = &cell.pen;
        }
        const int width = col + 1 < m_columns && cells[col + 1].chars[0] == ContinuationCell ? 2 : 1;
        if (width == 1 && cell.chars[0] <= 0xffff && (cell.chars[0] == 0 || cell.chars[1] == 0)) {
            builder.appendNarrow(pen, cell.chars[0] == 0 ? u' ' : char16_t(cell.chars[0]));
            continue;
        }
        int n = 0;
        while (n < 6 && cell.chars[std::size_t(n)] != 0) {
            chars[n] = cell.chars[std::size_t(n)];
            ++n;
        }
        builder.appendCell(pen, chars, n, width);
    }
    return builder.take(std::move(recycled));
}

TerminalLine TerminalEmulator::screenLine(int r) const
{
    if (r < 0 || r >= m_rows)
        return {};
    return lineFromCells(row(r));
}

TerminalCell TerminalEmulator::cell(int r, int column) const
{
    TerminalCell out;
    if (r < 0 || r >= m_rows || column < 0 || column >= m_columns)
        return out;
    const Cell *cells = row(r);
    const Cell &c = cells[column];
    out.pen = {c.pen.foreground, c.pen.background,
               std::uint16_t(c.pen.attributes ^ (m_reverseScreen ? TerminalPen::Reverse : 0))};
    if (c.chars[0] == ContinuationCell) {
        out.width = 0;
        return out;
    }
    out.width = column + 1 < m_columns && cells[column + 1].chars[0] == ContinuationCell ? 2 : 1;
    for (std::size_t i = 0; i < c.chars.size() && c.chars[i] != 0; ++i) {
        const char32_t u = c.chars[i];
        out.text.append(QString::fromUcs4(&u, 1));
    }
    return out;
}

TerminalChanges TerminalEmulator::takeChanges()
{
    TerminalChanges changes;
    changes.dirtyRows.assign(std::size_t(m_rows), 0);
    changes.dirtyRows.swap(m_dirty);
    changes.anyDirty = m_anyDirty;
    changes.titleChanged = m_titleChanged;
    changes.bells = m_bells;
    changes.cursorMoved = m_cursorMoved;
    m_anyDirty = false;
    m_cursorMoved = false;
    m_titleChanged = false;
    m_bells = 0;
    return changes;
}

void TerminalEmulator::markAllDirty()
{
    std::fill(m_dirty.begin(), m_dirty.end(), std::uint8_t(1));
    m_anyDirty = true;
}

void TerminalEmulator::setScrollbackLimit(int lines)
{
    m_scrollbackLimit = std::max(lines, 0);
    while (int(m_scrollback.size()) > m_scrollbackLimit) {
        m_scrollback.pop_front();
        ++m_droppedLines;
    }
}

void TerminalEmulator::clearScrollback()
{
    m_droppedLines += qint64(m_scrollback.size());
    m_scrollback.clear();
}

std::size_t TerminalEmulator::scrollbackMemoryUsage() const
{
    std::size_t bytes = 0;
    for (const TerminalLine &line : m_scrollback)
        bytes += line.memoryUsage();
    return bytes;
}

TerminalLine TerminalEmulator::line(qint64 line) const
{
    if (line < firstLine() || line >= endLine())
        return {};
    if (line < screenTopLine())
        return m_scrollback[std::size_t(line - firstLine())];
    return screenLine(int(line - screenTopLine()));
}

QString TerminalEmulator::text(TerminalPosition start, TerminalPosition end) const
{
    if (end < start)
        std::swap(start, end);
    QString out;
    for (qint64 l = std::max(start.line, firstLine()); l <= end.line && l < endLine(); ++l) {
        const int from = l == start.line ? start.column : 0;
        const int to = l == end.line ? end.column : 1 << 30;
        if (l > std::max(start.line, firstLine()))
            out.append(QLatin1Char('\n'));
        out.append(line(l).plainText(from, to));
    }
    return out;
}

std::optional<TerminalMatch> TerminalEmulator::find(const QString &needle, TerminalPosition from, bool backwards,
                                                    Qt::CaseSensitivity sensitivity) const
{
    if (needle.isEmpty())
        return std::nullopt;
    std::vector<int> columnOf;
    // The match in `l` nearest to `from` in the search direction; `limit` false means any match.
    auto matchIn = [&](qint64 l, bool limit) -> std::optional<TerminalMatch> {
        const TerminalLine ln = line(l);
        const QString text = ln.plainTextWithColumns(columnOf);
        std::optional<TerminalMatch> best;
        for (qsizetype i = text.indexOf(needle, 0, sensitivity); i >= 0; i = text.indexOf(needle, i + 1, sensitivity)) {
            const int start = columnOf[std::size_t(i)];
            const qsizetype after = i + needle.size();
            const int end = after < qsizetype(columnOf.size()) ? columnOf[std::size_t(after)] : ln.columns();
            if (limit && (backwards ? start >= from.column : start <= from.column))
                continue;
            best = TerminalMatch{l, start, end};
            if (!backwards)
                break;
        }
        return best;
    };

    const qint64 first = firstLine();
    const qint64 last = endLine() - 1;
    const qint64 origin = std::clamp(from.line, first, last);
    const bool limitOrigin = from.line >= first && from.line <= last;
    const qint64 total = last - first + 1;
    // Every line once, starting at the origin and wrapping around; the origin again at the end
    // for the matches on the other side of `from`.
    for (qint64 step = 0; step <= total; ++step) {
        qint64 l = backwards ? origin - step : origin + step;
        if (l < first)
            l += total;
        if (l > last)
            l -= total;
        const bool limit = limitOrigin && step == 0;
        if (auto m = matchIn(l, limit))
            return m;
    }
    return std::nullopt;
}

void TerminalEmulator::key(int vtermKey, int modifiers)
{
    vterm_keyboard_key(m_vt, VTermKey(vtermKey), VTermModifier(modifiers));
}

void TerminalEmulator::character(char32_t c, int modifiers)
{
    vterm_keyboard_unichar(m_vt, c, VTermModifier(modifiers));
}

void TerminalEmulator::sendRaw(QByteArrayView bytes)
{
    m_output.append(bytes);
}

void TerminalEmulator::paste(const QString &text)
{
    QString normalized = text;
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\r"));
    normalized.replace(QLatin1Char('\n'), QLatin1Char('\r'));
    // A paste must not be able to end the bracket early and have the rest run as typed commands.
    normalized.remove(QStringLiteral("\x1b[201~"));
    vterm_keyboard_start_paste(m_vt);
    m_output.append(normalized.toUtf8());
    vterm_keyboard_end_paste(m_vt);
}

// libvterm 0.1.4 reports buttons even when the program never asked; only report when it did.
void TerminalEmulator::mouseMove(int row, int column, int modifiers)
{
    if (m_mouseMode == MouseMode::None)
        return;
    vterm_mouse_move(m_vt, row, column, VTermModifier(modifiers));
}

void TerminalEmulator::mouseButton(int button, bool pressed, int modifiers)
{
    if (m_mouseMode == MouseMode::None)
        return;
    vterm_mouse_button(m_vt, button, pressed, VTermModifier(modifiers));
}

void TerminalEmulator::focusChanged(bool focused)
{
    if (focused)
        vterm_state_focus_in(m_state);
    else
        vterm_state_focus_out(m_state);
}

QByteArray TerminalEmulator::takeOutput()
{
    QByteArray out;
    out.swap(m_output);
    return out;
}

std::array<QRgb, 256> TerminalEmulator::defaultPalette() const
{
    std::array<QRgb, 256> palette{};
    for (int i = 0; i < 256; ++i) {
        VTermColor c;
        vterm_state_get_palette_color(m_state, i, &c);
        vterm_state_convert_color_to_rgb(m_state, &c);
        palette[std::size_t(i)] = qRgb(c.rgb.red, c.rgb.green, c.rgb.blue);
    }
    return palette;
}

} // namespace nephele::views
