// Session notes, search and the session report against the real server over TLS:
// drafts reach only moderators until published, versions guard concurrent edits,
// search treats input as text and shows only what the user may see, and the export
// is authorised, audited and free of anything hidden.
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "support/fixture.hpp"

#include <future>

using namespace kl::test;
using nlohmann::json;

namespace {

class NotesTest : public SessionMembersTest {
protected:
    // These tests search many times in a row on one connection; the search rate has
    // tests of its own (search/search_test.cpp).
    NotesTest() : SessionMembersTest(nullptr, [](kl::app::ServerConfig& config) { config.search_rate = 0; }) {}

    std::string thread;
    int next_msg = 0;

    void SetUp() override {
        SessionMembersTest::SetUp();
        auto started = participant->request("thread.create", {{"session", session}, {"title", "Polarisatie rond het azc"},
                                                               {"kind", "casus"}, {"body", "Eerste signalen uit de wijk."}});
        ASSERT_EQ(started["ok"], true) << started.dump();
        thread = started["thread"]["id"];
    }

    json block(WsClient& client, const std::string& kind, const std::string& text, json extra = json::object()) {
        extra["session"] = session;
        extra["kind"] = kind;
        extra["text"] = text;
        return client.request("notes.block.create", extra);
    }

    json post(WsClient& client, const std::string& body, json extra = json::object()) {
        extra["thread"] = thread;
        extra["body"] = body;
        extra["client_msg_id"] = "n" + std::to_string(++next_msg);
        return client.request("post.create", extra);
    }

    json notes_of(WsClient& client) { return client.request("session.state", {{"session", session}})["notes"]; }

    json search(WsClient& client, const std::string& q) {
        return client.request("search", {{"session", session}, {"q", q}});
    }

    // Every hit's text pieces joined, one string per hit.
    static std::vector<std::string> hit_texts(const json& answer) {
        std::vector<std::string> texts;
        for (const auto& hit : answer["hits"]) {
            std::string text;
            for (const auto& piece : hit["snippet"]) text += piece["text"].get<std::string>();
            texts.push_back(text);
        }
        return texts;
    }

    HttpResult export_as(const std::string& cookie, const std::string& format, const std::string& id = "") {
        return https(server.port(), "GET", "/api/sessions/" + (id.empty() ? session : id) + "/export?format=" + format,
                     "", {"", cookie});
    }
};

TEST_F(NotesTest, ADraftReachesOnlyModeratorsUntilPublished) {
    auto head = participant->request("session.state", {{"session", session}})["head_seq"];
    ASSERT_EQ(participant->request("session.subscribe", {{"session", session}, {"after_seq", head}})["ok"], true);
    participant->take_kept();
    auto draft = block(*moderator, "decision", "We delen signalen binnen twee dagen met het zorgnetwerk.");
    ASSERT_EQ(draft["ok"], true) << draft.dump();
    EXPECT_EQ(draft["block"]["published"], false);
    EXPECT_EQ(notes_of(*moderator).size(), 1u);
    EXPECT_TRUE(notes_of(*participant).empty());

    auto published = moderator->request("notes.publish", {{"session", session}});
    ASSERT_EQ(published["ok"], true);
    ASSERT_EQ(published["blocks"].size(), 1u);
    // The first event the participant gets is the publication: the draft's creation never reached them.
    auto event = next_event(*participant);
    EXPECT_EQ(event["event"]["kind"], "note.published");
    EXPECT_EQ(event["event"]["blocks"][0]["text"], "We delen signalen binnen twee dagen met het zorgnetwerk.");
    EXPECT_EQ(event["event"]["order"], json::array({draft["block"]["id"]}));
    auto seen = notes_of(*participant);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0]["published"], true);
    // Nothing left to publish: an empty answer and no event.
    EXPECT_TRUE(moderator->request("notes.publish", {{"session", session}})["blocks"].empty());
}

TEST_F(NotesTest, AnActionKeepsOwnerAndDueDateAndTheOrderStaysDense) {
    auto first = block(*moderator, "summary", "Samenvatting van de ochtend.")["block"];
    auto action = block(*moderator, "action", "Wijkagent en jongerenwerk plannen een gesprek.",
                        {{"owner", "Gemeente Voorbeeld, team OOV"}, {"due", "2026-12-15"}, {"position", 0}});
    ASSERT_EQ(action["ok"], true) << action.dump();
    EXPECT_EQ(action["block"]["owner"], "Gemeente Voorbeeld, team OOV");
    EXPECT_EQ(action["block"]["due"], "2026-12-15");
    auto notes = notes_of(*moderator);
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_EQ(notes[0]["id"], action["block"]["id"]);
    EXPECT_EQ(notes[1]["position"], 1);
    // Owner and due belong to actions only; a date that does not exist is refused.
    EXPECT_EQ(block(*moderator, "insight", "Inzicht", {{"owner", "iemand"}})["block"]["owner"], nullptr);
    EXPECT_EQ(block(*moderator, "action", "x", {{"due", "2026-02-30"}})["error"]["code"], "bad_request");
    // Moving the first block to the end keeps positions 0, 1, 2.
    auto moved = moderator->request("notes.block.update",
                                    {{"block", action["block"]["id"]}, {"version", action["block"]["version"]}, {"position", 9}});
    ASSERT_EQ(moved["ok"], true) << moved.dump();
    std::vector<std::int64_t> positions;
    for (const auto& n : notes_of(*moderator)) positions.push_back(n["position"]);
    EXPECT_EQ(positions, (std::vector<std::int64_t>{0, 1, 2}));
    EXPECT_EQ(notes_of(*moderator)[2]["id"], action["block"]["id"]);
    EXPECT_EQ(notes_of(*moderator)[0]["id"], first["id"]);
}

TEST_F(NotesTest, OfTwoEditsOfTheSameVersionExactlyOneWins) {
    auto created = block(*moderator, "decision", "Eerste versie.")["block"];
    WsClient second(server.port(), ws_options(moderator_cookie));
    auto edit = [&](WsClient& client, const std::string& text) {
        return client.request("notes.block.update", {{"block", created["id"]}, {"version", created["version"]}, {"text", text}});
    };
    auto a = std::async(std::launch::async, [&] { return edit(*moderator, "versie A"); });
    auto b = std::async(std::launch::async, [&] { return edit(second, "versie B"); });
    int won = 0, conflicts = 0;
    std::string winner;
    for (const auto& answer : {a.get(), b.get()}) {
        if (answer["ok"] == true) {
            ++won;
            winner = answer["block"]["text"];
        } else {
            EXPECT_EQ(answer["error"]["code"], "conflict");
            EXPECT_EQ(answer["block"]["version"], created["version"].get<int>() + 1);  // the current block comes along
            ++conflicts;
        }
    }
    EXPECT_EQ(won, 1);
    EXPECT_EQ(conflicts, 1);
    EXPECT_EQ(notes_of(*moderator)[0]["text"], winner);
}

TEST_F(NotesTest, OnlyModeratorsKeepNotesAndArchivedSessionsRefuseChanges) {
    for (auto* client : {participant.get(), expert.get(), observer.get()})
        EXPECT_EQ(block(*client, "insight", "mag niet")["error"]["code"], "forbidden");
    EXPECT_EQ(participant->request("notes.publish", {{"session", session}})["error"]["code"], "forbidden");
    auto created = block(*moderator, "insight", "Een inzicht.")["block"];
    EXPECT_EQ(participant->request("notes.block.delete", {{"block", created["id"]}, {"version", 1}})["error"]["code"], "forbidden");
    ASSERT_EQ(moderator->request("session.archive", {{"session", session}})["ok"], true);
    EXPECT_EQ(block(*moderator, "insight", "te laat")["error"]["code"], "locked");
    EXPECT_EQ(moderator->request("notes.block.delete", {{"block", created["id"]}, {"version", 1}})["error"]["code"], "locked");
    EXPECT_EQ(notes_of(*moderator).size(), 1u);  // still readable
}

TEST_F(NotesTest, SearchFindsPrefixesWithoutDiacriticsAndMarksTheHit) {
    ASSERT_EQ(post(*participant, "Het café aan de Marktstraat is een ontmoetingsplek voor radicaliserende jongeren.")["ok"], true);
    auto answer = search(*participant, "cafe radicaal");  // no match: "radicaal" is not a prefix of "radicaliserende"
    ASSERT_EQ(answer["ok"], true);
    EXPECT_TRUE(answer["hits"].empty());
    answer = search(*participant, "CAFE radicali");
    ASSERT_EQ(answer["hits"].size(), 1u) << answer.dump();
    const auto& hit = answer["hits"][0];
    EXPECT_EQ(hit["kind"], "post");
    EXPECT_EQ(hit["thread"], thread);
    EXPECT_EQ(hit["title"], "Polarisatie rond het azc");
    std::vector<std::string> marked;
    for (const auto& piece : hit["snippet"])
        if (piece["hit"] == true) marked.push_back(piece["text"]);
    EXPECT_EQ(marked, (std::vector<std::string>{"café", "radicaliserende"}));
    // Thread titles, cards and published notes are found too.
    EXPECT_EQ(search(*participant, "polarisatie")["hits"][0]["kind"], "thread");
    auto columns = moderator->request("session.state", {{"session", session}})["board"]["columns"];
    ASSERT_EQ(participant->request("board.card.create", {{"session", session}, {"column", columns[0]["id"]},
                                                          {"title", "Ontmoetingsplekken"}, {"body", "Buurthuizen als schakel."}})["ok"], true);
    EXPECT_EQ(search(*participant, "buurthuiz")["hits"][0]["kind"], "card");
}

TEST_F(NotesTest, SearchInputIsNeverQuerySyntax) {
    ASSERT_EQ(post(*participant, "Signalen van online haat.")["ok"], true);
    for (const std::string q : {"\"", "*", "signalen OR", "NEAR(signalen haat)", "-haat", "body:haat", "(", "^signalen",
                                "signalen\"*\" OR \"", "' OR 1=1 --", "…", "a AND", "{body}: x", "NOT"}) {
        auto answer = search(*participant, q);
        ASSERT_EQ(answer["ok"], true) << q << ": " << answer.dump();
        EXPECT_TRUE(answer["hits"].is_array());
    }
    // Operators are plain words: "signalen OR haat" needs all three words.
    EXPECT_TRUE(search(*participant, "signalen OR haat")["hits"].empty());
    EXPECT_EQ(search(*participant, "NEAR(signalen haat)")["hits"].size(), 0u);
    EXPECT_EQ(search(*participant, "\"signalen\" haat*")["hits"].size(), 1u);
    // Too long or empty input is a clear error.
    EXPECT_EQ(search(*participant, std::string(201, 'a'))["error"]["code"], "bad_request");
    EXPECT_EQ(search(*participant, "")["error"]["code"], "bad_request");
}

TEST_F(NotesTest, SearchShowsOnlyWhatTheUserMaySee) {
    auto hidden = post(*participant, "Verborgen opmerking over de zwaluwstraat.")["post"];
    ASSERT_EQ(moderator->request("mod.hide", {{"post", hidden["id"]}, {"reason", "te herleidbaar"}})["ok"], true);
    ASSERT_EQ(post(*moderator, "Fluisternotitie over de zwaluwstraat.", {{"whisper", true}})["ok"], true);
    ASSERT_EQ(block(*moderator, "decision", "Concept over de zwaluwstraat.")["ok"], true);
    auto redacted = post(*participant, "Weggelakt over de zwaluwstraat.")["post"];
    ASSERT_EQ(moderator->request("mod.redact", {{"post", redacted["id"]}, {"reason", "persoonsgegevens"}})["ok"], true);

    EXPECT_TRUE(search(*participant, "zwaluwstraat")["hits"].empty());
    // Moderators find the whisper and the draft, but never hidden or redacted text.
    auto moderator_hits = hit_texts(search(*moderator, "zwaluwstraat"));
    EXPECT_EQ(moderator_hits.size(), 2u);
    for (const auto& text : moderator_hits) {
        EXPECT_EQ(text.find("Verborgen"), std::string::npos);
        EXPECT_EQ(text.find("Weggelakt"), std::string::npos);
    }
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    EXPECT_EQ(hit_texts(search(*participant, "zwaluwstraat")), (std::vector<std::string>{"Concept over de zwaluwstraat."}));
    // Not a member: refused.
    auto [stranger_user, stranger_cookie] = make_user(*moderator, "buiten@gemeente.example");
    WsClient stranger(server.port(), ws_options(stranger_cookie));
    EXPECT_EQ(search(stranger, "zwaluwstraat")["error"]["code"], "forbidden");
}

TEST_F(NotesTest, TheReportHasWhatMembersMaySeeAndNothingElse) {
    ASSERT_EQ(post(*participant, "Zichtbaar bericht over buurtpreventie.", {{"attribution", "organisation_type"}})["ok"], true);
    auto hidden = post(*participant, "Verborgen tekst HIDDEN-7.")["post"];
    ASSERT_EQ(moderator->request("mod.hide", {{"post", hidden["id"]}, {"reason", "herleidbaar"}})["ok"], true);
    auto redacted = post(*participant, "Weggelakte tekst REDACTED-7.")["post"];
    ASSERT_EQ(moderator->request("mod.redact", {{"post", redacted["id"]}, {"reason", "persoonsgegevens"}})["ok"], true);
    ASSERT_EQ(post(*moderator, "Fluister WHISPER-7.", {{"whisper", true}})["ok"], true);
    ASSERT_EQ(block(*moderator, "decision", "Vastgestelde afspraak DECISION-7.")["ok"], true);
    ASSERT_EQ(moderator->request("notes.publish", {{"session", session}})["ok"], true);
    ASSERT_EQ(block(*moderator, "action", "Concept actiepunt DRAFT-7.", {{"owner", "ESS"}})["ok"], true);
    // A premoderated expert's post waits: pending text stays out.
    ASSERT_EQ(moderator->request("session.update", {{"session", session}, {"premoderation", true}})["ok"], true);
    ASSERT_EQ(post(*expert, "Wachtend bericht PENDING-7.")["ok"], true);

    for (const std::string format : {"md", "html"}) {
        auto report = export_as(participant_cookie, format);
        ASSERT_EQ(report.status, 200) << report.body;
        EXPECT_NE(report.header("content-disposition").find("attachment"), std::string::npos);
        EXPECT_NE(report.header("content-type").find(format == "md" ? "text/markdown" : "text/html"), std::string::npos);
        EXPECT_NE(report.body.find("Kennislab Rechts-extremisme"), std::string::npos);
        EXPECT_NE(report.body.find("Vastgestelde afspraak DECISION-7."), std::string::npos);
        EXPECT_NE(report.body.find("Zichtbaar bericht over buurtpreventie."), std::string::npos);
        // The post shows the attribution its author chose, not the name.
        EXPECT_NE(report.body.find(format == "md" ? "**een gemeente**" : "<strong>een gemeente</strong>"), std::string::npos);
        for (const char* hidden_text : {"HIDDEN-7", "REDACTED-7", "WHISPER-7", "DRAFT-7", "PENDING-7"})
            EXPECT_EQ(report.body.find(hidden_text), std::string::npos) << format << " contains " << hidden_text;
    }
    // The moderator's report has the whisper and the draft (marked), still no hidden, redacted or pending text.
    auto own = export_as(moderator_cookie, "html");
    ASSERT_EQ(own.status, 200);
    EXPECT_NE(own.body.find("WHISPER-7"), std::string::npos);
    EXPECT_NE(own.body.find("(concept)"), std::string::npos);
    for (const char* hidden_text : {"HIDDEN-7", "REDACTED-7", "PENDING-7"})
        EXPECT_EQ(own.body.find(hidden_text), std::string::npos) << hidden_text;
    // The HTML report is one page without scripts or outside resources.
    EXPECT_EQ(own.body.find("<script"), std::string::npos);
    EXPECT_EQ(own.body.find("src="), std::string::npos);
    EXPECT_EQ(own.body.find("href="), std::string::npos);
}

TEST_F(NotesTest, TheReportEscapesWhatUsersTyped) {
    ASSERT_EQ(post(*participant, "<script>alert(1)</script> & <img src=x onerror=alert(2)>")["ok"], true);
    auto report = export_as(participant_cookie, "html");
    ASSERT_EQ(report.status, 200);
    EXPECT_EQ(report.body.find("<script>alert"), std::string::npos);
    EXPECT_EQ(report.body.find("<img"), std::string::npos);
    EXPECT_NE(report.body.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img"), std::string::npos);
}

TEST_F(NotesTest, TheExportIsAuthorisedAndAudited) {
    auto [stranger_user, stranger_cookie] = make_user(*moderator, "buiten@gemeente.example");
    EXPECT_EQ(export_as(stranger_cookie, "md").status, 403);
    EXPECT_EQ(export_as("", "md").status, 401);
    EXPECT_EQ(export_as("niet-geldig", "html").status, 401);
    EXPECT_EQ(export_as(participant_cookie, "pdf").status, 400);
    EXPECT_EQ(export_as(participant_cookie, "md", "999999").status, 404);
    EXPECT_EQ(export_as(participant_cookie, "md", "abc").status, 404);
    ASSERT_EQ(export_as(observer_cookie, "md").status, 200);
    ASSERT_EQ(export_as(participant_cookie, "html").status, 200);

    auto db = kl::storage::open_database(server.database_path(), kl::storage::OpenMode::read_only);
    std::vector<std::pair<std::string, std::string>> exports;  // actor, format
    for (const auto& entry : kl::storage::list_audit(db, std::nullopt, std::nullopt, 1000))
        if (entry.action == "session.export") {
            EXPECT_EQ(entry.target_id, session);
            exports.emplace_back(std::to_string(*entry.actor_id), json::parse(entry.detail)["format"]);
        }
    std::sort(exports.begin(), exports.end());
    auto expected = std::vector<std::pair<std::string, std::string>>{
        {participant_user["id"], "html"}, {observer_user["id"], "md"}};
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(exports, expected);  // refused exports are not recorded as exports
}

TEST_F(NotesTest, ALargeReportArrivesWhole) {
    // Enough text to need many 64 KiB chunks.
    std::string body(1500, 'x');
    for (int i = 0; i < 120; ++i) ASSERT_EQ(post(*participant, "Bericht " + std::to_string(i) + " " + body)["ok"], true);
    auto report = export_as(participant_cookie, "md");
    ASSERT_EQ(report.status, 200);
    EXPECT_GT(report.body.size(), 180000u);
    EXPECT_NE(report.body.find("Bericht 0 "), std::string::npos);
    EXPECT_NE(report.body.find("Bericht 119 "), std::string::npos);
}

}  // namespace
