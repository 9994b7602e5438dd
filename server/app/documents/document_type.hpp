#pragma once
// Which files may be uploaded, recognised by content (libmagic), not by name alone.
//
// Allowed (the contract): PDF; Word, Excel and PowerPoint (the old binary and the
// OOXML formats); OpenDocument text, sheet and presentation; PNG; JPEG; plain text and
// CSV. A file is accepted when libmagic recognises its content as one of these, the
// name's extension is one of that type's, and the first kilobyte holds no HTML markup
// (what a browser's sniffing would take for a page: HTML after a PDF header is still a
// PDF to libmagic). Downloads are served as attachments with nosniff and a sandbox CSP
// anyway; refusing polyglots keeps them out of the session too.
//
// Thread-safety: a libmagic handle is not thread-safe, so each thread opens its own on
// first use and keeps it. The check reads files of strangers: run it on the blocking
// pool, never on a socket thread.
#include <optional>
#include <string>
#include <string_view>

namespace kl::app {

// How many leading bytes the check looks at. The OOXML formats are told apart by the
// names of the first entries of their zip, which may lie some way in.
inline constexpr std::size_t document_type_head_bytes = 1024 * 1024;

// The MIME type to store for a file named name whose content starts with head (at
// most document_type_head_bytes of it), or nullopt when the file is not allowed
// (answer 415). Throws std::runtime_error when libmagic cannot load its database.
std::optional<std::string> allowed_document_type(std::string_view name, std::string_view head);

// True when the first kilobyte of head holds HTML markup (<html, <script, <body, …).
bool looks_like_html(std::string_view head);

}  // namespace kl::app
