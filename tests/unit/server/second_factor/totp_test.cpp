// TOTP against RFC 6238's SHA-1 test vectors (appendix B, the last six digits), the
// one-step window, and the otpauth URL authenticator apps read.
#include "server/app/second_factor/totp.hpp"

#include <gtest/gtest.h>

namespace kl::app {
namespace {

const std::string rfc_secret = "12345678901234567890";  // RFC 6238 appendix B, SHA-1

TEST(Totp, Rfc6238Sha1Vectors) {
    const std::pair<std::int64_t, const char*> vectors[] = {
        {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
        {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
    };
    for (auto [time, code] : vectors) {
        EXPECT_EQ(totp_code_at(rfc_secret, time), code) << time;
        EXPECT_EQ(matching_totp_step(rfc_secret, code, time), time / 30) << time;
    }
}

TEST(Totp, OneStepEitherWayIsAcceptedTwoAreNot) {
    const std::int64_t now = 1'700'000'000;
    const auto step = totp_step_at(now);
    EXPECT_EQ(matching_totp_step(rfc_secret, totp_code_at(rfc_secret, now - 30), now), step - 1);
    EXPECT_EQ(matching_totp_step(rfc_secret, totp_code_at(rfc_secret, now + 30), now), step + 1);
    EXPECT_EQ(matching_totp_step(rfc_secret, totp_code_at(rfc_secret, now - 60), now), std::nullopt);
    EXPECT_EQ(matching_totp_step(rfc_secret, totp_code_at(rfc_secret, now + 60), now), std::nullopt);
}

TEST(Totp, OnlySixDigitsAreACode) {
    const std::int64_t now = 1'700'000'000;
    auto code = totp_code_at(rfc_secret, now);
    EXPECT_TRUE(looks_like_totp_code(code));
    EXPECT_FALSE(looks_like_totp_code(code + "1"));
    EXPECT_FALSE(looks_like_totp_code(code.substr(1)));
    EXPECT_FALSE(looks_like_totp_code("12345a"));
    EXPECT_FALSE(looks_like_totp_code(" 12345"));
    EXPECT_EQ(matching_totp_step(rfc_secret, code + " ", now), std::nullopt);
}

TEST(Totp, AnotherSecretsCodeIsRefused) {
    const std::int64_t now = 1'700'000'000;
    auto other = new_totp_secret();
    EXPECT_EQ(other.size(), 20u);
    EXPECT_NE(other, new_totp_secret());
    EXPECT_EQ(matching_totp_step(other, totp_code_at(rfc_secret, now), now).has_value(),
              totp_code_at(other, now) == totp_code_at(rfc_secret, now));
}

TEST(Totp, Base32AndOtpauthUrl) {
    EXPECT_EQ(base32_secret(rfc_secret), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    EXPECT_EQ(base32_secret(new_totp_secret()).size(), 32u);
    EXPECT_EQ(otpauth_url("an.de+vries@gemeente.example", "GEZDGNBV"),
              "otpauth://totp/Kennislab:an.de%2Bvries%40gemeente.example?secret=GEZDGNBV&issuer=Kennislab"
              "&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace kl::app

// Each code is accepted once: the step of an accepted code, and every earlier one, is
// refused afterwards (against real storage).
#include "server/app/second_factor/factor_codes.hpp"
#include "storage/connection.hpp"
#include "storage/second_factor.hpp"
#include "storage/users.hpp"
#include "../../storage/temp_database.hpp"

namespace kl::app {
namespace {

TEST(Totp, AReplayedOrOlderCodeIsRefused) {
    kl::test::TempDatabase db;
    auto c = storage::open_database(db.path(), storage::OpenMode::read_write);
    auto user =
        storage::create_user(c, {"anna@voorbeeld.nl", "Anna", "ess", "ESS", "member", std::nullopt, 0, std::nullopt})
            .id;
    auto box = SecretBox::open_or_create(secret_box_key_path(db.dir().string()));
    auto secret = new_totp_secret();
    const std::int64_t now = 1'700'000'000;
    storage::begin_totp(c, user, box.seal(secret, user), now);
    EXPECT_FALSE(use_totp_code(c, box, user, totp_code_at(secret, now), now));  // not confirmed yet
    ASSERT_TRUE(storage::confirm_totp(c, user, totp_step_at(now) - 1, now));

    EXPECT_TRUE(use_totp_code(c, box, user, totp_code_at(secret, now), now));
    EXPECT_FALSE(use_totp_code(c, box, user, totp_code_at(secret, now), now));       // the same code again
    EXPECT_FALSE(use_totp_code(c, box, user, totp_code_at(secret, now - 30), now));  // an older one in the window
    EXPECT_TRUE(use_totp_code(c, box, user, totp_code_at(secret, now + 30), now));   // the next step
}

}  // namespace
}  // namespace kl::app
