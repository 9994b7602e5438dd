#include "server/app/report/session_export.hpp"

#include "protocol/fields.hpp"
#include "protocol/time.hpp"
#include "server/app/access/session_access.hpp"
#include "server/app/accounts/accounts.hpp"
#include "server/app/audit/audit_trail.hpp"
#include "server/app/core/async_work.hpp"
#include "server/app/core/thread_priority.hpp"
#include "server/app/http/http_responses.hpp"
#include "server/app/report/session_report.hpp"
#include "server/app/core/spool_file.hpp"
#include "storage/connection.hpp"

#include <spdlog/spdlog.h>

#include <future>
#include <utility>

namespace kl::app {

using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

// Thrown while sending when the client has gone or reads too slowly: stops it.
struct ExportCancelled {};

std::string format_in(const std::string& query) {
    for (std::size_t start = 0; start <= query.size();) {
        auto end = query.find('&', start);
        if (end == std::string::npos) end = query.size();
        auto pair = query.substr(start, end - start);
        if (pair == "format=md") return "md";
        if (pair == "format=html") return "html";
        start = end + 1;
    }
    return "";
}

// Writes the audit entry and waits for its commit: an export is on record before
// any of it leaves the server.
void audit_export(Services& services, std::int64_t user_id, std::int64_t session_id, const std::string& format,
                  const std::string& address, std::int64_t now) {
    std::promise<Outcome> committed;
    run_write(
        services.writer,
        [=](storage::Connection& c) -> nlohmann::json {
            audit_action(c, now, user_id, "session.export", AuditTarget{"session", session_id},
                         {session_id, address, {{"format", format}}});
            return nlohmann::json::object();
        },
        [&committed](Outcome outcome) { committed.set_value(std::move(outcome)); });
    auto outcome = committed.get_future().get();
    if (failed(outcome)) throw error(outcome);
}

HttpResponse download_response(std::int64_t session_id, const std::string& format, std::int64_t now) {
    HttpResponse response;
    response.content_type = format == "html" ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8";
    auto date = protocol::format_unix_time(now).substr(0, 10);
    response.headers.emplace_back("Content-Disposition", "attachment; filename=\"kennislab-" +
                                                             std::to_string(session_id) + "-" + date + "." + format +
                                                             "\"");
    // The page carries its own styles; nothing else may load or run, even if opened inline.
    response.headers.emplace_back("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    return response;
}

}  // namespace

SessionExport::SessionExport(Services& services) : services_(services) {}

SessionExport::~SessionExport() { stop(); }

void SessionExport::handle(const HttpRequest& request, const std::string& session_id, Respond respond) {
    Order order{request.cookie_token, request.address, 0, format_in(request.query)};
    if (order.format.empty())
        return respond(error_response(ErrorCode::bad_request, "Kies format=md of format=html."));
    try {
        order.session_id = protocol::id_value(session_id);
    } catch (const ProtocolError&) {
        return respond(error_response(ErrorCode::not_found, "Deze sessie bestaat niet."));
    }
    std::lock_guard lock(mutex_);
    join_finished();
    if (stopping_) return respond(error_response(ErrorCode::internal, "De server stopt."));
    if (jobs_.size() >= max_running)
        return respond(error_response(ErrorCode::rate_limited, "Er worden al verslagen gemaakt; probeer het zo opnieuw."));
    auto& job = *jobs_.emplace_back(std::make_unique<Job>());
    job.thread = std::thread([this, &job, order, respond = std::move(respond)] { produce(job, order, respond); });
}

bool SessionExport::claim_user_slot(Job& job, std::int64_t user_id) {
    std::lock_guard lock(mutex_);
    for (const auto& other : jobs_)
        if (other.get() != &job && !other->done && other->user_id == user_id) return false;
    job.user_id = user_id;
    return true;
}

void SessionExport::produce(Job& job, const Order& order, const Respond& respond) {
    // The job counts as finished just before its last word to the client: the
    // client's next export must not be refused because this thread has yet to return.
    auto last_word = [&job](auto&& say) {
        job.done = true;
        say();
    };
    bool streaming = false;
    // Building a large report takes a core for a while; members' requests go first.
    run_this_thread_in_background();
    try {
        auto c = storage::open_database(services_.config.database_path(), storage::OpenMode::read_only);
        auto now = services_.now();
        auto user = user_for_login_token(c, order.cookie_token, now);
        if (!user) throw ProtocolError(ErrorCode::unauthenticated, "Je bent niet ingelogd.");
        if (!claim_user_slot(job, user->id))
            throw ProtocolError(ErrorCode::rate_limited, "Je vorige verslag wordt nog gemaakt of gedownload; wacht tot het klaar is.",
                                {{"retry_after", 5}});
        auto access = require_session(c, *user, order.session_id, SessionAction::read, now);
        audit_export(services_, user->id, order.session_id, order.format, order.address, now);

        SpoolFile spool(services_.config.data_dir);
        auto writer = order.format == "html" ? make_html_report([&](std::string_view text) { spool.write(text); })
                                             : make_markdown_report([&](std::string_view text) { spool.write(text); });
        storage::in_read_transaction(c, [&] {
            // Read again inside the snapshot the report is made from.
            auto session = require_session(c, *user, order.session_id, SessionAction::read, now);
            write_session_report(c, session.session, *user, Reader::of(*session.member), now, services_.origin,
                                 *writer);
            return true;
        });

        auto response = download_response(order.session_id, order.format, now);
        response.stream = job.pipe;
        respond(std::move(response));
        streaming = true;
        auto deadline = std::chrono::steady_clock::now() + max_duration;
        for (auto piece = spool.read(chunk_bytes); !piece.empty(); piece = spool.read(chunk_bytes)) {
            if (std::chrono::steady_clock::now() > deadline) job.pipe->cancel();
            if (!job.pipe->push(std::move(piece), piece_patience)) throw ExportCancelled{};
        }
        last_word([&] { job.pipe->close(true); });
    } catch (const ExportCancelled&) {
        job.done = true;  // the client went away or read too slowly; nothing more to send
    } catch (const ProtocolError& e) {
        last_word([&] { streaming ? job.pipe->close(false) : respond(error_response(e)); });
    } catch (const std::exception& e) {
        spdlog::error("export of session {} failed: {}", order.session_id, e.what());
        last_word([&] {
            streaming ? job.pipe->close(false)
                      : respond(error_response(ErrorCode::internal, "Het verslag kon niet worden gemaakt."));
        });
    }
}

void SessionExport::join_finished() {
    for (auto it = jobs_.begin(); it != jobs_.end();) {
        if ((*it)->done) {
            (*it)->thread.join();
            it = jobs_.erase(it);
        } else {
            ++it;
        }
    }
}

void SessionExport::stop() {
    std::list<std::unique_ptr<Job>> jobs;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs.swap(jobs_);
    }
    for (auto& job : jobs) job->pipe->cancel();
    for (auto& job : jobs)
        if (job->thread.joinable()) job->thread.join();
}

}  // namespace kl::app
