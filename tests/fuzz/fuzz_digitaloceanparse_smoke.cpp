// Always-built smoke run of the DigitalOcean fuzz entry: the conformance files (from
// NEPHELE_FIXTURES, else NEPHELE_FIXTURES_DEFAULT, else a few built-in bodies) and thousands of
// seeded random mutations of them (bit flips, truncations, splices, structural bytes), within a
// few seconds. A crash or an error without a message fails the test (the entry aborts).
#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QList>

#include <cstdint>
#include <cstdio>
#include <random>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

void run(const QByteArray &body)
{
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(body.constData()), size_t(body.size()));
}

QList<QByteArray> loadCorpus()
{
    QList<QByteArray> corpus;
    QString root = qEnvironmentVariable("NEPHELE_FIXTURES", qEnvironmentVariable("NEPHELE_FIXTURES_DEFAULT"));
    const QStringList folders{QStringLiteral("/digitalocean/extracted-examples"),
                              QStringLiteral("/libcloud/test/compute/fixtures/digitalocean_v2")};
    for (const QString &folder : folders) {
        const QDir dir(root + folder);
        if (root.isEmpty() || !dir.exists())
            continue;
        const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QString &name : names) {
            // The DigitalOcean families we parse; the rest of the spec's examples add little.
            static const char *families[] = {
                "droplets_", "dropletActions_", "sizes_",    "regions_", "images_list", "volumes_", "volumeActions_",
                "sshKeys_",  "tags_",           "vpcs_list", "actions_", "account_",    "list_",    "create_",
                "attach_",   "detach_",         "ex_",       "reboot_",  "error",       "get_"};
            bool wanted = false;
            for (const char *f : families)
                wanted = wanted || name.startsWith(QLatin1StringView(f));
            if (!wanted)
                continue;
            QFile file(dir.filePath(name));
            if (file.open(QIODevice::ReadOnly))
                corpus.append(file.readAll());
        }
    }
    if (corpus.isEmpty()) {
        std::printf("no fixture corpus (NEPHELE_FIXTURES); using built-in seeds\n");
        corpus = {
            R"({"droplets": [{"id": 1, "name": "a", "status": "active", "networks": {"v4": [{"ip_address": "1.2.3.4", "type": "public"}]},
                "size": {"slug": "s", "price_hourly": 0.1}, "image": {"id": 2, "slug": null}, "region": {"slug": "nyc3"},
                "tags": ["a:b"], "created_at": "2020-07-21T18:37:44Z"}], "links": {"pages": {"next": "n"}}, "meta": {"total": 1}})",
            R"({"droplet": {"id": 1}, "links": {"actions": [{"id": 2}]}})",
            R"({"action": {"id": 1, "status": "in-progress", "region": "nyc3", "resource_id": null}})",
            R"({"volumes": [{"id": "x", "droplet_ids": [1], "region": {"slug": "nyc1"}}], "meta": {"total": 1}})",
            R"({"id": "not_found", "message": "gone", "request_id": "r"})",
        };
    }
    return corpus;
}

QByteArray mutate(const QList<QByteArray> &corpus, std::mt19937_64 &rng)
{
    auto pick = [&](qsizetype n) { return n <= 0 ? qsizetype(0) : qsizetype(rng() % quint64(n)); };
    QByteArray body = corpus[pick(corpus.size())];
    const int rounds = 1 + int(rng() % 4);
    for (int r = 0; r < rounds; ++r) {
        switch (rng() % 7) {
        case 0: // bit flips
            for (int i = 0, n = 1 + int(rng() % 8); i < n && !body.isEmpty(); ++i)
                body[pick(body.size())] ^= char(1 << (rng() % 8));
            break;
        case 1: // truncation
            body.truncate(pick(body.size() + 1));
            break;
        case 2: { // splice: a prefix of this one and a suffix of another
            const QByteArray &other = corpus[pick(corpus.size())];
            body = body.left(pick(body.size() + 1)) + other.mid(pick(other.size() + 1));
            break;
        }
        case 3: { // a structural byte inserted, removed or replaced
            static const char structural[] = "{}[]:,\"\\0-en.tf";
            const char c = structural[rng() % (sizeof structural - 1)];
            const qsizetype at = pick(body.size() + 1);
            switch (rng() % 3) {
            case 0: body.insert(at, c); break;
            case 1:
                if (at < body.size())
                    body.remove(at, 1);
                break;
            default:
                if (at < body.size())
                    body[at] = c;
                break;
            }
            break;
        }
        case 4: { // a chunk duplicated (deep nesting, repeated keys)
            const qsizetype from = pick(body.size());
            const QByteArray chunk = body.mid(from, 1 + pick(64));
            body.insert(pick(body.size() + 1), chunk);
            break;
        }
        case 5: { // a value swapped for another type
            static const char *values[] = {
                "null", "\"x\"", "1e400", "-1", "[]", "{}", "true", "18446744073709551616", "\"\\ud800\""};
            const qsizetype colon = body.indexOf(':', pick(body.size()));
            if (colon >= 0) {
                qsizetype end = colon + 1;
                while (end < body.size() && body[end] != ',' && body[end] != '}')
                    ++end;
                body.replace(colon + 1, end - colon - 1, values[rng() % (sizeof values / sizeof *values)]);
            }
            break;
        }
        default: // random bytes
            for (int i = 0, n = 1 + int(rng() % 16); i < n; ++i)
                body.insert(pick(body.size() + 1), char(rng() & 0xff));
            break;
        }
    }
    return body;
}

} // namespace

int main()
{
    const QList<QByteArray> corpus = loadCorpus();
    for (const QByteArray &body : corpus)
        run(body);

    std::mt19937_64 rng(0x4e6570686c65ULL); // fixed seed: a failure reproduces
    constexpr int minimum = 5000;
    constexpr qint64 budgetMs = 3000;
    QElapsedTimer timer;
    timer.start();
    int done = 0;
    while (done < minimum * 60 && (done < minimum || timer.elapsed() < budgetMs)) {
        run(mutate(corpus, rng));
        ++done;
    }
    std::printf("fuzz smoke: %lld corpus files, %d mutations in %lld ms, no crash\n", qlonglong(corpus.size()), done,
                qlonglong(timer.elapsed()));
    return 0;
}
