// The terminal benchmark's program, driven by terminal_throughput.py (tests/bench/run
// terminal-throughput). One run per process, a JSON line on stdout:
//
//   terminal_bench generate STREAM BYTES FILE   write one of the streams (deterministic)
//   terminal_bench ours FILE [--source=...]     TerminalWidget, shown, painting included
//                  [--scrollback=N]             (10,000 lines by default; 0 turns it off)
//   terminal_bench libvterm FILE                bare libvterm: vterm_input_write, same screen size
//   terminal_bench latency [--samples=N]        key press -> pty echo -> painted, p50/p99
//
// Both sides get the same bytes in the same 64 KB chunks, as an SSH channel hands them over. The
// byte source of "ours" is swappable: --source=file (the file, read into memory first, so no disk
// in the timing) or --source=command:'ssh host cat FILE' (a program's stdout, read as it arrives).

#include "ptyprocess.h"
#include "terminal/terminalwidget.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QKeyEvent>
#include <QProcess>
#include <QScrollBar>
#include <QTimer>

#include <vterm.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <poll.h>
#include <random>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using nephele::testsupport::PtyProcess;
using nephele::views::TerminalWidget;

namespace {

constexpr qsizetype ChunkBytes = 65536;

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of this process's threads: the GUI (main) thread, and all the others together (the
// terminal's parser, Qt's helpers).
std::pair<double, double> threadCpuSeconds()
{
    const long ticks = sysconf(_SC_CLK_TCK);
    double gui = 0;
    double others = 0;
    const QString self = QString::number(getpid());
    const QDir tasks(QStringLiteral("/proc/self/task"));
    const QStringList entries = tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &tid : entries) {
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 13)
            continue;
        const double seconds = double(fields[11].toLongLong() + fields[12].toLongLong()) / double(ticks);
        (tid == self ? gui : others) += seconds;
    }
    return {gui, others};
}

QByteArray option(const QStringList &args, const QString &name, const QByteArray &fallback)
{
    for (const QString &a : args) {
        if (a.startsWith(name + QLatin1Char('=')))
            return a.mid(name.size() + 1).toUtf8();
    }
    return fallback;
}

// ---- The streams, vtebench-like ----

class StreamWriter
{
public:
    StreamWriter(int columns, int rows)
        : m_columns(columns)
        , m_rows(rows)
    {}

    QByteArray generate(const QByteArray &name, qsizetype bytes)
    {
        QByteArray out;
        out.reserve(bytes + 4096);
        if (name == "alt-random")
            out += "\x1b[?1049h";
        while (out.size() < bytes) {
            if (name == "scrolling")
                scrollingLine(out);
            else if (name == "dense")
                denseLine(out);
            else if (name == "alt-random")
                cursorWrite(out);
            else if (name == "colors")
                colorLine(out);
            else if (name == "unicode")
                unicodeLine(out);
            else
                return {};
        }
        if (name == "alt-random")
            out += "\x1b[?1049l";
        return out;
    }

private:
    int pick(int low, int high) { return std::uniform_int_distribution<int>(low, high)(m_random); }
    char printable() { return char(pick(0x21, 0x7e)); }

    // Plain text like a log being cat'ed: words of 1-10 letters, lines of 10-160 characters.
    void scrollingLine(QByteArray &out)
    {
        const int length = pick(10, 160);
        int n = 0;
        while (n < length) {
            const int word = pick(1, 10);
            for (int i = 0; i < word; ++i)
                out += char(pick('a', 'z'));
            out += ' ';
            n += word + 1;
        }
        out += "\r\n";
    }

    // Every cell of every line filled.
    void denseLine(QByteArray &out)
    {
        for (int i = 0; i < m_columns; ++i)
            out += printable();
        out += "\r\n";
    }

    // Full-screen programs: jump anywhere on the alternate screen and write a few characters.
    void cursorWrite(QByteArray &out)
    {
        out += "\x1b[" + QByteArray::number(pick(1, m_rows)) + ';' + QByteArray::number(pick(1, m_columns)) + 'H';
        const int n = pick(1, 12);
        for (int i = 0; i < n; ++i)
            out += printable();
    }

    // SGR every 2-6 characters: 16 colours, 256 colours, truecolour fg and bg, bold, reset.
    void colorLine(QByteArray &out)
    {
        const int length = pick(40, m_columns - 1);
        int n = 0;
        while (n < length) {
            switch (pick(0, 5)) {
            case 0: out += "\x1b[" + QByteArray::number(pick(30, 37)) + 'm'; break;
            case 1: out += "\x1b[38;5;" + QByteArray::number(pick(0, 255)) + 'm'; break;
            case 2:
                out += "\x1b[38;2;" + QByteArray::number(pick(0, 255)) + ';' + QByteArray::number(pick(0, 255)) + ';' +
                       QByteArray::number(pick(0, 255)) + 'm';
                break;
            case 3:
                out += "\x1b[48;2;" + QByteArray::number(pick(0, 255)) + ';' + QByteArray::number(pick(0, 255)) + ';' +
                       QByteArray::number(pick(0, 255)) + 'm';
                break;
            case 4: out += "\x1b[1;4m"; break;
            default: out += "\x1b[0m"; break;
            }
            const int run = pick(2, 6);
            for (int i = 0; i < run; ++i)
                out += printable();
            n += run;
        }
        out += "\x1b[0m\r\n";
    }

    // CJK (double width), Latin with combining marks, Greek/Cyrillic, box drawing, a few emoji.
    void unicodeLine(QByteArray &out)
    {
        const int length = pick(20, m_columns - 2);
        int n = 0;
        QString line;
        while (n < length - 2) {
            switch (pick(0, 5)) {
            case 0:
            case 1:
                line += m_ideographs[std::size_t(pick(0, int(m_ideographs.size()) - 1))];
                n += 2;
                break;
            case 2:
                line += QChar(char16_t(pick('a', 'z')));
                line += QChar(char16_t(pick(0x0300, 0x036f))); // a combining mark
                n += 1;
                break;
            case 3:
                line += QChar(char16_t(pick(0x0391, 0x03c9))); // Greek
                line += QChar(char16_t(pick(0x0410, 0x044f))); // Cyrillic
                n += 2;
                break;
            case 4:
                line += QChar(char16_t(pick(0x2500, 0x257f))); // box drawing
                n += 1;
                break;
            default: {
                const char32_t emoji = char32_t(pick(0x1f600, 0x1f64f));
                line += QString::fromUcs4(&emoji, 1);
                n += 2;
                break;
            }
            }
        }
        out += line.toUtf8();
        out += "\r\n";
    }

    int m_columns;
    int m_rows;
    std::mt19937 m_random{20240601};
    // Text repeats its characters: 1,000 ideographs spread over the CJK block, not all 20,902,
    // or the stream would measure FreeType rasterising each glyph for the first time.
    std::vector<QChar> m_ideographs = [] {
        std::vector<QChar> pool;
        for (int i = 0; i < 1000; ++i)
            pool.push_back(QChar(char16_t(0x4e00 + i * 20)));
        return pool;
    }();
};

// ---- Byte sources for "ours" ----

// Where the bytes come from. The widget pulls: the source hands over a chunk whenever the
// terminal has no backlog, as an SSH channel reader would.
class ByteSource : public QObject
{
    Q_OBJECT
public:
    virtual void start() = 0;
    virtual void pump(TerminalWidget &term) = 0;
    virtual bool atEnd() const = 0;
    virtual qint64 delivered() const = 0;
Q_SIGNALS:
    void readyRead();
};

class FileSource final : public ByteSource
{
public:
    explicit FileSource(QByteArray data)
        : m_data(std::move(data))
    {}
    void start() override {}
    void pump(TerminalWidget &term) override
    {
        while (m_offset < m_data.size() && !term.isBacklogged()) {
            const qsizetype n = std::min(ChunkBytes, m_data.size() - m_offset);
            // A view of the file, no copy: the source outlives the terminal's use of it.
            term.receiveData(QByteArray::fromRawData(m_data.constData() + m_offset, n));
            m_offset += n;
        }
    }
    bool atEnd() const override { return m_offset >= m_data.size(); }
    qint64 delivered() const override { return m_offset; }

private:
    QByteArray m_data;
    qsizetype m_offset = 0;
};

// A program's stdout, e.g. `ssh -T host cat FILE`: the wire is part of what is measured.
class CommandSource final : public ByteSource
{
public:
    explicit CommandSource(QString command)
        : m_command(std::move(command))
    {
        connect(&m_process, &QProcess::readyReadStandardOutput, this, &ByteSource::readyRead);
        connect(&m_process, &QProcess::finished, this, [this] {
            m_finished = true;
            Q_EMIT readyRead();
        });
    }
    void start() override
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), m_command});
    }
    void pump(TerminalWidget &term) override
    {
        while (!term.isBacklogged() && m_process.bytesAvailable() > 0) {
            const QByteArray chunk = m_process.read(ChunkBytes);
            m_delivered += chunk.size();
            term.receiveData(chunk);
        }
    }
    bool atEnd() const override { return m_finished && m_process.bytesAvailable() == 0; }
    qint64 delivered() const override { return m_delivered; }

private:
    QString m_command;
    QProcess m_process;
    bool m_finished = false;
    qint64 m_delivered = 0;
};

TerminalWidget *showTerminal(int columns, int rows)
{
    auto *term = new TerminalWidget;
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    font.setPixelSize(14);
    term->setTerminalFont(font);
    const QSize cell = term->cellSize();
    term->resize(columns * cell.width() + term->verticalScrollBar()->sizeHint().width(), rows * cell.height());
    term->show();
    QElapsedTimer wait;
    wait.start();
    while ((term->columns() != columns || term->rows() != rows) && wait.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    return term;
}

int runOurs(const QString &path, const QStringList &args, int columns, int rows)
{
    std::unique_ptr<ByteSource> source;
    const QByteArray sourceName = option(args, QStringLiteral("--source"), "file");
    if (sourceName.startsWith("command:")) {
        source = std::make_unique<CommandSource>(QString::fromUtf8(sourceName.mid(8)));
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
            return 1;
        }
        source = std::make_unique<FileSource>(file.readAll());
    }
    std::unique_ptr<TerminalWidget> term(showTerminal(columns, rows));
    term->setScrollbackLimit(option(args, QStringLiteral("--scrollback"), "10000").toInt());
    if (term->columns() != columns || term->rows() != rows) {
        std::fprintf(stderr, "the terminal is %dx%d, not %dx%d\n", term->columns(), term->rows(), columns, rows);
        return 1;
    }
    int frames = 0;
    QElapsedTimer clock;
    qint64 worstGap = 0;
    qint64 lastTick = 0;
    qint64 firstFrameMs = -1;
    QTimer ticker; // how long the GUI thread went without turning its event loop, after the first
                   // frame (which loads and rasterises the fonts' glyphs, once per process)
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 t = clock.elapsed();
        if (firstFrameMs >= 0 && lastTick >= firstFrameMs)
            worstGap = std::max(worstGap, t - lastTick);
        lastTick = t;
    });
    auto finishIfDone = [&] {
        if (source->atEnd() && term->pendingInput() == 0 && !term->isFramePending())
            QCoreApplication::quit();
    };
    QObject::connect(term.get(), &TerminalWidget::framePainted, [&] {
        if (++frames == 1)
            firstFrameMs = clock.elapsed();
        finishIfDone();
    });
    QObject::connect(term.get(), &TerminalWidget::inputDrained, [&] { source->pump(*term); });
    QObject::connect(source.get(), &ByteSource::readyRead, [&] {
        source->pump(*term);
        finishIfDone();
    });
    QTimer fallback; // a last frame can land between the checks above
    QObject::connect(&fallback, &QTimer::timeout, finishIfDone);
    fallback.start(50);

    const double cpuBefore = cpuSeconds();
    const auto [guiBefore, othersBefore] = threadCpuSeconds();
    clock.start();
    ticker.start(5);
    source->start();
    source->pump(*term);
    QCoreApplication::exec();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpuBefore;
    const auto [guiAfter, othersAfter] = threadCpuSeconds();
    std::printf("{\"bytes\": %lld, \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"gui_thread_cpu\": %.3f, "
                "\"other_threads_cpu\": %.3f, \"frames\": %d, \"first_frame_ms\": %lld, \"worst_gui_gap_ms\": %lld, "
                "\"scrollback\": %d, "
                "\"platform\": \"%s\"}\n",
                static_cast<long long>(source->delivered()), seconds, cpu, guiAfter - guiBefore,
                othersAfter - othersBefore, frames, static_cast<long long>(firstFrameMs),
                static_cast<long long>(worstGap), term->scrollbackLines(), qPrintable(QGuiApplication::platformName()));
    return 0;
}

int runLibvterm(const QString &path, int columns, int rows)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 1;
    }
    const QByteArray data = file.readAll();
    const double cpuBefore = cpuSeconds();
    QElapsedTimer clock;
    clock.start();
    VTerm *vt = vterm_new(rows, columns);
    vterm_set_utf8(vt, 1);
    VTermScreen *screen = vterm_obtain_screen(vt);
    vterm_screen_enable_altscreen(screen, 1);
    vterm_screen_reset(screen, 1);
    for (qsizetype offset = 0; offset < data.size(); offset += ChunkBytes)
        vterm_input_write(vt, data.constData() + offset, size_t(std::min(ChunkBytes, data.size() - offset)));
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const double cpu = cpuSeconds() - cpuBefore;
    // Read a cell back, so nothing of the work can be skipped.
    VTermScreenCell cell;
    vterm_screen_get_cell(screen, VTermPos{rows - 2, 0}, &cell);
    vterm_free(vt);
    std::printf("{\"bytes\": %lld, \"seconds\": %.6f, \"cpu_seconds\": %.6f, \"check\": %u}\n",
                static_cast<long long>(data.size()), seconds, cpu, cell.chars[0]);
    return 0;
}

// Key press to painted echo, through a real pty: `cat` in raw mode echoes each byte back as a
// remote shell's line editor would. The pty round trip alone is measured too, for what the
// terminal adds.
int runLatency(int samples)
{
    std::unique_ptr<TerminalWidget> term(showTerminal(120, 40));
    PtyProcess pty;
    QObject::connect(&pty, &PtyProcess::dataReceived, term.get(), &TerminalWidget::receiveData);
    QObject::connect(term.get(), &TerminalWidget::sendData, &pty, &PtyProcess::write);
    if (!pty.start(
            {QStringLiteral("/bin/sh"), QStringLiteral("-c"), QStringLiteral("stty raw -echo; echo ready; exec cat")},
            120, 40)) {
        std::fprintf(stderr, "cannot start a pty\n");
        return 1;
    }
    QElapsedTimer wait;
    wait.start();
    while (!term->screenText().contains(QStringLiteral("ready")) && wait.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);

    std::vector<double> ours;
    QElapsedTimer clock;
    bool waiting = false;
    qint64 pressedAt = 0;
    int sent = 0;
    QTimer next;
    next.setSingleShot(true);
    nephele::views::TerminalCursor before;
    auto press = [&] {
        // Letters, and Return every 60 keys (the echoed CR moves the cursor back to column 0), so
        // the cursor always moves and never waits at the end of a line.
        const bool enter = sent % 60 == 59;
        const QChar c = enter ? QLatin1Char('\r') : QChar(char16_t(u'a' + sent % 26));
        QKeyEvent key(QEvent::KeyPress, enter ? int(Qt::Key_Return) : int(Qt::Key_A) + sent % 26, Qt::NoModifier,
                      QString(c));
        before = term->cursor();
        waiting = true;
        pressedAt = clock.nsecsElapsed();
        QCoreApplication::sendEvent(term.get(), &key);
        ++sent;
    };
    QObject::connect(term.get(), &TerminalWidget::framePainted, [&] {
        // The frame that shows the echo: the cursor has moved, and nothing parsed is left unpainted
        // (a frame for something else, a cursor blink say, does not count).
        if (!waiting || term->pendingInput() != 0 || term->isFramePending() || term->cursor() == before)
            return;
        waiting = false;
        ours.push_back(double(clock.nsecsElapsed() - pressedAt) / 1e6);
        if (int(ours.size()) >= samples)
            QCoreApplication::quit();
        else
            next.start(40); // 25 keys a second, like key repeat: slower than the 60 Hz frame cap
    });
    QObject::connect(&next, &QTimer::timeout, press);
    clock.start();
    next.start(50);
    QCoreApplication::exec();

    // The same round trip without the terminal: write a byte to the pty, wait for the echo.
    std::vector<double> bare;
    pty.setReadingPaused(true);
    for (int i = 0; i < samples; ++i) {
        const char c = char('a' + i % 26);
        const qint64 t0 = clock.nsecsElapsed();
        if (::write(pty.masterFd(), &c, 1) != 1)
            break;
        pollfd readable{pty.masterFd(), POLLIN, 0};
        poll(&readable, 1, 1000);
        char buffer[64];
        while (::read(pty.masterFd(), buffer, sizeof buffer) <= 0) {
        }
        bare.push_back(double(clock.nsecsElapsed() - t0) / 1e6);
        usleep(2000);
    }
    auto percentile = [](std::vector<double> v, double p) {
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
    };
    std::printf("{\"samples\": %d, \"ours_p50_ms\": %.3f, \"ours_p99_ms\": %.3f, \"pty_p50_ms\": %.3f, "
                "\"pty_p99_ms\": %.3f, \"platform\": \"%s\"}\n",
                int(ours.size()), percentile(ours, 0.5), percentile(ours, 0.99), percentile(bare, 0.5),
                percentile(bare, 0.99), qPrintable(QGuiApplication::platformName()));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    const QString mode = args.value(0);
    const int columns = option(args, QStringLiteral("--columns"), "200").toInt();
    const int rows = option(args, QStringLiteral("--rows"), "50").toInt();
    if (mode == QStringLiteral("generate") && args.size() >= 4) {
        const QByteArray data = StreamWriter(columns, rows).generate(args[1].toUtf8(), args[2].toLongLong());
        QFile file(args[3]);
        if (data.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
            std::fprintf(stderr, "cannot generate %s into %s\n", qPrintable(args[1]), qPrintable(args[3]));
            return 1;
        }
        return 0;
    }
    if (mode == QStringLiteral("ours") && args.size() >= 2)
        return runOurs(args[1], args, columns, rows);
    if (mode == QStringLiteral("libvterm") && args.size() >= 2)
        return runLibvterm(args[1], columns, rows);
    if (mode == QStringLiteral("latency"))
        return runLatency(option(args, QStringLiteral("--samples"), "300").toInt());
    std::fprintf(stderr, "usage: terminal_bench generate STREAM BYTES FILE | ours FILE [--source=file|command:CMD] | "
                         "libvterm FILE | latency [--samples=N]  [--columns=200 --rows=50]\n"
                         "streams: scrolling dense alt-random colors unicode\n");
    return 2;
}

#include "terminal_bench.moc"
