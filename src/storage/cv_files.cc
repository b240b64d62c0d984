#include "storage/cv_files.h"

#include "core/strings.h"

namespace pass::storage {

Result<void> SqlCvFiles::Write(const std::string& key, std::string_view bytes) {
  return db_.Transaction([&](Connection& c) -> Result<void> {
    PASS_TRY(r, c.Execute("INSERT INTO cv_files (storage_key, content, created_at) "
                          "VALUES ($1, $2, $3)",
                          {key, Base64UrlEncode(bytes), UnixMillis(clock_.Now())}));
    return {};
  });
}

Result<std::string> SqlCvFiles::Read(const std::string& key) {
  return db_.With([&](Connection& c) -> Result<std::string> {
    PASS_TRY(row, c.QueryOne("SELECT content FROM cv_files WHERE storage_key = $1", {key}));
    if (!*row) return Fail(NotFound("error.cv.none"));
    auto bytes = Base64UrlDecode((*row)->Text(0));
    if (!bytes) return Fail(Internal("cv_files." + key + " is not base64"));
    return std::move(*bytes);
  });
}

Result<void> SqlCvFiles::Remove(const std::string& key) {
  if (key.empty()) return {};
  return db_.Transaction([&](Connection& c) -> Result<void> {
    PASS_TRY(r, c.Execute("DELETE FROM cv_files WHERE storage_key = $1", {key}));
    return {};
  });
}

}  // namespace pass::storage
