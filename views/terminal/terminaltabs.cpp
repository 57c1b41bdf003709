#include "terminaltabs.h"

#include "terminalwidget.h"

#include <QTabBar>

namespace nephele::views {

namespace {
const char *const NameProperty = "nepheleSessionName";
const char *const BellProperty = "nepheleBell";
} // namespace

TerminalTabs::TerminalTabs(QWidget *parent)
    : QTabWidget(parent)
{
    setTabsClosable(true);
    setMovable(true);
    setDocumentMode(true);
    connect(this, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (TerminalWidget *terminal = terminalAt(index))
            Q_EMIT closeRequested(terminal);
    });
    connect(this, &QTabWidget::currentChanged, this, [this](int index) {
        if (TerminalWidget *terminal = terminalAt(index)) {
            terminal->setProperty(BellProperty, false);
            updateTab(terminal);
            terminal->setFocus();
        }
    });
}

TerminalWidget *TerminalTabs::addTerminal(const QString &name)
{
    auto *terminal = new TerminalWidget(this);
    terminal->setProperty(NameProperty, name);
    connect(terminal, &TerminalWidget::titleChanged, this, [this, terminal] { updateTab(terminal); });
    connect(terminal, &TerminalWidget::bell, this, [this, terminal] {
        if (terminal != currentWidget()) {
            terminal->setProperty(BellProperty, true);
            updateTab(terminal);
        }
    });
    setCurrentIndex(addTab(terminal, name));
    updateTab(terminal);
    terminal->setFocus();
    return terminal;
}

TerminalWidget *TerminalTabs::terminalAt(int index) const
{
    return qobject_cast<TerminalWidget *>(widget(index));
}

TerminalWidget *TerminalTabs::currentTerminal() const
{
    return qobject_cast<TerminalWidget *>(currentWidget());
}

bool TerminalTabs::hasBell(int index) const
{
    const TerminalWidget *terminal = terminalAt(index);
    return terminal && terminal->property(BellProperty).toBool();
}

void TerminalTabs::removeTerminal(TerminalWidget *terminal)
{
    const int index = indexOf(terminal);
    if (index < 0)
        return;
    removeTab(index);
    terminal->deleteLater();
}

void TerminalTabs::updateTab(TerminalWidget *terminal)
{
    const int index = indexOf(terminal);
    if (index < 0)
        return;
    const QString name = terminal->property(NameProperty).toString();
    const QString title = terminal->title();
    const bool bell = terminal->property(BellProperty).toBool();
    const QString text = title.isEmpty() ? name : title;
    setTabText(index, bell ? tr("%1 (bell)").arg(text) : text);
    setTabToolTip(index, title.isEmpty() || title == name ? name : tr("%1 — %2").arg(name, title));
}

} // namespace nephele::views
