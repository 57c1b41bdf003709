#include "terminalwidget.h"

#include "asciicastrecorder.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QFrame>
#include <QGlyphRun>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QInputMethodEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStyleHints>
#include <QToolButton>
#include <QWheelEvent>

#include <vterm_keycodes.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

namespace nephele::views {

// Why the parser has a thread of its own, rather than bounded slices on the GUI thread:
// libvterm's cost per byte is fixed and high (a 200x50 screen of scrolling text parses at about
// 9 MB/s), and every microsecond spent on the GUI thread is taken from every other widget and
// every other terminal tab. On its own thread the emulation of one tab runs at libvterm's own
// speed while the GUI thread only copies the changed rows (under the lock, a fraction of a
// millisecond) and paints at a capped frame rate; a flood in one tab costs the rest of the window
// nothing but those frames, however slow the parse. libvterm is not thread-safe, so one lock
// guards the emulator; the parser takes it per slice of SliceBytes so the painter never waits
// long, and the lock is handed over in turn so a parser that relocks at once cannot starve it.
// One exception, for latency: an idle terminal parses a small chunk (a keystroke's echo) on the
// GUI thread at once, see receiveData().

namespace {

constexpr qsizetype SliceBytes = 4096;
constexpr qsizetype InlineBytes = 4096;   // see receiveData()
constexpr qint64 HighWatermark = 8 << 20; // unparsed bytes above which a source should pause
constexpr qint64 LowWatermark = 1 << 20;  // ... and below which it may read again

// Two mutexes make a fair lock: a waiter holds `next` while it waits, so the holder cannot take
// the lock back before the waiter has had it.
class FairMutex
{
public:
    void lock()
    {
        std::lock_guard<std::mutex> turn(m_next);
        m_data.lock();
    }
    void unlock() { m_data.unlock(); }

private:
    std::mutex m_next;
    std::mutex m_data;
};

int vtermModifiers(Qt::KeyboardModifiers modifiers)
{
    int m = VTERM_MOD_NONE;
    if (modifiers & Qt::ShiftModifier)
        m |= VTERM_MOD_SHIFT;
    if (modifiers & Qt::AltModifier)
        m |= VTERM_MOD_ALT;
    if (modifiers & Qt::ControlModifier)
        m |= VTERM_MOD_CTRL;
    return m;
}

int keypadKey(int key)
{
    if (key >= Qt::Key_0 && key <= Qt::Key_9)
        return VTERM_KEY_KP_0 + (key - Qt::Key_0);
    switch (key) {
    case Qt::Key_Asterisk: return VTERM_KEY_KP_MULT;
    case Qt::Key_Plus: return VTERM_KEY_KP_PLUS;
    case Qt::Key_Comma: return VTERM_KEY_KP_COMMA;
    case Qt::Key_Minus: return VTERM_KEY_KP_MINUS;
    case Qt::Key_Period: return VTERM_KEY_KP_PERIOD;
    case Qt::Key_Slash: return VTERM_KEY_KP_DIVIDE;
    case Qt::Key_Equal: return VTERM_KEY_KP_EQUAL;
    default: return VTERM_KEY_NONE;
    }
}

// The C0 byte xterm sends for Ctrl and this key; -1 when there is none.
int controlByte(int key)
{
    if (key >= Qt::Key_A && key <= Qt::Key_Z)
        return key - Qt::Key_A + 1;
    switch (key) {
    case Qt::Key_At:
    case Qt::Key_Space:
    case Qt::Key_2: return 0x00;
    case Qt::Key_BracketLeft:
    case Qt::Key_3: return 0x1b;
    case Qt::Key_Backslash:
    case Qt::Key_4: return 0x1c;
    case Qt::Key_BracketRight:
    case Qt::Key_5: return 0x1d;
    case Qt::Key_AsciiCircum:
    case Qt::Key_6: return 0x1e;
    case Qt::Key_Underscore:
    case Qt::Key_Slash:
    case Qt::Key_7: return 0x1f;
    case Qt::Key_Question:
    case Qt::Key_8: return 0x7f;
    default: return -1;
    }
}

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c.isMark() || QStringView(u"-_./~:@%+#?&=,").contains(c);
}

// The columns [start, end) of the word at `column`, or of that one cell when it is no word.
std::pair<int, int> wordAt(const TerminalLine &line, int column)
{
    std::vector<int> columnOf;
    const QString text = line.plainTextWithColumns(columnOf);
    qsizetype at = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (columnOf[std::size_t(i)] > column)
            break;
        at = i;
    }
    if (at < 0 || columnOf[std::size_t(at)] + 2 <= column)
        return {column, column + 1};
    if (!isWordCharacter(text[at])) {
        const qsizetype next = at + 1;
        return {columnOf[std::size_t(at)], next < text.size() ? columnOf[std::size_t(next)] : line.columns()};
    }
    qsizetype first = at;
    while (first > 0 && isWordCharacter(text[first - 1]))
        --first;
    qsizetype last = at;
    while (last + 1 < text.size() && isWordCharacter(text[last + 1]))
        ++last;
    const int start = columnOf[std::size_t(first)];
    const int end = last + 1 < text.size() ? columnOf[std::size_t(last + 1)] : line.columns();
    return {start, end};
}

char32_t codePointAt(const QChar *text, int length)
{
    if (length == 2)
        return QChar::surrogateToUcs4(text[0], text[1]);
    return text[0].unicode();
}

} // namespace

struct TerminalWidget::Engine {
    Engine()
        : emulator(24, 80)
    {}
    TerminalEmulator emulator;
    FairMutex lock; // guards emulator

    std::mutex queueMutex;
    std::condition_variable queueWake;
    std::deque<QByteArray> queue;
    std::atomic<bool> stopping{false};

    std::atomic<qint64> pending{0};
    std::atomic<bool> frameRequested{false};
    std::atomic<bool> outputPosted{false};
    std::atomic<bool> idlePosted{false};
    std::atomic<bool> backlogged{false};
    std::thread thread;
};

TerminalWidget::TerminalWidget(QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_engine(std::make_unique<Engine>())
{
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_InputMethodEnabled);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Always on, so scrollback appearing never changes the width and the column count.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent); // every pixel is painted
    viewport()->setMouseTracking(true);

    // A little room between the text and the window's edge, in the terminal's background.
    setViewportMargins(6, 4, 0, 0);
    setAutoFillBackground(true);
    setColorScheme(m_scheme);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::TypeWriter);
    m_baseFont = font;
    m_glyphs.setFont(terminalFont());

    m_frameTimer.setSingleShot(true);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &TerminalWidget::renderFrame);
    m_blinkTimer.setInterval(std::max(250, QGuiApplication::styleHints()->cursorFlashTime() / 2));
    connect(&m_blinkTimer, &QTimer::timeout, this, [this] {
        m_blinkOn = !m_blinkOn;
        updateCursorRow();
    });

    sync();
    m_engine->thread = std::thread([this] { parseLoop(); });
}

TerminalWidget::~TerminalWidget()
{
    {
        std::lock_guard<std::mutex> guard(m_engine->queueMutex);
        m_engine->stopping = true;
    }
    m_engine->queueWake.notify_all();
    m_engine->thread.join();
    if (m_recorder)
        m_recorder->close();
}

// ---- The parser thread and the hand-over to the GUI thread ----

void TerminalWidget::parseLoop()
{
    Engine &e = *m_engine;
    QByteArray chunk;
    qsizetype offset = 0;
    for (;;) {
        if (offset >= chunk.size()) {
            chunk = QByteArray();
            offset = 0;
            std::unique_lock<std::mutex> guard(e.queueMutex);
            e.queueWake.wait(guard, [&] { return e.stopping.load() || !e.queue.empty(); });
            if (e.stopping)
                return;
            chunk = std::move(e.queue.front());
            e.queue.pop_front();
        } else if (e.stopping.load(std::memory_order_relaxed)) {
            return;
        }
        const qsizetype n = std::min(SliceBytes, chunk.size() - offset);
        bool changed = false;
        bool output = false;
        {
            std::lock_guard<FairMutex> guard(e.lock);
            e.emulator.write(chunk.constData() + offset, std::size_t(n));
            changed = e.emulator.hasChanges();
            output = e.emulator.hasOutput();
        }
        offset += n;
        const qint64 left = e.pending.fetch_sub(n) - n;
        if (changed && !e.frameRequested.exchange(true))
            QMetaObject::invokeMethod(
                this, [this] { scheduleFrame(); }, Qt::QueuedConnection);
        if (output && !e.outputPosted.exchange(true))
            QMetaObject::invokeMethod(
                this, [this] { flushOutput(); }, Qt::QueuedConnection);
        if (left == 0 && !e.idlePosted.exchange(true))
            QMetaObject::invokeMethod(
                this, [this] { parserIdle(); }, Qt::QueuedConnection);
        if (left <= LowWatermark && e.backlogged.exchange(false))
            QMetaObject::invokeMethod(
                this, [this] { Q_EMIT inputDrained(); }, Qt::QueuedConnection);
    }
}

void TerminalWidget::receiveData(const QByteArray &data)
{
    if (data.isEmpty())
        return;
    if (m_recorder)
        m_recorder->recordOutput(data);
    // An idle terminal (nothing unparsed, nothing waiting to be painted) parses a small chunk here
    // and now: a keystroke's echo is painted without two hand-overs between threads. This happens
    // at most once per frame, at most InlineBytes (well under a millisecond), because the chunk
    // makes a frame pending; anything bigger, and the rest of a flood, goes to the parser thread.
    if (data.size() <= InlineBytes && m_engine->pending.load() == 0 && !isFramePending()) {
        bool changed = false;
        bool output = false;
        {
            std::lock_guard<FairMutex> guard(m_engine->lock);
            m_engine->emulator.write(data);
            changed = m_engine->emulator.hasChanges();
            output = m_engine->emulator.hasOutput();
        }
        if (output)
            flushOutput();
        if (changed && !m_engine->frameRequested.exchange(true))
            scheduleFrame();
        return;
    }
    // Flag the backlog before the parser can see the bytes, so its drain check cannot miss it.
    if (m_engine->pending.load() + data.size() > HighWatermark)
        m_engine->backlogged = true;
    m_engine->pending.fetch_add(data.size());
    {
        std::lock_guard<std::mutex> guard(m_engine->queueMutex);
        m_engine->queue.push_back(data);
    }
    m_engine->queueWake.notify_one();
}

qint64 TerminalWidget::pendingInput() const
{
    return m_engine->pending.load();
}

bool TerminalWidget::isBacklogged() const
{
    return m_engine->backlogged.load();
}

bool TerminalWidget::isFramePending() const
{
    return m_engine->frameRequested.load() || m_frameTimer.isActive() || m_paintPending;
}

// A frame waits for its slot: an idle terminal paints the first change at once (a keystroke's
// echo is not delayed), later changes wait for the next slot, m_frameInterval after the last
// frame. During a flood (more input already queued) the slot also grows with what frames cost, so
// copying rows and painting take about a tenth of the GUI thread, at 10 to 30 frames a second: the
// screen keeps moving while the time goes to parsing, here and in the other tabs. When the flood
// ends, the last frame is brought forward (parserIdle()).
void TerminalWidget::scheduleFrame()
{
    if (m_frameTimer.isActive())
        return;
    qint64 interval = m_frameInterval;
    if (m_engine->pending.load() > 0)
        interval = std::clamp(qint64(10 * m_frameCostMs), qint64(2 * m_frameInterval), qint64(100));
    const qint64 since = m_sinceFrame.isValid() ? m_sinceFrame.elapsed() : interval;
    m_frameTimer.start(int(std::max<qint64>(0, interval - since)));
}

void TerminalWidget::parserIdle()
{
    m_engine->idlePosted = false;
    if (!m_frameTimer.isActive())
        return;
    const qint64 since = m_sinceFrame.isValid() ? m_sinceFrame.elapsed() : m_frameInterval;
    const int slot = int(std::max<qint64>(0, m_frameInterval - since));
    if (m_frameTimer.remainingTime() > slot)
        m_frameTimer.start(slot);
}

void TerminalWidget::renderFrame()
{
    m_sinceFrame.restart();
    m_engine->frameRequested = false;
    QElapsedTimer cost;
    cost.start();
    sync();
    m_syncCostMs = double(cost.nsecsElapsed()) / 1e6;
}

template<typename F>
void TerminalWidget::withEmulator(F &&f)
{
    QByteArray out;
    {
        std::lock_guard<FairMutex> guard(m_engine->lock);
        f(m_engine->emulator);
        out = m_engine->emulator.takeOutput();
    }
    if (!out.isEmpty())
        Q_EMIT sendData(out);
}

namespace {
template<typename F>
auto readLocked(FairMutex &lock, const TerminalEmulator &emulator, F &&f)
{
    std::lock_guard<FairMutex> guard(lock);
    return f(emulator);
}
} // namespace

// Replies the parser produced (device attributes, cursor reports) go out in order with the keys:
// both come from the emulator's one output queue.
void TerminalWidget::flushOutput()
{
    m_engine->outputPosted = false;
    withEmulator([](TerminalEmulator &) {});
}

// Copies what changed into the painter's rows and asks for those rows to be painted.
void TerminalWidget::sync()
{
    TerminalChanges changes;
    TerminalCursor cursor;
    bool altScreen = false;
    std::vector<int> repaint;
    {
        std::lock_guard<FairMutex> guard(m_engine->lock);
        const TerminalEmulator &t = m_engine->emulator;
        changes = m_engine->emulator.takeChanges();
        m_firstLine = t.firstLine();
        m_screenTop = t.screenTopLine();
        altScreen = t.isAlternateScreen();
        m_mouseMode = t.mouseMode();
        cursor = t.cursor();
        if (changes.titleChanged)
            m_title = t.title();
        const int rows = t.rows();
        if (m_follow || altScreen)
            m_viewTop = m_screenTop;
        m_viewTop = std::clamp(m_viewTop, m_firstLine, m_screenTop);
        m_follow = m_viewTop == m_screenTop;
        if (int(m_view.size()) != rows) {
            m_view.assign(std::size_t(rows), TerminalLine());
            m_viewLine.assign(std::size_t(rows), -1);
            m_viewIsScreen.assign(std::size_t(rows), 0);
        }
        // A terminal out of sight (a tab in the background) copies nothing: it takes everything
        // afresh when it is shown again (showEvent()).
        const bool visible = viewport()->isVisible();
        if (!visible)
            std::fill(m_viewLine.begin(), m_viewLine.end(), -1);
        for (int i = 0; visible && i < rows; ++i) {
            const std::size_t at = std::size_t(i);
            const qint64 line = m_viewTop + i;
            const bool onScreen = line >= m_screenTop;
            bool stale = m_viewLine[at] != line || bool(m_viewIsScreen[at]) != onScreen;
            if (onScreen) {
                const std::size_t screenRow = std::size_t(line - m_screenTop);
                stale = stale || (screenRow < changes.dirtyRows.size() && changes.dirtyRows[screenRow]);
            }
            if (!stale)
                continue;
            m_view[at] = t.line(line);
            m_viewLine[at] = line;
            m_viewIsScreen[at] = onScreen ? 1 : 0;
            repaint.push_back(i);
        }
    }
    if (altScreen != m_altScreen) {
        m_altScreen = altScreen;
        clearSelection();
    }
    for (std::size_t i = 0; i < repaint.size();) {
        std::size_t j = i;
        while (j + 1 < repaint.size() && repaint[j + 1] == repaint[j] + 1)
            ++j;
        updateRows(repaint[i], repaint[j]);
        i = j + 1;
    }
    const qint64 cursorLine = m_screenTop + cursor.row - m_viewTop;
    const int cursorViewRow = cursorLine >= 0 && cursorLine < qint64(m_view.size()) ? int(cursorLine) : -1;
    if (cursor != m_cursor || cursorViewRow != m_cursorViewRow) {
        updateCursorRow();
        m_cursor = cursor;
        m_cursorViewRow = cursorViewRow;
        m_blinkOn = true;
        if (m_cursor.blinking && hasFocus())
            m_blinkTimer.start();
        else
            m_blinkTimer.stop();
        updateCursorRow();
    }
    updateScrollBar();
    if (changes.titleChanged)
        Q_EMIT titleChanged(m_title);
    if (changes.bells > 0)
        Q_EMIT bell();
}

void TerminalWidget::updateRows(int first, int last)
{
    const int h = m_glyphs.cellHeight();
    viewport()->update(QRect(0, first * h, viewport()->width(), (last - first + 1) * h));
    m_paintPending = viewport()->isVisible();
}

void TerminalWidget::updateCursorRow()
{
    if (m_cursorViewRow >= 0)
        updateRows(m_cursorViewRow, m_cursorViewRow);
}

void TerminalWidget::updateScrollBar()
{
    QScrollBar *bar = verticalScrollBar();
    const QSignalBlocker blocker(bar);
    const int maximum = m_altScreen ? 0 : int(m_screenTop - m_firstLine);
    bar->setRange(0, maximum);
    bar->setPageStep(m_rows);
    bar->setSingleStep(1);
    bar->setValue(int(m_viewTop - m_firstLine));
}

void TerminalWidget::scrollContentsBy(int, int)
{
    QScrollBar *bar = verticalScrollBar();
    m_viewTop = m_firstLine + bar->value();
    m_follow = bar->value() >= bar->maximum();
    sync();
}

void TerminalWidget::scrollToBottom()
{
    if (m_follow)
        return;
    m_follow = true;
    sync();
}

// ---- Reading the terminal ----

QString TerminalWidget::lineText(int row) const
{
    return readLocked(m_engine->lock, m_engine->emulator,
                      [row](const TerminalEmulator &t) { return t.screenLine(row).plainText(); });
}

QString TerminalWidget::screenText() const
{
    return readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) {
        return t.text({t.screenTopLine(), 0}, {t.endLine() - 1, t.columns()});
    });
}

TerminalCell TerminalWidget::cellAt(int row, int column) const
{
    return readLocked(m_engine->lock, m_engine->emulator,
                      [=](const TerminalEmulator &t) { return t.cell(row, column); });
}

TerminalCursor TerminalWidget::cursor() const
{
    return readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) { return t.cursor(); });
}

bool TerminalWidget::isAlternateScreen() const
{
    return readLocked(m_engine->lock, m_engine->emulator,
                      [](const TerminalEmulator &t) { return t.isAlternateScreen(); });
}

int TerminalWidget::scrollbackLines() const
{
    return readLocked(m_engine->lock, m_engine->emulator,
                      [](const TerminalEmulator &t) { return t.scrollbackCount(); });
}

QString TerminalWidget::title() const
{
    return readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) { return t.title(); });
}

QString TerminalWidget::text(TerminalPosition start, TerminalPosition end) const
{
    return readLocked(m_engine->lock, m_engine->emulator,
                      [=](const TerminalEmulator &t) { return t.text(start, end); });
}

qint64 TerminalWidget::screenTopLine() const
{
    return readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) { return t.screenTopLine(); });
}

std::size_t TerminalWidget::scrollbackMemoryUsage() const
{
    return readLocked(m_engine->lock, m_engine->emulator,
                      [](const TerminalEmulator &t) { return t.scrollbackMemoryUsage(); });
}

void TerminalWidget::setScrollbackLimit(int lines)
{
    withEmulator([lines](TerminalEmulator &t) { t.setScrollbackLimit(lines); });
    sync();
}

int TerminalWidget::scrollbackLimit() const
{
    return readLocked(m_engine->lock, m_engine->emulator,
                      [](const TerminalEmulator &t) { return t.scrollbackLimit(); });
}

QRect TerminalWidget::cellRect(int row, int column) const
{
    const qint64 viewRow = m_screenTop + row - m_viewTop;
    const int w = m_glyphs.cellWidth();
    const int h = m_glyphs.cellHeight();
    return {column * w, int(viewRow) * h, w, h};
}

// ---- Appearance ----

QFont TerminalWidget::terminalFont() const
{
    QFont font = m_baseFont;
    if (m_zoomSteps != 0) {
        if (font.pointSizeF() > 0)
            font.setPointSizeF(std::max(4.0, font.pointSizeF() + m_zoomSteps));
        else
            font.setPixelSize(std::max(5, font.pixelSize() + m_zoomSteps));
    }
    return font;
}

void TerminalWidget::setTerminalFont(const QFont &font)
{
    m_baseFont = font;
    applyFont();
}

void TerminalWidget::applyFont()
{
    m_glyphs.setFont(terminalFont());
    std::fill(m_viewLine.begin(), m_viewLine.end(), -1);
    updateGeometry();
    updateTerminalSize();
    sync();
    viewport()->update();
}

void TerminalWidget::zoomIn()
{
    if (m_zoomSteps >= 40)
        return;
    ++m_zoomSteps;
    applyFont();
}

void TerminalWidget::zoomOut()
{
    const QFont font = terminalFont();
    if ((font.pointSizeF() > 0 && font.pointSizeF() <= 4.0) || (font.pointSizeF() <= 0 && font.pixelSize() <= 5))
        return;
    --m_zoomSteps;
    applyFont();
}

void TerminalWidget::resetZoom()
{
    if (m_zoomSteps == 0)
        return;
    m_zoomSteps = 0;
    applyFont();
}

void TerminalWidget::setColorScheme(const TerminalColorScheme &scheme)
{
    m_scheme = scheme;
    QPalette around = palette();
    around.setColor(QPalette::Window, QColor(m_scheme.background));
    setPalette(around);
    m_palette =
        readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) { return t.defaultPalette(); });
    if (m_scheme.ansi) {
        for (std::size_t i = 0; i < 16; ++i)
            m_palette[i] = (*m_scheme.ansi)[i];
    }
    viewport()->update();
}

QRgb TerminalWidget::resolve(TerminalColor color, bool foreground) const
{
    switch (color.kind()) {
    case TerminalColor::Kind::Default: return foreground ? m_scheme.foreground : m_scheme.background;
    case TerminalColor::Kind::Indexed: return m_palette[color.index()];
    case TerminalColor::Kind::Rgb: return color.rgbValue();
    }
    return m_scheme.foreground;
}

QSize TerminalWidget::sizeHint() const
{
    const int scrollBar = verticalScrollBar()->sizeHint().width();
    const QMargins margins = viewportMargins();
    return {80 * m_glyphs.cellWidth() + scrollBar + 2 * frameWidth() + margins.left() + margins.right(),
            24 * m_glyphs.cellHeight() + 2 * frameWidth() + margins.top() + margins.bottom()};
}

void TerminalWidget::showEvent(QShowEvent *event)
{
    QAbstractScrollArea::showEvent(event);
    sync();
}

void TerminalWidget::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateTerminalSize();
    if (m_searchBar && m_searchBar->isVisible())
        showSearchBar();
}

void TerminalWidget::updateTerminalSize()
{
    const int columns = std::max(2, viewport()->width() / m_glyphs.cellWidth());
    const int rows = std::max(1, viewport()->height() / m_glyphs.cellHeight());
    if (columns == m_columns && rows == m_rows)
        return;
    withEmulator([=](TerminalEmulator &t) { t.resize(rows, columns); });
    m_columns = columns;
    m_rows = rows;
    std::fill(m_viewLine.begin(), m_viewLine.end(), -1);
    sync();
    viewport()->update();
    if (m_recorder)
        m_recorder->recordResize(columns, rows);
    Q_EMIT sizeChanged(columns, rows);
}

// ---- Painting ----

void TerminalWidget::paintEvent(QPaintEvent *event)
{
    QElapsedTimer cost;
    cost.start();
    QPainter painter(viewport());
    const QRect area = event->rect();
    const int h = m_glyphs.cellHeight();
    const int rows = int(m_view.size());
    const int first = std::max(0, area.top() / h);
    const int last = std::min(rows - 1, area.bottom() / h);
    for (int row = first; row <= last; ++row)
        paintRow(painter, row, area);
    const int bottom = rows * h;
    if (area.bottom() >= bottom)
        painter.fillRect(QRect(0, bottom, viewport()->width(), viewport()->height() - bottom),
                         QColor(m_scheme.background));
    painter.end();
    m_paintPending = false;
    const double frameCost = m_syncCostMs + double(cost.nsecsElapsed()) / 1e6;
    m_frameCostMs = 0.7 * m_frameCostMs + 0.3 * frameCost;
    m_syncCostMs = 0;
    Q_EMIT framePainted();
}

void TerminalWidget::paintRow(QPainter &painter, int row, const QRect &)
{
    const int y = row * m_glyphs.cellHeight();
    const int h = m_glyphs.cellHeight();
    const int w = m_glyphs.cellWidth();
    const TerminalLine &line = m_view[std::size_t(row)];
    painter.fillRect(QRect(0, y, viewport()->width(), h), QColor(m_scheme.background));
    paintLine(painter, line, y, 0, line.columns(), nullptr);

    for (const Overlay &overlay : overlaysFor(row, line)) {
        const int right = overlay.end >= m_columns ? viewport()->width() : overlay.end * w;
        const QRect box(overlay.start * w, y, right - overlay.start * w, h);
        painter.save();
        painter.setClipRect(box, Qt::IntersectClip);
        painter.fillRect(box, QColor(overlay.background));
        paintLine(painter, line, y, overlay.start, overlay.end, &overlay);
        painter.restore();
    }

    const bool showCursor =
        row == m_cursorViewRow && m_cursor.visible && (m_blinkOn || !m_cursor.blinking || !hasFocus());
    if (!showCursor)
        return;
    const int column = std::clamp(m_cursor.column, 0, m_columns - 1);
    const int width = std::max(1, line.cellAt(column).width);
    const QRect box(column * w, y, width * w, h);
    const int thickness = std::max(2, m_glyphs.lineWidth() * 2);
    if (!hasFocus()) {
        painter.setPen(QColor(m_scheme.cursor));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(box.adjusted(0, 0, -1, -1));
        return;
    }
    switch (m_cursor.shape) {
    case TerminalCursor::Shape::Underline:
        painter.fillRect(QRect(box.left(), box.bottom() - thickness + 1, box.width(), thickness),
                         QColor(m_scheme.cursor));
        break;
    case TerminalCursor::Shape::Bar:
        painter.fillRect(QRect(box.left(), box.top(), thickness, box.height()), QColor(m_scheme.cursor));
        break;
    case TerminalCursor::Shape::Block: {
        const Overlay block{column, column + width, m_scheme.background, m_scheme.cursor};
        painter.save();
        painter.setClipRect(box, Qt::IntersectClip);
        painter.fillRect(box, QColor(m_scheme.cursor));
        paintLine(painter, line, y, block.start, block.end, &block);
        painter.restore();
        break;
    }
    }
}

// Draws the cells of `line` in columns [from, to): backgrounds that differ from the default, then
// each run of cells sharing a colour and a font as one glyph run, then underlines and strikes.
void TerminalWidget::paintLine(QPainter &painter, const TerminalLine &line, int y, int from, int to,
                               const Overlay *overlay)
{
    const int w = m_glyphs.cellWidth();
    const int h = m_glyphs.cellHeight();
    const qreal baseline = y + m_glyphs.ascent();
    const QChar *text = line.text().constData();

    QList<quint32> indexes;
    QList<QPointF> positions;
    int runFont = -1;
    QRgb runColor = 0;
    auto flush = [&] {
        if (indexes.isEmpty())
            return;
        QGlyphRun run;
        run.setRawFont(m_glyphs.rawFont(runFont));
        run.setGlyphIndexes(indexes);
        run.setPositions(positions);
        painter.setPen(QColor(runColor));
        painter.drawGlyphRun(QPointF(0, 0), run);
        indexes.clear();
        positions.clear();
    };

    int column = 0;
    int offset = 0;
    for (const TerminalSpan &span : line.spans()) {
        const int spanStart = column;
        const int spanEnd = column + span.columns;
        const int textStart = offset;
        column = spanEnd;
        offset += span.textLength;
        if (spanEnd <= from)
            continue;
        if (spanStart >= to)
            break;
        QRgb fg = resolve(span.foreground, true);
        QRgb bg = resolve(span.background, false);
        if (span.attributes & TerminalPen::Reverse)
            std::swap(fg, bg);
        if (overlay)
            fg = overlay->foreground;
        const int left = std::max(spanStart, from);
        const int right = std::min(spanEnd, to);
        if (!overlay && bg != m_scheme.background)
            painter.fillRect(QRect(left * w, y, (right - left) * w, h), QColor(bg));

        const int style = ((span.attributes & TerminalPen::Bold) ? TerminalGlyphCache::Bold : 0) |
                          ((span.attributes & TerminalPen::Italic) ? TerminalGlyphCache::Italic : 0);
        auto add = [&](const TerminalGlyphCache::Glyph &glyph, qreal glyphX) {
            if (glyph.font != runFont || fg != runColor) {
                flush();
                runFont = glyph.font;
                runColor = fg;
            }
            indexes.append(glyph.index);
            positions.append(QPointF(glyphX, baseline));
        };
        int at = textStart;
        int cellColumn = spanStart;
        const int textEnd = textStart + span.textLength;
        while (at < textEnd) {
            const int length = span.composed                                      ? span.textLength
                               : (text[at].isHighSurrogate() && at + 1 < textEnd) ? 2
                                                                                  : 1;
            const int cellStart = cellColumn;
            const QChar *cellText = text + at;
            at += length;
            cellColumn += span.width;
            if (cellStart + span.width <= from || cellStart >= to)
                continue;
            const qreal x = cellStart * w;
            if (!span.composed) {
                const char32_t c = codePointAt(cellText, length);
                if (c == U' ')
                    continue;
                const TerminalGlyphCache::Glyph &glyph =
                    c < 0x20 ? TerminalGlyphCache::Glyph{} : m_glyphs.glyph(style, c, span.width);
                if (glyph.font >= 0) {
                    add(glyph, x + glyph.xOffset);
                    continue;
                }
            } else {
                // A base character and its combining marks, without text shaping. A mark with no
                // advance of its own is drawn to sit over the glyph before it, so it goes where the
                // base ends; a monospace font's mark has a full advance and shares the base's origin.
                const QList<uint> codePoints = QStringView(cellText, length).toUcs4();
                bool drawable = !codePoints.isEmpty() && codePoints.front() >= 0x20;
                for (qsizetype i = 0; drawable && i < codePoints.size(); ++i)
                    drawable = m_glyphs.glyph(style, char32_t(codePoints[i]), i == 0 ? span.width : 1).font >= 0;
                if (drawable) {
                    const TerminalGlyphCache::Glyph base =
                        m_glyphs.glyph(style, char32_t(codePoints.front()), span.width);
                    add(base, x + base.xOffset);
                    for (qsizetype i = 1; i < codePoints.size(); ++i) {
                        const TerminalGlyphCache::Glyph mark = m_glyphs.glyph(style, char32_t(codePoints[i]), 1);
                        const qreal markX = mark.advance < 1 ? x + base.xOffset + base.advance
                                                             : x + base.xOffset + (base.advance - mark.advance) / 2;
                        add(mark, markX);
                    }
                    continue;
                }
            }
            // No glyph of our own for it: let Qt lay the text out.
            flush();
            painter.setFont(m_glyphs.font(style));
            painter.setPen(QColor(fg));
            painter.drawText(QPointF(x, baseline), QString(cellText, length));
        }

        if (span.attributes & (TerminalPen::AnyUnderline | TerminalPen::Strike)) {
            flush();
            const int lw = m_glyphs.lineWidth();
            const QColor color(fg);
            const QRect across(left * w, 0, (right - left) * w, lw);
            const int under = int(baseline) + m_glyphs.underlineOffset();
            if (span.attributes & TerminalPen::AnyUnderline)
                painter.fillRect(across.translated(0, under), color);
            if (span.attributes & (TerminalPen::DoubleUnderline | TerminalPen::CurlyUnderline))
                painter.fillRect(across.translated(0, std::min(under + 2 * lw, y + h - lw)), color);
            if (span.attributes & TerminalPen::Strike)
                painter.fillRect(across.translated(0, int(baseline) - m_glyphs.strikeOffset()), color);
        }
    }
    flush();
}

std::vector<TerminalWidget::Overlay> TerminalWidget::overlaysFor(int row, const TerminalLine &line) const
{
    std::vector<Overlay> overlays;
    const qint64 lineNumber = m_viewLine[std::size_t(row)];
    if (!m_searchText.isEmpty()) {
        std::vector<int> columnOf;
        const QString text = line.plainTextWithColumns(columnOf);
        for (qsizetype i = text.indexOf(m_searchText, 0, m_searchSensitivity); i >= 0;
             i = text.indexOf(m_searchText, i + 1, m_searchSensitivity)) {
            const qsizetype after = i + m_searchText.size();
            const int end = after < qsizetype(columnOf.size()) ? columnOf[std::size_t(after)] : line.columns();
            overlays.push_back({columnOf[std::size_t(i)], end, m_scheme.matchForeground, m_scheme.matchBackground});
        }
    }
    if (m_match && m_match->line == lineNumber)
        overlays.push_back(
            {m_match->startColumn, m_match->endColumn, m_scheme.matchForeground, m_scheme.currentMatchBackground});
    if (m_hasSelection) {
        const auto [start, end] = selectionRange();
        if (lineNumber >= start.line && lineNumber <= end.line) {
            const int from = lineNumber == start.line ? start.column : 0;
            const int to = lineNumber == end.line ? std::min(end.column, m_columns) : m_columns;
            if (to > from)
                overlays.push_back({from, to, m_scheme.selectionForeground, m_scheme.selectionBackground});
        }
    }
    return overlays;
}

// ---- Selection ----

TerminalPosition TerminalWidget::positionAt(QPointF point, bool boundary) const
{
    const int w = m_glyphs.cellWidth();
    const int h = m_glyphs.cellHeight();
    const int row = std::clamp(int(point.y()) / h, 0, std::max(0, int(m_view.size()) - 1));
    const qreal x = std::max<qreal>(0, point.x()) / w;
    const int column = std::clamp(boundary ? int(x + 0.5) : int(x), 0, boundary ? m_columns : m_columns - 1);
    return {m_viewTop + row, column};
}

std::pair<TerminalPosition, TerminalPosition> TerminalWidget::selectionRange() const
{
    return std::minmax(m_selectionAnchor, m_selectionEnd);
}

bool TerminalWidget::hasSelection() const
{
    return m_hasSelection;
}

QString TerminalWidget::selectedText() const
{
    if (!m_hasSelection)
        return {};
    const auto [start, end] = selectionRange();
    return text(start, end);
}

void TerminalWidget::setSelection(TerminalPosition start, TerminalPosition end)
{
    m_selectionMode = SelectionMode::Cells;
    m_selectionAnchor = start;
    m_selectionEnd = end;
    m_hasSelection = start != end;
    viewport()->update();
}

void TerminalWidget::clearSelection()
{
    if (!m_hasSelection && !m_selecting)
        return;
    m_hasSelection = false;
    m_selecting = false;
    viewport()->update();
}

void TerminalWidget::selectAll()
{
    const auto [first, end] = readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) {
        return std::pair{t.firstLine(), t.endLine()};
    });
    m_selectionMode = SelectionMode::Lines;
    m_selectionAnchor = {first, 0};
    m_selectionEnd = {end - 1, m_columns};
    m_hasSelection = true;
    finishSelection();
    viewport()->update();
}

// Moves the selection's free end to `to`; words and lines grow to whole words and lines.
void TerminalWidget::extendSelection(TerminalPosition to)
{
    auto lineAt = [this](qint64 l) {
        return readLocked(m_engine->lock, m_engine->emulator, [l](const TerminalEmulator &t) { return t.line(l); });
    };
    switch (m_selectionMode) {
    case SelectionMode::Cells:
        m_selectionEnd = to;
        m_hasSelection = m_selectionEnd != m_selectionAnchor;
        break;
    case SelectionMode::Words: {
        const TerminalPosition origin = m_wordOrigin;
        const auto [a, b] = std::minmax(origin, to);
        const auto startWord = wordAt(lineAt(a.line), a.column);
        const auto endWord = wordAt(lineAt(b.line), b.column);
        m_selectionAnchor = {a.line, startWord.first};
        m_selectionEnd = {b.line, endWord.second};
        m_hasSelection = true;
        break;
    }
    case SelectionMode::Lines: {
        const auto [a, b] = std::minmax(m_wordOrigin, to);
        m_selectionAnchor = {a.line, 0};
        m_selectionEnd = {b.line, m_columns};
        m_hasSelection = true;
        break;
    }
    }
    viewport()->update();
}

void TerminalWidget::finishSelection()
{
    if (!m_hasSelection)
        return;
    const QString selected = selectedText();
    m_primaryFallback = selected;
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (clipboard->supportsSelection())
        clipboard->setText(selected, QClipboard::Selection);
}

void TerminalWidget::copy()
{
    if (m_hasSelection)
        QGuiApplication::clipboard()->setText(selectedText(), QClipboard::Clipboard);
}

void TerminalWidget::paste()
{
    const QString text = QGuiApplication::clipboard()->text(QClipboard::Clipboard);
    if (text.isEmpty())
        return;
    withEmulator([&text](TerminalEmulator &t) { t.paste(text); });
    scrollToBottom();
}

void TerminalWidget::pasteSelection()
{
    QClipboard *clipboard = QGuiApplication::clipboard();
    const QString text = clipboard->supportsSelection() ? clipboard->text(QClipboard::Selection) : m_primaryFallback;
    if (text.isEmpty())
        return;
    withEmulator([&text](TerminalEmulator &t) { t.paste(text); });
    scrollToBottom();
}

// ---- Mouse ----

bool TerminalWidget::mouseReporting(const QMouseEvent *event) const
{
    if (event && (event->modifiers() & Qt::ShiftModifier))
        return false; // Shift selects even when the program takes the mouse, as in xterm
    return readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) { return t.mouseMode(); }) !=
           TerminalEmulator::MouseMode::None;
}

void TerminalWidget::reportMouse(int row, int column, int button, bool pressed, Qt::KeyboardModifiers modifiers)
{
    const int mods = vtermModifiers(modifiers);
    withEmulator([=](TerminalEmulator &t) {
        t.mouseMove(row, column, mods);
        if (button > 0)
            t.mouseButton(button, pressed, mods);
    });
}

namespace {
int vtermButton(Qt::MouseButton button)
{
    switch (button) {
    case Qt::LeftButton: return 1;
    case Qt::MiddleButton: return 2;
    case Qt::RightButton: return 3;
    default: return 0;
    }
}
} // namespace

void TerminalWidget::mousePressEvent(QMouseEvent *event)
{
    const TerminalPosition at = positionAt(event->position(), false);
    if (mouseReporting(event)) {
        m_pressedButton = vtermButton(event->button());
        reportMouse(int(at.line - m_viewTop), at.column, m_pressedButton, true, event->modifiers());
        return;
    }
    if (event->button() == Qt::MiddleButton) {
        pasteSelection();
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    const bool triple = m_sinceDoubleClick.isValid() &&
                        m_sinceDoubleClick.elapsed() < QGuiApplication::styleHints()->mouseDoubleClickInterval();
    m_sinceDoubleClick.invalidate();
    m_selecting = true;
    if (triple) {
        m_selectionMode = SelectionMode::Lines;
        m_wordOrigin = at;
        extendSelection(at);
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier && m_hasSelection) {
        extendSelection(positionAt(event->position(), true)); // Shift+click extends the selection
        return;
    }
    m_selectionMode = SelectionMode::Cells;
    m_selectionAnchor = positionAt(event->position(), true);
    m_selectionEnd = m_selectionAnchor;
    m_hasSelection = false;
    viewport()->update();
}

void TerminalWidget::mouseDoubleClickEvent(QMouseEvent *event)
{
    const TerminalPosition at = positionAt(event->position(), false);
    if (mouseReporting(event)) {
        m_pressedButton = vtermButton(event->button());
        reportMouse(int(at.line - m_viewTop), at.column, m_pressedButton, true, event->modifiers());
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    m_sinceDoubleClick.start();
    m_selecting = true;
    m_selectionMode = SelectionMode::Words;
    m_wordOrigin = at;
    extendSelection(at);
}

void TerminalWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressedButton > 0 || (!m_selecting && event->buttons() == Qt::NoButton)) {
        // Motion without a button matters only to programs that track every move; the mode seen at
        // the last frame is enough to skip the lock for ordinary hovering.
        if (m_pressedButton == 0 && m_mouseMode != TerminalEmulator::MouseMode::Move)
            return;
        // libvterm sends motion only in the modes that ask for it (drag with a button held, or any).
        if (mouseReporting(event)) {
            const TerminalPosition at = positionAt(event->position(), false);
            reportMouse(int(at.line - m_viewTop), at.column, 0, false, event->modifiers());
        }
        return;
    }
    if (!m_selecting || !(event->buttons() & Qt::LeftButton))
        return;
    const QPointF point = event->position();
    // Dragging past the top or bottom scrolls the history.
    if (point.y() < 0)
        verticalScrollBar()->setValue(verticalScrollBar()->value() - 1);
    else if (point.y() > viewport()->height())
        verticalScrollBar()->setValue(verticalScrollBar()->value() + 1);
    extendSelection(positionAt(point, m_selectionMode == SelectionMode::Cells));
}

void TerminalWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_pressedButton > 0) {
        const TerminalPosition at = positionAt(event->position(), false);
        const int button = vtermButton(event->button());
        if (mouseReporting(nullptr))
            reportMouse(int(at.line - m_viewTop), at.column, button, false, event->modifiers());
        if (button == m_pressedButton || event->buttons() == Qt::NoButton)
            m_pressedButton = 0;
        return;
    }
    if (event->button() != Qt::LeftButton || !m_selecting)
        return;
    m_selecting = false;
    finishSelection();
}

void TerminalWidget::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0)
        return;
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    if (!shift && readLocked(m_engine->lock, m_engine->emulator, [](const TerminalEmulator &t) {
                      return t.mouseMode();
                  }) != TerminalEmulator::MouseMode::None) {
        const TerminalPosition at = positionAt(event->position(), false);
        for (int i = 0; i < std::abs(steps); ++i)
            reportMouse(int(at.line - m_viewTop), at.column, steps > 0 ? 4 : 5, true, event->modifiers());
        return;
    }
    if (m_altScreen && !shift) {
        // Full-screen programs without mouse reporting (less, man) scroll with arrow keys.
        withEmulator([steps](TerminalEmulator &t) {
            for (int i = 0; i < 3 * std::abs(steps); ++i)
                t.key(steps > 0 ? VTERM_KEY_UP : VTERM_KEY_DOWN, VTERM_MOD_NONE);
        });
        return;
    }
    verticalScrollBar()->setValue(verticalScrollBar()->value() - 3 * steps);
}

// ---- Keyboard ----

bool TerminalWidget::event(QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        // Keys with Ctrl or Alt belong to the program in the terminal, not to the window's
        // shortcuts; Ctrl+Shift combinations stay with the window, apart from the terminal's own.
        auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
        const bool ours = (mods == (Qt::ControlModifier | Qt::ShiftModifier) &&
                           (key->key() == Qt::Key_C || key->key() == Qt::Key_V || key->key() == Qt::Key_F)) ||
                          (mods == Qt::ShiftModifier && (key->key() == Qt::Key_Insert || key->key() == Qt::Key_PageUp ||
                                                         key->key() == Qt::Key_PageDown));
        const bool forHost = (mods & (Qt::ControlModifier | Qt::AltModifier)) && !(mods & Qt::ShiftModifier);
        if (ours || forHost || key->key() == Qt::Key_Escape) {
            event->accept();
            return true;
        }
    }
    return QAbstractScrollArea::event(event);
}

bool TerminalWidget::focusNextPrevChild(bool)
{
    return false; // Tab and Shift+Tab go to the host
}

bool TerminalWidget::handleShortcut(QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if (mods == (Qt::ControlModifier | Qt::ShiftModifier)) {
        switch (key) {
        case Qt::Key_C: copy(); return true;
        case Qt::Key_V: paste(); return true;
        case Qt::Key_F: showSearchBar(); return true;
        case Qt::Key_Plus: zoomIn(); return true;
        default: break;
        }
    }
    if (mods == Qt::ShiftModifier) {
        QScrollBar *bar = verticalScrollBar();
        switch (key) {
        case Qt::Key_Insert: paste(); return true;
        case Qt::Key_PageUp: bar->setValue(bar->value() - std::max(1, m_rows - 1)); return true;
        case Qt::Key_PageDown: bar->setValue(bar->value() + std::max(1, m_rows - 1)); return true;
        default: break;
        }
    }
    if (mods == Qt::ControlModifier) {
        switch (key) {
        case Qt::Key_Plus:
        case Qt::Key_Equal: zoomIn(); return true;
        case Qt::Key_Minus: zoomOut(); return true;
        case Qt::Key_0: resetZoom(); return true;
        default: break;
        }
    }
    return false;
}

bool TerminalWidget::sendKey(QKeyEvent *event)
{
    const Qt::KeyboardModifiers qtMods = event->modifiers();
    int mods = vtermModifiers(qtMods);
    const bool keypad = qtMods & Qt::KeypadModifier;
    const int key = event->key();
    int vkey = VTERM_KEY_NONE;
    switch (key) {
    case Qt::Key_Return: vkey = VTERM_KEY_ENTER; break;
    case Qt::Key_Enter: vkey = keypad ? VTERM_KEY_KP_ENTER : VTERM_KEY_ENTER; break;
    case Qt::Key_Tab: vkey = VTERM_KEY_TAB; break;
    case Qt::Key_Backtab:
        vkey = VTERM_KEY_TAB;
        mods |= VTERM_MOD_SHIFT;
        break;
    case Qt::Key_Backspace: vkey = VTERM_KEY_BACKSPACE; break;
    case Qt::Key_Escape: vkey = VTERM_KEY_ESCAPE; break;
    case Qt::Key_Up: vkey = VTERM_KEY_UP; break;
    case Qt::Key_Down: vkey = VTERM_KEY_DOWN; break;
    case Qt::Key_Left: vkey = VTERM_KEY_LEFT; break;
    case Qt::Key_Right: vkey = VTERM_KEY_RIGHT; break;
    case Qt::Key_Insert: vkey = VTERM_KEY_INS; break;
    case Qt::Key_Delete: vkey = VTERM_KEY_DEL; break;
    case Qt::Key_Home: vkey = VTERM_KEY_HOME; break;
    case Qt::Key_End: vkey = VTERM_KEY_END; break;
    case Qt::Key_PageUp: vkey = VTERM_KEY_PAGEUP; break;
    case Qt::Key_PageDown: vkey = VTERM_KEY_PAGEDOWN; break;
    default:
        if (key >= Qt::Key_F1 && key <= Qt::Key_F35)
            vkey = VTERM_KEY_FUNCTION(key - Qt::Key_F1 + 1);
        else if (keypad && !(mods & (VTERM_MOD_CTRL | VTERM_MOD_ALT)))
            vkey = keypadKey(key);
        break;
    }
    if (vkey != VTERM_KEY_NONE) {
        withEmulator([=](TerminalEmulator &t) { t.key(vkey, mods); });
        return true;
    }

    if (mods & VTERM_MOD_CTRL) {
        const int c0 = controlByte(key);
        if (c0 >= 0) {
            QByteArray bytes;
            if (mods & VTERM_MOD_ALT)
                bytes.append('\x1b'); // Alt is Meta: ESC first
            bytes.append(char(c0));
            withEmulator([&bytes](TerminalEmulator &t) { t.sendRaw(bytes); });
            return true;
        }
    }
    const QString text = event->text();
    if (text.isEmpty())
        return false;
    const QList<uint> codePoints = text.toUcs4();
    const bool control =
        std::all_of(codePoints.cbegin(), codePoints.cend(), [](uint c) { return c < 0x20 || c == 0x7f; });
    withEmulator([&](TerminalEmulator &t) {
        if (control) {
            if (mods & VTERM_MOD_ALT)
                t.sendRaw("\x1b");
            t.sendRaw(text.toLatin1());
            return;
        }
        // Shift and Ctrl are already in the character; Alt is Meta.
        for (const uint c : codePoints)
            t.character(char32_t(c), mods & VTERM_MOD_ALT);
    });
    return true;
}

void TerminalWidget::keyPressEvent(QKeyEvent *event)
{
    if (handleShortcut(event))
        return;
    if (sendKey(event)) {
        event->accept();
        scrollToBottom();
        m_blinkOn = true;
        return;
    }
    event->ignore();
}

void TerminalWidget::inputMethodEvent(QInputMethodEvent *event)
{
    const QString text = event->commitString();
    if (!text.isEmpty()) {
        withEmulator([&text](TerminalEmulator &t) {
            for (const uint c : text.toUcs4())
                t.character(char32_t(c), VTERM_MOD_NONE);
        });
        scrollToBottom();
    }
    event->accept();
}

QVariant TerminalWidget::inputMethodQuery(Qt::InputMethodQuery query) const
{
    switch (query) {
    case Qt::ImEnabled: return true;
    case Qt::ImCursorRectangle: return cellRect(m_cursor.row, m_cursor.column).translated(viewport()->pos());
    case Qt::ImFont: return terminalFont();
    default: return QAbstractScrollArea::inputMethodQuery(query);
    }
}

void TerminalWidget::focusInEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusInEvent(event);
    withEmulator([](TerminalEmulator &t) { t.focusChanged(true); });
    m_blinkOn = true;
    if (m_cursor.blinking)
        m_blinkTimer.start();
    updateCursorRow();
}

void TerminalWidget::focusOutEvent(QFocusEvent *event)
{
    QAbstractScrollArea::focusOutEvent(event);
    withEmulator([](TerminalEmulator &t) { t.focusChanged(false); });
    m_blinkTimer.stop();
    updateCursorRow();
}

// ---- Search ----

bool TerminalWidget::find(const QString &text, Qt::CaseSensitivity sensitivity, bool backwards)
{
    if (text != m_searchText)
        m_match.reset();
    m_searchText = text;
    m_searchSensitivity = sensitivity;
    if (text.isEmpty()) {
        clearSearch();
        return false;
    }
    TerminalPosition from;
    if (m_match)
        from = {m_match->line, m_match->startColumn};
    else if (backwards)
        from = {m_screenTop + m_rows, 0}; // past the end: the whole last line is searched
    else
        from = {m_viewTop, -1};
    const auto match = readLocked(m_engine->lock, m_engine->emulator, [&](const TerminalEmulator &t) {
        return t.find(text, from, backwards, sensitivity);
    });
    m_match = match;
    if (m_match)
        revealLine(m_match->line);
    viewport()->update();
    return m_match.has_value();
}

bool TerminalWidget::findNext(const QString &text, Qt::CaseSensitivity sensitivity)
{
    return find(text, sensitivity, false);
}

bool TerminalWidget::findPrevious(const QString &text, Qt::CaseSensitivity sensitivity)
{
    return find(text, sensitivity, true);
}

void TerminalWidget::clearSearch()
{
    m_searchText.clear();
    m_match.reset();
    viewport()->update();
}

void TerminalWidget::revealLine(qint64 line)
{
    if (line >= m_viewTop && line < m_viewTop + m_rows)
        return;
    m_viewTop = std::clamp(line - m_rows / 2, m_firstLine, m_screenTop);
    m_follow = m_viewTop == m_screenTop;
    sync();
}

void TerminalWidget::showSearchBar()
{
    if (!m_searchBar) {
        m_searchBar = new QFrame(this);
        static_cast<QFrame *>(m_searchBar)->setFrameShape(QFrame::StyledPanel);
        m_searchBar->setAutoFillBackground(true);
        auto *layout = new QHBoxLayout(m_searchBar);
        layout->setContentsMargins(4, 4, 4, 4);
        m_searchField = new QLineEdit(m_searchBar);
        m_searchField->setPlaceholderText(tr("Find in terminal"));
        m_searchField->setClearButtonEnabled(true);
        auto *older = new QToolButton(m_searchBar);
        older->setText(tr("Previous"));
        older->setToolTip(tr("Find older output (Enter)"));
        auto *newer = new QToolButton(m_searchBar);
        newer->setText(tr("Next"));
        newer->setToolTip(tr("Find newer output (Shift+Enter)"));
        auto *close = new QToolButton(m_searchBar);
        close->setText(tr("Close"));
        layout->addWidget(m_searchField);
        layout->addWidget(older);
        layout->addWidget(newer);
        layout->addWidget(close);

        auto hide = [this] {
            m_searchBar->hide();
            clearSearch();
            setFocus();
        };
        connect(m_searchField, &QLineEdit::returnPressed, this, [this] { findPrevious(m_searchField->text()); });
        connect(m_searchField, &QLineEdit::textEdited, this, [this](const QString &text) {
            m_match.reset();
            findPrevious(text);
        });
        connect(older, &QToolButton::clicked, this, [this] { findPrevious(m_searchField->text()); });
        connect(newer, &QToolButton::clicked, this, [this] { findNext(m_searchField->text()); });
        connect(close, &QToolButton::clicked, this, hide);
        auto *next = new QAction(m_searchField);
        next->setShortcut(QKeySequence(Qt::ShiftModifier | Qt::Key_Return));
        next->setShortcutContext(Qt::WidgetShortcut);
        connect(next, &QAction::triggered, this, [this] { findNext(m_searchField->text()); });
        m_searchField->addAction(next);
        auto *escape = new QAction(m_searchBar);
        escape->setShortcut(QKeySequence(Qt::Key_Escape));
        escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(escape, &QAction::triggered, this, hide);
        m_searchBar->addAction(escape);
    }
    m_searchBar->adjustSize();
    const QRect area = viewport()->geometry();
    m_searchBar->move(area.right() - m_searchBar->width() - 8, area.top() + 8);
    m_searchBar->show();
    m_searchBar->raise();
    m_searchField->setFocus();
    m_searchField->selectAll();
}

// ---- Recording ----

bool TerminalWidget::startRecording(const QString &path, QString *error)
{
    auto recorder = std::make_unique<AsciicastRecorder>();
    if (!recorder->open(path, m_columns, m_rows, m_title)) {
        if (error)
            *error = recorder->errorString();
        return false;
    }
    if (m_recorder)
        m_recorder->close();
    m_recorder = std::move(recorder);
    return true;
}

void TerminalWidget::stopRecording()
{
    if (!m_recorder)
        return;
    m_recorder->close();
    m_recorder.reset();
}

} // namespace nephele::views
