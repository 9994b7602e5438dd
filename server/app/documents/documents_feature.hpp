#pragma once
// Registers the documents feature: its HTTP routes (upload and download) and verbs.
#include "server/app/wiring/features.hpp"

namespace kl::app {

void register_documents(Features& features);

}  // namespace kl::app
