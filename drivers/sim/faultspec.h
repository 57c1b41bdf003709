#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nephele::sim {

// Which failures the simulator injects, as fractions of requests. Parsed from the same short text
// that `--sim-faults` and the tests use, so a failing run can be replayed from its log line.
struct FaultSpec {
    int latencyMs = 0;          // added before every answer
    double serverErrorRate = 0; // fraction of requests answered 500/502/503 with DO's error body
    double rateLimitRate = 0;   // fraction answered 429 {"id":"too_many_requests",...} with Retry-After
    int retryAfterSeconds = 1;
    double resetRate = 0;     // fraction where the connection is closed with no answer
    double truncateRate = 0;  // fraction whose JSON body is cut short (Content-Length matches the cut body)
    double malformedRate = 0; // fraction whose body is not JSON at all / broken JSON with status 200

    bool any() const;
    std::string toString() const;
    // "latency=50,5xx=0.1,429=0.05,retry-after=2,reset=0.02,truncate=0.02,malformed=0.01"; "" or "none" = no faults.
    // Unknown keys or bad numbers -> error text naming the bad part.
    static std::optional<FaultSpec> parse(std::string_view spec, std::string *error);
};

} // namespace nephele::sim
