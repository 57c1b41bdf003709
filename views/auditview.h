#pragma once

#include "audit/auditentry.h"
#include "audit/auditlog.h"

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDateEdit;
class QCheckBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace nephele::models::audit {
class AuditLog;
class AuditTableModel;
} // namespace nephele::models::audit

namespace nephele::views {

// The audit trail: every action and creation, newest first, with filters (text, action,
// outcome, account, who, dates) and export of what is shown to CSV or JSON. New entries appear as
// they are recorded.
//
//   AuditView view(&auditLog, this);
//   view.show();
class AuditView final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditView)

public:
    explicit AuditView(models::audit::AuditLog *log, QWidget *parent = nullptr);

    models::audit::AuditFilter filter() const;
    // Runs the query for the current filters; `done` (optional) is called once the rows are in.
    void reload();
    // Writes what the table shows; `json` false: CSV. Returns an error text, empty on success.
    QString exportTo(const QString &path, bool json) const;

    QTableView *table() const { return m_table; }
    models::audit::AuditTableModel *model() const { return m_model; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *actionFilter() const { return m_action; }
    QComboBox *outcomeFilter() const { return m_outcome; }
    QComboBox *accountFilter() const { return m_account; }
    QComboBox *actorFilter() const { return m_actor; }
    bool isLoading() const { return m_loading; }

Q_SIGNALS:
    void reloaded();

private:
    void reloadFacets();
    void openExport(bool json);

    QPointer<models::audit::AuditLog> m_log;
    models::audit::AuditTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_action = nullptr;
    QComboBox *m_outcome = nullptr;
    QComboBox *m_account = nullptr;
    QComboBox *m_actor = nullptr;
    QCheckBox *m_useDates = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QLabel *m_count = nullptr;
    QTimer *m_reloadDelay = nullptr;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace nephele::views
