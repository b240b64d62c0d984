#include "support/token_factory.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <stdexcept>

#include "core/strings.h"
#include "crypto/crypto.h"

namespace pass::testing {

namespace {

EVP_PKEY* Pkey(void* p) { return static_cast<EVP_PKEY*>(p); }

std::string BnParam(EVP_PKEY* key, const char* name, size_t pad = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("no parameter");
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  BN_free(bn);
  if (out.size() < pad) out.insert(0, pad - out.size(), '\0');
  return out;
}

std::string Encode(const nlohmann::json& j) { return Base64UrlEncode(j.dump()); }

}  // namespace

TestKey::TestKey(Type type, std::string kid) : type_(type), kid_(std::move(kid)) {
  EVP_PKEY* key = nullptr;
  if (type == Type::kEcP256) {
    key = EVP_EC_gen("P-256");
  } else {
    key = EVP_RSA_gen(type == Type::kRsa2048 ? 2048 : 1024);
  }
  if (key == nullptr) throw std::runtime_error("key generation failed");
  key_ = key;
}

TestKey::~TestKey() { EVP_PKEY_free(Pkey(key_)); }

nlohmann::json TestKey::PublicJwk() const {
  if (type_ == Type::kEcP256) {
    return {{"kty", "EC"},
            {"crv", "P-256"},
            {"kid", kid_},
            {"use", "sig"},
            {"alg", "ES256"},
            {"x", Base64UrlEncode(BnParam(Pkey(key_), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
            {"y", Base64UrlEncode(BnParam(Pkey(key_), OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  }
  return {{"kty", "RSA"},
          {"kid", kid_},
          {"use", "sig"},
          {"alg", "RS256"},
          {"n", Base64UrlEncode(BnParam(Pkey(key_), OSSL_PKEY_PARAM_RSA_N))},
          {"e", Base64UrlEncode(BnParam(Pkey(key_), OSSL_PKEY_PARAM_RSA_E))}};
}

nlohmann::json TestKey::PrivateJwk() const {
  nlohmann::json jwk = PublicJwk();
  jwk["d"] = Base64UrlEncode(BnParam(
      Pkey(key_), type_ == Type::kEcP256 ? OSSL_PKEY_PARAM_PRIV_KEY : OSSL_PKEY_PARAM_RSA_D));
  return jwk;
}

std::string TestKey::PublicPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, Pkey(key_));
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n));
  BIO_free(bio);
  return out;
}

std::string TestKey::Sign(const nlohmann::json& claims, const std::string& alg,
                          bool include_kid) const {
  nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}};
  if (include_kid) header["kid"] = kid_;
  const std::string input = Encode(header) + "." + Encode(claims);
  const EVP_MD* md = alg.ends_with("384")   ? EVP_sha384()
                     : alg.ends_with("512") ? EVP_sha512()
                                            : EVP_sha256();
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_DigestSignInit(ctx, &pctx, md, nullptr, Pkey(key_));
  if (alg.starts_with("PS")) {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
  }
  size_t length = 0;
  EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                 input.size());
  std::string signature(length, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  signature.resize(length);
  EVP_MD_CTX_free(ctx);
  if (type_ == Type::kEcP256) {
    // DER to the JWS form r || s.
    const auto* p = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(signature.size()));
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    std::string raw(64, '\0');
    BN_bn2binpad(r, reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(s, reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    signature = raw;
  }
  return input + "." + Base64UrlEncode(signature);
}

std::string UnsignedToken(const nlohmann::json& claims) {
  return Encode({{"alg", "none"}}) + "." + Encode(claims) + ".";
}

std::string HmacToken(const nlohmann::json& claims, const std::string& secret,
                      const std::string& kid) {
  const std::string input = Encode({{"alg", "HS256"}, {"kid", kid}}) + "." + Encode(claims);
  return input + "." + Base64UrlEncode(crypto::HmacSha256(secret, input));
}

}  // namespace pass::testing
