#include "storage/connection.hpp"
#include "storage/migrations.hpp"
#include "storage/users.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

using namespace kl::storage;

namespace {

NewUser person(std::string email, std::string name) {
    return {std::move(email), std::move(name), "gemeente", "Gemeente Voorbeeld", "member", std::nullopt, 1000, std::nullopt};
}

TEST(Migrations, RunOnceAndRecordTheVersion) {
    kl::test::TempDatabase db;
    { auto c = open_database(db.path(), OpenMode::read_write); }
    auto c = open_database(db.path(), OpenMode::read_write);  // second open: nothing to do, no error
    auto version = c.prepare("PRAGMA user_version");
    ASSERT_TRUE(version.step());
    EXPECT_EQ(version.int64(0), schema_version());
}

TEST(Migrations, PragmasAreSet) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto mode = c.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.text(0), "wal");
    auto fk = c.prepare("PRAGMA foreign_keys");
    ASSERT_TRUE(fk.step());
    EXPECT_EQ(fk.int64(0), 1);
    auto sync = c.prepare("PRAGMA synchronous");
    ASSERT_TRUE(sync.step());
    EXPECT_EQ(sync.int64(0), 2);  // FULL
    auto secure = c.prepare("PRAGMA secure_delete");
    ASSERT_TRUE(secure.step());
    EXPECT_EQ(secure.int64(0), 1);
    auto temp = c.prepare("PRAGMA temp_store");
    ASSERT_TRUE(temp.step());
    EXPECT_EQ(temp.int64(0), 2);  // MEMORY: the writer's savepoint journals never touch disk
}

TEST(Migrations, RefusesANewerSchema) {
    kl::test::TempDatabase db;
    {
        auto c = open_database(db.path(), OpenMode::read_write);
        c.exec("PRAGMA user_version = 999");
    }
    EXPECT_THROW(open_database(db.path(), OpenMode::read_write), StorageError);
}

TEST(Users, CreateAndFind) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto created = create_user(c, person("anna@voorbeeld.nl", "Anna de Vries"));
    EXPECT_GT(created.id, 0);
    EXPECT_EQ(created.status(), "pending");
    auto by_email = find_user_by_email(c, "anna@voorbeeld.nl");
    ASSERT_TRUE(by_email);
    EXPECT_EQ(by_email->display_name, "Anna de Vries");
    EXPECT_EQ(by_email->organisation_type, "gemeente");
    EXPECT_FALSE(find_user(c, created.id + 1));
    EXPECT_EQ(count_users(c), 1);
}

TEST(Users, DuplicateEmailIsAConstraintError) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    create_user(c, person("anna@voorbeeld.nl", "Anna"));
    EXPECT_THROW(create_user(c, person("anna@voorbeeld.nl", "Andere Anna")), ConstraintError);
    EXPECT_EQ(count_users(c), 1);
}

TEST(Users, UnknownRoleIsRejectedByTheSchema) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto bad = person("x@voorbeeld.nl", "X");
    bad.global_role = "root";
    EXPECT_THROW(create_user(c, bad), ConstraintError);
}

TEST(Users, SearchTreatsInputAsTextNotSqlOrWildcards) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    create_user(c, person("anna@voorbeeld.nl", "Anna de Vries"));
    create_user(c, person("bram@voorbeeld.nl", "Bram 100% Jansen"));
    EXPECT_EQ(search_users(c, "", 50).size(), 2u);
    EXPECT_EQ(search_users(c, "ANNA", 50).size(), 1u);
    EXPECT_EQ(search_users(c, "%", 50).size(), 1u);  // only the name containing a literal %
    EXPECT_TRUE(search_users(c, "' OR 1=1 --", 50).empty());
    EXPECT_TRUE(search_users(c, "_", 50).empty());
    EXPECT_EQ(search_users(c, "", 1).size(), 1u);
    // The SQL-looking string is stored and found as plain data.
    create_user(c, person("robert@voorbeeld.nl", "Robert'); DROP TABLE users;--"));
    EXPECT_EQ(search_users(c, "DROP TABLE", 50).size(), 1u);
    EXPECT_EQ(count_users(c), 3);
}

TEST(Users, PasswordAndDisable) {
    kl::test::TempDatabase db;
    auto c = open_database(db.path(), OpenMode::read_write);
    auto user = create_user(c, person("anna@voorbeeld.nl", "Anna"));
    set_password_hash(c, user.id, std::string("$argon2id$stub"));
    EXPECT_EQ(find_user(c, user.id)->status(), "active");
    set_disabled(c, user.id, true);
    EXPECT_EQ(find_user(c, user.id)->status(), "disabled");
}

}  // namespace
