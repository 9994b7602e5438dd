#include "http2_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace kl::test {

namespace {

std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// One header line ("name: value\r\n"); the status line and the blank line are skipped.
std::size_t collect_header(char* data, std::size_t size, std::size_t count, void* out) {
    std::string line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string::npos && line.rfind("HTTP/", 0) != 0) {
        auto name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        auto value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(0, 1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
        static_cast<HttpResult*>(out)->headers.emplace(name, value);
    }
    return size * count;
}

}  // namespace

Http2Client::Http2Client(std::uint16_t port, bool http1) : port_(port), curl_(curl_easy_init()) {
    if (!curl_) throw std::runtime_error("curl_easy_init failed");
    auto* curl = static_cast<CURL*>(curl_);
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, http1 ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_2TLS);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);  // the test server's certificate is self-signed
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
}

Http2Client::~Http2Client() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResult Http2Client::request(const std::string& method, const std::string& target, const std::string& body,
                                const HttpOptions& options) {
    auto* curl = static_cast<CURL*>(curl_);
    HttpResult result;
    auto url = "https://localhost:" + std::to_string(port_) + target;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    // Each request sets its method afresh: the handle remembers the last one's.
    if (method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        if (method != "GET") {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        }
    }
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method == "HEAD" || method == "GET" ? nullptr : method.c_str());
    curl_slist* headers = nullptr;
    if (!options.origin.empty()) headers = curl_slist_append(headers, ("Origin: " + options.origin).c_str());
    if (!options.cookie.empty()) headers = curl_slist_append(headers, ("Cookie: kl_session=" + options.cookie).c_str());
    if (!body.empty()) headers = curl_slist_append(headers, ("Content-Type: " + options.content_type).c_str());
    for (const auto& [name, value] : options.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &result);
    auto code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(code));
    long status = 0;
    long version = 0;
    long connects = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(curl, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    result.status = static_cast<int>(status);
    version_ = version == CURL_HTTP_VERSION_2_0 ? 2 : 11;
    connections_ += connects;
    return result;
}

}  // namespace kl::test
