#include "server/app/documents/document_type.hpp"

#include <magic.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace kl::app {

namespace {

struct AllowedType {
    std::string_view mime;        // as libmagic names it
    std::string_view extensions;  // space-separated, lower case
    std::string_view stored;      // the type stored and served ("" = mime)
};

// text/plain named .csv is stored as text/csv: libmagic calls short or irregular CSV
// plain text, and the name then says more than the content can.
constexpr std::array allowed_types = {
    AllowedType{"application/pdf", "pdf", ""},
    AllowedType{"application/msword", "doc", ""},
    AllowedType{"application/vnd.ms-excel", "xls", ""},
    AllowedType{"application/vnd.ms-powerpoint", "ppt", ""},
    AllowedType{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", ""},
    AllowedType{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", ""},
    AllowedType{"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx", ""},
    AllowedType{"application/vnd.oasis.opendocument.text", "odt", ""},
    AllowedType{"application/vnd.oasis.opendocument.spreadsheet", "ods", ""},
    AllowedType{"application/vnd.oasis.opendocument.presentation", "odp", ""},
    AllowedType{"image/png", "png", ""},
    AllowedType{"image/jpeg", "jpg jpeg", ""},
    AllowedType{"text/plain", "txt", ""},
    AllowedType{"text/plain", "csv", "text/csv"},
    AllowedType{"text/csv", "csv", ""},
};

struct MagicCloser {
    void operator()(magic_t magic) const { magic_close(magic); }
};

// This thread's libmagic handle: MIME types only, no decompression (a zip bomb or a
// gzip stays what it is: not allowed), opened once.
magic_t thread_magic() {
    thread_local std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser> handle;
    if (!handle) {
        std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser> opened(
            magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR));
        if (!opened || magic_load(opened.get(), nullptr) != 0)
            throw std::runtime_error("libmagic cannot load its database");
        handle = std::move(opened);
    }
    return handle.get();
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

// The extension after the last dot, lower case; "" when there is none.
std::string extension_of(std::string_view name) {
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos || dot + 1 == name.size()) return {};
    return lower(name.substr(dot + 1));
}

bool has_word(std::string_view words, std::string_view word) {
    std::size_t start = 0;
    while (start <= words.size()) {
        auto end = words.find(' ', start);
        if (end == std::string_view::npos) end = words.size();
        if (words.substr(start, end - start) == word) return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

bool looks_like_html(std::string_view head) {
    // The tags by which browsers sniff a page (WHATWG MIME Sniffing, "HTML"), and svg,
    // which runs script as well.
    static constexpr std::array markers = {"<!doctype html", "<html", "<head", "<script", "<iframe", "<body",
                                           "<svg",           "<style", "<title", "<a ",     "<img",   "<object"};
    auto text = lower(head.substr(0, std::min<std::size_t>(head.size(), 1024)));
    return std::any_of(markers.begin(), markers.end(),
                       [&](const char* marker) { return text.find(marker) != std::string::npos; });
}

std::optional<std::string> allowed_document_type(std::string_view name, std::string_view head) {
    auto extension = extension_of(name);
    if (extension.empty() || head.empty()) return std::nullopt;
    if (looks_like_html(head)) return std::nullopt;
    head = head.substr(0, std::min(head.size(), document_type_head_bytes));
    const char* found = magic_buffer(thread_magic(), head.data(), head.size());
    if (found == nullptr) return std::nullopt;
    std::string_view mime(found);
    for (const auto& type : allowed_types)
        if (type.mime == mime && has_word(type.extensions, extension))
            return std::string(type.stored.empty() ? type.mime : type.stored);
    return std::nullopt;
}

}  // namespace kl::app
