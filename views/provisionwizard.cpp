#include "provisionwizard.h"

#include "core/driver.h"
#include "inventory/inventorystore.h"
#include "provisioning/currentpolicy.h"
#include "provisioning/provisioner.h"
#include "sync/accountsession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QWizardPage>

#include <algorithm>

namespace nephele::views {

using models::policy::ConstraintResult;
using models::policy::ConstraintResults;
using models::provisioning::Field;
using models::provisioning::FieldRule;
using models::provisioning::ProvisionRequest;

namespace {

constexpr int IdRole = Qt::UserRole + 1;
constexpr int ReasonRole = Qt::UserRole + 2;

const QColor kErrorColor(0xb0, 0x25, 0x1a);

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

// Failures first, in red, then what passed, muted: every result says why.
QString checksHtml(const ConstraintResults &results, bool showPassed = true)
{
    QStringList lines;
    for (const ConstraintResult &r : results) {
        if (!r.ok)
            lines << QStringLiteral("<span style=\"color:#b0251a\">✗ %1</span>").arg(esc(r.message));
    }
    if (showPassed) {
        for (const ConstraintResult &r : results) {
            if (r.ok && !r.message.isEmpty())
                lines << QStringLiteral("<span style=\"color:#5f6b76\">%1</span>").arg(esc(r.message));
        }
    }
    return lines.join(QStringLiteral("<br>"));
}

QLabel *makeChecksLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QLabel *makeNote(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { background: #eef3f8; border: 1px solid #c9d6e3; border-radius: 3px; "
                                        "padding: 6px; }"));
    label->hide();
    return label;
}

// A padlock, drawn: no icon theme is needed (and emoji fonts are often missing).
QIcon lockIcon()
{
    QPixmap pixmap(16, 16);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor ink(0x5f, 0x6b, 0x76);
    p.setPen(QPen(ink, 1.6));
    p.setBrush(Qt::NoBrush);
    p.drawArc(QRectF(4.5, 1.5, 7, 8), 0, 180 * 16);
    p.drawLine(QPointF(4.5, 5.5), QPointF(4.5, 7.5));
    p.drawLine(QPointF(11.5, 5.5), QPointF(11.5, 7.5));
    p.setPen(Qt::NoPen);
    p.setBrush(ink);
    p.drawRoundedRect(QRectF(2.5, 7, 11, 8), 1.5, 1.5);
    return QIcon(pixmap);
}

QString memoryText(int mb)
{
    return mb >= 1024 && mb % 1024 == 0 ? QStringLiteral("%1 GB").arg(mb / 1024) : QStringLiteral("%1 MB").arg(mb);
}

QString imageTitle(const drivers::Image &image)
{
    if (image.type == u"distribution" && !image.distribution.isEmpty() && !image.name.startsWith(image.distribution))
        return image.distribution + u' ' + image.name;
    return image.name;
}

bool offeredIn(const drivers::Size &size, const drivers::Location *location)
{
    if (!location)
        return true;
    return (size.locations.isEmpty() || size.locations.contains(location->id)) &&
           (location->sizeIds.isEmpty() || location->sizeIds.contains(size.id));
}

// The results a page shows: those of `fields` (with their sub-fields) and the field constraints
// of `policyFields`.
ConstraintResults pick(const models::provisioning::ProvisionValidation &v, const QStringList &fields,
                       const QList<Field> &policyFields = {})
{
    ConstraintResults out;
    for (const ConstraintResult &r : v.results) {
        bool wanted = false;
        for (const QString &f : fields) {
            if (r.field == f || (r.field.startsWith(f + u'.') && f != u"permission"))
                wanted = true;
        }
        if (!wanted && r.field.startsWith(u"field.")) {
            const auto field = models::provisioning::fieldFromPolicyName(QStringView(r.field).mid(6));
            wanted = field && policyFields.contains(*field);
        }
        if (wanted)
            out << r;
    }
    return out;
}

// ---- the pages' common part ------------------------------------------------------------------

class WizardPage : public QWizardPage
{
public:
    WizardPage(ProvisionWizard *wizard, const QString &title, const QString &subtitle)
        : m_wizard(wizard)
    {
        setTitle(title);
        setSubTitle(subtitle);
        m_checks = makeChecksLabel(this, QStringLiteral("checks"));
        connect(wizard, &ProvisionWizard::validated, this, [this] {
            refreshChecks();
            Q_EMIT completeChanged();
        });
    }

protected:
    ProvisionWizard *wiz() const { return m_wizard; }
    const ProvisionRequest &req() const { return m_wizard->request(); }
    const models::provisioning::ProvisionContext &ctx() const { return m_wizard->context(); }
    const models::provisioning::ProvisionValidation &val() const { return m_wizard->validation(); }
    virtual void refreshChecks() {}
    void showChecks(const ConstraintResults &results, bool showPassed = true)
    {
        m_checks->setText(checksHtml(results, showPassed));
        m_checks->setVisible(!m_checks->text().isEmpty());
    }
    // Hides `widgets` when the policy hides `field`, and says what it set instead in `note`.
    void applyHidden(Field field, QLabel *note, const QList<QWidget *> &widgets, const QString &valueText)
    {
        const bool hidden = m_wizard->isHidden(field);
        for (QWidget *w : widgets)
            w->setVisible(!hidden);
        if (!note)
            return;
        if (hidden) {
            note->setText(valueText.isEmpty() ? ProvisionWizard::tr("The policy hides this field.")
                                              : ProvisionWizard::tr("The policy sets this field: %1.").arg(valueText));
        }
        note->setVisible(hidden);
    }

    QLabel *m_checks;

private:
    ProvisionWizard *m_wizard;
};

// ---- account ---------------------------------------------------------------------------------

class AccountPage final : public WizardPage
{
public:
    explicit AccountPage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Account"),
                     ProvisionWizard::tr("Choose the cloud account to create the machines in."))
    {
        auto *label = new QLabel(ProvisionWizard::tr("&Account:"), this);
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("accountList"));
        label->setBuddy(m_list);
        m_status = new QLabel(this);
        m_status->setObjectName(QStringLiteral("catalogStatus"));
        m_status->setWordWrap(true);
        m_retry = new QPushButton(ProvisionWizard::tr("&Retry"), this);
        m_retry->hide();
        connect(m_retry, &QPushButton::clicked, this, [this] { wiz()->selectAccount(req().accountId); });
        auto *statusRow = new QHBoxLayout;
        statusRow->addWidget(m_status, 1);
        statusRow->addWidget(m_retry);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(label);
        layout->addWidget(m_list, 1);
        layout->addLayout(statusRow);
        layout->addWidget(m_checks);
        connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
            if (item && (item->flags() & Qt::ItemIsEnabled) && item->data(IdRole).toString() != req().accountId)
                wiz()->selectAccount(item->data(IdRole).toString());
        });
        connect(wizard, &ProvisionWizard::catalogLoaded, this, [this] {
            refreshStatus();
            Q_EMIT completeChanged();
        });
    }

    void initializePage() override
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        for (models::AccountSession *s : wiz()->services().sessions) {
            if (!s)
                continue;
            const drivers::Capabilities *caps = s->capabilities();
            auto *item = new QListWidgetItem(
                caps ? ProvisionWizard::tr("%1 — %2").arg(s->accountName(), caps->displayName) : s->accountName(),
                m_list);
            item->setData(IdRole, s->accountId());
            QString why;
            if (!caps)
                why = s->lastError() ? s->lastError()->summary() : ProvisionWizard::tr("The account is not open");
            else if (!caps->createMachine)
                why = ProvisionWizard::tr("%1 accounts cannot create machines from Nephele").arg(caps->displayName);
            else if (!s->isEnabled())
                why = ProvisionWizard::tr("The account is disabled");
            if (!why.isEmpty()) {
                item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
                item->setText(item->text() + QStringLiteral("  (") + why + u')');
                item->setToolTip(why);
            }
            if (s->accountId() == req().accountId)
                m_list->setCurrentItem(item);
        }
        m_list->setFocus();
        refreshStatus();
    }

    bool isComplete() const override
    {
        if (!wiz()->isCatalogLoaded())
            return false;
        for (const ConstraintResult &r : val().results) {
            if ((r.field == u"account" || r.field == u"permission" || r.field == u"permission.cloud") && !r.ok)
                return false;
        }
        return true;
    }

protected:
    void refreshChecks() override
    {
        ConstraintResults shown;
        for (const ConstraintResult &r : val().results) {
            if (r.field == u"permission" || r.field == u"permission.cloud" || (r.field == u"account" && !r.ok))
                shown << r;
        }
        showChecks(wiz()->isCatalogLoaded() ? shown : ConstraintResults());
    }

private:
    void refreshStatus()
    {
        m_retry->setVisible(!wiz()->catalogError().isEmpty());
        if (req().accountId.isEmpty())
            m_status->setText(ProvisionWizard::tr("No account is chosen."));
        else if (!wiz()->catalogError().isEmpty())
            m_status->setText(ProvisionWizard::tr("The catalog could not be read: %1").arg(wiz()->catalogError()));
        else if (!wiz()->isCatalogLoaded())
            m_status->setText(ProvisionWizard::tr("Reading the catalog of %1 (locations, images, sizes, keys)…")
                                  .arg(ctx().accountName));
        else
            m_status->setText(ProvisionWizard::tr("%1: %n location(s), %2 images, %3 sizes, %4 SSH keys.", nullptr,
                                                  int(ctx().catalog.locations.size()))
                                  .arg(ctx().accountName)
                                  .arg(ctx().catalog.images.size())
                                  .arg(ctx().catalog.sizes.size())
                                  .arg(ctx().catalog.keys.size()));
        refreshChecks();
    }

    QListWidget *m_list;
    QLabel *m_status;
    QPushButton *m_retry;
};

// ---- location --------------------------------------------------------------------------------

class LocationPage final : public WizardPage
{
public:
    explicit LocationPage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Location"), ProvisionWizard::tr("Choose where the machines run."))
    {
        m_label = new QLabel(ProvisionWizard::tr("&Location:"), this);
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("locationList"));
        m_label->setBuddy(m_list);
        m_note = makeNote(this, QStringLiteral("locationNote"));
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_label);
        layout->addWidget(m_list, 1);
        layout->addWidget(m_note);
        layout->addWidget(m_checks);
        connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
            if (item && (item->flags() & Qt::ItemIsEnabled))
                wiz()->edit([id = item->data(IdRole).toString()](ProvisionRequest &r) { r.location = id; });
        });
    }

    void initializePage() override
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        QList<drivers::Location> locations = ctx().catalog.locations;
        std::sort(locations.begin(), locations.end(),
                  [](const drivers::Location &a, const drivers::Location &b) { return a.name < b.name; });
        QListWidgetItem *current = nullptr;
        for (const drivers::Location &l : locations) {
            auto *item = new QListWidgetItem(ProvisionWizard::tr("%1 (%2)").arg(l.name, l.id), m_list);
            item->setData(IdRole, l.id);
            QString why;
            if (!l.available)
                why = ProvisionWizard::tr("does not take new machines");
            else if (ctx().engine && ctx().engine->policy().teams.size() > 0) {
                const models::policy::Decision d = ctx().engine->evaluate(
                    ctx().user, {QStringLiteral("create_resources"), QStringLiteral("location"), l.id, {}});
                if (!d.allowed)
                    why = d.reason;
            }
            if (!why.isEmpty()) {
                item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
                item->setText(item->text() + QStringLiteral(" — ") + why);
                item->setToolTip(why);
            } else if (!current || l.id == req().location) {
                if (l.id == req().location || !current)
                    current = item;
            }
        }
        const bool hidden = wiz()->isHidden(Field::Location);
        const drivers::Location *chosen = ctx().location(req().location);
        applyHidden(Field::Location, m_note, {m_label, m_list},
                    chosen ? ProvisionWizard::tr("%1 (%2)").arg(chosen->name, chosen->id) : req().location);
        if (!hidden && current) {
            m_list->setCurrentItem(current);
            if (current->data(IdRole).toString() != req().location)
                wiz()->edit([id = current->data(IdRole).toString()](ProvisionRequest &r) { r.location = id; });
        }
        m_list->setFocus();
        refreshChecks();
    }

    bool isComplete() const override
    {
        return models::policy::allOk(
            pick(val(), {QStringLiteral("location"), QStringLiteral("permission.location")}, {Field::Location}));
    }

protected:
    void refreshChecks() override
    {
        showChecks(pick(val(), {QStringLiteral("location"), QStringLiteral("permission.location")}, {Field::Location}));
    }

private:
    QLabel *m_label;
    QListWidget *m_list;
    QLabel *m_note;
};

// ---- image -----------------------------------------------------------------------------------

class ImagePage final : public WizardPage
{
public:
    explicit ImagePage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Image"), ProvisionWizard::tr("Choose the system the machines start."))
    {
        m_filter = new QLineEdit(this);
        m_filter->setObjectName(QStringLiteral("imageFilter"));
        m_filter->setPlaceholderText(ProvisionWizard::tr("Filter: ubuntu, debian, docker…"));
        m_filter->setClearButtonEnabled(true);
        m_type = new QComboBox(this);
        m_type->setObjectName(QStringLiteral("imageType"));
        m_type->addItem(ProvisionWizard::tr("All images"), QString());
        m_type->addItem(ProvisionWizard::tr("Distributions"), QStringLiteral("distribution"));
        m_type->addItem(ProvisionWizard::tr("Applications"), QStringLiteral("application"));
        m_type->addItem(ProvisionWizard::tr("Snapshots and backups"), QStringLiteral("snapshot"));
        m_label = new QLabel(ProvisionWizard::tr("&Image:"), this);
        m_list = new QListWidget(this);
        m_list->setObjectName(QStringLiteral("imageList"));
        m_label->setBuddy(m_list);
        m_note = makeNote(this, QStringLiteral("imageNote"));
        m_filterRow = new QWidget(this);
        auto *filterLayout = new QHBoxLayout(m_filterRow);
        filterLayout->setContentsMargins(0, 0, 0, 0);
        filterLayout->addWidget(m_filter, 1);
        filterLayout->addWidget(m_type);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_filterRow);
        layout->addWidget(m_label);
        layout->addWidget(m_list, 1);
        layout->addWidget(m_note);
        layout->addWidget(m_checks);
        connect(m_filter, &QLineEdit::textChanged, this, &ImagePage::fill);
        connect(m_type, &QComboBox::currentIndexChanged, this, &ImagePage::fill);
        connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
            if (item && (item->flags() & Qt::ItemIsEnabled))
                wiz()->edit([id = item->data(IdRole).toString()](ProvisionRequest &r) { r.imageId = id; });
        });
    }

    void initializePage() override
    {
        fill();
        const drivers::Image *image = ctx().image(req().imageId);
        applyHidden(Field::Image, m_note, {m_filterRow, m_label, m_list}, image ? imageTitle(*image) : req().imageId);
        if (!wiz()->isHidden(Field::Image) && !image && m_list->count() > 0)
            m_list->setCurrentRow(0);
        m_list->setFocus();
        refreshChecks();
    }

    bool isComplete() const override
    {
        return models::policy::allOk(pick(val(), {QStringLiteral("image")}, {Field::Image}));
    }

protected:
    void refreshChecks() override { showChecks(pick(val(), {QStringLiteral("image")}, {Field::Image})); }

private:
    void fill()
    {
        const QSignalBlocker block(m_list);
        m_list->clear();
        const QString text = m_filter->text().trimmed();
        const QString type = m_type->currentData().toString();
        QList<const drivers::Image *> images;
        for (const drivers::Image &i : ctx().catalog.images) {
            if (!i.locations.isEmpty() && !req().location.isEmpty() && !i.locations.contains(req().location))
                continue;
            if (!type.isEmpty() &&
                (type == u"snapshot" ? (i.type != u"snapshot" && i.type != u"backup" && i.type != u"custom")
                                     : i.type != type))
                continue;
            const QString title = imageTitle(i);
            if (!text.isEmpty() && !title.contains(text, Qt::CaseInsensitive) &&
                !i.slug.contains(text, Qt::CaseInsensitive))
                continue;
            images << &i;
        }
        std::stable_sort(images.begin(), images.end(), [](const drivers::Image *a, const drivers::Image *b) {
            if (a->type != b->type)
                return a->type < b->type;
            return imageTitle(*a) < imageTitle(*b);
        });
        for (const drivers::Image *i : std::as_const(images)) {
            auto *item = new QListWidgetItem(imageTitle(*i), m_list);
            item->setData(IdRole, i->id);
            item->setToolTip(ProvisionWizard::tr("%1 · needs a %2 GB disk · %3")
                                 .arg(i->slug.isEmpty() ? i->id : i->slug)
                                 .arg(i->minDiskGb)
                                 .arg(i->type));
            if (i->id == req().imageId)
                m_list->setCurrentItem(item);
        }
    }

    QLineEdit *m_filter;
    QComboBox *m_type;
    QWidget *m_filterRow;
    QLabel *m_label;
    QListWidget *m_list;
    QLabel *m_note;
};

// ---- size ------------------------------------------------------------------------------------

class SizePage final : public WizardPage
{
public:
    enum Column { NameColumn, CpuColumn, MemoryColumn, DiskColumn, PriceColumn, PolicyColumn };

    explicit SizePage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Size"),
                     ProvisionWizard::tr("Choose how big the machines are. Sizes the policy does not allow are shown "
                                         "greyed, with the reason."))
    {
        m_label = new QLabel(ProvisionWizard::tr("&Size:"), this);
        m_tree = new QTreeWidget(this);
        m_tree->setObjectName(QStringLiteral("sizeList"));
        m_tree->setRootIsDecorated(false);
        m_tree->setAllColumnsShowFocus(true);
        m_tree->setUniformRowHeights(true);
        m_tree->setAlternatingRowColors(true);
        m_tree->setHeaderLabels({ProvisionWizard::tr("Size"), ProvisionWizard::tr("vCPUs"),
                                 ProvisionWizard::tr("Memory"), ProvisionWizard::tr("Disk"),
                                 ProvisionWizard::tr("Per month"), ProvisionWizard::tr("Policy")});
        m_tree->header()->setStretchLastSection(true);
        m_tree->setColumnWidth(NameColumn, 180);
        m_tree->setColumnWidth(CpuColumn, 50);
        m_tree->setColumnWidth(MemoryColumn, 65);
        m_tree->setColumnWidth(DiskColumn, 65);
        m_tree->setColumnWidth(PriceColumn, 75);
        m_label->setBuddy(m_tree);
        m_note = makeNote(this, QStringLiteral("sizeNote"));

        m_custom = new QGroupBox(ProvisionWizard::tr("&Custom size"), this);
        m_custom->setObjectName(QStringLiteral("customSize"));
        m_custom->setCheckable(true);
        m_custom->setChecked(false);
        auto *customForm = new QFormLayout(m_custom);
        const auto addSlider = [&](const QString &label, const QString &name, QSlider *&slider, QSpinBox *&spin,
                                   const QString &suffix) {
            slider = new QSlider(Qt::Horizontal, m_custom);
            slider->setObjectName(name + QStringLiteral("Slider"));
            spin = new QSpinBox(m_custom);
            spin->setObjectName(name + QStringLiteral("Spin"));
            spin->setSuffix(suffix);
            connect(slider, &QSlider::valueChanged, spin, &QSpinBox::setValue);
            connect(spin, &QSpinBox::valueChanged, slider, &QSlider::setValue);
            connect(spin, &QSpinBox::valueChanged, this, &SizePage::customChanged);
            auto *row = new QHBoxLayout;
            row->addWidget(slider, 1);
            row->addWidget(spin);
            auto *text = new QLabel(label, m_custom);
            text->setBuddy(slider);
            customForm->addRow(text, row);
            return text;
        };
        m_cpuLabel = addSlider(ProvisionWizard::tr("C&PU cores:"), QStringLiteral("cpu"), m_cpu, m_cpuSpin, QString());
        m_ramLabel =
            addSlider(ProvisionWizard::tr("&Memory:"), QStringLiteral("ram"), m_ram, m_ramSpin, QStringLiteral(" MB"));
        m_diskLabel =
            addSlider(ProvisionWizard::tr("&Disk:"), QStringLiteral("disk"), m_disk, m_diskSpin, QStringLiteral(" GB"));
        connect(m_custom, &QGroupBox::toggled, this, [this](bool on) {
            m_tree->setEnabled(!on);
            if (on)
                customChanged();
            else
                useTreeSelection();
        });

        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_label);
        layout->addWidget(m_tree, 1);
        layout->addWidget(m_custom);
        layout->addWidget(m_note);
        layout->addWidget(m_checks);
        connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] { useTreeSelection(); });
    }

    void initializePage() override
    {
        fill();
        const drivers::Size *size = ctx().size(req().sizeId);
        applyHidden(Field::Size, m_note, {m_label, m_tree},
                    size ? ProvisionWizard::tr("%1 (%2)").arg(size->id, size->name) : req().sizeId);
        setUpCustom(); // after: only providers that make sizes to measure show it
        m_tree->setFocus();
        refreshChecks();
    }

    bool isComplete() const override
    {
        return models::policy::allOk(pick(val(), {QStringLiteral("size")}, {Field::Size}));
    }

protected:
    void refreshChecks() override { showChecks(pick(val(), {QStringLiteral("size")}, {Field::Size})); }

private:
    // Why `size` cannot be chosen here, or empty.
    QString whyNot(const drivers::Size &size, const models::policy::Decision &decision) const
    {
        const drivers::Location *location = ctx().location(req().location);
        if (!size.available)
            return ProvisionWizard::tr("Not available now");
        if (!offeredIn(size, location))
            return ProvisionWizard::tr("Not offered in %1").arg(req().location);
        if (const drivers::Image *image = ctx().image(req().imageId); image && image->minDiskGb > size.diskGb)
            return ProvisionWizard::tr("The image needs a %1 GB disk").arg(image->minDiskGb);
        if (decision.allowed && decision.constraints.size) {
            const ConstraintResult r = models::policy::checkSize(*decision.constraints.size, ctx().accountId, size);
            if (!r.ok)
                return r.message;
        }
        return {};
    }

    void fill()
    {
        const QSignalBlocker block(m_tree);
        m_tree->clear();
        const models::policy::Decision decision = ctx().creationDecision();
        QList<drivers::Size> sizes = ctx().catalog.sizes;
        std::stable_sort(sizes.begin(), sizes.end(), [](const drivers::Size &a, const drivers::Size &b) {
            const double pa = models::provisioning::monthlyPrice(a).value_or(1e12);
            const double pb = models::provisioning::monthlyPrice(b).value_or(1e12);
            return pa != pb ? pa < pb : a.memoryMb < b.memoryMb;
        });
        QTreeWidgetItem *current = nullptr;
        QTreeWidgetItem *firstAllowed = nullptr;
        for (const drivers::Size &s : std::as_const(sizes)) {
            auto *item = new QTreeWidgetItem(m_tree);
            item->setText(NameColumn, s.name.isEmpty() ? s.id : QStringLiteral("%1  %2").arg(s.id, s.name));
            item->setText(CpuColumn, QString::number(s.vcpus));
            item->setText(MemoryColumn, memoryText(s.memoryMb));
            item->setText(DiskColumn, QStringLiteral("%1 GB").arg(s.diskGb));
            const auto price = models::provisioning::monthlyPrice(s);
            item->setText(PriceColumn, price ? models::provisioning::formatMoney(*price, s.currency)
                                             : ProvisionWizard::tr("unknown"));
            for (int c : {CpuColumn, MemoryColumn, DiskColumn, PriceColumn})
                item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
            item->setData(NameColumn, IdRole, s.id);
            const QString why = whyNot(s, decision);
            item->setData(NameColumn, ReasonRole, why);
            if (!why.isEmpty()) {
                item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));
                item->setText(PolicyColumn, why);
                for (int c = 0; c <= PolicyColumn; ++c)
                    item->setToolTip(c, why);
                item->setForeground(PolicyColumn, kErrorColor);
            } else {
                item->setText(PolicyColumn, ProvisionWizard::tr("Allowed"));
                if (!firstAllowed)
                    firstAllowed = item;
                if (s.id == req().sizeId)
                    current = item;
            }
        }
        if (!current && !req().customSize)
            current = firstAllowed;
        if (current && !wiz()->isHidden(Field::Size)) {
            m_tree->setCurrentItem(current);
            if (current->data(NameColumn, IdRole).toString() != req().sizeId)
                useTreeSelection();
        }
    }

    void setUpCustom()
    {
        m_custom->setVisible(ctx().customSizesOffered && !wiz()->isHidden(Field::Size));
        if (!ctx().customSizesOffered)
            return;
        const models::policy::Decision decision = ctx().creationDecision();
        const models::policy::SizeConstraint bounds = decision.allowed && decision.constraints.size
                                                          ? *decision.constraints.size
                                                          : models::policy::SizeConstraint();
        const auto bound = [](QSlider *slider, QSpinBox *spin, QLabel *label, const models::policy::SizeBound &b,
                              int lo, int hi, int step) {
            const int min = b.min ? int(*b.min) : lo;
            const int max = b.max ? int(*b.max) : hi;
            const QSignalBlocker blockSlider(slider);
            const QSignalBlocker blockSpin(spin);
            slider->setRange(min, std::max(min, max));
            spin->setRange(min, std::max(min, max));
            slider->setSingleStep(step);
            slider->setPageStep(step * 4);
            spin->setSingleStep(step);
            // A bound the policy hides is set to its minimum (or maximum) and not shown.
            slider->setVisible(b.show);
            spin->setVisible(b.show);
            label->setVisible(b.show);
            if (!b.show)
                spin->setValue(b.min ? min : max);
        };
        bound(m_cpu, m_cpuSpin, m_cpuLabel, bounds.cpu, 1, 64, 1);
        bound(m_ram, m_ramSpin, m_ramLabel, bounds.ram, 512, 262144, 512);
        bound(m_disk, m_diskSpin, m_diskLabel, bounds.disk, 10, 4096, 10);
    }

    void useTreeSelection()
    {
        if (m_custom->isChecked() && m_custom->isVisible())
            return;
        QTreeWidgetItem *item = m_tree->currentItem();
        // A greyed size never becomes the request's, however the row became current.
        if (!item || !(item->flags() & Qt::ItemIsEnabled))
            return;
        wiz()->edit([id = item->data(NameColumn, IdRole).toString()](ProvisionRequest &r) {
            r.sizeId = id;
            r.customSize.reset();
        });
    }

    void customChanged()
    {
        if (!m_custom->isChecked())
            return;
        wiz()->edit([this](ProvisionRequest &r) {
            r.sizeId.clear();
            r.customSize = models::policy::CustomSize{double(m_cpuSpin->value()), double(m_ramSpin->value()),
                                                      double(m_diskSpin->value()), std::nullopt};
        });
    }

    QLabel *m_label;
    QTreeWidget *m_tree;
    QLabel *m_note;
    QGroupBox *m_custom;
    QSlider *m_cpu = nullptr;
    QSlider *m_ram = nullptr;
    QSlider *m_disk = nullptr;
    QSpinBox *m_cpuSpin = nullptr;
    QSpinBox *m_ramSpin = nullptr;
    QSpinBox *m_diskSpin = nullptr;
    QLabel *m_cpuLabel = nullptr;
    QLabel *m_ramLabel = nullptr;
    QLabel *m_diskLabel = nullptr;
};

// ---- access ----------------------------------------------------------------------------------

class AccessPage final : public WizardPage
{
public:
    explicit AccessPage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Access"),
                     ProvisionWizard::tr("Choose the SSH keys that may log in, and as which user."))
    {
        m_keysLabel = new QLabel(ProvisionWizard::tr("SSH &keys (Space ticks a key):"), this);
        m_keys = new QListWidget(this);
        m_keys->setObjectName(QStringLiteral("keyList"));
        m_keysLabel->setBuddy(m_keys);
        m_keysNote = makeNote(this, QStringLiteral("keysNote"));
        m_userLabel = new QLabel(ProvisionWizard::tr("Log in as &user:"), this);
        m_user = new QLineEdit(this);
        m_user->setObjectName(QStringLiteral("loginUser"));
        m_user->setPlaceholderText(ProvisionWizard::tr("root, or the image's default user"));
        m_userLabel->setBuddy(m_user);
        m_userNote = makeNote(this, QStringLiteral("userNote"));
        auto *userRow = new QHBoxLayout;
        userRow->addWidget(m_userLabel);
        userRow->addWidget(m_user, 1);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_keysLabel);
        layout->addWidget(m_keys, 1);
        layout->addWidget(m_keysNote);
        layout->addLayout(userRow);
        layout->addWidget(m_userNote);
        layout->addWidget(m_checks);
        connect(m_keys, &QListWidget::itemChanged, this, [this] {
            QStringList ids;
            for (int i = 0; i < m_keys->count(); ++i) {
                if (m_keys->item(i)->checkState() == Qt::Checked)
                    ids << m_keys->item(i)->data(IdRole).toString();
            }
            wiz()->edit([ids](ProvisionRequest &r) { r.keyIds = ids; });
        });
        connect(m_user, &QLineEdit::textEdited, this, [this](const QString &text) {
            wiz()->edit([text](ProvisionRequest &r) { r.loginUser = text.trimmed(); });
        });
    }

    void initializePage() override
    {
        {
            const QSignalBlocker block(m_keys);
            m_keys->clear();
            for (const drivers::SshKey &k : ctx().catalog.keys) {
                auto *item = new QListWidgetItem(ProvisionWizard::tr("%1   %2").arg(k.name, k.fingerprint), m_keys);
                item->setData(IdRole, k.id);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(req().keyIds.contains(k.id) ? Qt::Checked : Qt::Unchecked);
            }
            if (m_keys->count() > 0)
                m_keys->setCurrentRow(0);
        }
        m_user->setText(req().loginUser);
        QStringList keyNames;
        for (const drivers::SshKey &k : ctx().catalog.keys) {
            if (req().keyIds.contains(k.id))
                keyNames << k.name;
        }
        applyHidden(Field::Keys, m_keysNote, {m_keysLabel, m_keys}, keyNames.join(QStringLiteral(", ")));
        applyHidden(Field::LoginUser, m_userNote, {m_userLabel, m_user}, req().loginUser);
        if (m_keys->isVisible() || !wiz()->isHidden(Field::Keys))
            m_keys->setFocus();
        refreshChecks();
    }

    bool isComplete() const override
    {
        return models::policy::allOk(pick(val(), {QStringLiteral("keys")}, {Field::Keys, Field::LoginUser}));
    }

protected:
    void refreshChecks() override
    {
        showChecks(pick(val(), {QStringLiteral("keys")}, {Field::Keys, Field::LoginUser}));
    }

private:
    QLabel *m_keysLabel;
    QListWidget *m_keys;
    QLabel *m_keysNote;
    QLabel *m_userLabel;
    QLineEdit *m_user;
    QLabel *m_userNote;
};

// ---- network and storage ---------------------------------------------------------------------

class NetworkPage final : public WizardPage
{
public:
    explicit NetworkPage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Network and storage"),
                     ProvisionWizard::tr("Choose the network, the options and the volumes."))
    {
        m_network = new QComboBox(this);
        m_network->setObjectName(QStringLiteral("networkCombo"));
        m_ipv6 = new QCheckBox(ProvisionWizard::tr("Public IPv&6 address"), this);
        m_ipv6->setObjectName(QStringLiteral("ipv6"));
        m_monitoring = new QCheckBox(ProvisionWizard::tr("&Monitoring agent"), this);
        m_monitoring->setObjectName(QStringLiteral("monitoring"));
        m_backups = new QCheckBox(ProvisionWizard::tr("Automatic &backups (billed extra)"), this);
        m_backups->setObjectName(QStringLiteral("backups"));
        m_volumes = new QListWidget(this);
        m_volumes->setObjectName(QStringLiteral("volumeList"));
        m_volumes->setMaximumHeight(110);
        m_newVolume = new QSpinBox(this);
        m_newVolume->setObjectName(QStringLiteral("newVolume"));
        m_newVolume->setRange(0, models::provisioning::kMaxNewVolumeGb);
        m_newVolume->setSuffix(QStringLiteral(" GB"));
        m_newVolume->setSpecialValueText(ProvisionWizard::tr("none"));
        m_note = makeNote(this, QStringLiteral("networkNote"));

        m_form = new QFormLayout;
        m_networkLabel = new QLabel(ProvisionWizard::tr("&Network:"), this);
        m_networkLabel->setBuddy(m_network);
        m_form->addRow(m_networkLabel, m_network);
        m_form->addRow(QString(), m_ipv6);
        m_form->addRow(QString(), m_monitoring);
        m_form->addRow(QString(), m_backups);
        m_volumesLabel = new QLabel(ProvisionWizard::tr("Attach &volumes:"), this);
        m_volumesLabel->setBuddy(m_volumes);
        m_form->addRow(m_volumesLabel, m_volumes);
        m_newVolumeLabel = new QLabel(ProvisionWizard::tr("New volume &each:"), this);
        m_newVolumeLabel->setBuddy(m_newVolume);
        m_form->addRow(m_newVolumeLabel, m_newVolume);
        auto *layout = new QVBoxLayout(this);
        layout->addLayout(m_form);
        layout->addWidget(m_note);
        layout->addStretch(1);
        layout->addWidget(m_checks);

        connect(m_network, &QComboBox::currentIndexChanged, this, [this] {
            wiz()->edit([id = m_network->currentData().toString()](ProvisionRequest &r) { r.networkId = id; });
        });
        connect(m_ipv6, &QCheckBox::toggled, this,
                [this](bool on) { wiz()->edit([on](ProvisionRequest &r) { r.ipv6 = on; }); });
        connect(m_monitoring, &QCheckBox::toggled, this,
                [this](bool on) { wiz()->edit([on](ProvisionRequest &r) { r.monitoring = on; }); });
        connect(m_backups, &QCheckBox::toggled, this,
                [this](bool on) { wiz()->edit([on](ProvisionRequest &r) { r.backups = on; }); });
        connect(m_volumes, &QListWidget::itemChanged, this, [this] {
            QStringList ids;
            for (int i = 0; i < m_volumes->count(); ++i) {
                if (m_volumes->item(i)->checkState() == Qt::Checked)
                    ids << m_volumes->item(i)->data(IdRole).toString();
            }
            wiz()->edit([ids](ProvisionRequest &r) { r.volumeIds = ids; });
        });
        connect(m_newVolume, &QSpinBox::valueChanged, this,
                [this](int gb) { wiz()->edit([gb](ProvisionRequest &r) { r.newVolumeGb = gb; }); });
    }

    void initializePage() override
    {
        const drivers::Capabilities &caps = ctx().capabilities;
        {
            const QSignalBlocker block(m_network);
            m_network->clear();
            m_network->addItem(ProvisionWizard::tr("The default network of %1").arg(req().location), QString());
            for (const drivers::Network &n : ctx().catalog.networks) {
                if (!n.location.isEmpty() && n.location != req().location)
                    continue;
                m_network->addItem(n.ipRange.isEmpty() ? n.name : ProvisionWizard::tr("%1 (%2)").arg(n.name, n.ipRange),
                                   n.id);
            }
            m_network->setCurrentIndex(std::max(0, m_network->findData(req().networkId)));
        }
        for (auto [box, value] : {std::pair{m_ipv6, req().ipv6}, std::pair{m_monitoring, req().monitoring},
                                  std::pair{m_backups, req().backups}}) {
            const QSignalBlocker block(box);
            box->setChecked(value);
        }
        {
            const QSignalBlocker block(m_volumes);
            m_volumes->clear();
            for (const drivers::Volume &v : ctx().volumes) {
                if (v.location != req().location || !v.machineIds.isEmpty())
                    continue;
                auto *item =
                    new QListWidgetItem(ProvisionWizard::tr("%1 (%2 GB)").arg(v.name).arg(v.sizeGb), m_volumes);
                item->setData(IdRole, v.id);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(req().volumeIds.contains(v.id) ? Qt::Checked : Qt::Unchecked);
            }
            if (m_volumes->count() == 0) {
                auto *item =
                    new QListWidgetItem(ProvisionWizard::tr("No free volume in %1").arg(req().location), m_volumes);
                item->setFlags(Qt::NoItemFlags);
            }
        }
        {
            const QSignalBlocker block(m_newVolume);
            m_newVolume->setValue(req().newVolumeGb);
        }
        // What the provider cannot do is not offered; what the policy hides is not shown.
        QStringList fixed;
        const auto show = [&](Field field, QWidget *widget, QWidget *label, bool offered, const QString &value) {
            const bool hidden = wiz()->isHidden(field);
            widget->setVisible(offered && !hidden);
            if (label)
                label->setVisible(offered && !hidden);
            if (hidden && !value.isEmpty())
                fixed << value;
        };
        const auto onOff = [](const QString &what, bool on) {
            return on ? ProvisionWizard::tr("%1 on").arg(what) : ProvisionWizard::tr("%1 off").arg(what);
        };
        show(Field::Network, m_network, m_networkLabel, caps.networks, m_network->currentText());
        show(Field::Ipv6, m_ipv6, nullptr, true, onOff(ProvisionWizard::tr("IPv6"), req().ipv6));
        show(Field::Monitoring, m_monitoring, nullptr, caps.monitoring,
             onOff(ProvisionWizard::tr("monitoring"), req().monitoring));
        show(Field::Backups, m_backups, nullptr, caps.backups, onOff(ProvisionWizard::tr("backups"), req().backups));
        show(Field::Volumes, m_volumes, m_volumesLabel, caps.volumes, QString());
        show(Field::Volumes, m_newVolume, m_newVolumeLabel, caps.volumes, QString());
        m_note->setText(fixed.isEmpty()
                            ? QString()
                            : ProvisionWizard::tr("The policy sets: %1.").arg(fixed.join(QStringLiteral(", "))));
        m_note->setVisible(!fixed.isEmpty());
        if (m_network->isVisibleTo(this))
            m_network->setFocus();
        refreshChecks();
    }

    bool isComplete() const override { return models::policy::allOk(checks()); }

protected:
    void refreshChecks() override { showChecks(checks()); }

private:
    ConstraintResults checks() const
    {
        return pick(val(),
                    {QStringLiteral("network"), QStringLiteral("volumes"), QStringLiteral("backups"),
                     QStringLiteral("monitoring")},
                    {Field::Network, Field::Ipv6, Field::Monitoring, Field::Backups, Field::Volumes});
    }

    QFormLayout *m_form;
    QLabel *m_networkLabel;
    QComboBox *m_network;
    QCheckBox *m_ipv6;
    QCheckBox *m_monitoring;
    QCheckBox *m_backups;
    QLabel *m_volumesLabel;
    QListWidget *m_volumes;
    QLabel *m_newVolumeLabel;
    QSpinBox *m_newVolume;
    QLabel *m_note;
};

// ---- details ---------------------------------------------------------------------------------

class DetailsPage final : public WizardPage
{
public:
    explicit DetailsPage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Details"),
                     ProvisionWizard::tr("Name the machines, tag them, and say how long they live."))
    {
        m_name = new QLineEdit(this);
        m_name->setObjectName(QStringLiteral("name"));
        m_quantity = new QSpinBox(this);
        m_quantity->setObjectName(QStringLiteral("quantity"));
        m_quantity->setRange(1, models::provisioning::kMaxQuantity);
        m_tags = new QTableWidget(0, 2, this);
        m_tags->setObjectName(QStringLiteral("tagTable"));
        m_tags->setHorizontalHeaderLabels({ProvisionWizard::tr("Tag"), ProvisionWizard::tr("Value")});
        m_tags->horizontalHeader()->setStretchLastSection(true);
        m_tags->verticalHeader()->hide();
        m_tags->setMinimumHeight(96);
        m_tags->setTabKeyNavigation(false); // Tab leaves the table; arrows move inside it
        m_addTag = new QPushButton(ProvisionWizard::tr("&Add tag"), this);
        m_removeTag = new QPushButton(ProvisionWizard::tr("Remo&ve tag"), this);
        m_tagsNote = makeNote(this, QStringLiteral("tagsNote"));

        m_expires = new QCheckBox(ProvisionWizard::tr("&Expires"), this);
        m_expires->setObjectName(QStringLiteral("expires"));
        m_expiresAt = new QDateTimeEdit(this);
        m_expiresAt->setObjectName(QStringLiteral("expiresAt"));
        m_expiresAt->setCalendarPopup(true);
        m_expiresAt->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        m_action = new QComboBox(this);
        m_action->setObjectName(QStringLiteral("expiresAction"));
        m_notify = new QComboBox(this);
        m_notify->setObjectName(QStringLiteral("expiresNotify"));
        m_leaseNote = new QLabel(this);
        m_leaseNote->setObjectName(QStringLiteral("leaseNote"));
        m_leaseNote->setWordWrap(true);
        m_leaseNote->setForegroundRole(QPalette::PlaceholderText);

        m_cloudInit = new QPlainTextEdit(this);
        m_cloudInit->setObjectName(QStringLiteral("cloudInit"));
        m_cloudInit->setTabChangesFocus(true);
        m_cloudInit->setPlaceholderText(QStringLiteral("#cloud-config\npackages:\n  - nginx"));
        m_cloudInit->setMaximumHeight(90);

        auto *form = new QFormLayout;
        m_nameLabel = new QLabel(ProvisionWizard::tr("&Name:"), this);
        m_nameLabel->setBuddy(m_name);
        form->addRow(m_nameLabel, m_name);
        m_quantityLabel = new QLabel(ProvisionWizard::tr("&Quantity:"), this);
        m_quantityLabel->setBuddy(m_quantity);
        form->addRow(m_quantityLabel, m_quantity);
        auto *tagButtons = new QVBoxLayout;
        tagButtons->addWidget(m_addTag);
        tagButtons->addWidget(m_removeTag);
        tagButtons->addStretch(1);
        auto *tagRow = new QHBoxLayout;
        tagRow->addWidget(m_tags, 1);
        tagRow->addLayout(tagButtons);
        m_tagsLabel = new QLabel(ProvisionWizard::tr("&Tags:"), this);
        m_tagsLabel->setBuddy(m_tags);
        form->addRow(m_tagsLabel, tagRow);
        form->addRow(QString(), m_tagsNote);
        auto *leaseRow = new QHBoxLayout;
        leaseRow->addWidget(m_expires);
        leaseRow->addWidget(m_expiresAt, 1);
        auto *actionLabel = new QLabel(ProvisionWizard::tr("then"), this);
        actionLabel->setBuddy(m_action);
        leaseRow->addWidget(actionLabel);
        leaseRow->addWidget(m_action);
        auto *notifyLabel = new QLabel(ProvisionWizard::tr("warn"), this);
        notifyLabel->setBuddy(m_notify);
        leaseRow->addWidget(notifyLabel);
        leaseRow->addWidget(m_notify);
        m_leaseLabel = new QLabel(ProvisionWizard::tr("Lease:"), this);
        form->addRow(m_leaseLabel, leaseRow);
        form->addRow(QString(), m_leaseNote);
        m_cloudInitLabel = new QLabel(ProvisionWizard::tr("&Cloud-init:"), this);
        m_cloudInitLabel->setBuddy(m_cloudInit);
        form->addRow(m_cloudInitLabel, m_cloudInit);
        m_leaseWidgets = {m_leaseLabel, m_expires,   m_expiresAt, actionLabel,
                          m_action,     notifyLabel, m_notify,    m_leaseNote};

        auto *layout = new QVBoxLayout(this);
        layout->addLayout(form);
        layout->addWidget(m_checks);

        connect(m_name, &QLineEdit::textEdited, this,
                [this](const QString &text) { wiz()->edit([text](ProvisionRequest &r) { r.name = text.trimmed(); }); });
        connect(m_quantity, &QSpinBox::valueChanged, this,
                [this](int n) { wiz()->edit([n](ProvisionRequest &r) { r.quantity = n; }); });
        connect(m_addTag, &QPushButton::clicked, this, [this] {
            const int row = m_tags->rowCount();
            m_tags->insertRow(row);
            m_tags->setItem(row, 0, new QTableWidgetItem);
            m_tags->setItem(row, 1, new QTableWidgetItem);
            m_tags->setCurrentCell(row, 0);
            m_tags->setFocus();
            m_tags->editItem(m_tags->item(row, 0));
        });
        connect(m_removeTag, &QPushButton::clicked, this, [this] {
            const int row = m_tags->currentRow();
            if (row >= 0 && !isLockedRow(row)) {
                m_tags->removeRow(row);
                tagsEdited();
            }
        });
        connect(m_tags, &QTableWidget::itemChanged, this, [this] { tagsEdited(); });
        connect(m_tags, &QTableWidget::currentCellChanged, this,
                [this](int row) { m_removeTag->setEnabled(row >= 0 && !isLockedRow(row)); });
        connect(m_expires, &QCheckBox::toggled, this, [this] { leaseEdited(); });
        connect(m_expiresAt, &QDateTimeEdit::dateTimeChanged, this, [this] { leaseEdited(); });
        connect(m_action, &QComboBox::currentIndexChanged, this, [this] { leaseEdited(); });
        connect(m_notify, &QComboBox::currentIndexChanged, this, [this] { leaseEdited(); });
        connect(m_cloudInit, &QPlainTextEdit::textChanged, this, [this] {
            wiz()->edit([text = m_cloudInit->toPlainText()](ProvisionRequest &r) { r.cloudInit = text; });
        });
    }

    void initializePage() override
    {
        if (req().name.isEmpty())
            wiz()->edit([name = defaultName()](ProvisionRequest &r) { r.name = name; });
        m_name->setText(req().name);
        {
            const QSignalBlocker block(m_quantity);
            m_quantity->setValue(req().quantity);
        }
        fillTags();
        fillLease();
        {
            const QSignalBlocker block(m_cloudInit);
            m_cloudInit->setPlainText(req().cloudInit);
        }
        applyHidden(Field::Name, nullptr, {m_nameLabel, m_name}, req().name);
        applyHidden(Field::Quantity, nullptr, {m_quantityLabel, m_quantity}, QString::number(req().quantity));
        applyHidden(Field::CloudInit, nullptr, {m_cloudInitLabel, m_cloudInit}, QString());
        applyHidden(Field::Tags, nullptr, {m_tagsLabel, m_tags, m_addTag, m_removeTag}, QString());
        if (!ctx().capabilities.userData) {
            m_cloudInit->setVisible(false);
            m_cloudInitLabel->setVisible(false);
        }
        if (!ctx().capabilities.tags) {
            for (QWidget *w : {static_cast<QWidget *>(m_tagsLabel), static_cast<QWidget *>(m_tags),
                               static_cast<QWidget *>(m_addTag), static_cast<QWidget *>(m_removeTag)})
                w->setVisible(false);
            for (QWidget *w : std::as_const(m_leaseWidgets))
                w->setVisible(false);
        }
        if (m_name->isVisibleTo(this)) {
            m_name->setFocus();
            m_name->selectAll();
        }
        refreshChecks();
    }

    bool isComplete() const override { return models::policy::allOk(checks()); }

protected:
    void refreshChecks() override { showChecks(checks()); }

private:
    ConstraintResults checks() const
    {
        return pick(val(),
                    {QStringLiteral("name"), QStringLiteral("quantity"), QStringLiteral("tags"),
                     QStringLiteral("expiration"), QStringLiteral("cloudInit")},
                    {Field::Name, Field::Quantity, Field::Tags, Field::CloudInit, Field::Expiration});
    }

    QString defaultName() const
    {
        // DigitalOcean's habit: <image>-<size>-<region>-01.
        QString image = QStringLiteral("machine");
        if (const drivers::Image *i = ctx().image(req().imageId))
            image = (i->distribution.isEmpty() ? i->name : i->distribution).section(u' ', 0, 0).toLower();
        QString name = image + u'-' + (req().sizeId.isEmpty() ? QStringLiteral("custom") : req().sizeId) + u'-' +
                       req().location + QStringLiteral("-01");
        for (QChar &c : name) {
            if (!c.isLetterOrNumber() && c != u'-' && c != u'.')
                c = u'-';
        }
        return name;
    }

    bool isLockedRow(int row) const
    {
        const QTableWidgetItem *item = m_tags->item(row, 0);
        return item && !(item->flags() & Qt::ItemIsEditable);
    }

    void fillTags()
    {
        const QSignalBlocker block(m_tags);
        m_tags->setRowCount(0);
        const models::policy::Decision d = ctx().creationDecision();
        const QString locked = ProvisionWizard::tr("Set by the policy on every machine you create; it cannot be "
                                                   "changed");
        for (auto it = d.securityTags.cbegin(); d.allowed && it != d.securityTags.cend(); ++it) {
            const int row = m_tags->rowCount();
            m_tags->insertRow(row);
            for (int c = 0; c < 2; ++c) {
                auto *item = new QTableWidgetItem(c == 0 ? it.key() : it.value());
                if (c == 0)
                    item->setIcon(lockIcon());
                item->setData(IdRole, c == 0 ? it.key() : it.value());
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
                item->setToolTip(locked);
                item->setForeground(QPalette().color(QPalette::PlaceholderText));
                m_tags->setItem(row, c, item);
            }
        }
        for (const drivers::Tag &t : req().tags) {
            const int row = m_tags->rowCount();
            m_tags->insertRow(row);
            m_tags->setItem(row, 0, new QTableWidgetItem(t.key));
            m_tags->setItem(row, 1, new QTableWidgetItem(t.value));
        }
        m_tagsNote->setText(d.allowed && !d.securityTags.isEmpty()
                                ? ProvisionWizard::tr("Tags with a lock are the policy's security tags: every machine "
                                                      "you create gets them, and they cannot be changed.")
                                : QString());
        m_tagsNote->setVisible(!m_tagsNote->text().isEmpty());
        m_removeTag->setEnabled(false);
    }

    void tagsEdited()
    {
        QList<drivers::Tag> tags;
        for (int row = 0; row < m_tags->rowCount(); ++row) {
            if (isLockedRow(row))
                continue;
            const QString key = m_tags->item(row, 0) ? m_tags->item(row, 0)->text().trimmed() : QString();
            const QString value = m_tags->item(row, 1) ? m_tags->item(row, 1)->text().trimmed() : QString();
            if (key.isEmpty() && value.isEmpty())
                continue;
            tags << drivers::Tag{key, value};
        }
        wiz()->edit([tags](ProvisionRequest &r) { r.tags = tags; });
    }

    void fillLease()
    {
        const QSignalBlocker b1(m_expires);
        const QSignalBlocker b2(m_expiresAt);
        const QSignalBlocker b3(m_action);
        const QSignalBlocker b4(m_notify);
        const models::policy::Decision d = ctx().creationDecision();
        const std::optional<models::policy::ExpirationConstraint> constraint =
            d.allowed ? d.constraints.expiration : std::nullopt;
        const QDateTime now = wiz()->now();
        const QDateTime latest = constraint ? models::policy::latestExpiration(*constraint, now) : QDateTime();
        const bool required = latest.isValid();

        m_expires->setChecked(req().expiration.at.isValid() || required);
        m_expires->setEnabled(!required);
        m_expiresAt->setMinimumDateTime(now.toLocalTime().addSecs(60));
        m_expiresAt->setMaximumDateTime(latest.isValid() ? latest.toLocalTime() : now.toLocalTime().addYears(10));
        const QDateTime at = req().expiration.at.isValid() ? req().expiration.at
                             : constraint                  ? models::policy::proposedExpiration(*constraint, now).at
                                                           : now.addDays(7);
        m_expiresAt->setDateTime((at.isValid() ? at : now.addDays(7)).toLocalTime());

        m_action->clear();
        const QStringList actions = constraint && !constraint->availableActions.isEmpty()
                                        ? constraint->availableActions
                                        : QStringList{QStringLiteral("destroy"), QStringLiteral("stop")};
        for (const QString &a : actions) {
            m_action->addItem(a == u"destroy" ? ProvisionWizard::tr("destroy it")
                              : a == u"stop"  ? ProvisionWizard::tr("stop it")
                                              : a,
                              a);
        }
        const QString action = !req().expiration.action.isEmpty()                   ? req().expiration.action
                               : constraint && !constraint->defaultAction.isEmpty() ? constraint->defaultAction
                                                                                    : actions.constFirst();
        m_action->setCurrentIndex(std::max(0, m_action->findData(action)));

        m_notify->clear();
        m_notify->addItem(ProvisionWizard::tr("no notice"), QString());
        QStringList durations = {QStringLiteral("1h"), QStringLiteral("6h"), QStringLiteral("1d"), QStringLiteral("3d"),
                                 QStringLiteral("1w")};
        if (constraint && constraint->notifyDefault && !durations.contains(constraint->notifyDefault->text()))
            durations << constraint->notifyDefault->text();
        for (const QString &text : std::as_const(durations)) {
            const auto duration = models::policy::PolicyDuration::parse(text);
            m_notify->addItem(ProvisionWizard::tr("%1 before").arg(duration->humanText()), text);
        }
        const QString notify = req().expiration.notifyBefore             ? req().expiration.notifyBefore->text()
                               : constraint && constraint->notifyDefault ? constraint->notifyDefault->text()
                                                                         : QStringLiteral("1d");
        m_notify->setCurrentIndex(std::max(0, m_notify->findData(notify)));

        QStringList notes;
        if (constraint) {
            if (constraint->max)
                notes << ProvisionWizard::tr("The policy requires a lease of at most %1 (until %2).")
                             .arg(constraint->max->humanText(),
                                  latest.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
            if (constraint->defaultExpiry)
                notes << ProvisionWizard::tr("It proposes %1.").arg(constraint->defaultExpiry->humanText());
            if (!constraint->notifyMessage.isEmpty())
                notes << constraint->notifyMessage;
        }
        notes << ProvisionWizard::tr("The lease is kept as tags on the machine; while Nephele runs it warns before "
                                     "the end and then acts.");
        m_leaseNote->setText(notes.join(u' '));
        m_expiresAt->setEnabled(m_expires->isChecked());
        m_action->setEnabled(m_expires->isChecked());
        m_notify->setEnabled(m_expires->isChecked());
        leaseEdited();
    }

    void leaseEdited()
    {
        const bool on = m_expires->isChecked();
        m_expiresAt->setEnabled(on);
        m_action->setEnabled(on);
        m_notify->setEnabled(on);
        models::policy::ExpirationRequest e;
        if (on) {
            e.at = m_expiresAt->dateTime().toUTC();
            e.action = m_action->currentData().toString();
            e.notifyBefore = models::policy::PolicyDuration::parse(m_notify->currentData().toString());
        }
        wiz()->edit([e](ProvisionRequest &r) { r.expiration = e; });
    }

    QLabel *m_nameLabel;
    QLineEdit *m_name;
    QLabel *m_quantityLabel;
    QSpinBox *m_quantity;
    QLabel *m_tagsLabel;
    QTableWidget *m_tags;
    QPushButton *m_addTag;
    QPushButton *m_removeTag;
    QLabel *m_tagsNote;
    QLabel *m_leaseLabel;
    QCheckBox *m_expires;
    QDateTimeEdit *m_expiresAt;
    QComboBox *m_action;
    QComboBox *m_notify;
    QLabel *m_leaseNote;
    QLabel *m_cloudInitLabel;
    QPlainTextEdit *m_cloudInit;
    QList<QWidget *> m_leaseWidgets;
};

// ---- review ----------------------------------------------------------------------------------

class ReviewPage final : public WizardPage
{
public:
    explicit ReviewPage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Review"),
                     ProvisionWizard::tr("Check the plan and its cost; Create sends it to the provider."))
    {
        m_summary = new QLabel(this);
        m_summary->setObjectName(QStringLiteral("reviewSummary"));
        m_summary->setTextFormat(Qt::RichText);
        m_summary->setWordWrap(true);
        m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        m_summary->setFocusPolicy(Qt::StrongFocus);
        m_cost = new QLabel(this);
        m_cost->setObjectName(QStringLiteral("reviewCost"));
        m_cost->setWordWrap(true);
        m_cost->setTextFormat(Qt::RichText);
        m_cost->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_cost->setStyleSheet(QStringLiteral("QLabel { font-size: 11pt; padding: 6px; background: #f4f6f8; "
                                             "border: 1px solid #d8dee4; border-radius: 3px; }"));
        m_checks->setObjectName(QStringLiteral("reviewProblems"));
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_summary);
        layout->addWidget(m_cost);
        layout->addWidget(m_checks);
        layout->addStretch(1);
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, ProvisionWizard::tr("&Create"));
    }

    void initializePage() override
    {
        wiz()->refreshContext(); // the clock and the run rates now
        refreshChecks();
        m_summary->setFocus();
    }

    bool isComplete() const override { return val().ok(); }

protected:
    void refreshChecks() override
    {
        const models::provisioning::ProvisionPlan plan = wiz()->plan();
        const ProvisionRequest &r = req();
        QStringList rows;
        const auto row = [&rows](const QString &label, const QString &value) {
            rows << QStringLiteral("<tr><td style=\"padding-right:14px;color:#5f6b76\">%1</td><td>%2</td></tr>")
                        .arg(esc(label), value);
        };
        row(ProvisionWizard::tr("Account"), esc(ctx().accountName));
        const drivers::Location *location = ctx().location(r.location);
        row(ProvisionWizard::tr("Location"),
            esc(location ? location->name + QStringLiteral(" (") + location->id + u')' : r.location));
        const drivers::Image *image = ctx().image(r.imageId);
        row(ProvisionWizard::tr("Image"), esc(image ? imageTitle(*image) : r.imageId));
        if (r.customSize) {
            row(ProvisionWizard::tr("Size"), esc(ProvisionWizard::tr("custom: %1 CPU, %2 MB, %3 GB")
                                                     .arg(r.customSize->cpu)
                                                     .arg(r.customSize->ramMb)
                                                     .arg(r.customSize->diskGb)));
        } else if (const drivers::Size *size = ctx().size(r.sizeId)) {
            row(ProvisionWizard::tr("Size"), esc(ProvisionWizard::tr("%1 — %2 vCPU, %3, %4 GB disk")
                                                     .arg(size->id)
                                                     .arg(size->vcpus)
                                                     .arg(memoryText(size->memoryMb))
                                                     .arg(size->diskGb)));
        }
        QStringList names;
        for (const auto &m : plan.machines)
            names << m.name;
        row(ProvisionWizard::tr("Machines"), esc(names.join(QStringLiteral(", "))));
        QStringList keys;
        for (const drivers::SshKey &k : ctx().catalog.keys) {
            if (r.keyIds.contains(k.id))
                keys << k.name;
        }
        row(ProvisionWizard::tr("SSH keys"), esc(keys.isEmpty() ? ProvisionWizard::tr("none") : keys.join(u", ")));
        QStringList options;
        if (r.monitoring)
            options << ProvisionWizard::tr("monitoring");
        if (r.ipv6)
            options << ProvisionWizard::tr("IPv6");
        if (r.backups)
            options << ProvisionWizard::tr("backups");
        if (!r.volumeIds.isEmpty())
            options << ProvisionWizard::tr("%n volume(s) attached", nullptr, int(r.volumeIds.size()));
        if (r.newVolumeGb > 0)
            options << ProvisionWizard::tr("a new %1 GB volume each").arg(r.newVolumeGb);
        if (!r.cloudInit.isEmpty())
            options << ProvisionWizard::tr("cloud-init (%1 bytes)").arg(r.cloudInit.toUtf8().size());
        row(ProvisionWizard::tr("Options"),
            esc(options.isEmpty() ? ProvisionWizard::tr("none") : options.join(QStringLiteral(", "))));
        QStringList tags;
        for (const drivers::Tag &t : plan.tags)
            tags << QStringLiteral("<code>%1</code>").arg(esc(t.text()));
        row(ProvisionWizard::tr("Tags"), tags.join(QStringLiteral(" ")));
        if (plan.lease) {
            row(ProvisionWizard::tr("Lease"),
                esc(ProvisionWizard::tr("until %1, then %2")
                        .arg(plan.lease->expiresAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                             plan.lease->action)));
        } else {
            row(ProvisionWizard::tr("Lease"), esc(ProvisionWizard::tr("none: the machines run until destroyed")));
        }
        m_summary->setText(QStringLiteral("<table>") + rows.join(QString()) + QStringLiteral("</table>"));

        QString cost;
        if (plan.monthlyEach) {
            cost = plan.machines.size() > 1
                       ? ProvisionWizard::tr("<b>%1 a month</b> (%2 each)")
                             .arg(esc(models::provisioning::formatMoney(plan.monthlyTotal, plan.currency)),
                                  esc(models::provisioning::formatMoney(*plan.monthlyEach, plan.currency)))
                       : ProvisionWizard::tr("<b>%1 a month</b>")
                             .arg(esc(models::provisioning::formatMoney(plan.monthlyTotal, plan.currency)));
        } else {
            cost = ProvisionWizard::tr("<b>Monthly cost unknown</b>: the provider gives no price for this size");
        }
        const bool costOk = val().fieldOk(u"cost");
        cost += QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                    .arg(costOk ? QStringLiteral("#2d6a30") : QStringLiteral("#b0251a"), esc(plan.costLine));
        m_cost->setText(cost);

        ConstraintResults problems;
        for (const ConstraintResult &res : val().results) {
            if (!res.ok && !res.field.startsWith(u"cost"))
                problems << res;
        }
        showChecks(problems, false);
    }

private:
    QLabel *m_summary;
    QLabel *m_cost;
};

// ---- creation --------------------------------------------------------------------------------

class CreatePage final : public WizardPage
{
public:
    enum Column { NameColumn, ProgressColumn, StatusColumn };

    explicit CreatePage(ProvisionWizard *wizard)
        : WizardPage(wizard, ProvisionWizard::tr("Creating"),
                     ProvisionWizard::tr("Each machine is one request to the provider; they appear in the tree as "
                                         "they come up."))
    {
        m_list = new QTreeWidget(this);
        m_list->setObjectName(QStringLiteral("createList"));
        m_list->setRootIsDecorated(false);
        m_list->setHeaderLabels(
            {ProvisionWizard::tr("Machine"), ProvisionWizard::tr("Progress"), ProvisionWizard::tr("Status")});
        m_list->setColumnWidth(NameColumn, 220);
        m_list->setColumnWidth(ProgressColumn, 160);
        m_list->header()->setStretchLastSection(true);
        m_list->setWordWrap(true);
        m_summary = new QLabel(this);
        m_summary->setObjectName(QStringLiteral("createSummary"));
        m_summary->setWordWrap(true);
        auto *layout = new QVBoxLayout(this);
        layout->addWidget(m_list, 1);
        layout->addWidget(m_summary);
        layout->addWidget(m_checks);
        setFinalPage(true);
    }

    void initializePage() override
    {
        m_list->clear();
        m_bars.clear();
        wiz()->startCreation();
        models::provisioning::Provisioner *run = wiz()->provisioner();
        if (!run) {
            m_summary->setText(ProvisionWizard::tr("Nothing was sent: the request no longer passes its checks."));
            ConstraintResults problems;
            for (const ConstraintResult &r : val().results) {
                if (!r.ok)
                    problems << r;
            }
            showChecks(problems, false);
            return;
        }
        for (int i = 0; i < run->machines().size(); ++i) {
            auto *item = new QTreeWidgetItem(m_list);
            item->setText(NameColumn, run->machines().at(i).name);
            auto *bar = new QProgressBar(m_list);
            bar->setRange(0, 100);
            bar->setMaximumHeight(16);
            m_list->setItemWidget(item, ProgressColumn, bar);
            m_bars << bar;
            show(i);
        }
        connect(run, &models::provisioning::Provisioner::machineChanged, this, [this](int i) { show(i); });
        connect(run, &models::provisioning::Provisioner::finished, this, [this] {
            summarize();
            Q_EMIT completeChanged();
        });
        summarize();
        m_list->setFocus();
        if (m_list->topLevelItemCount() > 0)
            m_list->setCurrentItem(m_list->topLevelItem(0));
    }

    bool isComplete() const override
    {
        const models::provisioning::Provisioner *run = wiz()->provisioner();
        return !run || run->isFinished();
    }

protected:
    void refreshChecks() override {}

private:
    void show(int index)
    {
        const models::provisioning::Provisioner *run = wiz()->provisioner();
        QTreeWidgetItem *item = m_list->topLevelItem(index);
        if (!run || !item || index >= m_bars.size())
            return;
        using Status = models::provisioning::Provisioner::MachineRun::Status;
        const auto &m = run->machines().at(index);
        m_bars.at(index)->setValue(m.progress);
        QString status;
        switch (m.status) {
        case Status::Waiting: status = ProvisionWizard::tr("Waiting"); break;
        case Status::Running: status = m.text; break;
        case Status::Succeeded: status = ProvisionWizard::tr("✓ %1").arg(m.text); break;
        case Status::Failed: status = ProvisionWizard::tr("✗ %1").arg(m.text); break;
        case Status::Cancelled: status = ProvisionWizard::tr("Cancelled"); break;
        }
        item->setText(StatusColumn, status);
        item->setToolTip(StatusColumn, m.text);
        item->setForeground(StatusColumn, m.status == Status::Failed ? QBrush(kErrorColor) : QBrush());
    }

    void summarize()
    {
        const models::provisioning::Provisioner *run = wiz()->provisioner();
        if (!run)
            return;
        if (!run->isFinished()) {
            m_summary->setText(ProvisionWizard::tr("Creating %n machine(s)…", nullptr, int(run->machines().size())));
            return;
        }
        m_summary->setText(run->failed() == 0
                               ? ProvisionWizard::tr("%n machine(s) created. They appear in the tree with the "
                                                     "account's next listing; the audit log records each.",
                                                     nullptr, run->succeeded())
                               : ProvisionWizard::tr("%1 created, %2 failed: the errors are above and in the audit "
                                                     "log.")
                                     .arg(run->succeeded())
                                     .arg(run->failed()));
    }

    QTreeWidget *m_list;
    QLabel *m_summary;
    QList<QProgressBar *> m_bars;
};

} // namespace

// ---- the wizard ------------------------------------------------------------------------------

ProvisionWizard::ProvisionWizard(const ProvisionWizardServices &services, const QString &accountId, QWidget *parent)
    : QWizard(parent)
    , m_services(services)
{
    setWindowTitle(tr("Create machines"));
    setObjectName(QStringLiteral("provisionWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    setOption(QWizard::HaveHelpButton, false);
    resize(900, 660);
    if (!m_services.clock)
        m_services.clock = [] { return QDateTime::currentDateTimeUtc(); };

    setPage(AccountPageId, new AccountPage(this));
    setPage(LocationPageId, new LocationPage(this));
    setPage(ImagePageId, new ImagePage(this));
    setPage(SizePageId, new SizePage(this));
    setPage(AccessPageId, new AccessPage(this));
    setPage(NetworkPageId, new NetworkPage(this));
    setPage(DetailsPageId, new DetailsPage(this));
    setPage(ReviewPageId, new ReviewPage(this));
    setPage(CreatePageId, new CreatePage(this));
    setStartId(AccountPageId);

    if (m_services.policy) {
        // A policy changed while the wizard is open applies at once.
        connect(m_services.policy, &models::provisioning::CurrentPolicy::changed, this, [this] {
            refreshContext();
            m_rules = models::provisioning::fieldRules(m_context);
            edit([](ProvisionRequest &) {});
        });
    }

    QString initial = accountId;
    if (initial.isEmpty()) {
        for (models::AccountSession *s : std::as_const(m_services.sessions)) {
            if (s && s->capabilities() && s->capabilities()->createMachine && s->isEnabled()) {
                initial = s->accountId();
                break;
            }
        }
    }
    if (!initial.isEmpty())
        selectAccount(initial);
}

ProvisionWizard::~ProvisionWizard() = default;

models::AccountSession *ProvisionWizard::session() const
{
    return m_session;
}

QDateTime ProvisionWizard::now() const
{
    return m_services.clock().toUTC();
}

std::optional<FieldRule> ProvisionWizard::ruleFor(Field field) const
{
    for (const FieldRule &r : m_rules) {
        if (r.field == field)
            return r;
    }
    return std::nullopt;
}

bool ProvisionWizard::isHidden(Field field) const
{
    const auto rule = ruleFor(field);
    return rule && rule->hidden;
}

void ProvisionWizard::setCustomSizesOffered(bool offered)
{
    m_context.customSizesOffered = offered;
    revalidate();
}

models::provisioning::ProvisionPlan ProvisionWizard::plan() const
{
    return models::provisioning::makePlan(m_request, m_context, m_validation);
}

void ProvisionWizard::edit(const std::function<void(ProvisionRequest &)> &change)
{
    change(m_request);
    // What the policy fixes stays fixed, whatever a page did.
    QList<FieldRule> fixed;
    for (const FieldRule &r : std::as_const(m_rules)) {
        if (r.hidden)
            fixed << r;
    }
    models::provisioning::applyFieldRules(m_request, fixed, m_context, false);
    revalidate();
}

void ProvisionWizard::revalidate()
{
    m_validation = models::provisioning::validate(m_request, m_context);
    Q_EMIT validated();
}

void ProvisionWizard::refreshContext()
{
    m_context.engine = m_services.policy ? m_services.policy->engine() : nullptr;
    m_context.user = m_services.policy ? m_services.policy->user() : models::policy::PolicyUser();
    m_context.now = now();
    if (m_services.inventory) {
        const models::policy::Decision d = m_context.creationDecision();
        const bool teamDecides =
            d.basis == models::policy::DecisionBasis::Rule || d.basis == models::policy::DecisionBasis::TeamDefault;
        static const models::policy::Policy noPolicy;
        m_context.rates = models::provisioning::runRates(*m_services.inventory, m_context.accountId,
                                                         m_context.engine ? m_context.engine->policy() : noPolicy,
                                                         teamDecides ? d.teamIndex : -1);
        m_context.existingNames.clear();
        for (const models::InventoryStore::Slot slot : m_services.inventory->machinesOf(m_context.accountId))
            m_context.existingNames << m_services.inventory->name(slot).toString();
    }
    revalidate();
}

void ProvisionWizard::selectAccount(const QString &accountId)
{
    models::AccountSession *chosen = nullptr;
    for (models::AccountSession *s : std::as_const(m_services.sessions)) {
        if (s && s->accountId() == accountId)
            chosen = s;
    }
    const quint64 generation = ++m_generation;
    m_session = chosen;
    m_catalogLoaded = false;
    m_catalogError.clear();
    m_request = ProvisionRequest();
    m_request.accountId = accountId;
    m_context = models::provisioning::ProvisionContext();
    m_context.accountId = accountId;
    m_context.accountName = chosen ? chosen->accountName() : accountId;
    m_rules.clear();
    if (chosen && chosen->capabilities())
        m_context.capabilities = *chosen->capabilities();
    refreshContext();
    Q_EMIT catalogLoaded(); // the pages show "reading"
    if (!chosen || !chosen->driver()) {
        m_catalogError = chosen && chosen->lastError() ? chosen->lastError()->summary() : tr("The account is not open");
        Q_EMIT catalogLoaded();
        return;
    }
    drivers::Driver *driver = chosen->driver();
    driver->listVolumes().then(this, [this, generation](const drivers::Result<QList<drivers::Volume>> &volumes) {
        if (generation != m_generation || !volumes)
            return; // without the volume list only attaching existing volumes is not offered
        m_context.volumes = *volumes;
        revalidate();
    });
    driver->catalog().then(this, [this, generation](const drivers::Result<drivers::Catalog> &catalog) {
        if (generation != m_generation)
            return;
        if (!catalog) {
            m_catalogError = catalog.error().summary() + u' ' + catalog.error().hint();
            Q_EMIT catalogLoaded();
            return;
        }
        m_context.catalog = *catalog;
        m_catalogLoaded = true;
        m_rules = models::provisioning::fieldRules(m_context);
        applyDefaults();
        refreshContext();
        Q_EMIT catalogLoaded();
    });
}

void ProvisionWizard::applyDefaults()
{
    // The policy's values and proposals first; then a lease as the expiration constraint proposes.
    models::provisioning::applyFieldRules(m_request, m_rules, m_context, true);
    const models::policy::Decision d = m_context.creationDecision();
    if (d.allowed && d.constraints.expiration)
        m_request.expiration = models::policy::proposedExpiration(*d.constraints.expiration, now());
    if (m_request.loginUser.isEmpty() && m_context.capabilities.sshKeys)
        m_request.loginUser = QStringLiteral("root");
}

void ProvisionWizard::startCreation()
{
    if (m_provisioner)
        return;
    refreshContext(); // a policy or a run rate may have changed since the review
    if (!m_validation.ok() || !m_session)
        return;
    const QString actor = m_context.user.email.isEmpty() ? m_context.user.id : m_context.user.email;
    m_provisioner = new models::provisioning::Provisioner(m_session, m_services.audit, actor, this);
    connect(m_provisioner, &models::provisioning::Provisioner::finished, this, &ProvisionWizard::creationFinished);
    m_provisioner->start(plan());
}

} // namespace nephele::views
