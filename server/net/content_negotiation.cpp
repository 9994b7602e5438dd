#include "server/net/content_negotiation.hpp"

#include <optional>
#include <string>

namespace kl::net {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// A qvalue ("0", "0.5", "1.000") in thousandths, or nullopt when it is not one.
std::optional<int> parse_qvalue(std::string_view text) {
    if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
    int whole = text[0] - '0';
    int thousandths = 0;
    if (text.size() > 1) {
        if (text[1] != '.' || text.size() > 5) return std::nullopt;
        int scale = 100;
        for (auto c : text.substr(2)) {
            if (c < '0' || c > '9') return std::nullopt;
            thousandths += (c - '0') * scale;
            scale /= 10;
        }
    }
    int value = whole * 1000 + thousandths;
    return value > 1000 ? std::nullopt : std::optional<int>(value);
}

// What the header says about each coding, in thousandths; nullopt: not listed.
struct Weights {
    std::optional<int> brotli, gzip, identity, any;
};

Weights parse(std::string_view header) {
    Weights weights;
    while (!header.empty()) {
        auto comma = header.find(',');
        auto item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        auto semicolon = item.find(';');
        auto coding = trim(item.substr(0, semicolon));
        std::optional<int> q = 1000;
        if (semicolon != std::string_view::npos) {
            auto parameter = trim(item.substr(semicolon + 1));
            if (parameter.size() < 2 || (parameter[0] != 'q' && parameter[0] != 'Q') || parameter[1] != '=') continue;
            q = parse_qvalue(trim(parameter.substr(2)));
            if (!q) continue;  // a malformed item says nothing
        }
        if (equals_ignoring_case(coding, "br")) weights.brotli = q;
        else if (equals_ignoring_case(coding, "gzip") || equals_ignoring_case(coding, "x-gzip")) weights.gzip = q;
        else if (equals_ignoring_case(coding, "identity")) weights.identity = q;
        else if (coding == "*") weights.any = q;
    }
    return weights;
}

}  // namespace

Encoding choose_encoding(std::string_view accept_encoding, bool gzip_available, bool brotli_available) {
    auto weights = parse(accept_encoding);
    auto weight_of = [&](const std::optional<int>& listed) { return listed ? *listed : weights.any.value_or(0); };
    // identity not listed (and no "*") is still acceptable, below every coding listed:
    // weight 0 here, and the answer when nothing else is.
    int identity = weights.identity ? *weights.identity : weights.any.value_or(0);
    int brotli = brotli_available ? weight_of(weights.brotli) : 0;
    int gzip = gzip_available ? weight_of(weights.gzip) : 0;
    if (brotli > 0 && brotli >= gzip && brotli >= identity) return Encoding::brotli;
    if (gzip > 0 && gzip >= identity) return Encoding::gzip;
    return Encoding::identity;
}

bool none_match_lists(std::string_view if_none_match, std::string_view etag) {
    if (trim(if_none_match) == "*") return true;
    while (!if_none_match.empty()) {
        auto comma = if_none_match.find(',');
        auto item = trim(if_none_match.substr(0, comma));
        if_none_match = comma == std::string_view::npos ? std::string_view() : if_none_match.substr(comma + 1);
        if (item.substr(0, 2) == "W/") item.remove_prefix(2);
        if (item == etag) return true;
    }
    return false;
}

}  // namespace kl::net
