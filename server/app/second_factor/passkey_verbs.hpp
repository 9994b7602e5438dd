#pragma once
// A person's own passkeys over the WebSocket (PROTOCOL.md, "Second factor and
// passkeys"): mfa.passkey.begin {name} answers WebAuthn creation options with a fresh
// challenge, mfa.passkey.finish {credential} verifies the new credential (webauthn/,
// W3C WebAuthn Level 2 §7.1) and stores it with the account that asked, and
// mfa.passkey.remove {passkey} removes one of the caller's own, never the last factor
// while the policy requires one. Every change commits with its audit entry before it
// is answered, and the gate is told after the commit. A credential that fails
// verification is audited (with the step that refused it) and answered bad_request.
#include "server/app/access/second_factor_gate.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/services.hpp"
#include "server/app/realtime/client.hpp"

#include "protocol/envelope.hpp"

#include <memory>

namespace kl::app {

class PasskeyVerbs {
public:
    PasskeyVerbs(Services& services, SecondFactorGate& gate);

    void begin(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void finish(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);
    void remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish);

private:
    Services& services_;
    SecondFactorGate& gate_;
};

}  // namespace kl::app
