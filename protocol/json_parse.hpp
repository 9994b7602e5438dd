#pragma once
// Parsing untrusted JSON (WebSocket frames, HTTP bodies) within Limits, and writing JSON.
#include "protocol/limits.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace kl::protocol {

// Parses text as a JSON document whose top level is an object. Enforces the size limit,
// the nesting-depth limit (without recursion, so hostile input like 100000 '[' fails
// fast), well-formed UTF-8 (raw bytes and \u escapes: a lone surrogate escape is
// rejected) and unique member names within each object.
// Throws ProtocolError(too_large) when text.size() > limits.max_frame_bytes, and
// ProtocolError(bad_request, Dutch message) for every other problem.
nlohmann::json parse_object(std::string_view text, const Limits& limits = {});

// Compact JSON. Never throws on invalid UTF-8 in strings: such bytes become U+FFFD.
std::string dump(const nlohmann::json& value);

}  // namespace kl::protocol
