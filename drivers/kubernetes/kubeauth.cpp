#include "kubeauth.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSslKey>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

namespace nephele::drivers::kubernetes {

namespace {

constexpr qint64 kTokenFileRereadMs = 60'000;

QString text(const char *source)
{
    return QCoreApplication::translate("nephele::drivers::kubernetes::KubeAuth", source);
}

QString setting(const QVariantMap &settings, const char *key)
{
    return settings.value(QLatin1String(key)).toString();
}

nephele::Expected<QByteArray, QString> readFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nephele::Unexpected(text("Cannot read the %1 %2: %3").arg(what, path, file.errorString()));
    return file.readAll();
}

// kubeconfig's *-data fields are base64 of PEM; some tools write the PEM itself.
QByteArray decodeData(const QString &value)
{
    QByteArray raw = value.trimmed().toLatin1();
    if (raw.startsWith("-----BEGIN"))
        return raw;
    return QByteArray::fromBase64(raw);
}

QSslKey privateKeyFromPem(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

// ---- token sources ----

class TokenFileSource final : public CredentialSource
{
public:
    TokenFileSource(QString path, QString token)
        : m_path(std::move(path))
        , m_token(std::move(token))
    {
        m_age.start();
    }

    QString token() override
    {
        const QMutexLocker lock(&m_mutex);
        if (m_age.elapsed() >= kTokenFileRereadMs) {
            m_age.restart();
            // A rotated token (projected service account tokens rotate hourly); a file that is
            // briefly missing during the rotation keeps the token we had.
            if (QFile file(m_path); file.open(QIODevice::ReadOnly)) {
                const QString fresh = QString::fromUtf8(file.readAll()).trimmed();
                if (!fresh.isEmpty())
                    m_token = fresh;
            }
        }
        return m_token;
    }

private:
    QMutex m_mutex;
    QString m_path;
    QString m_token;
    QElapsedTimer m_age;
};

// An exec plugin's credential, run again in the background shortly before it expires: a token,
// or a client certificate (then new connections present the renewed one).
class ExecCredentialSource final : public CredentialSource, public std::enable_shared_from_this<ExecCredentialSource>
{
public:
    ExecCredentialSource(ExecPlugin plugin, const ExecCredential &credential)
        : m_plugin(std::move(plugin))
    {
        adopt(credential);
    }

    QString token() override
    {
        const QMutexLocker lock(&m_mutex);
        refreshIfDue();
        return m_credential.token;
    }

    ClientIdentity clientIdentity() override
    {
        const QMutexLocker lock(&m_mutex);
        refreshIfDue();
        return m_identity;
    }

private:
    // With m_mutex held.
    void refreshIfDue()
    {
        const QDateTime expires = m_credential.expiresAt;
        if (!expires.isValid() || m_refreshing ||
            QDateTime::currentDateTimeUtc().secsTo(expires) >= kRefreshBeforeSeconds)
            return;
        // The current credential serves until then (and a request refused meanwhile is retried by
        // the client).
        m_refreshing = true;
        (void)QtConcurrent::run([self = shared_from_this()] {
            auto fresh = execCredential(self->m_plugin, kRefreshBeforeSeconds);
            const QMutexLocker relock(&self->m_mutex);
            if (fresh)
                self->adopt(*fresh);
            self->m_refreshing = false;
        });
    }

    // With m_mutex held (or from the constructor). A credential of neither kind is not taken.
    void adopt(const ExecCredential &credential)
    {
        if (!credential.token.isEmpty()) {
            m_credential = credential;
            m_identity = ClientIdentity();
            return;
        }
        const QList<QSslCertificate> certs = QSslCertificate::fromData(credential.clientCertificatePem, QSsl::Pem);
        const QSslKey key = privateKeyFromPem(credential.clientKeyPem);
        if (certs.isEmpty() || key.isNull())
            return;
        m_credential = credential;
        m_identity = {certs.first(), key};
    }

    static constexpr int kRefreshBeforeSeconds = 120;
    QMutex m_mutex;
    ExecPlugin m_plugin;
    ExecCredential m_credential;
    ClientIdentity m_identity;
    bool m_refreshing = false;
};

// ---- the exec credential cache ----

std::atomic<int> g_pluginRuns{0};

struct ExecCache {
    QMutex mutex;
    QHash<QString, ExecCredential> credentials;
};

ExecCache &execCache()
{
    static ExecCache cache;
    return cache;
}

QString cacheKey(const ExecPlugin &plugin)
{
    QStringList parts{plugin.apiVersion, plugin.command, plugin.args.join(QChar(0)), plugin.server};
    for (auto it = plugin.env.cbegin(); it != plugin.env.cend(); ++it)
        parts << it.key() + u'=' + it.value();
    return parts.join(QChar(1));
}

QByteArray execInfo(const ExecPlugin &plugin)
{
    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (plugin.provideClusterInfo) {
        QJsonObject cluster{{QStringLiteral("server"), plugin.server}};
        if (!plugin.caPem.isEmpty())
            cluster.insert(QStringLiteral("certificate-authority-data"), QString::fromLatin1(plugin.caPem.toBase64()));
        spec.insert(QStringLiteral("cluster"), cluster);
    }
    const QJsonObject info{{QStringLiteral("apiVersion"), plugin.apiVersion},
                           {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                           {QStringLiteral("spec"), spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

nephele::Expected<ExecCredential, QString> runPlugin(const ExecPlugin &plugin)
{
    ++g_pluginRuns;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = plugin.env.cbegin(); it != plugin.env.cend(); ++it)
        env.insert(it.key(), it.value());
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(execInfo(plugin)));
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(plugin.command, plugin.args, QIODevice::ReadOnly);
    process.closeWriteChannel();
    if (!process.waitForStarted(10'000))
        return nephele::Unexpected(
            text("The credential plugin %1 could not be started: %2").arg(plugin.command, process.errorString()));
    if (!process.waitForFinished(plugin.timeoutMs)) {
        process.kill();
        process.waitForFinished(2'000);
        return nephele::Unexpected(text("The credential plugin %1 did not finish within %2 s")
                                       .arg(plugin.command)
                                       .arg(plugin.timeoutMs / 1000));
    }
    const QByteArray out = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        // Its stderr says why (expired SSO session, missing profile); it never holds the credential.
        const QString err = QString::fromLocal8Bit(process.readAllStandardError()).trimmed().left(500);
        return nephele::Unexpected(text("The credential plugin %1 failed (exit %2)%3")
                                       .arg(plugin.command)
                                       .arg(process.exitCode())
                                       .arg(err.isEmpty() ? QString() : QStringLiteral(": ") + err));
    }
    return parseExecCredential(out, plugin.apiVersion);
}

} // namespace

nephele::Expected<ExecCredential, QString> parseExecCredential(QByteArrayView json, const QString &apiVersion)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return nephele::Unexpected(text("The credential plugin's output is not JSON (at byte %1: %2)")
                                       .arg(error.offset)
                                       .arg(error.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(u"kind").toString() != u"ExecCredential")
        return nephele::Unexpected(text("The credential plugin's output is not an ExecCredential"));
    const QString version = root.value(u"apiVersion").toString();
    if (!apiVersion.isEmpty() && version != apiVersion)
        return nephele::Unexpected(
            text("The credential plugin answered %1 where the kubeconfig asks for %2").arg(version, apiVersion));
    const QJsonObject status = root.value(u"status").toObject();
    ExecCredential credential;
    credential.token = status.value(u"token").toString();
    credential.clientCertificatePem = status.value(u"clientCertificateData").toString().toUtf8();
    credential.clientKeyPem = status.value(u"clientKeyData").toString().toUtf8();
    if (const QString expires = status.value(u"expirationTimestamp").toString(); !expires.isEmpty()) {
        credential.expiresAt = QDateTime::fromString(expires, Qt::ISODateWithMs);
        if (!credential.expiresAt.isValid())
            credential.expiresAt = QDateTime::fromString(expires, Qt::ISODate);
        if (!credential.expiresAt.isValid())
            return nephele::Unexpected(text("The credential's expirationTimestamp \"%1\" is not a time").arg(expires));
    }
    const bool hasCertificate = !credential.clientCertificatePem.isEmpty() && !credential.clientKeyPem.isEmpty();
    if (credential.token.isEmpty() && !hasCertificate)
        return nephele::Unexpected(text("The credential plugin gave neither a token nor a client certificate and key"));
    return credential;
}

nephele::Expected<ExecCredential, QString> execCredential(const ExecPlugin &plugin, int minimumValiditySeconds)
{
    if (plugin.command.isEmpty())
        return nephele::Unexpected(text("The exec credential plugin has no command"));
    const QString key = cacheKey(plugin);
    ExecCache &cache = execCache();
    {
        const QMutexLocker lock(&cache.mutex);
        const auto it = cache.credentials.constFind(key);
        if (it != cache.credentials.cend() &&
            (!it->expiresAt.isValid() ||
             QDateTime::currentDateTimeUtc().secsTo(it->expiresAt) >= minimumValiditySeconds))
            return *it;
    }
    auto fresh = runPlugin(plugin);
    if (fresh) {
        const QMutexLocker lock(&cache.mutex);
        cache.credentials.insert(key, *fresh);
    }
    return fresh;
}

int execPluginRuns()
{
    return g_pluginRuns.load();
}

void clearExecCredentialCache()
{
    ExecCache &cache = execCache();
    const QMutexLocker lock(&cache.mutex);
    cache.credentials.clear();
}

nephele::Expected<KubeEndpoint, QString> resolveKubeContext(const KubeContext &context)
{
    const QVariantMap &s = context.settings;
    KubeEndpoint out;
    AccountEndpoint &ep = out.endpoint;
    ep.accountId = context.accountId;
    ep.accountName = context.accountName;
    ep.baseUrl = QUrl(context.server);
    if (!ep.baseUrl.isValid() || ep.baseUrl.host().isEmpty())
        return nephele::Unexpected(text("The cluster's server address \"%1\" is not a URL").arg(context.server));

    // The server's CA.
    QByteArray caPem;
    if (const QString data = setting(s, "certificate-authority-data"); !data.isEmpty()) {
        caPem = decodeData(data);
    } else if (const QString file = setting(s, "certificate-authority"); !file.isEmpty()) {
        auto bytes = readFile(file, text("certificate authority file"));
        if (!bytes)
            return nephele::Unexpected(bytes.error());
        caPem = *bytes;
    }
    if (!caPem.isEmpty()) {
        ep.caCertificates = QSslCertificate::fromData(caPem, QSsl::Pem);
        if (ep.caCertificates.isEmpty())
            return nephele::Unexpected(text("The cluster's certificate authority holds no PEM certificate"));
    }
    if (s.value(QStringLiteral("insecure-skip-tls-verify")).toBool()) {
        ep.insecureSkipTlsVerify = true;
        out.warnings << text("insecure-skip-tls-verify is set: the server's certificate is not checked, so anyone "
                             "between you and the cluster can read and change what you send");
    }
    if (const QString name = setting(s, "tls-server-name"); !name.isEmpty())
        out.warnings
            << text("tls-server-name (%1) is not supported: the certificate must name the server's address").arg(name);
    if (const QString proxy = setting(s, "proxy-url"); !proxy.isEmpty()) {
        const QUrl url(proxy);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https" && scheme != u"socks5"))
            return nephele::Unexpected(text("The proxy-url \"%1\" is not an http, https or socks5 URL").arg(proxy));
        ep.proxy =
            QNetworkProxy(scheme == u"socks5" ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                          quint16(url.port(scheme == u"socks5" ? 1080 : 3128)), url.userName(), url.password());
    }
    if (const QString as = setting(s, "impersonate"); !as.isEmpty())
        out.warnings << text("Impersonation (as: %1) is not supported; requests are made as the user itself").arg(as);

    // Client certificate: file or data.
    QByteArray certPem, keyPem;
    if (const QString data = context.secrets.value(QStringLiteral("client-certificate-data")); !data.isEmpty()) {
        certPem = decodeData(data);
    } else if (const QString file = setting(s, "client-certificate"); !file.isEmpty()) {
        auto bytes = readFile(file, text("client certificate"));
        if (!bytes)
            return nephele::Unexpected(bytes.error());
        certPem = *bytes;
    }
    if (const QString data = context.secrets.value(QStringLiteral("client-key-data")); !data.isEmpty()) {
        keyPem = decodeData(data);
    } else if (const QString file = setting(s, "client-key"); !file.isEmpty()) {
        auto bytes = readFile(file, text("client key"));
        if (!bytes)
            return nephele::Unexpected(bytes.error());
        keyPem = *bytes;
    }

    // Bearer: token, token file, exec plugin, oidc.
    ep.token = context.secrets.value(QStringLiteral("token"));
    if (const QString file = setting(s, "token-file"); ep.token.isEmpty() && !file.isEmpty()) {
        auto bytes = readFile(file, text("token file"));
        if (!bytes)
            return nephele::Unexpected(bytes.error());
        ep.token = QString::fromUtf8(*bytes).trimmed();
        ep.credentials = std::make_shared<TokenFileSource>(file, ep.token);
    }
    if (const QString command = setting(s, "exec-command");
        !command.isEmpty() && ep.token.isEmpty() && certPem.isEmpty()) {
        ExecPlugin plugin;
        plugin.apiVersion = setting(s, "exec-api-version");
        plugin.command = command;
        plugin.args = s.value(QStringLiteral("exec-args")).toStringList();
        for (const QString &name : s.value(QStringLiteral("exec-env")).toStringList())
            plugin.env.insert(name, context.secrets.value(u"exec-env:" + name));
        plugin.provideClusterInfo = s.value(QStringLiteral("exec-provide-cluster-info")).toBool();
        plugin.server = context.server;
        plugin.caPem = caPem;
        auto credential = execCredential(plugin);
        if (!credential)
            return nephele::Unexpected(credential.error());
        if (!credential->token.isEmpty()) {
            ep.token = credential->token;
            if (credential->expiresAt.isValid())
                ep.credentials = std::make_shared<ExecCredentialSource>(plugin, *credential);
        } else {
            certPem = credential->clientCertificatePem;
            keyPem = credential->clientKeyPem;
            if (credential->expiresAt.isValid()) // renewed before it expires, as tokens are
                ep.credentials = std::make_shared<ExecCredentialSource>(plugin, *credential);
        }
    }
    if (const QString provider = setting(s, "auth-provider"); !provider.isEmpty() && ep.token.isEmpty()) {
        if (provider != u"oidc")
            return nephele::Unexpected(
                text("The %1 auth provider was removed from Kubernetes; use its exec credential plugin").arg(provider));
        ep.token = context.secrets.value(QStringLiteral("auth-provider:id-token"));
        if (ep.token.isEmpty())
            return nephele::Unexpected(text("The oidc auth provider holds no id-token; log in with your OIDC tool"));
    }
    if (ep.token.isEmpty() && certPem.isEmpty() && !context.secrets.value(QStringLiteral("password")).isEmpty())
        return nephele::Unexpected(text("Basic authentication (username and password) was removed in Kubernetes 1.19"));

    if (!certPem.isEmpty() || !keyPem.isEmpty()) {
        if (certPem.isEmpty() || keyPem.isEmpty())
            return nephele::Unexpected(certPem.isEmpty() ? text("The client key has no certificate")
                                                         : text("The client certificate has no key"));
        const QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
        if (certs.isEmpty())
            return nephele::Unexpected(text("The client certificate is not a PEM certificate"));
        ep.clientCertificate = certs.first();
        ep.clientKey = privateKeyFromPem(keyPem);
        if (ep.clientKey.isNull())
            return nephele::Unexpected(text("The client key is not a PEM private key (RSA, EC or DSA)"));
    }
    const QHostAddress host(ep.baseUrl.host());
    const bool loopback = host.isLoopback() || ep.baseUrl.host() == u"localhost";
    if (ep.baseUrl.scheme() == u"http" && !loopback && (!ep.token.isEmpty() || ep.credentials))
        out.warnings << text("The server is plain http: the token travels unencrypted");
    return out;
}

} // namespace nephele::drivers::kubernetes
