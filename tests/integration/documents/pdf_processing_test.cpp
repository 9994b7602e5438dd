// What the server derives from a PDF (server/app/documents/document_processing.hpp):
// after the upload's answer, the inspector child process finds the page count, a
// first-page thumbnail and the text; the thumbnail is served through the gate; a
// redaction leaves no trace of the text in the data folder. And the hostile ones: a
// truncated file, a FlateDecode bomb stopped by the child's CPU limit and one stopped
// by the wall-clock deadline each end with the document kept, nothing derived, and the
// server answering meanwhile.
#include "documents/documents_fixture.hpp"
#include "support/data_files.hpp"
#include "support/pdf_files.hpp"

#include <chrono>

using namespace kl::test;
using nlohmann::json;

namespace {

void pdf_limits(kl::app::ServerConfig& c, unsigned cpu_seconds, unsigned wall_seconds) {
    c.max_upload_mb = 4;
    c.pdf_limits.cpu_seconds = cpu_seconds;
    c.pdf_limits.wall_seconds = wall_seconds;
}

class PdfTest : public DocumentsTest {
protected:
    explicit PdfTest(unsigned cpu_seconds = 2, unsigned wall_seconds = 60)
        : DocumentsTest([=](kl::app::ServerConfig& c) { pdf_limits(c, cpu_seconds, wall_seconds); }) {}

    json listed(WsClient& client, const std::string& id) {
        auto answer = client.request("document.list", {{"session", session}});
        for (const auto& document : answer["documents"])
            if (document["id"] == id) return document;
        return nullptr;
    }

    HttpResult thumbnail(const std::string& cookie, const std::string& id) {
        return https(server.port(), "GET", "/api/documents/" + id + "/thumbnail", "", same_origin(cookie));
    }

    // A hostile file ends with the document kept and nothing derived.
    void expect_kept_without_anything_derived(const std::string& id) {
        auto document = listed(*participant, id);
        ASSERT_TRUE(document.is_object()) << "the document is kept";
        EXPECT_FALSE(document.contains("pages")) << document.dump();
        EXPECT_FALSE(document.contains("thumbnail")) << document.dump();
        EXPECT_EQ(thumbnail(participant_cookie, id).status, 404);
        EXPECT_EQ(download(participant_cookie, id).status, 200);
    }
};

TEST_F(PdfTest, APdfGetsItsPagesAThumbnailAndItsTextAfterTheAnswer) {
    subscribe_live(*observer);
    auto uploaded = upload(participant_cookie, "casus.pdf", pdf_with_word("Zwqxkaartwoord", true));
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    auto id = id_of(uploaded);
    EXPECT_FALSE(uploaded.json()["document"].contains("pages")) << "the answer does not wait for the inspection";
    await_inspection(id);
    EXPECT_EQ(live_kinds(*observer), (std::vector<std::string>{"document.added", "document.updated"}));
    auto document = listed(*observer, id);
    EXPECT_EQ(document["pages"], 1) << document.dump();
    EXPECT_EQ(document["thumbnail"], true);

    auto image = thumbnail(observer_cookie, id);
    ASSERT_EQ(image.status, 200) << image.body;
    EXPECT_EQ(image.header("content-type"), "image/png");
    EXPECT_EQ(image.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(image.header("content-security-policy"), "sandbox");
    EXPECT_EQ(image.header("cache-control"), "private, max-age=300");
    ASSERT_GT(image.body.size(), 24u);
    EXPECT_EQ(image.body.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    auto width = (static_cast<unsigned char>(image.body[18]) << 8) | static_cast<unsigned char>(image.body[19]);
    EXPECT_LE(width, 240) << "at most 240 pixels wide";

    auto [stranger, stranger_cookie] = make_user(*moderator, "vreemde@gemeente.example");
    (void)stranger;
    EXPECT_EQ(thumbnail(stranger_cookie, id).status, 404) << "a non-member";
    EXPECT_EQ(thumbnail("", id).status, 401);
    auto image_upload = id_of(upload(participant_cookie, "kaart.png", png));
    EXPECT_EQ(thumbnail(participant_cookie, image_upload).status, 404) << "no thumbnail";
    ASSERT_EQ(moderator->request("mod.hide", {{"document", id}, {"reason", "Herleidbaar"}})["ok"], true);
    EXPECT_EQ(thumbnail(participant_cookie, id).status, 404) << "hidden: as the download";
    EXPECT_EQ(thumbnail(moderator_cookie, id).status, 200);
}

TEST_F(PdfTest, ARedactionLeavesNoTraceOfTheTextInTheDataFolder) {
    const std::string word = "Zwqxverborgenwoord";  // only in the compressed content stream and the derived text
    auto id = id_of(upload(participant_cookie, "casus.pdf", pdf_with_word(word, true)));
    await_inspection(id);
    auto data_dir = std::filesystem::path(server.database_path()).parent_path();
    ASSERT_TRUE(any_file_contains(data_dir, word)) << "the check finds the extracted text";
    ASSERT_EQ(moderator->request("mod.redact_document", {{"document", id}, {"reason", "Herleidbaar"}})["ok"], true);
    EXPECT_EQ(files_containing(data_dir, word), std::vector<std::filesystem::path>{});
    EXPECT_EQ(files_containing(data_dir, ascii_lower(word)), std::vector<std::filesystem::path>{}) << "the index";
    EXPECT_EQ(thumbnail(moderator_cookie, id).status, 404);
}

TEST_F(PdfTest, ATruncatedPdfIsKeptWithNothingDerived) {
    auto uploaded = upload(participant_cookie, "afgebroken.pdf", truncated_pdf());
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    await_inspection(id_of(uploaded));
    expect_kept_without_anything_derived(id_of(uploaded));
}

TEST_F(PdfTest, AFlateBombIsStoppedByTheCpuLimitWhileTheServerAnswers) {
    auto uploaded = upload(participant_cookie, "bom.pdf", flate_bomb_pdf());
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    auto id = id_of(uploaded);
    auto started = std::chrono::steady_clock::now();
    auto answer = participant->request("document.list", {{"session", session}});
    EXPECT_EQ(answer["ok"], true);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5)) << "answered while inspecting";
    await_inspection(id);
    expect_kept_without_anything_derived(id);
}

class SlowPdfTest : public PdfTest {
protected:
    SlowPdfTest() : PdfTest(120, 1) {}
};

TEST_F(SlowPdfTest, APdfThatTakesTooLongIsKilledAtTheDeadline) {
    auto id = id_of(upload(participant_cookie, "bom.pdf", flate_bomb_pdf()));
    await_inspection(id);
    expect_kept_without_anything_derived(id);
}

}  // namespace
