#include "inventorytreeview.h"

namespace nephele::views {

bool InventoryTreeView::childrenShown(const QModelIndex &parent) const
{
    for (QModelIndex p = parent; p.isValid(); p = p.parent()) {
        if (!isExpanded(p))
            return false;
    }
    return true;
}

void InventoryTreeView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (topLeft.isValid() && !childrenShown(topLeft.parent()))
        return;
    QTreeView::dataChanged(topLeft, bottomRight, roles);
}

} // namespace nephele::views
