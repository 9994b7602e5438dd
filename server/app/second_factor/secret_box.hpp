#pragma once
// Seals TOTP secrets for the database: AES-256-GCM (OpenSSL EVP) with a 96-bit random
// nonce per sealing, and the user id as associated data, so that a sealed secret copied
// onto another account does not open. The key is 32 random bytes in
// <data dir>/second-factor.key, made (mode 0600) on first start and read on every later
// one; it never goes into the database, a log or an answer.
//
// Sealed form: "v1:" + base64(nonce || ciphertext || tag).
//
// Thread-safety: seal and open may be called from any thread (the key is only read).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kl::app {

class SecretBox {
public:
    // Reads the key at path, or makes it (0600) when the file does not exist. Throws
    // std::runtime_error when the file cannot be made or read, or holds no 32-byte key.
    static SecretBox open_or_create(const std::filesystem::path& path);

    std::string seal(std::string_view plain, std::int64_t user_id) const;
    // The secret, or nullopt when sealed was not made by this key for this user (or was changed).
    std::optional<std::string> open(std::string_view sealed, std::int64_t user_id) const;

private:
    explicit SecretBox(std::string key) : key_(std::move(key)) {}
    std::string key_;  // 32 bytes
};

// Where the key lives in a data folder.
std::filesystem::path secret_box_key_path(const std::string& data_dir);

}  // namespace kl::app
