// The parts of JOSE an OpenID Connect relying party needs (RFC 7515, 7517, 7518): parsing a
// compact JWS, parsing a JWK set (keys it cannot use are skipped, not fatal), verifying a
// signature with an algorithm from an allow-list, and signing the HMAC client assertion of
// client_secret_jwt. "none" and HMAC algorithms are never accepted for verification, so a token
// "signed" with the provider's public key as an HMAC secret fails. Thread-safe.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace pass::auth {

struct Jws {
  nlohmann::json header;  // a JSON object
  nlohmann::json claims;  // a JSON object
  std::string alg;
  std::optional<std::string> kid;
  std::string signing_input;  // base64url(header) "." base64url(payload)
  std::string signature;      // raw bytes
};

// Fails on anything but three base64url parts whose first two are JSON objects, or on more than
// 64 KiB.
Result<Jws> ParseJws(std::string_view compact);

struct Jwk {
  std::string kid;            // may be empty
  std::string kty;            // "RSA" or "EC"
  std::string alg;            // may be empty
  std::string crv;            // EC only
  std::shared_ptr<void> key;  // an EVP_PKEY, freed with it
};

struct KeySet {
  std::vector<Jwk> keys;
  int skipped = 0;  // keys present but unusable (other types, bad numbers, private parts...)
  const Jwk* FindKid(std::string_view kid) const;
};

// Parses {"keys": [...]}; fails only when the document is not a JWK set at all.
Result<KeySet> ParseKeySet(std::string_view json);

// The algorithms we verify: RS256/384/512, PS256/384/512, ES256/384/512.
bool IsAllowedAlgorithm(std::string_view alg);
// Whether `key` can check `alg` (type, curve and, when the key names one, the same algorithm).
bool KeyFits(const Jwk& key, std::string_view alg);
bool VerifySignature(const Jws& jws, const Jwk& key);

// A JWS with HS256 over `claims` (for client_secret_jwt).
std::string SignHs256(const nlohmann::json& claims, std::string_view secret);

}  // namespace pass::auth
