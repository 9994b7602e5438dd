#include "server/app/webauthn/cose_key.hpp"

#include "server/app/webauthn/cbor_reader.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

#include <memory>

namespace kl::app::webauthn {

namespace {
// COSE labels and values (RFC 9052 §7, RFC 9053 §7).
constexpr std::int64_t label_kty = 1;
constexpr std::int64_t label_alg = 3;
constexpr std::int64_t label_crv_or_n = -1;  // crv for EC2/OKP, n for RSA
constexpr std::int64_t label_x_or_e = -2;    // x for EC2/OKP, e for RSA
constexpr std::int64_t label_y = -3;
constexpr std::int64_t label_private = -4;  // d: never in a public key
constexpr std::int64_t kty_okp = 1;
constexpr std::int64_t kty_ec2 = 2;
constexpr std::int64_t kty_rsa = 3;
constexpr std::int64_t crv_p256 = 1;
constexpr std::int64_t crv_ed25519 = 6;
constexpr int min_rsa_bits = 2048;
// Larger keys are legal but rare; the bound keeps OpenSSL's public-key check cheap.
constexpr int max_rsa_bits = 4096;
constexpr std::size_t coordinate_size = 32;

using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)>;
using Params = std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)>;
using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

// A field the key must have exactly once.
const cbor_item_t* required(const cbor_item_t* map, std::int64_t label) {
    auto found = cbor_map_get(map, label);
    return found.duplicate ? nullptr : found.value;
}

std::optional<std::int64_t> required_integer(const cbor_item_t* map, std::int64_t label) {
    return cbor_integer(required(map, label));
}

std::optional<std::string> required_bytes(const cbor_item_t* map, std::int64_t label) {
    return cbor_bytes(required(map, label));
}

Bignum bignum(const std::string& big_endian) {
    return Bignum(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                            static_cast<int>(big_endian.size()), nullptr),
                  BN_free);
}

// Builds the key from OpenSSL parameters, has OpenSSL check it (EC: the point is on
// the curve; RSA: n odd and composite, e in range) and encodes it as SPKI DER.
std::optional<std::string> spki_from_params(const char* key_type, const ParamBuilder& builder) {
    Params params(OSSL_PARAM_BLD_to_param(builder.get()), OSSL_PARAM_free);
    PkeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, key_type, nullptr), EVP_PKEY_CTX_free);
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1) return std::nullopt;
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) return std::nullopt;
    Pkey key(raw, EVP_PKEY_free);
    PkeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr), EVP_PKEY_CTX_free);
    if (!check || EVP_PKEY_public_check(check.get()) != 1) return std::nullopt;
    if (std::string_view(key_type) == "RSA") {
        int bits = EVP_PKEY_get_bits(key.get());
        if (bits < min_rsa_bits || bits > max_rsa_bits) return std::nullopt;
    }
    unsigned char* der = nullptr;
    int length = i2d_PUBKEY(key.get(), &der);
    if (length <= 0) return std::nullopt;
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

std::optional<std::string> es256_key(const cbor_item_t* map) {
    auto x = required_bytes(map, label_x_or_e);
    auto y = required_bytes(map, label_y);
    if (required_integer(map, label_kty) != kty_ec2 || required_integer(map, label_crv_or_n) != crv_p256) {
        return std::nullopt;
    }
    if (!x || !y || x->size() != coordinate_size || y->size() != coordinate_size) return std::nullopt;
    std::string point = "\x04" + *x + *y;  // SEC 1 uncompressed point
    ParamBuilder builder(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
    if (!builder || OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
        return std::nullopt;
    }
    return spki_from_params("EC", builder);
}

std::optional<std::string> eddsa_key(const cbor_item_t* map) {
    auto x = required_bytes(map, label_x_or_e);
    if (required_integer(map, label_kty) != kty_okp || required_integer(map, label_crv_or_n) != crv_ed25519) {
        return std::nullopt;
    }
    if (!x || x->size() != coordinate_size) return std::nullopt;
    ParamBuilder builder(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
    if (!builder ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, x->data(), x->size()) != 1) {
        return std::nullopt;
    }
    return spki_from_params("ED25519", builder);
}

std::optional<std::string> rs256_key(const cbor_item_t* map) {
    auto n = required_bytes(map, label_crv_or_n);
    auto e = required_bytes(map, label_x_or_e);
    if (required_integer(map, label_kty) != kty_rsa || !n || !e || e->empty() || e->size() > 8) return std::nullopt;
    if (n->size() > static_cast<std::size_t>(max_rsa_bits / 8) + 1) return std::nullopt;
    Bignum modulus = bignum(*n);
    Bignum exponent = bignum(*e);
    ParamBuilder builder(OSSL_PARAM_BLD_new(), OSSL_PARAM_BLD_free);
    if (!modulus || !exponent || !builder ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
        return std::nullopt;
    }
    return spki_from_params("RSA", builder);
}
}  // namespace

std::optional<PublicKey> public_key_from_cose(std::string_view cose_key) {
    CborItem map = cbor_read_exactly(cose_key);
    if (!map || !cbor_isa_map(map.get())) return std::nullopt;
    if (cbor_map_get(map.get(), label_private).value) return std::nullopt;
    auto alg = required_integer(map.get(), label_alg);
    if (!alg) return std::nullopt;
    std::optional<std::string> der;
    switch (*alg) {
        case static_cast<int>(Algorithm::es256):
            der = es256_key(map.get());
            break;
        case static_cast<int>(Algorithm::eddsa):
            der = eddsa_key(map.get());
            break;
        case static_cast<int>(Algorithm::rs256):
            der = rs256_key(map.get());
            break;
        default:
            return std::nullopt;
    }
    if (!der) return std::nullopt;
    return PublicKey{static_cast<Algorithm>(*alg), std::move(*der)};
}

}  // namespace kl::app::webauthn
