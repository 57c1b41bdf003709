// discover(): the only importer code that reads files. Each format's reader lives in its own
// file (kubeconfigimporter.cpp, awsimporter.cpp, ...).

#include "importers.h"
#include "importsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <optional>

namespace nephele::models {

using namespace importsupport;

namespace {

// The file's bytes; nullopt when it does not exist (silently) or cannot be read (a problem).
std::optional<QByteArray> readIfPresent(const QString &path, QList<ImportProblem> &problems)
{
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists())
        return std::nullopt;
    QFile file(path);
    if (info.isDir() || !file.open(QIODevice::ReadOnly)) {
        problems.append({path, 0, 0,
                         Importers::tr("Could not read the file: %1")
                             .arg(info.isDir() ? Importers::tr("it is a folder") : file.errorString())});
        return std::nullopt;
    }
    return file.readAll();
}

QString xdgConfigHome(const QString &home, const QProcessEnvironment &env)
{
    const QString xdg = env.value(QStringLiteral("XDG_CONFIG_HOME"));
    // The XDG spec ignores relative values.
    return !xdg.isEmpty() && QDir::isAbsolutePath(xdg) ? xdg : home + QStringLiteral("/.config");
}

QString envOr(const QProcessEnvironment &env, const char *name, const QString &fallback)
{
    const QString value = env.value(QLatin1String(name));
    return value.isEmpty() ? fallback : value;
}

} // namespace

ImportResult discover(const QString &home, const QProcessEnvironment &env)
{
    ImportResult result;
    const QString config = xdgConfigHome(home, env);

    // Kubernetes: $KUBECONFIG's files merged in order, else ~/.kube/config.
    QStringList kubeFiles;
    for (const QString &path :
         env.value(QStringLiteral("KUBECONFIG")).split(QDir::listSeparator(), Qt::SkipEmptyParts)) {
        if (!kubeFiles.contains(path))
            kubeFiles.append(path);
    }
    if (kubeFiles.isEmpty())
        kubeFiles.append(home + QStringLiteral("/.kube/config"));
    QList<ImportSource> kubeSources;
    for (const QString &path : std::as_const(kubeFiles)) {
        if (auto bytes = readIfPresent(path, result.problems))
            kubeSources.append({*bytes, path});
    }
    if (!kubeSources.isEmpty())
        result.append(importKubeconfigFiles(kubeSources));

    // AWS: both files make one set of profiles.
    const QString awsCredentials =
        envOr(env, "AWS_SHARED_CREDENTIALS_FILE", home + QStringLiteral("/.aws/credentials"));
    const QString awsConfig = envOr(env, "AWS_CONFIG_FILE", home + QStringLiteral("/.aws/config"));
    const auto credentialsBytes = readIfPresent(awsCredentials, result.problems);
    const auto configBytes = readIfPresent(awsConfig, result.problems);
    if (credentialsBytes || configBytes)
        result.append(importAwsCredentials(credentialsBytes.value_or(QByteArray()), configBytes.value_or(QByteArray()),
                                           awsCredentials, awsConfig));

    // OpenStack: openstacksdk reads the first clouds.yaml it finds. $PWD stands for the current
    // folder so that the caller's environment decides, not this process's.
    QStringList cloudsFiles;
    if (const QString explicitFile = env.value(QStringLiteral("OS_CLIENT_CONFIG_FILE")); !explicitFile.isEmpty())
        cloudsFiles.append(explicitFile);
    if (const QString pwd = env.value(QStringLiteral("PWD")); !pwd.isEmpty())
        cloudsFiles.append(pwd + QStringLiteral("/clouds.yaml"));
    cloudsFiles.append(config + QStringLiteral("/openstack/clouds.yaml"));
    cloudsFiles.append(QStringLiteral("/etc/openstack/clouds.yaml"));
    for (const QString &path : std::as_const(cloudsFiles)) {
        if (!QFileInfo::exists(path))
            continue;
        if (auto bytes = readIfPresent(path, result.problems))
            result.append(importCloudsYaml(*bytes, path));
        break;
    }

    const QString doctl = config + QStringLiteral("/doctl/config.yaml");
    if (auto bytes = readIfPresent(doctl, result.problems))
        result.append(importDoctlConfig(*bytes, doctl));

    const QString hcloud = envOr(env, "HCLOUD_CONFIG", config + QStringLiteral("/hcloud/cli.toml"));
    if (auto bytes = readIfPresent(hcloud, result.problems))
        result.append(importHcloudConfig(*bytes, hcloud));

    const QString ssh = home + QStringLiteral("/.ssh/config");
    if (auto bytes = readIfPresent(ssh, result.problems))
        result.append(importSshConfig(*bytes, ssh));

    return result;
}

} // namespace nephele::models
