#include "storage/participant_repository.h"

namespace pass::storage {

using participants::Participant;

namespace {

constexpr std::pair<std::string_view, std::vector<std::string> Participant::*> kCodeLists[] = {
    {"skill", &Participant::skills},
    {"topic", &Participant::topics},
    {"activity_type", &Participant::activity_types},
    {"destination", &Participant::destinations},
};

}  // namespace

Result<int64_t> SqlParticipantRepository::Save(const Participant& p) {
  const int64_t now = UnixMillis(clock_.Now());
  PASS_TRY(
      row,
      c_.QueryOne(
          "INSERT INTO participants (reference, sub, email, given_name, family_name, birth_date, "
          "residence, nationality, contact_language, experience, motivation, searchable, "
          "last_active, created_at, updated_at) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) "
          "ON CONFLICT (reference) DO UPDATE SET sub = excluded.sub, email = excluded.email, "
          "given_name = excluded.given_name, family_name = excluded.family_name, "
          "birth_date = excluded.birth_date, residence = excluded.residence, "
          "nationality = excluded.nationality, contact_language = excluded.contact_language, "
          "experience = excluded.experience, motivation = excluded.motivation, "
          "searchable = excluded.searchable, last_active = excluded.last_active, "
          "updated_at = excluded.updated_at RETURNING id",
          {p.reference, p.sub.empty() ? Value(nullptr) : Value(p.sub), p.email, p.given_name,
           p.family_name, FormatIsoDate(p.birth_date), p.residence, p.nationality,
           p.contact_language, p.experience, p.motivation, int64_t{p.searchable},
           FormatIsoDate(p.last_active), now}));
  const int64_t id = (*row)->Int(0);
  for (const char* table :
       {"participant_languages", "participant_codes", "participant_availability",
        "participant_placements", "participant_sensitive"}) {
    PASS_TRY(cleared,
             c_.Execute("DELETE FROM " + std::string(table) + " WHERE participant_id = $1", {id}));
  }
  for (const auto& l : p.languages) {
    PASS_TRY(
        r,
        c_.Execute(
            "INSERT INTO participant_languages (participant_id, code, level) VALUES ($1, $2, $3)",
            {id, l.code, std::string(codes::LevelCode(l.level))}));
  }
  for (const auto& [kind, member] : kCodeLists) {
    for (const auto& code : p.*member) {
      PASS_TRY(r,
               c_.Execute(
                   "INSERT INTO participant_codes (participant_id, kind, code) VALUES ($1, $2, $3)",
                   {id, std::string(kind), code}));
    }
  }
  for (const auto& period : p.availability) {
    PASS_TRY(
        r,
        c_.Execute(
            "INSERT INTO participant_availability (participant_id, available_from, available_to) "
            "VALUES ($1, $2, $3)",
            {id, FormatIsoDate(period.from), FormatIsoDate(period.to)}));
  }
  for (const auto& past : p.placements) {
    PASS_TRY(r,
             c_.Execute("INSERT INTO participant_placements (participant_id, start_date, end_date, "
                        "activity_type, cross_border) VALUES ($1, $2, $3, $4, $5)",
                        {id, FormatIsoDate(past.from), FormatIsoDate(past.to), past.activity_type,
                         int64_t{past.cross_border}}));
  }
  if (p.fewer_opportunities || !p.support_needs.empty() || p.sensitive_shared) {
    PASS_TRY(
        r, c_.Execute(
               "INSERT INTO participant_sensitive (participant_id, fewer_opportunities, "
               "support_needs, shared) VALUES ($1, $2, $3, $4)",
               {id, int64_t{p.fewer_opportunities}, p.support_needs, int64_t{p.sensitive_shared}}));
  }
  PASS_TRY(changed, AppendChange(p.reference, clock_.Now()));
  return id;
}

Result<std::optional<Participant>> SqlParticipantRepository::FindByReference(
    const std::string& reference) {
  PASS_TRY(row,
           c_.QueryOne(
               "SELECT id, reference, sub, email, given_name, family_name, birth_date, residence, "
               "nationality, contact_language, experience, motivation, searchable, "
               "last_active FROM participants WHERE reference = $1",
               {reference}));
  if (!*row) return std::optional<Participant>();
  const Row& r = **row;
  Participant p;
  p.id = r.Int(0);
  p.reference = r.Text(1);
  p.sub = r.Text(2);
  p.email = r.Text(3);
  p.given_name = r.Text(4);
  p.family_name = r.Text(5);
  p.birth_date = ParseIsoDate(r.Text(6)).value_or(Date{});
  p.residence = r.Text(7);
  p.nationality = r.Text(8);
  p.contact_language = r.Text(9);
  p.experience = r.Text(10);
  p.motivation = r.Text(11);
  p.searchable = r.Bool(12);
  p.last_active = ParseIsoDate(r.Text(13)).value_or(Date{});
  PASS_TRY(sensitive, c_.QueryOne("SELECT fewer_opportunities, support_needs, shared "
                                  "FROM participant_sensitive WHERE participant_id = $1",
                                  {p.id}));
  if (*sensitive) {
    p.fewer_opportunities = (*sensitive)->Bool(0);
    p.support_needs = (*sensitive)->Text(1);
    p.sensitive_shared = (*sensitive)->Bool(2);
  }

  PASS_TRY(languages,
           c_.Query("SELECT code, level FROM participant_languages WHERE participant_id = $1 "
                    "ORDER BY code",
                    {p.id}));
  for (const Row& l : *languages) {
    p.languages.push_back({l.Text(0), codes::ParseLevel(l.Text(1)).value_or(codes::Level::kA1)});
  }
  PASS_TRY(code_rows, c_.Query("SELECT kind, code FROM participant_codes WHERE participant_id = $1 "
                               "ORDER BY kind, code",
                               {p.id}));
  for (const Row& c : *code_rows) {
    for (const auto& [kind, member] : kCodeLists) {
      if (c.Text(0) == kind) (p.*member).push_back(c.Text(1));
    }
  }
  PASS_TRY(periods, c_.Query("SELECT available_from, available_to FROM participant_availability "
                             "WHERE participant_id = $1 ORDER BY available_from",
                             {p.id}));
  for (const Row& a : *periods) {
    p.availability.push_back(
        {ParseIsoDate(a.Text(0)).value_or(Date{}), ParseIsoDate(a.Text(1)).value_or(Date{})});
  }
  PASS_TRY(
      past,
      c_.Query(
          "SELECT start_date, end_date, activity_type, cross_border FROM participant_placements "
          "WHERE participant_id = $1 ORDER BY start_date",
          {p.id}));
  for (const Row& a : *past) {
    p.placements.push_back({ParseIsoDate(a.Text(0)).value_or(Date{}),
                            ParseIsoDate(a.Text(1)).value_or(Date{}), a.Text(2), a.Bool(3)});
  }
  return std::optional<Participant>(std::move(p));
}

Result<int64_t> SqlParticipantRepository::Count() {
  PASS_TRY(row, c_.QueryOne("SELECT COUNT(*) FROM participants"));
  return (*row)->Int(0);
}

}  // namespace pass::storage
