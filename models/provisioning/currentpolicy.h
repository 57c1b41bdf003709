#pragma once

#include "policy/policy.h"
#include "policy/policyengine.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class QNetworkAccessManager;
class QSettings;

// The policy in force in the console, where it comes from, and who the user is in it.
//
//   CurrentPolicy policy;
//   policy.setUser({settings.userEmail});
//   connect(&policy, &CurrentPolicy::rejected, this, [](const PolicyIssues &issues, const QString &source) {
//       ...  // the previous policy is still in force; say why the new one is not
//   });
//   policy.load(settings.location, &network);   // a path or an https URL
//   auto engine = policy.engine();               // a snapshot: stays valid after a reload
//
// A document that does not parse never replaces the policy in force.
namespace nephele::models::provisioning {

// Settings ▸ Policy: where the policy is read from and who the user is in its teams.
struct PolicySettings {
    QString location;  // a local file or an https:// URL; empty: no policy
    QString userEmail; // as the policy's teams list members
    QString userId;

    static PolicySettings load(QSettings &settings);
    void save(QSettings &settings) const;
    friend bool operator==(const PolicySettings &, const PolicySettings &) = default;
};

class CurrentPolicy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CurrentPolicy)

public:
    explicit CurrentPolicy(QObject *parent = nullptr);
    ~CurrentPolicy() override;

    std::shared_ptr<const policy::PolicyEngine> engine() const { return m_engine; }
    const policy::Policy &policy() const { return m_engine->policy(); }
    // A policy with at least one team is in force.
    bool isGoverned() const { return !m_engine->policy().isEmpty(); }
    QString source() const { return m_source; }        // where the policy in force came from
    QByteArray document() const { return m_document; } // its text, for the editor
    // The problems of the last document that was refused; empty after one is accepted.
    const policy::PolicyIssues &lastIssues() const { return m_lastIssues; }
    QString lastRejectedSource() const { return m_lastRejectedSource; }
    bool isLoading() const { return m_loading; }

    policy::PolicyUser user() const { return m_user; }
    void setUser(const policy::PolicyUser &user);

    // Parses `json` (from `source`, for messages); in force when it parses. Returns whether it did.
    bool apply(const QByteArray &json, const QString &source);
    // No policy: nothing is governed.
    void clear();
    // Reads a local file (on the thread pool) or fetches an https URL, then apply()s the body.
    // The answer comes through changed() or rejected(), later, never from within load() (except
    // for a location refused before anything is read); a load started later wins.
    void load(const QString &location, QNetworkAccessManager *network);

    // "Policy: acme.json (3 teams)", "No policy: everything is allowed", ...
    QString statusText() const;

    static bool isUrl(const QString &location);
    static constexpr int kMaxDocumentMegabytes = 4;
    static constexpr qint64 kMaxDocumentBytes = qint64(kMaxDocumentMegabytes) * 1024 * 1024;

Q_SIGNALS:
    void changed();
    void userChanged();
    // The document from `source` was refused; the policy in force is unchanged.
    void rejected(const nephele::models::policy::PolicyIssues &issues, const QString &source);
    void loadingChanged(bool loading);

private:
    void adopt(const nephele::Expected<policy::Policy, policy::PolicyIssues> &parsed, const QByteArray &document,
               const QString &source);
    void refuse(const policy::PolicyIssues &issues, const QString &source);
    void setLoading(bool loading);

    std::shared_ptr<const policy::PolicyEngine> m_engine;
    QString m_source;
    QByteArray m_document;
    policy::PolicyIssues m_lastIssues;
    QString m_lastRejectedSource;
    policy::PolicyUser m_user;
    quint64 m_generation = 0;
    bool m_loading = false;
};

} // namespace nephele::models::provisioning
