#include "server/app/second_factor/passkey_verbs.hpp"

#include "protocol/fields.hpp"
#include "server/app/access/caller.hpp"
#include "server/app/core/crypto.hpp"
#include "server/app/second_factor/factor_changes.hpp"
#include "server/app/second_factor/passkey_ceremony.hpp"
#include "storage/connection.hpp"
#include "storage/second_factor.hpp"
#include "storage/users.hpp"

#include <nlohmann/json.hpp>

#include <variant>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr const char* unverified_message =
    "De passkey kon niet worden gecontroleerd. Probeer het opnieuw met een nieuwe poging.";

std::vector<std::string> credential_ids_of(storage::Connection& c, std::int64_t user_id) {
    std::vector<std::string> ids;
    for (const auto& passkey : storage::passkeys_of(c, user_id))
        if (auto raw = base64url_decode(passkey.credential_id)) ids.push_back(*raw);
    return ids;
}

}  // namespace

PasskeyVerbs::PasskeyVerbs(Services& services, SecondFactorGate& gate)
    : services_(services), gate_(gate) {}

void PasskeyVerbs::begin(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto name = protocol::required_string(request.params, "name", 1, max_passkey_name_chars);
    run_write(
        services_.writer,
        [this, id = client->user_id(), name](storage::Connection& c) -> nlohmann::json {
            auto caller = require_caller(c, id, GlobalAction::hello);
            auto existing = credential_ids_of(c, id);
            if (existing.size() >= max_passkeys_per_account)
                throw ProtocolError(ErrorCode::too_large, "Je hebt al " + std::to_string(max_passkeys_per_account) +
                                                              " passkeys. Verwijder er eerst een die je niet meer "
                                                              "gebruikt.");
            auto challenge = issue_challenge(c, "register", id, name, services_.now());
            return {{"options", webauthn::creation_options(relying_party_for(services_.origin), user_handle_of(c, id), caller.email,
                                                           caller.display_name, challenge, existing)}};
        },
        std::move(finish));
}

void PasskeyVerbs::finish(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto response = webauthn::parse_registration(protocol::required_object(request.params, "credential"));
    if (!response) throw ProtocolError(ErrorCode::bad_request, unverified_message);
    auto id = client->user_id();
    run_write(
        services_.writer,
        [this, id, response = *response](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto taken = take_challenge(c, response.client_data_json, "register", now);
            if (!taken || taken->issued.user_id != id)
                throw ProtocolError(ErrorCode::bad_request,
                                    "Deze poging is verlopen of al gebruikt. Begin opnieuw met het toevoegen van de "
                                    "passkey.");
            auto verified = webauthn::verify_registration(relying_party_for(services_.origin), response, taken->challenge, false);
            if (auto* refusal = std::get_if<webauthn::Refusal>(&verified)) {
                // Committed with the used challenge: the refusal is on record, then answered.
                audit_factor(c, now, id, "second_factor.failed", id, "passkey",
                             {{"refusal", webauthn::refusal_name(*refusal)}});
                return {{"refused", true}};
            }
            const auto& credential = std::get<webauthn::Credential>(verified);
            auto credential_id = base64url_encode(credential.id);
            if (storage::find_passkey_by_credential(c, credential_id))
                throw ProtocolError(ErrorCode::conflict, "Deze passkey is al toegevoegd.");
            if (storage::passkeys_of(c, id).size() >= max_passkeys_per_account)
                throw ProtocolError(ErrorCode::too_large, "Je hebt het grootste aantal passkeys al.");
            bool first = !storage::has_second_factor(c, id);
            storage::Passkey passkey;
            passkey.user_id = id;
            passkey.name = taken->issued.label.value_or("Passkey");
            passkey.credential_id = credential_id;
            passkey.public_key_der = base64url_encode(credential.public_key_der);
            passkey.algorithm = static_cast<int>(credential.algorithm);
            passkey.sign_count = credential.sign_count;
            passkey.created_at = now;
            passkey.id = storage::add_passkey(c, passkey);
            audit_factor(c, now, id, "second_factor.added", id, "passkey", {{"passkey", std::to_string(passkey.id)}});
            nlohmann::json answer = {{"passkey", passkey_json(passkey)}};
            if (first) answer["recovery_codes"] = fresh_recovery_codes(c, id, now);
            return answer;
        },
        [this, id, finish = std::move(finish)](Outcome outcome) {
            if (!failed(outcome) && result(outcome).contains("refused"))
                return finish(ProtocolError(ErrorCode::bad_request, unverified_message));
            if (!failed(outcome)) gate_.note_factor(id, true);
            finish(std::move(outcome));
        });
}

void PasskeyVerbs::remove(const std::shared_ptr<Client>& client, const protocol::Request& request, Finish finish) {
    auto passkey_id = protocol::id_value(protocol::required_id(request.params, "passkey"));
    auto id = client->user_id();
    auto still_has_factor = std::make_shared<bool>(true);
    run_write(
        services_.writer,
        [this, id, passkey_id, still_has_factor](storage::Connection& c) -> nlohmann::json {
            require_caller(c, id, GlobalAction::hello);
            auto now = services_.now();
            auto passkey = storage::find_passkey(c, passkey_id);
            // Another account's passkey is as unknown as one that never existed.
            if (!passkey || passkey->user_id != id)
                throw ProtocolError(ErrorCode::not_found, "Deze passkey bestaat niet (meer).");
            auto totp = storage::find_totp(c, id);
            bool last = !(totp && totp->confirmed) && storage::passkeys_of(c, id).size() == 1;
            if (last && policy_requires_factor(c, id))
                throw ProtocolError(ErrorCode::forbidden,
                                    "Dit is je enige tweede factor, en die is verplicht. Voeg eerst een andere passkey "
                                    "of een authenticator-app toe als je deze wilt verwijderen.");
            storage::delete_passkey(c, passkey_id);
            // Recovery codes exist only beside a factor.
            if (last) storage::replace_recovery_codes(c, id, {}, now);
            *still_has_factor = !last;
            audit_factor(c, now, id, "second_factor.removed", id, "passkey", {{"passkey", std::to_string(passkey_id)}});
            return nlohmann::json::object();
        },
        [this, id, still_has_factor, finish = std::move(finish)](Outcome outcome) {
            if (!failed(outcome)) gate_.note_factor(id, *still_has_factor);
            finish(std::move(outcome));
        });
}

}  // namespace kl::app
