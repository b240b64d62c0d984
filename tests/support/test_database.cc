#include "support/test_database.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/random.h"
#include "storage/migrations.h"

namespace pass::testing {

namespace {
std::string MigrationsDir() { return std::string(PASS_SOURCE_DIR) + "/migrations"; }

std::string PostgresUrl() {
  const char* url = std::getenv("PASS_TEST_POSTGRES_URL");
  return url == nullptr ? std::string() : std::string(url);
}

bool PostgresRequired() {
  const char* v = std::getenv("PASS_TEST_REQUIRE_POSTGRES");
  return v != nullptr && std::string(v) == "1";
}
}  // namespace

std::vector<storage::Dialect> TestDialects() {
  return {storage::Dialect::kSqlite, storage::Dialect::kPostgres};
}

std::string DialectName(storage::Dialect dialect) {
  return dialect == storage::Dialect::kSqlite ? "sqlite" : "postgres";
}

std::unique_ptr<TestDatabase> TestDatabase::Create(storage::Dialect dialect) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  if (dialect == storage::Dialect::kSqlite) {
    t->dir_ = std::make_unique<TempDir>();
    t->url_ = "sqlite:" + (t->dir_->path() / "test.db").string();
  } else {
    const std::string base = PostgresUrl();
    if (base.empty()) {
      if (PostgresRequired()) ADD_FAILURE() << "PASS_TEST_POSTGRES_URL is not set";
      return nullptr;
    }
    t->admin_url_ = base;
    t->schema_ = "t_" + RandomHex(8);
    auto admin = storage::OpenPostgres(base);
    if (!admin) {
      ADD_FAILURE() << "cannot reach PostgreSQL: " << admin.error().detail;
      return nullptr;
    }
    if (auto r = (*admin)->ExecScript("CREATE SCHEMA " + t->schema_); !r) {
      ADD_FAILURE() << r.error().detail;
      return nullptr;
    }
    t->url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
              "options=-csearch_path%3D" + t->schema_;
  }
  auto db = storage::Database::Open(t->url_);
  if (!db) {
    ADD_FAILURE() << "open " << t->url_ << ": " << db.error().detail;
    return nullptr;
  }
  t->db_ = std::move(*db);
  auto migrations = storage::LoadMigrations(MigrationsDir());
  if (!migrations) {
    ADD_FAILURE() << migrations.error().detail;
    return nullptr;
  }
  auto migrated = storage::Migrate(*t->db_, *migrations);
  if (!migrated) {
    ADD_FAILURE() << "migrate: " << migrated.error().detail;
    return nullptr;
  }
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!schema_.empty()) {
    if (auto admin = storage::OpenPostgres(admin_url_)) {
      (void)(*admin)->ExecScript("DROP SCHEMA " + schema_ + " CASCADE");
    }
  }
}

}  // namespace pass::testing
