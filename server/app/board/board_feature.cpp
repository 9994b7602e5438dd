#include "server/app/board/board_feature.hpp"

#include "server/app/board/board_verbs.hpp"

namespace kl::app {

void register_board(Features& features) {
    auto& board = features.keep<BoardVerbs>(features.services, features.hub);
    auto& verbs = features.verbs;
    verbs.add("board.card.create", board, &BoardVerbs::card_create);
    verbs.add("board.card.update", board, &BoardVerbs::card_update);
    verbs.add("board.card.delete", board, &BoardVerbs::card_delete);
    verbs.add("board.column.create", board, &BoardVerbs::column_create);
    verbs.add("board.column.update", board, &BoardVerbs::column_update);
    verbs.add("board.column.delete", board, &BoardVerbs::column_delete);
}

}  // namespace kl::app
