#pragma once
// HTTP requests and answers as the application sees them: plain values, no Beast, so
// that the API is testable without sockets. The network edge converts.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kl::app {

class SpoolFile;

struct HttpRequest {
    std::string method;        // GET, POST, …
    std::string path;          // without the query
    std::string query;         // after '?', undecoded
    std::string cookie_token;  // value of the kl_session cookie, if any
    std::string origin;        // Origin header, if any
    std::string content_type;
    std::string body;
    std::string address;       // the client's IP address (HttpApi::client_address), for rate limits and the audit log
    // An upload route's body (HttpRoutes::add_upload), spooled to a nameless file as it
    // arrived instead of into body; null for every other request.
    std::shared_ptr<SpoolFile> upload;
};

// A body produced piece by piece on another thread (the session report), so that it
// never sits in memory whole. The network edge sends it with chunked encoding.
class BodyStream {
public:
    // nullopt: production failed (the edge cuts the connection, so the download shows
    // as incomplete); an empty string: the end.
    using Ready = std::function<void(std::optional<std::string>)>;
    virtual ~BodyStream() = default;
    // Asks for the next piece; ready is called once, from any thread.
    virtual void next(Ready ready) = 0;
    // The client is gone: production stops.
    virtual void cancel() = 0;
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers, e.g. Set-Cookie
    std::shared_ptr<BodyStream> stream;  // when set, the body comes from here instead
};

using Respond = std::function<void(HttpResponse)>;

}  // namespace kl::app
