#pragma once
// What one session may hold. Every list a member can grow has a limit, so that what a
// session holds always stays loadable: session.state (threads, the whole board) and
// mod.queue (paged) stay well inside what a connection delivers (websocket_session.cpp),
// whatever one careless or hostile account adds. Reaching a limit answers too_large
// with a Dutch message and changes nothing.
//
// The numbers (SessionLimits, in core/config.hpp) leave a kennislab far more room than
// it uses (the demo session has a dozen threads and twenty cards): a full board is
// about 3 MB of JSON at most.
#include "server/app/core/config.hpp"
#include "storage/connection.hpp"

#include <cstdint>

namespace kl::app {

// Each throws ProtocolError too_large when session has no room for what is added.
void require_room_for_thread(storage::Connection& connection, const SessionLimits& limits, std::int64_t session_id);
// A new card of added_chars characters (title and body).
void require_room_for_card(storage::Connection& connection, const SessionLimits& limits, std::int64_t session_id,
                           std::int64_t added_chars);
// A card grows by more_chars characters (nothing to check when it shrinks).
void require_room_for_card_text(storage::Connection& connection, const SessionLimits& limits,
                                std::int64_t session_id, std::int64_t more_chars);
// A post that will wait for approval, or a flag.
void require_room_to_wait(storage::Connection& connection, const SessionLimits& limits, std::int64_t session_id);
// A new document of added_bytes bytes.
void require_room_for_document(storage::Connection& connection, const SessionLimits& limits,
                               std::int64_t session_id, std::int64_t added_bytes);

}  // namespace kl::app
