// Form bodies, query strings and Cookie headers come straight from the network.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/strings.h"
#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto form = pass::http::ParseUrlEncoded(text)) {
    for (const auto& [name, value] : form->pairs()) {
      // Whatever is accepted is valid UTF-8 and survives a round trip through encoding.
      if (!pass::IsValidUtf8(name) || !pass::IsValidUtf8(value)) __builtin_trap();
      const auto back = pass::http::PercentDecode(pass::http::PercentEncode(value), false);
      if (!back || *back != value) __builtin_trap();
    }
  }
  (void)pass::http::ParseCookieHeader(text);
  (void)pass::http::PercentDecode(text, true);
  return 0;
}
