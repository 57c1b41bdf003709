// The AWS CLI's shared files. ~/.aws/credentials names profiles [name]; ~/.aws/config names them
// [default] or [profile name] and may hold [sso-session name] and [services name] sections.
//
// Candidate settings: profile, plus every non-secret key of the profile under its own name
// (region, output, role_arn, source_profile, sso_start_url, credential_process, endpoint_url, ...);
// sso_start_url and sso_region are copied in from the profile's sso-session.
// Secrets: access-key-id, secret-access-key, session-token.

#include "importers.h"
#include "importsupport.h"

namespace nephele::models {

using namespace importsupport;

namespace {

struct IniSection {
    QString name;
    QList<std::pair<QString, QString>> values; // in order; nested sub-sections are skipped
};

// botocore's rules: full-line comments (# or ;), [section], key = value, and indented lines
// under a key with an empty value (a nested block such as `s3 =`). Lines that are none of these
// are problems; the rest of the file is still read.
QList<IniSection> parseIni(QByteArrayView bytes, const QString &file, QList<ImportProblem> &problems)
{
    QList<IniSection> sections;
    const QString text = QString::fromUtf8(bytes);
    const QStringList lines = text.split(u'\n');
    bool inNestedBlock = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(u'\r'))
            line.chop(1);
        const int lineNumber = int(i) + 1;
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#') || trimmed.startsWith(u';'))
            continue;
        const bool indented = line.at(0).isSpace();
        if (indented && inNestedBlock)
            continue;
        inNestedBlock = false;
        if (trimmed.startsWith(u'[')) {
            const qsizetype close = trimmed.indexOf(u']');
            if (close < 0) {
                problems.append(
                    {file, lineNumber, int(line.indexOf(u'[')) + 1, Importers::tr("Section header without “]”")});
                sections.append({QString(), {}}); // keys up to the next header belong to no profile
                continue;
            }
            sections.append({trimmed.mid(1, close - 1).trimmed(), {}});
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq < 0) {
            problems.append({file, lineNumber, int(line.indexOf(trimmed)) + 1,
                             Importers::tr("Expected “key = value” or “[section]”")});
            continue;
        }
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (key.isEmpty()) {
            problems.append({file, lineNumber, int(eq) + 1, Importers::tr("A value without a key")});
            continue;
        }
        if (sections.isEmpty()) {
            problems.append({file, lineNumber, 1, Importers::tr("“%1” is outside any [section]").arg(key)});
            continue;
        }
        if (value.isEmpty())
            inNestedBlock = true;
        sections.last().values.append({key, value});
    }
    return sections;
}

struct Profile {
    QString name;
    QString sourceFile;
    QList<std::pair<QString, QString>> values;

    QString value(const QString &key) const
    {
        for (const auto &[k, v] : values) {
            if (k == key)
                return v;
        }
        return {};
    }
    bool has(const QString &key) const
    {
        for (const auto &kv : values) {
            if (kv.first == key)
                return true;
        }
        return false;
    }
};

QString secretKind(const QString &key)
{
    if (key == u"aws_access_key_id")
        return QStringLiteral("access-key-id");
    if (key == u"aws_secret_access_key")
        return QStringLiteral("secret-access-key");
    if (key == u"aws_session_token" || key == u"aws_security_token")
        return QStringLiteral("session-token");
    return {};
}

} // namespace

ImportResult importAwsCredentials(QByteArrayView credentialsIni, QByteArrayView configIni,
                                  const QString &credentialsFile, const QString &configFile)
{
    ImportResult result;
    QList<Profile> profiles;
    auto profileNamed = [&](const QString &name, const QString &file) -> Profile & {
        for (Profile &p : profiles) {
            if (p.name == name)
                return p;
        }
        profiles.append({name, file, {}});
        return profiles.last();
    };
    auto addValues = [](Profile &p, const IniSection &s) {
        for (const auto &[key, value] : s.values) {
            if (!p.has(key)) // credentials are read first and win; within a file, the first value wins
                p.values.append({key, value});
        }
    };

    for (const IniSection &s : parseIni(credentialsIni, credentialsFile, result.problems)) {
        if (!s.name.isEmpty())
            addValues(profileNamed(s.name, credentialsFile), s);
    }
    QMap<QString, IniSection> ssoSessions;
    const QList<IniSection> configSections = parseIni(configIni, configFile, result.problems);
    for (const IniSection &s : configSections) {
        if (s.name.startsWith(u"sso-session "))
            ssoSessions.insert(s.name.mid(12).trimmed(), s);
    }
    for (const IniSection &s : configSections) {
        QString name;
        if (s.name == u"default")
            name = s.name;
        else if (s.name.startsWith(u"profile "))
            name = s.name.mid(8).trimmed();
        if (name.isEmpty())
            continue; // sso-session, services, or a section the CLI ignores too
        addValues(profileNamed(name, configFile), s);
    }

    for (const Profile &p : std::as_const(profiles)) {
        ImportCandidate c;
        c.provider = QStringLiteral("aws");
        c.name = p.name;
        c.sourceFile = p.sourceFile;
        c.settings.insert(QStringLiteral("profile"), p.name);
        for (const auto &[key, value] : p.values) {
            if (const QString kind = secretKind(key); !kind.isEmpty()) {
                if (!value.isEmpty())
                    c.secrets.insert(kind, value);
            } else if (!value.isEmpty()) {
                c.settings.insert(key, value);
            }
        }
        if (const QString session = p.value(QStringLiteral("sso_session")); !session.isEmpty()) {
            if (ssoSessions.contains(session)) {
                for (const auto &[key, value] : ssoSessions.value(session).values) {
                    if (!c.settings.contains(key) && !value.isEmpty() && secretKind(key).isEmpty())
                        c.settings.insert(key, value);
                }
            } else {
                c.warnings.append(
                    Importers::tr("The profile names sso-session “%1”, which is not defined").arg(session));
            }
        }
        c.endpoint = c.settings.value(QStringLiteral("endpoint_url")).toString();

        const bool hasKeyId = c.secrets.contains(QStringLiteral("access-key-id"));
        const bool hasSecret = c.secrets.contains(QStringLiteral("secret-access-key"));
        if (hasKeyId != hasSecret)
            c.warnings.append(hasKeyId ? Importers::tr("aws_access_key_id is set without aws_secret_access_key")
                                       : Importers::tr("aws_secret_access_key is set without aws_access_key_id"));
        if (c.secrets.contains(QStringLiteral("session-token")))
            c.warnings.append(
                Importers::tr("aws_session_token is set: these are temporary credentials and will expire"));
        const bool hasOtherSource = c.settings.contains(QStringLiteral("role_arn")) ||
                                    c.settings.contains(QStringLiteral("credential_process")) ||
                                    c.settings.contains(QStringLiteral("sso_start_url")) ||
                                    c.settings.contains(QStringLiteral("sso_session")) ||
                                    c.settings.contains(QStringLiteral("web_identity_token_file"));
        if (!hasKeyId && !hasSecret && !hasOtherSource)
            c.warnings.append(Importers::tr("The profile has no credentials"));
        result.candidates.append(c);
    }
    return result;
}

} // namespace nephele::models
