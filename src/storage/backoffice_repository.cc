#include "storage/backoffice_repository.h"

#include <algorithm>

#include "core/strings.h"

namespace pass::storage {

using backoffice::Nomination;
using backoffice::Role;

namespace {

constexpr std::string_view kRoleColumns =
    "id, role, email, country, programme, granted_by, granted_at";

Role RoleFrom(const Row& r) {
  Role role;
  role.id = r.Int(0);
  role.kind = backoffice::ParseRole(r.Text(1)).value_or(backoffice::RoleKind::kNaOfficer);
  role.email = r.Text(2);
  role.country = r.Text(3);
  role.programme = r.Text(4);
  role.granted_by = r.Text(5);
  role.granted_at = FromUnixMillis(r.Int(6));
  return role;
}

constexpr std::string_view kNominationSelect =
    "SELECT n.id, n.authorisation_id, n.batch, n.representative_name, n.representative_email, "
    "n.staff_name, n.staff_email, n.staff_function, n.state, n.submitted_by, n.decided_by, "
    "n.decided_at, n.decision_reason, n.confirm_hash, n.lang, n.created_at, "
    "o.oid, o.name, o.country, a.reference, a.programme, a.issuer "
    "FROM nominations n JOIN authorisations a ON a.id = n.authorisation_id "
    "JOIN organisations o ON o.oid = a.oid ";

Nomination NominationFrom(const Row& r) {
  Nomination n;
  n.id = r.Int(0);
  n.authorisation_id = r.Int(1);
  n.batch = r.Text(2);
  n.representative_name = r.Text(3);
  n.representative_email = r.Text(4);
  n.staff = {r.Text(6), r.Text(5), r.Text(7), registry::StaffSource::kNomination};
  n.state =
      backoffice::ParseNominationState(r.Text(8)).value_or(backoffice::NominationState::kWithdrawn);
  n.submitted_by = r.Text(9);
  n.decided_by = r.Text(10);
  if (auto at = r.OptInt(11)) n.decided_at = FromUnixMillis(*at);
  n.decision_reason = r.Text(12);
  n.confirm_hash = r.Text(13);
  n.lang = r.Text(14);
  n.created_at = FromUnixMillis(r.Int(15));
  n.organisation = {r.Text(16), r.Text(17), r.Text(18)};
  n.reference = r.Text(19);
  n.programme = r.Text(20);
  n.issuer = r.Text(21);
  return n;
}

}  // namespace

Result<std::vector<Role>> SqlBackofficeRepository::SelectRoles(std::string_view where,
                                                               std::span<const Value> params) {
  std::vector<Role> out;
  RowCallback collect = [&](const Row& r) { out.push_back(RoleFrom(r)); };
  auto run = c_.ForEach(
      "SELECT " + std::string(kRoleColumns) + " FROM officer_roles " + std::string(where), params,
      collect);
  if (!run) return Fail(std::move(run.error()));
  return out;
}

Result<std::vector<Role>> SqlBackofficeRepository::RolesFor(std::string_view email_key) {
  const Value params[] = {std::string(email_key)};
  return SelectRoles("WHERE email_key = $1 ORDER BY role, country, programme", params);
}

Result<std::vector<Role>> SqlBackofficeRepository::AllRoles() {
  return SelectRoles("ORDER BY email_key, role, country, programme", {});
}

Result<bool> SqlBackofficeRepository::InsertRole(const Role& r) {
  PASS_TRY(n, c_.Execute(
                  "INSERT INTO officer_roles (email, email_key, role, country, programme, "
                  "granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                  "ON CONFLICT (email_key, role, country, programme) DO NOTHING",
                  {r.email, registry::EmailKey(r.email), std::string(backoffice::RoleCode(r.kind)),
                   r.country, r.programme, r.granted_by, UnixMillis(r.granted_at)}));
  return *n > 0;
}

Result<std::optional<Role>> SqlBackofficeRepository::DeleteRole(int64_t id) {
  PASS_TRY(row, c_.QueryOne("DELETE FROM officer_roles WHERE id = $1 RETURNING " +
                                std::string(kRoleColumns),
                            {id}));
  if (!*row) return std::optional<Role>();
  return std::optional<Role>(RoleFrom(**row));
}

Result<std::optional<Role>> SqlBackofficeRepository::FindRole(std::string_view email_key,
                                                              backoffice::RoleKind kind,
                                                              std::string_view country,
                                                              std::string_view programme) {
  const Value params[] = {std::string(email_key), std::string(backoffice::RoleCode(kind)),
                          std::string(country), std::string(programme)};
  PASS_TRY(roles, SelectRoles("WHERE email_key = $1 AND role = $2 AND country = $3 AND "
                              "programme = $4",
                              params));
  if (roles->empty()) return std::optional<Role>();
  return std::optional<Role>(roles->front());
}

Result<std::vector<backoffice::SignInRecord>> SqlBackofficeRepository::PeopleWithEmails(
    const std::vector<std::string>& email_keys, Timestamp now) {
  std::vector<backoffice::SignInRecord> out;
  for (const std::string& key : email_keys) {
    // People's e-mails are stored as EU Login gave them; they match in their key form (R2).
    PASS_TRY(rows,
             c_.Query("SELECT p.id, p.email, p.given_name, p.family_name, p.email_verified, "
                      "p.last_seen_at, (SELECT count(*) FROM sessions s WHERE s.person_id = p.id "
                      "AND s.expires_at > $2) FROM people p WHERE lower(trim(p.email)) = $1 "
                      "ORDER BY p.id",
                      {key, UnixMillis(now)}));
    for (const Row& r : *rows) {
      const int64_t id = r.Int(0);
      if (std::any_of(out.begin(), out.end(), [&](const auto& p) { return p.person_id == id; }))
        continue;
      std::string name = r.Text(2);
      if (!r.Text(3).empty()) name += (name.empty() ? "" : " ") + r.Text(3);
      out.push_back({id, r.Text(1), name, r.Bool(4), FromUnixMillis(r.Int(5)), r.Int(6)});
    }
  }
  return out;
}

Result<int64_t> SqlBackofficeRepository::EndSessionsOf(int64_t person_id) {
  return c_.Execute("DELETE FROM sessions WHERE person_id = $1", {person_id});
}

Result<int64_t> SqlBackofficeRepository::InsertNomination(const Nomination& n) {
  PASS_TRY(row, c_.QueryOne("INSERT INTO nominations (authorisation_id, representative_name, "
                            "representative_email, staff_name, staff_email, staff_function, state, "
                            "submitted_by, batch, confirm_hash, lang, created_at, updated_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) "
                            "RETURNING id",
                            {n.authorisation_id, n.representative_name, n.representative_email,
                             n.staff.name, n.staff.email, n.staff.function,
                             std::string(backoffice::NominationStateCode(n.state)), n.submitted_by,
                             n.batch, n.confirm_hash, n.lang, UnixMillis(n.created_at)}));
  return (*row)->Int(0);
}

Result<std::vector<Nomination>> SqlBackofficeRepository::SelectNominations(std::string_view where,
                                                                           const Value& key) {
  std::vector<Nomination> out;
  RowCallback collect = [&](const Row& r) { out.push_back(NominationFrom(r)); };
  const Value params[] = {key};
  auto run = c_.ForEach(std::string(kNominationSelect) + std::string(where), params, collect);
  if (!run) return Fail(std::move(run.error()));
  return out;
}

Result<std::optional<Nomination>> SqlBackofficeRepository::FindNomination(int64_t id) {
  PASS_TRY(found, SelectNominations("WHERE n.id = $1", id));
  if (found->empty()) return std::optional<Nomination>();
  return std::optional<Nomination>(std::move(found->front()));
}

Result<std::vector<Nomination>> SqlBackofficeRepository::NominationsOf(std::string_view oid) {
  return SelectNominations("WHERE o.oid = $1 ORDER BY n.created_at DESC, n.id", std::string(oid));
}

Result<std::vector<Nomination>> SqlBackofficeRepository::NominationsInState(
    backoffice::NominationState state) {
  return SelectNominations("WHERE n.state = $1 ORDER BY n.created_at, n.id",
                           std::string(backoffice::NominationStateCode(state)));
}

Result<std::vector<Nomination>> SqlBackofficeRepository::NominationsToConfirm(
    std::string_view confirm_hash) {
  return SelectNominations("WHERE n.confirm_hash = $1 AND n.state = 'unconfirmed' ORDER BY n.id",
                           std::string(confirm_hash));
}

Result<void> SqlBackofficeRepository::UpdateNomination(const Nomination& n) {
  const Value decided_at = n.decided_at ? Value(UnixMillis(*n.decided_at)) : Value(nullptr);
  const Value params[] = {n.id,
                          std::string(backoffice::NominationStateCode(n.state)),
                          n.decided_by,
                          decided_at,
                          n.decision_reason,
                          n.confirm_hash,
                          UnixMillis(n.decided_at.value_or(n.created_at))};
  PASS_TRY(r, c_.Execute("UPDATE nominations SET state = $2, decided_by = $3, decided_at = $4, "
                         "decision_reason = $5, confirm_hash = $6, updated_at = $7 WHERE id = $1",
                         std::span<const Value>(params)));
  return {};
}

Result<void> SqlBackofficeRepository::SaveUpload(const backoffice::Upload& u) {
  PASS_TRY(r,
           c_.Execute("INSERT INTO import_uploads (token_hash, actor, file_name, content, "
                      "created_at) VALUES ($1, $2, $3, $4, $5)",
                      {u.token_hash, u.actor, u.file_name, u.content, UnixMillis(u.created_at)}));
  return {};
}

Result<std::optional<backoffice::Upload>> SqlBackofficeRepository::FindUpload(
    std::string_view token_hash) {
  PASS_TRY(row, c_.QueryOne("SELECT token_hash, actor, file_name, content, created_at FROM "
                            "import_uploads WHERE token_hash = $1",
                            {std::string(token_hash)}));
  if (!*row) return std::optional<backoffice::Upload>();
  const Row& r = **row;
  return std::optional<backoffice::Upload>(
      backoffice::Upload{r.Text(0), r.Text(1), r.Text(2), r.Text(3), FromUnixMillis(r.Int(4))});
}

Result<void> SqlBackofficeRepository::DeleteUpload(std::string_view token_hash) {
  PASS_TRY(
      r, c_.Execute("DELETE FROM import_uploads WHERE token_hash = $1", {std::string(token_hash)}));
  return {};
}

Result<int64_t> SqlBackofficeRepository::DeleteUploadsBefore(Timestamp before) {
  return c_.Execute("DELETE FROM import_uploads WHERE created_at < $1", {UnixMillis(before)});
}

}  // namespace pass::storage
