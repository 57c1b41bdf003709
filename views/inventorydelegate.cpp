#include "inventorydelegate.h"

#include "icons.h"
#include "tree/inventorytreemodel.h"

#include <QApplication>
#include <QPainter>

namespace nephele::views {

using models::AccountStatus;
using Model = models::InventoryTreeModel;

QSize InventoryDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    return size;
}

const QStaticText &InventoryDelegate::shaped(const QString &text, const QFont &font, int width,
                                             Qt::TextElideMode elide) const
{
    TextKey key{text, width, font.bold(), qint64(font.pointSizeF() * 64) ^ (qint64(qHash(font.family())) << 16)};
    if (auto it = m_shaped.constFind(key); it != m_shaped.cend())
        return *it;
    if (auto old = m_older.find(key); old != m_older.end()) {
        QStaticText moved = std::move(*old);
        m_older.erase(old);
        if (m_shaped.size() >= kCacheSize)
            m_older = std::exchange(m_shaped, {});
        return *m_shaped.insert(std::move(key), std::move(moved));
    }
    const QFontMetrics metrics(font);
    QString shown = text;
    if (metrics.horizontalAdvance(text) > width)
        shown = metrics.elidedText(text, elide, width);
    QStaticText staticText(shown);
    staticText.setTextFormat(Qt::PlainText);
    staticText.setPerformanceHint(QStaticText::AggressiveCaching);
    staticText.prepare(QTransform(), font);
    if (m_shaped.size() >= kCacheSize)
        m_older = std::exchange(m_shaped, {});
    return *m_shaped.insert(std::move(key), std::move(staticText));
}

void InventoryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();
    // Only what this tree shows: one line of text, a decoration on the left, no check boxes.
    if ((opt.features & (QStyleOptionViewItem::WrapText | QStyleOptionViewItem::HasCheckIndicator)) ||
        opt.decorationPosition != QStyleOptionViewItem::Left || (opt.state & QStyle::State_Editing)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }

    painter->save();
    painter->setClipRect(opt.rect);
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    // The style's own margins: the focus frame's and one pixel, on either side of icon and text.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    QRect textRect = opt.rect;
    if (opt.features & QStyleOptionViewItem::HasDecoration) {
        const QSize size = opt.decorationSize;
        const QRect iconRect(opt.rect.left() + margin, opt.rect.top() + (opt.rect.height() - size.height()) / 2,
                             size.width(), size.height());
        QIcon::Mode mode = QIcon::Normal;
        if (!(opt.state & QStyle::State_Enabled))
            mode = QIcon::Disabled;
        else if (opt.state & QStyle::State_Selected)
            mode = QIcon::Selected;
        opt.icon.paint(painter, iconRect, opt.decorationAlignment, mode,
                       (opt.state & QStyle::State_Open) ? QIcon::On : QIcon::Off);
        textRect.setLeft(iconRect.right() + 1 + margin);
    }
    textRect.adjust(margin, 0, -margin, 0);

    if (!opt.text.isEmpty() && textRect.width() > 0) {
        QPalette::ColorGroup group = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
        if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
            group = QPalette::Inactive;
        painter->setPen(opt.palette.color(group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText
                                                                                      : QPalette::Text));
        painter->setFont(opt.font);
        // The tree shows one line a row.
        QString text = opt.text;
        if (text.contains(QLatin1Char('\n')))
            text.replace(QLatin1Char('\n'), QLatin1Char(' '));
        const QStaticText &line = shaped(text, opt.font, textRect.width(), opt.textElideMode);
        const QSizeF size = line.size();
        qreal x = textRect.left();
        const Qt::Alignment horizontal =
            QStyle::visualAlignment(opt.direction, opt.displayAlignment) & Qt::AlignHorizontal_Mask;
        if (horizontal & Qt::AlignRight)
            x = textRect.right() + 1 - size.width();
        else if (horizontal & Qt::AlignHCenter)
            x = textRect.left() + (textRect.width() - size.width()) / 2;
        const qreal y = textRect.top() + (textRect.height() - size.height()) / 2;
        painter->drawStaticText(QPointF(x, y), line);
    }

    if (opt.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(opt);
        focus.rect = opt.rect;
        focus.state |= QStyle::State_KeyboardFocusChange | QStyle::State_Item;
        focus.backgroundColor =
            opt.palette.color((opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled,
                              (opt.state & QStyle::State_Selected) ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
    painter->restore();
}

void InventoryDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const auto type = Model::NodeType(index.data(Model::NodeTypeRole).toInt());
    const bool stale = index.data(Model::StaleRole).toBool();
    switch (type) {
    case Model::NodeType::Account: {
        option->font.setBold(true);
        // A disabled account is switched off, not failing: the whole row greyed, a ring of its
        // own colour, and the model's words ("Disabled · 12 machines from the last listing"),
        // which say more than the window's note.
        const bool disabled = index.data(Model::DisabledRole).toBool();
        if (disabled)
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        if (index.column() == Model::StateColumn) {
            const auto status = AccountStatus(index.data(Model::AccountStatusRole).toInt());
            option->features |= QStyleOptionViewItem::HasDecoration;
            option->icon = icons::dot(icons::accountStatusColor(status));
            option->decorationSize = QSize(14, 14);
            option->font.setBold(false);
            const QString note = m_note && !disabled ? m_note(index.data(Model::AccountIdRole).toString()) : QString();
            if (disabled) {
                option->icon = icons::ring(icons::accountStatusColor(status, true));
            } else if (!note.isEmpty()) {
                option->text = note;
                option->icon = icons::dot(icons::accountStatusColor(AccountStatus::Idle));
                option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
            } else if (status == AccountStatus::Error) {
                option->palette.setColor(QPalette::Text, QColor(0xc0, 0x2f, 0x25));
            }
        }
        break;
    }
    case Model::NodeType::Group: {
        // The groups of a disabled account are greyed whole, like the account.
        bool disabled = false;
        for (QModelIndex up = index.parent(); up.isValid() && !disabled; up = up.parent())
            disabled = up.data(Model::DisabledRole).toBool();
        if (disabled || (index.column() != Model::NameColumn && index.column() != Model::MonthlyCostColumn))
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        break;
    }
    case Model::NodeType::Machine:
        if (index.column() == Model::StateColumn) {
            const auto state = drivers::MachineState(index.data(Model::MachineStateRole).toInt());
            option->features |= QStyleOptionViewItem::HasDecoration;
            option->icon = icons::dot(icons::stateColor(state));
            option->decorationSize = QSize(14, 14);
        }
        if (stale)
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        break;
    case Model::NodeType::None: break;
    }
}

} // namespace nephele::views
