// The visibility gate as a table: every kind of object a session holds, in each of
// its states, against every kind of viewer, and the same decision for events as the
// hub delivers them live and in replay. Who is no member (never was, removed, a guest
// whose access ended, a disabled account) gets no Reader: require_session refuses them
// first, which the last test pins through decide().
#include "server/app/access/reader.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/realtime/hub.hpp"
#include "unit/server/realtime/recording_client.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace {

using namespace kl;
using app::Reader;

constexpr std::int64_t moderator_id = 1, participant_id = 2, expert_id = 3, observer_id = 4, guest_id = 5;
constexpr std::int64_t joined_at = 1000;   // the from_join guest's joining
constexpr std::int64_t joined_seq = 10;    // the session's head when they joined
constexpr std::int64_t before = 500, after = 1500;

storage::Member member(std::int64_t user, const std::string& role, std::int64_t visible_from_seq = 0) {
    storage::Member m;
    m.session_id = 7;
    m.user_id = user;
    m.role = role;
    m.joined_at = visible_from_seq ? joined_at : 100;
    m.visible_from_seq = visible_from_seq;
    return m;
}

// The viewers, in the order of every row's expectation string.
const std::vector<std::pair<const char*, Reader>>& viewers() {
    static const std::vector<std::pair<const char*, Reader>> all = {
        {"moderator", Reader::of(member(moderator_id, "moderator"))},
        {"participant (the author)", Reader::of(member(participant_id, "participant"))},
        {"expert", Reader::of(member(expert_id, "expert"))},
        {"observer", Reader::of(member(observer_id, "observer"))},
        {"from_join guest", Reader::of(member(guest_id, "expert", joined_seq))},
    };
    return all;
}

// "MPEOG": one letter per viewer who sees it, '-' for one who does not.
template <class Decide>
std::string seen_by(Decide decide) {
    static const char letters[] = "MPEOG";
    std::string seen;
    for (std::size_t i = 0; i < viewers().size(); ++i) seen += decide(viewers()[i].second) ? letters[i] : '-';
    return seen;
}

storage::Thread thread(std::int64_t at, bool pending = false, std::optional<std::int64_t> activity = std::nullopt) {
    storage::Thread t;
    t.id = 11;
    t.session_id = 7;
    t.created_by = participant_id;
    t.created_at = at;
    t.pending = pending;
    t.last_activity_at = activity;
    return t;
}

storage::Post post(std::int64_t at, const std::string& state = "visible", std::int64_t author = participant_id,
                   bool whisper = false) {
    storage::Post p;
    p.id = 21;
    p.thread_id = 11;
    p.session_id = 7;
    p.author_id = author;
    p.state = state;
    p.whisper = whisper;
    p.created_at = at;
    return p;
}

storage::Card card(std::int64_t at, std::optional<std::int64_t> source = std::nullopt) {
    storage::Card c;
    c.id = 31;
    c.session_id = 7;
    c.created_by = c.updated_by = participant_id;
    c.created_at = c.updated_at = at;
    c.source_post = source;
    return c;
}

storage::NoteBlock block(std::int64_t at, bool published) {
    storage::NoteBlock b;
    b.id = 41;
    b.session_id = 7;
    b.created_at = b.updated_at = at;
    if (published) b.published_at = at;
    return b;
}

storage::Document document(std::int64_t at, const std::string& state = "visible",
                           std::int64_t uploader = participant_id) {
    storage::Document d;
    d.id = 51;
    d.session_id = 7;
    d.state = state;
    d.uploaded_by = uploader;
    d.at = at;
    return d;
}

storage::StoredEvent event(std::int64_t seq, const std::string& audience = "all",
                           std::optional<std::int64_t> audience_user = std::nullopt,
                           std::optional<std::int64_t> subject_at = std::nullopt) {
    storage::StoredEvent e;
    e.session_id = 7;
    e.seq = seq;
    e.audience = audience;
    e.audience_user = audience_user;
    e.subject_at = subject_at;
    e.body = "{\"kind\":\"x\"}";
    return e;
}

TEST(VisibilityGate, Threads) {
    EXPECT_EQ(seen_by([](const Reader& r) { return r.may_see(thread(after)); }), "MPEOG");
    EXPECT_EQ(seen_by([](const Reader& r) { return r.may_see(thread(before)); }), "MPEO-");
    // An old thread with a post since the guest joined shows itself (not its old posts).
    EXPECT_EQ(seen_by([](const Reader& r) { return r.may_see(thread(before, false, after)); }), "MPEOG");
    // A pending thread: its author and the moderators.
    EXPECT_EQ(seen_by([](const Reader& r) { return r.may_see(thread(after, true)); }), "MP---");
}

TEST(VisibilityGate, PostsInEachState) {
    auto sees = [](const storage::Post& p) { return seen_by([&](const Reader& r) { return r.may_see(p); }); };
    auto reads = [](const storage::Post& p) { return seen_by([&](const Reader& r) { return r.may_read(p); }); };
    EXPECT_EQ(sees(post(after)), "MPEOG");
    EXPECT_EQ(reads(post(after)), "MPEOG");
    EXPECT_EQ(sees(post(before)), "MPEO-");
    EXPECT_EQ(reads(post(before)), "MPEO-");
    // Pending and rejected: the author and moderators see it; nobody reads it as said.
    EXPECT_EQ(sees(post(after, "pending")), "MP---");
    EXPECT_EQ(reads(post(after, "pending")), "-----");
    EXPECT_EQ(sees(post(after, "rejected")), "MP---");
    EXPECT_EQ(reads(post(after, "rejected")), "-----");
    // Someone else's pending post is not the participant's to see.
    EXPECT_EQ(sees(post(after, "pending", expert_id)), "M-E--");
    // Hidden, redacted, deleted: the place shows (without text, see post_json), never read.
    for (const char* state : {"hidden", "redacted", "deleted"}) {
        EXPECT_EQ(sees(post(after, state)), "MPEOG") << state;
        EXPECT_EQ(reads(post(after, state)), "-----") << state;
        EXPECT_EQ(sees(post(before, state)), "MPEO-") << state;
    }
    // A whisper: moderators only, also in the gathered views.
    EXPECT_EQ(sees(post(after, "visible", moderator_id, true)), "M----");
    EXPECT_EQ(reads(post(after, "visible", moderator_id, true)), "M----");
}

TEST(VisibilityGate, DocumentsInEachState) {
    auto sees = [](const storage::Document& d) { return seen_by([&](const Reader& r) { return r.may_see(d); }); };
    EXPECT_EQ(sees(document(after)), "MPEOG");
    EXPECT_EQ(sees(document(before)), "MPEO-") << "a from_join guest: only what was uploaded after joining";
    // Pending: the uploader and the moderators.
    EXPECT_EQ(sees(document(after, "pending")), "MP---");
    EXPECT_EQ(sees(document(after, "pending", expert_id)), "M-E--");
    EXPECT_EQ(sees(document(before, "pending", guest_id)), "M----");
    // Hidden: the moderators only, the uploader included no longer.
    EXPECT_EQ(sees(document(after, "hidden")), "M----");
    // Redacted and deleted: nobody, their bytes are gone.
    EXPECT_EQ(sees(document(after, "redacted")), "-----");
    EXPECT_EQ(sees(document(after, "deleted")), "-----");
}

TEST(VisibilityGate, NotificationsAboutAThreadAndAPost) {
    auto shown = [](std::optional<storage::Thread> t, std::optional<storage::Post> p) {
        return seen_by([&](const Reader& r) { return r.may_see_notification_about(t, p); });
    };
    EXPECT_EQ(shown(thread(after), post(after)), "MPEOG");
    EXPECT_EQ(shown(thread(after), std::nullopt), "MPEOG");
    EXPECT_EQ(shown(thread(before), post(before)), "MPEO-");
    // The post was taken away since: its notifications go with it, for everyone.
    for (const char* state : {"hidden", "redacted", "deleted"}) EXPECT_EQ(shown(thread(after), post(after, state)), "-----") << state;
    // Their own pending post (approved or rejected later): the author and moderators.
    EXPECT_EQ(shown(thread(after), post(after, "pending")), "MP---");
    EXPECT_EQ(shown(thread(after), post(after, "visible", moderator_id, true)), "M----");  // a whisper
    EXPECT_EQ(shown(thread(after, true), post(after)), "MP---");  // in a pending thread
}

// post.approved / post.rejected are about the author's own post: shown to them (and
// moderators) while it is pending, visible or rejected, not once it was taken away.
TEST(VisibilityGate, NotificationsAboutAModeratedPost) {
    auto shown = [](const storage::Post& p) {
        return seen_by([&](const Reader& r) { return r.may_see_notification_about(thread(after), p); });
    };
    EXPECT_EQ(shown(post(after, "visible")), "MPEOG");   // approved
    EXPECT_EQ(shown(post(after, "rejected")), "MP---");  // rejected: the author and moderators
    EXPECT_EQ(shown(post(after, "hidden")), "-----");    // approved, hidden since
    EXPECT_EQ(shown(post(before, "visible")), "MPEO-");  // from before the guest joined
}

// note.published and action.assigned are about a note block.
TEST(VisibilityGate, NotificationsAboutANoteBlock) {
    auto shown = [](const storage::NoteBlock& b) {
        return seen_by([&](const Reader& r) { return r.may_see_notification_about(b); });
    };
    EXPECT_EQ(shown(block(after, true)), "MPEOG");
    EXPECT_EQ(shown(block(after, false)), "M----");  // a draft: moderators only (an action for a participant waits for publishing)
    EXPECT_EQ(shown(block(before, true)), "MPEO-");  // from before the guest joined
}

// queue.waiting and invite.accepted are the moderators' work; the other kinds stand on
// what they are about.
TEST(VisibilityGate, NotificationsByKind) {
    auto shown = [](const char* kind) {
        return seen_by([&](const Reader& r) { return r.may_see_notification_of_kind(kind); });
    };
    EXPECT_EQ(shown("queue.waiting"), "M----");
    EXPECT_EQ(shown("invite.accepted"), "M----");
    EXPECT_EQ(shown("retention.notice"), "M----");
    EXPECT_EQ(shown("retention.resumed"), "M----");
    for (const char* kind : {"mention", "reply", "post.approved", "post.rejected", "note.published", "action.assigned"})
        EXPECT_EQ(shown(kind), "MPEOG") << kind;
}

TEST(VisibilityGate, CardsWithAndWithoutTheirSourcePost) {
    auto reads = [](const storage::Card& c, std::optional<storage::Post> source) {
        return seen_by([&](const Reader& r) { return r.may_read(c, source); });
    };
    EXPECT_EQ(reads(card(after), std::nullopt), "MPEOG");
    EXPECT_EQ(reads(card(before), std::nullopt), "MPEO-");
    // A new card quoting a post from before the guest joined would show that post.
    EXPECT_EQ(reads(card(after, 21), post(before)), "MPEO-");
    EXPECT_EQ(reads(card(after, 21), post(after)), "MPEOG");
    // The quoted post is gone: the card stands on its own.
    EXPECT_EQ(reads(card(after, 21), std::nullopt), "MPEOG");
}

TEST(VisibilityGate, NoteBlocksDraftAndPublished) {
    auto reads = [](const storage::NoteBlock& b) { return seen_by([&](const Reader& r) { return r.may_read(b); }); };
    EXPECT_EQ(reads(block(after, false)), "M----");
    EXPECT_EQ(reads(block(after, true)), "MPEOG");
    EXPECT_EQ(reads(block(before, true)), "MPEO-");
}

// Each row: an event and who may see it. The same rows are then published through a
// hub to one subscriber per viewer, live and in replay, and must arrive exactly there.
struct EventRow {
    const char* what;
    storage::StoredEvent event;
    const char* seen;
};

std::vector<EventRow> event_rows() {
    return {
        {"everyone's, before the guest joined", event(5), "MPEO-"},
        {"everyone's, after", event(20), "MPEOG"},
        {"about an object older than the guest's joining", event(21, "all", std::nullopt, before), "MPEO-"},
        {"about an object from after", event(22, "all", std::nullopt, after), "MPEOG"},
        {"moderators only (invitations, flags, whispers, drafts)", event(23, "moderators"), "M----"},
        {"moderators and the author (a pending post)", event(24, "moderators_and_user", participant_id), "MP---"},
        {"moderators and the guest", event(25, "moderators_and_user", guest_id, after), "M---G"},
        // user.erased (a person was erased; reload): everyone's, by its number.
        {"a person was erased", event(26), "MPEOG"},
    };
}

TEST(VisibilityGate, EventsByNumberAudienceAndSubject) {
    for (const auto& row : event_rows())
        EXPECT_EQ(seen_by([&](const Reader& r) { return r.may_see(row.event); }), row.seen) << row.what;
}

using test::RecordingClient;

// The seqs of the rows viewer index i may see.
std::vector<std::int64_t> expected_seqs(std::size_t i) {
    std::vector<std::int64_t> seqs;
    for (const auto& row : event_rows())
        if (row.seen[i] != '-') seqs.push_back(row.event.seq);
    return seqs;
}

TEST(VisibilityGate, TheHubDeliversLiveAndInReplayExactlyWhatTheGateAllows) {
    for (bool replay : {false, true}) {
        app::Hub hub;
        std::vector<std::shared_ptr<RecordingClient>> clients;
        for (const auto& [name, reader] : viewers()) {
            auto client = std::make_shared<RecordingClient>(reader.user_id);
            clients.push_back(client);
            ASSERT_EQ(hub.begin_subscribe(7, client, {reader, {{"id", std::to_string(reader.user_id)}}}, 0,
                                          hub.membership_epoch(7, reader.user_id)),
                      app::SubscribeStart::registered);
            if (!replay) hub.finish_subscribe(7, client.get(), "{\"re\":\"1\",\"ok\":true}", {});
        }
        std::vector<storage::StoredEvent> log;
        for (const auto& row : event_rows()) log.push_back(row.event);
        if (replay)
            for (auto& client : clients) hub.finish_subscribe(7, client.get(), "{\"re\":\"1\",\"ok\":true}", log);
        else
            for (const auto& event : log) hub.publish(event);
        for (std::size_t i = 0; i < clients.size(); ++i)
            EXPECT_EQ(clients[i]->seqs(), expected_seqs(i)) << viewers()[i].first << (replay ? " (replay)" : " (live)");
    }
}

TEST(VisibilityGate, ADemotionChangesTheViewFromTheNextEventOn) {
    app::Hub hub;
    auto reader = Reader::of(member(moderator_id, "moderator"));
    auto client = std::make_shared<RecordingClient>(moderator_id);
    ASSERT_EQ(hub.begin_subscribe(7, client, {reader, {}}, 0, hub.membership_epoch(7, moderator_id)),
              app::SubscribeStart::registered);
    hub.finish_subscribe(7, client.get(), "{\"re\":\"1\",\"ok\":true}", {});
    hub.publish(event(30, "moderators"));
    hub.set_moderator(7, moderator_id, false);
    hub.publish(event(31, "moderators"));
    hub.publish(event(32));
    EXPECT_EQ(client->seqs(), (std::vector<std::int64_t>{30, 32}));
}

TEST(VisibilityGate, ASubscribeThatReadOldRightsCannotRegisterAfterTheChange) {
    app::Hub hub;
    auto reader = Reader::of(member(participant_id, "participant"));
    auto client = std::make_shared<RecordingClient>(participant_id);
    auto epoch = hub.membership_epoch(7, participant_id);  // read before the membership
    hub.remove_user(7, participant_id);                     // the removal commits meanwhile
    EXPECT_EQ(hub.begin_subscribe(7, client, {reader, {}}, 0, epoch), app::SubscribeStart::membership_changed);
    hub.publish(event(40));
    EXPECT_TRUE(client->seqs().empty());
    EXPECT_EQ(hub.online(7).size(), 0u);
    // A demotion bumps the epoch too; someone else's change does not.
    auto other = hub.membership_epoch(7, expert_id);
    hub.set_moderator(7, participant_id, false);
    EXPECT_NE(hub.membership_epoch(7, participant_id), epoch);
    EXPECT_EQ(hub.membership_epoch(7, expert_id), other);
}

TEST(VisibilityGate, RevisionsAndFlags) {
    // post.history: the author (the participant) and the moderators.
    EXPECT_EQ(seen_by([](const Reader& r) { return r.may_see_revisions(post(after)); }), "MP---");
    EXPECT_EQ(seen_by([](const Reader& r) { return r.may_see_revisions(post(after, "visible", expert_id)); }), "M-E--");
    // A from_join guest's own post from before joining cannot exist; another's old one shows nothing.
    EXPECT_EQ(seen_by([](const Reader& r) { return r.may_see_revisions(post(before, "visible", guest_id)); }), "M----");
    storage::Flag flag;
    flag.post_id = 21;
    flag.flagged_by = participant_id;
    flag.reason = "citeert de tekst";
    EXPECT_EQ(seen_by([&](const Reader& r) { return r.may_see(flag); }), "M----");
}

// What the role rule decides, per viewer: the session and its members (read),
// invitations (moderate), the audit log (read_audit), columns (read; changed by moderate).
TEST(VisibilityGate, SessionMembersInvitationsAndTheAuditLogByRole) {
    storage::Session session;
    session.id = 7;
    // The viewers' memberships, in the order of viewers().
    const std::vector<storage::Member> memberships = {member(moderator_id, "moderator"), member(participant_id, "participant"),
                                                      member(expert_id, "expert"), member(observer_id, "observer"),
                                                      member(guest_id, "expert", joined_seq)};
    auto decided = [&](app::SessionAction action) {
        static const char letters[] = "MPEOG";
        std::string seen;
        for (std::size_t i = 0; i < memberships.size(); ++i)
            seen += app::decide(memberships[i], session, action) == app::Decision::allowed ? letters[i] : '-';
        return seen;
    };
    EXPECT_EQ(decided(app::SessionAction::read), "MPEOG");        // the session, its members, its columns
    EXPECT_EQ(decided(app::SessionAction::moderate), "M----");    // invitations, the queue
    EXPECT_EQ(decided(app::SessionAction::read_audit), "M----");  // audit entries
}

TEST(VisibilityGate, WhoIsNoMemberGetsNoReaderAtAll) {
    storage::Session session;
    session.id = 7;
    storage::User user;
    user.id = 9;
    // Never a member, removed, or a guest whose access ended: no membership.
    EXPECT_EQ(app::decide(user, std::nullopt, session, app::SessionAction::read), app::Decision::forbidden);
    // A disabled account, even with its membership still on record.
    user.disabled = true;
    EXPECT_EQ(app::decide(user, member(9, "participant"), session, app::SessionAction::read), app::Decision::forbidden);
}

}  // namespace
