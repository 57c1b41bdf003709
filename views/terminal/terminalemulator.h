#pragma once

#include "terminalline.h"

#include <QByteArray>
#include <QString>

#include <vterm_keycodes.h> // VTERM_KEY_*, VTERM_MOD_* for key() and character()

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

struct VTerm;
struct VTermState;

namespace nephele::views {

// Where the cursor is and how it looks.
struct TerminalCursor {
    enum class Shape { Block, Underline, Bar };
    int row = 0;
    int column = 0;
    bool visible = true;
    bool blinking = true;
    Shape shape = Shape::Block;
    bool operator==(const TerminalCursor &) const = default;
};

// A position in the whole history: `line` counts every line the terminal ever showed, so it stays
// attached to its text while output scrolls (see TerminalEmulator::firstLine()).
struct TerminalPosition {
    qint64 line = 0;
    int column = 0;
    auto operator<=>(const TerminalPosition &) const = default;
};

struct TerminalMatch {
    qint64 line = 0;
    int startColumn = 0;
    int endColumn = 0; // exclusive
    bool operator==(const TerminalMatch &) const = default;
};

// What changed since the last takeChanges(), for the painter.
struct TerminalChanges {
    std::vector<std::uint8_t> dirtyRows; // one flag per screen row
    bool anyDirty = false;
    bool titleChanged = false;
    bool cursorMoved = false;
    int bells = 0;
};

// The terminal emulation without widgets: libvterm's parser and state (escape sequences, cursor,
// modes, keyboard, mouse and paste encoding) over a screen of our own, plus a compact scrollback,
// history search and text extraction. Not thread-safe: TerminalWidget guards it with a lock and
// feeds it from its parser thread; tests drive it directly.
//
// Why not libvterm's screen layer: it moves every cell of the screen for each line that scrolls
// (most of its cost on scrolling output) and hands each scrolled line over cell by cell through
// vterm_screen_get_cell(). Here the rows are addressed through a table, so a scroll moves row
// numbers, and a line leaving the top is converted once, straight from our cells.
//
//   TerminalEmulator term(24, 80);
//   term.write("\x1b[1mhello");
//   term.screenLine(0).plainText();        // "hello"
//   term.key(VTERM_KEY_UP, 0);               // queues "\x1b[A" for the host
//   QByteArray reply = term.takeOutput();
class TerminalEmulator
{
public:
    enum class MouseMode { None, Click, Drag, Move };

    TerminalEmulator(int rows, int columns, int scrollbackLimit = 10000);
    ~TerminalEmulator();
    TerminalEmulator(const TerminalEmulator &) = delete;
    TerminalEmulator &operator=(const TerminalEmulator &) = delete;

    // Bytes from the host (the remote program's output).
    void write(const char *data, std::size_t size);
    void write(const QByteArray &data) { write(data.constData(), std::size_t(data.size())); }

    void resize(int rows, int columns);
    int rows() const { return m_rows; }
    int columns() const { return m_columns; }

    // Screen content.
    TerminalLine screenLine(int row) const;
    TerminalCell cell(int row, int column) const;
    TerminalCursor cursor() const { return m_cursor; }
    bool isAlternateScreen() const { return m_altScreen; }
    MouseMode mouseMode() const { return m_mouseMode; }
    QString title() const { return m_title; }
    TerminalChanges takeChanges();
    bool hasChanges() const { return m_anyDirty || m_cursorMoved || m_titleChanged || m_bells > 0; }

    // Scrollback: lines that scrolled off the top of the primary screen, oldest first.
    int scrollbackCount() const { return int(m_scrollback.size()); }
    const TerminalLine &scrollbackLine(int index) const { return m_scrollback[std::size_t(index)]; }
    int scrollbackLimit() const { return m_scrollbackLimit; }
    // 0 turns the scrollback off: lines that scroll away are only counted.
    void setScrollbackLimit(int lines);
    void clearScrollback();
    std::size_t scrollbackMemoryUsage() const;

    // The whole history as one list of lines: [firstLine(), endLine()) are the scrollback followed
    // by the screen rows. firstLine() grows as the oldest lines are dropped at the limit.
    qint64 firstLine() const { return m_droppedLines; }
    qint64 screenTopLine() const { return m_droppedLines + qint64(m_scrollback.size()); }
    qint64 endLine() const { return screenTopLine() + m_rows; }
    TerminalLine line(qint64 line) const;
    // The text between two positions (end exclusive), lines joined with '\n'.
    QString text(TerminalPosition start, TerminalPosition end) const;
    std::optional<TerminalMatch> find(const QString &needle, TerminalPosition from, bool backwards,
                                      Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive) const;

    // Input for the host, queued for takeOutput(). Modifiers are VTermModifier bits.
    void key(int vtermKey, int modifiers);
    void character(char32_t c, int modifiers);
    void sendRaw(QByteArrayView bytes);
    // Text pasted by the user: newlines become CR, and when the program asked for bracketed paste
    // the text is wrapped in ESC[200~ ... ESC[201~ with any ESC[201~ inside removed.
    void paste(const QString &text);
    void mouseMove(int row, int column, int modifiers);
    void mouseButton(int button, bool pressed, int modifiers);
    void focusChanged(bool focused);
    bool hasOutput() const { return !m_output.isEmpty(); }
    QByteArray takeOutput();

    // The 256-colour palette and default colours that libvterm starts with.
    std::array<QRgb, 256> defaultPalette() const;

private:
    friend struct TerminalEmulatorCallbacks; // libvterm's C callbacks, in the .cpp

    // The look a cell is written with: colours and TerminalPen attributes.
    struct Pen {
        TerminalColor foreground;
        TerminalColor background;
        std::uint16_t attributes = 0;
        bool operator==(const Pen &) const = default;
    };
    // One screen cell, as libvterm's state describes it: the base character and its combining
    // marks (chars[0] is 0 for a blank cell, ContinuationCell for the right half of a wide one).
    struct Cell {
        Pen pen;
        std::uint8_t protectedCell = 0; // DECSCA: kept by selective erase
        std::array<char32_t, 6> chars{};
    };

    void markAllDirty();
    void markRowsDirty(int first, int end);
    Cell *row(int r)
    {
        return m_cells[m_buffer].data() + std::size_t(m_rowSlot[m_buffer][std::size_t(r)]) * std::size_t(m_columns);
    }
    const Cell *row(int r) const
    {
        return m_cells[m_buffer].data() + std::size_t(m_rowSlot[m_buffer][std::size_t(r)]) * std::size_t(m_columns);
    }
    void eraseCells(int top, int bottom, int left, int right, bool selective);
    bool scrollRows(int top, int bottom, int downward);
    void moveCells(int destRow, int destColumn, int srcRow, int srcColumn, int rows, int columns);
    void pushScrollback(const Cell *cells);
    bool popScrollback(Cell *cells);
    void resizeScreen(int rows, int columns, int *cursorDelta);
    TerminalLine lineFromCells(const Cell *cells, TerminalLine &&recycled = {}) const;

    VTerm *m_vt = nullptr;
    VTermState *m_state = nullptr;
    // The primary screen [0] and the alternate one [1]: rows * columns cells each, in slots that
    // m_rowSlot maps screen rows to.
    std::array<std::vector<Cell>, 2> m_cells;
    std::array<std::vector<int>, 2> m_rowSlot;
    int m_buffer = 0;
    Pen m_pen;
    bool m_reverseScreen = false; // DECSCNM
    int m_rows = 0;
    int m_columns = 0;
    TerminalCursor m_cursor;
    bool m_altScreen = false;
    MouseMode m_mouseMode = MouseMode::None;
    QString m_title;
    bool m_titleChanged = false;
    bool m_cursorMoved = false;
    int m_bells = 0;
    std::vector<std::uint8_t> m_dirty;
    bool m_anyDirty = true;
    std::deque<TerminalLine> m_scrollback;
    int m_scrollbackLimit = 10000;
    qint64 m_droppedLines = 0;
    QByteArray m_output;
};

} // namespace nephele::views
