#pragma once
// What the documents' integration tests share: a session with its members (the
// moderator, a participant, an expert and an observer), uploads and downloads over
// HTTPS, small hand-made files, and the count of stored rows.
#include "support/fixture.hpp"

#include "storage/connection.hpp"
#include "storage/documents.hpp"

#include <openssl/sha.h>

#include <chrono>
#include <thread>

namespace kl::test {

inline const std::string pdf = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
inline const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0\x90\x91\x68\x36", 33);

inline std::string sha256_hex(const std::string& bytes) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char byte : digest) {
        out += hex[byte >> 4];
        out += hex[byte & 0xf];
    }
    return out;
}

// A PDF of about size bytes: a header, then filler in a comment-free stream.
inline std::string large_pdf(std::size_t size) {
    std::string bytes = pdf;
    bytes.reserve(size);
    while (bytes.size() < size) bytes += static_cast<char>('a' + bytes.size() % 26);
    return bytes;
}

inline void small_uploads(kl::app::ServerConfig& c) { c.max_upload_mb = 1; }

class DocumentsTest : public SessionMembersTest {
protected:
    explicit DocumentsTest(const std::function<void(kl::app::ServerConfig&)>& adjust = small_uploads,
                           const kl::app::Clock* clock = nullptr)
        : SessionMembersTest(clock, adjust) {}

    HttpResult upload(const std::string& cookie, const std::string& name, const std::string& bytes,
                      const std::string& extra_query = "", HttpOptions options = {}) {
        options.origin = options.origin.empty() ? server.origin() : options.origin;
        options.cookie = cookie;
        options.content_type = "application/octet-stream";
        return https(server.port(), "POST", "/api/sessions/" + session + "/documents?name=" + name + extra_query, bytes,
                     options);
    }

    HttpResult download(const std::string& cookie, const std::string& id) {
        return https(server.port(), "GET", "/api/documents/" + id, "", same_origin(cookie));
    }

    static std::string id_of(const HttpResult& uploaded) { return uploaded.json()["document"]["id"].get<std::string>(); }

    // Subscribes client to the session from its head now, so that what follows reaches
    // it live.
    void subscribe_live(WsClient& client) {
        auto state = client.request("session.state", {{"session", session}});
        ASSERT_EQ(state["ok"], true) << state.dump();
        auto answer = client.request("session.subscribe", {{"session", session}, {"after_seq", state["head_seq"]}});
        ASSERT_EQ(answer["ok"], true) << answer.dump();
        client.take_kept();
    }

    // The kinds of the live events about documents client got since the last call, up to
    // a marker the moderator publishes now (everyone sees it; it arrives after all
    // before it).
    std::vector<std::string> live_kinds(WsClient& client) {
        auto marker = moderator->request("session.update",
                                         {{"session", session}, {"description", "live " + std::to_string(++markers_)}});
        EXPECT_EQ(marker["ok"], true) << marker.dump();
        std::vector<std::string> kinds;
        for (;;) {
            auto frame = next_event(client)["event"];
            if (frame["kind"] == "session.updated" && frame["session"]["description"] == marker["session"]["description"])
                return kinds;
            auto kind = frame["kind"].get<std::string>();
            if (kind.rfind("document.", 0) == 0) kinds.push_back(kind);
        }
    }

    // The kinds of the events about documents a replay from the start gives client.
    std::vector<std::string> replayed_document_kinds(WsClient& client) {
        std::vector<std::string> kinds;
        for (const auto& frame : replay(client)) {
            auto kind = frame["event"]["kind"].get<std::string>();
            if (kind.rfind("document.", 0) == 0) kinds.push_back(kind);
        }
        return kinds;
    }

    // Whether the inspection of document id has ended (its derived row is written),
    // looked at in the database directly.
    bool inspected(const std::string& id) {
        auto c = kl::storage::open_database(server.database_path(), kl::storage::OpenMode::read_only);
        auto statement = c.prepare("SELECT count(*) FROM document_derived WHERE document_id = ?");
        statement.bind(1, static_cast<std::int64_t>(std::stoll(id)));
        statement.step();
        return statement.int64(0) > 0;
    }

    // Polls until the inspection of id has ended; fails the test after a minute.
    void await_inspection(const std::string& id) {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
        while (!inspected(id)) {
            ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "document " << id << " was never inspected";
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }

    std::int64_t stored_documents() {
        auto c = kl::storage::open_database(server.database_path(), kl::storage::OpenMode::read_only);
        auto count = c.prepare("SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM document_blobs)");
        count.step();
        return count.int64(0);
    }

private:
    int markers_ = 0;
};

class ClockedDocumentsTest : public ClockHolder, public DocumentsTest {
protected:
    ClockedDocumentsTest() : DocumentsTest(small_uploads, &clock) {}
};

class PremoderatedDocumentsTest : public DocumentsTest {
protected:
    nlohmann::json session_params() const override { return {{"title", "Voorgemodereerd"}, {"premoderation", true}}; }
};

}  // namespace kl::test
