// Databases for the repository contract suite: a fresh, migrated SQLite file, or a fresh schema
// in the PostgreSQL server named by PASS_TEST_POSTGRES_URL (started by scripts/test). When that
// variable is unset the PostgreSQL cases are skipped, unless PASS_TEST_REQUIRE_POSTGRES=1 (CI),
// where a missing server is a failure.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "storage/sql.h"
#include "support/temp_dir.h"

namespace pass::testing {

class TestDatabase {
 public:
  // Creates and migrates; nullptr when the dialect is unavailable (and not required).
  static std::unique_ptr<TestDatabase> Create(storage::Dialect dialect);
  ~TestDatabase();

  storage::Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  TestDatabase() = default;
  std::unique_ptr<TempDir> dir_;
  std::string url_;
  std::string schema_;  // PostgreSQL only
  std::string admin_url_;
  std::unique_ptr<storage::Database> db_;
};

// The dialects to run contract tests on, for INSTANTIATE_TEST_SUITE_P.
std::vector<storage::Dialect> TestDialects();
std::string DialectName(storage::Dialect dialect);

}  // namespace pass::testing
