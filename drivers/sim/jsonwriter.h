#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace nephele::sim {

// Appends JSON scalars to a string. The droplet listing is the hot path (a million droplets,
// 200 a page), so it is written by hand around pre-rendered sub-objects instead of building a DOM.
class JsonWriter final
{
public:
    explicit JsonWriter(std::string &out)
        : m_out(out)
    {}

    void integer(std::int64_t value)
    {
        char buffer[24];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        m_out.append(buffer, end);
    }

    void string(std::string_view text)
    {
        m_out += '"';
        std::size_t clean = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\')
                continue;
            m_out.append(text.substr(clean, i - clean));
            clean = i + 1;
            switch (c) {
            case '"': m_out += "\\\""; break;
            case '\\': m_out += "\\\\"; break;
            case '\n': m_out += "\\n"; break;
            case '\r': m_out += "\\r"; break;
            case '\t': m_out += "\\t"; break;
            default: {
                static constexpr char hex[] = "0123456789abcdef";
                m_out += "\\u00";
                m_out += hex[c >> 4];
                m_out += hex[c & 0xf];
            }
            }
        }
        m_out.append(text.substr(clean));
        m_out += '"';
    }

private:
    std::string &m_out;
};

} // namespace nephele::sim
