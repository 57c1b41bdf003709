#include "detailspane.h"

#include "cost/costformat.h"
#include "cost/costmodel.h"
#include "driverfactory.h"
#include "icons.h"
#include "inventory/inventorystore.h"
#include "inventory/resourcetags.h"
#include "tree/inventorytreemodel.h"

#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QMap>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace nephele::views {

using models::AccountStatus;
using Model = models::InventoryTreeModel;

namespace {
QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("—") : text;
}

bool isKubernetes(drivers::MachineKind kind)
{
    return kind == drivers::MachineKind::Node || kind == drivers::MachineKind::Pod ||
           kind == drivers::MachineKind::Container;
}
} // namespace

DetailsPane::DetailsPane(models::InventoryStore *store, models::InventoryTreeModel *model, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(model)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_formHost(new QWidget(this))
    , m_form(new QFormLayout(m_formHost))
    , m_errorBox(new QLabel(this))
    , m_retry(new QPushButton(icons::refresh(), tr("&Retry"), this))
    , m_placeholder(new QLabel(tr("Select a machine or an account to see its details."), this))
{
    setMinimumWidth(280);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);

    auto *content = new QWidget(scroll);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->setSpacing(6);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subtitle->setWordWrap(true);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addSpacing(8);

    m_errorBox->setWordWrap(true);
    m_errorBox->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorBox->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1c14; border: 1px solid #f5c2bd;"
                                             " border-radius: 4px; padding: 8px; }"));
    layout->addWidget(m_errorBox);
    auto *retryRow = new QHBoxLayout;
    retryRow->addWidget(m_retry);
    retryRow->addStretch();
    layout->addLayout(retryRow);

    m_form->setLabelAlignment(Qt::AlignLeft);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    m_form->setHorizontalSpacing(14);
    m_form->setVerticalSpacing(6);
    m_form->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_formHost);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_placeholder);
    layout->addStretch();
    scroll->setWidget(content);

    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (m_index.isValid())
            Q_EMIT retryRequested(m_index.data(Model::AccountIdRole).toString());
    });
    // The shown record follows the inventory as it refreshes.
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                if (m_index.isValid() && m_index.parent() == topLeft.parent() && m_index.row() >= topLeft.row() &&
                    m_index.row() <= bottomRight.row())
                    refresh();
            });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_index.isValid())
            refresh();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { refresh(); });
    // metrics-server's figures: the tree announces them for its top rows only, so the pane asks
    // the store, and changes the two figures in place (a selection in the pane survives).
    connect(m_store, &models::InventoryStore::usageChanged, this, [this](const QString &accountId) {
        if (m_cpuUsage && m_index.isValid() && m_index.data(Model::AccountIdRole).toString() == accountId)
            updateUsage();
    });
    refresh();
}

void DetailsPane::showIndex(const QModelIndex &index)
{
    m_index = index.isValid() ? index.siblingAtColumn(0) : QModelIndex();
    refresh();
}

void DetailsPane::clearForm()
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
}

void DetailsPane::addSection(const QString &title)
{
    auto *label = new QLabel(title.toUpper(), m_formHost);
    QFont f = label->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.85);
    label->setFont(f);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setContentsMargins(0, m_form->rowCount() ? 10 : 0, 0, 2);
    m_form->addRow(label);
}

QLabel *DetailsPane::addRow(const QString &label, const QString &value, bool selectable)
{
    auto *name = new QLabel(label, m_formHost);
    name->setForegroundRole(QPalette::PlaceholderText);
    auto *field = new QLabel(orDash(value), m_formHost);
    field->setWordWrap(true);
    if (selectable)
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(name, field);
    return field;
}

void DetailsPane::refresh()
{
    clearForm();
    m_cpuUsage = nullptr;
    m_memoryUsage = nullptr;
    m_errorBox->hide();
    m_retry->hide();
    const auto type = m_model->nodeType(m_index);
    m_placeholder->setVisible(type == Model::NodeType::None);
    m_title->setVisible(type != Model::NodeType::None);
    m_subtitle->setVisible(type != Model::NodeType::None);
    switch (type) {
    case Model::NodeType::Machine: showMachine(); break;
    case Model::NodeType::Account: showAccount(); break;
    case Model::NodeType::Group: showLocation(); break;
    case Model::NodeType::None: break;
    }
}

void DetailsPane::showMachine()
{
    const auto slot = m_model->slotAt(m_index);
    if (!slot || !m_store->isValid(*slot))
        return;
    const drivers::Machine &m = m_store->machine(*slot);
    const models::AccountInfo *account = m_store->account(m_store->accountOf(*slot));
    const QLocale locale;
    m_title->setText(m.name);
    QString subtitle = Model::stateText(m.state);
    if (!m.providerState.isEmpty() && m.providerState.compare(subtitle, Qt::CaseInsensitive) != 0)
        subtitle += QStringLiteral(" (%1)").arg(m.providerState); // a pod's "Running" says it twice
    if (account)
        subtitle += QStringLiteral(" · ") + account->name;
    if (account && account->stale) {
        subtitle += QStringLiteral(" · ") + (account->lastSuccess.isValid()
                                                 ? tr("last known state, the account's last refresh failed")
                                                 : tr("last known state, from the cache; refreshing"));
    }
    m_subtitle->setText(subtitle);
    if (isKubernetes(m.kind)) {
        // No size nor price of their own: a "0 vCPU · 0 GB" line would say nothing.
        showKubernetes(*slot, m);
        return;
    }

    addSection(tr("Machine"));
    addRow(tr("ID"), m.id);
    addRow(tr("State"), Model::stateText(m.state));
    addRow(tr("Kind"), drivers::machineKindName(m.kind));
    addRow(tr("Image"), m.imageName.isEmpty() ? m.imageId : m.imageName);
    addRow(tr("Created"),
           m.created.isValid() ? locale.toString(m.created.toLocalTime(), QLocale::ShortFormat) : QString());
    if (m.locked)
        addRow(tr("Locked"), tr("An action is in progress"));

    addSection(tr("Placement and size"));
    addRow(tr("Region"),
           m.locationName.isEmpty() ? m.location : QStringLiteral("%1 (%2)").arg(m.locationName, m.location));
    addRow(tr("Size"), m.sizeName.isEmpty() ? m.sizeId : QStringLiteral("%1 — %2").arg(m.sizeId, m.sizeName));
    addRow(tr("Resources"), tr("%1 vCPU · %2 GB memory · %3 GB disk")
                                .arg(m.vcpus)
                                .arg(locale.toString(m.memoryMb / 1024.0, 'g', 3))
                                .arg(m.diskGb));

    addSection(tr("Network"));
    addRow(tr("Public IPs"), m.publicIps.join(u'\n'));
    addRow(tr("Private IPs"), m.privateIps.join(u'\n'));
    addRow(tr("VPC"), m.networkId);

    addSection(tr("Cost"));
    {
        // Each figure with where it comes from (catalog, tag, provider, account rates) and why.
        models::cost::CostExplanation why;
        const models::cost::MachineCost c = m_model->costModel()->explain(*slot, &why);
        if (c.known()) {
            QString monthly = models::cost::formatMoney(c.monthly, c.currency);
            if (!c.billed)
                monthly +=
                    u' ' + tr("(not billed; list price %1)").arg(models::cost::formatMoney(c.listMonthly, c.currency));
            addRow(tr("Monthly"), monthly);
            addRow(tr("Hourly"), models::cost::formatHourly(c.hourly, c.currency));
            addRow(tr("Currency"), c.currency);
        }
        addRow(tr("Source"), c.known()
                                 ? QStringLiteral("%1 — %2").arg(models::cost::costSourceText(c.source), why.detail)
                                 : why.detail);
        if (!why.notes.isEmpty())
            addRow(tr("Notes"), why.notes.join(u'\n'));
    }

    addSection(tr("Other"));
    QStringList tags;
    for (const drivers::Tag &tag : m.tags)
        tags.append(tag.text());
    addRow(tr("Tags"), tags.join(QStringLiteral(", ")));
    addRow(tr("Features"), m.features.join(QStringLiteral(", ")));
    addRow(tr("Volumes"), m.volumeIds.join(QStringLiteral(", ")));
}

void DetailsPane::showKubernetes(quint32 slot, const drivers::Machine &m)
{
    const QLocale locale;
    const models::InventoryStore::Record &r = m_store->record(slot);
    const int restarts = models::restartsOf(*m_store, slot);
    const QString restartsText = restarts >= 0 ? locale.toString(restarts) : QString();
    QString age = Model::formatAge(r.createdMs, QDateTime::currentMSecsSinceEpoch());
    if (m.created.isValid())
        age = tr("%1 (created %2)").arg(age, locale.toString(m.created.toLocalTime(), QLocale::ShortFormat));
    const auto parentName = [&]() -> QString {
        if (r.parent != models::InventoryStore::kNoSlot && m_store->isValid(r.parent))
            return m_store->name(r.parent).toString();
        return m.parentId;
    };

    switch (m.kind) {
    case drivers::MachineKind::Pod:
        addSection(tr("Pod"));
        addRow(tr("Namespace"), m.location);
        addRow(tr("Node"), m.parentId.isEmpty() ? tr("Not scheduled on a node yet") : parentName());
        addRow(tr("Phase"), m.providerState);
        addRow(tr("Restarts"), restartsText);
        addRow(tr("Age"), age);
        addRow(tr("Containers"), locale.toString(r.childCount));
        for (const drivers::Tag &tag : m.tags) {
            if (tag.key == u"ready") {
                const qsizetype slash = tag.value.indexOf(u'/');
                addRow(tr("Ready"), slash > 0
                                        ? tr("%1 of %2 containers").arg(tag.value.left(slash), tag.value.mid(slash + 1))
                                        : tag.value);
            }
        }
        addRow(tr("Pod IP"), m.privateIps.join(u'\n'));
        addSection(tr("Usage now"));
        addUsageRows();
        break;
    case drivers::MachineKind::Container:
        addSection(tr("Container"));
        addRow(tr("Pod"), m.parentId);
        addRow(tr("Namespace"), m.location);
        addRow(tr("Image"), m.imageName.isEmpty() ? m.imageId : m.imageName);
        addRow(tr("State"), m.providerState);
        addRow(tr("Ready"), m.features.contains(QStringLiteral("ready")) ? tr("Yes") : tr("No"));
        addRow(tr("Restarts"), restartsText);
        addRow(tr("Age"), age);
        addSection(tr("Usage now"));
        addUsageRows();
        break;
    default: { // a node
        const bool cordoned = m.features.contains(QStringLiteral("cordoned"));
        addSection(tr("Node"));
        addRow(tr("Status"), m.providerState.section(u',', 0, 0));
        addRow(tr("Scheduling"), cordoned ? tr("Cordoned: no new pods are placed here") : tr("Schedulable"));
        addRow(tr("Pods"), locale.toString(r.childCount));
        addRow(tr("Age"), age);
        addRow(tr("Kubelet"), m.sizeName);
        addRow(tr("OS image"), m.imageName);
        addRow(tr("Internal IPs"), m.privateIps.join(u'\n'));
        if (!m.publicIps.isEmpty())
            addRow(tr("External IPs"), m.publicIps.join(u'\n'));
        addSection(tr("Capacity and usage"));
        addRow(tr("Capacity"), tr("%n vCPU", nullptr, m.vcpus) + QStringLiteral(" · ") +
                                   tr("%1 GiB memory").arg(locale.toString(m.memoryMb / 1024.0, 'f', 1)));
        addUsageRows();
        // A node's price (catalog, tags, account rates) is its cluster's cost.
        const models::cost::MachineCost c = m_model->costModel()->cost(slot);
        if (c.known())
            addRow(tr("Monthly cost"), models::cost::formatMoney(c.monthly, c.currency));
        break;
    }
    }
}

void DetailsPane::addUsageRows()
{
    m_cpuUsage = addRow(tr("CPU"), {});
    m_memoryUsage = addRow(tr("Memory"), {});
    updateUsage();
}

// The tree's own CPU and memory cells (millicores, MiB or GiB, as kubectl top writes them), and for
// a node the share of its capacity.
void DetailsPane::updateUsage()
{
    const auto slot = m_model->slotAt(m_index);
    if (!slot || !m_store->isValid(*slot) || !m_cpuUsage || !m_memoryUsage)
        return;
    const QModelIndex shown = m_index;
    const QModelIndex cpuCell = shown.siblingAtColumn(Model::CpuUsageColumn);
    const QModelIndex memoryCell = shown.siblingAtColumn(Model::MemoryUsageColumn);
    const auto usage = m_store->usage(*slot);
    if (!usage) {
        // The tree's reason: no metrics-server, or nothing runs.
        const QString why = cpuCell.data(Qt::ToolTipRole).toString();
        for (QLabel *label : {m_cpuUsage.data(), m_memoryUsage.data()}) {
            label->setText(tr("Not reported"));
            label->setToolTip(why);
        }
        return;
    }
    const models::InventoryStore::Record &r = m_store->record(*slot);
    QString cpu = cpuCell.data().toString();
    QString memory = memoryCell.data().toString();
    if (r.kind == drivers::MachineKind::Node && r.vcpus > 0)
        cpu = tr("%1 of %n vCPU (%2%)", nullptr, r.vcpus).arg(cpu).arg(qRound(100 * usage->cpuCores / float(r.vcpus)));
    if (r.kind == drivers::MachineKind::Node && r.memoryMb > 0)
        memory = tr("%1 of %2 GiB (%3%)")
                     .arg(memory, QLocale().toString(r.memoryMb / 1024.0, 'f', 1))
                     .arg(qRound(100 * usage->memoryMiB / float(r.memoryMb)));
    m_cpuUsage->setText(cpu);
    m_cpuUsage->setToolTip(cpuCell.data(Qt::ToolTipRole).toString());
    m_memoryUsage->setText(memory);
    m_memoryUsage->setToolTip(memoryCell.data(Qt::ToolTipRole).toString());
}

void DetailsPane::showAccount()
{
    const models::AccountInfo *info = m_store->account(m_index.data(Model::AccountIdRole).toString());
    if (!info)
        return;
    const QLocale locale;
    const qsizetype machines = m_store->machineCount(info->id);
    m_title->setText(info->name);
    m_subtitle->setText(m_model->index(m_index.row(), Model::StateColumn, m_index.parent()).data().toString());
    if (info->disabled) {
        // A choice, not a failure: a neutral box that says how to undo it, and no Retry (a
        // disabled account is not listed).
        m_errorBox->setStyleSheet(QStringLiteral("QLabel { background: #eef1f5; color: #39414d; border: 1px solid "
                                                 "#d5dbe3; border-radius: 4px; padding: 8px; }"));
        QString text = tr("This account is disabled: Nephele does not list it and runs no action on it.");
        if (machines > 0)
            text += QLatin1Char(' ') + tr("The %n machine(s) shown are from its last listing.", nullptr, int(machines));
        text += QStringLiteral("\n\n") +
                tr("To list it again, select it and choose Account ▸ Enable account, or right-click it and choose "
                   "Enable account.");
        m_errorBox->setText(text);
        m_errorBox->show();
    } else if (!drivers::capabilitiesFor(info->provider)) {
        // Saved (imported, or added for later) but not listable by this build: nothing to retry.
        m_errorBox->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #4d3800; border: 1px solid "
                                                 "#e8d58c; border-radius: 4px; padding: 8px; }"));
        m_errorBox->setText(tr("This build of Nephele cannot list %1 accounts yet: it has no driver for them. The "
                               "account and its secrets are kept, and it is listed once a driver lands.")
                                .arg(icons::providerName(info->provider)));
        m_errorBox->show();
    } else if (info->status == AccountStatus::Error) {
        m_errorBox->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1c14; border: 1px solid "
                                                 "#f5c2bd; border-radius: 4px; padding: 8px; }"));
        QString text = info->errorSummary;
        if (!info->errorDetails.isEmpty())
            text = info->errorDetails;
        else if (!info->errorHint.isEmpty())
            text += QStringLiteral("\n") + info->errorHint;
        if (machines > 0)
            text += QStringLiteral("\n\n") + tr("The machines shown are the last known state.");
        m_errorBox->setText(text);
        m_errorBox->show();
        m_retry->show();
    }
    addSection(tr("Account"));
    addRow(tr("Provider"), icons::providerName(info->provider));
    addRow(tr("Account ID"), info->id);
    addRow(tr("State"), info->disabled ? tr("Disabled") : tr("Enabled"));
    addRow(tr("Machines"), locale.toString(qint64(machines)));
    {
        // The resolved run rate (catalog, tags, provider, account rates; billing rules), one
        // amount per currency: amounts in different currencies are never added up.
        QStringList amounts;
        for (const models::cost::RateBucket &bucket : m_model->costModel()->breakdown().byAccount) {
            if (bucket.key == info->id)
                amounts << models::cost::formatMoney(bucket.monthly, bucket.currency);
        }
        addRow(tr("Monthly cost"), amounts.isEmpty() ? tr("No price known") : amounts.join(QStringLiteral(" · ")));
    }
    addRow(tr("Last refresh"), info->lastSuccess.isValid()
                                   ? locale.toString(info->lastSuccess.toLocalTime(), QLocale::LongFormat)
                                   : tr("never"));
}

void DetailsPane::showLocation()
{
    m_title->setText(m_index.data().toString());
    const QModelIndex account = m_index.parent();
    m_subtitle->setText(account.data().toString());
    addSection(tr("Region"));
    addRow(tr("Region"), m_index.data(Model::LocationRole).toString());
    addRow(tr("Machines shown"), QLocale().toString(m_index.data(Model::MachineCountRole).toLongLong()));
    // The resolved prices of the machines there, one amount per currency (the tree's column says
    // only "mixed currencies" when they differ).
    const QString accountId = m_index.data(Model::AccountIdRole).toString();
    const QString location = m_index.data(Model::LocationRole).toString();
    QMap<QString, double> byCurrency;
    const models::cost::CostModel *costs = m_model->costModel();
    for (const QString &id : accountId.isEmpty() ? m_store->accountIds() : QStringList{accountId}) {
        for (const models::InventoryStore::Slot slot : m_store->machinesOf(id)) {
            if (m_store->symbol(m_store->record(slot).location) != location)
                continue;
            const models::cost::MachineCost c = costs->cost(slot);
            if (c.known())
                byCurrency[c.currency] += c.monthly;
        }
    }
    QStringList amounts;
    for (auto it = byCurrency.cbegin(); it != byCurrency.cend(); ++it)
        amounts << models::cost::formatMoney(it.value(), it.key());
    addRow(tr("Monthly cost"), amounts.isEmpty() ? tr("No price known") : amounts.join(QStringLiteral(" · ")));
}

QString DetailsPane::shownText() const
{
    QStringList parts{m_title->text(), m_subtitle->text()};
    if (m_errorBox->isVisibleTo(this))
        parts.append(m_errorBox->text());
    for (int row = 0; row < m_form->rowCount(); ++row) {
        for (auto role : {QFormLayout::LabelRole, QFormLayout::FieldRole, QFormLayout::SpanningRole}) {
            if (QLayoutItem *item = m_form->itemAt(row, role)) {
                if (auto *label = qobject_cast<QLabel *>(item->widget()))
                    parts.append(label->text());
            }
        }
    }
    return parts.join(u'\n');
}

} // namespace nephele::views
