#pragma once
// Times as people in the Netherlands read them: Amsterdam time (CET/CEST by the EU
// rule: summer time from the last Sunday of March to the last Sunday of October,
// switching at 01:00 UTC), Dutch month names. For the report; the wire uses UTC.
#include <cstdint>
#include <string>

namespace kl::app {

std::string dutch_date(std::int64_t unix_seconds);      // "2 maart 2026"
std::string dutch_date_time(std::int64_t unix_seconds); // "2 maart 2026, 14:05"
// "2026-03-02" → "2 maart 2026"; other text unchanged.
std::string dutch_calendar_date(const std::string& iso_date);

}  // namespace kl::app
