#pragma once

#include "auditentry.h"

#include <QAbstractTableModel>

// The audit entries a query returned, newest first, as a table; new entries and outcomes that
// pass the filter are added in place as the log announces them.
//
//   AuditTableModel model;
//   log.query(filter).then(this, [&](const QList<AuditEntry> &e) { model.setEntries(filter, e); });
//   connect(&log, &AuditLog::recorded, &model, &AuditTableModel::add);
//   connect(&log, &AuditLog::finished, &model, &AuditTableModel::setOutcome);
namespace nephele::models::audit {

class AuditTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditTableModel)

public:
    enum Column {
        WhenColumn,
        ActorColumn,
        ActionColumn,
        AccountColumn,
        TargetColumn,
        OutcomeColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role { OutcomeRole = Qt::UserRole + 1, EntryIdRole, RequestRole };

    explicit AuditTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setEntries(const AuditFilter &filter, const QList<AuditEntry> &entries);
    const QList<AuditEntry> &entries() const { return m_entries; }
    const AuditEntry &entry(int row) const { return m_entries.at(row); }

    void add(const nephele::models::audit::AuditEntry &entry);
    void setOutcome(const QString &id, nephele::models::audit::Outcome outcome, const QString &detail);

private:
    AuditFilter m_filter;
    QList<AuditEntry> m_entries;
};

} // namespace nephele::models::audit
