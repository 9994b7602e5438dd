// Note blocks keep a dense order through inserts, moves and deletes, and full-text
// search turns any typed text into a safe query over one session's content.
#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "storage/notes.hpp"
#include "storage/search.hpp"
#include "storage/sessions.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace kl::storage;

namespace {

TEST(FtsQuery, QuotesEveryWordAsAPrefixTerm) {
    EXPECT_EQ(fts_query("radicali gemeente"), "\"radicali\"* \"gemeente\"*");
    EXPECT_EQ(fts_query("  café,wijk!"), "\"café\"* \"wijk\"*");
    EXPECT_EQ(fts_query("ab\"cd OR ef*"), "\"ab\"* \"cd\"* \"OR\"* \"ef\"*");
    EXPECT_EQ(fts_query("NEAR(xy yz) -zz col:ww ^vv"),
              "\"NEAR\"* \"xy\"* \"yz\"* \"zz\"* \"col\"* \"ww\"* \"vv\"*");
}

TEST(FtsQuery, NoWordMeansNoQuery) {
    EXPECT_EQ(fts_query(""), std::nullopt);
    // One character would match nearly everything: it is left out, and alone it is no query.
    EXPECT_EQ(fts_query("a wijk 7"), "\"wijk\"*");
    EXPECT_EQ(fts_query("a b 7"), std::nullopt);
    EXPECT_EQ(fts_query("é"), std::nullopt) << "one character of two bytes";
    EXPECT_EQ(fts_query("éé"), "\"éé\"*");
    EXPECT_EQ(fts_query("\"*()-:^ "), std::nullopt);
}

TEST(FtsQuery, TakesAtMostTwelveWords) {
    auto query = fts_query("aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo");
    ASSERT_TRUE(query);
    EXPECT_EQ(std::count(query->begin(), query->end(), '*'), 12);
}

class NotesStorage : public ::testing::Test {
protected:
    kl::test::TempDatabase temp;
    Connection c = open_database(temp.path(), OpenMode::read_write);
    std::int64_t session_id = 0;
    std::int64_t user_id = 0;

    void SetUp() override {
        migrate(c);
        NewUser user;
        user.email = "moderator@ess.example";
        user.display_name = "Moderator";
        user.organisation_type = "ess";
        user.global_role = "staff";
        user_id = create_user(c, user).id;
        Session session;
        session.title = "Kennislab";
        session.created_by = user_id;
        session_id = create_session(c, session).id;
    }

    NoteBlock add(const std::string& text, std::optional<std::int64_t> position = std::nullopt) {
        NoteBlock block;
        block.session_id = session_id;
        block.kind = "insight";
        block.text = text;
        block.created_by = block.updated_by = user_id;
        return add_block(c, block, position);
    }

    std::vector<std::string> texts(bool published_only = false) {
        std::vector<std::string> result;
        for (const auto& block : list_blocks(c, session_id, published_only)) result.push_back(block.text);
        return result;
    }
};

TEST_F(NotesStorage, InsertsMovesAndDeletesKeepTheOrderDense) {
    add("b");
    add("d");
    add("a", 0);
    auto c_block = add("c", 2);
    EXPECT_EQ(texts(), (std::vector<std::string>{"a", "b", "c", "d"}));
    update_block(c, c_block, 0);
    EXPECT_EQ(texts(), (std::vector<std::string>{"c", "a", "b", "d"}));
    EXPECT_EQ(c_block.version, 2);
    update_block(c, c_block, 99);  // past the end: last
    EXPECT_EQ(texts(), (std::vector<std::string>{"a", "b", "d", "c"}));
    delete_block(c, *find_block(c, list_blocks(c, session_id, false)[1].id));
    EXPECT_EQ(texts(), (std::vector<std::string>{"a", "d", "c"}));
    std::int64_t expected = 0;
    for (const auto& block : list_blocks(c, session_id, false)) EXPECT_EQ(block.position, expected++);
}

TEST_F(NotesStorage, PublishingTurnsEveryDraftVisibleOnce) {
    add("eerste");
    add("tweede");
    EXPECT_TRUE(texts(true).empty());
    auto published = publish_drafts(c, session_id, 1000);
    ASSERT_EQ(published.size(), 2u);
    EXPECT_EQ(published[0].published_at, 1000);
    EXPECT_EQ(texts(true), (std::vector<std::string>{"eerste", "tweede"}));
    add("derde");
    EXPECT_EQ(publish_drafts(c, session_id, 2000).size(), 1u);
    EXPECT_EQ(find_block(c, published[0].id)->published_at, 1000);  // published once, not again
}

TEST_F(NotesStorage, SearchFindsNotesOfThisSessionOnlyAndAsksWhatItMayShow) {
    auto kept = add("Samenwerking met het jongerenwerk");
    add("Jongerenwerk in de avond");
    Session other;
    other.title = "Ander kennislab";
    other.created_by = user_id;
    auto other_id = create_session(c, other).id;
    NoteBlock elsewhere;
    elsewhere.session_id = other_id;
    elsewhere.kind = "insight";
    elsewhere.text = "Jongerenwerk elders";
    elsewhere.created_by = elsewhere.updated_by = user_id;
    add_block(c, elsewhere, std::nullopt);

    auto query = *fts_query("jongerenw");
    auto all = search_session(c, SearchKind::note, session_id, query, 10, [](std::int64_t) { return true; });
    EXPECT_EQ(all.size(), 2u);
    auto one = search_session(c, SearchKind::note, session_id, query, 10, [&](std::int64_t id) { return id == kept.id; });
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].snippet, "Samenwerking met het \x01jongerenwerk\x02");
    // Changing the text updates the index.
    kept.text = "Iets anders";
    update_block(c, kept, std::nullopt);
    EXPECT_EQ(search_session(c, SearchKind::note, session_id, query, 10, [](std::int64_t) { return true; }).size(), 1u);
}

}  // namespace
