#include "inventory/inventorycache.h"
#include "inventory/inventorystore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace nephele::models;
using nephele::drivers::Machine;
using nephele::drivers::MachineState;
using nephele::drivers::Tag;

namespace {

QList<Machine> fleet(const QString &prefix, int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<Machine> machines;
    machines.reserve(count);
    for (int i = 0; i < count; ++i) {
        Machine m;
        m.id = QStringLiteral("%1-%2").arg(prefix).arg(i);
        m.name = QStringLiteral("%1-web-%2").arg(prefix).arg(rng.bounded(100000));
        m.state = rng.bounded(2) ? MachineState::Running : MachineState::Stopped;
        m.location = QStringLiteral("fra1");
        m.publicIps = {QStringLiteral("10.1.%1.%2").arg(rng.bounded(256)).arg(rng.bounded(256))};
        m.tags = {Tag::fromText(QStringLiteral("env:prod"))};
        m.created = QDateTime::fromMSecsSinceEpoch(1700000000000LL + i, Qt::UTC);
        m.priceMonthly = 6;
        m.priceHourly = 0.00893;
        machines.append(m);
    }
    return machines;
}

struct Loaded {
    QHash<QString, QList<Machine>> accounts;
    QStringList problems;
};

Loaded loadFrom(const QString &path)
{
    Loaded result;
    InventoryCache cache;
    QObject::connect(&cache, &InventoryCache::loaded, &cache,
                     [&](const QString &id, const QList<Machine> &machines, const QDateTime &) {
                         result.accounts.insert(id, machines);
                     });
    QObject::connect(&cache, &InventoryCache::problem, &cache,
                     [&](const QString &message) { result.problems.append(message); });
    QSignalSpy finished(&cache, &InventoryCache::loadFinished);
    cache.open(path);
    cache.loadAll();
    if (!finished.wait(20000))
        qWarning("the cache did not finish loading");
    QCoreApplication::processEvents(); // problems queued before loadFinished
    return result;
}

// Run as a child process: saves listing A, says so, starts saving listing B (large), says so,
// and waits to be killed.
int childMain(const QString &path)
{
    InventoryCache cache;
    cache.open(path);
    cache.replace(QStringLiteral("acct"), fleet(QStringLiteral("a"), 2000, 1));
    cache.flush();
    std::fputs("A\n", stdout);
    std::fflush(stdout);
    cache.replace(QStringLiteral("acct"), fleet(QStringLiteral("b"), 300000, 2));
    std::fputs("B\n", stdout);
    std::fflush(stdout);
    cache.flush();
    std::fputs("B done\n", stdout);
    std::fflush(stdout);
    QThread::sleep(60); // killed long before
    return 0;
}

} // namespace

class TestInventoryCache final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void recordCodecRoundTripsAndRejectsGarbage()
    {
        const QList<Machine> machines = fleet(QStringLiteral("x"), 50, 3);
        for (const Machine &m : machines) {
            const auto back = InventoryCache::decode(InventoryCache::encode(m));
            QVERIFY(back);
            QCOMPARE(*back, m);
        }
        QVERIFY(!InventoryCache::decode(QByteArray()));
        QVERIFY(!InventoryCache::decode(QByteArray("\x09garbage", 8)));
        QByteArray truncated = InventoryCache::encode(machines.front());
        truncated.chop(5);
        QVERIFY(!InventoryCache::decode(truncated));
    }

    void lastListingSurvivesARestart()
    {
        const QString path = m_dir.filePath(QStringLiteral("restart/inventory.sqlite"));
        const QList<Machine> a = fleet(QStringLiteral("a"), 500, 4);
        QList<Machine> b = fleet(QStringLiteral("b"), 300, 5);
        {
            // The way a session saves: a full first listing, then only what changed.
            InventoryStore store;
            for (const QString &id : {QStringLiteral("one"), QStringLiteral("two")}) {
                AccountInfo info;
                info.id = id;
                info.name = id;
                info.provider = QStringLiteral("digitalocean");
                store.addAccount(info);
            }
            InventoryCache cache;
            cache.open(path);
            auto stats = store.mergeListing(QStringLiteral("one"), a);
            cache.save(QStringLiteral("one"), a, stats.upserted, stats.removedIds);
            stats = store.mergeListing(QStringLiteral("two"), b);
            cache.save(QStringLiteral("two"), b, stats.upserted, stats.removedIds);
            b[7].state = MachineState::Stopped;
            b.removeAt(3);
            stats = store.mergeListing(QStringLiteral("two"), b);
            QCOMPARE(stats.upserted.size(), 1);
            QCOMPARE(stats.removedIds.size(), 1);
            cache.save(QStringLiteral("two"), b, stats.upserted, stats.removedIds);
        } // the destructor finishes the writes
        const Loaded loaded = loadFrom(path);
        QVERIFY2(loaded.problems.isEmpty(), qPrintable(loaded.problems.join(u'\n')));
        QCOMPARE(loaded.accounts.size(), 2);
        QCOMPARE(loaded.accounts.value(QStringLiteral("one")), a);
        QList<Machine> two = loaded.accounts.value(QStringLiteral("two"));
        QCOMPARE(two.size(), b.size());
        auto byId = [](const QList<Machine> &list) {
            QHash<QString, Machine> map;
            for (const Machine &m : list)
                map.insert(m.id, m);
            return map;
        };
        QCOMPARE(byId(two), byId(b));
    }

    void forgottenAccountIsGone()
    {
        const QString path = m_dir.filePath(QStringLiteral("forget.sqlite"));
        {
            InventoryCache cache;
            cache.open(path);
            cache.replace(QStringLiteral("one"), fleet(QStringLiteral("a"), 10, 1));
            cache.replace(QStringLiteral("two"), fleet(QStringLiteral("b"), 10, 2));
            cache.forget(QStringLiteral("one"));
        }
        const Loaded loaded = loadFrom(path);
        QCOMPARE(loaded.accounts.keys(), QStringList{QStringLiteral("two")});
    }

    void damagedDatabaseIsMovedAsideWithAMessage()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged/inventory.sqlite"));
        QDir().mkpath(QFileInfo(path).absolutePath());
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray("SQLite format 3\0", 16) + QByteArray(4096, '\x5a')); // a broken header page
        }
        Loaded loaded = loadFrom(path);
        QCOMPARE(loaded.problems.size(), 1);
        QVERIFY2(loaded.problems.front().contains(QStringLiteral("damaged")), qPrintable(loaded.problems.front()));
        const QStringList aside =
            QDir(QFileInfo(path).absolutePath()).entryList({QStringLiteral("inventory.sqlite.damaged-*")});
        QCOMPARE(aside.size(), 1);
        QVERIFY2(loaded.problems.front().contains(aside.front()), "the message names where the file went");
        // A fresh cache works in its place.
        {
            InventoryCache cache;
            cache.open(path);
            cache.replace(QStringLiteral("one"), fleet(QStringLiteral("a"), 5, 1));
        }
        loaded = loadFrom(path);
        QVERIFY(loaded.problems.isEmpty());
        QCOMPARE(loaded.accounts.value(QStringLiteral("one")).size(), 5);
    }

    void killedWriterLosesAtMostTheListingInFlight()
    {
        const QString path = m_dir.filePath(QStringLiteral("killed/inventory.sqlite"));
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("NEPHELE_CACHE_CHILD"), path);
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForStarted());
        QByteArray out;
        while (!out.contains("B\n")) {
            QVERIFY2(child.waitForReadyRead(60000), "the child did not report");
            out += child.readAllStandardOutput();
        }
        child.kill(); // SIGKILL, in the middle of writing listing B (or just after)
        QVERIFY(child.waitForFinished());
        const bool finishedB = out.contains("B done");

        const Loaded loaded = loadFrom(path);
        QVERIFY2(loaded.problems.isEmpty(), qPrintable(loaded.problems.join(u'\n')));
        const QList<Machine> machines = loaded.accounts.value(QStringLiteral("acct"));
        // Either listing A whole, or B whole: never a mix, never nothing.
        const bool isA = machines == fleet(QStringLiteral("a"), 2000, 1);
        const bool isB = machines.size() == 300000 &&
                         std::all_of(machines.begin(), machines.end(),
                                     [](const Machine &m) { return m.id.startsWith(QStringLiteral("b-")); });
        QVERIFY2(isA || isB, qPrintable(QStringLiteral("found %1 machines").arg(machines.size())));
        if (finishedB)
            QVERIFY(isB);
        qInfo("the child was killed %s listing B was on disk", isB ? "after" : "before");
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (const QString child = qEnvironmentVariable("NEPHELE_CACHE_CHILD"); !child.isEmpty())
        return childMain(child);
    TestInventoryCache test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_inventorycache.moc"
