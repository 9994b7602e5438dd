// Documents in storage: bytes written and read back in chunks through the incremental
// blob API, a short stream refused with nothing left, the listing filter per viewer,
// the totals the session limits count, and erasure: bytes, text, search index and
// (after the writer's checkpoint) every file in the data folder.
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/fulltext_merge.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"
#include "storage/writer.hpp"
#include "integration/support/data_files.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <future>
#include <sstream>

using namespace kl::storage;

namespace {

// Deterministic bytes that no chunk boundary hides: every byte value, in a pattern that
// shifts with the position.
std::string pattern_bytes(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 31 + i / 4093) & 0xff);
    return bytes;
}

class Documents : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    std::int64_t alice = 0, bob = 0, session_id = 0, other_session_id = 0;

    std::int64_t user(const std::string& email) {
        NewUser u;
        u.email = email;
        u.display_name = email;
        u.organisation_type = "gemeente";
        u.global_role = "member";
        return create_user(c, u).id;
    }

    void SetUp() override {
        alice = user("alice@gemeente.example");
        bob = user("bob@gemeente.example");
        Session session;
        session.title = "Kennislab";
        session.created_by = alice;
        session_id = create_session(c, session).id;
        other_session_id = create_session(c, session).id;
    }

    Document add(const std::string& bytes, const std::string& state = "visible", std::int64_t by = 0,
                 std::int64_t at = 100, std::int64_t session = 0) {
        Document d;
        d.session_id = session ? session : session_id;
        d.name = "handreiking.pdf";
        d.type = "application/pdf";
        d.size = static_cast<std::int64_t>(bytes.size());
        d.sha256 = "00";
        d.state = state;
        d.uploaded_by = by ? by : alice;
        d.at = at;
        std::istringstream in(bytes);
        return create_document(c, d, in);
    }

    std::string read_all(std::int64_t id, std::size_t chunk) {
        std::string out;
        for (;;) {
            auto part = read_document_chunk(c, id, static_cast<std::int64_t>(out.size()), chunk);
            if (part.empty()) return out;
            out += part;
        }
    }

    std::vector<std::int64_t> ids(const DocumentFilter& filter, std::optional<std::int64_t> before = {}, int limit = 50) {
        std::vector<std::int64_t> out;
        for (const auto& d : page_documents(c, session_id, before, limit, filter)) out.push_back(d.id);
        return out;
    }
};

TEST_F(Documents, BytesComeBackWholeAcrossChunkBoundaries) {
    // Larger than several write chunks and not a multiple of one.
    auto bytes = pattern_bytes(3 * document_chunk_bytes + 12345);
    auto created = add(bytes);
    EXPECT_GT(created.id, 0);
    EXPECT_EQ(read_all(created.id, document_chunk_bytes), bytes);
    EXPECT_EQ(read_all(created.id, 7777), bytes) << "any chunk size the reader chooses";
    EXPECT_TRUE(read_document_chunk(c, created.id, static_cast<std::int64_t>(bytes.size()), 10).empty());

    auto found = find_document(c, created.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "handreiking.pdf");
    EXPECT_EQ(found->size, static_cast<std::int64_t>(bytes.size()));
    EXPECT_EQ(found->state, "visible");
    EXPECT_FALSE(find_document(c, created.id + 100));
}

TEST_F(Documents, AnEmptyFileIsStored) {
    auto created = add("");
    EXPECT_TRUE(document_bytes_stored(c, created.id));
    EXPECT_TRUE(read_document_chunk(c, created.id, 0, 10).empty());
}

TEST_F(Documents, ABodyThatEndsBeforeItsSizeIsRefusedAndLeavesNothing) {
    Document d;
    d.session_id = session_id;
    d.name = "afgebroken.pdf";
    d.type = "application/pdf";
    d.size = 1000;
    d.sha256 = "00";
    d.uploaded_by = alice;
    d.at = 1;
    std::istringstream cut_off(std::string(400, 'x'));
    EXPECT_THROW(in_transaction(c, [&] { create_document(c, d, cut_off); }), StorageError);
    EXPECT_EQ(document_totals(c, session_id).count, 0);
    EXPECT_TRUE(page_documents(c, session_id, std::nullopt, 10, DocumentFilter{true, 0, 0}).empty());
    auto blobs = c.prepare("SELECT count(*) FROM document_blobs");
    blobs.step();
    EXPECT_EQ(blobs.int64(0), 0);
}

TEST_F(Documents, TheListShowsWhatTheFilterAllowsNewestFirst) {
    auto visible = add("a").id;
    auto pending_alice = add("b", "pending", alice).id;
    auto pending_bob = add("c", "pending", bob).id;
    auto hidden = add("d", "hidden").id;
    auto redacted = add("e", "redacted").id;
    auto deleted = add("f", "deleted").id;
    auto late = add("g", "visible", alice, 500).id;
    add("h", "visible", alice, 100, other_session_id);
    (void)redacted;
    (void)deleted;

    using V = std::vector<std::int64_t>;
    EXPECT_EQ(ids({false, bob, 0}), (V{late, pending_bob, visible})) << "a member: visible and their own pending";
    EXPECT_EQ(ids({false, alice, 0}), (V{late, pending_alice, visible}));
    EXPECT_EQ(ids({true, alice, 0}), (V{late, hidden, pending_bob, pending_alice, visible}))
        << "a moderator: pending and hidden too, never redacted or deleted";
    EXPECT_EQ(ids({false, bob, 400}), (V{late})) << "a from_join guest: only what came after joining";
    EXPECT_EQ(ids({true, alice, 0}, hidden, 2), (V{pending_bob, pending_alice})) << "paged by before and limit";
}

TEST_F(Documents, TotalsCountWhatStillHoldsBytes) {
    add(std::string(100, 'a'));
    add(std::string(50, 'b'), "pending");
    add(std::string(30, 'c'), "hidden");
    add(std::string(1000, 'd'), "redacted");
    add(std::string(1000, 'e'), "deleted");
    add(std::string(7, 'f'), "visible", alice, 100, other_session_id);
    auto totals = document_totals(c, session_id);
    EXPECT_EQ(totals.count, 3);
    EXPECT_EQ(totals.bytes, 180);
}

TEST_F(Documents, StateAttachmentAndPagesAreUpdated) {
    auto d = add("x");
    d.state = "hidden";
    d.pages = 12;
    d.moderation_action = "hide";
    d.moderation_reason = "dubbel";
    d.moderated_by = bob;
    d.moderated_at = 200;
    update_document(c, d);
    auto found = find_document(c, d.id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->state, "hidden");
    EXPECT_EQ(found->pages, 12);
    EXPECT_EQ(found->moderation_reason, "dubbel");
    EXPECT_EQ(found->moderated_by, bob);
    EXPECT_TRUE(documents_of_post(c, 1).empty());
}

TEST_F(Documents, DerivedTextAndThumbnailAreStoredAndReplaced) {
    auto d = add("%PDF-1.4");
    std::string png("\x89PNG\r\n\x1a\n\0\0binary", 16);
    set_document_derived(c, d.id, session_id, "eerste tekst", png);
    EXPECT_EQ(document_text(c, d.id), "eerste tekst");
    EXPECT_EQ(document_thumbnail(c, d.id), png) << "binary bytes survive, NULs included";
    set_document_derived(c, d.id, session_id, "tweede tekst", std::nullopt);
    EXPECT_EQ(document_text(c, d.id), "tweede tekst");
    EXPECT_FALSE(document_thumbnail(c, d.id));
    auto hits = c.prepare("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'tweede'");
    ASSERT_TRUE(hits.step());
    EXPECT_EQ(hits.int64(0), d.id);
    auto old = c.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'eerste'");
    old.step();
    EXPECT_EQ(old.int64(0), 0);
}

TEST_F(Documents, ErasureRemovesBytesTextAndIndex) {
    auto d = add("%PDF-1.4 inhoud");
    set_document_derived(c, d.id, session_id, "zeldzaamwoord", std::string("PNG"));
    erase_document_content(c, d.id);
    EXPECT_FALSE(document_bytes_stored(c, d.id));
    EXPECT_TRUE(read_document_chunk(c, d.id, 0, 100).empty());
    EXPECT_FALSE(document_text(c, d.id));
    EXPECT_FALSE(document_thumbnail(c, d.id));
    auto hits = c.prepare("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'zeldzaamwoord'");
    hits.step();
    EXPECT_EQ(hits.int64(0), 0);
    EXPECT_TRUE(find_document(c, d.id)) << "the row stays for the audit trail";
}

// Through the writer, as the server erases: once the erasure is acknowledged, neither
// the bytes nor the extracted text is in any file of the data folder.
TEST(DocumentErasure, NothingOfTheDocumentStaysInTheDataFolder) {
    kl::test::TempDatabase temp;
    Writer writer(temp.path());
    const std::string content_word = "Qzxvonderzoeksbestand";
    const std::string text_word = "qzxvindexwoord";
    auto run = [&](Writer::Job job) {
        std::promise<void> done;
        writer.post(std::move(job), [&](std::exception_ptr error) {
            EXPECT_FALSE(error);
            done.set_value();
        });
        done.get_future().get();
    };
    std::int64_t id = 0;
    run([&](Connection& c) {
        NewUser u;
        u.email = "alice@gemeente.example";
        u.display_name = "Alice";
        u.organisation_type = "gemeente";
        u.global_role = "member";
        auto alice = create_user(c, u).id;
        Session session;
        session.title = "Kennislab";
        session.created_by = alice;
        auto session_id = create_session(c, session).id;
        // The unique word in the bytes, in several places across chunks.
        std::string bytes = pattern_bytes(2 * document_chunk_bytes);
        for (std::size_t at : {std::size_t{0}, document_chunk_bytes - 5, bytes.size() - 100})
            bytes.replace(at, content_word.size(), content_word);
        Document d;
        d.session_id = session_id;
        d.name = "casus.pdf";
        d.type = "application/pdf";
        d.size = static_cast<std::int64_t>(bytes.size());
        d.sha256 = "00";
        d.uploaded_by = alice;
        d.at = 1;
        std::istringstream in(bytes);
        id = create_document(c, d, in).id;
        set_document_derived(c, id, session_id, "tekst met " + text_word, std::nullopt);
    });
    ASSERT_TRUE(kl::test::any_file_contains(temp.dir(), content_word)) << "the check itself finds the bytes";
    ASSERT_TRUE(kl::test::any_file_contains(temp.dir(), text_word));
    run([&](Connection& c) {
        erase_document_content(c, id);
        auto d = find_document(c, id);
        d->state = "redacted";
        update_document(c, *d);
    });
    // Then, as the server does before it answers (app/core/erasure_answer.hpp): merge
    // jobs until the index is clean, the last one noting the erasure for the writer.
    for (bool clean = false; !clean;)
        run([&](Connection& c) {
            clean = merge_fulltext(c, {documents_index});
            if (clean) c.note_erasure();
        });
    EXPECT_FALSE(kl::test::any_file_contains(temp.dir(), content_word));
    EXPECT_FALSE(kl::test::any_file_contains(temp.dir(), text_word));
}

}  // namespace
