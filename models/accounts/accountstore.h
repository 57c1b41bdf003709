#pragma once

#include "account.h"

#include <QList>

#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

#include "core/expected.h"

namespace nephele::models {

// The accounts' non-secret settings, as JSON in the XDG config folder.
//
//   AccountStore store;            // or AccountStore(tempDir) in tests
//   if (!store.load()) window->showError(store.loadError());
//   store.add(account);             // saved at once, atomically
//
// A file that does not parse is never overwritten: it is renamed to
// `accounts.json.corrupt-<timestamp>` and loadError() says so. A file from a newer Nephele
// (higher schema version) is left alone and the store becomes read-only. A file of an older schema
// is migrated step by step on load: the original is copied to `accounts.json.schema<N>` and the
// migrated list written in its place, atomically (migratedFrom() says from which schema). Account
// lists exported by an older Nephele are migrated the same way when imported.
//
// Schemas: 1, the endpoint of a provider without a driver carries that provider's other settings
// as query items (ssh://deploy@host:22?identity-files=...). 2, the endpoint is the bare address and
// those settings are a "settings" object beside it (a string, or a list for a repeated key); in
// memory they are still the endpoint's query items (Account has no field for them yet), so only the
// file changes shape. The order of repeated keys is kept; the order of distinct keys is not.
class AccountStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountStore)

public:
    static constexpr int SchemaVersion = 2;

    // An empty folder means defaultFolder(): $XDG_CONFIG_HOME/nephele, shared by every program.
    explicit AccountStore(const QString &folder = {}, QObject *parent = nullptr);

    QString filePath() const;
    static QString defaultFolder();
    // Reads the file. False if it could not be used; loadError() tells the user why.
    bool load();
    QString loadError() const { return m_loadError; }
    bool isReadOnly() const { return m_readOnly; }
    // The schema the file had when load() migrated it, 0 when it needed no migration.
    int migratedFrom() const { return m_migratedFrom; }
    // Where load() kept the file as it was before the migration, empty when none.
    QString migrationBackup() const { return m_migrationBackup; }

    const QList<Account> &accounts() const { return m_accounts; }
    const Account *find(const QString &id) const;

    nephele::Expected<void, QString> add(const Account &account);
    nephele::Expected<void, QString> update(const Account &account);
    nephele::Expected<void, QString> remove(const QString &id);
    nephele::Expected<void, QString> rename(const QString &id, const QString &name);
    nephele::Expected<void, QString> setEnabled(const QString &id, bool enabled);
    // Marks every listed account (all when `ids` is empty) as having no token in the keychain.
    nephele::Expected<void, QString> markNeedsToken(const QStringList &ids = {});

    // The list without secrets, for another machine or a backup: a JSON file with the schema
    // version, written atomically. Never holds a token (the settings never do).
    nephele::Expected<void, QString> exportTo(const QString &path) const;
    static QByteArray exportJson(const QList<Account> &accounts);

    struct ImportReport {
        QList<Account> added;   // saved, each marked as needing its token
        QList<Account> skipped; // an account with the same id already exists
    };
    // Adds the accounts of an exported file. A malformed file changes nothing and the error says
    // where it breaks (line, column and byte offset).
    nephele::Expected<ImportReport, QString> importFrom(const QString &path);
    nephele::Expected<ImportReport, QString> importJson(const QByteArray &bytes, const QString &sourceName);

    static QString newAccountId();

Q_SIGNALS:
    void accountsChanged();

private:
    // Applies `change` to the list and saves it; on a failed save the list is restored. Every
    // change goes through here, so accountsChanged() follows exactly the saved ones.
    nephele::Expected<void, QString> commit(const std::function<void(QList<Account> &)> &change);
    nephele::Expected<void, QString> save();
    void keepAndRewriteMigrated(const QByteArray &original);

    QString m_folder;
    QString m_loadError;
    bool m_readOnly = false;
    int m_migratedFrom = 0;
    QString m_migrationBackup;
    QList<Account> m_accounts;
};

} // namespace nephele::models
