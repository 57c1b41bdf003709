#include "sshkeystore.h"

#include "accounts/secretstore.h"
#include "core/poolwork.h"
#include "ssh/sshkeys.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <memory>

namespace nephele::models {

namespace {

constexpr int kSchema = 1;
constexpr qsizetype kMaxNameLength = 100;
constexpr qint64 kMaxKeyFileSize = qint64(64) * 1024; // an RSA 16384 key is under 13 KiB

// To the second, as the list file keeps it: a key reads back equal to what was added.
QDateTime now()
{
    const QDateTime t = QDateTime::currentDateTimeUtc();
    return t.addMSecs(-t.time().msec());
}

template<typename T>
QFuture<T> ready(T value)
{
    return QtFuture::makeReadyFuture(std::move(value));
}

QJsonObject toJsonObject(const SshKeyEntry &k)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), k.name);
    auto put = [&o](const char *field, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(field), value);
    };
    put("type", k.type);
    put("fingerprint", k.fingerprint);
    put("publicKey", k.publicKey);
    if (k.encrypted)
        o.insert(QStringLiteral("encrypted"), true);
    put("source", k.source);
    if (k.added.isValid())
        o.insert(QStringLiteral("added"), k.added.toUTC().toString(Qt::ISODate));
    return o;
}

SshKeyEntry fromJsonObject(const QJsonObject &o)
{
    return {o.value(QStringLiteral("name")).toString(),
            o.value(QStringLiteral("type")).toString(),
            o.value(QStringLiteral("fingerprint")).toString(),
            o.value(QStringLiteral("publicKey")).toString(),
            o.value(QStringLiteral("encrypted")).toBool(),
            o.value(QStringLiteral("source")).toString(),
            QDateTime::fromString(o.value(QStringLiteral("added")).toString(), Qt::ISODate)};
}

} // namespace

struct SshKeyStore::Prepared {
    SshKeyEntry entry;
    QByteArray privateKey;
};

SshKeyStore::SshKeyStore(SecretStore *secrets, QString filePath, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
    , m_filePath(std::move(filePath))
{}

QString SshKeyStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/nephele/ssh-keys.json");
}

nephele::Expected<void, QString> SshKeyStore::load()
{
    m_keys.clear();
    m_loadError.clear();
    if (m_filePath.isEmpty())
        return {};
    QFile file(m_filePath);
    if (!file.exists())
        return {};
    QString problem;
    QHash<QString, SshKeyEntry> keys;
    if (!file.open(QIODevice::ReadOnly)) {
        problem = file.errorString();
    } else {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError)
            problem = tr("not valid JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset);
        else if (!doc.isObject() || !doc.object().value(QStringLiteral("keys")).isArray())
            problem = tr("no list of keys in it");
        else if (doc.object().value(QStringLiteral("schema")).toInt() > kSchema)
            problem = tr("written by a newer Nephele");
        for (const auto &value : doc.object().value(QStringLiteral("keys")).toArray()) {
            const SshKeyEntry entry = fromJsonObject(value.toObject());
            if (!entry.name.isEmpty())
                keys.insert(entry.name, entry);
        }
    }
    if (!problem.isEmpty()) {
        m_loadError = tr("The SSH key list %1 could not be read (%2). It is left as it is and no key can be added "
                         "or removed until it is fixed or moved away; the keys themselves stay in the keychain.")
                          .arg(m_filePath, problem);
        Q_EMIT changed();
        return Unexpected(m_loadError);
    }
    m_keys = std::move(keys);
    Q_EMIT changed();
    return {};
}

QList<SshKeyEntry> SshKeyStore::keys() const
{
    QList<SshKeyEntry> list = m_keys.values();
    std::sort(list.begin(), list.end(), [](const SshKeyEntry &a, const SshKeyEntry &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return list;
}

std::optional<SshKeyEntry> SshKeyStore::key(const QString &name) const
{
    const auto it = m_keys.constFind(name);
    return it == m_keys.cend() ? std::nullopt : std::optional(*it);
}

QString SshKeyStore::noKeychain() const
{
    return tr("No keychain is open (the demo keeps nothing), so no SSH key can be kept or read.");
}

QString SshKeyStore::checkNewName(const QString &name) const
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return tr("Give the key a name.");
    if (trimmed.size() > kMaxNameLength)
        return tr("The name is too long (at most %1 characters).").arg(kMaxNameLength);
    for (const QChar c : trimmed) {
        if (c.category() == QChar::Other_Control)
            return tr("The name cannot hold control characters.");
    }
    if (m_keys.contains(trimmed))
        return tr("A key named “%1” exists already. Choose another name, or remove that key first.").arg(trimmed);
    if (m_pending.contains(trimmed))
        return tr("A key named “%1” is being added.").arg(trimmed);
    return {};
}

QString SshKeyStore::refuseNewKey(const QString &name) const
{
    if (!m_loadError.isEmpty())
        return m_loadError;
    if (!m_secrets)
        return noKeychain();
    return checkNewName(name);
}

QFuture<SshKeyResult> SshKeyStore::addFromFile(const QString &name, const QString &path)
{
    const QString trimmed = name.trimmed();
    if (const QString why = refuseNewKey(trimmed); !why.isEmpty())
        return ready(SshKeyResult(Unexpected(why)));
    auto prepared = runOnPoolFor(this, [path, trimmed]() -> nephele::Expected<Prepared, QString> {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Unexpected(tr("Cannot read %1: %2").arg(path, file.errorString()));
        if (file.size() > kMaxKeyFileSize)
            return Unexpected(tr("%1 is too large to be a private key.").arg(path));
        Prepared p;
        p.privateKey = file.readAll();
        QByteArray publicLine;
        if (QFile pub(path + QStringLiteral(".pub")); pub.open(QIODevice::ReadOnly))
            publicLine = pub.read(kMaxKeyFileSize);
        auto described = ssh::describePrivateKey(p.privateKey, publicLine, trimmed);
        if (!described) {
            ssh::wipeSecret(p.privateKey);
            return Unexpected(tr("%1: %2").arg(path, described.error()));
        }
        p.entry = {trimmed,
                   described->type,
                   described->fingerprint,
                   described->publicKey,
                   described->encrypted,
                   QFileInfo(path).absoluteFilePath(),
                   now()};
        return p;
    });
    return store(trimmed, std::move(prepared));
}

QFuture<SshKeyResult> SshKeyStore::generate(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (const QString why = refuseNewKey(trimmed); !why.isEmpty())
        return ready(SshKeyResult(Unexpected(why)));
    auto prepared = runOnPoolFor(this, [trimmed]() -> nephele::Expected<Prepared, QString> {
        auto generated = ssh::generateEd25519Key(trimmed);
        if (!generated)
            return Unexpected(generated.error());
        const ssh::SshKeyDescription &d = generated->description;
        return Prepared{{trimmed, d.type, d.fingerprint, d.publicKey, d.encrypted, {}, now()},
                        std::move(generated->privateKey)};
    });
    return store(trimmed, std::move(prepared));
}

QFuture<SshKeyResult> SshKeyStore::store(const QString &name, QFuture<nephele::Expected<Prepared, QString>> prepared)
{
    m_pending.insert(name); // refuseNewKey() said yes; the name is taken from now on

    auto promise = std::make_shared<QPromise<SshKeyResult>>();
    promise->start();
    auto fail = [this, promise, name](const QString &why) {
        m_pending.remove(name);
        promise->addResult(SshKeyResult(Unexpected(why)));
        promise->finish();
    };
    prepared.then(this, [this, name, fail, promise](nephele::Expected<Prepared, QString> made) {
        if (!made)
            return fail(made.error());
        for (const SshKeyEntry &other : std::as_const(m_keys)) {
            if (!made->entry.fingerprint.isEmpty() && other.fingerprint == made->entry.fingerprint) {
                ssh::wipeSecret(made->privateKey);
                return fail(tr("This key is already kept as “%1”.").arg(other.name));
            }
        }
        // A keychain entry the list does not know (a list restored from a backup, another copy of
        // Nephele) is somebody's key: never write over it.
        m_secrets->read(secretKey(name))
            .then(this, [this, name, fail, promise, key = std::move(*made)](const SecretResult &existing) mutable {
                if (existing) {
                    ssh::wipeSecret(key.privateKey);
                    return fail(tr("The keychain already holds a key named “%1” that this list does not show. "
                                   "Choose another name.")
                                    .arg(name));
                }
                const QString text = QString::fromLatin1(key.privateKey);
                ssh::wipeSecret(key.privateKey);
                m_secrets->write(secretKey(name), text)
                    .then(this, [this, name, fail, promise, entry = key.entry](const SecretStatus &written) {
                        if (!written)
                            return fail(written.error());
                        QHash<QString, SshKeyEntry> next = m_keys;
                        next.insert(name, entry);
                        if (auto committed = commit(std::move(next)); !committed) {
                            m_secrets->remove(secretKey(name)); // no list entry, no secret
                            return fail(committed.error());
                        }
                        m_pending.remove(name);
                        promise->addResult(SshKeyResult(entry));
                        promise->finish();
                    });
            });
    });
    return promise->future();
}

QFuture<SshKeyStatus> SshKeyStore::remove(const QString &name)
{
    if (!m_loadError.isEmpty())
        return ready(SshKeyStatus(Unexpected(m_loadError)));
    if (!m_secrets)
        return ready(SshKeyStatus(Unexpected(noKeychain())));
    if (!m_keys.contains(name))
        return ready(SshKeyStatus(Unexpected(tr("There is no key named “%1”.").arg(name))));
    if (m_pending.contains(name))
        return ready(SshKeyStatus(Unexpected(tr("The key “%1” is being changed already.").arg(name))));
    m_pending.insert(name);
    // The keychain first: if it refuses (locked), the key stays listed and the user can retry.
    return m_secrets->remove(secretKey(name)).then(this, [this, name](const SecretStatus &removed) -> SshKeyStatus {
        m_pending.remove(name);
        if (!removed)
            return removed;
        QHash<QString, SshKeyEntry> next = m_keys;
        next.remove(name);
        if (auto committed = commit(std::move(next)); !committed)
            return Unexpected(tr("The key “%1” was deleted from the keychain, but the list could not be updated: %2")
                                  .arg(name, committed.error()));
        return {};
    });
}

QFuture<SshPrivateKeyResult> SshKeyStore::privateKey(const QString &name)
{
    if (!m_secrets)
        return ready(SshPrivateKeyResult(Unexpected(noKeychain())));
    const QString notFound = tr("The keychain holds no SSH key named “%1”, or it is locked and was not unlocked. "
                                "Unlock the keychain and reconnect; if the key is gone, add it again in "
                                "Account ▸ SSH keys… and choose it for this machine.")
                                 .arg(name);
    return m_secrets->read(secretKey(name), notFound).then(this, [](const SecretResult &read) -> SshPrivateKeyResult {
        if (!read)
            return Unexpected(read.error());
        return read->toLatin1();
    });
}

QByteArray SshKeyStore::toJson(const QHash<QString, SshKeyEntry> &keys) const
{
    QStringList names = keys.keys();
    names.sort(); // a stable file, so a diff of it reads well
    QJsonArray list;
    for (const QString &name : std::as_const(names))
        list.append(toJsonObject(keys.value(name)));
    QJsonObject root;
    root.insert(QStringLiteral("schema"), kSchema);
    root.insert(QStringLiteral("keys"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

nephele::Expected<void, QString> SshKeyStore::commit(QHash<QString, SshKeyEntry> next)
{
    if (!m_loadError.isEmpty())
        return Unexpected(m_loadError);
    if (!m_filePath.isEmpty()) {
        // Written whole and renamed over the old file, like machine-access.json.
        const QString folder = QFileInfo(m_filePath).absolutePath();
        QSaveFile file(m_filePath);
        if (!QDir().mkpath(folder))
            return Unexpected(tr("Cannot create the folder %1").arg(folder));
        if (!file.open(QIODevice::WriteOnly))
            return Unexpected(tr("Cannot write %1: %2").arg(m_filePath, file.errorString()));
        file.write(toJson(next));
        if (!file.commit())
            return Unexpected(tr("Cannot write %1: %2").arg(m_filePath, file.errorString()));
    }
    m_keys = std::move(next);
    Q_EMIT changed();
    return {};
}

} // namespace nephele::models
