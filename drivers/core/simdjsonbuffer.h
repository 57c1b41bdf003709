#pragma once

// Shared by the simdjson On-Demand parsers (DigitalOcean, Kubernetes); include only from code that
// links simdjson.
#include <QByteArrayView>

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace nephele::drivers::json {

// One parser per thread keeps its buffers between calls; the parse functions stay thread-safe.
inline simdjson::ondemand::parser &threadParser()
{
    thread_local simdjson::ondemand::parser parser;
    return parser;
}

// The body copied once into a padded buffer that the thread keeps: a fresh 30 MB allocation per
// listing costs more in page faults than the whole parse.
inline simdjson::padded_string_view paddedCopy(QByteArrayView body)
{
    thread_local std::unique_ptr<char[]> buffer;
    thread_local std::size_t capacity = 0;
    const std::size_t needed = std::size_t(body.size()) + simdjson::SIMDJSON_PADDING;
    if (needed > capacity) {
        capacity = std::max(needed, capacity + capacity / 2);
        buffer.reset(new char[capacity]);
    }
    std::memcpy(buffer.get(), body.data(), std::size_t(body.size()));
    std::memset(buffer.get() + body.size(), 0, simdjson::SIMDJSON_PADDING);
    return simdjson::padded_string_view(buffer.get(), std::size_t(body.size()), capacity);
}

} // namespace nephele::drivers::json
