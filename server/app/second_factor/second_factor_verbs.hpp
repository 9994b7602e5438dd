#pragma once
// The second-factor verbs over the WebSocket: a person's own factors (mfa.status,
// mfa.totp.begin/confirm/remove, mfa.recovery.renew) and the administrator's
// (mfa.policy.get/set, user.reset_second_factor). Every change is committed through
// the writer before it is answered, with its audit entry; the gate's view is told
// after the commit. A wrong code is answered bad_code after its audit entry is
// committed, and counts against the account's wrong-code limit (factor_codes.hpp).
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/rate_limiter.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"
#include "server/app/second_factor/secret_box.hpp"

#include "protocol/envelope.hpp"

#include <memory>

namespace kl::app {

class SecondFactorVerbs {
public:
    SecondFactorVerbs(Services& services, SecondFactorGate& gate, const SecretBox& box, RateLimiter& wrong_codes);

    using Handler = void (SecondFactorVerbs::*)(const std::shared_ptr<Client>&, const protocol::Request&, Finish);
    void status(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void totp_begin(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void totp_confirm(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void totp_remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void recovery_renew(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void policy_get(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void policy_set(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void reset(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    // What a code-checking change's work returns: the answer, or nullopt for a wrong code.
    using CodeWork = std::function<std::optional<nlohmann::json>(storage::Connection&)>;
    // Counts the attempt in the account's wrong-code limit (refusing with rate_limited
    // when it is full), runs work on the writer, and answers bad_code for a wrong code;
    // a right code (or a refusal for another reason) does not count. after_commit runs
    // after a right code's commit, before the answer.
    void check_code(std::int64_t user_id, CodeWork work, Finish finish, std::function<void()> after_commit);

    Services& services_;
    SecondFactorGate& gate_;
    const SecretBox& box_;
    RateLimiter& wrong_codes_;
};

}  // namespace kl::app
