#include "asciicastrecorder.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace nephele::views {

namespace {

// How many bytes at the end of `bytes` start a UTF-8 sequence that is not complete yet.
qsizetype incompleteTail(QByteArrayView bytes)
{
    const qsizetype size = bytes.size();
    for (qsizetype back = 1; back <= 3 && back <= size; ++back) {
        const auto c = static_cast<unsigned char>(bytes[size - back]);
        if ((c & 0xc0) == 0x80)
            continue; // a continuation byte: look further back for the lead
        const int needed = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 1;
        return needed > back ? back : 0;
    }
    return 0;
}

} // namespace

AsciicastRecorder::AsciicastRecorder(Clock clock)
    : m_clock(std::move(clock))
{}

AsciicastRecorder::~AsciicastRecorder()
{
    close();
}

bool AsciicastRecorder::open(const QString &path, int columns, int rows, const QString &title, qint64 timestamp)
{
    close();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = QObject::tr("Cannot write the recording to %1: %2").arg(path, m_file.errorString());
        return false;
    }
    QJsonObject header{
        {QStringLiteral("version"), 2},
        {QStringLiteral("width"), columns},
        {QStringLiteral("height"), rows},
        {QStringLiteral("timestamp"), timestamp > 0 ? timestamp : QDateTime::currentSecsSinceEpoch()},
        {QStringLiteral("env"), QJsonObject{{QStringLiteral("TERM"), QStringLiteral("xterm-256color")}}},
    };
    if (!title.isEmpty())
        header.insert(QStringLiteral("title"), title);
    m_file.write(QJsonDocument(header).toJson(QJsonDocument::Compact));
    m_file.write("\n");
    m_started.start();
    m_startNs = m_clock ? m_clock() : 0;
    m_outputCarry.clear();
    m_inputCarry.clear();
    m_error.clear();
    return true;
}

double AsciicastRecorder::seconds() const
{
    const qint64 ns = m_clock ? m_clock() - m_startNs : m_started.nsecsElapsed();
    return double(ns) / 1e9;
}

void AsciicastRecorder::recordOutput(QByteArrayView data)
{
    writeEvent('o', data, m_outputCarry);
}

void AsciicastRecorder::recordInput(QByteArrayView data)
{
    writeEvent('i', data, m_inputCarry);
}

void AsciicastRecorder::recordResize(int columns, int rows)
{
    if (!isOpen())
        return;
    const QByteArray size = QByteArray::number(columns) + 'x' + QByteArray::number(rows);
    m_file.write('[' + QByteArray::number(seconds(), 'f', 6) + ", \"r\", \"" + size + "\"]\n");
}

void AsciicastRecorder::writeEvent(char type, QByteArrayView data, QByteArray &carry)
{
    if (!isOpen() || data.isEmpty())
        return;
    QByteArray bytes = carry;
    bytes.append(data);
    const qsizetype tail = incompleteTail(bytes);
    carry = bytes.right(tail);
    bytes.chop(tail);
    if (bytes.isEmpty())
        return;
    // Through QString and back: invalid sequences become U+FFFD, so the line stays valid JSON.
    const QByteArray text = QString::fromUtf8(bytes).toUtf8();
    QByteArray line;
    line.reserve(text.size() + 32);
    line.append('[');
    line.append(QByteArray::number(seconds(), 'f', 6));
    line.append(", \"");
    line.append(type);
    line.append("\", \"");
    line.append(jsonEscape(text));
    line.append("\"]\n");
    m_file.write(line);
}

QByteArray AsciicastRecorder::jsonEscape(QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(utf8.size() + utf8.size() / 8);
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.append(hex[c >> 4]);
                out.append(hex[c & 0xf]);
            } else {
                out.append(ch);
            }
        }
    }
    return out;
}

void AsciicastRecorder::close()
{
    if (!m_file.isOpen())
        return;
    m_file.flush();
    m_file.close();
}

} // namespace nephele::views
