// Always-built smoke run of the importers' fuzz entry (fuzz_importers.cpp): the importers' sample
// files (tests/unit/accounts/data, good and broken), a few hostile built-in inputs (anchors that
// refer to themselves, deep nesting, exponential aliases, NULs, CRLF, a BOM), and thousands of
// seeded random mutations of them, within a few seconds. A crash, a hang (ctest's timeout) or an
// answer that does not hold together fails the test (the entry aborts).
#include <QByteArray>
#include <QDir>
#include <QDirIterator>
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

QList<QByteArray> builtInSeeds()
{
    QList<QByteArray> seeds = {
        // YAML: an anchor used inside itself, aliases doubling at each level, merge keys, tags.
        "clusters: &a\n- name: x\n  cluster: *a\n",
        "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: &d [*c, *c, *c, *c]\n"
        "contexts: [*d, *d, *d, *d]\n",
        "clouds:\n  base: &base {auth: {auth_url: 'https://k:5000/v3', password: p}}\n  c1:\n    <<: *base\n",
        "apiVersion: v1\nkind: Config\ncontexts:\n- name: !!binary aGk=\n  context: !custom {cluster: c}\n",
        "access-token: \"\\ud800\"\nauth-contexts: {a: !!int 1, b: [1], c: {d: e}}\ncontext: a\n",
        // Documents, BOM, CRLF, NUL.
        "\xef\xbb\xbf---\nclouds: {}\n---\nclouds: {x: {}}\n...\n",
        "apiVersion: v1\r\nclusters:\r\n- name: c\r\n  cluster: {server: https://s}\r\n",
        // INI: nested blocks, a header never closed, a key outside any section, continuation.
        "key = before\n[profile p\nregion = x\n[default]\ns3 =\n  max_concurrent_requests = 1\n"
        "sso_session = s\n[sso-session s]\nsso_start_url = https://s\n",
        // TOML: arrays of tables, dotted keys, nested tables, every string kind.
        "active_context = 'a'\n[[contexts]]\nname = \"a\"\ntoken = '''multi'''\n[contexts.preferences]\n"
        "endpoint = \"https://e\"\na.b.\"c\" = [1, 2.5, true, 'x', \"\\u00e9\"]\n[[contexts]]\nname = 'b'\n",
        // ssh_config: quotes, Match, '=' spelling, Include, wildcard and negated patterns.
        "Host a \"b c\" !d *\n  HostName=h\n  Port 99999\n  IdentityFile \"~/.ssh/k\"\nMatch all\n  User u\n"
        "Include ~/.ssh/config.d/*\nHost\n",
    };
    static const char withNul[] = "[default]\naws_access_key_id = A\0B\naws_secret_access_key = s\n";
    seeds.append(QByteArray(withNul, sizeof withNul - 1));
    seeds.append(QByteArray(4000, '[') + QByteArray(4000, ']'));    // deep flow nesting
    seeds.append(QByteArray(2000, '-').replace("-", "- ") + "x\n"); // deep block sequence
    QByteArray indented;
    for (int i = 0; i < 300; ++i)
        indented += QByteArray(i, ' ') + "k" + QByteArray::number(i) + ":\n";
    seeds.append(indented); // deep block mapping
    return seeds;
}

QList<QByteArray> loadCorpus()
{
    QList<QByteArray> corpus = builtInSeeds();
    const QString root = QStringLiteral(NEPHELE_IMPORT_DATA);
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly)) {
            corpus.append(file.readAll());
            ++files;
        }
    }
    if (files == 0)
        std::printf("no sample files under %s; built-in seeds only\n", qPrintable(root));
    return corpus;
}

QByteArray mutate(const QList<QByteArray> &corpus, std::mt19937_64 &rng)
{
    auto pick = [&](qsizetype n) { return n <= 0 ? qsizetype(0) : qsizetype(rng() % quint64(n)); };
    QByteArray body = corpus[pick(corpus.size())];
    const int rounds = 1 + int(rng() % 4);
    for (int r = 0; r < rounds; ++r) {
        switch (rng() % 8) {
        case 0: // bit flips
            for (int i = 0, n = 1 + int(rng() % 8); i < n && !body.isEmpty(); ++i)
                body[pick(body.size())] ^= char(1 << (rng() % 8));
            break;
        case 1: // truncation
            body.truncate(pick(body.size() + 1));
            break;
        case 2: { // splice: a prefix of this one and a suffix of another (formats mixed on purpose)
            const QByteArray &other = corpus[pick(corpus.size())];
            body = body.left(pick(body.size() + 1)) + other.mid(pick(other.size() + 1));
            break;
        }
        case 3: { // a byte that means something to YAML, INI, TOML or ssh_config
            static const char structural[] = ":-[]{},#&*!|>'\"\\\t\n\r=;.% ?@`";
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
        case 4: { // a line duplicated (repeated keys, sections, hosts)
            const qsizetype from = body.lastIndexOf('\n', pick(body.size())) + 1;
            qsizetype to = body.indexOf('\n', from);
            to = to < 0 ? body.size() : to + 1;
            body.insert(pick(body.size() + 1), body.mid(from, to - from));
            break;
        }
        case 5: { // a line's indentation changed (YAML's structure, INI's nested blocks)
            const qsizetype from = body.lastIndexOf('\n', pick(body.size())) + 1;
            if (rng() % 2)
                body.insert(from, QByteArray(1 + int(rng() % 6), rng() % 5 ? ' ' : '\t'));
            else
                while (from < body.size() && (body[from] == ' ' || body[from] == '\t'))
                    body.remove(from, 1);
            break;
        }
        case 6: { // a value swapped for another kind
            static const char *values[] = {"",    "~",  "null", "[]",         "{}",    "'",      "\"",
                                           "'''", "*a", "&a",   "!!binary x", "|",     ">-",     "1e400",
                                           "-1",  "0x", "true", "[[",         "\"\\u", "${HOME}"};
            qsizetype sep = body.indexOf(rng() % 2 ? ':' : '=', pick(body.size()));
            if (sep >= 0) {
                qsizetype end = sep + 1;
                while (end < body.size() && body[end] != '\n')
                    ++end;
                body.replace(sep + 1, end - sep - 1,
                             QByteArray(QByteArray(" ") + values[rng() % (sizeof values / sizeof *values)]));
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

    std::mt19937_64 rng(0x696d706f7274ULL); // fixed seed: a failure reproduces
    constexpr int minimum = 2000;
    constexpr qint64 budgetMs = 4000;
    QElapsedTimer timer;
    timer.start();
    int done = 0;
    while (done < minimum * 20 && (done < minimum || timer.elapsed() < budgetMs)) {
        run(mutate(corpus, rng));
        ++done;
    }
    std::printf("importers fuzz smoke: %lld inputs, %d mutations in %lld ms, no crash\n", qlonglong(corpus.size()),
                done, qlonglong(timer.elapsed()));
    return 0;
}
