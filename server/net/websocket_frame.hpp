#pragma once
// The header of an unmasked, unfragmented WebSocket text frame (RFC 6455 section 5.2),
// as a server sends it. The session writes queued frames itself, many per TLS write
// (websocket_session.cpp says why); Beast frames only its control frames.
#include <array>
#include <cstddef>
#include <cstdint>

namespace kl::net {

struct TextFrameHeader {
    std::array<std::uint8_t, 10> bytes{};
    std::size_t size = 0;
};

inline TextFrameHeader text_frame_header(std::uint64_t payload_size) {
    TextFrameHeader header;
    header.bytes[0] = 0x81;  // FIN, opcode 1 (text)
    if (payload_size < 126) {
        header.bytes[1] = static_cast<std::uint8_t>(payload_size);
        header.size = 2;
        return header;
    }
    const std::size_t length_bytes = payload_size <= 0xFFFF ? 2 : 8;
    header.bytes[1] = length_bytes == 2 ? 126 : 127;
    for (std::size_t i = 0; i < length_bytes; ++i)  // network byte order
        header.bytes[2 + i] = static_cast<std::uint8_t>(payload_size >> (8 * (length_bytes - 1 - i)));
    header.size = 2 + length_bytes;
    return header;
}

}  // namespace kl::net
