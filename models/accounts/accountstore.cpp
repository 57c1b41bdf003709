#include "accountstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <array>

namespace nephele::models {

namespace {

// The endpoint's query items as a settings object: one string per key, or a list for a key that
// repeats (in its order). Values stay as QUrl shows them (PrettyDecoded), so they round-trip exactly.
QJsonObject settingsOf(const QUrlQuery &query)
{
    QJsonObject settings;
    const auto items = query.queryItems(QUrl::PrettyDecoded);
    for (const auto &[key, value] : items) {
        if (settings.contains(key))
            continue;
        const QStringList values = query.allQueryItemValues(key, QUrl::PrettyDecoded);
        settings.insert(key, values.size() == 1 ? QJsonValue(values.first())
                                                : QJsonValue(QJsonArray::fromStringList(values)));
    }
    return settings;
}

// The endpoint (schema 1) split into its address and its settings (schema 2).
void splitEndpoint(QJsonObject &entry)
{
    QUrl endpoint(entry.value(QStringLiteral("endpoint")).toString());
    const QUrlQuery query(endpoint);
    if (query.isEmpty())
        return;
    endpoint.setQuery(QString());
    entry.insert(QStringLiteral("endpoint"), endpoint.toString());
    entry.insert(QStringLiteral("settings"), settingsOf(query));
}

QJsonObject toJson(const Account &a)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), a.id);
    o.insert(QStringLiteral("name"), a.name);
    o.insert(QStringLiteral("provider"), a.provider);
    o.insert(QStringLiteral("endpoint"), a.endpoint.toString());
    splitEndpoint(o);
    if (!a.caCertificateFile.isEmpty())
        o.insert(QStringLiteral("caCertificateFile"), a.caCertificateFile);
    o.insert(QStringLiteral("allowPlainHttp"), a.allowPlainHttp);
    o.insert(QStringLiteral("enabled"), a.enabled);
    // Only when set, so the settings of an ordinary account keep exactly their non-secret keys.
    if (a.needsToken)
        o.insert(QStringLiteral("needsToken"), true);
    return o;
}

// One migration step per schema: kMigrations[n - 1] takes a document of schema n to n + 1. A step
// only reshapes JSON; fromJson() reads the current schema alone.
QJsonObject endpointSettingsApart(QJsonObject root) // 1 -> 2
{
    QJsonArray list = root.value(QStringLiteral("accounts")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QJsonObject account = list.at(i).toObject();
        splitEndpoint(account);
        list.replace(i, account);
    }
    root.insert(QStringLiteral("accounts"), list);
    root.insert(QStringLiteral("schema"), 2);
    return root;
}

using Migration = QJsonObject (*)(QJsonObject);
constexpr std::array<Migration, AccountStore::SchemaVersion - 1> kMigrations = {&endpointSettingsApart};

QJsonObject migrate(QJsonObject root, int from)
{
    for (int schema = from; schema < AccountStore::SchemaVersion; ++schema)
        root = kMigrations[size_t(schema - 1)](std::move(root));
    return root;
}

const QString kExportFormat = QStringLiteral("nephele-accounts");

// Line and column (both from 1) of byte `offset` in `bytes`, for a parse error a user can find.
std::pair<int, int> lineAndColumn(const QByteArray &bytes, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, bytes.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (bytes.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, int(offset - lineStart) + 1};
}

std::optional<Account> fromJson(const QJsonObject &o)
{
    Account a;
    a.id = o.value(QStringLiteral("id")).toString();
    a.name = o.value(QStringLiteral("name")).toString();
    a.provider = o.value(QStringLiteral("provider")).toString();
    a.endpoint = QUrl(o.value(QStringLiteral("endpoint")).toString());
    if (const QJsonObject settings = o.value(QStringLiteral("settings")).toObject(); !settings.isEmpty()) {
        QUrlQuery query;
        for (auto it = settings.constBegin(); it != settings.constEnd(); ++it) {
            const QStringList values = it.value().isArray() ? it.value().toVariant().toStringList()
                                                            : QStringList{it.value().toVariant().toString()};
            for (const QString &value : values)
                query.addQueryItem(it.key(), value);
        }
        a.endpoint.setQuery(query);
    }
    a.caCertificateFile = o.value(QStringLiteral("caCertificateFile")).toString();
    a.allowPlainHttp = o.value(QStringLiteral("allowPlainHttp")).toBool(false);
    a.enabled = o.value(QStringLiteral("enabled")).toBool(true);
    a.needsToken = o.value(QStringLiteral("needsToken")).toBool(false);
    if (a.id.isEmpty() || a.provider.isEmpty())
        return std::nullopt;
    return a;
}

} // namespace

AccountStore::AccountStore(const QString &folder, QObject *parent)
    : QObject(parent)
    , m_folder(folder.isEmpty() ? defaultFolder() : folder)
{}

QString AccountStore::defaultFolder()
{
    // ~/.config/nephele (XDG), whichever program asks: the console and nephele-cli share it.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/nephele");
}

QString AccountStore::filePath() const
{
    return QDir(m_folder).filePath(QStringLiteral("accounts.json"));
}

QString AccountStore::newAccountId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool AccountStore::load()
{
    m_loadError.clear();
    m_readOnly = false;
    m_migratedFrom = 0;
    m_migrationBackup.clear();
    m_accounts.clear();

    QFile file(filePath());
    if (!file.exists())
        return true; // first run
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadError = tr("Cannot read the account settings %1: %2").arg(file.fileName(), file.errorString());
        m_readOnly = true; // unreadable is not corrupt: never write over it
        return false;
    }
    const QByteArray bytes = file.readAll();
    file.close();

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    QString problem;
    QList<Account> accounts;
    if (parseError.error != QJsonParseError::NoError) {
        problem = tr("it is not valid JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset);
    } else if (!doc.isObject()) {
        problem = tr("it does not hold a JSON object");
    } else {
        QJsonObject root = doc.object();
        const int schema = root.value(QStringLiteral("schema")).toInt(-1);
        if (schema > SchemaVersion) {
            m_loadError = tr("The account settings %1 were written by a newer Nephele (schema %2). "
                             "They are left untouched and cannot be changed from this version.")
                              .arg(file.fileName())
                              .arg(schema);
            m_readOnly = true;
            return false;
        }
        if (schema < 1 || !root.value(QStringLiteral("accounts")).isArray()) {
            problem = tr("it lacks a schema version or an accounts list");
        } else {
            if (schema < SchemaVersion) {
                root = migrate(root, schema);
                m_migratedFrom = schema;
            }
            const QJsonArray list = root.value(QStringLiteral("accounts")).toArray();
            for (const auto &value : list) {
                auto account = fromJson(value.toObject());
                if (!account) {
                    problem = tr("an account entry lacks its id or provider");
                    break;
                }
                accounts.append(*account);
            }
        }
    }

    if (!problem.isEmpty()) {
        const QString aside = filePath() + QStringLiteral(".corrupt-") +
                              QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        if (QFile::rename(filePath(), aside)) {
            m_loadError = tr("The account settings could not be read because %1. The file was kept as %2; "
                             "Nephele starts with no accounts.")
                              .arg(problem, aside);
        } else {
            m_loadError = tr("The account settings %1 could not be read because %2, and could not be moved aside. "
                             "They are left untouched.")
                              .arg(filePath(), problem);
            m_readOnly = true;
        }
        return false;
    }
    m_accounts = accounts;
    if (m_migratedFrom > 0)
        keepAndRewriteMigrated(bytes);
    return true;
}

void AccountStore::keepAndRewriteMigrated(const QByteArray &original)
{
    // The old file first, so that an older Nephele (or the user) still has it; then the new one,
    // atomically. Either failing leaves the old file in place and the list usable: the next change
    // writes the new schema.
    const QString backup = filePath() + QStringLiteral(".schema%1").arg(m_migratedFrom);
    QSaveFile copy(backup);
    if (!copy.open(QIODevice::WriteOnly) || copy.write(original) != original.size() || !copy.commit())
        return;
    m_migrationBackup = backup;
    (void)save();
}

const Account *AccountStore::find(const QString &id) const
{
    for (const Account &a : m_accounts) {
        if (a.id == id)
            return &a;
    }
    return nullptr;
}

nephele::Expected<void, QString> AccountStore::add(const Account &account)
{
    if (find(account.id))
        return nephele::Unexpected(tr("An account with this id already exists."));
    return commit([&](QList<Account> &accounts) { accounts.append(account); });
}

nephele::Expected<void, QString> AccountStore::update(const Account &account)
{
    if (!find(account.id))
        return nephele::Unexpected(tr("No such account."));
    return commit([&](QList<Account> &accounts) {
        for (Account &a : accounts)
            if (a.id == account.id)
                a = account;
    });
}

nephele::Expected<void, QString> AccountStore::remove(const QString &id)
{
    return commit([&](QList<Account> &accounts) { accounts.removeIf([&](const Account &a) { return a.id == id; }); });
}

nephele::Expected<void, QString> AccountStore::rename(const QString &id, const QString &name)
{
    const Account *current = find(id);
    if (!current)
        return nephele::Unexpected(tr("No such account."));
    if (name.trimmed().isEmpty())
        return nephele::Unexpected(tr("An account needs a name."));
    Account renamed = *current;
    renamed.name = name.trimmed();
    return update(renamed);
}

nephele::Expected<void, QString> AccountStore::setEnabled(const QString &id, bool enabled)
{
    const Account *current = find(id);
    if (!current)
        return nephele::Unexpected(tr("No such account."));
    Account changed = *current;
    changed.enabled = enabled;
    return update(changed);
}

nephele::Expected<void, QString> AccountStore::markNeedsToken(const QStringList &ids)
{
    return commit([&](QList<Account> &accounts) {
        for (Account &a : accounts)
            if (ids.isEmpty() || ids.contains(a.id))
                a.needsToken = true;
    });
}

QByteArray AccountStore::exportJson(const QList<Account> &accounts)
{
    QJsonArray list;
    for (Account a : accounts) {
        a.needsToken = false; // a state of this machine's keychain, not a setting
        list.append(toJson(a));
    }
    QJsonObject root;
    root.insert(QStringLiteral("format"), kExportFormat);
    root.insert(QStringLiteral("schema"), SchemaVersion);
    root.insert(QStringLiteral("accounts"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

nephele::Expected<void, QString> AccountStore::exportTo(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return nephele::Unexpected(tr("Cannot write %1: %2").arg(path, file.errorString()));
    file.write(exportJson(m_accounts));
    if (!file.commit())
        return nephele::Unexpected(tr("Cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

nephele::Expected<AccountStore::ImportReport, QString> AccountStore::importFrom(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nephele::Unexpected(tr("Cannot read %1: %2").arg(path, file.errorString()));
    return importJson(file.readAll(), path);
}

nephele::Expected<AccountStore::ImportReport, QString> AccountStore::importJson(const QByteArray &bytes,
                                                                                const QString &sourceName)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = lineAndColumn(bytes, parseError.offset);
        return nephele::Unexpected(tr("%1 is not a valid account list: %2 at line %3, column %4 (byte offset %5).")
                                       .arg(sourceName, parseError.errorString())
                                       .arg(line)
                                       .arg(column)
                                       .arg(parseError.offset));
    }
    if (!doc.isObject())
        return nephele::Unexpected(
            tr("%1 is not a Nephele account list: it does not hold a JSON object.").arg(sourceName));
    QJsonObject root = doc.object();
    const QJsonValue format = root.value(QStringLiteral("format"));
    if (!format.isUndefined() && format.toString() != kExportFormat)
        return nephele::Unexpected(
            tr("%1 is not a Nephele account list (format \"%2\").").arg(sourceName, format.toString()));
    const int schema = root.value(QStringLiteral("schema")).toInt(-1);
    if (schema > SchemaVersion)
        return nephele::Unexpected(
            tr("%1 was written by a newer Nephele (schema %2); this version reads schema %3 at most.")
                .arg(sourceName)
                .arg(schema)
                .arg(SchemaVersion));
    if (schema < 1 || !root.value(QStringLiteral("accounts")).isArray())
        return nephele::Unexpected(
            tr("%1 is not a Nephele account list: it lacks a schema version or an accounts list.").arg(sourceName));

    root = migrate(root, schema);

    ImportReport report;
    const QJsonArray list = root.value(QStringLiteral("accounts")).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto account = fromJson(list.at(i).toObject());
        if (!account)
            return nephele::Unexpected(
                tr("%1 is not a valid account list: entry %2 lacks its id or provider.").arg(sourceName).arg(i + 1));
        account->needsToken = true; // tokens never travel in the file
        if (find(account->id) || std::any_of(report.added.cbegin(), report.added.cend(),
                                             [&](const Account &a) { return a.id == account->id; }))
            report.skipped.append(*account);
        else
            report.added.append(*account);
    }
    if (report.added.isEmpty())
        return report;
    if (auto saved = commit([&](QList<Account> &accounts) { accounts.append(report.added); }); !saved)
        return nephele::Unexpected(saved.error());
    return report;
}

nephele::Expected<void, QString> AccountStore::commit(const std::function<void(QList<Account> &)> &change)
{
    const QList<Account> previous = m_accounts;
    change(m_accounts);
    if (auto saved = save(); !saved) {
        m_accounts = previous; // the file and the list never disagree
        return saved;
    }
    Q_EMIT accountsChanged();
    return {};
}

nephele::Expected<void, QString> AccountStore::save()
{
    if (m_readOnly)
        return nephele::Unexpected(tr("The account settings are read-only: %1").arg(m_loadError));
    if (!QDir().mkpath(m_folder))
        return nephele::Unexpected(tr("Cannot create the settings folder %1.").arg(m_folder));

    QJsonArray list;
    for (const Account &a : std::as_const(m_accounts))
        list.append(toJson(a));
    QJsonObject root;
    root.insert(QStringLiteral("schema"), SchemaVersion);
    root.insert(QStringLiteral("accounts"), list);

    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly))
        return nephele::Unexpected(tr("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return nephele::Unexpected(tr("Cannot write %1: %2").arg(filePath(), file.errorString()));
    return {};
}

} // namespace nephele::models
