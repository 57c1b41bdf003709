#pragma once

#include <QTabWidget>

namespace nephele::views {

class TerminalWidget;

// Terminals in tabs. A tab shows its session's name, or the title the program set; a bell in a
// tab that is not in front marks that tab until it is shown; the close button asks the owner
// (closeRequested), who ends the session and then calls removeTerminal().
//
//   auto *tabs = new TerminalTabs(window);
//   TerminalWidget *term = tabs->addTerminal(QStringLiteral("web-1"));
//   connect(tabs, &TerminalTabs::closeRequested, session, [=](TerminalWidget *t) { ...; tabs->removeTerminal(t); });
class TerminalTabs final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalTabs)

public:
    explicit TerminalTabs(QWidget *parent = nullptr);

    // A new terminal in a new tab, in front. The tabs own it.
    TerminalWidget *addTerminal(const QString &name);
    TerminalWidget *terminalAt(int index) const;
    TerminalWidget *currentTerminal() const;
    bool hasBell(int index) const;

public Q_SLOTS:
    void removeTerminal(nephele::views::TerminalWidget *terminal);

Q_SIGNALS:
    void closeRequested(nephele::views::TerminalWidget *terminal);

private:
    void updateTab(TerminalWidget *terminal);
};

} // namespace nephele::views
