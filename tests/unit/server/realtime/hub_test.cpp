// The hub's delivery rules: a subscription replays what was missed and then goes live
// without losing or repeating an event, whatever is published meanwhile; what a
// subscriber already has is never sent again; presence counts users, not
// connections, and reaches the others at most once per announcement.
#include "server/app/realtime/hub.hpp"
#include "unit/server/realtime/recording_client.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace kl;
using Seqs = std::vector<std::int64_t>;
using test::RecordingClient;

constexpr std::int64_t session_id = 7;
const std::string answer = R"({"re":"1","ok":true,"head_seq":0})";

storage::StoredEvent event(std::int64_t seq, const std::string& audience = "all") {
    storage::StoredEvent e;
    e.session_id = session_id;
    e.seq = seq;
    e.audience = audience;
    e.body = R"({"kind":"post.created"})";
    return e;
}

std::vector<storage::StoredEvent> events(std::int64_t from, std::int64_t to) {
    std::vector<storage::StoredEvent> all;
    for (auto seq = from; seq <= to; ++seq) all.push_back(event(seq));
    return all;
}

app::Viewer viewer(std::int64_t user, const std::string& role = "participant", std::int64_t visible_from_seq = 0) {
    storage::Member member;
    member.session_id = session_id;
    member.user_id = user;
    member.role = role;
    member.visible_from_seq = visible_from_seq;
    return {app::Reader::of(member), {{"id", std::to_string(user)}}};
}

class HubTest : public ::testing::Test {
protected:
    std::shared_ptr<RecordingClient> client(std::int64_t user) {
        auto made = std::make_shared<RecordingClient>(user);
        clients.push_back(made);
        return made;
    }
    void begin(const std::shared_ptr<RecordingClient>& c, std::int64_t after_seq, app::Viewer v) {
        ASSERT_EQ(hub.begin_subscribe(session_id, c, std::move(v), after_seq, hub.membership_epoch(session_id, c->user_id())),
                  app::SubscribeStart::registered);
    }
    void subscribe(const std::shared_ptr<RecordingClient>& c, std::int64_t after_seq = 0,
                   const std::vector<storage::StoredEvent>& replay = {}) {
        begin(c, after_seq, viewer(c->user_id()));
        ASSERT_TRUE(hub.finish_subscribe(session_id, c.get(), answer, replay));
    }

    app::Hub hub;
    std::vector<std::shared_ptr<RecordingClient>> clients;
};

TEST_F(HubTest, TheAnswerComesFirstThenTheReplayThenTheEventsHeldMeanwhileThenLive) {
    auto c = client(2);
    begin(c, 2, viewer(2));
    // Published while the replay is read from storage: 4 is in the replay as well, 5 not.
    hub.publish(event(4));
    hub.publish(event(5));
    EXPECT_TRUE(c->frames().empty()) << "nothing goes out before the answer";
    ASSERT_TRUE(hub.finish_subscribe(session_id, c.get(), answer, events(3, 4)));
    hub.publish(event(6));
    auto frames = c->frames();
    ASSERT_FALSE(frames.empty());
    EXPECT_EQ(frames.front()["re"], "1");
    EXPECT_EQ(c->seqs(), (Seqs{3, 4, 5, 6}));
}

TEST_F(HubTest, WhatTheClientHadBeforeItSubscribedIsNeverSentAgain) {
    auto c = client(2);
    begin(c, 5, viewer(2));
    hub.publish(event(5));  // committed before the subscribe read the head: the client has it
    hub.publish(event(6));
    ASSERT_TRUE(hub.finish_subscribe(session_id, c.get(), answer, events(4, 6)));
    EXPECT_EQ(c->seqs(), (Seqs{6}));
}

TEST_F(HubTest, ALiveEventIsSentOnceAndAnOlderOneNotAtAll) {
    auto c = client(2);
    subscribe(c, 0, events(1, 3));
    hub.publish(event(4));
    // Subscribing again from what it has: the replay overlaps what went out live.
    begin(c, 4, viewer(2));
    hub.publish(event(5));
    ASSERT_TRUE(hub.finish_subscribe(session_id, c.get(), answer, events(3, 5)));
    hub.publish(event(6));
    EXPECT_EQ(c->seqs(), (Seqs{1, 2, 3, 4, 5, 6}));
}

TEST_F(HubTest, ASecondSubscribeWhileTheFirstStillReplaysIsRefused) {
    auto c = client(2);
    begin(c, 0, viewer(2));
    EXPECT_EQ(hub.begin_subscribe(session_id, c, viewer(2), 0, hub.membership_epoch(session_id, 2)),
              app::SubscribeStart::still_replaying);
    ASSERT_TRUE(hub.finish_subscribe(session_id, c.get(), answer, events(1, 2)));
    EXPECT_EQ(c->seqs(), (Seqs{1, 2})) << "the first replay went out once";
    // Once live, subscribing again is allowed (a reconnecting page, say).
    begin(c, 2, viewer(2));
    ASSERT_TRUE(hub.finish_subscribe(session_id, c.get(), answer, {}));
}

TEST_F(HubTest, EachSubscriberGetsWhatItsReaderAllows) {
    auto moderator = client(1), participant = client(2), guest = client(5);
    begin(moderator, 0, viewer(1, "moderator"));
    begin(participant, 0, viewer(2));
    begin(guest, 0, viewer(5, "expert", 3));  // from_join: joined when the head was 3
    for (auto& c : {moderator, participant, guest}) ASSERT_TRUE(hub.finish_subscribe(session_id, c.get(), answer, events(1, 3)));
    hub.publish(event(4, "moderators"));
    hub.publish(event(5));
    EXPECT_EQ(moderator->seqs(), (Seqs{1, 2, 3, 4, 5}));
    EXPECT_EQ(participant->seqs(), (Seqs{1, 2, 3, 5}));
    EXPECT_EQ(guest->seqs(), (Seqs{5}));
}

TEST_F(HubTest, ARemovedUserHearsNothingMoreAndAReplayingSubscriptionEndsWithoutItsAnswer) {
    auto live = client(2), replaying = client(2), other = client(3);
    subscribe(live);
    subscribe(other);
    begin(replaying, 0, viewer(2));
    hub.publish(event(1));
    hub.remove_user(session_id, 2);
    hub.publish(event(2));
    EXPECT_EQ(live->seqs(), (Seqs{1}));
    EXPECT_FALSE(hub.finish_subscribe(session_id, replaying.get(), answer, {}));
    EXPECT_TRUE(replaying->frames().empty());
    EXPECT_EQ(other->seqs(), (Seqs{1, 2}));
    EXPECT_EQ(hub.online(session_id).size(), 1u);
}

TEST_F(HubTest, AClosedConnectionIsForgotten) {
    auto c = client(2);
    begin(c, 0, viewer(2));
    const app::Client* key = c.get();
    clients.clear();
    c.reset();  // the connection went away while its replay was read
    EXPECT_FALSE(hub.finish_subscribe(session_id, key, answer, {}));
    hub.publish(event(1));
    EXPECT_EQ(hub.online(session_id).size(), 0u);
}

TEST_F(HubTest, TheSubscriberGetsWhoIsOnlineAtOnceAndTheOthersWithTheNextAnnouncement) {
    auto first = client(1), second = client(2);
    subscribe(first);
    EXPECT_EQ(first->presence_sizes(), (std::vector<std::size_t>{1}));
    subscribe(second);
    EXPECT_EQ(second->presence_sizes(), (std::vector<std::size_t>{2}));
    EXPECT_EQ(first->presence_sizes(), (std::vector<std::size_t>{1})) << "not before the announcement";
    hub.announce_presence_changes();
    EXPECT_EQ(first->presence_sizes(), (std::vector<std::size_t>{1, 2}));
    first->clear();
    hub.announce_presence_changes();  // nothing changed since
    EXPECT_TRUE(first->presence_sizes().empty());
}

TEST_F(HubTest, ManyChangesBetweenAnnouncementsCostOneFrame) {
    auto watcher = client(1);
    subscribe(watcher);
    for (std::int64_t user = 10; user < 30; ++user) {
        auto c = client(user);
        subscribe(c);
        if (user % 2 == 0) hub.unsubscribe(session_id, c.get());
    }
    watcher->clear();
    hub.announce_presence_changes();
    EXPECT_EQ(watcher->presence_sizes(), (std::vector<std::size_t>{11}));  // the watcher and the ten who stayed
}

TEST_F(HubTest, ASubscribeAgainOfTheSameConnectionChangesNothingForTheOthers) {
    auto watcher = client(1), restless = client(2);
    subscribe(watcher);
    subscribe(restless);
    hub.announce_presence_changes();
    watcher->clear();
    for (int i = 0; i < 200; ++i) subscribe(restless);
    hub.announce_presence_changes();
    EXPECT_TRUE(watcher->presence_sizes().empty());
    EXPECT_EQ(hub.online(session_id).size(), 2u);
}

TEST_F(HubTest, AUserWithTwoConnectionsIsOnlineOnceUntilTheLastEnds) {
    auto watcher = client(1), tab1 = client(2), tab2 = client(2);
    subscribe(watcher);
    subscribe(tab1);
    subscribe(tab2);
    EXPECT_EQ(hub.online(session_id).size(), 2u);
    hub.announce_presence_changes();
    watcher->clear();
    hub.unsubscribe(session_id, tab1.get());
    hub.announce_presence_changes();
    EXPECT_TRUE(watcher->presence_sizes().empty()) << "still online in the other tab";
    hub.drop_client(tab2.get());
    hub.announce_presence_changes();
    EXPECT_EQ(watcher->presence_sizes(), (std::vector<std::size_t>{1}));
}

TEST_F(HubTest, TypingGoesToTheOthersAtMostOncePerInterval) {
    auto typist = client(1), reader = client(2), replaying = client(3);
    subscribe(typist);
    subscribe(reader);
    begin(replaying, 0, viewer(3));
    auto frame = std::make_shared<const std::string>(R"({"type":"typing"})");
    auto typing_frames = [](const RecordingClient& c) {
        int n = 0;
        for (const auto& f : c.frames()) n += f.value("type", "") == "typing";
        return n;
    };
    EXPECT_TRUE(hub.typing(session_id, typist.get(), 11, 100, frame));
    EXPECT_TRUE(hub.typing(session_id, typist.get(), 11, 100 + app::Hub::typing_interval - 1, frame));
    EXPECT_TRUE(hub.typing(session_id, typist.get(), 11, 100 + app::Hub::typing_interval, frame));
    EXPECT_EQ(typing_frames(*reader), 2);
    EXPECT_EQ(typing_frames(*typist), 0);
    EXPECT_EQ(typing_frames(*replaying), 0);
    auto stranger = client(9);
    EXPECT_FALSE(hub.typing(session_id, stranger.get(), 11, 200, frame));
}

TEST_F(HubTest, APublishWakesItsIdleSubscribersWithOneHop) {
    auto a = client(1), b = client(2), c = client(3);
    for (auto& each : {a, b, c}) subscribe(each);
    hub.publish(event(1));
    EXPECT_EQ(a->wake_calls() + b->wake_calls() + c->wake_calls(), 1) << "one hop for all subscribers";
    for (auto& each : {a, b, c}) {
        EXPECT_EQ(each->seqs(), (Seqs{1}));
        EXPECT_EQ(each->unwoken(), 0u);
    }
}

TEST_F(HubTest, EventsPublishedBeforeTheHopRunsArriveCompleteAndInOrder) {
    auto a = client(1), b = client(2);
    for (auto& each : {a, b}) subscribe(each);
    for (auto& each : {a, b}) each->hold_wakes();  // the network threads are busy
    for (std::int64_t seq = 1; seq <= 50; ++seq) hub.publish(event(seq));
    // Only the first publish found the subscribers idle; the others only queued.
    EXPECT_EQ(a->wake_calls() + b->wake_calls(), 1);
    EXPECT_TRUE(a->seqs().empty());
    for (auto& each : {a, b}) each->release_wakes();
    Seqs all;
    for (std::int64_t seq = 1; seq <= 50; ++seq) all.push_back(seq);
    EXPECT_EQ(a->seqs(), all);
    EXPECT_EQ(b->seqs(), all);
    hub.publish(event(51));  // idle again: woken again
    EXPECT_EQ(a->wake_calls() + b->wake_calls(), 2);
    EXPECT_EQ(a->seqs().back(), 51);
}

}  // namespace
