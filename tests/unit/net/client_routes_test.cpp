// The client's route table (web/routes.json) as the server reads it: the same page for
// a path as web/js/main.js renders, so that the shell preloads that page's modules.
#include "server/net/client_routes.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace {

using kl::net::ClientRoutes;

ClientRoutes real_table() {
    std::ifstream in(std::string(KL_SOURCE_DIR) + "/web/routes.json");
    std::ostringstream text;
    text << in.rdbuf();
    return ClientRoutes(text.str());
}

TEST(ClientRoutes, EveryPathGetsThePageTheBrowserRenders) {
    auto routes = real_table();
    EXPECT_EQ(routes.match("/").page, "/js/pages/start.js");
    EXPECT_TRUE(routes.match("/").auth);
    EXPECT_EQ(routes.match("/sessions/12").name, "session");
    EXPECT_EQ(routes.match("/sessions/12/").name, "session");
    EXPECT_EQ(routes.match("/sessions/12/terugblik").name, "review");
    EXPECT_EQ(routes.match("/beveiliging").name, "security");
    EXPECT_EQ(routes.match("/login").name, "login");
    EXPECT_FALSE(routes.match("/login").auth);
    EXPECT_FALSE(routes.match("/invite/abc").auth) << "the invitation page checks the login itself";
    EXPECT_FALSE(routes.match("/privacy").auth);
    // Whole-path patterns: nothing before or after.
    for (std::string path : {"/sessions/", "/sessions/12/anders", "/x/login", "/loginx", "/index.html"})
        EXPECT_EQ(routes.match(path).name, "notfound") << path;
}

TEST(ClientRoutes, AnOverlongPathIsNobodysPageAndIsNotMatched) {
    auto routes = real_table();
    // Far beyond what std::regex's recursion survives, if it were matched.
    auto path = "/sessions/" + std::string(200000, 'a');
    EXPECT_EQ(routes.match(path).name, "notfound");
    EXPECT_EQ(routes.match("/sessions/" + std::string(kl::net::max_route_path_bytes - 10, 'a')).name, "session");
}

TEST(ClientRoutes, EachPageOnce) {
    auto pages = real_table().pages();
    EXPECT_EQ(std::count(pages.begin(), pages.end(), "/js/pages/notfound.js"), 1);
    EXPECT_EQ(std::count(pages.begin(), pages.end(), "/js/pages/session.js"), 1);
}

TEST(ClientRoutes, TheShellGetsTheTableWithoutItsExplanation) {
    auto json = real_table().json();
    EXPECT_EQ(json.find("\"about\""), std::string::npos);
    EXPECT_NE(json.find("\"notFound\""), std::string::npos);
}

}  // namespace
