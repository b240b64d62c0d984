// Accept-Language headers are untrusted; the parser must never crash and only yield sane tags.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "i18n/catalogue.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  for (const auto& [tag, q] : pass::i18n::ParseAcceptLanguage(header)) {
    if (tag.empty() || tag.size() > 8 || q <= 0 || q > 1) __builtin_trap();
    for (const char c : tag) {
      if (c < 'a' || c > 'z') __builtin_trap();
    }
  }
  return 0;
}
