#pragma once
// The session report in one of its formats. session_report.cpp walks the session and
// calls these in order; each call writes its piece to out at once, so the report is
// never held whole. The texts passed in are what the reader may see (the walker
// decides); the writers only format and escape.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kl::app {

struct ReportHeader {
    std::string title;
    std::string description;
    std::string period;                      // "2 maart 2026 – 9 maart 2026", or empty
    bool archived = false;
    std::vector<std::string> organisations;  // "Gemeente Utrecht", "NCTV", …
    std::string made_for;                    // the reader's name
    std::string made_at;                     // when the report was made
};

struct ReportNote {
    std::string kind_label;  // Samenvatting, Afspraak, Actiepunt, Inzicht
    std::string text;
    std::optional<std::string> owner;
    std::optional<std::string> due;
    bool draft = false;      // only in a moderator's report
};

struct ReportCard {
    std::string title;
    std::string body;
    std::string source;      // "Uit: <thread> — <author>", or empty
};

struct ReportThread {
    std::string title;
    std::string kind_label;
    std::string status_label;
};

struct ReportPost {
    std::string author;
    std::string at;
    std::string body;
    bool whisper = false;    // only in a moderator's report
    bool edited = false;
};

// A document of the session: what it is and where to fetch it, never its contents.
struct ReportDocument {
    std::string name;
    std::string type_label;  // "PDF", "Word", …
    std::string size;        // "1,2 MB"
    std::string uploader;    // as the uploader chose to be attributed (moderators: the person too)
    std::string at;
    std::string thread;      // the thread's title, or empty
    std::string link;        // the download address, absolute
};

class ReportWriter {
public:
    using Out = std::function<void(std::string_view)>;
    virtual ~ReportWriter() = default;

    virtual void begin(const ReportHeader& header) = 0;
    virtual void notes_begin(std::size_t count) = 0;
    virtual void note(const ReportNote& note) = 0;
    virtual void board_begin(std::size_t count) = 0;
    virtual void column(const std::string& title, std::size_t count) = 0;
    virtual void card(const ReportCard& card) = 0;
    virtual void threads_begin(std::size_t count) = 0;
    virtual void thread_begin(const ReportThread& thread) = 0;
    virtual void post(const ReportPost& post) = 0;
    virtual void thread_end(std::size_t posts) = 0;
    // The session's documents, newest first (bounded by the session's limits).
    virtual void documents(const std::vector<ReportDocument>& documents) = 0;
    virtual void end() = 0;
};

// format: "md" or "html".
std::unique_ptr<ReportWriter> make_markdown_report(ReportWriter::Out out);
std::unique_ptr<ReportWriter> make_html_report(ReportWriter::Out out);

}  // namespace kl::app
