// UTF-8 validation and length (protocol/utf8.*), which guard every frame and every
// field. Checked against two independent judges: a plain decoder written from RFC
// 3629's definition (decode, then refuse overlongs, surrogates and values above
// U+10FFFF), and nlohmann::json's own strict serializer, which throws on exactly
// the text that is not well-formed. For valid text utf8_length is the number of code
// points; protocol::dump never throws, valid or not.
#include "check.hpp"

#include "protocol/json_parse.hpp"
#include "protocol/utf8.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

// The number of code points, or nullopt when text is not well-formed UTF-8.
std::optional<std::size_t> reference_decode(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t len;
        char32_t cp;
        if (b < 0x80) { len = 1; cp = b; }
        else if ((b & 0xE0) == 0xC0) { len = 2; cp = b & 0x1F; }
        else if ((b & 0xF0) == 0xE0) { len = 3; cp = b & 0x0F; }
        else if ((b & 0xF8) == 0xF0) { len = 4; cp = b & 0x07; }
        else return std::nullopt;  // a continuation byte first, or F8..FF
        if (i + len > text.size()) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if ((c & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (c & 0x3F);
        }
        constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < smallest[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return std::nullopt;
        i += len;
    }
    return count;
}

bool nlohmann_accepts(const std::string& text) {
    try {
        (void)nlohmann::json(text).dump();  // error_handler_t::strict
        return true;
    } catch (const nlohmann::json::type_error&) {
        return false;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const bool valid = kl::protocol::is_valid_utf8(text);
    const auto reference = reference_decode(text);
    KL_FUZZ_CHECK(valid == reference.has_value());
    KL_FUZZ_CHECK(valid == nlohmann_accepts(text));
    if (valid) KL_FUZZ_CHECK(kl::protocol::utf8_length(text) == *reference);

    // Never throws, and what it writes is always valid.
    const auto written = kl::protocol::dump(nlohmann::json(text));
    KL_FUZZ_CHECK(kl::protocol::is_valid_utf8(written));
    return 0;
}
