#pragma once

#include "ssherror.h"
#include "sshtypes.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

// Runs one command (or a script fed to its stdin) on many hosts at once, a bounded number at a
// time, and collects each host's stdout, stderr and exit status, or the error that stopped it.
// Each host gets its own SshSession (its own thread); sessionCreated hands it out before it
// connects, so the caller can answer host-key and password prompts like for a single session.
//
//   auto *runner = new SshExecRunner(this);
//   runner->setMaxParallel(4);
//   connect(runner, &SshExecRunner::hostFinished, this, [](int i, const SshExecResult &r) {
//       qInfo() << r.label << (r.error ? r.error->summary() : QString::number(r.exitStatus.value_or(-1)));
//   });
//   connect(runner, &SshExecRunner::finished, this, [runner] { report(runner->results()); });
//   runner->start(targets, QStringLiteral("uptime"));                    // a command
//   runner->start(targets, QStringLiteral("sh -s"), scriptBytes);         // or a script on stdin
namespace nephele::ssh {

class SshChannel;
class SshSession;

struct SshExecTarget {
    QString label; // how results name the host ("web-1"); the host name when empty
    SshConnectOptions options;
};

struct SshExecResult {
    int index = -1;
    QString label;
    QString target; // "user@host:port" as the session resolved it
    QByteArray standardOutput;
    QByteArray standardError;
    bool outputTruncated = false; // more than the output limit arrived; the rest was dropped
    std::optional<int> exitStatus;
    QString exitSignal;            // "KILL", "SEGV" ... when the command died of a signal
    std::optional<SshError> error; // the host could not run the command at all
    qint64 elapsedMs = 0;

    bool succeeded() const { return !error && exitStatus == 0; }
};

class SshExecRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshExecRunner)

public:
    explicit SshExecRunner(QObject *parent = nullptr);
    ~SshExecRunner() override;

    void setMaxParallel(int sessions) { m_maxParallel = qMax(1, sessions); }
    int maxParallel() const { return m_maxParallel; }
    // Per stream and host; the default is 16 MiB.
    void setOutputLimit(qint64 bytes) { m_outputLimit = qMax<qint64>(0, bytes); }
    // A host still running after this long is stopped (SIGTERM) with a Timeout error; 0: no limit.
    void setHostTimeout(int milliseconds) { m_hostTimeoutMs = qMax(0, milliseconds); }

    // Starts a run; a run still going is cancelled first. The standard input, if any, is sent
    // to every host and then closed; without it the command's stdin is closed at once.
    void start(const QList<SshExecTarget> &targets, const QString &command, const QByteArray &standardInput = {});
    // Stops every host still running or waiting (a running command gets SIGTERM); each gets a
    // Cancelled error. finished() follows.
    void cancel();

    bool isRunning() const { return m_running; }
    // One result per target, in the targets' order; complete once finished() was emitted.
    const QList<SshExecResult> &results() const { return m_results; }

Q_SIGNALS:
    // A host's session, before it connects: connect its prompt signals here.
    void sessionCreated(int index, nephele::ssh::SshSession *session);
    void hostStarted(int index);
    void hostFinished(int index, const nephele::ssh::SshExecResult &result);
    void finished();

private:
    struct Host {
        QPointer<SshSession> session;
        QPointer<SshChannel> channel;
        QElapsedTimer clock;
        bool started = false;
        bool done = false;
    };

    void launchMore();
    void startHost(int index);
    void execOn(int index);
    void append(int index, QByteArray &into, const QByteArray &chunk);
    void finishHost(int index);

    QList<SshExecTarget> m_targets;
    QList<SshExecResult> m_results;
    QList<Host> m_hosts;
    QString m_command;
    QByteArray m_standardInput;
    int m_maxParallel = 8;
    qint64 m_outputLimit = 16 * qint64(1024 * 1024);
    int m_hostTimeoutMs = 0;
    int m_next = 0;
    int m_active = 0;
    int m_finished = 0;
    bool m_running = false;
    quint64 m_run = 0; // tells late events of a cancelled run from the current one
};

} // namespace nephele::ssh

Q_DECLARE_METATYPE(nephele::ssh::SshExecResult)
