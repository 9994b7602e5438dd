#include "server/app/mail/mail_text.hpp"

#include "server/app/core/html_text.hpp"

namespace kl::app::mail {

namespace {

// The document's start and the paragraphs, in both parts.
void start_with(MailBody& body, const std::vector<std::string>& paragraphs) {
    body.html =
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Kennislab</title></head>\n"
        "<body style=\"font-family: sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36em\">\n";
    for (const auto& paragraph : paragraphs) {
        body.text += paragraph + "\n\n";
        body.html += "<p>" + escape_html(paragraph) + "</p>\n";
    }
}

void add_footer(MailBody& body, const std::string& footer) {
    body.text += "-- \n" + footer + "\n";
    body.html += "<p style=\"font-size: 0.85em; color: #555\">" + escape_html(footer) + "</p>\n</body></html>\n";
}

}  // namespace

MailBody compose_mail(const std::vector<std::string>& paragraphs, const std::string& link_label,
                      const std::string& link, const std::string& footer) {
    MailBody body;
    start_with(body, paragraphs);
    body.text += link_label + ":\n" + link + "\n\n";
    body.html += "<p><a href=\"" + escape_html(link) + "\">" + escape_html(link_label) + "</a></p>\n";
    body.html += "<p style=\"font-size: 0.9em\">Werkt de knop niet? Kopieer dan deze link: " + escape_html(link) +
                 "</p>\n";
    add_footer(body, footer);
    return body;
}

MailBody compose_list_mail(const std::vector<std::string>& paragraphs, const std::vector<MailItem>& items,
                           const std::string& footer) {
    MailBody body;
    start_with(body, paragraphs);
    body.html += "<ul>\n";
    for (const auto& item : items) {
        body.text += "- " + item.text + "\n  " + item.link + "\n\n";
        body.html += "<li><a href=\"" + escape_html(item.link) + "\">" + escape_html(item.text) + "</a></li>\n";
    }
    body.html += "</ul>\n";
    add_footer(body, footer);
    return body;
}

}  // namespace kl::app::mail
