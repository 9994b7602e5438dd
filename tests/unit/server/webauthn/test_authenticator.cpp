#include "unit/server/webauthn/test_authenticator.hpp"

#include "server/app/core/crypto.hpp"

#include <cbor.h>
#include <openssl/core_names.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace kl::test::webauthn {

namespace {
using kl::app::base64url_encode;

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(what);
}

// A CBOR integer item of any sign (the caller owns the reference).
cbor_item_t* cbor_int(std::int64_t value) {
    if (value >= 0) return cbor_build_uint64(static_cast<std::uint64_t>(value));
    return cbor_build_negint64(static_cast<std::uint64_t>(-1 - value));
}

cbor_item_t* cbor_bytes(const std::string& bytes) {
    return cbor_build_bytestring(reinterpret_cast<cbor_data>(bytes.data()), bytes.size());
}

void add(cbor_item_t* map, cbor_item_t* key, cbor_item_t* value) {
    require(cbor_map_add(map, {cbor_move(key), cbor_move(value)}), "cbor_map_add");
}

// Serialises the item and gives back its reference.
std::string serialise(cbor_item_t* item) {
    unsigned char* buffer = nullptr;
    std::size_t allocated = 0;
    std::size_t length = cbor_serialize_alloc(item, &buffer, &allocated);
    std::string out(reinterpret_cast<const char*>(buffer), length);
    free(buffer);
    cbor_decref(&item);
    require(length > 0, "cbor_serialize_alloc");
    return out;
}

std::string octet_param(EVP_PKEY* key, const char* name) {
    unsigned char buffer[1024];
    std::size_t length = 0;
    require(EVP_PKEY_get_octet_string_param(key, name, buffer, sizeof buffer, &length) == 1, "octet param");
    return std::string(reinterpret_cast<const char*>(buffer), length);
}

std::string bignum_param(EVP_PKEY* key, const char* name) {
    BIGNUM* value = nullptr;
    require(EVP_PKEY_get_bn_param(key, name, &value) == 1, "bn param");
    std::string out(static_cast<std::size_t>(BN_num_bytes(value)), '\0');
    BN_bn2bin(value, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(value);
    return out;
}

EVP_PKEY* generate(Algorithm algorithm, int rsa_bits) {
    switch (algorithm) {
        case Algorithm::es256:
            return EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        case Algorithm::eddsa:
            return EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        case Algorithm::rs256:
            return EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(rsa_bits));
    }
    return nullptr;
}
}  // namespace

TestAuthenticator::TestAuthenticator(Algorithm algorithm, int rsa_bits)
    : algorithm_(algorithm), key_(generate(algorithm, rsa_bits), EVP_PKEY_free), credential_id_(16, '\0') {
    require(key_ != nullptr, "keygen");
    require(RAND_bytes(reinterpret_cast<unsigned char*>(credential_id_.data()), 16) == 1, "RAND_bytes");
}

std::string TestAuthenticator::cose_key(std::optional<int> alg, bool flip_y) const {
    cbor_item_t* map = cbor_new_definite_map(5);
    switch (algorithm_) {
        case Algorithm::es256: {
            std::string point = octet_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY);  // 04 || x || y
            require(point.size() == 65, "uncompressed point");
            std::string y = point.substr(33, 32);
            if (flip_y) y[31] = static_cast<char>(y[31] ^ 1);
            add(map, cbor_int(1), cbor_int(2));  // kty EC2
            add(map, cbor_int(3), cbor_int(alg.value_or(-7)));
            add(map, cbor_int(-1), cbor_int(1));  // crv P-256
            add(map, cbor_int(-2), cbor_bytes(point.substr(1, 32)));
            add(map, cbor_int(-3), cbor_bytes(y));
            break;
        }
        case Algorithm::eddsa:
            add(map, cbor_int(1), cbor_int(1));  // kty OKP
            add(map, cbor_int(3), cbor_int(alg.value_or(-8)));
            add(map, cbor_int(-1), cbor_int(6));  // crv Ed25519
            add(map, cbor_int(-2), cbor_bytes(octet_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY)));
            break;
        case Algorithm::rs256:
            add(map, cbor_int(1), cbor_int(3));  // kty RSA
            add(map, cbor_int(3), cbor_int(alg.value_or(-257)));
            add(map, cbor_int(-1), cbor_bytes(bignum_param(key_.get(), OSSL_PKEY_PARAM_RSA_N)));
            add(map, cbor_int(-2), cbor_bytes(bignum_param(key_.get(), OSSL_PKEY_PARAM_RSA_E)));
            break;
    }
    return serialise(map);
}

std::string client_data_json(const Ceremony& ceremony, const std::string& default_type) {
    nlohmann::json json = {{"type", ceremony.type.value_or(default_type)},
                           {"challenge", base64url_encode(ceremony.challenge)},
                           {"origin", ceremony.origin}};
    if (ceremony.cross_origin) json["crossOrigin"] = *ceremony.cross_origin;
    return json.dump();
}

std::string authenticator_data(const Ceremony& ceremony, unsigned char flags,
                               const std::string& attested_credential_data) {
    std::string out = kl::app::sha256(ceremony.rp_id);
    out += static_cast<char>(flags);
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((ceremony.sign_count >> shift) & 0xFF);
    out += attested_credential_data;
    if (ceremony.extensions_cbor) out += *ceremony.extensions_cbor;
    return out;
}

std::string attestation_object(const std::string& fmt, bool statement, const std::string& authenticator_data) {
    cbor_item_t* map = cbor_new_definite_map(3);
    cbor_item_t* attestation_statement = cbor_new_definite_map(1);
    if (statement) add(attestation_statement, cbor_build_string("alg"), cbor_int(-7));
    add(map, cbor_build_string("fmt"), cbor_build_string(fmt.c_str()));
    add(map, cbor_build_string("attStmt"), attestation_statement);
    add(map, cbor_build_string("authData"), cbor_bytes(authenticator_data));
    return serialise(map);
}

kl::app::webauthn::RegistrationResponse TestAuthenticator::make_credential(const Ceremony& ceremony) const {
    const std::string& attested_id = ceremony.attested_id.value_or(credential_id_);
    std::string attested(16, '\0');  // aaguid: all zero under attestation "none"
    attested += static_cast<char>(attested_id.size() >> 8);
    attested += static_cast<char>(attested_id.size() & 0xFF);
    attested += attested_id;
    attested += ceremony.cose_key.value_or(cose_key());
    unsigned char flags = ceremony.flags.value_or(flag_up | flag_uv | flag_at);
    std::string data = authenticator_data(ceremony, flags, (flags & flag_at) ? attested : std::string());
    return {credential_id_, client_data_json(ceremony, "webauthn.create"),
            attestation_object(ceremony.fmt, ceremony.attestation_statement, data)};
}

kl::app::webauthn::AssertionResponse TestAuthenticator::get_assertion(const Ceremony& ceremony) const {
    std::string client_data = client_data_json(ceremony, "webauthn.get");
    std::string data = authenticator_data(ceremony, ceremony.flags.value_or(flag_up | flag_uv));
    std::string signature = sign(data + kl::app::sha256(client_data));
    return {credential_id_, client_data, data, signature, std::nullopt};
}

std::string TestAuthenticator::sign(const std::string& data) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    const EVP_MD* digest = algorithm_ == Algorithm::eddsa ? nullptr : EVP_sha256();
    require(EVP_DigestSignInit(context.get(), nullptr, digest, nullptr, key_.get()) == 1, "DigestSignInit");
    std::size_t length = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    require(EVP_DigestSign(context.get(), nullptr, &length, bytes, data.size()) == 1, "DigestSign size");
    std::string signature(length, '\0');
    require(EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes,
                           data.size()) == 1,
            "DigestSign");
    signature.resize(length);
    return signature;
}

nlohmann::json registration_json(const kl::app::webauthn::RegistrationResponse& response) {
    std::string id = base64url_encode(response.credential_id);
    return {{"id", id},
            {"rawId", id},
            {"type", "public-key"},
            {"response",
             {{"clientDataJSON", base64url_encode(response.client_data_json)},
              {"attestationObject", base64url_encode(response.attestation_object)}}}};
}

nlohmann::json assertion_json(const kl::app::webauthn::AssertionResponse& response) {
    std::string id = base64url_encode(response.credential_id);
    nlohmann::json json = {{"id", id},
                           {"rawId", id},
                           {"type", "public-key"},
                           {"response",
                            {{"clientDataJSON", base64url_encode(response.client_data_json)},
                             {"authenticatorData", base64url_encode(response.authenticator_data)},
                             {"signature", base64url_encode(response.signature)}}}};
    if (response.user_handle) json["response"]["userHandle"] = base64url_encode(*response.user_handle);
    return json;
}

}  // namespace kl::test::webauthn
