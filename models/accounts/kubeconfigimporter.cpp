// kubeconfig (apiVersion v1, kind Config): clusters, users and contexts as named lists.
//
// Candidate settings: context, cluster, user, namespace, current (bool), auth (list of
// "token", "token-file", "client-certificate", "basic", "exec", "auth-provider"),
// certificate-authority (path), certificate-authority-data, insecure-skip-tls-verify, proxy-url,
// tls-server-name, token-file, client-certificate, client-key (paths), username, impersonate,
// exec-api-version, exec-command, exec-args, exec-env (names), exec-interactive-mode,
// exec-provide-cluster-info, auth-provider, auth-provider-config (non-secret keys).
// Secrets: token, password, client-certificate-data, client-key-data, exec-env:<NAME>,
// auth-provider:<key> for client-secret, id-token, refresh-token and access-token.

#include "importers.h"
#include "importsupport.h"

#include <map>

namespace nephele::models {

using namespace importsupport;

namespace {

struct Entry {
    QString file;
    YAML::Node body; // the "cluster", "user" or "context" mapping
};

struct Merged {
    std::map<QString, Entry> clusters;
    std::map<QString, Entry> users;
    QList<std::pair<QString, Entry>> contexts;
    QMap<QString, QStringList> shadowedContexts; // name -> later files that also define it
    QString currentContext;
};

// Adds the named entries of one list (clusters, users or contexts); the first name wins.
template<typename Add>
void readNamedList(const YAML::Node &root, const char *listKey, const char *bodyKey, const QString &file,
                   QList<ImportProblem> &problems, Add add)
{
    const YAML::Node list = child(root, listKey);
    if (!list.IsDefined() || list.IsNull())
        return;
    if (!list.IsSequence()) {
        problems.append(
            problemAt(file, list.Mark(), Importers::tr("“%1” should be a list").arg(QLatin1String(listKey))));
        return;
    }
    for (const YAML::Node &item : list) {
        const QString name = scalar(item, "name");
        if (name.isEmpty()) {
            problems.append(
                problemAt(file, item.Mark(),
                          Importers::tr("An entry in “%1” has no name; it was skipped").arg(QLatin1String(listKey))));
            continue;
        }
        YAML::Node body = child(item, bodyKey);
        if (body.IsDefined() && !body.IsNull() && !body.IsMap()) {
            problems.append(problemAt(
                file, body.Mark(),
                Importers::tr("“%1” in “%2” should be a mapping; it was skipped").arg(QLatin1String(bodyKey), name)));
            continue;
        }
        add(name, Entry{file, body});
    }
}

void mergeFile(const ImportSource &source, Merged &merged, QList<ImportProblem> &problems)
{
    const std::optional<YAML::Node> doc = loadYaml(source.bytes, source.fileName, problems);
    if (!doc || !doc->IsDefined() || doc->IsNull())
        return; // an empty kubeconfig is valid and empty
    const YAML::Node &root = *doc;
    if (!root.IsMap()) {
        problems.append(
            problemAt(source.fileName, root.Mark(), Importers::tr("Not a kubeconfig file: expected a mapping")));
        return;
    }
    const QString kind = scalar(root, "kind");
    if (!kind.isEmpty() && kind != u"Config") {
        problems.append(problemAt(source.fileName, child(root, "kind").Mark(),
                                  Importers::tr("Not a kubeconfig file: kind is “%1”, not “Config”").arg(kind)));
        return;
    }
    const QString &file = source.fileName;
    readNamedList(root, "clusters", "cluster", file, problems,
                  [&](const QString &name, const Entry &e) { merged.clusters.try_emplace(name, e); });
    readNamedList(root, "users", "user", file, problems,
                  [&](const QString &name, const Entry &e) { merged.users.try_emplace(name, e); });
    readNamedList(root, "contexts", "context", file, problems, [&](const QString &name, const Entry &e) {
        for (const auto &[existing, entry] : std::as_const(merged.contexts)) {
            if (existing == name) {
                merged.shadowedContexts[name].append(e.file);
                return;
            }
        }
        merged.contexts.append({name, e});
    });
    if (merged.currentContext.isEmpty())
        merged.currentContext = scalar(root, "current-context");
}

void addAuth(ImportCandidate &c, const QString &kind)
{
    QStringList auth = c.settings.value(QStringLiteral("auth")).toStringList();
    if (!auth.contains(kind))
        auth.append(kind);
    c.settings.insert(QStringLiteral("auth"), auth);
}

void readCluster(const Entry &cluster, ImportCandidate &c)
{
    const YAML::Node &b = cluster.body;
    c.endpoint = scalar(b, "server");
    if (c.endpoint.isEmpty())
        c.warnings.append(Importers::tr("The cluster has no server address"));
    if (const QString ca = scalar(b, "certificate-authority"); !ca.isEmpty())
        c.settings.insert(QStringLiteral("certificate-authority"), resolvePath(ca, cluster.file));
    if (const QString caData = scalar(b, "certificate-authority-data"); !caData.isEmpty())
        c.settings.insert(QStringLiteral("certificate-authority-data"), caData);
    if (isTrue(child(b, "insecure-skip-tls-verify"))) {
        c.settings.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        c.warnings.append(Importers::tr("insecure-skip-tls-verify is set: the server's certificate is not checked"));
    }
    for (const char *key : {"proxy-url", "tls-server-name"}) {
        if (const QString v = scalar(b, key); !v.isEmpty())
            c.settings.insert(QLatin1String(key), v);
    }
}

void readExec(const YAML::Node &exec, ImportCandidate &c)
{
    addAuth(c, QStringLiteral("exec"));
    const QString apiVersion = scalar(exec, "apiVersion");
    c.settings.insert(QStringLiteral("exec-api-version"), apiVersion);
    c.settings.insert(QStringLiteral("exec-command"), scalar(exec, "command"));
    c.settings.insert(QStringLiteral("exec-args"), scalarList(child(exec, "args")));
    if (apiVersion.isEmpty())
        c.warnings.append(Importers::tr("The exec plugin has no apiVersion"));
    else if (apiVersion.endsWith(u"/v1alpha1"))
        c.warnings.append(Importers::tr("The exec plugin uses %1, which Kubernetes 1.24 removed").arg(apiVersion));
    if (scalar(exec, "command").isEmpty())
        c.warnings.append(Importers::tr("The exec plugin has no command"));
    if (const QString mode = scalar(exec, "interactiveMode"); !mode.isEmpty())
        c.settings.insert(QStringLiteral("exec-interactive-mode"), mode);
    if (isTrue(child(exec, "provideClusterInfo")))
        c.settings.insert(QStringLiteral("exec-provide-cluster-info"), true);
    // Environment values often hold credentials, so they are kept with the secrets.
    QStringList envNames;
    const YAML::Node env = child(exec, "env");
    if (env.IsDefined() && env.IsSequence()) {
        for (const YAML::Node &var : env) {
            const QString name = scalar(var, "name");
            if (name.isEmpty())
                continue;
            envNames.append(name);
            c.secrets.insert(u"exec-env:" + name, scalar(var, "value"));
        }
    }
    if (!envNames.isEmpty())
        c.settings.insert(QStringLiteral("exec-env"), envNames);
}

void readAuthProvider(const YAML::Node &provider, ImportCandidate &c)
{
    addAuth(c, QStringLiteral("auth-provider"));
    const QString name = scalar(provider, "name");
    c.settings.insert(QStringLiteral("auth-provider"), name);
    if (name == u"gcp" || name == u"azure")
        c.warnings.append(
            Importers::tr("The %1 auth provider was removed in Kubernetes 1.26; use its exec plugin").arg(name));
    QVariantMap config;
    const YAML::Node cfg = child(provider, "config");
    if (cfg.IsDefined() && cfg.IsMap()) {
        static const QStringList secretKeys = {QStringLiteral("client-secret"), QStringLiteral("id-token"),
                                               QStringLiteral("refresh-token"), QStringLiteral("access-token")};
        for (auto it = cfg.begin(); it != cfg.end(); ++it) {
            const QString key = scalar(it->first);
            if (key.isEmpty())
                continue;
            if (secretKeys.contains(key))
                c.secrets.insert(u"auth-provider:" + key, scalar(it->second));
            else
                config.insert(key, scalar(it->second));
        }
    }
    if (!config.isEmpty())
        c.settings.insert(QStringLiteral("auth-provider-config"), config);
}

void readUser(const Entry &user, ImportCandidate &c)
{
    const YAML::Node &b = user.body;
    if (const QString token = scalar(b, "token"); !token.isEmpty()) {
        addAuth(c, QStringLiteral("token"));
        c.secrets.insert(QStringLiteral("token"), token);
    }
    QString tokenFile = scalar(b, "tokenFile");
    if (tokenFile.isEmpty())
        tokenFile = scalar(b, "token-file");
    if (!tokenFile.isEmpty()) {
        addAuth(c, QStringLiteral("token-file"));
        c.settings.insert(QStringLiteral("token-file"), resolvePath(tokenFile, user.file));
    }

    const QString certFile = scalar(b, "client-certificate");
    const QString certData = scalar(b, "client-certificate-data");
    const QString keyFile = scalar(b, "client-key");
    const QString keyData = scalar(b, "client-key-data");
    if (!certFile.isEmpty())
        c.settings.insert(QStringLiteral("client-certificate"), resolvePath(certFile, user.file));
    if (!keyFile.isEmpty())
        c.settings.insert(QStringLiteral("client-key"), resolvePath(keyFile, user.file));
    if (!certData.isEmpty())
        c.secrets.insert(QStringLiteral("client-certificate-data"), certData);
    if (!keyData.isEmpty())
        c.secrets.insert(QStringLiteral("client-key-data"), keyData);
    const bool hasCert = !certFile.isEmpty() || !certData.isEmpty();
    const bool hasKey = !keyFile.isEmpty() || !keyData.isEmpty();
    if (hasCert || hasKey)
        addAuth(c, QStringLiteral("client-certificate"));
    if (hasCert != hasKey)
        c.warnings.append(hasCert ? Importers::tr("The client certificate has no key")
                                  : Importers::tr("The client key has no certificate"));

    const QString username = scalar(b, "username");
    const QString password = scalar(b, "password");
    if (!username.isEmpty() || !password.isEmpty()) {
        addAuth(c, QStringLiteral("basic"));
        c.settings.insert(QStringLiteral("username"), username);
        if (!password.isEmpty())
            c.secrets.insert(QStringLiteral("password"), password);
        c.warnings.append(
            Importers::tr("Basic authentication (username and password) is no longer supported by Kubernetes"));
    }
    if (const YAML::Node exec = child(b, "exec"); exec.IsDefined() && exec.IsMap())
        readExec(exec, c);
    if (const YAML::Node provider = child(b, "auth-provider"); provider.IsDefined() && provider.IsMap())
        readAuthProvider(provider, c);
    if (const QString as = scalar(b, "as"); !as.isEmpty())
        c.settings.insert(QStringLiteral("impersonate"), as);
}

} // namespace

ImportResult importKubeconfigFiles(const QList<ImportSource> &files)
{
    ImportResult result;
    Merged merged;
    for (const ImportSource &source : files) {
        try {
            mergeFile(source, merged, result.problems);
        } catch (const std::exception &e) { // yaml-cpp throws from accessors in corner cases
            result.problems.append(
                problemAt(source.fileName, YAML::Mark::null_mark(),
                          Importers::tr("Could not read the kubeconfig: %1").arg(QString::fromLocal8Bit(e.what()))));
        }
    }

    for (const auto &[name, context] : std::as_const(merged.contexts)) {
        ImportCandidate c;
        c.provider = QStringLiteral("kubernetes");
        c.name = name;
        c.sourceFile = context.file;
        try {
            const QString clusterName = scalar(context.body, "cluster");
            const QString userName = scalar(context.body, "user");
            c.settings.insert(QStringLiteral("context"), name);
            c.settings.insert(QStringLiteral("cluster"), clusterName);
            c.settings.insert(QStringLiteral("user"), userName);
            if (const QString ns = scalar(context.body, "namespace"); !ns.isEmpty())
                c.settings.insert(QStringLiteral("namespace"), ns);
            if (name == merged.currentContext)
                c.settings.insert(QStringLiteral("current"), true);

            if (const auto cluster = merged.clusters.find(clusterName); cluster != merged.clusters.end())
                readCluster(cluster->second, c);
            else
                c.warnings.append(
                    Importers::tr("The context names cluster “%1”, which is not defined").arg(clusterName));
            if (userName.isEmpty()) {
                // No user: anonymous access, legitimate against some clusters.
            } else if (const auto user = merged.users.find(userName); user != merged.users.end()) {
                readUser(user->second, c);
            } else {
                c.warnings.append(Importers::tr("The context names user “%1”, which is not defined").arg(userName));
            }
            if (!c.settings.contains(QStringLiteral("auth")))
                c.settings.insert(QStringLiteral("auth"), QStringList());
            for (const QString &other : merged.shadowedContexts.value(name))
                c.warnings.append(
                    Importers::tr("Context “%1” is also defined in %2; the first definition wins").arg(name, other));
        } catch (const std::exception &e) {
            result.problems.append(problemAt(
                context.file, YAML::Mark::null_mark(),
                Importers::tr("Could not read context “%1”: %2").arg(name, QString::fromLocal8Bit(e.what()))));
            continue;
        }
        result.candidates.append(c);
    }
    return result;
}

ImportResult importKubeconfig(QByteArrayView yaml, const QString &fileName)
{
    return importKubeconfigFiles({ImportSource{yaml.toByteArray(), fileName}});
}

} // namespace nephele::models
