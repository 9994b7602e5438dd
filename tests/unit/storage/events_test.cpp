// The event log: per-session sequence numbers, and replays bounded by a budget so
// that a client far behind costs no more than the budget before it is told to resync.
#include "storage/connection.hpp"
#include "storage/events.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

using namespace kl::storage;

namespace {

class EventLog : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    std::int64_t session_id = 0;

    void SetUp() override {
        NewUser user;
        user.email = "moderator@ess.example";
        user.display_name = "Moderator";
        user.organisation_type = "ess";
        user.global_role = "staff";
        Session session;
        session.title = "Kennislab";
        session.created_by = create_user(c, user).id;
        session_id = create_session(c, session).id;
    }

    // Appends count events whose bodies are body_bytes long; returns the last seq.
    std::int64_t append(int count, std::size_t body_bytes, std::optional<std::string> moderator_body = std::nullopt) {
        std::int64_t seq = 0;
        for (int i = 0; i < count; ++i) {
            StoredEvent event;
            event.session_id = session_id;
            event.kind = "session.updated";
            event.body = std::string(body_bytes, 'x');
            event.moderator_body = moderator_body;
            seq = append_event(c, event).seq;
        }
        return seq;
    }
};

TEST_F(EventLog, SequenceNumbersFollowEachOther) {
    auto first = append(1, 10);
    EXPECT_EQ(append(1, 10), first + 1);
    EXPECT_EQ(find_session(c, session_id)->head_seq, first + 1);
}

TEST_F(EventLog, EachSessionCountsItsOwnAndAMissingSessionTakesNone) {
    Session other;
    other.title = "Tweede lab";
    other.created_by = find_session(c, session_id)->created_by;
    auto other_id = create_session(c, other).id;
    auto mine = append(3, 10);
    StoredEvent event;
    event.session_id = other_id;
    event.kind = "session.updated";
    event.body = "{}";
    EXPECT_EQ(append_event(c, event).seq, 1);
    EXPECT_EQ(append(1, 10), mine + 1);
    event.session_id = other_id + 1000;  // no such session: refused, nothing stored
    EXPECT_THROW(append_event(c, event), StorageError);
    EXPECT_EQ(events_page(c, other_id + 1000, 0, 10).size(), 0u);
    EXPECT_EQ(find_session(c, other_id)->head_seq, 1);
    EXPECT_EQ(find_session(c, session_id)->head_seq, mine + 1);
}

TEST_F(EventLog, ReplaysEverythingAfterTheGivenSeqInOrder) {
    auto head = append(20, 100);
    auto replay = events_after(c, session_id, head - 5, {10, 1000});
    ASSERT_TRUE(replay);
    ASSERT_EQ(replay->size(), 5u);
    for (std::size_t i = 0; i < replay->size(); ++i) EXPECT_EQ((*replay)[i].seq, head - 4 + static_cast<std::int64_t>(i));
    auto nothing = events_after(c, session_id, head, {10, 1000});
    ASSERT_TRUE(nothing);
    EXPECT_TRUE(nothing->empty());
}

TEST_F(EventLog, AReplayOfMoreEventsThanTheBudgetIsRefused) {
    auto head = append(11, 10);
    EXPECT_TRUE(events_after(c, session_id, head - 10, {10, 1000}));
    EXPECT_FALSE(events_after(c, session_id, head - 11, {10, 1000}));
}

TEST_F(EventLog, AReplayOfMoreBytesThanTheBudgetIsRefused) {
    auto head = append(4, 250);
    EXPECT_TRUE(events_after(c, session_id, head - 4, {10, 1000}));
    append(1, 1);
    EXPECT_FALSE(events_after(c, session_id, head - 4, {10, 1000}));
    // An event counts with its larger form: here the moderators'.
    auto later = append(2, 100, std::string(550, 'm'));
    EXPECT_TRUE(events_after(c, session_id, later - 1, {10, 1000}));
    EXPECT_FALSE(events_after(c, session_id, later - 2, {10, 1000}));
}

}  // namespace
