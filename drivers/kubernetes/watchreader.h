#pragma once

#include "core/error.h"
#include "core/machinewatch.h"

#include <QByteArray>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace nephele::drivers::kubernetes {

// Complete lines of a watch stream, parsed: the events up to the first line that stops the
// stream (410 Gone: relist; a malformed line or an ERROR: the stream is broken).
struct ParsedChunk {
    QList<MachineEvent> events;
    QString resourceVersion; // of the last event or bookmark read
    bool relist = false;
    std::optional<Error> broken;
};

// Parses the complete lines of a watch stream ("{"type":…,"object":…}\n" each).
ParsedChunk parseWatchLines(QByteArrayView lines, bool pods);

// How a watch connection ended.
struct WatchEnd {
    int status = 0;  // HTTP status, 0 when none came
    QByteArray body; // an error answer, whole
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
};

// Reads a driver's WATCH connections on a thread of its own, with a network manager of its own. A
// churning cluster streams tens of MB a second: reading, splitting into lines and parsing all
// happen here, and the driver's thread only receives the parsed events, in the order they came.
// Each connection is named by its stream and a generation the driver chose, so the driver drops
// what a connection it replaced still brings.
//
//   auto *reader = new WatchReader(endpoint.proxy);
//   reader->moveToThread(&thread);                                 // the driver's watch thread
//   connect(reader, &WatchReader::parsed, driver, ...);            // queued to the driver
//   QMetaObject::invokeMethod(reader, [=] { reader->open(0, generation, request, false); });
class WatchReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchReader)

public:
    static constexpr int kStreams = 2;

    explicit WatchReader(const QNetworkProxy &proxy);
    ~WatchReader() override;

    // On the reader's thread. open() replaces the stream's connection, if any; close() ends it
    // without a word (no ended()).
    void open(int stream, int generation, const QNetworkRequest &request, bool pods);
    void close(int stream);

Q_SIGNALS:
    void parsed(int stream, int generation, std::shared_ptr<nephele::drivers::kubernetes::ParsedChunk> chunk);
    void ended(int stream, int generation, nephele::drivers::kubernetes::WatchEnd end);

private:
    struct Connection {
        QPointer<QNetworkReply> reply;
        int generation = 0;
        bool pods = false;
        bool stopped = false; // a chunk broke the stream: the rest is not read
        QByteArray partial;   // the start of a line not complete yet
    };
    void onData(int stream);
    void onFinished(int stream);

    QNetworkProxy m_proxy;
    QNetworkAccessManager *m_network = nullptr; // made on the reader's thread, on first use
    Connection m_connections[kStreams];
};

} // namespace nephele::drivers::kubernetes

Q_DECLARE_METATYPE(std::shared_ptr<nephele::drivers::kubernetes::ParsedChunk>)
Q_DECLARE_METATYPE(nephele::drivers::kubernetes::WatchEnd)
