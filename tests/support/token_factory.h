// Keys and signed tokens for the OpenID Connect tests: an RSA or EC key pair with its public JWK,
// and compact JWS signed with it (or deliberately wrong: "none", HMAC with the public key).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace pass::testing {

class TestKey {
 public:
  enum class Type { kRsa2048, kRsa1024, kEcP256 };
  TestKey(Type type, std::string kid);
  ~TestKey();
  TestKey(const TestKey&) = delete;
  TestKey& operator=(const TestKey&) = delete;

  const std::string& kid() const { return kid_; }
  nlohmann::json PublicJwk() const;   // with kid, kty, alg, use
  nlohmann::json PrivateJwk() const;  // the public one plus "d" (for a bad JWKS)
  // A compact JWS over `claims` with header {alg, kid (when include_kid)}.
  std::string Sign(const nlohmann::json& claims, const std::string& alg,
                   bool include_kid = true) const;
  std::string PublicPem() const;

 private:
  void* key_;  // EVP_PKEY
  Type type_;
  std::string kid_;
};

// {"alg":"none"} with an empty signature.
std::string UnsignedToken(const nlohmann::json& claims);
// HS256 with `secret` as the HMAC key (the classic key-confusion attack when secret is a public
// key).
std::string HmacToken(const nlohmann::json& claims, const std::string& secret,
                      const std::string& kid);

}  // namespace pass::testing
