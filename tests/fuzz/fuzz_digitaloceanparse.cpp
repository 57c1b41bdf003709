// libFuzzer target: every DigitalOcean parser on the same bytes. Each must return a value or a
// Parse error with a message, and parseError must always give a message; anything else aborts.
// Also linked into fuzz_digitaloceanparse_smoke, which drives it without libFuzzer.
#include "digitalocean/digitaloceanparse.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace nephele::drivers;
using namespace nephele::drivers::digitalocean;

namespace {

template<typename R>
void check(const R &result, const char *what)
{
    if (result)
        return;
    if (result.error().kind != ErrorKind::Parse || result.error().message.isEmpty()) {
        std::fprintf(stderr, "%s: error without kind Parse or without a message\n", what);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView body(reinterpret_cast<const char *>(data), qsizetype(size));
    check(parseDropletList(body), "parseDropletList");
    check(parseDroplet(body), "parseDroplet");
    check(parseDropletCreate(body), "parseDropletCreate");
    check(parseSizeList(body), "parseSizeList");
    check(parseRegionList(body), "parseRegionList");
    check(parseImageList(body), "parseImageList");
    check(parseVolumeList(body), "parseVolumeList");
    check(parseVolume(body), "parseVolume");
    check(parseKeyList(body), "parseKeyList");
    check(parseVpcList(body), "parseVpcList");
    check(parseTagList(body), "parseTagList");
    check(parseAction(body), "parseAction");
    check(parseActionList(body), "parseActionList");
    check(parseAccount(body), "parseAccount");
    for (const int status : {401, 404, 429, 503}) {
        const Error e = parseError(status, body);
        if (e.message.isEmpty() || e.httpStatus != status) {
            std::fprintf(stderr, "parseError: empty message\n");
            std::abort();
        }
    }
    return 0;
}
