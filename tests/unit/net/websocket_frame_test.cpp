// Frame headers for the frames the server writes itself (RFC 6455 section 5.2): the
// length takes 7 bits, 16 bits after 126, or 64 bits after 127, in network byte order.
#include "server/net/websocket_frame.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

std::vector<int> bytes_of(std::uint64_t payload_size) {
    auto header = kl::net::text_frame_header(payload_size);
    return {header.bytes.begin(), header.bytes.begin() + static_cast<std::ptrdiff_t>(header.size)};
}

TEST(TextFrameHeader, ShortPayloadsFitTheSecondByte) {
    EXPECT_EQ(bytes_of(0), (std::vector<int>{0x81, 0}));
    EXPECT_EQ(bytes_of(125), (std::vector<int>{0x81, 125}));
}

TEST(TextFrameHeader, MediumPayloadsTakeSixteenBits) {
    EXPECT_EQ(bytes_of(126), (std::vector<int>{0x81, 126, 0x00, 0x7E}));
    EXPECT_EQ(bytes_of(65535), (std::vector<int>{0x81, 126, 0xFF, 0xFF}));
}

TEST(TextFrameHeader, LargePayloadsTakeSixtyFourBits) {
    EXPECT_EQ(bytes_of(65536), (std::vector<int>{0x81, 127, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}));
    EXPECT_EQ(bytes_of(0x0102030405ULL), (std::vector<int>{0x81, 127, 0, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05}));
}

}  // namespace
