#include "audittablemodel.h"

#include <QCoreApplication>
#include <QLocale>

namespace nephele::models::audit {

namespace {

QString header(const char *text)
{
    return QCoreApplication::translate("nephele::models::audit::AuditTableModel", text);
}

} // namespace

AuditTableModel::AuditTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

int AuditTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case WhenColumn: return QLocale().toString(e.when.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case ActorColumn: return e.actor;
        case ActionColumn: return e.action;
        case AccountColumn: return e.accountName.isEmpty() ? e.accountId : e.accountName;
        case TargetColumn: {
            if (e.targetName.isEmpty())
                return e.targetId;
            if (e.targetId.isEmpty())
                return e.targetName;
            return QString(e.targetName + QStringLiteral(" (") + e.targetId + u')');
        }
        case OutcomeColumn: return outcomeText(e.outcome);
        case DetailColumn: return e.detail;
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == DetailColumn || index.column() == TargetColumn)
            return e.request.isEmpty() ? e.detail : QString(e.detail + QStringLiteral("\n\n") + e.request);
        return {};
    case OutcomeRole: return int(e.outcome);
    case EntryIdRole: return e.id;
    case RequestRole: return e.request;
    default: return {};
    }
}

QVariant AuditTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn: return header("When");
    case ActorColumn: return header("Who");
    case ActionColumn: return header("Action");
    case AccountColumn: return header("Account");
    case TargetColumn: return header("Machine");
    case OutcomeColumn: return header("Outcome");
    case DetailColumn: return header("Detail");
    default: return {};
    }
}

void AuditTableModel::setEntries(const AuditFilter &filter, const QList<AuditEntry> &entries)
{
    // A new query is a new list: a reset is what it is.
    beginResetModel();
    m_filter = filter;
    m_entries = entries;
    endResetModel();
}

void AuditTableModel::add(const AuditEntry &entry)
{
    if (!m_filter.matches(entry))
        return;
    beginInsertRows({}, 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
    if (m_filter.limit > 0 && m_entries.size() > m_filter.limit) {
        const int last = int(m_entries.size()) - 1;
        beginRemoveRows({}, last, last);
        m_entries.removeLast();
        endRemoveRows();
    }
}

void AuditTableModel::setOutcome(const QString &id, Outcome outcome, const QString &detail)
{
    for (int row = 0; row < m_entries.size(); ++row) {
        AuditEntry &e = m_entries[row];
        if (e.id != id)
            continue;
        e.outcome = outcome;
        e.detail = detail;
        if (m_filter.outcome && *m_filter.outcome != outcome) {
            beginRemoveRows({}, row, row);
            m_entries.removeAt(row);
            endRemoveRows();
            return;
        }
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
}

} // namespace nephele::models::audit
