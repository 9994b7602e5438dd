#include "protocol/fields.hpp"

#include "protocol/errors.hpp"
#include "protocol/vocabulary.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

namespace kl::protocol {
namespace {

using nlohmann::json;
using namespace std::chrono;

// The Dutch message of the bad_request that f throws; fails the test otherwise.
template <typename F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), ErrorCode::bad_request);
        return e.what();
    }
    ADD_FAILURE() << "no ProtocolError thrown";
    return {};
}

#define EXPECT_BAD(expr) EXPECT_FALSE(message_of([&] { (void)(expr); }).empty())

// --- strings ---

TEST(Fields, RequiredStringTrimsAndCountsCodePoints) {
    const json p = {{"title", "  Crisis\u00a0 "}, {"emoji", "😀😀😀"}};
    EXPECT_EQ(required_string(p, "title", 1, 200), "Crisis");
    EXPECT_EQ(required_string(p, "emoji", 3, 3), "😀😀😀");  // 12 bytes, 3 characters
}

TEST(Fields, RequiredDigitsTakesExactlyThatManyDigits) {
    EXPECT_EQ(required_digits(json{{"code", "012345"}}, "code", 6), "012345");
    for (const json& bad : {json("12345"), json("1234567"), json(" 12345"), json("12345 "), json("12a456"),
                            json("１２３４５６"), json(123456), json(nullptr)})
        EXPECT_THROW(required_digits(json{{"code", bad}}, "code", 6), ProtocolError) << bad.dump();
    EXPECT_THROW(required_digits(json::object(), "code", 6), ProtocolError);
}

TEST(Fields, RequiredStringMessagesNameTheField) {
    const json p = {{"title", std::string(201, 'x')}, {"n", 5}, {"blank", "   "}, {"short", "ab"}, {"nul", nullptr}};
    EXPECT_EQ(message_of([&] { required_string(p, "email", 1, 10); }), "Veld 'email' ontbreekt");
    EXPECT_EQ(message_of([&] { required_string(p, "nul", 1, 10); }), "Veld 'nul' ontbreekt");
    EXPECT_EQ(message_of([&] { required_string(p, "title", 1, 200); }), "Veld 'title' is te lang (max 200 tekens)");
    EXPECT_EQ(message_of([&] { required_string(p, "n", 1, 10); }), "Veld 'n' moet tekst zijn");
    EXPECT_EQ(message_of([&] { required_string(p, "blank", 1, 10); }), "Veld 'blank' mag niet leeg zijn");
    EXPECT_EQ(message_of([&] { required_string(p, "short", 3, 10); }), "Veld 'short' is te kort (min 3 tekens)");
    EXPECT_EQ(message_of([&] { required_string(p, "short", 0, 1); }), "Veld 'short' is te lang (max 1 teken)");
}

TEST(Fields, RequiredStringRejectsNonStrings) {
    const json p = {{"a", 1}, {"b", true}, {"c", json::array({"x"})}, {"d", {{"x", "y"}}}, {"e", 1.5}};
    for (const char* key : {"a", "b", "c", "d", "e"}) EXPECT_BAD(required_string(p, key, 0, 10));
}

TEST(Fields, SingleLineRejectsControlCharacters) {
    for (const std::string& bad : std::initializer_list<std::string>{"a\nb", "a\tb", "a\rb", std::string("a\0b", 3), "a\x1b[31mb", "a\x7f", "a\u0085b",
                                  "a\u2028b"}) {
        EXPECT_BAD(required_string(json{{"t", bad}}, "t", 0, 100)) << bad;
    }
    // Surrounding whitespace, tabs and newlines included, is trimmed first.
    EXPECT_EQ(required_string(json{{"t", "\n\tTitel\r\n"}}, "t", 1, 100), "Titel");
}

TEST(Fields, MultiLineAllowsNewlinesAndTabsAndNormalisesCarriageReturns) {
    const json p = {{"body", "\r\n  regel 1\r\n\tregel 2\rregel 3\n\n"}};
    EXPECT_EQ(required_string(p, "body", 1, 100, Text::multi_line), "regel 1\n\tregel 2\nregel 3");
    for (const std::string& bad : std::initializer_list<std::string>{std::string("a\0b", 3), "a\x1b" "b", "a\x7f", "a\vb", "a\fb"}) {
        EXPECT_BAD(required_string(json{{"t", bad}}, "t", 0, 100, Text::multi_line));
    }
}

TEST(Fields, StringsAreLengthCheckedAfterNormalisation) {
    // "a\r\nb" is 3 characters once \r\n became \n.
    EXPECT_EQ(required_string(json{{"t", "a\r\nb"}}, "t", 0, 3, Text::multi_line), "a\nb");
}

TEST(Fields, RejectsInvalidUtf8InValuesBuiltByHand) {
    EXPECT_BAD(required_string(json{{"t", std::string("a\xFF")}}, "t", 0, 10));
}

TEST(Fields, SqlAndMarkupArePassedThroughUnchanged) {
    const std::string sql = "Robert'); DROP TABLE posts;--";
    const std::string html = "<script>alert(1)</script> & \"quotes\"";
    EXPECT_EQ(required_string(json{{"t", sql}}, "t", 1, 200), sql);
    EXPECT_EQ(required_string(json{{"t", html}}, "t", 1, 200, Text::multi_line), html);
}

TEST(Fields, OptionalString) {
    const json p = {{"a", " x "}, {"n", nullptr}, {"e", ""}, {"i", 3}};
    EXPECT_EQ(optional_string(p, "a", 0, 5), "x");
    EXPECT_EQ(optional_string(p, "missing", 1, 5), std::nullopt);
    EXPECT_EQ(optional_string(p, "n", 1, 5), std::nullopt);
    EXPECT_EQ(optional_string(p, "e", 0, 5), "");
    EXPECT_BAD(optional_string(p, "e", 1, 5));
    EXPECT_BAD(optional_string(p, "i", 0, 5));
}

TEST(Fields, MissingWhenParamsAreNotAnObject) {
    EXPECT_EQ(message_of([] { required_string(json::array(), "title", 1, 5); }), "Veld 'title' ontbreekt");
}

// --- ids ---

TEST(Fields, IdsAccepted) {
    const json p = {{"a", "1"}, {"b", "9223372036854775807"}, {"c", "42"}};
    EXPECT_EQ(required_id(p, "a"), "1");
    EXPECT_EQ(required_id(p, "b"), "9223372036854775807");
    EXPECT_EQ(optional_id(p, "c"), "42");
    EXPECT_EQ(optional_id(p, "none"), std::nullopt);
    EXPECT_EQ(optional_id(json{{"n", nullptr}}, "n"), std::nullopt);
}

TEST(Fields, IdsRejected) {
    for (const json& bad : {json("0"), json("01"), json("-1"), json("+1"), json(""), json(" 1"), json("1 "), json("1.0"),
                           json("1e3"), json("9223372036854775808"), json("99999999999999999999"), json("abc"),
                           json("1; DROP TABLE users"), json(1), json(true), json::array({"1"})}) {
        EXPECT_EQ(message_of([&] { required_id(json{{"session", bad}}, "session"); }),
                  "Veld 'session' bevat geen geldig id")
            << bad.dump();
    }
    EXPECT_EQ(message_of([] { required_id(json::object(), "post"); }), "Veld 'post' ontbreekt");
}

TEST(Fields, IdValue) {
    EXPECT_EQ(id_value("1"), 1);
    EXPECT_EQ(id_value("9223372036854775807"), INT64_MAX);
    EXPECT_BAD(id_value("0"));
    EXPECT_BAD(id_value("9223372036854775808"));
    EXPECT_BAD(id_value("x"));
}

// --- booleans and integers ---

TEST(Fields, OptionalBool) {
    const json p = {{"t", true}, {"f", false}, {"n", nullptr}, {"s", "true"}, {"i", 1}};
    EXPECT_EQ(optional_bool(p, "t"), true);
    EXPECT_EQ(optional_bool(p, "f"), false);
    EXPECT_EQ(optional_bool(p, "n"), std::nullopt);
    EXPECT_EQ(optional_bool(p, "none"), std::nullopt);
    EXPECT_EQ(message_of([&] { optional_bool(p, "s"); }), "Veld 's' moet true of false zijn");
    EXPECT_BAD(optional_bool(p, "i"));
}

TEST(Fields, RequiredIntBounds) {
    const json p = {{"zero", 0}, {"neg", -3}, {"big", 100}, {"max", INT64_MAX}, {"min", INT64_MIN}};
    EXPECT_EQ(required_int(p, "zero", 0, 10), 0);
    EXPECT_EQ(required_int(p, "neg", -5, 5), -3);
    EXPECT_EQ(required_int(p, "big", 1, 100), 100);
    EXPECT_EQ(required_int(p, "max", 0, INT64_MAX), INT64_MAX);
    EXPECT_EQ(required_int(p, "min", INT64_MIN, 0), INT64_MIN);
    EXPECT_EQ(message_of([&] { required_int(p, "big", 1, 99); }), "Veld 'big' moet tussen 1 en 99 liggen");
    EXPECT_BAD(required_int(p, "neg", 0, 5));
    EXPECT_BAD(required_int(p, "zero", 1, 5));
    EXPECT_BAD(required_int(p, "none", 1, 5));
}

TEST(Fields, RequiredIntRejectsNonIntegers) {
    const json p = {{"f", 1.5}, {"whole_float", 2.0}, {"s", "5"}, {"b", true}, {"huge", UINT64_MAX}};
    EXPECT_EQ(message_of([&] { required_int(p, "f", 0, 10); }), "Veld 'f' moet een geheel getal zijn");
    EXPECT_BAD(required_int(p, "whole_float", 0, 10));
    EXPECT_BAD(required_int(p, "s", 0, 10));
    EXPECT_BAD(required_int(p, "b", 0, 10));
    EXPECT_BAD(required_int(p, "huge", 0, INT64_MAX));  // above int64 must not wrap around
}

TEST(Fields, OptionalInt) {
    EXPECT_EQ(optional_int(json{{"limit", 20}}, "limit", 1, 100), 20);
    EXPECT_EQ(optional_int(json{{"limit", nullptr}}, "limit", 1, 100), std::nullopt);
    EXPECT_EQ(optional_int(json::object(), "limit", 1, 100), std::nullopt);
    EXPECT_BAD(optional_int(json{{"limit", 0}}, "limit", 1, 100));
}

// --- enums ---

TEST(Fields, EnumsWithInitializerLists) {
    const json p = {{"format", "md"}, {"bad", "pdf"}, {"case", "MD"}, {"n", 1}};
    EXPECT_EQ(required_enum(p, "format", {"md", "html"}), "md");
    EXPECT_EQ(message_of([&] { required_enum(p, "bad", {"md", "html"}); }),
              "Veld 'bad' moet een van deze waarden hebben: md, html");
    EXPECT_BAD(required_enum(p, "case", {"md", "html"}));
    EXPECT_BAD(required_enum(p, "n", {"md", "html"}));
    EXPECT_EQ(optional_enum(p, "none", {"md"}), std::nullopt);
    EXPECT_EQ(optional_enum(p, "format", {"md"}), "md");
}

TEST(Fields, EnumsWithVocabularyArrays) {
    EXPECT_EQ(required_enum(json{{"kind", "casus"}}, "kind", thread_kinds), "casus");
    EXPECT_EQ(optional_enum(json{{"attribution", "organisation_type"}}, "attribution", attributions),
              "organisation_type");
    EXPECT_EQ(optional_enum(json::object(), "attribution", attributions), std::nullopt);
    EXPECT_BAD(required_enum(json{{"role", "owner"}}, "role", session_roles));
    EXPECT_BAD(optional_enum(json{{"role", "admin"}}, "role", session_roles));
}

// --- email and password ---

TEST(Fields, EmailIsTrimmedAndLowerCased) {
    EXPECT_EQ(required_email(json{{"email", "  Jan.Jansen@Gemeente.NL "}}, "email"), "jan.jansen@gemeente.nl");
    EXPECT_EQ(required_email(json{{"email", "o'brien+tag@example.org"}}, "email"), "o'brien+tag@example.org");
    EXPECT_EQ(required_email(json{{"email", "a@b.c"}}, "email"), "a@b.c");
    EXPECT_EQ(required_email(json{{"email", "ÉLISE@voorbeeld.nl"}}, "email"), "Élise@voorbeeld.nl");  // only ASCII is folded
}

TEST(Fields, EmailRejects) {
    for (const json& bad : {json(""), json("   "), json("geen-apenstaart"), json("@gemeente.nl"), json("jan@"),
                           json("jan@localhost"), json("jan@@gemeente.nl"), json("jan@x@gemeente.nl"),
                           json("jan @gemeente.nl"), json("jan@gemeente .nl"), json("jan@.gemeente.nl"),
                           json("jan@gemeente.nl."), json("jan@gemeente..nl"), json("\"jan\"@gemeente.nl"),
                           json("<jan@gemeente.nl>"), json("jan@gemeente.nl\nBcc: x@y.z"), json("jan,piet@x.nl"),
                           json("jan;x@y.nl"), json("jan\\x@y.nl"), json(std::string("ja\0n@x.nl", 9)),
                           json(std::string(65, 'a') + "@x.nl"), json(5), json(true)}) {
        EXPECT_BAD(required_email(json{{"email", bad}}, "email")) << bad.dump();
    }
    EXPECT_EQ(message_of([] { required_email(json::object(), "email"); }), "Veld 'email' ontbreekt");
}

TEST(Fields, EmailLengthLimit) {
    const std::string domain = std::string(63, 'd') + "." + std::string(63, 'e') + "." + std::string(63, 'f') + ".nl";
    const std::string at_limit = std::string(254 - 1 - domain.size(), 'l') + "@" + domain;
    ASSERT_EQ(at_limit.size(), 254u);
    EXPECT_EQ(required_email(json{{"email", at_limit}}, "email"), at_limit);
    EXPECT_EQ(message_of([&] { required_email(json{{"email", "l" + at_limit}}, "email"); }),
              "Veld 'email' is te lang (max 254 tekens)");
}

TEST(Fields, PasswordIsNotTrimmed) {
    EXPECT_EQ(required_password(json{{"password", "  geheim1234  "}}, "password"), "  geheim1234  ");
    EXPECT_EQ(required_password(json{{"password", "éééééééééé"}}, "password"), "éééééééééé");  // 10 code points
    EXPECT_EQ(required_password(json{{"password", std::string(256, 'p')}}, "password").size(), 256u);
}

TEST(Fields, PasswordRejects) {
    EXPECT_EQ(message_of([] { required_password(json{{"password", "kort"}}, "password"); }),
              "Het wachtwoord moet minstens 10 tekens hebben");
    EXPECT_EQ(message_of([] { required_password(json{{"password", "123456789"}}, "password"); }),
              "Het wachtwoord moet minstens 10 tekens hebben");
    EXPECT_BAD(required_password(json{{"password", std::string(257, 'p')}}, "password"));
    EXPECT_BAD(required_password(json{{"password", "geheim\n1234567"}}, "password"));
    EXPECT_BAD(required_password(json{{"password", std::string("geheim\0" "1234567", 14)}}, "password"));
    EXPECT_BAD(required_password(json{{"password", 12345678901}}, "password"));
    EXPECT_EQ(message_of([] { required_password(json::object(), "password"); }), "Veld 'password' ontbreekt");
}

// --- time and objects ---

TEST(Fields, Times) {
    const TimePoint t = sys_days{year{2026} / 2 / 6} + hours{9} + minutes{30};
    EXPECT_EQ(required_time(json{{"until", "2026-02-06T10:30:00+01:00"}}, "until"), t);
    EXPECT_EQ(optional_time(json{{"due", "2026-02-06T09:30:00Z"}}, "due"), t);
    EXPECT_EQ(optional_time(json{{"due", nullptr}}, "due"), std::nullopt);
    EXPECT_EQ(optional_time(json::object(), "due"), std::nullopt);
    EXPECT_BAD(required_time(json{{"until", "morgen"}}, "until"));
    EXPECT_BAD(required_time(json{{"until", 1770370200}}, "until"));
    EXPECT_BAD(optional_time(json{{"due", "2026-02-30T09:30:00Z"}}, "due"));
    EXPECT_EQ(message_of([] { required_time(json::object(), "until"); }), "Veld 'until' ontbreekt");
}

TEST(Fields, Dates) {
    EXPECT_EQ(optional_date(json{{"due", "2026-12-15"}}, "due"), "2026-12-15");
    EXPECT_EQ(optional_date(json{{"due", "2028-02-29"}}, "due"), "2028-02-29");
    EXPECT_EQ(optional_date(json{{"due", nullptr}}, "due"), std::nullopt);
    EXPECT_EQ(optional_date(json::object(), "due"), std::nullopt);
    for (const char* bad : {"2026-02-29", "2026-13-01", "2026-1-5", "15-12-2026", "2026-12-15T00:00:00Z", "+026-12-15",
                            "2026-12--1", ""})
        EXPECT_BAD(optional_date(json{{"due", bad}}, "due")) << bad;
    EXPECT_BAD(optional_date(json{{"due", 20261215}}, "due"));
}

TEST(Fields, RequiredObject) {
    const json p = {{"organisation", {{"type", "gemeente"}, {"name", "Utrecht"}}}, {"s", "x"}, {"a", json::array()}};
    const json& org = required_object(p, "organisation");
    EXPECT_EQ(&org, &p["organisation"]);
    EXPECT_EQ(required_enum(org, "type", organisation_types), "gemeente");
    EXPECT_EQ(message_of([&] { required_object(p, "s"); }), "Veld 's' moet een object zijn");
    EXPECT_BAD(required_object(p, "a"));
    EXPECT_BAD(required_object(p, "none"));
}

}  // namespace
}  // namespace kl::protocol
