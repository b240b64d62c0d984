// The young people's service on both databases (SPEC F1-F3, F6, R8): registration with its age
// limits and consents, the privacy statement accepted again, the profile, visibility, the CV,
// organisations opening a profile or a CV, the export, erasure and the retention of inactive
// profiles. A real SqlParticipantStore, a fake clock, CV files in memory, reference numbers from a
// counter, and a composer that writes the template name as the subject and the arguments as the
// body, so the tests can see which mail was queued.
#include "participants/service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "storage/participant_repository.h"
#include "support/fake_clock.h"
#include "support/test_database.h"

namespace pass::participants {
namespace {

using codes::Level;

constexpr int kPrivacyVersion = 3;

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

// CV files in memory; counts what was written and removed.
class MemoryCvFiles final : public CvFiles {
 public:
  Result<void> Write(const std::string& key, std::string_view bytes) override {
    files[key] = std::string(bytes);
    return {};
  }
  Result<std::string> Read(const std::string& key) override {
    auto it = files.find(key);
    if (it == files.end()) return Fail(NotFound("error.cv.none"));
    return it->second;
  }
  Result<void> Remove(const std::string& key) override {
    files.erase(key);
    return {};
  }
  std::map<std::string, std::string> files;
};

struct Mail {
  std::string to;
  std::string subject;
  std::string body;
  std::string lang;
};

struct AuditRow {
  std::string actor;
  std::string action;
  std::string subject;
  std::string reason;
};

std::vector<std::string> FieldNames(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

bool Names(const Error& e, std::string_view field) {
  return std::any_of(e.fields.begin(), e.fields.end(),
                     [&](const FieldError& f) { return f.field == field; });
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

// The smallest file CheckCv takes for a PDF.
const std::string kPdf =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

// A PDF-looking file of exactly `size` bytes.
std::string PdfOfSize(size_t size) {
  const std::string head = "%PDF-1.7\n";
  const std::string tail = "\n%%EOF\n";
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

class ServiceTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(GetParam());
    if (!db_) GTEST_SKIP();
    store_ = std::make_unique<storage::SqlParticipantStore>(db_->db(), clock_);
    service_ = MakeService(kPrivacyVersion);
  }

  std::unique_ptr<Service> MakeService(int privacy_version) {
    Options options;
    options.privacy_version = privacy_version;
    options.pseudonym_secret = "test-pseudonym-secret";
    options.public_url = "https://pass.example";
    return std::make_unique<Service>(*store_, files_, clock_, ComposeForTest, options,
                                     [this] { return NextReference(); });
  }

  // Reference numbers from a list the test may fill, then from a counter.
  std::string NextReference() {
    if (!scripted_references_.empty()) {
      std::string r = scripted_references_.front();
      scripted_references_.erase(scripted_references_.begin());
      return r;
    }
    return std::to_string(4000000000 + ++reference_counter_);
  }

  static Identity Who(const std::string& sub, const std::string& lang = "sv") {
    return Identity{sub, sub + "@young.example", true, "Elsa", "Andersson", lang};
  }

  static Registration Form(Date birth, bool humanitarian_only = false) {
    Registration r;
    r.birth_date = birth;
    r.residence = "se";
    r.humanitarian_only = humanitarian_only;
    r.accepted_principles = true;
    r.accepted_privacy = true;
    r.privacy_version_seen = kPrivacyVersion;
    return r;
  }

  // Registers someone born on `birth` (default: 20 on the fake clock's first day).
  Account Register(const std::string& sub, Date birth = D(2006, 5, 17),
                   bool humanitarian_only = false, const std::string& lang = "sv") {
    auto r = service_->Register(Who(sub, lang), Form(birth, humanitarian_only));
    EXPECT_TRUE(r.has_value()) << Describe(r);
    return r ? *r : Account{};
  }

  Account Stored(const std::string& sub) {
    auto a = service_->AccountFor(sub);
    EXPECT_TRUE(a.has_value() && a->has_value()) << sub;
    return (a && *a) ? **a : Account{};
  }

  // A complete profile as the form would send it.
  static Participant Edited(const Account& a) {
    Participant p = a.profile;
    p.given_name = "Elsa Maria";
    p.family_name = "Andersson";
    p.email = "elsa@young.example";
    p.residence = "SE";
    p.nationality = "FI";
    p.contact_language = "sv";
    p.languages = {{"sv", Level::kNative}, {"en", Level::kB2}, {"de", Level::kA2}};
    p.skills = {"first_aid", "teaching", "photography"};
    p.topics = {"environment_nature", "climate_action"};
    p.activity_types = {"individual_volunteering", "volunteering_team"};
    p.destinations = {"DE", "FR"};
    p.availability = {{D(2027, 1, 1), D(2027, 6, 30)}};
    p.experience = "Two years as a youth leader.";
    p.motivation = "I want to volunteer abroad.";
    p.fewer_opportunities = true;
    p.support_needs = "Step-free access";
    p.sensitive_shared = false;
    return p;
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

  // Rows of every table the service writes, as text: compared before and after a refusal.
  std::string Snapshot() {
    std::string out;
    for (const char* table : {"participants", "participant_languages", "participant_codes",
                              "participant_availability", "participant_placements",
                              "participant_sensitive", "participant_cvs", "participant_events",
                              "participant_changes", "erased_placements", "outbox", "audit_log"}) {
      out += std::string(table) + "=" +
             std::to_string(Count("SELECT COUNT(*) FROM " + std::string(table))) + "\n";
    }
    auto rows = db_->db().With([](storage::Connection& c) {
      return c.Query(
          "SELECT reference, email, given_name, birth_date, residence, nationality, motivation, "
          "searchable, last_active, consent_version, consented_at, hidden_at FROM participants "
          "ORDER BY id");
    });
    EXPECT_TRUE(rows.has_value());
    if (rows) {
      for (const auto& r : *rows) {
        for (size_t i = 0; i < 12; ++i) out += (r.IsNull(i) ? "NULL" : r.Text(i)) + "|";
        out += "\n";
      }
    }
    out += "files=" + std::to_string(files_.files.size()) + "\n";
    return out;
  }

  std::vector<Mail> Mails() {
    std::vector<Mail> out;
    auto rows = db_->db().With([](storage::Connection& c) {
      return c.Query("SELECT recipient, subject, body, lang FROM outbox ORDER BY id");
    });
    EXPECT_TRUE(rows.has_value());
    if (!rows) return out;
    for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
    return out;
  }

  std::vector<Mail> MailsAbout(const std::string& subject) {
    std::vector<Mail> out;
    for (auto& m : Mails()) {
      if (m.subject == subject) out.push_back(std::move(m));
    }
    return out;
  }

  std::vector<AuditRow> Audit() {
    std::vector<AuditRow> out;
    auto rows = db_->db().With([](storage::Connection& c) {
      return c.Query("SELECT actor, action, subject, reason FROM audit_log ORDER BY id");
    });
    EXPECT_TRUE(rows.has_value());
    if (!rows) return out;
    for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
    return out;
  }

  std::vector<AuditRow> AuditOf(const std::string& action) {
    std::vector<AuditRow> out;
    for (auto& a : Audit()) {
      if (a.action == action) out.push_back(std::move(a));
    }
    return out;
  }

  // Adds earlier corps activities to a stored profile (only the import sets them).
  void AddPlacements(const std::string& sub, std::vector<PastPlacement> placements) {
    Participant p = Stored(sub).profile;
    p.placements = std::move(placements);
    auto r = store_->WriteValue([&](Repository& repo) { return repo.Save(p); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  void Hide(const Account& a) {
    auto r = store_->Write([&](Repository& repo) {
      return repo.SetHidden(a.profile.id, a.profile.reference, clock_.Now());
    });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  void Advance(std::chrono::milliseconds d) { clock_.Advance(d); }
  void AdvanceDays(int days) { clock_.Advance(std::chrono::days(days)); }
  void SetToday(Date day) { clock_.Set(std::chrono::sys_days(day)); }

  std::vector<ProfileEvent> EventsOf(const std::string& sub) {
    auto e = service_->ExportFor(sub);
    EXPECT_TRUE(e.has_value()) << Describe(e);
    return e ? e->events : std::vector<ProfileEvent>{};
  }

  const OrganisationActor kNorr{"E10000001", "Ungdomsföreningen Norr", "anna@norr.example"};
  const OrganisationActor kHaus{"E10000002", "Haus der Jugend", "dieter@haus.example"};

  testing::FakeClock clock_;  // 2026-12-01T00:00:00Z
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlParticipantStore> store_;
  MemoryCvFiles files_;
  std::unique_ptr<Service> service_;
  std::vector<std::string> scripted_references_;
  int64_t reference_counter_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Registration

TEST_P(ServiceTest, RegistrationIssuesAReferenceMailsItAndStoresTheConsent) {
  const Timestamp now = clock_.Now();
  auto r = service_->Register(Who("sub-elsa", "sv"), Form(D(2006, 5, 17)));
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(r->profile.reference, "4000000001");
  EXPECT_EQ(r->consent_version, kPrivacyVersion);
  EXPECT_EQ(r->consented_at, now);
  EXPECT_EQ(r->registered_at, now);
  EXPECT_FALSE(r->hidden_at.has_value());
  EXPECT_FALSE(r->cv.has_value());

  const Account stored = Stored("sub-elsa");
  EXPECT_EQ(stored.profile.reference, "4000000001");
  EXPECT_EQ(stored.profile.id, r->profile.id);
  EXPECT_EQ(stored.profile.sub, "sub-elsa");
  EXPECT_EQ(stored.profile.email, "sub-elsa@young.example");
  EXPECT_EQ(stored.profile.given_name, "Elsa");
  EXPECT_EQ(stored.profile.birth_date, D(2006, 5, 17));
  EXPECT_EQ(stored.profile.residence, "SE") << "normalised";
  EXPECT_EQ(stored.profile.contact_language, "sv") << "the page's language";
  EXPECT_EQ(stored.profile.last_active, D(2026, 12, 1));
  EXPECT_FALSE(stored.profile.searchable) << "nobody finds a new person (F3)";
  EXPECT_EQ(stored.consent_version, kPrivacyVersion);
  EXPECT_EQ(stored.consented_at, now);
  EXPECT_EQ(stored.registered_at, now);
  EXPECT_FALSE(service_->NeedsConsent(stored));

  const auto mails = MailsAbout("participant_registered");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "sub-elsa@young.example");
  EXPECT_EQ(mails[0].lang, "sv");
  EXPECT_NE(mails[0].body.find("reference=4000000001\n"), std::string::npos) << mails[0].body;
  EXPECT_NE(mails[0].body.find("url=https://pass.example/young\n"), std::string::npos);

  // The next person gets the next number, and a mail in their own language.
  auto second = service_->Register(Who("sub-jean", "fr"), Form(D(2004, 1, 2)));
  ASSERT_TRUE(second.has_value()) << Describe(second);
  EXPECT_EQ(second->profile.reference, "4000000002");
  const auto both = MailsAbout("participant_registered");
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].lang, "fr");
  EXPECT_NE(both[1].body.find("reference=4000000002\n"), std::string::npos);
}

TEST_P(ServiceTest, AnUnknownPageLanguageMakesEnglishTheContactLanguage) {
  auto r = service_->Register(Who("sub-x", "xx"), Form(D(2006, 5, 17)));
  ASSERT_TRUE(r.has_value()) << Describe(r);
  EXPECT_EQ(Stored("sub-x").profile.contact_language, "en");
  EXPECT_EQ(MailsAbout("participant_registered").at(0).lang, "en");
}

TEST_P(ServiceTest, ATakenReferenceIsNeverIssuedTwice) {
  Register("sub-a");  // 4000000001
  scripted_references_ = {"4000000001", "4000000001", "5555555555"};
  const Account b = Register("sub-b");
  EXPECT_EQ(b.profile.reference, "5555555555");
  EXPECT_EQ(Stored("sub-a").profile.reference, "4000000001");
  EXPECT_EQ(Stored("sub-a").profile.email, "sub-a@young.example") << "not overwritten";
}

struct AgeCase {
  std::string name;
  Date birth;
  bool humanitarian_only;
  bool accepted;
};

// The fake clock's day is 2026-12-01.
const AgeCase kAgeCases[] = {
    {"SeventeenToday", D(2009, 12, 1), false, true},
    {"SeventeenTomorrow", D(2009, 12, 2), false, false},
    {"ThirtyTurningThirtyOneTomorrow", D(1995, 12, 2), false, true},
    {"ThirtyOneToday", D(1995, 12, 1), false, false},
    {"ThirtyOneHumanitarianOnly", D(1995, 12, 1), true, true},
    {"ThirtyFiveHumanitarianOnly", D(1990, 12, 2), true, true},
    {"ThirtyFiveNotOnlyHumanitarian", D(1990, 12, 2), false, false},
    {"ThirtySixHumanitarianOnly", D(1990, 12, 1), true, false},
    {"BornInTheFuture", D(2027, 1, 1), false, false},
};

TEST_P(ServiceTest, AgeLimitsOnTheDayOfRegistration) {
  int registered = 0;
  for (const auto& c : kAgeCases) {
    SCOPED_TRACE(c.name);
    const std::string before = Snapshot();
    auto r = service_->Register(Who("sub-" + c.name), Form(c.birth, c.humanitarian_only));
    if (c.accepted) {
      ASSERT_TRUE(r.has_value()) << Describe(r);
      ++registered;
      EXPECT_EQ(Stored("sub-" + c.name).profile.activity_types,
                c.humanitarian_only ? std::vector<std::string>{"humanitarian_aid"}
                                    : std::vector<std::string>{});
    } else {
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
      EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"birth_date"});
      EXPECT_EQ(Snapshot(), before) << "nothing written";
      auto account = service_->AccountFor("sub-" + c.name);
      ASSERT_TRUE(account.has_value());
      EXPECT_FALSE(account->has_value());
    }
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), registered);
}

TEST_P(ServiceTest, AgeRefusalsSayWhy) {
  auto young = service_->Register(Who("a"), Form(D(2009, 12, 2)));
  ASSERT_FALSE(young.has_value());
  EXPECT_EQ(KeyOf(young.error(), "birth_date"), "error.field.too_young");
  auto old = service_->Register(Who("b"), Form(D(1995, 12, 1)));
  ASSERT_FALSE(old.has_value());
  EXPECT_EQ(KeyOf(old.error(), "birth_date"), "error.field.too_old_humanitarian_only");
  auto older = service_->Register(Who("c"), Form(D(1990, 12, 1), true));
  ASSERT_FALSE(older.has_value());
  EXPECT_EQ(KeyOf(older.error(), "birth_date"), "error.field.too_old");
  auto none = service_->Register(Who("d"), Form(Date{}));
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(KeyOf(none.error(), "birth_date"), "error.field.date");
}

TEST_P(ServiceTest, BothConsentsAreRequiredAndNothingIsWrittenWithoutThem) {
  const std::string before = Snapshot();
  Registration form = Form(D(2006, 5, 17));
  form.accepted_privacy = false;
  auto no_privacy = service_->Register(Who("sub-a"), form);
  ASSERT_FALSE(no_privacy.has_value());
  EXPECT_EQ(no_privacy.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldNames(no_privacy.error()), std::vector<std::string>{"accept_privacy"});
  EXPECT_EQ(KeyOf(no_privacy.error(), "accept_privacy"), "error.field.must_accept");

  form = Form(D(2006, 5, 17));
  form.accepted_principles = false;
  auto no_principles = service_->Register(Who("sub-a"), form);
  ASSERT_FALSE(no_principles.has_value());
  EXPECT_EQ(FieldNames(no_principles.error()), std::vector<std::string>{"accept_principles"});

  // An older statement seen: the person must read the one in force, even with the box ticked.
  form = Form(D(2006, 5, 17));
  form.privacy_version_seen = kPrivacyVersion - 1;
  auto old_statement = service_->Register(Who("sub-a"), form);
  ASSERT_FALSE(old_statement.has_value());
  EXPECT_EQ(FieldNames(old_statement.error()), std::vector<std::string>{"accept_privacy"});
  EXPECT_EQ(KeyOf(old_statement.error(), "accept_privacy"), "error.field.privacy_changed");

  // Everything wrong at once: every field is named.
  Registration all_wrong;
  all_wrong.residence = "Atlantis";
  auto all = service_->Register(Who("sub-a"), all_wrong);
  ASSERT_FALSE(all.has_value());
  EXPECT_TRUE(Names(all.error(), "accept_privacy"));
  EXPECT_TRUE(Names(all.error(), "accept_principles"));
  EXPECT_TRUE(Names(all.error(), "birth_date"));
  EXPECT_TRUE(Names(all.error(), "residence"));

  EXPECT_EQ(Snapshot(), before);
}

TEST_P(ServiceTest, NamesAndEmailFromEuLoginThatDoNotFitAreReported) {
  Identity who = Who("sub-a");
  who.email = "not-an-address";
  auto r = service_->Register(who, Form(D(2006, 5, 17)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(KeyOf(r.error(), "email"), "error.participant.eu_login_field");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants"), 0);
}

TEST_P(ServiceTest, RegisteringTwiceIsAConflictAndChangesNothing) {
  Register("sub-a");
  const std::string before = Snapshot();
  auto again = service_->Register(Who("sub-a"), Form(D(2001, 1, 1)));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Stored("sub-a").profile.birth_date, D(2006, 5, 17));
}

TEST_P(ServiceTest, RegistrationNeedsASignedInPerson) {
  auto r = service_->Register(Who(""), Form(D(2006, 5, 17)));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
}

// ---------------------------------------------------------------------------------------------
// Consent to a new privacy statement

TEST_P(ServiceTest, ANewPrivacyStatementMustBeAcceptedAgain) {
  const Account registered = Register("sub-a");
  Advance(std::chrono::hours(5));
  auto bumped = MakeService(kPrivacyVersion + 1);
  const Account before = Stored("sub-a");
  EXPECT_TRUE(bumped->NeedsConsent(before));
  EXPECT_FALSE(service_->NeedsConsent(before));

  // Having read only the old one is not enough.
  auto stale = bumped->AcceptPrivacy("sub-a", kPrivacyVersion);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldNames(stale.error()), std::vector<std::string>{"accept_privacy"});
  EXPECT_EQ(Stored("sub-a").consent_version, kPrivacyVersion);

  auto accepted = bumped->AcceptPrivacy("sub-a", kPrivacyVersion + 1);
  ASSERT_TRUE(accepted.has_value()) << Describe(accepted);
  const Account after = Stored("sub-a");
  EXPECT_EQ(after.consent_version, kPrivacyVersion + 1);
  EXPECT_EQ(after.consented_at, clock_.Now());
  EXPECT_EQ(after.registered_at, registered.registered_at) << "registration stays when it was";
  EXPECT_FALSE(bumped->NeedsConsent(after));

  auto stranger = bumped->AcceptPrivacy("sub-nobody", kPrivacyVersion + 1);
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().code, ErrorCode::kNotFound);
}

// ---------------------------------------------------------------------------------------------
// The profile

TEST_P(ServiceTest, UpdateProfileSavesTheFormButKeepsWhatThePersonMayNotChange) {
  const Account a = Register("sub-a");
  AddPlacements("sub-a", {{D(2024, 1, 1), D(2024, 3, 1), "volunteering_team", true}});
  AdvanceDays(3);
  Participant edited = Edited(Stored("sub-a"));
  edited.reference = "9999999999";
  edited.sub = "sub-someone-else";
  edited.birth_date = D(1980, 1, 1);
  edited.searchable = true;
  edited.placements.clear();
  edited.last_active = D(2000, 1, 1);
  edited.residence = "el";  // Greece, as the EU writes it

  auto saved = service_->UpdateProfile("sub-a", edited);
  ASSERT_TRUE(saved.has_value()) << Describe(saved);
  const Participant p = Stored("sub-a").profile;
  EXPECT_EQ(p.reference, a.profile.reference);
  EXPECT_EQ(p.sub, "sub-a");
  EXPECT_EQ(p.birth_date, D(2006, 5, 17));
  EXPECT_FALSE(p.searchable);
  ASSERT_EQ(p.placements.size(), 1u);
  EXPECT_EQ(p.last_active, D(2026, 12, 4)) << "editing is activity";
  EXPECT_EQ(p.residence, "GR");
  EXPECT_EQ(p.given_name, "Elsa Maria");
  EXPECT_EQ(p.email, "elsa@young.example");
  EXPECT_EQ(p.nationality, "FI");
  EXPECT_EQ(p.languages.size(), 3u);
  EXPECT_EQ(p.skills.size(), 3u);
  EXPECT_EQ(p.motivation, "I want to volunteer abroad.");
  EXPECT_TRUE(p.fewer_opportunities);
  EXPECT_EQ(p.support_needs, "Step-free access");
  EXPECT_FALSE(p.sensitive_shared);
  EXPECT_EQ(saved->profile.reference, a.profile.reference);
  EXPECT_EQ(Stored("sub-a").consent_version, kPrivacyVersion) << "the account fields stay";
}

TEST_P(ServiceTest, UpdateProfileReplacesTheChildRows) {
  const Account a = Register("sub-a");
  const int64_t id = a.profile.id;
  auto count = [&](const std::string& table) {
    return Count("SELECT COUNT(*) FROM " + table + " WHERE participant_id = $1", {id});
  };
  Participant edited = Edited(a);
  ASSERT_TRUE(service_->UpdateProfile("sub-a", edited).has_value());
  ASSERT_TRUE(service_->UpdateProfile("sub-a", edited).has_value());
  EXPECT_EQ(count("participant_languages"), 3);
  EXPECT_EQ(count("participant_codes"), 3 + 2 + 2 + 2);
  EXPECT_EQ(count("participant_availability"), 1);
  EXPECT_EQ(count("participant_sensitive"), 1);

  edited.languages = {{"fi", Level::kC1}};
  edited.skills = {"cooking"};
  edited.topics.clear();
  edited.destinations = {"any"};
  edited.availability = {{D(2027, 2, 1), D(2027, 3, 1)}, {D(2027, 8, 1), D(2027, 9, 1)}};
  edited.fewer_opportunities = false;
  edited.support_needs.clear();
  ASSERT_TRUE(service_->UpdateProfile("sub-a", edited).has_value());
  EXPECT_EQ(count("participant_languages"), 1);
  EXPECT_EQ(count("participant_codes"), 1 + 0 + 2 + 1);
  EXPECT_EQ(count("participant_availability"), 2);
  EXPECT_EQ(count("participant_sensitive"), 0) << "no sensitive answers left to keep";
  const Participant p = Stored("sub-a").profile;
  EXPECT_EQ(p.languages, (std::vector<codes::LanguageLevel>{{"fi", Level::kC1}}));
  EXPECT_EQ(p.skills, std::vector<std::string>{"cooking"});
  EXPECT_TRUE(p.topics.empty());
  EXPECT_EQ(p.destinations, std::vector<std::string>{"any"});
  EXPECT_EQ(p.availability.size(), 2u);
  EXPECT_FALSE(p.fewer_opportunities);
}

TEST_P(ServiceTest, UpdateProfileReportsEveryRuleWithItsFieldAndSavesNothing) {
  const Account a = Register("sub-a");
  const std::string before = Snapshot();
  Participant edited = Edited(a);
  edited.languages = {{"sv", Level::kNative}, {"xx", Level::kB1}, {"sv", Level::kA1}};
  edited.skills = {"first_aid", "juggling"};
  edited.destinations = {"any", "DE"};
  edited.availability = {{D(2027, 1, 1), D(2027, 6, 30)}, {D(2027, 6, 1), D(2027, 1, 1)}};
  edited.motivation = std::string(kMaxFreeTextLength + 1, 'm');
  edited.experience = std::string(kMaxFreeTextLength, 'e');  // at the limit: fine
  edited.given_name = "";
  edited.email = "elsa@";
  auto r = service_->UpdateProfile("sub-a", edited);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  for (const char* field : {"languages[2].code", "languages[3].code", "skills[2]", "destinations",
                            "availability[2].to", "motivation", "given_name", "email"}) {
    EXPECT_TRUE(Names(r.error(), field))
        << field << " in " << ::testing::PrintToString(FieldNames(r.error()));
  }
  EXPECT_FALSE(Names(r.error(), "experience"));
  EXPECT_EQ(KeyOf(r.error(), "languages[3].code"), "error.field.duplicate");
  EXPECT_EQ(KeyOf(r.error(), "availability[2].to"), "error.field.ends_before_start");
  EXPECT_EQ(KeyOf(r.error(), "motivation"), "error.field.too_long_count");
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(ServiceTest, AThirtyOneYearOldHumanitarianVolunteerCannotAddOtherActivityTypes) {
  const Account a = Register("sub-a", D(1995, 12, 1), true);  // 31 today
  Participant edited = Edited(a);
  edited.activity_types = {"humanitarian_aid", "job"};
  const std::string before = Snapshot();
  auto r = service_->UpdateProfile("sub-a", edited);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"activity_types"});
  EXPECT_EQ(KeyOf(r.error(), "activity_types"), "error.field.activity_types_age");
  EXPECT_EQ(Snapshot(), before);

  edited.activity_types = {"humanitarian_aid"};
  auto ok = service_->UpdateProfile("sub-a", edited);
  EXPECT_TRUE(ok.has_value()) << Describe(ok);

  // At 30 any activity type is fine.
  const Account b = Register("sub-b", D(1995, 12, 2));
  Participant other = Edited(b);
  other.activity_types = {"humanitarian_aid", "job"};
  EXPECT_TRUE(service_->UpdateProfile("sub-b", other).has_value());
}

TEST_P(ServiceTest, UpdateProfileOfSomeoneNotRegisteredIsNotFound) {
  auto r = service_->UpdateProfile("sub-nobody", Participant{});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

// ---------------------------------------------------------------------------------------------
// Visibility

TEST_P(ServiceTest, VisibilityTurnsOnAndOffAndIsAudited) {
  const Account a = Register("sub-a");
  ASSERT_TRUE(service_->SetVisible("sub-a", true).has_value());
  EXPECT_TRUE(Stored("sub-a").profile.searchable);
  auto exported = service_->ExportFor("sub-a");
  ASSERT_TRUE(exported.has_value());
  EXPECT_TRUE(exported->findable);
  // Turning it on again changes nothing.
  const std::string before = Snapshot();
  ASSERT_TRUE(service_->SetVisible("sub-a", true).has_value());
  EXPECT_EQ(Snapshot(), before);

  ASSERT_TRUE(service_->SetVisible("sub-a", false).has_value());
  EXPECT_FALSE(Stored("sub-a").profile.searchable);
  EXPECT_FALSE(service_->ExportFor("sub-a")->findable);
  const auto on = AuditOf("participant.visible");
  const auto off = AuditOf("participant.hidden");
  ASSERT_EQ(on.size(), 1u);
  ASSERT_EQ(off.size(), 1u);
  // The audit log outlives an erasure, so it names the person by pseudonym only.
  const std::string pseudonym = service_->Pseudonym(a.profile.reference);
  EXPECT_EQ(on[0].subject, pseudonym);
  EXPECT_EQ(on[0].actor, "participant:" + pseudonym);
  EXPECT_EQ(off[0].subject, pseudonym);
}

TEST_P(ServiceTest, SomeoneNoLongerEligibleCannotBecomeVisibleButCanHide) {
  Register("sub-a", D(1995, 12, 2));  // 30, turns 31 tomorrow
  ASSERT_TRUE(service_->SetVisible("sub-a", true).has_value());
  AdvanceDays(1);
  EXPECT_FALSE(service_->ExportFor("sub-a")->findable) << "31 and not humanitarian only";
  ASSERT_TRUE(service_->SetVisible("sub-a", false).has_value());
  const std::string before = Snapshot();
  auto r = service_->SetVisible("sub-a", true);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"searchable"});
  EXPECT_EQ(Snapshot(), before);

  auto nobody = service_->SetVisible("sub-nobody", true);
  ASSERT_FALSE(nobody.has_value());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
}

// ---------------------------------------------------------------------------------------------
// The CV

TEST_P(ServiceTest, ATinyValidPdfIsKept) {
  const Account a = Register("sub-a");
  const Timestamp now = clock_.Now();
  auto r = service_->UploadCv("sub-a", "../../home/elsa/My CV (2026).pdf", kPdf);
  ASSERT_TRUE(r.has_value()) << Describe(r);
  const Account stored = Stored("sub-a");
  ASSERT_TRUE(stored.cv.has_value());
  EXPECT_EQ(stored.cv->file_name, "MyCV2026.pdf") << "no path, nothing unsafe in a header";
  EXPECT_EQ(stored.cv->size_bytes, static_cast<int64_t>(kPdf.size()));
  EXPECT_EQ(stored.cv->sha256.size(), 64u);
  EXPECT_EQ(stored.cv->uploaded_at, now);
  ASSERT_EQ(files_.files.size(), 1u);
  EXPECT_EQ(files_.files.begin()->first, stored.cv->storage_key);
  EXPECT_EQ(files_.files.begin()->second, kPdf);
  auto own = service_->OwnCv("sub-a");
  ASSERT_TRUE(own.has_value()) << Describe(own);
  EXPECT_EQ(own->bytes, kPdf);
  EXPECT_EQ(own->file_name, "MyCV2026.pdf");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_cvs WHERE participant_id = $1", {a.profile.id}),
            1);

  // A name that is no PDF's gets the extension.
  ASSERT_TRUE(service_->UploadCv("sub-a", "cv.exe", kPdf).has_value());
  EXPECT_EQ(Stored("sub-a").cv->file_name, "cv.exe.pdf");
}

TEST_P(ServiceTest, FilesThatAreNotAcceptablePdfsAreRefusedOnTheCvField) {
  Register("sub-a");
  const std::string before = Snapshot();
  struct Bad {
    std::string name;
    std::string bytes;
    std::string key;
  };
  const std::vector<Bad> bad = {
      {"empty", "", "error.cv.empty"},
      {"text", "Curriculum vitae\nElsa Andersson\n", "error.cv.not_pdf"},
      {"no trailer", "%PDF-1.4\n1 0 obj<<>>endobj\n", "error.cv.not_pdf"},
      {"pdf inside something else", "GIF89a%PDF-1.4\n%%EOF\n", "error.cv.not_pdf"},
      {"too large", PdfOfSize(kMaxCvBytes + 1), "error.cv.too_large"},
      {"javascript",
       "%PDF-1.4\n1 0 obj\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n"
       "%%EOF\n",
       "error.cv.active_content"},
      {"launch", "%PDF-1.4\n<< /S /Launch /F (calc.exe) >>\n%%EOF\n", "error.cv.active_content"},
      {"embedded file", "%PDF-1.4\n<< /Type /EmbeddedFile >>\n%%EOF\n", "error.cv.active_content"},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.name);
    auto r = service_->UploadCv("sub-a", "cv.pdf", b.bytes);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"cv"});
    EXPECT_EQ(KeyOf(r.error(), "cv"), b.key);
  }
  EXPECT_EQ(Snapshot(), before) << "nothing stored, no file left behind";
  EXPECT_FALSE(Stored("sub-a").cv.has_value());

  // Exactly the limit is fine.
  auto at_limit = service_->UploadCv("sub-a", "cv.pdf", PdfOfSize(kMaxCvBytes));
  EXPECT_TRUE(at_limit.has_value()) << Describe(at_limit);
}

TEST_P(ServiceTest, ANewCvReplacesTheOldFileAndRemovingItLeavesNothing) {
  const Account a = Register("sub-a");
  ASSERT_TRUE(service_->UploadCv("sub-a", "first.pdf", kPdf).has_value());
  const std::string first_key = Stored("sub-a").cv->storage_key;
  const std::string second_pdf = kPdf + "% second\n%%EOF\n";
  ASSERT_TRUE(service_->UploadCv("sub-a", "second.pdf", second_pdf).has_value());
  const Account after = Stored("sub-a");
  ASSERT_TRUE(after.cv.has_value());
  EXPECT_NE(after.cv->storage_key, first_key);
  EXPECT_EQ(after.cv->file_name, "second.pdf");
  ASSERT_EQ(files_.files.size(), 1u) << "the old file is gone";
  EXPECT_EQ(files_.files.count(after.cv->storage_key), 1u);
  EXPECT_EQ(service_->OwnCv("sub-a")->bytes, second_pdf);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_cvs WHERE participant_id = $1", {a.profile.id}),
            1);

  ASSERT_TRUE(service_->RemoveCv("sub-a").has_value());
  EXPECT_FALSE(Stored("sub-a").cv.has_value());
  EXPECT_TRUE(files_.files.empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_cvs"), 0);
  auto own = service_->OwnCv("sub-a");
  ASSERT_FALSE(own.has_value());
  EXPECT_EQ(own.error().code, ErrorCode::kNotFound);
  // Removing again is harmless.
  EXPECT_TRUE(service_->RemoveCv("sub-a").has_value());
}

TEST_P(ServiceTest, ACvOfSomeoneNotRegisteredLeavesNoFile) {
  auto r = service_->UploadCv("sub-nobody", "cv.pdf", kPdf);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(files_.files.empty());
}

// ---------------------------------------------------------------------------------------------
// Organisations opening a profile or a CV

TEST_P(ServiceTest, OnlyFindablePeopleCanBeOpenedAndAnyoneElseIsNotFound) {
  const Account invisible = Register("sub-invisible");
  const Account inactive = Register("sub-inactive");
  const Account over_age = Register("sub-over-age", D(1995, 12, 2));  // 31 tomorrow
  const Account visible = Register("sub-visible");
  for (const char* sub : {"sub-inactive", "sub-over-age", "sub-visible"}) {
    ASSERT_TRUE(service_->SetVisible(sub, true).has_value());
    ASSERT_TRUE(service_->UploadCv(sub, "cv.pdf", kPdf).has_value());
  }
  ASSERT_TRUE(service_->UploadCv("sub-invisible", "cv.pdf", kPdf).has_value());
  Hide(inactive);
  AdvanceDays(1);

  for (const auto& reference :
       {invisible.profile.reference, inactive.profile.reference, over_age.profile.reference,
        std::string("4999999999"), std::string("")}) {
    SCOPED_TRACE(reference);
    auto profile = service_->OpenProfile(reference, kNorr);
    ASSERT_FALSE(profile.has_value());
    EXPECT_EQ(profile.error().code, ErrorCode::kNotFound);
    auto cv = service_->OpenCv(reference, kNorr);
    ASSERT_FALSE(cv.has_value());
    EXPECT_EQ(cv.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(profile.error().message, cv.error().message) << "one answer for all";
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_events"), 0) << "nothing to record";

  auto opened = service_->OpenProfile(visible.profile.reference, kNorr);
  ASSERT_TRUE(opened.has_value()) << Describe(opened);
  EXPECT_EQ(opened->reference, visible.profile.reference);
  EXPECT_EQ(opened->given_name, "Elsa");
}

TEST_P(ServiceTest, OpeningAProfileOrCvIsRecordedForItsOwner) {
  const Account a = Register("sub-a");
  Register("sub-b");
  ASSERT_TRUE(service_->SetVisible("sub-a", true).has_value());
  ASSERT_TRUE(service_->SetVisible("sub-b", true).has_value());
  ASSERT_TRUE(service_->UploadCv("sub-a", "elsa.pdf", kPdf).has_value());
  const Timestamp t1 = clock_.Now();
  ASSERT_TRUE(service_->OpenProfile(a.profile.reference, kNorr).has_value());
  Advance(std::chrono::minutes(5));
  const Timestamp t2 = clock_.Now();
  auto cv = service_->OpenCv(a.profile.reference, kHaus);
  ASSERT_TRUE(cv.has_value()) << Describe(cv);
  EXPECT_EQ(cv->bytes, kPdf);
  EXPECT_EQ(cv->file_name, "elsa.pdf");

  const auto events = EventsOf("sub-a");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], (ProfileEvent{EventKind::kCvDownloaded, kHaus.oid, kHaus.name, t2}))
      << "newest first";
  EXPECT_EQ(events[1], (ProfileEvent{EventKind::kViewed, kNorr.oid, kNorr.name, t1}));
  EXPECT_TRUE(EventsOf("sub-b").empty()) << "someone else's openings are not theirs";

  // A visible person without a CV: the profile opens, the CV is not found.
  auto none = service_->OpenCv(Stored("sub-b").profile.reference, kNorr);
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_P(ServiceTest, SensitiveAnswersReachOrganisationsOnlyWhenShared) {
  const Account a = Register("sub-a");
  Participant edited = Edited(a);
  ASSERT_TRUE(service_->UpdateProfile("sub-a", edited).has_value());
  ASSERT_TRUE(service_->SetVisible("sub-a", true).has_value());
  auto closed = service_->OpenProfile(a.profile.reference, kNorr);
  ASSERT_TRUE(closed.has_value());
  EXPECT_FALSE(closed->fewer_opportunities);
  EXPECT_TRUE(closed->support_needs.empty());
  EXPECT_FALSE(closed->sensitive_shared);
  EXPECT_EQ(closed->motivation, edited.motivation) << "the rest is there";

  edited.sensitive_shared = true;
  ASSERT_TRUE(service_->UpdateProfile("sub-a", edited).has_value());
  auto shared = service_->OpenProfile(a.profile.reference, kNorr);
  ASSERT_TRUE(shared.has_value());
  EXPECT_TRUE(shared->fewer_opportunities);
  EXPECT_EQ(shared->support_needs, "Step-free access");
  // The owner always sees their own answers.
  EXPECT_TRUE(Stored("sub-a").profile.fewer_opportunities);
}

// ---------------------------------------------------------------------------------------------
// The export

TEST_P(ServiceTest, TheExportHoldsEverythingAboutThePersonAndNothingAboutAnyoneElse) {
  const Account a = Register("sub-a");
  const Account b = Register("sub-b", D(2003, 3, 3), false, "de");
  AddPlacements("sub-a", {{D(2024, 1, 1), D(2024, 3, 1), "volunteering_team", true}});
  Participant edited = Edited(Stored("sub-a"));
  edited.sensitive_shared = true;
  ASSERT_TRUE(service_->UpdateProfile("sub-a", edited).has_value());
  ASSERT_TRUE(service_->UpdateProfile("sub-b", Edited(b)).has_value());
  ASSERT_TRUE(service_->SetVisible("sub-a", true).has_value());
  ASSERT_TRUE(service_->SetVisible("sub-b", true).has_value());
  ASSERT_TRUE(service_->UploadCv("sub-a", "elsa.pdf", kPdf).has_value());
  ASSERT_TRUE(service_->UploadCv("sub-b", "other.pdf", kPdf + "%b\n%%EOF").has_value());
  ASSERT_TRUE(service_->OpenProfile(a.profile.reference, kNorr).has_value());
  ASSERT_TRUE(service_->OpenProfile(b.profile.reference, kHaus).has_value());
  ASSERT_TRUE(service_->OpenCv(b.profile.reference, kHaus).has_value());

  auto e = service_->ExportFor("sub-a");
  ASSERT_TRUE(e.has_value()) << Describe(e);
  const Account& held = e->account;
  const Participant& p = held.profile;
  EXPECT_EQ(p.reference, a.profile.reference);
  EXPECT_EQ(p.sub, "sub-a");
  EXPECT_EQ(p.email, "elsa@young.example");
  EXPECT_EQ(p.birth_date, D(2006, 5, 17));
  EXPECT_EQ(p.languages.size(), 3u);
  EXPECT_EQ(p.skills.size(), 3u);
  EXPECT_EQ(p.availability.size(), 1u);
  EXPECT_EQ(p.motivation, edited.motivation);
  EXPECT_EQ(p.experience, edited.experience);
  ASSERT_EQ(p.placements.size(), 1u);
  EXPECT_TRUE(p.searchable);
  // Sensitive answers: the owner's own, in full.
  EXPECT_TRUE(p.fewer_opportunities);
  EXPECT_EQ(p.support_needs, "Step-free access");
  EXPECT_TRUE(p.sensitive_shared);
  // Consent and the account.
  EXPECT_EQ(held.consent_version, kPrivacyVersion);
  EXPECT_TRUE(held.consented_at.has_value());
  EXPECT_TRUE(held.registered_at.has_value());
  EXPECT_FALSE(held.hidden_at.has_value());
  // The CV's particulars.
  ASSERT_TRUE(held.cv.has_value());
  EXPECT_EQ(held.cv->file_name, "elsa.pdf");
  EXPECT_EQ(held.cv->size_bytes, static_cast<int64_t>(kPdf.size()));
  // Who opened it: only this person's events.
  ASSERT_EQ(e->events.size(), 1u);
  EXPECT_EQ(e->events[0].kind, EventKind::kViewed);
  EXPECT_EQ(e->events[0].oid, kNorr.oid);
  EXPECT_TRUE(e->findable);
  EXPECT_GT(e->completeness.percent, 0);

  auto eb = service_->ExportFor("sub-b");
  ASSERT_TRUE(eb.has_value());
  EXPECT_EQ(eb->account.profile.reference, b.profile.reference);
  EXPECT_EQ(eb->events.size(), 2u);
  EXPECT_EQ(eb->account.cv->file_name, "other.pdf");

  auto nobody = service_->ExportFor("sub-nobody");
  ASSERT_FALSE(nobody.has_value());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
}

// ---------------------------------------------------------------------------------------------
// Erasure

TEST_P(ServiceTest, ErasureNeedsTheReferenceTypedAgain) {
  const Account a = Register("sub-a");
  ASSERT_TRUE(service_->UploadCv("sub-a", "cv.pdf", kPdf).has_value());
  const std::string before = Snapshot();
  for (const std::string& wrong : {std::string(""), std::string("4000000002"),
                                   a.profile.reference + "0", std::string("sub-a")}) {
    SCOPED_TRACE(wrong);
    auto r = service_->Erase("sub-a", wrong);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(FieldNames(r.error()), std::vector<std::string>{"confirm_reference"});
  }
  EXPECT_EQ(Snapshot(), before) << "nothing erased";
  EXPECT_EQ(files_.files.size(), 1u);
  auto nobody = service_->Erase("sub-nobody", "4000000001");
  ASSERT_FALSE(nobody.has_value());
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(ServiceTest, ErasureRemovesThePersonAndKeepsOnlyPseudonymousPlacements) {
  const Account a = Register("sub-a");
  const Account b = Register("sub-b");
  for (const char* sub : {"sub-a", "sub-b"}) {
    AddPlacements(sub, {{D(2023, 1, 1), D(2023, 6, 30), "volunteering_team", true},
                        {D(2024, 9, 1), D(2024, 10, 15), "solidarity_project", false}});
    Participant edited = Edited(Stored(sub));
    ASSERT_TRUE(service_->UpdateProfile(sub, edited).has_value());
    ASSERT_TRUE(service_->SetVisible(sub, true).has_value());
    ASSERT_TRUE(service_->UploadCv(sub, "cv.pdf", kPdf).has_value());
  }
  ASSERT_TRUE(service_->OpenProfile(a.profile.reference, kNorr).has_value());
  ASSERT_TRUE(service_->OpenCv(a.profile.reference, kNorr).has_value());
  ASSERT_TRUE(service_->OpenProfile(b.profile.reference, kNorr).has_value());
  const int64_t id = a.profile.id;
  const std::string reference = a.profile.reference;
  const std::string pseudonym = service_->Pseudonym(reference);
  EXPECT_TRUE(pseudonym.starts_with("erased-")) << pseudonym;
  EXPECT_EQ(pseudonym.find(reference), std::string::npos);
  EXPECT_EQ(pseudonym, service_->Pseudonym(reference)) << "stable";
  EXPECT_NE(pseudonym, service_->Pseudonym(b.profile.reference));
  const int64_t mails_before = Count("SELECT COUNT(*) FROM outbox");
  Advance(std::chrono::hours(1));
  const Timestamp now = clock_.Now();

  auto erased = service_->Erase("sub-a", " " + reference + " ");
  ASSERT_TRUE(erased.has_value()) << Describe(erased);

  // The person and every child row are gone.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants WHERE id = $1", {id}), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants WHERE reference = $1", {reference}), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participants WHERE sub = 'sub-a'"), 0);
  for (const char* table : {"participant_languages", "participant_codes",
                            "participant_availability", "participant_placements",
                            "participant_sensitive", "participant_cvs", "participant_events"}) {
    EXPECT_EQ(
        Count("SELECT COUNT(*) FROM " + std::string(table) + " WHERE participant_id = $1", {id}), 0)
        << table;
  }
  auto account = service_->AccountFor("sub-a");
  ASSERT_TRUE(account.has_value());
  EXPECT_FALSE(account->has_value());
  EXPECT_EQ(files_.files.size(), 1u) << "only the other person's CV is left";
  EXPECT_EQ(files_.files.count(Stored("sub-b").cv->storage_key), 1u);

  // Earlier placements stay, under the pseudonym and never the reference.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM erased_placements"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM erased_placements WHERE pseudonym = $1", {pseudonym}), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM erased_placements WHERE pseudonym = $1 AND "
                  "start_date = '2023-01-01' AND end_date = '2023-06-30' AND "
                  "activity_type = 'volunteering_team' AND cross_border = 1 AND erased_at = $2",
                  {pseudonym, UnixMillis(now)}),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM erased_placements WHERE pseudonym = $1", {reference}), 0);

  // The change feed names the reference once more, so the index drops it, and no earlier row.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes WHERE reference = $1", {reference}), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes WHERE reference = $1 AND at = $2",
                  {reference, UnixMillis(now)}),
            1);

  // The confirmation goes to the address the person had.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), mails_before + 1);
  const auto mails = MailsAbout("participant_erased");
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "elsa@young.example");
  EXPECT_EQ(mails[0].lang, "sv");
  EXPECT_EQ(mails[0].body.find(reference), std::string::npos);

  // The audit entry names the pseudonym.
  const auto audit = AuditOf("participant.erased");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "participant:" + pseudonym);
  EXPECT_EQ(audit[0].subject, pseudonym);
  EXPECT_EQ(audit[0].actor.find(reference), std::string::npos);

  // The other person is untouched.
  const Account other = Stored("sub-b");
  EXPECT_EQ(other.profile.placements.size(), 2u);
  EXPECT_EQ(other.profile.languages.size(), 3u);
  EXPECT_TRUE(other.profile.fewer_opportunities);
  EXPECT_EQ(EventsOf("sub-b").size(), 1u);
  EXPECT_TRUE(service_->OpenProfile(b.profile.reference, kNorr).has_value());

  // Organisations find nothing; the person may register afresh and gets a new number.
  auto opened = service_->OpenProfile(reference, kNorr);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
  const Account again = Register("sub-a");
  EXPECT_NE(again.profile.reference, reference);
  EXPECT_TRUE(again.profile.placements.empty());
}

// ---------------------------------------------------------------------------------------------
// Retention

TEST_P(ServiceTest, InactiveProfilesAreHiddenWithAWarningThenErasedAfterTheGracePeriod) {
  const Account gone = Register("sub-gone", D(2006, 5, 17), false, "de");  // active 2026-12-01
  AddPlacements("sub-gone", {{D(2024, 1, 1), D(2024, 2, 1), "volunteering_team", true}});
  ASSERT_TRUE(service_->SetVisible("sub-gone", true).has_value());
  ASSERT_TRUE(service_->UploadCv("sub-gone", "cv.pdf", kPdf).has_value());
  AdvanceDays(2);
  const Account stays = Register("sub-stays");  // active 2026-12-03
  ASSERT_TRUE(service_->SetVisible("sub-stays", true).has_value());

  // 24 months and a day after the first one's last activity, 24 months less a day after the
  // second one's.
  SetToday(D(2028, 12, 2));
  const int64_t mails_before = Count("SELECT COUNT(*) FROM outbox");
  auto first = service_->RunRetention();
  ASSERT_TRUE(first.has_value()) << Describe(first);
  EXPECT_EQ(first->hidden, 1);
  EXPECT_EQ(first->erased, 0);
  const Account hidden = Stored("sub-gone");
  ASSERT_TRUE(hidden.hidden_at.has_value());
  EXPECT_EQ(*hidden.hidden_at, clock_.Now());
  EXPECT_TRUE(hidden.profile.searchable) << "the person's choice stays";
  EXPECT_FALSE(Stored("sub-stays").hidden_at.has_value());
  auto opened = service_->OpenProfile(gone.profile.reference, kNorr);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(service_->OpenProfile(stays.profile.reference, kNorr).has_value());
  EXPECT_FALSE(service_->ExportFor("sub-gone")->findable);

  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), mails_before + 1);
  const auto warnings = MailsAbout("participant_inactive");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].to, "sub-gone@young.example");
  EXPECT_EQ(warnings[0].lang, "de");
  EXPECT_NE(warnings[0].body.find("deletion_date=2029-01-01\n"), std::string::npos)
      << warnings[0].body;
  EXPECT_NE(warnings[0].body.find("months=24\n"), std::string::npos);
  EXPECT_NE(warnings[0].body.find("url=https://pass.example/young\n"), std::string::npos);

  // Running again the same day changes nothing.
  const std::string before = Snapshot();
  auto again = service_->RunRetention();
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->hidden, 0);
  EXPECT_EQ(again->erased, 0);
  EXPECT_EQ(Snapshot(), before);

  // A minute before the grace period is over nothing is erased. (The second person, by now
  // more than 24 months inactive too, is hidden and warned.)
  AdvanceDays(kDeletionGraceDays);
  Advance(-std::chrono::minutes(1));
  auto almost = service_->RunRetention();
  ASSERT_TRUE(almost.has_value()) << Describe(almost);
  EXPECT_EQ(almost->erased, 0);
  EXPECT_EQ(almost->hidden, 1);
  EXPECT_TRUE(Stored("sub-stays").hidden_at.has_value());
  EXPECT_EQ(Stored("sub-gone").profile.reference, gone.profile.reference);

  // The job's run on the deletion day the mail named: erased, placements kept under the
  // pseudonym, the CV file gone. (Exactly 30 days to the millisecond after the warning it is
  // not yet erased: HiddenBefore compares with <; see the report.)
  Advance(std::chrono::minutes(2));
  EXPECT_EQ(FormatIsoDate(clock_.Today()), "2029-01-01");
  auto later = service_->RunRetention();
  ASSERT_TRUE(later.has_value()) << Describe(later);
  EXPECT_EQ(later->erased, 1);
  EXPECT_EQ(later->hidden, 0);
  auto account = service_->AccountFor("sub-gone");
  ASSERT_TRUE(account.has_value());
  EXPECT_FALSE(account->has_value()) << "erased on the day the warning named";
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM participants WHERE reference = $1", {gone.profile.reference}), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM erased_placements WHERE pseudonym = $1",
                  {service_->Pseudonym(gone.profile.reference)}),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_cvs"), 0);
  EXPECT_TRUE(files_.files.empty());
  const auto audit = AuditOf("participant.erased");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "system");
  EXPECT_EQ(audit[0].subject, service_->Pseudonym(gone.profile.reference));
  EXPECT_TRUE(Stored("sub-stays").hidden_at.has_value()) << "still within its grace period";
}

TEST_P(ServiceTest, InactivityIsCountedFromTheLastActiveDay) {
  Register("sub-old");  // active 2026-12-01
  AdvanceDays(2);
  Register("sub-recent");  // active 2026-12-03
  SetToday(D(2028, 12, 2));
  auto r = service_->RunRetention();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->hidden, 1);
  EXPECT_TRUE(Stored("sub-old").hidden_at.has_value()) << "24 months + 1 day";
  EXPECT_FALSE(Stored("sub-recent").hidden_at.has_value()) << "24 months - 1 day";
}

TEST_P(ServiceTest, SigningInBeforeTheDeletionDayShowsTheProfileAgainAndKeepsIt) {
  const Account a = Register("sub-a");
  ASSERT_TRUE(service_->SetVisible("sub-a", true).has_value());
  SetToday(D(2028, 12, 2));
  ASSERT_EQ(service_->RunRetention()->hidden, 1);
  const int64_t changes = Count("SELECT COUNT(*) FROM participant_changes");

  AdvanceDays(kDeletionGraceDays - 1);
  auto summary = service_->SignedIn("sub-a");
  ASSERT_TRUE(summary.has_value()) << Describe(summary);
  ASSERT_TRUE(summary->has_value());
  EXPECT_FALSE((*summary)->hidden);
  EXPECT_EQ((*summary)->last_active, clock_.Today());
  EXPECT_EQ((*summary)->reference, a.profile.reference);
  const Account back = Stored("sub-a");
  EXPECT_FALSE(back.hidden_at.has_value());
  EXPECT_EQ(back.profile.last_active, clock_.Today());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_changes"), changes + 1)
      << "the index learns the profile is back";
  EXPECT_TRUE(service_->OpenProfile(a.profile.reference, kNorr).has_value());

  AdvanceDays(1);
  auto r = service_->RunRetention();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->erased, 0);
  EXPECT_EQ(r->hidden, 0);
  EXPECT_TRUE(Stored("sub-a").profile.reference == a.profile.reference);

  // The first sign-in of a day records it; the next ones that day write nothing.
  ASSERT_TRUE(service_->SignedIn("sub-a").has_value());
  EXPECT_EQ(Stored("sub-a").profile.last_active, clock_.Today());
  const std::string before = Snapshot();
  ASSERT_TRUE(service_->SignedIn("sub-a").has_value());
  EXPECT_EQ(Snapshot(), before);
  // Someone who never registered is nobody here.
  auto stranger = service_->SignedIn("sub-stranger");
  ASSERT_TRUE(stranger.has_value());
  EXPECT_FALSE(stranger->has_value());
}

INSTANTIATE_TEST_SUITE_P(Dialects, ServiceTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass::participants
