#pragma once

#include "core/driver.h"
#include "core/error.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class QNetworkAccessManager;

namespace nephele::drivers::kubernetes {

struct PodLogOptions {
    QString container;       // empty: the pod's only container (the API refuses it for a pod of several)
    bool follow = false;     // keep the stream open and deliver new lines as the container writes them
    int tailLines = -1;      // the last N lines only; -1: all
    bool previous = false;   // the previous (crashed) instance of the container
    bool timestamps = false; // each line after its time (RFC 3339 with nanoseconds) and a space
    int sinceSeconds = 0;    // only the lines written in the last N seconds; 0: all
    qint64 limitBytes = 0;   // the server stops after N bytes (mid-line if so); 0: no limit
};

// The log of one container, GET /api/v1/namespaces/NS/pods/NAME/log, delivered in chunks as it
// arrives. Memory stays bounded however fast the container writes: Qt holds at most
// kReadBufferBytes of the answer (then TCP pushes back on the server), each dataReceived() carries at
// most kChunkBytes, and at most kSliceBytes are handed out per turn of the event loop, so a flood
// never starves the thread that owns the stream.
//
//   auto *logs = new PodLogStream(endpoint, nam, QStringLiteral("web/api-7-x2"), {.follow = true, ...}, this);
//   connect(logs, &PodLogStream::dataReceived, pane, &LogPane::append);
//   connect(logs, &PodLogStream::errorOccurred, pane, &LogPane::showError);
//   logs->start();   // ... logs->stop() when the pane closes
class PodLogStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PodLogStream)

public:
    static constexpr qint64 kChunkBytes = qint64{64} * 1024;
    static constexpr qint64 kSliceBytes = qint64{256} * 1024;
    static constexpr qint64 kReadBufferBytes = qint64{256} * 1024;

    // podId: "namespace/name", as the driver's pod records have it.
    PodLogStream(AccountEndpoint endpoint, QNetworkAccessManager *network, QString podId, PodLogOptions options,
                 QObject *parent = nullptr);
    ~PodLogStream() override;

    void start();
    // Ends the stream at once; no signal follows.
    void stop();
    // A paused stream stops reading: the server is held back by TCP, nothing piles up here.
    void setPaused(bool paused);

    bool isRunning() const { return m_reply != nullptr; }
    qint64 bytesReceived() const { return m_received; }
    const std::optional<Error> &error() const { return m_error; }
    QUrl url() const;

Q_SIGNALS:
    void dataReceived(const QByteArray &chunk);
    // The stream ended: the whole log was sent, or (follow) the container or pod went away.
    void finished();
    // It failed: a bad container, no such pod, auth, the connection; error() has the details.
    void errorOccurred(const QString &message);

private:
    void onMetaData();
    void drain();
    void scheduleDrain();
    void onFinished();
    void fail(const Error &error);

    AccountEndpoint m_endpoint;
    QPointer<QNetworkAccessManager> m_network;
    QString m_podId;
    PodLogOptions m_options;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_errorBody; // an error answer (small) is read whole
    int m_status = 0;
    qint64 m_received = 0;
    bool m_drainScheduled = false;
    bool m_replyFinished = false;
    bool m_paused = false;
    std::optional<Error> m_error;
};

} // namespace nephele::drivers::kubernetes
