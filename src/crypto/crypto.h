// Hashes and MACs for tokens (OpenSSL 3): SHA-256 for stored session ids, HMAC-SHA256 for CSRF
// tokens and client assertions, and a comparison whose time does not depend on the data.
#pragma once

#include <string>
#include <string_view>

namespace pass::crypto {

std::string Sha256(std::string_view data);     // 32 raw bytes
std::string Sha256Hex(std::string_view data);  // 64 hex digits
// SHA-256, -384 or -512 by `bits`; empty for any other number.
std::string Sha(int bits, std::string_view data);
std::string HmacSha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string HmacSha384(std::string_view key, std::string_view data);
std::string HmacSha512(std::string_view key, std::string_view data);
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace pass::crypto
