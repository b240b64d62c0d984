// Import files come from other organisations' systems: the CSV reader and the import checks
// must never crash, and whatever they accept must be consistent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/csv.h"
#include "registry/import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  int last_line = 0;
  (void)pass::csv::Read(text, [&](pass::csv::Record&& r) {
    if (r.line <= last_line) __builtin_trap();  // records come in order of their lines
    last_line = r.line;
  });
  std::vector<pass::registry::ImportProblem> problems;
  const auto state = pass::registry::ReadImport(text, problems);
  if (problems.empty()) {
    for (const auto& [reference, a] : state.authorisations) {
      if (!state.organisations.contains(a.oid)) __builtin_trap();
      if (!pass::registry::IsValidOid(a.oid)) __builtin_trap();
    }
  }
  return 0;
}
