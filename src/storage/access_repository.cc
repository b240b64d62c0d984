#include "storage/access_repository.h"

namespace pass::storage {

namespace {
constexpr std::string_view kPersonColumns =
    "id, sub, email, email_verified, given_name, family_name, assurance_level, first_seen_at, "
    "last_seen_at";

access::Person PersonFrom(const Row& r) {
  access::Person p;
  p.id = r.Int(0);
  p.sub = r.Text(1);
  p.email = r.Text(2);
  p.email_verified = r.Bool(3);
  p.given_name = r.Text(4);
  p.family_name = r.Text(5);
  p.assurance_level = r.Text(6);
  p.first_seen = FromUnixMillis(r.Int(7));
  p.last_seen = FromUnixMillis(r.Int(8));
  return p;
}
}  // namespace

Result<access::Person> SqlPeopleRepository::SaveSignIn(const access::Identity& i, Timestamp now) {
  PASS_TRY(
      row,
      c_.QueryOne(
          "INSERT INTO people (sub, email, email_verified, given_name, family_name, "
          "assurance_level, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
          "ON CONFLICT (sub) DO UPDATE SET email = excluded.email, "
          "email_verified = excluded.email_verified, given_name = excluded.given_name, "
          "family_name = excluded.family_name, assurance_level = excluded.assurance_level, "
          "last_seen_at = excluded.last_seen_at RETURNING " +
              std::string(kPersonColumns),
          {i.sub, i.email, int64_t{i.email_verified}, i.given_name, i.family_name,
           i.assurance_level, UnixMillis(now)}));
  return PersonFrom(**row);
}

Result<std::optional<access::Person>> SqlPeopleRepository::FindPerson(int64_t id) {
  PASS_TRY(row, c_.QueryOne("SELECT " + std::string(kPersonColumns) + " FROM people WHERE id = $1",
                            {id}));
  if (!*row) return std::optional<access::Person>();
  return std::optional<access::Person>(PersonFrom(**row));
}

Result<void> SqlSessionRepository::Insert(const sessions::Session& s) {
  PASS_TRY(r, c_.Execute("INSERT INTO sessions (id_hash, person_id, created_at, last_seen_at, "
                         "expires_at, id_token) "
                         "VALUES ($1, $2, $3, $4, $5, $6)",
                         {s.id_hash, s.person_id, UnixMillis(s.created_at),
                          UnixMillis(s.last_seen_at), UnixMillis(s.expires_at), s.id_token}));
  return {};
}

Result<std::optional<sessions::Session>> SqlSessionRepository::Find(std::string_view id_hash) {
  PASS_TRY(row,
           c_.QueryOne("SELECT id_hash, person_id, created_at, last_seen_at, expires_at, id_token "
                       "FROM sessions WHERE id_hash = $1",
                       {std::string(id_hash)}));
  if (!*row) return std::optional<sessions::Session>();
  const Row& r = **row;
  return std::optional<sessions::Session>(
      sessions::Session{r.Text(0), r.Int(1), FromUnixMillis(r.Int(2)), FromUnixMillis(r.Int(3)),
                        FromUnixMillis(r.Int(4)), r.Text(5)});
}

Result<void> SqlSessionRepository::Touch(std::string_view id_hash, Timestamp at) {
  PASS_TRY(r, c_.Execute("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1",
                         {std::string(id_hash), UnixMillis(at)}));
  return {};
}

Result<void> SqlSessionRepository::Delete(std::string_view id_hash) {
  PASS_TRY(r, c_.Execute("DELETE FROM sessions WHERE id_hash = $1", {std::string(id_hash)}));
  return {};
}

Result<int64_t> SqlSessionRepository::DeleteExpired(Timestamp now, Timestamp idle_before) {
  return c_.Execute("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2",
                    {UnixMillis(now), UnixMillis(idle_before)});
}

Result<void> SqlSessionRepository::InsertPending(const sessions::PendingLogin& l) {
  PASS_TRY(
      r,
      c_.Execute(
          "INSERT INTO pending_logins (state_hash, binding_hash, nonce, code_verifier, next_path, "
          "created_at) VALUES ($1, $2, $3, $4, $5, $6)",
          {l.state_hash, l.binding_hash, l.nonce, l.code_verifier, l.next_path,
           UnixMillis(l.created_at)}));
  return {};
}

Result<std::optional<sessions::PendingLogin>> SqlSessionRepository::TakePending(
    std::string_view state_hash) {
  PASS_TRY(
      row,
      c_.QueryOne("DELETE FROM pending_logins WHERE state_hash = $1 "
                  "RETURNING state_hash, binding_hash, nonce, code_verifier, next_path, created_at",
                  {std::string(state_hash)}));
  if (!*row) return std::optional<sessions::PendingLogin>();
  const Row& r = **row;
  return std::optional<sessions::PendingLogin>(sessions::PendingLogin{
      r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), FromUnixMillis(r.Int(5))});
}

Result<int64_t> SqlSessionRepository::DeletePendingBefore(Timestamp before) {
  return c_.Execute("DELETE FROM pending_logins WHERE created_at < $1", {UnixMillis(before)});
}

}  // namespace pass::storage
