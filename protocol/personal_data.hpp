#pragma once
// A conservative check for personal data in free text: Dutch citizen service numbers
// (BSN, nine digits passing the elfproef), phone numbers, email addresses and
// postcodes with a house number. It flags, it never blocks: the author may send
// anyway, and moderators see what was found. The browser client runs the same rules
// (web/js/personal-data.js); PROTOCOL.md describes them.
#include <string>
#include <string_view>
#include <vector>

namespace kl::protocol {

// The kinds found in text, each at most once, in the order bsn, phone, email, postcode.
std::vector<std::string> find_personal_data(std::string_view text);

// The elfproef on exactly nine digits: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11), not all zero.
bool passes_elfproef(std::string_view nine_digits);

}  // namespace kl::protocol
