// The composition root registers every verb of the contract exactly once (a verb
// that a feature forgot to register would answer "Onbekend verzoektype"), and only
// those: a verb the contract does not name is refused by the dispatcher.
#include "server/app/wiring/application.hpp"

#include "server/app/core/blocking_pool.hpp"
#include "server/app/core/clock.hpp"
#include "server/app/realtime/connection_registry.hpp"
#include "storage/writer.hpp"
#include "../../storage/temp_database.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace {

// The verbs of protocol/PROTOCOL.md ("Verbs"), sorted.
const std::vector<std::string> contract_verbs = {
    "audit.list",          "board.card.create",   "board.card.delete",  "board.card.update",
    "board.column.create", "board.column.delete", "board.column.update", "document.delete",
    "document.list",       "hello",
    "invite.create",       "invite.extend",       "invite.list",        "invite.revoke",
    "mail.outbox",
    "member.add",          "member.mute",         "member.remove",      "member.set_role",
    "mfa.passkey.begin",   "mfa.passkey.finish",  "mfa.passkey.remove",
    "mfa.policy.get",      "mfa.policy.set",      "mfa.recovery.renew", "mfa.status",
    "mfa.totp.begin",      "mfa.totp.confirm",    "mfa.totp.remove",
    "mod.approve",         "mod.dismiss_flag",    "mod.hide",           "mod.queue",
    "mod.redact",          "mod.redact_document", "mod.reject",          "mod.restore",        "notes.block.create",
    "notes.block.delete",  "notes.block.update",  "notes.publish",
    "notifications.list",  "notifications.read",  "notifications.settings", "post.create",
    "post.delete",         "post.edit",           "post.flag",          "post.history",
    "retention.list",
    "search",              "session.archive",     "session.create",     "session.end_guest_access",
    "session.hold",        "session.list",        "session.state",       "session.subscribe",  "session.unsubscribe",
    "session.update",      "thread.create",       "thread.lock",        "thread.pin",
    "thread.posts",        "thread.read",         "thread.resolve",     "thread.retitle",
    "thread.slow_mode",    "thread.unlock",       "thread.unpin",       "typing",
    "user.create",         "user.disable",        "user.erase",         "user.find",
    "user.reset",          "user.reset_second_factor",
};

TEST(Application, RegistersEveryVerbOfTheContractOnce) {
    kl::test::TempDatabase database;
    kl::app::ServerConfig config;
    config.data_dir = database.dir().string();
    kl::storage::Writer writer(config.database_path());
    kl::app::BlockingPool pool(config.database_path(), 1);
    kl::app::SystemClock clock;
    kl::app::ConnectionRegistry registry;
    kl::app::Services services{config, "https://localhost:8443", writer, pool, clock, registry, {}, nullptr};
    kl::app::SetupToken setup_token;

    kl::app::Application application(services, setup_token);

    ASSERT_TRUE(std::is_sorted(contract_verbs.begin(), contract_verbs.end()));
    EXPECT_EQ(application.verbs().types(), contract_verbs);
    writer.stop();
}

}  // namespace
