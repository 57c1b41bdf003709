// The terminal widget under QT_QPA_PLATFORM=offscreen: bytes in, screen read back, keys, mouse,
// selection, paste, search, zoom, resize, painting, recording, and a flood that must not freeze
// the GUI thread.

#include "terminal/asciicastrecorder.h"
#include "terminal/terminaltabs.h"
#include "terminal/terminalwidget.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPointer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStyleHints>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using nephele::views::AsciicastRecorder;
using nephele::views::TerminalColor;
using nephele::views::TerminalCursor;
using nephele::views::TerminalPen;
using nephele::views::TerminalTabs;
using nephele::views::TerminalWidget;

class TerminalWidgetTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void screenContentAndAttributes();
    void keysMapToHostBytes();
    void applicationCursorKeys();
    void shiftPageUpScrollsTheScrollback();
    void resizeSendsColumnsAndRows();
    void mouseReportingWhenAsked();
    void selectionByMouseAcrossLinesWithWideCharacters();
    void doubleClickSelectsWordTripleClickSelectsLine();
    void copyAndPaste();
    void bracketedPasteWrapsPastedText();
    void searchFindsScrollbackAndHighlights();
    void zoomChangesCellSize();
    void paintsColouredText();
    void defaultColoursAreReadable();
    void repliesAndTitleReachTheHost();
    void cursorShape();
    void recordsAsciicast();
    void recorderHandlesSplitUtf8AndClock();
    void floodDoesNotFreezeTheGuiThread();
    void tabsFollowTitlesAndBells();

private:
    void feed(const QByteArray &bytes);
    QByteArray sent();
    QPoint cellPoint(int row, int column, qreal fx = 0.5) const;
    void sendMouse(QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons buttons,
                   Qt::KeyboardModifiers modifiers = Qt::NoModifier);

    TerminalWidget *m_term = nullptr;
    QSignalSpy *m_sent = nullptr;
};

void TerminalWidgetTest::init()
{
    m_term = new TerminalWidget;
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    font.setPixelSize(14);
    m_term->setTerminalFont(font);
    m_term->resize(m_term->sizeHint());
    m_term->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_term));
    m_term->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_term));
    m_term->setFocus();
    QTRY_VERIFY(m_term->hasFocus());
    QTRY_COMPARE(m_term->columns(), 80);
    QCOMPARE(m_term->rows(), 24);
    m_sent = new QSignalSpy(m_term, &TerminalWidget::sendData);
}

void TerminalWidgetTest::cleanup()
{
    delete m_sent;
    m_sent = nullptr;
    delete m_term;
    m_term = nullptr;
}

// Bytes to the widget, then wait for the parser and the frame that paints them.
void TerminalWidgetTest::feed(const QByteArray &bytes)
{
    m_term->receiveData(bytes);
    QTRY_COMPARE(m_term->pendingInput(), qint64(0));
    QTRY_VERIFY(!m_term->isFramePending());
}

QByteArray TerminalWidgetTest::sent()
{
    QByteArray all;
    for (const QList<QVariant> &args : std::as_const(*m_sent))
        all += args.at(0).toByteArray();
    m_sent->clear();
    return all;
}

QPoint TerminalWidgetTest::cellPoint(int row, int column, qreal fx) const
{
    const QRect cell = m_term->cellRect(row, column);
    return QPoint(cell.left() + int(cell.width() * fx), cell.center().y());
}

void TerminalWidgetTest::sendMouse(QEvent::Type type, QPoint at, Qt::MouseButton button, Qt::MouseButtons buttons,
                                   Qt::KeyboardModifiers modifiers)
{
    QWidget *viewport = m_term->viewport();
    QMouseEvent event(type, QPointF(at), QPointF(viewport->mapToGlobal(at)), button, buttons, modifiers);
    QCoreApplication::sendEvent(viewport, &event);
}

void TerminalWidgetTest::screenContentAndAttributes()
{
    feed("plain \x1b[1;4;38;5;208mbold\x1b[0m \x1b[7;48;2;1;2;3mrev\x1b[0m\r\n\xe4\xb8\xad!");
    QCOMPARE(m_term->lineText(0), QStringLiteral("plain bold rev"));
    QCOMPARE(m_term->lineText(1), QStringLiteral("中!"));
    const auto bold = m_term->cellAt(0, 6);
    QCOMPARE(bold.text, QStringLiteral("b"));
    QVERIFY(bold.pen.has(TerminalPen::Bold));
    QVERIFY(bold.pen.has(TerminalPen::Underline));
    QCOMPARE(bold.pen.foreground, TerminalColor::indexed(208));
    const auto rev = m_term->cellAt(0, 11);
    QVERIFY(rev.pen.has(TerminalPen::Reverse));
    QCOMPARE(rev.pen.background, TerminalColor::rgb(1, 2, 3));
    QCOMPARE(m_term->cellAt(1, 0).width, 2);
    QCOMPARE(m_term->cellAt(1, 2).text, QStringLiteral("!"));
    QCOMPARE(m_term->cursor().row, 1);
    QCOMPARE(m_term->cursor().column, 3);
}

void TerminalWidgetTest::keysMapToHostBytes()
{
    struct Case {
        Qt::Key key;
        Qt::KeyboardModifiers modifiers;
        QByteArray bytes;
    };
    const Case cases[] = {
        {Qt::Key_Up, Qt::NoModifier, "\x1b[A"},
        {Qt::Key_Down, Qt::NoModifier, "\x1b[B"},
        {Qt::Key_Right, Qt::NoModifier, "\x1b[C"},
        {Qt::Key_Left, Qt::ControlModifier, "\x1b[1;5D"},
        {Qt::Key_Home, Qt::NoModifier, "\x1b[H"},
        {Qt::Key_End, Qt::NoModifier, "\x1b[F"},
        {Qt::Key_PageUp, Qt::NoModifier, "\x1b[5~"},
        {Qt::Key_PageDown, Qt::NoModifier, "\x1b[6~"},
        {Qt::Key_Insert, Qt::NoModifier, "\x1b[2~"},
        {Qt::Key_Delete, Qt::NoModifier, "\x1b[3~"},
        {Qt::Key_F1, Qt::NoModifier, "\x1bOP"},
        {Qt::Key_F5, Qt::NoModifier, "\x1b[15~"},
        {Qt::Key_F12, Qt::NoModifier, "\x1b[24~"},
        {Qt::Key_Return, Qt::NoModifier, "\r"},
        {Qt::Key_Tab, Qt::NoModifier, "\t"},
        {Qt::Key_Backtab, Qt::ShiftModifier, "\x1b[Z"},
        {Qt::Key_Backspace, Qt::NoModifier, "\x7f"},
        {Qt::Key_Escape, Qt::NoModifier, "\x1b"},
        {Qt::Key_C, Qt::ControlModifier, "\x03"},
        {Qt::Key_D, Qt::ControlModifier, "\x04"},
        {Qt::Key_Z, Qt::ControlModifier, "\x1a"},
        {Qt::Key_BracketLeft, Qt::ControlModifier, "\x1b"},
        {Qt::Key_Space, Qt::ControlModifier, QByteArray(1, '\0')},
        {Qt::Key_C, Qt::ControlModifier | Qt::AltModifier, "\x1b\x03"},
    };
    for (const Case &c : cases) {
        QTest::keyClick(m_term, c.key, c.modifiers);
        QCOMPARE(sent(), c.bytes);
    }
    QTest::keyClick(m_term, 'x', Qt::AltModifier); // Alt is Meta
    QCOMPARE(sent(), QByteArray("\x1bx"));
    QTest::keyClicks(m_term, QStringLiteral("ls -"));
    QKeyEvent accented(QEvent::KeyPress, Qt::Key_Eacute, Qt::NoModifier, QStringLiteral("é"));
    QCoreApplication::sendEvent(m_term, &accented);
    QCOMPARE(sent(), QByteArray("ls -\xc3\xa9"));
    // The terminal's own shortcuts send nothing.
    QTest::keyClick(m_term, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(m_term, Qt::Key_PageUp, Qt::ShiftModifier);
    QCOMPARE(sent(), QByteArray());
}

void TerminalWidgetTest::applicationCursorKeys()
{
    QTest::keyClick(m_term, Qt::Key_Up);
    QCOMPARE(sent(), QByteArray("\x1b[A"));
    feed("\x1b[?1h");
    QTest::keyClick(m_term, Qt::Key_Up);
    QTest::keyClick(m_term, Qt::Key_Left);
    QCOMPARE(sent(), QByteArray("\x1bOA\x1bOD"));
    feed("\x1b[?1l");
    QTest::keyClick(m_term, Qt::Key_Up);
    QCOMPARE(sent(), QByteArray("\x1b[A"));
}

void TerminalWidgetTest::shiftPageUpScrollsTheScrollback()
{
    QByteArray lines;
    for (int i = 0; i < 200; ++i)
        lines += "line " + QByteArray::number(i) + "\r\n";
    feed(lines);
    QCOMPARE(m_term->scrollbackLines(), 177);
    const qint64 bottom = m_term->screenTopLine();
    QCOMPARE(m_term->topVisibleLine(), bottom);
    QTest::keyClick(m_term, Qt::Key_PageUp, Qt::ShiftModifier);
    QCOMPARE(m_term->topVisibleLine(), bottom - 23);
    QTest::keyClick(m_term, Qt::Key_PageUp, Qt::ShiftModifier);
    QCOMPARE(m_term->topVisibleLine(), bottom - 46);
    QTest::keyClick(m_term, Qt::Key_PageDown, Qt::ShiftModifier);
    QCOMPARE(m_term->topVisibleLine(), bottom - 23);
    QCOMPARE(sent(), QByteArray());
    // New output keeps the view where the user put it.
    feed("more\r\n");
    QCOMPARE(m_term->topVisibleLine(), bottom - 23);
    // Typing returns to the bottom.
    QTest::keyClick(m_term, 'a');
    QCOMPARE(sent(), QByteArray("a"));
    QCOMPARE(m_term->topVisibleLine(), m_term->screenTopLine());
}

void TerminalWidgetTest::resizeSendsColumnsAndRows()
{
    QSignalSpy sizes(m_term, &TerminalWidget::sizeChanged);
    const QSize cell = m_term->cellSize();
    m_term->resize(m_term->width() + 20 * cell.width(), m_term->height() - 4 * cell.height());
    QTRY_VERIFY(!sizes.isEmpty());
    const QList<QVariant> last = sizes.last();
    QCOMPARE(last.at(0).toInt(), 100);
    QCOMPARE(last.at(1).toInt(), 20);
    QCOMPARE(m_term->columns(), 100);
    QCOMPARE(m_term->rows(), 20);
    QCOMPARE(m_term->columns(), m_term->viewport()->width() / cell.width());
    // The emulation has the new size: a line of 100 characters fits on one row.
    feed(QByteArray(100, 'w') + "\x1b[6n");
    QCOMPARE(m_term->lineText(0).size(), 100);
    QTRY_VERIFY(!m_sent->isEmpty());
    QCOMPARE(sent(), QByteArray("\x1b[1;100R"));
}

void TerminalWidgetTest::mouseReportingWhenAsked()
{
    // Not asked: a click selects, nothing goes to the host.
    sendMouse(QEvent::MouseButtonPress, cellPoint(2, 3), Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(2, 3), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(sent(), QByteArray());

    feed("\x1b[?1000h\x1b[?1006h");
    sendMouse(QEvent::MouseButtonPress, cellPoint(2, 3), Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(2, 3), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(sent(), QByteArray("\x1b[<0;4;3M\x1b[<0;4;3m"));
    sendMouse(QEvent::MouseButtonPress, cellPoint(5, 10), Qt::RightButton, Qt::RightButton, Qt::ControlModifier);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(5, 10), Qt::RightButton, Qt::NoButton, Qt::ControlModifier);
    QCOMPARE(sent(), QByteArray("\x1b[<18;11;6M\x1b[<18;11;6m"));
    QWheelEvent wheel(QPointF(cellPoint(1, 1)), QPointF(m_term->viewport()->mapToGlobal(cellPoint(1, 1))), QPoint(),
                      QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(m_term->viewport(), &wheel);
    QCOMPARE(sent(), QByteArray("\x1b[<64;2;2M"));
    // Shift overrides the program: the user selects.
    sendMouse(QEvent::MouseButtonPress, cellPoint(2, 3), Qt::LeftButton, Qt::LeftButton, Qt::ShiftModifier);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(2, 3), Qt::LeftButton, Qt::NoButton, Qt::ShiftModifier);
    QCOMPARE(sent(), QByteArray());
    // Motion is reported while a button is held in drag mode.
    feed("\x1b[?1002h");
    sendMouse(QEvent::MouseButtonPress, cellPoint(0, 0), Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, cellPoint(0, 2), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(0, 2), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(sent(), QByteArray("\x1b[<0;1;1M\x1b[<32;3;1M\x1b[<0;3;1m"));
}

void TerminalWidgetTest::selectionByMouseAcrossLinesWithWideCharacters()
{
    feed("ab\xe4\xb8\xad"
         "cd\r\nef\xe6\x96\x87gh\r\nthird");
    // From the left edge of "b" (row 0, column 1) to the boundary after 文 (row 1, column 4).
    sendMouse(QEvent::MouseButtonPress, cellPoint(0, 1, 0.1), Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, cellPoint(1, 2, 0.9), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, cellPoint(1, 3, 0.9), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(1, 3, 0.9), Qt::LeftButton, Qt::NoButton);
    QVERIFY(m_term->hasSelection());
    QCOMPARE(m_term->selectedText(), QStringLiteral("b中cd\nef文"));
    // Ending inside the left half of 文 still takes the whole character.
    sendMouse(QEvent::MouseButtonPress, cellPoint(0, 0, 0.1), Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, cellPoint(1, 2, 0.6), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(1, 2, 0.6), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(m_term->selectedText(), QStringLiteral("ab中cd\nef文"));
    // A plain click clears it.
    sendMouse(QEvent::MouseButtonPress, cellPoint(2, 1), Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(2, 1), Qt::LeftButton, Qt::NoButton);
    QVERIFY(!m_term->hasSelection());
    QCOMPARE(sent(), QByteArray());
}

void TerminalWidgetTest::doubleClickSelectsWordTripleClickSelectsLine()
{
    feed("$ cat /var/log/app-1.log | wc\r\nnext");
    const QPoint onPath = cellPoint(0, 12);
    sendMouse(QEvent::MouseButtonPress, onPath, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, onPath, Qt::LeftButton, Qt::NoButton);
    sendMouse(QEvent::MouseButtonDblClick, onPath, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, onPath, Qt::LeftButton, Qt::NoButton);
    QCOMPARE(m_term->selectedText(), QStringLiteral("/var/log/app-1.log"));
    // A third click soon after selects the line.
    sendMouse(QEvent::MouseButtonPress, onPath, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, onPath, Qt::LeftButton, Qt::NoButton);
    QCOMPARE(m_term->selectedText(), QStringLiteral("$ cat /var/log/app-1.log | wc"));
    // Double-click and drag grows by words.
    const QPoint onCat = cellPoint(0, 3);
    sendMouse(QEvent::MouseButtonPress, onCat, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, onCat, Qt::LeftButton, Qt::NoButton);
    QTest::qWait(QGuiApplication::styleHints()->mouseDoubleClickInterval() + 50); // not a triple click
    sendMouse(QEvent::MouseButtonDblClick, onCat, Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, cellPoint(1, 1), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(1, 1), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(m_term->selectedText(), QStringLiteral("cat /var/log/app-1.log | wc\nnext"));
}

void TerminalWidgetTest::copyAndPaste()
{
    feed("copy me please");
    m_term->setSelection({m_term->screenTopLine(), 5}, {m_term->screenTopLine(), 7});
    QCOMPARE(m_term->selectedText(), QStringLiteral("me"));
    QTest::keyClick(m_term, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("me"));
    QCOMPARE(sent(), QByteArray());

    QGuiApplication::clipboard()->setText(QStringLiteral("echo one\necho two"));
    QTest::keyClick(m_term, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(sent(), QByteArray("echo one\recho two"));
    QTest::keyClick(m_term, Qt::Key_Insert, Qt::ShiftModifier);
    QCOMPARE(sent(), QByteArray("echo one\recho two"));

    // Middle click pastes the primary selection (or, where there is none, the last selection).
    sendMouse(QEvent::MouseButtonPress, cellPoint(0, 0, 0.1), Qt::LeftButton, Qt::LeftButton);
    sendMouse(QEvent::MouseMove, cellPoint(0, 3, 0.9), Qt::NoButton, Qt::LeftButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(0, 3, 0.9), Qt::LeftButton, Qt::NoButton);
    QCOMPARE(m_term->selectedText(), QStringLiteral("copy"));
    if (QGuiApplication::clipboard()->supportsSelection())
        QCOMPARE(QGuiApplication::clipboard()->text(QClipboard::Selection), QStringLiteral("copy"));
    sendMouse(QEvent::MouseButtonPress, cellPoint(3, 3), Qt::MiddleButton, Qt::MiddleButton);
    sendMouse(QEvent::MouseButtonRelease, cellPoint(3, 3), Qt::MiddleButton, Qt::NoButton);
    QCOMPARE(sent(), QByteArray("copy"));
}

void TerminalWidgetTest::bracketedPasteWrapsPastedText()
{
    QGuiApplication::clipboard()->setText(QStringLiteral("make\nmake install"));
    feed("\x1b[?2004h");
    QTest::keyClick(m_term, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(sent(), QByteArray("\x1b[200~make\rmake install\x1b[201~"));
    feed("\x1b[?2004l");
    QTest::keyClick(m_term, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(sent(), QByteArray("make\rmake install"));
}

void TerminalWidgetTest::searchFindsScrollbackAndHighlights()
{
    QByteArray lines;
    for (int i = 0; i < 300; ++i)
        lines += "item " + QByteArray::number(i) + " of the list\r\n";
    feed(lines);
    QVERIFY(m_term->findPrevious(QStringLiteral("ITEM 17 ")));
    QVERIFY(m_term->currentMatch().has_value());
    QCOMPARE(m_term->currentMatch()->line, 17);
    QCOMPARE(m_term->currentMatch()->startColumn, 0);
    QCOMPARE(m_term->currentMatch()->endColumn, 8);
    // Scrolled into view, and painted in the current-match colour.
    const qint64 top = m_term->topVisibleLine();
    QVERIFY(top <= 17 && 17 < top + m_term->rows());
    QTRY_VERIFY(!m_term->isFramePending());
    const QImage image = m_term->viewport()->grab().toImage();
    const int h = m_term->cellSize().height();
    const int y = int(17 - top) * h;
    QCOMPARE(image.pixel(1, y + 1), m_term->colorScheme().currentMatchBackground);
    QCOMPARE(image.pixel(1, y + h + 1), m_term->colorScheme().background);

    // A new text starts again from the bottom; "item 17" also matches "item 170".."item 179".
    QVERIFY(m_term->findPrevious(QStringLiteral("item 17")));
    QCOMPARE(m_term->currentMatch()->line, 179);
    QVERIFY(m_term->findPrevious(QStringLiteral("item 17")));
    QCOMPARE(m_term->currentMatch()->line, 178);
    QVERIFY(m_term->findNext(QStringLiteral("item 17")));
    QCOMPARE(m_term->currentMatch()->line, 179);
    QVERIFY(m_term->findNext(QStringLiteral("item 17")));
    QCOMPARE(m_term->currentMatch()->line, 17); // wrapped around to the oldest
    QVERIFY(!m_term->findPrevious(QStringLiteral("no such text")));
    QVERIFY(!m_term->currentMatch().has_value());
    m_term->clearSearch();
}

void TerminalWidgetTest::zoomChangesCellSize()
{
    QSignalSpy sizes(m_term, &TerminalWidget::sizeChanged);
    const QSize before = m_term->cellSize();
    QTest::keyClick(m_term, Qt::Key_Equal, Qt::ControlModifier);
    QTest::keyClick(m_term, Qt::Key_Plus, Qt::ControlModifier);
    const QSize bigger = m_term->cellSize();
    QVERIFY(bigger.height() > before.height());
    QVERIFY(bigger.width() >= before.width());
    QCOMPARE(m_term->zoomSteps(), 2);
    QVERIFY(!sizes.isEmpty());
    QVERIFY(sizes.last().at(1).toInt() < 24); // fewer rows fit
    QTest::keyClick(m_term, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(m_term->cellSize(), before);
    QCOMPARE(m_term->rows(), 24);
    QTest::keyClick(m_term, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(m_term->cellSize().height() < before.height());
    QCOMPARE(sent(), QByteArray());
}

// Every ANSI colour but black reads on the default background at WCAG's 4.5:1 for text (`ls`
// paints directories blue; libvterm's own blue gives 1.8:1), and the padding around the text is
// the terminal's background, not the window's.
void TerminalWidgetTest::defaultColoursAreReadable()
{
    auto luminance = [](QRgb c) {
        auto channel = [](int v) {
            const double x = v / 255.0;
            return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(qRed(c)) + 0.7152 * channel(qGreen(c)) + 0.0722 * channel(qBlue(c));
    };
    const QRgb background = m_term->colorScheme().background;
    for (int i = 1; i < 16; ++i) {
        const QRgb c = m_term->resolve(TerminalColor::indexed(i), true);
        const double contrast = (luminance(c) + 0.05) / (luminance(background) + 0.05);
        QVERIFY2(
            contrast >= 4.5,
            qPrintable(
                QStringLiteral("colour %1 (%2) reads at %3:1").arg(i).arg(QColor(c).name()).arg(contrast, 0, 'f', 2)));
    }
    const QImage whole = m_term->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QPoint viewportAt = m_term->viewport()->geometry().topLeft();
    QVERIFY2(viewportAt.x() >= 4, "text keeps a margin from the left edge");
    QCOMPARE(whole.pixel(1, viewportAt.y() + 2), background);
}

void TerminalWidgetTest::paintsColouredText()
{
    feed("\x1b[41m  red  \x1b[0m \x1b[48;2;0;128;255m  blue  \x1b[0m \x1b[1;32mgreen bold text\x1b[0m\r\n"
         "\x1b[7m reverse \x1b[0m \x1b[4;38;2;255;200;0munderlined gold\x1b[0m \xe4\xb8\xad\xe6\x96\x87 wide\r\n"
         "\x1b[38;5;201mpalette 201\x1b[0m \x1b[3mitalic\x1b[0m cafe\xcc\x81 \xe2\x94\x80\xe2\x94\xbc $ ");
    const QImage image = m_term->viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QString png = QCoreApplication::applicationDirPath() + QStringLiteral("/terminal-paint.png");
    QVERIFY(image.save(png));
    qInfo("painted screen saved to %s", qPrintable(png));

    auto cellCenter = [&](int row, int column) { return m_term->cellRect(row, column).topLeft() + QPoint(1, 1); };
    const QRgb red = m_term->resolve(TerminalColor::indexed(1), false);
    QCOMPARE(image.pixel(cellCenter(0, 0)), red);
    QCOMPARE(image.pixel(cellCenter(0, 10)), qRgb(0, 128, 255));
    // Reverse video: the default foreground becomes the background.
    QCOMPARE(image.pixel(cellCenter(1, 0)), m_term->colorScheme().foreground);
    QCOMPARE(image.pixel(cellCenter(2, 40)), m_term->colorScheme().background);

    // Glyphs are drawn in their colours: count pixels near each colour inside the text's cells.
    auto countNear = [&](int row, int from, int to, QRgb color) {
        const QRect area = m_term->cellRect(row, from).united(m_term->cellRect(row, to - 1));
        int n = 0;
        for (int y = area.top(); y <= area.bottom(); ++y) {
            for (int x = area.left(); x <= area.right(); ++x) {
                const QRgb p = image.pixel(x, y);
                if (std::abs(qRed(p) - qRed(color)) < 40 && std::abs(qGreen(p) - qGreen(color)) < 40 &&
                    std::abs(qBlue(p) - qBlue(color)) < 40)
                    ++n;
            }
        }
        return n;
    };
    const QRgb green = m_term->resolve(TerminalColor::indexed(2), true);
    QVERIFY2(countNear(0, 20, 35, green) > 40, "green text is painted");
    QVERIFY2(countNear(1, 10, 25, qRgb(255, 200, 0)) > 40, "truecolour text is painted");
    QVERIFY2(countNear(2, 0, 11, m_term->resolve(TerminalColor::indexed(201), true)) > 20, "palette text");
    // "café" with a combining accent: the accent's ink sits above the x-height of the "e".
    const QRect e = m_term->cellRect(2, 22);
    int accent = 0;
    for (int y = e.top(); y < e.top() + e.height() / 3; ++y)
        for (int x = e.left(); x <= e.right(); ++x)
            accent += image.pixel(x, y) != m_term->colorScheme().background;
    QVERIFY2(accent > 2, qPrintable(QString::number(accent)));
    // The wide characters paint something (a glyph from a fallback font, not blank cells).
    const int wideInk = countNear(1, 26, 30, m_term->colorScheme().foreground);
    QVERIFY2(wideInk > 10, qPrintable(QString::number(wideInk)));
    // The cursor is a block in the cursor colour after "$ ".
    const TerminalCursor cursor = m_term->cursor();
    QCOMPARE(cursor.row, 2);
    QCOMPARE(image.pixel(cellCenter(cursor.row, cursor.column)), m_term->colorScheme().cursor);
    // Most of the screen is background, but not all of it.
    int ink = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            ink += image.pixel(x, y) != m_term->colorScheme().background;
    QVERIFY(ink > 500);
}

void TerminalWidgetTest::repliesAndTitleReachTheHost()
{
    QSignalSpy titles(m_term, &TerminalWidget::titleChanged);
    QSignalSpy bells(m_term, &TerminalWidget::bell);
    m_term->receiveData("\x1b]0;deploy@web-1\x07\x1b[5;9H\x1b[6n\x07");
    QTRY_COMPARE(titles.size(), 1);
    QCOMPARE(titles.first().at(0).toString(), QStringLiteral("deploy@web-1"));
    QCOMPARE(m_term->title(), QStringLiteral("deploy@web-1"));
    QTRY_VERIFY(!m_sent->isEmpty());
    QCOMPARE(sent(), QByteArray("\x1b[5;9R"));
    QTRY_COMPARE(bells.size(), 1);
}

void TerminalWidgetTest::cursorShape()
{
    feed("\x1b[6 q");
    QCOMPARE(m_term->cursor().shape, TerminalCursor::Shape::Bar);
    QVERIFY(!m_term->cursor().blinking);
    feed("\x1b[3 q");
    QCOMPARE(m_term->cursor().shape, TerminalCursor::Shape::Underline);
    QVERIFY(m_term->cursor().blinking);
    const QImage image = m_term->viewport()->grab().toImage();
    const QRect cell = m_term->cellRect(0, 0);
    const QRgb cursorColor = m_term->colorScheme().cursor;
    // Focused (or the test window may not have focus: then a hollow box). Either way the cell's
    // bottom edge carries the cursor colour and its centre does not.
    QCOMPARE(image.pixel(cell.center().x(), cell.bottom()), cursorColor);
    QVERIFY(image.pixel(cell.center()) != cursorColor);
}

void TerminalWidgetTest::recordsAsciicast()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.cast"));
    QString error;
    QVERIFY2(m_term->startRecording(path, &error), qPrintable(error));
    QVERIFY(m_term->isRecording());
    feed("hello \"world\"\r\n\x1b[31mred\x1b[0m \xe4\xb8");
    feed("\xad\tend\r\n");
    m_term->resize(m_term->width() - 10 * m_term->cellSize().width(), m_term->height());
    QTRY_COMPARE(m_term->columns(), 70);
    m_term->stopRecording();
    QVERIFY(!m_term->isRecording());
    QVERIFY(!m_term->startRecording(dir.filePath(QStringLiteral("missing/dir/x.cast")), &error));
    QVERIFY(error.contains(QStringLiteral("missing/dir")));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QVERIFY(lines.size() >= 4);
    QJsonParseError parseError;
    const QJsonObject header = QJsonDocument::fromJson(lines[0], &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(header.value(QStringLiteral("version")).toInt(), 2);
    QCOMPARE(header.value(QStringLiteral("width")).toInt(), 80);
    QCOMPARE(header.value(QStringLiteral("height")).toInt(), 24);
    QVERIFY(header.value(QStringLiteral("timestamp")).toInteger() > 1600000000);
    QString output;
    QStringList resizes;
    double lastTime = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines[i].isEmpty())
            continue;
        const QJsonArray event = QJsonDocument::fromJson(lines[i], &parseError).array();
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        QCOMPARE(event.size(), 3);
        QVERIFY(event[0].isDouble());
        QVERIFY(event[0].toDouble() >= lastTime);
        lastTime = event[0].toDouble();
        if (event[1].toString() == QStringLiteral("o"))
            output += event[2].toString();
        else if (event[1].toString() == QStringLiteral("r"))
            resizes << event[2].toString();
        else
            QFAIL("unexpected event type");
    }
    QCOMPARE(output, QStringLiteral("hello \"world\"\r\n\x1b[31mred\x1b[0m 中\tend\r\n"));
    QCOMPARE(resizes, QStringList{QStringLiteral("70x24")});
}

void TerminalWidgetTest::recorderHandlesSplitUtf8AndClock()
{
    QTemporaryDir dir;
    qint64 now = 5'000'000'000;
    AsciicastRecorder recorder([&now] { return now; });
    QVERIFY(recorder.open(dir.filePath(QStringLiteral("a.cast")), 120, 40, QStringLiteral("web-1"), 1700000000));
    recorder.recordOutput("a\xf0\x9f");
    now += 1'500'000;
    recorder.recordOutput("\x98\x80"
                          "b\xff");
    now += 2'000'000'000;
    recorder.recordInput("\x03");
    recorder.close();
    QFile file(dir.filePath(QStringLiteral("a.cast")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 5); // header, three events, the empty end
    const QJsonObject header = QJsonDocument::fromJson(lines[0]).object();
    QCOMPARE(header.value(QStringLiteral("title")).toString(), QStringLiteral("web-1"));
    QCOMPARE(header.value(QStringLiteral("timestamp")).toInteger(), 1700000000);
    QCOMPARE(lines[1], QByteArray("[0.000000, \"o\", \"a\"]"));
    // The emoji split across chunks arrives whole; the invalid byte becomes U+FFFD.
    QCOMPARE(QJsonDocument::fromJson(lines[2]).array().at(2).toString(), QStringLiteral("😀b\uFFFD"));
    QCOMPARE(QJsonDocument::fromJson(lines[2]).array().at(0).toDouble(), 0.0015);
    QCOMPARE(lines[3], QByteArray("[2.001500, \"i\", \"\\u0003\"]"));
    QCOMPARE(AsciicastRecorder::jsonEscape("\"\\\n\x1b"), QByteArray("\\\"\\\\\\n\\u001b"));
}

void TerminalWidgetTest::floodDoesNotFreezeTheGuiThread()
{
    // 24 MB of scrolling text, the way an SSH channel would hand it over: 64 KB reads, paused while
    // the terminal reports a backlog. A timer on the GUI thread must keep firing throughout.
    QByteArray block;
    for (int i = 0; block.size() < 65536; ++i)
        block += "flood line " + QByteArray::number(i) + " the quick brown fox jumps over the lazy dog\r\n";
    const qint64 total = 24 << 20;
    qint64 fed = 0;
    QSignalSpy frames(m_term, &TerminalWidget::framePainted);
    QElapsedTimer clock;
    clock.start();
    qint64 lastTick = 0;
    qint64 worstGap = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    connect(&ticker, &QTimer::timeout, this, [&] {
        const qint64 t = clock.elapsed();
        worstGap = std::max(worstGap, t - lastTick);
        lastTick = t;
    });
    auto pump = [&] {
        while (fed < total && !m_term->isBacklogged()) {
            m_term->receiveData(block);
            fed += block.size();
        }
    };
    connect(m_term, &TerminalWidget::inputDrained, this, pump);
    ticker.start(5);
    lastTick = clock.elapsed();
    pump();
    QTRY_VERIFY_WITH_TIMEOUT(fed >= total && m_term->pendingInput() == 0, 120000);
    ticker.stop();
    const double seconds = clock.elapsed() / 1000.0;
    qInfo("flood: %.1f MB in %.2f s (%.1f MB/s), %d frames, worst GUI-thread gap %lld ms", fed / 1e6, seconds,
          fed / 1e6 / seconds, int(frames.size()), worstGap);
    QVERIFY2(worstGap < 250, qPrintable(QString::number(worstGap)));
    QVERIFY(frames.size() >= 3); // frames kept coming during the flood
    QTRY_VERIFY(!m_term->isFramePending());
    QVERIFY(m_term->lineText(m_term->rows() - 2).startsWith(QStringLiteral("flood line")));
    QCOMPARE(m_term->scrollbackLines(), 10000);
}

void TerminalWidgetTest::tabsFollowTitlesAndBells()
{
    TerminalTabs tabs;
    tabs.resize(800, 500);
    tabs.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tabs));
    TerminalWidget *web = tabs.addTerminal(QStringLiteral("web-1"));
    TerminalWidget *db = tabs.addTerminal(QStringLiteral("db-1"));
    QCOMPARE(tabs.count(), 2);
    QCOMPARE(tabs.currentTerminal(), db);
    QCOMPARE(tabs.tabText(0), QStringLiteral("web-1"));

    // The program's title shows in the tab; the session name stays in the tooltip.
    web->receiveData("\x1b]2;vim notes.txt\x07");
    QTRY_COMPARE(tabs.tabText(0), QStringLiteral("vim notes.txt"));
    QVERIFY(tabs.tabToolTip(0).contains(QStringLiteral("web-1")));
    // A bell in the background tab marks it until it comes to the front.
    web->receiveData("\x07");
    QTRY_VERIFY(tabs.hasBell(0));
    QVERIFY(tabs.tabText(0) != QStringLiteral("vim notes.txt"));
    db->receiveData("\x07");
    QTest::qWait(50);
    QVERIFY(!tabs.hasBell(1)); // the tab in front is not marked
    tabs.setCurrentIndex(0);
    QVERIFY(!tabs.hasBell(0));
    QCOMPARE(tabs.tabText(0), QStringLiteral("vim notes.txt"));

    // Output to a tab in the background is painted when the tab comes to the front.
    QVERIFY(!db->isVisible());
    db->receiveData("\x1b[2J\x1b[H\x1b[44m behind \x1b[0m");
    QTRY_COMPARE(db->pendingInput(), qint64(0));
    QTRY_VERIFY(!db->isFramePending());
    tabs.setCurrentIndex(1);
    QTRY_VERIFY(db->isVisible());
    const QImage shown = db->viewport()->grab().toImage();
    QCOMPARE(shown.pixel(db->cellRect(0, 1).topLeft() + QPoint(1, 1)),
             db->resolve(nephele::views::TerminalColor::indexed(4), false));

    // Closing asks the owner, who removes the terminal.
    QList<TerminalWidget *> closing;
    connect(&tabs, &TerminalTabs::closeRequested, this, [&closing](TerminalWidget *t) { closing << t; });
    Q_EMIT tabs.tabCloseRequested(1);
    QCOMPARE(closing, QList<TerminalWidget *>{db});
    QCOMPARE(tabs.count(), 2); // not before the owner says so
    QPointer<TerminalWidget> gone(db);
    tabs.removeTerminal(db);
    QCOMPARE(tabs.count(), 1);
    QTRY_VERIFY(gone.isNull());
}

QTEST_MAIN(TerminalWidgetTest)
#include "tst_terminalwidget.moc"
