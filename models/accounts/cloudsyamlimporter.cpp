// openstacksdk's clouds.yaml: `clouds:` maps cloud names to their auth and connection settings.
//
// Candidate settings: every non-secret key of `auth` with '_' written '-' (username, user-id,
// project-name, project-id, project-domain-name, user-domain-name, domain-name,
// application-credential-id, application-credential-name, ...), auth-type, region (region_name or
// the first of regions), regions, interface, identity-api-version, verify (bool), cacert, cert,
// key (paths), profile. Endpoint: auth_url. Secrets: password, application-credential-secret,
// token, totp.

#include "importers.h"
#include "importsupport.h"

namespace nephele::models {

using namespace importsupport;

namespace {

QString settingKey(const QString &yamlKey)
{
    QString key = yamlKey;
    return key.replace(u'_', u'-');
}

ImportCandidate readCloud(const QString &name, const YAML::Node &cloud, const QString &file)
{
    ImportCandidate c;
    c.provider = QStringLiteral("openstack");
    c.name = name;
    c.sourceFile = file;

    const YAML::Node auth = child(cloud, "auth");
    if (auth.IsDefined() && auth.IsMap()) {
        static const QStringList secretKeys = {QStringLiteral("password"),
                                               QStringLiteral("application_credential_secret"), QStringLiteral("token"),
                                               QStringLiteral("passcode"), QStringLiteral("totp")};
        for (auto it = auth.begin(); it != auth.end(); ++it) {
            const QString key = scalar(it->first);
            const QString value = scalar(it->second);
            if (key.isEmpty() || value.isEmpty())
                continue;
            if (key == u"auth_url")
                c.endpoint = value;
            else if (secretKeys.contains(key))
                c.secrets.insert(settingKey(key), value);
            else
                c.settings.insert(settingKey(key), value);
        }
    }
    for (const char *key : {"auth_type", "interface", "identity_api_version", "profile"}) {
        if (const QString v = scalar(cloud, key); !v.isEmpty())
            c.settings.insert(settingKey(QLatin1String(key)), v);
    }
    for (const char *key : {"cacert", "cert", "key"}) { // file paths
        if (const QString v = scalar(cloud, key); !v.isEmpty())
            c.settings.insert(QLatin1String(key), resolvePath(v, file));
    }
    QStringList regions;
    const YAML::Node regionList = child(cloud, "regions");
    if (regionList.IsDefined() && regionList.IsSequence()) {
        for (const YAML::Node &r : regionList) {
            const QString region = isScalar(r) ? scalar(r) : scalar(r, "name"); // a name or {name:, values:}
            if (!region.isEmpty())
                regions.append(region);
        }
    }
    QString region = scalar(cloud, "region_name");
    if (region.isEmpty() && !regions.isEmpty())
        region = regions.first();
    if (!region.isEmpty())
        c.settings.insert(QStringLiteral("region"), region);
    if (!regions.isEmpty())
        c.settings.insert(QStringLiteral("regions"), regions);

    if (const YAML::Node verify = child(cloud, "verify"); isScalar(verify)) {
        const QString v = scalar(verify).toLower();
        const bool off = v == u"false" || v == u"no" || v == u"off" || v == u"n";
        c.settings.insert(QStringLiteral("verify"), !off);
        if (off)
            c.warnings.append(Importers::tr("verify is false: the server's certificate is not checked"));
    }
    if (c.endpoint.isEmpty()) {
        const QString profile = scalar(cloud, "profile");
        c.warnings.append(
            profile.isEmpty()
                ? Importers::tr("The cloud has no auth_url")
                : Importers::tr("The cloud has no auth_url; it comes from the vendor profile “%1”").arg(profile));
    }
    const QString authType = scalar(cloud, "auth_type");
    if (authType.contains(u"applicationcredential") &&
        !c.secrets.contains(QStringLiteral("application-credential-secret")))
        c.warnings.append(Importers::tr("The application credential has no secret (it may be in secure.yaml)"));
    if ((authType.isEmpty() || authType.contains(u"password")) && c.settings.contains(QStringLiteral("username")) &&
        !c.secrets.contains(QStringLiteral("password")))
        c.warnings.append(Importers::tr("The cloud has a username but no password (it may be in secure.yaml)"));
    return c;
}

} // namespace

ImportResult importCloudsYaml(QByteArrayView yaml, const QString &fileName)
{
    ImportResult result;
    try {
        const std::optional<YAML::Node> doc = loadYaml(yaml, fileName, result.problems);
        if (!doc || !doc->IsDefined() || doc->IsNull())
            return result;
        const YAML::Node clouds = child(*doc, "clouds");
        if (!clouds.IsDefined() || !clouds.IsMap()) {
            result.problems.append(problemAt(fileName, clouds.IsDefined() ? clouds.Mark() : doc->Mark(),
                                             Importers::tr("Not a clouds.yaml file: expected a “clouds” mapping")));
            return result;
        }
        for (auto it = clouds.begin(); it != clouds.end(); ++it) {
            const QString name = scalar(it->first);
            if (name.isEmpty() || !it->second.IsMap()) {
                result.problems.append(
                    problemAt(fileName, it->second.Mark(), Importers::tr("Cloud “%1” should be a mapping").arg(name)));
                continue;
            }
            result.candidates.append(readCloud(name, it->second, fileName));
        }
    } catch (const std::exception &e) {
        result.problems.append(
            problemAt(fileName, YAML::Mark::null_mark(),
                      Importers::tr("Could not read clouds.yaml: %1").arg(QString::fromLocal8Bit(e.what()))));
    }
    return result;
}

} // namespace nephele::models
