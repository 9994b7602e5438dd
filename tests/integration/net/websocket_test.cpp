// The WebSocket endpoint: who may connect, and what bad input gets.
#include "support/fixture.hpp"

#include "storage/audit.hpp"
#include "storage/backup.hpp"
#include "storage/connection.hpp"
#include "storage/users.hpp"

#include <future>

using namespace kl::test;
using nlohmann::json;

namespace {

int upgrade_status(std::uint16_t port, const UpgradeOptions& options) {
    try {
        WsClient client(port, options);
    } catch (const UpgradeRefused& refused) {
        return refused.status;
    }
    return 101;
}

TEST_F(ServerTest, UpgradeNeedsCookieOriginAndSubprotocol) {
    auto cookie = setup_admin();
    EXPECT_EQ(upgrade_status(server.port(), {"", server.origin()}), 401);
    EXPECT_EQ(upgrade_status(server.port(), {"forged-cookie", server.origin()}), 401);
    EXPECT_EQ(upgrade_status(server.port(), {cookie, "https://evil.example"}), 403);
    EXPECT_EQ(upgrade_status(server.port(), {cookie, ""}), 403);
    EXPECT_EQ(upgrade_status(server.port(), {cookie, server.origin(), "other.v2"}), 400);
    EXPECT_EQ(upgrade_status(server.port(), {cookie, server.origin()}), 101);
}

TEST_F(ServerTest, HelloAnswersWithTheUserAndTheUploadLimit) {
    WsClient client(server.port(), ws_options(setup_admin()));
    auto answer = client.request("hello");
    EXPECT_EQ(answer["ok"], true);
    EXPECT_EQ(answer["protocol"], 1);
    EXPECT_EQ(answer["user"]["email"], "beheer@ess.example");
    // The default of --max-upload-mb; documents_test checks a lowered one.
    EXPECT_EQ(answer["limits"]["upload_bytes"], 25 * 1024 * 1024);
}

TEST_F(ServerTest, BadFramesGetErrorAnswersAndTheConnectionSurvives) {
    WsClient client(server.port(), ws_options(setup_admin()));
    client.send_text("{not json");
    auto answer = client.next_frame();
    ASSERT_TRUE(answer);
    EXPECT_EQ((*answer)["ok"], false);
    EXPECT_TRUE((*answer)["re"].is_null());
    EXPECT_EQ((*answer)["error"]["code"], "bad_request");

    auto unknown = client.request("no.such.verb");
    EXPECT_EQ(unknown["ok"], false);
    EXPECT_EQ(unknown["error"]["code"], "bad_request");

    client.send_text(R"({"id":"9","type":"user.find","q":"\ud800"})");  // a lone surrogate is not text
    answer = client.next_frame();
    ASSERT_TRUE(answer);
    EXPECT_EQ((*answer)["error"]["code"], "bad_request");

    client.send_binary("{\"id\":\"10\",\"type\":\"hello\"}");
    answer = client.next_frame();
    ASSERT_TRUE(answer);
    EXPECT_EQ((*answer)["ok"], false);

    // SQL-looking input is only data.
    auto sql = client.request("user.find", {{"q", "'; DROP TABLE users; --"}});
    EXPECT_EQ(sql["ok"], true);
    EXPECT_TRUE(sql["users"].empty());
    EXPECT_EQ(client.request("user.find", {{"q", ""}})["users"].size(), 1u);
    EXPECT_EQ(client.request("hello")["ok"], true);
}

TEST_F(ServerTest, InvalidUtf8InATextFrameClosesWithInvalidPayload) {
    WsClient client(server.port(), ws_options(setup_admin()));
    client.send_text("{\"id\":\"1\",\"type\":\"user.find\",\"q\":\"\xc3\x28\"}");
    EXPECT_EQ(client.wait_for_close(), 1007);  // RFC 6455: text frames must be UTF-8
}

TEST_F(ServerTest, RepeatedBadFramesCloseWithPolicyViolation) {
    WsClient client(server.port(), ws_options(setup_admin()));
    for (int i = 0; i < 5; ++i) client.send_text("nonsense");
    EXPECT_EQ(client.wait_for_close(), 1008);
}

TEST_F(ServerTest, OversizedFrameClosesWithTooBig) {
    WsClient client(server.port(), ws_options(setup_admin()));
    json big = {{"id", "1"}, {"type", "user.find"}, {"q", std::string(70 * 1024, 'a')}};
    client.send_text(big.dump());
    EXPECT_EQ(client.wait_for_close(), 1009);
}

TEST_F(ServerTest, OnlyAdminsManageAccounts) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto [member, member_cookie] = make_user(admin, "lid@gemeente.example");
    auto [staff, staff_cookie] = make_user(admin, "staf@ess.example", "staff");
    WsClient as_member(server.port(), ws_options(member_cookie));
    WsClient as_staff(server.port(), ws_options(staff_cookie));
    json new_user = {{"email", "x@y.example"}, {"display_name", "X"},
                     {"organisation", {{"type", "other"}, {"name", "X"}}}, {"global_role", "admin"}};
    for (auto* client : {&as_member, &as_staff}) {
        EXPECT_EQ(client->request("user.create", new_user)["error"]["code"], "forbidden");
        EXPECT_EQ(client->request("user.reset", {{"user", member["id"]}})["error"]["code"], "forbidden");
        EXPECT_EQ(client->request("user.disable", {{"user", member["id"]}})["error"]["code"], "forbidden");
    }
    EXPECT_EQ(as_member.request("user.find", {{"q", ""}})["error"]["code"], "forbidden");
    auto found = as_staff.request("user.find", {{"q", "lid"}});
    ASSERT_EQ(found["ok"], true);
    ASSERT_EQ(found["users"].size(), 1u);
    EXPECT_FALSE(found["users"][0].contains("status"));  // only admins see account status

    EXPECT_EQ(admin.request("user.create", new_user)["ok"], true);
    auto duplicate = admin.request("user.create", new_user);
    EXPECT_EQ(duplicate["error"]["code"], "conflict");
    new_user["global_role"] = "root";
    EXPECT_EQ(admin.request("user.create", new_user)["error"]["code"], "bad_request");
}

TEST_F(ServerTest, DisablingAUserClosesTheirConnectionAndEndsTheirLogin) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto [member, cookie] = make_user(admin, "lid@gemeente.example");
    WsClient as_member(server.port(), ws_options(cookie));
    EXPECT_EQ(as_member.request("hello")["ok"], true);

    auto disabled = admin.request("user.disable", {{"user", member["id"]}});
    ASSERT_EQ(disabled["ok"], true) << disabled.dump();
    EXPECT_EQ(disabled["user"]["status"], "disabled");
    EXPECT_EQ(as_member.wait_for_close(), 1008);
    EXPECT_EQ(login("lid@gemeente.example", member_password).status, 401);
    EXPECT_EQ(https(server.port(), "GET", "/api/me", "", same_origin(cookie)).status, 401);
    EXPECT_EQ(upgrade_status(server.port(), ws_options(cookie)), 401);
    EXPECT_EQ(admin.request("user.disable", {{"user", admin.request("hello")["user"]["id"]}})["error"]["code"],
              "forbidden");
}

TEST_F(ServerTest, LogoutClosesTheConnectionsOfThatLoginOnly) {
    auto first_login = setup_admin();
    auto second_login = login("beheer@ess.example", admin_password).login_cookie();
    ASSERT_FALSE(second_login.empty());
    WsClient ended(server.port(), ws_options(first_login));
    WsClient other_tab(server.port(), ws_options(second_login));
    ASSERT_EQ(ended.request("hello")["ok"], true);
    ASSERT_EQ(other_tab.request("hello")["ok"], true);

    EXPECT_EQ(https(server.port(), "POST", "/api/logout", "", same_origin(first_login)).status, 204);
    EXPECT_EQ(ended.wait_for_close(), 1008);
    // Another login of the same person (a second device) goes on.
    EXPECT_EQ(other_tab.request("hello")["ok"], true);
    EXPECT_EQ(upgrade_status(server.port(), ws_options(first_login)), 401);
}

TEST_F(ServerTest, ResetStopsTheOldPasswordAndIssuesANewLink) {
    WsClient admin(server.port(), ws_options(setup_admin()));
    auto [member, cookie] = make_user(admin, "lid@gemeente.example");
    WsClient as_member(server.port(), ws_options(cookie));
    auto reset = admin.request("user.reset", {{"user", member["id"]}});
    ASSERT_EQ(reset["ok"], true);
    EXPECT_EQ(reset["user"]["status"], "pending");
    EXPECT_EQ(as_member.wait_for_close(), 1008);
    EXPECT_EQ(login("lid@gemeente.example", member_password).status, 401);
    auto token = reset["activation_url"].get<std::string>().substr(reset["activation_url"].get<std::string>().rfind('/') + 1);
    EXPECT_EQ(https(server.port(), "GET", "/api/activation/" + token).status, 200);
    EXPECT_EQ(admin.request("user.reset", {{"user", "999999"}})["error"]["code"], "not_found");
}

TEST_F(ServerTest, LoginsAndAdministrationAreAudited) {
    auto cookie = setup_admin();
    login("beheer@ess.example", "fout-wachtwoord");
    login("beheer@ess.example", admin_password);
    {
        WsClient admin(server.port(), ws_options(cookie));
        make_user(admin, "lid@gemeente.example");
    }
    https(server.port(), "POST", "/api/logout", "", same_origin(cookie));
    auto c = kl::storage::open_database(server.database_path(), kl::storage::OpenMode::read_only);
    std::multiset<std::string> actions;
    for (const auto& entry : kl::storage::list_audit(c, std::nullopt, std::nullopt, 100)) actions.insert(entry.action);
    for (const auto* expected : {"setup", "login_failed", "login", "user.create", "activate", "logout"})
        EXPECT_EQ(actions.count(expected), 1u) << expected;
}

TEST_F(ServerTest, OnlineBackupWhileServing) {
    auto cookie = setup_admin();
    WsClient admin(server.port(), ws_options(cookie));
    make_user(admin, "lid@gemeente.example");
    auto copy = (server.dir() / "backup.db").string();
    kl::storage::backup_database(server.database_path(), copy);
    auto c = kl::storage::open_database(copy, kl::storage::OpenMode::read_only);
    EXPECT_EQ(kl::storage::count_users(c), 2);
    EXPECT_TRUE(kl::storage::find_user_by_email(c, "lid@gemeente.example"));
}

TEST_F(ServerTest, ShutdownClosesWebSocketsWithGoingAway) {
    WsClient client(server.port(), ws_options(setup_admin()));
    EXPECT_EQ(client.request("hello")["ok"], true);
    // The client keeps reading while the server stops, as a browser would.
    auto close_code = std::async(std::launch::async, [&] { return client.wait_for_close(); });
    server.stop();
    EXPECT_EQ(close_code.get(), 1001);
}

}  // namespace
