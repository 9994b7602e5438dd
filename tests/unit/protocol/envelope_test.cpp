#include "protocol/envelope.hpp"

#include "protocol/json_parse.hpp"

#include <gtest/gtest.h>

namespace kl::protocol {
namespace {

using nlohmann::json;

// Runs parse_request and returns the RequestError it throws.
RequestError rejection(std::string_view frame, const Limits& limits = {}) {
    try {
        parse_request(frame, limits);
    } catch (const RequestError& e) {
        return e;
    }
    ADD_FAILURE() << "accepted: " << frame;
    return RequestError(ErrorCode::internal, "", "");
}

TEST(Envelope, ParsesARequest) {
    const Request r = parse_request(R"({"id":"7","type":"post.create","thread":"12","body":"Hallo"})");
    EXPECT_EQ(r.id, "7");
    EXPECT_EQ(r.type, "post.create");
    EXPECT_EQ(r.params["thread"], "12");
    EXPECT_EQ(r.params["body"], "Hallo");
    EXPECT_EQ(r.params["id"], "7");  // params is the whole frame
}

TEST(Envelope, AcceptsIdAndTypeBounds) {
    EXPECT_EQ(parse_request(R"({"id":")" + std::string(64, 'x') + R"(","type":"hello"})").id.size(), 64u);
    EXPECT_EQ(parse_request(R"({"id":"a b-c_{}:~!","type":"hello"})").id, "a b-c_{}:~!");
    EXPECT_EQ(parse_request(R"({"id":"1","type":")" + std::string(64, 'a') + R"("})").type.size(), 64u);
    EXPECT_EQ(parse_request(R"({"id":"1","type":"thread.slow_mode"})").type, "thread.slow_mode");
}

TEST(Envelope, UnreadableFramesHaveNoRequestId) {
    for (const char* frame : {"not json", "[1,2]", "{\"type\":\"hello\"}", "{\"id\":7,\"type\":\"hello\"}",
                              "{\"id\":null,\"type\":\"hello\"}", "{\"id\":\"\",\"type\":\"hello\"}",
                              "{\"id\":[\"1\"],\"type\":\"hello\"}", "{\"id\":\"a\\nb\",\"type\":\"hello\"}",
                              "{\"id\":\"caf\xC3\xA9\",\"type\":\"hello\"}"}) {
        const RequestError e = rejection(frame);
        EXPECT_EQ(e.code(), ErrorCode::bad_request) << frame;
        EXPECT_TRUE(e.request_id.empty()) << frame;
    }
    const RequestError too_long = rejection(R"({"id":")" + std::string(65, 'x') + R"(","type":"hello"})");
    EXPECT_EQ(too_long.code(), ErrorCode::bad_request);
    EXPECT_TRUE(too_long.request_id.empty());
}

TEST(Envelope, BadTypeKeepsTheRequestId) {
    for (const char* frame : {R"({"id":"9"})", R"({"id":"9","type":null})", R"({"id":"9","type":5})",
                              R"({"id":"9","type":""})", R"({"id":"9","type":"Hello"})",
                              R"({"id":"9","type":"post create"})", R"({"id":"9","type":"post-create"})",
                              R"({"id":"9","type":"drop;"})"}) {
        const RequestError e = rejection(frame);
        EXPECT_EQ(e.code(), ErrorCode::bad_request) << frame;
        EXPECT_EQ(e.request_id, "9") << frame;
    }
    EXPECT_EQ(rejection(R"({"id":"9","type":")" + std::string(65, 'a') + R"("})").request_id, "9");
}

TEST(Envelope, TooLargeFrameIsTooLarge) {
    Limits limits;
    limits.max_frame_bytes = 100;
    const RequestError e = rejection(R"({"id":"1","type":"hello","x":")" + std::string(100, 'x') + R"("})", limits);
    EXPECT_EQ(e.code(), ErrorCode::too_large);
    EXPECT_TRUE(e.request_id.empty());
}

TEST(Envelope, DeepOrInvalidUtf8FramesAreBadRequests) {
    EXPECT_EQ(rejection("{\"id\":\"1\",\"type\":\"hello\",\"x\":" + std::string(20000, '[')).code(),
              ErrorCode::bad_request);
    EXPECT_EQ(rejection("{\"id\":\"1\",\"type\":\"hello\",\"x\":\"\xC0\x80\"}").code(), ErrorCode::bad_request);
}

TEST(Envelope, SqlLookingTextIsJustData) {
    const std::string evil = "'; DROP TABLE users; -- \" OR 1=1 /* %s %n";
    const Request r = parse_request(dump({{"id", "1"}, {"type", "search"}, {"q", evil}}));
    EXPECT_EQ(r.params["q"], evil);
}

TEST(Envelope, AnswerOkShape) {
    const json a = json::parse(answer_ok("7", {{"post", {{"id", "3"}, {"state", "visible"}}}}));
    EXPECT_EQ(a, json({{"re", "7"}, {"ok", true}, {"post", {{"id", "3"}, {"state", "visible"}}}}));
    EXPECT_EQ(json::parse(answer_ok("1")), json({{"re", "1"}, {"ok", true}}));
    EXPECT_EQ(json::parse(answer_ok("1", nullptr)), json({{"re", "1"}, {"ok", true}}));
}

TEST(Envelope, AnswerOkSplicesSharedMembers) {
    auto board = std::make_shared<const std::string>(dump({{"cards", json::array({{{"title", "a \"b\""}}})}}));
    auto answer = answer_ok("7", {{"head_seq", 3}}, {{"board", board}});
    const json a = json::parse(answer);
    EXPECT_EQ(a, json({{"re", "7"}, {"ok", true}, {"head_seq", 3}, {"board", json::parse(*board)}}));
    // The same buffer serves every answer that shares it.
    EXPECT_EQ(json::parse(answer_ok("8", json::object(), {{"board", board}}))["board"], json::parse(*board));
    // A name both shared and in the result, or one of the envelope's, is refused.
    EXPECT_THROW(answer_ok("1", {{"board", 1}}, {{"board", board}}), std::invalid_argument);
    EXPECT_THROW(answer_ok("1", json::object(), {{"ok", board}}), std::invalid_argument);
}

TEST(Envelope, AnswerOkResultCannotOverrideTheEnvelope) {
    const json a = json::parse(answer_ok("7", {{"re", "8"}, {"ok", false}}));
    EXPECT_EQ(a["re"], "7");
    EXPECT_EQ(a["ok"], true);
}

TEST(Envelope, AnswerOkRejectsNonObjectResult) {
    EXPECT_THROW(answer_ok("1", json::array()), std::invalid_argument);
}

TEST(Envelope, AnswerErrorShape) {
    const json a = json::parse(answer_error("7", ErrorCode::forbidden, "Alleen moderatoren"));
    EXPECT_EQ(a, json({{"re", "7"}, {"ok", false}, {"error", {{"code", "forbidden"}, {"message", "Alleen moderatoren"}}}}));
}

TEST(Envelope, AnswerErrorWithoutIdHasNullRe) {
    const json a = json::parse(answer_error("", ErrorCode::bad_request, "Kapot"));
    ASSERT_TRUE(a.contains("re"));
    EXPECT_TRUE(a["re"].is_null());
    EXPECT_EQ(a["ok"], false);
}

TEST(Envelope, AnswerErrorMergesExtraAndDefaultsMessage) {
    const json card = {{"id", "4"}, {"version", 9}};
    const json a = json::parse(answer_error("2", ErrorCode::conflict, "", {{"card", card}, {"ok", true}}));
    EXPECT_EQ(a["card"], card);
    EXPECT_EQ(a["ok"], false);  // extra cannot override the envelope
    EXPECT_EQ(a["error"]["message"], std::string(default_message(ErrorCode::conflict)));
    // A non-object extra is ignored rather than breaking the error path.
    EXPECT_EQ(json::parse(answer_error("2", ErrorCode::internal, "x", json::array({1}))).size(), 3u);
}

TEST(Envelope, AnswerErrorFromException) {
    const ProtocolError e(ErrorCode::conflict, "Verouderd", {{"column", {{"id", "1"}}}});
    const json a = json::parse(answer_error("5", e));
    EXPECT_EQ(a["error"]["code"], "conflict");
    EXPECT_EQ(a["error"]["message"], "Verouderd");
    EXPECT_EQ(a["column"]["id"], "1");
}

TEST(Envelope, AnswerErrorSurvivesInvalidUtf8) {
    std::string out;
    ASSERT_NO_THROW(out = answer_error("1", ErrorCode::bad_request, "bad \xFF byte"));
    EXPECT_EQ(json::parse(out)["error"]["message"], "bad \xEF\xBF\xBD byte");
}

TEST(Envelope, RequestErrorAnswersWithItsId) {
    const RequestError e = rejection(R"({"id":"x1","type":"BAD"})");
    const json a = json::parse(answer_error(e.request_id, e));
    EXPECT_EQ(a["re"], "x1");
    EXPECT_EQ(a["error"]["code"], "bad_request");
}

TEST(Envelope, ErrorBodyShape) {
    EXPECT_EQ(error_body(ErrorCode::gone, "Verlopen"), json({{"error", {{"code", "gone"}, {"message", "Verlopen"}}}}));
    EXPECT_EQ(error_body(ErrorCode::unauthenticated, "")["error"]["message"],
              std::string(default_message(ErrorCode::unauthenticated)));
    EXPECT_EQ(error_body("bad_credentials", "Onjuist e-mailadres of wachtwoord")["error"]["code"], "bad_credentials");
}

TEST(Envelope, EventFrameShape) {
    const json event = {{"kind", "post.created"}, {"at", "2026-02-06T09:30:00Z"}, {"actor", {{"id", "1"}}}};
    const std::string frame = event_frame("42", 17, dump(event));
    const json f = json::parse(frame);
    EXPECT_EQ(f, json({{"type", "event"}, {"session", "42"}, {"seq", 17}, {"event", event}}));
    EXPECT_EQ(frame, dump(f));  // byte for byte what dump() writes
    EXPECT_TRUE(f["seq"].is_number_integer());
    EXPECT_TRUE(f["session"].is_string());
}

}  // namespace
}  // namespace kl::protocol
