#pragma once
// When digests go out: the daily one at 07:00 and the weekly one on Monday at 07:00,
// Europe/Amsterdam time, whatever the server's own time zone (PROTOCOL.md 1.1). The
// rule is pure: it takes "now" and answers in Unix seconds, so that a test can move a
// clock across midnight, a week, or a change to or from summer time.
#include <cstdint>
#include <optional>
#include <string_view>

namespace kl::app {

enum class DigestFrequency { daily, weekly };

// "daily" or "weekly" as stored in notification_settings; nullopt for "direct" and "off".
std::optional<DigestFrequency> digest_frequency(std::string_view email_choice);

// The latest digest moment at or before now (Unix seconds).
std::int64_t latest_digest_moment(DigestFrequency frequency, std::int64_t now);

// The first digest moment after now (Unix seconds).
std::int64_t next_digest_moment(DigestFrequency frequency, std::int64_t now);

// True when a digest is due at now for a user whose last digest (or whose choice of
// this frequency, which counts as one) was at last: a moment has passed since.
bool digest_due(DigestFrequency frequency, std::int64_t last, std::int64_t now);

}  // namespace kl::app
