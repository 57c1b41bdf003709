#pragma once

#include "policy/policy.h"
#include "provisioning/currentpolicy.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace nephele::views {

// A JSON editor for the policy: checks the text as it is typed, lists each problem with its line
// and column, and jumps there when the problem is activated (Enter or double-click). Apply puts
// the text in force in the console; Save writes it to the policy file first (when the policy
// comes from a file). A text with errors is never put in force.
//
//   PolicyEditor editor(&currentPolicy, this);
//   editor.setDocument(currentPolicy.document(), currentPolicy.source());
//   editor.open();
class PolicyEditor final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyEditor)

public:
    explicit PolicyEditor(models::provisioning::CurrentPolicy *policy, QWidget *parent = nullptr);

    void setDocument(const QByteArray &text, const QString &source);
    QString text() const;
    // Parses the text now and shows what is wrong; returns whether it parsed.
    bool checkNow();
    const models::policy::PolicyIssues &issues() const { return m_issues; }
    // Puts the cursor at `line` and `column` (from 1) and gives the editor the focus.
    void jumpTo(int line, int column);
    // Applies the text (after a check); returns whether it is now in force.
    bool applyText();
    // Writes the text to the policy file and applies it; returns whether both worked.
    bool saveText();

    QPlainTextEdit *editor() const { return m_edit; }
    QListWidget *issueList() const { return m_issueList; }
    QLabel *statusLabel() const { return m_status; }

private:
    void showIssues();
    void updateCursorPosition();

    QPointer<models::provisioning::CurrentPolicy> m_policy;
    QString m_source;
    models::policy::PolicyIssues m_issues;
    QPlainTextEdit *m_edit = nullptr;
    QListWidget *m_issueList = nullptr;
    QLabel *m_sourceLabel = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_position = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_save = nullptr;
    QTimer *m_checkDelay = nullptr;
    bool m_canSave = false; // the policy comes from a file
};

// Governance ▸ Policy settings: where the policy comes from and who the user is in it.
class PolicySettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicySettingsDialog)

public:
    explicit PolicySettingsDialog(const models::provisioning::PolicySettings &settings, QWidget *parent = nullptr);

    models::provisioning::PolicySettings settings() const;

private:
    QLineEdit *m_location = nullptr;
    QLineEdit *m_email = nullptr;
    QLineEdit *m_id = nullptr;
    QLabel *m_hint = nullptr;
};

} // namespace nephele::views
