// The opportunities service on both databases (SPEC F4, F7, F8, F12, R8, R9, R11): staff create,
// edit, publish, close and copy their organisation's opportunities and nothing of another's; the
// public list and its filters; young people apply, follow and withdraw; staff move, tag, annotate
// and export candidates; the daily job closes what is past its last day. A real
// SqlOpportunityStore on a migrated database, two organisations seeded in the registry table,
// participants stored through the participants' SQL repository, a fake clock, and a composer that
// writes the template name as the subject and the arguments as the body so the tests can read the
// outbox table.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "opportunities/service.h"
#include "storage/opportunity_repository.h"
#include "storage/participant_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::opportunities {
namespace {

using codes::Level;
using participants::Account;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

mail::Message ComposeForTest(std::string_view lang, std::string_view name,
                             const std::vector<std::pair<std::string, std::string>>& args,
                             std::string to, std::string to_name) {
  mail::Message m;
  m.to = std::move(to);
  m.to_name = std::move(to_name);
  m.subject = std::string(name);
  m.lang = std::string(lang);
  for (const auto& [k, v] : args) m.body += k + "=" + v + "\n";
  return m;
}

std::vector<std::string> FieldNames(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

std::string KeyOf(const Error& e, std::string_view field) {
  for (const auto& f : e.fields) {
    if (f.field == field) return f.message.key;
  }
  return "";
}

template <typename T>
std::string Describe(const Result<T>& r) {
  if (r) return "ok";
  std::string out = std::string(ErrorCodeName(r.error().code)) + " " + r.error().message.key + " " +
                    r.error().detail;
  for (const auto& f : r.error().fields) out += " [" + f.field + ": " + f.message.key + "]";
  return out;
}

template <typename T>
bool IsError(const Result<T>& r, ErrorCode code) {
  return !r.has_value() && r.error().code == code;
}

std::vector<int64_t> Ids(const std::vector<Opportunity>& items) {
  std::vector<int64_t> out;
  for (const auto& o : items) out.push_back(o.id);
  return out;
}

std::vector<int64_t> Ids(const std::vector<Entry>& items) {
  std::vector<int64_t> out;
  for (const auto& e : items) out.push_back(e.id);
  return out;
}

struct Mail {
  std::string to;
  std::string to_name;
  std::string subject;
  std::string body;
  std::string lang;
};

struct AuditRow {
  std::string actor;
  std::string action;
  std::string oid;
  std::string subject;
  std::string reason;
  std::string detail;
};

const Staff kNorr{"E10000001", "anna@norr.example"};
const Staff kHaus{"E10000002", "dieter@haus.example"};
constexpr const char* kNorrName = "Ungdomsföreningen Norr";
constexpr const char* kHausName = "Haus der Jugend";

// Six months of individual volunteering in Umeå from 1 March 2027, every field filled in. Code
// lists are in the order the repository reads them back (by code).
Opportunity Full(std::string title = "Forest volunteers in Umeå") {
  Opportunity o;
  o.title = std::move(title);
  o.description = "Help us look after the forest.\nTrails, nesting boxes and school visits.";
  o.activity_type = "individual_volunteering";
  o.topics = {"climate_action", "environment_nature"};
  o.country = "SE";
  o.town = "Umeå";
  o.start_date = D(2027, 3, 1);
  o.end_date = D(2027, 8, 31);
  o.places = 3;
  o.application_deadline = D(2027, 2, 1);
  o.eligible_residence = {"FI", "NO", "SE"};
  o.languages = {{"en", Level::kB1}, {"sv", Level::kA2}};
  o.skills = {"first_aid", "photography"};
  o.languages_required = true;
  o.requirement_reason = "Guiding school classes in Swedish is half of the work.";
  o.participant_profile = "Someone who likes the outdoors.";
  o.practical_arrangements = "A room in a shared flat, meals and a bicycle.";
  o.training = "On-arrival training and a first-aid course.";
  o.contact_person = "Anna Berg";
  o.grant_reference = "2026-1-SE02-ESC51-000123";
  o.asks_cv = true;
  o.asks_motivation = true;
  return o;
}

// The same opportunity as a stranger may apply to it: no CV, motivation or residence asked.
Opportunity Open(std::string title = "Forest volunteers in Umeå") {
  Opportunity o = Full(std::move(title));
  o.eligible_residence.clear();
  o.asks_cv = false;
  o.asks_motivation = false;
  return o;
}

// `a` with the fields the service and database set taken from `b`.
Opportunity WithStored(Opportunity a, const Opportunity& b) {
  a.id = b.id;
  a.oid = b.oid;
  a.organisation_name = b.organisation_name;
  a.status = b.status;
  a.published_at = b.published_at;
  a.updated_at = b.updated_at;
  a.closed_because = b.closed_because;
  return a;
}

class OpportunitiesServiceTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
    store_ = std::make_unique<storage::SqlOpportunityStore>(db_->db(), clock_);
    people_ = std::make_unique<storage::SqlParticipantStore>(db_->db(), clock_);
    service_ = std::make_unique<Service>(*store_, clock_, ComposeForTest, "https://pass.example");
    Sql("INSERT INTO organisations (oid, name, country, created_at, updated_at) VALUES "
        "('E10000001', 'Ungdomsföreningen Norr', 'SE', 0, 0), "
        "('E10000002', 'Haus der Jugend', 'DE', 0, 0)");
  }

  void Sql(const std::string& statement) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.Execute(statement); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  int64_t Count(const std::string& sql, std::initializer_list<storage::Value> params = {}) {
    auto r = db_->db().With([&](storage::Connection& c) { return c.QueryOne(sql, params); });
    EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().detail);
    return r && *r ? (*r)->Int(0) : -1;
  }

  std::string Rows(const std::string& sql, size_t columns) {
    std::string out;
    auto rows = db_->db().With([&](storage::Connection& c) { return c.Query(sql); });
    EXPECT_TRUE(rows.has_value()) << sql;
    if (!rows) return out;
    for (const auto& r : *rows) {
      for (size_t i = 0; i < columns; ++i) out += (r.IsNull(i) ? "NULL" : r.Text(i)) + "|";
      out += "\n";
    }
    return out;
  }

  // Every row the service writes, as text: compared before and after a refusal.
  std::string Snapshot() {
    std::string out;
    for (const char* table : {"opportunities", "opportunity_codes", "opportunity_languages",
                              "organisation_profiles", "organisation_locations", "pipeline_entries",
                              "pipeline_tags", "pipeline_notes", "outbox", "audit_log"}) {
      out += std::string(table) + "=" +
             std::to_string(Count("SELECT COUNT(*) FROM " + std::string(table))) + "\n";
    }
    out += Rows(
        "SELECT id, oid, title, status, closed_because, published_at, updated_at, start_date, "
        "end_date, application_deadline, places FROM opportunities ORDER BY id",
        11);
    out += Rows("SELECT opportunity_id, kind, code FROM opportunity_codes ORDER BY 1, 2, 3", 3);
    out += Rows(
        "SELECT id, opportunity_id, participant_id, applied, message, motivation, share_cv, "
        "applied_at, stage, reason, reason_text, updated_at FROM pipeline_entries ORDER BY id",
        12);
    out += Rows("SELECT entry_id, tag FROM pipeline_tags ORDER BY 1, 2", 2);
    out += Rows("SELECT entry_id, author, body FROM pipeline_notes ORDER BY id", 3);
    out += Rows("SELECT oid, description, website FROM organisation_profiles ORDER BY oid", 3);
    out += Rows("SELECT oid, position, town, country FROM organisation_locations ORDER BY 1, 2", 4);
    return out;
  }

  std::vector<Mail> Mails() {
    std::vector<Mail> out;
    auto rows = db_->db().With([](storage::Connection& c) {
      return c.Query(
          "SELECT recipient, recipient_name, subject, body, lang FROM outbox ORDER BY id");
    });
    EXPECT_TRUE(rows.has_value());
    if (!rows) return out;
    for (const auto& r : *rows)
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
    return out;
  }

  std::vector<AuditRow> AuditOf(const std::string& action) {
    std::vector<AuditRow> out;
    auto rows = db_->db().With([&](storage::Connection& c) {
      return c.Query(
          "SELECT actor, action, oid, subject, reason, detail FROM audit_log WHERE action = $1 "
          "ORDER BY id",
          {action});
    });
    EXPECT_TRUE(rows.has_value());
    if (!rows) return out;
    for (const auto& r : *rows) {
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
    }
    return out;
  }

  static std::string Subject(int64_t opportunity_id) {
    return "opportunity:" + std::to_string(opportunity_id);
  }

  void SetToday(Date day) { clock_.Set(std::chrono::sys_days(day)); }
  void AdvanceMinutes(int minutes) { clock_.Advance(std::chrono::minutes(minutes)); }

  // --- opportunities

  Opportunity Make(const Staff& staff, Opportunity o, Status status = Status::kDraft) {
    o.status = status;
    auto r = service_->Create(staff, std::move(o));
    EXPECT_TRUE(r.has_value()) << Describe(r);
    AdvanceMinutes(1);  // later ones have later timestamps
    return r ? *r : Opportunity{};
  }

  Opportunity Live(const Staff& staff, Opportunity o) {
    return Make(staff, std::move(o), Status::kPublished);
  }

  Opportunity Stored(const Staff& staff, int64_t id) {
    auto r = service_->Get(staff, id);
    EXPECT_TRUE(r.has_value()) << Describe(r);
    return r ? *r : Opportunity{};
  }

  // --- people

  Account Person(const std::string& given, Date birth, const std::string& residence = "SE",
                 const std::string& language = "sv") {
    participants::Participant p;
    p.reference = std::to_string(4000000000 + ++people_count_);
    p.sub = "sub-" + given;
    p.email = AsciiLowerName(given) + "@young.example";
    p.given_name = given;
    p.family_name = "Andersson";
    p.birth_date = birth;
    p.residence = residence;
    p.nationality = residence;
    p.contact_language = language;
    p.last_active = clock_.Today();
    auto id = people_->WriteValue([&](participants::Repository& repo) { return repo.Save(p); });
    EXPECT_TRUE(id.has_value()) << Describe(id);
    p.id = id ? *id : 0;
    Account a;
    a.profile = p;
    a.consent_version = 1;
    return a;
  }

  static std::string AsciiLowerName(const std::string& s) {
    std::string out = s;
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }

  static ApplicationForm Form(std::string message = "I would love to help with the trails.") {
    ApplicationForm f;
    f.message = std::move(message);
    return f;
  }

  Entry Apply(const Account& a, int64_t opportunity_id, ApplicationForm form = Form()) {
    auto r = service_->Apply(a, opportunity_id, form);
    EXPECT_TRUE(r.has_value()) << Describe(r);
    return r ? *r : Entry{};
  }

  // An entry the organisation made without an application (shortlisted from a search).
  int64_t Shortlist(const Account& a, int64_t opportunity_id, Stage stage = Stage::kShortlisted) {
    Entry e;
    e.opportunity_id = opportunity_id;
    e.participant_id = a.profile.id;
    e.applied = false;
    e.stage = stage;
    auto id = store_->WriteValue([&](Repository& repo) { return repo.SaveEntry(e); });
    EXPECT_TRUE(id.has_value()) << Describe(id);
    return id ? *id : 0;
  }

  // Sets a stage as the offers module does (offered, matched).
  void SetStage(int64_t entry_id, Stage stage) {
    auto r = store_->Write([&](Repository& repo) -> Result<void> {
      PASS_TRY(found, repo.FindEntry(entry_id));
      if (!*found) return Fail(NotFound("no entry"));
      Entry e = **found;
      e.stage = stage;
      PASS_TRY(saved, repo.SaveEntry(e));
      return {};
    });
    ASSERT_TRUE(r.has_value()) << Describe(r);
  }

  Entry EntryById(int64_t id) {
    auto r = store_->ReadValue([&](Repository& repo) { return repo.FindEntry(id); });
    EXPECT_TRUE(r.has_value() && r->has_value()) << id;
    return r && *r ? **r : Entry{};
  }

  std::vector<Opportunity> Browse(Filter f = {}, int page = 1, int per_page = 100) {
    auto r = service_->Browse(f, page, per_page);
    EXPECT_TRUE(r.has_value()) << Describe(r);
    return r ? r->items : std::vector<Opportunity>{};
  }

  std::vector<int64_t> BrowseIds(Filter f = {}) { return Ids(Browse(std::move(f))); }

  testing::FakeClock clock_;  // 2026-12-01T00:00:00Z
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlOpportunityStore> store_;
  std::unique_ptr<storage::SqlParticipantStore> people_;
  std::unique_ptr<Service> service_;
  int people_count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Create

TEST_P(OpportunitiesServiceTest, CreateADraftWithEveryField) {
  const Timestamp now = clock_.Now();
  Opportunity in = Full();
  in.oid = kHaus.oid;  // ignored: the staff member's organisation counts
  in.id = 77;          // ignored
  in.published_at = now;
  in.closed_because = "ended";
  auto r = service_->Create(kNorr, in);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_GT(r->id, 0);
  EXPECT_EQ(r->oid, kNorr.oid);
  EXPECT_EQ(r->organisation_name, kNorrName);
  EXPECT_EQ(r->status, Status::kDraft);
  EXPECT_FALSE(r->published_at.has_value());
  EXPECT_EQ(r->closed_because, "");
  EXPECT_EQ(r->updated_at, now);
  EXPECT_EQ(*r, WithStored(Full(), *r)) << "every field as sent";
  EXPECT_EQ(Stored(kNorr, r->id), *r);

  const auto audit = AuditOf("opportunity.created");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "staff <anna@norr.example>");
  EXPECT_EQ(audit[0].oid, kNorr.oid);
  EXPECT_EQ(audit[0].subject, Subject(r->id));
  EXPECT_NE(audit[0].detail.find("Forest volunteers"), std::string::npos) << audit[0].detail;
  EXPECT_TRUE(AuditOf("opportunity.published").empty());
}

TEST_P(OpportunitiesServiceTest, ADraftNeedNotBePublishable) {
  Opportunity past = Open();
  past.start_date = D(2026, 3, 1);
  past.end_date = D(2026, 8, 31);
  past.application_deadline = D(2026, 2, 1);
  auto r = service_->Create(kNorr, past);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->status, Status::kDraft);
}

TEST_P(OpportunitiesServiceTest, CreatePublishedAtOnce) {
  const Timestamp now = clock_.Now();
  Opportunity o = Open();
  o.status = Status::kPublished;
  auto r = service_->Create(kNorr, o);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->status, Status::kPublished);
  EXPECT_EQ(r->published_at, now);
  const auto audit = AuditOf("opportunity.published");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].subject, Subject(r->id));
  EXPECT_TRUE(AuditOf("opportunity.created").empty());
}

TEST_P(OpportunitiesServiceTest, CreatePublishedMustBePublishable) {
  const std::string before = Snapshot();
  Opportunity o = Open();
  o.status = Status::kPublished;
  o.application_deadline = D(2026, 11, 30);  // yesterday
  auto r = service_->Create(kNorr, o);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"application_deadline"});
  EXPECT_EQ(KeyOf(r.error(), "application_deadline"), "error.opportunity.deadline_past");

  o.application_deadline.reset();
  o.start_date = D(2026, 12, 14);  // rolling, 13 days away
  o.end_date = D(2027, 3, 31);
  r = service_->Create(kNorr, o);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "start_date"), "error.opportunity.start_too_soon");
  EXPECT_EQ(Snapshot(), before) << "nothing written";
}

TEST_P(OpportunitiesServiceTest, CreateClosedIsRefused) {
  const std::string before = Snapshot();
  Opportunity o = Open();
  o.status = Status::kClosed;
  auto r = service_->Create(kNorr, o);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"status"});
  EXPECT_EQ(KeyOf(r.error(), "status"), "error.opportunity.create_closed");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, CreateInvalidNamesEveryField) {
  const std::string before = Snapshot();
  Opportunity o = Open();
  o.title.clear();
  o.places = 0;
  o.languages = {{"xx", Level::kA1}};
  auto r = service_->Create(kNorr, o);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.form.invalid");
  EXPECT_EQ(FieldNames(r.error()),
            (std::vector<std::string>{"title", "places", "languages[1].code"}));
  EXPECT_EQ(Snapshot(), before);
}

// ---------------------------------------------------------------------------------------------
// Update, Publish, Close, Copy

TEST_P(OpportunitiesServiceTest, UpdateSavesEveryField) {
  const Opportunity draft = Make(kNorr, Open());
  Opportunity changed = Full("Forest and lake volunteers");
  changed.id = draft.id;
  changed.oid = kHaus.oid;  // ignored
  changed.description = "New description.";
  changed.topics = {"environment_nature", "sport"};
  changed.languages = {{"fi", Level::kA1}};
  changed.skills = {"cooking"};
  changed.eligible_residence = {"DK"};
  changed.places = 500;
  changed.town = "Luleå";
  changed.start_date = D(2027, 4, 1);
  changed.end_date = D(2028, 3, 31);
  changed.application_deadline.reset();
  changed.languages_required = false;
  changed.skills_required = true;
  changed.requirement_reason = "Cooking for the group every other day.";
  changed.grant_reference.clear();
  changed.asks_cv = false;
  const Timestamp now = clock_.Now();
  auto r = service_->Update(kNorr, changed);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->oid, kNorr.oid);
  EXPECT_EQ(r->status, Status::kDraft);
  EXPECT_EQ(r->updated_at, now);
  Opportunity expected = changed;
  expected.oid = kNorr.oid;
  EXPECT_EQ(*r, WithStored(expected, *r));
  EXPECT_EQ(Stored(kNorr, draft.id), *r);
  const auto audit = AuditOf("opportunity.updated");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].subject, Subject(draft.id));
}

TEST_P(OpportunitiesServiceTest, UpdateChecksTheFields) {
  const Opportunity draft = Make(kNorr, Open());
  const std::string before = Snapshot();
  Opportunity bad = draft;
  bad.town.clear();
  auto r = service_->Update(kNorr, bad);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"town"});
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, UpdateToPublishedChecksPublishing) {
  Opportunity o = Open();
  o.start_date = D(2026, 12, 14);  // rolling, 13 days away
  o.end_date = D(2027, 3, 31);
  o.application_deadline.reset();
  const Opportunity draft = Make(kNorr, o);
  const std::string before = Snapshot();
  Opportunity publish = draft;
  publish.status = Status::kPublished;
  auto r = service_->Update(kNorr, publish);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "start_date"), "error.opportunity.start_too_soon");
  EXPECT_EQ(Snapshot(), before);

  publish.start_date = D(2027, 1, 15);
  publish.end_date = D(2027, 4, 30);
  const Timestamp now = clock_.Now();
  r = service_->Update(kNorr, publish);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->status, Status::kPublished);
  EXPECT_EQ(r->published_at, now);
  EXPECT_EQ(AuditOf("opportunity.published").size(), 1u);
}

TEST_P(OpportunitiesServiceTest, APublishedOpportunityIsEditedUnderThePublishingRules) {
  const Opportunity live = Live(kNorr, Open());
  const Timestamp published_at = *live.published_at;
  Opportunity edit = live;
  edit.title = "Forest volunteers (two places left)";
  auto r = service_->Update(kNorr, edit);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->status, Status::kPublished);
  EXPECT_EQ(r->published_at, published_at) << "published once";
  EXPECT_EQ(r->title, "Forest volunteers (two places left)");

  const std::string before = Snapshot();
  edit.application_deadline = D(2026, 11, 1);
  r = service_->Update(kNorr, edit);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "application_deadline"), "error.opportunity.deadline_past");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, PublishedOrClosedNeverGoesBackToDraft) {
  const Opportunity live = Live(kNorr, Open("Live"));
  Opportunity closed = Live(kNorr, Open("Closed"));
  ASSERT_TRUE(service_->Close(kNorr, closed.id).has_value());
  const std::string before = Snapshot();
  for (const int64_t id : {live.id, closed.id}) {
    Opportunity back = Stored(kNorr, id);
    back.status = Status::kDraft;
    auto r = service_->Update(kNorr, back);
    ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
    EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"status"});
    EXPECT_EQ(KeyOf(r.error(), "status"), "error.opportunity.back_to_draft");
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, ADraftIsNotClosedByUpdate) {
  const Opportunity draft = Make(kNorr, Open());
  const std::string before = Snapshot();
  Opportunity closing = draft;
  closing.status = Status::kClosed;
  auto r = service_->Update(kNorr, closing);
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.opportunity.not_published");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, UpdateOfAnUnknownIdIsNotFound) {
  Opportunity o = Open();
  o.id = 4242;
  auto r = service_->Update(kNorr, o);
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  o.id = 0;
  r = service_->Update(kNorr, o);
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities"), 0);
}

TEST_P(OpportunitiesServiceTest, Publish) {
  const Opportunity draft = Make(kNorr, Open());
  const Timestamp now = clock_.Now();
  auto r = service_->Publish(kNorr, draft.id);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->status, Status::kPublished);
  EXPECT_EQ(r->published_at, now);
  const auto audit = AuditOf("opportunity.published");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].subject, Subject(draft.id));
  EXPECT_EQ(audit[0].actor, "staff <anna@norr.example>");

  const std::string before = Snapshot();
  r = service_->Publish(kNorr, draft.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.opportunity.already_published");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, PublishChecksTheDates) {
  Opportunity o = Open();
  o.start_date = D(2026, 12, 10);
  o.end_date = D(2027, 2, 28);
  o.application_deadline.reset();
  const Opportunity draft = Make(kNorr, o);
  const std::string before = Snapshot();
  auto r = service_->Publish(kNorr, draft.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "start_date"), "error.opportunity.start_too_soon");
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Stored(kNorr, draft.id).status, Status::kDraft);
}

TEST_P(OpportunitiesServiceTest, Close) {
  const Opportunity live = Live(kNorr, Open());
  auto r = service_->Close(kNorr, live.id);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->status, Status::kClosed);
  EXPECT_EQ(r->closed_because, "closed");
  EXPECT_EQ(r->published_at, live.published_at);
  const auto audit = AuditOf("opportunity.closed");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].subject, Subject(live.id));
  EXPECT_EQ(audit[0].actor, "staff <anna@norr.example>");

  const std::string before = Snapshot();
  r = service_->Close(kNorr, live.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.opportunity.not_published");
  const Opportunity draft = Make(kNorr, Open("Draft"));
  const std::string with_draft = Snapshot();
  r = service_->Close(kNorr, draft.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(Snapshot(), with_draft);
  EXPECT_NE(before, with_draft);

  // A closed opportunity may be published again: why it closed goes, and it is new again.
  AdvanceMinutes(30);
  const Timestamp republished = clock_.Now();
  auto again = service_->Publish(kNorr, live.id);
  ASSERT_TRUE(again.has_value()) << Describe(again);
  EXPECT_EQ(again->status, Status::kPublished);
  EXPECT_EQ(again->closed_because, "");
  EXPECT_EQ(again->published_at, republished);
}

TEST_P(OpportunitiesServiceTest, CopyIsADraftWithEveryField) {
  Opportunity live = Live(kNorr, Full());
  ASSERT_TRUE(service_->Close(kNorr, live.id).has_value());
  live = Stored(kNorr, live.id);
  ASSERT_EQ(live.closed_because, "closed");
  const Timestamp now = clock_.Now();
  auto copy = service_->Copy(kNorr, live.id);
  ASSERT_TRUE(copy.has_value()) << Describe(copy);
  EXPECT_NE(copy->id, live.id);
  EXPECT_EQ(copy->status, Status::kDraft);
  EXPECT_FALSE(copy->published_at.has_value());
  EXPECT_EQ(copy->closed_because, "");
  EXPECT_EQ(copy->updated_at, now);
  EXPECT_EQ(copy->oid, kNorr.oid);
  EXPECT_EQ(*copy, WithStored(live, *copy)) << "every field, dates included";
  EXPECT_EQ(*copy, WithStored(Full(), *copy));
  EXPECT_EQ(Stored(kNorr, live.id).status, Status::kClosed) << "the original stays";

  const auto audit = AuditOf("opportunity.copied");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].subject, Subject(copy->id));
  EXPECT_NE(audit[0].detail.find("\"copied_from\":\"" + std::to_string(live.id) + "\""),
            std::string::npos)
      << audit[0].detail;

  // The copy's past dates are checked when it is published.
  SetToday(D(2027, 3, 2));
  auto publish = service_->Publish(kNorr, copy->id);
  ASSERT_TRUE(IsError(publish, ErrorCode::kInvalidInput)) << Describe(publish);
}

TEST_P(OpportunitiesServiceTest, OfOrganisationAndGetSeeOnlyTheirOwn) {
  const Opportunity a1 = Make(kNorr, Open("Norr 1"));
  const Opportunity b1 = Make(kHaus, Open("Haus 1"));
  const Opportunity a2 = Live(kNorr, Open("Norr 2"));
  auto mine = service_->OfOrganisation(kNorr);
  ASSERT_TRUE(mine.has_value()) << Describe(mine);
  EXPECT_EQ(Ids(*mine), (std::vector<int64_t>{a2.id, a1.id})) << "newest first";
  auto theirs = service_->OfOrganisation(kHaus);
  ASSERT_TRUE(theirs.has_value());
  EXPECT_EQ(Ids(*theirs), std::vector<int64_t>{b1.id});
  EXPECT_EQ(theirs->at(0).organisation_name, kHausName);
  EXPECT_TRUE(IsError(service_->Get(kNorr, b1.id), ErrorCode::kNotFound));
  EXPECT_TRUE(IsError(service_->Get(kNorr, 999999), ErrorCode::kNotFound));
}

TEST_P(OpportunitiesServiceTest, ViewShowsPublishedAndClosedButNoDrafts) {
  const Opportunity draft = Make(kNorr, Open("Draft"));
  const Opportunity live = Live(kNorr, Open("Live"));
  const Opportunity closed = Live(kHaus, Open("Closed"));
  ASSERT_TRUE(service_->Close(kHaus, closed.id).has_value());
  EXPECT_TRUE(IsError(service_->View(draft.id), ErrorCode::kNotFound));
  EXPECT_TRUE(IsError(service_->View(12345), ErrorCode::kNotFound));
  auto v = service_->View(live.id);
  ASSERT_TRUE(v.has_value()) << Describe(v);
  EXPECT_EQ(v->title, "Live");
  auto c = service_->View(closed.id);
  ASSERT_TRUE(c.has_value()) << Describe(c);
  EXPECT_EQ(c->status, Status::kClosed);
  EXPECT_EQ(c->organisation_name, kHausName);
}

// ---------------------------------------------------------------------------------------------
// Organisation isolation: staff of Haus reach nothing of Norr's

TEST_P(OpportunitiesServiceTest, AnotherOrganisationsIdsReachNothing) {
  const Opportunity norr = Live(kNorr, Open("Norr's"));
  const Opportunity haus = Live(kHaus, Open("Haus's"));
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const Entry entry = Apply(elsa, norr.id);
  ASSERT_TRUE(service_->AddNote(kNorr, norr.id, entry.id, "Strong letter.").has_value());
  AdvanceMinutes(5);
  const std::string before = Snapshot();

  auto expect_not_found = [](const auto& r, const char* what) {
    EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << what << ": " << Describe(r);
  };
  expect_not_found(service_->Get(kHaus, norr.id), "Get");
  Opportunity edited = norr;
  edited.title = "Taken over";
  expect_not_found(service_->Update(kHaus, edited), "Update");
  edited.status = Status::kClosed;
  expect_not_found(service_->Update(kHaus, edited), "Update to closed");
  expect_not_found(service_->Publish(kHaus, norr.id), "Publish");
  expect_not_found(service_->Close(kHaus, norr.id), "Close");
  expect_not_found(service_->Copy(kHaus, norr.id), "Copy");
  expect_not_found(service_->Pipeline(kHaus, norr.id), "Pipeline");
  expect_not_found(service_->Candidate(kHaus, norr.id, entry.id), "Candidate");
  expect_not_found(service_->Notes(kHaus, norr.id, entry.id), "Notes");
  expect_not_found(service_->Move(kHaus, norr.id, {entry.id}, {Stage::kShortlisted, "", ""}),
                   "Move");
  expect_not_found(service_->Tag(kHaus, norr.id, {entry.id}, "mine", true), "Tag");
  expect_not_found(service_->AddNote(kHaus, norr.id, entry.id, "Hello"), "AddNote");
  expect_not_found(service_->Export(kHaus, norr.id, {}, ExportFormat::kCsv), "Export");
  expect_not_found(service_->Export(kHaus, norr.id, {entry.id}, ExportFormat::kXlsx), "Export");

  // Their own opportunity with Norr's candidate.
  expect_not_found(service_->Candidate(kHaus, haus.id, entry.id), "Candidate via own");
  expect_not_found(service_->Notes(kHaus, haus.id, entry.id), "Notes via own");
  expect_not_found(service_->Move(kHaus, haus.id, {entry.id}, {Stage::kShortlisted, "", ""}),
                   "Move via own");
  expect_not_found(service_->Tag(kHaus, haus.id, {entry.id}, "mine", true), "Tag via own");
  expect_not_found(service_->AddNote(kHaus, haus.id, entry.id, "Hello"), "AddNote via own");
  expect_not_found(service_->Export(kHaus, haus.id, {entry.id}, ExportFormat::kCsv),
                   "Export via own");

  EXPECT_EQ(Snapshot(), before) << "nothing changed";
  auto counts = service_->CountsOf(kHaus);
  ASSERT_TRUE(counts.has_value());
  EXPECT_TRUE(counts->empty());
  auto list = service_->OfOrganisation(kHaus);
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(Ids(*list), std::vector<int64_t>{haus.id});
  EXPECT_EQ(Stored(kNorr, norr.id).title, "Norr's");
}

// ---------------------------------------------------------------------------------------------
// Browse: the public list

struct Catalogue {
  int64_t forest = 0;        // Norr, SE Umeå, individual volunteering, 2027-03-01..08-31, 02-01
  int64_t team = 0;          // Haus, DE Berlin, team, 2027-05-01..06-15, rolling, AT/DE only
  int64_t aid = 0;           // Norr, FR Lyon, humanitarian aid, 2027-02-01..12-31, 01-10
  int64_t job = 0;           // Haus, SE Stockholm, job, flexible, rolling
  int64_t trainee = 0;       // Norr, SE Umeå, traineeship, 2027-01-20..04-30, 2026-12-10
  int64_t aid_flexible = 0;  // Haus, IT Roma, humanitarian aid, flexible, rolling
  int64_t draft = 0;
  int64_t closed = 0;
};

class BrowseTest : public OpportunitiesServiceTest {
 protected:
  void SetUp() override {
    OpportunitiesServiceTest::SetUp();
    if (IsSkipped()) return;
    Opportunity forest = Open("Forest");
    c_.forest = Live(kNorr, forest).id;

    Opportunity team = Open("Team");
    team.activity_type = "volunteering_team";
    team.country = "DE";
    team.town = "Berlin";
    team.topics = {"digital", "sport"};
    team.start_date = D(2027, 5, 1);
    team.end_date = D(2027, 6, 15);
    team.application_deadline.reset();
    team.eligible_residence = {"AT", "DE"};
    c_.team = Live(kHaus, team).id;

    Opportunity aid = Open("Aid");
    aid.activity_type = "humanitarian_aid";
    aid.country = "FR";
    aid.town = "Lyon";
    aid.topics = {"health_wellbeing"};
    aid.start_date = D(2027, 2, 1);
    aid.end_date = D(2027, 12, 31);
    aid.application_deadline = D(2027, 1, 10);
    c_.aid = Live(kNorr, aid).id;

    Opportunity job = Open("Job");
    job.activity_type = "job";
    job.town = "Stockholm";
    job.topics = {"employment_entrepreneurship"};
    job.start_date.reset();
    job.end_date.reset();
    job.application_deadline.reset();
    c_.job = Live(kHaus, job).id;

    Opportunity trainee = Open("Trainee");
    trainee.activity_type = "traineeship";
    trainee.topics = {"education_training"};
    trainee.start_date = D(2027, 1, 20);
    trainee.end_date = D(2027, 4, 30);
    trainee.application_deadline = D(2026, 12, 10);
    c_.trainee = Live(kNorr, trainee).id;

    Opportunity flexible = Open("Aid anywhere, any time");
    flexible.activity_type = "humanitarian_aid";
    flexible.country = "IT";
    flexible.town = "Roma";
    flexible.topics = {"peace_reconciliation"};
    flexible.start_date.reset();
    flexible.end_date.reset();
    flexible.application_deadline.reset();
    c_.aid_flexible = Live(kHaus, flexible).id;

    c_.draft = Make(kNorr, Open("Draft")).id;
    c_.closed = Live(kNorr, Open("Closed")).id;
    ASSERT_TRUE(service_->Close(kNorr, c_.closed).has_value());
  }

  std::vector<int64_t> All() const {
    return {c_.trainee, c_.aid, c_.forest, c_.team, c_.job, c_.aid_flexible};
  }

  Catalogue c_;
};

TEST_P(BrowseTest, OnlyPublishedOpenOnesSoonestLastDayFirst) {
  auto page = service_->Browse({}, 1, 20);
  ASSERT_TRUE(page.has_value()) << Describe(page);
  EXPECT_EQ(page->total, 6);
  EXPECT_EQ(page->page, 1);
  EXPECT_EQ(page->per_page, 20);
  EXPECT_EQ(Ids(page->items), All()) << "no draft, nothing closed; flexible rolling last";
  for (const auto& o : page->items) {
    EXPECT_EQ(o.status, Status::kPublished);
    EXPECT_FALSE(o.organisation_name.empty());
  }
}

TEST_P(BrowseTest, NewestFirst) {
  Filter f;
  f.newest_first = true;
  EXPECT_EQ(BrowseIds(f), (std::vector<int64_t>{c_.aid_flexible, c_.trainee, c_.job, c_.aid,
                                                c_.team, c_.forest}));
}

TEST_P(BrowseTest, Paging) {
  auto first = service_->Browse({}, 1, 4);
  ASSERT_TRUE(first.has_value()) << Describe(first);
  EXPECT_EQ(first->total, 6);
  EXPECT_EQ(Ids(first->items), (std::vector<int64_t>{c_.trainee, c_.aid, c_.forest, c_.team}));
  auto second = service_->Browse({}, 2, 4);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->total, 6);
  EXPECT_EQ(second->page, 2);
  EXPECT_EQ(Ids(second->items), (std::vector<int64_t>{c_.job, c_.aid_flexible}));
  EXPECT_FALSE(second->page * second->per_page < second->total) << "no next page";
  EXPECT_TRUE(first->page * first->per_page < first->total) << "a next page";
  auto beyond = service_->Browse({}, 3, 4);
  ASSERT_TRUE(beyond.has_value());
  EXPECT_EQ(beyond->total, 6);
  EXPECT_TRUE(beyond->items.empty());

  Filter newest;
  newest.newest_first = true;
  auto newest_second = service_->Browse(newest, 2, 4);
  ASSERT_TRUE(newest_second.has_value());
  EXPECT_EQ(Ids(newest_second->items), (std::vector<int64_t>{c_.team, c_.forest}));

  // Out-of-range paging is brought into range.
  auto clamped = service_->Browse({}, 0, 0);
  ASSERT_TRUE(clamped.has_value());
  EXPECT_EQ(clamped->page, 1);
  EXPECT_EQ(clamped->per_page, 1);
  EXPECT_EQ(Ids(clamped->items), std::vector<int64_t>{c_.trainee});
  auto big = service_->Browse({}, -5, 100000);
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->page, 1);
  EXPECT_EQ(big->per_page, 100);
  EXPECT_EQ(big->items.size(), 6u);
}

TEST_P(BrowseTest, FilterByCountryTownTopicTypeAndOrganisation) {
  Filter f;
  f.country = "SE";
  EXPECT_EQ(BrowseIds(f), (std::vector<int64_t>{c_.trainee, c_.forest, c_.job}));
  f.country = "PL";
  EXPECT_TRUE(BrowseIds(f).empty());

  Filter town;
  town.town = "umeå";
  EXPECT_EQ(BrowseIds(town), (std::vector<int64_t>{c_.trainee, c_.forest}));
  town.town = "UMEå";
  EXPECT_EQ(BrowseIds(town), (std::vector<int64_t>{c_.trainee, c_.forest})) << "case-insensitive";
  town.town = "UMEÅ";
  EXPECT_EQ(BrowseIds(town), (std::vector<int64_t>{c_.trainee, c_.forest}))
      << "beyond ASCII, on both databases";
  town.town = "  sTOCKHOLM ";
  EXPECT_EQ(BrowseIds(town), std::vector<int64_t>{c_.job}) << "trimmed";
  town.town = "Stock";
  EXPECT_TRUE(BrowseIds(town).empty()) << "the whole name";

  Filter topic;
  topic.topic = "digital";
  EXPECT_EQ(BrowseIds(topic), std::vector<int64_t>{c_.team});
  topic.topic = "environment_nature";
  EXPECT_EQ(BrowseIds(topic), std::vector<int64_t>{c_.forest});

  Filter type;
  type.activity_type = "humanitarian_aid";
  EXPECT_EQ(BrowseIds(type), (std::vector<int64_t>{c_.aid, c_.aid_flexible}));
  type.activity_type = "job";
  EXPECT_EQ(BrowseIds(type), std::vector<int64_t>{c_.job});

  Filter org;
  org.oid = kHaus.oid;
  EXPECT_EQ(BrowseIds(org), (std::vector<int64_t>{c_.team, c_.job, c_.aid_flexible}));

  Filter both;
  both.country = "SE";
  both.topic = "education_training";
  EXPECT_EQ(BrowseIds(both), std::vector<int64_t>{c_.trainee});
}

TEST_P(BrowseTest, FilterByPeriodOverlap) {
  Filter late;
  late.from = D(2027, 9, 1);
  EXPECT_EQ(BrowseIds(late), (std::vector<int64_t>{c_.aid, c_.job, c_.aid_flexible}))
      << "flexible dates overlap every period";
  Filter early;
  early.to = D(2027, 1, 31);
  EXPECT_EQ(BrowseIds(early), (std::vector<int64_t>{c_.trainee, c_.job, c_.aid_flexible}));
  // The boundaries count: the trainee ends on 30 April, the team starts on 1 May.
  Filter april;
  april.from = D(2027, 4, 30);
  april.to = D(2027, 4, 30);
  EXPECT_EQ(BrowseIds(april),
            (std::vector<int64_t>{c_.trainee, c_.aid, c_.forest, c_.job, c_.aid_flexible}));
  Filter may;
  may.from = D(2027, 5, 1);
  may.to = D(2027, 5, 1);
  EXPECT_EQ(BrowseIds(may),
            (std::vector<int64_t>{c_.aid, c_.forest, c_.team, c_.job, c_.aid_flexible}));
}

TEST_P(BrowseTest, FilterByStillOpenOnADay) {
  Filter f;
  f.open_until = D(2026, 12, 10);
  EXPECT_EQ(BrowseIds(f), All()) << "the trainee's deadline day";
  f.open_until = D(2026, 12, 11);
  EXPECT_EQ(BrowseIds(f),
            (std::vector<int64_t>{c_.aid, c_.forest, c_.team, c_.job, c_.aid_flexible}));
  f.open_until = D(2027, 1, 11);
  EXPECT_EQ(BrowseIds(f), (std::vector<int64_t>{c_.forest, c_.team, c_.job, c_.aid_flexible}));
  f.open_until = D(2027, 4, 17);
  EXPECT_EQ(BrowseIds(f), (std::vector<int64_t>{c_.team, c_.job, c_.aid_flexible}))
      << "rolling: 14 days before 1 May";
  f.open_until = D(2027, 4, 18);
  EXPECT_EQ(BrowseIds(f), (std::vector<int64_t>{c_.job, c_.aid_flexible}));
}

TEST_P(BrowseTest, FilterByEligibility) {
  auto eligible = [&](Date birth, std::string residence = "") {
    Filter f;
    f.eligible_birth_date = birth;
    f.eligible_residence = std::move(residence);
    return BrowseIds(f);
  };
  // 18 on the forest's first day (1 March 2027); 17 on every earlier start and today.
  EXPECT_EQ(eligible(D(2009, 3, 1)), (std::vector<int64_t>{c_.forest, c_.team}));
  EXPECT_EQ(eligible(D(2009, 3, 2)), std::vector<int64_t>{c_.team});
  // 18 today: the flexible ones count the age today.
  EXPECT_EQ(eligible(D(2008, 12, 1)), All());
  EXPECT_EQ(eligible(D(2008, 12, 2)),
            (std::vector<int64_t>{c_.trainee, c_.aid, c_.forest, c_.team}));
  // 30 until 1 March 2027, 31 on the team's start.
  EXPECT_EQ(eligible(D(1996, 3, 2)),
            (std::vector<int64_t>{c_.trainee, c_.aid, c_.forest, c_.job, c_.aid_flexible}));
  // Humanitarian aid up to 35: 35 on 1 February 2027 and today.
  EXPECT_EQ(eligible(D(1991, 2, 2)), (std::vector<int64_t>{c_.aid, c_.aid_flexible}));
  EXPECT_EQ(eligible(D(1991, 2, 1)), std::vector<int64_t>{c_.aid_flexible}) << "36 on the start";
  EXPECT_EQ(eligible(D(1990, 12, 2)), std::vector<int64_t>{c_.aid_flexible}) << "35 today";
  EXPECT_TRUE(eligible(D(1990, 12, 1)).empty()) << "36 today";
  // R9: the team takes residents of Austria and Germany only.
  EXPECT_EQ(eligible(D(2000, 1, 1), "SE"),
            (std::vector<int64_t>{c_.trainee, c_.aid, c_.forest, c_.job, c_.aid_flexible}));
  EXPECT_EQ(eligible(D(2000, 1, 1), "AT"), All());
  Filter residence_only;
  residence_only.eligible_residence = "FR";
  EXPECT_EQ(BrowseIds(residence_only),
            (std::vector<int64_t>{c_.trainee, c_.aid, c_.forest, c_.job, c_.aid_flexible}));
}

TEST_P(BrowseTest, TheEligibilityFilterAgreesWithTheRules) {
  const auto all = Browse();
  const Date today = clock_.Today();
  for (const Date birth :
       {D(2009, 3, 1), D(2009, 1, 20), D(2009, 1, 21), D(2008, 12, 1), D(2008, 12, 2),
        D(1996, 5, 1), D(1996, 5, 2), D(1996, 1, 20), D(1991, 2, 1), D(1991, 2, 2), D(1990, 12, 1),
        D(1990, 12, 2), D(2008, 2, 29), D(1996, 2, 29)}) {
    for (const std::string residence : {"SE", "DE", "AT"}) {
      Filter f;
      f.eligible_birth_date = birth;
      f.eligible_residence = residence;
      std::vector<int64_t> expected;
      for (const auto& o : all) {
        if (IsEligible(o, birth, residence, today)) expected.push_back(o.id);
      }
      EXPECT_EQ(BrowseIds(f), expected) << FormatIsoDate(birth) << " " << residence;
    }
  }
}

TEST_P(BrowseTest, PastTheirLastDayTheyLeaveTheListBeforeTheyAreClosed) {
  SetToday(D(2026, 12, 11));
  EXPECT_EQ(BrowseIds(),
            (std::vector<int64_t>{c_.aid, c_.forest, c_.team, c_.job, c_.aid_flexible}));
  SetToday(D(2027, 4, 18));  // the team's rolling applications ended on 17 April
  EXPECT_EQ(BrowseIds(), (std::vector<int64_t>{c_.job, c_.aid_flexible}));
  auto page = service_->Browse({}, 1, 20);
  ASSERT_TRUE(page.has_value());
  EXPECT_EQ(page->total, 2);
}

TEST_P(OpportunitiesServiceTest, SoonestLastApplicationDayCountsRollingOnesFourteenDaysEarly) {
  // Applications to the rolling one end on 17 April (14 days before its start on 1 May); the
  // other's deadline is 20 April. Soonest last day first puts the rolling one first.
  Opportunity deadline = Open("Deadline 20 April");
  deadline.activity_type = "volunteering_team";
  deadline.start_date = D(2027, 6, 1);
  deadline.end_date = D(2027, 7, 31);
  deadline.application_deadline = D(2027, 4, 20);
  const int64_t by_deadline = Live(kNorr, deadline).id;
  Opportunity rolling = Open("Rolling until 17 April");
  rolling.activity_type = "volunteering_team";
  rolling.start_date = D(2027, 5, 1);
  rolling.end_date = D(2027, 6, 15);
  rolling.application_deadline.reset();
  const int64_t by_start = Live(kNorr, rolling).id;
  auto page = service_->Browse({}, 1, 20);
  ASSERT_TRUE(page.has_value()) << Describe(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_TRUE(LastApplicationDay(page->items[0]) <= LastApplicationDay(page->items[1]))
      << "the first ends applications on " << FormatIsoDate(*LastApplicationDay(page->items[0]))
      << ", the second on " << FormatIsoDate(*LastApplicationDay(page->items[1]));
  EXPECT_EQ(Ids(page->items), (std::vector<int64_t>{by_start, by_deadline}));
}

// ---------------------------------------------------------------------------------------------
// Apply, withdraw, follow

TEST_P(OpportunitiesServiceTest, ApplyCreatesANewEntry) {
  const Opportunity o = Live(kNorr, Open());
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const Timestamp now = clock_.Now();
  ApplicationForm form = Form("Hej! I know the forest well.");
  form.motivation = "Not asked, so not kept.";
  auto r = service_->Apply(elsa, o.id, form);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_GT(r->id, 0);
  EXPECT_EQ(r->opportunity_id, o.id);
  EXPECT_EQ(r->participant_id, elsa.profile.id);
  EXPECT_TRUE(r->applied);
  EXPECT_EQ(r->stage, Stage::kNew);
  EXPECT_EQ(r->message, "Hej! I know the forest well.");
  EXPECT_EQ(r->motivation, "");
  EXPECT_FALSE(r->share_cv);
  EXPECT_EQ(r->applied_at, now);
  EXPECT_EQ(r->reference, elsa.profile.reference);
  EXPECT_EQ(r->given_name, "Elsa");
  EXPECT_EQ(r->residence, "SE");
  EXPECT_EQ(r->birth_date, D(2000, 5, 17));
  EXPECT_EQ(r->language, "sv");

  const auto audit = AuditOf("application.sent");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "participant:" + elsa.profile.reference);
  EXPECT_EQ(audit[0].oid, kNorr.oid);
  EXPECT_EQ(audit[0].subject, Subject(o.id));

  auto pipeline = service_->Pipeline(kNorr, o.id);
  ASSERT_TRUE(pipeline.has_value()) << Describe(pipeline);
  EXPECT_EQ(Ids(*pipeline), std::vector<int64_t>{r->id});
  auto counts = service_->CountsOf(kNorr);
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->at(o.id).candidates, 1);
  EXPECT_EQ(counts->at(o.id).fresh, 1);
  auto mine = service_->ApplicationTo(elsa.profile.id, o.id);
  ASSERT_TRUE(mine.has_value() && mine->has_value());
  EXPECT_EQ((*mine)->id, r->id);
}

TEST_P(OpportunitiesServiceTest, ApplyOnlyWhileTakingApplications) {
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const Opportunity draft = Make(kNorr, Open("Draft"));
  const Opportunity closed = Live(kNorr, Open("Closed"));
  ASSERT_TRUE(service_->Close(kNorr, closed.id).has_value());
  Opportunity soon = Open("Deadline soon");
  soon.application_deadline = D(2026, 12, 5);
  const Opportunity due = Live(kNorr, soon);
  SetToday(D(2026, 12, 6));  // past its deadline, not yet closed by the daily job
  const std::string before = Snapshot();

  auto r = service_->Apply(elsa, draft.id, Form());
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  r = service_->Apply(elsa, 987654, Form());
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  r = service_->Apply(elsa, closed.id, Form());
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.application.closed");
  r = service_->Apply(elsa, due.id, Form());
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.application.closed");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, ApplyChecksEligibility) {
  Opportunity o = Open();
  o.eligible_residence = {"FI", "SE"};
  const Opportunity live = Live(kNorr, o);  // starts 1 March 2027
  const Account young = Person("Young", D(2009, 3, 2));
  const Account abroad = Person("Hans", D(2000, 1, 1), "DE", "de");
  const Account neither = Person("Otto", D(1990, 1, 1), "DE", "de");
  const std::string before = Snapshot();

  auto r = service_->Apply(young, live.id, Form());
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.application.not_eligible");
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "eligibility");
  EXPECT_EQ(r.error().fields[0].message.key, "eligibility.age.young");

  r = service_->Apply(abroad, live.id, Form());
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].message.key, "eligibility.residence.no");

  r = service_->Apply(neither, live.id, ApplicationForm{});
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), (std::vector<std::string>{"eligibility", "eligibility"}))
      << "each failed rule, before anything else";
  EXPECT_EQ(r.error().fields[0].message.key, "eligibility.age.old");
  EXPECT_EQ(r.error().fields[1].message.key, "eligibility.residence.no");
  EXPECT_EQ(Snapshot(), before);

  // 18 exactly on the start day is old enough.
  const Account adult = Person("Adult", D(2009, 3, 1));
  EXPECT_TRUE(service_->Apply(adult, live.id, Form()).has_value());
}

TEST_P(OpportunitiesServiceTest, ApplyForHumanitarianAidUpToThirtyFive) {
  Opportunity o = Open("Aid");
  o.activity_type = "humanitarian_aid";
  const Opportunity aid = Live(kNorr, o);                // starts 1 March 2027
  const Account older = Person("Older", D(1991, 3, 2));  // 35 on the start day
  EXPECT_TRUE(service_->Apply(older, aid.id, Form()).has_value());
  const Account too_old = Person("Oldest", D(1991, 3, 1));  // 36
  auto r = service_->Apply(too_old, aid.id, Form());
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(r.error().fields.at(0).message.key, "eligibility.age.old");
  const Opportunity forest = Live(kNorr, Open("Forest"));
  r = service_->Apply(older, forest.id, Form());
  EXPECT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << "31 is too old for the rest";
}

TEST_P(OpportunitiesServiceTest, ApplyWithFlexibleDatesCountsTheAgeToday) {
  Opportunity o = Open("Flexible");
  o.start_date.reset();
  o.end_date.reset();
  o.application_deadline.reset();
  const Opportunity flexible = Live(kNorr, o);
  const Account tomorrow = Person("Tomorrow", D(2008, 12, 2));  // 18 tomorrow
  auto r = service_->Apply(tomorrow, flexible.id, Form());
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  SetToday(D(2026, 12, 2));
  EXPECT_TRUE(service_->Apply(tomorrow, flexible.id, Form()).has_value());
}

TEST_P(OpportunitiesServiceTest, ApplyNeedsAMessageAndWhatIsAsked) {
  const Opportunity full = Live(kNorr, Full());  // asks CV and motivation; FI, NO, SE
  const Opportunity plain = Live(kNorr, Open("Plain"));
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const std::string before = Snapshot();

  auto r = service_->Apply(elsa, plain.id, Form(""));
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"message"});
  EXPECT_EQ(KeyOf(r.error(), "message"), "error.field.required");
  r = service_->Apply(elsa, plain.id, Form(" \n "));
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "message"), "error.field.required");
  r = service_->Apply(elsa, plain.id, Form(std::string(kMaxMessageLength + 1, 'a')));
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "message"), "error.field.too_long_count");

  r = service_->Apply(elsa, full.id, Form());
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), (std::vector<std::string>{"motivation", "share_cv"}));
  EXPECT_EQ(KeyOf(r.error(), "motivation"), "error.application.motivation_asked");
  EXPECT_EQ(KeyOf(r.error(), "share_cv"), "error.application.cv_asked");

  ApplicationForm with_cv = Form();
  with_cv.motivation = "I grew up next to a forest.";
  with_cv.share_cv = true;
  r = service_->Apply(elsa, full.id, with_cv);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"share_cv"});
  EXPECT_EQ(KeyOf(r.error(), "share_cv"), "error.application.no_cv") << "no CV on the profile";
  r = service_->Apply(elsa, plain.id, with_cv);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "share_cv"), "error.application.no_cv") << "even when not asked";
  EXPECT_EQ(Snapshot(), before);

  Account with_file = elsa;
  with_file.cv = participants::Cv{"key-1", "elsa.pdf", 1234, "abc", clock_.Now()};
  auto ok = service_->Apply(with_file, full.id, with_cv);
  ASSERT_TRUE(ok.has_value()) << Describe(ok);
  EXPECT_TRUE(ok->share_cv);
  EXPECT_EQ(ok->motivation, "I grew up next to a forest.");
}

TEST_P(OpportunitiesServiceTest, ApplyTwiceIsADuplicate) {
  const Opportunity o = Live(kNorr, Open());
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  Apply(elsa, o.id);
  const std::string before = Snapshot();
  auto r = service_->Apply(elsa, o.id, Form("Again"));
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.application.duplicate");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(OpportunitiesServiceTest, WithdrawThenApplyAgainReusesTheRow) {
  const Opportunity o = Live(kNorr, Open());
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const Entry first = Apply(elsa, o.id, Form("First try"));
  ASSERT_TRUE(service_->Move(kNorr, o.id, {first.id}, {Stage::kInterview, "", ""}).has_value());
  AdvanceMinutes(10);
  ASSERT_TRUE(service_->Withdraw(elsa.profile.id, first.id).has_value());
  EXPECT_EQ(EntryById(first.id).stage, Stage::kWithdrawn);
  const auto withdrawn = AuditOf("application.withdrawn");
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].actor, "participant:" + elsa.profile.reference);
  EXPECT_EQ(withdrawn[0].oid, kNorr.oid);
  auto counts = service_->CountsOf(kNorr);
  ASSERT_TRUE(counts.has_value());
  EXPECT_FALSE(counts->contains(o.id)) << "withdrawn ones do not count";

  AdvanceMinutes(10);
  const Timestamp now = clock_.Now();
  const Entry second = Apply(elsa, o.id, Form("Second try"));
  EXPECT_EQ(second.id, first.id) << "the same row";
  EXPECT_EQ(second.stage, Stage::kNew);
  EXPECT_EQ(second.message, "Second try");
  EXPECT_EQ(second.applied_at, now);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 1);
  EXPECT_EQ(AuditOf("application.sent").size(), 2u);
}

TEST_P(OpportunitiesServiceTest, AShortlistedPersonWhoAppliesBecomesAnApplicant) {
  const Opportunity o = Live(kNorr, Open());
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const int64_t entry = Shortlist(elsa, o.id);
  auto before = service_->ApplicationTo(elsa.profile.id, o.id);
  ASSERT_TRUE(before.has_value());
  EXPECT_FALSE(before->has_value()) << "the organisation's own list is not an application";
  auto list = service_->ApplicationsOf(elsa.profile.id);
  ASSERT_TRUE(list.has_value());
  EXPECT_TRUE(list->empty());

  const Entry applied = Apply(elsa, o.id, Form("You found me!"));
  EXPECT_EQ(applied.id, entry);
  EXPECT_TRUE(applied.applied);
  EXPECT_EQ(applied.stage, Stage::kShortlisted) << "the organisation's stage stays";
  EXPECT_EQ(applied.message, "You found me!");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 1);
  list = service_->ApplicationsOf(elsa.profile.id);
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->at(0).entry.id, entry);
}

TEST_P(OpportunitiesServiceTest, AnApplicationAfterAQuietNotSelectedStartsAfresh) {
  // Staff marked someone they found in a search "not selected" (no mail: they never applied).
  // When the person then applies, the application must not show "not selected" at once,
  // unexplained.
  const Opportunity o = Live(kNorr, Open());
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const int64_t entry = Shortlist(elsa, o.id);
  ASSERT_TRUE(service_->Move(kNorr, o.id, {entry}, {Stage::kNotSelected, "profile_mismatch", ""})
                  .has_value());
  EXPECT_TRUE(Mails().empty());
  const Entry applied = Apply(elsa, o.id, Form("I would like to be considered."));
  EXPECT_EQ(applied.id, entry);
  EXPECT_EQ(applied.stage, Stage::kNew);
  EXPECT_EQ(applied.reason, "");
}

TEST_P(OpportunitiesServiceTest, ApplicationsOfShowsOnlyApplications) {
  const Opportunity forest = Live(kNorr, Open("Forest"));
  const Opportunity lake = Live(kHaus, Open("Lake"));
  const Opportunity hidden = Live(kHaus, Open("Found in a search"));
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const Account jean = Person("Jean", D(2001, 1, 2), "FR", "fr");
  const Entry a = Apply(elsa, forest.id);
  const Entry b = Apply(elsa, lake.id);
  Apply(jean, forest.id);
  Shortlist(elsa, hidden.id);
  ASSERT_TRUE(service_->Withdraw(elsa.profile.id, b.id).has_value());
  ASSERT_TRUE(service_->Tag(kNorr, forest.id, {a.id}, "maybe", true).has_value());
  ASSERT_TRUE(service_->AddNote(kNorr, forest.id, a.id, "Private to Norr.").has_value());

  auto mine = service_->ApplicationsOf(elsa.profile.id);
  ASSERT_TRUE(mine.has_value()) << Describe(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ(mine->at(0).entry.id, a.id);
  EXPECT_EQ(mine->at(0).opportunity.id, forest.id);
  EXPECT_EQ(mine->at(0).opportunity.organisation_name, kNorrName);
  EXPECT_TRUE(mine->at(0).entry.tags.empty()) << "the organisation's tags stay with it";
  EXPECT_EQ(mine->at(0).entry.notes, 0) << "and so do its notes";
  EXPECT_EQ(mine->at(1).entry.id, b.id);
  EXPECT_EQ(mine->at(1).entry.stage, Stage::kWithdrawn);
  EXPECT_EQ(mine->at(1).opportunity.title, "Lake");
  auto none = service_->ApplicationTo(elsa.profile.id, hidden.id);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

TEST_P(OpportunitiesServiceTest, WithdrawOnlyOwnAppliedUnmatchedEntries) {
  const Opportunity o = Live(kNorr, Open());
  const Account elsa = Person("Elsa", D(2000, 5, 17));
  const Account jean = Person("Jean", D(2001, 1, 2), "FR", "fr");
  const Account hans = Person("Hans", D(1999, 2, 2), "DE", "de");
  const Entry mine = Apply(elsa, o.id);
  const Entry matched = Apply(jean, o.id);
  SetStage(matched.id, Stage::kMatched);
  const int64_t shortlisted = Shortlist(hans, o.id);
  const std::string before = Snapshot();

  auto r = service_->Withdraw(jean.profile.id, mine.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.application.not_found");
  r = service_->Withdraw(hans.profile.id, shortlisted);
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << "not an application: " << Describe(r);
  r = service_->Withdraw(elsa.profile.id, 99999);
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  r = service_->Withdraw(jean.profile.id, matched.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
  EXPECT_EQ(r.error().message.key, "error.application.matched");
  SetStage(matched.id, Stage::kOffered);
  const std::string offered = Snapshot();
  r = service_->Withdraw(jean.profile.id, matched.id);
  ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << "an offer is declined in the inbox";
  EXPECT_EQ(r.error().message.key, "error.application.offered");
  EXPECT_EQ(Snapshot(), offered);
  SetStage(matched.id, Stage::kMatched);
  EXPECT_EQ(Snapshot(), before);

  ASSERT_TRUE(service_->Withdraw(elsa.profile.id, mine.id).has_value());
  const std::string after = Snapshot();
  EXPECT_TRUE(service_->Withdraw(elsa.profile.id, mine.id).has_value()) << "again: nothing to do";
  EXPECT_EQ(Snapshot(), after);
  EXPECT_EQ(AuditOf("application.withdrawn").size(), 1u);
}

// ---------------------------------------------------------------------------------------------
// The pipeline

class PipelineTest : public OpportunitiesServiceTest {
 protected:
  void SetUp() override {
    OpportunitiesServiceTest::SetUp();
    if (IsSkipped()) return;
    forest_ = Live(kNorr, Open("Forest"));
    lake_ = Live(kNorr, Open("Lake"));
    elsa_ = Person("Elsa", D(2000, 5, 17), "SE", "sv");
    jean_ = Person("Jean", D(2001, 1, 2), "FR", "fr");
    hans_ = Person("Hans", D(1999, 2, 2), "DE", "de");
    jean_entry_ = Apply(jean_, forest_.id).id;
    elsa_entry_ = Apply(elsa_, forest_.id).id;
    hans_entry_ = Shortlist(hans_, forest_.id);
    lake_entry_ = Apply(elsa_, lake_.id).id;
  }

  Stage StageOf(int64_t id) { return EntryById(id).stage; }

  Opportunity forest_, lake_;
  Account elsa_, jean_, hans_;
  int64_t jean_entry_ = 0, elsa_entry_ = 0, hans_entry_ = 0, lake_entry_ = 0;
};

TEST_P(PipelineTest, PipelineAndCandidate) {
  auto all = service_->Pipeline(kNorr, forest_.id);
  ASSERT_TRUE(all.has_value()) << Describe(all);
  EXPECT_EQ(Ids(*all), (std::vector<int64_t>{jean_entry_, elsa_entry_, hans_entry_}));
  EXPECT_FALSE(all->at(2).applied);
  auto one = service_->Candidate(kNorr, forest_.id, elsa_entry_);
  ASSERT_TRUE(one.has_value()) << Describe(one);
  EXPECT_EQ(one->reference, elsa_.profile.reference);
  EXPECT_TRUE(IsError(service_->Candidate(kNorr, forest_.id, lake_entry_), ErrorCode::kNotFound))
      << "an entry of another opportunity";
  auto counts = service_->CountsOf(kNorr);
  ASSERT_TRUE(counts.has_value());
  EXPECT_EQ(counts->at(forest_.id).candidates, 3);
  EXPECT_EQ(counts->at(forest_.id).fresh, 2) << "the shortlisted one is not new";
  EXPECT_EQ(counts->at(lake_.id).candidates, 1);
}

TEST_P(PipelineTest, MoveSeveral) {
  const Timestamp now = clock_.Now();
  auto r =
      service_->Move(kNorr, forest_.id, {jean_entry_, elsa_entry_}, {Stage::kShortlisted, "", ""});
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(StageOf(jean_entry_), Stage::kShortlisted);
  EXPECT_EQ(StageOf(elsa_entry_), Stage::kShortlisted);
  EXPECT_EQ(EntryById(elsa_entry_).updated_at, now);
  EXPECT_EQ(StageOf(lake_entry_), Stage::kNew) << "another opportunity's entry";
  EXPECT_TRUE(Mails().empty());
  const auto audit = AuditOf("pipeline.moved");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "staff <anna@norr.example>");
  EXPECT_EQ(audit[0].subject, Subject(forest_.id));
  EXPECT_EQ(audit[0].detail, "{\"stage\":\"shortlisted\",\"count\":\"2\"}");

  // Those already there do not count.
  r = service_->Move(kNorr, forest_.id, {jean_entry_, elsa_entry_, hans_entry_},
                     {Stage::kShortlisted, "", ""});
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 0);
  r = service_->Move(kNorr, forest_.id, {elsa_entry_}, {Stage::kInterview, "", ""});
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(StageOf(elsa_entry_), Stage::kInterview);
}

TEST_P(PipelineTest, MoveNeedsASelectionAndAManualStage) {
  const std::string before = Snapshot();
  auto r = service_->Move(kNorr, forest_.id, {}, {Stage::kShortlisted, "", ""});
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"selected"});
  for (const Stage stage : {Stage::kOffered, Stage::kMatched, Stage::kWithdrawn}) {
    r = service_->Move(kNorr, forest_.id, {elsa_entry_}, {stage, "", ""});
    ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
    EXPECT_EQ(KeyOf(r.error(), "stage"), "error.pipeline.stage_not_manual");
  }
  EXPECT_EQ(Snapshot(), before);
  for (const Stage stage : AllStages()) {
    EXPECT_EQ(StaffMayMoveTo(stage),
              stage != Stage::kOffered && stage != Stage::kMatched && stage != Stage::kWithdrawn)
        << StageCode(stage);
  }
}

TEST_P(PipelineTest, NotSelectedNeedsAKnownReason) {
  const std::string before = Snapshot();
  auto r = service_->Move(kNorr, forest_.id, {elsa_entry_}, {Stage::kNotSelected, "", ""});
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"reason"});
  EXPECT_EQ(KeyOf(r.error(), "reason"), "error.pipeline.reason_required");
  r = service_->Move(kNorr, forest_.id, {elsa_entry_}, {Stage::kNotSelected, "too_old", ""});
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "reason"), "error.pipeline.reason_unknown");
  r = service_->Move(kNorr, forest_.id, {elsa_entry_},
                     {Stage::kNotSelected, "other", std::string(kMaxReasonTextLength + 1, 'x')});
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"reason_text"});
  EXPECT_EQ(Snapshot(), before);
  for (const auto reason : kNotSelectedReasons) EXPECT_TRUE(IsNotSelectedReason(reason));
  EXPECT_FALSE(IsNotSelectedReason("Places_filled"));
}

TEST_P(PipelineTest, NotSelectedMailsTheApplicantsInTheirLanguage) {
  auto r =
      service_->Move(kNorr, forest_.id, {jean_entry_, elsa_entry_, hans_entry_},
                     {Stage::kNotSelected, "places_filled", "All places went to earlier ones."});
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 3);
  for (const int64_t id : {jean_entry_, elsa_entry_, hans_entry_}) {
    const Entry e = EntryById(id);
    EXPECT_EQ(e.stage, Stage::kNotSelected);
    EXPECT_EQ(e.reason, "places_filled");
    EXPECT_EQ(e.reason_text, "All places went to earlier ones.");
  }
  const auto mails = Mails();
  ASSERT_EQ(mails.size(), 2u) << "Hans never applied: nobody tells him";
  EXPECT_EQ(mails[0].to, "jean@young.example");
  EXPECT_EQ(mails[0].lang, "fr");
  EXPECT_EQ(mails[0].to_name, "Jean Andersson");
  EXPECT_EQ(mails[1].to, "elsa@young.example");
  EXPECT_EQ(mails[1].lang, "sv");
  for (const auto& m : mails) {
    EXPECT_EQ(m.subject, "application_declined");
    EXPECT_NE(m.body.find("title=Forest\n"), std::string::npos) << m.body;
    EXPECT_NE(m.body.find(std::string("organisation=") + kNorrName + "\n"), std::string::npos)
        << m.body;
    EXPECT_NE(m.body.find("reason_code=places_filled\n"), std::string::npos) << m.body;
    EXPECT_NE(m.body.find("reason_text=All places went to earlier ones.\n"), std::string::npos);
    EXPECT_NE(m.body.find("url=https://pass.example/young/applications\n"), std::string::npos);
  }
  EXPECT_NE(mails[1].body.find("name=Elsa\n"), std::string::npos);
  const auto audit = AuditOf("pipeline.moved");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].reason, "places_filled");

  // Back to interview: the reason goes, and nobody is mailed again.
  r = service_->Move(kNorr, forest_.id, {elsa_entry_}, {Stage::kInterview, "", ""});
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(EntryById(elsa_entry_).reason, "");
  EXPECT_EQ(EntryById(elsa_entry_).reason_text, "");
  EXPECT_EQ(Mails().size(), 2u);
}

TEST_P(PipelineTest, LockedStagesMakeTheWholeMoveFail) {
  // Jean's entry comes first and would be moved (and mailed) before the locked one is met.
  for (const Stage locked : {Stage::kWithdrawn, Stage::kOffered, Stage::kMatched}) {
    SCOPED_TRACE(std::string(StageCode(locked)));
    SetStage(elsa_entry_, locked);
    const std::string before = Snapshot();
    auto r = service_->Move(kNorr, forest_.id, {jean_entry_, elsa_entry_},
                            {Stage::kNotSelected, "dates", ""});
    ASSERT_TRUE(IsError(r, ErrorCode::kConflict)) << Describe(r);
    EXPECT_EQ(r.error().message.key, "error.pipeline.stage_locked");
    ASSERT_NE(r.error().message.Arg("reference"), nullptr);
    EXPECT_EQ(*r.error().message.Arg("reference"), elsa_.profile.reference);
    EXPECT_EQ(Snapshot(), before) << "nothing moved, nobody mailed";
    EXPECT_EQ(StageOf(jean_entry_), Stage::kNew);
    EXPECT_EQ(StageOf(elsa_entry_), locked);
  }
  EXPECT_TRUE(Mails().empty());
}

TEST_P(PipelineTest, AnEntryOfAnotherOpportunityMakesTheWholeMoveFail) {
  const std::string before = Snapshot();
  auto r = service_->Move(kNorr, forest_.id, {jean_entry_, lake_entry_},
                          {Stage::kNotSelected, "other", ""});
  ASSERT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  r = service_->Move(kNorr, forest_.id, {jean_entry_, 99999}, {Stage::kShortlisted, "", ""});
  ASSERT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(StageOf(jean_entry_), Stage::kNew);
}

TEST_P(PipelineTest, TagAddAndRemoveAreIdempotent) {
  auto r = service_->Tag(kNorr, forest_.id, {jean_entry_, elsa_entry_}, "  strong ", true);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(EntryById(jean_entry_).tags, std::vector<std::string>{"strong"}) << "trimmed";
  r = service_->Tag(kNorr, forest_.id, {jean_entry_, elsa_entry_, hans_entry_}, "strong", true);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 1) << "only Hans lacked it";
  ASSERT_TRUE(service_->Tag(kNorr, forest_.id, {elsa_entry_}, "call back", true).has_value());
  EXPECT_EQ(EntryById(elsa_entry_).tags, (std::vector<std::string>{"call back", "strong"}));
  EXPECT_TRUE(EntryById(lake_entry_).tags.empty());

  r = service_->Tag(kNorr, forest_.id, {jean_entry_, elsa_entry_}, "strong", false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(EntryById(elsa_entry_).tags, std::vector<std::string>{"call back"});
  EXPECT_TRUE(EntryById(jean_entry_).tags.empty());
  r = service_->Tag(kNorr, forest_.id, {jean_entry_, elsa_entry_}, "strong", false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 0);
  EXPECT_EQ(EntryById(hans_entry_).tags, std::vector<std::string>{"strong"});
}

TEST_P(PipelineTest, TagLimits) {
  const std::string before = Snapshot();
  auto r = service_->Tag(kNorr, forest_.id, {elsa_entry_}, "   ", true);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "tag"), "error.field.required");
  r = service_->Tag(kNorr, forest_.id, {elsa_entry_}, std::string(kMaxTagLength + 1, 't'), true);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "tag"), "error.field.too_long");
  r = service_->Tag(kNorr, forest_.id, {elsa_entry_}, "two\nlines", true);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "tag"), "error.field.one_line");
  r = service_->Tag(kNorr, forest_.id, {}, "strong", true);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"selected"});
  r = service_->Tag(kNorr, forest_.id, {elsa_entry_, lake_entry_}, "strong", true);
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  EXPECT_EQ(Snapshot(), before);

  ASSERT_TRUE(service_->Tag(kNorr, forest_.id, {elsa_entry_}, std::string(kMaxTagLength, 'a'), true)
                  .has_value());
  for (size_t i = 1; i < kMaxTags; ++i) {
    ASSERT_TRUE(service_->Tag(kNorr, forest_.id, {elsa_entry_}, "tag" + std::to_string(i), true)
                    .has_value());
  }
  EXPECT_EQ(EntryById(elsa_entry_).tags.size(), kMaxTags);
  const std::string full = Snapshot();
  // Jean comes first and would get the tag before Elsa's eleventh fails: all or nothing.
  r = service_->Tag(kNorr, forest_.id, {jean_entry_, elsa_entry_}, "one more", true);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "tag"), "error.pipeline.too_many_tags");
  EXPECT_EQ(Snapshot(), full);
  r = service_->Tag(kNorr, forest_.id, {elsa_entry_}, "tag1", true);
  ASSERT_TRUE(r.has_value()) << "one it has already: " << Describe(r);
  EXPECT_EQ(*r, 0);
}

TEST_P(PipelineTest, Notes) {
  const Timestamp first_at = clock_.Now();
  ASSERT_TRUE(service_->AddNote(kNorr, forest_.id, elsa_entry_, "Strong letter.").has_value());
  AdvanceMinutes(3);
  const Staff colleague{kNorr.oid, "bo@norr.example"};
  ASSERT_TRUE(
      service_->AddNote(colleague, forest_.id, elsa_entry_, "Called her:\nvery keen.").has_value());
  auto notes = service_->Notes(kNorr, forest_.id, elsa_entry_);
  ASSERT_TRUE(notes.has_value()) << Describe(notes);
  ASSERT_EQ(notes->size(), 2u);
  EXPECT_EQ(notes->at(0).author, "anna@norr.example");
  EXPECT_EQ(notes->at(0).text, "Strong letter.");
  EXPECT_EQ(notes->at(0).at, first_at);
  EXPECT_EQ(notes->at(0).entry_id, elsa_entry_);
  EXPECT_EQ(notes->at(1).author, "bo@norr.example");
  EXPECT_EQ(notes->at(1).text, "Called her:\nvery keen.");
  EXPECT_EQ(EntryById(elsa_entry_).notes, 2);
  EXPECT_EQ(EntryById(jean_entry_).notes, 0);

  const std::string before = Snapshot();
  auto r = service_->AddNote(kNorr, forest_.id, elsa_entry_, " \n ");
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "note"), "error.field.required");
  r = service_->AddNote(kNorr, forest_.id, elsa_entry_, std::string(kMaxNoteLength + 1, 'n'));
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(KeyOf(r.error(), "note"), "error.field.too_long_count");
  r = service_->AddNote(kNorr, forest_.id, lake_entry_, "Wrong opportunity");
  EXPECT_TRUE(IsError(r, ErrorCode::kNotFound)) << Describe(r);
  EXPECT_TRUE(IsError(service_->Notes(kNorr, forest_.id, lake_entry_), ErrorCode::kNotFound));
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(PipelineTest, ExportIsRecorded) {
  auto all = service_->Export(kNorr, forest_.id, {}, ExportFormat::kCsv);
  ASSERT_TRUE(all.has_value()) << Describe(all);
  EXPECT_EQ(Ids(*all), (std::vector<int64_t>{jean_entry_, elsa_entry_, hans_entry_}));
  auto some = service_->Export(kNorr, forest_.id, {hans_entry_, elsa_entry_}, ExportFormat::kXlsx);
  ASSERT_TRUE(some.has_value()) << Describe(some);
  EXPECT_EQ(Ids(*some), (std::vector<int64_t>{elsa_entry_, hans_entry_}));
  const auto audit = AuditOf("pipeline.exported");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].actor, "staff <anna@norr.example>");
  EXPECT_EQ(audit[0].oid, kNorr.oid);
  EXPECT_EQ(audit[0].subject, Subject(forest_.id));
  EXPECT_EQ(audit[0].detail, "{\"format\":\"csv\",\"rows\":\"3\"}");
  EXPECT_EQ(audit[1].detail, "{\"format\":\"xlsx\",\"rows\":\"2\"}");

  const std::string before = Snapshot();
  auto bad = service_->Export(kNorr, forest_.id, {elsa_entry_, lake_entry_}, ExportFormat::kCsv);
  EXPECT_TRUE(IsError(bad, ErrorCode::kNotFound)) << Describe(bad);
  EXPECT_EQ(Snapshot(), before) << "no audit row for an export that did not happen";
}

// ---------------------------------------------------------------------------------------------
// CloseDue: the daily job

TEST_P(OpportunitiesServiceTest, CloseDueClosesPastTheDeadline) {
  const Opportunity o = Live(kNorr, Open());  // deadline 1 February 2027
  const Opportunity draft = Make(kNorr, Open("Draft"));
  SetToday(D(2027, 2, 1));
  auto r = service_->CloseDue();
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 0) << "the deadline day is still open";
  EXPECT_EQ(Stored(kNorr, o.id).status, Status::kPublished);

  SetToday(D(2027, 2, 2));
  r = service_->CloseDue();
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 1);
  const Opportunity closed = Stored(kNorr, o.id);
  EXPECT_EQ(closed.status, Status::kClosed);
  EXPECT_EQ(closed.closed_because, "deadline");
  EXPECT_EQ(closed.published_at, o.published_at);
  EXPECT_EQ(closed, WithStored(o, closed)) << "nothing else changes";
  EXPECT_EQ(Stored(kNorr, draft.id).status, Status::kDraft);
  const auto audit = AuditOf("opportunity.closed");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "system");
  EXPECT_EQ(audit[0].oid, kNorr.oid);
  EXPECT_EQ(audit[0].subject, Subject(o.id));
  EXPECT_EQ(audit[0].reason, "deadline");

  r = service_->CloseDue();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 0) << "closed once";
  EXPECT_EQ(AuditOf("opportunity.closed").size(), 1u);
}

TEST_P(OpportunitiesServiceTest, CloseDueSaysEndedWhenTheActivityIsOver) {
  const Opportunity o = Live(kNorr, Open());  // ends 31 August 2027
  SetToday(D(2027, 9, 1));
  auto r = service_->CloseDue();
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 1);
  EXPECT_EQ(Stored(kNorr, o.id).closed_because, "ended");
  EXPECT_EQ(AuditOf("opportunity.closed").at(0).reason, "ended");
}

TEST_P(OpportunitiesServiceTest, CloseDueClosesRollingOnesFourteenDaysBeforeTheStart) {
  Opportunity rolling = Open("Rolling");
  rolling.application_deadline.reset();  // starts 1 March 2027
  const Opportunity o = Live(kHaus, rolling);
  Opportunity flexible = Open("Flexible");
  flexible.start_date.reset();
  flexible.end_date.reset();
  flexible.application_deadline.reset();
  const Opportunity never = Live(kHaus, flexible);

  SetToday(D(2027, 2, 15));
  auto r = service_->CloseDue();
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 0);
  SetToday(D(2027, 2, 16));
  r = service_->CloseDue();
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 1);
  EXPECT_EQ(Stored(kHaus, o.id).status, Status::kClosed);
  EXPECT_EQ(Stored(kHaus, o.id).closed_because, "deadline");

  SetToday(D(2040, 1, 1));
  r = service_->CloseDue();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, 0) << "flexible and rolling never closes by itself";
  EXPECT_EQ(Stored(kHaus, never.id).status, Status::kPublished);
}

TEST_P(OpportunitiesServiceTest, CloseDueClosesEveryOrganisationsOnes) {
  const Opportunity a = Live(kNorr, Open("A"));
  const Opportunity b = Live(kHaus, Open("B"));
  Opportunity later = Open("Later");
  later.start_date = D(2027, 6, 1);
  later.end_date = D(2027, 9, 30);
  later.application_deadline = D(2027, 5, 1);
  const Opportunity c = Live(kHaus, later);
  SetToday(D(2027, 3, 1));
  auto r = service_->CloseDue();
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(*r, 2);
  EXPECT_EQ(Stored(kNorr, a.id).status, Status::kClosed);
  EXPECT_EQ(Stored(kHaus, b.id).status, Status::kClosed);
  EXPECT_EQ(Stored(kHaus, c.id).status, Status::kPublished);
}

// ---------------------------------------------------------------------------------------------
// The organisation's own description (F7)

TEST_P(OpportunitiesServiceTest, ProfileIsEmptyUntilSaved) {
  auto p = service_->Profile(kNorr.oid);
  ASSERT_TRUE(p.has_value()) << Describe(p);
  EXPECT_EQ(p->oid, kNorr.oid);
  EXPECT_EQ(p->description, "");
  EXPECT_EQ(p->website, "");
  EXPECT_TRUE(p->locations.empty());
}

TEST_P(OpportunitiesServiceTest, SaveProfileAndReadItBack) {
  OrganisationProfile in;
  in.oid = kHaus.oid;  // ignored: the staff member's organisation counts
  in.description = "A youth association in the north.\nFounded 1987.";
  in.website = "  https://norr.example/om-oss  ";
  in.locations = {{"Umeå", "SE"}, {"Rovaniemi", "FI"}, {"Tromsø", "NO"}};
  auto saved = service_->SaveProfile(kNorr, in);
  ASSERT_TRUE(saved.has_value()) << Describe(saved);
  EXPECT_EQ(saved->oid, kNorr.oid);
  EXPECT_EQ(saved->website, "https://norr.example/om-oss") << "trimmed";
  auto read = service_->Profile(kNorr.oid);
  ASSERT_TRUE(read.has_value()) << Describe(read);
  EXPECT_EQ(*read, *saved);
  EXPECT_EQ(read->locations, in.locations) << "in the organisation's order";
  auto other = service_->Profile(kHaus.oid);
  ASSERT_TRUE(other.has_value());
  EXPECT_TRUE(other->locations.empty()) << "Haus's stays empty";
  const auto audit = AuditOf("organisation.profile_updated");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "staff <anna@norr.example>");
  EXPECT_EQ(audit[0].oid, kNorr.oid);

  // Saving again replaces everything.
  OrganisationProfile fewer;
  fewer.locations = {{"Luleå", "SE"}};
  ASSERT_TRUE(service_->SaveProfile(kNorr, fewer).has_value());
  read = service_->Profile(kNorr.oid);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->description, "");
  EXPECT_EQ(read->website, "");
  EXPECT_EQ(read->locations, fewer.locations);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisation_locations"), 1);
}

TEST_P(OpportunitiesServiceTest, SaveProfileRefusesBadValues) {
  OrganisationProfile good;
  good.website = "https://norr.example";
  ASSERT_TRUE(service_->SaveProfile(kNorr, good).has_value());
  const std::string before = Snapshot();
  OrganisationProfile bad;
  bad.website = "norr.example";
  bad.locations = {{"", "SE"}, {"Oulu", "fi"}};
  auto r = service_->SaveProfile(kNorr, bad);
  ASSERT_TRUE(IsError(r, ErrorCode::kInvalidInput)) << Describe(r);
  EXPECT_EQ(FieldNames(r.error()),
            (std::vector<std::string>{"website", "locations[1].town", "locations[2].country"}));
  EXPECT_EQ(KeyOf(r.error(), "website"), "error.field.website");
  EXPECT_EQ(Snapshot(), before);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OpportunitiesServiceTest,
                         ::testing::ValuesIn(testing::TestDialects()), [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });
INSTANTIATE_TEST_SUITE_P(Dialects, BrowseTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });
INSTANTIATE_TEST_SUITE_P(Dialects, PipelineTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::opportunities
