#include "storage/saved_search_repository.h"

namespace pass::storage {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, oid, person_id, email, language, name, query, alert, created_at, last_alert_at "
    "FROM saved_searches WHERE ";

// References written per statement when the seen list is replaced.
constexpr size_t kRowsPerInsert = 200;

}  // namespace

Result<int64_t> SqlSavedSearchRepository::Insert(const search::SavedSearch& s) {
  PASS_TRY(row, c_.QueryOne("INSERT INTO saved_searches (oid, person_id, email, language, name, "
                            "query, alert, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                            "RETURNING id",
                            {s.oid, s.person_id, s.email, s.language, s.name, s.query,
                             int64_t{s.alert}, UnixMillis(s.created_at)}));
  return (*row)->Int(0);
}

Result<std::vector<search::SavedSearch>> SqlSavedSearchRepository::Load(
    std::string_view where, std::initializer_list<Value> params) {
  PASS_TRY(rows, c_.Query(std::string(kColumns) + std::string(where), params));
  std::vector<search::SavedSearch> out;
  for (const Row& r : *rows) {
    search::SavedSearch s;
    s.id = r.Int(0);
    s.oid = r.Text(1);
    s.person_id = r.Int(2);
    s.email = r.Text(3);
    s.language = r.Text(4);
    s.name = r.Text(5);
    s.query = r.Text(6);
    s.alert = r.Bool(7);
    s.created_at = FromUnixMillis(r.Int(8));
    if (auto at = r.OptInt(9)) s.last_alert_at = FromUnixMillis(*at);
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<search::SavedSearch>> SqlSavedSearchRepository::Find(int64_t id) {
  PASS_TRY(found, Load("id = $1", {id}));
  if (found->empty()) return std::optional<search::SavedSearch>();
  return std::optional<search::SavedSearch>(std::move(found->front()));
}

Result<std::vector<search::SavedSearch>> SqlSavedSearchRepository::OfOwner(const std::string& oid,
                                                                           int64_t person_id) {
  return Load("oid = $1 AND person_id = $2 ORDER BY name, id", {oid, person_id});
}

Result<void> SqlSavedSearchRepository::Delete(int64_t id) {
  PASS_TRY(seen, c_.Execute("DELETE FROM saved_search_seen WHERE saved_search_id = $1", {id}));
  PASS_TRY(r, c_.Execute("DELETE FROM saved_searches WHERE id = $1", {id}));
  return {};
}

Result<void> SqlSavedSearchRepository::SetAlert(int64_t id, bool alert) {
  PASS_TRY(r,
           c_.Execute("UPDATE saved_searches SET alert = $2 WHERE id = $1", {id, int64_t{alert}}));
  if (!alert) {
    PASS_TRY(seen, c_.Execute("DELETE FROM saved_search_seen WHERE saved_search_id = $1", {id}));
  }
  return {};
}

Result<std::vector<search::SavedSearch>> SqlSavedSearchRepository::Alerting() {
  return Load("alert = 1 ORDER BY id", {});
}

Result<std::vector<std::string>> SqlSavedSearchRepository::Seen(int64_t id) {
  PASS_TRY(rows,
           c_.Query("SELECT reference FROM saved_search_seen WHERE saved_search_id = $1", {id}));
  std::vector<std::string> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) out.push_back(r.Text(0));
  return out;
}

Result<void> SqlSavedSearchRepository::ReplaceSeen(int64_t id,
                                                   const std::vector<std::string>& references) {
  PASS_TRY(cleared, c_.Execute("DELETE FROM saved_search_seen WHERE saved_search_id = $1", {id}));
  for (size_t start = 0; start < references.size(); start += kRowsPerInsert) {
    const size_t end = std::min(references.size(), start + kRowsPerInsert);
    std::string sql = "INSERT INTO saved_search_seen (saved_search_id, reference) VALUES ";
    std::vector<Value> params{id};
    for (size_t i = start; i < end; ++i) {
      sql += (i == start ? "" : ", ") + std::string("($1, $") + std::to_string(params.size() + 1) +
             ")";
      params.emplace_back(references[i]);
    }
    PASS_TRY(r, c_.Execute(sql, std::span<const Value>(params)));
  }
  return {};
}

Result<void> SqlSavedSearchRepository::MarkAlerted(int64_t id, Timestamp at) {
  PASS_TRY(r, c_.Execute("UPDATE saved_searches SET last_alert_at = $2 WHERE id = $1",
                         {id, UnixMillis(at)}));
  return {};
}

}  // namespace pass::storage
