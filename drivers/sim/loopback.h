#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

namespace nephele::sim {

// The simulators only listen on loopback: "localhost", "::1" or 127.0.0.0/8.
inline bool isLoopback(const std::string &address)
{
    if (address == "localhost" || address == "::1")
        return true;
    in_addr v4{};
    if (inet_pton(AF_INET, address.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    return false;
}

} // namespace nephele::sim
