// §7.2: each step of an assertion refuses on its own, with its own Refusal.
#include "server/app/core/crypto.hpp"
#include "server/app/webauthn/webauthn.hpp"
#include "unit/server/webauthn/test_authenticator.hpp"

#include <gtest/gtest.h>

using namespace kl::app::webauthn;
using namespace kl::test::webauthn;

namespace {

class WebauthnAssertion : public ::testing::Test {
protected:
    void SetUp() override {
        auto registered = verify_registration(test_rp, authenticator.make_credential(), Ceremony{}.challenge, false);
        ASSERT_TRUE(std::holds_alternative<Credential>(registered));
        stored = std::get<Credential>(registered);
    }

    std::variant<Assertion, Refusal> assert_with(const Ceremony& ceremony, bool require_uv = false) {
        return verify_assertion(test_rp, authenticator.get_assertion(ceremony), stored, Ceremony{}.challenge,
                                require_uv);
    }

    static Refusal refusal_of(const std::variant<Assertion, Refusal>& result) {
        EXPECT_TRUE(std::holds_alternative<Refusal>(result)) << "assertion was accepted";
        return std::holds_alternative<Refusal>(result) ? std::get<Refusal>(result) : Refusal::malformed;
    }

    TestAuthenticator authenticator{Algorithm::es256};
    Credential stored;
};

TEST_F(WebauthnAssertion, RefusesAnotherCredentialId) {
    auto response = authenticator.get_assertion();
    response.credential_id[0] ^= 1;
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, response, stored, Ceremony{}.challenge, false)),
              Refusal::credential_mismatch);
}

TEST_F(WebauthnAssertion, RefusesACreationTypeAsWrongType) {
    Ceremony ceremony;
    ceremony.type = "webauthn.create";
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::wrong_type);
}

TEST_F(WebauthnAssertion, RefusesAnotherChallenge) {
    Ceremony ceremony;
    ceremony.challenge.back() ^= 0x80;
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::challenge_mismatch);
}

TEST_F(WebauthnAssertion, RefusesAnotherPort) {
    Ceremony ceremony;
    ceremony.origin = "https://localhost:9443";
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::origin_mismatch);
}

TEST_F(WebauthnAssertion, RefusesCrossOrigin) {
    Ceremony ceremony;
    ceremony.cross_origin = true;
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::cross_origin);
}

TEST_F(WebauthnAssertion, RefusesTheRpIdHashOfAnotherHost) {
    Ceremony ceremony;
    ceremony.rp_id = "localhost.evil.example";
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::rp_id_mismatch);
}

TEST_F(WebauthnAssertion, RefusesWithoutUserPresence) {
    Ceremony ceremony;
    ceremony.flags = flag_uv;
    ceremony.sign_count = 1;
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::user_not_present);
}

TEST_F(WebauthnAssertion, RefusesWithoutUserVerificationOnlyWhenRequired) {
    Ceremony ceremony;
    ceremony.flags = flag_up;
    EXPECT_EQ(refusal_of(assert_with(ceremony, /*require_uv=*/true)), Refusal::user_not_verified);
    auto accepted = assert_with(ceremony, /*require_uv=*/false);
    ASSERT_TRUE(std::holds_alternative<Assertion>(accepted));
    EXPECT_FALSE(std::get<Assertion>(accepted).user_verified);
}

TEST_F(WebauthnAssertion, RefusesASignatureByAnotherKey) {
    TestAuthenticator other(Algorithm::es256);
    auto response = authenticator.get_assertion();
    response.signature = other.sign(response.authenticator_data + kl::app::sha256(response.client_data_json));
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, response, stored, Ceremony{}.challenge, false)),
              Refusal::bad_signature);
}

TEST_F(WebauthnAssertion, RefusesAFlippedByteInTheSignatureTheDataOrTheClientData) {
    const std::string challenge = Ceremony{}.challenge;
    auto signature = authenticator.get_assertion();
    signature.signature[signature.signature.size() / 2] ^= 1;
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, signature, stored, challenge, false)), Refusal::bad_signature);

    auto counter = authenticator.get_assertion();
    counter.authenticator_data.back() ^= 1;  // signCount: still well formed, no longer signed
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, counter, stored, challenge, false)), Refusal::bad_signature);

    auto client_data = authenticator.get_assertion();
    client_data.client_data_json.insert(client_data.client_data_json.size() - 1, R"(,"extra":1)");
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, client_data, stored, challenge, false)), Refusal::bad_signature);
}

TEST_F(WebauthnAssertion, RefusesAStoredKeyOfAnotherAlgorithm) {
    stored.algorithm = Algorithm::rs256;
    EXPECT_EQ(refusal_of(assert_with(Ceremony{})), Refusal::bad_signature);
}

TEST_F(WebauthnAssertion, RefusesACounterThatWentBackOrStayed) {
    stored.sign_count = 10;
    Ceremony ceremony;
    ceremony.sign_count = 9;
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::counter_regressed);
    ceremony.sign_count = 10;
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::counter_regressed);
    ceremony.sign_count = 0;  // an authenticator that stopped counting
    EXPECT_EQ(refusal_of(assert_with(ceremony)), Refusal::counter_regressed);
    ceremony.sign_count = 11;
    auto accepted = assert_with(ceremony);
    ASSERT_TRUE(std::holds_alternative<Assertion>(accepted));
    EXPECT_EQ(std::get<Assertion>(accepted).sign_count, 11u);
}

TEST_F(WebauthnAssertion, AcceptsBothCountersZeroAsAnAuthenticatorWithoutOne) {
    stored.sign_count = 0;
    auto accepted = assert_with(Ceremony{});
    ASSERT_TRUE(std::holds_alternative<Assertion>(accepted));
    EXPECT_EQ(std::get<Assertion>(accepted).sign_count, 0u);
}

TEST_F(WebauthnAssertion, AcceptsAFirstCountAfterAZeroStoredOne) {
    Ceremony ceremony;
    ceremony.sign_count = 1;
    EXPECT_TRUE(std::holds_alternative<Assertion>(assert_with(ceremony)));
}

TEST_F(WebauthnAssertion, RefusesMalformedAuthenticatorData) {
    const std::string challenge = Ceremony{}.challenge;
    auto truncated = authenticator.get_assertion();
    truncated.authenticator_data.resize(36);
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, truncated, stored, challenge, false)), Refusal::malformed);

    auto trailing = authenticator.get_assertion();
    trailing.authenticator_data += "x";  // bytes after the counter without AT or ED
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, trailing, stored, challenge, false)), Refusal::malformed);

    auto claims_data = authenticator.get_assertion();
    claims_data.authenticator_data[32] = static_cast<char>(flag_up | flag_at);  // AT set, nothing follows
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, claims_data, stored, challenge, false)), Refusal::malformed);
}

TEST_F(WebauthnAssertion, RefusesMalformedClientData) {
    auto response = authenticator.get_assertion();
    response.client_data_json = R"({"type":"webauthn.get","challenge":"AQ+D","origin":"https://localhost:8443"})";
    EXPECT_EQ(refusal_of(verify_assertion(test_rp, response, stored, Ceremony{}.challenge, false)), Refusal::malformed);
}

TEST(WebauthnRefusalNames, AreTheEnumeratorsInSnakeCase) {
    EXPECT_STREQ(refusal_name(Refusal::malformed), "malformed");
    EXPECT_STREQ(refusal_name(Refusal::wrong_type), "wrong_type");
    EXPECT_STREQ(refusal_name(Refusal::challenge_mismatch), "challenge_mismatch");
    EXPECT_STREQ(refusal_name(Refusal::origin_mismatch), "origin_mismatch");
    EXPECT_STREQ(refusal_name(Refusal::cross_origin), "cross_origin");
    EXPECT_STREQ(refusal_name(Refusal::rp_id_mismatch), "rp_id_mismatch");
    EXPECT_STREQ(refusal_name(Refusal::user_not_present), "user_not_present");
    EXPECT_STREQ(refusal_name(Refusal::user_not_verified), "user_not_verified");
    EXPECT_STREQ(refusal_name(Refusal::unsupported_attestation), "unsupported_attestation");
    EXPECT_STREQ(refusal_name(Refusal::unsupported_algorithm), "unsupported_algorithm");
    EXPECT_STREQ(refusal_name(Refusal::no_credential_data), "no_credential_data");
    EXPECT_STREQ(refusal_name(Refusal::credential_mismatch), "credential_mismatch");
    EXPECT_STREQ(refusal_name(Refusal::bad_signature), "bad_signature");
    EXPECT_STREQ(refusal_name(Refusal::counter_regressed), "counter_regressed");
}

}  // namespace
