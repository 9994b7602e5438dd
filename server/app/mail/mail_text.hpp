#pragma once
// The text and HTML parts of a mail from the same few calm Dutch paragraphs and one
// link, so that both say the same. Text goes into the HTML escaped. Mails name who,
// which session and what happened, and link to it; callers never put post, card or
// note text in them.
#include <string>
#include <vector>

namespace kl::app::mail {

struct MailBody {
    std::string text;
    std::string html;
};

// paragraphs, then the link (with link_label as the HTML button text and on its own
// line in the text part), then footer (why the person gets this mail) in small print.
MailBody compose_mail(const std::vector<std::string>& paragraphs, const std::string& link_label,
                      const std::string& link, const std::string& footer);

// One line of a list mail: what it says, and where it links.
struct MailItem {
    std::string text;
    std::string link;
};
// paragraphs, then items as a list (each its text and, in the text part, its link on the
// next line), then footer in small print. For digests.
MailBody compose_list_mail(const std::vector<std::string>& paragraphs, const std::vector<MailItem>& items,
                           const std::string& footer);

}  // namespace kl::app::mail
