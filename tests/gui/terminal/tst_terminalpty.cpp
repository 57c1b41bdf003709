// A real /bin/sh on a local pty, shown in the terminal widget: typing reaches the shell, its
// output reaches the screen, and the pty's size follows the widget's.

#include "ptyprocess.h"
#include "terminal/terminalwidget.h"

#include <QSignalSpy>
#include <QTest>

using nephele::testsupport::PtyProcess;
using nephele::views::TerminalWidget;

// Generous: a loaded CI machine runs this beside other tests; a pass returns as soon as it holds.
constexpr int kWaitMs = 20000;

class TerminalPtyTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void typedCommandRunsInTheShell();
    void sttySizeFollowsResize();
    void outputFloodThroughThePty();

private:
    bool screenHasLine(const QString &text) const;
    void type(const QString &text);

    TerminalWidget *m_term = nullptr;
    PtyProcess *m_pty = nullptr;
};

void TerminalPtyTest::init()
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
    QTRY_COMPARE_WITH_TIMEOUT(m_term->columns(), 80, kWaitMs);

    m_pty = new PtyProcess;
    // The plumbing an SSH channel would have: output in, keys out, window size, flow control.
    connect(m_pty, &PtyProcess::dataReceived, m_term, [this](const QByteArray &bytes) {
        m_term->receiveData(bytes);
        if (m_term->isBacklogged())
            m_pty->setReadingPaused(true);
    });
    connect(m_term, &TerminalWidget::inputDrained, m_pty, [this] { m_pty->setReadingPaused(false); });
    connect(m_term, &TerminalWidget::sendData, m_pty, &PtyProcess::write);
    connect(m_term, &TerminalWidget::sizeChanged, m_pty, &PtyProcess::resize);
    QVERIFY(m_pty->start({QStringLiteral("/bin/sh"), QStringLiteral("-i")}, m_term->columns(), m_term->rows(),
                         {QStringLiteral("PS1=$ "), QStringLiteral("ENV=")}));
    QTRY_VERIFY_WITH_TIMEOUT(m_term->lineText(0).startsWith(QStringLiteral("$")), kWaitMs);
}

void TerminalPtyTest::cleanup()
{
    delete m_pty;
    m_pty = nullptr;
    delete m_term;
    m_term = nullptr;
}

bool TerminalPtyTest::screenHasLine(const QString &text) const
{
    const QStringList lines = m_term->screenText().split(QLatin1Char('\n'));
    return lines.contains(text);
}

void TerminalPtyTest::type(const QString &text)
{
    QTest::keyClicks(m_term, text);
    QTest::keyClick(m_term, Qt::Key_Return);
}

void TerminalPtyTest::typedCommandRunsInTheShell()
{
    type(QStringLiteral("echo hello"));
    QTRY_VERIFY_WITH_TIMEOUT(screenHasLine(QStringLiteral("$ echo hello")), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(screenHasLine(QStringLiteral("hello")), kWaitMs);
    // Ctrl+C reaches the shell as an interrupt: the half-typed line is abandoned.
    QTest::keyClicks(m_term, QStringLiteral("echo never"));
    QTRY_VERIFY_WITH_TIMEOUT(screenHasLine(QStringLiteral("$ echo never")), kWaitMs);
    QTest::keyClick(m_term, Qt::Key_C, Qt::ControlModifier);
    // The kernel flushes the pty's input on the interrupt: wait for the shell's fresh prompt.
    QTRY_VERIFY_WITH_TIMEOUT(m_term->cursor().row > 0 &&
                                 m_term->lineText(m_term->cursor().row) == QStringLiteral("$") &&
                                 m_term->lineText(m_term->cursor().row - 1).startsWith(QStringLiteral("$ echo never")),
                             kWaitMs);
    type(QStringLiteral("echo after-interrupt"));
    QTRY_VERIFY2_WITH_TIMEOUT(screenHasLine(QStringLiteral("after-interrupt")), qPrintable(m_term->screenText()),
                              kWaitMs);
    QVERIFY(!screenHasLine(QStringLiteral("never")));
    // Colours from a real program land in the cells.
    type(QStringLiteral("printf '\\033[1;31mALERT\\033[0m\\n'"));
    QTRY_VERIFY_WITH_TIMEOUT(screenHasLine(QStringLiteral("ALERT")), kWaitMs);
    const QStringList lines = m_term->screenText().split(QLatin1Char('\n'));
    const int row = int(lines.indexOf(QStringLiteral("ALERT")));
    QVERIFY(m_term->cellAt(row, 0).pen.has(nephele::views::TerminalPen::Bold));
    QCOMPARE(m_term->cellAt(row, 0).pen.foreground, nephele::views::TerminalColor::indexed(1));
}

void TerminalPtyTest::sttySizeFollowsResize()
{
    type(QStringLiteral("stty size"));
    QTRY_VERIFY_WITH_TIMEOUT(screenHasLine(QStringLiteral("24 80")), kWaitMs);
    QSignalSpy sizes(m_term, &TerminalWidget::sizeChanged);
    const QSize cell = m_term->cellSize();
    m_term->resize(m_term->width() + 17 * cell.width(), m_term->height() + 6 * cell.height());
    QTRY_COMPARE_WITH_TIMEOUT(m_term->columns(), 97, kWaitMs);
    QCOMPARE(m_term->rows(), 30);
    QVERIFY(!sizes.isEmpty());
    type(QStringLiteral("stty size"));
    QTRY_VERIFY_WITH_TIMEOUT(screenHasLine(QStringLiteral("30 97")), kWaitMs);
}

void TerminalPtyTest::outputFloodThroughThePty()
{
    type(QStringLiteral("seq 1 300000; echo flood-done"));
    QTRY_VERIFY_WITH_TIMEOUT(screenHasLine(QStringLiteral("flood-done")), 60000);
    QVERIFY(screenHasLine(QStringLiteral("300000")));
    QCOMPARE(m_term->scrollbackLines(), 10000);
    // Nothing was lost on the way: the oldest kept lines count up to the screen without gaps.
    const qint64 first = m_term->screenTopLine() - m_term->scrollbackLines();
    const QString a = m_term->text({first + 100, 0}, {first + 100, 80});
    const QString b = m_term->text({first + 5100, 0}, {first + 5100, 80});
    QCOMPARE(b.toInt() - a.toInt(), 5000);
}

QTEST_MAIN(TerminalPtyTest)
#include "tst_terminalpty.moc"
