#pragma once

// Helpers shared by the tests that run under with-keyring.sh: waiting for keychain futures,
// looking at every file a test's HOME holds, and asking libsecret directly with secret-tool.

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFuture>
#include <QMap>
#include <QProcess>
#include <QTest>

#include <optional>

namespace nephele::testsupport {

constexpr int kKeyringDeadlineMs = 30'000;

// Said by a test that finds itself outside the harness, where it must skip.
constexpr char kOutsideKeyringHarness[] =
    "Run through tests/integration/accounts/with-keyring.sh; this test never touches the user's own keychain.";

// The harness's keyring state ("unlocked", "locked", "none") and its private root, or nothing when
// the test does not run inside it: then HOME is the user's own and the test must not touch it.
struct KeyringHarness {
    QString mode;
    QString root;
};

inline std::optional<KeyringHarness> keyringHarness()
{
    KeyringHarness harness{qEnvironmentVariable("NEPHELE_KEYRING_MODE"), qEnvironmentVariable("NEPHELE_KEYRING_ROOT")};
    if (harness.mode.isEmpty() || harness.root.isEmpty() || !QDir::homePath().startsWith(harness.root))
        return std::nullopt;
    return harness;
}

template<typename T>
inline std::optional<T> settle(QFuture<T> future)
{
    const QDeadlineTimer deadline(kKeyringDeadlineMs);
    while (!future.isFinished() && !deadline.hasExpired())
        QTest::qWait(5);
    if (!future.isFinished())
        return std::nullopt;
    return future.result();
}

// Every regular file under `root`, hidden ones included, with a hash of its content.
inline QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        files.insert(path, file.open(QIODevice::ReadOnly)
                               ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                               : QByteArrayLiteral("unreadable"));
    }
    return files;
}

// The files under `root` that hold `needle`.
inline QStringList filesHolding(const QString &root, const QByteArray &needle)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly) || file.readAll().contains(needle))
            found.append(file.fileName());
    }
    return found;
}

// Asks the Secret Service with libsecret's own tool, not through the code under test.
// QtKeychain's attributes: user = key, server = service. Empty output when there is none.
inline std::optional<QByteArray> secretTool(const QStringList &arguments)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), arguments);
    if (!tool.waitForFinished(kKeyringDeadlineMs) || tool.exitStatus() != QProcess::NormalExit)
        return std::nullopt;
    return tool.readAllStandardOutput();
}

} // namespace nephele::testsupport
