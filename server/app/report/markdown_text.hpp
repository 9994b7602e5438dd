#pragma once
// User text made safe to put into a Markdown document: it reads as the same text in
// any viewer and never becomes markup. A Markdown viewer that renders raw HTML would
// otherwise render HTML someone typed, and a title with '#' or '*' would change the
// document's structure.
#include <string>
#include <string_view>

namespace kl::app {

// Escapes text for Markdown (CommonMark and GitHub's dialect):
// - '&', '<' and '>' become entities (&amp; &lt; &gt;), so no HTML, autolink or block
//   quote can start;
// - every other character with inline meaning (\ ` * _ [ ] # | ~, and $ for viewers
//   that render math) gets a backslash;
// - at the start of a line, what would start a block gets a backslash too: '-', '+'
//   and '=' (lists, thematic breaks, setext underlines) and the '.' or ')' after a
//   number (ordered lists); leading spaces and tabs are dropped (no code block) and
//   so is trailing whitespace (no hard break of its own);
// - lines stay lines: a line followed by another non-empty line ends in a backslash
//   (a hard line break), and an empty line stays a paragraph break.
std::string markdown_text(std::string_view text);

}  // namespace kl::app
