// The parts of HTTP handling that read header values and paths a stranger chose,
// without Beast or a socket: the Cookie header (server/app/http/cookies.hpp),
// X-Forwarded-For behind a trusted proxy (client_address.*), and the route table
// (http_routes.*) with the server's own patterns. The input is split at '\n' into
// the peer address, the X-Forwarded-For value, the Cookie header and the path, so
// the fuzzer can change each on its own.
#include "check.hpp"

#include "server/app/http/client_address.hpp"
#include "server/app/http/cookies.hpp"
#include "server/app/http/http_api.hpp"
#include "server/app/http/http_routes.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace kl::app;

// The routes the features register (grep 'routes.add'), each answering with nothing.
const HttpRoutes& server_routes() {
    static const HttpRoutes routes = [] {
        HttpRoutes r;
        const Route none = [](const HttpRequest&, const std::string&, Respond) {};
        for (const auto* pattern : {"/api/setup", "/api/me", "/api/activation/{}", "/api/invitations/{}",
                                    "/api/sessions/{}/export"})
            r.add("GET", pattern, none);
        for (const auto* pattern : {"/api/setup", "/api/login", "/api/logout", "/api/activation/{}",
                                    "/api/invitations/{}/accept"})
            r.add("POST", pattern, none);
        return r;
    }();
    return routes;
}

std::string_view next_part(std::string_view& input) {
    const auto newline = input.find('\n');
    const auto part = input.substr(0, newline);
    input = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
    return part;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string peer(next_part(input));
    const auto forwarded_for = next_part(input);
    const auto cookie_header = next_part(input);
    const std::string path(next_part(input));

    // canonical_address: only address characters are an address (inet_pton reads a
    // C string: "127.0.0.1\0…" must not pass for 127.0.0.1); a canonical form is its
    // own canonical form, and fits in INET6_ADDRSTRLEN.
    for (const auto text : {std::string_view(peer), forwarded_for}) {
        if (const auto canonical = canonical_address(text)) {
            for (const char c : text)
                KL_FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' ||
                              c == ':');
            KL_FUZZ_CHECK(!canonical->empty() && canonical->size() <= 45);
            KL_FUZZ_CHECK(canonical_address(*canonical) == canonical);
        }
    }

    // The client is the peer itself or an address in canonical form; from a peer that
    // is not a trusted proxy, always the peer.
    static const TrustedProxies proxies({"127.0.0.1", "::1", "10.0.0.2"});
    const auto client = proxies.client_address(peer, forwarded_for);
    if (!proxies.contains(peer)) KL_FUZZ_CHECK(client == peer);
    KL_FUZZ_CHECK(client == peer || canonical_address(client) == client);

    // The cookie's value is a part of the header and never runs into the next cookie.
    for (const auto name : {"kl_session", "a", ""}) {
        const auto value = cookie_value(cookie_header, name);
        KL_FUZZ_CHECK(value.find(';') == std::string::npos);
        if (!value.empty()) KL_FUZZ_CHECK(cookie_header.find(value) != std::string_view::npos);
    }

    // A matched parameter is one path segment.
    for (const auto* method : {"GET", "HEAD", "POST", "PUT"}) {
        HttpRequest request;
        request.method = method;
        request.path = path;
        std::string param;
        if (server_routes().match(request, param)) {
            KL_FUZZ_CHECK(HttpApi::handles(path));
            KL_FUZZ_CHECK(param.find('/') == std::string::npos);
        }
    }
    return 0;
}
