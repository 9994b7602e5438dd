#include "protocol/utf8.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kl::protocol {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("gewoon ASCII"));
    EXPECT_TRUE(is_valid_utf8("café"));                        // 2-byte
    EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));                // € 3-byte
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));            // 😀 4-byte
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));            // U+10FFFF, the last code point
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));                // U+D7FF, just below surrogates
    EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));                // U+E000, just above surrogates
    EXPECT_TRUE(is_valid_utf8(std::string("a\0b", 3)));        // NUL is well-formed
}

TEST(Utf8, RejectsOverlongForms) {
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
    EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
    EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(Utf8, RejectsSurrogatesAndBeyondUnicode) {
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
    EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xFF"));
    EXPECT_FALSE(is_valid_utf8("\xFE"));
}

TEST(Utf8, RejectsTruncatedAndStraySequences) {
    EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
    EXPECT_FALSE(is_valid_utf8("abc\xC3"));           // truncated at the end
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
    EXPECT_FALSE(is_valid_utf8("\xC3(x"));            // continuation missing
    EXPECT_FALSE(is_valid_utf8("\xE2\x28\xA1"));
}

TEST(Utf8, LengthCountsCodePoints) {
    EXPECT_EQ(utf8_length(""), 0u);
    EXPECT_EQ(utf8_length("abc"), 3u);
    EXPECT_EQ(utf8_length("café"), 4u);
    EXPECT_EQ(utf8_length("\xE2\x82\xAC 5"), 3u);
    EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80\xF0\x9F\x98\x80"), 2u);
}

}  // namespace
}  // namespace kl::protocol
