#include "server/app/core/crypto.hpp"
#include "server/app/core/password_hasher.hpp"
#include "server/app/http/cookies.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace kl::app;

namespace {

TEST(Tokens, AreLongRandomAndUrlSafe) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto token = random_token();
        EXPECT_EQ(token.size(), 43u);  // 256 bits in base64url without padding
        for (char c : token) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(Tokens, HashIsSha256Hex) {
    EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_NE(token_hash("abc"), token_hash("abd"));
}

TEST(Tokens, ConstantTimeEqual) {
    EXPECT_TRUE(constant_time_equal("same", "same"));
    EXPECT_FALSE(constant_time_equal("same", "sane"));
    EXPECT_FALSE(constant_time_equal("same", "same-longer"));
}

TEST(Passwords, Argon2idRoundTrip) {
    Argon2Parameters cheap{1, 1024, 1};  // small, to keep the test fast
    auto hash = hash_password("correct horse battery", cheap);
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(verify_password("correct horse battery", hash));
    EXPECT_FALSE(verify_password("correct horse batterY", hash));
    EXPECT_FALSE(verify_password("anything", "not a hash"));
    EXPECT_NE(hash, hash_password("correct horse battery", cheap));  // fresh salt
}

TEST(Cookies, FindsTheLoginCookieAmongOthers) {
    EXPECT_EQ(cookie_value("kl_session=abc", "kl_session"), "abc");
    EXPECT_EQ(cookie_value("theme=dark; kl_session=abc; x=1", "kl_session"), "abc");
    EXPECT_EQ(cookie_value("not_kl_session=abc", "kl_session"), "");
    EXPECT_EQ(cookie_value("kl_sessionx=abc", "kl_session"), "");
    EXPECT_EQ(cookie_value("", "kl_session"), "");
}

}  // namespace
