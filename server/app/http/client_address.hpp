#pragma once
// Who the client of an HTTP request is. Normally the TCP peer; behind a TLS-terminating
// proxy (`kennislab serve --trusted-proxy ADDR`) every peer is the proxy, and the
// client is what the proxy wrote into X-Forwarded-For. Only a trusted peer may say so:
// anyone else could name any address and slip past the limits per address.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kl::app {

// The canonical text of an IPv4 or IPv6 address ("2001:db8::1", an IPv4-mapped IPv6
// address as plain IPv4), or nullopt when text is not exactly one address (no port,
// no brackets, no name).
std::optional<std::string> canonical_address(std::string_view text);

class TrustedProxies {
public:
    // addresses: as given to --trusted-proxy. Throws std::invalid_argument for one that
    // is not an IP address.
    explicit TrustedProxies(const std::vector<std::string>& addresses);

    bool contains(std::string_view address) const;

    // The client address of a request from peer with the given X-Forwarded-For (all of
    // its header lines joined with commas, in order; empty when absent). From a peer
    // that is not trusted, the peer. From a trusted one, the right-most address of the
    // header that is not itself a trusted proxy (each proxy appends the peer it saw, so
    // everything left of that was written by the client and proves nothing); the
    // peer when the header is absent or that entry is malformed; the left-most entry
    // when every entry is a trusted proxy.
    std::string client_address(const std::string& peer, std::string_view forwarded_for) const;

private:
    std::vector<std::string> addresses_;  // canonical
};

}  // namespace kl::app
