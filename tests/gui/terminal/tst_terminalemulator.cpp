// The terminal model without widgets: byte streams in, screen content, attributes, scrollback,
// search, selection text and the bytes for the host out.

#include "terminal/terminalemulator.h"

#include <QTest>

using nephele::views::TerminalColor;
using nephele::views::TerminalCursor;
using nephele::views::TerminalEmulator;
using nephele::views::TerminalPen;
using nephele::views::TerminalPosition;

class TerminalEmulatorTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textAndCursor();
    void colors();
    void attributes();
    void wideAndCombiningCharacters();
    void alternateScreenRestoresPrimary();
    void scrollbackHoldsScrolledLines();
    void scrollbackLimitDropsOldest();
    void scrollbackIsCompact();
    void growingPullsLinesBackFromScrollback();
    void searchFindsScrollbackLines();
    void selectionTextAcrossLinesWithWideCharacters();
    void bracketedPaste();
    void mouseReporting();
    void keys();
    void repliesToQueries();
    void titleAndCursorShape();
    void damageMarksChangedRows();
    void editingMovesCellsAndRegionsScroll();
};

namespace {
void write(TerminalEmulator &t, const char *bytes)
{
    t.write(bytes, std::strlen(bytes));
}
} // namespace

void TerminalEmulatorTest::textAndCursor()
{
    TerminalEmulator t(24, 80);
    write(t, "hello\r\nworld");
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("hello"));
    QCOMPARE(t.screenLine(1).plainText(), QStringLiteral("world"));
    QCOMPARE(t.cursor().row, 1);
    QCOMPARE(t.cursor().column, 5);
    write(t, "\x1b[10;20HX");
    QCOMPARE(t.cell(9, 19).text, QStringLiteral("X"));
    QCOMPARE(t.cursor().row, 9);
    QCOMPARE(t.cursor().column, 20);
}

void TerminalEmulatorTest::colors()
{
    TerminalEmulator t(24, 80);
    write(t, "\x1b[31ma\x1b[38;5;196mb\x1b[48;2;10;20;30mc\x1b[38;2;200;100;50md\x1b[0me\x1b[94mf");
    QCOMPARE(t.cell(0, 0).pen.foreground, TerminalColor::indexed(1));
    QCOMPARE(t.cell(0, 1).pen.foreground, TerminalColor::indexed(196));
    QVERIFY(t.cell(0, 1).pen.background.isDefault());
    QCOMPARE(t.cell(0, 2).pen.foreground, TerminalColor::indexed(196));
    QCOMPARE(t.cell(0, 2).pen.background, TerminalColor::rgb(10, 20, 30));
    QCOMPARE(t.cell(0, 3).pen.foreground, TerminalColor::rgb(200, 100, 50));
    QCOMPARE(t.cell(0, 3).pen.background, TerminalColor::rgb(10, 20, 30));
    QVERIFY(t.cell(0, 4).pen.foreground.isDefault());
    QVERIFY(t.cell(0, 4).pen.background.isDefault());
    QCOMPARE(t.cell(0, 5).pen.foreground, TerminalColor::indexed(12));
    // The compact line keeps the same pens.
    const auto line = t.screenLine(0);
    QCOMPARE(line.cellAt(2).pen.background, TerminalColor::rgb(10, 20, 30));
    QCOMPARE(line.cellAt(1).pen.foreground, TerminalColor::indexed(196));
    // The palette resolves the 256 colours: 196 is pure red in the 6x6x6 cube.
    QCOMPARE(t.defaultPalette()[196], qRgb(255, 0, 0));
}

void TerminalEmulatorTest::attributes()
{
    TerminalEmulator t(24, 80);
    write(t, "\x1b[1mB\x1b[0;4mU\x1b[0;7mR\x1b[0;3mI\x1b[0;9mS\x1b[0;21mD\x1b[0mN");
    QVERIFY(t.cell(0, 0).pen.has(TerminalPen::Bold));
    QVERIFY(!t.cell(0, 0).pen.has(TerminalPen::Underline));
    QVERIFY(t.cell(0, 1).pen.has(TerminalPen::Underline));
    QVERIFY(!t.cell(0, 1).pen.has(TerminalPen::Bold));
    QVERIFY(t.cell(0, 2).pen.has(TerminalPen::Reverse));
    QVERIFY(t.cell(0, 3).pen.has(TerminalPen::Italic));
    QVERIFY(t.cell(0, 4).pen.has(TerminalPen::Strike));
    QVERIFY(t.cell(0, 5).pen.has(TerminalPen::DoubleUnderline));
    QCOMPARE(t.cell(0, 6).pen.attributes, std::uint16_t(0));
    const auto line = t.screenLine(0);
    QCOMPARE(line.plainText(), QStringLiteral("BURISDN"));
    QCOMPARE(int(line.spans().size()), 7); // one run per pen
}

void TerminalEmulatorTest::wideAndCombiningCharacters()
{
    TerminalEmulator t(24, 80);
    write(t, "\xe4\xb8\xad\xe6\x96\x87x"); // 中文x
    write(t, "\r\ne\xcc\x81!");            // e + COMBINING ACUTE ACCENT
    QCOMPARE(t.cell(0, 0).text, QStringLiteral("中"));
    QCOMPARE(t.cell(0, 0).width, 2);
    QCOMPARE(t.cell(0, 1).width, 0); // the right half
    QCOMPARE(t.cell(0, 2).text, QStringLiteral("文"));
    QCOMPARE(t.cell(0, 4).text, QStringLiteral("x"));
    QCOMPARE(t.cell(1, 0).text, QStringLiteral("e\u0301"));
    QCOMPARE(t.cell(1, 0).width, 1);
    QCOMPARE(t.cell(1, 1).text, QStringLiteral("!"));
    QCOMPARE(t.cursor().column, 2);

    const auto wide = t.screenLine(0);
    QCOMPARE(wide.columns(), 5);
    QCOMPARE(wide.cellAt(2).text, QStringLiteral("文"));
    QCOMPARE(wide.cellAt(3).width, 0);
    QCOMPARE(wide.plainText(), QStringLiteral("中文x"));
    QCOMPARE(t.screenLine(1).plainText(), QStringLiteral("e\u0301!"));
}

void TerminalEmulatorTest::alternateScreenRestoresPrimary()
{
    TerminalEmulator t(24, 80);
    write(t, "primary text\r\nsecond");
    write(t, "\x1b[?1049h");
    QVERIFY(t.isAlternateScreen());
    QCOMPARE(t.screenLine(0).plainText(), QString());
    write(t, "\x1b[5;5Halt");
    QCOMPARE(t.screenLine(4).plainText(), QStringLiteral("    alt"));
    const int scrollback = t.scrollbackCount();
    for (int i = 0; i < 40; ++i)
        write(t, "full screen\r\n");
    QCOMPARE(t.scrollbackCount(), scrollback); // the alternate screen keeps no history
    write(t, "\x1b[?1049l");
    QVERIFY(!t.isAlternateScreen());
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("primary text"));
    QCOMPARE(t.screenLine(1).plainText(), QStringLiteral("second"));
    QCOMPARE(t.cursor().row, 1);
    QCOMPARE(t.cursor().column, 6);
}

void TerminalEmulatorTest::scrollbackHoldsScrolledLines()
{
    TerminalEmulator t(24, 80);
    for (int i = 0; i < 100; ++i)
        t.write(QByteArray("\x1b[32mline ") + QByteArray::number(i) + "\x1b[0m\r\n");
    // 101 lines (the last empty) on a 24-row screen.
    QCOMPARE(t.scrollbackCount(), 77);
    QCOMPARE(t.scrollbackLine(0).plainText(), QStringLiteral("line 0"));
    QCOMPARE(t.scrollbackLine(0).cellAt(0).pen.foreground, TerminalColor::indexed(2));
    QCOMPARE(t.scrollbackLine(76).plainText(), QStringLiteral("line 76"));
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("line 77"));
    QCOMPARE(t.firstLine(), 0);
    QCOMPARE(t.screenTopLine(), 77);
    QCOMPARE(t.line(5).plainText(), QStringLiteral("line 5"));
    QCOMPARE(t.line(80).plainText(), QStringLiteral("line 80"));
}

void TerminalEmulatorTest::scrollbackLimitDropsOldest()
{
    TerminalEmulator t(10, 40, 50);
    for (int i = 0; i < 200; ++i)
        t.write(QByteArray("row ") + QByteArray::number(i) + "\r\n");
    QCOMPARE(t.scrollbackCount(), 50);
    QCOMPARE(t.firstLine(), 141); // 191 lines scrolled off, 141 dropped
    QCOMPARE(t.line(141).plainText(), QStringLiteral("row 141"));
    QCOMPARE(t.line(140).plainText(), QString());
    t.setScrollbackLimit(5);
    QCOMPARE(t.scrollbackCount(), 5);
    QCOMPARE(t.line(t.firstLine()).plainText(), QStringLiteral("row 186"));

    // Off: nothing is kept, the screen still scrolls; on again: lines are kept again.
    t.setScrollbackLimit(0);
    QCOMPARE(t.scrollbackCount(), 0);
    for (int i = 0; i < 30; ++i)
        t.write(QByteArray("off ") + QByteArray::number(i) + "\r\n");
    QCOMPARE(t.scrollbackCount(), 0);
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("off 21"));
    t.setScrollbackLimit(100);
    t.write("one\r\ntwo\r\n");
    QCOMPARE(t.scrollbackCount(), 2);
    QCOMPARE(t.scrollbackLine(1).plainText(), QStringLiteral("off 22"));
}

void TerminalEmulatorTest::scrollbackIsCompact()
{
    TerminalEmulator t(24, 200, 10000);
    const QByteArray text(80, 'x');
    for (int i = 0; i < 10100; ++i)
        t.write(text + "\r\n");
    QCOMPARE(t.scrollbackCount(), 10000);
    // 200 libvterm cells of 36+ bytes would be 7 KB a line; the compact line is text plus runs.
    const double perLine = double(t.scrollbackMemoryUsage()) / t.scrollbackCount();
    qInfo("scrollback: %.0f bytes per 80-character line", perLine);
    QVERIFY2(perLine < 320, qPrintable(QString::number(perLine)));
}

void TerminalEmulatorTest::growingPullsLinesBackFromScrollback()
{
    TerminalEmulator t(10, 40);
    for (int i = 0; i < 30; ++i)
        t.write(QByteArray("n") + QByteArray::number(i) + (i < 29 ? "\r\n" : ""));
    QCOMPARE(t.scrollbackCount(), 20);
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("n20"));
    t.resize(15, 40);
    QCOMPARE(t.rows(), 15);
    QCOMPARE(t.scrollbackCount(), 15);
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("n15"));
    QCOMPARE(t.screenLine(14).plainText(), QStringLiteral("n29"));
    QCOMPARE(t.cursor().row, 14);
    // Shrinking again pushes them back.
    t.resize(10, 40);
    QCOMPARE(t.screenLine(9).plainText(), QStringLiteral("n29"));
    QCOMPARE(t.line(t.screenTopLine() - 1).plainText(), QStringLiteral("n19"));
}

void TerminalEmulatorTest::searchFindsScrollbackLines()
{
    TerminalEmulator t(24, 80);
    for (int i = 0; i < 100; ++i)
        t.write(QByteArray("entry ") + QByteArray::number(i) + " done\r\n");
    const TerminalPosition end{t.endLine(), 0};
    auto m = t.find(QStringLiteral("ENTRY 42 "), end, true);
    QVERIFY(m.has_value());
    QCOMPARE(m->line, 42);
    QCOMPARE(m->startColumn, 0);
    QCOMPARE(m->endColumn, 9);
    // Older and newer from there.
    m = t.find(QStringLiteral("entry 4"), {42, 0}, true);
    QVERIFY(m.has_value());
    QCOMPARE(m->line, 41);
    m = t.find(QStringLiteral("entry 4"), {42, 0}, false);
    QVERIFY(m.has_value());
    QCOMPARE(m->line, 43);
    // Case sensitivity, and wrap-around.
    QVERIFY(!t.find(QStringLiteral("ENTRY"), end, true, Qt::CaseSensitive).has_value());
    m = t.find(QStringLiteral("entry 99 "), {5, 0}, true);
    QVERIFY(m.has_value());
    QCOMPARE(m->line, 99);
    // Several matches on one line, and wide characters before the match.
    t.write("\xe4\xb8\xad ab ab\r\n");
    m = t.find(QStringLiteral("ab"), {t.endLine(), 0}, true);
    QVERIFY(m.has_value());
    QCOMPARE(m->startColumn, 6);
    m = t.find(QStringLiteral("ab"), {m->line, m->startColumn}, true);
    QCOMPARE(m->startColumn, 3);
    QCOMPARE(m->endColumn, 5);
    QVERIFY(!t.find(QStringLiteral("absent"), end, true).has_value());
}

void TerminalEmulatorTest::selectionTextAcrossLinesWithWideCharacters()
{
    TerminalEmulator t(24, 80);
    write(t, "ab\xe4\xb8\xad"
             "cd   \r\nef\xe6\x96\x87gh\r\nlast");
    // Row 0: a b 中中 c d; row 1: e f 文文 g h.
    QCOMPARE(t.text({0, 1}, {1, 3}), QStringLiteral("b中cd\nef文"));
    // Starting on the right half of a wide character still takes the character.
    QCOMPARE(t.text({0, 3}, {0, 5}), QStringLiteral("中c"));
    QCOMPARE(t.text({0, 0}, {2, 80}), QStringLiteral("ab中cd\nef文gh\nlast"));
    // Reversed ends are the same selection.
    QCOMPARE(t.text({1, 3}, {0, 1}), QStringLiteral("b中cd\nef文"));
}

void TerminalEmulatorTest::bracketedPaste()
{
    TerminalEmulator t(24, 80);
    t.paste(QStringLiteral("ls\nwc -l\r\n"));
    QCOMPARE(t.takeOutput(), QByteArray("ls\rwc -l\r"));
    write(t, "\x1b[?2004h");
    t.paste(QStringLiteral("echo ü\nrm x\x1b[201~; evil"));
    QCOMPARE(t.takeOutput(), QByteArray("\x1b[200~echo \xc3\xbc\rrm x; evil\x1b[201~"));
    write(t, "\x1b[?2004l");
    t.paste(QStringLiteral("plain"));
    QCOMPARE(t.takeOutput(), QByteArray("plain"));
}

void TerminalEmulatorTest::mouseReporting()
{
    TerminalEmulator t(24, 80);
    t.mouseMove(2, 3, 0);
    t.mouseButton(1, true, 0);
    QCOMPARE(t.takeOutput(), QByteArray()); // the program did not ask
    QCOMPARE(t.mouseMode(), TerminalEmulator::MouseMode::None);

    write(t, "\x1b[?1000h");
    QCOMPARE(t.mouseMode(), TerminalEmulator::MouseMode::Click);
    t.mouseMove(2, 3, 0);
    t.mouseButton(1, true, 0);
    t.mouseButton(1, false, 0);
    // X10 encoding: CSI M, then button, column and row, each plus 32, 1-based.
    QCOMPARE(t.takeOutput(), QByteArray("\x1b[M\x20\x24\x23\x1b[M\x23\x24\x23"));

    write(t, "\x1b[?1006h");
    t.mouseMove(9, 19, 0);
    t.mouseButton(3, true, VTERM_MOD_CTRL);
    t.mouseButton(3, false, VTERM_MOD_CTRL);
    QCOMPARE(t.takeOutput(), QByteArray("\x1b[<18;20;10M\x1b[<18;20;10m"));

    write(t, "\x1b[?1002h");
    QCOMPARE(t.mouseMode(), TerminalEmulator::MouseMode::Drag);
    t.mouseButton(1, true, 0);
    t.mouseMove(10, 19, 0);
    QCOMPARE(t.takeOutput(), QByteArray("\x1b[<0;20;10M\x1b[<32;20;11M"));
    write(t, "\x1b[?1002l\x1b[?1000l");
    QCOMPARE(t.mouseMode(), TerminalEmulator::MouseMode::None);
}

void TerminalEmulatorTest::keys()
{
    TerminalEmulator t(24, 80);
    t.key(VTERM_KEY_UP, VTERM_MOD_NONE);
    t.key(VTERM_KEY_LEFT, VTERM_MOD_NONE);
    QCOMPARE(t.takeOutput(), QByteArray("\x1b[A\x1b[D"));
    write(t, "\x1b[?1h"); // application cursor keys
    t.key(VTERM_KEY_UP, VTERM_MOD_NONE);
    t.key(VTERM_KEY_RIGHT, VTERM_MOD_NONE);
    QCOMPARE(t.takeOutput(), QByteArray("\x1bOA\x1bOC"));
    write(t, "\x1b[?1l");
    t.key(VTERM_KEY_UP, VTERM_MOD_CTRL);
    QCOMPARE(t.takeOutput(), QByteArray("\x1b[1;5A"));
    t.character(U'c', VTERM_MOD_CTRL);
    QCOMPARE(t.takeOutput(), QByteArray("\x03"));
    t.character(U'x', VTERM_MOD_ALT);
    QCOMPARE(t.takeOutput(), QByteArray("\x1bx"));
    t.character(U'é', VTERM_MOD_NONE);
    QCOMPARE(t.takeOutput(), QByteArray("\xc3\xa9"));
    t.key(VTERM_KEY_FUNCTION(1), VTERM_MOD_NONE);
    t.key(VTERM_KEY_FUNCTION(5), VTERM_MOD_NONE);
    t.key(VTERM_KEY_PAGEUP, VTERM_MOD_NONE);
    t.key(VTERM_KEY_DEL, VTERM_MOD_NONE);
    QCOMPARE(t.takeOutput(), QByteArray("\x1bOP\x1b[15~\x1b[5~\x1b[3~"));
}

void TerminalEmulatorTest::repliesToQueries()
{
    TerminalEmulator t(24, 80);
    write(t, "\x1b[3;7H\x1b[6n");
    QCOMPARE(t.takeOutput(), QByteArray("\x1b[3;7R"));
    write(t, "\x1b[c"); // primary device attributes
    QVERIFY(t.takeOutput().startsWith("\x1b[?"));
}

void TerminalEmulatorTest::titleAndCursorShape()
{
    TerminalEmulator t(24, 80);
    QCOMPARE(t.cursor().shape, TerminalCursor::Shape::Block);
    write(t, "\x1b]2;build: ok\x07");
    QCOMPARE(t.title(), QStringLiteral("build: ok"));
    QVERIFY(t.takeChanges().titleChanged);
    write(t, "\x1b[4 q"); // steady underline
    QCOMPARE(t.cursor().shape, TerminalCursor::Shape::Underline);
    QVERIFY(!t.cursor().blinking);
    write(t, "\x1b[5 q"); // blinking bar
    QCOMPARE(t.cursor().shape, TerminalCursor::Shape::Bar);
    QVERIFY(t.cursor().blinking);
    write(t, "\x1b[?25l");
    QVERIFY(!t.cursor().visible);
}

void TerminalEmulatorTest::damageMarksChangedRows()
{
    TerminalEmulator t(10, 40);
    t.takeChanges();
    write(t, "\x1b[5;1Hx");
    auto changes = t.takeChanges();
    QVERIFY(changes.anyDirty);
    QCOMPARE(int(changes.dirtyRows.size()), 10);
    QVERIFY(changes.dirtyRows[4]);
    QVERIFY(!changes.dirtyRows[8]);
    changes = t.takeChanges();
    QVERIFY(!changes.anyDirty);
    write(t, "\a");
    QCOMPARE(t.takeChanges().bells, 1);
}

// The screen is ours (libvterm's state drives it): what vim, less and shells' line editors send.
void TerminalEmulatorTest::editingMovesCellsAndRegionsScroll()
{
    TerminalEmulator t(10, 20);
    // Insert and delete characters move the rest of the line.
    write(t, "abcdef\r\x1b[2C\x1b[2@");
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("ab  cdef"));
    write(t, "\x1b[3P");
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("abdef"));
    write(t, "\x1b[1;3H\xe4\xb8\xad\x1b[1;1H\x1b[2P");
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("\u4e2d") + QStringLiteral("f"));
    QCOMPARE(t.cell(0, 0).width, 2);

    // A scroll region below the top scrolls inside itself and keeps no history.
    write(t, "\x1b[2J\x1b[1;1Hr0\x1b[2;1Hr1\x1b[3;1Hr2\x1b[4;1Hr3\x1b[5;1Hr4");
    write(t, "\x1b[2;4r\x1b[4;1H\n");
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("r0"));
    QCOMPARE(t.screenLine(1).plainText(), QStringLiteral("r2"));
    QCOMPARE(t.screenLine(2).plainText(), QStringLiteral("r3"));
    QCOMPARE(t.screenLine(3).plainText(), QString());
    QCOMPARE(t.screenLine(4).plainText(), QStringLiteral("r4"));
    QCOMPARE(t.scrollbackCount(), 0);
    // Insert and delete lines inside it.
    write(t, "\x1b[2;1H\x1b[L");
    QCOMPARE(t.screenLine(1).plainText(), QString());
    QCOMPARE(t.screenLine(2).plainText(), QStringLiteral("r2"));
    QCOMPARE(t.screenLine(3).plainText(), QStringLiteral("r3"));
    write(t, "\x1b[2M");
    QCOMPARE(t.screenLine(1).plainText(), QStringLiteral("r3"));
    QCOMPARE(t.screenLine(4).plainText(), QStringLiteral("r4"));
    // A region from the top sends what scrolls out of it to the history, as xterm does.
    write(t, "\x1b[1;3r\x1b[3;1H\n");
    QCOMPARE(t.scrollbackCount(), 1);
    QCOMPARE(t.scrollbackLine(0).plainText(), QStringLiteral("r0"));
    QCOMPARE(t.screenLine(0).plainText(), QStringLiteral("r3"));
    write(t, "\x1b[r");

    // Erased cells take the background colour; selective erase keeps protected cells.
    write(t, "\x1b[2J\x1b[1;1H\x1b[44m\x1b[K\x1b[0m");
    QCOMPARE(t.cell(0, 10).pen.background, TerminalColor::indexed(4));
    write(t, "\x1b[2;1H\x1b[1\"qP\x1b[0\"qx\x1b[?2K");
    QCOMPARE(t.screenLine(1).plainText(), QStringLiteral("P"));

    // Reverse screen mode shows every cell reversed.
    write(t, "\x1b[?5h");
    QVERIFY(t.cell(1, 0).pen.has(TerminalPen::Reverse));
    write(t, "\x1b[?5l");
    QVERIFY(!t.cell(1, 0).pen.has(TerminalPen::Reverse));
}

QTEST_GUILESS_MAIN(TerminalEmulatorTest)
#include "tst_terminalemulator.moc"
