#pragma once
// Events about threads: who gets them, recording one (thread.updated, thread.slow_mode),
// and erasing a thread's old title from every stored event when a moderator retitles it.
#include "server/app/core/session_change.hpp"
#include "storage/threads.hpp"

#include <string>

namespace kl::app {

// A pending thread (its first post waits for approval) is known only to the moderators
// and its author; every other thread to every member.
Audience thread_audience(const storage::Thread& thread);

// Records kind (thread.updated, thread.slow_mode) with the thread as it is now.
void record_thread_event(storage::Connection& connection, Change& change, const storage::Thread& thread,
                         const storage::User& actor, std::int64_t now, const std::string& kind);

// Replaces old_title by the thread's current title wherever a stored event of its
// session carries it as this thread's title: the thread object of thread.created,
// thread.updated and thread.slow_mode, and a card's quote of a post in the thread
// (source_post.thread_title). Other text that happens to contain the words (a post
// quoting the title) is not the title and stays.
void erase_old_title_from_events(storage::Connection& connection, const storage::Thread& thread,
                                 const std::string& old_title);

}  // namespace kl::app
