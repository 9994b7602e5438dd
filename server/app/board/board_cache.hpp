#pragma once
// The serialised board of a session, kept per board version and audience, so that a
// full board (hundreds of long cards, about 1 MB) is built and escaped once per change
// rather than once per session.state. Without it, sixteen readers of a full board kept
// the read pool busy for ten milliseconds per load, and a member's own session.state
// waited behind them for over a hundred.
//
// The version is the session's head_seq: every change to a card, a column, a quoted
// post or a thread title is an event and moves it, and session.state reads it in the
// same read transaction as the board. The audience is the gate's
// Reader::BoardAudience, so the per-card decision is still the gate's, made once for
// every viewer who would get the same answer. What changes stored board content
// without an event must not be served from here: session.state reads the board of a
// session whose erasure has begun (retention/) directly; anything else calls forget().
//
// Bounded: at most max_entries boards and max_bytes in all; the least recently used
// goes first. Thread-safety: every member may be called from any thread; two threads
// that miss the same board at once both build it (the work is the same, one is kept).
#include "server/app/access/reader.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace kl::app {

class BoardCache {
public:
    static constexpr std::size_t max_entries = 64;
    static constexpr std::size_t max_bytes = std::size_t{64} << 20;

    // The board of session at head_seq as audience sees it, serialised (a dump() of
    // the JSON that build returns); build runs when it is not kept. A board larger than
    // max_bytes is returned but not kept.
    std::shared_ptr<const std::string> board(std::int64_t session, std::int64_t head_seq, Reader::BoardAudience audience,
                                             const std::function<nlohmann::json()>& build);
    // Drops every board of session (all versions, all audiences).
    void forget(std::int64_t session);
    // Boards kept and their bytes (for tests).
    std::size_t entries() const;
    std::size_t bytes() const;

private:
    struct Entry {
        std::int64_t session;
        std::int64_t head_seq;
        Reader::BoardAudience audience;
        std::shared_ptr<const std::string> board;
    };

    void evict_locked();

    mutable std::mutex mutex_;
    std::list<Entry> entries_;  // most recently used first
    std::size_t bytes_ = 0;
};

}  // namespace kl::app
