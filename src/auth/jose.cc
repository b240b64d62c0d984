#include "auth/jose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "core/strings.h"
#include "crypto/crypto.h"

namespace pass::auth {

namespace {

constexpr size_t kMaxToken = size_t{64} * 1024;

Result<nlohmann::json> DecodeObject(std::string_view part) {
  auto bytes = Base64UrlDecode(part);
  if (!bytes)
    return Fail(Unauthenticated(Message("error.signin.bad_token")).WithDetail("not base64url"));
  auto json = nlohmann::json::parse(*bytes, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Fail(Unauthenticated(Message("error.signin.bad_token")).WithDetail("not a JSON object"));
  }
  return json;
}

std::shared_ptr<void> Wrap(EVP_PKEY* key) {
  return std::shared_ptr<void>(key, [](void* k) { EVP_PKEY_free(static_cast<EVP_PKEY*>(k)); });
}

std::optional<std::string> Field(const nlohmann::json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::shared_ptr<void> RsaKey(const nlohmann::json& jwk) {
  const auto n = Field(jwk, "n");
  const auto e = Field(jwk, "e");
  if (!n || !e) return nullptr;
  const auto nb = Base64UrlDecode(*n);
  const auto eb = Base64UrlDecode(*e);
  if (!nb || !eb || nb->size() < 256 || eb->empty() || eb->size() > 8)
    return nullptr;  // >= 2048 bits
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(nb->data()),
                           static_cast<int>(nb->size()), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(eb->data()),
                           static_cast<int>(eb->size()), nullptr);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  EVP_PKEY* key = nullptr;
  if (bn_n && bn_e && bld && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e)) {
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr);
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1) {
      if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = nullptr;
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
  }
  OSSL_PARAM_BLD_free(bld);
  BN_free(bn_n);
  BN_free(bn_e);
  return key ? Wrap(key) : nullptr;
}

struct Curve {
  const char* jwk_name;
  const char* openssl_name;
  size_t coordinate_size;
  const char* alg;
};
constexpr Curve kCurves[] = {{"P-256", "prime256v1", 32, "ES256"},
                             {"P-384", "secp384r1", 48, "ES384"},
                             {"P-521", "secp521r1", 66, "ES512"}};

const Curve* CurveNamed(std::string_view name) {
  for (const auto& c : kCurves) {
    if (name == c.jwk_name) return &c;
  }
  return nullptr;
}

std::shared_ptr<void> EcKey(const nlohmann::json& jwk, const Curve& curve) {
  const auto x = Field(jwk, "x");
  const auto y = Field(jwk, "y");
  if (!x || !y) return nullptr;
  const auto xb = Base64UrlDecode(*x);
  const auto yb = Base64UrlDecode(*y);
  if (!xb || !yb || xb->size() != curve.coordinate_size || yb->size() != curve.coordinate_size)
    return nullptr;
  const std::string point = std::string("\x04", 1) + *xb + *yb;  // uncompressed
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  EVP_PKEY* key = nullptr;
  if (bld &&
      OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, curve.openssl_name, 0) &&
      OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size())) {
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    if (params && ctx && EVP_PKEY_fromdata_init(ctx) == 1) {
      if (EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = nullptr;
    }
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
  }
  OSSL_PARAM_BLD_free(bld);
  return key ? Wrap(key) : nullptr;
}

const EVP_MD* DigestFor(std::string_view alg) {
  const std::string_view bits = alg.substr(2);
  if (bits == "256") return EVP_sha256();
  if (bits == "384") return EVP_sha384();
  if (bits == "512") return EVP_sha512();
  return nullptr;
}

// JWS ECDSA signatures are r || s; OpenSSL wants DER.
std::optional<std::string> EcdsaToDer(std::string_view raw, size_t coordinate_size) {
  if (raw.size() != 2 * coordinate_size) return std::nullopt;
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()),
                        static_cast<int>(coordinate_size), nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data() + coordinate_size),
                        static_cast<int>(coordinate_size), nullptr);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (!r || !s || !sig || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (length <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  return out;
}

}  // namespace

Result<Jws> ParseJws(std::string_view compact) {
  if (compact.empty() || compact.size() > kMaxToken) {
    return Fail(Unauthenticated(Message("error.signin.bad_token"))
                    .WithDetail("token missing or too large"));
  }
  const auto parts = Split(compact, '.');
  if (parts.size() != 3) {
    return Fail(Unauthenticated(Message("error.signin.bad_token"))
                    .WithDetail("not a compact JWS (3 parts)"));
  }
  Jws jws;
  auto header = DecodeObject(parts[0]);
  if (!header) return Fail(std::move(header.error()));
  auto claims = DecodeObject(parts[1]);
  if (!claims) return Fail(std::move(claims.error()));
  auto signature = Base64UrlDecode(parts[2]);
  if (!signature)
    return Fail(
        Unauthenticated(Message("error.signin.bad_token")).WithDetail("bad signature encoding"));
  jws.header = std::move(*header);
  jws.claims = std::move(*claims);
  jws.signature = std::move(*signature);
  jws.signing_input = std::string(parts[0]) + "." + std::string(parts[1]);
  const auto alg = jws.header.find("alg");
  if (alg == jws.header.end() || !alg->is_string()) {
    return Fail(
        Unauthenticated(Message("error.signin.bad_token")).WithDetail("no alg in the JWS header"));
  }
  jws.alg = alg->get<std::string>();
  if (const auto kid = jws.header.find("kid"); kid != jws.header.end()) {
    if (!kid->is_string())
      return Fail(Unauthenticated(Message("error.signin.bad_token")).WithDetail("kid is not text"));
    jws.kid = kid->get<std::string>();
  }
  return jws;
}

const Jwk* KeySet::FindKid(std::string_view kid) const {
  for (const auto& k : keys) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

Result<KeySet> ParseKeySet(std::string_view json) {
  auto doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return Fail(
        Unavailable(Message("error.signin.provider_misconfigured"), "the JWKS is not a JWK set"));
  }
  KeySet set;
  for (const auto& jwk : doc["keys"]) {
    if (!jwk.is_object()) {
      ++set.skipped;
      continue;
    }
    Jwk key;
    key.kid = Field(jwk, "kid").value_or("");
    key.kty = Field(jwk, "kty").value_or("");
    key.alg = Field(jwk, "alg").value_or("");
    const std::string use = Field(jwk, "use").value_or("sig");
    // A private key in a public key set is a provider error; never use such a key.
    if (use != "sig" || jwk.contains("d")) {
      ++set.skipped;
      continue;
    }
    if (key.kty == "RSA") {
      key.key = RsaKey(jwk);
    } else if (key.kty == "EC") {
      key.crv = Field(jwk, "crv").value_or("");
      if (const Curve* curve = CurveNamed(key.crv)) key.key = EcKey(jwk, *curve);
    }
    if (!key.key) {
      ++set.skipped;
      continue;
    }
    set.keys.push_back(std::move(key));
  }
  return set;
}

bool IsAllowedAlgorithm(std::string_view alg) {
  for (const char* a :
       {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}) {
    if (alg == a) return true;
  }
  return false;
}

bool KeyFits(const Jwk& key, std::string_view alg) {
  if (!IsAllowedAlgorithm(alg)) return false;
  if (!key.alg.empty() && key.alg != alg) return false;
  if (alg.starts_with("RS") || alg.starts_with("PS")) return key.kty == "RSA";
  const Curve* curve = CurveNamed(key.crv);
  return key.kty == "EC" && curve != nullptr && alg == curve->alg;
}

bool VerifySignature(const Jws& jws, const Jwk& key) {
  if (!KeyFits(key, jws.alg)) return false;
  const EVP_MD* md = DigestFor(jws.alg);
  if (md == nullptr) return false;
  std::string signature = jws.signature;
  if (jws.alg.starts_with("ES")) {
    auto der = EcdsaToDer(signature, CurveNamed(key.crv)->coordinate_size);
    if (!der) return false;
    signature = std::move(*der);
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, &pctx, md, nullptr,
                                                   static_cast<EVP_PKEY*>(key.key.get())) == 1;
  if (ok && jws.alg.starts_with("PS")) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
  } else if (ok && jws.alg.starts_with("RS")) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  }
  ok = ok && EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                              signature.size(),
                              reinterpret_cast<const unsigned char*>(jws.signing_input.data()),
                              jws.signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::string SignHs256(const nlohmann::json& claims, std::string_view secret) {
  const std::string input =
      Base64UrlEncode(nlohmann::json{{"alg", "HS256"}, {"typ", "JWT"}}.dump()) + "." +
      Base64UrlEncode(claims.dump());
  return input + "." + Base64UrlEncode(crypto::HmacSha256(secret, input));
}

}  // namespace pass::auth
