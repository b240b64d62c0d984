// Numbered schema migrations shared by both databases: migrations/NNNN_name.sql, applied in
// order, each in its own transaction, recorded with a checksum in schema_migrations. Applied by
// `pass-portal migrate` and at start-up; several nodes starting at once take turns.
//
// Dialect differences are written as tokens the runner replaces:
//   {{ID}}  an auto-increment 64-bit primary key column type
// and where SQL itself differs (triggers), as two files of one version:
// NNNN_name.sqlite.sql and NNNN_name.postgres.sql.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/sql.h"

namespace pass::storage {

struct Migration {
  int version = 0;
  std::string name;
  std::string sqlite_sql;
  std::string postgres_sql;

  const std::string& SqlFor(Dialect d) const {
    return d == Dialect::kSqlite ? sqlite_sql : postgres_sql;
  }
  std::string ChecksumFor(Dialect d) const;
};

Result<std::vector<Migration>> LoadMigrations(const std::filesystem::path& dir);
std::string ApplyDialect(std::string_view sql, Dialect dialect);

struct MigrationReport {
  std::vector<Migration> applied;  // newly applied in this run
  int current_version = 0;
};

// Applies what is missing. Fails, changing nothing further, when an applied migration's file was
// edited afterwards (its checksum differs) or when the database is newer than these files.
Result<MigrationReport> Migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace pass::storage
