#pragma once
// A real SMTP server for the mail tests: tests/support/smtp_sink.py (Debian's
// python3-aiosmtpd, run with /usr/bin/python3) as a child process on a free loopback
// port, writing every message it accepts to a folder. The folder outlives the sink, so
// a test may stop it and start another on the same folder (and port).
#include "bench/child_process.hpp"
#include "server/app/core/config.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kl::test {

struct ReceivedMail {
    std::string raw;            // the message as received
    nlohmann::json envelope;    // mail_from, rcpt_tos, tls

    // The header's value (unfolded), or "" when it is absent.
    std::string header(const std::string& name) const;
    // The header's value with RFC 2047 encoded-words (=?UTF-8?B?…?=) decoded.
    std::string decoded_header(const std::string& name) const;
    // The decoded body of the part whose Content-Type starts with type ("text/plain").
    std::string part(const std::string& type) const;
};

class SmtpSink {
public:
    // port 0: a free one. extra: more arguments for smtp_sink.py (--starttls CERT KEY, --reject-rcpt 550).
    explicit SmtpSink(std::filesystem::path dir, std::uint16_t port = 0, std::vector<std::string> extra = {});
    ~SmtpSink();

    std::uint16_t port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    void stop();

    // What the folder holds now, in the order received.
    std::vector<ReceivedMail> received() const;
    // Waits until the folder holds at least n messages (or the deadline passes) and returns them.
    std::vector<ReceivedMail> wait_for(std::size_t n, std::chrono::seconds deadline = std::chrono::seconds(30)) const;

private:
    std::filesystem::path dir_;
    std::unique_ptr<bench::ChildProcess> process_;
    std::uint16_t port_ = 0;
};

// A fresh temporary folder, removed when it goes.
class TempFolder {
public:
    TempFolder();
    ~TempFolder();
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// The SMTP server, started before the Kennislab server that is pointed at it (derive
// from it before ServerTest).
struct SinkHolder {
    TempFolder folder;
    std::filesystem::path mails = folder.path() / "mails";
    SmtpSink sink;
    explicit SinkHolder(std::vector<std::string> extra = {}) : sink(mails, 0, std::move(extra)) {}
};

inline constexpr const char* mail_from = "kennislab@ess.example";

// Points config at the sink (retries after a second).
inline void configure_mail(app::ServerConfig& config, const std::string& url) {
    config.smtp_url = url;
    config.mail_from = mail_from;
    config.mail_retry_first_seconds = 1;
}

// Polls done until it is true or the deadline passes; returns its last answer.
bool eventually(const std::function<bool()>& done, std::chrono::seconds deadline = std::chrono::seconds(30));

}  // namespace kl::test
