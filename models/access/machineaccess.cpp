#include "machineaccess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace nephele::models {

namespace {

constexpr int kSchema = 1;

QJsonObject toJsonObject(const QString &accountId, const QString &machineId, const MachineAccess &a)
{
    QJsonObject o;
    o.insert(QStringLiteral("account"), accountId);
    if (!machineId.isEmpty())
        o.insert(QStringLiteral("machine"), machineId);
    auto put = [&o](const char *name, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(name), value);
    };
    put("user", a.user);
    if (a.port != 0)
        o.insert(QStringLiteral("port"), int(a.port));
    put("keyFile", a.keyFile);
    put("keychainEntry", a.keychainEntry);
    put("host", a.host);
    put("knownHostsFile", a.knownHostsFile);
    return o;
}

MachineAccess fromJsonObject(const QJsonObject &o)
{
    MachineAccess a;
    a.user = o.value(QStringLiteral("user")).toString();
    const int port = o.value(QStringLiteral("port")).toInt(0);
    a.port = (port > 0 && port < 65536) ? quint16(port) : quint16(0);
    a.keyFile = o.value(QStringLiteral("keyFile")).toString();
    a.keychainEntry = o.value(QStringLiteral("keychainEntry")).toString();
    a.host = o.value(QStringLiteral("host")).toString();
    a.knownHostsFile = o.value(QStringLiteral("knownHostsFile")).toString();
    return a;
}

} // namespace

MachineAccess MachineAccess::over(const MachineAccess &fallback) const
{
    MachineAccess r = *this;
    auto pick = [](QString &mine, const QString &theirs) {
        if (mine.isEmpty())
            mine = theirs;
    };
    pick(r.user, fallback.user);
    if (r.port == 0)
        r.port = fallback.port;
    // A key is one choice: a file or a keychain entry, never half of each.
    if (r.keyFile.isEmpty() && r.keychainEntry.isEmpty()) {
        r.keyFile = fallback.keyFile;
        r.keychainEntry = fallback.keychainEntry;
    }
    pick(r.host, fallback.host);
    pick(r.knownHostsFile, fallback.knownHostsFile);
    return r;
}

QString chooseAddress(const QStringList &publicIps, const QStringList &privateIps)
{
    for (const QStringList *list : {&publicIps, &privateIps}) {
        for (const QString &ip : *list) {
            if (!ip.trimmed().isEmpty())
                return ip.trimmed();
        }
    }
    return {};
}

ssh::SshConnectOptions connectOptions(const MachineAccess &access, const QString &address)
{
    ssh::SshConnectOptions options;
    options.host = access.host.isEmpty() ? address : access.host;
    options.port = access.port;
    options.user = access.user;
    if (!access.keyFile.isEmpty())
        options.identityFiles.append(access.keyFile);
    if (!access.keychainEntry.isEmpty())
        options.privateKeyName = access.keychainEntry; // the caller reads the key from the keychain
    options.knownHostsFile = access.knownHostsFile;
    return options;
}

MachineAccessStore::MachineAccessStore(QString filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(std::move(filePath))
{}

QString MachineAccessStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/nephele/machine-access.json");
}

QString MachineAccessStore::key(const QString &accountId, const QString &machineId)
{
    return accountId + QLatin1Char('\n') + machineId;
}

Expected<void, QString> MachineAccessStore::load()
{
    m_entries.clear();
    if (!isPersistent())
        return {};
    QFile file(m_filePath);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Unexpected(tr("Cannot read %1: %2").arg(m_filePath, file.errorString()));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Unexpected(
            tr("%1 is not valid JSON (%2); SSH logins were not loaded.").arg(m_filePath, error.errorString()));
    Table entries;
    const QJsonArray list = doc.object().value(QStringLiteral("access")).toArray();
    for (const auto &value : list) {
        const QJsonObject o = value.toObject();
        const QString accountId = o.value(QStringLiteral("account")).toString();
        if (accountId.isEmpty())
            continue;
        entries.insert(key(accountId, o.value(QStringLiteral("machine")).toString()), fromJsonObject(o));
    }
    m_entries = std::move(entries);
    Q_EMIT changed();
    return {};
}

std::optional<MachineAccess> MachineAccessStore::machineAccess(const QString &accountId, const QString &machineId) const
{
    if (machineId.isEmpty())
        return std::nullopt;
    const auto it = m_entries.constFind(key(accountId, machineId));
    return it == m_entries.cend() ? std::nullopt : std::optional(*it);
}

std::optional<MachineAccess> MachineAccessStore::accountDefault(const QString &accountId) const
{
    const auto it = m_entries.constFind(key(accountId, {}));
    return it == m_entries.cend() ? std::nullopt : std::optional(*it);
}

MachineAccess MachineAccessStore::resolve(const QString &accountId, const QString &machineId) const
{
    const MachineAccess fallback = accountDefault(accountId).value_or(MachineAccess{});
    return machineAccess(accountId, machineId).value_or(MachineAccess{}).over(fallback);
}

Expected<void, QString> MachineAccessStore::setMachineAccess(const QString &accountId, const QString &machineId,
                                                             const MachineAccess &access)
{
    if (accountId.isEmpty() || machineId.isEmpty())
        return Unexpected(tr("A machine needs its account and its id."));
    Table next = m_entries;
    if (access.isEmpty())
        next.remove(key(accountId, machineId));
    else
        next.insert(key(accountId, machineId), access);
    return commit(std::move(next));
}

Expected<void, QString> MachineAccessStore::setAccountDefault(const QString &accountId, const MachineAccess &access)
{
    if (accountId.isEmpty())
        return Unexpected(tr("An account default needs the account's id."));
    Table next = m_entries;
    if (access.isEmpty())
        next.remove(key(accountId, {}));
    else
        next.insert(key(accountId, {}), access);
    return commit(std::move(next));
}

Expected<void, QString> MachineAccessStore::forgetMachine(const QString &accountId, const QString &machineId)
{
    return setMachineAccess(accountId, machineId, {});
}

Expected<void, QString> MachineAccessStore::forgetAccount(const QString &accountId)
{
    Table next = m_entries;
    const QString prefix = accountId + QLatin1Char('\n');
    next.removeIf([&prefix](const Table::iterator &it) { return it.key().startsWith(prefix); });
    return commit(std::move(next));
}

QByteArray MachineAccessStore::toJson() const
{
    QStringList keys = m_entries.keys();
    keys.sort(); // a stable file, so a diff of it reads well
    QJsonArray list;
    for (const QString &k : keys) {
        const qsizetype split = k.indexOf(QLatin1Char('\n'));
        list.append(toJsonObject(k.left(split), k.mid(split + 1), m_entries.value(k)));
    }
    QJsonObject root;
    root.insert(QStringLiteral("schema"), kSchema);
    root.insert(QStringLiteral("access"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Expected<void, QString> MachineAccessStore::commit(Table next)
{
    std::swap(m_entries, next);
    if (isPersistent()) {
        // Written whole to a temporary file and renamed over the old one, like accounts.json:
        // a crash leaves the old file or the new one, never half of each.
        const QString folder = QFileInfo(m_filePath).absolutePath();
        QSaveFile file(m_filePath);
        QString problem;
        if (!QDir().mkpath(folder))
            problem = tr("Cannot create the folder %1").arg(folder);
        else if (!file.open(QIODevice::WriteOnly))
            problem = tr("Cannot write %1: %2").arg(m_filePath, file.errorString());
        else {
            file.write(toJson());
            if (!file.commit())
                problem = tr("Cannot write %1: %2").arg(m_filePath, file.errorString());
        }
        if (!problem.isEmpty()) {
            std::swap(m_entries, next); // roll back: memory matches the file
            return Unexpected(problem);
        }
    }
    Q_EMIT changed();
    return {};
}

} // namespace nephele::models
