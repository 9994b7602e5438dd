#pragma once
// Bounds applied to everything a client sends before any verb sees it.
#include <cstddef>

namespace kl::protocol {

struct Limits {
    std::size_t max_frame_bytes = 64 * 1024;  // one WebSocket text frame or HTTP JSON body
    int max_depth = 16;                       // nested objects/arrays, the top-level object counts as 1
    std::size_t max_id_chars = 64;            // client-chosen request id
    std::size_t max_type_chars = 64;          // verb name
};

}  // namespace kl::protocol
