#pragma once
// The browser client: every file under web/ read into memory at start (it is small),
// served with the right content type. Paths without a file extension that are not
// files get index.html (the "shell"), so that the client's own routes (/login,
// /admin, …) load.
//
// Made for loading in few round trips, computed here when the server loads web/ (no
// build step): each file has a content hash, its version. The shell refers to every
// file by a versioned URL ("/js/main.js?v=<version>"), through its src/href attributes
// and an import map for the modules (a relative `import './x.js'` resolves to
// "/js/x.js" without the query, and the import map maps that to its versioned URL),
// and announces the modules the page of the request's route needs with
// <link rel="modulepreload">: what the entry (main.js) imports, and the route's page
// module with what it imports (web/routes.json, client_routes.hpp; one shell per
// page, so no page fetches and evaluates the others; main.js imports the page). A
// versioned URL is cached for a year ("immutable"): a changed file gets a new URL in a
// new shell. The shell, and any file asked for without its current version, is
// "no-cache", revalidated by its strong ETag (304). Text files are compressed once
// here, with brotli and gzip, each encoding with its own ETag.
//
// Only these files are ever compressed, never /api/* answers: those carry secrets
// (tokens, personal data) next to text an attacker may choose, and compression would
// leak the secrets through the answer's length (BREACH).
#include "server/net/client_routes.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kl::net {

// One encoding of a file.
struct Representation {
    std::string body;
    std::string etag;  // strong: "<version>" for identity, "<version>-br" / "<version>-gz"
};

struct StaticFile {
    std::string content_type;
    std::string version;  // content hash (base64url), the ?v= of the file's versioned URL
    Representation identity;
    std::optional<Representation> gzip;    // text files, when smaller
    std::optional<Representation> brotli;  // text files, when smaller
    bool shell = false;                    // index.html, for one route's page
};

// What a GET or HEAD for a static path gets.
struct StaticAnswer {
    int status = 404;                                // 200, 304 or 404
    const Representation* representation = nullptr; // 200 and 304
    const StaticFile* file = nullptr;                // 200 and 304
    std::string_view cache_control;
    std::string_view content_encoding;  // "" for identity
    bool vary = false;                  // Vary: Accept-Encoding (the file has encodings)
};

class StaticFiles {
public:
    // Reads root recursively. Throws std::runtime_error when root has no index.html.
    explicit StaticFiles(const std::string& root);
    // The file for a request path (the shell of its route's page for a client route),
    // or nullptr (404).
    const StaticFile* find(const std::string& path) const;
    // The answer to a request for path with the query, Accept-Encoding and
    // If-None-Match headers it came with.
    StaticAnswer answer(const std::string& path, std::string_view query, std::string_view accept_encoding,
                        std::string_view if_none_match) const;
    // The Content-Security-Policy the shell is served with: the shared one, with the
    // hash of the shell's inline import map allowed in script-src.
    const std::string& shell_policy() const { return shell_policy_; }
    // The URL that refers to path's current content ("/js/main.js?v=…").
    std::string versioned_url(const std::string& path) const;
    std::size_t size() const { return files_.size(); }
    // The client's routes (web/routes.json), or nullptr when web/ has none.
    const ClientRoutes* routes() const { return routes_ ? &*routes_ : nullptr; }

private:
    void build_shells(const std::string& source);
    const StaticFile& shell_for(const std::string& path) const;

    std::unordered_map<std::string, StaticFile> files_;
    // Without web/routes.json, every client route gets index.html's one shell.
    std::optional<ClientRoutes> routes_;
    std::unordered_map<std::string, StaticFile> shells_;  // by page module
    std::string shell_policy_;
};

}  // namespace kl::net
