#pragma once
// Sends one message over SMTP with libcurl's easy interface: smtp:// with STARTTLS
// when the server offers it (CURLUSESSL_TRY), or smtps:// with TLS from the start;
// AUTH when a user is configured; certificates verified. Blocking: only the mail
// worker's own thread calls it.
#include <chrono>
#include <string>

namespace kl::app::mail {

struct SmtpSettings {
    std::string url;        // smtp://host:port or smtps://host:port
    std::string from;       // envelope sender and From
    std::string user;       // empty: no AUTH
    std::string password;   // read from --smtp-password-file; never logged
    std::string ca_file;    // empty: the system's trust store (tests name their own CA)
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds timeout{60};
};

enum class SendStatus { sent, temporary_failure, permanent_failure };

struct SendResult {
    SendStatus status = SendStatus::temporary_failure;
    std::string reason;  // short, for the outbox's last_error: never a body or a password
};

// Sends message (a whole RFC 5322 message, CRLF line ends) to recipient. A 5xx answer
// of the SMTP server (other than to AUTH, which is the configuration's fault and may
// be repaired) is permanent; everything else that fails (no connection, a timeout, a
// 4xx, TLS) is temporary.
SendResult send_smtp(const SmtpSettings& settings, const std::string& recipient, const std::string& message);

// Whether url is smtp://host[:port] or smtps://host[:port] (what --smtp takes).
bool is_smtp_url(const std::string& url);

}  // namespace kl::app::mail
