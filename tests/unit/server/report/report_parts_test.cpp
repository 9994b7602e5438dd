// The small parts behind search and the report: snippet pieces, Dutch times, the
// bounded pipe that carries a streamed download, user text escaped for Markdown.
#include "server/app/report/chunk_pipe.hpp"
#include "server/app/report/dutch_time.hpp"
#include "server/app/report/markdown_text.hpp"
#include "server/app/report/report_writer.hpp"
#include "server/app/core/spool_file.hpp"
#include "server/app/search/search_verbs.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <future>
#include <thread>

using namespace kl::app;

namespace {

TEST(SnippetPieces, SplitsAtTheHitMarks) {
    auto pieces = snippet_pieces("Het \x01" "café\x02 aan de \x01markt\x02");
    ASSERT_EQ(pieces.size(), 4u);
    EXPECT_EQ(pieces[0], (nlohmann::json{{"text", "Het "}, {"hit", false}}));
    EXPECT_EQ(pieces[1], (nlohmann::json{{"text", "café"}, {"hit", true}}));
    EXPECT_EQ(pieces[3], (nlohmann::json{{"text", "markt"}, {"hit", true}}));
    EXPECT_TRUE(snippet_pieces("").empty());
}

TEST(DutchTime, FollowsAmsterdamSummerAndWinterTime) {
    EXPECT_EQ(dutch_date_time(1772445900), "2 maart 2026, 11:05");      // 2026-03-02T10:05:00Z, CET
    EXPECT_EQ(dutch_date_time(1782986700), "2 juli 2026, 12:05");        // 2026-07-02T10:05:00Z, CEST
    EXPECT_EQ(dutch_date_time(1774745999), "29 maart 2026, 01:59");      // 00:59:59Z, just before the switch
    EXPECT_EQ(dutch_date_time(1774746000), "29 maart 2026, 03:00");      // 01:00Z, summer time
    EXPECT_EQ(dutch_date(1798757999), "31 december 2026");               // 22:59:59Z on 31 December
    EXPECT_EQ(dutch_date(1798758000), "1 januari 2027");
    EXPECT_EQ(dutch_calendar_date("2026-12-15"), "15 december 2026");
    EXPECT_EQ(dutch_calendar_date("morgen"), "morgen");
}

TEST(MarkdownText, PlainTextStaysAsItIs) {
    EXPECT_EQ(markdown_text("Samenwerking OOV en sociaal domein, 2026."), "Samenwerking OOV en sociaal domein, 2026.");
    EXPECT_EQ(markdown_text("Café \"De Haven\" (Noord) – €5,- 100%"), "Café \"De Haven\" (Noord) – €5,- 100%");
    EXPECT_EQ(markdown_text(""), "");
}

TEST(MarkdownText, HtmlBecomesEntities) {
    EXPECT_EQ(markdown_text("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_EQ(markdown_text("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    EXPECT_EQ(markdown_text("<https://example.org>"), "&lt;https://example.org&gt;");  // no autolink
    EXPECT_EQ(markdown_text("A & B &amp; C"), "A &amp; B &amp;amp; C");                // an entity typed stays text
    EXPECT_EQ(markdown_text("> geen citaat"), "&gt; geen citaat");
}

TEST(MarkdownText, InlineMarkupIsEscaped) {
    EXPECT_EQ(markdown_text("**vet** en *schuin* en _ook_"), "\\*\\*vet\\*\\* en \\*schuin\\* en \\_ook\\_");
    EXPECT_EQ(markdown_text("[klik](https://example.org)"), "\\[klik\\](https://example.org)");
    EXPECT_EQ(markdown_text("![x](y)"), "!\\[x\\](y)");
    EXPECT_EQ(markdown_text("`code` ~~weg~~ a|b $x$ # c:\\pad"), "\\`code\\` \\~\\~weg\\~\\~ a\\|b \\$x\\$ \\# c:\\\\pad");
}

TEST(MarkdownText, LineStartsThatWouldMakeBlocksAreEscaped) {
    EXPECT_EQ(markdown_text("# Kop"), "\\# Kop");
    EXPECT_EQ(markdown_text("- punt"), "\\- punt");
    EXPECT_EQ(markdown_text("+ punt"), "\\+ punt");
    EXPECT_EQ(markdown_text("---"), "\\---");
    EXPECT_EQ(markdown_text("==="), "\\===");
    EXPECT_EQ(markdown_text("1. eerste"), "1\\. eerste");
    EXPECT_EQ(markdown_text("2026) jaar"), "2026\\) jaar");
    EXPECT_EQ(markdown_text("1234567890. te lang voor een lijst"), "1234567890. te lang voor een lijst");
    EXPECT_EQ(markdown_text("    ingesprongen"), "ingesprongen");  // no code block
    EXPECT_EQ(markdown_text("```"), "\\`\\`\\`");
    // Mid-line the same characters are plain text.
    EXPECT_EQ(markdown_text("a - b + c = d 1. e"), "a - b + c = d 1. e");
}

TEST(MarkdownText, LinesStayLinesAndParagraphsStayParagraphs) {
    EXPECT_EQ(markdown_text("regel een\nregel twee"), "regel een\\\nregel twee");
    EXPECT_EQ(markdown_text("alinea een\n\nalinea twee"), "alinea een\n\nalinea twee");
    EXPECT_EQ(markdown_text("tekst  \n- punt\t\n"), "tekst\\\n\\- punt\n");
    // A backslash typed at the end of a line stays a backslash before the line break.
    EXPECT_EQ(markdown_text("pad\\\nvolgende"), "pad\\\\\\\nvolgende");
}

TEST(MarkdownReport, EscapesEveryTextFromAPerson) {
    std::string out;
    auto report = make_markdown_report([&](std::string_view piece) { out += piece; });
    ReportHeader header;
    header.title = "# <b>Titel</b>";
    header.organisations = {"Gemeente *Noord*"};
    header.made_for = "Anna_de_Vries";
    report->begin(header);
    report->threads_begin(1);
    report->thread_begin({"Casus [haven]", "Casus", "Open"});
    report->post({"**een gemeente**", "2 maart 2026, 11:05", "<img src=x>\n# kop", false, false});
    report->thread_end(1);
    report->end();
    EXPECT_NE(out.find("# \\# &lt;b&gt;Titel&lt;/b&gt;\n"), std::string::npos) << out;
    EXPECT_NE(out.find("Gemeente \\*Noord\\*"), std::string::npos);
    EXPECT_NE(out.find("Anna\\_de\\_Vries"), std::string::npos);
    EXPECT_NE(out.find("### Casus \\[haven\\]"), std::string::npos);
    EXPECT_NE(out.find("**\\*\\*een gemeente\\*\\*** · "), std::string::npos);
    EXPECT_NE(out.find("> &lt;img src=x&gt;\\\n> \\# kop"), std::string::npos) << out;
    EXPECT_EQ(out.find("<img"), std::string::npos);
    EXPECT_EQ(out.find("<b>"), std::string::npos);
}

TEST(ChunkPipe, HandsPiecesOverInOrderAndEnds) {
    ChunkPipe pipe(2);
    std::thread producer([&] {
        for (int i = 0; i < 50; ++i) ASSERT_TRUE(pipe.push(std::to_string(i)));
        pipe.close(true);
    });
    std::vector<std::string> received;
    for (;;) {
        std::promise<std::optional<std::string>> piece;
        pipe.next([&](std::optional<std::string> p) { piece.set_value(std::move(p)); });
        auto value = piece.get_future().get();
        ASSERT_TRUE(value);
        if (value->empty()) break;
        received.push_back(*value);
    }
    producer.join();
    ASSERT_EQ(received.size(), 50u);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(received[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST(ChunkPipe, CancellingReleasesABlockedProducer) {
    ChunkPipe pipe(1);
    std::promise<bool> last_push;
    std::thread producer([&] {
        bool ok = true;
        while (ok) ok = pipe.push("x");  // fills the pipe, then blocks until cancelled
        last_push.set_value(ok);
    });
    pipe.cancel();
    EXPECT_FALSE(last_push.get_future().get());
    producer.join();
}

TEST(ChunkPipe, AFailureEndsWithoutTheLastPiece) {
    ChunkPipe pipe;
    pipe.close(false);
    std::optional<std::string> piece = std::string("unset");
    pipe.next([&](std::optional<std::string> p) { piece = std::move(p); });
    EXPECT_FALSE(piece);
}

TEST(ChunkPipe, AReaderThatTakesNothingForThePatienceLosesTheDownload) {
    ChunkPipe pipe(1);
    ASSERT_TRUE(pipe.push("first", std::chrono::milliseconds(10)));  // room for one
    EXPECT_FALSE(pipe.push("second", std::chrono::milliseconds(10)));  // nobody took the first
    EXPECT_TRUE(pipe.cancelled());
}

TEST(SpoolFile, GivesBackWhatWasWrittenInPiecesAndHasNoName) {
    auto directory = std::filesystem::temp_directory_path() / ("kl-spool-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    std::string expected;
    {
        kl::app::SpoolFile spool(directory.string());
        for (int i = 0; i < 20000; ++i) {
            auto line = "regel " + std::to_string(i) + "\n";
            spool.write(line);
            expected += line;
        }
        EXPECT_TRUE(std::filesystem::is_empty(directory)) << "the spool file has no name in the folder";
        std::string read;
        for (auto piece = spool.read(4096); !piece.empty(); piece = spool.read(4096)) {
            EXPECT_LE(piece.size(), 4096u);
            read += piece;
        }
        EXPECT_EQ(read, expected);
    }
    std::filesystem::remove_all(directory);
}

}  // namespace
