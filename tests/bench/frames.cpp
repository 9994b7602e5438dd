#include "frames.hpp"

#include <charconv>
#include <string>

namespace kl::bench {

namespace {

// Position just after "name": in frame, or npos.
std::size_t value_start(std::string_view frame, std::string_view name) {
    std::string key;
    key.reserve(name.size() + 3);
    key += '"';
    key += name;
    key += "\":";
    auto at = frame.find(key);
    return at == std::string_view::npos ? at : at + key.size();
}

std::optional<std::int64_t> read_int(std::string_view text) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data()) return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::string_view> string_field(std::string_view frame, std::string_view name) {
    auto start = value_start(frame, name);
    if (start == std::string_view::npos || start >= frame.size() || frame[start] != '"') return std::nullopt;
    auto end = frame.find('"', start + 1);
    if (end == std::string_view::npos) return std::nullopt;
    return frame.substr(start + 1, end - start - 1);
}

std::optional<std::int64_t> int_field(std::string_view frame, std::string_view name) {
    auto start = value_start(frame, name);
    if (start == std::string_view::npos) return std::nullopt;
    return read_int(frame.substr(start));
}

std::string make_stamp(const Stamp& stamp, std::size_t padding) {
    std::string text = "kb " + std::to_string(stamp.intended_ns) + " " + std::to_string(stamp.number) + " ";
    text.append(padding, 'x');
    return text;
}

std::optional<Stamp> find_stamp(std::string_view frame) {
    auto at = frame.find("kb ");
    if (at == std::string_view::npos) return std::nullopt;
    auto rest = frame.substr(at + 3);
    auto time = read_int(rest);
    if (!time) return std::nullopt;
    auto space = rest.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    auto number = read_int(rest.substr(space + 1));
    if (!number) return std::nullopt;
    return Stamp{*time, *number};
}

}  // namespace kl::bench
