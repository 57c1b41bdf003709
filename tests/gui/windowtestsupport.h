#pragma once

// Finding the parts of a window or dialog that a GUI test drives, by the text a user sees.

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QWidget>

namespace nephele::testsupport {

inline QLineEdit *field(QWidget *dialog, const QString &label)
{
    const auto *form = dialog->findChild<QFormLayout *>();
    for (int row = 0; form && row < form->rowCount(); ++row) {
        const QLayoutItem *labelItem = form->itemAt(row, QFormLayout::LabelRole);
        const QLayoutItem *fieldItem = form->itemAt(row, QFormLayout::FieldRole);
        const auto *text = labelItem ? qobject_cast<QLabel *>(labelItem->widget()) : nullptr;
        if (text && fieldItem && text->text() == label)
            return qobject_cast<QLineEdit *>(fieldItem->widget());
    }
    return nullptr;
}

inline QPushButton *button(QWidget *parent, const QString &text)
{
    const auto buttons = parent->findChildren<QPushButton *>();
    for (QPushButton *b : buttons) {
        if (b->isVisible() && b->text() == text)
            return b;
    }
    return nullptr;
}

// The text of the window's first label that holds `text` (the notice banner, the status bar).
inline QString labelHolding(QWidget *window, const QString &text)
{
    const auto labels = window->findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        if (label->text().contains(text))
            return label->text();
    }
    return {};
}

} // namespace nephele::testsupport
