// Moderating documents (server/app/documents/document_moderation.hpp) and the events
// about them (document_events.hpp): mod.approve, mod.reject, mod.hide and mod.restore
// with "document" in place of "post", each allowed for a moderator next to its refusal
// for a participant, an expert and an observer; mod.queue listing pending documents;
// and the events live and replayed as the gate decides per viewer: a pending upload's
// event reaches the moderator and the uploader, not another member, and a from_join
// guest gets nothing about a document from before joining.
#include "documents/documents_fixture.hpp"


using namespace kl::test;
using nlohmann::json;

namespace {

using Kinds = std::vector<std::string>;

std::string code_of(const json& answer) { return answer.contains("error") ? answer["error"]["code"].get<std::string>() : "ok"; }

TEST_F(PremoderatedDocumentsTest, OnlyAModeratorApprovesOrRejectsAPendingUpload) {
    auto waiting = id_of(upload(expert_cookie, "voorstel.pdf", pdf));
    auto other = id_of(upload(expert_cookie, "tweede.pdf", pdf));
    for (auto verb : {"mod.approve", "mod.reject"}) {
        EXPECT_EQ(code_of(participant->request(verb, {{"document", waiting}})), "not_found") << verb << ": not theirs to see";
        EXPECT_EQ(code_of(observer->request(verb, {{"document", waiting}})), "not_found") << verb;
        EXPECT_EQ(code_of(expert->request(verb, {{"document", waiting}})), "forbidden") << verb << ": the uploader neither";
    }
    auto approved = moderator->request("mod.approve", {{"document", waiting}});
    ASSERT_EQ(approved["ok"], true) << approved.dump();
    EXPECT_EQ(approved["document"]["state"], "visible");
    EXPECT_EQ(download(participant_cookie, waiting).status, 200) << "every member sees it now";
    EXPECT_EQ(code_of(moderator->request("mod.approve", {{"document", waiting}})), "conflict") << "once";

    auto rejected = moderator->request("mod.reject", {{"document", other}, {"reason", "Niet voor deze sessie"}});
    ASSERT_EQ(rejected["ok"], true) << rejected.dump();
    EXPECT_EQ(rejected["document"]["state"], "hidden") << "a rejected upload is kept hidden";
    EXPECT_EQ(download(expert_cookie, other).status, 404) << "the uploader no longer";
    EXPECT_EQ(download(moderator_cookie, other).status, 200);

    auto log = moderator->request("audit.list", {{"session", session}});
    std::set<std::string> actions;
    for (const auto& entry : log["entries"]) actions.insert(entry["action"].get<std::string>());
    EXPECT_TRUE(actions.count("mod.approve") && actions.count("mod.reject")) << log.dump();
}

TEST_F(DocumentsTest, OnlyAModeratorHidesAndRestoresWithAReason) {
    auto id = id_of(upload(participant_cookie, "casus.pdf", pdf));
    for (auto* member : {participant.get(), expert.get(), observer.get()})
        EXPECT_EQ(code_of(member->request("mod.hide", {{"document", id}, {"reason", "Herleidbaar"}})), "forbidden");
    EXPECT_EQ(code_of(moderator->request("mod.hide", {{"document", id}})), "bad_request") << "a reason is required";
    EXPECT_EQ(code_of(moderator->request("mod.restore", {{"document", id}, {"reason", "x"}})), "conflict")
        << "only a hidden one is restored";
    auto hidden = moderator->request("mod.hide", {{"document", id}, {"reason", "Herleidbaar"}});
    ASSERT_EQ(hidden["ok"], true) << hidden.dump();
    EXPECT_EQ(hidden["document"]["state"], "hidden");
    EXPECT_EQ(download(participant_cookie, id).status, 404) << "the uploader no longer";
    EXPECT_EQ(download(moderator_cookie, id).status, 200);
    for (auto* member : {participant.get(), expert.get(), observer.get()})
        EXPECT_EQ(code_of(member->request("mod.restore", {{"document", id}, {"reason", "Toch goed"}})), "not_found");
    auto restored = moderator->request("mod.restore", {{"document", id}, {"reason", "Toch goed"}});
    ASSERT_EQ(restored["ok"], true) << restored.dump();
    EXPECT_EQ(download(observer_cookie, id).status, 200);
    EXPECT_EQ(code_of(moderator->request("mod.hide", {{"post", "999999"}, {"reason", "x"}})), "not_found")
        << "the verb still takes a post";
}

TEST_F(PremoderatedDocumentsTest, APendingUploadsEventsReachTheModeratorAndTheUploaderOnly) {
    for (auto* client : {moderator.get(), participant.get(), expert.get()}) subscribe_live(*client);
    auto waiting = id_of(upload(expert_cookie, "voorstel.pdf", pdf));
    EXPECT_EQ(live_kinds(*moderator), Kinds{"document.pending"});
    EXPECT_EQ(live_kinds(*expert), Kinds{"document.pending"});
    EXPECT_EQ(live_kinds(*participant), Kinds{}) << "another member learns nothing of it";

    auto queue = moderator->request("mod.queue", {{"session", session}});
    ASSERT_EQ(queue["ok"], true) << queue.dump();
    ASSERT_EQ(queue["documents"].size(), 1u) << queue.dump();
    EXPECT_EQ(queue["documents"][0]["id"], waiting);
    EXPECT_EQ(queue["documents"][0]["uploaded_by"]["id"], expert_user["id"]);
    EXPECT_EQ(code_of(participant->request("mod.queue", {{"session", session}})), "forbidden");

    ASSERT_EQ(moderator->request("mod.approve", {{"document", waiting}})["ok"], true);
    EXPECT_EQ(live_kinds(*participant), Kinds{"document.approved"});
    EXPECT_TRUE(moderator->request("mod.queue", {{"session", session}})["documents"].empty());
    auto visible = id_of(upload(participant_cookie, "eigen.pdf", pdf));
    EXPECT_EQ(live_kinds(*expert), (Kinds{"document.approved", "document.added"}));
    ASSERT_EQ(moderator->request("mod.hide", {{"document", visible}, {"reason", "Herleidbaar"}})["ok"], true);
    EXPECT_EQ(live_kinds(*expert), Kinds{"document.removed"});

    // A replay gives each the same as live.
    EXPECT_EQ(replayed_document_kinds(*participant), (Kinds{"document.approved", "document.added", "document.removed"}));
    EXPECT_EQ(replayed_document_kinds(*expert),
              (Kinds{"document.pending", "document.approved", "document.added", "document.removed"}));
    auto for_observer = replay(*observer);
    for (const auto& frame : for_observer)
        if (frame["event"]["kind"] == "document.added") {
            EXPECT_EQ(frame["event"]["document"]["name"], "eigen.pdf");
            EXPECT_EQ(frame["event"]["actor"]["id"], participant_user["id"]) << "named, as uploaded";
        }
}

TEST_F(ClockedDocumentsTest, AFromJoinGuestGetsNoEventAboutADocumentFromBeforeJoining) {
    auto older = id_of(upload(participant_cookie, "oud.pdf", pdf));
    clock.advance(std::chrono::seconds(60));
    auto guest_cookie = join_from_now("gast@gemeente.example");
    WsClient guest(server.port(), ws_options(guest_cookie));
    subscribe_live(guest);
    clock.advance(std::chrono::seconds(60));
    ASSERT_EQ(moderator->request("mod.hide", {{"document", older}, {"reason", "Herleidbaar"}})["ok"], true);
    ASSERT_EQ(moderator->request("mod.restore", {{"document", older}, {"reason", "Toch goed"}})["ok"], true);
    EXPECT_EQ(live_kinds(guest), Kinds{}) << "not even a new event about the older document";
    upload(participant_cookie, "nieuw.pdf", pdf);
    EXPECT_EQ(live_kinds(guest), Kinds{"document.added"});
    EXPECT_EQ(replayed_document_kinds(guest), Kinds{"document.added"});
    EXPECT_EQ(replayed_document_kinds(*observer),
              (Kinds{"document.added", "document.removed", "document.added", "document.added"}));
}

}  // namespace
