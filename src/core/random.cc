#include "core/random.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "core/strings.h"

namespace pass {

void SecureRandomBytes(void* out, size_t size) {
  auto* p = static_cast<unsigned char*>(out);
  while (size > 0) {
    const ssize_t n = getrandom(p, size, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::abort();  // no safe way to go on without randomness
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  SecureRandomBytes(buf.data(), buf.size());
  return HexEncode(std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()));
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  SecureRandomBytes(buf.data(), buf.size());
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(buf.data()), buf.size()));
}

}  // namespace pass
