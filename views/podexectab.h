#pragma once

#include "core/driver.h"
#include "kubernetes/podexecsession.h"
#include "sessiontab.h"

#include <QPointer>
#include <QStringList>

class QNetworkAccessManager;

namespace nephele::views {

class TerminalWidget;

// What "Open shell" on a pod or a container needs: where the cluster is and which container.
struct PodExecTarget {
    drivers::AccountEndpoint endpoint;
    QString podId;     // "namespace/name"
    QString container; // empty: the pod's only container
    // argv; empty: defaultShellCommand()
    QStringList command;
};

// A shell in a container, in a tab: the embedded terminal wired to a PodExecSession (the
// Kubernetes exec WebSocket), as ShellTab wires it to SSH. The terminal's size follows the tab;
// the end of the command, or why it could not start, shows in the bar with Reconnect, which runs
// the command again in a new session, below what the terminal already shows.
//
//   auto *tab = new PodExecTab(target, network, shells);
//   shells->addSession(tab, tab->toolTip());
//   tab->start();
class PodExecTab final : public SessionTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PodExecTab)

public:
    PodExecTab(PodExecTarget target, QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~PodExecTab() override;

    // bash when the image has it, else sh; TERM set for the terminal this tab paints.
    static QStringList defaultShellCommand();

    void start();
    void reconnect();
    bool isAlive() const override;
    QString closeQuestion() const override;
    const PodExecTarget &target() const { return m_target; }
    QString statusText() const;
    TerminalWidget *terminal() const { return m_terminal; }
    drivers::kubernetes::PodExecSession *session() const { return m_session; }

private:
    void onFinished(int exitCode, const QString &message);
    QString where() const;

    PodExecTarget m_target;
    QPointer<QNetworkAccessManager> m_network;
    QPointer<drivers::kubernetes::PodExecSession> m_session;
    TerminalWidget *m_terminal = nullptr;
    SessionStatusBar *m_bar = nullptr;
    bool m_failed = false; // an error is on show: the end of the session does not replace it
};

} // namespace nephele::views
