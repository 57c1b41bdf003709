// doctl's config.yaml: `access-token` for the default context, `auth-contexts` mapping further
// context names to tokens, `context` naming the current one and `api-url` overriding the API.
//
// Candidate settings: context, current (bool). Secrets: token.

#include "importers.h"
#include "importsupport.h"

namespace nephele::models {

using namespace importsupport;

namespace {

ImportCandidate doctlCandidate(const QString &context, const QString &token, const QString &file,
                               const QString &endpoint, const QString &current)
{
    ImportCandidate c;
    c.provider = QStringLiteral("digitalocean");
    c.name = context;
    c.sourceFile = file;
    c.endpoint = endpoint;
    c.settings.insert(QStringLiteral("context"), context);
    if (context == current)
        c.settings.insert(QStringLiteral("current"), true);
    c.secrets.insert(QStringLiteral("token"), token);
    return c;
}

} // namespace

ImportResult importDoctlConfig(QByteArrayView yaml, const QString &fileName)
{
    ImportResult result;
    try {
        const std::optional<YAML::Node> doc = loadYaml(yaml, fileName, result.problems);
        if (!doc || !doc->IsDefined() || doc->IsNull())
            return result;
        if (!doc->IsMap()) {
            result.problems.append(
                problemAt(fileName, doc->Mark(), Importers::tr("Not a doctl config file: expected a mapping")));
            return result;
        }
        QString endpoint = scalar(*doc, "api-url");
        if (endpoint.isEmpty())
            endpoint = QStringLiteral("https://api.digitalocean.com");
        QString current = scalar(*doc, "context");
        if (current.isEmpty())
            current = QStringLiteral("default");

        const QString defaultToken = scalar(*doc, "access-token");
        if (!defaultToken.isEmpty())
            result.candidates.append(
                doctlCandidate(QStringLiteral("default"), defaultToken, fileName, endpoint, current));
        const YAML::Node contexts = child(*doc, "auth-contexts");
        if (contexts.IsDefined() && contexts.IsMap()) {
            for (auto it = contexts.begin(); it != contexts.end(); ++it) {
                const QString name = scalar(it->first);
                const QString token = scalar(it->second);
                if (name.isEmpty() || token.isEmpty())
                    continue; // `doctl auth remove` leaves nothing behind, but hand edits may
                if (name == u"default" && !defaultToken.isEmpty())
                    continue; // access-token is the default context's token
                result.candidates.append(doctlCandidate(name, token, fileName, endpoint, current));
            }
        } else if (contexts.IsDefined() && !contexts.IsNull()) {
            result.problems.append(
                problemAt(fileName, contexts.Mark(), Importers::tr("“auth-contexts” should be a mapping")));
        }
    } catch (const std::exception &e) {
        result.problems.append(
            problemAt(fileName, YAML::Mark::null_mark(),
                      Importers::tr("Could not read the doctl config: %1").arg(QString::fromLocal8Bit(e.what()))));
    }
    return result;
}

} // namespace nephele::models
