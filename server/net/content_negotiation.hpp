#pragma once
// Which encoding of a static file a request gets (Accept-Encoding, RFC 9110 §12.5.3),
// and whether its If-None-Match names the representation it would get (§13.1.2).
#include <string_view>

namespace kl::net {

enum class Encoding { identity, gzip, brotli };

// The best encoding the client accepts among those available: brotli before gzip
// before identity, unless the q-values say otherwise (the highest q wins, ties go by
// that order; q=0 refuses). identity stays acceptable unless refused by "identity;q=0"
// or "*;q=0"; when everything is refused the answer is identity anyway (a 406 would
// only break the page). An absent or empty header means identity.
Encoding choose_encoding(std::string_view accept_encoding, bool gzip_available, bool brotli_available);

// True when If-None-Match lists etag or "*". Weak comparison, as §13.1.2 asks for
// If-None-Match: a W/ prefix is ignored.
bool none_match_lists(std::string_view if_none_match, std::string_view etag);

}  // namespace kl::net
