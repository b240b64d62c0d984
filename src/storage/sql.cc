#include "storage/sql.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "core/log.h"

namespace pass::storage {

Value Nullable(const std::optional<std::string>& v) { return v ? Value(*v) : Value(nullptr); }
Value Nullable(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }

bool Row::IsNull(size_t i) const {
  return i >= values_.size() || std::holds_alternative<std::nullptr_t>(values_[i]);
}

int64_t Row::Int(size_t i) const { return OptInt(i).value_or(0); }

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  const Value& v = values_[i];
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  const auto& s = std::get<std::string>(v);
  int64_t out = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc()) return std::nullopt;
  return out;
}

double Row::Real(size_t i) const {
  if (IsNull(i)) return 0;
  const Value& v = values_[i];
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return std::strtod(std::get<std::string>(v).c_str(), nullptr);
}

std::string Row::Text(size_t i) const { return OptText(i).value_or(""); }

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  const Value& v = values_[i];
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(v));
  return std::string(buf);
}

Result<std::vector<Row>> Connection::Query(std::string_view sql,
                                           std::initializer_list<Value> params) {
  std::vector<Row> rows;
  const RowCallback collect = [&rows](const Row& r) { rows.push_back(r); };
  auto r = Run(sql, std::span<const Value>(params.begin(), params.size()), &collect);
  if (!r) return Fail(std::move(r.error()));
  return rows;
}

Result<std::optional<Row>> Connection::QueryOne(std::string_view sql,
                                                std::initializer_list<Value> params) {
  std::optional<Row> row;
  const RowCallback first = [&row](const Row& r) {
    if (!row) row = r;
  };
  auto r = Run(sql, std::span<const Value>(params.begin(), params.size()), &first);
  if (!r) return Fail(std::move(r.error()));
  return row;
}

Result<int64_t> Connection::Execute(std::string_view sql, std::initializer_list<Value> params) {
  return Run(sql, std::span<const Value>(params.begin(), params.size()), nullptr);
}

Result<void> Connection::Begin() {
  auto r = Run(dialect() == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN", {}, nullptr);
  if (!r) return Fail(std::move(r.error()));
  return {};
}

Result<void> Connection::Commit() {
  auto r = Run("COMMIT", {}, nullptr);
  if (!r) return Fail(std::move(r.error()));
  return {};
}

Result<void> Connection::Rollback() {
  auto r = Run("ROLLBACK", {}, nullptr);
  if (!r) return Fail(std::move(r.error()));
  return {};
}

Result<int64_t> InsertRows(Connection& c, std::string_view head,
                           const std::vector<std::vector<Value>>& rows, std::string_view tail,
                           size_t rows_per_statement) {
  int64_t changed = 0;
  for (size_t start = 0; start < rows.size(); start += rows_per_statement) {
    const size_t end = std::min(rows.size(), start + rows_per_statement);
    std::string sql(head);
    sql += " VALUES ";
    std::vector<Value> params;
    int n = 0;
    for (size_t r = start; r < end; ++r) {
      sql += r == start ? "(" : ", (";
      for (size_t k = 0; k < rows[r].size(); ++k) {
        if (k > 0) sql += ", ";
        sql += "$" + std::to_string(++n);
        params.push_back(rows[r][k]);
      }
      sql += ")";
    }
    if (!tail.empty()) {
      sql += ' ';
      sql += tail;
    }
    auto r = c.Execute(sql, params);
    if (!r) return r;
    changed += *r;
  }
  return changed;
}

Result<std::unique_ptr<Database>> Database::Open(std::string_view url, DatabaseOptions options) {
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);  // sqlite:///abs/path
    if (path.empty()) {
      return Fail(
          InvalidInput(Message("error.config.database_url", {{"value", std::string(url)}})));
    }
    // The directory is created like the file is, so a fresh checkout needs no mkdir.
    if (const auto parent = std::filesystem::path(path).parent_path(); !parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
    }
    // Check the file opens before handing out a pool.
    auto probe = OpenSqlite(path, options.busy_timeout);
    if (!probe) return Fail(std::move(probe.error()));
    auto busy = options.busy_timeout;
    auto db = std::make_unique<Database>(
        Dialect::kSqlite, [path, busy] { return OpenSqlite(path, busy); }, options);
    db->Adopt(std::move(*probe));
    return db;
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    std::string u(url);
    auto probe = OpenPostgres(u);
    if (!probe) return Fail(std::move(probe.error()));
    auto db = std::make_unique<Database>(
        Dialect::kPostgres, [u] { return OpenPostgres(u); }, options);
    db->Adopt(std::move(*probe));
    return db;
  }
  return Fail(InvalidInput(Message("error.config.database_url", {{"value", std::string(url)}})));
}

Database::Database(Dialect dialect, Factory factory, DatabaseOptions options)
    : dialect_(dialect), factory_(std::move(factory)), options_(options) {}

Database::~Database() = default;

Database::Lease::~Lease() {
  if (db_ != nullptr && conn_) db_->Release(std::move(conn_));
}

Result<Database::Lease> Database::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  while (idle_.empty() && open_ >= options_.pool_size) {
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.pool_size) {
      return Fail(Unavailable(Message("error.database.busy"), "connection pool exhausted"));
    }
  }
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(c));
  }
  ++open_;
  lock.unlock();
  auto c = factory_();
  if (!c) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    return Fail(std::move(c.error()));
  }
  return Lease(this, std::move(*c));
}

void Database::Release(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  if (c->Healthy()) {
    idle_.push_back(std::move(c));
  } else {
    --open_;
    log::Warn("database.connection_dropped");
  }
  cv_.notify_one();
}

void Database::Adopt(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  ++open_;
  idle_.push_back(std::move(c));
}

size_t Database::idle_connections() const {
  std::lock_guard lock(mu_);
  return idle_.size();
}

}  // namespace pass::storage
