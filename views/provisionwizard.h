#pragma once

#include "provisioning/provisioner.h"
#include "provisioning/provisionrequest.h"
#include "sync/accountsession.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QWizard>

#include <functional>

namespace nephele::models {
class AccountSession;
class InventoryStore;
} // namespace nephele::models

namespace nephele::models::audit {
class AuditLog;
}

namespace nephele::models::provisioning {
class CurrentPolicy;
class Provisioner;
} // namespace nephele::models::provisioning

namespace nephele::views {

// What the wizard works with; the caller owns them.
struct ProvisionWizardServices {
    models::InventoryStore *inventory = nullptr;           // run rates and the names in use
    QList<models::AccountSession *> sessions;              // the accounts to choose from
    models::provisioning::CurrentPolicy *policy = nullptr; // null: nothing governed
    models::audit::AuditLog *audit = nullptr;              // null: nothing recorded
    std::function<QDateTime()> clock;                      // null: the system clock (UTC)
};

// Create machines within the organisation's policy. Each page edits one ProvisionRequest; every
// change is checked against the account's catalog and the policy, and each page says why what it
// holds cannot be used. Sizes the policy disallows are shown disabled with the reason; fields the
// policy fixes are hidden and set. The review shows the plan, its monthly cost and the quota; the
// last page creates the machines, one provider request each, with progress and errors per machine.
// Every page works from the keyboard.
//
//   auto *wizard = new ProvisionWizard(services, selectedAccountId, this);
//   wizard->setAttribute(Qt::WA_DeleteOnClose);
//   wizard->open();
class ProvisionWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProvisionWizard)

public:
    enum PageId {
        AccountPageId,
        LocationPageId,
        ImagePageId,
        SizePageId,
        AccessPageId,
        NetworkPageId,
        DetailsPageId,
        ReviewPageId,
        CreatePageId,
    };

    ProvisionWizard(const ProvisionWizardServices &services, const QString &accountId, QWidget *parent = nullptr);
    ~ProvisionWizard() override;

    const ProvisionWizardServices &services() const { return m_services; }
    const models::provisioning::ProvisionRequest &request() const { return m_request; }
    const models::provisioning::ProvisionContext &context() const { return m_context; }
    const models::provisioning::ProvisionValidation &validation() const { return m_validation; }
    models::provisioning::ProvisionPlan plan() const;
    QList<models::provisioning::FieldRule> fieldRules() const { return m_rules; }
    // The rule the policy sets for `field`, if any.
    std::optional<models::provisioning::FieldRule> ruleFor(models::provisioning::Field field) const;
    bool isHidden(models::provisioning::Field field) const;

    bool isCatalogLoaded() const { return m_catalogLoaded; }
    QString catalogError() const { return m_catalogError; }
    models::AccountSession *session() const;
    models::provisioning::Provisioner *provisioner() const { return m_provisioner; }

    // For providers that make sizes to measure (none of the current drivers says so yet).
    void setCustomSizesOffered(bool offered);

    // Page side: change the request, then check it again.
    void edit(const std::function<void(models::provisioning::ProvisionRequest &)> &change);
    // Chooses the account and loads its catalog.
    void selectAccount(const QString &accountId);
    // Reads the clock and the run rates again (the review does before showing the plan).
    void refreshContext();
    QDateTime now() const;

    // Starts creating the machines of the current plan (the last page calls it once).
    void startCreation();

Q_SIGNALS:
    void catalogLoaded();
    void validated();
    void creationFinished();

private:
    void revalidate();
    void applyDefaults();

    ProvisionWizardServices m_services;
    models::provisioning::ProvisionRequest m_request;
    models::provisioning::ProvisionContext m_context;
    models::provisioning::ProvisionValidation m_validation;
    QList<models::provisioning::FieldRule> m_rules;
    QPointer<models::AccountSession> m_session;
    QPointer<models::provisioning::Provisioner> m_provisioner;
    bool m_catalogLoaded = false;
    QString m_catalogError;
    quint64 m_generation = 0;
};

} // namespace nephele::views
