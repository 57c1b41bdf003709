#include "inventorytreeview.h"

#include "inventorydelegate.h"

#include <utility>

namespace nephele::views {

InventoryTreeView::InventoryTreeView(QWidget *parent)
    : QTreeView(parent)
    , m_delegate(new InventoryDelegate(this))
{
    setItemDelegate(m_delegate);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    setAllColumnsShowFocus(true);
    setTextElideMode(Qt::ElideRight);
    setAnimated(false);
    m_repaint.setSingleShot(true);
    m_repaint.setObjectName(QStringLiteral("rowRepaint"));
    connect(&m_repaint, &QTimer::timeout, this, [this] {
        viewport()->update(std::exchange(m_dirty, {}));
        m_sinceRepaint.start();
    });
}

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
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft.parent() != bottomRight.parent() ||
        !uniformRowHeights()) {
        QTreeView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    if (m_layoutMayBePending) {
        repaintSoon(viewport()->rect());
        return;
    }
    // Rows of one parent, all of one height: nothing of the view's layout can change, only pixels.
    const QRect rows = visualRect(topLeft.siblingAtColumn(0)).united(visualRect(bottomRight.siblingAtColumn(0)));
    const QRect onScreen = QRect(0, rows.top(), viewport()->width(), rows.height()).intersected(viewport()->rect());
    if (!onScreen.isEmpty())
        repaintSoon(onScreen);
}

void InventoryTreeView::repaintSoon(const QRect &area)
{
    m_dirty = m_dirty.united(area);
    if (!m_repaint.isActive()) {
        const qint64 since = m_sinceRepaint.isValid() ? m_sinceRepaint.elapsed() : kRepaintGapMs;
        m_repaint.start(int(std::max<qint64>(0, kRepaintGapMs - since)));
    }
}

void InventoryTreeView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    m_layoutMayBePending = true;
    QTreeView::rowsInserted(parent, start, end);
}

void InventoryTreeView::rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end)
{
    m_layoutMayBePending = true;
    QTreeView::rowsAboutToBeRemoved(parent, start, end);
}

void InventoryTreeView::doItemsLayout()
{
    m_layoutMayBePending = false;
    QTreeView::doItemsLayout();
}

} // namespace nephele::views
