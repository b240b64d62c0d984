// Cryptographically secure random values from the kernel (getrandom), for session ids, CSRF
// tokens, PKCE verifiers and request ids. Thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace pass {

// Fills `size` bytes; aborts if the kernel cannot supply randomness (it always can on Linux 3.17+).
void SecureRandomBytes(void* out, size_t size);

// `bytes` random bytes as lowercase hex (2 * bytes characters).
std::string RandomHex(size_t bytes);

// `bytes` random bytes as unpadded base64url (URL- and cookie-safe).
std::string RandomToken(size_t bytes);

}  // namespace pass
