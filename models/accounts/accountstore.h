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
// (higher schema version) is left alone and the store becomes read-only.
class AccountStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AccountStore)

public:
    static constexpr int SchemaVersion = 1;

    // An empty folder means defaultFolder(): $XDG_CONFIG_HOME/nephele, shared by every program.
    explicit AccountStore(const QString &folder = {}, QObject *parent = nullptr);

    QString filePath() const;
    static QString defaultFolder();
    // Reads the file. False if it could not be used; loadError() tells the user why.
    bool load();
    QString loadError() const { return m_loadError; }
    bool isReadOnly() const { return m_readOnly; }

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

    QString m_folder;
    QString m_loadError;
    bool m_readOnly = false;
    QList<Account> m_accounts;
};

} // namespace nephele::models
