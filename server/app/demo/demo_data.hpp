#pragma once
// A small, entirely fictional demo kennislab (`kennislab serve --demo`): people,
// one session with threads, posts, a pending expert post and board cards. The demo
// people have no password (they cannot log in until an administrator sends them an
// activation link); the first administrator becomes moderator of the demo session
// at setup (see Accounts::setup), so they can look around at once.
#include <cstdint>

namespace kl::storage {
class Connection;
}

namespace kl::app {

// Loads the demo when the database has no sessions yet; returns whether it did.
bool load_demo(storage::Connection& connection, std::int64_t now);

// Makes the first administrator moderator of every session that exists at setup.
// Only the demo creates sessions before anyone can log in, so this hands the demo
// session to the person who set the server up.
void adopt_sessions_made_before_setup(storage::Connection& connection, std::int64_t user_id, std::int64_t now);

}  // namespace kl::app
