#include "server/app/board/board_cache.hpp"

#include "protocol/json_parse.hpp"

#include <nlohmann/json.hpp>

namespace kl::app {

std::shared_ptr<const std::string> BoardCache::board(std::int64_t session, std::int64_t head_seq,
                                                     Reader::BoardAudience audience,
                                                     const std::function<nlohmann::json()>& build) {
    {
        std::lock_guard lock(mutex_);
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->session == session && it->head_seq == head_seq && it->audience == audience) {
                entries_.splice(entries_.begin(), entries_, it);
                return it->board;
            }
    }
    // Built outside the lock: it reads the database and may take milliseconds.
    auto built = std::make_shared<const std::string>(protocol::dump(build()));
    if (built->size() > max_bytes) return built;
    std::lock_guard lock(mutex_);
    // An older version of the same board for the same audience is of no use any more
    // (head_seq only grows); a newer one kept meanwhile by another thread stays.
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->session == session && it->audience == audience && it->head_seq <= head_seq) {
            bytes_ -= it->board->size();
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
    entries_.push_front({session, head_seq, audience, built});
    bytes_ += built->size();
    evict_locked();
    return built;
}

void BoardCache::forget(std::int64_t session) {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->session == session) {
            bytes_ -= it->board->size();
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
}

void BoardCache::evict_locked() {
    while (!entries_.empty() && (entries_.size() > max_entries || bytes_ > max_bytes)) {
        bytes_ -= entries_.back().board->size();
        entries_.pop_back();
    }
}

std::size_t BoardCache::entries() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

std::size_t BoardCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace kl::app
