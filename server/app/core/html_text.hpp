#pragma once
// Text placed into HTML that the server makes (mails, a person's own data): every
// character HTML gives meaning to is escaped, so no text can become markup.
#include <string>

namespace kl::app {

std::string escape_html(const std::string& text);

}  // namespace kl::app
