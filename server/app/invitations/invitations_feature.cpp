#include "server/app/invitations/invitations_feature.hpp"

#include "protocol/json_parse.hpp"
#include "server/app/invitations/invitations.hpp"

namespace kl::app {

void register_invitations(Features& features) {
    auto& invitations = features.keep<Invitations>(features.services, features.hub, features.hashing_pool);
    auto& verbs = features.verbs;
    verbs.add("invite.create", invitations, &Invitations::create);
    verbs.add("invite.list", invitations, &Invitations::list);
    verbs.add("invite.revoke", invitations, &Invitations::revoke);
    verbs.add("invite.extend", invitations, &Invitations::extend);
    verbs.add("session.end_guest_access", invitations, &Invitations::end_guest_access);

    features.routes.add("GET", "/api/invitations/{}",
                        [&invitations](const HttpRequest& request, const std::string& token, Respond respond) {
                            invitations.info(request, token, std::move(respond));
                        },
                        SecondFactorCheck::exempt);
    features.routes.add("POST", "/api/invitations/{}/accept",
                        [&invitations](const HttpRequest& request, const std::string& token, Respond respond) {
                            invitations.accept(request, token, protocol::parse_object(request.body), std::move(respond));
                        });
    features.every_second([&invitations] { invitations.end_expired_access(); });
}

}  // namespace kl::app
