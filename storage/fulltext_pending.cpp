#include "storage/fulltext_pending.hpp"

namespace kl::storage {

void index_pending_posts(Connection& connection) {
    connection
        .prepare(
            "INSERT INTO posts_fts(rowid, body, session_key) "
            "SELECT p.id, p.body, 's' || p.session_id FROM fulltext_pending f JOIN posts p ON p.id = f.post_id")
        .run();
    if (connection.changes() > 0 || connection.prepare("SELECT 1 FROM fulltext_pending LIMIT 1").step())
        connection.prepare("DELETE FROM fulltext_pending").run();
}

}  // namespace kl::storage
