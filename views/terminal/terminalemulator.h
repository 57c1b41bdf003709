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
struct VTermScreen;
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

// The terminal emulation without widgets: libvterm's screen plus a compact scrollback, keyboard,
// mouse and paste encoding, history search and text extraction. Not thread-safe: TerminalWidget
// guards it with a lock and feeds it from its parser thread; tests drive it directly.
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
    // 0 turns the scrollback off, and with it libvterm's work of handing lines over.
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

    void markAllDirty();

    VTerm *m_vt = nullptr;
    VTermScreen *m_screen = nullptr;
    VTermState *m_state = nullptr;
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
