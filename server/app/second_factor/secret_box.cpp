#include "server/app/second_factor/secret_box.hpp"

#include "server/app/core/crypto.hpp"

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace kl::app {

namespace {

constexpr std::size_t key_bytes = 32;
constexpr std::size_t nonce_bytes = 12;
constexpr std::size_t tag_bytes = 16;
constexpr std::string_view prefix = "v1:";

std::string associated_data(std::int64_t user_id) { return "kennislab totp secret of user " + std::to_string(user_id); }

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
    CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!context) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
    return context;
}

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

// Writes a fresh key with O_EXCL, so that two starts never make two keys; false when
// the file exists already.
bool create_key_file(const std::filesystem::path& path, const std::string& key) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return false;
        throw std::runtime_error("cannot create " + path.string() + ": " + std::strerror(errno));
    }
    bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        std::filesystem::remove(path);
        throw std::runtime_error("cannot write " + path.string());
    }
    return true;
}

}  // namespace

std::filesystem::path secret_box_key_path(const std::string& data_dir) {
    return std::filesystem::path(data_dir) / "second-factor.key";
}

SecretBox SecretBox::open_or_create(const std::filesystem::path& path) {
    auto fresh = random_bytes(key_bytes);
    if (create_key_file(path, fresh)) return SecretBox(std::move(fresh));
    std::ifstream in(path, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.eof() && in.fail()) throw std::runtime_error("cannot read " + path.string());
    if (key.size() != key_bytes) throw std::runtime_error(path.string() + " does not hold a 32-byte key");
    return SecretBox(std::move(key));
}

std::string SecretBox::seal(std::string_view plain, std::int64_t user_id) const {
    auto nonce = random_bytes(nonce_bytes);
    auto aad = associated_data(user_id);
    auto context = new_context();
    std::string out = nonce;
    out.resize(nonce_bytes + plain.size() + tag_bytes);
    auto* cipher = reinterpret_cast<unsigned char*>(out.data()) + nonce_bytes;
    int length = 0;
    int final_length = 0;
    if (EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(context.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_EncryptUpdate(context.get(), cipher, &length, bytes(plain), static_cast<int>(plain.size())) != 1 ||
        EVP_EncryptFinal_ex(context.get(), cipher + length, &final_length) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, tag_bytes, cipher + plain.size()) != 1)
        throw std::runtime_error("AES-256-GCM sealing failed");
    return std::string(prefix) + base64_encode(out);
}

std::optional<std::string> SecretBox::open(std::string_view sealed, std::int64_t user_id) const {
    if (sealed.substr(0, prefix.size()) != prefix) return std::nullopt;
    auto raw = base64_decode(sealed.substr(prefix.size()));
    if (!raw || raw->size() < nonce_bytes + tag_bytes) return std::nullopt;
    std::string_view all(*raw);
    auto nonce = all.substr(0, nonce_bytes);
    auto cipher = all.substr(nonce_bytes, all.size() - nonce_bytes - tag_bytes);
    std::string tag(all.substr(all.size() - tag_bytes));
    auto aad = associated_data(user_id);
    auto context = new_context();
    std::string plain(cipher.size(), '\0');
    int length = 0;
    int final_length = 0;
    if (EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(context.get(), nullptr, &length, bytes(aad), static_cast<int>(aad.size())) != 1 ||
        EVP_DecryptUpdate(context.get(), reinterpret_cast<unsigned char*>(plain.data()), &length, bytes(cipher),
                          static_cast<int>(cipher.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, tag_bytes, tag.data()) != 1 ||
        EVP_DecryptFinal_ex(context.get(), reinterpret_cast<unsigned char*>(plain.data()) + length, &final_length) != 1)
        return std::nullopt;  // wrong key, wrong user, or changed
    return plain;
}

}  // namespace kl::app
