#pragma once

#include "ssherror.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

// A shell or exec channel of an SshSession. Made by SshSession::openShell and SshSession::exec;
// its signals arrive on the session's owner thread. Output comes in chunks of up to 64 KiB,
// coalesced on the session's thread, and reading pauses while more than a few MiB wait in the
// owner's event queue, so a flood cannot outrun the consumer.
//
//   SshChannel *shell = session->openShell({QStringLiteral("xterm-256color"), 120, 40});
//   connect(shell, &SshChannel::outputReceived, terminal, &Terminal::feed);
//   connect(terminal, &Terminal::keyBytes, shell, &SshChannel::write);
//   connect(terminal, &Terminal::resized, shell, &SshChannel::resizePty);
//   connect(shell, &SshChannel::closed, tab, &Tab::markEnded);
//
// Signals come in order: opened, outputs, eofReceived, exitStatusReceived / exitSignalReceived,
// closed. errorOccurred replaces the rest when the channel cannot open or the connection drops;
// closed still follows it.
namespace nephele::ssh {

class SshSession;
namespace detail {
struct ChannelFlow;
} // namespace detail

class SshChannel final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshChannel)

public:
    // Closes the channel on the server if it is still open.
    ~SshChannel() override;

    quint64 id() const { return m_id; }
    bool isOpen() const { return m_open && !m_closed; }
    bool isClosed() const { return m_closed; }
    std::optional<int> exitStatus() const { return m_exitStatus; }
    QString exitSignal() const { return m_exitSignal; }

    // Queues bytes for the remote stdin (keystrokes for a shell). Sent as the window allows.
    void write(const QByteArray &data);
    // Ends the remote stdin once the queued bytes are sent.
    void sendEof();
    // The terminal's new size, sent as a window-change request (pty channels only).
    void resizePty(int columns, int rows);
    // Closes the channel; closed() follows.
    void close();
    // Sends a signal to the remote command's process group: "TERM", "INT", "HUP", "KILL" ...
    // (RFC 4254 6.9; OpenSSH honours it since 7.9). Also sent if the channel closes right after.
    void sendSignal(const QString &name);
    // How much output may wait in the owner's event queue before reading pauses (8 MiB by
    // default). Smaller keeps Ctrl-C snappy in a terminal; larger smooths a bursty consumer.
    void setReadAheadLimit(qint64 bytes);

Q_SIGNALS:
    void opened();
    void outputReceived(const QByteArray &chunk);      // stdout (a pty merges stderr into it)
    void errorOutputReceived(const QByteArray &chunk); // stderr
    void eofReceived();
    void exitStatusReceived(int status);
    void exitSignalReceived(const QString &signal);
    void errorOccurred(const nephele::ssh::SshError &error);
    void closed();

private:
    friend class SshSession;
    SshChannel(SshSession *session, quint64 id, std::shared_ptr<detail::ChannelFlow> flow);

    QPointer<SshSession> m_session;
    std::shared_ptr<detail::ChannelFlow> m_flow;
    quint64 m_id = 0;
    bool m_open = false;
    bool m_closed = false;
    std::optional<int> m_exitStatus;
    QString m_exitSignal;
};

} // namespace nephele::ssh
