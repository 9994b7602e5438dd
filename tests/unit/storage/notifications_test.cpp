#include "storage/connection.hpp"
#include "storage/notifications.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

using namespace kl::storage;

namespace {

struct NotificationStorage : ::testing::Test {
    kl::test::TempDatabase db;
    Connection c = open_database(db.path(), OpenMode::read_write);
    std::int64_t anna = create_user(c, {"anna@voorbeeld.nl", "Anna", "ess", "ESS", "member", std::nullopt, 0, std::nullopt}).id;
    std::int64_t bram = create_user(c, {"bram@voorbeeld.nl", "Bram", "ess", "ESS", "member", std::nullopt, 0, std::nullopt}).id;
    std::int64_t session = [this] {
        Session s;
        s.title = "Kennislab";
        s.created_by = anna;
        return create_session(c, s).id;
    }();

    Notification about(std::int64_t user, std::int64_t at) {
        Notification n;
        n.user_id = user;
        n.kind = "mention";
        n.session_id = session;
        n.post_id = at;
        n.at = at;
        return n;
    }
};

TEST_F(NotificationStorage, ListsNewestFirstInPagesAndOnlyTheUsersOwn) {
    for (int i = 1; i <= 5; ++i) add_notification(c, about(anna, i));
    add_notification(c, about(bram, 9));
    auto first = notifications_of(c, anna, std::nullopt, 3, false);
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(first[0].at, 5);
    EXPECT_EQ(first[2].at, 3);
    auto rest = notifications_of(c, anna, first.back().id, 3, false);
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[1].at, 1);
    EXPECT_EQ(notifications_of(c, bram, std::nullopt, 10, false).size(), 1u);
}

TEST_F(NotificationStorage, ReadingMarksOnlyTheUsersOwn) {
    auto mine = add_notification(c, about(anna, 1));
    auto other = add_notification(c, about(bram, 2));
    mark_notifications_read(c, anna, {mine.id, other.id}, 10);
    EXPECT_TRUE(notifications_of(c, anna, std::nullopt, 10, true).empty());
    EXPECT_EQ(notifications_of(c, bram, std::nullopt, 10, true).size(), 1u);
    mark_all_notifications_read(c, bram, 11);
    EXPECT_TRUE(notifications_of(c, bram, std::nullopt, 10, true).empty());
    EXPECT_TRUE(notifications_of(c, bram, std::nullopt, 10, false)[0].read);
}

TEST_F(NotificationStorage, EachUserKeepsAtMostTheBoundDroppingTheOldest) {
    for (int i = 1; i <= max_notifications_per_user + 3; ++i) add_notification(c, about(anna, i));
    add_notification(c, about(bram, 1));
    auto all = notifications_of(c, anna, std::nullopt, 1000, false);
    ASSERT_EQ(all.size(), static_cast<std::size_t>(max_notifications_per_user));
    EXPECT_EQ(all.back().at, 4);  // 1, 2 and 3 were dropped
    EXPECT_EQ(notifications_of(c, bram, std::nullopt, 10, false).size(), 1u);
}

TEST_F(NotificationStorage, MailChoiceIsDirectUntilChosen) {
    EXPECT_EQ(notification_email(c, anna), "direct");
    set_notification_email(c, anna, "daily", 100);
    set_notification_email(c, anna, "weekly", 200);
    EXPECT_EQ(notification_email(c, anna), "weekly");
    EXPECT_EQ(notification_email(c, bram), "direct");
    EXPECT_THROW(set_notification_email(c, anna, "altijd", 300), StorageError);
}

TEST_F(NotificationStorage, ADigestCollectsFromTheChoiceOrTheLastDigestAndTheSameChoiceAgainChangesNothing) {
    set_notification_email(c, anna, "daily", 100);
    set_notification_email(c, bram, "off", 100);
    auto subscribers = digest_subscribers(c, 0, 10);
    ASSERT_EQ(subscribers.size(), 1u);
    EXPECT_EQ(subscribers[0].user_id, anna);
    EXPECT_EQ(subscribers[0].email_choice, "daily");
    EXPECT_EQ(subscribers[0].since, 100);
    set_notification_email(c, anna, "daily", 150);  // saved again: the collection goes on
    EXPECT_EQ(digest_subscribers(c, 0, 10)[0].since, 100);
    mark_digest_made(c, anna, 170);
    EXPECT_EQ(digest_subscribers(c, 0, 10)[0].since, 170);
    set_notification_email(c, anna, "weekly", 180);  // a new choice starts anew
    EXPECT_EQ(digest_subscribers(c, 0, 10)[0].since, 180);
    EXPECT_TRUE(digest_subscribers(c, anna, 10).empty()) << "paged by user id";
}

TEST_F(NotificationStorage, WhatAMailNamedIsNotMailedAgainAndWhatWasReadIsNotMailedAtAll) {
    auto first = add_notification(c, about(anna, 1));
    auto second = add_notification(c, about(anna, 2));
    auto read = add_notification(c, about(anna, 3));
    auto others = add_notification(c, about(bram, 4));
    mark_notifications_read(c, anna, {read.id}, 5);
    auto due = notifications_to_mail(c, anna, 10);
    ASSERT_EQ(due.size(), 2u);
    EXPECT_EQ(due[0].id, first.id) << "oldest first";
    mark_notifications_mailed(c, anna, {first.id, others.id}, 6);
    due = notifications_to_mail(c, anna, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].id, second.id);
    EXPECT_EQ(notifications_to_mail(c, bram, 10).size(), 1u) << "another user's id changes nothing of theirs";
}

}  // namespace
