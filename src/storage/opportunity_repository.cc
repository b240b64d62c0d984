#include "storage/opportunity_repository.h"

#include <algorithm>

#include "core/strings.h"
#include "participants/profile.h"

namespace pass::storage {

using opportunities::Counts;
using opportunities::Entry;
using opportunities::Note;
using opportunities::Opportunity;
using opportunities::OrganisationProfile;

namespace {

constexpr std::pair<std::string_view, std::vector<std::string> Opportunity::*> kCodeLists[] = {
    {"topic", &Opportunity::topics},
    {"residence", &Opportunity::eligible_residence},
    {"skill", &Opportunity::skills},
};

constexpr std::string_view kColumns =
    "o.id, o.oid, g.name, o.title, o.description, o.activity_type, o.country, o.town, "
    "o.start_date, o.end_date, o.places, o.application_deadline, o.participant_profile, "
    "o.practical_arrangements, o.training, o.contact_person, o.grant_reference, o.asks_cv, "
    "o.asks_motivation, o.status, o.languages_required, o.skills_required, "
    "o.requirement_reason, o.published_at, o.updated_at, o.closed_because";

Value OptionalDate(const std::optional<Date>& d) {
  return d ? Value(FormatIsoDate(*d)) : Value(nullptr);
}

std::optional<Date> DateOrNone(const Row& r, size_t i) {
  const auto text = r.OptText(i);
  if (!text) return std::nullopt;
  return ParseIsoDate(*text);
}

std::optional<Timestamp> TimeOrNone(const Row& r, size_t i) {
  const auto millis = r.OptInt(i);
  if (!millis) return std::nullopt;
  return FromUnixMillis(*millis);
}

// "$a, $b, ..." binding every id.
std::string IdList(const std::vector<int64_t>& ids, std::vector<Value>& params) {
  std::string out;
  for (const int64_t id : ids) {
    params.emplace_back(id);
    if (!out.empty()) out += ", ";
    out += "$" + std::to_string(params.size());
  }
  return out;
}

}  // namespace

Result<int64_t> SqlOpportunityRepository::Save(const Opportunity& o) {
  const int64_t now = UnixMillis(clock_.Now());
  const std::vector<Value> fields = {
      o.oid,
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
      now,
      int64_t{o.languages_required},
      int64_t{o.skills_required},
      o.requirement_reason,
      o.published_at ? Value(UnixMillis(*o.published_at)) : Value(nullptr),
      o.closed_because,
      FoldCase(o.town),
      OptionalDate(opportunities::LastApplicationDay(o))};
  int64_t id = o.id;
  if (id == 0) {
    std::optional<Row> inserted;
    const RowCallback keep = [&inserted](const Row& r) { inserted = r; };
    PASS_TRY(
        r,
        c_.Run("INSERT INTO opportunities (oid, title, description, activity_type, country, town, "
               "start_date, end_date, places, application_deadline, participant_profile, "
               "practical_arrangements, training, contact_person, grant_reference, asks_cv, "
               "asks_motivation, status, created_at, updated_at, languages_required, "
               "skills_required, requirement_reason, published_at, closed_because, town_key, "
               "last_application_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
               "$13, $14, $15, $16, $17, $18, $19, $19, $20, $21, $22, $23, $24, $25, $26) "
               "RETURNING id",
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
                    "updated_at = $19, languages_required = $20, skills_required = $21, "
                    "requirement_reason = $22, published_at = $23, closed_because = $24, "
                    "town_key = $25, last_application_day = $26 WHERE id = $27",
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

Result<std::vector<Opportunity>> SqlOpportunityRepository::Load(const std::string& where,
                                                                std::span<const Value> params,
                                                                std::string_view order) {
  const std::string sql = "SELECT " + std::string(kColumns) +
                          " FROM opportunities o JOIN organisations g ON g.oid = o.oid WHERE " +
                          where + (order.empty() ? "" : " ORDER BY " + std::string(order));
  std::vector<Opportunity> out;
  const RowCallback collect = [&out](const Row& r) {
    Opportunity o;
    o.id = r.Int(0);
    o.oid = r.Text(1);
    o.organisation_name = r.Text(2);
    o.title = r.Text(3);
    o.description = r.Text(4);
    o.activity_type = r.Text(5);
    o.country = r.Text(6);
    o.town = r.Text(7);
    o.start_date = DateOrNone(r, 8);
    o.end_date = DateOrNone(r, 9);
    o.places = static_cast<int>(r.Int(10));
    o.application_deadline = DateOrNone(r, 11);
    o.participant_profile = r.Text(12);
    o.practical_arrangements = r.Text(13);
    o.training = r.Text(14);
    o.contact_person = r.Text(15);
    o.grant_reference = r.Text(16);
    o.asks_cv = r.Bool(17);
    o.asks_motivation = r.Bool(18);
    o.status = opportunities::ParseStatus(r.Text(19)).value_or(opportunities::Status::kDraft);
    o.languages_required = r.Bool(20);
    o.skills_required = r.Bool(21);
    o.requirement_reason = r.Text(22);
    o.published_at = TimeOrNone(r, 23);
    o.updated_at = TimeOrNone(r, 24);
    o.closed_because = r.Text(25);
    out.push_back(std::move(o));
  };
  PASS_TRY(r, c_.Run(sql, params, &collect));
  if (out.empty()) return out;
  // The code lists of every opportunity loaded, in two statements.
  std::vector<int64_t> ids;
  ids.reserve(out.size());
  for (const Opportunity& o : out) ids.push_back(o.id);
  std::vector<Value> id_params;
  const std::string in = IdList(ids, id_params);
  std::map<int64_t, Opportunity*> by_id;
  for (Opportunity& o : out) by_id[o.id] = &o;
  const RowCallback add_code = [&](const Row& c) {
    Opportunity* o = by_id[c.Int(0)];
    for (const auto& [kind, member] : kCodeLists) {
      if (c.Text(1) == kind) (o->*member).push_back(c.Text(2));
    }
  };
  PASS_TRY(codes, c_.Run("SELECT opportunity_id, kind, code FROM opportunity_codes WHERE "
                         "opportunity_id IN (" +
                             in + ") ORDER BY opportunity_id, kind, code",
                         id_params, &add_code));
  const RowCallback add_language = [&](const Row& l) {
    by_id[l.Int(0)]->languages.push_back(
        {l.Text(1), codes::ParseLevel(l.Text(2)).value_or(codes::Level::kA1)});
  };
  PASS_TRY(languages, c_.Run("SELECT opportunity_id, code, level FROM opportunity_languages "
                             "WHERE opportunity_id IN (" +
                                 in + ") ORDER BY opportunity_id, code",
                             id_params, &add_language));
  return out;
}

Result<std::optional<Opportunity>> SqlOpportunityRepository::Find(int64_t id) {
  const Value params[] = {id};
  PASS_TRY(found, Load("o.id = $1", params));
  if (found->empty()) return std::optional<Opportunity>();
  return std::optional<Opportunity>(std::move(found->front()));
}

Result<std::vector<Opportunity>> SqlOpportunityRepository::OfOrganisation(std::string_view oid) {
  const Value params[] = {std::string(oid)};
  return Load("o.oid = $1", params, "o.id DESC");
}

Result<opportunities::Page> SqlOpportunityRepository::Published(const opportunities::Filter& f,
                                                                Date today, int page,
                                                                int per_page) {
  std::vector<Value> params;
  auto param = [&](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  // Taking applications on a day: the last application day (R11) not past, the activity not
  // ended.
  auto open_on = [&](Date day) {
    const std::string d = param(FormatIsoDate(day));
    return "(o.end_date IS NULL OR o.end_date >= " + d +
           ") AND (o.last_application_day IS NULL OR o.last_application_day >= " + d + ")";
  };
  std::string where = "o.status = 'published' AND " + open_on(today);
  if (f.open_until) where += " AND " + open_on(*f.open_until);
  if (!f.country.empty()) where += " AND o.country = " + param(f.country);
  if (!Trim(f.town).empty()) where += " AND o.town_key = " + param(FoldCase(Trim(f.town)));
  if (!f.oid.empty()) where += " AND o.oid = " + param(f.oid);
  if (!f.activity_type.empty()) where += " AND o.activity_type = " + param(f.activity_type);
  if (!f.topic.empty()) {
    where +=
        " AND EXISTS (SELECT 1 FROM opportunity_codes t WHERE t.opportunity_id = o.id AND "
        "t.kind = 'topic' AND t.code = " +
        param(f.topic) + ")";
  }
  if (f.from)
    where += " AND (o.end_date IS NULL OR o.end_date >= " + param(FormatIsoDate(*f.from)) + ")";
  if (f.to)
    where += " AND (o.start_date IS NULL OR o.start_date <= " + param(FormatIsoDate(*f.to)) + ")";
  if (!f.eligible_residence.empty()) {
    where +=
        " AND (NOT EXISTS (SELECT 1 FROM opportunity_codes r WHERE r.opportunity_id = o.id AND "
        "r.kind = 'residence') OR EXISTS (SELECT 1 FROM opportunity_codes r WHERE "
        "r.opportunity_id = o.id AND r.kind = 'residence' AND r.code = " +
        param(f.eligible_residence) + "))";
  }
  if (f.eligible_birth_date) {
    // R8: 18 at the start and not yet 31 (36 for humanitarian aid); flexible dates: today.
    const Date adult = participants::Birthday(*f.eligible_birth_date, 18);
    const Date too_old = participants::Birthday(*f.eligible_birth_date, 31);
    const Date too_old_humanitarian = participants::Birthday(*f.eligible_birth_date, 36);
    const int64_t flexible_ok = today >= adult && today < too_old;
    const int64_t flexible_ok_humanitarian = today >= adult && today < too_old_humanitarian;
    const std::string a = param(FormatIsoDate(adult));
    where += " AND ((o.activity_type = 'humanitarian_aid' AND ((o.start_date IS NULL AND " +
             param(flexible_ok_humanitarian) + " = 1) OR (o.start_date >= " + a +
             " AND o.start_date < " + param(FormatIsoDate(too_old_humanitarian)) +
             "))) OR (o.activity_type <> 'humanitarian_aid' AND ((o.start_date IS NULL AND " +
             param(flexible_ok) + " = 1) OR (o.start_date >= " + a + " AND o.start_date < " +
             param(FormatIsoDate(too_old)) + "))))";
  }
  opportunities::Page out;
  out.page = page;
  out.per_page = per_page;
  std::optional<Row> total;
  const RowCallback keep = [&total](const Row& r) { total = r; };
  PASS_TRY(counted, c_.Run("SELECT COUNT(*) FROM opportunities o WHERE " + where, params, &keep));
  out.total = total ? total->Int(0) : 0;
  const std::string order = f.newest_first
                                ? "o.published_at DESC, o.id DESC"
                                : "CASE WHEN o.last_application_day IS NULL THEN 1 ELSE 0 END, "
                                  "o.last_application_day, o.id";
  where += " ORDER BY " + order + " LIMIT " + param(int64_t{per_page}) + " OFFSET " +
           param(int64_t{(page - 1)} * per_page);
  PASS_TRY(items, Load(where, params, ""));  // the order is in `where`
  out.items = std::move(*items);
  return out;
}

Result<std::vector<Opportunity>> SqlOpportunityRepository::DueToClose(Date today) {
  const Value params[] = {FormatIsoDate(today)};
  return Load("o.status = 'published' AND (o.end_date < $1 OR o.last_application_day < $1)",
              params);
}

Result<std::string> SqlOpportunityRepository::OrganisationName(std::string_view oid) {
  PASS_TRY(row, c_.QueryOne("SELECT name FROM organisations WHERE oid = $1", {std::string(oid)}));
  return *row ? (*row)->Text(0) : std::string();
}

Result<std::optional<OrganisationProfile>> SqlOpportunityRepository::FindProfile(
    std::string_view oid) {
  PASS_TRY(row, c_.QueryOne("SELECT description, website FROM organisation_profiles WHERE oid = $1",
                            {std::string(oid)}));
  PASS_TRY(locations, c_.Query("SELECT town, country FROM organisation_locations WHERE oid = $1 "
                               "ORDER BY position",
                               {std::string(oid)}));
  if (!*row && locations->empty()) return std::optional<OrganisationProfile>();
  OrganisationProfile p;
  p.oid = std::string(oid);
  if (*row) {
    p.description = (*row)->Text(0);
    p.website = (*row)->Text(1);
  }
  for (const Row& l : *locations) p.locations.push_back({l.Text(0), l.Text(1)});
  return std::optional<OrganisationProfile>(std::move(p));
}

Result<void> SqlOpportunityRepository::SaveProfile(const OrganisationProfile& p) {
  const int64_t now = UnixMillis(clock_.Now());
  PASS_TRY(updated, c_.Execute("UPDATE organisation_profiles SET description = $2, website = $3, "
                               "updated_at = $4 WHERE oid = $1",
                               {p.oid, p.description, p.website, now}));
  if (*updated == 0) {
    PASS_TRY(inserted, c_.Execute("INSERT INTO organisation_profiles (oid, description, website, "
                                  "updated_at) VALUES ($1, $2, $3, $4)",
                                  {p.oid, p.description, p.website, now}));
  }
  PASS_TRY(cleared, c_.Execute("DELETE FROM organisation_locations WHERE oid = $1", {p.oid}));
  for (size_t i = 0; i < p.locations.size(); ++i) {
    PASS_TRY(added, c_.Execute("INSERT INTO organisation_locations (oid, position, town, country) "
                               "VALUES ($1, $2, $3, $4)",
                               {p.oid, static_cast<int64_t>(i), p.locations[i].town,
                                p.locations[i].country}));
  }
  return {};
}

Result<std::vector<Entry>> SqlOpportunityRepository::LoadEntries(std::string_view where,
                                                                 const Value& param) {
  const std::string sql =
      "SELECT e.id, e.opportunity_id, e.participant_id, p.reference, p.given_name, "
      "p.family_name, p.residence, p.birth_date, p.email, p.contact_language, e.applied, "
      "e.message, e.motivation, e.share_cv, e.applied_at, e.stage, e.reason, e.reason_text, "
      "e.updated_at, (SELECT COUNT(*) FROM pipeline_notes n WHERE n.entry_id = e.id) "
      "FROM pipeline_entries e JOIN participants p ON p.id = e.participant_id WHERE " +
      std::string(where) + " ORDER BY e.id";
  std::vector<Entry> out;
  const RowCallback collect = [&out](const Row& r) {
    Entry e;
    e.id = r.Int(0);
    e.opportunity_id = r.Int(1);
    e.participant_id = r.Int(2);
    e.reference = r.Text(3);
    e.given_name = r.Text(4);
    e.family_name = r.Text(5);
    e.residence = r.Text(6);
    e.birth_date = ParseIsoDate(r.Text(7)).value_or(Date{});
    e.email = r.Text(8);
    e.language = r.Text(9);
    e.applied = r.Bool(10);
    e.message = r.Text(11);
    e.motivation = r.Text(12);
    e.share_cv = r.Bool(13);
    e.applied_at = TimeOrNone(r, 14);
    e.stage = opportunities::ParseStage(r.Text(15)).value_or(opportunities::Stage::kNew);
    e.reason = r.Text(16);
    e.reason_text = r.Text(17);
    e.updated_at = FromUnixMillis(r.Int(18));
    e.notes = static_cast<int>(r.Int(19));
    out.push_back(std::move(e));
  };
  const Value params[] = {param};
  PASS_TRY(r, c_.Run(sql, params, &collect));
  if (out.empty()) return out;
  std::vector<int64_t> ids;
  std::map<int64_t, Entry*> by_id;
  ids.reserve(out.size());
  for (Entry& e : out) {
    ids.push_back(e.id);
    by_id[e.id] = &e;
  }
  std::vector<Value> id_params;
  const std::string in = IdList(ids, id_params);
  const RowCallback add_tag = [&](const Row& t) { by_id[t.Int(0)]->tags.push_back(t.Text(1)); };
  PASS_TRY(tags, c_.Run("SELECT entry_id, tag FROM pipeline_tags WHERE entry_id IN (" + in +
                            ") ORDER BY entry_id, tag",
                        id_params, &add_tag));
  return out;
}

Result<std::optional<Entry>> SqlOpportunityRepository::FindEntry(int64_t entry_id) {
  PASS_TRY(found, LoadEntries("e.id = $1", entry_id));
  if (found->empty()) return std::optional<Entry>();
  return std::optional<Entry>(std::move(found->front()));
}

Result<std::optional<int64_t>> SqlOpportunityRepository::ParticipantIdOf(
    const std::string& reference) {
  PASS_TRY(row, c_.QueryOne("SELECT id FROM participants WHERE reference = $1", {reference}));
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>((*row)->Int(0));
}

Result<std::optional<Entry>> SqlOpportunityRepository::FindEntryOf(int64_t opportunity_id,
                                                                   int64_t participant_id) {
  PASS_TRY(row, c_.QueryOne("SELECT id FROM pipeline_entries WHERE opportunity_id = $1 AND "
                            "participant_id = $2",
                            {opportunity_id, participant_id}));
  if (!*row) return std::optional<Entry>();
  return FindEntry((*row)->Int(0));
}

Result<int64_t> SqlOpportunityRepository::SaveEntry(const Entry& e) {
  const int64_t now = UnixMillis(clock_.Now());
  const Value applied_at = e.applied_at ? Value(UnixMillis(*e.applied_at)) : Value(nullptr);
  int64_t id = e.id;
  if (id == 0) {
    std::optional<Row> inserted;
    const RowCallback keep = [&inserted](const Row& r) { inserted = r; };
    const Value params[] = {e.opportunity_id,
                            e.participant_id,
                            int64_t{e.applied},
                            e.message,
                            e.motivation,
                            int64_t{e.share_cv},
                            applied_at,
                            std::string(opportunities::StageCode(e.stage)),
                            e.reason,
                            e.reason_text,
                            now};
    PASS_TRY(r, c_.Run("INSERT INTO pipeline_entries (opportunity_id, participant_id, applied, "
                       "message, motivation, share_cv, applied_at, stage, reason, reason_text, "
                       "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
                       "$11, $11) RETURNING id",
                       params, &keep));
    id = inserted->Int(0);
  } else {
    PASS_TRY(r, c_.Execute("UPDATE pipeline_entries SET applied = $2, message = $3, "
                           "motivation = $4, share_cv = $5, applied_at = $6, stage = $7, "
                           "reason = $8, reason_text = $9, updated_at = $10 WHERE id = $1",
                           {id, int64_t{e.applied}, e.message, e.motivation, int64_t{e.share_cv},
                            applied_at, std::string(opportunities::StageCode(e.stage)), e.reason,
                            e.reason_text, now}));
    if (*r == 0) return Fail(NotFound(Message("error.candidate.not_found")));
    PASS_TRY(cleared, c_.Execute("DELETE FROM pipeline_tags WHERE entry_id = $1", {id}));
  }
  for (const std::string& tag : e.tags) {
    PASS_TRY(added,
             c_.Execute("INSERT INTO pipeline_tags (entry_id, tag) VALUES ($1, $2)", {id, tag}));
  }
  return id;
}

Result<std::vector<Entry>> SqlOpportunityRepository::Pipeline(int64_t opportunity_id) {
  return LoadEntries("e.opportunity_id = $1", opportunity_id);
}

Result<std::vector<Entry>> SqlOpportunityRepository::EntriesOf(int64_t participant_id) {
  return LoadEntries("e.participant_id = $1", participant_id);
}

Result<std::map<int64_t, Counts>> SqlOpportunityRepository::CountsOf(std::string_view oid) {
  PASS_TRY(rows, c_.Query("SELECT e.opportunity_id, COUNT(*), SUM(CASE WHEN e.stage = 'new' "
                          "THEN 1 ELSE 0 END) FROM pipeline_entries e JOIN opportunities o ON "
                          "o.id = e.opportunity_id WHERE o.oid = $1 AND e.stage <> 'withdrawn' "
                          "GROUP BY e.opportunity_id",
                          {std::string(oid)}));
  std::map<int64_t, Counts> out;
  for (const Row& r : *rows) {
    out[r.Int(0)] = {static_cast<int>(r.Int(1)), static_cast<int>(r.Int(2))};
  }
  return out;
}

Result<void> SqlOpportunityRepository::AddNote(const Note& n) {
  PASS_TRY(added, c_.Execute("INSERT INTO pipeline_notes (entry_id, author, body, created_at) "
                             "VALUES ($1, $2, $3, $4)",
                             {n.entry_id, n.author, n.text, UnixMillis(n.at)}));
  return {};
}

Result<std::vector<Note>> SqlOpportunityRepository::Notes(int64_t entry_id) {
  PASS_TRY(rows, c_.Query("SELECT id, entry_id, author, body, created_at FROM pipeline_notes "
                          "WHERE entry_id = $1 ORDER BY id",
                          {entry_id}));
  std::vector<Note> out;
  for (const Row& r : *rows) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), FromUnixMillis(r.Int(4))});
  }
  return out;
}

}  // namespace pass::storage
