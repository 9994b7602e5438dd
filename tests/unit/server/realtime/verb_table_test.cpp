// The verb table features fill at start-up: lookups, and the refusal of a name added
// twice (two features must never shadow each other's verbs silently).
#include "server/app/realtime/verb_table.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using kl::app::Client;
using kl::app::Finish;
using kl::app::VerbTable;

struct Counter {
    int calls = 0;
    void count(const std::shared_ptr<Client>&, const kl::protocol::Request&, Finish) { ++calls; }
};

TEST(VerbTable, FindsWhatWasAddedAndNothingElse) {
    VerbTable table;
    Counter counter;
    table.add("board.card.create", counter, &Counter::count);
    const auto* verb = table.find("board.card.create");
    ASSERT_NE(verb, nullptr);
    (*verb)(nullptr, kl::protocol::Request{}, [](kl::app::Outcome) {});
    EXPECT_EQ(counter.calls, 1);
    EXPECT_EQ(table.find("board.card"), nullptr);
    EXPECT_EQ(table.find("board.card.create "), nullptr);
    EXPECT_EQ(table.find(""), nullptr);
}

TEST(VerbTable, RefusesANameAddedTwiceAndKeepsTheFirst) {
    VerbTable table;
    Counter first, second;
    table.add("search", first, &Counter::count);
    EXPECT_THROW(table.add("search", second, &Counter::count), std::logic_error);
    (*table.find("search"))(nullptr, kl::protocol::Request{}, [](kl::app::Outcome) {});
    EXPECT_EQ(first.calls, 1);
    EXPECT_EQ(second.calls, 0);
}

TEST(VerbTable, RefusesAnEmptyHandler) {
    VerbTable table;
    EXPECT_THROW(table.add("hello", kl::app::Verb{}), std::logic_error);
    EXPECT_EQ(table.find("hello"), nullptr);
}

TEST(VerbTable, AWidenedVerbTakesTheRequestsWithItsParameterAndLeavesTheRest) {
    VerbTable table;
    Counter posts, documents;
    EXPECT_THROW(table.widen("mod.hide", "document", documents, &Counter::count), std::logic_error) << "not added yet";
    table.add("mod.hide", posts, &Counter::count);
    table.widen("mod.hide", "document", documents, &Counter::count);
    kl::protocol::Request for_post, for_document;
    for_post.params = {{"post", "1"}};
    for_document.params = {{"document", "2"}};
    (*table.find("mod.hide"))(nullptr, for_post, [](kl::app::Outcome) {});
    (*table.find("mod.hide"))(nullptr, for_document, [](kl::app::Outcome) {});
    (*table.find("mod.hide"))(nullptr, kl::protocol::Request{}, [](kl::app::Outcome) {});
    EXPECT_EQ(posts.calls, 2) << "the post and the request without either";
    EXPECT_EQ(documents.calls, 1);
    EXPECT_EQ(table.types(), std::vector<std::string>{"mod.hide"}) << "still one verb";
}

TEST(VerbTable, ListsItsNamesSorted) {
    VerbTable table;
    Counter counter;
    for (const char* name : {"post.edit", "hello", "mod.queue"}) table.add(name, counter, &Counter::count);
    EXPECT_EQ(table.types(), (std::vector<std::string>{"hello", "mod.queue", "post.edit"}));
}

}  // namespace
