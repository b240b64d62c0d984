// The account side of SqlParticipantRepository: consent, CV particulars, events, retention,
// erasure and the change feed.
#include "storage/participant_repository.h"

namespace pass::storage {

using participants::Account;
using participants::ProfileEvent;

namespace {

std::optional<Timestamp> OptTime(const Row& r, size_t i) {
  auto v = r.OptInt(i);
  if (!v) return std::nullopt;
  return FromUnixMillis(*v);
}

}  // namespace

Result<void> SqlParticipantRepository::AppendChange(const std::string& reference, Timestamp at) {
  PASS_TRY(r, c_.Execute("INSERT INTO participant_changes (reference, at) VALUES ($1, $2)",
                         {reference, UnixMillis(at)}));
  return {};
}

Result<std::optional<Account>> SqlParticipantRepository::LoadAccount(std::string_view where,
                                                                     const Value& key) {
  const std::string sql =
      "SELECT reference, consent_version, consented_at, registered_at, hidden_at "
      "FROM participants WHERE " +
      std::string(where);
  PASS_TRY(rows, c_.Query(sql, {key}));
  if (rows->empty()) return std::optional<Account>();
  const Row& r = rows->front();
  PASS_TRY(profile, FindByReference(r.Text(0)));
  if (!*profile) return std::optional<Account>();
  Account a;
  a.profile = std::move(**profile);
  a.consent_version = static_cast<int>(r.Int(1));
  a.consented_at = OptTime(r, 2);
  a.registered_at = OptTime(r, 3);
  a.hidden_at = OptTime(r, 4);
  PASS_TRY(cv, c_.QueryOne("SELECT storage_key, file_name, size_bytes, sha256, uploaded_at "
                           "FROM participant_cvs WHERE participant_id = $1",
                           {a.profile.id}));
  if (*cv) {
    const Row& c = **cv;
    a.cv = participants::Cv{c.Text(0), c.Text(1), c.Int(2), c.Text(3), FromUnixMillis(c.Int(4))};
  }
  return std::optional<Account>(std::move(a));
}

Result<std::vector<Account>> SqlParticipantRepository::LoadAccounts(
    std::string_view where, std::initializer_list<Value> params) {
  PASS_TRY(rows,
           c_.Query("SELECT reference FROM participants WHERE " + std::string(where), params));
  std::vector<Account> out;
  for (const Row& r : *rows) {
    PASS_TRY(account, LoadAccount("reference = $1", r.Text(0)));
    if (*account) out.push_back(std::move(**account));
  }
  return out;
}

Result<std::optional<participants::Summary>> SqlParticipantRepository::FindSummaryBySub(
    const std::string& sub) {
  PASS_TRY(row, c_.QueryOne("SELECT id, reference, searchable, consent_version, hidden_at, "
                            "last_active FROM participants WHERE sub = $1",
                            {sub}));
  if (!*row) return std::optional<participants::Summary>();
  const Row& r = **row;
  return participants::Summary{r.Int(0),     r.Text(1),
                               r.Bool(2),    static_cast<int>(r.Int(3)),
                               !r.IsNull(4), ParseIsoDate(r.Text(5)).value_or(Date{})};
}

Result<std::optional<Account>> SqlParticipantRepository::FindAccountBySub(const std::string& sub) {
  return LoadAccount("sub = $1", sub);
}

Result<std::optional<Account>> SqlParticipantRepository::FindAccountByReference(
    const std::string& reference) {
  return LoadAccount("reference = $1", reference);
}

Result<void> SqlParticipantRepository::SetConsent(int64_t id, int version, Timestamp at,
                                                  bool registering) {
  const int64_t ms = UnixMillis(at);
  PASS_TRY(r, c_.Execute(registering ? "UPDATE participants SET consent_version = $2, "
                                       "consented_at = $3, registered_at = $3 WHERE id = $1"
                                     : "UPDATE participants SET consent_version = $2, "
                                       "consented_at = $3 WHERE id = $1",
                         {id, int64_t{version}, ms}));
  return {};
}

Result<void> SqlParticipantRepository::Touch(int64_t id, const std::string& reference, Date day) {
  PASS_TRY(r, c_.Execute("UPDATE participants SET hidden_at = NULL, last_active = $2 WHERE id = $1",
                         {id, FormatIsoDate(day)}));
  // The search index follows last activity too ("active within N days", sorting).
  return AppendChange(reference, clock_.Now());
}

Result<void> SqlParticipantRepository::SetHidden(int64_t id, const std::string& reference,
                                                 Timestamp at) {
  PASS_TRY(
      r, c_.Execute("UPDATE participants SET hidden_at = $2 WHERE id = $1", {id, UnixMillis(at)}));
  return AppendChange(reference, at);
}

Result<void> SqlParticipantRepository::SetCv(int64_t id,
                                             const std::optional<participants::Cv>& cv) {
  PASS_TRY(cleared, c_.Execute("DELETE FROM participant_cvs WHERE participant_id = $1", {id}));
  if (!cv) return {};
  PASS_TRY(r, c_.Execute("INSERT INTO participant_cvs (participant_id, storage_key, file_name, "
                         "size_bytes, sha256, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)",
                         {id, cv->storage_key, cv->file_name, cv->size_bytes, cv->sha256,
                          UnixMillis(cv->uploaded_at)}));
  return {};
}

Result<void> SqlParticipantRepository::RecordEvent(int64_t id, const ProfileEvent& event) {
  PASS_TRY(r, c_.Execute("INSERT INTO participant_events (participant_id, kind, oid, "
                         "organisation_name, at) VALUES ($1, $2, $3, $4, $5)",
                         {id, std::string(participants::EventKindCode(event.kind)), event.oid,
                          event.organisation_name, UnixMillis(event.at)}));
  return {};
}

Result<std::vector<ProfileEvent>> SqlParticipantRepository::Events(int64_t id) {
  PASS_TRY(rows, c_.Query("SELECT kind, oid, organisation_name, at FROM participant_events "
                          "WHERE participant_id = $1 ORDER BY at DESC, id DESC",
                          {id}));
  std::vector<ProfileEvent> out;
  for (const Row& r : *rows) {
    out.push_back(
        {participants::ParseEventKind(r.Text(0)).value_or(participants::EventKind::kViewed),
         r.Text(1), r.Text(2), FromUnixMillis(r.Int(3))});
  }
  return out;
}

Result<void> SqlParticipantRepository::Erase(const participants::Participant& p,
                                             const std::string& pseudonym, Timestamp at) {
  const int64_t id = p.id;
  const std::string& reference = p.reference;
  PASS_TRY(kept, c_.Execute("INSERT INTO erased_placements (pseudonym, start_date, end_date, "
                            "activity_type, cross_border, erased_at) SELECT $2, start_date, "
                            "end_date, activity_type, cross_border, $3 FROM "
                            "participant_placements WHERE participant_id = $1",
                            {id, pseudonym, UnixMillis(at)}));
  // Child rows go with the participant (ON DELETE CASCADE); deleted explicitly as well, so an
  // erasure does not depend on the database enforcing foreign keys.
  for (const char* table : {"participant_languages", "participant_codes",
                            "participant_availability", "participant_placements",
                            "participant_sensitive", "participant_cvs", "participant_events"}) {
    PASS_TRY(cleared,
             c_.Execute("DELETE FROM " + std::string(table) + " WHERE participant_id = $1", {id}));
  }
  // Applications and the organisations' tags and notes on them.
  for (const char* table : {"pipeline_notes", "pipeline_tags"}) {
    PASS_TRY(cleared, c_.Execute("DELETE FROM " + std::string(table) +
                                     " WHERE entry_id IN (SELECT id FROM pipeline_entries WHERE "
                                     "participant_id = $1)",
                                 {id}));
  }
  PASS_TRY(entries, c_.Execute("DELETE FROM pipeline_entries WHERE participant_id = $1", {id}));
  // Placements accepted in the portal still count for R10 if the person comes back: kept
  // under the pseudonym like the declared ones; then the offers and their feed rows go.
  PASS_TRY(placed, c_.Execute("INSERT INTO erased_placements (pseudonym, start_date, end_date, "
                              "activity_type, cross_border, erased_at) SELECT $2, f.start_date, "
                              "COALESCE(f.actual_end, f.end_date), o.activity_type, "
                              "f.cross_border, $3 FROM offers f JOIN opportunities o ON o.id = "
                              "f.opportunity_id WHERE f.participant_id = $1 AND f.state = "
                              "'accepted'",
                              {id, pseudonym, UnixMillis(at)}));
  PASS_TRY(fed, c_.Execute("DELETE FROM offer_changes WHERE offer_id IN (SELECT id FROM offers "
                           "WHERE participant_id = $1)",
                           {id}));
  PASS_TRY(offered, c_.Execute("DELETE FROM offers WHERE participant_id = $1", {id}));
  // Threads with organisations, their posts and read marks, and the person's blocks (F13).
  for (const char* table : {"contact_reads", "contact_posts"}) {
    PASS_TRY(cleared, c_.Execute("DELETE FROM " + std::string(table) +
                                     " WHERE thread_id IN (SELECT id FROM contact_threads WHERE "
                                     "participant_id = $1)",
                                 {id}));
  }
  for (const char* table : {"contact_threads", "contact_blocks"}) {
    PASS_TRY(cleared,
             c_.Execute("DELETE FROM " + std::string(table) + " WHERE participant_id = $1", {id}));
  }
  PASS_TRY(gone, c_.Execute("DELETE FROM participants WHERE id = $1", {id}));
  // Mail to the person, sent or waiting, holds their name, address and reference.
  if (!p.email.empty()) {
    PASS_TRY(mail, c_.Execute("DELETE FROM outbox WHERE recipient = $1", {p.email}));
  }
  // Earlier change-feed rows name the reference; they go too, leaving one that says "gone".
  PASS_TRY(feed, c_.Execute("DELETE FROM participant_changes WHERE reference = $1", {reference}));
  // Saved searches remember whom they already showed; not this person any more.
  PASS_TRY(seen, c_.Execute("DELETE FROM saved_search_seen WHERE reference = $1", {reference}));
  return AppendChange(reference, at);
}

Result<std::vector<Account>> SqlParticipantRepository::InactiveSince(Date before, int limit) {
  return LoadAccounts("last_active < $1 AND hidden_at IS NULL ORDER BY last_active LIMIT $2",
                      {FormatIsoDate(before), int64_t{limit}});
}

Result<std::vector<Account>> SqlParticipantRepository::HiddenBefore(Timestamp hidden_before,
                                                                    int limit) {
  return LoadAccounts("hidden_at IS NOT NULL AND hidden_at <= $1 ORDER BY hidden_at LIMIT $2",
                      {UnixMillis(hidden_before), int64_t{limit}});
}

}  // namespace pass::storage
