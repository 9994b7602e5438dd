#pragma once
// Strict UTF-8 checks for everything that crosses the wire.
#include <cstddef>
#include <string_view>

namespace kl::protocol {

// True for well-formed UTF-8 only: no overlong forms, no surrogates (U+D800..U+DFFF),
// nothing above U+10FFFF, no truncated sequences. NUL bytes are well-formed.
bool is_valid_utf8(std::string_view text);

// Number of code points in text, which must be valid UTF-8 (counts non-continuation bytes).
std::size_t utf8_length(std::string_view text);

}  // namespace kl::protocol
