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

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace nephele::ssh {
class SshChannel;
class SshSession;
} // namespace nephele::ssh

namespace nephele::models {
class SshKeyStore;
} // namespace nephele::models

namespace nephele::views {

class TerminalWidget;

// An SSH shell in a tab: a TerminalWidget wired to an SshSession (its own thread) and its shell
// channel. Questions (unknown host key, password, passphrase, keyboard-interactive) open as
// window-modal dialogs with open(), answered through their signals: no nested event loop.
// Errors, a refused host key and the end of the session show in a bar above the terminal, with
// a Reconnect button. A key kept in the keychain is read at each connect, so unlocking the keychain
// and pressing Reconnect is enough after a failed read.
//
//   auto *tab = new ShellTab(QStringLiteral("web-1"), options, tabs);
//   tab->setKeychainKey(keys, QStringLiteral("deploy")); // optional
//   tabs->addTab(tab, tab->name());
//   tab->start();
class ShellTab final : public SessionTab
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShellTab)

public:
    ShellTab(QString name, ssh::SshConnectOptions options, QWidget *parent = nullptr);
    ~ShellTab() override;

    // Log in with the key `name` of `keys` (read from the keychain at each start()); keys null: no
    // keychain, and start() fails and says so, never falling back to other keys.
    void setKeychainKey(models::SshKeyStore *keys, const QString &name);
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
    void connectWith(const ssh::SshConnectOptions &options);
    void showStatus(const QString &text, bool problem, bool offerReconnect);
    void askHostKey(const ssh::SshHostKeyInfo &key);
    void askPrompt(const ssh::SshAuthPrompt &prompt);
    void onConnected();
    void onError(const ssh::SshError &error);
    void onDisconnected();

    ssh::SshConnectOptions m_options; // without the keychain key's text
    QPointer<models::SshKeyStore> m_keys;
    QString m_keychainKey;
    quint64 m_starts = 0; // a key read that lands after a newer start() is dropped
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

// "Connect as…": user, port and key for a machine nothing is remembered for. The key is one
// choice: the agent and default keys, a key kept in the keychain (`keys`, may be null), or a file.
// The login is remembered not at all, for this machine, or as the default of the machine's account
// (`accountName` names it; empty: "this account").
class ConnectAsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectAsDialog)

public:
    enum KeyKind { DefaultKeys, KeychainKey, KeyFile };
    enum Remember { DontRemember, RememberForMachine, RememberForAccount };

    ConnectAsDialog(const QString &machineName, const models::MachineAccess &known,
                    const models::SshKeyStore *keys = nullptr, QWidget *parent = nullptr,
                    const QString &accountName = {});
    models::MachineAccess access() const;
    Remember remember() const;
    void setRemember(Remember where);
    // Chooses the keychain key `name`; false when the list has no such key.
    bool chooseKeychainKey(const QString &name);

private:
    void showKeyFileRow();

    QLineEdit *m_user = nullptr;
    QSpinBox *m_port = nullptr;
    QComboBox *m_keyChoice = nullptr;
    QWidget *m_keyFileRow = nullptr;
    QLineEdit *m_key = nullptr;
    QComboBox *m_remember = nullptr;
    models::MachineAccess m_known;
};

// What "Open shell" needs to know of a machine.
struct ShellTarget {
    QString accountId;
    QString machineId;
    QString name;
    QStringList publicIps;
    QStringList privateIps;
    QString accountName = {}; // the account's display name, for "Connect as…"; may be empty
};

// The sessions of the window, one tab each: SSH shells, and the other SessionTabs (a command in
// a container, a pod's log). Closing a tab whose session is alive asks first. `keys` holds the SSH
// keys kept in the keychain that machines may name (null: none, and a machine naming one fails
// to connect and says so).
class ShellTabs final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShellTabs)

public:
    explicit ShellTabs(models::MachineAccessStore *access, models::SshKeyStore *keys = nullptr,
                       QWidget *parent = nullptr);

    // Opens a shell on the machine with what the access store knows (its own entry over its
    // account's default); asks "Connect as…" first when it does not know the user.
    void openShell(const ShellTarget &target);
    // Opens a shell with these options at once. Options that name a key without its text
    // (privateKeyName alone, as connectOptions() makes for MachineAccess::keychainEntry) log in
    // with that key of the keychain, read by the tab.
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
    QPointer<models::SshKeyStore> m_keys;
    QPointer<QDialog> m_dialog;
};

} // namespace nephele::views
