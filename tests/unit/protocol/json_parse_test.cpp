#include "protocol/json_parse.hpp"

#include "protocol/errors.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace kl::protocol {
namespace {

using nlohmann::json;

// The code of the ProtocolError that parse_object throws, or nullopt if it accepts.
std::optional<ErrorCode> reject_code(std::string_view text, const Limits& limits = {}) {
    try {
        parse_object(text, limits);
    } catch (const ProtocolError& e) {
        return e.code();
    }
    return std::nullopt;
}

TEST(JsonParse, ParsesAnObject) {
    const json doc = parse_object(R"({"id":"1","type":"hello","n":[1,2.5,true,null],"o":{"a":"b"}})");
    EXPECT_EQ(doc["id"], "1");
    EXPECT_EQ(doc["n"].size(), 4u);
    EXPECT_EQ(doc["n"][1], 2.5);
    EXPECT_EQ(doc["o"]["a"], "b");
}

TEST(JsonParse, RejectsMalformedJson) {
    for (const char* bad : {"", " ", "{", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}", "{\"a\":01}",
                            "{\"a\":NaN}", "{\"a\":1} {}", "{\"a\":1}x", "{\"a\":\"\x01\"}", "{a:1}",
                            "{\"a\":1e400}", "{\"a\":\"\\x41\"}", "/* */{}"}) {
        EXPECT_EQ(reject_code(bad), ErrorCode::bad_request) << bad;
    }
}

TEST(JsonParse, RejectsNonObjectTopLevel) {
    for (const char* bad : {"[]", "[{}]", "\"x\"", "1", "true", "null"}) {
        EXPECT_EQ(reject_code(bad), ErrorCode::bad_request) << bad;
    }
    try {
        parse_object("[1]");
        FAIL();
    } catch (const ProtocolError& e) {
        EXPECT_STREQ(e.what(), "Het bericht moet een JSON-object zijn");
    }
}

TEST(JsonParse, RejectsTooLargeBeforeParsing) {
    Limits limits;
    limits.max_frame_bytes = 32;
    const std::string ok = R"({"a":")" + std::string(32 - 8, 'x') + R"("})";
    ASSERT_EQ(ok.size(), 32u);
    EXPECT_NO_THROW(parse_object(ok, limits));
    EXPECT_EQ(reject_code(ok + " ", limits), ErrorCode::too_large);
    // Garbage over the limit is too_large, not bad_request: size is checked first.
    EXPECT_EQ(reject_code(std::string(70 * 1024, '['), Limits{}), ErrorCode::too_large);
}

TEST(JsonParse, DepthLimitIsExact) {
    Limits limits;
    limits.max_depth = 4;
    EXPECT_NO_THROW(parse_object(R"({"a":{"b":[{"c":1}]}})", limits));      // depth 4
    EXPECT_EQ(reject_code(R"({"a":{"b":[{"c":[]}]}})", limits), ErrorCode::bad_request);  // depth 5
    EXPECT_NO_THROW(parse_object(R"({"a":[],"b":[],"c":{"d":[]}})", limits));  // siblings do not add up
}

TEST(JsonParse, DefaultDepthIsSixteen) {
    auto nested = [](int depth) {
        std::string s = "{\"a\":";
        for (int i = 1; i < depth; ++i) s += "[";
        s += "1";
        for (int i = 1; i < depth; ++i) s += "]";
        return s + "}";
    };
    EXPECT_NO_THROW(parse_object(nested(16)));
    EXPECT_EQ(reject_code(nested(17)), ErrorCode::bad_request);
}

TEST(JsonParse, HostileNestingFailsFastWithoutRecursion) {
    Limits big;
    big.max_frame_bytes = 1 << 20;
    for (const std::string& hostile :
         {"{\"a\":" + std::string(100000, '['), "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}",
          std::string(100000, '['), "{\"a\":" + [] {
              std::string s;
              for (int i = 0; i < 50000; ++i) s += "{\"a\":";
              return s;
          }()}) {
        const auto start = std::chrono::steady_clock::now();
        EXPECT_EQ(reject_code(hostile, big), ErrorCode::bad_request);
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    }
}

TEST(JsonParse, RejectsRawInvalidUtf8) {
    EXPECT_EQ(reject_code("{\"a\":\"\xFF\"}"), ErrorCode::bad_request);
    EXPECT_EQ(reject_code("{\"a\":\"\xC0\xAF\"}"), ErrorCode::bad_request);          // overlong '/'
    EXPECT_EQ(reject_code("{\"a\":\"\xED\xA0\x80\"}"), ErrorCode::bad_request);      // encoded surrogate
    EXPECT_EQ(reject_code("{\"\xC3\":1}"), ErrorCode::bad_request);                   // in a key
    EXPECT_EQ(reject_code("{\"a\":\"ok\"}\xFF"), ErrorCode::bad_request);             // outside strings
}

// Decision: \u escapes must form valid UTF-16. A lone surrogate is rejected (it could
// not be stored or shown as UTF-8); a proper pair decodes to one code point.
TEST(JsonParse, LoneSurrogateEscapesAreRejectedPairsAreDecoded) {
    EXPECT_EQ(reject_code(R"({"a":"\ud800"})"), ErrorCode::bad_request);
    EXPECT_EQ(reject_code(R"({"a":"\udc00"})"), ErrorCode::bad_request);
    EXPECT_EQ(reject_code(R"({"a":"\ud800x"})"), ErrorCode::bad_request);
    EXPECT_EQ(reject_code(R"({"a":"\ud800\u0041"})"), ErrorCode::bad_request);
    EXPECT_EQ(parse_object(R"({"a":"\ud83d\ude00"})")["a"], "\xF0\x9F\x98\x80");
    EXPECT_EQ(parse_object(R"({"a":"caf\u00e9"})")["a"], "café");
}

TEST(JsonParse, EscapedNulIsKeptAsData) {
    const json doc = parse_object(R"({"a":"x\u0000y"})");
    EXPECT_EQ(doc["a"].get<std::string>(), std::string("x\0y", 3));
}

// Two readers could otherwise disagree about which value counts.
TEST(JsonParse, RejectsDuplicateMemberNames) {
    EXPECT_EQ(reject_code(R"({"id":"1","id":"2"})"), ErrorCode::bad_request);
    EXPECT_EQ(reject_code(R"({"a":{"x":1,"x":1}})"), ErrorCode::bad_request);
    EXPECT_NO_THROW(parse_object(R"({"a":{"x":1},"b":{"x":1}})"));
}

TEST(JsonParse, MessagesAreDutch) {
    try {
        parse_object("{nope");
        FAIL();
    } catch (const ProtocolError& e) {
        EXPECT_NE(std::string(e.what()).find("geen geldige JSON"), std::string::npos) << e.what();
    }
}

TEST(JsonParse, DumpIsCompact) {
    EXPECT_EQ(dump(json{{"b", 1}, {"a", {1, 2}}}), R"({"a":[1,2],"b":1})");
}

TEST(JsonParse, DumpReplacesInvalidUtf8InsteadOfThrowing) {
    const json j = {{"a", std::string("x\xFFy")}};
    std::string out;
    ASSERT_NO_THROW(out = dump(j));
    EXPECT_EQ(out, "{\"a\":\"x\xEF\xBF\xBDy\"}");
}

TEST(JsonParse, DumpRoundTripsThroughParse) {
    const json j = {{"text", "regel 1\nregel 2 \"quote\" \\ é 😀"}, {"n", -5}, {"list", json::array()}};
    EXPECT_EQ(parse_object(dump(j)), j);
}

}  // namespace
}  // namespace kl::protocol
