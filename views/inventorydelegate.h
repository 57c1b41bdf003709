#pragma once

#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

#include <functional>

namespace nephele::views {

// Paints the inventory tree's rows from the model's raw roles: state dots, bold account rows,
// red account errors, greyed machines of an account whose last listing failed.
//
// Under a watch's churn the tree repaints many times a second, and QStyledItemDelegate lays out
// and shapes every cell's text at every paint (HarfBuzz, the style's elision): a third of the GUI
// thread in the watch bench. Here a cell's text is shaped once, elided for its width, and kept as
// a QStaticText; the style still paints the row's panel, selection and focus.
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
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    // The shaped text of a cell: its words, bold or not, elided for a width (in pixels).
    struct TextKey {
        QString text;
        int width = 0;
        bool bold = false;
        qint64 fontKey = 0; // the font's point size and family hash, should the view's font change
        bool operator==(const TextKey &) const = default;
    };
    friend size_t qHash(const TextKey &key, size_t seed) noexcept
    {
        return qHashMulti(seed, key.text, key.width, key.bold, key.fontKey);
    }
    const QStaticText &shaped(const QString &text, const QFont &font, int width, Qt::TextElideMode elide) const;

    AccountNote m_note;
    // Two generations: when the newer fills up, the older goes, so what is on screen stays shaped.
    static constexpr qsizetype kCacheSize = 8192;
    mutable QHash<TextKey, QStaticText> m_shaped;
    mutable QHash<TextKey, QStaticText> m_older;
};

} // namespace nephele::views
