#include "core/data_dir.h"

#include <cstdlib>
#include <system_error>

namespace pass {

namespace {
bool LooksLikeDataDir(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::exists(dir / "locales" / "en.json", ec);
}
}  // namespace

std::filesystem::path DataDir() {
  if (const char* env = std::getenv("PASS_DATA_DIR"); env != nullptr && *env != '\0') {
    return std::filesystem::path(env);
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "pass";
    if (LooksLikeDataDir(installed)) return installed;
  }
  return std::filesystem::path(PASS_SOURCE_DATA_DIR);
}

}  // namespace pass
