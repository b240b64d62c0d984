// The staff side of opportunities end to end (SPEC F7, F8, F12): the organisation profile, writing,
// publishing, closing and copying opportunities with every rule checked on the form, and the
// candidate pipeline (stages, tags, notes, bulk actions, CSV and XLSX exports read back). And
// organisation isolation over every staff route: Lukas (Jugendwerk) puts Ung i Europa's ids in
// every URL and form and reaches nothing, and nothing of theirs changes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/csv.h"
#include "http/form.h"
#include "support/portal_harness.h"
#include "support/xlsx_reader.h"

namespace pass {
namespace {

using testing::Between;
using testing::Browser;
using testing::Contains;
using testing::DaysFromToday;
using testing::English;
using testing::HttpResult;
using testing::SummaryNames;

class OpportunityStaffTest : public testing::PortalTest {
 protected:
  // A valid individual volunteering opportunity of six months, starting in 90 days.
  static std::string Form(const std::string& title = "Youth worker in Malmö",
                          const std::string& extra = "", int deadline_in_days = 40) {
    return "title=" + http::PercentEncode(title) +
           "&description=Help+run+the+youth+centre&activity_type=individual_volunteering"
           "&topics=social_inclusion&topics=sport&country=SE&town=Malm%C3%B6&start_date=" +
           DaysFromToday(90) + "&end_date=" + DaysFromToday(90 + 180) +
           "&application_deadline=" + DaysFromToday(deadline_in_days) +
           "&places=2&residence_any=1&language_rows=2&languages_1_code=sv&languages_1_level=B1"
           "&skills=first_aid&grant_reference=2026-1-SE02-ESC51-000001" +
           extra;
  }

  // Creates an opportunity as `staff` of `oid`; returns its id (0 when it failed).
  int64_t Create(Browser& staff, const std::string& oid, const std::string& form,
                 bool publish = true) {
    const auto r = Post(staff, "/organisations/" + oid + "/opportunities",
                        form + (publish ? "&publish=1" : "&save=1"));
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 3000);
    const std::string location = r.Header("location");
    const std::string prefix = "/organisations/" + oid + "/opportunities/";
    if (!location.starts_with(prefix)) return 0;
    return std::stoll(location.substr(prefix.size()));
  }

  // The number of the last pipeline entry: the candidate `reference` in opportunity `id`.
  int64_t EntryOf(int64_t id, const std::string& reference) {
    return Count(
        "SELECT e.id FROM pipeline_entries e JOIN participants p ON p.id = "
        "e.participant_id WHERE e.opportunity_id = " +
        std::to_string(id) + " AND p.reference = '" + reference + "'");
  }

  // A registered young person who applies to `id` through the opportunity page's form.
  std::string Applicant(const std::string& name, int64_t id) {
    Browser b(Base());
    const std::string reference = Register(b, "sub-" + name, name + "@young.example", name, "Test");
    const auto r = Post(b, "/opportunities/" + std::to_string(id) + "/apply",
                        "message=" + http::PercentEncode("I would love to help, " + name));
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    return reference;
  }

  std::string Snapshot(int64_t id) {
    std::string out;
    auto r = app_->database().With([&](storage::Connection& c) -> Result<void> {
      for (const std::string sql :
           {"SELECT title, status, town, places FROM opportunities WHERE id = $1",
            "SELECT stage, reason FROM pipeline_entries WHERE opportunity_id = $1 ORDER BY id",
            "SELECT t.tag FROM pipeline_tags t JOIN pipeline_entries e ON e.id = t.entry_id "
            "WHERE e.opportunity_id = $1 ORDER BY t.tag",
            "SELECT n.body FROM pipeline_notes n JOIN pipeline_entries e ON e.id = n.entry_id "
            "WHERE e.opportunity_id = $1 ORDER BY n.id"}) {
        PASS_TRY(rows, c.Query(sql, {id}));
        for (const auto& row : *rows) {
          for (size_t i = 0; i < row.size(); ++i) out += row.Text(i) + "|";
          out += "\n";
        }
      }
      return {};
    });
    EXPECT_TRUE(r.has_value());
    return out;
  }
};

TEST_P(OpportunityStaffTest, StaffWriteAnOpportunityAndEveryRuleNamesItsField) {
  auto anna = Staff("anna@se.example");
  const auto home = Get(*anna, "/organisations/E10000001");
  EXPECT_TRUE(Contains(home.body, "/organisations/E10000001/opportunities/new"));
  const auto blank = Get(*anna, "/organisations/E10000001/opportunities/new");
  ASSERT_EQ(blank.status, 200);
  EXPECT_TRUE(Contains(blank.body, "name=\"title\""));

  // Nothing filled in: every required field is named in the summary, nothing is stored.
  auto r = Post(*anna, "/organisations/E10000001/opportunities", "places=1&save=1");
  EXPECT_EQ(r.status, 422);
  for (const char* field : {"title", "description", "activity_type", "topics", "country", "town"})
    EXPECT_TRUE(SummaryNames(r.body, field)) << field;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities"), 0);

  // R12: ten days of individual volunteering is too short even for people with fewer
  // opportunities; the message gives the figures.
  r = Post(*anna, "/organisations/E10000001/opportunities",
           "title=Short&description=x&activity_type=individual_volunteering&topics=sport"
           "&country=SE&town=Lund&places=1&residence_any=1&start_date=" +
               DaysFromToday(60) + "&end_date=" + DaysFromToday(69) + "&save=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(SummaryNames(r.body, "end_date"));
  EXPECT_TRUE(Contains(r.body, "at least 2 weeks")) << r.body.substr(0, 4000);
  EXPECT_TRUE(Contains(r.body, "value=\"Short\"")) << "what was typed is kept";

  // A team of three months is too long; a job of two months too short; a traineeship of seven
  // months too long.
  for (const auto& [type, days] : std::vector<std::pair<std::string, int>>{
           {"volunteering_team", 92}, {"job", 60}, {"traineeship", 214}}) {
    r = Post(*anna, "/organisations/E10000001/opportunities",
             "title=T&description=x&activity_type=" + type +
                 "&topics=sport&country=SE&town=Lund&places=1&residence_any=1&start_date=" +
                 DaysFromToday(60) + "&end_date=" + DaysFromToday(60 + days) + "&save=1");
    EXPECT_EQ(r.status, 422) << type;
    EXPECT_TRUE(SummaryNames(r.body, "end_date")) << type;
  }

  // R11: a deadline less than 14 days before the start; bad dates and numbers; a required
  // language without the task that needs it; a website that is no website.
  r = Post(*anna, "/organisations/E10000001/opportunities", Form("Late", "", 85) + "&save=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(SummaryNames(r.body, "application_deadline"));
  r = Post(*anna, "/organisations/E10000001/opportunities",
           "start_date=2026-02-30&places=many&" + Form("x", "&languages_required=1") + "&save=1");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(SummaryNames(r.body, "requirement_reason"));
  EXPECT_TRUE(SummaryNames(r.body, "start_date"));
  EXPECT_TRUE(SummaryNames(r.body, "places"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities"), 0);

  // A valid draft, then published from its page.
  const int64_t id = Create(*anna, "E10000001", Form(), false);
  ASSERT_GT(id, 0);
  const std::string url = "/organisations/E10000001/opportunities/" + std::to_string(id);
  auto page = Get(*anna, url + "?done=created");
  EXPECT_TRUE(Contains(page.body, English("opportunity.status.draft")));
  EXPECT_EQ(Get(*anna, "/opportunities/" + std::to_string(id)).status, 404) << "drafts are private";
  r = Post(*anna, url + "/publish", "");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities WHERE status = 'published' AND "
                  "published_at IS NOT NULL"),
            1);
  EXPECT_EQ(Get(*anna, "/opportunities/" + std::to_string(id)).status, 200);

  // Edit: the form shows what is stored; a published opportunity cannot go back to draft.
  const auto edit = Get(*anna, url + "/edit");
  EXPECT_TRUE(Contains(edit.body, "value=\"Youth worker in Malmö\""));
  r = Post(*anna, url + "/edit", Form("Youth worker in Malmö (autumn)") + "&save=1");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities WHERE title = 'Youth worker in Malmö "
                  "(autumn)' AND status = 'published'"),
            1);

  // Copy makes a draft; close takes the original off the public list.
  r = Post(*anna, url + "/copy", "");
  EXPECT_EQ(r.status, 303);
  EXPECT_TRUE(r.Header("location").ends_with("/edit?done=copied"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities WHERE status = 'draft'"), 1);
  r = Post(*anna, url + "/close", "");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities WHERE status = 'closed' AND "
                  "closed_because = 'closed'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action IN ('opportunity.created', "
                  "'opportunity.published', 'opportunity.updated', 'opportunity.copied', "
                  "'opportunity.closed') AND oid = 'E10000001'"),
            5);
  // Without the CSRF token nothing changes.
  r = Post(*anna, url + "/publish", "", false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities WHERE status = 'published'"), 0);
}

TEST_P(OpportunityStaffTest, TheOrganisationProfileIsEditedAndCheckedByStaff) {
  auto anna = Staff("anna@se.example");
  auto r = Get(*anna, "/organisations/E10000001/profile");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "Ung i Europa"));
  r = Post(*anna, "/organisations/E10000001/profile",
           "description=Youth+work&website=javascript%3Aalert(1)&location_rows=2"
           "&locations_1_town=Malm%C3%B6&locations_1_country=XX");
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(SummaryNames(r.body, "website"));
  EXPECT_TRUE(SummaryNames(r.body, "locations_1_country"));
  r = Post(*anna, "/organisations/E10000001/profile",
           "description=Youth+work+in+Sk%C3%A5ne&website=https%3A%2F%2Fung.example&location_rows="
           "2&locations_1_town=Malm%C3%B6&locations_1_country=SE");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisation_locations WHERE oid = 'E10000001'"), 1);
  // A new opportunity starts where the organisation hosts.
  r = Get(*anna, "/organisations/E10000001/opportunities/new");
  EXPECT_TRUE(Contains(r.body, "value=\"Malmö\""));
}

TEST_P(OpportunityStaffTest, ThePipelineMovesTagsNotesAndExportsCandidates) {
  auto anna = Staff("anna@se.example");
  const int64_t id = Create(*anna, "E10000001", Form());
  ASSERT_GT(id, 0);
  const std::string reference_a = Applicant("ada", id);
  const std::string reference_b = Applicant("bo", id);
  const int64_t a = EntryOf(id, reference_a);
  const int64_t b = EntryOf(id, reference_b);
  ASSERT_GT(a, 0);
  ASSERT_GT(b, 0);
  const std::string url = "/organisations/E10000001/opportunities/" + std::to_string(id);
  auto page = Get(*anna, url);
  EXPECT_TRUE(Contains(page.body, "ada Test"));
  EXPECT_TRUE(Contains(page.body, reference_b));
  EXPECT_FALSE(Contains(page.body, "ada@young.example")) << "no contact data (F13)";

  // Bulk: shortlist both, tag one, note on the other.
  const std::string both = "selected=" + std::to_string(a) + "&selected=" + std::to_string(b);
  auto r = Post(*anna, url + "/pipeline", both + "&action=move&stage=shortlisted");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries WHERE stage = 'shortlisted'"), 2);
  r = Post(*anna, url + "/pipeline", "selected=" + std::to_string(a) + "&action=tag&tag=speaks+sv");
  EXPECT_EQ(r.status, 303);
  r = Post(*anna, url + "/candidates/" + std::to_string(b) + "/notes", "note=Call+on+Monday");
  EXPECT_EQ(r.status, 303);
  const auto candidate = Get(*anna, url + "/candidates/" + std::to_string(b));
  EXPECT_EQ(candidate.status, 200);
  EXPECT_TRUE(Contains(candidate.body, "Call on Monday"));
  EXPECT_TRUE(Contains(candidate.body, "I would love to help, bo"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_events WHERE kind = 'viewed'"), 1)
      << "the opening is recorded for the applicant";

  // Not selected needs a reason; with one, the applicant is mailed in their language.
  r = Post(*anna, url + "/pipeline",
           "selected=" + std::to_string(b) + "&action=move&stage=not_selected");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries WHERE stage = 'not_selected'"), 0);
  r = Post(*anna, url + "/pipeline",
           "selected=" + std::to_string(b) +
               "&action=move&stage=not_selected&reason=places_filled&reason_text=Thanks%21");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE recipient = 'bo@young.example' AND body "
                  "LIKE '%all places are filled%'"),
            1);
  // Offered and matched follow the offers, not a manual move.
  r = Post(*anna, url + "/pipeline", both + "&action=move&stage=matched");
  EXPECT_EQ(r.status, 422);

  // Exports, read back; each is in the audit log with its row count.
  r = Post(*anna, url + "/pipeline", "action=export_csv");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.Header("content-disposition"), "attachment"));
  std::vector<csv::Record> records;
  ASSERT_TRUE(csv::Read(r.body.substr(3), [&](csv::Record&& rec) { records.push_back(rec); }));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields[0], reference_a);
  EXPECT_EQ(records[1].fields.back(), "speaks sv");
  EXPECT_EQ(records[2].fields[8], English("pipeline.reason.places_filled"));
  r = Post(*anna, url + "/pipeline", "selected=" + std::to_string(a) + "&action=export_xlsx");
  ASSERT_EQ(r.status, 200);
  auto sheet = testing::ReadXlsxSheet(r.body);
  ASSERT_TRUE(sheet.has_value());
  ASSERT_EQ(sheet->size(), 2u);
  EXPECT_EQ((*sheet)[1][0], reference_a);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'pipeline.exported' AND actor "
                  "LIKE '%anna@se.example%' AND detail LIKE '%\"rows\":\"2\"%'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'pipeline.exported' AND detail "
                  "LIKE '%\"rows\":\"1\"%' AND detail LIKE '%xlsx%'"),
            1);
}

TEST_P(OpportunityStaffTest, StaffOfAnotherOrganisationReachNothingWhateverIdTheyUse) {
  auto anna = Staff("anna@se.example");
  const int64_t id = Create(*anna, "E10000001", Form());
  ASSERT_GT(id, 0);
  const std::string reference = Applicant("cy", id);
  const int64_t entry = EntryOf(id, reference);
  ASSERT_EQ(Post(*anna,
                 "/organisations/E10000001/opportunities/" + std::to_string(id) + "/candidates/" +
                     std::to_string(entry) + "/notes",
                 "note=Strong+candidate")
                .status,
            303);
  const std::string before = Snapshot(id);

  auto lukas = Staff("lukas@de.example");
  const int64_t own = Create(*lukas, "E10000002", Form("Jugendarbeit"));
  ASSERT_GT(own, 0);
  const std::string s_id = std::to_string(id);
  const std::string s_entry = std::to_string(entry);
  // Ung i Europa's organisation in the URL: no access.
  const std::string theirs = "/organisations/E10000001";
  for (const std::string& path :
       {theirs + "/profile", theirs + "/opportunities", theirs + "/opportunities/new",
        theirs + "/opportunities/" + s_id, theirs + "/opportunities/" + s_id + "/edit",
        theirs + "/opportunities/" + s_id + "/candidates/" + s_entry,
        theirs + "/opportunities/" + s_id + "/candidates/" + s_entry + "/cv"}) {
    const auto r = Get(*lukas, path);
    EXPECT_EQ(r.status, 403) << path;
    EXPECT_FALSE(Contains(r.body, "Strong candidate")) << path;
  }
  for (const std::string& path :
       {theirs + "/profile", theirs + "/opportunities", theirs + "/opportunities/" + s_id + "/edit",
        theirs + "/opportunities/" + s_id + "/publish",
        theirs + "/opportunities/" + s_id + "/close", theirs + "/opportunities/" + s_id + "/copy",
        theirs + "/opportunities/" + s_id + "/pipeline",
        theirs + "/opportunities/" + s_id + "/candidates/" + s_entry + "/notes"}) {
    const auto r = Post(*lukas, path,
                        Form("Taken over") + "&action=move&stage=interview&selected=" + s_entry +
                            "&note=mine&description=Ours");
    EXPECT_EQ(r.status, 403) << path;
  }
  // His own organisation in the URL, their ids in the rest: not found.
  const std::string mine = "/organisations/E10000002/opportunities/";
  for (const std::string& path :
       {mine + s_id, mine + s_id + "/edit", mine + s_id + "/candidates/" + s_entry,
        mine + s_id + "/candidates/" + s_entry + "/cv",
        mine + std::to_string(own) + "/candidates/" + s_entry}) {
    const auto r = Get(*lukas, path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_FALSE(Contains(r.body, "Strong candidate")) << path;
  }
  for (const std::string& path :
       {mine + s_id + "/edit", mine + s_id + "/publish", mine + s_id + "/close",
        mine + s_id + "/copy", mine + s_id + "/pipeline",
        mine + s_id + "/candidates/" + s_entry + "/notes"}) {
    const auto r = Post(
        *lukas, path,
        Form("Taken over") + "&action=move&stage=interview&selected=" + s_entry + "&note=mine");
    EXPECT_EQ(r.status, 404) << path;
  }
  // Their candidate in the bulk form of his own opportunity: moving, tagging or exporting it.
  for (const std::string action :
       {"move&stage=interview", "tag&tag=x", "export_csv", "export_xlsx"}) {
    const auto r = Post(*lukas, mine + std::to_string(own) + "/pipeline",
                        "selected=" + s_entry + "&action=" + action);
    EXPECT_EQ(r.status, 404) << action;
    EXPECT_FALSE(Contains(r.body, reference)) << action;
  }
  EXPECT_EQ(Snapshot(id), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities WHERE oid = 'E10000001'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'pipeline.exported'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisation_profiles WHERE oid = 'E10000001'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OpportunityStaffTest,
                         ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& info) { return testing::DialectName(info.param); });

}  // namespace
}  // namespace pass
