// The upload type check (server/app/documents/document_type.*) on a stranger's file:
// the first line of the input is the file's name, the rest its content. libmagic
// parses the content with its own database; the invariants are what the upload route
// relies on: a type is only ever one of the contract's allowed types, the name's
// extension is one of that type's, a head with HTML markup in its first kilobyte is
// never accepted, and the answer is the same when asked twice (the per-thread handle
// keeps no state between files).
#include "check.hpp"

#include "server/app/documents/document_type.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace {

// Type and extensions, as the contract allows them (protocol/PROTOCOL.md, Documents).
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> allowed = {{
    {"application/pdf", " pdf "},
    {"application/msword", " doc "},
    {"application/vnd.ms-excel", " xls "},
    {"application/vnd.ms-powerpoint", " ppt "},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", " docx "},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", " xlsx "},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", " pptx "},
    {"application/vnd.oasis.opendocument.text", " odt "},
    {"application/vnd.oasis.opendocument.spreadsheet", " ods "},
    {"application/vnd.oasis.opendocument.presentation", " odp "},
    {"image/png", " png "},
    {"image/jpeg", " jpg jpeg "},
    {"text/plain", " txt "},
    {"text/csv", " csv "},
}};

std::string extension_of(std::string_view name) {
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return "";
    std::string ext(name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto newline = input.find('\n');
    if (newline == std::string_view::npos) return 0;
    const auto name = input.substr(0, newline);
    const auto head = input.substr(newline + 1, kl::app::document_type_head_bytes);

    const auto type = kl::app::allowed_document_type(name, head);
    KL_FUZZ_CHECK(type == kl::app::allowed_document_type(name, head));
    if (!type) return 0;

    KL_FUZZ_CHECK(!kl::app::looks_like_html(head));
    const std::string ext = " " + extension_of(name) + " ";
    bool known = false;
    for (const auto& [mime, extensions] : allowed)
        if (*type == mime && extensions.find(ext) != std::string_view::npos && ext != "  ") known = true;
    KL_FUZZ_CHECK(known);
    return 0;
}
