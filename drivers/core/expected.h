#pragma once

#include <cassert>
#include <concepts>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

// A value or the reason there is none: the part of C++23's std::expected that Nephele uses.
// libstdc++ 12 offers std::expected only to compilers with C++20 concepts in full, which leaves
// out clang 14, and clang is what the fuzzers and clang-tidy run on; this small type works with
// both compilers and has the same members, so moving to std::expected later is a rename.
namespace nephele {

template<typename E>
class Unexpected
{
public:
    explicit Unexpected(E error)
        : m_error(std::move(error))
    {}
    E &error() & { return m_error; }
    const E &error() const & { return m_error; }
    E &&error() && { return std::move(m_error); }

private:
    E m_error;
};

template<typename E>
Unexpected(E) -> Unexpected<E>;

template<typename T, typename E>
class Expected
{
    template<typename U>
    static constexpr bool isExpectedOrUnexpected =
        std::is_same_v<std::remove_cvref_t<U>, Expected> || std::is_same_v<std::remove_cvref_t<U>, Unexpected<E>>;

public:
    using value_type = T;
    using error_type = E;

    Expected() requires std::is_default_constructible_v<T> : m_storage(std::in_place_index<0>) {}

    template<typename U = T>
    requires(!isExpectedOrUnexpected<U> && std::is_constructible_v<T, U &&>)
        // Converts like std::expected; the constraint keeps it away from copies and moves.
        Expected(U &&value) // NOLINT(google-explicit-constructor,bugprone-forwarding-reference-overload)
        : m_storage(std::in_place_index<0>, std::forward<U>(value))
    {}

    template<typename G>
    requires std::is_constructible_v<E, G> Expected(Unexpected<G> unexpected) // NOLINT(google-explicit-constructor)
        : m_storage(std::in_place_index<1>, std::move(unexpected).error())
    {}

    bool has_value() const noexcept { return m_storage.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    T &value() &
    {
        assert(has_value());
        return std::get<0>(m_storage);
    }
    const T &value() const &
    {
        assert(has_value());
        return std::get<0>(m_storage);
    }
    T &&value() &&
    {
        assert(has_value());
        return std::get<0>(std::move(m_storage));
    }

    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T &&operator*() && { return std::move(*this).value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    E &error() &
    {
        assert(!has_value());
        return std::get<1>(m_storage);
    }
    const E &error() const &
    {
        assert(!has_value());
        return std::get<1>(m_storage);
    }
    E &&error() &&
    {
        assert(!has_value());
        return std::get<1>(std::move(m_storage));
    }

    template<typename U>
    T value_or(U &&fallback) const &
    {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, E> m_storage;
};

// Success with nothing to return, or the reason it failed.
template<typename E>
class Expected<void, E>
{
public:
    using value_type = void;
    using error_type = E;

    Expected() = default;

    template<typename G>
    requires std::is_constructible_v<E, G> Expected(Unexpected<G> unexpected) // NOLINT(google-explicit-constructor)
        : m_error(std::move(unexpected).error())
    {}

    bool has_value() const noexcept { return !m_error.has_value(); }
    explicit operator bool() const noexcept { return has_value(); }
    void value() const { assert(has_value()); }
    void operator*() const { assert(has_value()); }

    E &error() &
    {
        assert(!has_value());
        return *m_error;
    }
    const E &error() const &
    {
        assert(!has_value());
        return *m_error;
    }
    E &&error() &&
    {
        assert(!has_value());
        return std::move(*m_error);
    }

private:
    std::optional<E> m_error;
};

} // namespace nephele
