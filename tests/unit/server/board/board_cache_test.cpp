// The board cache: one build per board version and audience, never a board of another
// version or audience, bounded, and forget() for changes that are no event.
#include "server/app/board/board_cache.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using kl::app::BoardCache;
using kl::app::Reader;
using nlohmann::json;

namespace {

const Reader::BoardAudience member{false, 0};
const Reader::BoardAudience moderator{true, 0};
const Reader::BoardAudience guest_from_join{false, 1'800'000'000};

}  // namespace

TEST(BoardCache, BuildsOncePerVersionAndAudience) {
    BoardCache cache;
    int builds = 0;
    auto build = [&](std::string title) {
        return [&builds, title] {
            ++builds;
            return json{{"cards", json::array({{{"title", title}}})}};
        };
    };
    auto first = cache.board(1, 10, member, build("a"));
    EXPECT_EQ(json::parse(*first)["cards"][0]["title"], "a");
    EXPECT_EQ(cache.board(1, 10, member, build("never")), first);  // the same buffer
    EXPECT_EQ(builds, 1);

    // Another audience, another version or another session: built for itself.
    EXPECT_EQ(json::parse(*cache.board(1, 10, moderator, build("mod")))["cards"][0]["title"], "mod");
    EXPECT_EQ(json::parse(*cache.board(1, 10, guest_from_join, build("guest")))["cards"][0]["title"], "guest");
    EXPECT_EQ(json::parse(*cache.board(1, 11, member, build("b")))["cards"][0]["title"], "b");
    EXPECT_EQ(json::parse(*cache.board(2, 10, member, build("other")))["cards"][0]["title"], "other");
    EXPECT_EQ(builds, 5);
    // The newer version replaced the older one of the same audience.
    EXPECT_EQ(cache.entries(), 4u);
}

TEST(BoardCache, ForgetDropsEverySessionBoard) {
    BoardCache cache;
    int builds = 0;
    auto build = [&] {
        ++builds;
        return json{{"cards", json::array()}};
    };
    cache.board(1, 10, member, build);
    cache.board(1, 10, moderator, build);
    cache.board(2, 3, member, build);
    cache.forget(1);
    EXPECT_EQ(cache.entries(), 1u);
    cache.board(1, 10, member, build);
    EXPECT_EQ(builds, 4);
}

TEST(BoardCache, StaysWithinItsBounds) {
    BoardCache cache;
    for (std::int64_t session = 1; session <= static_cast<std::int64_t>(BoardCache::max_entries) + 10; ++session)
        cache.board(session, 1, member, [] { return json{{"cards", json::array()}}; });
    EXPECT_EQ(cache.entries(), BoardCache::max_entries);

    // Big boards: the bytes bound holds; one larger than all of it is served, not kept.
    BoardCache big;
    std::string text(BoardCache::max_bytes / 8, 'x');
    for (std::int64_t session = 1; session <= 12; ++session)
        big.board(session, 1, member, [&] { return json{{"body", text}}; });
    EXPECT_LE(big.bytes(), BoardCache::max_bytes);
    EXPECT_LT(big.entries(), 12u);
    std::string huge(BoardCache::max_bytes + 1, 'y');
    auto served = big.board(99, 1, member, [&] { return json{{"body", huge}}; });
    EXPECT_GT(served->size(), BoardCache::max_bytes);
    EXPECT_LE(big.bytes(), BoardCache::max_bytes);
}
