#include "storage/connection.hpp"
#include "storage/mail_outbox.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

using namespace kl::storage;

namespace {

struct MailOutbox : ::testing::Test {
    kl::test::TempDatabase db;
    Connection c = open_database(db.path(), OpenMode::read_write);
    int made = 0;

    NewOutboxMail mail(const std::string& to, std::int64_t at = 100) {
        NewOutboxMail m;
        m.recipient = to;
        m.kind = "activation";
        m.subject = "Je account";
        m.text_body = "tekst " + std::to_string(made);
        m.html_body = "<p>html</p>";
        m.message_id = "<" + std::to_string(++made) + "@kennislab.test>";
        m.created_at = at;
        return m;
    }

    std::optional<std::string> raw_body(std::int64_t id) {
        auto s = c.prepare("SELECT text_body FROM mail_outbox WHERE id = ?");
        s.bind(1, id);
        s.step();
        return s.optional_text(0);
    }
};

TEST_F(MailOutbox, QueuedMailIsDueAtOnceWithItsBodies) {
    auto queued = queue_outbox_mail(c, mail("anna@voorbeeld.nl"));
    ASSERT_TRUE(queued.id);
    EXPECT_EQ(next_outbox_attempt(c), 100);
    EXPECT_TRUE(due_outbox_mail(c, 99, 10).empty());
    auto due = due_outbox_mail(c, 100, 10);
    ASSERT_EQ(due.size(), 1u);
    EXPECT_EQ(due[0].recipient, "anna@voorbeeld.nl");
    EXPECT_EQ(due[0].status, "queued");
    EXPECT_EQ(due[0].text_body, "tekst 0");
    EXPECT_EQ(due[0].html_body, "<p>html</p>");
    EXPECT_EQ(due[0].message_id, "<1@kennislab.test>");
}

TEST_F(MailOutbox, SentMailLosesItsBodiesAndIsNeverDueAgain) {
    auto id = *queue_outbox_mail(c, mail("anna@voorbeeld.nl")).id;
    mark_outbox_sent(c, id, 120);
    EXPECT_TRUE(due_outbox_mail(c, 1000, 10).empty());
    EXPECT_EQ(next_outbox_attempt(c), std::nullopt);
    EXPECT_EQ(raw_body(id), std::nullopt);
    auto row = find_outbox_mail(c, id);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->status, "sent");
    EXPECT_EQ(row->sent_at, 120);
    EXPECT_EQ(row->attempts, 1);
    // A late retry or failure of a sent mail changes nothing.
    mark_outbox_retry(c, id, 200, "later");
    mark_outbox_failed(c, id, "later");
    EXPECT_EQ(find_outbox_mail(c, id)->status, "sent");
}

TEST_F(MailOutbox, RetryWaitsAndFailureErasesTheBodies) {
    auto id = *queue_outbox_mail(c, mail("anna@voorbeeld.nl")).id;
    mark_outbox_retry(c, id, 160, "verbinding geweigerd");
    EXPECT_TRUE(due_outbox_mail(c, 159, 10).empty());
    EXPECT_EQ(due_outbox_mail(c, 160, 10).size(), 1u);
    EXPECT_EQ(find_outbox_mail(c, id)->attempts, 1);
    EXPECT_EQ(find_outbox_mail(c, id)->last_error, "verbinding geweigerd");
    mark_outbox_failed(c, id, "550 unknown user");
    auto row = find_outbox_mail(c, id);
    EXPECT_EQ(row->status, "failed");
    EXPECT_EQ(row->attempts, 2);
    EXPECT_EQ(row->next_attempt_at, std::nullopt);
    EXPECT_EQ(raw_body(id), std::nullopt);
}

TEST_F(MailOutbox, ListsNewestFirstInPagesWithoutBodies) {
    for (int i = 0; i < 5; ++i) queue_outbox_mail(c, mail("p" + std::to_string(i) + "@voorbeeld.nl"));
    auto first = outbox_page(c, std::nullopt, 3);
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(first[0].recipient, "p4@voorbeeld.nl");
    EXPECT_TRUE(first[0].text_body.empty());
    EXPECT_TRUE(first[0].html_body.empty());
    auto rest = outbox_page(c, first.back().id, 3);
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[1].recipient, "p0@voorbeeld.nl");
}

TEST_F(MailOutbox, RefusesBeyondTheBoundPerRecipientAndWritesNothing) {
    for (std::int64_t i = 0; i < max_queued_mail_per_recipient; ++i)
        ASSERT_TRUE(queue_outbox_mail(c, mail("anna@voorbeeld.nl")).id);
    auto refused = queue_outbox_mail(c, mail("anna@voorbeeld.nl"));
    EXPECT_FALSE(refused.id);
    EXPECT_EQ(refused.refusal, QueueRefusal::recipient_full);
    EXPECT_EQ(outbox_page(c, std::nullopt, 100).size(), static_cast<std::size_t>(max_queued_mail_per_recipient));
    // Another address still gets mail, and once one is sent Anna gets one more.
    EXPECT_TRUE(queue_outbox_mail(c, mail("bram@voorbeeld.nl")).id);
    mark_outbox_sent(c, outbox_page(c, std::nullopt, 100).back().id, 200);
    EXPECT_TRUE(queue_outbox_mail(c, mail("anna@voorbeeld.nl")).id);
}

TEST_F(MailOutbox, RefusesBeyondTheTotalBound) {
    c.exec("BEGIN");
    for (std::int64_t i = 0; i < max_queued_mail; ++i)
        ASSERT_TRUE(queue_outbox_mail(c, mail("p" + std::to_string(i % 1000) + "@voorbeeld.nl")).id);
    c.exec("COMMIT");
    auto refused = queue_outbox_mail(c, mail("nieuw@voorbeeld.nl"));
    EXPECT_FALSE(refused.id);
    EXPECT_EQ(refused.refusal, QueueRefusal::queue_full);
}

TEST_F(MailOutbox, KeepsOnlyTheNewestSentAndFailedRows) {
    c.exec("BEGIN");
    for (std::int64_t i = 0; i < max_kept_mail + 5; ++i) {
        auto id = *queue_outbox_mail(c, mail("p" + std::to_string(i % 1000) + "@voorbeeld.nl")).id;
        mark_outbox_sent(c, id, 200);
    }
    c.exec("COMMIT");
    queue_outbox_mail(c, mail("laatste@voorbeeld.nl"));
    auto s = c.prepare("SELECT count(*) FROM mail_outbox WHERE status != 'queued'");
    s.step();
    EXPECT_LE(s.int64(0), max_kept_mail);
}

TEST_F(MailOutbox, RefusesAnUnknownKind) {
    auto m = mail("anna@voorbeeld.nl");
    m.kind = "spam";
    EXPECT_THROW(queue_outbox_mail(c, m), ConstraintError);
}

}  // namespace
