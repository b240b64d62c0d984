#include "crypto/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "core/strings.h"

namespace pass::crypto {

namespace {
std::string Hmac(const EVP_MD* md, std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out,
           &length) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}
}  // namespace

std::string Sha(int bits, std::string_view data) {
  const EVP_MD* md = bits == 256   ? EVP_sha256()
                     : bits == 384 ? EVP_sha384()
                     : bits == 512 ? EVP_sha512()
                                   : nullptr;
  if (md == nullptr) return {};
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1) {
    throw std::runtime_error("digest failed");
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string Sha256(std::string_view data) { return Sha(256, data); }

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }
std::string HmacSha256(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha256(), key, data);
}
std::string HmacSha384(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha384(), key, data);
}
std::string HmacSha512(std::string_view key, std::string_view data) {
  return Hmac(EVP_sha512(), key, data);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace pass::crypto
