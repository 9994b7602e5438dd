#pragma once
// The browser client: every file under web/ read into memory at start (it is small),
// served with the right content type. Paths without a file extension that are not
// files get index.html, so that the client's own routes (/login, /admin, …) load.
#include <optional>
#include <string>
#include <unordered_map>

namespace kl::net {

struct StaticFile {
    std::string content_type;
    std::string body;
};

class StaticFiles {
public:
    // Reads root recursively. Throws std::runtime_error when root has no index.html.
    explicit StaticFiles(const std::string& root);
    // The file for a request path, or nullopt (404).
    const StaticFile* find(const std::string& path) const;
    std::size_t size() const { return files_.size(); }

private:
    std::unordered_map<std::string, StaticFile> files_;
};

}  // namespace kl::net
