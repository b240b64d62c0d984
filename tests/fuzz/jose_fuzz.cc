// ID tokens and key sets come from the network: parsing them must never crash, and nothing
// unsigned or HMAC-signed may ever verify.
#include <cstddef>
#include <cstdint>
#include <string>

#include "auth/jose.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const size_t split = text.find('\n');
  const std::string token = text.substr(0, split);
  const std::string keys = split == std::string::npos ? std::string() : text.substr(split + 1);
  auto jws = pass::auth::ParseJws(token);
  auto set = pass::auth::ParseKeySet(keys);
  if (jws && set) {
    for (const auto& key : set->keys) {
      const bool ok = pass::auth::VerifySignature(*jws, key);
      if (ok && !pass::auth::IsAllowedAlgorithm(jws->alg)) __builtin_trap();
    }
  }
  return 0;
}
