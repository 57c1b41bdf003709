#pragma once

#include "access/machineaccess.h"
#include "sessiontab.h"
#include "ssh/ssherror.h"
#include "ssh/sshtypes.h"

#include <QDialog>
#include <QPointer>
#include <QStringList>
#include <QTabWidget>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace nephele::ssh {
class SshChannel;
class SshSession;
} // namespace nephele::ssh

namespace nephele::views {

class TerminalWidget;

// An SSH shell in a tab: a TerminalWidget wired to an SshSession (its own thread) and its shell
// channel. Questions (unknown host key, password, passphrase, keyboard-interactive) open as
// window-modal dialogs with open(), answered through their signals: no nested event loop.
// Errors, a refused host key and the end of the session show in a bar above the terminal, with
// a Reconnect button.
//
//   auto *tab = new ShellTab(QStringLiteral("web-1"), options, tabs);
//   tabs->addTab(tab, tab->name());
//   tab->start();
class ShellTab final : public SessionTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShellTab)

public:
    ShellTab(QString name, ssh::SshConnectOptions options, QWidget *parent = nullptr);
    ~ShellTab() override;

    void start();
    void reconnect();
    // Connecting, waiting on a question, or logged in.
    bool isAlive() const override;
    QString closeQuestion() const override;
    QString statusText() const;
    TerminalWidget *terminal() const { return m_terminal; }
    ssh::SshSession *session() const { return m_session; }
    // The question dialog waiting for an answer, if any (for tests and for focus).
    QDialog *pendingDialog() const { return m_dialog; }

private:
    void showStatus(const QString &text, bool problem, bool offerReconnect);
    void askHostKey(const ssh::SshHostKeyInfo &key);
    void askPrompt(const ssh::SshAuthPrompt &prompt);
    void onConnected();
    void onError(const ssh::SshError &error);
    void onDisconnected();

    ssh::SshConnectOptions m_options;
    ssh::SshSession *m_session = nullptr;
    QPointer<ssh::SshChannel> m_channel;
    TerminalWidget *m_terminal = nullptr;
    SessionStatusBar *m_bar = nullptr;
    QPointer<QDialog> m_dialog;
    bool m_failed = false;  // an error is on show: keep it over later status
    bool m_refused = false; // the host key changed
};

// The host-key question: the SHA256 fingerprint, and accept once, accept and remember, or reject.
class HostKeyDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyDialog)

public:
    enum Decision { Reject = 0, AcceptOnce = 1, AcceptAndRemember = 2 };
    HostKeyDialog(const ssh::SshHostKeyInfo &key, QWidget *parent = nullptr);
    const ssh::SshHostKeyInfo &key() const { return m_key; }

private:
    ssh::SshHostKeyInfo m_key;
};

// "Connect as…": user, port and key for a machine nothing is remembered for.
class ConnectAsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectAsDialog)

public:
    ConnectAsDialog(const QString &machineName, const models::MachineAccess &known, QWidget *parent = nullptr);
    models::MachineAccess access() const;
    bool remember() const;

private:
    QLineEdit *m_user = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_key = nullptr;
    QCheckBox *m_remember = nullptr;
    models::MachineAccess m_known;
};

// What "Open shell" needs to know of a machine.
struct ShellTarget {
    QString accountId;
    QString machineId;
    QString name;
    QStringList publicIps;
    QStringList privateIps;
};

// The sessions of the window, one tab each: SSH shells, and the other SessionTabs (a command in
// a container, a pod's log). Closing a tab whose session is alive asks first.
class ShellTabs final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShellTabs)

public:
    explicit ShellTabs(models::MachineAccessStore *access, QWidget *parent = nullptr);

    // Opens a shell on the machine with what the access store knows; asks "Connect as…" first
    // when it does not know the user.
    void openShell(const ShellTarget &target);
    // Opens a shell with these options at once.
    ShellTab *addShell(const QString &name, const ssh::SshConnectOptions &options);
    // Adds a session of another kind, in front; the tabs own it. The caller starts it.
    void addSession(SessionTab *tab, const QString &toolTip);
    ShellTab *shellAt(int index) const;
    SessionTab *sessionAt(int index) const;
    // Closes the tab; asks first when its session is alive.
    void requestClose(int index);
    // A dialog opened by this area and still waiting (Connect as…, close confirmation).
    QDialog *pendingDialog() const { return m_dialog; }

Q_SIGNALS:
    void countChanged(int count);

private:
    void closeTab(SessionTab *tab);

    models::MachineAccessStore *m_access;
    QPointer<QDialog> m_dialog;
};

} // namespace nephele::views
