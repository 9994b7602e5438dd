#include "protocol/time.hpp"

#include <gtest/gtest.h>

namespace kl::protocol {
namespace {

using namespace std::chrono;

TimePoint at(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return sys_days{year{y} / mo / d} + hours{h} + minutes{mi} + seconds{s};
}

TEST(Time, FormatsUtcWithWholeSeconds) {
    EXPECT_EQ(format_time(at(2026, 2, 6, 9, 30, 0)), "2026-02-06T09:30:00Z");
    EXPECT_EQ(format_time(TimePoint{}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_time(at(1969, 12, 31, 23, 59, 59)), "1969-12-31T23:59:59Z");
    EXPECT_EQ(format_time(at(9999, 12, 31, 23, 59, 59)), "9999-12-31T23:59:59Z");
}

TEST(Time, ParsesZulu) {
    EXPECT_EQ(parse_time("2026-02-06T09:30:00Z"), at(2026, 2, 6, 9, 30));
    EXPECT_EQ(parse_time("2026-02-06t09:30:00z"), at(2026, 2, 6, 9, 30));  // RFC 3339 allows lower case
}

TEST(Time, AppliesOffsets) {
    EXPECT_EQ(parse_time("2026-02-06T10:30:00+01:00"), at(2026, 2, 6, 9, 30));
    EXPECT_EQ(parse_time("2026-02-06T04:00:00-05:30"), at(2026, 2, 6, 9, 30));
    EXPECT_EQ(parse_time("2026-01-01T00:30:00+01:00"), at(2025, 12, 31, 23, 30));  // crosses a year
    EXPECT_EQ(parse_time("2026-02-06T09:30:00-00:00"), at(2026, 2, 6, 9, 30));
}

TEST(Time, TruncatesFractions) {
    EXPECT_EQ(parse_time("2026-02-06T09:30:00.999Z"), at(2026, 2, 6, 9, 30, 0));
    EXPECT_EQ(parse_time("2026-02-06T09:30:05.1+00:00"), at(2026, 2, 6, 9, 30, 5));
    EXPECT_EQ(parse_time("2026-02-06T09:30:05.123456789Z"), at(2026, 2, 6, 9, 30, 5));
}

TEST(Time, AcceptsLeapDayOnlyInLeapYears) {
    EXPECT_EQ(parse_time("2024-02-29T12:00:00Z"), at(2024, 2, 29, 12));
    EXPECT_EQ(parse_time("2000-02-29T12:00:00Z"), at(2000, 2, 29, 12));
    EXPECT_FALSE(parse_time("2026-02-29T12:00:00Z"));
    EXPECT_FALSE(parse_time("1900-02-29T12:00:00Z"));
}

TEST(Time, RoundTrips) {
    for (const auto t : {TimePoint{}, at(2026, 2, 6, 9, 30), at(2024, 2, 29, 23, 59, 59), at(1999, 12, 31),
                         at(2038, 1, 19, 3, 14, 8)}) {
        EXPECT_EQ(parse_time(format_time(t)), t) << format_time(t);
    }
}

TEST(Time, RejectsMalformedInput) {
    for (const char* bad : {
             "",
             "2026-02-06",                  // date only
             "2026-02-06T09:30Z",           // no seconds
             "2026-02-06T09:30:00",         // no offset
             "2026-02-06 09:30:00Z",        // space separator
             "2026-02-30T09:30:00Z",        // no such day
             "2026-04-31T09:30:00Z",
             "2026-13-01T09:30:00Z",
             "2026-00-10T09:30:00Z",
             "2026-02-00T09:30:00Z",
             "2026-02-06T24:00:00Z",
             "2026-02-06T09:60:00Z",
             "2026-02-06T09:30:60Z",        // leap seconds are not accepted
             "2026-02-06T09:30:00.Z",       // empty fraction
             "2026-02-06T09:30:00+0100",    // offset without colon
             "2026-02-06T09:30:00+01",
             "2026-02-06T09:30:00+24:00",
             "2026-02-06T09:30:00+01:60",
             "2026-02-06T09:30:00Zjunk",
             " 2026-02-06T09:30:00Z",
             "2026-2-6T09:30:00Z",
             "+2026-02-06T09:30:00Z",
             "２026-02-06T09:30:00Z",        // full-width digit
             "2026-02-06T09:30:00UTC",
         }) {
        EXPECT_FALSE(parse_time(bad)) << bad;
    }
}

}  // namespace
}  // namespace kl::protocol
