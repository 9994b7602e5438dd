// The digest schedule: 07:00 Europe/Amsterdam daily, Monday 07:00 weekly, across
// midnight, a week, and both changes of summer time.
#include "server/app/notifications/digest_schedule.hpp"

#include <gtest/gtest.h>

namespace {

using kl::app::DigestFrequency;
using kl::app::digest_due;
using kl::app::latest_digest_moment;
using kl::app::next_digest_moment;

// Unix seconds of a UTC time (the tests' fixed points, checked against `date -u -d`).
constexpr std::int64_t utc_2026_12_07_0600 = 1796623200;  // Monday 07:00 CET
constexpr std::int64_t utc_2026_07_06_0500 = 1783314000;  // Monday 07:00 CEST
constexpr std::int64_t hour = 3600;
constexpr std::int64_t day = 24 * hour;

TEST(DigestSchedule, DailyIsSevenInTheMorningAmsterdamTimeInWinterAndSummer) {
    EXPECT_EQ(latest_digest_moment(DigestFrequency::daily, utc_2026_12_07_0600), utc_2026_12_07_0600);
    EXPECT_EQ(latest_digest_moment(DigestFrequency::daily, utc_2026_12_07_0600 - 1), utc_2026_12_07_0600 - day);
    EXPECT_EQ(next_digest_moment(DigestFrequency::daily, utc_2026_12_07_0600), utc_2026_12_07_0600 + day);
    EXPECT_EQ(latest_digest_moment(DigestFrequency::daily, utc_2026_07_06_0500 + 5 * hour), utc_2026_07_06_0500);
}

TEST(DigestSchedule, WeeklyIsMondaySevenOClock) {
    // From Sunday evening back to last Monday; from Monday 07:00 on, this Monday.
    EXPECT_EQ(latest_digest_moment(DigestFrequency::weekly, utc_2026_12_07_0600 - 10 * hour),
              utc_2026_12_07_0600 - 7 * day);
    EXPECT_EQ(latest_digest_moment(DigestFrequency::weekly, utc_2026_12_07_0600), utc_2026_12_07_0600);
    EXPECT_EQ(latest_digest_moment(DigestFrequency::weekly, utc_2026_12_07_0600 + 6 * day),
              utc_2026_12_07_0600);
    EXPECT_EQ(next_digest_moment(DigestFrequency::weekly, utc_2026_12_07_0600 + hour), utc_2026_12_07_0600 + 7 * day);
}

TEST(DigestSchedule, TheChangesOfSummerTimeMoveTheMomentInUtc) {
    // 2026-03-29 is the last Sunday of March: from the Monday after, 07:00 is 05:00 UTC.
    constexpr std::int64_t utc_2026_03_23_0600 = 1774245600;  // Monday before, CET
    EXPECT_EQ(next_digest_moment(DigestFrequency::weekly, utc_2026_03_23_0600), utc_2026_03_23_0600 + 7 * day - hour);
    // Sunday 29 March itself: 07:00 CEST is 05:00 UTC, a 23-hour day after Saturday's.
    constexpr std::int64_t utc_2026_03_28_0600 = 1774677600;  // Saturday, CET
    EXPECT_EQ(next_digest_moment(DigestFrequency::daily, utc_2026_03_28_0600), utc_2026_03_28_0600 + 23 * hour);
    // 2026-10-25, the last Sunday of October: a 25-hour day back to CET.
    constexpr std::int64_t utc_2026_10_24_0500 = 1792818000;  // Saturday, CEST
    EXPECT_EQ(next_digest_moment(DigestFrequency::daily, utc_2026_10_24_0500), utc_2026_10_24_0500 + 25 * hour);
}

TEST(DigestSchedule, DueOnceAMomentHasPassedSinceTheLastOne) {
    auto last = utc_2026_12_07_0600 + 30;  // sent just after Monday's moment
    EXPECT_FALSE(digest_due(DigestFrequency::daily, last, utc_2026_12_07_0600 + day - 1));
    EXPECT_TRUE(digest_due(DigestFrequency::daily, last, utc_2026_12_07_0600 + day));
    EXPECT_FALSE(digest_due(DigestFrequency::weekly, last, utc_2026_12_07_0600 + 6 * day));
    EXPECT_TRUE(digest_due(DigestFrequency::weekly, last, utc_2026_12_07_0600 + 7 * day));
    // A server that was down at 07:00 sends when it is back, once.
    EXPECT_TRUE(digest_due(DigestFrequency::daily, last, utc_2026_12_07_0600 + day + 5 * hour));
}

TEST(DigestSchedule, OnlyDailyAndWeeklyAreDigests) {
    EXPECT_EQ(kl::app::digest_frequency("daily"), DigestFrequency::daily);
    EXPECT_EQ(kl::app::digest_frequency("weekly"), DigestFrequency::weekly);
    EXPECT_FALSE(kl::app::digest_frequency("direct"));
    EXPECT_FALSE(kl::app::digest_frequency("off"));
}

}  // namespace
