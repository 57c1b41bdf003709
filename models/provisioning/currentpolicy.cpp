#include "currentpolicy.h"

#include "core/poolwork.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QFuture>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSettings>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include "core/poolwork.h"
namespace nephele::models::provisioning {
#include "core/poolwork.h"

#include "core/poolwork.h"
namespace {
#include "core/poolwork.h"

#include "core/poolwork.h"
struct PolicySourceText {
#include "core/poolwork.h"
    Q_DECLARE_TR_FUNCTIONS(nephele::models::provisioning::CurrentPolicy)
#include "core/poolwork.h"
};
#include "core/poolwork.h"

#include "core/poolwork.h"
using Parsed = nephele::Expected<policy::Policy, policy::PolicyIssues>;
#include "core/poolwork.h"

#include "core/poolwork.h"
policy::PolicyIssues oneIssue(const QString &message)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    policy::PolicyIssue issue;
#include "core/poolwork.h"
    issue.message = message;
#include "core/poolwork.h"
    return {issue};
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
bool isLoopback(const QUrl &url)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    const QString host = url.host();
#include "core/poolwork.h"
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
#include "core/poolwork.h"
        return true;
#include "core/poolwork.h"
    const QHostAddress address(host);
#include "core/poolwork.h"
    return !address.isNull() && address.isLoopback();
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
struct FileRead {
#include "core/poolwork.h"
    QByteArray document;
#include "core/poolwork.h"
    Parsed parsed;
#include "core/poolwork.h"
};
#include "core/poolwork.h"

#include "core/poolwork.h"
FileRead readAndParse(const QString &path)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    QFile file(path);
#include "core/poolwork.h"
    if (!file.open(QIODevice::ReadOnly)) {
#include "core/poolwork.h"
        return {{},
#include "core/poolwork.h"
                nephele::Unexpected(oneIssue(
#include "core/poolwork.h"
                    PolicySourceText::tr("The policy file %1 cannot be read: %2").arg(path, file.errorString())))};
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    if (file.size() > CurrentPolicy::kMaxDocumentBytes) {
#include "core/poolwork.h"
        return {{},
#include "core/poolwork.h"
                nephele::Unexpected(oneIssue(PolicySourceText::tr("The policy file %1 is larger than %2 MB")
#include "core/poolwork.h"
                                                 .arg(path)
#include "core/poolwork.h"
                                                 .arg(CurrentPolicy::kMaxDocumentMegabytes)))};
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    const QByteArray bytes = file.readAll();
#include "core/poolwork.h"
    return {bytes, policy::parsePolicy(bytes, path)};
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
} // namespace
#include "core/poolwork.h"

#include "core/poolwork.h"
PolicySettings PolicySettings::load(QSettings &settings)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    PolicySettings s;
#include "core/poolwork.h"
    s.location = settings.value(QStringLiteral("policy/location")).toString();
#include "core/poolwork.h"
    s.userEmail = settings.value(QStringLiteral("policy/userEmail")).toString();
#include "core/poolwork.h"
    s.userId = settings.value(QStringLiteral("policy/userId")).toString();
#include "core/poolwork.h"
    return s;
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
void PolicySettings::save(QSettings &settings) const
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    settings.setValue(QStringLiteral("policy/location"), location);
#include "core/poolwork.h"
    settings.setValue(QStringLiteral("policy/userEmail"), userEmail);
#include "core/poolwork.h"
    settings.setValue(QStringLiteral("policy/userId"), userId);
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
CurrentPolicy::CurrentPolicy(QObject *parent)
#include "core/poolwork.h"
    : QObject(parent)
#include "core/poolwork.h"
    , m_engine(std::make_shared<const policy::PolicyEngine>())
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    qRegisterMetaType<policy::PolicyIssues>();
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
CurrentPolicy::~CurrentPolicy() = default;
#include "core/poolwork.h"

#include "core/poolwork.h"
void CurrentPolicy::setUser(const policy::PolicyUser &user)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    if (user.email == m_user.email && user.id == m_user.id)
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    m_user = user;
#include "core/poolwork.h"
    Q_EMIT userChanged();
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
bool CurrentPolicy::isUrl(const QString &location)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    return location.startsWith(u"https://", Qt::CaseInsensitive) ||
#include "core/poolwork.h"
           location.startsWith(u"http://", Qt::CaseInsensitive);
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
bool CurrentPolicy::apply(const QByteArray &json, const QString &source)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    ++m_generation; // whatever was loading is older than this
#include "core/poolwork.h"
    setLoading(false);
#include "core/poolwork.h"
    const Parsed parsed = policy::parsePolicy(json, source);
#include "core/poolwork.h"
    adopt(parsed, json, source);
#include "core/poolwork.h"
    return parsed.has_value();
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
void CurrentPolicy::clear()
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    ++m_generation;
#include "core/poolwork.h"
    setLoading(false);
#include "core/poolwork.h"
    m_engine = std::make_shared<const policy::PolicyEngine>();
#include "core/poolwork.h"
    m_source.clear();
#include "core/poolwork.h"
    m_document.clear();
#include "core/poolwork.h"
    m_lastIssues.clear();
#include "core/poolwork.h"
    m_lastRejectedSource.clear();
#include "core/poolwork.h"
    Q_EMIT changed();
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
void CurrentPolicy::load(const QString &location, QNetworkAccessManager *network)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    const quint64 generation = ++m_generation;
#include "core/poolwork.h"
    if (location.trimmed().isEmpty()) {
#include "core/poolwork.h"
        clear();
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    setLoading(true);
#include "core/poolwork.h"
    if (!isUrl(location)) {
#include "core/poolwork.h"
        runOnPoolFor(this, [location] {
#include "core/poolwork.h"
            return readAndParse(location);
#include "core/poolwork.h"
        }).then(this, [this, generation, location](const FileRead &read) {
#include "core/poolwork.h"
        // A read that finished before then() attached runs this at once, inside load():
#include "core/poolwork.h"
        // post it, so that the answer always comes later, as for a URL.
#include "core/poolwork.h"
            QMetaObject::invokeMethod(
#include "core/poolwork.h"
                this,
#include "core/poolwork.h"
                [this, generation, location, read] {
#include "core/poolwork.h"
                    if (generation != m_generation)
#include "core/poolwork.h"
                        return;
#include "core/poolwork.h"
                    setLoading(false);
#include "core/poolwork.h"
                    adopt(read.parsed, read.document, location);
#include "core/poolwork.h"
                },
#include "core/poolwork.h"
                Qt::QueuedConnection);
#include "core/poolwork.h"
        });
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    }
#include "core/poolwork.h"

#include "core/poolwork.h"
    const QUrl url(location);
#include "core/poolwork.h"
    const bool secure = url.scheme().compare(u"https", Qt::CaseInsensitive) == 0;
#include "core/poolwork.h"
    if (!url.isValid() || url.host().isEmpty()) {
#include "core/poolwork.h"
        setLoading(false);
#include "core/poolwork.h"
        refuse(oneIssue(PolicySourceText::tr("%1 is not a valid URL").arg(location)), location);
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    if (!secure && !isLoopback(url)) {
#include "core/poolwork.h"
        // The policy decides what everyone may do: it never travels in clear text.
#include "core/poolwork.h"
        setLoading(false);
#include "core/poolwork.h"
        refuse(oneIssue(PolicySourceText::tr("A policy is fetched over https only; %1 is plain http").arg(location)),
#include "core/poolwork.h"
               location);
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    if (!network) {
#include "core/poolwork.h"
        setLoading(false);
#include "core/poolwork.h"
        refuse(oneIssue(PolicySourceText::tr("No network access to fetch %1").arg(location)), location);
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    QNetworkRequest request(url);
#include "core/poolwork.h"
    request.setTransferTimeout(30'000);
#include "core/poolwork.h"
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
#include "core/poolwork.h"
    request.setRawHeader("Accept", "application/json");
#include "core/poolwork.h"
    QNetworkReply *reply = network->get(request);
#include "core/poolwork.h"
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
#include "core/poolwork.h"
        if (received > kMaxDocumentBytes)
#include "core/poolwork.h"
            reply->abort();
#include "core/poolwork.h"
    });
#include "core/poolwork.h"
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation, location] {
#include "core/poolwork.h"
        reply->deleteLater();
#include "core/poolwork.h"
        if (generation != m_generation)
#include "core/poolwork.h"
            return;
#include "core/poolwork.h"
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
#include "core/poolwork.h"
        if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
#include "core/poolwork.h"
            setLoading(false);
#include "core/poolwork.h"
            const QString why = reply->error() == QNetworkReply::OperationCanceledError
#include "core/poolwork.h"
                                    ? PolicySourceText::tr("larger than %1 MB").arg(kMaxDocumentMegabytes)
#include "core/poolwork.h"
                                    : reply->error() != QNetworkReply::NoError
#include "core/poolwork.h"
                                          ? reply->errorString()
#include "core/poolwork.h"
                                          : PolicySourceText::tr("HTTP status %1").arg(status);
#include "core/poolwork.h"
            refuse(oneIssue(PolicySourceText::tr("The policy could not be fetched from %1: %2").arg(location, why)),
#include "core/poolwork.h"
                   location);
#include "core/poolwork.h"
            return;
#include "core/poolwork.h"
        }
#include "core/poolwork.h"
        const QByteArray body = reply->readAll();
#include "core/poolwork.h"
        runOnPoolFor(this, [body, location] {
#include "core/poolwork.h"
            return policy::parsePolicy(body, location);
#include "core/poolwork.h"
        }).then(this, [this, generation, body, location](const Parsed &parsed) {
#include "core/poolwork.h"
            if (generation != m_generation)
#include "core/poolwork.h"
                return;
#include "core/poolwork.h"
            setLoading(false);
#include "core/poolwork.h"
            adopt(parsed, body, location);
#include "core/poolwork.h"
        });
#include "core/poolwork.h"
    });
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
void CurrentPolicy::adopt(const Parsed &parsed, const QByteArray &document, const QString &source)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    if (!parsed) {
#include "core/poolwork.h"
        refuse(parsed.error(), source);
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    m_engine = std::make_shared<const policy::PolicyEngine>(*parsed);
#include "core/poolwork.h"
    m_source = source;
#include "core/poolwork.h"
    m_document = document;
#include "core/poolwork.h"
    m_lastIssues.clear();
#include "core/poolwork.h"
    m_lastRejectedSource.clear();
#include "core/poolwork.h"
    Q_EMIT changed();
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
void CurrentPolicy::refuse(const policy::PolicyIssues &issues, const QString &source)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    m_lastIssues = issues;
#include "core/poolwork.h"
    m_lastRejectedSource = source;
#include "core/poolwork.h"
    Q_EMIT rejected(issues, source);
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
void CurrentPolicy::setLoading(bool loading)
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    if (loading == m_loading)
#include "core/poolwork.h"
        return;
#include "core/poolwork.h"
    m_loading = loading;
#include "core/poolwork.h"
    Q_EMIT loadingChanged(loading);
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
QString CurrentPolicy::statusText() const
#include "core/poolwork.h"
{
#include "core/poolwork.h"
    QString text;
#include "core/poolwork.h"
    if (!isGoverned()) {
#include "core/poolwork.h"
        text = m_source.isEmpty() ? PolicySourceText::tr("No policy: everything is allowed")
#include "core/poolwork.h"
                                  : PolicySourceText::tr("Policy %1 has no team: everything is allowed")
#include "core/poolwork.h"
                                        .arg(QFileInfo(m_source).fileName());
#include "core/poolwork.h"
    } else {
#include "core/poolwork.h"
        const QString name = isUrl(m_source) ? m_source : QFileInfo(m_source).fileName();
#include "core/poolwork.h"
        text = PolicySourceText::tr("Policy %1 (%n team(s))", nullptr, int(policy().teams.size())).arg(name);
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    if (!m_lastIssues.isEmpty()) {
#include "core/poolwork.h"
        text += u' ' + PolicySourceText::tr("— %1 was refused (%n problem(s)); the policy above stays in force",
#include "core/poolwork.h"
                                            nullptr, int(m_lastIssues.size()))
#include "core/poolwork.h"
                           .arg(m_lastRejectedSource);
#include "core/poolwork.h"
    }
#include "core/poolwork.h"
    return text;
#include "core/poolwork.h"
}
#include "core/poolwork.h"

#include "core/poolwork.h"
} // namespace nephele::models::provisioning
