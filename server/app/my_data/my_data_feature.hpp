#pragma once
#include "server/app/wiring/features.hpp"

namespace kl::app {

// GET /api/me/export (cookie) and GET /api/users/{id}/export (admin): one person's
// data as a ZIP (personal_export.hpp), audited as user.export.
void register_my_data(Features& features);

}  // namespace kl::app
