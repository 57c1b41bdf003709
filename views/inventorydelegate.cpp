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
        if (index.column() == Model::StateColumn) {
            const auto status = AccountStatus(index.data(Model::AccountStatusRole).toInt());
            option->features |= QStyleOptionViewItem::HasDecoration;
            option->icon = icons::dot(icons::accountStatusColor(status));
            option->decorationSize = QSize(14, 14);
            option->font.setBold(false);
            const QString note = m_note ? m_note(index.data(Model::AccountIdRole).toString()) : QString();
            if (!note.isEmpty()) {
                option->text = note;
                option->icon = icons::dot(icons::accountStatusColor(AccountStatus::Idle));
                option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
            } else if (status == AccountStatus::Error) {
                option->palette.setColor(QPalette::Text, QColor(0xc0, 0x2f, 0x25));
            }
        }
        break;
    }
    case Model::NodeType::Group:
        if (index.column() != Model::NameColumn && index.column() != Model::MonthlyCostColumn)
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        break;
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
