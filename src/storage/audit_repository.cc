#include "storage/audit_repository.h"

#include "storage/sql_store.h"

namespace pass::storage {

namespace {
std::vector<Value> RowOf(const audit::Entry& e) {
  return {UnixMillis(e.at),
          e.actor,
          e.action,
          e.oid.empty() ? Value(nullptr) : Value(e.oid),
          e.subject,
          e.reason,
          e.detail.empty() ? std::string("{}") : e.detail};
}
constexpr std::string_view kInsert =
    "INSERT INTO audit_log (at, actor, action, oid, subject, reason, detail)";
}  // namespace

Result<void> SqlAuditRepository::Append(const audit::Entry& e) { return AppendMany({e}); }

Result<void> SqlAuditRepository::AppendMany(const std::vector<audit::Entry>& entries) {
  std::vector<std::vector<Value>> rows;
  rows.reserve(entries.size());
  for (const auto& e : entries) rows.push_back(RowOf(e));
  PASS_TRY(r, InsertRows(c_, kInsert, rows));
  return {};
}

Result<std::vector<audit::Entry>> SqlAuditRepository::Select(std::string_view where,
                                                             const Value& key, int limit) {
  const std::string sql =
      "SELECT id, at, actor, action, oid, subject, reason, detail FROM audit_log WHERE " +
      std::string(where) + " ORDER BY at DESC, id DESC LIMIT $2";
  std::vector<audit::Entry> out;
  const RowCallback collect = [&out](const Row& r) {
    audit::Entry e;
    e.id = r.Int(0);
    e.at = FromUnixMillis(r.Int(1));
    e.actor = r.Text(2);
    e.action = r.Text(3);
    e.oid = r.Text(4);
    e.subject = r.Text(5);
    e.reason = r.Text(6);
    e.detail = r.Text(7);
    out.push_back(std::move(e));
  };
  const Value params[] = {key, int64_t{limit}};
  PASS_TRY(r, c_.Run(sql, params, &collect));
  return out;
}

Result<std::vector<audit::Entry>> SqlAuditRepository::ForOrganisation(std::string_view oid,
                                                                      int limit) {
  return Select("oid = $1", std::string(oid), limit);
}

Result<std::vector<audit::Entry>> SqlAuditRepository::ForSubject(std::string_view subject,
                                                                 int limit) {
  return Select("subject = $1", std::string(subject), limit);
}

}  // namespace pass::storage
