#pragma once
// Typed, bounded readers of request params. Every failure throws
// ProtocolError(bad_request) with a Dutch message that names the field.
// Absent and null count the same: "optional_*" return nullopt, "required_*" throw.
#include "protocol/time.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kl::protocol {

// single_line rejects every control character (and U+2028/U+2029); multi_line allows
// \n and \t, and turns \r\n and lone \r into \n.
enum class Text { single_line, multi_line };

// Trims surrounding (Unicode) whitespace, then checks length in code points.
std::string required_string(const nlohmann::json& obj, std::string_view key, std::size_t min_chars,
                            std::size_t max_chars, Text text = Text::single_line);
std::optional<std::string> optional_string(const nlohmann::json& obj, std::string_view key, std::size_t min_chars,
                                           std::size_t max_chars, Text text = Text::single_line);

// A string of exactly `digits` ASCII digits, untrimmed (e.g. a 6-digit authenticator code).
std::string required_digits(const nlohmann::json& obj, std::string_view key, std::size_t digits);

// Ids are decimal strings "1".."9223372036854775807" without leading zeros. Returned unchanged.
std::string required_id(const nlohmann::json& obj, std::string_view key);
std::optional<std::string> optional_id(const nlohmann::json& obj, std::string_view key);
// A list of at most max_items ids (absent or null: empty), as numbers, each once.
std::vector<std::int64_t> optional_id_list(const nlohmann::json& obj, std::string_view key, std::size_t max_items);
// The numeric value of an id; throws ProtocolError(bad_request) when id is not valid.
std::int64_t id_value(std::string_view id);

std::optional<bool> optional_bool(const nlohmann::json& obj, std::string_view key);

// JSON integers only (no floats, no numeric strings), within [min, max].
std::int64_t required_int(const nlohmann::json& obj, std::string_view key, std::int64_t min, std::int64_t max);
std::optional<std::int64_t> optional_int(const nlohmann::json& obj, std::string_view key, std::int64_t min,
                                         std::int64_t max);

// A string equal to one of allowed (exact match). The span overloads take the
// vocabulary arrays, e.g. required_enum(params, "kind", thread_kinds).
std::string required_enum(const nlohmann::json& obj, std::string_view key, std::initializer_list<std::string_view> allowed);
std::optional<std::string> optional_enum(const nlohmann::json& obj, std::string_view key,
                                         std::initializer_list<std::string_view> allowed);
std::string required_enum(const nlohmann::json& obj, std::string_view key, std::span<const std::string_view> allowed);
std::optional<std::string> optional_enum(const nlohmann::json& obj, std::string_view key,
                                         std::span<const std::string_view> allowed);

// Trimmed and ASCII-lower-cased; at most 254 characters, exactly one '@', a local part of
// 1..64 characters, a domain with a dot between non-empty labels, and no whitespace,
// control characters, quotes, <>, (), [], ',', ';', ':' or '\'.
std::string required_email(const nlohmann::json& obj, std::string_view key);

// 10..256 code points, not trimmed, no control characters.
std::string required_password(const nlohmann::json& obj, std::string_view key);

// An RFC 3339 string (see parse_time).
std::optional<TimePoint> optional_time(const nlohmann::json& obj, std::string_view key);
TimePoint required_time(const nlohmann::json& obj, std::string_view key);
// A calendar date "YYYY-MM-DD" that exists (no 2026-02-30).
std::optional<std::string> optional_date(const nlohmann::json& obj, std::string_view key);

// A member that is a JSON object; the reference points into obj.
const nlohmann::json& required_object(const nlohmann::json& obj, std::string_view key);

}  // namespace kl::protocol
