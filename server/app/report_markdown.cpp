// The session report as Markdown: readable as plain text, and rendered by any
// Markdown viewer. User text is written as it was typed (posts use a Markdown-like
// markup already); only line starts that would turn into headings are escaped.
#include "server/app/report_writer.hpp"

namespace kl::app {

namespace {

// Quotes text as a Markdown block quote, line by line.
std::string block_quote(std::string_view text) {
    std::string result = "> ";
    for (char c : text) {
        result += c;
        if (c == '\n') result += "> ";
    }
    return result;
}

// Text as a paragraph; a line starting with '#' would become a heading.
std::string paragraph(std::string_view text) {
    std::string result;
    bool line_start = true;
    for (char c : text) {
        if (line_start && c == '#') result += '\\';
        result += c;
        line_start = c == '\n';
    }
    return result;
}

class MarkdownReport final : public ReportWriter {
public:
    explicit MarkdownReport(Out out) : out_(std::move(out)) {}

    void begin(const ReportHeader& h) override {
        write("# " + h.title + "\n\n");
        if (!h.period.empty()) write("*" + h.period + "*" + (h.archived ? " · gearchiveerd" : "") + "\n\n");
        if (!h.description.empty()) write(paragraph(h.description) + "\n\n");
        if (!h.organisations.empty()) {
            write("**Deelnemende organisaties:** ");
            for (std::size_t i = 0; i < h.organisations.size(); ++i) write((i ? ", " : "") + h.organisations[i]);
            write("\n\n");
        }
        write("Verslag gemaakt voor " + h.made_for + " op " + h.made_at +
              ". Vertrouwelijk: alleen voor de leden van dit kennislab.\n\n");
    }

    void notes_begin(std::size_t count) override {
        write("## Aantekeningen\n\n");
        if (count == 0) write("Er zijn geen vastgestelde aantekeningen.\n\n");
    }

    void note(const ReportNote& n) override {
        write("### " + n.kind_label + (n.draft ? " (concept)" : "") + "\n\n" + paragraph(n.text) + "\n\n");
        if (n.owner) write("- Eigenaar: " + *n.owner + "\n");
        if (n.due) write("- Uiterlijk: " + *n.due + "\n");
        if (n.owner || n.due) write("\n");
    }

    void board_begin(std::size_t count) override {
        write("## Kennisbord\n\n");
        if (count == 0) write("Het kennisbord is leeg.\n\n");
    }

    void column(const std::string& title, std::size_t count) override {
        write("### " + title + "\n\n");
        if (count == 0) write("Geen kaarten.\n\n");
    }

    void card(const ReportCard& c) override {
        write("#### " + c.title + "\n\n");
        if (!c.body.empty()) write(paragraph(c.body) + "\n\n");
        if (!c.source.empty()) write("*" + c.source + "*\n\n");
    }

    void threads_begin(std::size_t count) override {
        write("## Gesprekken\n\n");
        if (count == 0) write("Er zijn geen gesprekken.\n\n");
    }

    void thread_begin(const ReportThread& t) override {
        write("### " + t.title + "\n\n*" + t.kind_label + " · " + t.status_label + "*\n\n");
    }

    void post(const ReportPost& p) override {
        write("**" + p.author + "** · " + p.at + (p.edited ? " · bewerkt" : "") +
              (p.whisper ? " · fluisternotitie (alleen moderatoren)" : "") + "\n\n" + block_quote(p.body) + "\n\n");
    }

    void thread_end(std::size_t posts) override {
        if (posts == 0) write("Geen zichtbare berichten.\n\n");
    }

    void end() override {}

private:
    void write(const std::string& text) { out_(text); }

    Out out_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_markdown_report(ReportWriter::Out out) {
    return std::make_unique<MarkdownReport>(std::move(out));
}

}  // namespace kl::app
