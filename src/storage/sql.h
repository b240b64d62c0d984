// The one SQL interface the repositories are written against, implemented for SQLite and for
// PostgreSQL (ADR 0002). Statements use $1, $2, ... parameters in both dialects and are always
// bound, never built from strings. A Connection is used by one thread at a time; a Database is a
// thread-safe pool of them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/error.h"

namespace pass::storage {

enum class Dialect { kSqlite, kPostgres };

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

// Helpers to bind optional values: Nullable(std::optional<std::string>{}) is NULL.
Value Nullable(const std::optional<std::string>& v);
Value Nullable(const std::optional<int64_t>& v);

// One result row. Accessors convert between integers and text, since PostgreSQL results arrive
// as text; an accessor on NULL gives the type's empty value, or nullopt for the Opt* ones.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const;
  int64_t Int(size_t i) const;
  double Real(size_t i) const;
  std::string Text(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }

 private:
  std::vector<Value> values_;
};

using RowCallback = std::function<void(const Row&)>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement; calls `on_row` (if given) for every row; returns the rows changed.
  virtual Result<int64_t> Run(std::string_view sql, std::span<const Value> params,
                              const RowCallback* on_row) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual Result<void> ExecScript(std::string_view sql) = 0;
  // False once the connection is known to be broken; the pool then drops it.
  virtual bool Healthy() const { return true; }

  Result<std::vector<Row>> Query(std::string_view sql, std::initializer_list<Value> params = {});
  Result<std::optional<Row>> QueryOne(std::string_view sql,
                                      std::initializer_list<Value> params = {});
  Result<int64_t> Execute(std::string_view sql, std::initializer_list<Value> params = {});
  Result<int64_t> Execute(std::string_view sql, std::span<const Value> params) {
    return Run(sql, params, nullptr);
  }
  Result<void> ForEach(std::string_view sql, std::span<const Value> params, const RowCallback& f) {
    auto r = Run(sql, params, &f);
    if (!r) return Fail(std::move(r.error()));
    return {};
  }

  // Transaction control, dialect-aware (SQLite takes the write lock up front).
  Result<void> Begin();
  Result<void> Commit();
  Result<void> Rollback();
};

struct DatabaseOptions {
  size_t pool_size = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  std::chrono::milliseconds busy_timeout{5000};  // SQLite: how long to wait for the write lock
};

class Database {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;

  // "sqlite:PATH" (the file is created) or "postgresql://..." / "postgres://...".
  static Result<std::unique_ptr<Database>> Open(std::string_view url, DatabaseOptions options = {});

  Database(Dialect dialect, Factory factory, DatabaseOptions options);
  ~Database();
  Dialect dialect() const { return dialect_; }

  // A connection for the caller alone until the lease is destroyed.
  class Lease {
   public:
    Lease(Database* db, std::unique_ptr<Connection> c) : db_(db), conn_(std::move(c)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_.get(); }

   private:
    Database* db_;
    std::unique_ptr<Connection> conn_;
  };
  Result<Lease> Acquire();

  // Runs `f(Connection&)` (which returns Result<T>) inside a transaction: committed when f
  // succeeds, rolled back when it fails or throws.
  template <typename F>
  auto Transaction(F&& f) -> std::invoke_result_t<F, Connection&>;

  // Runs `f(Connection&)` outside a transaction (reads).
  template <typename F>
  auto With(F&& f) -> std::invoke_result_t<F, Connection&>;

  size_t idle_connections() const;

 private:
  void Release(std::unique_ptr<Connection> c);
  void Adopt(std::unique_ptr<Connection> c);  // a connection opened outside the pool

  Dialect dialect_;
  Factory factory_;
  DatabaseOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;
};

template <typename F>
auto Database::With(F&& f) -> std::invoke_result_t<F, Connection&> {
  auto lease = Acquire();
  if (!lease) return Fail(std::move(lease.error()));
  return f(**lease);
}

template <typename F>
auto Database::Transaction(F&& f) -> std::invoke_result_t<F, Connection&> {
  auto lease = Acquire();
  if (!lease) return Fail(std::move(lease.error()));
  Connection& c = **lease;
  if (auto begun = c.Begin(); !begun) return Fail(std::move(begun.error()));
  try {
    auto result = f(c);
    if (!result) {
      (void)c.Rollback();
      return result;
    }
    if (auto committed = c.Commit(); !committed) {
      (void)c.Rollback();
      return Fail(std::move(committed.error()));
    }
    return result;
  } catch (...) {
    (void)c.Rollback();
    throw;
  }
}

// Inserts many rows with multi-row INSERT statements of at most `rows_per_statement` rows:
// `head` is "INSERT INTO t (a, b, c)", each row has that many values, `tail` may add
// "ON CONFLICT ...". One round trip per chunk instead of one per row.
Result<int64_t> InsertRows(Connection& c, std::string_view head,
                           const std::vector<std::vector<Value>>& rows, std::string_view tail = {},
                           size_t rows_per_statement = 100);

// Adapters (sqlite.cc, postgres.cc).
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path,
                                               std::chrono::milliseconds busy_timeout);
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

}  // namespace pass::storage
