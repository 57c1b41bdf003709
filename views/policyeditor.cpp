#include "policyeditor.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSplitter>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace nephele::views {

namespace {

constexpr int LineRole = Qt::UserRole + 1;
constexpr int ColumnRole = Qt::UserRole + 2;
constexpr int OffsetRole = Qt::UserRole + 3;

} // namespace

PolicyEditor::PolicyEditor(models::provisioning::CurrentPolicy *policy, QWidget *parent)
    : QDialog(parent)
    , m_policy(policy)
{
    setWindowTitle(tr("Policy editor"));
    setObjectName(QStringLiteral("policyEditor"));
    resize(900, 680);

    m_sourceLabel = new QLabel(this);
    m_sourceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sourceLabel->setWordWrap(true);

    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(QStringLiteral("policyText"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setTabChangesFocus(false);
    m_edit->setPlaceholderText(tr("{\"teams\": [ … ]} — Mist's policy format"));
    m_edit->setAccessibleName(tr("Policy JSON"));

    auto *issuesLabel = new QLabel(tr("&Problems (Enter jumps to the place):"), this);
    m_issueList = new QListWidget(this);
    m_issueList->setObjectName(QStringLiteral("policyIssues"));
    m_issueList->setWordWrap(true);
    m_issueList->setAlternatingRowColors(true);
    issuesLabel->setBuddy(m_issueList);
    connect(m_issueList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const qsizetype offset = item->data(OffsetRole).toLongLong();
        if (offset >= 0) {
            QTextCursor cursor(m_edit->document());
            cursor.setPosition(int(std::min<qsizetype>(offset, m_edit->document()->characterCount() - 1)));
            m_edit->setTextCursor(cursor);
            m_edit->centerCursor();
            m_edit->setFocus();
            return;
        }
        jumpTo(item->data(LineRole).toInt(), item->data(ColumnRole).toInt());
    });

    auto *issuesBox = new QWidget(this);
    auto *issuesLayout = new QVBoxLayout(issuesBox);
    issuesLayout->setContentsMargins(0, 0, 0, 0);
    issuesLayout->addWidget(issuesLabel);
    issuesLayout->addWidget(m_issueList);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_edit);
    splitter->addWidget(issuesBox);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("policyStatus"));
    m_status->setWordWrap(true);
    m_position = new QLabel(this);
    m_position->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QDialogButtonBox(this);
    auto *check = buttons->addButton(tr("&Check"), QDialogButtonBox::ActionRole);
    check->setToolTip(tr("Check the text now (Ctrl+Return)"));
    m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::ApplyRole);
    m_apply->setToolTip(tr("Put this policy in force in the console, without saving it"));
    m_save = buttons->addButton(tr("&Save and apply"), QDialogButtonBox::AcceptRole);
    m_save->setToolTip(tr("Write the policy file and put it in force"));
    buttons->addButton(QDialogButtonBox::Close);
    connect(check, &QPushButton::clicked, this, &PolicyEditor::checkNow);
    connect(m_apply, &QPushButton::clicked, this, &PolicyEditor::applyText);
    connect(m_save, &QPushButton::clicked, this, [this] {
        if (saveText())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *checkShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(checkShortcut, &QShortcut::activated, this, &PolicyEditor::checkNow);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_position);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_sourceLabel);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);
    layout->addWidget(buttons);

    m_checkDelay = new QTimer(this);
    m_checkDelay->setSingleShot(true);
    m_checkDelay->setInterval(300);
    connect(m_checkDelay, &QTimer::timeout, this, &PolicyEditor::checkNow);
    connect(m_edit, &QPlainTextEdit::textChanged, m_checkDelay, qOverload<>(&QTimer::start));
    connect(m_edit, &QPlainTextEdit::cursorPositionChanged, this, &PolicyEditor::updateCursorPosition);
    setDocument({}, {});
}

void PolicyEditor::setDocument(const QByteArray &text, const QString &source)
{
    m_source = source;
    const bool isFile = !source.isEmpty() && !models::provisioning::CurrentPolicy::isUrl(source);
    m_canSave = isFile;
    m_save->setEnabled(isFile);
    m_save->setToolTip(isFile ? tr("Write %1 and put it in force").arg(QDir::toNativeSeparators(source))
                              : tr("The policy comes from a URL or from no file: Apply puts it in force until the "
                                   "console closes"));
    m_sourceLabel->setText(source.isEmpty() ? tr("No policy file is set (Governance ▸ Policy settings).")
                                            : tr("Editing %1").arg(source));
    m_edit->setPlainText(QString::fromUtf8(text));
    checkNow();
}

QString PolicyEditor::text() const
{
    return m_edit->toPlainText();
}

bool PolicyEditor::checkNow()
{
    m_checkDelay->stop();
    const QByteArray bytes = text().toUtf8();
    if (text().trimmed().isEmpty()) {
        m_issues.clear();
        showIssues();
        m_status->setText(tr("Empty: no policy, everything is allowed."));
        m_apply->setEnabled(true);
        m_save->setEnabled(m_canSave);
        return true;
    }
    const auto parsed = models::policy::parsePolicy(bytes, m_source);
    if (parsed) {
        m_issues = parsed->warnings;
        showIssues();
        m_status->setText(
            parsed->warnings.isEmpty()
                ? tr("The policy is valid: %n team(s).", nullptr, int(parsed->teams.size()))
                : tr("The policy is valid: %n team(s), with warnings.", nullptr, int(parsed->teams.size())));
        m_apply->setEnabled(true);
        m_save->setEnabled(m_canSave);
        return true;
    }
    m_issues = parsed.error();
    showIssues();
    m_status->setText(
        tr("%n problem(s): the policy cannot be applied until they are fixed.", nullptr, int(m_issues.size())));
    m_apply->setEnabled(false);
    m_save->setEnabled(false);
    return false;
}

void PolicyEditor::showIssues()
{
    m_issueList->clear();
    QList<QTextEdit::ExtraSelection> marks;
    for (const models::policy::PolicyIssue &issue : std::as_const(m_issues)) {
        const bool error = issue.severity == models::policy::PolicyIssue::Severity::Error;
        auto *item = new QListWidgetItem((error ? tr("Error: ") : tr("Warning: ")) + issue.text(), m_issueList);
        item->setData(LineRole, issue.line);
        item->setData(ColumnRole, issue.column);
        item->setData(OffsetRole, qlonglong(issue.offset));
        item->setForeground(error ? QColor(0xb0, 0x25, 0x1a) : QColor(0x8a, 0x5a, 0x00));
        if (issue.line <= 0)
            continue;
        const QTextBlock block = m_edit->document()->findBlockByNumber(issue.line - 1);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(block);
        mark.format.setBackground(error ? QColor(0xfd, 0xe2, 0xdf) : QColor(0xff, 0xf4, 0xce));
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks << mark;
    }
    m_edit->setExtraSelections(marks);
}

void PolicyEditor::jumpTo(int line, int column)
{
    const QTextBlock block = m_edit->document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column - 1, 0, std::max(0, block.length() - 1)));
    m_edit->setTextCursor(cursor);
    m_edit->centerCursor();
    m_edit->setFocus();
}

void PolicyEditor::updateCursorPosition()
{
    const QTextCursor cursor = m_edit->textCursor();
    m_position->setText(tr("Line %1, column %2").arg(cursor.blockNumber() + 1).arg(cursor.positionInBlock() + 1));
}

bool PolicyEditor::applyText()
{
    if (!checkNow())
        return false;
    if (!m_policy)
        return false;
    if (text().trimmed().isEmpty()) {
        m_policy->clear();
        m_status->setText(tr("No policy is in force now: everything is allowed."));
        return true;
    }
    const QString source = m_source.isEmpty() ? tr("the policy editor") : m_source;
    if (!m_policy->apply(text().toUtf8(), source))
        return false;
    m_status->setText(tr("In force now: %1").arg(m_policy->statusText()));
    return true;
}

bool PolicyEditor::saveText()
{
    if (!checkNow())
        return false;
    if (m_source.isEmpty() || models::provisioning::CurrentPolicy::isUrl(m_source))
        return applyText();
    QSaveFile file(m_source);
    if (!file.open(QIODevice::WriteOnly) || file.write(text().toUtf8()) < 0 || !file.commit()) {
        m_status->setText(tr("%1 could not be written: %2").arg(m_source, file.errorString()));
        return false;
    }
    return applyText();
}

// ---- settings --------------------------------------------------------------------------------

PolicySettingsDialog::PolicySettingsDialog(const models::provisioning::PolicySettings &settings, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Policy settings"));
    setObjectName(QStringLiteral("policySettings"));
    m_location = new QLineEdit(settings.location, this);
    m_location->setPlaceholderText(tr("/path/to/policy.json or https://example.com/policy.json"));
    m_location->setMinimumWidth(420);
    auto *browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        auto *chooser =
            new QFileDialog(this, tr("Policy file"), m_location->text(), tr("JSON files (*.json);;All files (*)"));
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        chooser->setFileMode(QFileDialog::ExistingFile);
        connect(chooser, &QFileDialog::fileSelected, m_location, &QLineEdit::setText);
        chooser->open();
    });
    auto *locationRow = new QHBoxLayout;
    locationRow->addWidget(m_location, 1);
    locationRow->addWidget(browse);
    m_email = new QLineEdit(settings.userEmail, this);
    m_email->setPlaceholderText(tr("you@example.com, as the policy's teams list you"));
    m_id = new QLineEdit(settings.userId, this);
    m_id->setPlaceholderText(tr("optional: your user id in the policy"));
    m_hint = new QLabel(tr("The policy decides what you may create and do. A file is read when the console starts and "
                           "when these settings change; a URL must be https. A policy that does not parse is refused "
                           "and the one in force stays."),
                        this);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    auto *locationLabel = new QLabel(tr("Policy &file or URL:"), this);
    locationLabel->setBuddy(m_location);
    form->addRow(locationLabel, locationRow);
    form->addRow(tr("Your &email:"), m_email);
    form->addRow(tr("Your user &id:"), m_id);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_hint);
    layout->addWidget(buttons);
}

models::provisioning::PolicySettings PolicySettingsDialog::settings() const
{
    return {m_location->text().trimmed(), m_email->text().trimmed(), m_id->text().trimmed()};
}

} // namespace nephele::views
