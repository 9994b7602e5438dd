#include "server/app/mail/mime_message.hpp"

#include "server/app/core/crypto.hpp"

#include <ctime>

namespace kl::app::mail {

namespace {

constexpr const char* crlf = "\r\n";

void refuse_line_breaks(const std::string& value, const char* field) {
    if (value.find_first_of("\r\n") != std::string::npos || value.find('\0') != std::string::npos)
        throw MimeError(std::string("line break in mail header ") + field);
}

bool printable_ascii(const std::string& text) {
    for (unsigned char ch : text)
        if (ch < 0x20 || ch > 0x7e) return false;
    return true;
}

// Base64 in lines of 76 characters (RFC 2045 §6.8).
std::string base64_lines(const std::string& bytes) {
    auto encoded = base64_encode(bytes);
    std::string out;
    for (std::size_t at = 0; at < encoded.size(); at += 76) out += encoded.substr(at, 76) + crlf;
    return out;
}

std::string hex(const std::string& bytes, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < n && i < bytes.size(); ++i) {
        auto b = static_cast<unsigned char>(bytes[i]);
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

std::string part(const std::string& boundary, const char* type, const std::string& body) {
    return "--" + boundary + crlf + "Content-Type: " + type + "; charset=UTF-8" + crlf +
           "Content-Transfer-Encoding: base64" + crlf + crlf + base64_lines(body);
}

}  // namespace

bool is_plain_address(const std::string& address) {
    auto at = address.rfind('@');
    if (at == std::string::npos || at == 0 || at + 1 == address.size() || address.size() > 254) return false;
    for (unsigned char ch : address)
        if (ch <= 0x20 || ch >= 0x7f || ch == '<' || ch == '>' || ch == '"' || ch == ',' || ch == '(' ||
            ch == ')' || ch == ';' || ch == ':' || ch == '\\' || ch == '[' || ch == ']')
            return false;
    return address.find('@') == at;
}

std::string rfc5322_date(std::int64_t unix_seconds) {
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buffer;
}

std::string encode_header_text(const std::string& text) {
    if (printable_ascii(text)) return text;
    // "=?UTF-8?B?" + base64 + "?=" ≤ 75: at most 45 bytes of text per word (60 base64
    // characters), cut before a UTF-8 continuation byte, never inside a character.
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = std::min(text.size(), at + 45);
        while (end < text.size() && end > at && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64_encode(text.substr(at, end - at)) + "?=";
        at = end;
    }
    return out;
}

std::string build_mime_message(const MimeMail& mail) {
    refuse_line_breaks(mail.from_name, "From");
    refuse_line_breaks(mail.subject, "Subject");
    refuse_line_breaks(mail.message_id, "Message-ID");
    refuse_line_breaks(mail.unsubscribe_url, "List-Unsubscribe");
    if (!is_plain_address(mail.from)) throw MimeError("From is not one plain address");
    if (!is_plain_address(mail.to)) throw MimeError("To is not one plain address");
    if (mail.message_id.size() < 5 || mail.message_id.front() != '<' || mail.message_id.back() != '>' ||
        !printable_ascii(mail.message_id) || mail.message_id.find(' ') != std::string::npos)
        throw MimeError("Message-ID is not <id@host>");
    if (!printable_ascii(mail.unsubscribe_url) || mail.unsubscribe_url.find_first_of("<> ") != std::string::npos)
        throw MimeError("List-Unsubscribe is not a plain URL");
    // The boundary cannot occur in base64 (it holds '='), and follows from the Message-ID.
    auto boundary = "=_kl_" + hex(sha256(mail.message_id), 16);
    std::string from_name = printable_ascii(mail.from_name) && mail.from_name.find_first_of("\"\\") == std::string::npos
                                ? "\"" + mail.from_name + "\""
                                : encode_header_text(mail.from_name);
    std::string m;
    m += "From: " + from_name + " <" + mail.from + ">" + crlf;
    m += "To: <" + mail.to + ">" + crlf;
    m += "Subject: " + encode_header_text(mail.subject) + crlf;
    m += "Date: " + rfc5322_date(mail.date) + crlf;
    m += "Message-ID: " + mail.message_id + crlf;
    m += "MIME-Version: 1.0" + std::string(crlf);
    if (!mail.unsubscribe_url.empty()) m += "List-Unsubscribe: <" + mail.unsubscribe_url + ">" + crlf;
    // RFC 3834: a machine wrote it; auto-responders should not answer.
    m += "Auto-Submitted: auto-generated" + std::string(crlf);
    m += "Content-Language: nl" + std::string(crlf);
    m += "Content-Type: multipart/alternative;" + std::string(crlf) + " boundary=\"" + boundary + "\"" + crlf;
    m += crlf;
    m += part(boundary, "text/plain", mail.text);
    m += part(boundary, "text/html", mail.html);
    m += "--" + boundary + "--" + crlf;
    return m;
}

}  // namespace kl::app::mail
