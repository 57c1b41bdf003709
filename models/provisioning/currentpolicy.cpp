#include "currentpolicy.h"

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

namespace nephele::models::provisioning {

namespace {

struct PolicySourceText {
    Q_DECLARE_TR_FUNCTIONS(nephele::models::provisioning::CurrentPolicy)
};

using Parsed = nephele::Expected<policy::Policy, policy::PolicyIssues>;

policy::PolicyIssues oneIssue(const QString &message)
{
    policy::PolicyIssue issue;
    issue.message = message;
    return {issue};
}

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

struct FileRead {
    QByteArray document;
    Parsed parsed;
};

FileRead readAndParse(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {{},
                nephele::Unexpected(oneIssue(
                    PolicySourceText::tr("The policy file %1 cannot be read: %2").arg(path, file.errorString())))};
    }
    if (file.size() > CurrentPolicy::kMaxDocumentBytes) {
        return {{},
                nephele::Unexpected(oneIssue(PolicySourceText::tr("The policy file %1 is larger than %2 MB")
                                                 .arg(path)
                                                 .arg(CurrentPolicy::kMaxDocumentMegabytes)))};
    }
    const QByteArray bytes = file.readAll();
    return {bytes, policy::parsePolicy(bytes, path)};
}

} // namespace

PolicySettings PolicySettings::load(QSettings &settings)
{
    PolicySettings s;
    s.location = settings.value(QStringLiteral("policy/location")).toString();
    s.userEmail = settings.value(QStringLiteral("policy/userEmail")).toString();
    s.userId = settings.value(QStringLiteral("policy/userId")).toString();
    return s;
}

void PolicySettings::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("policy/location"), location);
    settings.setValue(QStringLiteral("policy/userEmail"), userEmail);
    settings.setValue(QStringLiteral("policy/userId"), userId);
}

CurrentPolicy::CurrentPolicy(QObject *parent)
    : QObject(parent)
    , m_engine(std::make_shared<const policy::PolicyEngine>())
{
    qRegisterMetaType<policy::PolicyIssues>();
}

CurrentPolicy::~CurrentPolicy() = default;

void CurrentPolicy::setUser(const policy::PolicyUser &user)
{
    if (user.email == m_user.email && user.id == m_user.id)
        return;
    m_user = user;
    Q_EMIT userChanged();
}

bool CurrentPolicy::isUrl(const QString &location)
{
    return location.startsWith(u"https://", Qt::CaseInsensitive) ||
           location.startsWith(u"http://", Qt::CaseInsensitive);
}

bool CurrentPolicy::apply(const QByteArray &json, const QString &source)
{
    ++m_generation; // whatever was loading is older than this
    setLoading(false);
    const Parsed parsed = policy::parsePolicy(json, source);
    adopt(parsed, json, source);
    return parsed.has_value();
}

void CurrentPolicy::clear()
{
    ++m_generation;
    setLoading(false);
    m_engine = std::make_shared<const policy::PolicyEngine>();
    m_source.clear();
    m_document.clear();
    m_lastIssues.clear();
    m_lastRejectedSource.clear();
    Q_EMIT changed();
}

void CurrentPolicy::load(const QString &location, QNetworkAccessManager *network)
{
    const quint64 generation = ++m_generation;
    if (location.trimmed().isEmpty()) {
        clear();
        return;
    }
    setLoading(true);
    if (!isUrl(location)) {
        QtConcurrent::run([location] {
            return readAndParse(location);
        }).then(this, [this, generation, location](const FileRead &read) {
            // A read that finished before then() attached runs this at once, inside load():
            // post it, so that the answer always comes later, as for a URL.
            QMetaObject::invokeMethod(
                this,
                [this, generation, location, read] {
                    if (generation != m_generation)
                        return;
                    setLoading(false);
                    adopt(read.parsed, read.document, location);
                },
                Qt::QueuedConnection);
        });
        return;
    }

    const QUrl url(location);
    const bool secure = url.scheme().compare(u"https", Qt::CaseInsensitive) == 0;
    if (!url.isValid() || url.host().isEmpty()) {
        setLoading(false);
        refuse(oneIssue(PolicySourceText::tr("%1 is not a valid URL").arg(location)), location);
        return;
    }
    if (!secure && !isLoopback(url)) {
        // The policy decides what everyone may do: it never travels in clear text.
        setLoading(false);
        refuse(oneIssue(PolicySourceText::tr("A policy is fetched over https only; %1 is plain http").arg(location)),
               location);
        return;
    }
    if (!network) {
        setLoading(false);
        refuse(oneIssue(PolicySourceText::tr("No network access to fetch %1").arg(location)), location);
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(30'000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    QNetworkReply *reply = network->get(request);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxDocumentBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, generation, location] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
            setLoading(false);
            const QString why = reply->error() == QNetworkReply::OperationCanceledError
                                    ? PolicySourceText::tr("larger than %1 MB").arg(kMaxDocumentMegabytes)
                                : reply->error() != QNetworkReply::NoError
                                    ? reply->errorString()
                                    : PolicySourceText::tr("HTTP status %1").arg(status);
            refuse(oneIssue(PolicySourceText::tr("The policy could not be fetched from %1: %2").arg(location, why)),
                   location);
            return;
        }
        const QByteArray body = reply->readAll();
        QtConcurrent::run([body, location] {
            return policy::parsePolicy(body, location);
        }).then(this, [this, generation, body, location](const Parsed &parsed) {
            if (generation != m_generation)
                return;
            setLoading(false);
            adopt(parsed, body, location);
        });
    });
}

void CurrentPolicy::adopt(const Parsed &parsed, const QByteArray &document, const QString &source)
{
    if (!parsed) {
        refuse(parsed.error(), source);
        return;
    }
    m_engine = std::make_shared<const policy::PolicyEngine>(*parsed);
    m_source = source;
    m_document = document;
    m_lastIssues.clear();
    m_lastRejectedSource.clear();
    Q_EMIT changed();
}

void CurrentPolicy::refuse(const policy::PolicyIssues &issues, const QString &source)
{
    m_lastIssues = issues;
    m_lastRejectedSource = source;
    Q_EMIT rejected(issues, source);
}

void CurrentPolicy::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

QString CurrentPolicy::statusText() const
{
    QString text;
    if (!isGoverned()) {
        text = m_source.isEmpty() ? PolicySourceText::tr("No policy: everything is allowed")
                                  : PolicySourceText::tr("Policy %1 has no team: everything is allowed")
                                        .arg(QFileInfo(m_source).fileName());
    } else {
        const QString name = isUrl(m_source) ? m_source : QFileInfo(m_source).fileName();
        text = PolicySourceText::tr("Policy %1 (%n team(s))", nullptr, int(policy().teams.size())).arg(name);
    }
    if (!m_lastIssues.isEmpty()) {
        text += u' ' + PolicySourceText::tr("— %1 was refused (%n problem(s)); the policy above stays in force",
                                            nullptr, int(m_lastIssues.size()))
                           .arg(m_lastRejectedSource);
    }
    return text;
}

} // namespace nephele::models::provisioning
