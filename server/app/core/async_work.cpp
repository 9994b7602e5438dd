#include "server/app/core/async_work.hpp"

#include "server/app/core/blocking_pool.hpp"
#include "storage/writer.hpp"

#include <spdlog/spdlog.h>

#include <sqlite3.h>

#include <atomic>
#include <memory>

namespace kl::app {

namespace {

// Set while storage refuses writes (a full disk, the database at its size limit): the
// administrator hears of it once, and once more when writes work again.
std::atomic<bool> storage_refuses_writes{false};

bool is_out_of_space(const storage::StorageError& e) {
    int primary = e.code() & 0xff;
    return primary == SQLITE_FULL || primary == SQLITE_IOERR;
}

protocol::ProtocolError to_protocol_error(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const protocol::ProtocolError& e) {
        return e;
    } catch (const storage::StorageError& e) {
        if (is_out_of_space(e)) {
            if (!storage_refuses_writes.exchange(true))
                spdlog::error("storage cannot write ({}): changes are refused with 'unavailable' until space returns",
                              e.what());
            return protocol::ProtocolError(protocol::ErrorCode::unavailable, "De server kan nu niets opslaan.");
        }
        spdlog::error("request failed: {}", e.what());
    } catch (const std::exception& e) {
        spdlog::error("request failed: {}", e.what());
    } catch (...) {
        spdlog::error("request failed with an unknown exception");
    }
    return protocol::ProtocolError(protocol::ErrorCode::internal, "Er ging iets mis op de server.");
}

}  // namespace

void run_write(storage::Writer& writer, Work work, Finish finish, storage::WriteLane lane) {
    auto result = std::make_shared<nlohmann::json>();
    writer.post([work = std::move(work), result](storage::Connection& c) { *result = work(c); },
                [finish = std::move(finish), result](std::exception_ptr failure) {
                    if (failure) return finish(to_protocol_error(failure));
                    if (storage_refuses_writes.exchange(false)) spdlog::info("storage writes again");
                    finish(std::move(*result));
                },
                lane);
}

namespace {

template <class AnyWork>
void read_on_pool(BlockingPool& pool, AnyWork work, Finish finish) {
    pool.post([work = std::move(work), finish = std::move(finish)](storage::Connection& c) {
        Outcome outcome;
        try {
            outcome = work(c);
        } catch (...) {
            outcome = to_protocol_error(std::current_exception());
        }
        finish(std::move(outcome));
    });
}

}  // namespace

void run_read(BlockingPool& pool, Work work, Finish finish) { read_on_pool(pool, std::move(work), std::move(finish)); }
void run_read(BlockingPool& pool, SharedWork work, Finish finish) {
    read_on_pool(pool, std::move(work), std::move(finish));
}

bool failed(const Outcome& outcome) { return std::holds_alternative<protocol::ProtocolError>(outcome); }
const nlohmann::json& result(const Outcome& outcome) { return std::get<nlohmann::json>(outcome); }
const protocol::ProtocolError& error(const Outcome& outcome) { return std::get<protocol::ProtocolError>(outcome); }

}  // namespace kl::app
