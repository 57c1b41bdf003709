#pragma once

#include <QPersistentModelIndex>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace nephele::models {
class InventoryStore;
class InventoryTreeModel;
} // namespace nephele::models

namespace nephele::views {

// The right-hand pane: every field of the selected machine, or an account's status with its
// full error text and a Retry button, or a location's summary.
class DetailsPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailsPane)

public:
    DetailsPane(models::InventoryStore *store, models::InventoryTreeModel *model, QWidget *parent = nullptr);

    void showIndex(const QModelIndex &index);
    QString shownText() const; // for tests: what the pane currently says

Q_SIGNALS:
    void retryRequested(const QString &accountId);

private:
    void refresh();
    void showMachine();
    void showAccount();
    void showLocation();
    void clearForm();
    void addRow(const QString &label, const QString &value, bool selectable = true);
    void addSection(const QString &title);

    models::InventoryStore *m_store;
    models::InventoryTreeModel *m_model;
    QPersistentModelIndex m_index;
    QLabel *m_title;
    QLabel *m_subtitle;
    QWidget *m_formHost;
    QFormLayout *m_form;
    QLabel *m_errorBox;
    QPushButton *m_retry;
    QLabel *m_placeholder;
};

} // namespace nephele::views
