#include "protocol/envelope.hpp"

#include "protocol/json_parse.hpp"

#include <stdexcept>

namespace kl::protocol {

using nlohmann::json;

RequestError::RequestError(ErrorCode code, std::string message, std::string request_id)
    : ProtocolError(code, std::move(message)), request_id(std::move(request_id)) {}

namespace {

bool valid_id(const std::string& id, const Limits& limits) {
    if (id.empty() || id.size() > limits.max_id_chars) return false;
    for (const char c : id) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    return true;
}

bool valid_type(const std::string& type, const Limits& limits) {
    if (type.empty() || type.size() > limits.max_type_chars) return false;
    for (const char c : type) {
        if (!((c >= 'a' && c <= 'z') || c == '.' || c == '_')) return false;
    }
    return true;
}

json re_value(std::string_view request_id) {
    return request_id.empty() ? json(nullptr) : json(std::string(request_id));
}

}  // namespace

Request parse_request(std::string_view frame, const Limits& limits) {
    json doc;
    try {
        doc = parse_object(frame, limits);
    } catch (const ProtocolError& e) {
        throw RequestError(e.code(), e.what(), {});
    }

    const auto id = doc.find("id");
    if (id == doc.end() || !id->is_string()) {
        throw RequestError(ErrorCode::bad_request, "Veld 'id' ontbreekt of is geen tekst", {});
    }
    if (!valid_id(id->get_ref<const std::string&>(), limits)) {
        throw RequestError(ErrorCode::bad_request,
                           "Veld 'id' moet 1 tot " + std::to_string(limits.max_id_chars) + " leesbare ASCII-tekens hebben",
                           {});
    }
    std::string request_id = id->get<std::string>();

    const auto type = doc.find("type");
    if (type == doc.end() || !type->is_string()) {
        throw RequestError(ErrorCode::bad_request, "Veld 'type' ontbreekt of is geen tekst", request_id);
    }
    if (!valid_type(type->get_ref<const std::string&>(), limits)) {
        throw RequestError(ErrorCode::bad_request, "Onbekend berichttype", request_id);
    }
    std::string request_type = type->get<std::string>();
    return Request{std::move(request_id), std::move(request_type), std::move(doc)};
}

std::string answer_ok(std::string_view request_id, json result) {
    if (result.is_null()) result = json::object();
    if (!result.is_object()) throw std::invalid_argument("answer_ok: result must be a JSON object");
    result["re"] = re_value(request_id);
    result["ok"] = true;
    return dump(result);
}

std::string answer_ok(std::string_view request_id, json result, const SharedMembers& shared) {
    for (const auto& [name, value] : shared)
        if ((result.is_object() && result.contains(name)) || name == "re" || name == "ok")
            throw std::invalid_argument("answer_ok: shared member '" + name + "' is also in the answer");
    auto frame = answer_ok(request_id, std::move(result));
    // frame is "{…}" with at least "re" and "ok": each member goes in after the brace.
    std::string spliced = "{";
    std::size_t size = frame.size();
    for (const auto& [name, value] : shared) size += name.size() + value->size() + 4;
    spliced.reserve(size);
    for (const auto& [name, value] : shared) {
        spliced += dump(json(name));
        spliced += ':';
        spliced += *value;
        spliced += ',';
    }
    spliced.append(frame, 1);
    return spliced;
}

std::string answer_error(std::string_view request_id, ErrorCode code, std::string_view message, const json& extra) {
    json answer = extra.is_object() ? extra : json::object();
    answer["re"] = re_value(request_id);
    answer["ok"] = false;
    answer["error"] = error_body(code, message)["error"];
    return dump(answer);
}

std::string answer_error(std::string_view request_id, const ProtocolError& error) {
    return answer_error(request_id, error.code(), error.what(), error.extra());
}

json error_body(ErrorCode code, std::string_view message) {
    return error_body(to_string(code), message.empty() ? default_message(code) : message);
}

json error_body(std::string_view code, std::string_view message) {
    return {{"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
}

std::string event_frame(std::string_view session_id, std::int64_t seq, std::string_view event_json) {
    // Keys in the order dump() writes them (sorted), so the frame reads like every other.
    std::string frame = R"({"event":)";
    frame.reserve(event_json.size() + 64);
    frame += event_json;
    frame += R"(,"seq":)";
    frame += std::to_string(seq);
    frame += R"(,"session":)";
    frame += dump(json(std::string(session_id)));
    frame += R"(,"type":"event"})";
    return frame;
}

}  // namespace kl::protocol
