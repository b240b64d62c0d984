// The public opportunity pages end to end (SPEC F4, R8, R9): the whole portal in-process on a
// real socket, on SQLite and (when PASS_TEST_POSTGRES_URL is set) PostgreSQL, with the
// misbehaving OpenID provider (tests/support/bad-idp.js) in its well-behaved mode as EU Login.
// Anyone browses and filters what is published; a registered young person sees the eligibility
// checks, applies (CSRF, rate limit, no second application), follows the application and
// withdraws it; an ineligible person is refused with the failed checks named.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app.h"
#include "http/form.h"
#include "http/server.h"
#include "i18n/catalogue.h"
#include "opportunities/service.h"
#include "registry/import.h"
#include "storage/opportunity_repository.h"
#include "storage/registry_repository.h"
#include "support/http_client.h"
#include "support/portal_harness.h"
#include "support/test_database.h"

namespace pass {
namespace {

using testing::Between;
using testing::Browser;
using testing::Contains;
using testing::English;
using testing::HttpClient;
using testing::HttpResult;
using testing::YearsAgo;

// The smallest file the portal takes for a PDF.
const std::string kPdf =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    "trailer\n<< /Root 1 0 R >>\n%%EOF\n";

// The error summary links to each field it names (`prefix`: "f-" for forms, "q-" for filters).
bool SummaryNames(const std::string& body, const std::string& field,
                  const std::string& prefix = "f-") {
  const std::string summary = Between(body, "pass-error-summary", "</div>");
  return Contains(summary, "href=\"#" + prefix + field + "\"");
}

size_t Occurrences(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

Date Today() { return DateOf(std::chrono::system_clock::now()); }
Date Later(int days) { return Date(std::chrono::sys_days(Today()) + std::chrono::days(days)); }

// A publishable opportunity of E10000001 in Berlin, about six months from three months on.
opportunities::Opportunity Valid(const std::string& title) {
  opportunities::Opportunity o;
  o.title = title;
  o.description = "Help us run a nature school for children.";
  o.activity_type = "individual_volunteering";
  o.topics = {"environment_nature"};
  o.country = "DE";
  o.town = "Berlin";
  o.start_date = Later(90);
  o.end_date = opportunities::MonthsLater(*o.start_date, 6);
  o.application_deadline = Later(40);
  o.places = 2;
  o.languages = {{"de", codes::Level::kB1}};
  o.skills = {"first_aid"};
  o.participant_profile = "Curious people who like the outdoors.";
  o.practical_arrangements = "A shared flat, a food allowance and a bike.";
  o.training = "On-arrival training and a mentor.";
  o.contact_person = "Maria Schmidt";
  o.status = opportunities::Status::kPublished;
  return o;
}

class OpportunityPagesTest : public testing::PortalTest {
 protected:
  void SetUp() override {
    PortalTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    store_ = std::make_unique<storage::SqlOpportunityStore>(app_->database(), clock_);
    service_ = std::make_unique<opportunities::Service>(
        *store_, clock_,
        [](std::string_view lang, std::string_view name,
           const std::vector<std::pair<std::string, std::string>>&, std::string to,
           std::string to_name) {
          return mail::Message{std::move(to), std::move(to_name), std::string(name), "body",
                               std::string(lang)};
        },
        Base());
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    PortalTest::TearDown();
  }

  static opportunities::Staff StaffOf(const std::string& oid) {
    return {oid, oid == "E10000001" ? "anna@se.example" : "lukas@de.example"};
  }

  // Through the service, as staff would: published (or a draft) after every check.
  int64_t Create(opportunities::Opportunity o, const std::string& oid = "E10000001") {
    auto created = service_->Create(StaffOf(oid), std::move(o));
    EXPECT_TRUE(created.has_value())
        << (created ? ""
                    : created.error().message.key + " " +
                          (created.error().fields.empty() ? "" : created.error().fields[0].field));
    return created ? created->id : 0;
  }

  // Straight into the store, for states the service would not create (a deadline passed while
  // the daily job has not closed it yet).
  int64_t SaveRaw(opportunities::Opportunity o) {
    o.oid = "E10000001";
    auto saved = store_->WriteValue([&](opportunities::Repository& repo) { return repo.Save(o); });
    EXPECT_TRUE(saved.has_value());
    return saved ? *saved : 0;
  }

  // Signs a new person in and registers them; returns their reference number.
  std::string Register(Browser& b, const std::string& sub, const std::string& email,
                       const std::string& birth_date, const std::string& residence = "SE",
                       bool humanitarian_only = false, const std::string& given = "Lena") {
    SignIn(b, sub, email, given, "Berg");
    const auto r = Post(b, "/young/register",
                        "birth_date=" + birth_date + "&residence=" + residence +
                            (humanitarian_only ? "&humanitarian_only=1" : "") +
                            "&accept_principles=1&accept_privacy=1&privacy_version=" +
                            std::to_string(testing::PrivacyVersion()));
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    const auto home = Get(b, "/young");
    const std::string reference =
        Between(home.body, "<strong class=\"pass-reference\">", "</strong>");
    EXPECT_EQ(reference.size(), 10u) << home.body.substr(0, 3000);
    return reference;
  }

  static std::string Page(int64_t id) { return "/opportunities/" + std::to_string(id); }
  static std::string ApplyUrl(int64_t id) { return Page(id) + "/apply"; }

  SystemClock clock_;
  std::unique_ptr<storage::SqlOpportunityStore> store_;
  std::unique_ptr<opportunities::Service> service_;
};

TEST_P(OpportunityPagesTest, VisitorsSeeOnlyWhatIsPublishedAndTakesApplications) {
  const int64_t open = Create(Valid("Nature school in Berlin"));
  auto rolling = Valid("Rolling kitchen garden");
  rolling.application_deadline.reset();
  const int64_t rolling_id = Create(rolling);
  auto draft = Valid("Draft not ready");
  draft.status = opportunities::Status::kDraft;
  const int64_t draft_id = Create(draft);
  const int64_t closed = Create(Valid("Closed choir project"));
  ASSERT_TRUE(service_->Close(StaffOf("E10000001"), closed).has_value());
  auto late = Valid("Deadline passed yesterday");
  late.application_deadline = Later(-1);
  SaveRaw(late);

  Browser visitor(Base());
  const auto list = Get(visitor, "/opportunities");
  ASSERT_EQ(list.status, 200) << list.body.substr(0, 2000);
  EXPECT_TRUE(Contains(list.body, "<h1>" + English("opportunities.title") + "</h1>"));
  EXPECT_TRUE(Contains(list.body, "Nature school in Berlin"));
  EXPECT_TRUE(Contains(list.body, "Rolling kitchen garden"));
  EXPECT_FALSE(Contains(list.body, "Draft not ready"));
  EXPECT_FALSE(Contains(list.body, "Closed choir project"));
  EXPECT_FALSE(Contains(list.body, "Deadline passed yesterday"));
  EXPECT_TRUE(Contains(list.body, "2 opportunities")) << list.body;
  EXPECT_TRUE(Contains(list.body, "href=\"" + Page(open) + "\""));
  EXPECT_TRUE(Contains(list.body, "href=\"" + Page(rolling_id) + "\""));
  EXPECT_FALSE(Contains(list.body, "href=\"" + Page(draft_id) + "\""));
  EXPECT_TRUE(Contains(list.body, "Ung i Europa")) << "the organisation's name";
  EXPECT_TRUE(Contains(list.body, "Berlin, Germany"));
  EXPECT_TRUE(Contains(list.body, "Individual volunteering"));
  EXPECT_TRUE(Contains(list.body, i18n::FormatLongDate("en", Later(40))))
      << "the deadline as the last day";
  EXPECT_TRUE(Contains(list.body, i18n::FormatLongDate("en", Later(90 - 14))))
      << "rolling: the last day R11 allows";
  EXPECT_TRUE(Contains(list.body, "2 places"));
  EXPECT_TRUE(Contains(list.body, "href=\"/opportunities\" aria-current=\"page\""))
      << "the header's menu";
  // A visitor's page holds nothing personal: not even the contact person of the opportunity.
  EXPECT_FALSE(Contains(list.body, "Maria Schmidt"));
  EXPECT_FALSE(Contains(list.body, "@"));
  EXPECT_FALSE(Contains(list.body, "name=\"eligible\"")) << "only for registered people";
  EXPECT_FALSE(Contains(list.body, "rel=\"next\""));
}

TEST_P(OpportunityPagesTest, EachFilterNarrowsTheList) {
  Create(Valid("Nature school in Berlin"));
  auto lyon = Valid("Theatre team in Lyon");
  lyon.country = "FR";
  lyon.town = "Lyon";
  lyon.topics = {"culture_creativity"};
  lyon.activity_type = "volunteering_team";
  lyon.start_date = Later(200);
  lyon.end_date = Later(200 + 30);
  lyon.application_deadline = Later(150);
  Create(lyon, "E10000002");

  Browser visitor(Base());
  auto only = [&](const std::string& query, bool berlin, bool theatre) {
    const auto r = Get(visitor, "/opportunities?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body.substr(0, 2000);
    EXPECT_EQ(Contains(r.body, "Nature school in Berlin"), berlin) << query;
    EXPECT_EQ(Contains(r.body, "Theatre team in Lyon"), theatre) << query;
    return r;
  };
  only("", true, true);
  const auto fr = only("country=FR", false, true);
  EXPECT_TRUE(Contains(fr.body, "<option value=\"FR\" selected>")) << "the filter is kept";
  only("country=SE", false, false);
  only("town=berlin", true, false);
  only("town=Lyon", false, true);
  only("topic=culture_creativity", false, true);
  only("topic=environment_nature", true, false);
  only("activity_type=volunteering_team", false, true);
  only("activity_type=job", false, false);
  // The activity overlaps the period.
  only("from=" + FormatIsoDate(Later(100)) + "&to=" + FormatIsoDate(Later(120)), true, false);
  only("from=" + FormatIsoDate(Later(210)), true, true);
  only("from=" + FormatIsoDate(Later(300)), false, false);
  only("to=" + FormatIsoDate(Later(95)), true, false);
  // Still taking applications on a day: Berlin's deadline is day 40, Lyon's day 150.
  only("open_until=" + FormatIsoDate(Later(60)), false, true);
  only("open_until=" + FormatIsoDate(Later(30)), true, true);
  // The soonest deadline first, or the newest first.
  const auto soonest = only("sort=deadline", true, true);
  EXPECT_LT(soonest.body.find("Nature school in Berlin"),
            soonest.body.find("Theatre team in Lyon"));
  const auto newest = only("sort=newest", true, true);
  EXPECT_LT(newest.body.find("Theatre team in Lyon"), newest.body.find("Nature school in Berlin"));
  EXPECT_TRUE(Contains(newest.body, "<option value=\"newest\" selected>"));
  // Nothing matches: the empty state.
  const auto none = only("country=FR&topic=environment_nature", false, false);
  EXPECT_TRUE(Contains(none.body, English("opportunities.empty")));
}

TEST_P(OpportunityPagesTest, PagesOfTwentyKeepTheFilters) {
  for (int i = 1; i <= 21; ++i) {
    auto o = Valid("Numbered opportunity " + std::to_string(100 + i));
    o.application_deadline = Later(10 + i);
    Create(o);
  }
  Browser visitor(Base());
  const auto first = Get(visitor, "/opportunities?country=DE&town=Berlin");
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(Contains(first.body, "21 opportunities"));
  EXPECT_EQ(Occurrences(first.body, "Numbered opportunity "), 20u);
  EXPECT_TRUE(Contains(first.body, "Numbered opportunity 101"));
  EXPECT_FALSE(Contains(first.body, "Numbered opportunity 121"));
  EXPECT_TRUE(Contains(
      first.body, "href=\"/opportunities?country=DE&amp;town=Berlin&amp;page=2\" rel=\"next\""))
      << first.body.substr(
             first.body.find("pass-pager") == std::string::npos ? 0 : first.body.find("pass-pager"),
             600);
  EXPECT_FALSE(Contains(first.body, "rel=\"prev\""));
  const auto second = Get(visitor, "/opportunities?country=DE&town=Berlin&page=2");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(Occurrences(second.body, "Numbered opportunity "), 1u);
  EXPECT_TRUE(Contains(second.body, "Numbered opportunity 121"));
  EXPECT_TRUE(
      Contains(second.body, "href=\"/opportunities?country=DE&amp;town=Berlin\" rel=\"prev\""));
  EXPECT_FALSE(Contains(second.body, "rel=\"next\""));
  EXPECT_EQ(Get(visitor, "/opportunities?page=x").status, 200) << "a bad page number is page 1";
}

TEST_P(OpportunityPagesTest, ABadFilterValueNamesTheFieldAndNeverFails) {
  Create(Valid("Nature school in Berlin"));
  Browser visitor(Base());
  const auto bad = Get(visitor, "/opportunities?from=2027-02-30&country=DE");
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(SummaryNames(bad.body, "from", "q-")) << bad.body.substr(0, 4000);
  EXPECT_TRUE(Contains(bad.body, "id=\"e-from\""));
  EXPECT_TRUE(Contains(bad.body, "value=\"2027-02-30\"")) << "what was typed is kept";
  EXPECT_TRUE(Contains(bad.body, "<option value=\"DE\" selected>"));
  EXPECT_FALSE(Contains(bad.body, "Nature school in Berlin"));

  const auto several =
      Get(visitor, "/opportunities?to=soon&open_until=31.12.2030&topic=x&country=ZZ");
  EXPECT_EQ(several.status, 400);
  EXPECT_TRUE(SummaryNames(several.body, "to", "q-"));
  EXPECT_TRUE(SummaryNames(several.body, "open_until", "q-"));
  EXPECT_TRUE(SummaryNames(several.body, "topic", "q-"));
  EXPECT_TRUE(SummaryNames(several.body, "country", "q-"));

  const auto reversed = Get(visitor, "/opportunities?from=2031-01-01&to=2030-01-01");
  EXPECT_EQ(reversed.status, 400);
  EXPECT_TRUE(SummaryNames(reversed.body, "to", "q-"));
  EXPECT_EQ(Get(visitor, "/opportunities?town=%FF").status, 400) << "not UTF-8";
}

TEST_P(OpportunityPagesTest, TheOpportunityPageShowsEveryPublicField) {
  auto o = Valid("Nature school in Berlin");
  o.eligible_residence = {"SE", "FI"};
  o.asks_cv = true;
  o.asks_motivation = true;
  const int64_t id = Create(o);
  auto required = Valid("Sign language café");
  required.languages = {{"de", codes::Level::kC1}};
  required.languages_required = true;
  required.requirement_reason = "Guests are deaf Germans: the volunteer explains the menu.";
  const int64_t required_id = Create(required);
  const int64_t closed = Create(Valid("Closed choir project"));
  ASSERT_TRUE(service_->Close(StaffOf("E10000001"), closed).has_value());
  auto draft = Valid("Draft not ready");
  draft.status = opportunities::Status::kDraft;
  const int64_t draft_id = Create(draft);

  Browser visitor(Base());
  const auto page = Get(visitor, Page(id));
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  for (const std::string part :
       {"<h1>Nature school in Berlin</h1>", "Help us run a nature school for children.",
        "Ung i Europa", "Berlin, Germany", "Individual volunteering", "6 months",
        "Curious people who like the outdoors.", "A shared flat, a food allowance and a bike.",
        "On-arrival training and a mentor.", "Maria Schmidt", "Environment and nature", "Sweden",
        "Finland", "First aid", "German — B1"}) {
    EXPECT_TRUE(Contains(page.body, part)) << part;
  }
  EXPECT_TRUE(Contains(page.body, i18n::FormatLongDate("en", Later(90))));
  EXPECT_TRUE(Contains(page.body, i18n::FormatLongDate("en", Later(40))));
  EXPECT_TRUE(Contains(page.body, English("opportunities.show.preferences_text")))
      << "wanted languages and skills are preferences";
  EXPECT_FALSE(Contains(page.body, English("opportunities.show.required_for")));
  EXPECT_TRUE(Contains(page.body, English("opportunities.show.send_cv")));
  EXPECT_TRUE(Contains(page.body, English("opportunities.show.send_motivation")));
  EXPECT_TRUE(
      Contains(page.body, "href=\"/login?next=%2Fopportunities%2F" + std::to_string(id) + "\""))
      << "sign in to apply";
  EXPECT_FALSE(Contains(page.body, "action=\"" + ApplyUrl(id) + "\""));

  const auto with_reason = Get(visitor, Page(required_id));
  EXPECT_TRUE(Contains(with_reason.body, English("opportunities.show.required_for")));
  EXPECT_TRUE(
      Contains(with_reason.body, "Guests are deaf Germans: the volunteer explains the menu."));
  EXPECT_TRUE(Contains(with_reason.body, "German — C1"));
  EXPECT_TRUE(Contains(with_reason.body, English("opportunities.show.preferences_text")))
      << "the skills stay preferences";

  const auto shut = Get(visitor, Page(closed));
  EXPECT_EQ(shut.status, 200);
  EXPECT_TRUE(Contains(shut.body, English("opportunities.show.closed")));
  EXPECT_FALSE(Contains(shut.body, "/login?next="));

  EXPECT_EQ(Get(visitor, Page(draft_id)).status, 404);
  EXPECT_EQ(Get(visitor, Page(999999)).status, 404);
  EXPECT_EQ(Get(visitor, "/opportunities/abc").status, 404);

  // Signed in but not registered: the way to registration.
  Browser staff(Base());
  SignIn(staff, "sub-anna", "anna@se.example", "Anna", "Lind");
  const auto for_staff = Get(staff, Page(id));
  EXPECT_EQ(for_staff.status, 200);
  EXPECT_TRUE(Contains(for_staff.body, English("apply.register_text")));
  EXPECT_FALSE(Contains(for_staff.body, "action=\"" + ApplyUrl(id) + "\""));
}

TEST_P(OpportunityPagesTest, ARegisteredPersonAppliesFollowsAndWithdraws) {
  auto o = Valid("Nature school in Berlin");
  o.asks_motivation = true;
  const int64_t id = Create(o);
  Browser lena(Base());
  const std::string reference = Register(lena, "sub-lena", "lena@young.example", YearsAgo(20));

  const auto page = Get(lena, Page(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "id=\"f-eligibility\""));
  EXPECT_EQ(Occurrences(page.body, "pass-checks__item--ok"), 2u) << "R8 and R9 pass";
  EXPECT_TRUE(Contains(page.body, "action=\"" + ApplyUrl(id) + "\""));
  EXPECT_TRUE(Contains(page.body, "<label class=\"ecl-form-label\" for=\"f-message\">"));
  EXPECT_TRUE(Contains(page.body, "id=\"f-motivation\""));
  EXPECT_FALSE(Contains(page.body, "id=\"f-share_cv\"")) << "no CV on the profile";

  // Without the session's token: refused, nothing stored.
  EXPECT_EQ(Post(lena, ApplyUrl(id), "message=Hello", false).status, 403);
  EXPECT_EQ(Post(lena, ApplyUrl(id), "csrf=forged&message=Hello", false).status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 0);

  // The message and the motivation asked for are missing: both named, what was typed kept.
  const auto missing = Post(lena, ApplyUrl(id), "message=+&motivation=");
  EXPECT_EQ(missing.status, 422);
  EXPECT_TRUE(SummaryNames(missing.body, "message")) << missing.body.substr(0, 4000);
  EXPECT_TRUE(SummaryNames(missing.body, "motivation"));
  EXPECT_TRUE(Contains(missing.body, "id=\"e-message\""));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 0);

  const auto sent = Post(lena, ApplyUrl(id), "message=Hallo+Anna%21&motivation=I+love+forests");
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 3000);
  EXPECT_EQ(sent.Header("location"), "/young/applications?done=applied");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 1);

  const auto mine = Get(lena, "/young/applications?done=applied");
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(Contains(mine.body, "<h1>" + English("applications.title") + "</h1>"));
  EXPECT_TRUE(Contains(mine.body, English("applications.done.applied")));
  EXPECT_TRUE(Contains(mine.body, "href=\"" + Page(id) + "\""));
  EXPECT_TRUE(Contains(mine.body, "Ung i Europa"));
  EXPECT_TRUE(Contains(mine.body, English("applications.status.received")));
  EXPECT_TRUE(Contains(mine.body, i18n::FormatLongDate("en", Today())));

  // The page now shows the application, not the form; a second one is refused.
  const auto after = Get(lena, Page(id));
  EXPECT_TRUE(Contains(after.body, English("apply.already")));
  EXPECT_TRUE(Contains(after.body, "href=\"/young/applications\""));
  EXPECT_FALSE(Contains(after.body, "action=\"" + ApplyUrl(id) + "\""));
  const auto twice = Post(lena, ApplyUrl(id), "message=Again&motivation=Again");
  EXPECT_EQ(twice.status, 409);
  EXPECT_TRUE(Contains(twice.body, English("error.application.duplicate")));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 1);

  // The organisation's tags and notes are its own; the stage shows as the applicant may see it.
  const auto staff = StaffOf("E10000001");
  auto pipeline = service_->Pipeline(staff, id);
  ASSERT_TRUE(pipeline.has_value());
  ASSERT_EQ(pipeline->size(), 1u);
  const int64_t entry_id = (*pipeline)[0].id;
  ASSERT_TRUE(service_->Tag(staff, id, {entry_id}, "maybe-later", true).has_value());
  ASSERT_TRUE(service_->AddNote(staff, id, entry_id, "Sounds shy on the phone").has_value());
  ASSERT_TRUE(service_->Move(staff, id, {entry_id}, {opportunities::Stage::kInterview, "", ""})
                  .has_value());
  const auto considered = Get(lena, "/young/applications");
  EXPECT_TRUE(Contains(considered.body, English("applications.status.considered")));
  EXPECT_FALSE(Contains(considered.body, "maybe-later"));
  EXPECT_FALSE(Contains(considered.body, "Sounds shy on the phone"));

  // Nothing about her on the public pages.
  Browser visitor(Base());
  for (const std::string& path : {std::string("/opportunities"), Page(id)}) {
    const auto r = Get(visitor, path);
    EXPECT_FALSE(Contains(r.body, reference)) << path;
    EXPECT_FALSE(Contains(r.body, "lena@young.example")) << path;
    EXPECT_FALSE(Contains(r.body, "Hallo Anna")) << path;
  }

  // Withdrawing needs the token too, and only her own application.
  const std::string withdraw = "/young/applications/" + std::to_string(entry_id) + "/withdraw";
  EXPECT_TRUE(Contains(considered.body, "action=\"" + withdraw + "\""));
  EXPECT_EQ(Post(lena, withdraw, "", false).status, 403);
  Browser mia(Base());
  Register(mia, "sub-mia", "mia@young.example", YearsAgo(22), "FI", false, "Mia");
  EXPECT_EQ(Post(mia, withdraw, "").status, 404);
  const auto withdrawn = Post(lena, withdraw, "");
  ASSERT_EQ(withdrawn.status, 303) << withdrawn.body.substr(0, 2000);
  EXPECT_EQ(withdrawn.Header("location"), "/young/applications?done=withdrawn");
  const auto final_list = Get(lena, "/young/applications?done=withdrawn");
  EXPECT_TRUE(Contains(final_list.body, English("applications.done.withdrawn")));
  EXPECT_TRUE(Contains(final_list.body, English("applications.status.withdrawn")));
  EXPECT_FALSE(Contains(final_list.body, "action=\"" + withdraw + "\""));
  // She may apply again: the form is back.
  EXPECT_TRUE(Contains(Get(lena, Page(id)).body, "action=\"" + ApplyUrl(id) + "\""));
}

TEST_P(OpportunityPagesTest, NotSelectedShowsTheReason) {
  const int64_t id = Create(Valid("Nature school in Berlin"));
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example", YearsAgo(20));
  ASSERT_EQ(Post(lena, ApplyUrl(id), "message=Hello").status, 303);
  const auto staff = StaffOf("E10000001");
  auto pipeline = service_->Pipeline(staff, id);
  ASSERT_TRUE(pipeline.has_value() && pipeline->size() == 1u);
  ASSERT_TRUE(service_
                  ->Move(staff, id, {(*pipeline)[0].id},
                         {opportunities::Stage::kNotSelected, "places_filled", "We chose earlier."})
                  .has_value());
  const auto mine = Get(lena, "/young/applications");
  EXPECT_TRUE(Contains(mine.body, English("applications.status.not_selected")));
  EXPECT_TRUE(Contains(mine.body, English("applications.reason.places_filled")));
  EXPECT_TRUE(Contains(mine.body, "We chose earlier."));
}

TEST_P(OpportunityPagesTest, IneligiblePeopleSeeTheFailedChecksAndCannotApply) {
  const int64_t berlin = Create(Valid("Nature school in Berlin"));
  auto nordic = Valid("Nordic residents only");
  nordic.eligible_residence = {"DK", "NO"};
  const int64_t nordic_id = Create(nordic);
  auto aid = Valid("Humanitarian aid in Lviv");
  aid.activity_type = "humanitarian_aid";
  aid.country = "UA";
  aid.town = "Lviv";
  const int64_t aid_id = Create(aid);

  // 33 at the start: too old for anything but humanitarian aid (R8).
  Browser olle(Base());
  Register(olle, "sub-olle", "olle@young.example", YearsAgo(33), "SE", true, "Olle");
  const auto page = Get(olle, Page(berlin));
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "pass-checks__item--no"));
  EXPECT_TRUE(Contains(page.body, "this activity takes people up to 30 at the start"))
      << page.body.substr(page.body.find("f-eligibility") == std::string::npos
                              ? 0
                              : page.body.find("f-eligibility"),
                          1500);
  EXPECT_FALSE(Contains(page.body, "action=\"" + ApplyUrl(berlin) + "\""));
  const auto refused = Post(olle, ApplyUrl(berlin), "message=Please");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(SummaryNames(refused.body, "eligibility")) << refused.body.substr(0, 4000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 0);
  // Humanitarian aid takes him up to 35.
  const auto aid_page = Get(olle, Page(aid_id));
  EXPECT_FALSE(Contains(aid_page.body, "pass-checks__item--no"));
  EXPECT_TRUE(Contains(aid_page.body, "action=\"" + ApplyUrl(aid_id) + "\""));
  // The eligibility filter leaves only what he may apply to.
  const auto eligible = Get(olle, "/opportunities?eligible=1");
  EXPECT_TRUE(Contains(eligible.body, "name=\"eligible\" value=\"1\" checked"));
  EXPECT_TRUE(Contains(eligible.body, "Humanitarian aid in Lviv"));
  EXPECT_FALSE(Contains(eligible.body, "Nature school in Berlin"));
  EXPECT_FALSE(Contains(eligible.body, "Nordic residents only"));

  // Lives in Sweden: not among the countries of residence (R9), the country named.
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example", YearsAgo(20));
  const auto nordic_page = Get(lena, Page(nordic_id));
  EXPECT_EQ(Occurrences(nordic_page.body, "pass-checks__item--no"), 1u);
  EXPECT_TRUE(Contains(nordic_page.body, "you live in Sweden"));
  EXPECT_FALSE(Contains(nordic_page.body, "action=\"" + ApplyUrl(nordic_id) + "\""));
  const auto nordic_refused = Post(lena, ApplyUrl(nordic_id), "message=Hej");
  EXPECT_EQ(nordic_refused.status, 422);
  EXPECT_TRUE(SummaryNames(nordic_refused.body, "eligibility"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 0);
  const auto lena_eligible = Get(lena, "/opportunities?eligible=1");
  EXPECT_TRUE(Contains(lena_eligible.body, "Nature school in Berlin"));
  EXPECT_FALSE(Contains(lena_eligible.body, "Nordic residents only"));
}

TEST_P(OpportunityPagesTest, ApplyingToWhatIsNotOpenIsRefused) {
  auto draft = Valid("Draft not ready");
  draft.status = opportunities::Status::kDraft;
  const int64_t draft_id = Create(draft);
  const int64_t closed = Create(Valid("Closed choir project"));
  ASSERT_TRUE(service_->Close(StaffOf("E10000001"), closed).has_value());

  // A visitor is sent to sign in, and comes back to the opportunity.
  Browser visitor(Base());
  const auto anonymous =
      visitor.client.Post(ApplyUrl(closed), "message=Hi",
                          {"Origin: " + Base(), "Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_EQ(anonymous.Header("location"),
            "/login?next=%2Fopportunities%2F" + std::to_string(closed));

  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example", YearsAgo(20));
  EXPECT_EQ(Post(lena, ApplyUrl(draft_id), "message=Hi").status, 404);
  EXPECT_EQ(Post(lena, ApplyUrl(999999), "message=Hi").status, 404);
  EXPECT_EQ(Post(lena, ApplyUrl(closed), "message=Hi").status, 409);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries"), 0);

  // Signed in but not registered: to registration.
  Browser anna(Base());
  SignIn(anna, "sub-anna", "anna@se.example", "Anna", "Lind");
  const auto unregistered = Post(anna, ApplyUrl(closed), "message=Hi");
  EXPECT_EQ(unregistered.status, 303);
  EXPECT_EQ(unregistered.Header("location"), "/young");
  EXPECT_EQ(Get(anna, "/young/applications").Header("location"), "/young");

  // Many applications in a short time: 429 with its message.
  long last = 0;
  for (int i = 0; i < 15 && last != 429; ++i)
    last = Post(lena, ApplyUrl(draft_id), "message=Hi").status;
  EXPECT_EQ(last, 429);
  const auto limited = Post(lena, ApplyUrl(draft_id), "message=Hi");
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(Contains(limited.body, English("error.application.too_many")));
}

TEST_P(OpportunityPagesTest, TheYoungHomeLinksToApplicationsAndOpportunities) {
  Browser lena(Base());
  Register(lena, "sub-lena", "lena@young.example", YearsAgo(20));
  const auto home = Get(lena, "/young");
  EXPECT_TRUE(Contains(home.body, "href=\"/young/applications\""));
  EXPECT_TRUE(Contains(home.body, "href=\"/opportunities\""));
  const auto empty = Get(lena, "/young/applications");
  EXPECT_EQ(empty.status, 200);
  EXPECT_TRUE(Contains(empty.body, English("applications.empty")));
  Browser visitor(Base());
  const auto login = Get(visitor, "/young/applications");
  EXPECT_EQ(login.status, 303);
  EXPECT_EQ(login.Header("location"), "/login?next=%2Fyoung%2Fapplications");
}

INSTANTIATE_TEST_SUITE_P(Dialects, OpportunityPagesTest,
                         ::testing::ValuesIn(testing::TestDialects()), [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass
