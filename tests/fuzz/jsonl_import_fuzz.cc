// Young people's JSONL files come from the registry the portal replaces: the line parser must
// never crash, must agree with a standard JSON parser (nlohmann::json) on what is JSON at all,
// and whatever it accepts must be a valid profile that reads back the same after
// FormatImportLine.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "participants/import.h"
#include "participants/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const pass::Date today{std::chrono::year(2026), std::chrono::month(12), std::chrono::day(1)};
  const auto line = pass::participants::ParseImportLine(text, 1, today);

  bool syntax = false;
  bool too_deep = false;
  for (const auto& p : line.problems) {
    if (p.reason.key == "import.jsonl.syntax") {
      syntax = true;
      const std::string* detail = p.reason.Arg("detail");
      too_deep = detail != nullptr && *detail == "nested too deeply";
    }
  }
  // The same verdict as nlohmann, which has no depth limit, skips a byte-order mark and takes a
  // NUL byte for the end of the input.
  if (!too_deep && !text.starts_with("\xEF\xBB\xBF") && text.find('\0') == std::string_view::npos &&
      size <= pass::participants::kMaxImportLineBytes) {
    const bool json = nlohmann::json::accept(text.begin(), text.end());
    if (json == syntax) __builtin_trap();
  }

  if (line.ok()) {
    const auto& p = line.profile;
    if (!pass::participants::IsValidReference(p.reference)) __builtin_trap();
    if (!pass::participants::CheckProfile(p).empty()) __builtin_trap();
    const auto again =
        pass::participants::ParseImportLine(pass::participants::FormatImportLine(p), 2, today);
    if (!again.ok() || !(again.profile == p) || again.content_hash != line.content_hash) {
      __builtin_trap();
    }
  }
  return 0;
}
