#include "importaccountsdialog.h"

#include "addaccountdialog.h"
#include "core/poolwork.h"
#include "icons.h"

#include "accounts/accountstore.h"
#include "accounts/secretstore.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace nephele::views {

namespace {

enum Column { NameColumn, ProviderColumn, WhereColumn, SecretColumn, StatusColumn, ColumnCount };
enum Role { CandidateRole = Qt::UserRole, FileRole, KindRole };
enum Kind { FileRow, CandidateRow, ProblemRow };

const QColor kGood(0x1e, 0x7b, 0x34);
const QColor kBad(0xb3, 0x26, 0x1e);
const QColor kCaution(0x8a, 0x5a, 0x00);

QString shortPath(const QString &path, const QString &home)
{
    if (!home.isEmpty() && path.startsWith(home + u'/'))
        return u'~' + path.mid(home.size());
    return path;
}

// Which secrets a find carries, in words; or, when none, what signs in instead.
QString describeSecrets(const models::ImportCandidate &c)
{
    QStringList kinds;
    const auto add = [&kinds](const QString &kind) {
        if (!kinds.contains(kind))
            kinds.append(kind);
    };
    for (auto it = c.secrets.cbegin(); it != c.secrets.cend(); ++it) {
        const QString &key = it.key();
        if (key == u"token")
            add(ImportAccountsDialog::tr("token"));
        else if (key == u"password")
            add(ImportAccountsDialog::tr("password"));
        else if (key == u"client-key-data")
            add(ImportAccountsDialog::tr("client key"));
        else if (key == u"client-certificate-data")
            add(ImportAccountsDialog::tr("client certificate"));
        else if (key == u"secret-access-key")
            add(ImportAccountsDialog::tr("secret access key"));
        else if (key == u"access-key-id")
            continue; // said with its secret key
        else if (key == u"session-token")
            add(ImportAccountsDialog::tr("session token"));
        else if (key == u"application-credential-secret")
            add(ImportAccountsDialog::tr("application credential"));
        else if (key == u"totp" || key == u"passcode")
            add(ImportAccountsDialog::tr("one-time code"));
        else if (key.startsWith(u"exec-env:"))
            add(ImportAccountsDialog::tr("exec plugin environment"));
        else if (key.startsWith(u"auth-provider:"))
            add(ImportAccountsDialog::tr("OIDC tokens"));
        else
            add(key);
    }
    if (kinds.isEmpty() && c.secrets.contains(QStringLiteral("access-key-id")))
        add(ImportAccountsDialog::tr("access key ID"));
    if (!kinds.isEmpty())
        return kinds.join(QStringLiteral(", "));

    const QVariantMap &s = c.settings;
    if (c.provider == u"ssh") {
        const QStringList keys = s.value(QStringLiteral("identity-files")).toStringList();
        return keys.isEmpty() ? ImportAccountsDialog::tr("none: ssh-agent or password")
                              : ImportAccountsDialog::tr("none: key file %1").arg(keys.first());
    }
    if (c.provider == u"kubernetes") {
        if (const QString command = s.value(QStringLiteral("exec-command")).toString(); !command.isEmpty())
            return ImportAccountsDialog::tr("none: runs %1").arg(command);
        if (s.contains(QStringLiteral("token-file")))
            return ImportAccountsDialog::tr("none: token file");
        if (s.contains(QStringLiteral("client-certificate")))
            return ImportAccountsDialog::tr("none: certificate files");
    }
    if (c.provider == u"aws") {
        if (s.contains(QStringLiteral("sso_start_url")) || s.contains(QStringLiteral("sso_session")))
            return ImportAccountsDialog::tr("none: AWS SSO");
        if (s.contains(QStringLiteral("credential_process")))
            return ImportAccountsDialog::tr("none: credential process");
        if (s.contains(QStringLiteral("role_arn")))
            return ImportAccountsDialog::tr("none: assumes a role");
    }
    return ImportAccountsDialog::tr("none");
}

QString describeWhere(const models::ImportCandidate &c)
{
    const QString region = c.settings.value(QStringLiteral("region")).toString();
    if (c.provider == u"aws") {
        const QString profile = ImportAccountsDialog::tr("profile %1").arg(c.name);
        return profile + QStringLiteral(" · ") + (region.isEmpty() ? ImportAccountsDialog::tr("no region") : region);
    }
    QString where = c.endpoint;
    if (!region.isEmpty())
        where += QStringLiteral(" · ") + region;
    if (const QString ns = c.settings.value(QStringLiteral("namespace")).toString(); !ns.isEmpty())
        where += QStringLiteral(" · ") + ImportAccountsDialog::tr("namespace %1").arg(ns);
    return where;
}

QString describeProblem(const models::ImportProblem &p)
{
    if (p.line > 0 && p.column > 0)
        return ImportAccountsDialog::tr("Line %1, column %2: %3").arg(p.line).arg(p.column).arg(p.message);
    if (p.line > 0)
        return ImportAccountsDialog::tr("Line %1: %2").arg(p.line).arg(p.message);
    return p.message;
}

// A provider this build lists, found without the token its driver signs in with. Never a
// kubeconfig context: it signs in as kubectl would (client certificate, token file, exec plugin).
bool lacksDriverToken(const models::ImportCandidate &c)
{
    return AddAccountDialog::hasDriver(c.provider) && c.provider != u"kubernetes" &&
           c.secrets.value(QStringLiteral("token")).isEmpty();
}

// `wanted`, or "wanted (Provider)", "wanted (Provider) 2", ... when an account has that name.
QString uniqueName(const models::ImportCandidate &c, QSet<QString> &taken)
{
    QString name = c.name.trimmed().isEmpty() ? icons::providerName(c.provider) : c.name.trimmed();
    if (taken.contains(name.toLower())) {
        const QString base = QStringLiteral("%1 (%2)").arg(name, icons::providerName(c.provider));
        name = base;
        for (int n = 2; taken.contains(name.toLower()); ++n)
            name = QStringLiteral("%1 %2").arg(base).arg(n);
    }
    taken.insert(name.toLower());
    return name;
}

} // namespace

ImportAccountsDialog::ImportAccountsDialog(models::AccountStore *accounts, models::SecretStore *secrets,
                                           const Search &search, QWidget *parent)
    : QDialog(parent)
    , m_accounts(accounts)
    , m_secrets(secrets)
    , m_search(search)
    , m_intro(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_unsupported(new QLabel(this))
    , m_status(new QLabel(this))
    , m_rescan(new QPushButton(tr("&Look again"), this))
    , m_import(new QPushButton(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Close, this))
{
    setObjectName(QStringLiteral("importAccounts"));
    setWindowTitle(tr("Import accounts"));
    resize(1080, 580);
    setMinimumSize(720, 400);

    m_intro->setWordWrap(true);
    m_intro->setText(tr("Nephele looked for the accounts your tools already know: kubeconfig ($KUBECONFIG or "
                        "~/.kube/config), the AWS CLI's files, OpenStack's clouds.yaml, doctl, hcloud and "
                        "~/.ssh/config. Pick the ones to add: their secrets go to your system keychain, never to a "
                        "settings file."));

    m_list->setObjectName(QStringLiteral("candidates"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Account"), tr("Provider"), tr("Endpoint or region"), tr("Secret"), tr("Status")});
    m_list->setRootIsDecorated(true);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setIconSize(QSize(18, 18));
    m_list->header()->setStretchLastSection(true);
    m_list->setColumnWidth(NameColumn, 210);
    m_list->setColumnWidth(ProviderColumn, 140);
    m_list->setColumnWidth(WhereColumn, 250);
    m_list->setColumnWidth(SecretColumn, 230);

    m_unsupported->setObjectName(QStringLiteral("unsupportedNote"));
    m_unsupported->setWordWrap(true);
    m_unsupported->setStyleSheet(QStringLiteral("QLabel { background: #fff4ce; color: #4d3800; border: 1px solid "
                                                "#e8d58c; border-radius: 4px; padding: 6px 8px; }"));
    m_unsupported->hide();
    m_status->setObjectName(QStringLiteral("importStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_import->setObjectName(QStringLiteral("import"));
    m_import->setDefault(true);
    m_buttons->addButton(m_import, QDialogButtonBox::ActionRole);
    m_rescan->setObjectName(QStringLiteral("rescan"));

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_rescan);
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_unsupported);
    layout->addLayout(bottom);

    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportAccountsDialog::reject);
    connect(m_import, &QPushButton::clicked, this, &ImportAccountsDialog::importPicked);
    connect(m_rescan, &QPushButton::clicked, this, &ImportAccountsDialog::rescan);
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (column != NameColumn)
            return;
        // A file's box picks or drops all its accounts; an account's box updates its file's.
        QSignalBlocker block(m_list);
        if (item->data(NameColumn, KindRole).toInt() == FileRow) {
            const Qt::CheckState state = item->checkState(NameColumn) == Qt::Unchecked ? Qt::Unchecked : Qt::Checked;
            for (int i = 0; i < item->childCount(); ++i) {
                if (item->child(i)->flags() & Qt::ItemIsUserCheckable)
                    item->child(i)->setCheckState(NameColumn, state);
            }
            item->setCheckState(NameColumn, state);
        } else if (QTreeWidgetItem *file = item->parent()) {
            int checked = 0;
            int checkable = 0;
            for (int i = 0; i < file->childCount(); ++i) {
                if (!(file->child(i)->flags() & Qt::ItemIsUserCheckable))
                    continue;
                ++checkable;
                checked += file->child(i)->checkState(NameColumn) == Qt::Checked ? 1 : 0;
            }
            file->setCheckState(NameColumn, checked == 0           ? Qt::Unchecked
                                            : checked == checkable ? Qt::Checked
                                                                   : Qt::PartiallyChecked);
        }
        m_list->viewport()->update();
        updatePicked();
    });
    rescan();
}

void ImportAccountsDialog::rescan()
{
    if (m_importing)
        return;
    const int serial = ++m_scanSerial;
    m_scanning = true;
    m_list->clear();
    m_unsupported->hide();
    m_status->setStyleSheet({});
    m_status->setText(tr("Looking for accounts…"));
    updatePicked();
    runOnPoolFor(this, [search = m_search] {
        return models::discover(search.home, search.environment);
    }).then(this, [this, serial](const models::ImportResult &found) {
        if (serial != m_scanSerial)
            return; // a newer look is under way
        m_scanning = false;
        showFound(found);
        Q_EMIT scanned();
    });
}

QString ImportAccountsDialog::likeAccount(const models::ImportCandidate &candidate) const
{
    // Same provider and name; or, where the endpoint names the account (a cluster's context, a
    // cloud of a clouds.yaml, a user at a host), the same endpoint. DigitalOcean, Hetzner and AWS
    // share one API address among all their accounts, so there only the name tells.
    const bool endpointNamesIt =
        candidate.provider == u"kubernetes" || candidate.provider == u"openstack" || candidate.provider == u"ssh";
    const QUrl endpoint = endpointNamesIt ? AddAccountDialog::accountFor(candidate).endpoint : QUrl();
    for (const models::Account &a : m_accounts->accounts()) {
        if (a.provider != candidate.provider)
            continue;
        if (a.name.compare(candidate.name, Qt::CaseInsensitive) == 0 || (endpointNamesIt && a.endpoint == endpoint))
            return a.name;
    }
    return {};
}

void ImportAccountsDialog::showFound(const models::ImportResult &found)
{
    QSignalBlocker block(m_list);
    m_found = found;
    m_list->clear();
    const QStyle *style = QApplication::style();
    QHash<QString, QTreeWidgetItem *> groups;
    const auto group = [&](const QString &file) {
        if (QTreeWidgetItem *existing = groups.value(file))
            return existing;
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(NameColumn, shortPath(file, m_search.home));
        item->setToolTip(NameColumn, file);
        item->setIcon(NameColumn, style->standardIcon(QStyle::SP_FileIcon));
        item->setData(NameColumn, FileRole, file);
        item->setData(NameColumn, KindRole, FileRow);
        item->setFlags(Qt::ItemIsEnabled);
        QFont font = item->font(NameColumn);
        font.setBold(true);
        item->setFont(NameColumn, font);
        item->setFirstColumnSpanned(true);
        groups.insert(file, item);
        return item;
    };

    QStringList unsupported;
    for (qsizetype i = 0; i < found.candidates.size(); ++i) {
        const models::ImportCandidate &c = found.candidates.at(i);
        QTreeWidgetItem *file = group(c.sourceFile);
        auto *item = new QTreeWidgetItem(file);
        item->setData(NameColumn, CandidateRole, int(i));
        item->setData(NameColumn, KindRole, CandidateRow);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setIcon(NameColumn, icons::providerLogo(c.provider));
        item->setText(NameColumn, c.name);
        item->setText(ProviderColumn, icons::providerName(c.provider));
        item->setText(WhereColumn, describeWhere(c));
        item->setToolTip(WhereColumn, describeWhere(c));
        item->setText(SecretColumn, describeSecrets(c));
        item->setToolTip(SecretColumn, c.secrets.isEmpty()
                                           ? tr("Nothing secret to keep: Nephele stores none for this account.")
                                           : tr("Kept in your system keychain, never in a settings file."));
        const QStringList &warnings = c.warnings;
        QString tip = tr("From %1").arg(c.sourceFile);
        for (const QString &warning : warnings)
            tip += QStringLiteral("\n⚠ ") + warning;
        item->setToolTip(NameColumn, tip);

        const QString like = likeAccount(c);
        const bool listable = AddAccountDialog::hasDriver(c.provider);
        if (!listable && !unsupported.contains(icons::providerName(c.provider)))
            unsupported.append(icons::providerName(c.provider));
        QString status;
        QColor color = m_list->palette().color(QPalette::PlaceholderText);
        QString statusTip;
        if (!like.isEmpty()) {
            status = tr("Already added as “%1”").arg(like);
            statusTip = tr("An account of the same provider and name (or address) exists: %1. Importing it again "
                           "adds a second one.")
                            .arg(like);
        } else if (!listable) {
            status = tr("Cannot be listed yet");
            color = kCaution;
            statusTip = tr("This build of Nephele has no %1 driver yet. The account is saved, its secrets in your "
                           "keychain, shows as not supported, and is listed once a driver lands.")
                            .arg(icons::providerName(c.provider));
        } else if (lacksDriverToken(c)) {
            status = tr("Needs a token");
            color = kCaution;
            statusTip = tr("Nephele's %1 driver signs in with a token, and this entry has none (%2). Imported, the "
                           "account waits for its token: enter it through Edit account.")
                            .arg(icons::providerName(c.provider), describeSecrets(c));
        } else {
            status = tr("New");
            color = kGood;
        }
        if (!warnings.isEmpty()) {
            status += QStringLiteral(" · ") + tr("%n warning(s)", nullptr, int(warnings.size()));
            statusTip += (statusTip.isEmpty() ? QString() : QStringLiteral("\n")) + warnings.join(u'\n');
            item->setIcon(StatusColumn, style->standardIcon(QStyle::SP_MessageBoxWarning));
        }
        setRowStatus(item, status, color, statusTip);
        // Picked at first: what is new and can be listed. The rest is one click away.
        item->setCheckState(NameColumn,
                            like.isEmpty() && listable && !lacksDriverToken(c) ? Qt::Checked : Qt::Unchecked);
    }

    for (const models::ImportProblem &p : found.problems) {
        QTreeWidgetItem *file = group(p.file);
        auto *item = new QTreeWidgetItem(file);
        item->setData(NameColumn, KindRole, ProblemRow);
        item->setFlags(Qt::ItemIsEnabled);
        item->setIcon(NameColumn, style->standardIcon(QStyle::SP_MessageBoxWarning));
        item->setText(NameColumn, describeProblem(p));
        item->setToolTip(NameColumn,
                         QStringLiteral("%1:%2:%3: %4").arg(p.file).arg(p.line).arg(p.column).arg(p.message));
        item->setForeground(NameColumn, kBad);
        item->setFirstColumnSpanned(true);
        file->setToolTip(NameColumn, tr("%1\nParts of this file could not be read; the rest is listed.").arg(p.file));
    }

    // A file's box stands for its accounts.
    for (QTreeWidgetItem *file : std::as_const(groups)) {
        int checkable = 0;
        int checked = 0;
        for (int i = 0; i < file->childCount(); ++i) {
            if (file->child(i)->flags() & Qt::ItemIsUserCheckable) {
                ++checkable;
                checked += file->child(i)->checkState(NameColumn) == Qt::Checked ? 1 : 0;
            }
        }
        if (checkable > 0) {
            file->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            file->setCheckState(NameColumn, checked == 0           ? Qt::Unchecked
                                            : checked == checkable ? Qt::Checked
                                                                   : Qt::PartiallyChecked);
        }
    }
    m_list->expandAll();

    if (!unsupported.isEmpty()) {
        m_unsupported->setText(tr("This build of Nephele cannot list %1 accounts yet. They can be imported all the "
                                  "same: each is saved, its secrets in your keychain, shows as “not supported” in the "
                                  "tree, and is listed once a driver for it lands.")
                                   .arg(unsupported.join(QStringLiteral(", "))));
        m_unsupported->show();
    }
    if (found.candidates.isEmpty() && found.problems.isEmpty()) {
        m_status->setText(tr("No accounts were found in the usual places."));
    } else {
        QString text = tr("Found %n account(s)", nullptr, int(found.candidates.size()));
        if (!found.problems.isEmpty())
            text += QStringLiteral("; ") +
                    tr("%n problem(s) in the files, listed with their line", nullptr, int(found.problems.size()));
        m_status->setText(text + QLatin1Char('.'));
    }
    updatePicked();
}

QList<QTreeWidgetItem *> ImportAccountsDialog::pickedItems() const
{
    QList<QTreeWidgetItem *> picked;
    for (int f = 0; f < m_list->topLevelItemCount(); ++f) {
        const QTreeWidgetItem *file = m_list->topLevelItem(f);
        for (int i = 0; i < file->childCount(); ++i) {
            QTreeWidgetItem *item = file->child(i);
            if (item->data(NameColumn, KindRole).toInt() == CandidateRow && (item->flags() & Qt::ItemIsUserCheckable) &&
                item->checkState(NameColumn) == Qt::Checked)
                picked.append(item);
        }
    }
    return picked;
}

void ImportAccountsDialog::updatePicked()
{
    const int count = int(pickedItems().size());
    m_import->setText(count > 0 ? tr("&Import %n account(s)", nullptr, count) : tr("&Import"));
    m_import->setEnabled(count > 0 && !m_scanning && !m_importing);
    m_rescan->setEnabled(!m_scanning && !m_importing);
}

void ImportAccountsDialog::setRowStatus(QTreeWidgetItem *item, const QString &text, const QColor &color,
                                        const QString &tip)
{
    item->setText(StatusColumn, text);
    item->setForeground(StatusColumn, color);
    item->setToolTip(StatusColumn, tip.isEmpty() ? text : tip);
}

void ImportAccountsDialog::setBusy(bool busy)
{
    m_importing = busy;
    m_list->setEnabled(!busy);
    m_buttons->button(QDialogButtonBox::Close)->setEnabled(!busy);
    updatePicked();
}

void ImportAccountsDialog::reject()
{
    if (m_importing)
        return;
    QDialog::reject();
}

void ImportAccountsDialog::importPicked()
{
    if (m_importing || m_scanning)
        return;
    QSet<QString> taken;
    for (const models::Account &a : m_accounts->accounts())
        taken.insert(a.name.toLower());
    m_queue.clear();
    m_added.clear();
    m_failed = 0;
    m_sessionOnly = false;
    const QList<QTreeWidgetItem *> picked = pickedItems();
    for (QTreeWidgetItem *item : picked) {
        const models::ImportCandidate &c = m_found.candidates.at(item->data(NameColumn, CandidateRole).toInt());
        models::Account account = AddAccountDialog::accountFor(c);
        account.name = uniqueName(c, taken);
        m_queue.append({item, account, AddAccountDialog::secretText(c.provider, c.secrets), lacksDriverToken(c)});
    }
    if (m_queue.isEmpty())
        return;
    setBusy(true);
    m_status->setStyleSheet({});
    m_status->setText(tr("Saving %n account(s)…", nullptr, int(m_queue.size())));
    storeNext();
}

void ImportAccountsDialog::storeNext()
{
    if (m_queue.isEmpty()) {
        finishImport();
        return;
    }
    if (m_sessionOnly) {
        keepForSession();
        return;
    }
    // One at a time: a keychain that asks to be unlocked asks once, and the first "no keychain"
    // stops the rest before anything else is tried.
    const Pending &next = m_queue.constFirst();
    if (next.needsToken) {
        addWithoutSecret(m_queue.takeFirst());
        storeNext();
        return;
    }
    setRowStatus(next.item, tr("Saving the secret in the keychain…"), palette().color(QPalette::Text));
    m_secrets->write(next.account.id, next.secret).then(this, [this](const models::SecretStatus &written) {
        if (m_queue.isEmpty())
            return;
        if (!written && !m_secrets->hasBackend()) {
            offerSessionOnly(written.error());
            return;
        }
        const Pending p = m_queue.takeFirst();
        if (!written) {
            setRowStatus(p.item, tr("Not added: %1").arg(written.error()), kBad);
            ++m_failed;
            storeNext();
            return;
        }
        models::Account saved = p.account;
        saved.needsToken = false;
        if (auto added = m_accounts->add(saved); !added) {
            setRowStatus(p.item, tr("Not added: %1").arg(added.error()), kBad);
            ++m_failed;
            m_secrets->remove(saved.id); // no account, no secret
            storeNext();
            return;
        }
        {
            QSignalBlocker block(m_list);
            p.item->setCheckState(NameColumn, Qt::Unchecked);
            p.item->setFlags(Qt::ItemIsEnabled);
        }
        setRowStatus(p.item, tr("Added as “%1”").arg(saved.name), kGood);
        m_added.append({saved, p.secret, false});
        storeNext();
    });
}

bool ImportAccountsDialog::addWithoutSecret(const Pending &pending)
{
    models::Account saved = pending.account;
    saved.needsToken = true;
    if (auto added = m_accounts->add(saved); !added) {
        setRowStatus(pending.item, tr("Not added: %1").arg(added.error()), kBad);
        ++m_failed;
        return false;
    }
    {
        QSignalBlocker block(m_list);
        pending.item->setCheckState(NameColumn, Qt::Unchecked);
        pending.item->setFlags(Qt::ItemIsEnabled);
    }
    setRowStatus(pending.item, tr("Added as “%1”; enter its token through Edit account").arg(saved.name), kCaution);
    m_added.append({saved, QString(), false});
    return true;
}

void ImportAccountsDialog::offerSessionOnly(const QString &problem)
{
    for (const Pending &p : std::as_const(m_queue))
        setRowStatus(p.item, tr("Waiting: no keychain"), kCaution, problem);
    auto *box = new QMessageBox(
        QMessageBox::Warning, tr("No keychain for the imported secrets"),
        tr("%1\n\nNephele never writes a secret to a file. It can keep the secrets of the %n account(s) still to "
           "import in memory for this session only: they work until Nephele quits, and on the next start each one "
           "asks for its secret again.",
           nullptr, int(m_queue.size()))
            .arg(problem),
        QMessageBox::Cancel, this);
    QPushButton *keep = box->addButton(tr("Keep the secrets for this session only"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setObjectName(QStringLiteral("sessionOnlyOffer"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, keep, problem] {
        if (box->clickedButton() == keep) {
            keepForSession();
            return;
        }
        for (const Pending &p : std::as_const(m_queue))
            setRowStatus(p.item, tr("Not added: no keychain"), kBad, problem);
        m_failed += int(m_queue.size());
        m_queue.clear();
        finishImport();
    });
    box->open();
}

void ImportAccountsDialog::keepForSession()
{
    m_sessionOnly = true;
    while (!m_queue.isEmpty()) {
        const Pending p = m_queue.takeFirst();
        if (p.needsToken) {
            addWithoutSecret(p);
            continue;
        }
        models::Account saved = p.account;
        saved.needsToken = true; // the keychain has nothing for it
        if (auto added = m_accounts->add(saved); !added) {
            setRowStatus(p.item, tr("Not added: %1").arg(added.error()), kBad);
            ++m_failed;
            continue;
        }
        {
            QSignalBlocker block(m_list);
            p.item->setCheckState(NameColumn, Qt::Unchecked);
            p.item->setFlags(Qt::ItemIsEnabled);
        }
        setRowStatus(p.item, tr("Added as “%1” for this session only").arg(saved.name), kCaution);
        m_added.append({saved, p.secret, true});
    }
    finishImport();
}

void ImportAccountsDialog::finishImport()
{
    setBusy(false);
    const QList<ImportedAccount> added = m_added;
    m_added.clear();
    if (!added.isEmpty())
        Q_EMIT accountsImported(added);
    if (m_failed == 0 && !added.isEmpty()) {
        accept();
        return;
    }
    m_status->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_status->setText(tr("%n account(s) added.", nullptr, int(added.size())) + QLatin1Char(' ') +
                      tr("%n could not be added: their rows say why.", nullptr, m_failed));
}

} // namespace nephele::views
