// The server's side of people's text in a document: there is no C++ twin of the
// browser's markup renderer (web/js/core/markup.js parses post markup only in the
// browser; the server stores and sends the text as it was written). What the server
// does render is the session report, and there markdown_text
// (server/app/report/markdown_text.*) makes every title, post, card and note inert
// Markdown. Its promises, checked here: no raw '<' or '>' and no '&' that does not
// start one of its own entities (so no HTML, autolink or block quote), no line that
// starts with a space or tab (no code block), and valid UTF-8 stays valid (it only
// inserts and drops ASCII).
#include "check.hpp"

#include "protocol/utf8.hpp"
#include "server/app/report/markdown_text.hpp"

#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::string out = kl::app::markdown_text(text);

    for (std::size_t i = 0; i < out.size(); ++i) {
        const char c = out[i];
        KL_FUZZ_CHECK(c != '<' && c != '>');
        if (c == '&') {
            const auto rest = std::string_view(out).substr(i);
            KL_FUZZ_CHECK(rest.starts_with("&amp;") || rest.starts_with("&lt;") || rest.starts_with("&gt;"));
        }
        const bool line_start = i == 0 || out[i - 1] == '\n';
        if (line_start) KL_FUZZ_CHECK(c != ' ' && c != '\t');
    }
    if (kl::protocol::is_valid_utf8(text)) KL_FUZZ_CHECK(kl::protocol::is_valid_utf8(out));
    return 0;
}
