#include "server/app/sessions/sessions_feature.hpp"

#include "server/app/sessions/session_verbs.hpp"

namespace kl::app {

BoardCache& register_sessions(Features& features) {
    auto& part = features.keep<SessionVerbs>(features.services, features.hub, features.second_factor_gate);
    auto& verbs = features.verbs;
    verbs.add("session.list", part, &SessionVerbs::list);
    verbs.add("session.create", part, &SessionVerbs::create);
    verbs.add("session.update", part, &SessionVerbs::update);
    verbs.add("session.archive", part, &SessionVerbs::archive);
    verbs.add("session.state", part, &SessionVerbs::state);
    verbs.add("session.subscribe", part, &SessionVerbs::subscribe);
    verbs.add("session.unsubscribe", part, &SessionVerbs::unsubscribe);
    verbs.add("member.add", part, &SessionVerbs::member_add);
    verbs.add("member.remove", part, &SessionVerbs::member_remove);
    verbs.add("member.set_role", part, &SessionVerbs::member_set_role);
    verbs.add("member.mute", part, &SessionVerbs::member_mute);
    return part.boards();
}

}  // namespace kl::app
