#include "server/app/notifications/digest_schedule.hpp"

#include <boost/date_time/local_time/local_time.hpp>
#include <boost/date_time/posix_time/posix_time.hpp>

namespace kl::app {

namespace {

namespace lt = boost::local_time;
namespace pt = boost::posix_time;
namespace gd = boost::gregorian;

// Europe/Amsterdam as a POSIX-style rule: CET, with CEST from the last Sunday of March
// 02:00 to the last Sunday of October 03:00 (the EU rule since 1996). Boost.DateTime
// writes the offset east of UTC as positive (the opposite of the TZ variable's "CET-1").
// 07:00 is never inside a change, so every moment exists exactly once.
const lt::time_zone_ptr& amsterdam() {
    static const lt::time_zone_ptr zone(new lt::posix_time_zone("CET+1CEST,M3.5.0,M10.5.0/3"));
    return zone;
}

const pt::ptime epoch(gd::date(1970, 1, 1));

std::int64_t unix_seconds(const pt::ptime& utc) { return (utc - epoch).total_seconds(); }

// 07:00 Amsterdam time on the given local date, in Unix seconds.
std::int64_t seven_oclock(const gd::date& local_day) {
    lt::local_date_time moment(local_day, pt::hours(7), amsterdam(), lt::local_date_time::EXCEPTION_ON_ERROR);
    return unix_seconds(moment.utc_time());
}

gd::date local_day_of(std::int64_t now) {
    lt::local_date_time local(epoch + pt::seconds(static_cast<long>(now)), amsterdam());
    return local.local_time().date();
}

}  // namespace

std::optional<DigestFrequency> digest_frequency(std::string_view email_choice) {
    if (email_choice == "daily") return DigestFrequency::daily;
    if (email_choice == "weekly") return DigestFrequency::weekly;
    return std::nullopt;
}

std::int64_t latest_digest_moment(DigestFrequency frequency, std::int64_t now) {
    auto day = local_day_of(now);
    if (frequency == DigestFrequency::weekly) {
        // Back to this week's Monday (day_of_week: Sunday 0 … Saturday 6).
        int since_monday = (day.day_of_week().as_number() + 6) % 7;
        day -= gd::days(since_monday);
        auto moment = seven_oclock(day);
        return moment <= now ? moment : seven_oclock(day - gd::days(7));
    }
    auto moment = seven_oclock(day);
    return moment <= now ? moment : seven_oclock(day - gd::days(1));
}

std::int64_t next_digest_moment(DigestFrequency frequency, std::int64_t now) {
    auto latest = latest_digest_moment(frequency, now);
    auto day = local_day_of(latest) + gd::days(frequency == DigestFrequency::weekly ? 7 : 1);
    return seven_oclock(day);
}

bool digest_due(DigestFrequency frequency, std::int64_t last, std::int64_t now) {
    return latest_digest_moment(frequency, now) > last;
}

}  // namespace kl::app
