#pragma once
// Recovery codes: ten per account, made when its first factor is added (and on
// mfa.recovery.renew), each 80 random bits written as 16 lower-case base32 characters
// in groups of four ("k7qm-2xw4-…"). They are shown once; the database keeps only the
// SHA-256 of the normalised form, so a code typed with capitals, spaces or without
// dashes still matches.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kl::app {

inline constexpr int recovery_code_count = 10;
// The longest text taken as a recovery code before normalising (spaces and dashes included).
inline constexpr std::size_t max_recovery_code_chars = 64;

// Ten fresh, distinct codes in their readable form.
std::vector<std::string> new_recovery_codes();
// The code without case, dashes and spaces (16 base32 characters), or nullopt when
// text cannot be a recovery code.
std::optional<std::string> normalise_recovery_code(std::string_view text);
// What storage keeps of a code: the SHA-256 of its normalised form.
std::string recovery_code_hash(std::string_view normalised);

}  // namespace kl::app
