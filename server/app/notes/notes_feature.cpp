#include "server/app/notes/notes_feature.hpp"

#include "server/app/notes/notes_verbs.hpp"

namespace kl::app {

void register_notes(Features& features) {
    auto& notes = features.keep<NotesVerbs>(features.services, features.hub);
    auto& verbs = features.verbs;
    verbs.add("notes.block.create", notes, &NotesVerbs::block_create);
    verbs.add("notes.block.update", notes, &NotesVerbs::block_update);
    verbs.add("notes.block.delete", notes, &NotesVerbs::block_delete);
    verbs.add("notes.publish", notes, &NotesVerbs::publish);
}

}  // namespace kl::app
