// The session report as one self-contained HTML page: its styles inside, no script,
// no outside resources, so it opens and prints the same anywhere. Every user text is
// escaped and shown with its line breaks (white-space: pre-wrap); none is markup.
#include "server/app/report/report_writer.hpp"

namespace kl::app {

namespace {

std::string escaped(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': result += "&amp;"; break;
            case '<': result += "&lt;"; break;
            case '>': result += "&gt;"; break;
            case '"': result += "&quot;"; break;
            case '\'': result += "&#39;"; break;
            default: result += c;
        }
    }
    return result;
}

constexpr std::string_view style = R"css(
body { font: 11pt/1.5 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1d2733; max-width: 48rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #c9d3dd; padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .3rem; }
h4 { font-size: 1rem; margin: .8rem 0 .2rem; }
.meta { color: #536171; font-size: .9rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: .3rem 0 .6rem; }
.note, .card { border-left: 4px solid #4a7aa8; padding: .2rem .8rem; margin: .8rem 0; break-inside: avoid; }
.note.draft { border-left-color: #b07d1f; background: #fbf5e8; }
.post { border-top: 1px solid #e2e7ec; padding: .4rem 0; break-inside: avoid; }
.post.whisper { background: #f3eefa; padding: .4rem .6rem; }
.confidential { border: 1px solid #c9d3dd; padding: .4rem .8rem; font-size: .9rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } h3 { break-after: avoid; } }
)css";

class HtmlReport final : public ReportWriter {
public:
    explicit HtmlReport(Out out) : out_(std::move(out)) {}

    void begin(const ReportHeader& h) override {
        write("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        write(escaped(h.title) + " – verslag</title>\n<style>");
        write(std::string(style));
        write("</style>\n</head>\n<body>\n<header>\n<h1>" + escaped(h.title) + "</h1>\n");
        if (!h.period.empty() || h.archived)
            write("<p class=\"meta\">" + escaped(h.period) + (h.archived ? " · gearchiveerd" : "") + "</p>\n");
        if (!h.description.empty()) write("<p class=\"text\">" + escaped(h.description) + "</p>\n");
        if (!h.organisations.empty()) {
            write("<p><strong>Deelnemende organisaties:</strong> ");
            for (std::size_t i = 0; i < h.organisations.size(); ++i)
                write((i ? ", " : "") + escaped(h.organisations[i]));
            write("</p>\n");
        }
        write("<p class=\"confidential\">Verslag gemaakt voor " + escaped(h.made_for) + " op " + escaped(h.made_at) +
              ". Vertrouwelijk: alleen voor de leden van dit kennislab.</p>\n</header>\n");
    }

    void notes_begin(std::size_t count) override {
        write("<section>\n<h2>Aantekeningen</h2>\n");
        if (count == 0) write("<p>Er zijn geen vastgestelde aantekeningen.</p>\n");
    }

    void note(const ReportNote& n) override {
        write(std::string("<div class=\"note") + (n.draft ? " draft" : "") + "\">\n<h3>" + escaped(n.kind_label) +
              (n.draft ? " (concept)" : "") + "</h3>\n<p class=\"text\">" + escaped(n.text) + "</p>\n");
        if (n.owner || n.due) {
            write("<p class=\"meta\">");
            if (n.owner) write("Eigenaar: " + escaped(*n.owner));
            if (n.owner && n.due) write(" · ");
            if (n.due) write("Uiterlijk: " + escaped(*n.due));
            write("</p>\n");
        }
        write("</div>\n");
    }

    void board_begin(std::size_t count) override {
        write("</section>\n<section>\n<h2>Kennisbord</h2>\n");
        if (count == 0) write("<p>Het kennisbord is leeg.</p>\n");
    }

    void column(const std::string& title, std::size_t count) override {
        write("<h3>" + escaped(title) + "</h3>\n");
        if (count == 0) write("<p class=\"meta\">Geen kaarten.</p>\n");
    }

    void card(const ReportCard& c) override {
        write("<div class=\"card\">\n<h4>" + escaped(c.title) + "</h4>\n");
        if (!c.body.empty()) write("<p class=\"text\">" + escaped(c.body) + "</p>\n");
        if (!c.source.empty()) write("<p class=\"meta\">" + escaped(c.source) + "</p>\n");
        write("</div>\n");
    }

    void threads_begin(std::size_t count) override {
        write("</section>\n<section>\n<h2>Gesprekken</h2>\n");
        if (count == 0) write("<p>Er zijn geen gesprekken.</p>\n");
    }

    void thread_begin(const ReportThread& t) override {
        write("<article>\n<h3>" + escaped(t.title) + "</h3>\n<p class=\"meta\">" + escaped(t.kind_label) + " · " +
              escaped(t.status_label) + "</p>\n");
    }

    void post(const ReportPost& p) override {
        write(std::string("<div class=\"post") + (p.whisper ? " whisper" : "") + "\">\n<p class=\"meta\"><strong>" +
              escaped(p.author) + "</strong> · " + escaped(p.at) + (p.edited ? " · bewerkt" : "") +
              (p.whisper ? " · fluisternotitie (alleen moderatoren)" : "") + "</p>\n<p class=\"text\">" +
              escaped(p.body) + "</p>\n</div>\n");
    }

    void thread_end(std::size_t posts) override {
        if (posts == 0) write("<p class=\"meta\">Geen zichtbare berichten.</p>\n");
        write("</article>\n");
    }

    void documents(const std::vector<ReportDocument>& documents) override {
        write("</section>\n<section>\n<h2>Documenten</h2>\n");
        if (documents.empty()) return write("<p>Er zijn geen documenten.</p>\n");
        write("<ul class=\"documents\">\n");
        for (const auto& d : documents)
            write("<li><a href=\"" + escaped(d.link) + "\">" + escaped(d.name) + "</a> <span class=\"meta\">" +
                  escaped(d.type_label) + ", " + escaped(d.size) + " · " + escaped(d.uploader) + " · " + escaped(d.at) +
                  (d.thread.empty() ? "" : " · in " + escaped(d.thread)) + "</span></li>\n");
        write("</ul>\n");
    }

    void end() override { write("</section>\n</body>\n</html>\n"); }

private:
    void write(const std::string& text) { out_(text); }

    Out out_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_html_report(ReportWriter::Out out) {
    return std::make_unique<HtmlReport>(std::move(out));
}

}  // namespace kl::app
