#pragma once

#include "core/driver.h"

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWebSocket>

namespace nephele::drivers::kubernetes {

struct PodExecOptions {
    QString container;   // empty: the pod's only container
    QStringList command; // argv, run without a shell, e.g. {"sh", "-c", "echo hi"} or {"/bin/bash"}
    bool tty = true;     // a terminal: stdout and stderr arrive merged, resize() applies
    bool stdinOpen = true;
    int columns = 0; // the terminal's size, sent as soon as the session opens (0: the server's default)
    int rows = 0;
};

// A command running in a container, over a WebSocket to the API server's pods/exec with the
// v4.channel.k8s.io subprotocol (each binary message starts with its channel: 0 stdin, 1 stdout,
// 2 stderr, 3 the final Status, 4 resize). It authenticates like every request of the account
// (bearer token or client certificate, the account's CAs; see authorize()).
//
// A byte stream with a size, shaped for the embedded terminal:
//   auto *exec = new PodExecSession(endpoint, QStringLiteral("web/api-7-x2"), {.command = {"/bin/sh"}, ...}, this);
//   connect(exec, &PodExecSession::dataReceived, term, &TerminalWidget::receiveData);
//   connect(term, &TerminalWidget::sendData, exec, &PodExecSession::sendData);
//   connect(term, &TerminalWidget::sizeChanged, exec, &PodExecSession::resize);
//   connect(exec, &PodExecSession::finished, term, [](int exitCode, const QString &message) { ... });
//   exec->start();
class PodExecSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PodExecSession)

public:
    static constexpr qint64 kMaxPendingInput = 1 << 20; // typed before the session opened

    // network, when given, is used to ask the server why an upgrade was refused (Qt reports only
    // the HTTP status of a refused WebSocket handshake, the API server's Status says what is wrong).
    PodExecSession(AccountEndpoint endpoint, QString podId, PodExecOptions options,
                   QNetworkAccessManager *network = nullptr, QObject *parent = nullptr);
    ~PodExecSession() override;

    void start();
    // Hangs up: the command gets SIGHUP on the node, as when a terminal closes.
    void close();

    bool isOpen() const { return m_open; }
    bool isFinished() const { return m_finished; }
    QString subprotocol() const { return m_socket.subprotocol(); }
    QUrl url() const; // wss://.../exec?... (no credentials in it)

public Q_SLOTS:
    void sendData(const QByteArray &data); // to the command's stdin
    void resize(int columns, int rows);

Q_SIGNALS:
    void opened();
    // The command's output: stdout, and stderr (without a tty) as it comes, for one screen.
    void dataReceived(const QByteArray &data);
    void stderrReceived(const QByteArray &data); // stderr alone as well, for callers that keep it apart
    // Once, at the end. exitCode: the command's (0 success); -1 when it is unknown (the session
    // failed or was closed first); message: the server's words when the command did not succeed.
    void finished(int exitCode, const QString &message);
    void errorOccurred(const QString &message);

private:
    void onConnected();
    void onMessage(const QByteArray &message);
    void onDisconnected();
    void onError(QAbstractSocket::SocketError error);
    void sendChannel(char channel, const QByteArray &data);
    void finish(int exitCode, const QString &message);
    void explainRefusal(const QString &qtMessage);
    QString context() const;

    AccountEndpoint m_endpoint;
    QString m_podId;
    PodExecOptions m_options;
    QWebSocket m_socket;
    QPointer<QNetworkAccessManager> m_network;
    QByteArray m_pendingInput;
    int m_columns = 0;
    int m_rows = 0;
    bool m_open = false;
    bool m_finished = false;
    bool m_statusSeen = false;
    bool m_explaining = false;
    int m_exitCode = -1;
    QString m_statusMessage;
    QString m_errorMessage;
};

} // namespace nephele::drivers::kubernetes
