#include "server/app/documents/document_processing.hpp"

#include "server/app/core/session_change.hpp"
#include "server/app/documents/document_events.hpp"
#include "server/app/documents/pdf_inspector.hpp"
#include "storage/connection.hpp"
#include "storage/documents.hpp"
#include "storage/users.hpp"

#include <spdlog/spdlog.h>

namespace kl::app {

namespace {

// PDFs waiting for the inspector at once; more wait for the sweep.
constexpr std::size_t max_queued = 16;
// PDFs one sweep queues.
constexpr int sweep_batch = 4;

bool erased(const storage::Document& document) { return document.state == "redacted" || document.state == "deleted"; }

}  // namespace

DocumentProcessing::DocumentProcessing(Services& services, Hub& hub)
    : services_(services), hub_(hub),
      pool_(services.config.database_path(), 1, max_queued, BlockingPool::Priority::background) {}

void DocumentProcessing::queue(std::int64_t document_id) {
    ++waiting_;
    bool queued = pool_.try_post([this, document_id](storage::Connection& c) {
        try {
            process(c, document_id);
        } catch (const std::exception& e) {
            spdlog::error("inspecting document {} failed: {}", document_id, e.what());
        }
        --waiting_;
    });
    if (!queued) --waiting_;
}

void DocumentProcessing::sweep() {
    if (stopping_ || waiting_ > 0) return;
    ++waiting_;
    bool queued = pool_.try_post([this](storage::Connection& c) {
        auto ids = storage::uninspected_pdfs(c, sweep_batch);
        for (auto id : ids) queue(id);
        --waiting_;
    });
    if (!queued) --waiting_;
}

void DocumentProcessing::stop() {
    stopping_ = true;
    pool_.stop();
}

void DocumentProcessing::process(storage::Connection& c, std::int64_t document_id) {
    auto document = storage::find_document(c, document_id);
    if (!document || document->type != "application/pdf" || erased(*document) || storage::document_text(c, document_id))
        return;  // gone, not a PDF, or done before
    std::int64_t offset = 0;
    // One chunk per short read, as a download reads: no snapshot stays open meanwhile.
    auto next_piece = [&]() {
        auto chunk = storage::read_document_chunk(c, document_id, offset, storage::document_chunk_bytes);
        offset += static_cast<std::int64_t>(chunk.size());
        return chunk;
    };
    auto facts = inspect_pdf(services_.config.pdf_inspector, services_.config.pdf_limits,
                             services_.config.max_upload_bytes(), next_piece, stopping_);
    if (stopping_) return;
    run_change(
        services_, hub_,
        [this, document_id, facts](storage::Connection& w, Change& change) -> nlohmann::json {
            // Again in the transaction: a redaction or deletion since wins.
            auto current = storage::find_document(w, document_id);
            if (!current || erased(*current) || !storage::document_bytes_stored(w, document_id)) return nullptr;
            if (!facts) {
                storage::set_document_derived(w, document_id, current->session_id, "", std::nullopt);
                return nullptr;
            }
            current->pages = facts->pages;
            storage::update_document(w, *current);
            storage::set_document_derived(w, document_id, current->session_id, facts->text, facts->thumbnail);
            auto uploader = storage::find_user(w, current->uploaded_by).value_or(storage::User{});
            // Shown as the uploader's, attributed as they chose.
            record_document_event(w, change, *current, uploader, services_.now(), "document.updated", true,
                                  document_audience(*current));
            refresh_attaching_post(w, *current);
            return nullptr;
        },
        [document_id](Outcome outcome) {
            if (failed(outcome)) spdlog::error("storing what document {} holds failed", document_id);
        });
}

}  // namespace kl::app
