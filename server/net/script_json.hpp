#pragma once
// JSON carried inside a page, in a <script type="application/json"> element.
#include <string>
#include <string_view>

namespace kl::net {

// json as the text of a <script type="application/json"> element: every '<', '>' and
// '&' (which JSON only has inside strings) written as \u003c, \u003e, \u0026, so that
// no "</script>" or "<!--" in the data can end the element or change how it is parsed.
std::string json_for_script(std::string_view json);

}  // namespace kl::net
