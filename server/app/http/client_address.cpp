#include "server/app/http/client_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>

namespace kl::app {

namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<std::string> canonical_address(std::string_view text) {
    // Longer than any IPv6 address in text (45 characters with an IPv4 tail). A NUL
    // would end inet_pton's C string early: "127.0.0.1\0…" is not an address.
    if (text.empty() || text.size() > 45 || text.find('\0') != std::string_view::npos) return std::nullopt;
    const std::string input(text);
    std::array<char, INET6_ADDRSTRLEN> out{};
    in_addr v4{};
    if (inet_pton(AF_INET, input.c_str(), &v4) == 1) return std::string(inet_ntop(AF_INET, &v4, out.data(), out.size()));
    in6_addr v6{};
    if (inet_pton(AF_INET6, input.c_str(), &v6) != 1) return std::nullopt;
    // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; they are one client.
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {
        std::memcpy(&v4, v6.s6_addr + 12, sizeof v4);
        return std::string(inet_ntop(AF_INET, &v4, out.data(), out.size()));
    }
    return std::string(inet_ntop(AF_INET6, &v6, out.data(), out.size()));
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& addresses) {
    for (const auto& address : addresses) {
        auto canonical = canonical_address(address);
        if (!canonical) throw std::invalid_argument("not an IP address: " + address);
        addresses_.push_back(std::move(*canonical));
    }
}

bool TrustedProxies::contains(std::string_view address) const {
    auto canonical = canonical_address(address);
    return canonical && std::find(addresses_.begin(), addresses_.end(), *canonical) != addresses_.end();
}

std::string TrustedProxies::client_address(const std::string& peer, std::string_view forwarded_for) const {
    if (addresses_.empty() || !contains(peer)) return peer;
    std::optional<std::string> leftmost;
    // Right to left: the nearest hop first.
    while (!trimmed(forwarded_for).empty()) {
        auto comma = forwarded_for.rfind(',');
        auto entry = trimmed(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
        forwarded_for = comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
        auto address = canonical_address(entry);
        if (!address) return peer;
        if (std::find(addresses_.begin(), addresses_.end(), *address) == addresses_.end()) return *address;
        leftmost = std::move(address);
    }
    return leftmost.value_or(peer);
}

}  // namespace kl::app
