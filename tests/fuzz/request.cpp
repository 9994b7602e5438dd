// The WebSocket request path: one text frame as a client sends it, through
// protocol::parse_request with the server's Limits (net/edge.hpp keeps the defaults),
// then through the field readers the way the verbs apply them to request.params (the
// keys and bounds below are the verbs' own). The contract: every refusal is a
// protocol::ProtocolError (RequestError from parse_request); any other exception is a
// bug, and so is an accepted value outside what the reader promises.
#include "check.hpp"

#include "protocol/envelope.hpp"
#include "protocol/fields.hpp"
#include "protocol/utf8.hpp"
#include "protocol/vocabulary.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace kl::protocol;

bool is_space_or_control_ascii(char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; }

// What every accepted string satisfies: valid UTF-8, within its bounds in code points,
// trimmed; single-line text has no control character at all, multi-line only \n, \t.
void check_text(const std::string& s, std::size_t min_chars, std::size_t max_chars, Text text) {
    KL_FUZZ_CHECK(is_valid_utf8(s));
    const auto n = utf8_length(s);
    KL_FUZZ_CHECK(n >= min_chars && n <= max_chars);
    if (!s.empty()) KL_FUZZ_CHECK(!is_space_or_control_ascii(s.front()) && !is_space_or_control_ascii(s.back()));
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x20 || b == 0x7F) KL_FUZZ_CHECK(text == Text::multi_line && (c == '\n' || c == '\t'));
    }
}

// Runs one reader; a ProtocolError is the expected refusal, anything else escapes and
// libFuzzer reports the uncaught exception as a crash.
template <class Read>
void attempt(Read read) {
    try {
        read();
    } catch (const ProtocolError& e) {
        KL_FUZZ_CHECK(e.code() == ErrorCode::bad_request);
        KL_FUZZ_CHECK(is_valid_utf8(e.what()));  // the message goes back to the client
        (void)answer_error("1", e);
    }
}

void string_field(const nlohmann::json& params, std::string_view key, std::size_t min, std::size_t max,
                  Text text = Text::single_line) {
    attempt([&] { check_text(required_string(params, key, min, max, text), min, max, text); });
    attempt([&] {
        if (auto s = optional_string(params, key, min, max, text)) check_text(*s, min, max, text);
    });
}

void id_field(const nlohmann::json& params, std::string_view key) {
    attempt([&] {
        const auto id = required_id(params, key);
        // An accepted id is its own canonical decimal form.
        const auto value = id_value(id);
        KL_FUZZ_CHECK(value > 0 && std::to_string(value) == id);
    });
    attempt([&] { (void)optional_id(params, key); });
}

void int_field(const nlohmann::json& params, std::string_view key, std::int64_t min, std::int64_t max) {
    attempt([&] {
        const auto v = required_int(params, key, min, max);
        KL_FUZZ_CHECK(v >= min && v <= max);
    });
    attempt([&] {
        if (auto v = optional_int(params, key, min, max)) KL_FUZZ_CHECK(*v >= min && *v <= max);
    });
}

// The readers on the keys the verbs use, with their bounds (post, thread, board,
// notes, invitations, accounts, moderation, session verbs).
void read_like_the_verbs(const nlohmann::json& params) {
    string_field(params, "body", 1, 20000, Text::multi_line);
    string_field(params, "text", 1, 20000, Text::multi_line);
    string_field(params, "reason", 1, 500, Text::multi_line);
    string_field(params, "description", 0, 5000, Text::multi_line);
    string_field(params, "title", 1, 200);
    string_field(params, "display_name", 1, 100);
    string_field(params, "client_msg_id", 1, 64);
    string_field(params, "q", 0, 100);
    string_field(params, "token", 1, 128);

    for (const auto key : {"session", "thread", "post", "card", "column", "user", "reply_to", "before"})
        id_field(params, key);

    int_field(params, "after_seq", 0, INT64_MAX);
    int_field(params, "version", 1, INT64_MAX);
    int_field(params, "limit", 1, 100);
    int_field(params, "position", 0, 1000);
    int_field(params, "seconds", 0, 3600);
    int_field(params, "expires_in_hours", 1, 720);

    attempt([&] {
        const auto kind = required_enum(params, "kind", thread_kinds);
        KL_FUZZ_CHECK(kind == "casus" || kind == "vraag" || kind == "algemeen");
    });
    attempt([&] { (void)optional_enum(params, "attribution", attributions); });
    attempt([&] { (void)optional_enum(params, "history", invite_histories); });
    attempt([&] { (void)required_enum(params, "role", {"expert", "participant", "observer"}); });
    attempt([&] { (void)optional_bool(params, "whisper"); });

    attempt([&] {
        const auto email = required_email(params, "email");
        KL_FUZZ_CHECK(is_valid_utf8(email) && utf8_length(email) <= 254);
        KL_FUZZ_CHECK(email.find('@') != std::string::npos && email.find('@') == email.rfind('@'));
        for (const char c : email) KL_FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
    });
    attempt([&] {
        const auto password = required_password(params, "password");
        const auto n = utf8_length(password);
        KL_FUZZ_CHECK(is_valid_utf8(password) && n >= 10 && n <= 256);
    });
    attempt([&] { (void)optional_time(params, "starts_at"); });
    attempt([&] { (void)required_time(params, "access_until"); });
    attempt([&] {
        if (auto due = optional_date(params, "due")) KL_FUZZ_CHECK(due->size() == 10);
    });
    attempt([&] {
        const auto& organisation = required_object(params, "organisation");
        string_field(organisation, "name", 1, 200);
        (void)required_enum(organisation, "type", organisation_types);
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view frame(reinterpret_cast<const char*>(data), size);
    Request request;
    try {
        request = parse_request(frame, Limits{});
    } catch (const RequestError& e) {
        // Refused: the answer must still be writable, with or without the id.
        KL_FUZZ_CHECK(e.code() == ErrorCode::bad_request || e.code() == ErrorCode::too_large);
        (void)answer_error(e.request_id, e);
        return 0;
    }
    // What parse_request promises (envelope.hpp, json_parse.hpp).
    KL_FUZZ_CHECK(size <= Limits{}.max_frame_bytes && is_valid_utf8(frame));
    KL_FUZZ_CHECK(!request.id.empty() && request.id.size() <= Limits{}.max_id_chars);
    for (const char c : request.id) KL_FUZZ_CHECK(c >= 0x20 && c <= 0x7E);
    KL_FUZZ_CHECK(!request.type.empty() && request.type.size() <= Limits{}.max_type_chars);
    for (const char c : request.type) KL_FUZZ_CHECK((c >= 'a' && c <= 'z') || c == '.' || c == '_');
    KL_FUZZ_CHECK(request.params.is_object());

    read_like_the_verbs(request.params);
    // The answers the dispatcher writes for it never throw.
    (void)answer_ok(request.id);
    (void)answer_error(request.id, ErrorCode::bad_request, "");
    return 0;
}
