#include "podlogpane.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSaveFile>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QToolBar>
#include <QToolButton>

#include <algorithm>

namespace nephele::views {

using drivers::kubernetes::PodLogOptions;
using drivers::kubernetes::PodLogStream;

namespace {

constexpr qint64 kMinFrameBudget = qint64{16} * 1024;
constexpr qint64 kMaxFrameBudget = qint64{4} * 1024 * 1024;
constexpr double kFrameTargetMs = 10;

QString escaped(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

qint64 countNewlines(const char *data, qint64 size)
{
    return std::count(data, data + size, '\n');
}

} // namespace

PodLogPane::PodLogPane(PodLogTarget target, QNetworkAccessManager *network, QWidget *parent)
    : SessionTab(QString(), parent)
    , m_target(std::move(target))
    , m_network(network)
{
    if (m_target.container.isEmpty() && !m_target.containers.isEmpty())
        m_target.container = m_target.containers.first();
    if (!m_target.container.isEmpty() && !m_target.containers.contains(m_target.container))
        m_target.containers.append(m_target.container);
    setObjectName(QStringLiteral("podLogPane"));
    buildUi();
    updateName();

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFrameIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &PodLogPane::flush);
    m_reopenDelay.setSingleShot(true);
    m_reopenDelay.setInterval(400);
    connect(&m_reopenDelay, &QTimer::timeout, this, &PodLogPane::start);
}

PodLogPane::~PodLogPane() = default;

void PodLogPane::buildUi()
{
    m_toolbar = new QToolBar(this);
    m_toolbar->setObjectName(QStringLiteral("logToolBar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolbar->setIconSize(QSize(16, 16));

    m_containerLabel = new QLabel(tr("Container:"), m_toolbar);
    m_containerLabel->setContentsMargins(4, 0, 4, 0);
    m_containerBox = new QComboBox(m_toolbar);
    m_containerBox->setObjectName(QStringLiteral("containerBox"));
    m_containerBox->setToolTip(tr("The container of the pod whose log is shown"));
    m_containerBox->addItems(m_target.containers);
    m_containerBox->setCurrentText(m_target.container);
    m_containerBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_containerLabelAction = m_toolbar->addWidget(m_containerLabel);
    m_containerBoxAction = m_toolbar->addWidget(m_containerBox);
    const bool several = m_target.containers.size() > 1;
    m_containerLabelAction->setVisible(several);
    m_containerBoxAction->setVisible(several);
    connect(m_containerBox, &QComboBox::currentTextChanged, this, [this](const QString &container) {
        if (container.isEmpty() || container == m_target.container)
            return;
        m_target.container = container;
        updateName();
        start();
    });

    m_follow = m_toolbar->addAction(tr("Follow"));
    m_follow->setObjectName(QStringLiteral("followAction"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the log open and show new lines as the container writes them"));
    connect(m_follow, &QAction::toggled, this, &PodLogPane::start);

    auto *tailLabel = new QLabel(tr("Tail:"), m_toolbar);
    tailLabel->setContentsMargins(6, 0, 4, 0);
    m_toolbar->addWidget(tailLabel);
    m_tail = new QSpinBox(m_toolbar);
    m_tail->setObjectName(QStringLiteral("tailBox"));
    m_tail->setRange(-1, 10'000'000);
    m_tail->setSingleStep(100);
    m_tail->setSpecialValueText(tr("all lines"));
    m_tail->setSuffix(tr(" lines"));
    m_tail->setValue(kDefaultTailLines);
    m_tail->setAccelerated(true);
    m_tail->setToolTip(tr("Load only the last lines of the log (the lowest value loads all of it)"));
    tailLabel->setBuddy(m_tail);
    m_toolbar->addWidget(m_tail);
    connect(m_tail, &QSpinBox::valueChanged, this, [this] { m_reopenDelay.start(); });
    connect(m_tail, &QSpinBox::editingFinished, this, [this] {
        if (m_reopenDelay.isActive()) {
            m_reopenDelay.stop();
            start();
        }
    });

    m_previous = m_toolbar->addAction(tr("Previous instance"));
    m_previous->setObjectName(QStringLiteral("previousAction"));
    m_previous->setCheckable(true);
    m_previous->setToolTip(tr("The log of the container's previous instance, the one that ended or crashed"));
    connect(m_previous, &QAction::toggled, this, [this](bool on) {
        m_follow->setEnabled(!on); // a finished instance writes nothing more
        start();
    });
    m_timestamps = m_toolbar->addAction(tr("Timestamps"));
    m_timestamps->setObjectName(QStringLiteral("timestampsAction"));
    m_timestamps->setCheckable(true);
    m_timestamps->setToolTip(tr("Begin each line with the time the container wrote it (from the cluster)"));
    connect(m_timestamps, &QAction::toggled, this, &PodLogPane::start);

    m_toolbar->addSeparator();
    m_pause = m_toolbar->addAction(tr("Pause"));
    m_pause->setObjectName(QStringLiteral("pauseAction"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold the view still; the cluster keeps the lines until you resume"));
    connect(m_pause, &QAction::toggled, this, &PodLogPane::setPaused);
    m_clear = m_toolbar->addAction(tr("Clear"));
    m_clear->setObjectName(QStringLiteral("clearAction"));
    m_clear->setToolTip(tr("Clear the view; new lines still come"));
    connect(m_clear, &QAction::triggered, this, &PodLogPane::clear);

    m_toolbar->addSeparator();
    m_findField = new QLineEdit(m_toolbar);
    m_findField->setObjectName(QStringLiteral("findField"));
    m_findField->setPlaceholderText(tr("Find (Ctrl+F)"));
    m_findField->setClearButtonEnabled(true);
    m_findField->setMaximumWidth(220);
    m_findField->installEventFilter(this);
    m_toolbar->addWidget(m_findField);
    m_findPrevious = m_toolbar->addAction(QStringLiteral("\u2191")); // arrows, not words: "Previous instance" is near
    m_findPrevious->setObjectName(QStringLiteral("findPreviousAction"));
    m_findPrevious->setToolTip(tr("Find the previous match (Shift+F3)"));
    m_findPrevious->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3));
    m_findPrevious->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_findNext = m_toolbar->addAction(QStringLiteral("\u2193"));
    m_findNext->setObjectName(QStringLiteral("findNextAction"));
    m_findNext->setToolTip(tr("Find the next match (F3)"));
    m_findNext->setShortcut(QKeySequence(Qt::Key_F3));
    m_findNext->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_findNext, &QAction::triggered, this, [this] { find(m_findField->text()); });
    connect(m_findPrevious, &QAction::triggered, this, [this] { find(m_findField->text(), true); });
    connect(m_findField, &QLineEdit::returnPressed, this, [this] { find(m_findField->text()); });
    connect(m_findField, &QLineEdit::textChanged, this, [this] { m_findField->setStyleSheet(QString()); });
    auto *focusFind = new QAction(this);
    focusFind->setShortcut(QKeySequence::Find);
    focusFind->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(focusFind, &QAction::triggered, this, [this] {
        m_findField->setFocus();
        m_findField->selectAll();
    });
    addAction(focusFind);

    m_toolbar->addSeparator();
    m_save = m_toolbar->addAction(tr("Save…"));
    m_save->setObjectName(QStringLiteral("saveAction"));
    m_save->setToolTip(tr("Save the lines on show to a file"));
    connect(m_save, &QAction::triggered, this, &PodLogPane::askSavePath);
    m_wrap = m_toolbar->addAction(tr("Wrap"));
    m_wrap->setObjectName(QStringLiteral("wrapAction"));
    m_wrap->setCheckable(true);
    m_wrap->setToolTip(tr("Wrap long lines at the pane's width"));
    connect(m_wrap, &QAction::toggled, this, &PodLogPane::setWrap);

    auto *spacer = new QWidget(m_toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolbar->addWidget(spacer);
    m_info = new QLabel(m_toolbar);
    m_info->setObjectName(QStringLiteral("logInfo"));
    m_info->setContentsMargins(6, 0, 6, 0);
    m_info->setToolTip(tr("The pane keeps the last %L1 lines").arg(m_maximumLines));
    m_toolbar->addWidget(m_info);

    m_bar = new SessionStatusBar(tr("Retry"), tr("Open the log again with the same settings"), this);
    m_bar->setObjectName(QStringLiteral("logStatusBar"));
    m_bar->label()->setObjectName(QStringLiteral("logStatus"));
    m_bar->actionButton()->setObjectName(QStringLiteral("retryButton"));
    connect(m_bar, &SessionStatusBar::actionTriggered, this, &PodLogPane::retry);

    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setReadOnly(true);
    m_view->setUndoRedoEnabled(false);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setMaximumBlockCount(m_maximumLines);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_view->setFrameShape(QFrame::NoFrame);
    // The view scrolls by whole lines; a user at the bottom stays there as lines come.
    m_view->setCenterOnScroll(false);

    stackAbove({m_toolbar, m_bar}, m_view);
}

// ---- the stream ------------------------------------------------------------------------------

PodLogOptions PodLogPane::options() const
{
    PodLogOptions o;
    o.container = m_target.container;
    o.previous = m_previous->isChecked();
    o.follow = !o.previous && m_follow->isChecked();
    o.tailLines = m_tail->value() < 0 ? -1 : m_tail->value();
    o.timestamps = m_timestamps->isChecked();
    return o;
}

QString PodLogPane::container() const
{
    return m_target.container;
}

void PodLogPane::start()
{
    m_reopenDelay.stop();
    delete m_stream;
    // What waited belongs to the old stream: its lines would be replaced anyway.
    m_pending.clear();
    m_pendingLines = 0;
    m_flushTimer.stop();
    m_heldBack = false;
    m_ended = false;
    m_failed = false;
    m_replaceOnData = true;
    m_bar->clearMessage();
    auto *stream = new PodLogStream(m_target.endpoint, m_network, m_target.podId, options(), this);
    m_stream = stream;
    connect(stream, &PodLogStream::dataReceived, this, &PodLogPane::onData);
    connect(stream, &PodLogStream::finished, this, &PodLogPane::onStreamFinished);
    connect(stream, &PodLogStream::errorOccurred, this, &PodLogPane::onStreamError);
    stream->setPaused(m_userPaused);
    stream->start();
    updateInfo();
    Q_EMIT stateChanged();
}

bool PodLogPane::isAlive() const
{
    return isStreaming();
}

void PodLogPane::onData(const QByteArray &chunk)
{
    if (m_replaceOnData)
        dropViewAndPending();
    m_pending += chunk;
    m_pendingLines += countNewlines(chunk.constData(), chunk.size());
    trimPending();
    updateFlowControl();
    scheduleFlush();
}

void PodLogPane::onStreamFinished()
{
    if (m_replaceOnData)
        dropViewAndPending(); // the new log is empty
    m_ended = true;
    if (options().follow) {
        showBar(tr("The log ended: the container stopped, or its pod was deleted or replaced."),
                SessionStatusBar::Tone::Info, true);
    }
    scheduleFlush();
    updateInfo();
    Q_EMIT stateChanged();
}

void PodLogPane::onStreamError(const QString &message)
{
    // What is on show stays: a dropped stream or a pod that went away loses nothing.
    m_failed = true;
    showBar(escaped(message), SessionStatusBar::Tone::Problem, true);
    scheduleFlush();
    updateInfo();
    Q_EMIT stateChanged();
}

void PodLogPane::dropViewAndPending()
{
    m_replaceOnData = false;
    m_view->clear();
    m_needNewline = false;
    m_decoder.resetState();
    m_skippedLines = 0;
}

// A flood brings more than the view keeps: lines that would only scroll off the top before
// anyone sees them are skipped while they wait.
void PodLogPane::trimPending()
{
    const qint64 keep = m_maximumLines;
    if (m_pendingLines <= keep + keep / 2) // amortized: each trim drops a third of what it scans
        return;
    // Find the start of the last `keep` complete lines (and whatever partial line follows them).
    qint64 newlines = 0;
    qsizetype cut = -1;
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        if (m_pending.at(i) == '\n' && i != m_pending.size() - 1 && ++newlines == keep) {
            cut = i + 1;
            break;
        }
    }
    if (cut <= 0)
        return;
    m_skippedLines += countNewlines(m_pending.constData(), cut);
    m_pending.remove(0, cut);
    m_pendingLines = countNewlines(m_pending.constData(), m_pending.size());
    m_decoder.resetState(); // any partial character belonged to a skipped line
    // The view's last line was finished by a skipped one.
    m_needNewline = !m_view->document()->isEmpty() || m_needNewline;
}

void PodLogPane::updateFlowControl()
{
    if (!m_stream)
        return;
    if (!m_heldBack && m_pending.size() > kHighWaterBytes)
        m_heldBack = true;
    else if (m_heldBack && m_pending.size() < kLowWaterBytes)
        m_heldBack = false;
    m_stream->setPaused(m_userPaused || m_heldBack);
}

void PodLogPane::scheduleFlush()
{
    if (m_userPaused || m_flushTimer.isActive())
        return;
    m_flushTimer.start();
}

void PodLogPane::flush()
{
    if (m_userPaused)
        return;
    if (!m_pending.isEmpty()) {
        QElapsedTimer took;
        took.start();
        const qsizetype size = qsizetype(std::min<qint64>(m_frameBudget, m_pending.size()));
        // Cut after a newline when there is one in the budget: fewer lines split across frames.
        qsizetype cut = size;
        if (size < m_pending.size()) {
            const qsizetype newline = m_pending.lastIndexOf('\n', size - 1);
            if (newline >= 0)
                cut = newline + 1;
        }
        m_pendingLines -= countNewlines(m_pending.constData(), cut);
        QString text = m_decoder.decode(QByteArrayView(m_pending.constData(), cut));
        m_pending.remove(0, cut);
        appendText(std::move(text));
        // Spend about kFrameTargetMs a frame, whatever the machine and the line length.
        const double ms = double(took.nsecsElapsed()) / 1e6;
        if (ms < kFrameTargetMs / 2 && size == m_frameBudget)
            m_frameBudget = std::min(kMaxFrameBudget, m_frameBudget * 2);
        else if (ms > kFrameTargetMs * 2)
            m_frameBudget = std::max(kMinFrameBudget, m_frameBudget / 2);
    }
    updateFlowControl();
    updateInfo();
    if (!m_pending.isEmpty())
        m_flushTimer.start();
}

void PodLogPane::appendText(QString text)
{
    text.remove(QLatin1Char('\r'));
    if (text.isEmpty())
        return;
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum();
    const int scrolledTo = bar->value();
    const int blocksBefore = m_view->blockCount();
    const bool endsWithNewline = text.endsWith(QLatin1Char('\n'));
    if (endsWithNewline)
        text.chop(1);
    // The last newline is held back until more text comes, so the view never ends in an empty line.
    if (m_needNewline)
        text.prepend(QLatin1Char('\n'));
    const qsizetype added = text.count(QLatin1Char('\n'));
    QTextCursor cursor(m_view->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    m_needNewline = endsWithNewline;
    if (atBottom) {
        bar->setValue(bar->maximum());
    } else {
        // Lines that fell off the top would drag what the user reads upward.
        const qsizetype dropped = std::max<qsizetype>(0, blocksBefore + added - m_view->blockCount());
        bar->setValue(std::max(0, scrolledTo - int(dropped)));
    }
}

void PodLogPane::showBar(const QString &text, SessionStatusBar::Tone tone, bool offerRetry)
{
    // The bar takes room from the view: a user reading the newest lines keeps reading them.
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum();
    m_bar->showMessage(text, tone, offerRetry);
    if (atBottom)
        QTimer::singleShot(0, this,
                           [this] { m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum()); });
}

// ---- controls ------------------------------------------------------------------------------

void PodLogPane::setContainer(const QString &container)
{
    if (m_containerBox->findText(container) < 0)
        m_containerBox->addItem(container);
    m_containerBox->setCurrentText(container);
}

void PodLogPane::setFollow(bool follow)
{
    m_follow->setChecked(follow);
}

void PodLogPane::setTailLines(int lines)
{
    m_tail->setValue(std::max(-1, lines));
    start(); // now, not after the typing delay
}

void PodLogPane::setPrevious(bool previous)
{
    m_previous->setChecked(previous);
}

void PodLogPane::setTimestamps(bool timestamps)
{
    m_timestamps->setChecked(timestamps);
}

void PodLogPane::setPaused(bool paused)
{
    if (m_pause->isChecked() != paused) {
        m_pause->setChecked(paused); // comes back here through toggled()
        return;
    }
    m_userPaused = paused;
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (m_stream)
        m_stream->setPaused(m_userPaused || m_heldBack);
    if (paused)
        m_flushTimer.stop();
    else
        scheduleFlush();
    updateInfo();
}

void PodLogPane::setWrap(bool wrap)
{
    if (m_wrap->isChecked() != wrap) {
        m_wrap->setChecked(wrap);
        return;
    }
    m_view->setLineWrapMode(wrap ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
}

void PodLogPane::clear()
{
    m_view->clear();
    m_needNewline = false;
    m_skippedLines = 0;
    updateInfo();
}

void PodLogPane::setMaximumLines(int lines)
{
    m_maximumLines = std::max(100, lines);
    m_view->setMaximumBlockCount(m_maximumLines);
    m_info->setToolTip(tr("The pane keeps the last %L1 lines").arg(m_maximumLines));
}

bool PodLogPane::find(const QString &text, bool backwards)
{
    if (text.isEmpty())
        return false;
    const QTextDocument::FindFlags flags = backwards ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    bool found = m_view->find(text, flags);
    if (!found) {
        // Wrap around: from the other end.
        QTextCursor from = m_view->textCursor();
        const QTextCursor before = from;
        from.movePosition(backwards ? QTextCursor::End : QTextCursor::Start);
        m_view->setTextCursor(from);
        found = m_view->find(text, flags);
        if (!found)
            m_view->setTextCursor(before);
    }
    m_findField->setStyleSheet(found ? QString()
                                     : QStringLiteral("QLineEdit { background: #5c1f1f; color: #f0f0f0; }"));
    return found;
}

void PodLogPane::askSavePath()
{
    const QString suggested =
        QDir::home().filePath(QStringLiteral("%1-%2.log")
                                  .arg(m_target.podId.section(u'/', 1),
                                       m_target.container.isEmpty() ? QStringLiteral("log") : m_target.container));
    auto *dialog = new QFileDialog(this, tr("Save the log"), suggested, tr("Log files (*.log *.txt);;All files (*)"));
    dialog->setObjectName(QStringLiteral("saveLogDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->selectFile(suggested);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        QString error;
        if (!saveTo(path, &error))
            showBar(escaped(error), SessionStatusBar::Tone::Problem, false);
    });
    dialog->open();
}

bool PodLogPane::saveTo(const QString &path, QString *error)
{
    QSaveFile file(path);
    QByteArray bytes = m_view->document()->toPlainText().toUtf8();
    if (!bytes.isEmpty())
        bytes.append('\n');
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = tr("Could not save the log to %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

// ---- reading ---------------------------------------------------------------------------------

QString PodLogPane::text() const
{
    return m_view->document()->toPlainText();
}

int PodLogPane::lineCount() const
{
    const QTextDocument *document = m_view->document();
    if (document->isEmpty())
        return m_needNewline ? 1 : 0;
    return document->blockCount();
}

QString PodLogPane::statusText() const
{
    return m_bar->text();
}

QString PodLogPane::infoText() const
{
    return m_info->text();
}

void PodLogPane::updateInfo()
{
    const QLocale locale;
    QString lines = tr("%n line(s)", nullptr, lineCount());
    if (m_skippedLines > 0 || lineCount() >= m_maximumLines)
        lines = tr("%1, the last %L2 kept").arg(lines).arg(m_maximumLines);
    QString state;
    if (m_userPaused)
        state = m_pending.isEmpty() ? tr("paused")
                                    : tr("paused, %1 waiting").arg(locale.formattedDataSize(m_pending.size()));
    else if (isLoading())
        state = tr("loading…");
    else if (isStreaming() && options().follow)
        state = tr("following");
    else if (m_failed)
        state = tr("failed");
    m_info->setText(state.isEmpty() ? lines : tr("%1 · %2").arg(lines, state));
}

void PodLogPane::updateName()
{
    const QString pod = m_target.podId.section(u'/', 1);
    const QString ns = m_target.podId.section(u'/', 0, 0);
    setName(m_target.container.isEmpty() ? tr("Logs: %1").arg(pod) : tr("Logs: %1/%2").arg(pod, m_target.container));
    const QString what = m_target.container.isEmpty()
                             ? tr("The log of pod %1 in namespace %2").arg(pod, ns)
                             : tr("The log of container %1 of pod %2 in namespace %3").arg(m_target.container, pod, ns);
    setToolTip(m_target.endpoint.accountName.isEmpty() ? what : tr("%1 (%2)").arg(what, m_target.endpoint.accountName));
}

bool PodLogPane::eventFilter(QObject *watched, QEvent *event)
{
    // Shift+Enter in the find field searches backwards; Escape goes back to the log.
    if (watched == m_findField && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && key->modifiers() & Qt::ShiftModifier) {
            find(m_findField->text(), true);
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            m_view->setFocus();
            return true;
        }
    }
    return SessionTab::eventFilter(watched, event);
}

} // namespace nephele::views
