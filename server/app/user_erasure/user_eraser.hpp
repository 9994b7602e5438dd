#pragma once
// Erases what an erased person made (storage/user_erasure.hpp), after user.erase has
// ended the account. A chain of short writer jobs, each one batch of the oldest
// unfinished erasure (at most rows_per_job notifications, events or audit entries,
// posts_per_job posts, cards_per_job cards, one document), queued behind whatever
// else waits for the writer, so no request waits long. The stage and cursor are in the
// database: after a restart the first tick goes on where it stopped.
//
// Posts: "anonymise" rewrites each post in its earlier events (its author now shows
// as "verwijderde deelnemer", as the tombstone says); "redact" redacts each exactly as
// mod.redact does (threads/post_events.hpp, erase_post_for_good). Cards and documents:
// anonymise needs nothing more (their labels come from the tombstone); redact deletes
// the cards and erases the documents' bytes, as document.redact does. Then the events
// of every session the person touched: their name in any user object anonymised, the
// redacted cards' and documents' texts blanked. Then the audit entries by or about
// them lose their client address. The last job records a user.erased event in each
// touched session (the web client reloads session.state) and forgets those sessions'
// cached boards (their author labels changed without an event of their own).
//
// Thread-safety: kick() and tick() from any thread; the jobs' completions on the writer thread.
#include "server/app/board/board_cache.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/hub.hpp"

#include <mutex>

namespace kl::app {

class UserEraser {
public:
    UserEraser(Services& services, Hub& hub, BoardCache& boards) : services_(services), hub_(hub), boards_(boards) {}

    // Starts the chain unless it runs; the first tick after start does the same, for an
    // erasure a restart interrupted.
    void kick();
    void tick();

    static constexpr int rows_per_job = 500;
    static constexpr int posts_per_job = 200;
    static constexpr int cards_per_job = 50;

private:
    void step();
    void stop();

    Services& services_;
    Hub& hub_;
    BoardCache& boards_;
    std::mutex mutex_;
    bool running_ = false;
    bool again_ = false;    // kicked while running: look once more at the end
    bool started_ = false;  // the first tick has looked
};

}  // namespace kl::app
