#pragma once

#include <QByteArray>
#include <QObject>
#include <QStringList>

class QSocketNotifier;

namespace nephele::testsupport {

// A program on a local pty, for the terminal's tests and benchmarks: what the program writes
// comes out of dataReceived(), write() types into it, resize() sets the pty's window size as an
// SSH channel's window-change would. Reading pauses while the terminal reports a backlog.
class PtyProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PtyProcess)

public:
    explicit PtyProcess(QObject *parent = nullptr);
    ~PtyProcess() override;

    // Runs argv[0] with the given arguments on a new pty of columns x rows; TERM is xterm-256color.
    bool start(const QStringList &argv, int columns, int rows, const QStringList &environment = {});
    int masterFd() const { return m_master; }
    qint64 pid() const { return m_pid; }
    void setReadingPaused(bool paused);

public Q_SLOTS:
    void write(const QByteArray &bytes);
    void resize(int columns, int rows);

Q_SIGNALS:
    void dataReceived(const QByteArray &bytes);
    void finished();

private:
    void readAvailable();
    void stop();

    int m_master = -1;
    qint64 m_pid = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace nephele::testsupport
