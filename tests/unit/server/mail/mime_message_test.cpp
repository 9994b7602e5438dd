#include "server/app/core/crypto.hpp"
#include "server/app/mail/mail_text.hpp"
#include "server/app/mail/mime_message.hpp"

#include <gtest/gtest.h>

using namespace kl::app::mail;

namespace {

MimeMail sample() {
    MimeMail m;
    m.from = "kennislab@ess.example";
    m.to = "anna@gemeente.example";
    m.subject = "Je account bij Kennislab";
    m.text = "Hallo Anna,\nopen de link.\n";
    m.html = "<p>Hallo Anna,</p>";
    m.message_id = "<abc123@ess.example>";
    m.date = 1'796'591'227;  // 2026-12-06T21:07:07Z
    m.unsubscribe_url = "https://kennislab.example/instellingen";
    return m;
}

std::string header(const std::string& message, const std::string& name) {
    auto at = message.find("\r\n" + name + ": ");
    if (message.rfind(name + ": ", 0) == 0) at = 0;
    else if (at == std::string::npos) return "";
    else at += 2;
    auto start = at + name.size() + 2;
    auto end = message.find("\r\n", start);
    // Folded continuation lines belong to the header.
    while (end != std::string::npos && end + 2 < message.size() && message[end + 2] == ' ')
        end = message.find("\r\n", end + 2);
    return message.substr(start, end - start);
}

// The decoded body of the part with this content type.
std::string part_body(const std::string& message, const std::string& type) {
    auto at = message.find("Content-Type: " + type);
    if (at == std::string::npos) return "";
    auto start = message.find("\r\n\r\n", at) + 4;
    auto end = message.find("\r\n--", start);
    std::string b64;
    for (auto ch : message.substr(start, end - start))
        if (ch != '\r' && ch != '\n') b64 += ch;
    return kl::app::base64_decode(b64).value_or("<bad base64>");
}

TEST(MimeMessage, HasTheHeadersAndBothParts) {
    auto m = build_mime_message(sample());
    EXPECT_EQ(header(m, "From"), "\"Kennislab\" <kennislab@ess.example>");
    EXPECT_EQ(header(m, "To"), "<anna@gemeente.example>");
    EXPECT_EQ(header(m, "Subject"), "Je account bij Kennislab");
    EXPECT_EQ(header(m, "Date"), "Sun, 06 Dec 2026 21:07:07 +0000");
    EXPECT_EQ(header(m, "Message-ID"), "<abc123@ess.example>");
    EXPECT_EQ(header(m, "MIME-Version"), "1.0");
    EXPECT_EQ(header(m, "List-Unsubscribe"), "<https://kennislab.example/instellingen>");
    EXPECT_EQ(header(m, "Content-Type").rfind("multipart/alternative;", 0), 0u);
    EXPECT_NE(header(m, "Content-Type").find(" boundary=\"=_kl_"), std::string::npos);
    EXPECT_EQ(part_body(m, "text/plain; charset=UTF-8"), "Hallo Anna,\nopen de link.\n");
    EXPECT_EQ(part_body(m, "text/html; charset=UTF-8"), "<p>Hallo Anna,</p>");
    // Every line ends in CRLF and none is longer than 78 characters.
    std::size_t start = 0;
    for (auto end = m.find('\n'); end != std::string::npos; start = end + 1, end = m.find('\n', start)) {
        ASSERT_GT(end, start);
        EXPECT_EQ(m[end - 1], '\r');
        EXPECT_LE(end - 1 - start, 78u);
    }
}

TEST(MimeMessage, TheSameMailGivesTheSameBytes) {
    EXPECT_EQ(build_mime_message(sample()), build_mime_message(sample()));
}

TEST(MimeMessage, EncodesANonAsciiSubjectAsEncodedWordsOnWholeCharacters) {
    auto m = sample();
    m.subject = "Uitnodiging voor “Kennislab Polarisatie” — één sessie over café’s en ruimtelijke ordening";
    auto value = header(build_mime_message(m), "Subject");
    std::string decoded;
    std::size_t at = 0;
    while ((at = value.find("=?UTF-8?B?", at)) != std::string::npos) {
        auto end = value.find("?=", at + 10);
        auto word = value.substr(at, end + 2 - at);
        EXPECT_LE(word.size(), 75u);
        auto bytes = kl::app::base64_decode(value.substr(at + 10, end - at - 10));
        ASSERT_TRUE(bytes);
        // Each word on its own is whole UTF-8: it never starts with a continuation byte.
        ASSERT_FALSE(bytes->empty());
        EXPECT_NE(static_cast<unsigned char>((*bytes)[0]) & 0xC0, 0x80);
        decoded += *bytes;
        at = end + 2;
    }
    EXPECT_EQ(decoded, m.subject);
}

TEST(MimeMessage, RefusesLineBreaksInAnyHeader) {
    for (auto edit : std::vector<void (*)(MimeMail&)>{
             [](MimeMail& m) { m.subject = "Hallo\r\nBcc: iedereen@example.org"; },
             [](MimeMail& m) { m.subject = "Hallo\nBcc: x@example.org"; },
             [](MimeMail& m) { m.from_name = "Kennislab\r\nBcc: x@example.org"; },
             [](MimeMail& m) { m.to = "anna@gemeente.example\r\nBcc: x@example.org"; },
             [](MimeMail& m) { m.from = "a@b.example\nX: y"; },
             [](MimeMail& m) { m.message_id = "<a@b>\r\nX: y"; },
             [](MimeMail& m) { m.unsubscribe_url = "https://x.example/\r\nX: y"; },
         }) {
        auto m = sample();
        edit(m);
        EXPECT_THROW(build_mime_message(m), MimeError);
    }
}

TEST(MimeMessage, TakesOnlyOnePlainAddress) {
    EXPECT_TRUE(is_plain_address("anna.de-vries+lab@gemeente.example"));
    EXPECT_FALSE(is_plain_address("anna@gemeente.example, bram@gemeente.example"));
    EXPECT_FALSE(is_plain_address("Anna <anna@gemeente.example>"));
    EXPECT_FALSE(is_plain_address("anna"));
    EXPECT_FALSE(is_plain_address("@gemeente.example"));
    EXPECT_FALSE(is_plain_address("anna@"));
    EXPECT_FALSE(is_plain_address("an na@gemeente.example"));
    EXPECT_FALSE(is_plain_address("a@b@c.example"));
}

TEST(MimeMessage, DateIsInRfc5322Form) {
    EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
    EXPECT_EQ(rfc5322_date(951'782'400), "Tue, 29 Feb 2000 00:00:00 +0000");
}

}  // namespace

TEST(MailText, BothPartsSayTheSameAndTheHtmlEscapesEverything) {
    auto body = kl::app::mail::compose_mail({"Sessie “<b>Noord</b> & Zuid”"}, "Bekijk", "https://x.example/a?b=1&c=\"2\"",
                                            "Waarom je dit krijgt.");
    EXPECT_NE(body.text.find("Sessie “<b>Noord</b> & Zuid”"), std::string::npos);
    EXPECT_NE(body.text.find("https://x.example/a?b=1&c=\"2\""), std::string::npos);
    EXPECT_EQ(body.html.find("<b>"), std::string::npos);
    EXPECT_NE(body.html.find("&lt;b&gt;Noord&lt;/b&gt; &amp; Zuid"), std::string::npos);
    EXPECT_NE(body.html.find("href=\"https://x.example/a?b=1&amp;c=&quot;2&quot;\""), std::string::npos);
    EXPECT_NE(body.html.find("Waarom je dit krijgt."), std::string::npos);
}
