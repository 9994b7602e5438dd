// The HTTP route table features fill at start-up: literal and parameter segments,
// GET answering HEAD, and the refusals (wrong method, nested paths, duplicates).
#include "server/app/http/http_routes.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using kl::app::HttpRequest;
using kl::app::HttpRoutes;
using kl::app::Respond;

// A table whose routes record which one ran and with what parameter.
struct RecordingRoutes {
    HttpRoutes routes;
    std::string ran, param;

    void add(const std::string& method, const std::string& pattern) {
        routes.add(method, pattern, [this, name = method + " " + pattern](const HttpRequest&, const std::string& p, Respond) {
            ran = name;
            param = p;
        });
    }
    // The route that answers method path, or "" when none does.
    std::string dispatch(const std::string& method, const std::string& path) {
        ran.clear();
        param = "untouched";
        HttpRequest request;
        request.method = method;
        request.path = path;
        std::string matched;
        const auto* route = routes.match(request, matched);
        if (!route) return "";
        (*route)(request, matched, [](kl::app::HttpResponse) {});
        return ran;
    }
};

TEST(HttpRoutes, MatchesLiteralPathsByMethod) {
    RecordingRoutes t;
    t.add("GET", "/api/setup");
    t.add("POST", "/api/setup");
    t.add("POST", "/api/login");
    EXPECT_EQ(t.dispatch("GET", "/api/setup"), "GET /api/setup");
    EXPECT_EQ(t.param, "");
    EXPECT_EQ(t.dispatch("POST", "/api/setup"), "POST /api/setup");
    EXPECT_EQ(t.dispatch("POST", "/api/login"), "POST /api/login");
    EXPECT_EQ(t.dispatch("GET", "/api/login"), "");     // only POST was added
    EXPECT_EQ(t.dispatch("DELETE", "/api/setup"), "");  // no other methods
    EXPECT_EQ(t.dispatch("GET", "/api/setup/"), "");    // a trailing slash is another path
    EXPECT_EQ(t.dispatch("GET", "/api"), "");
}

TEST(HttpRoutes, GetAlsoAnswersHead) {
    RecordingRoutes t;
    t.add("GET", "/api/me");
    t.add("POST", "/api/logout");
    EXPECT_EQ(t.dispatch("HEAD", "/api/me"), "GET /api/me");
    EXPECT_EQ(t.dispatch("HEAD", "/api/logout"), "");
}

TEST(HttpRoutes, HandsTheParameterSegmentToTheRoute) {
    RecordingRoutes t;
    t.add("GET", "/api/invitations/{}");
    t.add("POST", "/api/invitations/{}/accept");
    t.add("GET", "/api/sessions/{}/export");
    EXPECT_EQ(t.dispatch("GET", "/api/invitations/abc123"), "GET /api/invitations/{}");
    EXPECT_EQ(t.param, "abc123");
    EXPECT_EQ(t.dispatch("POST", "/api/invitations/abc123/accept"), "POST /api/invitations/{}/accept");
    EXPECT_EQ(t.param, "abc123");
    EXPECT_EQ(t.dispatch("GET", "/api/sessions/42/export"), "GET /api/sessions/{}/export");
    EXPECT_EQ(t.param, "42");
    // A parameter is one segment: nothing nested, no other tail.
    EXPECT_EQ(t.dispatch("GET", "/api/invitations/abc/def"), "");
    EXPECT_EQ(t.dispatch("POST", "/api/invitations/abc/reject"), "");
    EXPECT_EQ(t.dispatch("GET", "/api/sessions/42/export/x"), "");
    // An empty segment still reaches the route, which refuses the unknown token itself.
    EXPECT_EQ(t.dispatch("GET", "/api/invitations/"), "GET /api/invitations/{}");
    EXPECT_EQ(t.param, "");
}

TEST(HttpRoutes, RefusesDuplicatesAndMalformedPatterns) {
    RecordingRoutes t;
    t.add("GET", "/api/activation/{}");
    EXPECT_THROW(t.add("GET", "/api/activation/{}"), std::logic_error);
    EXPECT_NO_THROW(t.add("POST", "/api/activation/{}"));  // the same path for another method
    EXPECT_THROW(t.add("PUT", "/api/x"), std::logic_error);
    EXPECT_THROW(t.add("GET", "api/x"), std::logic_error);
    EXPECT_THROW(t.add("GET", "/api/{}/{}"), std::logic_error);
}

TEST(HttpRoutes, IgnoresPathsThatDoNotStartWithASlash) {
    RecordingRoutes t;
    t.add("GET", "/api/me");
    EXPECT_EQ(t.dispatch("GET", "api/me"), "");
    EXPECT_EQ(t.dispatch("GET", ""), "");
}

}  // namespace
