#pragma once
// Cheap field look-ups in received frames. Receivers see up to hundreds of thousands
// of frames a second; a full JSON parse of each would make the client the bottleneck,
// so the hot paths pick the few fields they need out of the text. The frames come from
// servers that write compact JSON (no spaces around ':').
#include <cstdint>
#include <optional>
#include <string_view>

namespace kl::bench {

// The value of the first "name":"…" in frame (no unescaping), or nullopt.
std::optional<std::string_view> string_field(std::string_view frame, std::string_view name);
// The value of the first "name":<integer> in frame, or nullopt.
std::optional<std::int64_t> int_field(std::string_view frame, std::string_view name);

// A benchmark message as it travels in a post body or a broadcast frame:
// "kb <intended send time in ns> <message number> <padding>". The time is on the
// steady clock of the bench process, which both sends and receives.
struct Stamp {
    std::int64_t intended_ns = 0;
    std::int64_t number = 0;
};
std::string make_stamp(const Stamp& stamp, std::size_t padding);
// Finds "kb " in frame and reads the stamp after it.
std::optional<Stamp> find_stamp(std::string_view frame);

}  // namespace kl::bench
