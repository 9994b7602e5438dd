// Sealing TOTP secrets: round trip, bound to the user, tamper-evident, and a key file
// made 0600 once and read again on the next start.
#include "server/app/second_factor/secret_box.hpp"

#include "server/app/core/crypto.hpp"
#include "../../storage/temp_database.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

namespace kl::app {
namespace {

TEST(SecretBox, RoundTripForTheSameUser) {
    kl::test::TempDatabase dir;
    auto box = SecretBox::open_or_create(secret_box_key_path(dir.dir().string()));
    auto sealed = box.seal("twenty secret bytes!", 7);
    EXPECT_EQ(sealed.rfind("v1:", 0), 0u);
    EXPECT_EQ(sealed.find("twenty"), std::string::npos);
    EXPECT_EQ(box.open(sealed, 7), "twenty secret bytes!");
    EXPECT_NE(box.seal("twenty secret bytes!", 7), sealed);  // a fresh nonce every time
}

TEST(SecretBox, AnotherUsersIdDoesNotOpenIt) {
    kl::test::TempDatabase dir;
    auto box = SecretBox::open_or_create(secret_box_key_path(dir.dir().string()));
    auto sealed = box.seal("secret", 7);
    EXPECT_EQ(box.open(sealed, 8), std::nullopt);
}

TEST(SecretBox, AChangedByteIsRefused) {
    kl::test::TempDatabase dir;
    auto box = SecretBox::open_or_create(secret_box_key_path(dir.dir().string()));
    auto sealed = box.seal("secret", 7);
    auto raw = *base64_decode(sealed.substr(3));
    for (std::size_t i = 0; i < raw.size(); ++i) {
        auto changed = raw;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        EXPECT_EQ(box.open("v1:" + base64_encode(changed), 7), std::nullopt) << "byte " << i;
    }
    EXPECT_EQ(box.open("v1:" + base64_encode(raw.substr(0, raw.size() - 1)), 7), std::nullopt);
    EXPECT_EQ(box.open("v2:" + sealed.substr(3), 7), std::nullopt);
    EXPECT_EQ(box.open("v1:not base64!", 7), std::nullopt);
}

TEST(SecretBox, KeyFileIsPrivateAndReusedAfterARestart) {
    kl::test::TempDatabase dir;
    auto path = secret_box_key_path(dir.dir().string());
    std::string sealed;
    {
        auto box = SecretBox::open_or_create(path);
        sealed = box.seal("secret", 3);
    }
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600);
    EXPECT_EQ(info.st_size, 32);
    auto again = SecretBox::open_or_create(path);  // the next start
    EXPECT_EQ(again.open(sealed, 3), "secret");

    auto other_dir = dir.dir() / "other";
    std::filesystem::create_directories(other_dir);
    auto other = SecretBox::open_or_create(secret_box_key_path(other_dir.string()));
    EXPECT_EQ(other.open(sealed, 3), std::nullopt);  // another server's key
}

TEST(SecretBox, AKeyFileOfTheWrongSizeStopsTheStart) {
    kl::test::TempDatabase dir;
    auto path = secret_box_key_path(dir.dir().string());
    std::ofstream(path) << "short";
    EXPECT_THROW(SecretBox::open_or_create(path), std::runtime_error);
}

}  // namespace
}  // namespace kl::app
