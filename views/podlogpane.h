#pragma once

#include "core/driver.h"
#include "kubernetes/podlogstream.h"
#include "sessiontab.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QPointer>
#include <QStringDecoder>
#include <QStringList>
#include <QTimer>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPlainTextEdit;
class QSpinBox;
class QToolBar;

namespace nephele::views {

// What "View logs" on a pod or a container needs.
struct PodLogTarget {
    drivers::AccountEndpoint endpoint;
    QString podId;          // "namespace/name"
    QStringList containers; // the pod's containers as listed, for the choice; may be empty
    QString container;      // the one shown first; empty: the first of `containers`
};

// A container's log in a tab, streamed by PodLogStream: follow, the last N lines, another
// container of the pod, the previous (crashed) instance, timestamps, pause, clear, find, save,
// wrap.
//
// It stays responsive however fast the container writes: chunks are only collected as they
// arrive, and a coalescing timer appends what came, once a frame, within a time budget; the view
// keeps the last maximumLines() lines (older ones drop off the top), and what waits is bounded too
// (past that the stream is held back by TCP, or lines the view could not keep are skipped). The
// view follows new lines only while the user is at the bottom. A failure (the pod is gone, the
// connection dropped) shows in a bar with Retry; the lines already shown stay until the retried
// stream brings new ones.
//
//   auto *pane = new PodLogPane({endpoint, QStringLiteral("web/api-7-x2"), {"api", "proxy"}, {}}, network, tabs);
//   tabs->addSession(pane, pane->toolTip());
//   pane->start();
class PodLogPane final : public SessionTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PodLogPane)

public:
    static constexpr int kDefaultMaximumLines = 50'000;
    static constexpr int kDefaultTailLines = 1'000;
    static constexpr qint64 kHighWaterBytes = qint64{8} * 1024 * 1024; // waiting: hold the stream back
    static constexpr qint64 kLowWaterBytes = qint64{2} * 1024 * 1024;  // ... and let it go on again
    static constexpr int kFrameIntervalMs = 33;

    PodLogPane(PodLogTarget target, QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~PodLogPane() override;

    // (Re)opens the stream with the options the controls show. The lines on show stay until the
    // new stream brings its first bytes (or ends empty), so a failed reload loses nothing.
    void start();
    void retry() { start(); }

    // The controls, for code and tests; each change reopens the stream.
    void setContainer(const QString &container);
    void setFollow(bool follow);
    void setTailLines(int lines); // -1: the whole log
    void setPrevious(bool previous);
    void setTimestamps(bool timestamps); // each line after the time it was written
    void setPaused(bool paused);
    void setWrap(bool wrap);
    void clear();
    // Selects the next (or previous) match after the cursor, wrapping around; false when none.
    bool find(const QString &text, bool backwards = false);
    bool saveTo(const QString &path, QString *error = nullptr);
    // The most lines the view keeps.
    void setMaximumLines(int lines);
    int maximumLines() const { return m_maximumLines; }

    drivers::kubernetes::PodLogOptions options() const;
    QString container() const;
    const PodLogTarget &target() const { return m_target; }
    bool isPaused() const { return m_userPaused; }

    // SessionTab: alive while the stream is open; closes without asking.
    bool isAlive() const override;
    QString tabText() const override { return name(); }
    QString closeQuestion() const override { return {}; }

    // Reading it (tests, the status line).
    QPlainTextEdit *view() const { return m_view; }
    QString text() const;
    int lineCount() const;
    QString statusText() const; // the bar's message, empty when hidden
    QString infoText() const;
    // Bytes received and not shown yet.
    qint64 pendingBytes() const { return m_pending.size(); }
    // Bytes the current stream brought so far.
    qint64 bytesReceived() const { return m_stream ? m_stream->bytesReceived() : 0; }
    qint64 skippedLines() const { return m_skippedLines; }
    bool isStreaming() const { return m_stream && m_stream->isRunning(); }
    // A stream was (re)opened and has brought nothing yet: the lines on show are the old ones.
    bool isLoading() const { return m_replaceOnData && isStreaming(); }
    // The stream ended (or failed) and everything it brought is on show.
    bool isSettled() const { return !isStreaming() && m_pending.isEmpty(); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildUi();
    void onData(const QByteArray &chunk);
    void onStreamFinished();
    void onStreamError(const QString &message);
    void scheduleFlush();
    void flush();
    void appendText(QString text);
    void dropViewAndPending();
    void trimPending();
    void updateFlowControl();
    void showBar(const QString &text, SessionStatusBar::Tone tone, bool offerRetry);
    void updateInfo();
    void updateName();
    void askSavePath();

    PodLogTarget m_target;
    QPointer<QNetworkAccessManager> m_network;
    QPointer<drivers::kubernetes::PodLogStream> m_stream;

    QToolBar *m_toolbar = nullptr;
    QLabel *m_containerLabel = nullptr;
    QComboBox *m_containerBox = nullptr;
    QAction *m_containerBoxAction = nullptr;
    QAction *m_containerLabelAction = nullptr;
    QAction *m_follow = nullptr;
    QSpinBox *m_tail = nullptr;
    QAction *m_previous = nullptr;
    QAction *m_timestamps = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_clear = nullptr;
    QLineEdit *m_findField = nullptr;
    QAction *m_findNext = nullptr;
    QAction *m_findPrevious = nullptr;
    QAction *m_save = nullptr;
    QAction *m_wrap = nullptr;
    QLabel *m_info = nullptr;
    SessionStatusBar *m_bar = nullptr;
    QPlainTextEdit *m_view = nullptr;
    QTimer m_flushTimer;
    QTimer m_reopenDelay; // the tail spin box: reopen once the user stops typing

    QByteArray m_pending; // received, not shown yet
    qint64 m_pendingLines = 0;
    QStringDecoder m_decoder{QStringDecoder::Utf8};
    qint64 m_frameBudget = qint64{256} * 1024; // bytes appended per frame, tuned to the time it takes
    qint64 m_skippedLines = 0;
    int m_maximumLines = kDefaultMaximumLines;
    bool m_needNewline = false;   // the view's last line ended with a newline not inserted yet
    bool m_replaceOnData = false; // a reopened stream: its first bytes replace what is on show
    bool m_userPaused = false;
    bool m_heldBack = false; // too much waiting: the stream is paused until the view catches up
    bool m_ended = false;
    bool m_failed = false;
};

} // namespace nephele::views
