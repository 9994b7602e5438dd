#include "server/app/webauthn/authenticator_data.hpp"

#include "server/app/core/crypto.hpp"
#include "server/app/webauthn/cbor_reader.hpp"
#include "server/app/webauthn/limits.hpp"

namespace kl::app::webauthn {

namespace {
// §6.1 flag bits. Bits 1, 3, 4 and 5 are reserved in Level 2 (Level 3 uses 3 and 4
// for backup state): they are ignored, not refused, so newer authenticators still work.
constexpr unsigned char flag_user_present = 0x01;
constexpr unsigned char flag_user_verified = 0x04;
constexpr unsigned char flag_attested_credential = 0x40;
constexpr unsigned char flag_extensions = 0x80;

constexpr std::size_t rp_id_hash_size = 32;
constexpr std::size_t fixed_part_size = rp_id_hash_size + 1 + 4;  // rpIdHash, flags, signCount
constexpr std::size_t aaguid_size = 16;

std::uint32_t big_endian_32(std::string_view bytes) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    return value;
}
}  // namespace

std::optional<AuthenticatorData> parse_authenticator_data(std::string_view bytes) {
    if (bytes.size() < fixed_part_size || bytes.size() > limits::authenticator_data) return std::nullopt;
    const auto flags = static_cast<unsigned char>(bytes[rp_id_hash_size]);
    AuthenticatorData data{std::string(bytes.substr(0, rp_id_hash_size)), (flags & flag_user_present) != 0,
                           (flags & flag_user_verified) != 0, big_endian_32(bytes.substr(rp_id_hash_size + 1, 4)),
                           std::nullopt};
    std::string_view rest = bytes.substr(fixed_part_size);

    if (flags & flag_attested_credential) {
        if (rest.size() < aaguid_size + 2) return std::nullopt;
        AttestedCredential credential;
        credential.aaguid = std::string(rest.substr(0, aaguid_size));
        const std::size_t id_length =
            (static_cast<unsigned char>(rest[aaguid_size]) << 8) | static_cast<unsigned char>(rest[aaguid_size + 1]);
        rest.remove_prefix(aaguid_size + 2);
        if (id_length > limits::credential_id || rest.size() < id_length) return std::nullopt;
        credential.credential_id = std::string(rest.substr(0, id_length));
        rest.remove_prefix(id_length);
        // The key's length is not written anywhere: it is where its CBOR item ends.
        auto key = cbor_read_first(rest);
        if (!key) return std::nullopt;
        credential.public_key_cose = std::string(rest.substr(0, key->length));
        rest.remove_prefix(key->length);
        data.credential = std::move(credential);
    }

    if (flags & flag_extensions) {
        CborItem extensions = cbor_read_exactly(rest);
        if (!extensions || !cbor_isa_map(extensions.get())) return std::nullopt;
    } else if (!rest.empty()) {
        return std::nullopt;
    }
    return data;
}

std::optional<Refusal> check_authenticator_data(const AuthenticatorData& data, const RelyingParty& rp,
                                                bool require_user_verification) {
    if (!constant_time_equal(data.rp_id_hash, sha256(rp.id))) return Refusal::rp_id_mismatch;
    if (!data.user_present) return Refusal::user_not_present;
    if (require_user_verification && !data.user_verified) return Refusal::user_not_verified;
    return std::nullopt;
}

}  // namespace kl::app::webauthn
