#include "storage/fulltext_merge.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

namespace kl::storage {

namespace {

constexpr std::array<std::string_view, 5> known_indexes{posts_index, threads_index, cards_index, notes_index,
                                                        documents_index};

// Pages one 'merge' step writes. The negative sign makes FTS5 merge segments of every
// level together (down to one segment), which is what removes a deleted row's tokens;
// a positive value would only merge where a level is full.
constexpr int pages_per_step = 16;

// One step. FTS5's documented test for "was there anything to merge": the statement
// itself counts one change, so two or more mean that it wrote merged pages.
bool merge_step_did_work(Connection& connection, const std::string& index) {
    auto before = sqlite3_total_changes64(connection.handle());
    connection.exec("INSERT INTO " + index + "(" + index + ", rank) VALUES ('merge', -" +
                    std::to_string(pages_per_step) + ")");
    return sqlite3_total_changes64(connection.handle()) - before >= 2;
}

}  // namespace

bool merge_fulltext(Connection& connection, const std::vector<std::string>& indexes,
                    std::chrono::milliseconds budget) {
    using clock = std::chrono::steady_clock;
    auto deadline = clock::now() + budget;
    for (const auto& index : indexes) {
        // The names are built into SQL: only the schema's own indexes.
        if (std::find(known_indexes.begin(), known_indexes.end(), index) == known_indexes.end())
            throw std::invalid_argument("merge_fulltext: not a full-text index of the schema: " + index);
        while (merge_step_did_work(connection, index))
            if (clock::now() >= deadline) return false;
    }
    return true;
}

}  // namespace kl::storage
