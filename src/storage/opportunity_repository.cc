#include "storage/opportunity_repository.h"

namespace pass::storage {

using opportunities::Opportunity;

namespace {

constexpr std::pair<std::string_view, std::vector<std::string> Opportunity::*> kCodeLists[] = {
    {"topic", &Opportunity::topics},
    {"residence", &Opportunity::eligible_residence},
    {"skill", &Opportunity::skills},
};

Value OptionalDate(const std::optional<Date>& d) {
  return d ? Value(FormatIsoDate(*d)) : Value(nullptr);
}

std::optional<Date> DateOrNone(const Row& r, size_t i) {
  const auto text = r.OptText(i);
  if (!text) return std::nullopt;
  return ParseIsoDate(*text);
}

}  // namespace

Result<int64_t> SqlOpportunityRepository::Save(const Opportunity& o) {
  const int64_t now = UnixMillis(clock_.Now());
  const std::vector<Value> fields = {o.oid,
                                     o.title,
                                     o.description,
                                     o.activity_type,
                                     o.country,
                                     o.town,
                                     OptionalDate(o.start_date),
                                     OptionalDate(o.end_date),
                                     int64_t{o.places},
                                     OptionalDate(o.application_deadline),
                                     o.participant_profile,
                                     o.practical_arrangements,
                                     o.training,
                                     o.contact_person,
                                     o.grant_reference,
                                     int64_t{o.asks_cv},
                                     int64_t{o.asks_motivation},
                                     std::string(opportunities::StatusCode(o.status)),
                                     now};
  int64_t id = o.id;
  if (id == 0) {
    std::optional<Row> inserted;
    const RowCallback keep = [&inserted](const Row& r) { inserted = r; };
    PASS_TRY(
        r,
        c_.Run("INSERT INTO opportunities (oid, title, description, activity_type, country, town, "
               "start_date, end_date, places, application_deadline, participant_profile, "
               "practical_arrangements, training, contact_person, grant_reference, asks_cv, "
               "asks_motivation, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
               "$7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
               fields, &keep));
    id = inserted->Int(0);
  } else {
    std::vector<Value> with_id = fields;
    with_id.emplace_back(id);
    PASS_TRY(r, c_.Execute(
                    "UPDATE opportunities SET oid = $1, title = $2, description = $3, "
                    "activity_type = $4, country = $5, town = $6, start_date = $7, end_date = $8, "
                    "places = $9, application_deadline = $10, participant_profile = $11, "
                    "practical_arrangements = $12, training = $13, contact_person = $14, "
                    "grant_reference = $15, asks_cv = $16, asks_motivation = $17, status = $18, "
                    "updated_at = $19 WHERE id = $20",
                    with_id));
    if (*r == 0) return Fail(NotFound(Message("error.opportunity.not_found")));
    PASS_TRY(a, c_.Execute("DELETE FROM opportunity_codes WHERE opportunity_id = $1", {id}));
    PASS_TRY(b, c_.Execute("DELETE FROM opportunity_languages WHERE opportunity_id = $1", {id}));
  }
  for (const auto& [kind, member] : kCodeLists) {
    for (const auto& code : o.*member) {
      PASS_TRY(r,
               c_.Execute(
                   "INSERT INTO opportunity_codes (opportunity_id, kind, code) VALUES ($1, $2, $3)",
                   {id, std::string(kind), code}));
    }
  }
  for (const auto& l : o.languages) {
    PASS_TRY(
        r,
        c_.Execute(
            "INSERT INTO opportunity_languages (opportunity_id, code, level) VALUES ($1, $2, $3)",
            {id, l.code, std::string(codes::LevelCode(l.level))}));
  }
  return id;
}

Result<std::vector<Opportunity>> SqlOpportunityRepository::Load(std::string_view where,
                                                                const Value& param) {
  const std::string sql =
      "SELECT id, oid, title, description, activity_type, country, town, start_date, end_date, "
      "places, "
      "application_deadline, participant_profile, practical_arrangements, training, "
      "contact_person, "
      "grant_reference, asks_cv, asks_motivation, status FROM opportunities WHERE " +
      std::string(where) + " ORDER BY id";
  std::vector<Opportunity> out;
  const RowCallback collect = [&out](const Row& r) {
    Opportunity o;
    o.id = r.Int(0);
    o.oid = r.Text(1);
    o.title = r.Text(2);
    o.description = r.Text(3);
    o.activity_type = r.Text(4);
    o.country = r.Text(5);
    o.town = r.Text(6);
    o.start_date = DateOrNone(r, 7);
    o.end_date = DateOrNone(r, 8);
    o.places = static_cast<int>(r.Int(9));
    o.application_deadline = DateOrNone(r, 10);
    o.participant_profile = r.Text(11);
    o.practical_arrangements = r.Text(12);
    o.training = r.Text(13);
    o.contact_person = r.Text(14);
    o.grant_reference = r.Text(15);
    o.asks_cv = r.Bool(16);
    o.asks_motivation = r.Bool(17);
    o.status = opportunities::ParseStatus(r.Text(18)).value_or(opportunities::Status::kDraft);
    out.push_back(std::move(o));
  };
  const Value params[] = {param};
  PASS_TRY(r, c_.Run(sql, params, &collect));
  for (Opportunity& o : out) {
    PASS_TRY(codes, c_.Query("SELECT kind, code FROM opportunity_codes WHERE opportunity_id = $1 "
                             "ORDER BY kind, code",
                             {o.id}));
    for (const Row& c : *codes) {
      for (const auto& [kind, member] : kCodeLists) {
        if (c.Text(0) == kind) (o.*member).push_back(c.Text(1));
      }
    }
    PASS_TRY(languages,
             c_.Query("SELECT code, level FROM opportunity_languages WHERE opportunity_id = $1 "
                      "ORDER BY code",
                      {o.id}));
    for (const Row& l : *languages) {
      o.languages.push_back({l.Text(0), codes::ParseLevel(l.Text(1)).value_or(codes::Level::kA1)});
    }
  }
  return out;
}

Result<std::optional<Opportunity>> SqlOpportunityRepository::Find(int64_t id) {
  PASS_TRY(found, Load("id = $1", id));
  if (found->empty()) return std::optional<Opportunity>();
  return std::optional<Opportunity>(std::move(found->front()));
}

Result<std::vector<Opportunity>> SqlOpportunityRepository::OfOrganisation(std::string_view oid) {
  return Load("oid = $1", std::string(oid));
}

}  // namespace pass::storage
