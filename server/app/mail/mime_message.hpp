#pragma once
// One mail as an RFC 5322 message with MIME (RFC 2045–2047): From, To, Subject (an
// RFC 2047 encoded-word when it is not plain ASCII), Date, Message-ID, MIME-Version,
// List-Unsubscribe, and a multipart/alternative body with a text/plain and a text/html
// part, both UTF-8 in base64. The message depends only on its fields, so every attempt
// to send one mail sends the same bytes (the boundary comes from the Message-ID).
#include <cstdint>
#include <stdexcept>
#include <string>

namespace kl::app::mail {

// A field that would break the message (a CR or LF in a header, an address that is not
// one plain addr-spec): refused, never sent.
class MimeError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

struct MimeMail {
    std::string from_name = "Kennislab";  // shown beside from
    std::string from;                      // addr-spec, e.g. kennislab@ess.example
    std::string to;                        // addr-spec
    std::string subject;                   // UTF-8, one line
    std::string text;                      // text/plain part, UTF-8
    std::string html;                      // text/html part, UTF-8
    std::string message_id;                // "<…@…>"
    std::int64_t date = 0;                 // Unix seconds, shown as UTC
    std::string unsubscribe_url;           // https://…/settings page, for List-Unsubscribe
};

// The whole message with CRLF line ends. Throws MimeError on a field as above.
std::string build_mime_message(const MimeMail& mail);

// True for one plain addr-spec (local@domain, printable ASCII without spaces, quotes,
// angle brackets, commas or control characters): what From, To and --mail-from take.
bool is_plain_address(const std::string& address);

// "Sun, 06 Dec 2026 21:07:07 +0000" (RFC 5322 §3.3).
std::string rfc5322_date(std::int64_t unix_seconds);

// The Subject's value: as is when printable ASCII, else RFC 2047 encoded-words
// ("=?UTF-8?B?…?="), each at most 75 characters, split between whole UTF-8 characters
// and folded onto continuation lines.
std::string encode_header_text(const std::string& text);

}  // namespace kl::app::mail
