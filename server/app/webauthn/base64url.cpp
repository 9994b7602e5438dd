// WebAuthn's base64url is the one in core (also used for tokens): one copy of it.
#include "server/app/core/crypto.hpp"
#include "server/app/webauthn/webauthn.hpp"

namespace kl::app::webauthn {

std::string base64url_encode(std::string_view bytes) { return kl::app::base64url_encode(bytes); }

std::optional<std::string> base64url_decode(std::string_view text) { return kl::app::base64url_decode(text); }

}  // namespace kl::app::webauthn
