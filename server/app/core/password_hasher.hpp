#pragma once
// Argon2id password hashing (libargon2). CPU- and memory-heavy by design: call it
// only from the hashing pool (wiring/application.hpp), never from a socket thread and
// never from the read pool, where it would make every read wait behind it.
#include <cstdint>
#include <string>
#include <string_view>

namespace kl::app {

struct Argon2Parameters {
    std::uint32_t time_cost = 2;         // iterations (OWASP's minimum with 19 MiB)
    std::uint32_t memory_kib = 19 * 1024; // memory per hash
    std::uint32_t parallelism = 1;
};

// Returns the PHC-encoded hash ($argon2id$v=19$m=…,t=…,p=…$salt$hash) with a fresh
// 16-byte salt. Throws std::runtime_error if libargon2 fails (out of memory).
std::string hash_password(std::string_view password, const Argon2Parameters& parameters);

// True when password matches the encoded hash; false for a mismatch or a malformed hash.
bool verify_password(std::string_view password, const std::string& encoded_hash);

}  // namespace kl::app
