#include "terminalemulator.h"

#include <QList>

#include <vterm.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace nephele::views {

namespace {

constexpr std::uint32_t ContinuationCell = 0xffffffffu; // libvterm's right half of a wide character

TerminalColor colorFrom(const VTermColor &c, bool foreground)
{
    if (foreground ? VTERM_COLOR_IS_DEFAULT_FG(&c) : VTERM_COLOR_IS_DEFAULT_BG(&c))
        return {};
    if (VTERM_COLOR_IS_INDEXED(&c))
        return TerminalColor::indexed(c.indexed.idx);
    return TerminalColor::rgb(c.rgb.red, c.rgb.green, c.rgb.blue);
}

TerminalPen penFrom(const VTermScreenCell &cell)
{
    TerminalPen pen;
    pen.foreground = colorFrom(cell.fg, true);
    pen.background = colorFrom(cell.bg, false);
    std::uint16_t a = 0;
    if (cell.attrs.bold)
        a |= TerminalPen::Bold;
    if (cell.attrs.italic)
        a |= TerminalPen::Italic;
    switch (cell.attrs.underline) {
    case VTERM_UNDERLINE_SINGLE: a |= TerminalPen::Underline; break;
    case VTERM_UNDERLINE_DOUBLE: a |= TerminalPen::DoubleUnderline; break;
    case VTERM_UNDERLINE_CURLY: a |= TerminalPen::CurlyUnderline; break;
    default: break;
    }
    if (cell.attrs.blink)
        a |= TerminalPen::Blink;
    if (cell.attrs.reverse)
        a |= TerminalPen::Reverse;
    if (cell.attrs.strike)
        a |= TerminalPen::Strike;
    pen.attributes = a;
    return pen;
}

// A cell that paints nothing: no character, no background, nothing drawn over blank space.
bool isBlank(const VTermScreenCell &cell)
{
    const std::uint32_t c = cell.chars[0];
    if (c != 0 && c != U' ')
        return false;
    return VTERM_COLOR_IS_DEFAULT_BG(&cell.bg) && !cell.attrs.reverse && !cell.attrs.underline && !cell.attrs.strike;
}

VTermColor vtermColor(TerminalColor color, const VTermColor &fallback, std::uint8_t defaultFlag)
{
    VTermColor out = fallback;
    switch (color.kind()) {
    case TerminalColor::Kind::Default:
        out.type = std::uint8_t((out.type & ~VTERM_COLOR_DEFAULT_MASK) | defaultFlag);
        break;
    case TerminalColor::Kind::Indexed: vterm_color_indexed(&out, color.index()); break;
    case TerminalColor::Kind::Rgb: {
        const QRgb rgb = color.rgbValue();
        vterm_color_rgb(&out, std::uint8_t(qRed(rgb)), std::uint8_t(qGreen(rgb)), std::uint8_t(qBlue(rgb)));
        break;
    }
    }
    return out;
}

// Scratch row for reading the screen; each parser thread has its own.
thread_local std::vector<VTermScreenCell> rowBuffer;

} // namespace

struct TerminalEmulatorCallbacks {
    static TerminalEmulator *self(void *user) { return static_cast<TerminalEmulator *>(user); }

    static int damage(VTermRect rect, void *user)
    {
        TerminalEmulator *t = self(user);
        const int top = std::max(rect.start_row, 0);
        const int bottom = std::min(rect.end_row, t->m_rows);
        for (int row = top; row < bottom; ++row)
            t->m_dirty[std::size_t(row)] = 1;
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
            t->m_altScreen = val->boolean != 0;
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
        case VTERM_PROP_REVERSE: t->markAllDirty(); break;
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

    static int pushLine(int cols, const VTermScreenCell *cells, void *user)
    {
        TerminalEmulator *t = self(user);
        if (t->m_scrollbackLimit <= 0) {
            ++t->m_droppedLines;
            return 1;
        }
        // At the limit the oldest line goes, and its allocation carries the new one.
        TerminalLine dropped;
        if (int(t->m_scrollback.size()) >= t->m_scrollbackLimit) {
            dropped = std::move(t->m_scrollback.front());
            t->m_scrollback.pop_front();
            ++t->m_droppedLines;
        }
        t->m_scrollback.push_back(lineFromCells(cells, cols, std::move(dropped)));
        return 1;
    }

    static int popLine(int cols, VTermScreenCell *cells, void *user)
    {
        TerminalEmulator *t = self(user);
        if (t->m_scrollback.empty())
            return 0;
        const TerminalLine line = std::move(t->m_scrollback.back());
        t->m_scrollback.pop_back();

        VTermColor defaultFg;
        VTermColor defaultBg;
        vterm_state_get_default_colors(t->m_state, &defaultFg, &defaultBg);
        for (int col = 0; col < cols; ++col) {
            VTermScreenCell &c = cells[col];
            c = VTermScreenCell{};
            c.width = 1;
            c.fg = vtermColor({}, defaultFg, VTERM_COLOR_DEFAULT_FG);
            c.bg = vtermColor({}, defaultBg, VTERM_COLOR_DEFAULT_BG);
        }
        line.forEachCell([&](int col, int width, QStringView text, const TerminalSpan &span) {
            if (col >= cols)
                return;
            VTermScreenCell &c = cells[col];
            int n = 0;
            for (const char32_t u : text.toUcs4()) {
                if (n < VTERM_MAX_CHARS_PER_CELL)
                    c.chars[n++] = u == U' ' && text.size() == 1 ? 0 : u;
            }
            if (n < VTERM_MAX_CHARS_PER_CELL)
                c.chars[n] = 0;
            c.width = char(col + width <= cols ? width : 1);
            const TerminalPen pen = span.pen();
            c.fg = vtermColor(pen.foreground, defaultFg, VTERM_COLOR_DEFAULT_FG);
            c.bg = vtermColor(pen.background, defaultBg, VTERM_COLOR_DEFAULT_BG);
            c.attrs.bold = pen.has(TerminalPen::Bold);
            c.attrs.italic = pen.has(TerminalPen::Italic);
            c.attrs.underline = pen.has(TerminalPen::Underline)         ? VTERM_UNDERLINE_SINGLE
                                : pen.has(TerminalPen::DoubleUnderline) ? VTERM_UNDERLINE_DOUBLE
                                : pen.has(TerminalPen::CurlyUnderline)  ? VTERM_UNDERLINE_CURLY
                                                                        : VTERM_UNDERLINE_OFF;
            c.attrs.blink = pen.has(TerminalPen::Blink);
            c.attrs.reverse = pen.has(TerminalPen::Reverse);
            c.attrs.strike = pen.has(TerminalPen::Strike);
            if (c.width == 2 && col + 1 < cols)
                cells[col + 1].chars[0] = ContinuationCell;
        });
        return 1;
    }

    static void output(const char *s, std::size_t len, void *user) { self(user)->m_output.append(s, qsizetype(len)); }

    // A cell's look, attributes and both colours, is one run of bytes in libvterm's cell.
    static constexpr std::size_t LookBytes =
        offsetof(VTermScreenCell, bg) + sizeof(VTermColor) - offsetof(VTermScreenCell, attrs);
    static_assert(offsetof(VTermScreenCell, fg) > offsetof(VTermScreenCell, attrs) &&
                  offsetof(VTermScreenCell, bg) > offsetof(VTermScreenCell, fg) && LookBytes <= 16);

    // The compact line of a row of libvterm cells. Neighbouring cells usually share a pen, so the
    // pen is converted only when the cell's attributes or colours differ from the previous one.
    static TerminalLine lineFromCells(const VTermScreenCell *cells, int count, TerminalLine &&recycled = {})
    {
        int end = count;
        while (end > 0 && (cells[end - 1].chars[0] == ContinuationCell || isBlank(cells[end - 1])))
            --end;
        thread_local TerminalLineBuilder builder;
        builder.clear();
        char32_t chars[VTERM_MAX_CHARS_PER_CELL];
        TerminalPen pen;
        const VTermScreenCell *previous = nullptr;
        for (int col = 0; col < end; ++col) {
            const VTermScreenCell &cell = cells[col];
            if (cell.chars[0] == ContinuationCell)
                continue;
            if (!previous || std::memcmp(&cell.attrs, &previous->attrs, LookBytes) != 0)
                pen = penFrom(cell);
            previous = &cell;
            if (cell.width == 1 && cell.chars[0] <= 0xffff && (cell.chars[0] == 0 || cell.chars[1] == 0)) {
                builder.appendNarrow(pen, cell.chars[0] == 0 ? u' ' : char16_t(cell.chars[0]));
                continue;
            }
            int n = 0;
            while (n < VTERM_MAX_CHARS_PER_CELL && cell.chars[n] != 0) {
                chars[n] = cell.chars[n];
                ++n;
            }
            builder.appendCell(pen, chars, n, cell.width);
        }
        return builder.take(std::move(recycled));
    }
};

namespace {
const VTermScreenCallbacks screenCallbacks = {
    &TerminalEmulatorCallbacks::damage,
    nullptr, // moverect: libvterm reports a scroll as damage of the moved rows
    &TerminalEmulatorCallbacks::moveCursor,
    &TerminalEmulatorCallbacks::setTermProp,
    &TerminalEmulatorCallbacks::bell,
    nullptr, // resize: the widget resizes us, it knows
    &TerminalEmulatorCallbacks::pushLine,
    &TerminalEmulatorCallbacks::popLine,
};
// Without scrollback libvterm is not asked for the lines at all: it reads every cell of a line
// before handing it over, which is most of what a scrollback costs.
const VTermScreenCallbacks screenCallbacksWithoutScrollback = {
    &TerminalEmulatorCallbacks::damage,
    nullptr,
    &TerminalEmulatorCallbacks::moveCursor,
    &TerminalEmulatorCallbacks::setTermProp,
    &TerminalEmulatorCallbacks::bell,
    nullptr,
    nullptr,
    nullptr,
};
} // namespace

TerminalEmulator::TerminalEmulator(int rows, int columns, int scrollbackLimit)
    : m_rows(std::max(rows, 1))
    , m_columns(std::max(columns, 1))
    , m_dirty(std::size_t(m_rows), 1)
    , m_scrollbackLimit(std::max(scrollbackLimit, 0))
{
    m_vt = vterm_new(m_rows, m_columns);
    vterm_set_utf8(m_vt, 1);
    m_state = vterm_obtain_state(m_vt);
    m_screen = vterm_obtain_screen(m_vt);
    vterm_output_set_callback(m_vt, &TerminalEmulatorCallbacks::output, this);
    vterm_screen_set_callbacks(m_screen, m_scrollbackLimit > 0 ? &screenCallbacks : &screenCallbacksWithoutScrollback,
                               this);
    vterm_screen_enable_altscreen(m_screen, 1);
    // Damage merged per row by libvterm: one callback per row written, not one per character.
    vterm_screen_set_damage_merge(m_screen, VTERM_DAMAGE_ROW);
    vterm_screen_reset(m_screen, 1);
}

TerminalEmulator::~TerminalEmulator()
{
    vterm_free(m_vt);
}

void TerminalEmulator::write(const char *data, std::size_t size)
{
    vterm_input_write(m_vt, data, size);
    vterm_screen_flush_damage(m_screen); // the row libvterm was still merging
}

void TerminalEmulator::resize(int rows, int columns)
{
    rows = std::max(rows, 1);
    columns = std::max(columns, 1);
    if (rows == m_rows && columns == m_columns)
        return;
    // Damage callbacks during the resize must find a vector that fits both sizes.
    m_dirty.assign(std::size_t(std::max(rows, m_rows)), 1);
    vterm_set_size(m_vt, rows, columns);
    vterm_screen_flush_damage(m_screen);
    m_rows = rows;
    m_columns = columns;
    m_dirty.assign(std::size_t(m_rows), 1);
    VTermPos pos;
    vterm_state_get_cursorpos(m_state, &pos);
    m_cursor.row = pos.row;
    m_cursor.column = pos.col;
    markAllDirty();
}

TerminalLine TerminalEmulator::screenLine(int row) const
{
    if (row < 0 || row >= m_rows)
        return {};
    rowBuffer.resize(std::size_t(m_columns));
    VTermPos pos{row, 0};
    for (pos.col = 0; pos.col < m_columns; ++pos.col)
        vterm_screen_get_cell(m_screen, pos, &rowBuffer[std::size_t(pos.col)]);
    return TerminalEmulatorCallbacks::lineFromCells(rowBuffer.data(), m_columns);
}

TerminalCell TerminalEmulator::cell(int row, int column) const
{
    VTermScreenCell c{};
    TerminalCell out;
    if (!vterm_screen_get_cell(m_screen, VTermPos{row, column}, &c))
        return out;
    out.pen = penFrom(c);
    if (c.chars[0] == ContinuationCell) {
        out.width = 0;
        return out;
    }
    out.width = c.width;
    for (int i = 0; i < VTERM_MAX_CHARS_PER_CELL && c.chars[i] != 0; ++i) {
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
    vterm_screen_set_callbacks(m_screen, m_scrollbackLimit > 0 ? &screenCallbacks : &screenCallbacksWithoutScrollback,
                               this);
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
