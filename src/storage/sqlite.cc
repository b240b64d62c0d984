// SQLite adapter: WAL journal, synchronous=FULL, foreign keys on, a busy timeout, and a cache of
// prepared statements per connection. $N parameters are rewritten to SQLite's ?N once per text.
#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "core/log.h"
#include "storage/sql.h"

namespace pass::storage {

namespace {

// "$1" -> "?1", leaving quoted text and identifiers alone.
std::string ToSqliteParams(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      out += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}

Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  const std::string detail = std::string(db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) +
                             " [" + std::string(sql.substr(0, 200)) + "]";
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Conflict(Message("error.database.duplicate")).WithDetail(detail);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Conflict(Message("error.database.reference")).WithDetail(detail);
    default:
      break;
  }
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
    return Unavailable(Message("error.database.busy"), detail);
  }
  if ((rc & 0xFF) == SQLITE_CONSTRAINT)
    return Conflict(Message("error.database.constraint")).WithDetail(detail);
  return Internal("sqlite: " + detail);
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Result<int64_t> Run(std::string_view sql, std::span<const Value> params,
                      const RowCallback* on_row) override {
    auto stmt = Prepare(sql);
    if (!stmt) return Fail(std::move(stmt.error()));
    sqlite3_stmt* s = *stmt;
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{s};
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              rc = sqlite3_bind_null(s, idx);
            } else if constexpr (std::is_same_v<T, int64_t>) {
              rc = sqlite3_bind_int64(s, idx, v);
            } else if constexpr (std::is_same_v<T, double>) {
              rc = sqlite3_bind_double(s, idx, v);
            } else {
              rc =
                  sqlite3_bind_text(s, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, sql));
    }
    const int columns = sqlite3_column_count(s);
    for (;;) {
      const int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return Fail(SqliteError(db_, rc, sql));
      if (on_row == nullptr) continue;
      std::vector<Value> values;
      values.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(s, c)) {
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(s, c)));
            break;
          case SQLITE_FLOAT:
            values.emplace_back(sqlite3_column_double(s, c));
            break;
          case SQLITE_NULL:
            values.emplace_back(nullptr);
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(s, c));
            values.emplace_back(
                std::string(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(s, c))));
          }
        }
      }
      (*on_row)(Row(std::move(values)));
    }
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  Result<void> ExecScript(std::string_view sql) override {
    char* err = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      const std::string message = err ? err : "unknown";
      sqlite3_free(err);
      return Fail(Internal("sqlite script: " + message));
    }
    return {};
  }

 private:
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    const std::string key(sql);
    if (const auto it = statements_.find(key); it != statements_.end()) return it->second;
    const std::string translated = ToSqliteParams(sql);
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Fail(SqliteError(db_, rc, sql));
    statements_.emplace(key, stmt);
    return stmt;
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path,
                                               std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Fail(
        Unavailable(Message("error.database.unavailable"), "sqlite open " + path + ": " + message));
  }
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  auto conn = std::make_unique<SqliteConnection>(db);
  if (auto r = conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                "PRAGMA foreign_keys=ON;");
      !r) {
    return Fail(Unavailable(Message("error.database.unavailable"), r.error().detail));
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace pass::storage
