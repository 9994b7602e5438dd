#include "server/app/second_factor/recovery_codes.hpp"

#include "server/app/core/crypto.hpp"

#include <set>

namespace kl::app {

namespace {

constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyz234567";  // RFC 4648 base32, lower case
constexpr std::size_t code_chars = 16;                                     // 80 bits
constexpr std::size_t group_chars = 4;

// 10 random bytes as 16 base32 characters.
std::string random_code() {
    auto raw = random_bytes(code_chars * 5 / 8);
    std::string code;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char byte : raw) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            code += alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    return code;
}

std::string grouped(const std::string& code) {
    std::string out;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i > 0 && i % group_chars == 0) out += '-';
        out += code[i];
    }
    return out;
}

}  // namespace

std::vector<std::string> new_recovery_codes() {
    std::set<std::string> seen;
    std::vector<std::string> codes;
    while (codes.size() < static_cast<std::size_t>(recovery_code_count)) {
        auto code = random_code();
        if (seen.insert(code).second) codes.push_back(grouped(code));
    }
    return codes;
}

std::optional<std::string> normalise_recovery_code(std::string_view text) {
    if (text.size() > max_recovery_code_chars) return std::nullopt;
    std::string code;
    for (char c : text) {
        if (c == '-' || c == ' ') continue;
        char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (alphabet.find(lower) == std::string_view::npos) return std::nullopt;
        code += lower;
    }
    if (code.size() != code_chars) return std::nullopt;
    return code;
}

std::string recovery_code_hash(std::string_view normalised) { return token_hash(normalised); }

}  // namespace kl::app
