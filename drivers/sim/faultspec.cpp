#include "sim/faultspec.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace nephele::sim {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

std::string number(double value)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string("0");
}

bool parseRate(std::string_view text, double *out)
{
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value) || value < 0 || value > 1)
        return false;
    *out = value;
    return true;
}

bool parseInt(std::string_view text, int max, int *out)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max)
        return false;
    *out = value;
    return true;
}

} // namespace

bool FaultSpec::any() const
{
    return latencyMs > 0 || serverErrorRate > 0 || rateLimitRate > 0 || resetRate > 0 || truncateRate > 0 ||
           malformedRate > 0;
}

std::string FaultSpec::toString() const
{
    if (!any())
        return "none";
    std::string out;
    const auto add = [&out](const std::string &part) {
        if (!out.empty())
            out += ',';
        out += part;
    };
    if (latencyMs > 0)
        add("latency=" + std::to_string(latencyMs));
    if (serverErrorRate > 0)
        add("5xx=" + number(serverErrorRate));
    if (rateLimitRate > 0) {
        add("429=" + number(rateLimitRate));
        add("retry-after=" + std::to_string(retryAfterSeconds));
    }
    if (resetRate > 0)
        add("reset=" + number(resetRate));
    if (truncateRate > 0)
        add("truncate=" + number(truncateRate));
    if (malformedRate > 0)
        add("malformed=" + number(malformedRate));
    return out;
}

std::optional<FaultSpec> FaultSpec::parse(std::string_view spec, std::string *error)
{
    const auto fail = [error](std::string message) -> std::optional<FaultSpec> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };
    FaultSpec result;
    spec = trim(spec);
    if (spec.empty() || spec == "none")
        return result;

    while (!spec.empty()) {
        const auto comma = spec.find(',');
        const std::string_view part = trim(spec.substr(0, comma));
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        if (part.empty())
            return fail("empty entry in fault spec");
        const auto eq = part.find('=');
        if (eq == std::string_view::npos)
            return fail("'" + std::string(part) + "': expected key=value");
        const std::string_view key = trim(part.substr(0, eq));
        const std::string_view value = trim(part.substr(eq + 1));
        bool ok = false;
        if (key == "latency")
            ok = parseInt(value, 600000, &result.latencyMs);
        else if (key == "retry-after")
            ok = parseInt(value, 86400, &result.retryAfterSeconds);
        else if (key == "5xx")
            ok = parseRate(value, &result.serverErrorRate);
        else if (key == "429")
            ok = parseRate(value, &result.rateLimitRate);
        else if (key == "reset")
            ok = parseRate(value, &result.resetRate);
        else if (key == "truncate")
            ok = parseRate(value, &result.truncateRate);
        else if (key == "malformed")
            ok = parseRate(value, &result.malformedRate);
        else
            return fail("unknown fault '" + std::string(key) +
                        "' (known: latency, 5xx, 429, retry-after, reset, truncate, malformed)");
        if (!ok) {
            const bool isRate = key != "latency" && key != "retry-after";
            return fail("bad value '" + std::string(value) + "' for '" + std::string(key) + "' (expected " +
                        (isRate ? "a fraction from 0 to 1" : "a whole number >= 0") + ")");
        }
    }
    return result;
}

} // namespace nephele::sim
