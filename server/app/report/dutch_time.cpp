#include "server/app/report/dutch_time.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace kl::app {

namespace {

using namespace std::chrono;

constexpr std::array<const char*, 12> months = {"januari", "februari", "maart",     "april",   "mei",      "juni",
                                                "juli",    "augustus", "september", "oktober", "november", "december"};

// 01:00 UTC on the last Sunday of month in year.
sys_seconds last_sunday_1am(year y, month m) {
    sys_days last = year_month_day_last(y, month_day_last(m));
    auto back = (weekday(last) - Sunday).count();
    return sys_seconds(last - days(back)) + hours(1);
}

sys_seconds amsterdam(std::int64_t unix_seconds) {
    sys_seconds utc{seconds(unix_seconds)};
    auto y = year_month_day(floor<days>(utc)).year();
    bool summer = utc >= last_sunday_1am(y, March) && utc < last_sunday_1am(y, October);
    return utc + hours(summer ? 2 : 1);
}

std::string date_text(year_month_day ymd) {
    return std::to_string(static_cast<unsigned>(ymd.day())) + " " + months[static_cast<unsigned>(ymd.month()) - 1] +
           " " + std::to_string(static_cast<int>(ymd.year()));
}

}  // namespace

std::string dutch_date(std::int64_t unix_seconds) {
    return date_text(year_month_day(floor<days>(amsterdam(unix_seconds))));
}

std::string dutch_date_time(std::int64_t unix_seconds) {
    auto local = amsterdam(unix_seconds);
    auto day = floor<days>(local);
    hh_mm_ss time(local - day);
    char clock[8];
    std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return date_text(year_month_day(day)) + ", " + clock;
}

std::string dutch_calendar_date(const std::string& iso_date) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(iso_date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return iso_date;
    year_month_day ymd{year(y), month(m), day(d)};
    return ymd.ok() ? date_text(ymd) : iso_date;
}

}  // namespace kl::app
