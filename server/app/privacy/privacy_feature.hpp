#pragma once
#include "server/app/wiring/features.hpp"

namespace kl::app {

// GET /api/privacy: what the privacy statement (/privacy, web/js/pages/privacy.js)
// fills in, for anyone, without a login.
void register_privacy(Features& features);

}  // namespace kl::app
