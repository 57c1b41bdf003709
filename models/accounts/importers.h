#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QVariantMap>

// Importers for the credentials users already have on disk: kubeconfig, the AWS shared
// config/credentials files, OpenStack's clouds.yaml, doctl's config.yaml, hcloud's cli.toml and
// ~/.ssh/config. Each importer is a pure function from a file's bytes to candidates (nothing is
// read, written or logged); only discover() touches the file system.
//
//   const ImportResult found = discover(QDir::homePath(), QProcessEnvironment::systemEnvironment());
//   for (const ImportCandidate &c : found.candidates)
//       wizard->offer(c);               // secrets go to the keychain only, never to settings
//   for (const ImportProblem &p : found.problems)
//       wizard->showProblem(p);         // "file:line:column: message"
//
// A file that does not parse gives an ImportProblem (1-based line and column, 0 when unknown);
// the other entries of line-oriented files (INI, TOML, ssh_config) and every other file still give
// their candidates. Nothing here throws.
namespace nephele::models {

struct ImportCandidate {
    QString provider;   // "kubernetes", "aws", "openstack", "digitalocean", "hetzner", "ssh"
    QString name;       // suggested account name: context, profile, cloud or host alias
    QString sourceFile; // the file that defined it
    QString endpoint;   // API URL, server, auth_url or host:port, where the format has one
    // Non-secret settings (region, project, user, port, identity files, context, cluster,
    // namespace, insecure flag, CA file or data, exec plugin command, ...). Each format's keys
    // are listed at the top of its reader (kubeconfigimporter.cpp, awsimporter.cpp, ...).
    QVariantMap settings;
    // Secret values by kind ("token", "password", "client-key-data", "secret-access-key", ...),
    // for the keychain only.
    QMap<QString, QString> secrets;
    QStringList warnings; // translated, for the user, e.g. "insecure-skip-tls-verify is set"
};

struct ImportProblem {
    QString file;
    int line = 0;   // 1-based, 0 when unknown
    int column = 0; // 1-based, 0 when unknown
    QString message;
};

struct ImportResult {
    QList<ImportCandidate> candidates;
    QList<ImportProblem> problems;

    void append(const ImportResult &other)
    {
        candidates += other.candidates;
        problems += other.problems;
    }
};

// One file's bytes and its name, for importers that merge several files.
struct ImportSource {
    QByteArray bytes;
    QString fileName;
};

// Every context becomes a candidate, its cluster and user resolved. Relative paths (CA, client
// certificate and key, token file) are resolved against the folder of the file that names them.
ImportResult importKubeconfig(QByteArrayView yaml, const QString &fileName);
// Several kubeconfig files merged the way kubectl merges $KUBECONFIG: for clusters, users and
// contexts of the same name and for current-context, the first file wins; a context may name a
// cluster or user from another file.
ImportResult importKubeconfigFiles(const QList<ImportSource> &files);
// Profiles from ~/.aws/credentials ([name]) and ~/.aws/config ([default], [profile name]), merged
// by name; keys in credentials win. Either file may be empty.
ImportResult importAwsCredentials(QByteArrayView credentialsIni, QByteArrayView configIni,
                                  const QString &credentialsFile, const QString &configFile);
ImportResult importCloudsYaml(QByteArrayView yaml, const QString &fileName);
ImportResult importDoctlConfig(QByteArrayView yaml, const QString &fileName);
ImportResult importHcloudConfig(QByteArrayView toml, const QString &fileName);
// Host blocks with at least one literal alias; options are resolved the way ssh does (first value
// wins, across every matching Host block and the global section). Include is not followed.
ImportResult importSshConfig(QByteArrayView bytes, const QString &fileName);

// Reads the standard locations under `home`, honouring `env`: KUBECONFIG (':'-separated) or
// ~/.kube/config; AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE or ~/.aws/{credentials,config};
// OS_CLIENT_CONFIG_FILE, then $PWD/clouds.yaml, $XDG_CONFIG_HOME/openstack/clouds.yaml and
// /etc/openstack/clouds.yaml (the first that exists, as openstacksdk does);
// $XDG_CONFIG_HOME/doctl/config.yaml; HCLOUD_CONFIG or $XDG_CONFIG_HOME/hcloud/cli.toml;
// ~/.ssh/config. XDG_CONFIG_HOME defaults to home/.config. Missing files are skipped silently;
// unreadable ones are problems.
ImportResult discover(const QString &home, const QProcessEnvironment &env);

} // namespace nephele::models
