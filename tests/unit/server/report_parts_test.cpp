// The small parts behind search and the report: snippet pieces, Dutch times, the
// bounded pipe that carries a streamed download.
#include "server/app/chunk_pipe.hpp"
#include "server/app/dutch_time.hpp"
#include "server/app/search_verbs.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

using namespace kl::app;

namespace {

TEST(SnippetPieces, SplitsAtTheHitMarks) {
    auto pieces = snippet_pieces("Het \x01" "café\x02 aan de \x01markt\x02");
    ASSERT_EQ(pieces.size(), 4u);
    EXPECT_EQ(pieces[0], (nlohmann::json{{"text", "Het "}, {"hit", false}}));
    EXPECT_EQ(pieces[1], (nlohmann::json{{"text", "café"}, {"hit", true}}));
    EXPECT_EQ(pieces[3], (nlohmann::json{{"text", "markt"}, {"hit", true}}));
    EXPECT_TRUE(snippet_pieces("").empty());
}

TEST(DutchTime, FollowsAmsterdamSummerAndWinterTime) {
    EXPECT_EQ(dutch_date_time(1772445900), "2 maart 2026, 11:05");      // 2026-03-02T10:05:00Z, CET
    EXPECT_EQ(dutch_date_time(1782986700), "2 juli 2026, 12:05");        // 2026-07-02T10:05:00Z, CEST
    EXPECT_EQ(dutch_date_time(1774745999), "29 maart 2026, 01:59");      // 00:59:59Z, just before the switch
    EXPECT_EQ(dutch_date_time(1774746000), "29 maart 2026, 03:00");      // 01:00Z, summer time
    EXPECT_EQ(dutch_date(1798757999), "31 december 2026");               // 22:59:59Z on 31 December
    EXPECT_EQ(dutch_date(1798758000), "1 januari 2027");
    EXPECT_EQ(dutch_calendar_date("2026-12-15"), "15 december 2026");
    EXPECT_EQ(dutch_calendar_date("morgen"), "morgen");
}

TEST(ChunkPipe, HandsPiecesOverInOrderAndEnds) {
    ChunkPipe pipe(2);
    std::thread producer([&] {
        for (int i = 0; i < 50; ++i) ASSERT_TRUE(pipe.push(std::to_string(i)));
        pipe.close(true);
    });
    std::vector<std::string> received;
    for (;;) {
        std::promise<std::optional<std::string>> piece;
        pipe.next([&](std::optional<std::string> p) { piece.set_value(std::move(p)); });
        auto value = piece.get_future().get();
        ASSERT_TRUE(value);
        if (value->empty()) break;
        received.push_back(*value);
    }
    producer.join();
    ASSERT_EQ(received.size(), 50u);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(received[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST(ChunkPipe, CancellingReleasesABlockedProducer) {
    ChunkPipe pipe(1);
    std::promise<bool> last_push;
    std::thread producer([&] {
        bool ok = true;
        while (ok) ok = pipe.push("x");  // fills the pipe, then blocks until cancelled
        last_push.set_value(ok);
    });
    pipe.cancel();
    EXPECT_FALSE(last_push.get_future().get());
    producer.join();
}

TEST(ChunkPipe, AFailureEndsWithoutTheLastPiece) {
    ChunkPipe pipe;
    pipe.close(false);
    std::optional<std::string> piece = std::string("unset");
    pipe.next([&](std::optional<std::string> p) { piece = std::move(p); });
    EXPECT_FALSE(piece);
}

}  // namespace
