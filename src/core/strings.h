// Small text helpers used across modules: trimming, ASCII case, splitting, and the byte encodings
// (hex, base64url) that tokens and hashes travel in. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pass {

std::string_view Trim(std::string_view s);  // ASCII whitespace at both ends
std::string AsciiLower(std::string_view s);
// Lower case for comparing names ("Åre" and "åre", "ΑΘΗΝΑ" and "αθηνα"): ASCII, Latin-1, Latin
// Extended-A, Greek and Cyrillic capitals; everything else is kept as it is. Well-formed UTF-8 in.
std::string FoldCase(std::string_view utf8);
// Appends the code point `cp` (at most U+10FFFF) as UTF-8.
void AppendUtf8(std::string& out, uint32_t cp);
std::string AsciiUpper(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);  // ASCII only
bool StartsWith(std::string_view s, std::string_view prefix);

// Splits on `sep`; keeps empty parts ("a,,b" gives three).
std::vector<std::string_view> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// True when every byte sequence is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view s);
// The code point starting at byte `i` of `s` (i < s.size()), moving `i` past it; nullopt for a
// byte that does not start a well-formed sequence, and `i` moves on by that one byte.
std::optional<uint32_t> NextCodePoint(std::string_view s, size_t& i);

std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view hex);

std::string Base64UrlEncode(std::string_view bytes);                // unpadded
std::optional<std::string> Base64UrlDecode(std::string_view text);  // padding optional
std::string Base64Encode(std::string_view bytes);                   // standard alphabet, padded

// Parses a whole decimal integer ("-12", "7"); nullopt on junk or overflow.
std::optional<long long> ParseInt(std::string_view s);

}  // namespace pass

namespace pass {
// `s` as a JSON string literal, quotes included (control characters escaped, UTF-8 kept).
std::string JsonQuote(std::string_view s);
}  // namespace pass
