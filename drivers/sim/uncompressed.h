#pragma once

#include <httplib.h>

#include <algorithm>
#include <memory>
#include <string>

namespace nephele::sim {

// Large answers go out uncompressed even when the client accepts gzip or brotli: on loopback
// compression gains nothing and burns the CPU that the clients are measured on (cpp-httplib would
// pick brotli at its slowest level for a client that offers it, as Qt does: about a second for a
// 500 kB page). cpp-httplib compresses a plain body but never a fixed-length content provider, so
// the body becomes one.
inline void sendUncompressed(httplib::Response &res)
{
    if (res.body.size() < 4096)
        return;
    auto body = std::make_shared<std::string>(std::move(res.body));
    res.body.clear();
    const std::string type = res.get_header_value("Content-Type");
    res.headers.erase("Content-Type");
    res.set_content_provider(body->size(), type.c_str(),
                             [body](std::size_t offset, std::size_t length, httplib::DataSink &sink) {
                                 const std::size_t n = std::min(length, body->size() - offset);
                                 return sink.write(body->data() + offset, n);
                             });
}

} // namespace nephele::sim
