#pragma once
// The browser client's static module graph, read from the sources when the server
// loads web/: which files a module imports (`import … from '…'`, `import '…'`,
// `export … from '…'`), and every module an entry reaches. The server announces them
// all at once (modulepreload) so that the browser does not discover the graph one
// round trip per level. `import('…')` is left out: what a page imports when it runs
// (a part it shows later, core/deferred-part.js) must not hold up its first view.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kl::net {

// The specifiers a module's source imports statically, in order of appearance.
// Comments are skipped, and so is `import(…)`.
std::vector<std::string> import_specifiers(std::string_view source);

// A relative ("./", "../") or absolute ("/") specifier resolved against the path of the
// module that imports it ("/js/main.js"), as a normalised path; "" for bare names and
// full URLs (not ours), and for paths that climb above the root.
std::string resolve_specifier(std::string_view importer, std::string_view specifier);

// Every module reachable from entries (entries included), breadth first, so that the
// modules needed first come first; each once. source(path) gives a module's text, or
// nullptr for a path that is not a file (left out).
std::vector<std::string> reachable_modules(const std::vector<std::string>& entries,
                                           const std::function<const std::string*(const std::string&)>& source);

}  // namespace kl::net
