#include "protocol/errors.hpp"
#include "protocol/paging.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using kl::protocol::page_params;
using kl::protocol::take_page;
using nlohmann::json;

TEST(PageParamsTest, AbsentMeansFromTheNewestWithTheDefaultLimit) {
    auto page = page_params(json::object(), 30, 100);
    EXPECT_FALSE(page.before.has_value());
    EXPECT_EQ(page.limit, 30);
}

TEST(PageParamsTest, ReadsBeforeAsAnIdAndLimitWithinItsBound) {
    auto page = page_params(json{{"before", "42"}, {"limit", 100}}, 30, 100);
    EXPECT_EQ(page.before, 42);
    EXPECT_EQ(page.limit, 100);
}

TEST(PageParamsTest, RefusesALimitOutOfRangeAndAMalformedBefore) {
    EXPECT_THROW(page_params(json{{"limit", 0}}, 30, 100), kl::protocol::ProtocolError);
    EXPECT_THROW(page_params(json{{"limit", 101}}, 30, 100), kl::protocol::ProtocolError);
    EXPECT_THROW(page_params(json{{"limit", "10"}}, 30, 100), kl::protocol::ProtocolError);
    EXPECT_THROW(page_params(json{{"before", "007"}}, 30, 100), kl::protocol::ProtocolError);
    EXPECT_THROW(page_params(json{{"before", 7}}, 30, 100), kl::protocol::ProtocolError);
}

TEST(TakePageTest, TheExtraRowSaysMoreFollowAndIsDropped) {
    std::vector<int> rows{5, 4, 3};
    EXPECT_TRUE(take_page(rows, 2));
    EXPECT_EQ(rows, (std::vector<int>{5, 4}));
    std::vector<int> last{2, 1};
    EXPECT_FALSE(take_page(last, 2));
    EXPECT_EQ(last, (std::vector<int>{2, 1}));
}
