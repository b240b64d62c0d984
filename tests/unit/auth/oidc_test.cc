// The relying party against an in-process provider that can misbehave in every way the OpenID
// conformance suite's RP tests check (rp-id_token-*, rp-userinfo-bad-sub-claim, rp-nonce-invalid,
// rp-discovery-issuer-not-matching-config, rp-key-rotation-*), plus ours.
#include "auth/oidc.h"

#include <gtest/gtest.h>

#include <map>

#include "core/strings.h"
#include "crypto/crypto.h"
#include "http/form.h"
#include "support/fake_clock.h"
#include "support/token_factory.h"

namespace pass::auth {
namespace {

using testing::TestKey;

class FakeProvider final : public fetch::Fetcher {
 public:
  std::string issuer = "https://idp.test/cas/oauth2";
  std::string discovery_issuer;  // when set, discovery names this issuer instead
  std::vector<std::string> auth_methods = {"client_secret_basic", "client_secret_jwt"};
  nlohmann::json jwks = nlohmann::json::array();
  std::string id_token;
  std::string access_token = "access-123";
  nlohmann::json userinfo;
  int token_status = 200;
  std::string token_error;
  bool down = false;
  int jwks_fetches = 0;
  std::vector<fetch::Request> token_requests;

  Result<fetch::Response> Fetch(const fetch::Request& r) override {
    if (down) return Fail(Unavailable(Message("error.fetch.unreachable"), "connection refused"));
    if (r.url == issuer + "/.well-known/openid-configuration") {
      return Json({{"issuer", discovery_issuer.empty() ? issuer : discovery_issuer},
                   {"authorization_endpoint", issuer + "/authorize"},
                   {"token_endpoint", issuer + "/token"},
                   {"userinfo_endpoint", issuer + "/userinfo"},
                   {"jwks_uri", issuer + "/jwks"},
                   {"end_session_endpoint", issuer + "/logout"},
                   {"token_endpoint_auth_methods_supported", auth_methods}});
    }
    if (r.url == issuer + "/jwks") {
      ++jwks_fetches;
      return Json({{"keys", jwks}});
    }
    if (r.url == issuer + "/token") {
      token_requests.push_back(r);
      if (token_status != 200)
        return fetch::Response{token_status, "application/json",
                               nlohmann::json{{"error", token_error}}.dump()};
      return Json(
          {{"id_token", id_token}, {"access_token", access_token}, {"token_type", "Bearer"}});
    }
    if (r.url == issuer + "/userinfo") return Json(userinfo);
    return fetch::Response{404, "text/plain", "not found"};
  }

 private:
  static Result<fetch::Response> Json(const nlohmann::json& j) {
    return fetch::Response{200, "application/json", j.dump()};
  }
};

class OidcTest : public ::testing::Test {
 protected:
  OidcTest() : key_(TestKey::Type::kRsa2048, "k1") {
    provider_.jwks.push_back(key_.PublicJwk());
    provider_.userinfo = {{"sub", "user-1"},
                          {"email", "Anna.Lindqvist@ungieuropa.example"},
                          {"email_verified", true},
                          {"given_name", "Anna"},
                          {"family_name", "Lindqvist"},
                          {"assurance_level", "LOW"}};
    OidcConfig config;
    config.issuer = provider_.issuer;
    config.client_id = "pass-portal";
    config.client_secret = "s3cret:with/odd chars";
    config.redirect_uri = "https://pass.test/auth/callback";
    config.post_logout_redirect_uri = "https://pass.test/";
    config.min_key_refetch = std::chrono::seconds(0);
    client_ = std::make_unique<OidcClient>(config, provider_, clock_);
  }

  nlohmann::json Claims() const {
    const int64_t now = UnixSeconds(clock_.Now());
    return {{"iss", provider_.issuer}, {"aud", "pass-portal"}, {"sub", "user-1"},
            {"nonce", "nonce-1"},      {"iat", now},           {"exp", now + 300}};
  }

  Result<Authenticated> RedeemWith(const std::string& id_token) {
    provider_.id_token = id_token;
    return client_->Redeem("code-1", "nonce-1",
                           "verifier-0123456789012345678901234567890123456789");
  }

  void ExpectRejected(const std::string& id_token, const std::string& because) {
    auto r = RedeemWith(id_token);
    ASSERT_FALSE(r.has_value()) << "accepted a token that should fail: " << because;
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated) << r.error().detail;
    EXPECT_EQ(r.error().message.key, "error.signin.bad_token");
    EXPECT_NE(r.error().detail.find(because), std::string::npos) << r.error().detail;
  }

  testing::FakeClock clock_;
  FakeProvider provider_;
  TestKey key_;
  std::unique_ptr<OidcClient> client_;
};

TEST_F(OidcTest, AuthorizationUrlCarriesPkceStateNonceAndScopes) {
  auto url = client_->AuthorizationUrl("st", "no", "verifier-abc", "sv");
  ASSERT_TRUE(url.has_value());
  const std::string query = url->substr(url->find('?') + 1);
  auto form = http::ParseUrlEncoded(query);
  ASSERT_TRUE(url->starts_with(provider_.issuer + "/authorize?"));
  EXPECT_EQ(form->Get("response_type"), "code");
  EXPECT_EQ(form->Get("client_id"), "pass-portal");
  EXPECT_EQ(form->Get("redirect_uri"), "https://pass.test/auth/callback");
  EXPECT_EQ(form->Get("scope"), "openid email profile");
  EXPECT_EQ(form->Get("state"), "st");
  EXPECT_EQ(form->Get("nonce"), "no");
  EXPECT_EQ(form->Get("code_challenge_method"), "S256");
  EXPECT_EQ(form->Get("code_challenge"), Base64UrlEncode(crypto::Sha256("verifier-abc")));
  EXPECT_EQ(form->Get("ui_locales"), "sv");
}

TEST_F(OidcTest, AValidSignInGivesTheIdentityFromIdTokenAndUserinfo) {
  auto r = RedeemWith(key_.Sign(Claims(), "RS256"));
  ASSERT_TRUE(r.has_value()) << r.error().detail;
  EXPECT_EQ(r->identity.sub, "user-1");
  EXPECT_EQ(r->identity.email, "Anna.Lindqvist@ungieuropa.example");
  EXPECT_TRUE(r->identity.email_verified);
  EXPECT_EQ(r->identity.given_name, "Anna");
  EXPECT_EQ(r->identity.assurance_level, "LOW");
  // client_secret_basic, with both parts form-encoded (RFC 6749 2.3.1), and the PKCE verifier.
  ASSERT_EQ(provider_.token_requests.size(), 1u);
  const auto& token = provider_.token_requests[0];
  bool basic = false;
  for (const auto& [k, v] : token.headers) {
    if (k == "Authorization") {
      basic = v == "Basic " + Base64Encode("pass-portal:s3cret%3Awith%2Fodd%20chars");
    }
  }
  EXPECT_TRUE(basic);
  auto form = http::ParseUrlEncoded(token.body);
  EXPECT_EQ(form->Get("grant_type"), "authorization_code");
  EXPECT_EQ(form->Get("code"), "code-1");
  EXPECT_EQ(form->Get("code_verifier"), "verifier-0123456789012345678901234567890123456789");
  EXPECT_FALSE(form->Has("client_secret"));
}

TEST_F(OidcTest, ClientSecretJwtWhenTheProviderOnlyOffersIt) {
  provider_.auth_methods = {"client_secret_jwt"};
  ASSERT_TRUE(RedeemWith(key_.Sign(Claims(), "RS256")).has_value());
  auto form = http::ParseUrlEncoded(provider_.token_requests.back().body);
  EXPECT_EQ(form->Get("client_assertion_type"),
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  auto assertion = ParseJws(form->Get("client_assertion"));
  ASSERT_TRUE(assertion.has_value());
  EXPECT_EQ(assertion->alg, "HS256");
  EXPECT_EQ(assertion->claims["iss"], "pass-portal");
  EXPECT_EQ(assertion->claims["aud"], provider_.issuer + "/token");
  EXPECT_EQ(assertion->signature,
            crypto::HmacSha256("s3cret:with/odd chars", assertion->signing_input));
}

TEST_F(OidcTest, OtherAlgorithmsVerify) {
  TestKey ec(TestKey::Type::kEcP256, "ec1");
  provider_.jwks.push_back(ec.PublicJwk());
  auto es = RedeemWith(ec.Sign(Claims(), "ES256"));
  EXPECT_TRUE(es.has_value()) << es.error().detail;
  TestKey pss(TestKey::Type::kRsa2048, "ps1");
  nlohmann::json jwk = pss.PublicJwk();
  jwk.erase("alg");  // a key without "alg" may serve any RSA algorithm
  provider_.jwks.push_back(jwk);
  auto ps = RedeemWith(pss.Sign(Claims(), "PS256"));
  EXPECT_TRUE(ps.has_value()) << ps.error().detail;
  // A key that names its algorithm serves only that one.
  ExpectRejected(key_.Sign(Claims(), "PS256"), "signature");
}

TEST_F(OidcTest, WrongIssuerIsRejected) {
  auto c = Claims();
  c["iss"] = "https://evil.test";
  ExpectRejected(key_.Sign(c, "RS256"), "iss");
}

TEST_F(OidcTest, WrongAudienceIsRejected) {
  auto c = Claims();
  c["aud"] = "someone-else";
  ExpectRejected(key_.Sign(c, "RS256"), "aud");
  c.erase("aud");
  ExpectRejected(key_.Sign(c, "RS256"), "aud");
}

TEST_F(OidcTest, SeveralAudiencesNeedOurAzp) {
  auto c = Claims();
  c["aud"] = {"pass-portal", "other"};
  ExpectRejected(key_.Sign(c, "RS256"), "azp");
  c["azp"] = "pass-portal";
  EXPECT_TRUE(RedeemWith(key_.Sign(c, "RS256")).has_value());
}

TEST_F(OidcTest, MissingOrWrongNonceIsRejected) {
  auto c = Claims();
  c["nonce"] = "someone-elses";
  ExpectRejected(key_.Sign(c, "RS256"), "nonce");
  c.erase("nonce");
  ExpectRejected(key_.Sign(c, "RS256"), "nonce");
}

TEST_F(OidcTest, ABadSignatureIsRejected) {
  std::string token = key_.Sign(Claims(), "RS256");
  token[token.size() - 5] = token[token.size() - 5] == 'A' ? 'B' : 'A';
  ExpectRejected(token, "signature");
  TestKey stranger(TestKey::Type::kRsa2048, "k1");  // same kid, other key
  ExpectRejected(stranger.Sign(Claims(), "RS256"), "signature");
}

TEST_F(OidcTest, AlgNoneIsNeverAccepted) {
  ExpectRejected(testing::UnsignedToken(Claims()), "none");
}

TEST_F(OidcTest, Hs256SignedWithThePublicKeyIsRejected) {
  ExpectRejected(testing::HmacToken(Claims(), key_.PublicPem(), "k1"), "HS256");
  ExpectRejected(testing::HmacToken(Claims(), key_.PublicJwk().dump(), "k1"), "HS256");
}

TEST_F(OidcTest, ExpiryAllowsSmallClockSkewOnly) {
  auto c = Claims();
  c["exp"] = UnixSeconds(clock_.Now()) - 30;
  EXPECT_TRUE(RedeemWith(key_.Sign(c, "RS256")).has_value());
  c["exp"] = UnixSeconds(clock_.Now()) - 120;
  ExpectRejected(key_.Sign(c, "RS256"), "expired");
  c.erase("exp");
  ExpectRejected(key_.Sign(c, "RS256"), "exp is missing");
}

TEST_F(OidcTest, MissingOrFutureIatIsRejected) {
  auto c = Claims();
  c.erase("iat");
  ExpectRejected(key_.Sign(c, "RS256"), "iat");
  c["iat"] = UnixSeconds(clock_.Now()) + 3600;
  ExpectRejected(key_.Sign(c, "RS256"), "future");
}

TEST_F(OidcTest, MissingSubIsRejected) {
  auto c = Claims();
  c.erase("sub");
  ExpectRejected(key_.Sign(c, "RS256"), "sub");
}

TEST_F(OidcTest, UnknownKidRefetchesOnceThenFails) {
  TestKey other(TestKey::Type::kRsa2048, "k-unknown");
  ASSERT_TRUE(RedeemWith(key_.Sign(Claims(), "RS256")).has_value());
  const int before = provider_.jwks_fetches;
  ExpectRejected(other.Sign(Claims(), "RS256"), "kid");
  EXPECT_EQ(provider_.jwks_fetches, before + 1);
}

TEST_F(OidcTest, KeyRotationIsPickedUp) {
  ASSERT_TRUE(RedeemWith(key_.Sign(Claims(), "RS256")).has_value());
  TestKey next(TestKey::Type::kRsa2048, "k2");
  provider_.jwks = nlohmann::json::array({next.PublicJwk()});
  auto r = RedeemWith(next.Sign(Claims(), "RS256"));
  EXPECT_TRUE(r.has_value()) << r.error().detail;
  // The old key is gone from the provider, and so from us.
  ExpectRejected(key_.Sign(Claims(), "RS256"), "kid");
}

TEST_F(OidcTest, WithoutKidEveryFittingKeyIsTried) {
  TestKey second(TestKey::Type::kRsa2048, "k2");
  provider_.jwks.push_back(second.PublicJwk());
  EXPECT_TRUE(RedeemWith(second.Sign(Claims(), "RS256", /*include_kid=*/false)).has_value());
  EXPECT_TRUE(RedeemWith(key_.Sign(Claims(), "RS256", /*include_kid=*/false)).has_value());
}

TEST_F(OidcTest, UnusableKeysInTheJwksAreSkipped) {
  TestKey weak(TestKey::Type::kRsa1024, "weak");
  TestKey leaked(TestKey::Type::kRsa2048, "leaked");
  provider_.jwks = nlohmann::json::array(
      {nlohmann::json{{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "sym"}}, nlohmann::json("junk"),
       nlohmann::json{{"kty", "RSA"}, {"kid", "broken"}, {"n", "!!"}, {"e", "AQAB"}},
       weak.PublicJwk(), leaked.PrivateJwk(), key_.PublicJwk()});
  EXPECT_TRUE(RedeemWith(key_.Sign(Claims(), "RS256")).has_value());
  ExpectRejected(weak.Sign(Claims(), "RS256"), "kid");
  ExpectRejected(leaked.Sign(Claims(), "RS256"), "kid");
}

TEST_F(OidcTest, UserinfoWithAnotherSubIsRejected) {
  provider_.userinfo["sub"] = "user-2";
  ExpectRejected(key_.Sign(Claims(), "RS256"), "userinfo sub");
}

TEST_F(OidcTest, AtHashMustMatchTheAccessToken) {
  auto c = Claims();
  const std::string digest = crypto::Sha256("access-123");
  c["at_hash"] = Base64UrlEncode(digest.substr(0, 16));
  EXPECT_TRUE(RedeemWith(key_.Sign(c, "RS256")).has_value());
  c["at_hash"] = Base64UrlEncode(crypto::Sha256("other").substr(0, 16));
  ExpectRejected(key_.Sign(c, "RS256"), "at_hash");
}

TEST_F(OidcTest, EmailVerifiedMayComeAsText) {
  provider_.userinfo["email_verified"] = "true";
  auto r = RedeemWith(key_.Sign(Claims(), "RS256"));
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->identity.email_verified);
  provider_.userinfo["email_verified"] = false;
  EXPECT_FALSE(RedeemWith(key_.Sign(Claims(), "RS256"))->identity.email_verified);
}

TEST_F(OidcTest, NoEmailIsAClearFailure) {
  provider_.userinfo.erase("email");
  auto r = RedeemWith(key_.Sign(Claims(), "RS256"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message.key, "error.signin.no_email");
}

TEST_F(OidcTest, DiscoveryMustNameTheConfiguredIssuer) {
  provider_.discovery_issuer = "https://impostor.test";
  auto r = client_->AuthorizationUrl("s", "n", "v", "en");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().message.key, "error.signin.provider_misconfigured");
}

TEST_F(OidcTest, AProviderThatIsDownIsUnavailable) {
  provider_.down = true;
  auto r = client_->AuthorizationUrl("s", "n", "v", "en");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().message.key, "error.signin.provider_unavailable");
}

TEST_F(OidcTest, ARefusedCodeIsAClearInputError) {
  provider_.token_status = 400;
  provider_.token_error = "invalid_grant";
  auto r = RedeemWith(key_.Sign(Claims(), "RS256"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(r.error().message.key, "error.signin.code_rejected");
  provider_.token_status = 401;
  provider_.token_error = "invalid_client";
  r = RedeemWith(key_.Sign(Claims(), "RS256"));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message.key, "error.signin.provider_misconfigured");
}

TEST_F(OidcTest, LogoutUrlHintsTheSessionAndComesBack) {
  auto url = client_->LogoutUrl("the-id-token");
  ASSERT_TRUE(url.has_value() && url->has_value());
  auto form = http::ParseUrlEncoded((*url)->substr((*url)->find('?') + 1));
  EXPECT_TRUE((*url)->starts_with(provider_.issuer + "/logout?"));
  EXPECT_EQ(form->Get("id_token_hint"), "the-id-token");
  EXPECT_EQ(form->Get("post_logout_redirect_uri"), "https://pass.test/");
  EXPECT_EQ(form->Get("client_id"), "pass-portal");
}

}  // namespace
}  // namespace pass::auth
