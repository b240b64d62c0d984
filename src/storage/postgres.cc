// PostgreSQL adapter over libpq: statements are prepared once per connection and executed with
// text parameters; results arrive as text and Row converts on access.
#include <libpq-fe.h>

#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/log.h"
#include "storage/sql.h"

namespace pass::storage {

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

Error PostgresError(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string code = state != nullptr ? state : "";
  const std::string detail =
      std::string(res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn)) + " [" +
      std::string(sql.substr(0, 200)) + "]";
  if (code == "23505") return Conflict(Message("error.database.duplicate")).WithDetail(detail);
  if (code == "23503") return Conflict(Message("error.database.reference")).WithDetail(detail);
  if (code.starts_with("23"))
    return Conflict(Message("error.database.constraint")).WithDetail(detail);
  if (code == "40001" || code == "40P01" || code == "55P03") {
    return Unavailable(Message("error.database.busy"), detail);
  }
  if (code.starts_with("08") || code.starts_with("57") || PQstatus(conn) == CONNECTION_BAD) {
    return Unavailable(Message("error.database.unavailable"), detail);
  }
  return Internal("postgres: " + detail);
}

void IgnoreNotice(void*, const char* message) {
  log::Debug("postgres.notice", {{"message", message}});
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn) {
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
  }
  ~PostgresConnection() override { PQfinish(conn_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool Healthy() const override { return PQstatus(conn_) == CONNECTION_OK; }

  Result<int64_t> Run(std::string_view sql, std::span<const Value> params,
                      const RowCallback* on_row) override {
    auto name = Prepare(sql, static_cast<int>(params.size()));
    if (!name) return Fail(std::move(name.error()));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              values[i] = nullptr;
            } else {
              if constexpr (std::is_same_v<T, int64_t>) {
                texts[i] = std::to_string(v);
              } else if constexpr (std::is_same_v<T, double>) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.17g", v);
                texts[i] = buf;
              } else {
                texts[i] = v;
              }
              values[i] = texts[i].c_str();
            }
          },
          params[i]);
    }
    PgResult res(PQexecPrepared(conn_, name->c_str(), static_cast<int>(params.size()),
                                values.data(), nullptr, nullptr, 0));
    const auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return Fail(PostgresError(conn_, res.get(), sql));
    }
    if (on_row != nullptr && status == PGRES_TUPLES_OK) {
      const int rows = PQntuples(res.get());
      const int cols = PQnfields(res.get());
      for (int r = 0; r < rows; ++r) {
        std::vector<Value> row;
        row.reserve(static_cast<size_t>(cols));
        for (int c = 0; c < cols; ++c) {
          if (PQgetisnull(res.get(), r, c)) {
            row.emplace_back(nullptr);
          } else {
            row.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                         static_cast<size_t>(PQgetlength(res.get(), r, c))));
          }
        }
        (*on_row)(Row(std::move(row)));
      }
    }
    const char* affected = PQcmdTuples(res.get());
    return affected != nullptr && *affected != '\0' ? std::stoll(affected) : 0;
  }

  Result<void> ExecScript(std::string_view sql) override {
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    const auto status = PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return Fail(PostgresError(conn_, res.get(), sql));
    }
    return {};
  }

 private:
  Result<std::string> Prepare(std::string_view sql, int nparams) {
    const std::string key(sql);
    if (const auto it = statements_.find(key); it != statements_.end()) return it->second;
    const std::string name = "s" + std::to_string(statements_.size() + 1);
    PgResult res(PQprepare(conn_, name.c_str(), key.c_str(), nparams, nullptr));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK)
      return Fail(PostgresError(conn_, res.get(), sql));
    statements_.emplace(key, name);
    return name;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Fail(Unavailable(Message("error.database.unavailable"), "postgres connect: " + message));
  }
  return std::unique_ptr<Connection>(std::make_unique<PostgresConnection>(conn));
}

}  // namespace pass::storage
