// A person's own data (GET /api/me/export) against the real server over TLS: one ZIP
// with data.json and index.html holding their account, memberships and their own posts
// with text; of someone else's post they answered only "reactie op een bericht", and
// nothing else of others. GET /api/users/{id}/export is the administrator's, audited;
// others are refused, and without a login nobody gets anything.
#include "support/fixture.hpp"

#include <unzip.h>

#include <cstdio>
#include <fstream>
#include <map>

using namespace kl::test;
using nlohmann::json;

namespace {

// The files in a ZIP (written to path first: minizip reads files).
std::map<std::string, std::string> unzip(const std::string& bytes, const std::filesystem::path& path) {
    {
        std::ofstream out(path, std::ios::binary);
        out << bytes;
    }
    std::map<std::string, std::string> files;
    unzFile zip = unzOpen64(path.c_str());
    if (!zip) return files;
    for (int rc = unzGoToFirstFile(zip); rc == UNZ_OK; rc = unzGoToNextFile(zip)) {
        char name[256];
        unz_file_info64 info;
        unzGetCurrentFileInfo64(zip, &info, name, sizeof name, nullptr, 0, nullptr, 0);
        std::string content(info.uncompressed_size, '\0');
        unzOpenCurrentFile(zip);
        unzReadCurrentFile(zip, content.data(), static_cast<unsigned>(content.size()));
        unzCloseCurrentFile(zip);
        files[name] = content;
    }
    unzClose(zip);
    std::filesystem::remove(path);
    return files;
}

class PersonalExportTest : public SessionMembersTest {
protected:
    std::string thread;

    json post(WsClient& client, const std::string& body, json extra = json::object()) {
        extra["thread"] = thread;
        extra["body"] = body;
        extra["client_msg_id"] = "m" + std::to_string(++messages_);
        auto answer = client.request("post.create", extra);
        EXPECT_EQ(answer["ok"], true) << answer.dump();
        return answer["post"];
    }

    HttpResult get(const std::string& path, const std::string& cookie) {
        return https(server.port(), "GET", path, "", same_origin(cookie));
    }

private:
    int messages_ = 0;
};

TEST_F(PersonalExportTest, APersonGetsTheirOwnPostsAndOfOthersOnlyThatTheyAnsweredOne) {
    auto started = participant->request("thread.create", {{"session", session}, {"title", "Gesprek Lijsterbes"},
                                                           {"kind", "casus"}, {"body", "Eigen begin Pimpernel1"}});
    ASSERT_EQ(started["ok"], true) << started.dump();
    thread = started["thread"]["id"];
    auto theirs = post(*expert, "Andermans tekst Ratelaar2");
    post(*participant, "Mijn reactie Hazelaar3", {{"reply_to", theirs["id"]}});
    post(*moderator, "Nog iemand Wilg4");

    auto result = get("/api/me/export", participant_cookie);
    ASSERT_EQ(result.status, 200) << result.body;
    EXPECT_EQ(result.header("content-type"), "application/zip");
    auto files = unzip(result.body, server.dir() / "ontvangen.zip");
    ASSERT_EQ(files.count("data.json"), 1u);
    ASSERT_EQ(files.count("index.html"), 1u);
    auto data = json::parse(files["data.json"]);
    EXPECT_EQ(data["account"]["email"], "deelnemer@gemeente.example");
    ASSERT_EQ(data["memberships"].size(), 1u);
    EXPECT_EQ(data["memberships"][0]["role"], "participant");
    ASSERT_EQ(data["posts"].size(), 2u) << data.dump();
    EXPECT_EQ(data["posts"][0]["body"], "Eigen begin Pimpernel1");
    EXPECT_EQ(data["posts"][1]["body"], "Mijn reactie Hazelaar3");
    EXPECT_EQ(data["posts"][1]["reply_to"], "reactie op een bericht");
    for (const auto& [name, content] : files) {
        EXPECT_NE(content.find("Hazelaar3"), std::string::npos) << name;
        EXPECT_EQ(content.find("Ratelaar2"), std::string::npos) << name << ": another's text";
        EXPECT_EQ(content.find("Wilg4"), std::string::npos) << name << ": another's text";
        EXPECT_EQ(content.find("deskundige@"), std::string::npos) << name << ": another's address";
    }
    EXPECT_NE(files["index.html"].find("Mijn gegevens"), std::string::npos);
}

TEST_F(PersonalExportTest, AnotherPersonsDataIsTheAdministratorsAndAudited) {
    EXPECT_EQ(get("/api/me/export", "").status, 401);
    auto expert_id = expert_user["id"].get<std::string>();
    EXPECT_EQ(get("/api/users/" + expert_id + "/export", participant_cookie).status, 403);
    EXPECT_EQ(get("/api/users/999999/export", moderator_cookie).status, 404);

    auto result = get("/api/users/" + expert_id + "/export", moderator_cookie);  // the administrator
    ASSERT_EQ(result.status, 200) << result.body;
    auto files = unzip(result.body, server.dir() / "ontvangen.zip");
    EXPECT_EQ(json::parse(files["data.json"])["account"]["email"], "deskundige@universiteit.example");
    auto audit = moderator->request("audit.list");
    ASSERT_EQ(audit["ok"], true) << audit.dump();
    EXPECT_EQ(audit["entries"][0]["action"], "user.export") << audit["entries"][0].dump();
}

}  // namespace
