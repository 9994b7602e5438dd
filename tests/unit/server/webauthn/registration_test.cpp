// §7.1: each step of registration refuses on its own, with its own Refusal.
#include "server/app/webauthn/webauthn.hpp"
#include "unit/server/webauthn/test_authenticator.hpp"

#include <gtest/gtest.h>

using namespace kl::app::webauthn;
using namespace kl::test::webauthn;

namespace {

std::variant<Credential, Refusal> register_with(const TestAuthenticator& authenticator, const Ceremony& ceremony,
                                                bool require_uv = false) {
    return verify_registration(test_rp, authenticator.make_credential(ceremony), Ceremony{}.challenge, require_uv);
}

Refusal refusal_of(const std::variant<Credential, Refusal>& result) {
    EXPECT_TRUE(std::holds_alternative<Refusal>(result)) << "registration was accepted";
    return std::holds_alternative<Refusal>(result) ? std::get<Refusal>(result) : Refusal::malformed;
}

class RegistrationPerAlgorithm : public ::testing::TestWithParam<Algorithm> {};

TEST_P(RegistrationPerAlgorithm, AcceptsAFreshCredentialAndItsKeyVerifiesAnAssertion) {
    TestAuthenticator authenticator(GetParam());
    Ceremony ceremony;
    ceremony.sign_count = 7;
    auto result = register_with(authenticator, ceremony, /*require_uv=*/true);
    ASSERT_TRUE(std::holds_alternative<Credential>(result)) << refusal_name(std::get<Refusal>(result));
    const auto& credential = std::get<Credential>(result);
    EXPECT_EQ(credential.id, authenticator.credential_id());
    EXPECT_EQ(credential.algorithm, GetParam());
    EXPECT_EQ(credential.sign_count, 7u);
    EXPECT_TRUE(credential.user_verified);
    EXPECT_FALSE(credential.public_key_der.empty());

    Ceremony login;
    login.sign_count = 8;
    auto assertion = verify_assertion(test_rp, authenticator.get_assertion(login), credential, login.challenge, true);
    ASSERT_TRUE(std::holds_alternative<Assertion>(assertion)) << refusal_name(std::get<Refusal>(assertion));
    EXPECT_EQ(std::get<Assertion>(assertion).sign_count, 8u);
    EXPECT_TRUE(std::get<Assertion>(assertion).user_verified);
}

INSTANTIATE_TEST_SUITE_P(Webauthn, RegistrationPerAlgorithm,
                         ::testing::Values(Algorithm::es256, Algorithm::eddsa, Algorithm::rs256), [](const auto& info) {
                             switch (info.param) {
                                 case Algorithm::es256:
                                     return std::string("ES256");
                                 case Algorithm::eddsa:
                                     return std::string("EdDSA");
                                 case Algorithm::rs256:
                                     return std::string("RS256");
                             }
                             return std::string("unknown");
                         });

class WebauthnRegistration : public ::testing::Test {
protected:
    TestAuthenticator authenticator{Algorithm::es256};
};

TEST_F(WebauthnRegistration, RefusesAnAssertionTypeAsWrongType) {
    Ceremony ceremony;
    ceremony.type = "webauthn.get";
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::wrong_type);
}

TEST_F(WebauthnRegistration, RefusesAnotherChallenge) {
    Ceremony ceremony;
    ceremony.challenge[0] ^= 1;
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::challenge_mismatch);
}

TEST_F(WebauthnRegistration, RefusesAShorterChallengeAndAnEmptyExpectedOne) {
    Ceremony ceremony;
    ceremony.challenge.pop_back();
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::challenge_mismatch);
    Ceremony empty;
    empty.challenge.clear();
    EXPECT_EQ(refusal_of(verify_registration(test_rp, authenticator.make_credential(empty), "", false)),
              Refusal::challenge_mismatch);
}

TEST_F(WebauthnRegistration, RefusesAnotherOriginEvenOnlyItsPort) {
    for (const char* origin : {"https://localhost:8444", "https://localhost", "http://localhost:8443",
                               "https://evil.example:8443", "https://localhost:8443/"}) {
        Ceremony ceremony;
        ceremony.origin = origin;
        EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::origin_mismatch) << origin;
    }
}

TEST_F(WebauthnRegistration, RefusesCrossOriginAndAcceptsCrossOriginFalse) {
    Ceremony ceremony;
    ceremony.cross_origin = true;
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::cross_origin);
    ceremony.cross_origin = false;
    EXPECT_TRUE(std::holds_alternative<Credential>(register_with(authenticator, ceremony)));
}

TEST_F(WebauthnRegistration, RefusesTheRpIdHashOfAnotherHost) {
    Ceremony ceremony;
    ceremony.rp_id = "evil.example";
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::rp_id_mismatch);
}

TEST_F(WebauthnRegistration, RefusesWithoutUserPresence) {
    Ceremony ceremony;
    ceremony.flags = flag_uv | flag_at;
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::user_not_present);
}

TEST_F(WebauthnRegistration, RefusesWithoutUserVerificationOnlyWhenRequired) {
    Ceremony ceremony;
    ceremony.flags = flag_up | flag_at;
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony, /*require_uv=*/true)), Refusal::user_not_verified);
    auto accepted = register_with(authenticator, ceremony, /*require_uv=*/false);
    ASSERT_TRUE(std::holds_alternative<Credential>(accepted));
    EXPECT_FALSE(std::get<Credential>(accepted).user_verified);
}

TEST_F(WebauthnRegistration, RefusesAttestationFormatsOtherThanNone) {
    Ceremony ceremony;
    ceremony.fmt = "packed";
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::unsupported_attestation);
}

TEST_F(WebauthnRegistration, RefusesNoneWithAStatement) {
    Ceremony ceremony;
    ceremony.attestation_statement = true;
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::unsupported_attestation);
}

TEST_F(WebauthnRegistration, RefusesAnAlgorithmWeDidNotOffer) {
    Ceremony ceremony;
    ceremony.cose_key = authenticator.cose_key(-35);  // ES384 label on a P-256 key
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::unsupported_algorithm);
}

TEST_F(WebauthnRegistration, RefusesAPointOffTheCurve) {
    Ceremony ceremony;
    ceremony.cose_key = authenticator.cose_key(std::nullopt, /*flip_y=*/true);
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::unsupported_algorithm);
}

TEST_F(WebauthnRegistration, RefusesAnRsaKeyShorterThan2048Bits) {
    TestAuthenticator weak(Algorithm::rs256, 1024);
    EXPECT_EQ(refusal_of(register_with(weak, Ceremony{})), Refusal::unsupported_algorithm);
}

TEST_F(WebauthnRegistration, RefusesAKeyWhoseLabelsContradictItsAlgorithm) {
    TestAuthenticator ed25519(Algorithm::eddsa);
    Ceremony ceremony;
    ceremony.cose_key = ed25519.cose_key(-7);  // an OKP key claiming ES256
    EXPECT_EQ(refusal_of(register_with(ed25519, ceremony)), Refusal::unsupported_algorithm);
    ceremony.cose_key = "\xa0";  // an empty map: no kty, no alg
    EXPECT_EQ(refusal_of(register_with(ed25519, ceremony)), Refusal::unsupported_algorithm);
}

TEST_F(WebauthnRegistration, RefusesAKeyWithAPrivatePart) {
    TestAuthenticator ed25519(Algorithm::eddsa);
    std::string key = ed25519.cose_key();
    ASSERT_EQ(static_cast<unsigned char>(key[0]), 0xa4);  // a map of four labels
    key[0] = static_cast<char>(0xa5);
    key += std::string("\x23\x41\x00", 3);  // -4 (d): h'00'
    Ceremony ceremony;
    ceremony.cose_key = key;
    EXPECT_EQ(refusal_of(register_with(ed25519, ceremony)), Refusal::unsupported_algorithm);
}

TEST_F(WebauthnRegistration, RefusesWithoutAttestedCredentialData) {
    Ceremony ceremony;
    ceremony.flags = flag_up | flag_uv;
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::no_credential_data);
}

TEST_F(WebauthnRegistration, RefusesWhenTheResponseNamesAnotherCredentialId) {
    Ceremony ceremony;
    ceremony.attested_id = std::string(16, '\x42');
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::credential_mismatch);
}

TEST_F(WebauthnRegistration, AcceptsAnExtensionsMapWhenTheEdFlagSaysSo) {
    Ceremony ceremony;
    ceremony.flags = flag_up | flag_uv | flag_at | flag_ed;
    ceremony.extensions_cbor = std::string(
        "\xa1\x6b"
        "credProtect"
        "\x02",
        14);
    EXPECT_TRUE(std::holds_alternative<Credential>(register_with(authenticator, ceremony)));
}

TEST_F(WebauthnRegistration, RefusesBytesAfterTheKeyAsMalformed) {
    Ceremony trailing;
    trailing.extensions_cbor = std::string("\xa0", 1);  // a map, but without the ED flag
    EXPECT_EQ(refusal_of(register_with(authenticator, trailing)), Refusal::malformed);
    Ceremony not_a_map;
    not_a_map.flags = flag_up | flag_uv | flag_at | flag_ed;
    not_a_map.extensions_cbor = std::string("\x01", 1);
    EXPECT_EQ(refusal_of(register_with(authenticator, not_a_map)), Refusal::malformed);
}

TEST_F(WebauthnRegistration, RefusesTruncatedAuthenticatorData) {
    auto response = authenticator.make_credential();
    Ceremony ceremony;
    std::string full =
        authenticator_data(ceremony, flag_up | flag_uv | flag_at, std::string(16, '\0') + std::string("\x00\x10", 2));
    for (std::size_t length : {std::size_t{0}, std::size_t{36}, std::size_t{37 + 10}, full.size()}) {
        response.attestation_object = attestation_object("none", false, full.substr(0, length));
        EXPECT_EQ(refusal_of(verify_registration(test_rp, response, ceremony.challenge, false)), Refusal::malformed)
            << length;
    }
}

TEST_F(WebauthnRegistration, RefusesACredentialIdLongerThan1023Bytes) {
    Ceremony ceremony;
    ceremony.attested_id = std::string(1024, '\x07');
    EXPECT_EQ(refusal_of(register_with(authenticator, ceremony)), Refusal::malformed);
}

TEST_F(WebauthnRegistration, RefusesAttestationObjectsThatAreNotTheThreePartMap) {
    auto response = authenticator.make_credential();
    const std::string challenge = Ceremony{}.challenge;
    for (const std::string& garbage :
         {std::string(), std::string("\xff\x00\x13", 3), std::string("\xa0", 1), std::string("\x83\x01\x02\x03", 4),
          response.attestation_object + std::string(1, '\0'),
          response.attestation_object.substr(0, response.attestation_object.size() - 1)}) {
        auto bent = response;
        bent.attestation_object = garbage;
        EXPECT_EQ(refusal_of(verify_registration(test_rp, bent, challenge, false)), Refusal::malformed);
    }
}

TEST_F(WebauthnRegistration, RefusesAnOversizedAttestationObject) {
    auto response = authenticator.make_credential();
    response.attestation_object += std::string(64 * 1024, '\0');
    EXPECT_EQ(refusal_of(verify_registration(test_rp, response, Ceremony{}.challenge, false)), Refusal::malformed);
}

TEST_F(WebauthnRegistration, RefusesClientDataThatIsNotTheExpectedJson) {
    auto response = authenticator.make_credential();
    const std::string challenge = Ceremony{}.challenge;
    for (const char* json :
         {"", "not json", "[]", R"({"type":"webauthn.create","origin":"https://localhost:8443"})",
          R"({"type":"webauthn.create","challenge":"AQID=","origin":"https://localhost:8443"})",
          R"({"type":1,"challenge":"AQID","origin":"https://localhost:8443"})",
          R"({"type":"webauthn.create","challenge":"AQID","origin":"https://localhost:8443","crossOrigin":"no"})"}) {
        response.client_data_json = json;
        EXPECT_EQ(refusal_of(verify_registration(test_rp, response, challenge, false)), Refusal::malformed) << json;
    }
}

}  // namespace
