#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QTreeView>

namespace nephele::views {

class InventoryDelegate;

// The inventory's tree view. A refresh can change thousands of rows, most of them inside
// collapsed parents; QTreeView looks each changed row up in its list of shown rows, a linear
// search that fails for every hidden row (about 0.1 ms per row with 100,000 rows shown). Rows
// under a collapsed parent are not on screen, so their dataChanged is dropped here.
//
// A watch under churn changes rows hundreds of times a second. QTreeView repaints its whole
// viewport for each changed row; here only the rows on screen are repainted, and at most ten times
// a second while changes keep coming (the first change after a quiet spell shows at once).
//
// It paints with InventoryDelegate and is set up as the window shows it (uniform rows, whole rows
// selected, alternating colours), so the benchmarks measure what users see.
class InventoryTreeView final : public QTreeView
{
    Q_OBJECT

public:
    explicit InventoryTreeView(QWidget *parent = nullptr);

    InventoryDelegate *inventoryDelegate() const { return m_delegate; }

    // Whether the children of `parent` are on screen (every ancestor expanded).
    bool childrenShown(const QModelIndex &parent) const;

protected:
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end) override;

public:
    void doItemsLayout() override;

private:
    void repaintSoon(const QRect &area);
    // Rows came or went: the view may have a layout to do, which asking where a row is would
    // force at once (QTreeView lays out every shown row); until it is done, changes repaint all.
    bool m_layoutMayBePending = false;
    static constexpr int kRepaintGapMs = 100;
    QRect m_dirty; // changed rows on screen, not repainted yet
    QTimer m_repaint;
    InventoryDelegate *m_delegate = nullptr;
    QElapsedTimer m_sinceRepaint;
};

} // namespace nephele::views
