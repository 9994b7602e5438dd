// The JSON edge: base64url, the credentials the browser sends, the options it is sent.
#include "server/app/webauthn/webauthn.hpp"
#include "unit/server/webauthn/test_authenticator.hpp"

#include <gtest/gtest.h>

using namespace kl::app::webauthn;
using namespace kl::test::webauthn;

namespace {

TEST(WebauthnBase64url, RoundTripsEveryLengthAndByte) {
    std::string bytes;
    for (int i = 0; i < 256; ++i) {
        bytes += static_cast<char>(i);
        auto decoded = base64url_decode(base64url_encode(bytes));
        ASSERT_TRUE(decoded) << i;
        EXPECT_EQ(*decoded, bytes);
    }
    EXPECT_EQ(base64url_encode(""), "");
    EXPECT_EQ(base64url_decode(""), std::string());
    EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
    EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
    EXPECT_EQ(base64url_decode("Zm9vYg"), "foob");
}

TEST(WebauthnBase64url, RefusesPaddingForeignCharactersAndImpossibleLengths) {
    for (const char* text : {"Zm9vYg==", "Zm9vYg=", "Zm9v+g", "Zm9v/g", "Zm9v Yg", "Zm9v\nYg", "Zm9vY", "Z", "Zm9v*"}) {
        EXPECT_FALSE(base64url_decode(text)) << text;
    }
    // "Zh" carries bits that "Zg" (the encoding of "f") leaves zero: not a canonical form.
    EXPECT_FALSE(base64url_decode("Zh"));
    EXPECT_EQ(base64url_decode("Zg"), "f");
}

class WebauthnCredentialJson : public ::testing::Test {
protected:
    TestAuthenticator authenticator{Algorithm::es256};
};

TEST_F(WebauthnCredentialJson, ParsesARegistrationIntoItsRawBytes) {
    auto response = authenticator.make_credential();
    auto parsed = parse_registration(registration_json(response));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->credential_id, response.credential_id);
    EXPECT_EQ(parsed->client_data_json, response.client_data_json);
    EXPECT_EQ(parsed->attestation_object, response.attestation_object);
    EXPECT_TRUE(std::holds_alternative<Credential>(verify_registration(test_rp, *parsed, Ceremony{}.challenge, false)));
}

TEST_F(WebauthnCredentialJson, ParsesAnAssertionWithAndWithoutUserHandle) {
    auto response = authenticator.get_assertion();
    auto parsed = parse_assertion(assertion_json(response));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->credential_id, response.credential_id);
    EXPECT_EQ(parsed->authenticator_data, response.authenticator_data);
    EXPECT_EQ(parsed->signature, response.signature);
    EXPECT_FALSE(parsed->user_handle);

    response.user_handle = "user-handle-bytes";
    parsed = parse_assertion(assertion_json(response));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->user_handle, "user-handle-bytes");

    auto null_handle = assertion_json(response);
    null_handle["response"]["userHandle"] = nullptr;
    parsed = parse_assertion(null_handle);
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->user_handle);
}

TEST_F(WebauthnCredentialJson, RefusesAnIdThatIsNotTheRawId) {
    auto json = registration_json(authenticator.make_credential());
    json["id"] = base64url_encode("another id");
    EXPECT_FALSE(parse_registration(json));
    auto assertion = assertion_json(authenticator.get_assertion());
    assertion["rawId"] = base64url_encode("another id");
    EXPECT_FALSE(parse_assertion(assertion));
}

TEST_F(WebauthnCredentialJson, RefusesMissingFieldsWrongTypesAndBadBase64url) {
    const auto good = registration_json(authenticator.make_credential());
    std::vector<nlohmann::json> bent;
    for (const char* field : {"id", "rawId", "type", "response"}) {
        bent.push_back(good);
        bent.back().erase(field);
    }
    for (const char* field : {"clientDataJSON", "attestationObject"}) {
        bent.push_back(good);
        bent.back()["response"].erase(field);
        bent.push_back(good);
        bent.back()["response"][field] = 42;
        bent.push_back(good);
        bent.back()["response"][field] = "padded==";
        bent.push_back(good);
        bent.back()["response"][field] = "not/base64url+";
    }
    bent.push_back(good);
    bent.back()["type"] = "password";
    bent.push_back(good);
    bent.back()["id"] = bent.back()["rawId"] = "";
    bent.push_back(good);
    bent.back()["response"] = "a string";
    bent.push_back(nlohmann::json::array());
    bent.push_back("public-key");
    for (const auto& json : bent) EXPECT_FALSE(parse_registration(json)) << json.dump();

    const auto assertion = assertion_json(authenticator.get_assertion());
    for (const char* field : {"clientDataJSON", "authenticatorData", "signature"}) {
        auto missing = assertion;
        missing["response"].erase(field);
        EXPECT_FALSE(parse_assertion(missing)) << field;
    }
    auto bad_handle = assertion;
    bad_handle["response"]["userHandle"] = 7;
    EXPECT_FALSE(parse_assertion(bad_handle));
}

TEST_F(WebauthnCredentialJson, RefusesOversizedFields) {
    auto json = registration_json(authenticator.make_credential());
    json["response"]["attestationObject"] = base64url_encode(std::string(64 * 1024 + 1, 'a'));
    EXPECT_FALSE(parse_registration(json));

    auto long_id = registration_json(authenticator.make_credential());
    long_id["id"] = long_id["rawId"] = base64url_encode(std::string(1024, 'i'));
    EXPECT_FALSE(parse_registration(long_id));

    auto assertion = assertion_json(authenticator.get_assertion());
    assertion["response"]["signature"] = base64url_encode(std::string(1025, 's'));
    EXPECT_FALSE(parse_assertion(assertion));
    assertion = assertion_json(authenticator.get_assertion());
    assertion["response"]["userHandle"] = base64url_encode(std::string(65, 'u'));
    EXPECT_FALSE(parse_assertion(assertion));
}

TEST(WebauthnOptions, CreationOptionsSayWhatTheBrowserMustMake) {
    auto options = creation_options(test_rp, "handle-of-user", "anna", "Anna de Vries", "the-challenge",
                                    {"cred-1", std::string("\xff\x00", 2)});
    EXPECT_EQ(options["rp"], (nlohmann::json{{"id", "localhost"}, {"name", "Kennislab"}}));
    EXPECT_EQ(options["user"]["id"], base64url_encode("handle-of-user"));
    EXPECT_EQ(options["user"]["name"], "anna");
    EXPECT_EQ(options["user"]["displayName"], "Anna de Vries");
    EXPECT_EQ(options["challenge"], base64url_encode("the-challenge"));
    std::vector<int> algorithms;
    for (const auto& parameter : options["pubKeyCredParams"]) {
        EXPECT_EQ(parameter["type"], "public-key");
        algorithms.push_back(parameter["alg"].get<int>());
    }
    EXPECT_EQ(algorithms, (std::vector<int>{-7, -8, -257}));
    EXPECT_EQ(options["timeout"], 300000);
    EXPECT_EQ(options["attestation"], "none");
    EXPECT_EQ(options["authenticatorSelection"],
              (nlohmann::json{{"residentKey", "preferred"}, {"userVerification", "preferred"}}));
    ASSERT_EQ(options["excludeCredentials"].size(), 2u);
    EXPECT_EQ(options["excludeCredentials"][0], (nlohmann::json{{"type", "public-key"}, {"id", "Y3JlZC0x"}}));
    EXPECT_EQ(options["excludeCredentials"][1]["id"], "_wA");
}

TEST(WebauthnOptions, RequestOptionsNameTheCredentialsOrNoneForPasswordless) {
    auto options = request_options(test_rp, "the-challenge", {"cred-1"});
    EXPECT_EQ(options["challenge"], base64url_encode("the-challenge"));
    EXPECT_EQ(options["rpId"], "localhost");
    EXPECT_EQ(options["timeout"], 300000);
    EXPECT_EQ(options["userVerification"], "preferred");
    EXPECT_EQ(options["allowCredentials"], (nlohmann::json::array({{{"type", "public-key"}, {"id", "Y3JlZC0x"}}})));

    auto passwordless = request_options(test_rp, "the-challenge", {});
    ASSERT_TRUE(passwordless["allowCredentials"].is_array());
    EXPECT_TRUE(passwordless["allowCredentials"].empty());
}

}  // namespace
