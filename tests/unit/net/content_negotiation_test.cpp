// Accept-Encoding negotiation (brotli before gzip before identity, q-values respected)
// and If-None-Match matching for the static files.
#include "server/net/content_negotiation.hpp"

#include <gtest/gtest.h>

namespace {

using kl::net::choose_encoding;
using kl::net::Encoding;
using kl::net::none_match_lists;

TEST(ContentNegotiation, BrotliBeforeGzipBeforeIdentity) {
    EXPECT_EQ(choose_encoding("gzip, deflate, br, zstd", true, true), Encoding::brotli);  // Chromium's header
    EXPECT_EQ(choose_encoding("gzip, deflate", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("", true, true), Encoding::identity);
    EXPECT_EQ(choose_encoding("deflate", true, true), Encoding::identity);
    EXPECT_EQ(choose_encoding("BR, GZIP", true, true), Encoding::brotli) << "codings ignore case";
    EXPECT_EQ(choose_encoding("x-gzip", true, true), Encoding::gzip);
}

TEST(ContentNegotiation, OnlyWhatTheFileHas) {
    EXPECT_EQ(choose_encoding("br, gzip", true, false), Encoding::gzip);
    EXPECT_EQ(choose_encoding("br", true, false), Encoding::identity);
    EXPECT_EQ(choose_encoding("br, gzip", false, false), Encoding::identity);
}

TEST(ContentNegotiation, QValuesDecide) {
    EXPECT_EQ(choose_encoding("br;q=0.5, gzip", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("br;q=0, gzip;q=0.1", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("br;q=0, gzip;q=0", true, true), Encoding::identity);
    EXPECT_EQ(choose_encoding("gzip;q=0.5, identity", true, true), Encoding::identity) << "identity listed at 1";
    EXPECT_EQ(choose_encoding("gzip;q=0.5, identity;q=0.5", true, true), Encoding::gzip) << "a tie goes by order";
    EXPECT_EQ(choose_encoding("*", true, true), Encoding::brotli);
    EXPECT_EQ(choose_encoding("*;q=0.2, br;q=0.1", true, true), Encoding::gzip) << "gzip gets the wildcard's q";
    EXPECT_EQ(choose_encoding("br ; q=1.000 , gzip;Q=0.9", true, true), Encoding::brotli);
    // Refusing everything still gets the page: a 406 would only break it.
    EXPECT_EQ(choose_encoding("*;q=0", true, true), Encoding::identity);
}

TEST(ContentNegotiation, MalformedItemsSayNothing) {
    EXPECT_EQ(choose_encoding("br;q=2, gzip", true, true), Encoding::gzip);
    EXPECT_EQ(choose_encoding("br;q=abc", true, true), Encoding::identity);
    EXPECT_EQ(choose_encoding("br;level=5", true, true), Encoding::identity);
    EXPECT_EQ(choose_encoding(",,;, ;q=, br", true, true), Encoding::brotli);
}

TEST(ContentNegotiation, IfNoneMatchListsTheTag) {
    EXPECT_TRUE(none_match_lists("\"abc\"", "\"abc\""));
    EXPECT_TRUE(none_match_lists("\"x\", \"abc\"", "\"abc\""));
    EXPECT_TRUE(none_match_lists("W/\"abc\"", "\"abc\"")) << "If-None-Match compares weakly";
    EXPECT_TRUE(none_match_lists(" * ", "\"abc\""));
    EXPECT_FALSE(none_match_lists("\"abc-br\"", "\"abc\"")) << "another encoding is another representation";
    EXPECT_FALSE(none_match_lists("abc", "\"abc\""));
    EXPECT_FALSE(none_match_lists("", "\"abc\""));
}

}  // namespace
