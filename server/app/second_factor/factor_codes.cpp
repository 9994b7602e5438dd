#include "server/app/second_factor/factor_codes.hpp"

#include "server/app/second_factor/recovery_codes.hpp"
#include "server/app/second_factor/totp.hpp"
#include "storage/second_factor.hpp"

#include <stdexcept>

namespace kl::app {

std::optional<std::string> totp_secret_of(storage::Connection& connection, const SecretBox& box, std::int64_t user_id,
                                          bool pending) {
    auto factor = storage::find_totp(connection, user_id);
    if (!factor || factor->confirmed == pending) return std::nullopt;
    auto secret = box.open(factor->sealed_secret, user_id);
    if (!secret) throw std::runtime_error("a sealed TOTP secret does not open with this server's key");
    return secret;
}

bool use_totp_code(storage::Connection& connection, const SecretBox& box, std::int64_t user_id, std::string_view code,
                   std::int64_t now) {
    auto secret = totp_secret_of(connection, box, user_id, false);
    if (!secret) return false;
    auto step = matching_totp_step(*secret, code, now);
    return step && storage::accept_totp_step(connection, user_id, *step);
}

bool redeem_recovery_code(storage::Connection& connection, std::int64_t user_id, std::string_view text,
                          std::int64_t now) {
    auto normalised = normalise_recovery_code(text);
    return normalised && storage::use_recovery_code(connection, user_id, recovery_code_hash(*normalised), now);
}

}  // namespace kl::app
