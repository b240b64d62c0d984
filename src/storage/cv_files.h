// participants::CvFiles in the database: the PDF's bytes, base64, under a random key, so every
// portal node serves the same file and none of it lies under the web root. Thread-safe (each call
// leases its own connection).
#pragma once

#include "core/clock.h"
#include "participants/service.h"
#include "storage/sql.h"

namespace pass::storage {

class SqlCvFiles final : public participants::CvFiles {
 public:
  SqlCvFiles(Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  Result<void> Write(const std::string& key, std::string_view bytes) override;
  Result<std::string> Read(const std::string& key) override;
  Result<void> Remove(const std::string& key) override;

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace pass::storage
