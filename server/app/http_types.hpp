#pragma once
// HTTP requests and answers as the application sees them: plain values, no Beast, so
// that the API is testable without sockets. The network edge converts.
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace kl::app {

struct HttpRequest {
    std::string method;        // GET, POST, …
    std::string path;          // without the query
    std::string query;         // after '?', undecoded
    std::string cookie_token;  // value of the kl_session cookie, if any
    std::string origin;        // Origin header, if any
    std::string content_type;
    std::string body;
    std::string address;       // remote IP address, for rate limits and the audit log
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Set-Cookie
};

using Respond = std::function<void(HttpResponse)>;

}  // namespace kl::app
