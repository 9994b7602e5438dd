#include "server/app/webauthn/webauthn.hpp"

namespace kl::app::webauthn {

// The names appear in the audit log: they are stable, like the enum's values.
const char* refusal_name(Refusal refusal) {
    switch (refusal) {
        case Refusal::malformed:
            return "malformed";
        case Refusal::wrong_type:
            return "wrong_type";
        case Refusal::challenge_mismatch:
            return "challenge_mismatch";
        case Refusal::origin_mismatch:
            return "origin_mismatch";
        case Refusal::cross_origin:
            return "cross_origin";
        case Refusal::rp_id_mismatch:
            return "rp_id_mismatch";
        case Refusal::user_not_present:
            return "user_not_present";
        case Refusal::user_not_verified:
            return "user_not_verified";
        case Refusal::unsupported_attestation:
            return "unsupported_attestation";
        case Refusal::unsupported_algorithm:
            return "unsupported_algorithm";
        case Refusal::no_credential_data:
            return "no_credential_data";
        case Refusal::credential_mismatch:
            return "credential_mismatch";
        case Refusal::bad_signature:
            return "bad_signature";
        case Refusal::counter_regressed:
            return "counter_regressed";
    }
    return "unknown";
}

}  // namespace kl::app::webauthn
