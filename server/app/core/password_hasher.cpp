#include "server/app/core/password_hasher.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace kl::app {

std::string hash_password(std::string_view password, const Argon2Parameters& p) {
    std::array<unsigned char, 16> salt{};
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        throw std::runtime_error("CSPRNG failure");
    }
    constexpr std::size_t hash_length = 32;
    const std::size_t encoded_length =
        argon2_encodedlen(p.time_cost, p.memory_kib, p.parallelism, salt.size(), hash_length, Argon2_id);
    std::vector<char> encoded(encoded_length);
    const int rc = argon2id_hash_encoded(p.time_cost, p.memory_kib, p.parallelism, password.data(), password.size(),
                                         salt.data(), salt.size(), hash_length, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) {
        throw std::runtime_error(std::string("argon2: ") + argon2_error_message(rc));
    }
    return std::string(encoded.data());
}

bool verify_password(std::string_view password, const std::string& encoded_hash) {
    if (encoded_hash.rfind("$argon2id$", 0) != 0) return false;
    return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace kl::app
