#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QFile>
#include <QString>

#include <functional>

namespace nephele::views {

// Records a terminal session as an asciicast v2 file, the format asciinema plays: a JSON header
// line ({"version": 2, "width", "height", "timestamp", ...}), then one JSON array per event:
// [seconds, "o", text] for output, "i" for input, "r" with "COLSxROWS" for a resize. Output split
// in the middle of a UTF-8 character is joined with the next chunk; invalid bytes become U+FFFD,
// so every line is valid JSON.
//
//   AsciicastRecorder recorder;
//   if (!recorder.open(path, 80, 24, title))
//       report(recorder.errorString());
//   recorder.recordOutput(bytes);   // as they arrive
//   recorder.close();
class AsciicastRecorder final
{
public:
    // Nanoseconds since an arbitrary start, monotonic; tests pass their own clock.
    using Clock = std::function<qint64()>;

    explicit AsciicastRecorder(Clock clock = {});
    ~AsciicastRecorder();
    AsciicastRecorder(const AsciicastRecorder &) = delete;
    AsciicastRecorder &operator=(const AsciicastRecorder &) = delete;

    // `timestamp` is the Unix time of the start; 0 means now.
    bool open(const QString &path, int columns, int rows, const QString &title = {}, qint64 timestamp = 0);
    bool isOpen() const { return m_file.isOpen(); }
    QString errorString() const { return m_error; }

    void recordOutput(QByteArrayView data);
    void recordInput(QByteArrayView data);
    void recordResize(int columns, int rows);
    void close();

    // `text` as the body of a JSON string, without the quotes. Public for the tests.
    static QByteArray jsonEscape(QByteArrayView utf8);

private:
    void writeEvent(char type, QByteArrayView data, QByteArray &carry);
    double seconds() const;

    Clock m_clock;
    QElapsedTimer m_started;
    qint64 m_startNs = 0;
    QFile m_file;
    QString m_error;
    QByteArray m_outputCarry; // an incomplete UTF-8 sequence at the end of the last chunk
    QByteArray m_inputCarry;
};

} // namespace nephele::views
