// The document limits of a session (access/session_limits.hpp): the count and the bytes
// together, each refused with too_large just past the limit and allowed just under it;
// redacted and deleted documents, whose bytes are gone, no longer count.
#include "server/app/access/session_limits.hpp"
#include "protocol/errors.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"
#include "tests/unit/storage/temp_database.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace {

using namespace kl;

class DocumentLimits : public ::testing::Test {
protected:
    test::TempDatabase temp;
    storage::Connection c = storage::open_database(temp.path(), storage::OpenMode::read_write);
    app::SessionLimits limits;
    std::int64_t user_id = 0, session_id = 0;

    void SetUp() override {
        limits.max_documents = 2;
        limits.max_document_bytes = 1000;
        storage::NewUser u;
        u.email = "alice@gemeente.example";
        u.display_name = "Alice";
        u.organisation_type = "gemeente";
        u.global_role = "member";
        user_id = storage::create_user(c, u).id;
        storage::Session s;
        s.title = "Kennislab";
        s.created_by = user_id;
        session_id = storage::create_session(c, s).id;
    }

    storage::Document add(std::int64_t size, const std::string& state = "visible") {
        storage::Document d;
        d.session_id = session_id;
        d.name = "a.txt";
        d.type = "text/plain";
        d.size = size;
        d.sha256 = "00";
        d.state = state;
        d.uploaded_by = user_id;
        d.at = 1;
        std::istringstream in(std::string(static_cast<std::size_t>(size), 'x'));
        return storage::create_document(c, d, in);
    }

    // The error code of the check, or "" when it allows the upload.
    std::string check(std::int64_t bytes) {
        try {
            app::require_room_for_document(c, limits, session_id, bytes);
            return "";
        } catch (const protocol::ProtocolError& e) {
            return std::string(protocol::to_string(e.code()));
        }
    }
};

TEST_F(DocumentLimits, BytesUpToTheLimitThenTooLarge) {
    EXPECT_EQ(check(1000), "");
    EXPECT_EQ(check(1001), "too_large");
    add(600);
    EXPECT_EQ(check(400), "");
    EXPECT_EQ(check(401), "too_large");
}

TEST_F(DocumentLimits, CountUpToTheLimitThenTooLarge) {
    add(1);
    EXPECT_EQ(check(1), "");
    add(1, "pending");
    EXPECT_EQ(check(1), "too_large") << "pending uploads count: they hold bytes";
}

TEST_F(DocumentLimits, ErasedDocumentsNoLongerCount) {
    add(900, "redacted");
    add(900, "deleted");
    EXPECT_EQ(check(1000), "");
}

}  // namespace
