#include "podexectab.h"

#include "terminal/terminalwidget.h"

#include <QLabel>
#include <QToolButton>

namespace nephele::views {

using drivers::kubernetes::PodExecOptions;
using drivers::kubernetes::PodExecSession;

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

} // namespace

PodExecTab::PodExecTab(PodExecTarget target, QNetworkAccessManager *network, QWidget *parent)
    : SessionTab(target.container.isEmpty() ? target.podId.section(u'/', 1)
                                            : target.podId.section(u'/', 1) + u'/' + target.container,
                 parent)
    , m_target(std::move(target))
    , m_network(network)
{
    if (m_target.command.isEmpty())
        m_target.command = defaultShellCommand();
    setObjectName(QStringLiteral("podExecTab"));
    setToolTip(where());

    m_bar = new SessionStatusBar(tr("Reconnect"), tr("Run the shell in the container again"), this);
    m_bar->setObjectName(QStringLiteral("execStatusBar"));
    m_bar->label()->setObjectName(QStringLiteral("execStatus"));
    m_bar->actionButton()->setObjectName(QStringLiteral("reconnectButton"));
    m_terminal = new TerminalWidget(this);
    m_terminal->setObjectName(QStringLiteral("execTerminal"));
    stackAbove({m_bar}, m_terminal);

    connect(m_bar, &SessionStatusBar::actionTriggered, this, &PodExecTab::reconnect);
    // The session is replaced on reconnect: these look it up each time rather than binding one.
    connect(m_terminal, &TerminalWidget::sendData, this, [this](const QByteArray &data) {
        if (m_session)
            m_session->sendData(data);
    });
    connect(m_terminal, &TerminalWidget::sizeChanged, this, [this](int columns, int rows) {
        if (m_session)
            m_session->resize(columns, rows);
    });
}

PodExecTab::~PodExecTab() = default;

QStringList PodExecTab::defaultShellCommand()
{
    // As `kubectl exec -it POD -- sh -c ...` users do: many images have no bash. A failed `exec`
    // would end a non-interactive sh, hence the test first. Images often leave TERM unset.
    return {QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("TERM=xterm-256color; export TERM; "
                           "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi")};
}

QString PodExecTab::where() const
{
    const QString pod = m_target.podId.section(u'/', 1);
    const QString ns = m_target.podId.section(u'/', 0, 0);
    const QString account = m_target.endpoint.accountName;
    const QString what = m_target.container.isEmpty()
                             ? tr("pod %1 in namespace %2").arg(pod, ns)
                             : tr("container %1 of pod %2 in namespace %3").arg(m_target.container, pod, ns);
    return account.isEmpty() ? what : tr("%1 (%2)").arg(what, account);
}

void PodExecTab::start()
{
    m_failed = false;
    delete m_session;
    PodExecOptions options;
    options.container = m_target.container;
    options.command = m_target.command;
    options.tty = true;
    options.stdinOpen = true;
    options.columns = m_terminal->columns();
    options.rows = m_terminal->rows();
    auto *session = new PodExecSession(m_target.endpoint, m_target.podId, options, m_network, this);
    m_session = session;
    connect(session, &PodExecSession::opened, this, [this] {
        m_bar->clearMessage();
        m_terminal->setFocus();
        Q_EMIT stateChanged();
    });
    connect(session, &PodExecSession::dataReceived, m_terminal, &TerminalWidget::receiveData);
    connect(session, &PodExecSession::errorOccurred, this, [this](const QString &message) {
        m_failed = true;
        m_bar->showMessage(escaped(message), SessionStatusBar::Tone::Problem, true);
    });
    connect(session, &PodExecSession::finished, this, &PodExecTab::onFinished);
    m_bar->showMessage(tr("Starting a shell in %1…").arg(escaped(where())), SessionStatusBar::Tone::Info, false);
    session->start();
    Q_EMIT stateChanged();
}

void PodExecTab::reconnect()
{
    m_terminal->receiveData(QByteArrayLiteral("\r\n"));
    start();
}

void PodExecTab::onFinished(int exitCode, const QString &message)
{
    if (!m_failed) {
        if (exitCode >= 0) {
            m_bar->showMessage(tr("The shell ended (exit status %1).").arg(exitCode), SessionStatusBar::Tone::Info,
                               true);
        } else {
            m_bar->showMessage(message.isEmpty() ? tr("The shell ended.") : escaped(message),
                               message.isEmpty() ? SessionStatusBar::Tone::Info : SessionStatusBar::Tone::Problem,
                               true);
        }
    }
    m_bar->setActionVisible(true);
    Q_EMIT stateChanged();
}

bool PodExecTab::isAlive() const
{
    return m_session && !m_session->isFinished();
}

QString PodExecTab::closeQuestion() const
{
    return tr("The shell in %1 is still running. Close it and end it?").arg(name());
}

QString PodExecTab::statusText() const
{
    return m_bar->text();
}

} // namespace nephele::views
