#pragma once

#include <QDialog>
#include <QPointer>
#include <QString>

#include <functional>

class QPushButton;
class QTreeWidget;

namespace nephele::models {
class SshKeyStore;
} // namespace nephele::models

namespace nephele::views {

class SessionStatusBar;

// "ED25519", "RSA", "ECDSA" for a key type as SSH names it ("ssh-ed25519" ...); "unknown" when empty.
QString sshKeyTypeLabel(const QString &type);

// "SSH keys…": the keys kept in the keychain (name, type, SHA256 fingerprint), adding one from a
// private key file, generating an ed25519 key, copying a public key, removing a key. Every change
// is asynchronous: the buttons wait while the keychain works, and its refusals (no keychain, a
// locked one) show in the bar at the bottom. Questions open with open(), never exec().
//
//   auto *dialog = new SshKeysDialog(keys, window);
//   dialog->setAttribute(Qt::WA_DeleteOnClose);
//   dialog->open();
class SshKeysDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SshKeysDialog)

public:
    enum Column { NameColumn, TypeColumn, FingerprintColumn };

    explicit SshKeysDialog(models::SshKeyStore *keys, QWidget *parent = nullptr);

    // What the buttons lead to, once their questions are answered.
    void addFromFile(const QString &path, const QString &name);
    void generate(const QString &name);
    void copyPublicKey();
    void remove(const QString &name);

    QTreeWidget *list() const { return m_list; }
    QString currentKey() const;
    bool selectKey(const QString &name);
    QString statusText() const;
    bool isBusy() const { return m_busy > 0; }
    // The question this dialog opened and that waits for an answer, if any (for tests and focus).
    QDialog *pendingDialog() const { return m_dialog; }

private:
    void reload();
    void updateButtons();
    void showProblem(const QString &text);
    void showInfo(const QString &text);
    void askFile();
    void askName(const QString &title, const QString &label, const QString &suggestion,
                 const std::function<void(const QString &)> &then);
    void confirmRemove();
    void begin(const QString &what);
    void end();

    QPointer<models::SshKeyStore> m_keys;
    QTreeWidget *m_list = nullptr;
    SessionStatusBar *m_status = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_generate = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_remove = nullptr;
    QPointer<QDialog> m_dialog;
    int m_busy = 0;
};

} // namespace nephele::views
