// libFuzzer target: every credential importer (models/accounts/importers.h) on the same bytes:
// kubeconfig alone and merged from two files, the AWS credentials and config files, clouds.yaml,
// doctl's config, hcloud's cli.toml and ssh_config. Each must return (never throw, hang or
// crash), and what it returns must hold together: every problem names its file and says what is
// wrong, with a line and column that are 0 or inside the input; every candidate names its provider
// and its source file. Anything else aborts. Also linked into fuzz_importers_smoke, which drives it
// without libFuzzer.
#include "importers.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace nephele::models;

namespace {

const QString kFileA = QStringLiteral("/fuzz/a");
const QString kFileB = QStringLiteral("/fuzz/b");

[[noreturn]] void fail(const char *what, const char *why)
{
    std::fprintf(stderr, "%s: %s\n", what, why);
    std::abort();
}

// `size`: the input's length, a bound for any line or column (each line takes at least a byte;
// readers differ on which bytes end a line).
void check(const ImportResult &result, const char *what, qsizetype size)
{
    for (const ImportProblem &p : result.problems) {
        if (p.file != kFileA && p.file != kFileB)
            fail(what, "a problem names a file that was not given");
        if (p.message.isEmpty())
            fail(what, "a problem without a message");
        // yaml-cpp counts columns in its own decoding (an invalid byte becomes a three-byte
        // U+FFFD) and may point a few characters past the end when the input stops in a token.
        if (p.line < 0 || p.column < 0 || p.line > size + 1 || p.column > 3 * size + 16)
            fail(what, "a problem's line or column is outside the input");
    }
    for (const ImportCandidate &c : result.candidates) {
        if (c.provider.isEmpty())
            fail(what, "a candidate without a provider");
        if (c.sourceFile != kFileA && c.sourceFile != kFileB)
            fail(what, "a candidate names a file that was not given");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype lines = all.size();
    check(importKubeconfig(all, kFileA), "importKubeconfig", lines);
    check(importCloudsYaml(all, kFileA), "importCloudsYaml", lines);
    check(importDoctlConfig(all, kFileA), "importDoctlConfig", lines);
    check(importHcloudConfig(all, kFileA), "importHcloudConfig", lines);
    check(importSshConfig(all, kFileA), "importSshConfig", lines);

    // The two-file readers get the input cut in two where its first byte says.
    const qsizetype cut = size > 0 ? qsizetype(data[0]) * all.size() / 256 : 0;
    const QByteArrayView first = all.first(cut);
    const QByteArrayView second = all.sliced(cut);
    check(importAwsCredentials(first, second, kFileA, kFileB), "importAwsCredentials", lines);
    check(importAwsCredentials(all, {}, kFileA, kFileB), "importAwsCredentials (credentials only)", lines);
    check(importAwsCredentials({}, all, kFileA, kFileB), "importAwsCredentials (config only)", lines);
    check(importKubeconfigFiles({{first.toByteArray(), kFileA}, {second.toByteArray(), kFileB}}),
          "importKubeconfigFiles", lines);
    return 0;
}
