#pragma once
// What is stored about one person, for their own copy (an access request under the
// AVG): plain rows, read in one read transaction by the caller. Only what is theirs:
// their own posts with text, and of a post they answered only that it was someone
// else's (reply_to_other), never its text or author.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kl::storage {

class Connection;

struct OwnMembership {
    std::int64_t session_id = 0;
    std::string session_title;
    std::string role;
    std::int64_t joined_at = 0;
    std::optional<std::int64_t> access_until;
};

struct OwnPost {
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::int64_t thread_id = 0;
    std::string thread_title;
    std::string body;
    std::string state;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> edited_at;
    std::optional<std::int64_t> reply_to_own;  // the id of their own post this one answers
    bool reply_to_other = false;               // it answers someone else's post
};

struct OwnText {  // a card or a note block they made
    std::int64_t id = 0;
    std::int64_t session_id = 0;
    std::string kind;  // card, or the note block's kind
    std::string title;
    std::string text;
    std::int64_t created_at = 0;
};

struct OwnRecord {  // a notification for them, or an audit entry by or about them
    std::string kind;
    std::optional<std::int64_t> session_id;
    std::int64_t at = 0;
    std::string target;  // audit: "type id"; notification: empty
};

struct PersonalData {
    std::vector<OwnMembership> memberships;
    std::vector<OwnPost> posts;
    std::vector<OwnText> texts;
    std::vector<OwnRecord> notifications;
    std::vector<OwnRecord> audit;
    bool truncated = false;  // a list reached max_rows
};

// Everything above for user_id, each list at most max_rows long (truncated says so).
PersonalData personal_data(Connection& connection, std::int64_t user_id, int max_rows);

}  // namespace kl::storage
