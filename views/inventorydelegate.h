#pragma once

#include <QStyledItemDelegate>

namespace nephele::views {

// Paints the inventory tree's rows from the model's raw roles: state dots, bold account rows,
// red account errors, greyed machines of an account whose last listing failed.
class InventoryDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace nephele::views
