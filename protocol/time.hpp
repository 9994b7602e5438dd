#pragma once
// Timestamps on the wire: RFC 3339, always written in UTC with whole seconds.
#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kl::protocol {

using TimePoint = std::chrono::sys_seconds;

// "2026-02-06T09:30:00Z".
std::string format_time(TimePoint time);
// The same for seconds since the epoch, as storage keeps times.
std::string format_unix_time(std::int64_t seconds);
// A stored time that may be absent, as the wire carries it: the string, or null.
nlohmann::json time_json(const std::optional<std::int64_t>& seconds);

// Accepts RFC 3339 date-times: "YYYY-MM-DDTHH:MM:SS", optional fraction (truncated),
// then "Z" or "±HH:MM". 'T' and 'Z' may be lower case (RFC 3339 allows it). Rejects
// everything else, including impossible dates (Feb 30) and leap seconds (:60).
std::optional<TimePoint> parse_time(std::string_view text);

}  // namespace kl::protocol
