#pragma once
// The error codes of the wire contract, their HTTP statuses and default Dutch messages,
// and the exception that validation and verb handlers throw to produce an error answer.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace kl::protocol {

enum class ErrorCode {
    bad_request,
    unauthenticated,
    forbidden,
    not_found,
    conflict,
    gone,
    locked,
    muted,
    rate_limited,
    too_large,
    resync_required,
    internal,
    unavailable,  // since 1.1: the server cannot store anything now (a full disk); reads keep working
    second_factor_required,  // since 1.1: the policy requires a second factor and the user has none yet
    bad_code,                // since 1.1: a wrong (or already used) authenticator or recovery code
};

// The code as it appears on the wire: "bad_request", "not_found", ...
std::string_view to_string(ErrorCode code);
int http_status(ErrorCode code);
// A short Dutch sentence for the browser UI, used when no specific message is given.
std::string_view default_message(ErrorCode code);

class ProtocolError : public std::runtime_error {
public:
    // message: Dutch, shown to the user; empty means default_message(code).
    // extra: an object whose members are merged into the answer (e.g. {"card":{…}} for a
    // conflict), or null.
    ProtocolError(ErrorCode code, std::string message, nlohmann::json extra = {});

    ErrorCode code() const { return code_; }
    const nlohmann::json& extra() const { return extra_; }

private:
    ErrorCode code_;
    nlohmann::json extra_;
};

}  // namespace kl::protocol
