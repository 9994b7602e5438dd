// Documents in search (server/app/search/search_verbs.cpp): a document is found by a
// word of its name or of its PDF's text, as a hit {"kind":"document","document",
// "snippet"}, and every hit passes the gate: a pending upload only for its uploader and
// the moderators, a hidden one only for the moderators, a from_join guest nothing from
// before joining, a redacted one for nobody.
#include "documents/documents_fixture.hpp"
#include "support/pdf_files.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class DocumentSearchTest : public ClockHolder, public DocumentsTest {
protected:
    DocumentSearchTest()
        : DocumentsTest([](kl::app::ServerConfig& c) { c.search_burst = 100; }, &clock) {}

    json session_params() const override { return {{"title", "Voorgemodereerd"}, {"premoderation", true}}; }

    // The ids of the document hits client gets for q.
    std::vector<std::string> found(WsClient& client, const std::string& q) {
        auto answer = client.request("search", {{"session", session}, {"q", q}});
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        std::vector<std::string> ids;
        for (const auto& hit : answer["hits"])
            if (hit["kind"] == "document") ids.push_back(hit["document"]["id"]);
        return ids;
    }
};

using Ids = std::vector<std::string>;

TEST_F(DocumentSearchTest, ADocumentIsFoundByItsNameOrItsTextAsTheGateAllows) {
    auto older = id_of(upload(participant_cookie, "Handreiking-sleutelfiguren.pdf", pdf_with_word("Zwqxbinnenwoord", true)));
    await_inspection(older);
    auto answer = observer->request("search", {{"session", session}, {"q", "zwqxbinnen"}});
    ASSERT_EQ(answer["hits"].size(), 1u) << answer.dump();
    auto hit = answer["hits"][0];
    EXPECT_EQ(hit["kind"], "document");
    EXPECT_EQ(hit["document"]["name"], "Handreiking-sleutelfiguren.pdf");
    EXPECT_EQ(hit["snippet"][0]["hit"], true) << hit.dump();
    auto by_name = observer->request("search", {{"session", session}, {"q", "sleutelfig"}});
    ASSERT_EQ(by_name["hits"].size(), 1u) << by_name.dump();
    EXPECT_EQ(by_name["hits"][0]["document"]["id"], older);
    EXPECT_EQ(found(*observer, "handreiking zwqxbinnen"), Ids{}) << "every word in one place";

    clock.advance(std::chrono::seconds(60));
    auto guest_cookie = join_from_now("gast@gemeente.example");
    WsClient guest(server.port(), ws_options(guest_cookie));
    clock.advance(std::chrono::seconds(60));
    auto pending = id_of(upload(expert_cookie, "Sleutelfiguren-voorstel.pdf", pdf));
    EXPECT_EQ(found(*moderator, "sleutelfiguren"), (Ids{pending, older}));
    EXPECT_EQ(found(*expert, "sleutelfiguren"), (Ids{pending, older})) << "the uploader sees their pending upload";
    EXPECT_EQ(found(*participant, "sleutelfiguren"), Ids{older});
    EXPECT_EQ(found(guest, "sleutelfiguren"), Ids{}) << "from before joining, and pending";
    ASSERT_EQ(moderator->request("mod.approve", {{"document", pending}})["ok"], true);
    EXPECT_EQ(found(guest, "sleutelfiguren"), Ids{pending});

    ASSERT_EQ(moderator->request("mod.hide", {{"document", older}, {"reason", "Herleidbaar"}})["ok"], true);
    EXPECT_EQ(found(*participant, "zwqxbinnen"), Ids{}) << "hidden";
    EXPECT_EQ(found(*moderator, "zwqxbinnen"), Ids{older});
    ASSERT_EQ(moderator->request("mod.redact_document", {{"document", older}, {"reason", "Herleidbaar"}})["ok"], true);
    EXPECT_EQ(found(*moderator, "zwqxbinnen"), Ids{}) << "redacted: for nobody";
    EXPECT_EQ(found(*moderator, "handreiking"), Ids{});
}

}  // namespace
