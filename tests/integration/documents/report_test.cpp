// The session report lists the documents the reader may see (server/app/report/
// session_report.cpp): name, kind, size, uploader as attributed, date, thread and a
// link to the download, never the contents; a pending upload only in the uploader's
// and the moderators' report.
#include "documents/documents_fixture.hpp"

using namespace kl::test;
using nlohmann::json;

namespace {

class DocumentReportTest : public PremoderatedDocumentsTest {
protected:
    std::string report(const std::string& cookie, const std::string& format) {
        auto result = https(server.port(), "GET", "/api/sessions/" + session + "/export?format=" + format, "",
                            same_origin(cookie));
        EXPECT_EQ(result.status, 200) << result.body;
        return result.body;
    }
};

bool holds(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(DocumentReportTest, TheReportListsTheDocumentsEachReaderMaySeeWithoutContents) {
    const std::string secret = "Zwqxinhoudwoord";
    auto bytes = large_pdf(2000);
    bytes.replace(100, secret.size(), secret);
    auto visible = id_of(upload(participant_cookie, "Casus-wijk.pdf", bytes, "&attribution=organisation"));
    auto pending = id_of(upload(expert_cookie, "Wacht-op-goedkeuring.pdf", pdf));
    auto for_observer = report(observer_cookie, "md");
    EXPECT_TRUE(holds(for_observer, "## Documenten")) << for_observer;
    EXPECT_TRUE(holds(for_observer, "Casus\\-wijk.pdf") || holds(for_observer, "Casus-wijk.pdf")) << for_observer;
    EXPECT_TRUE(holds(for_observer, "/api/documents/" + visible));
    EXPECT_TRUE(holds(for_observer, "2 kB"));
    EXPECT_TRUE(holds(for_observer, "Gemeente Voorbeeld")) << "attributed as the uploader chose";
    EXPECT_FALSE(holds(for_observer, "Deelnemer deelnemer")) << "not the person";
    EXPECT_FALSE(holds(for_observer, "goedkeuring")) << "a pending upload is not theirs to see";
    EXPECT_FALSE(holds(for_observer, secret)) << "never the contents";

    auto for_moderator = report(moderator_cookie, "html");
    EXPECT_TRUE(holds(for_moderator, "<h2>Documenten</h2>"));
    EXPECT_TRUE(holds(for_moderator, "goedkeuring.pdf"));
    EXPECT_TRUE(holds(for_moderator, "/api/documents/" + pending));
    EXPECT_TRUE(holds(report(expert_cookie, "md"), "Wacht"));
}

}  // namespace
