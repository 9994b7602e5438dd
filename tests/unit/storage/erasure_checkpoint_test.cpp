// The writer's checkpoint after an erasure: the WAL is empty when the job's done
// callback runs; a reader holding a snapshot delays it only for the bounded budget, and
// the next commit after the reader is gone truncates it.
#include "storage/audit.hpp"
#include "storage/connection.hpp"
#include "storage/writer.hpp"
#include "temp_database.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>

using namespace kl::storage;

namespace {

AuditEntry entry(std::string action) {
    AuditEntry e;
    e.at = 1;
    e.action = std::move(action);
    return e;
}

std::uintmax_t wal_size(const kl::test::TempDatabase& db) {
    std::error_code ec;
    auto size = std::filesystem::file_size(db.path() + "-wal", ec);
    return ec ? 0 : size;
}

// Posts job and waits for its done callback; returns the WAL's size seen there.
std::uintmax_t run_and_measure_wal(Writer& writer, const kl::test::TempDatabase& db, Writer::Job job) {
    std::promise<std::uintmax_t> size;
    writer.post(std::move(job), [&](std::exception_ptr error) {
        EXPECT_FALSE(error);
        size.set_value(wal_size(db));
    });
    return size.get_future().get();
}

TEST(ErasureCheckpoint, TheWalIsEmptyWhenAnErasureIsAcknowledged) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    EXPECT_GT(run_and_measure_wal(writer, db, [](Connection& c) { append_audit(c, entry("ordinary")); }), 0u);
    auto after_erasure = run_and_measure_wal(writer, db, [](Connection& c) {
        append_audit(c, entry("erasing"));
        c.note_erasure();
    });
    EXPECT_EQ(after_erasure, 0u);
    EXPECT_EQ(writer.erasure_checkpoints(), 1u);
    // An ordinary commit afterwards does not checkpoint again.
    EXPECT_GT(run_and_measure_wal(writer, db, [](Connection& c) { append_audit(c, entry("later")); }), 0u);
    EXPECT_EQ(writer.erasure_checkpoints(), 1u);
}

TEST(ErasureCheckpoint, AReaderDelaysTheTruncationOnlyUntilItsSnapshotEnds) {
    kl::test::TempDatabase db;
    Writer writer(db.path());
    run_and_measure_wal(writer, db, [](Connection& c) { append_audit(c, entry("before")); });
    auto reader = open_database(db.path(), OpenMode::read_only);
    // An explicit read transaction keeps its snapshot (and so the WAL) until COMMIT,
    // also after its statement is reset.
    reader.exec("BEGIN");
    ASSERT_TRUE(reader.prepare("SELECT count(*) FROM audit_log").step());

    auto started = std::chrono::steady_clock::now();
    auto while_reading = run_and_measure_wal(writer, db, [](Connection& c) {
        append_audit(c, entry("erasing"));
        c.note_erasure();
    });
    auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_GT(while_reading, 0u) << "the reader still uses the WAL";
    EXPECT_LT(waited, Writer::erasure_checkpoint_budget + std::chrono::seconds(2)) << "bounded";
    EXPECT_EQ(writer.erasure_checkpoints(), 0u);

    reader.exec("COMMIT");
    // The next commit retries the pending truncation.
    EXPECT_EQ(run_and_measure_wal(writer, db, [](Connection& c) { append_audit(c, entry("after")); }), 0u);
    EXPECT_EQ(writer.erasure_checkpoints(), 1u);
}

}  // namespace
