// The parts of the first view that need no server: which routes bring data, how the
// data is written into a <script type="application/json"> block, and where it goes.
#include "server/net/first_view.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace kl::net;

namespace {

// The client's own route table.
ClientRoutes real_routes() {
    std::ifstream in(std::string(KL_SOURCE_DIR) + "/web/routes.json");
    std::ostringstream text;
    text << in.rdbuf();
    return ClientRoutes(text.str());
}

}  // namespace

TEST(FirstView, OnlyTheStartPageSessionPageAndTerugblikBringData) {
    auto routes = real_routes();
    auto first_requests = [&routes](const std::string& path) { return kl::net::first_requests(&routes, path); };
    ASSERT_EQ(first_requests("/").size(), 1u);
    EXPECT_EQ(first_requests("/")[0].type, "session.list");
    for (std::string path : {"/sessions/12", "/sessions/12/", "/sessions/12/terugblik", "/sessions/12/terugblik/"}) {
        auto requests = first_requests(path);
        ASSERT_EQ(requests.size(), 1u) << path;
        EXPECT_EQ(requests[0].type, "session.state") << path;
        EXPECT_EQ(requests[0].params["session"], "12") << path;
        EXPECT_EQ(requests[0].params["type"], "session.state") << path;
    }
    for (const std::string& path : std::vector<std::string>{"/login", "/admin", "/beveiliging", "/sessions/", "/sessions/12/anders", "/sessions/%3C",
                             "/sessions/a%22b", "/sessions/" + std::string(41, '1'), "/index.html"})
        EXPECT_TRUE(first_requests(path).empty()) << path;
    EXPECT_TRUE(kl::net::first_requests(nullptr, "/").empty()) << "no route table, no first view";
}

TEST(FirstView, MarkupInTheDataCannotEndTheBlockOrOpenAComment) {
    nlohmann::json data = {{"title", "</script><script>alert(1)</script> <!-- x --> & </SCRIPT"}};
    auto text = json_for_script(data.dump());
    EXPECT_EQ(text.find('<'), std::string::npos);
    EXPECT_EQ(text.find('>'), std::string::npos);
    EXPECT_EQ(text.find('&'), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(text), data);
}

TEST(FirstView, TheDataGoesBeforeTheBodysEndAndThePreloadOfTheLoginGoes) {
    std::string shell =
        "<html><head>\n  <link rel=\"preload\" href=\"/api/me?boot\" as=\"fetch\" crossorigin=\"anonymous\">\n"
        "  <link rel=\"stylesheet\" href=\"/css/app.css\">\n</head><body><main></main>\n</body></html>";
    auto html = shell_with_first_view(shell, R"({"me":{"user":{"display_name":"<b>"}}})");
    EXPECT_EQ(html.find("/api/me?boot"), std::string::npos);
    EXPECT_NE(html.find("<link rel=\"stylesheet\""), std::string::npos);
    auto block = html.find("<script type=\"application/json\" id=\"kl-first-view\">");
    ASSERT_NE(block, std::string::npos);
    EXPECT_LT(html.find("<main>"), block);
    EXPECT_LT(block, html.find("</body>"));
    EXPECT_NE(html.find(R"("display_name":"\u003cb\u003e")"), std::string::npos);
}
