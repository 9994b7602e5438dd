// create_post answers the post without reading it back: what it returns must be what
// the row holds, field for field, whatever the caller's Post carried in fields the
// insert does not write (edits, moderation).
#include "storage/connection.hpp"
#include "storage/posts.hpp"
#include "one_thread.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace kl::storage;

namespace {

void expect_same(const Post& a, const Post& b) {
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.thread_id, b.thread_id);
    EXPECT_EQ(a.session_id, b.session_id);
    EXPECT_EQ(a.author_id, b.author_id);
    EXPECT_EQ(a.body, b.body);
    EXPECT_EQ(a.state, b.state);
    EXPECT_EQ(a.reply_to, b.reply_to);
    EXPECT_EQ(a.attribution, b.attribution);
    EXPECT_EQ(a.whisper, b.whisper);
    EXPECT_EQ(a.client_msg_id, b.client_msg_id);
    EXPECT_EQ(a.personal_data, b.personal_data);
    EXPECT_EQ(a.created_at, b.created_at);
    EXPECT_EQ(a.edited_at, b.edited_at);
    EXPECT_EQ(a.approved_once, b.approved_once);
    EXPECT_EQ(a.moderation_action, b.moderation_action);
    EXPECT_EQ(a.moderation_reason, b.moderation_reason);
    EXPECT_EQ(a.moderated_by, b.moderated_by);
    EXPECT_EQ(a.moderated_at, b.moderated_at);
}

class CreatePost : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    kl::test::OneThread made = kl::test::create_one_thread(c);

    Post draft() {
        Post p;
        p.thread_id = made.thread_id;
        p.session_id = made.session_id;
        p.author_id = made.user_id;
        p.body = "Een casus";
        p.created_at = 1700000000;
        return p;
    }
};

TEST_F(CreatePost, ReturnsWhatTheRowHolds) {
    auto plain = create_post(c, draft());
    auto found = find_post(c, plain.id);
    ASSERT_TRUE(found);
    expect_same(plain, *found);

    auto p = draft();
    const char body[] = "met een nul\0-teken en \xc3\xa9\xc3\xa9n accent";
    p.body = std::string(body, sizeof body - 1);
    p.state = "pending";
    p.reply_to = plain.id;
    p.attribution = "organisation";
    p.whisper = true;
    p.client_msg_id = "m-1";
    p.personal_data = "email,phone";
    p.approved_once = true;
    auto full = create_post(c, p);
    EXPECT_GT(full.id, plain.id);
    found = find_post(c, full.id);
    ASSERT_TRUE(found);
    expect_same(full, *found);
}

TEST_F(CreatePost, FieldsTheInsertDoesNotWriteComeBackEmpty) {
    auto p = draft();
    p.id = 12345;
    p.edited_at = 1700000100;
    p.moderation_action = "hide";
    p.moderation_reason = "reden";
    p.moderated_by = made.user_id;
    p.moderated_at = 1700000200;
    auto stored = create_post(c, p);
    EXPECT_NE(stored.id, 12345);
    EXPECT_FALSE(stored.edited_at);
    EXPECT_FALSE(stored.moderation_action);
    auto found = find_post(c, stored.id);
    ASSERT_TRUE(found);
    expect_same(stored, *found);
}

}  // namespace
