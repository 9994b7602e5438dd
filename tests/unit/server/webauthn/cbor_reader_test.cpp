// The strict CBOR reader refuses what WebAuthn never sends before libcbor builds it.
#include "server/app/webauthn/cbor_reader.hpp"

#include <gtest/gtest.h>

using namespace kl::app::webauthn;

namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(v);
    return out;
}

TEST(WebauthnCborReader, ReadsTheFirstItemAndSaysWhereItEnds) {
    // {1: 2, -1: h'0102'} followed by one more byte.
    auto input = bytes({0xa2, 0x01, 0x02, 0x20, 0x42, 0x01, 0x02, 0xff});
    auto loaded = cbor_read_first(input);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->length, 7u);
    EXPECT_EQ(cbor_integer(cbor_map_get(loaded->item.get(), 1).value), 2);
    EXPECT_EQ(cbor_bytes(cbor_map_get(loaded->item.get(), -1).value), bytes({0x01, 0x02}));
    EXPECT_EQ(cbor_map_get(loaded->item.get(), 3).value, nullptr);
    EXPECT_FALSE(cbor_read_exactly(input));
    EXPECT_TRUE(cbor_read_exactly(input.substr(0, 7)));
}

TEST(WebauthnCborReader, ReportsRepeatedKeys) {
    auto item = cbor_read_exactly(bytes({0xa2, 0x01, 0x02, 0x01, 0x03}));
    ASSERT_TRUE(item);
    EXPECT_TRUE(cbor_map_get(item.get(), 1).duplicate);
}

TEST(WebauthnCborReader, RefusesIndefiniteLengthsTagsAndFloats) {
    EXPECT_FALSE(cbor_read_first(bytes({0x9f, 0x01, 0xff})));              // indefinite array
    EXPECT_FALSE(cbor_read_first(bytes({0xbf, 0x01, 0x02, 0xff})));        // indefinite map
    EXPECT_FALSE(cbor_read_first(bytes({0x5f, 0x41, 0x00, 0xff})));        // indefinite byte string
    EXPECT_FALSE(cbor_read_first(bytes({0x7f, 0x61, 0x61, 0xff})));        // indefinite text string
    EXPECT_FALSE(cbor_read_first(bytes({0xc2, 0x41, 0x01})));              // tag 2 (bignum)
    EXPECT_FALSE(cbor_read_first(bytes({0xf9, 0x3c, 0x00})));              // half float
    EXPECT_FALSE(cbor_read_first(bytes({0xfb, 0, 0, 0, 0, 0, 0, 0, 0})));  // double
    EXPECT_FALSE(cbor_read_first(bytes({0xf7})));                          // undefined
}

TEST(WebauthnCborReader, RefusesTruncatedAndIllFormedInput) {
    EXPECT_FALSE(cbor_read_first(""));
    EXPECT_FALSE(cbor_read_first(bytes({0xa1, 0x01})));        // map missing its value
    EXPECT_FALSE(cbor_read_first(bytes({0x58, 0x05, 0x01})));  // 5-byte string with one byte
    EXPECT_FALSE(cbor_read_first(bytes({0x1c})));              // reserved additional information
    EXPECT_FALSE(cbor_read_first(bytes({0xff})));              // a break outside anything
}

TEST(WebauthnCborReader, RefusesDeclaredSizesBeyondTheInputOrTheLimits) {
    // An array claiming 2^32 items in a 9-byte input: refused before anything is allocated.
    EXPECT_FALSE(cbor_read_first(bytes({0x9b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00})));
    EXPECT_FALSE(cbor_read_first(bytes({0xba, 0x10, 0x00, 0x00, 0x00})));
    std::string wide = bytes({0x98, 65});  // 65 items, one more than the default limit
    wide += std::string(65, '\x01');
    EXPECT_FALSE(cbor_read_first(wide));
    std::string fits = bytes({0x98, 64}) + std::string(64, '\x01');
    EXPECT_TRUE(cbor_read_first(fits));
}

TEST(WebauthnCborReader, RefusesNestingDeeperThanTheLimit) {
    std::string deep(9, '\x81');  // nine nested one-item arrays around a 0
    deep += '\x00';
    EXPECT_FALSE(cbor_read_first(deep));
    EXPECT_TRUE(cbor_read_first(deep.substr(1)));
    EXPECT_FALSE(cbor_read_first(deep.substr(1), CborLimits{4, 64}));
}

TEST(WebauthnCborReader, ReadsIntegersAtTheirEdges) {
    auto big = cbor_read_exactly(bytes({0x1b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
    EXPECT_EQ(cbor_integer(big.get()), INT64_MAX);
    auto too_big = cbor_read_exactly(bytes({0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_FALSE(cbor_integer(too_big.get()));
    auto minus_257 = cbor_read_exactly(bytes({0x39, 0x01, 0x00}));
    EXPECT_EQ(cbor_integer(minus_257.get()), -257);
    auto text = cbor_read_exactly(bytes({0x63, 'f', 'm', 't'}));
    EXPECT_EQ(cbor_text(text.get()), "fmt");
    EXPECT_FALSE(cbor_bytes(text.get()));
}

}  // namespace
