#include "sessiontab.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace nephele::views {

// ---- SessionStatusBar -------------------------------------------------------------------------

SessionStatusBar::SessionStatusBar(const QString &actionText, const QString &actionToolTip, QWidget *parent)
    : QWidget(parent)
{
    setAutoFillBackground(true);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText); // callers escape: a message without tags must not show &quot;
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action = new QToolButton(this);
    m_action->setText(actionText);
    m_action->setToolTip(actionToolTip);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignTop);
    connect(m_action, &QToolButton::clicked, this, &SessionStatusBar::actionTriggered);
    hide();
}

void SessionStatusBar::showMessage(const QString &text, Tone tone, bool offerAction)
{
    m_tone = tone;
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, tone == Tone::Problem ? QColor(0x5c, 0x1f, 0x1f) : QColor(0x24, 0x2c, 0x3a));
    palette.setColor(QPalette::WindowText, QColor(0xf0, 0xf0, 0xf0));
    setPalette(palette);
    m_text->setPalette(palette);
    m_text->setText(text);
    m_action->setVisible(offerAction);
    show();
}

void SessionStatusBar::clearMessage()
{
    m_text->clear();
    hide();
}

void SessionStatusBar::setActionVisible(bool visible)
{
    m_action->setVisible(visible);
}

QString SessionStatusBar::text() const
{
    return isHidden() ? QString() : m_text->text();
}

// ---- SessionTab -------------------------------------------------------------------------------

SessionTab::SessionTab(QString name, QWidget *parent)
    : QWidget(parent)
    , m_name(std::move(name))
{}

SessionTab::~SessionTab() = default;

QString SessionTab::tabText() const
{
    return isAlive() ? m_name : tr("%1 (ended)").arg(m_name);
}

void SessionTab::setName(const QString &name)
{
    if (m_name == name)
        return;
    m_name = name;
    Q_EMIT stateChanged();
}

void SessionTab::stackAbove(std::initializer_list<QWidget *> bars, QWidget *content)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (QWidget *bar : bars)
        layout->addWidget(bar);
    layout->addWidget(content, 1);
    setFocusProxy(content);
}

} // namespace nephele::views
