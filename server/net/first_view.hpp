#pragma once
// The shell (index.html) for a signed-in request of a page that starts from data: the
// start page (session.list), a session page and its Terugblik (session.state). The
// shell then carries that data in a <script type="application/json" id="kl-first-view">
// block, so the page renders at once instead of after its WebSocket's handshake, hello
// and first answer (web/js/core/first-view.js reads it; the page then follows over the
// WebSocket from the version it rendered).
//
// The data is produced by the same code paths as its live counterparts: the login by
// the /api/me route, each answer by the dispatcher as for a WebSocket request
// (app/realtime/answers_for_page.hpp), so the same per-viewer visibility gate decides
// what is in it. Such a page holds personal data next to text others chose (titles,
// posts): it is sent uncompressed (BREACH) and never stored by a shared cache.
#include "protocol/envelope.hpp"
#include "server/app/http/http_types.hpp"
#include "server/net/client_routes.hpp"
#include "server/net/script_json.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kl::net {

struct Edge;

// The requests the page of a client route (web/routes.json) sends first over its
// WebSocket; empty for a route whose page starts without data, an id that cannot be
// one, or without routes.
std::vector<protocol::Request> first_requests(const ClientRoutes* routes, const std::string& path);

// shell with the data block (data: JSON text) inserted before </body>, and without its
// preload of /api/me (the login is in the data).
std::string shell_with_first_view(std::string_view shell, std::string_view data);

// Called once, possibly on another thread: the shell with the first view, or nullopt
// when the page gets the plain shell (no valid login, a route without data).
using FirstViewDone = std::function<void(std::optional<std::string>)>;

// For a GET of path (a client route) with me: the request's /api/me request (its
// cookie and client address).
void first_view(Edge& edge, std::string_view path, app::HttpRequest me, FirstViewDone done);

}  // namespace kl::net
