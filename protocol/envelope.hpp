#pragma once
// The WebSocket envelope: requests in, answers and events out. HTTP error bodies too.
#include "protocol/errors.hpp"
#include "protocol/limits.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kl::protocol {

struct Request {
    std::string id;
    std::string type;
    nlohmann::json params;  // the whole frame object, "id" and "type" included
};

// A request that could not be accepted. request_id is the frame's id when it was
// readable (so the answer can carry "re"), empty otherwise ("re": null).
struct RequestError : ProtocolError {
    RequestError(ErrorCode code, std::string message, std::string request_id);
    std::string request_id;
};

// Parses one WebSocket text frame {"id":"…","type":"…",…}. id: string of
// 1..max_id_chars printable ASCII characters; type: string of 1..max_type_chars
// characters from [a-z._]. Throws RequestError.
Request parse_request(std::string_view frame, const Limits& limits = {});

// {"re":id,"ok":true,…result}. result must be an object (or null); its members "re" and
// "ok" cannot override the envelope. An empty request_id is written as "re":null.
std::string answer_ok(std::string_view request_id, nlohmann::json result = nlohmann::json::object());

// Members of an answer that are already serialised (a dump() of a JSON value), shared
// between answers: session.state's board is built once per board version and audience
// (server/app/board/board_cache.hpp) and spliced in, not built and escaped per load.
using SharedMembers = std::vector<std::pair<std::string, std::shared_ptr<const std::string>>>;

// answer_ok(request_id, result) with each shared member spliced in as "name":<its JSON>.
// The names must not be in result (std::invalid_argument otherwise).
std::string answer_ok(std::string_view request_id, nlohmann::json result, const SharedMembers& shared);

// {"re":id,"ok":false,"error":{"code","message"},…extra}. An empty message means
// default_message(code); extra is merged when it is an object and ignored otherwise.
// Never throws on bad UTF-8 in its arguments.
std::string answer_error(std::string_view request_id, ErrorCode code, std::string_view message,
                         const nlohmann::json& extra = nullptr);
// The same for a caught error: its code, message and extra.
std::string answer_error(std::string_view request_id, const ProtocolError& error);

// {"error":{"code","message"}}, the body of every HTTP error answer.
nlohmann::json error_body(ErrorCode code, std::string_view message);
// For HTTP codes outside ErrorCode, e.g. login's "bad_credentials".
nlohmann::json error_body(std::string_view code, std::string_view message);

// {"type":"event","session":…,"seq":…,"event":…}. event_json is an event object as the
// server stored it (a dump() of a JSON object); it is spliced in, not parsed again:
// replay and fan-out frame every event, and a parse per event was their largest cost.
std::string event_frame(std::string_view session_id, std::int64_t seq, std::string_view event_json);

}  // namespace kl::protocol
