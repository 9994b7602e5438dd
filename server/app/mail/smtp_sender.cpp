#include "server/app/mail/smtp_sender.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>

namespace kl::app::mail {

namespace {

// curl_global_init once, before the first handle (it is not thread-safe in every build).
void init_curl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
    const std::string* message;
    std::size_t at = 0;
};

// libcurl asks for the message in pieces; it dot-stuffs and ends the DATA itself.
std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* data) {
    auto& upload = *static_cast<Upload*>(data);
    std::size_t n = std::min(size * count, upload.message->size() - upload.at);
    std::memcpy(buffer, upload.message->data() + upload.at, n);
    upload.at += n;
    return n;
}

}  // namespace

bool is_smtp_url(const std::string& url) {
    std::string rest;
    if (url.rfind("smtp://", 0) == 0) rest = url.substr(7);
    else if (url.rfind("smtps://", 0) == 0) rest = url.substr(8);
    else return false;
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
    if (rest.empty() || rest.find_first_of("/?#@ \r\n") != std::string::npos) return false;
    return true;
}

SendResult send_smtp(const SmtpSettings& settings, const std::string& recipient, const std::string& message) {
    init_curl();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) return {SendStatus::temporary_failure, "libcurl could not start"};
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> recipients(
        curl_slist_append(nullptr, ("<" + recipient + ">").c_str()), curl_slist_free_all);
    Upload upload{&message};
    char error[CURL_ERROR_SIZE] = {};
    auto from = "<" + settings.from + ">";
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, settings.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    // STARTTLS when the server offers it; smtps:// is TLS from the first byte anyway.
    curl_easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!settings.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, settings.ca_file.c_str());
    if (!settings.user.empty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, settings.user.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, settings.password.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout.count()));
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for timeouts: we are one thread of many
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error);
    auto code = curl_easy_perform(h);
    if (code == CURLE_OK) return {SendStatus::sent, ""};
    long smtp_code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtp_code);
    std::string reason = error[0] != '\0' ? error : curl_easy_strerror(code);
    if (reason.size() > 150) reason.resize(150);
    if (smtp_code != 0 && reason.find(std::to_string(smtp_code)) == std::string::npos)
        reason += " (" + std::to_string(smtp_code) + ")";
    bool permanent = smtp_code >= 500 && smtp_code < 600 && code != CURLE_LOGIN_DENIED;
    return {permanent ? SendStatus::permanent_failure : SendStatus::temporary_failure, reason};
}

}  // namespace kl::app::mail
