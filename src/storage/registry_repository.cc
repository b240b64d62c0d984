#include "storage/registry_repository.h"

#include <map>

#include "core/strings.h"

namespace pass::storage {

using registry::Authorisation;
using registry::Listing;
using registry::Organisation;
using registry::StaffEntry;

namespace {

constexpr std::string_view kAuthorisationColumns =
    "a.id, a.reference, a.oid, a.kind, a.issuer, a.valid_from, a.valid_to, a.status, "
    "a.status_reason, a.programme";
constexpr size_t kAuthorisationColumnCount = 10;

// Rows come from our own schema, whose CHECK constraints keep codes and dates valid.
Authorisation AuthorisationFrom(const Row& r, size_t at = 0) {
  Authorisation a;
  a.id = r.Int(at);
  a.reference = r.Text(at + 1);
  a.oid = r.Text(at + 2);
  a.kind = registry::ParseKind(r.Text(at + 3)).value_or(registry::Kind::kQualityLabel);
  a.issuer = r.Text(at + 4);
  a.valid_from = ParseIsoDate(r.Text(at + 5)).value_or(Date{});
  a.valid_to = ParseIsoDate(r.Text(at + 6)).value_or(Date{});
  a.status = registry::ParseStatus(r.Text(at + 7)).value_or(registry::Status::kRevoked);
  a.status_reason = r.Text(at + 8);
  a.programme = r.Text(at + 9);
  return a;
}

}  // namespace

Result<std::optional<Organisation>> SqlRegistryRepository::FindOrganisation(std::string_view oid) {
  PASS_TRY(row, c_.QueryOne("SELECT oid, name, country FROM organisations WHERE oid = $1",
                            {std::string(oid)}));
  if (!*row) return std::optional<Organisation>();
  return std::optional<Organisation>(
      Organisation{(*row)->Text(0), (*row)->Text(1), (*row)->Text(2)});
}

Result<void> SqlRegistryRepository::SaveOrganisation(const Organisation& o) {
  const int64_t now = UnixMillis(clock_.Now());
  PASS_TRY(r, c_.Execute("INSERT INTO organisations (oid, name, country, created_at, updated_at) "
                         "VALUES ($1, $2, $3, $4, $4) "
                         "ON CONFLICT (oid) DO UPDATE SET name = excluded.name, "
                         "country = excluded.country, updated_at = excluded.updated_at",
                         {o.oid, o.name, o.country, now}));
  return {};
}

Result<std::vector<StaffEntry>> SqlRegistryRepository::StaffOf(int64_t authorisation_id) {
  PASS_TRY(rows, c_.Query("SELECT email, name, staff_function, source FROM staff_listings "
                          "WHERE authorisation_id = $1 ORDER BY id",
                          {authorisation_id}));
  std::vector<StaffEntry> staff;
  for (const Row& r : *rows) {
    staff.push_back(
        {r.Text(0), r.Text(1), r.Text(2),
         registry::ParseStaffSource(r.Text(3)).value_or(registry::StaffSource::kImport)});
  }
  return staff;
}

Result<std::optional<Authorisation>> SqlRegistryRepository::FindAuthorisation(
    std::string_view reference) {
  PASS_TRY(row, c_.QueryOne("SELECT " + std::string(kAuthorisationColumns) +
                                " FROM authorisations a WHERE a.reference = $1",
                            {std::string(reference)}));
  if (!*row) return std::optional<Authorisation>();
  Authorisation a = AuthorisationFrom(**row);
  PASS_TRY(staff, StaffOf(a.id));
  a.staff = std::move(*staff);
  return std::optional<Authorisation>(std::move(a));
}

Result<std::vector<Authorisation>> SqlRegistryRepository::AuthorisationsOf(std::string_view oid) {
  PASS_TRY(
      rows,
      c_.Query("SELECT " + std::string(kAuthorisationColumns) +
                   " FROM authorisations a WHERE a.oid = $1 ORDER BY a.valid_from, a.reference",
               {std::string(oid)}));
  std::vector<Authorisation> out;
  for (const Row& r : *rows) {
    Authorisation a = AuthorisationFrom(r);
    PASS_TRY(staff, StaffOf(a.id));
    a.staff = std::move(*staff);
    out.push_back(std::move(a));
  }
  return out;
}

Result<int64_t> SqlRegistryRepository::SaveAuthorisation(const Authorisation& a) {
  const int64_t now = UnixMillis(clock_.Now());
  PASS_TRY(row,
           c_.QueryOne(
               "INSERT INTO authorisations (reference, oid, kind, issuer, valid_from, valid_to, "
               "status, status_reason, created_at, updated_at, programme) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) "
               "ON CONFLICT (reference) DO UPDATE SET oid = excluded.oid, kind = excluded.kind, "
               "issuer = excluded.issuer, programme = excluded.programme, "
               "valid_from = excluded.valid_from, "
               "valid_to = excluded.valid_to, status = excluded.status, "
               "status_reason = excluded.status_reason, updated_at = excluded.updated_at "
               "RETURNING id",
               {a.reference, a.oid, std::string(registry::KindCode(a.kind)), a.issuer,
                FormatIsoDate(a.valid_from), FormatIsoDate(a.valid_to),
                std::string(registry::StatusCode(a.status)), a.status_reason, now, a.programme}));
  return (*row)->Int(0);
}

Result<void> SqlRegistryRepository::ReplaceStaff(int64_t authorisation_id,
                                                 registry::StaffSource source,
                                                 const std::vector<StaffEntry>& staff) {
  const std::string source_code(registry::StaffSourceCode(source));
  PASS_TRY(deleted,
           c_.Execute("DELETE FROM staff_listings WHERE authorisation_id = $1 AND source = $2",
                      {authorisation_id, source_code}));
  const int64_t now = UnixMillis(clock_.Now());
  std::vector<std::vector<Value>> rows;
  rows.reserve(staff.size());
  for (const StaffEntry& s : staff) {
    rows.push_back({authorisation_id, s.email, registry::EmailKey(s.email), s.name, s.function,
                    source_code, now});
  }
  // An entry of another source with the same e-mail already grants the access; keep that one.
  PASS_TRY(inserted,
           InsertRows(c_,
                      "INSERT INTO staff_listings (authorisation_id, email, email_key, name, "
                      "staff_function, source, created_at)",
                      rows, "ON CONFLICT (authorisation_id, email_key) DO NOTHING"));
  return {};
}

Result<std::vector<Listing>> SqlRegistryRepository::ListingsFor(std::string_view email_key) {
  PASS_TRY(rows, c_.Query("SELECT o.oid, o.name, o.country, " + std::string(kAuthorisationColumns) +
                              ", s.email, s.name, s.staff_function, s.source "
                              "FROM staff_listings s "
                              "JOIN authorisations a ON a.id = s.authorisation_id "
                              "JOIN organisations o ON o.oid = a.oid "
                              "WHERE s.email_key = $1 ORDER BY o.name, a.reference",
                          {std::string(email_key)}));
  std::vector<Listing> out;
  for (const Row& r : *rows) {
    Listing l;
    l.organisation = {r.Text(0), r.Text(1), r.Text(2)};
    l.authorisation = AuthorisationFrom(r, 3);
    constexpr size_t e = 3 + kAuthorisationColumnCount;
    l.entry = {r.Text(e), r.Text(e + 1), r.Text(e + 2),
               registry::ParseStaffSource(r.Text(e + 3)).value_or(registry::StaffSource::kImport)};
    out.push_back(std::move(l));
  }
  return out;
}

Result<std::optional<Authorisation>> SqlRegistryRepository::FindAuthorisationById(int64_t id) {
  PASS_TRY(row, c_.QueryOne("SELECT " + std::string(kAuthorisationColumns) +
                                " FROM authorisations a WHERE a.id = $1",
                            {id}));
  if (!*row) return std::optional<Authorisation>();
  Authorisation a = AuthorisationFrom(**row);
  PASS_TRY(staff, StaffOf(a.id));
  a.staff = std::move(*staff);
  return std::optional<Authorisation>(std::move(a));
}

Result<void> SqlRegistryRepository::RenameAuthorisation(int64_t id, std::string_view reference) {
  PASS_TRY(n, c_.Execute("UPDATE authorisations SET reference = $2, updated_at = $3 WHERE id = $1",
                         {id, std::string(reference), UnixMillis(clock_.Now())}));
  return {};
}

namespace {

// "%text%" for LIKE ... ESCAPE '\', lower-cased, with the text's own wildcards escaped.
std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (const char c : AsciiLower(Trim(text))) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

std::string KindList(const std::vector<registry::Kind>& kinds) {
  std::string out;
  for (const auto k : kinds) {
    if (!out.empty()) out += ", ";
    out += "'" + std::string(registry::KindCode(k)) + "'";  // our own codes, never user text
  }
  return out.empty() ? "''" : out;
}

}  // namespace

Result<std::vector<registry::OrganisationRecord>> SqlRegistryRepository::SearchOrganisations(
    const registry::OrganisationQuery& q) {
  if (q.scope.empty()) return std::vector<registry::OrganisationRecord>{};
  std::vector<Value> params;
  auto param = [&](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string sql = "SELECT o.oid, o.name, o.country FROM organisations o WHERE 1 = 1";
  if (!Trim(q.oid).empty()) sql += " AND o.oid = " + param(std::string(AsciiUpper(Trim(q.oid))));
  if (!Trim(q.name).empty())
    sql += " AND lower(o.name) LIKE " + param(ContainsPattern(q.name)) + " ESCAPE '\\'";
  if (!q.country.empty()) sql += " AND o.country = " + param(q.country);
  // Kind, status and reference describe the same authorisation.
  std::string auth;
  if (q.kind) auth += " AND a.kind = " + param(std::string(registry::KindCode(*q.kind)));
  if (q.status) auth += " AND a.status = " + param(std::string(registry::StatusCode(*q.status)));
  if (!Trim(q.reference).empty())
    auth += " AND lower(a.reference) LIKE " + param(ContainsPattern(q.reference)) + " ESCAPE '\\'";
  if (!auth.empty())
    sql += " AND EXISTS (SELECT 1 FROM authorisations a WHERE a.oid = o.oid" + auth + ")";
  if (!Trim(q.staff_email).empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM staff_listings s JOIN authorisations a "
        "ON a.id = s.authorisation_id WHERE a.oid = o.oid AND s.email_key LIKE " +
        param(ContainsPattern(q.staff_email)) + " ESCAPE '\\')";
  }
  if (!q.scope.everything) {
    std::string any;
    for (const auto& rule : q.scope.rules) {
      std::string one = "r.kind IN (" + KindList(rule.kinds) + ")";
      if (!rule.country.empty()) one += " AND o.country = " + param(rule.country);
      if (!rule.programme.empty()) one += " AND r.programme = " + param(rule.programme);
      any += (any.empty() ? "(" : " OR (") + one + ")";
    }
    sql += " AND EXISTS (SELECT 1 FROM authorisations r WHERE r.oid = o.oid AND (" + any + "))";
  }
  sql += " ORDER BY o.name, o.oid LIMIT " + param(static_cast<int64_t>(q.limit));
  std::vector<registry::OrganisationRecord> out;
  RowCallback collect = [&](const Row& r) {
    out.push_back({{r.Text(0), r.Text(1), r.Text(2)}, {}});
  };
  if (auto run = c_.ForEach(sql, params, collect); !run) return Fail(std::move(run.error()));
  if (out.empty()) return out;
  // Their authorisations and staff in two queries, not two per organisation.
  std::vector<Value> oids;
  std::string in;
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < out.size(); ++i) {
    oids.emplace_back(out[i].organisation.oid);
    in += (i == 0 ? "$" : ", $") + std::to_string(i + 1);
    index.emplace(out[i].organisation.oid, i);
  }
  std::map<int64_t, registry::Authorisation*> by_id;
  RowCallback auths = [&](const Row& r) {
    Authorisation a = AuthorisationFrom(r);
    auto& list = out[index.at(a.oid)].authorisations;
    list.push_back(std::move(a));
  };
  if (auto run = c_.ForEach("SELECT " + std::string(kAuthorisationColumns) +
                                " FROM authorisations a WHERE a.oid IN (" + in +
                                ") ORDER BY a.valid_from, a.reference",
                            oids, auths);
      !run) {
    return Fail(std::move(run.error()));
  }
  for (auto& record : out) {
    for (auto& a : record.authorisations) by_id.emplace(a.id, &a);
  }
  RowCallback staff = [&](const Row& r) {
    const auto it = by_id.find(r.Int(0));
    if (it == by_id.end()) return;
    it->second->staff.push_back(
        {r.Text(1), r.Text(2), r.Text(3),
         registry::ParseStaffSource(r.Text(4)).value_or(registry::StaffSource::kImport)});
  };
  if (auto run = c_.ForEach("SELECT authorisation_id, email, name, staff_function, source "
                            "FROM staff_listings WHERE authorisation_id IN (SELECT id FROM "
                            "authorisations WHERE oid IN (" +
                                in + ")) ORDER BY id",
                            oids, staff);
      !run) {
    return Fail(std::move(run.error()));
  }
  return out;
}

Result<bool> SqlRegistryRepository::AddStaff(int64_t authorisation_id, const StaffEntry& s) {
  PASS_TRY(
      n, c_.Execute("INSERT INTO staff_listings (authorisation_id, email, email_key, name, "
                    "staff_function, source, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                    "ON CONFLICT (authorisation_id, email_key) DO NOTHING",
                    {authorisation_id, s.email, registry::EmailKey(s.email), s.name, s.function,
                     std::string(registry::StaffSourceCode(s.source)), UnixMillis(clock_.Now())}));
  return *n > 0;
}

Result<bool> SqlRegistryRepository::UpdateStaff(int64_t authorisation_id,
                                                std::string_view email_key, const StaffEntry& s) {
  PASS_TRY(
      n, c_.Execute("UPDATE staff_listings SET email = $3, email_key = $4, name = $5, "
                    "staff_function = $6, source = $7 "
                    "WHERE authorisation_id = $1 AND email_key = $2",
                    {authorisation_id, std::string(email_key), s.email, registry::EmailKey(s.email),
                     s.name, s.function, std::string(registry::StaffSourceCode(s.source))}));
  return *n > 0;
}

Result<bool> SqlRegistryRepository::RemoveStaff(int64_t authorisation_id,
                                                std::string_view email_key) {
  PASS_TRY(n,
           c_.Execute("DELETE FROM staff_listings WHERE authorisation_id = $1 AND email_key = $2",
                      {authorisation_id, std::string(email_key)}));
  return *n > 0;
}

}  // namespace pass::storage
