#pragma once

#include <QPersistentModelIndex>
#include <QPointer>
#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace nephele::drivers {
struct Machine;
} // namespace nephele::drivers

namespace nephele::models {
class InventoryStore;
class InventoryTreeModel;
} // namespace nephele::models

namespace nephele::views {

// The right-hand pane: every field of the selected machine, or an account's status with its
// full error text and a Retry button, or a location's summary. A cluster's nodes, pods and
// containers show what matters for them (namespace, node, phase, restarts, image, capacity,
// schedulability) and their usage from metrics-server, kept current in place as it refreshes.
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
    void showKubernetes(quint32 slot, const drivers::Machine &m);
    void addUsageRows();
    void updateUsage();
    void showAccount();
    void showLocation();
    void clearForm();
    QLabel *addRow(const QString &label, const QString &value, bool selectable = true);
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
    // The usage rows of a shown node, pod or container, updated in place when usage refreshes.
    QPointer<QLabel> m_cpuUsage;
    QPointer<QLabel> m_memoryUsage;
};

} // namespace nephele::views
