#include "server/app/user_erasure/user_erasure_feature.hpp"

#include "server/app/user_erasure/user_erase_verb.hpp"
#include "server/app/user_erasure/user_eraser.hpp"

namespace kl::app {

void register_user_erasure(Features& features, BoardCache& boards) {
    auto& eraser = features.keep<UserEraser>(features.services, features.hub, boards);
    features.every_second([&eraser] { eraser.tick(); });
    auto& verb = features.keep<UserEraseVerb>(features.services, eraser, boards);
    features.verbs.add("user.erase", verb, &UserEraseVerb::erase);
}

}  // namespace kl::app
