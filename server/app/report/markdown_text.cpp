#include "server/app/report/markdown_text.hpp"

#include <vector>

namespace kl::app {

namespace {

bool blank(char c) { return c == ' ' || c == '\t'; }

// The line without surrounding spaces and tabs.
std::string_view trimmed(std::string_view line) {
    while (!line.empty() && blank(line.front())) line.remove_prefix(1);
    while (!line.empty() && blank(line.back())) line.remove_suffix(1);
    return line;
}

// Appends one character with its inline escaping.
void put(std::string& out, char c) {
    switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '|': case '~': case '$':
            out += '\\';
            out += c;
            break;
        default: out += c;
    }
}

// Appends one (trimmed) line, escaped, with its line-start escaping.
void put_line(std::string& out, std::string_view line) {
    std::size_t i = 0;
    if (!line.empty() && (line[0] == '-' || line[0] == '+' || line[0] == '=')) {
        out += '\\';
    } else {
        // "12. " or "3) " would start an ordered list (CommonMark: at most 9 digits).
        std::size_t digits = 0;
        while (digits < line.size() && digits < 10 && line[digits] >= '0' && line[digits] <= '9') ++digits;
        if (digits > 0 && digits <= 9 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
            out.append(line.substr(0, digits));
            out += '\\';
            i = digits;
        }
    }
    for (; i < line.size(); ++i) put(out, line[i]);
}

}  // namespace

std::string markdown_text(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0;;) {
        auto end = text.find('\n', start);
        lines.push_back(trimmed(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        put_line(out, lines[i]);
        if (i + 1 == lines.size()) break;
        // Between two lines of text the break is kept; an empty line separates paragraphs.
        if (!lines[i].empty() && !lines[i + 1].empty()) out += '\\';
        out += '\n';
    }
    return out;
}

}  // namespace kl::app
