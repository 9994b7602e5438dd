#pragma once
// Headers every HTTP answer carries. The CSP allows no inline script or style and no
// framing; HSTS makes browsers stay on HTTPS.
#include <array>
#include <string_view>
#include <utility>

namespace kl::net {

inline constexpr std::array<std::pair<std::string_view, std::string_view>, 7> security_headers = {{
    {"Strict-Transport-Security", "max-age=31536000"},
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
     "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"},
    {"X-Frame-Options", "DENY"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
}};

}  // namespace kl::net
