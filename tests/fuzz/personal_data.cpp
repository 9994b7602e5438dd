// The personal-data check (protocol/personal_data.*) on arbitrary post text, as
// personal_data_marks (server/app/access/posting_rules.*) applies it to every post
// body, title and edit. It scans with indices into the text, so this is mainly about
// reads past the end (ASan); the invariants are what its callers rely on: each kind
// at most once, in the order bsn, phone, email, postcode, and the marks joined with
// commas.
#include "check.hpp"

#include "protocol/personal_data.hpp"
#include "server/app/access/posting_rules.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const auto kinds = kl::protocol::find_personal_data(text);

    static constexpr std::array<std::string_view, 4> order = {"bsn", "phone", "email", "postcode"};
    std::size_t next = 0;  // kinds is a subsequence of order
    std::string joined;
    for (const auto& kind : kinds) {
        while (next < order.size() && order[next] != kind) ++next;
        KL_FUZZ_CHECK(next < order.size());
        ++next;
        joined += (joined.empty() ? "" : ",") + kind;
    }
    KL_FUZZ_CHECK(kl::app::personal_data_marks(text) == joined);

    // A BSN is only ever nine digits that pass the elfproef: nine bytes alone that
    // fail it are no BSN.
    if (size == 9 && !kl::protocol::passes_elfproef(text)) {
        for (const auto& kind : kinds) KL_FUZZ_CHECK(kind != "bsn");
    }
    return 0;
}
