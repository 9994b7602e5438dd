#include "protocol/errors.hpp"

#include <gtest/gtest.h>

#include <set>

namespace kl::protocol {
namespace {

constexpr ErrorCode all_codes[] = {
    ErrorCode::bad_request, ErrorCode::unauthenticated, ErrorCode::forbidden, ErrorCode::not_found,
    ErrorCode::conflict,    ErrorCode::gone,            ErrorCode::locked,    ErrorCode::muted,
    ErrorCode::rate_limited, ErrorCode::too_large,      ErrorCode::resync_required, ErrorCode::internal,
    ErrorCode::unavailable, ErrorCode::second_factor_required, ErrorCode::bad_code,
};

TEST(Errors, WireNamesMatchTheContract) {
    EXPECT_EQ(to_string(ErrorCode::bad_request), "bad_request");
    EXPECT_EQ(to_string(ErrorCode::unauthenticated), "unauthenticated");
    EXPECT_EQ(to_string(ErrorCode::forbidden), "forbidden");
    EXPECT_EQ(to_string(ErrorCode::not_found), "not_found");
    EXPECT_EQ(to_string(ErrorCode::conflict), "conflict");
    EXPECT_EQ(to_string(ErrorCode::gone), "gone");
    EXPECT_EQ(to_string(ErrorCode::locked), "locked");
    EXPECT_EQ(to_string(ErrorCode::muted), "muted");
    EXPECT_EQ(to_string(ErrorCode::rate_limited), "rate_limited");
    EXPECT_EQ(to_string(ErrorCode::too_large), "too_large");
    EXPECT_EQ(to_string(ErrorCode::resync_required), "resync_required");
    EXPECT_EQ(to_string(ErrorCode::internal), "internal");
    EXPECT_EQ(to_string(ErrorCode::unavailable), "unavailable");
    EXPECT_EQ(to_string(ErrorCode::second_factor_required), "second_factor_required");
    EXPECT_EQ(to_string(ErrorCode::bad_code), "bad_code");
}

TEST(Errors, HttpStatuses) {
    EXPECT_EQ(http_status(ErrorCode::bad_request), 400);
    EXPECT_EQ(http_status(ErrorCode::unauthenticated), 401);
    EXPECT_EQ(http_status(ErrorCode::forbidden), 403);
    EXPECT_EQ(http_status(ErrorCode::not_found), 404);
    EXPECT_EQ(http_status(ErrorCode::conflict), 409);
    EXPECT_EQ(http_status(ErrorCode::gone), 410);
    EXPECT_EQ(http_status(ErrorCode::locked), 423);
    EXPECT_EQ(http_status(ErrorCode::muted), 403);
    EXPECT_EQ(http_status(ErrorCode::rate_limited), 429);
    EXPECT_EQ(http_status(ErrorCode::too_large), 413);
    EXPECT_EQ(http_status(ErrorCode::resync_required), 409);
    EXPECT_EQ(http_status(ErrorCode::internal), 500);
    EXPECT_EQ(http_status(ErrorCode::unavailable), 503);
    EXPECT_EQ(http_status(ErrorCode::second_factor_required), 403);
    EXPECT_EQ(http_status(ErrorCode::bad_code), 401);
}

TEST(Errors, EveryCodeHasItsOwnDefaultMessage) {
    std::set<std::string_view> seen;
    for (const auto code : all_codes) {
        const auto message = default_message(code);
        EXPECT_FALSE(message.empty()) << to_string(code);
        EXPECT_TRUE(seen.insert(message).second) << "duplicate message for " << to_string(code);
    }
}

TEST(Errors, ProtocolErrorCarriesCodeMessageAndExtra) {
    const ProtocolError e(ErrorCode::conflict, "Verouderde versie", {{"card", {{"id", "3"}, {"version", 4}}}});
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_STREQ(e.what(), "Verouderde versie");
    EXPECT_EQ(e.extra()["card"]["version"], 4);
}

TEST(Errors, EmptyMessageFallsBackToDefaultAndExtraDefaultsToNull) {
    const ProtocolError e(ErrorCode::not_found, "");
    EXPECT_EQ(std::string_view(e.what()), default_message(ErrorCode::not_found));
    EXPECT_TRUE(e.extra().is_null());
}

TEST(Errors, ProtocolErrorIsARuntimeError) {
    try {
        throw ProtocolError(ErrorCode::locked, "Draad is gesloten");
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "Draad is gesloten");
        return;
    }
    FAIL() << "not caught as std::runtime_error";
}

}  // namespace
}  // namespace kl::protocol
