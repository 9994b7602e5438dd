#include "server/net/static_files.hpp"

#include "server/app/core/crypto.hpp"
#include "server/net/compression.hpp"
#include "server/net/content_negotiation.hpp"
#include "server/net/module_graph.hpp"
#include "server/net/script_json.hpp"
#include "server/net/security_headers.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace kl::net {

namespace {

constexpr std::string_view shell_path = "/index.html";
constexpr std::string_view routes_path = "/routes.json";
constexpr std::string_view immutable = "public, max-age=31536000, immutable";
constexpr std::string_view revalidate = "no-cache";

std::string content_type_for(const std::filesystem::path& file) {
    static const std::unordered_map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},           {".svg", "image/svg+xml"},
        {".png", "image/png"},                   {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},                {".txt", "text/plain; charset=utf-8"},
    };
    auto found = types.find(file.extension().string());
    return found == types.end() ? "application/octet-stream" : found->second;
}

bool is_text(const std::string& content_type) {
    return content_type.rfind("text/", 0) == 0 || content_type == "application/json" || content_type == "image/svg+xml";
}

bool is_module(const std::string& path) {
    return path.size() > 3 && (path.ends_with(".js") || path.ends_with(".mjs"));
}

// 96 bits of the content's SHA-256: unique enough to name a version, short in a URL.
std::string version_of(std::string_view body) { return app::base64url_encode(app::sha256(body).substr(0, 12)); }

// The file's body, version, ETags and (for text) its compressed encodings.
void seal(StaticFile& file, std::string body) {
    file.version = version_of(body);
    file.identity = {std::move(body), "\"" + file.version + "\""};
    file.gzip.reset();
    file.brotli.reset();
    if (!is_text(file.content_type)) return;
    const auto& plain = file.identity.body;
    if (auto gz = gzip_compress(plain); gz && gz->size() < plain.size())
        file.gzip = Representation{std::move(*gz), "\"" + file.version + "-gz\""};
    if (auto br = brotli_compress(plain); br && br->size() < plain.size())
        file.brotli = Representation{std::move(*br), "\"" + file.version + "-br\""};
}

// The contents of the <script> elements without attributes in html.
std::vector<std::string> inline_scripts(const std::string& html) {
    std::vector<std::string> scripts;
    constexpr std::string_view open = "<script>", close = "</script>";
    for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at)) {
        auto start = at + open.size();
        auto end = html.find(close, start);
        if (end == std::string::npos) break;
        scripts.push_back(html.substr(start, end - start));
        at = end + close.size();
    }
    return scripts;
}

std::string_view shared_policy() {
    for (const auto& [name, value] : security_headers)
        if (name == "Content-Security-Policy") return value;
    return {};
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
    namespace fs = std::filesystem;
    if (!fs::exists(fs::path(root) / "index.html")) throw std::runtime_error("no index.html in web root " + root);
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        // Appended, not "/" + …: GCC 12 warns falsely (-Wstringop-overflow) on the latter.
        std::string relative = "/";
        relative += fs::relative(entry.path(), root).generic_string();
        auto& file = files_[relative];
        file.content_type = content_type_for(entry.path());
        seal(file, body.str());
    }
    if (auto found = files_.find(std::string(routes_path)); found != files_.end())
        routes_.emplace(found->second.identity.body);
    // Last: the shells refer to every other file by its version.
    build_shells(std::string(files_.at(std::string(shell_path)).identity.body));  // a copy: the shell replaces it
}

// A shell is index.html with: every src/href that names one of our files pointed at
// its versioned URL; before the first script, an import map from each module's path to
// its versioned URL, the route table (for main.js) and a modulepreload for every module
// the entry scripts and the page reach. The import map is inline, so the shell's CSP
// allows exactly its hash. One shell per page; index.html itself is the not-found one.
void StaticFiles::build_shells(const std::string& source) {
    std::string html;
    std::vector<std::string> entries;
    std::size_t at = 0;
    while (true) {
        auto src = source.find(" src=\"", at);
        auto href = source.find(" href=\"", at);
        auto attribute = std::min(src, href);
        if (attribute == std::string::npos) break;
        auto value_start = source.find('"', attribute) + 1;
        auto value_end = source.find('"', value_start);
        if (value_end == std::string::npos) break;
        auto value = source.substr(value_start, value_end - value_start);
        html.append(source, at, value_start - at);
        auto found = files_.find(value);
        if (found != files_.end() && value != shell_path) {
            html += versioned_url(value);
            if (attribute == src && is_module(value)) entries.push_back(value);
        } else {
            html += value;
        }
        at = value_end;
    }
    html.append(source, at);

    nlohmann::json imports = nlohmann::json::object();
    std::map<std::string, std::string> sorted;  // a stable shell for the same files
    for (const auto& [path, file] : files_)
        if (is_module(path)) sorted[path] = versioned_url(path);
    for (const auto& [path, url] : sorted) imports[path] = url;
    auto import_map = nlohmann::json{{"imports", imports}}.dump();
    std::string common = "<script type=\"importmap\">" + import_map + "</script>\n  ";
    if (routes_)
        common += "<script type=\"application/json\" id=\"kl-routes\">" + json_for_script(routes_->json()) +
                  "</script>\n  ";
    auto insert_at = html.find("<script");
    if (insert_at == std::string::npos) insert_at = html.find("</head>");
    if (insert_at == std::string::npos) insert_at = 0;

    auto source_of = [this](const std::string& path) -> const std::string* {
        auto found = files_.find(path);
        return found == files_.end() || !is_module(path) ? nullptr : &found->second.identity.body;
    };
    auto shell_with = [&](const std::string& page) {
        auto wanted = entries;
        if (!page.empty()) wanted.push_back(page);
        std::string block = common;
        for (const auto& path : reachable_modules(wanted, source_of)) {
            if (std::find(entries.begin(), entries.end(), path) != entries.end()) continue;  // its script loads it
            block += "<link rel=\"modulepreload\" href=\"" + versioned_url(path) + "\">\n  ";
        }
        StaticFile file;
        file.content_type = files_.at(std::string(shell_path)).content_type;
        file.shell = true;
        std::string shell = html;
        shell.insert(insert_at, block);
        seal(file, std::move(shell));
        return file;
    };
    if (routes_) {
        for (const auto& page : routes_->pages()) {
            if (!files_.contains(page)) throw std::runtime_error("routes.json names a page that is not a file: " + page);
            shells_.emplace(page, shell_with(page));
        }
        files_[std::string(shell_path)] = shells_.at(routes_->match(std::string(shell_path)).page);
    } else {
        files_[std::string(shell_path)] = shell_with("");
    }

    // The import map and the shell's own inline scripts (index.html's early socket)
    // are allowed by their hashes, and nothing else inline.
    std::string hashes = " 'sha256-" + app::base64_encode(app::sha256(import_map)) + "'";
    for (const auto& script : inline_scripts(source)) hashes += " 'sha256-" + app::base64_encode(app::sha256(script)) + "'";
    std::string policy(shared_policy());
    auto script_src = policy.find("script-src 'self'");
    if (script_src == std::string::npos) throw std::runtime_error("the Content-Security-Policy has no script-src 'self'");
    policy.insert(script_src + std::string_view("script-src 'self'").size(), hashes);
    shell_policy_ = std::move(policy);
}

const StaticFile& StaticFiles::shell_for(const std::string& path) const {
    if (!routes_) return files_.at(std::string(shell_path));
    return shells_.at(routes_->match(path).page);
}

std::string StaticFiles::versioned_url(const std::string& path) const {
    auto found = files_.find(path);
    return found == files_.end() ? path : path + "?v=" + found->second.version;
}

const StaticFile* StaticFiles::find(const std::string& path) const {
    if (path == "/") return &shell_for(path);
    auto found = files_.find(path);
    if (found != files_.end()) return &found->second;
    // A client route like /sessions/12 has no extension in its last segment.
    auto last = path.substr(path.rfind('/') + 1);
    if (last.find('.') == std::string::npos) return &shell_for(path);
    return nullptr;
}

StaticAnswer StaticFiles::answer(const std::string& path, std::string_view query, std::string_view accept_encoding,
                                 std::string_view if_none_match) const {
    StaticAnswer answer;
    const auto* file = find(path);
    if (!file) return answer;
    answer.file = file;
    answer.vary = file->gzip || file->brotli;
    switch (choose_encoding(accept_encoding, file->gzip.has_value(), file->brotli.has_value())) {
        case Encoding::brotli:
            answer.representation = &*file->brotli;
            answer.content_encoding = "br";
            break;
        case Encoding::gzip:
            answer.representation = &*file->gzip;
            answer.content_encoding = "gzip";
            break;
        case Encoding::identity:
            answer.representation = &file->identity;
            break;
    }
    // Only the current version's URL may be kept without asking: an old ?v= (a page
    // open since before a restart) gets today's file, to be revalidated.
    bool current = !file->shell && query == "v=" + file->version;
    answer.cache_control = current ? immutable : revalidate;
    answer.status = !if_none_match.empty() && none_match_lists(if_none_match, answer.representation->etag) ? 304 : 200;
    return answer;
}

}  // namespace kl::net
