#include "server/app/access/session_limits.hpp"

#include "protocol/errors.hpp"
#include "storage/board.hpp"
#include "storage/documents.hpp"
#include "storage/posts.hpp"
#include "storage/threads.hpp"

#include <string>

namespace kl::app {

namespace {

using protocol::ErrorCode;
using protocol::ProtocolError;

// 1000000 -> "1.000.000", as Dutch writes numbers.
std::string dutch_number(std::int64_t n) {
    auto digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

void refuse(const std::string& message) { throw ProtocolError(ErrorCode::too_large, message); }

}  // namespace

void require_room_for_thread(storage::Connection& connection, const SessionLimits& limits, std::int64_t session_id) {
    if (storage::count_threads(connection, session_id) >= limits.max_threads)
        refuse("Deze sessie heeft het maximum van " + dutch_number(limits.max_threads) +
               " gesprekken bereikt. Vraag een moderator om ruimte te maken.");
}

void require_room_for_card(storage::Connection& connection, const SessionLimits& limits, std::int64_t session_id,
                           std::int64_t added_chars) {
    if (storage::count_cards(connection, session_id) >= limits.max_cards)
        refuse("Het kennisbord is vol (" + dutch_number(limits.max_cards) + " kaarten).");
    require_room_for_card_text(connection, limits, session_id, added_chars);
}

void require_room_for_card_text(storage::Connection& connection, const SessionLimits& limits,
                                std::int64_t session_id, std::int64_t more_chars) {
    if (more_chars <= 0) return;
    if (storage::board_text_chars(connection, session_id) + more_chars > limits.max_board_text_chars)
        refuse("Het kennisbord is vol: alle kaarten samen mogen niet meer dan " +
               dutch_number(limits.max_board_text_chars) + " tekens bevatten. Maak kaarten korter of ruim er een paar op.");
}

void require_room_to_wait(storage::Connection& connection, const SessionLimits& limits, std::int64_t session_id) {
    if (storage::count_waiting_items(connection, session_id) >= limits.max_waiting_items)
        refuse("Er wachten al " + dutch_number(limits.max_waiting_items) +
               " berichten en meldingen op een moderator. Probeer het later opnieuw.");
}

void require_room_for_document(storage::Connection& connection, const SessionLimits& limits,
                               std::int64_t session_id, std::int64_t added_bytes) {
    auto totals = storage::document_totals(connection, session_id);
    if (totals.count >= limits.max_documents)
        refuse("Deze sessie heeft het maximum van " + dutch_number(limits.max_documents) +
               " documenten bereikt. Vraag een moderator om ruimte te maken.");
    if (totals.bytes + added_bytes > limits.max_document_bytes)
        refuse("De documenten van deze sessie mogen samen niet groter zijn dan " +
               dutch_number(limits.max_document_bytes / (1024 * 1024)) +
               " MB. Vraag een moderator om ruimte te maken.");
}

}  // namespace kl::app
