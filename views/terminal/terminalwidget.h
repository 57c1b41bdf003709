#pragma once

#include "terminalemulator.h"
#include "terminalglyphcache.h"

#include <QAbstractScrollArea>
#include <QElapsedTimer>
#include <QTimer>

#include <array>
#include <memory>
#include <optional>
#include <vector>

class QLineEdit;

namespace nephele::views {

class AsciicastRecorder;

// The colours the terminal paints with when the program asks for none, and for its own marks.
struct TerminalColorScheme {
    QRgb foreground = qRgb(0xe5, 0xe5, 0xe5);
    QRgb background = qRgb(0x16, 0x16, 0x16);
    QRgb cursor = qRgb(0xe5, 0xe5, 0xe5);
    QRgb selectionForeground = qRgb(0xff, 0xff, 0xff);
    QRgb selectionBackground = qRgb(0x33, 0x5f, 0x9e);
    QRgb matchBackground = qRgb(0x6b, 0x5b, 0x12);
    QRgb currentMatchBackground = qRgb(0xe0, 0xa0, 0x10);
    QRgb matchForeground = qRgb(0x00, 0x00, 0x00);
    // The 16 ANSI colours; empty keeps libvterm's. The default is tuned for the dark background:
    // libvterm's own blue (0, 0, 224) is barely readable on it, and `ls` paints directories blue.
    std::optional<std::array<QRgb, 16>> ansi = std::array<QRgb, 16>{
        qRgb(0x2e, 0x34, 0x36), qRgb(0xe0, 0x5a, 0x5a), qRgb(0x5f, 0xb8, 0x5f), qRgb(0xd9, 0xb4, 0x4a),
        qRgb(0x5c, 0x8d, 0xe6), qRgb(0xb7, 0x6b, 0xd6), qRgb(0x4d, 0xb6, 0xc4), qRgb(0xd0, 0xd0, 0xd0),
        qRgb(0x80, 0x80, 0x80), qRgb(0xff, 0x6e, 0x6e), qRgb(0x8a, 0xe2, 0x8a), qRgb(0xff, 0xe0, 0x7a),
        qRgb(0x86, 0xad, 0xff), qRgb(0xda, 0x95, 0xf5), qRgb(0x7f, 0xe0, 0xec), qRgb(0xff, 0xff, 0xff)};
};

// A terminal: libvterm's emulation painted on a QAbstractScrollArea, with scrollback, search,
// selection, copy and paste, mouse reporting, zoom and recording. It knows nothing of SSH: bytes
// from the host go in through receiveData(), bytes for the host (keys, paste, mouse, replies to
// queries) come out of sendData(), and sizeChanged() tells the host the new size, so an SSH
// channel, a Kubernetes exec stream or a local pty plug in the same way.
//
//   auto *term = new TerminalWidget(tabs);
//   connect(channel, &Channel::dataReceived, term, &TerminalWidget::receiveData);
//   connect(term, &TerminalWidget::sendData, channel, &Channel::write);
//   connect(term, &TerminalWidget::sizeChanged, channel, &Channel::resizePty);
//   // Flow control: a source stops reading while term->isBacklogged(), resumes on inputDrained().
//
// Parsing runs on a thread of the widget's own; the GUI thread only copies changed rows and paints
// (see the .cpp for why). Keys: Ctrl+Shift+C / Ctrl+Shift+V copy and paste, Shift+Insert pastes,
// middle click pastes the selection, Ctrl+Shift+F searches, Ctrl+plus / Ctrl+minus / Ctrl+0 zoom,
// Shift+PgUp / Shift+PgDn scroll the scrollback; everything else goes to the host.
class TerminalWidget final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalWidget)

public:
    explicit TerminalWidget(QWidget *parent = nullptr);
    ~TerminalWidget() override;

    // Appearance.
    void setTerminalFont(const QFont &font);
    QFont terminalFont() const; // with the zoom applied
    int zoomSteps() const { return m_zoomSteps; }
    void setColorScheme(const TerminalColorScheme &scheme);
    const TerminalColorScheme &colorScheme() const { return m_scheme; }
    QRgb resolve(TerminalColor color, bool foreground) const;
    void setScrollbackLimit(int lines);
    int scrollbackLimit() const;
    // The shortest time between two frames (see scheduleFrame() for floods).
    void setFrameInterval(int milliseconds) { m_frameInterval = std::max(1, milliseconds); }

    // Geometry, in cells.
    int columns() const { return m_columns; }
    int rows() const { return m_rows; }
    QSize cellSize() const { return {m_glyphs.cellWidth(), m_glyphs.cellHeight()}; }
    // The rectangle of a screen cell in viewport coordinates, when the screen is in view.
    QRect cellRect(int row, int column) const;

    // Reading the terminal. These take the emulator's lock, so they are safe while the parser
    // runs; pendingInput() says whether bytes given to receiveData() are still unparsed.
    QString lineText(int row) const;
    QString screenText() const;
    TerminalCell cellAt(int row, int column) const;
    TerminalCursor cursor() const;
    bool isAlternateScreen() const;
    int scrollbackLines() const;
    QString title() const;
    QString text(TerminalPosition start, TerminalPosition end) const;
    qint64 screenTopLine() const; // the history line shown on screen row 0
    qint64 topVisibleLine() const { return m_viewTop; }
    qint64 pendingInput() const;
    bool isBacklogged() const;
    // Parsed changes not painted yet: a frame is due, or the rows it marked wait for their paint.
    bool isFramePending() const;
    std::size_t scrollbackMemoryUsage() const;

    // Selection, in history positions; the end is exclusive.
    bool hasSelection() const;
    QString selectedText() const;
    void setSelection(TerminalPosition start, TerminalPosition end);
    void clearSelection();

    // Search through the scrollback and the screen. Next goes toward newer output, previous toward
    // older; both wrap. The found text is highlighted and scrolled into view.
    bool findNext(const QString &text, Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive);
    bool findPrevious(const QString &text, Qt::CaseSensitivity sensitivity = Qt::CaseInsensitive);
    std::optional<TerminalMatch> currentMatch() const { return m_match; }
    void clearSearch();
    void showSearchBar();

    // Records what the host sends, from now on, as an asciicast v2 file.
    bool startRecording(const QString &path, QString *error = nullptr);
    void stopRecording();
    bool isRecording() const { return m_recorder != nullptr; }

    QSize sizeHint() const override;

public Q_SLOTS:
    // Bytes from the host: the remote program's output.
    void receiveData(const QByteArray &data);
    void copy();
    void paste();
    void pasteSelection();
    void selectAll();
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void scrollToBottom();

Q_SIGNALS:
    // Bytes for the host: keys, pasted text, mouse reports, replies to the program's queries.
    void sendData(const QByteArray &data);
    void sizeChanged(int columns, int rows);
    void titleChanged(const QString &title);
    void bell();
    // The unparsed backlog fell back under the low watermark: a paused source may read again.
    void inputDrained();
    void framePainted();

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void inputMethodEvent(QInputMethodEvent *event) override;
    QVariant inputMethodQuery(Qt::InputMethodQuery query) const override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    bool focusNextPrevChild(bool next) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    struct Engine;
    struct Overlay {
        int start = 0;
        int end = 0;
        QRgb foreground = 0;
        QRgb background = 0;
    };
    enum class SelectionMode { Cells, Words, Lines };

    void parseLoop();
    void scheduleFrame();
    void parserIdle();
    void renderFrame();
    void sync();
    void flushOutput();
    template<typename F>
    void withEmulator(F &&f);
    void applyFont();
    void updateTerminalSize();
    void updateScrollBar();
    void updateRows(int first, int last);
    void updateCursorRow();
    bool handleShortcut(QKeyEvent *event);
    bool sendKey(QKeyEvent *event);
    void paintRow(QPainter &painter, int row, const QRect &area);
    void paintLine(QPainter &painter, const TerminalLine &line, int y, int from, int to, const Overlay *overlay);
    std::vector<Overlay> overlaysFor(int row, const TerminalLine &line) const;
    TerminalPosition positionAt(QPointF point, bool boundary) const;
    std::pair<TerminalPosition, TerminalPosition> selectionRange() const;
    void extendSelection(TerminalPosition to);
    void finishSelection();
    bool mouseReporting(const QMouseEvent *event) const;
    void reportMouse(int row, int column, int button, bool pressed, Qt::KeyboardModifiers modifiers);
    bool find(const QString &text, Qt::CaseSensitivity sensitivity, bool backwards);
    void revealLine(qint64 line);

    std::unique_ptr<Engine> m_engine;
    TerminalGlyphCache m_glyphs;
    QFont m_baseFont;
    int m_zoomSteps = 0;
    TerminalColorScheme m_scheme;
    std::array<QRgb, 256> m_palette{};

    int m_columns = 80;
    int m_rows = 24;

    // What the painter shows: a copy of the rows in view, taken under the lock at each frame.
    std::vector<TerminalLine> m_view;
    std::vector<qint64> m_viewLine; // history line held by each m_view row
    std::vector<std::uint8_t> m_viewIsScreen;
    qint64 m_viewTop = 0;
    qint64 m_firstLine = 0;
    qint64 m_screenTop = 0;
    bool m_follow = true;
    TerminalCursor m_cursor;
    int m_cursorViewRow = -1;
    bool m_altScreen = false;
    TerminalEmulator::MouseMode m_mouseMode = TerminalEmulator::MouseMode::None; // as of the last frame
    QString m_title;

    QTimer m_frameTimer;
    bool m_paintPending = false; // rows were marked for painting and the paint has not run yet
    QElapsedTimer m_sinceFrame;
    int m_frameInterval = 16;
    double m_syncCostMs = 0;  // copying rows for the frame being painted
    double m_frameCostMs = 0; // a moving average of copying plus painting
    QTimer m_blinkTimer;
    bool m_blinkOn = true;

    bool m_selecting = false;
    bool m_hasSelection = false;
    SelectionMode m_selectionMode = SelectionMode::Cells;
    TerminalPosition m_selectionAnchor;
    TerminalPosition m_selectionEnd;
    TerminalPosition m_wordOrigin; // the cell a word or line selection started from
    QElapsedTimer m_sinceDoubleClick;
    QString m_primaryFallback; // the last selection, for platforms without a primary selection
    int m_pressedButton = 0;

    QString m_searchText;
    Qt::CaseSensitivity m_searchSensitivity = Qt::CaseInsensitive;
    std::optional<TerminalMatch> m_match;
    QWidget *m_searchBar = nullptr;
    QLineEdit *m_searchField = nullptr;

    std::unique_ptr<AsciicastRecorder> m_recorder;
};

} // namespace nephele::views
