#include "protocol/fields.hpp"

#include "protocol/errors.hpp"
#include "protocol/utf8.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdint>

namespace kl::protocol {

using nlohmann::json;

namespace {

[[noreturn]] void fail(std::string_view key, std::string_view problem) {
    throw ProtocolError(ErrorCode::bad_request, "Veld '" + std::string(key) + "' " + std::string(problem));
}

std::string chars(std::size_t n) { return std::to_string(n) + (n == 1 ? " teken" : " tekens"); }

// The member's value, or nullptr when it is absent or null.
const json* find(const json& obj, std::string_view key) {
    if (!obj.is_object()) return nullptr;
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return nullptr;
    return &*it;
}

const json& require(const json& obj, std::string_view key) {
    const json* value = find(obj, key);
    if (!value) fail(key, "ontbreekt");
    return *value;
}

const std::string& as_string(const json& value, std::string_view key) {
    if (!value.is_string()) fail(key, "moet tekst zijn");
    const auto& s = value.get_ref<const std::string&>();
    // Parsed input is valid already; this guards values built elsewhere.
    if (!is_valid_utf8(s)) fail(key, "bevat ongeldige tekens");
    return s;
}

// Decodes the code point at s[i] (s is valid UTF-8) and advances i.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    return cp;
}

bool is_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF;
}

// C0, DEL and C1 controls.
bool is_control(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::string_view trim(std::string_view s) {
    std::size_t begin = s.size(), end = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        if (!is_space(next_code_point(s, i))) {
            begin = std::min(begin, start);
            end = i;
        }
    }
    return begin < end ? s.substr(begin, end - begin) : std::string_view{};
}

std::string normalise_newlines(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\r') {
            out += s[i];
        } else if (i + 1 >= s.size() || s[i + 1] != '\n') {
            out += '\n';  // a lone \r; a \r before \n is dropped
        }
    }
    return out;
}

bool allowed_text(std::string_view s, Text text) {
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = next_code_point(s, i);
        if (text == Text::multi_line && (c == '\n' || c == '\t')) continue;
        if (is_control(c) || c == 0x2028 || c == 0x2029) return false;
    }
    return true;
}

std::string read_text(const json& value, std::string_view key, std::size_t min_chars, std::size_t max_chars,
                      Text text) {
    const std::string& raw = as_string(value, key);
    std::string s = text == Text::multi_line ? normalise_newlines(raw) : raw;
    s = std::string(trim(s));
    if (!allowed_text(s, text)) fail(key, "bevat niet-toegestane tekens");
    const std::size_t n = utf8_length(s);
    if (n < min_chars) fail(key, n == 0 ? "mag niet leeg zijn" : "is te kort (min " + chars(min_chars) + ")");
    if (n > max_chars) fail(key, "is te lang (max " + chars(max_chars) + ")");
    return s;
}

bool valid_id(std::string_view s) {
    if (s.empty() || s.size() > 19 || s[0] < '1' || s[0] > '9') return false;
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    // from_chars rejects values above INT64_MAX with result_out_of_range.
    return ec == std::errc{} && end == s.data() + s.size();
}

std::string read_id(const json& value, std::string_view key) {
    if (!value.is_string() || !valid_id(value.get_ref<const std::string&>())) fail(key, "bevat geen geldig id");
    return value.get<std::string>();
}

std::int64_t read_int(const json& value, std::string_view key, std::int64_t min, std::int64_t max) {
    // is_number_integer() covers both signed and unsigned storage; floats are rejected.
    if (!value.is_number_integer()) fail(key, "moet een geheel getal zijn");
    const bool too_big = value.is_number_unsigned() &&
                         value.get<json::number_unsigned_t>() > static_cast<json::number_unsigned_t>(INT64_MAX);
    const auto v = too_big ? INT64_MAX : value.get<std::int64_t>();
    if (too_big || v < min || v > max)
        fail(key, "moet tussen " + std::to_string(min) + " en " + std::to_string(max) + " liggen");
    return v;
}

std::string read_enum(const json& value, std::string_view key, std::span<const std::string_view> allowed) {
    if (value.is_string()) {
        const auto& s = value.get_ref<const std::string&>();
        if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
    }
    std::string list;
    for (const auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(key, "moet een van deze waarden hebben: " + list);
}

TimePoint read_time(const json& value, std::string_view key) {
    if (value.is_string()) {
        if (const auto t = parse_time(value.get_ref<const std::string&>())) return *t;
    }
    fail(key, "is geen geldige tijd (verwacht bijv. 2026-02-06T09:30:00Z)");
}

bool valid_email(std::string_view s) {
    const auto at = s.find('@');
    if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
    const auto local = s.substr(0, at);
    const auto domain = s.substr(at + 1);
    if (local.empty() || utf8_length(local) > 64) return false;
    // Domain: labels separated by single dots, at least two labels.
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos ||
        domain.find('.') == std::string_view::npos) {
        return false;
    }
    constexpr std::string_view forbidden = "\"<>()[],;:\\";
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = next_code_point(s, i);
        if (is_control(c) || is_space(c) || (c < 0x80 && forbidden.find(static_cast<char>(c)) != std::string_view::npos))
            return false;
    }
    return true;
}

}  // namespace

std::string required_digits(const json& obj, std::string_view key, std::size_t digits) {
    const auto& s = as_string(require(obj, key), key);
    if (s.size() != digits || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
        fail(key, "moet uit precies " + std::to_string(digits) + " cijfers bestaan");
    return s;
}

std::string required_string(const json& obj, std::string_view key, std::size_t min_chars, std::size_t max_chars,
                            Text text) {
    return read_text(require(obj, key), key, min_chars, max_chars, text);
}

std::optional<std::string> optional_string(const json& obj, std::string_view key, std::size_t min_chars,
                                           std::size_t max_chars, Text text) {
    const json* value = find(obj, key);
    if (!value) return std::nullopt;
    return read_text(*value, key, min_chars, max_chars, text);
}

std::string required_id(const json& obj, std::string_view key) { return read_id(require(obj, key), key); }

std::optional<std::string> optional_id(const json& obj, std::string_view key) {
    const json* value = find(obj, key);
    if (!value) return std::nullopt;
    return read_id(*value, key);
}

std::vector<std::int64_t> optional_id_list(const json& obj, std::string_view key, std::size_t max_items) {
    const json* value = find(obj, key);
    if (!value) return {};
    if (!value->is_array()) fail(key, "moet een lijst zijn");
    if (value->size() > max_items) fail(key, "mag hoogstens " + std::to_string(max_items) + " ids hebben");
    std::vector<std::int64_t> ids;
    for (const auto& item : *value) {
        auto id = id_value(read_id(item, key));
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    return ids;
}

std::int64_t id_value(std::string_view id) {
    if (!valid_id(id)) throw ProtocolError(ErrorCode::bad_request, "Ongeldig id");
    std::int64_t v = 0;
    std::from_chars(id.data(), id.data() + id.size(), v);
    return v;
}

std::optional<bool> optional_bool(const json& obj, std::string_view key) {
    const json* value = find(obj, key);
    if (!value) return std::nullopt;
    if (!value->is_boolean()) fail(key, "moet true of false zijn");
    return value->get<bool>();
}

std::int64_t required_int(const json& obj, std::string_view key, std::int64_t min, std::int64_t max) {
    return read_int(require(obj, key), key, min, max);
}

std::optional<std::int64_t> optional_int(const json& obj, std::string_view key, std::int64_t min, std::int64_t max) {
    const json* value = find(obj, key);
    if (!value) return std::nullopt;
    return read_int(*value, key, min, max);
}

std::string required_enum(const json& obj, std::string_view key, std::initializer_list<std::string_view> allowed) {
    return required_enum(obj, key, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

std::optional<std::string> optional_enum(const json& obj, std::string_view key,
                                         std::initializer_list<std::string_view> allowed) {
    return optional_enum(obj, key, std::span<const std::string_view>(allowed.begin(), allowed.size()));
}

std::string required_enum(const json& obj, std::string_view key, std::span<const std::string_view> allowed) {
    return read_enum(require(obj, key), key, allowed);
}

std::optional<std::string> optional_enum(const json& obj, std::string_view key,
                                         std::span<const std::string_view> allowed) {
    const json* value = find(obj, key);
    if (!value) return std::nullopt;
    return read_enum(*value, key, allowed);
}

std::string required_email(const json& obj, std::string_view key) {
    std::string s(trim(as_string(require(obj, key), key)));
    std::transform(s.begin(), s.end(), s.begin(), [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; });
    if (s.empty()) fail(key, "mag niet leeg zijn");
    if (utf8_length(s) > 254) fail(key, "is te lang (max 254 tekens)");
    if (!valid_email(s)) fail(key, "bevat geen geldig e-mailadres");
    return s;
}

std::string required_password(const json& obj, std::string_view key) {
    const std::string& s = as_string(require(obj, key), key);
    for (std::size_t i = 0; i < s.size();) {
        if (is_control(next_code_point(s, i)))
            throw ProtocolError(ErrorCode::bad_request, "Het wachtwoord bevat niet-toegestane tekens");
    }
    const std::size_t n = utf8_length(s);
    if (n < 10) throw ProtocolError(ErrorCode::bad_request, "Het wachtwoord moet minstens 10 tekens hebben");
    if (n > 256) throw ProtocolError(ErrorCode::bad_request, "Het wachtwoord mag hoogstens 256 tekens hebben");
    return s;
}

std::optional<TimePoint> optional_time(const json& obj, std::string_view key) {
    const json* value = find(obj, key);
    if (!value) return std::nullopt;
    return read_time(*value, key);
}

TimePoint required_time(const json& obj, std::string_view key) { return read_time(require(obj, key), key); }

std::optional<std::string> optional_date(const json& obj, std::string_view key) {
    const json* value = find(obj, key);
    if (!value) return std::nullopt;
    if (value->is_string()) {
        const auto& s = value->get_ref<const std::string&>();
        int y = 0, m = 0, d = 0;
        auto digits = [&](std::size_t from, std::size_t n, int& out) {
            const auto [end, ec] = std::from_chars(s.data() + from, s.data() + from + n, out);
            return ec == std::errc{} && end == s.data() + from + n;
        };
        if (s.size() == 10 && s[4] == '-' && s[7] == '-' && std::isdigit(static_cast<unsigned char>(s[0])) &&
            digits(0, 4, y) && digits(5, 2, m) && digits(8, 2, d) &&
            std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d)))
                .ok())
            return s;
    }
    fail(key, "is geen geldige datum (verwacht bijv. 2026-02-06)");
}

const json& required_object(const json& obj, std::string_view key) {
    const json& value = require(obj, key);
    if (!value.is_object()) fail(key, "moet een object zijn");
    return value;
}

}  // namespace kl::protocol
