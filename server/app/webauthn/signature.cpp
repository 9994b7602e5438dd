#include "server/app/webauthn/signature.hpp"

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>

namespace kl::app::webauthn {

namespace {
using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

Pkey decode_public_key(std::string_view der) {
    const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
    Pkey key(d2i_PUBKEY(nullptr, &cursor, static_cast<long>(der.size())), EVP_PKEY_free);
    // A stored key is exactly one SPKI: anything after it means it is not what we stored.
    if (key && cursor != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) key.reset();
    return key;
}

const char* key_type_of(Algorithm algorithm) {
    switch (algorithm) {
        case Algorithm::es256:
            return "EC";
        case Algorithm::eddsa:
            return "ED25519";
        case Algorithm::rs256:
            return "RSA";
    }
    return nullptr;
}
}  // namespace

bool signature_verifies(Algorithm algorithm, std::string_view public_key_der, std::string_view signed_data,
                        std::string_view signature) {
    Pkey key = decode_public_key(public_key_der);
    const char* key_type = key_type_of(algorithm);
    if (!key || !key_type || !EVP_PKEY_is_a(key.get(), key_type)) return false;
    DigestContext context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!context) return false;
    EVP_PKEY_CTX* key_context = nullptr;
    // Ed25519 hashes internally (PureEdDSA): OpenSSL wants no digest for it.
    const EVP_MD* digest = algorithm == Algorithm::eddsa ? nullptr : EVP_sha256();
    if (EVP_DigestVerifyInit(context.get(), &key_context, digest, nullptr, key.get()) != 1) return false;
    if (algorithm == Algorithm::rs256 && EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PADDING) != 1) {
        return false;
    }
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(signed_data.data()), signed_data.size()) == 1;
}

}  // namespace kl::app::webauthn
