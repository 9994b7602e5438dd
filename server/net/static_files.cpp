#include "server/net/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kl::net {

namespace {

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
        files_[relative] = {content_type_for(entry.path()), body.str()};
    }
}

const StaticFile* StaticFiles::find(const std::string& path) const {
    auto found = files_.find(path == "/" ? "/index.html" : path);
    if (found != files_.end()) return &found->second;
    // A client route like /sessions/12 has no extension in its last segment.
    auto last = path.substr(path.rfind('/') + 1);
    if (last.find('.') == std::string::npos) return &files_.at("/index.html");
    return nullptr;
}

}  // namespace kl::net
