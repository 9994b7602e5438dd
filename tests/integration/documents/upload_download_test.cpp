// Documents over TLS (server/app/documents/document_transfer.hpp): an upload streamed to
// a spool file and stored, its download as an attachment with nosniff and a sandbox
// CSP, audited; and every refusal next to what it refuses: no login, another origin, a
// non-member, an observer, a wrong type, a polyglot, a body over the limit (by its
// Content-Length and while it streams), a full session, a pending upload that others
// may not fetch, a from_join guest and an older document, and an upload cut off
// halfway that leaves nothing behind.
#include "documents/documents_fixture.hpp"
#include "support/data_files.hpp"

#include "storage/connection.hpp"
#include "storage/documents.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

TEST_F(DocumentsTest, AParticipantUploadsAPdfAndAnotherMemberDownloadsIt) {
    // Larger than several of the edge's 64 KiB pieces and the storage's 256 KiB chunks.
    auto bytes = large_pdf(900 * 1024);
    auto uploaded = upload(participant_cookie, "Handreiking%20sleutelfiguren.pdf", bytes);
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    auto document = uploaded.json()["document"];
    EXPECT_EQ(document["name"], "Handreiking sleutelfiguren.pdf");
    EXPECT_EQ(document["type"], "application/pdf");
    EXPECT_EQ(document["size"], bytes.size());
    EXPECT_EQ(document["sha256"], sha256_hex(bytes));
    EXPECT_EQ(document["state"], "visible");
    EXPECT_EQ(document["session"], session);
    EXPECT_EQ(document["uploaded_by"]["id"], participant_user["id"]);

    auto fetched = download(expert_cookie, document["id"]);
    ASSERT_EQ(fetched.status, 200) << fetched.body;
    EXPECT_EQ(fetched.body, bytes);
    EXPECT_EQ(fetched.header("content-type"), "application/pdf");
    EXPECT_EQ(fetched.header("content-disposition").rfind("attachment; ", 0), 0u) << fetched.header("content-disposition");
    EXPECT_NE(fetched.header("content-disposition").find("Handreiking sleutelfiguren.pdf"), std::string::npos);
    EXPECT_EQ(fetched.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(fetched.header("content-security-policy"), "sandbox");

    auto log = moderator->request("audit.list", {{"session", session}});
    ASSERT_EQ(log["ok"], true) << log.dump();
    std::set<std::string> actions;
    for (const auto& entry : log["entries"]) actions.insert(entry["action"].get<std::string>());
    EXPECT_TRUE(actions.count("document.upload"));
    EXPECT_TRUE(actions.count("document.download")) << "every download is in the audit log";
}

TEST_F(DocumentsTest, OnlyAMemberWhoMayPostUploads) {
    EXPECT_EQ(upload("", "a.pdf", pdf).status, 401) << "no login";
    HttpOptions elsewhere;
    elsewhere.origin = "https://elders.example";
    EXPECT_EQ(upload(participant_cookie, "a.pdf", pdf, "", elsewhere).status, 403) << "another origin";
    auto [stranger, stranger_cookie] = make_user(*moderator, "vreemde@gemeente.example");
    (void)stranger;
    auto refused = upload(stranger_cookie, "a.pdf", pdf);
    EXPECT_TRUE(refused.status == 403 || refused.status == 404) << refused.status;
    EXPECT_EQ(upload(observer_cookie, "a.pdf", pdf).status, 403) << "an observer reads only";
    EXPECT_EQ(stored_documents(), 0);
    EXPECT_EQ(upload(expert_cookie, "a.pdf", pdf).status, 201) << "an expert may post";
    EXPECT_EQ(upload(moderator_cookie, "a.pdf", pdf).status, 201);
}

TEST_F(DocumentsTest, ADownloadNeedsAMemberWhoMaySeeIt) {
    auto id = upload(participant_cookie, "a.pdf", pdf).json()["document"]["id"].get<std::string>();
    EXPECT_EQ(download("", id).status, 401);
    auto [stranger, stranger_cookie] = make_user(*moderator, "vreemde@gemeente.example");
    (void)stranger;
    EXPECT_EQ(download(stranger_cookie, id).status, 404) << "a non-member learns nothing";
    EXPECT_EQ(download(observer_cookie, id).status, 200) << "an observer reads";
    EXPECT_EQ(download(participant_cookie, "999999").status, 404);
    EXPECT_EQ(download(participant_cookie, "geen-id").status, 404);
}

TEST_F(ClockedDocumentsTest, AFromJoinGuestGetsOnlyWhatWasUploadedAfterJoining) {
    auto older = upload(participant_cookie, "oud.pdf", pdf).json()["document"]["id"].get<std::string>();
    clock.advance(std::chrono::seconds(60));
    auto guest_cookie = join_from_now("gast@gemeente.example");
    clock.advance(std::chrono::seconds(60));
    auto newer = upload(participant_cookie, "nieuw.pdf", pdf).json()["document"]["id"].get<std::string>();
    EXPECT_EQ(download(guest_cookie, older).status, 404);
    EXPECT_EQ(download(guest_cookie, newer).status, 200);
    EXPECT_EQ(download(participant_cookie, older).status, 200);
}

TEST_F(DocumentsTest, ContentThatIsNotAnAllowedTypeOrDoesNotMatchItsNameIs415) {
    EXPECT_EQ(upload(participant_cookie, "kaart.pdf", png).status, 415) << "a PNG named .pdf";
    EXPECT_EQ(upload(participant_cookie, "kaart.png", png).status, 201);
    auto polyglot = "%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n";
    EXPECT_EQ(upload(participant_cookie, "handreiking.pdf", polyglot).status, 415) << "HTML inside a .pdf";
    EXPECT_EQ(upload(participant_cookie, "pagina.html", "<!doctype html><p>hoi</p>").status, 415);
    EXPECT_EQ(upload(participant_cookie, "zonder-extensie", pdf).status, 415);
    EXPECT_EQ(upload(participant_cookie, "leeg.txt", "").status, 415);
    EXPECT_EQ(upload(participant_cookie, "", pdf).status, 400) << "a name is required";
    EXPECT_EQ(upload(participant_cookie, "..%2Fpad.pdf", pdf).status, 400) << "no path in a name";
    EXPECT_EQ(stored_documents(), 2) << "only the PNG (row and bytes)";
}

TEST_F(DocumentsTest, ABodyOverTheLimitIs413ByItsLengthAndWhileItStreams) {
    auto too_large = large_pdf(1024 * 1024 + 1);
    auto by_length = upload(participant_cookie, "groot.pdf", too_large);
    EXPECT_EQ(by_length.status, 413) << by_length.body;
    HttpOptions chunked;
    chunked.chunked = true;
    auto streaming = upload(participant_cookie, "groot.pdf", too_large, "", chunked);
    EXPECT_EQ(streaming.status, 413) << "no length given: refused as the bytes pass the limit";
    EXPECT_EQ(upload(participant_cookie, "precies.pdf", large_pdf(1024 * 1024)).status, 201) << "exactly the limit";
    EXPECT_EQ(upload(participant_cookie, "klein.pdf", pdf, "", chunked).status, 201) << "chunked under the limit";
    EXPECT_EQ(stored_documents(), 4);
    // Clients learn the limit from hello, to name it before and after a refusal.
    EXPECT_EQ(moderator->request("hello")["limits"]["upload_bytes"], 1024 * 1024);
}

TEST_F(DocumentsTest, AnUploadCutOffHalfwayLeavesNothingBehind) {
    auto body = large_pdf(600 * 1024);
    std::string head = "POST /api/sessions/" + session + "/documents?name=afgebroken.pdf HTTP/1.1\r\n"
                       "Host: localhost\r\nOrigin: " + server.origin() + "\r\nCookie: kl_session=" +
                       participant_cookie + "\r\nContent-Type: application/pdf\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n";
    https_cut_off(server.port(), head, body.substr(0, body.size() / 2));
    // The server stays responsive, and the next upload is the only document.
    auto next = upload(participant_cookie, "heel.pdf", pdf);
    ASSERT_EQ(next.status, 201) << next.body;
    EXPECT_EQ(stored_documents(), 2) << "one row and its bytes: nothing of the cut-off upload";
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(server.database_path()).parent_path()))
        EXPECT_EQ(entry.path().filename().string().rfind(".spool-", 0), std::string::npos) << entry.path();
}

TEST_F(PremoderatedDocumentsTest, AnExpertsUploadWaitsAndOnlyTheUploaderAndModeratorsFetchIt) {
    auto uploaded = upload(expert_cookie, "voorstel.pdf", pdf);
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    auto document = uploaded.json()["document"];
    EXPECT_EQ(document["state"], "pending");
    EXPECT_EQ(download(participant_cookie, document["id"]).status, 404);
    EXPECT_EQ(download(observer_cookie, document["id"]).status, 404);
    EXPECT_EQ(download(expert_cookie, document["id"]).status, 200) << "the uploader";
    EXPECT_EQ(download(moderator_cookie, document["id"]).status, 200);
    EXPECT_EQ(upload(participant_cookie, "eigen.pdf", pdf).json()["document"]["state"], "visible")
        << "participants are not premoderated unless the session says so";
}

class FullSessionDocumentsTest : public DocumentsTest {
protected:
    FullSessionDocumentsTest()
        : DocumentsTest([](kl::app::ServerConfig& c) {
              small_uploads(c);
              c.session_limits.max_documents = 2;
              c.session_limits.max_document_bytes = 1000;
          }) {}
};

TEST_F(FullSessionDocumentsTest, TheSessionsLimitsAnswerTooLargeAndStoreNothing) {
    EXPECT_EQ(upload(participant_cookie, "a.pdf", large_pdf(1001)).json()["error"]["code"], "too_large") << "bytes";
    ASSERT_EQ(upload(participant_cookie, "a.pdf", pdf).status, 201);
    ASSERT_EQ(upload(participant_cookie, "b.pdf", pdf).status, 201);
    auto refused = upload(participant_cookie, "c.pdf", pdf);
    EXPECT_EQ(refused.json()["error"]["code"], "too_large") << "count";
    EXPECT_EQ(stored_documents(), 4);
}

}  // namespace

namespace {

// document.list: what each member may see, newest first, in pages; through the same gate
// as the download.
TEST_F(PremoderatedDocumentsTest, TheListShowsEachMemberWhatTheGateAllows) {
    auto id_of = [](const HttpResult& result) { return result.json()["document"]["id"].get<std::string>(); };
    auto first = id_of(upload(participant_cookie, "eerste.pdf", pdf));
    auto pending = id_of(upload(expert_cookie, "wacht.pdf", pdf));
    auto named_by_organisation = id_of(upload(participant_cookie, "derde.pdf", pdf, "&attribution=organisation_type"));
    auto ids = [](const json& answer) {
        std::vector<std::string> out;
        for (const auto& d : answer["documents"]) out.push_back(d["id"]);
        return out;
    };
    using V = std::vector<std::string>;
    auto for_moderator = moderator->request("document.list", {{"session", session}});
    ASSERT_EQ(for_moderator["ok"], true) << for_moderator.dump();
    EXPECT_EQ(ids(for_moderator), (V{named_by_organisation, pending, first}));
    EXPECT_EQ(ids(expert->request("document.list", {{"session", session}})), (V{named_by_organisation, pending, first}))
        << "the uploader sees their own pending upload";
    auto for_observer = observer->request("document.list", {{"session", session}});
    EXPECT_EQ(ids(for_observer), (V{named_by_organisation, first}));
    EXPECT_EQ(for_observer["documents"][0]["uploaded_by"]["id"], nullptr) << "attributed as the uploader chose";
    EXPECT_EQ(for_moderator["documents"][0]["uploaded_by"]["id"], participant_user["id"]);

    auto page = moderator->request("document.list", {{"session", session}, {"limit", 2}});
    EXPECT_EQ(ids(page), (V{named_by_organisation, pending}));
    EXPECT_EQ(page["has_more"], true);
    auto rest = moderator->request("document.list", {{"session", session}, {"before", page["next_before"]}});
    EXPECT_EQ(ids(rest), (V{first}));
    EXPECT_EQ(rest["has_more"], false);

    auto [stranger, stranger_cookie] = make_user(*moderator, "vreemde@gemeente.example");
    (void)stranger;
    WsClient outsider(server.port(), ws_options(stranger_cookie));
    auto refused = outsider.request("document.list", {{"session", session}});
    EXPECT_EQ(refused["ok"], false) << "a non-member lists nothing";
    EXPECT_EQ(moderator->request("document.list", {{"session", session}, {"limit", 0}})["error"]["code"], "bad_request");
}

}  // namespace

namespace {

// document.delete and mod.redact_document: who may, and that afterwards nothing of the
// document is served, listed, or (after a redaction) in any file of the data folder.
TEST_F(DocumentsTest, TheUploaderOrAModeratorDeletesAndNobodyElse) {
    auto id = upload(participant_cookie, "concept.pdf", pdf).json()["document"]["id"].get<std::string>();
    EXPECT_EQ(expert->request("document.delete", {{"document", id}})["error"]["code"], "forbidden") << "not theirs";
    EXPECT_EQ(observer->request("document.delete", {{"document", id}})["error"]["code"], "forbidden");
    auto deleted = participant->request("document.delete", {{"document", id}});
    ASSERT_EQ(deleted["ok"], true) << deleted.dump();
    EXPECT_EQ(deleted["document"]["state"], "deleted");
    EXPECT_EQ(download(participant_cookie, id).status, 404);
    EXPECT_TRUE(moderator->request("document.list", {{"session", session}})["documents"].empty());
    EXPECT_EQ(participant->request("document.delete", {{"document", id}})["error"]["code"], "not_found") << "once";

    auto other = upload(expert_cookie, "ander.pdf", pdf).json()["document"]["id"].get<std::string>();
    EXPECT_EQ(moderator->request("document.delete", {{"document", other}})["ok"], true) << "a moderator may";
}

TEST_F(DocumentsTest, ARedactionLeavesNothingOfTheDocumentInTheDataFolder) {
    const std::string word = "Zwqxhandreikingsgeheim";
    auto bytes = large_pdf(300 * 1024);
    for (std::size_t at : {std::size_t{100}, std::size_t{150 * 1024}, bytes.size() - 200})
        bytes.replace(at, word.size(), word);
    auto uploaded = upload(participant_cookie, "casus.pdf", bytes);
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    auto id = uploaded.json()["document"]["id"].get<std::string>();
    auto data_dir = std::filesystem::path(server.database_path()).parent_path();
    ASSERT_TRUE(any_file_contains(data_dir, word)) << "the check finds the stored bytes";

    EXPECT_EQ(participant->request("mod.redact_document", {{"document", id}, {"reason", "Herleidbaar"}})["error"]["code"],
              "forbidden");
    EXPECT_EQ(moderator->request("mod.redact_document", {{"document", id}})["error"]["code"], "bad_request")
        << "a reason is required";
    auto redacted = moderator->request("mod.redact_document", {{"document", id}, {"reason", "Herleidbaar"}});
    ASSERT_EQ(redacted["ok"], true) << redacted.dump();
    EXPECT_EQ(redacted["document"]["state"], "redacted");
    EXPECT_EQ(download(moderator_cookie, id).status, 404) << "nobody gets the bytes, moderators neither";
    EXPECT_TRUE(moderator->request("document.list", {{"session", session}})["documents"].empty());
    EXPECT_EQ(files_containing(data_dir, word), std::vector<std::filesystem::path>{})
        << names_of(files_containing(data_dir, word));
    auto again = moderator->request("mod.redact_document", {{"document", id}, {"reason", "Nogmaals"}});
    EXPECT_EQ(again["error"]["code"], "not_found");
}

}  // namespace
