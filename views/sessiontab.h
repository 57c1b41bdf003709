#pragma once

#include <QString>
#include <QWidget>
#include <initializer_list>

class QLabel;
class QToolButton;

namespace nephele::views {

// The bar above a session's content (a terminal, a log): what is happening or what went wrong,
// and one button to act on it (Reconnect, Retry). Hidden while there is nothing to say.
//
//   m_bar = new SessionStatusBar(tr("Reconnect"), tr("Connect again with the same settings"), this);
//   connect(m_bar, &SessionStatusBar::actionTriggered, this, &MyTab::reconnect);
//   m_bar->showMessage(tr("The shell ended."), SessionStatusBar::Tone::Info, true);
class SessionStatusBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionStatusBar)

public:
    enum class Tone { Info, Problem };

    SessionStatusBar(const QString &actionText, const QString &actionToolTip, QWidget *parent = nullptr);

    // `text` is rich text: callers escape what they did not write.
    void showMessage(const QString &text, Tone tone, bool offerAction);
    void clearMessage();
    void setActionVisible(bool visible);
    // The message on show, empty when the bar is hidden.
    QString text() const;
    Tone tone() const { return m_tone; }
    QLabel *label() const { return m_text; }
    QToolButton *actionButton() const { return m_action; }

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_text = nullptr;
    QToolButton *m_action = nullptr;
    Tone m_tone = Tone::Info;
};

// A tab of the window's session area (ShellTabs): an SSH shell, a command in a container, a pod's
// log. The area shows name() and whether the session still runs, and asks closeQuestion() before
// closing a tab whose session is alive.
class SessionTab : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionTab)

public:
    explicit SessionTab(QString name, QWidget *parent = nullptr);
    ~SessionTab() override;

    QString name() const { return m_name; }
    // Connecting, waiting on the user, or running.
    virtual bool isAlive() const = 0;
    // The tab's label: the name, marked when the session ended.
    virtual QString tabText() const;
    // What to ask before closing the tab while the session is alive; empty: close without asking.
    virtual QString closeQuestion() const = 0;

Q_SIGNALS:
    // isAlive(), tabText() or the tool tip may have changed.
    void stateChanged();

protected:
    void setName(const QString &name);
    // The tab's layout: bars stacked at the top, edge to edge, and the content filling the rest
    // and taking the focus.
    void stackAbove(std::initializer_list<QWidget *> bars, QWidget *content);

private:
    QString m_name;
};

} // namespace nephele::views
