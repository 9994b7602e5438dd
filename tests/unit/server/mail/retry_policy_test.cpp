#include "server/app/mail/mail_worker.hpp"

#include <gtest/gtest.h>

using kl::app::mail::RetryPolicy;

TEST(MailRetryPolicy, WaitsOneTwoFourMinutesAndAtMostAnHour) {
    RetryPolicy retry;
    EXPECT_EQ(retry.next_attempt(1000, 1), 1000 + 60);
    EXPECT_EQ(retry.next_attempt(1000, 2), 1000 + 120);
    EXPECT_EQ(retry.next_attempt(1000, 3), 1000 + 240);
    EXPECT_EQ(retry.next_attempt(1000, 7), 1000 + 3600);
    EXPECT_EQ(retry.next_attempt(1000, 200), 1000 + 3600);  // no overflow however many attempts
}
