#include "protocol/personal_data.hpp"

#include <array>
#include <optional>

namespace kl::protocol {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word(char c) { return is_digit(c) || is_letter(c); }

// The digits of a group pattern such as "ddd.ddd.ddd" matched at text[at], or nullopt.
// 'd' is a digit, 's' one separator (the separator must be the same throughout).
std::optional<std::string> match_grouped(std::string_view text, std::size_t at, std::string_view pattern) {
    std::string digits;
    char separator = 0;
    for (char expected : pattern) {
        if (at >= text.size()) return std::nullopt;
        char c = text[at++];
        if (expected == 'd') {
            if (!is_digit(c)) return std::nullopt;
            digits += c;
        } else {
            if (c != '.' && c != ' ') return std::nullopt;
            if (separator != 0 && c != separator) return std::nullopt;
            separator = c;
        }
    }
    if (at < text.size() && is_digit(text[at])) return std::nullopt;
    return digits;
}

bool has_bsn(std::string_view text) {
    static constexpr std::array<std::string_view, 3> patterns = {"ddddddddd", "dddsdddsddd", "ddddsddsddd"};
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (!is_digit(text[i]) || (i > 0 && (is_digit(text[i - 1]) || text[i - 1] == '.'))) continue;
        for (auto pattern : patterns)
            if (auto digits = match_grouped(text, i, pattern); digits && passes_elfproef(*digits)) return true;
    }
    return false;
}

// Collects the digits of a phone-number-like run starting at text[at]: digits with
// at most two separators (space, dash, dot, parentheses) between them, as in
// "(010) 123 4567". end is set just past the last digit.
std::string phone_digits(std::string_view text, std::size_t at, std::size_t& end) {
    std::string digits;
    int separators = 0;
    end = at;
    for (std::size_t i = at; i < text.size() && digits.size() <= 13; ++i) {
        char c = text[i];
        if (is_digit(c)) {
            digits += c;
            separators = 0;
            end = i + 1;
        } else if ((c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') && ++separators <= 2) {
            continue;
        } else {
            break;
        }
    }
    return digits;
}

bool has_phone(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (i > 0 && (is_word(text[i - 1]) || text[i - 1] == '+')) continue;
        std::size_t start = i + (c == '+' ? 1 : c == '(' ? 1 : 0);
        if (start >= text.size() || !is_digit(text[start])) continue;
        std::size_t end = 0;
        auto digits = phone_digits(text, start, end);
        if (end < text.size() && (is_word(text[end]) || text[end] == '@')) continue;
        bool plus = c == '+';
        if (plus && digits.size() == 11 && digits.starts_with("31") && digits[2] != '0') return true;
        if (!plus && digits.size() == 13 && digits.starts_with("0031") && digits[4] != '0') return true;
        if (!plus && digits.size() == 10 && digits[0] == '0' && digits[1] != '0') return true;
    }
    return false;
}

bool is_local_char(char c) {
    return is_word(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool is_domain_char(char c) { return is_word(c) || c == '.' || c == '-'; }

bool has_email(std::string_view text) {
    for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
        if (at == 0 || !is_local_char(text[at - 1])) continue;
        std::size_t end = at + 1;
        while (end < text.size() && is_domain_char(text[end])) ++end;
        auto domain = text.substr(at + 1, end - at - 1);
        while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) domain.remove_suffix(1);
        auto dot = domain.rfind('.');
        if (dot == std::string_view::npos || dot == 0) continue;
        auto tld = domain.substr(dot + 1);
        if (tld.size() < 2) continue;
        bool letters = true;
        for (char c : tld) letters = letters && is_letter(c);
        if (letters) return true;
    }
    return false;
}

bool has_postcode(std::string_view text) {
    for (std::size_t i = 0; i + 6 < text.size() + 1; ++i) {
        if (i > 0 && is_word(text[i - 1])) continue;
        std::size_t at = i;
        if (at + 4 > text.size() || text[at] < '1' || text[at] > '9') continue;
        bool digits = is_digit(text[at + 1]) && is_digit(text[at + 2]) && is_digit(text[at + 3]);
        if (!digits) continue;
        at += 4;
        if (at < text.size() && text[at] == ' ') ++at;
        if (at + 2 > text.size() || !is_letter(text[at]) || !is_letter(text[at + 1])) continue;
        at += 2;
        if (at < text.size() && is_letter(text[at])) continue;
        if (at < text.size() && (text[at] == ' ' || text[at] == ',')) ++at;
        if (at < text.size() && text[at] == ' ') ++at;
        if (at < text.size() && text[at] >= '1' && text[at] <= '9') return true;
    }
    return false;
}

}  // namespace

bool passes_elfproef(std::string_view nine_digits) {
    if (nine_digits.size() != 9) return false;
    int sum = 0;
    bool all_zero = true;
    for (std::size_t i = 0; i < 9; ++i) {
        char c = nine_digits[i];
        if (!is_digit(c)) return false;
        int digit = c - '0';
        all_zero = all_zero && digit == 0;
        sum += (i == 8 ? -1 : static_cast<int>(9 - i)) * digit;
    }
    return !all_zero && sum % 11 == 0;
}

std::vector<std::string> find_personal_data(std::string_view text) {
    std::vector<std::string> kinds;
    if (has_bsn(text)) kinds.emplace_back("bsn");
    if (has_phone(text)) kinds.emplace_back("phone");
    if (has_email(text)) kinds.emplace_back("email");
    if (has_postcode(text)) kinds.emplace_back("postcode");
    return kinds;
}

}  // namespace kl::protocol
