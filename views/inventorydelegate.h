#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace nephele::views {

// Paints the inventory tree's rows from the model's raw roles: state dots, bold account rows,
// red account errors, greyed machines of an account whose last listing failed.
class InventoryDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    // A word the window has about an account ("Disabled", "No token: …"): shown instead of the
    // account's status, greyed, since it is a choice or a missing setting rather than a failure.
    using AccountNote = std::function<QString(const QString &accountId)>;
    void setAccountNote(AccountNote note) { m_note = std::move(note); }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    AccountNote m_note;
};

} // namespace nephele::views
