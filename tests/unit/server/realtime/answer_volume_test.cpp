// The answer volume per account, with a clock the test moves: no sleeping.
#include "server/app/realtime/answer_volume.hpp"

#include <gtest/gtest.h>

using namespace std::chrono;
using kl::app::AnswerVolume;
using kl::app::ManualClock;

namespace {

constexpr std::uint64_t kib = 1024;

TEST(AnswerVolume, ANewAccountMayAskAndTheBurstIsSpentByWhatWasSent) {
    ManualClock clock(kl::app::TimePoint(seconds(1'000'000)));
    AnswerVolume volume(clock, {100 * kib, 300 * kib});
    EXPECT_EQ(volume.wait(7), 0);
    volume.charge(7, 200 * kib);
    EXPECT_EQ(volume.wait(7), 0);  // 100 KiB left
    volume.charge(7, 150 * kib);   // 50 KiB owed
    EXPECT_EQ(volume.wait(7), 1);
    EXPECT_EQ(volume.wait(8), 0);  // another account is not touched
    clock.advance(seconds(1));     // +100 KiB: 50 KiB left
    EXPECT_EQ(volume.wait(7), 0);
}

TEST(AnswerVolume, ADebtTakesAsManySecondsAsTheRateNeedsAndIsCappedAtOneBurst) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    AnswerVolume volume(clock, {100 * kib, 300 * kib});
    volume.charge(7, 550 * kib);  // counts as at most one burst: 300 KiB spent, none owed
    EXPECT_EQ(volume.wait(7), 1);
    volume.charge(7, 10'000 * kib);  // now 300 KiB owed, the lowest the bucket goes
    EXPECT_EQ(volume.wait(7), 4);    // 300 KiB at 100 KiB/s, then one byte more
    clock.advance(seconds(3));
    EXPECT_EQ(volume.wait(7), 1);
    clock.advance(seconds(1));
    EXPECT_EQ(volume.wait(7), 0);
}

TEST(AnswerVolume, APauseRefillsTheBurstButNoMoreAndAClockSetBackAddsNothing) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    AnswerVolume volume(clock, {100 * kib, 300 * kib});
    volume.charge(7, 300 * kib);
    clock.advance(hours(24 * 365 * 100));  // a huge jump overflows nothing
    volume.charge(7, 300 * kib);
    EXPECT_EQ(volume.wait(7), 1);          // the burst, never more
    clock.advance(-hours(1));
    EXPECT_EQ(volume.wait(7), 1);
    clock.advance(seconds(1));
    EXPECT_EQ(volume.wait(7), 0);
}

TEST(AnswerVolume, ZeroRateMeansNoLimitAndNoBuckets) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    AnswerVolume volume(clock, {0, 0});
    volume.charge(7, 1'000'000 * kib);
    EXPECT_EQ(volume.wait(7), 0);
    EXPECT_EQ(volume.tracked(), 0u);
}

TEST(AnswerVolume, FullBucketsAreForgottenSoMemoryFollowsActiveAccounts) {
    ManualClock clock(kl::app::TimePoint(seconds(0)));
    AnswerVolume volume(clock, {100 * kib, 300 * kib});
    for (std::int64_t user = 0; user < 1024; ++user) volume.charge(user, kib);
    EXPECT_EQ(volume.tracked(), 1024u);
    clock.advance(seconds(1));  // every bucket is full again
    volume.charge(5000, 300 * kib);  // past the purge size: the full ones go
    EXPECT_EQ(volume.tracked(), 1u);
    EXPECT_EQ(volume.wait(5000), 1);
}

}  // namespace
