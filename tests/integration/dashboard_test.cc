// The recruitment dashboard end to end over HTTP (SPEC F16): the whole portal in-process on a
// real socket, on SQLite and (when PASS_TEST_POSTGRES_URL is set) PostgreSQL. Staff open a
// profile, write to the person, who replies, send an offer the person accepts (JSON API); the
// dashboard then counts one person at every stage for the organisation and for the opportunity,
// as an SVG chart (role="img", the numbers in its title) and in the table behind it. Another
// organisation's staff get a 403 and see only their own (empty) funnel; titles are escaped.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/app.h"
#include "http/form.h"
#include "support/portal_harness.h"

namespace pass {
namespace {

using Json = nlohmann::json;
using testing::Browser;
using testing::DaysFromToday;

// The part of `page` from the element with this id to the end of its section.
std::string Section(const std::string& page, const std::string& id) {
  const size_t start = page.find("id=\"" + id + "\"");
  if (start == std::string::npos) return "";
  const size_t end = page.find("</section>", start);
  return page.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The number in the table row of `stage` (its English name) in `section`; "" when absent.
std::string Cell(const std::string& section, const std::string& stage) {
  const size_t row = section.find(">" + stage + "</th>");
  if (row == std::string::npos) return "";
  const std::string cell = "<td class=\"ecl-table__cell\">";
  const size_t at = section.find(cell, row);
  if (at == std::string::npos) return "";
  const size_t from = at + cell.size();
  return section.substr(from, section.find('<', from) - from);
}

class DashboardTest : public testing::PortalTest {
 protected:
  int64_t Opportunity(Browser& staff, const std::string& oid, const std::string& title) {
    const std::string form =
        "title=" + http::PercentEncode(title) +
        "&description=Help+in+the+park&activity_type=individual_volunteering"
        "&topics=environment_nature&country=SE&town=Lund&start_date=" +
        DaysFromToday(90) + "&end_date=" + DaysFromToday(90 + 180) +
        "&application_deadline=" + DaysFromToday(40) +
        "&places=2&residence_any=1&language_rows=1&languages_1_code=en&languages_1_level=B1"
        "&grant_reference=2026-1-SE02-ESC51-000001&publish=1";
    const auto r = Post(staff, "/organisations/" + oid + "/opportunities", form);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    const std::string prefix = "/organisations/" + oid + "/opportunities/";
    const std::string location = r.Header("location");
    return location.starts_with(prefix) ? std::stoll(location.substr(prefix.size())) : 0;
  }

  testing::HttpResult PostJson(Browser& b, const std::string& path, const Json& body) {
    return b.client.Post(path, body.dump(),
                         {"Content-Type: application/json", "Origin: " + Base()});
  }
};

TEST_P(DashboardTest, TheFunnelCountsOnePersonAtEveryStage) {
  auto anna = Staff("anna@se.example");
  const int64_t opp = Opportunity(*anna, "E10000001", "Nature <guide> & friends");
  ASSERT_GT(opp, 0);
  const int64_t quiet = Opportunity(*anna, "E10000001", "Quiet library");
  ASSERT_GT(quiet, 0);
  Browser frida(Base());
  const std::string reference =
      Register(frida, "sub-frida", "frida@young.example", "Frida", "Lind", 22, "FI");
  ASSERT_EQ(Post(frida, "/young/visibility", "visible=1").status, 303);

  // Nothing yet: zeros everywhere, and the chart is still drawn.
  auto empty = Get(*anna, "/organisations/E10000001/dashboard");
  ASSERT_EQ(empty.status, 200) << empty.body.substr(0, 2000);
  EXPECT_EQ(Cell(Section(empty.body, "dashboard-total"), "Offered"), "0");
  EXPECT_NE(empty.body.find("Profile viewed: 0, contacted: 0, replied: 0, offered: 0, accepted: 0"),
            std::string::npos);

  // The profile opened, a message, a reply.
  ASSERT_EQ(Get(*anna, "/organisations/E10000001/candidates/" + reference).status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM participant_events WHERE kind = 'viewed'"), 1);
  auto wrote = PostJson(*anna, "/api/v1/organisations/E10000001/messages",
                        {{"opportunity_id", opp},
                         {"participant_references", Json::array({reference})},
                         {"body", "Would you like to join?"}});
  ASSERT_EQ(wrote.status, 201) << wrote.body;
  const int64_t thread = Json::parse(wrote.body)["threads"][0].get<int64_t>();
  auto replied = PostJson(frida, "/api/v1/me/messages/" + std::to_string(thread),
                          {{"body", "Yes, tell me more!"}});
  ASSERT_EQ(replied.status, 201) << replied.body;

  // An offer sent and accepted through the API.
  auto sent = PostJson(*anna, "/api/v1/organisations/E10000001/offers",
                       {{"opportunity_id", opp}, {"participant_reference", reference}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string id = std::to_string(Json::parse(sent.body)["id"].get<int64_t>());
  auto accepted = PostJson(frida, "/api/v1/me/offers/" + id + "/accept", Json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;

  auto page = Get(*anna, "/organisations/E10000001/dashboard");
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 2000);
  const std::string total = Section(page.body, "dashboard-total");
  const std::string mine = Section(page.body, "opportunity-" + std::to_string(opp));
  const std::string other = Section(page.body, "opportunity-" + std::to_string(quiet));
  ASSERT_FALSE(total.empty());
  ASSERT_FALSE(mine.empty()) << page.body;
  ASSERT_FALSE(other.empty()) << page.body;
  for (const char* stage : {"Profile viewed", "Contacted", "Replied", "Offered", "Accepted"}) {
    EXPECT_EQ(Cell(total, stage), "1") << stage;
    EXPECT_EQ(Cell(mine, stage), "1") << stage;
    EXPECT_EQ(Cell(other, stage), "0") << stage;
  }
  // The chart: an image whose title says the numbers, its bars drawn from them.
  EXPECT_NE(total.find("role=\"img\""), std::string::npos) << total;
  EXPECT_NE(mine.find("<svg"), std::string::npos);
  EXPECT_NE(mine.find("Profile viewed: 1, contacted: 1, replied: 1, offered: 1, accepted: 1"),
            std::string::npos)
      << mine;
  EXPECT_NE(mine.find("<rect"), std::string::npos);
  // The title is escaped wherever it appears; the page needs no script of its own.
  EXPECT_NE(page.body.find("Nature &lt;guide&gt; &amp; friends"), std::string::npos);
  EXPECT_EQ(page.body.find("Nature <guide>"), std::string::npos);
  EXPECT_EQ(page.body.find("onclick"), std::string::npos);

  // The organisation page links to it.
  EXPECT_NE(Get(*anna, "/organisations/E10000001").body.find("/organisations/E10000001/dashboard"),
            std::string::npos);

  // Another organisation's staff: no access to this one, an empty funnel of their own.
  auto lukas = Staff("lukas@de.example");
  EXPECT_EQ(Get(*lukas, "/organisations/E10000001/dashboard").status, 403);
  auto own = Get(*lukas, "/organisations/E10000002/dashboard");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.body.find("Nature &lt;guide&gt;"), std::string::npos);
  for (const char* stage : {"Profile viewed", "Contacted", "Replied", "Offered", "Accepted"})
    EXPECT_EQ(Cell(Section(own.body, "dashboard-total"), stage), "0") << stage;
  // Signed out: to the sign-in, never the numbers.
  Browser nobody(Base());
  EXPECT_NE(Get(nobody, "/organisations/E10000001/dashboard").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Dialects, DashboardTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& info) { return testing::DialectName(info.param); });

}  // namespace
}  // namespace pass
