// The session report as Markdown: readable as plain text, and rendered by any
// Markdown viewer. Every text that comes from a person (titles, names, organisations,
// bodies, notes) goes through markdown_text, so it is shown as typed and never
// becomes markup or HTML; the markup around it is the report's own.
#include "server/app/report/markdown_text.hpp"
#include "server/app/report/report_writer.hpp"

namespace kl::app {

namespace {

// Quotes text (already escaped) as a Markdown block quote, line by line.
std::string block_quote(std::string_view text) {
    std::string result = "> ";
    for (char c : text) {
        result += c;
        if (c == '\n') result += "> ";
    }
    return result;
}

// Shorter to read below.
std::string md(std::string_view text) { return markdown_text(text); }

// *text*: built with += because GCC 12 warns falsely (-Wstringop-overflow) about
// "*" + std::string in the Release build.
std::string emphasised(std::string_view text) {
    std::string out = "*";
    out += md(text);
    out += '*';
    return out;
}

class MarkdownReport final : public ReportWriter {
public:
    explicit MarkdownReport(Out out) : out_(std::move(out)) {}

    void begin(const ReportHeader& h) override {
        write("# " + md(h.title) + "\n\n");
        if (!h.period.empty()) write(emphasised(h.period) + (h.archived ? " · gearchiveerd" : "") + "\n\n");
        if (!h.description.empty()) write(md(h.description) + "\n\n");
        if (!h.organisations.empty()) {
            write("**Deelnemende organisaties:** ");
            for (std::size_t i = 0; i < h.organisations.size(); ++i) write((i ? ", " : "") + md(h.organisations[i]));
            write("\n\n");
        }
        write("Verslag gemaakt voor " + md(h.made_for) + " op " + md(h.made_at) +
              ". Vertrouwelijk: alleen voor de leden van dit kennislab.\n\n");
    }

    void notes_begin(std::size_t count) override {
        write("## Aantekeningen\n\n");
        if (count == 0) write("Er zijn geen vastgestelde aantekeningen.\n\n");
    }

    void note(const ReportNote& n) override {
        write("### " + md(n.kind_label) + (n.draft ? " (concept)" : "") + "\n\n" + md(n.text) + "\n\n");
        if (n.owner) write("- Eigenaar: " + md(*n.owner) + "\n");
        if (n.due) write("- Uiterlijk: " + md(*n.due) + "\n");
        if (n.owner || n.due) write("\n");
    }

    void board_begin(std::size_t count) override {
        write("## Kennisbord\n\n");
        if (count == 0) write("Het kennisbord is leeg.\n\n");
    }

    void column(const std::string& title, std::size_t count) override {
        write("### " + md(title) + "\n\n");
        if (count == 0) write("Geen kaarten.\n\n");
    }

    void card(const ReportCard& c) override {
        write("#### " + md(c.title) + "\n\n");
        if (!c.body.empty()) write(md(c.body) + "\n\n");
        if (!c.source.empty()) write(emphasised(c.source) + "\n\n");
    }

    void threads_begin(std::size_t count) override {
        write("## Gesprekken\n\n");
        if (count == 0) write("Er zijn geen gesprekken.\n\n");
    }

    void thread_begin(const ReportThread& t) override {
        write("### " + md(t.title) + "\n\n*" + md(t.kind_label) + " · " + md(t.status_label) + "*\n\n");
    }

    void post(const ReportPost& p) override {
        write("**" + md(p.author) + "** · " + md(p.at) + (p.edited ? " · bewerkt" : "") +
              (p.whisper ? " · fluisternotitie (alleen moderatoren)" : "") + "\n\n" + block_quote(md(p.body)) + "\n\n");
    }

    void thread_end(std::size_t posts) override {
        if (posts == 0) write("Geen zichtbare berichten.\n\n");
    }

    void documents(const std::vector<ReportDocument>& documents) override {
        write("## Documenten\n\n");
        if (documents.empty()) write("Er zijn geen documenten.\n\n");
        for (const auto& d : documents) {
            // The link's address is ours (origin and a numeric id): nothing to escape.
            write("- [" + md(d.name) + "](<" + d.link + ">) · " + md(d.type_label) + ", " + md(d.size) + " · " +
                  md(d.uploader) + " · " + md(d.at) + (d.thread.empty() ? "" : " · in " + md(d.thread)) + "\n");
        }
        if (!documents.empty()) write("\n");
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
