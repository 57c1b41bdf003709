// The inventory's string arena: every live reference reads back its text through any mix of
// additions, releases and compactions; compaction never touches more than its bound; emptied
// blocks are reused rather than the arena growing; strings longer than a block work.
#include "inventory/stringpool.h"

#include <QRandomGenerator>
#include <QTest>

#include <map>

using nephele::models::StringArena;

namespace {

QString randomText(QRandomGenerator &random, int maxLength)
{
    QString text(random.bounded(1, maxLength + 1), Qt::Uninitialized);
    for (QChar &c : text)
        c = QChar(char16_t(random.bounded(0x20, 0x3000)));
    return text;
}

// Copies of `text` until `characters` are held.
std::vector<StringArena::Ref> fill(StringArena &arena, const QString &text, quint32 characters)
{
    std::vector<StringArena::Ref> refs;
    for (quint32 i = 0; i < characters / quint32(text.size()); ++i)
        refs.push_back(arena.add(text));
    return refs;
}

// Releases the references whose index `drop` picks; they are left empty.
template<typename Pick>
void releaseWhere(StringArena &arena, std::vector<StringArena::Ref> &refs, Pick drop)
{
    for (size_t i = 0; i < refs.size(); ++i) {
        if (drop(i)) {
            arena.release(refs[i]);
            refs[i] = {};
        }
    }
}

} // namespace

class TestStringArena : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void churnKeepsEveryLiveTextAndBoundsMemory()
    {
        QRandomGenerator random(7);
        StringArena arena;
        std::map<int, std::pair<StringArena::Ref, QString>> live;
        int next = 0;
        qsizetype peakUsed = 0;
        int compactions = 0;
        for (int round = 0; round < 200; ++round) {
            // Grow to about 20,000 strings, then churn: as many go as come.
            for (int i = 0; i < 2000; ++i) {
                if (live.size() > 20000 || (live.size() > 1000 && random.bounded(2) == 0)) {
                    auto it = live.lower_bound(random.bounded(next));
                    if (it == live.end())
                        it = live.begin();
                    arena.release(it->second.first);
                    live.erase(it);
                } else {
                    QString text = randomText(random, 60);
                    live.emplace(next++, std::pair{arena.add(text), text});
                }
            }
            if (arena.wantsCompaction()) {
                ++compactions;
                int visited = 0;
                arena.compact([&](const auto &visit) {
                    for (auto &[key, entry] : live) {
                        visit(entry.first);
                        ++visited;
                    }
                });
                QCOMPARE(visited, int(live.size()));
            }
            for (const auto &[key, entry] : live)
                QVERIFY2(arena.view(entry.first) == entry.second, qPrintable(QString::number(key)));
            qsizetype liveChars = 0;
            for (const auto &[key, entry] : live)
                liveChars += entry.second.size();
            QCOMPARE(arena.used() - arena.garbage(), liveChars);
            if (round > 20)
                peakUsed = std::max(peakUsed, arena.used());
        }
        QVERIFY(compactions > 10);
        // About 20,000 strings of 30 characters live: 600 Ki characters. With half-released
        // blocks emptied a few at a time, what is held stays within a small multiple of that.
        QVERIFY2(peakUsed < 4 * 620'000, qPrintable(QString::number(peakUsed)));
        QVERIFY2(arena.bytes() < 8 * 620'000 * 2, qPrintable(QString::number(arena.bytes())));
    }

    void compactionIsBounded()
    {
        StringArena arena;
        const QString text(100, QLatin1Char('x'));
        // 64 full blocks, then every other string released: every block is half dead.
        std::vector<StringArena::Ref> refs = fill(arena, text, 64 * StringArena::kBlock);
        releaseWhere(arena, refs, [](size_t i) { return i % 2 == 0; });
        QVERIFY(arena.wantsCompaction());
        qsizetype moved = 0;
        arena.compact([&](const auto &visit) {
            for (StringArena::Ref &ref : refs) {
                const StringArena::Ref before = ref;
                visit(ref);
                moved += before == ref ? 0 : 1;
            }
        });
        // One compaction empties at most its bound of blocks: half of each moves.
        QVERIFY(moved > 0);
        QVERIFY2(moved <= StringArena::kBlocksPerCompaction * qsizetype(StringArena::kBlock) / 200 + 1,
                 qPrintable(QString::number(moved)));
        for (const StringArena::Ref &ref : refs)
            QVERIFY(ref.size == 0 || arena.view(ref) == text);
        // The rest follows in later ones.
        for (int i = 0; i < 10 && arena.wantsCompaction(); ++i) {
            arena.compact([&](const auto &visit) {
                for (StringArena::Ref &ref : refs)
                    visit(ref);
            });
        }
        QVERIFY(!arena.wantsCompaction());
        for (const StringArena::Ref &ref : refs)
            QVERIFY(ref.size == 0 || arena.view(ref) == text);
    }

    void aMissedReferenceKeepsItsBlock()
    {
        StringArena arena;
        const QString text(1000, QLatin1Char('y'));
        std::vector<StringArena::Ref> refs = fill(arena, text, 3 * StringArena::kBlock);
        releaseWhere(arena, refs, [](size_t i) { return i > 0; });
        // forEachRef forgets refs[0]: its block must not be freed under it.
        arena.compact([](const auto &) {});
        QCOMPARE(arena.view(refs[0]), QStringView(text));
        const StringArena::Ref other = arena.add(QStringLiteral("after"));
        QCOMPARE(arena.view(refs[0]), QStringView(text));
        QCOMPARE(arena.view(other), u"after");
    }

    void emptiedBlocksAreReused()
    {
        StringArena arena;
        const QString text(500, QLatin1Char('z'));
        for (int cycle = 0; cycle < 50; ++cycle) {
            std::vector<StringArena::Ref> refs = fill(arena, text, 4 * StringArena::kBlock);
            releaseWhere(arena, refs, [](size_t) { return true; });
        }
        // Five blocks at most were ever needed at once; fifty cycles did not add more.
        QVERIFY2(arena.bytes() <= 6 * StringArena::kBlock * sizeof(char16_t) + 4096,
                 qPrintable(QString::number(arena.bytes())));
    }

    void stringsLongerThanABlock()
    {
        StringArena arena;
        const StringArena::Ref small = arena.add(u"before");
        const QString big(3 * StringArena::kBlock + 17, QLatin1Char('b'));
        const StringArena::Ref large = arena.add(big);
        const StringArena::Ref after = arena.add(u"after");
        QCOMPARE(arena.view(small), u"before");
        QCOMPARE(arena.view(large), QStringView(big));
        QCOMPARE(arena.view(after), u"after");
        const StringArena::Ref joined = arena.addJoined({QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.2")}, u' ');
        QCOMPARE(arena.view(joined), u"10.0.0.1 10.0.0.2");
        arena.release(large);
        QCOMPARE(arena.view(small), u"before");
        QCOMPARE(arena.view(after), u"after");
        QCOMPARE(arena.used() - arena.garbage(), qsizetype(6 + 5 + 17));
    }
};

QTEST_GUILESS_MAIN(TestStringArena)
#include "tst_stringarena.moc"
