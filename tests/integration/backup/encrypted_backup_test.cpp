// kennislab backup --encrypt-to: with a key made by age-keygen in the test's folder, the
// backup decrypts with `age -d -i` to a valid SQLite database holding the data, the
// encrypted file holds no known word in plain, and no plaintext copy stays in the data
// folder. A malformed recipient fails with age's message and leaves no file.
#include "server/app/backup/encrypted_backup.hpp"
#include "storage/connection.hpp"
#include "storage/users.hpp"
#include "support/data_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

class EncryptedBackup : public ::testing::Test {
protected:
    fs::path dir;
    fs::path data;
    const std::string word = "Geheim7Zeeaster";

    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "kl-backup-XXXXXX").string();
        dir = mkdtemp(pattern.data());
        data = dir / "data";
        fs::create_directories(data);
        auto c = kl::storage::open_database((data / "kennislab.db").string(), kl::storage::OpenMode::read_write);
        kl::storage::NewUser user;
        user.email = "geheim@gemeente.example";
        user.display_name = word;
        user.organisation_type = "gemeente";
        user.organisation_name = "Gemeente";
        user.global_role = "admin";
        kl::storage::create_user(c, user);
    }
    void TearDown() override { fs::remove_all(dir); }

    static int run(const std::string& command) { return std::system(command.c_str()); }

    std::string public_key() {
        EXPECT_EQ(run("age-keygen -o '" + (dir / "key.txt").string() + "' 2>/dev/null"), 0);
        std::ifstream in(dir / "key.txt");
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("# public key: ", 0) == 0) return line.substr(14);
        ADD_FAILURE() << "no public key in key.txt";
        return "";
    }

    bool plaintext_left_in_data() {
        for (const auto& entry : fs::directory_iterator(data))
            if (entry.path().filename().string().find("backup-plain") != std::string::npos) return true;
        return false;
    }
};

TEST_F(EncryptedBackup, DecryptsToTheDatabaseAndHoldsNothingInPlain) {
    auto key = public_key();
    auto target = dir / "kopie.db.age";
    kl::app::encrypted_backup((data / "kennislab.db").string(), target.string(), {key, ""});
    ASSERT_TRUE(fs::exists(target));
    EXPECT_EQ(fs::status(target).permissions() & fs::perms::group_all, fs::perms::none);
    EXPECT_FALSE(kl::test::file_contains(target, word));
    EXPECT_FALSE(plaintext_left_in_data());

    auto restored = dir / "hersteld.db";
    ASSERT_EQ(run("age -d -i '" + (dir / "key.txt").string() + "' -o '" + restored.string() + "' '" + target.string() + "'"), 0);
    auto c = kl::storage::open_database(restored.string(), kl::storage::OpenMode::read_only);
    auto user = kl::storage::find_user_by_email(c, "geheim@gemeente.example");
    ASSERT_TRUE(user);
    EXPECT_EQ(user->display_name, word);

    // The same through a recipients file (age -R).
    std::ofstream(dir / "recipients.txt") << key << "\n";
    auto second = dir / "tweede.db.age";
    kl::app::encrypted_backup((data / "kennislab.db").string(), second.string(), {"", (dir / "recipients.txt").string()});
    EXPECT_TRUE(fs::exists(second));
}

TEST_F(EncryptedBackup, ABadRecipientFailsClearlyAndLeavesNoFile) {
    auto target = dir / "kopie.db.age";
    try {
        kl::app::encrypted_backup((data / "kennislab.db").string(), target.string(), {"age1geenechtesleutel", ""});
        FAIL() << "a malformed recipient must fail";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("age could not encrypt the backup"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(target));
    for (const auto& entry : fs::directory_iterator(dir))
        EXPECT_EQ(entry.path().filename().string().find("encrypting"), std::string::npos) << entry.path();
    EXPECT_FALSE(plaintext_left_in_data());
}

}  // namespace
