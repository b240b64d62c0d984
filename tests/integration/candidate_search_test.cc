// The candidate search end to end (SPEC F9-F11; docs/api.md): the whole portal in-process on a
// real socket, on SQLite and (when PASS_TEST_POSTGRES_URL is set) PostgreSQL. Staff search the
// registry and see only findable people, with exact counts and reasons; a change to a profile
// shows within a second; suggestions rank by an opportunity of their own organisation only;
// shortlisting puts people in the pipeline; full profiles opened are recorded; saved searches
// mail their owner when people newly match; another organisation reaches none of it.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "http/form.h"
#include "participants/participant.h"
#include "storage/participant_repository.h"
#include "support/portal_harness.h"

namespace pass {
namespace {

using Json = nlohmann::json;
using testing::Browser;
using testing::Contains;
using testing::DaysFromToday;
using testing::HttpResult;

constexpr char kSearch[] = "/api/v1/organisations/E10000001/candidates";

Date Day(int days_from_today) { return *ParseIsoDate(DaysFromToday(days_from_today)); }

participants::Participant Person(const std::string& reference, const std::string& given,
                                 const std::string& residence, int age_years) {
  participants::Participant p;
  p.reference = reference;
  p.email = reference + "@young.example";
  p.given_name = given;
  p.family_name = "Testperson";
  p.birth_date = Day(-(age_years * 365 + 100));
  p.residence = residence;
  p.nationality = residence;
  p.contact_language = "en";
  p.languages = {{"en", codes::Level::kB2}};
  p.topics = {"environment_nature"};
  p.activity_types = {"individual_volunteering"};
  p.destinations = {"any"};
  p.skills = {"first_aid"};
  p.availability = {{Day(60), Day(300)}};
  p.experience = "I volunteered in a community garden for two years.";
  p.motivation = "I want to protect nature and learn a new language.";
  p.searchable = true;
  p.last_active = Day(-3);
  return p;
}

class CandidateSearchTest : public testing::PortalTest {
 protected:
  void Save(const participants::Participant& p) {
    SystemClock clock;
    storage::SqlParticipantStore store(app().database(), clock);
    auto saved = store.WriteValue([&](participants::Repository& r) { return r.Save(p); });
    ASSERT_TRUE(saved.has_value()) << saved.error().detail;
  }
  void Seed() {
    Save(Person("2000000001", "Astrid", "SE", 22));
    Save(Person("2000000002", "Bernd", "DE", 25));
    auto hidden = Person("2000000003", "Cecilia", "SE", 23);
    hidden.searchable = false;  // never opted in
    Save(hidden);
    Save(Person("2000000004", "Dorota", "PL", 31));  // too old, and not humanitarian-only
    ASSERT_TRUE(app().CatchUpSearch().has_value());
  }
  static std::vector<std::string> References(const Json& body) {
    std::vector<std::string> out;
    for (const auto& r : body["results"]) out.push_back(r["reference"].get<std::string>());
    return out;
  }
  // A published individual volunteering opportunity of `oid`, starting in 90 days; its id.
  int64_t Opportunity(Browser& staff, const std::string& oid, const std::string& country) {
    const std::string form =
        "title=Nature+guide&description=Help+in+the+park&activity_type=individual_volunteering"
        "&topics=environment_nature&country=" +
        country + "&town=Lund&start_date=" + DaysFromToday(90) +
        "&end_date=" + DaysFromToday(90 + 180) + "&application_deadline=" + DaysFromToday(40) +
        "&places=2&residence_any=1&language_rows=1&languages_1_code=en&languages_1_level=B1"
        "&skills=first_aid&grant_reference=2026-1-SE02-ESC51-000001&publish=1";
    const auto r = Post(staff, "/organisations/" + oid + "/opportunities", form);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    const std::string prefix = "/organisations/" + oid + "/opportunities/";
    const std::string location = r.Header("location");
    return location.starts_with(prefix) ? std::stoll(location.substr(prefix.size())) : 0;
  }
};

TEST_P(CandidateSearchTest, StaffFindOnlyFindablePeopleWithExactCountsAndReasons) {
  Seed();
  auto anna = Staff("anna@se.example");
  Json all = GetJson(*anna, std::string(kSearch) + "?facets=residence,topics&sort=last_active");
  EXPECT_EQ(all["total"], 2);  // not the one who never opted in, not the one aged 31
  EXPECT_EQ(References(all), (std::vector<std::string>{"2000000001", "2000000002"}));
  EXPECT_EQ(all["facets"]["residence"], (Json{{"DE", 1}, {"SE", 1}}));
  EXPECT_EQ(all["facets"]["topics"]["environment_nature"], 2);
  // The least personal data: no family name, e-mail or nationality in a result.
  const Json& first = all["results"][0];
  EXPECT_FALSE(first.contains("family_name"));
  EXPECT_FALSE(first.contains("email"));
  EXPECT_FALSE(first.contains("nationality"));
  EXPECT_EQ(first["given_name"], "Astrid");
  EXPECT_EQ(first["score"], nullptr);

  Json se = GetJson(*anna, std::string(kSearch) + "?residence=se&languages=en:B1&q=gardens");
  EXPECT_EQ(se["total"], 1);
  ASSERT_EQ(se["results"].size(), 1u);
  EXPECT_EQ(se["results"][0]["reference"], "2000000001");
  bool explained = false;
  for (const auto& r : se["results"][0]["reasons"]) {
    if (r["kind"] == "languages") {
      explained = r["matched"] == true && r["values"] == Json{"en:B2"};
    }
  }
  EXPECT_TRUE(explained) << se.dump();
  EXPECT_EQ(GetJson(*anna, std::string(kSearch) + "?languages=en:C1")["total"], 0);
  EXPECT_EQ(GetJson(*anna, std::string(kSearch) + "?available_from=" + DaysFromToday(300) +
                               "&available_to=" + DaysFromToday(400))["total"],
            2);  // the last day of the period counts
  EXPECT_EQ(GetJson(*anna, std::string(kSearch) + "?available_from=" + DaysFromToday(301))["total"],
            0);

  // No filter on protected characteristics; every wrong parameter is named.
  auto bad = anna->client.Get(std::string(kSearch) +
                              "?nationality=SE&gender=f&age_min=30&age_max=20&limit=0");
  EXPECT_EQ(bad.status, 400);
  Json error = Json::parse(bad.body)["error"];
  for (const char* field : {"nationality", "gender", "age_max", "limit"}) {
    EXPECT_TRUE(error["fields"].contains(field)) << field << " " << bad.body;
  }

  // Without a session, and for another organisation's staff.
  Browser stranger(Base());
  EXPECT_EQ(stranger.client.Get(kSearch).status, 401);
  auto lukas = Staff("lukas@de.example");
  EXPECT_EQ(lukas->client.Get(kSearch).status, 404);

  // The page shows the same people, with the counts next to the values.
  auto page = Get(*anna, "/organisations/E10000001/candidates?residence=SE");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "Astrid"));
  EXPECT_FALSE(Contains(page.body, "Bernd"));
  EXPECT_FALSE(Contains(page.body, "Cecilia"));
  auto wrong = Get(*anna, "/organisations/E10000001/candidates?age_min=abc");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(testing::SummaryNames(wrong.body, "age_min"));
}

TEST_P(CandidateSearchTest, AChangeToAProfileShowsWithinASecond) {
  Seed();
  auto anna = Staff("anna@se.example");
  ASSERT_EQ(GetJson(*anna, kSearch)["total"], 2);
  auto bernd = Person("2000000002", "Bernd", "DE", 25);
  bernd.searchable = false;  // turns visibility off
  Save(bernd);
  auto dorota = Person("2000000004", "Dorota", "PL", 24);  // corrects the birth date
  Save(dorota);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  Json now;
  do {
    now = GetJson(*anna, std::string(kSearch) + "?sort=last_active");
    if (References(now) == std::vector<std::string>{"2000000001", "2000000004"}) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < until);
  EXPECT_EQ(References(now), (std::vector<std::string>{"2000000001", "2000000004"}))
      << "not within a second: " << now.dump();
}

TEST_P(CandidateSearchTest, SuggestionsRankByOwnOpportunitiesAndShortlistIntoThePipeline) {
  Seed();
  auto elin = Person("2000000005", "Elin", "SE", 21);
  elin.topics = {"sport"};
  elin.skills = {};
  elin.availability = {{Day(10), Day(20)}};  // over before the opportunity starts
  Save(elin);
  ASSERT_TRUE(app().CatchUpSearch().has_value());
  auto anna = Staff("anna@se.example");
  auto lukas = Staff("lukas@de.example");
  const int64_t own = Opportunity(*anna, "E10000001", "SE");
  const int64_t other = Opportunity(*lukas, "E10000002", "DE");
  ASSERT_GT(own, 0);
  ASSERT_GT(other, 0);

  const std::string suggestions =
      "/api/v1/organisations/E10000001/opportunities/" + std::to_string(own) + "/suggestions";
  Json ranked = GetJson(*anna, suggestions);
  ASSERT_EQ(ranked["total"], 3);
  ASSERT_EQ(ranked["results"].size(), 3u);
  EXPECT_EQ(ranked["results"][0]["score"], 100);
  EXPECT_EQ(ranked["results"][2]["reference"], "2000000005");
  int previous = 101;
  for (const auto& r : ranked["results"]) {
    EXPECT_LE(r["score"].get<int>(), previous);
    previous = r["score"].get<int>();
  }
  bool availability_explained = false;
  for (const auto& r : ranked["results"][2]["reasons"]) {
    if (r["kind"] == "availability") {
      availability_explained = r["matched"] == false && r["weight"] == 30;
    }
  }
  EXPECT_TRUE(availability_explained) << ranked["results"][2].dump();
  // Another organisation's opportunity is not there to rank by.
  EXPECT_EQ(anna->client
                .Get("/api/v1/organisations/E10000001/opportunities/" + std::to_string(other) +
                     "/suggestions")
                .status,
            404);
  EXPECT_EQ(anna->client.Get(std::string(kSearch) + "?opportunity=" + std::to_string(other)).status,
            404);
  EXPECT_EQ(anna->client.Get(std::string(kSearch) + "?sort=match").status, 400);

  // Shortlisting from the results page: into the pipeline as shortlisted, once.
  auto r = Post(*anna, "/organisations/E10000001/candidates/shortlist",
                "shortlist_opportunity=" + std::to_string(own) +
                    "&selected=2000000001&selected=2000000002&return_query=residence%3DSE");
  EXPECT_EQ(r.status, 303) << r.body.substr(0, 1000);
  EXPECT_EQ(r.Header("location"),
            "/organisations/E10000001/candidates?residence=SE&done=shortlisted");
  const std::string entries =
      "SELECT COUNT(*) FROM pipeline_entries WHERE opportunity_id = " + std::to_string(own) +
      " AND stage = 'shortlisted' AND applied = 0";
  EXPECT_EQ(Count(entries), 2);
  // Not findable (never opted in), or into another organisation's opportunity: nothing added.
  r = Post(
      *anna, "/organisations/E10000001/candidates/shortlist",
      "shortlist_opportunity=" + std::to_string(own) + "&selected=2000000005&selected=2000000003");
  EXPECT_EQ(r.status, 303);  // back to the results, which say so
  EXPECT_TRUE(r.Header("location").ends_with("shortlist_error=not_found#results-title"));
  r = Post(*anna, "/organisations/E10000001/candidates/shortlist",
           "shortlist_opportunity=" + std::to_string(other) + "&selected=2000000005");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Count(entries), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries WHERE opportunity_id = " +
                  std::to_string(other)),
            0);
  // The same through the API, with the JSON body.
  auto api = anna->client.Post(
      "/api/v1/organisations/E10000001/opportunities/" + std::to_string(own) + "/shortlist",
      R"({"references": ["2000000005", "2000000001"]})",
      {"Content-Type: application/json", "Origin: " + Base()});
  EXPECT_EQ(api.status, 200) << api.body;
  EXPECT_EQ(Json::parse(api.body)["added"], 1);
}

TEST_P(CandidateSearchTest, OpeningAFullProfileIsRecordedForItsOwner) {
  Seed();
  auto anna = Staff("anna@se.example");
  auto r = anna->client.Get(std::string(kSearch) + "/2000000001");
  ASSERT_EQ(r.status, 200) << r.body;
  Json profile = Json::parse(r.body);
  EXPECT_EQ(profile["family_name"], "Testperson");
  EXPECT_FALSE(profile.contains("fewer_opportunities"));  // not shared
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_events e JOIN participants p ON p.id = "
                  "e.participant_id WHERE p.reference = '2000000001' AND e.kind = 'viewed' AND "
                  "e.oid = 'E10000001'"),
            1);
  // Someone who is not findable is the same 404 as someone who does not exist.
  EXPECT_EQ(anna->client.Get(std::string(kSearch) + "/2000000003").status, 404);
  EXPECT_EQ(anna->client.Get(std::string(kSearch) + "/2999999999").status, 404);
}

TEST_P(CandidateSearchTest, ASavedSearchMailsItsOwnerWhenPeopleNewlyMatch) {
  Seed();
  auto anna = Staff("anna@se.example");
  auto r = Post(*anna, "/organisations/E10000001/searches",
                "name=Swedish+gardeners&query=residence%3DSE%26q%3Dgarden&alert=1");
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  auto list = Get(*anna, "/organisations/E10000001/searches");
  EXPECT_TRUE(Contains(list.body, "Swedish gardeners"));
  EXPECT_TRUE(
      Contains(list.body, "/organisations/E10000001/candidates?residence%3DSE%26q%3Dgarden") ||
      Contains(list.body, "candidates?residence=SE&amp;q=garden") ||
      Contains(list.body, "candidates?residence%3DSE&amp;q%3Dgarden"));
  // A search finding everyone cannot have an alert; the error names the field.
  r = Post(*anna, "/organisations/E10000001/searches", "name=&query=nationality%3DSE&alert=1");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(testing::SummaryNames(r.body, "name"));

  const std::string mails =
      "SELECT COUNT(*) FROM outbox WHERE recipient = 'anna@se.example' AND subject LIKE "
      "'%Swedish gardeners%'";
  ASSERT_TRUE(app().RunSearchAlerts().has_value());
  EXPECT_EQ(Count(mails), 0);  // nobody new since saving
  Save(Person("2000000006", "Frida", "SE", 20));
  ASSERT_TRUE(app().CatchUpSearch().has_value());
  auto sent = app().RunSearchAlerts();
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->mailed, 1);
  EXPECT_EQ(Count(mails), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE body LIKE '%Frida%'"), 0);  // no names
  ASSERT_TRUE(app().RunSearchAlerts().has_value());
  EXPECT_EQ(Count(mails), 1);  // once a day

  // Another organisation's staff cannot touch it.
  const int64_t id = Count("SELECT id FROM saved_searches WHERE name = 'Swedish gardeners'");
  auto lukas = Staff("lukas@de.example");
  EXPECT_EQ(Post(*lukas, "/organisations/E10000001/searches/" + std::to_string(id) + "/delete", "")
                .status,
            403);
  EXPECT_EQ(Post(*lukas, "/organisations/E10000002/searches/" + std::to_string(id) + "/delete", "")
                .status,
            404);
  EXPECT_EQ(
      Post(*anna, "/organisations/E10000001/searches/" + std::to_string(id) + "/delete", "").status,
      303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM saved_searches"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM saved_search_seen"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, CandidateSearchTest,
                         ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& info) { return testing::DialectName(info.param); });

}  // namespace
}  // namespace pass
