#include "server/net/module_graph.hpp"

#include <deque>
#include <unordered_set>

namespace kl::net {

namespace {

bool identifier_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The characters an import clause consists of: names, `* as x`, `{ a, b as c }`.
bool clause_char(char c) { return identifier_char(c) || space(c) || c == '*' || c == '{' || c == '}' || c == ','; }

// Reads the string literal that starts at source[at] (a quote) into out; false when
// there is none (or it holds escapes or a line break: no specifier of ours does).
bool read_literal(std::string_view source, std::size_t at, std::string& out) {
    if (at >= source.size() || (source[at] != '\'' && source[at] != '"')) return false;
    auto end = source.find(source[at], at + 1);
    if (end == std::string_view::npos) return false;
    auto text = source.substr(at + 1, end - at - 1);
    if (text.find('\n') != std::string_view::npos || text.find('\\') != std::string_view::npos) return false;
    out = std::string(text);
    return true;
}

std::size_t skip_spaces(std::string_view source, std::size_t at) {
    while (at < source.size() && space(source[at])) ++at;
    return at;
}

// The specifier of the import or export statement whose keyword ends at `at`, if any.
bool statement_specifier(std::string_view source, std::size_t at, bool is_import, std::string& out) {
    at = skip_spaces(source, at);
    if (at >= source.size()) return false;
    // import('…') loads when the code runs, not before: not part of the static graph.
    if (is_import && source[at] == '(') return false;
    if (is_import && read_literal(source, at, out)) return true;  // import './x.js' (for its effects)
    // `import a, { b } from '…'` / `export * from '…'`: the clause, then `from`.
    auto clause_start = at;
    while (at < source.size() && clause_char(source[at])) ++at;
    auto clause = source.substr(clause_start, at - clause_start);
    while (!clause.empty() && space(clause.back())) clause.remove_suffix(1);
    if (clause.size() < 4 || clause.substr(clause.size() - 4) != "from") return false;
    if (clause.size() > 4 && identifier_char(clause[clause.size() - 5])) return false;  // e.g. `xfrom`
    return read_literal(source, at, out);
}

}  // namespace

std::vector<std::string> import_specifiers(std::string_view source) {
    std::vector<std::string> found;
    std::size_t at = 0;
    while (at < source.size()) {
        if (source.compare(at, 2, "//") == 0) {
            at = source.find('\n', at);
            if (at == std::string_view::npos) break;
            continue;
        }
        if (source.compare(at, 2, "/*") == 0) {
            at = source.find("*/", at + 2);
            if (at == std::string_view::npos) break;
            at += 2;
            continue;
        }
        bool at_word_start = at == 0 || (!identifier_char(source[at - 1]) && source[at - 1] != '.');
        for (std::string_view keyword : {std::string_view("import"), std::string_view("export")}) {
            if (!at_word_start || source.compare(at, keyword.size(), keyword) != 0) continue;
            auto end = at + keyword.size();
            if (end < source.size() && identifier_char(source[end])) continue;
            std::string specifier;
            if (statement_specifier(source, end, keyword == "import", specifier)) found.push_back(specifier);
        }
        ++at;
    }
    return found;
}

std::string resolve_specifier(std::string_view importer, std::string_view specifier) {
    std::string joined;
    if (specifier.substr(0, 2) == "./" || specifier.substr(0, 3) == "../") {
        auto slash = importer.rfind('/');
        joined = std::string(importer.substr(0, slash + 1)) + std::string(specifier);
    } else if (specifier.substr(0, 1) == "/" && specifier.substr(0, 2) != "//") {
        joined = std::string(specifier);
    } else {
        return "";  // a bare name or a URL
    }
    joined = joined.substr(0, joined.find_first_of("?#"));
    // Normalise "." and ".." segments.
    std::vector<std::string> segments;
    std::size_t start = 1;
    while (start <= joined.size()) {
        auto slash = joined.find('/', start);
        auto segment = joined.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (segment == "..") {
            if (segments.empty()) return "";
            segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    std::string path;
    for (const auto& segment : segments) path += "/" + segment;
    return path;
}

std::vector<std::string> reachable_modules(const std::vector<std::string>& entries,
                                           const std::function<const std::string*(const std::string&)>& source) {
    std::vector<std::string> order;
    std::unordered_set<std::string> seen;
    std::deque<std::string> queue;
    for (const auto& entry : entries)
        if (seen.insert(entry).second) queue.push_back(entry);
    while (!queue.empty()) {
        auto path = queue.front();
        queue.pop_front();
        const auto* text = source(path);
        if (!text) continue;
        order.push_back(path);
        for (const auto& specifier : import_specifiers(*text)) {
            auto target = resolve_specifier(path, specifier);
            if (!target.empty() && seen.insert(target).second) queue.push_back(target);
        }
    }
    return order;
}

}  // namespace kl::net
