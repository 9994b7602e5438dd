#include "protocol/utf8.hpp"

namespace kl::protocol {

bool is_valid_utf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    auto cont = [&](const unsigned char* q, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return q < end && *q >= lo && *q <= hi;
    };
    while (p < end) {
        const unsigned char b = *p;
        if (b < 0x80) {
            ++p;
        } else if (b >= 0xC2 && b <= 0xDF) {  // C0, C1 would be overlong
            if (!cont(p + 1)) return false;
            p += 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            // The second byte's range excludes overlongs (E0) and surrogates (ED).
            const unsigned char lo = b == 0xE0 ? 0xA0 : 0x80;
            const unsigned char hi = b == 0xED ? 0x9F : 0xBF;
            if (!cont(p + 1, lo, hi) || !cont(p + 2)) return false;
            p += 3;
        } else if (b >= 0xF0 && b <= 0xF4) {
            // Excludes overlongs (F0) and code points above U+10FFFF (F4).
            const unsigned char lo = b == 0xF0 ? 0x90 : 0x80;
            const unsigned char hi = b == 0xF4 ? 0x8F : 0xBF;
            if (!cont(p + 1, lo, hi) || !cont(p + 2) || !cont(p + 3)) return false;
            p += 4;
        } else {
            return false;  // stray continuation byte, C0/C1, F5..FF
        }
    }
    return true;
}

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

}  // namespace kl::protocol
