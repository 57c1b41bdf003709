#include "inventorydelegate.h"

#include "icons.h"
#include "tree/inventorytreemodel.h"

#include <QApplication>

namespace nephele::views {

using models::AccountStatus;
using Model = models::InventoryTreeModel;

QSize InventoryDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    return size;
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
