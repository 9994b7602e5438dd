#pragma once
// Runs the PDF inspector (`kennislab inspect-pdf`, server/pdf/inspect_pdf.hpp) as a
// child process for one PDF and reads back what it found. The child limits its own CPU
// time and memory; here it gets a wall-clock deadline (then SIGKILL), its output is
// bounded, and a child that fails, is killed or answers anything malformed gives
// nothing. Blocking: call it from a pool thread (document_processing), never a socket
// thread.
#include "server/app/core/config.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace kl::app {

struct PdfFacts {
    std::int64_t pages = 0;
    std::string text;                       // UTF-8, at most limits.max_text_bytes
    std::optional<std::string> thumbnail;  // PNG, when the first page rendered
};

// next_piece gives the PDF's bytes a piece at a time (an empty piece: the end); it is
// called on this thread while the child reads. inspector: the executable (empty: this
// one). stopping: checked while waiting; when it turns true the child is killed.
std::optional<PdfFacts> inspect_pdf(const std::string& inspector, const ServerConfig::PdfLimits& limits,
                                    std::uint64_t max_bytes, const std::function<std::string()>& next_piece,
                                    const std::atomic<bool>& stopping);

}  // namespace kl::app
