// Offers end to end over HTTP (SPEC F14, F15, F20, R8-R12; docs/api.md): the whole portal
// in-process on a real socket, on SQLite and (when PASS_TEST_POSTGRES_URL is set) PostgreSQL.
// Staff send an offer through the JSON API and through the pages; a refused offer is a 422 naming
// the rule and the figures; the young person accepts through the API, the organisation then sees
// the contact details; the grant-management feed answers a service key and never a staff
// session; the certificate comes as a PDF; another organisation and another person reach nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/app.h"
#include "support/portal_harness.h"

namespace pass {
namespace {

using Json = nlohmann::json;
using testing::Browser;
using testing::DaysFromToday;

constexpr char kFeedKey[] = "feed-key-0123456789abcdef0123456789abcdef";

class OffersTest : public testing::PortalTest {
 protected:
  void Configure(config::Config& config) const override {
    config.feed_keys = {{"grants", kFeedKey}};
  }

  // A published individual volunteering opportunity of `oid` in `country`, starting in 90 days
  // for 6 months; its id.
  int64_t Opportunity(Browser& staff, const std::string& oid, const std::string& country,
                      const std::string& grant) {
    const std::string form =
        "title=Nature+guide&description=Help+in+the+park&activity_type=individual_volunteering"
        "&topics=environment_nature&country=" +
        country + "&town=Lund&start_date=" + DaysFromToday(90) +
        "&end_date=" + DaysFromToday(90 + 180) + "&application_deadline=" + DaysFromToday(40) +
        "&places=2&residence_any=1&language_rows=1&languages_1_code=en&languages_1_level=B1"
        "&grant_reference=" +
        grant + "&publish=1";
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

TEST_P(OffersTest, SendAcceptAndFollowThroughTheApi) {
  auto anna = Staff("anna@se.example");
  const int64_t opp = Opportunity(*anna, "E10000001", "SE", "2026-1-SE02-ESC51-000001");
  Browser frida(Base());
  const std::string reference =
      Register(frida, "sub-frida", "frida@young.example", "Frida", "Lind", 22, "FI");

  // A refusal: an answer-by date after the last day R11 allows, with the figures.
  auto late = PostJson(*anna, "/api/v1/organisations/E10000001/offers",
                       {{"opportunity_id", opp},
                        {"participant_reference", reference},
                        {"answer_by", DaysFromToday(80)}});
  ASSERT_EQ(late.status, 422) << late.body;
  Json error = Json::parse(late.body)["error"];
  EXPECT_EQ(error["code"], "refused");
  ASSERT_TRUE(error["fields"].contains("R11.answer_by")) << late.body;
  EXPECT_NE(error["fields"]["R11.answer_by"].get<std::string>().find("14 days"), std::string::npos)
      << late.body;
  // Bad input is a 400 naming the field.
  auto bad = PostJson(*anna, "/api/v1/organisations/E10000001/offers",
                      {{"opportunity_id", "x"},
                       {"participant_reference", reference},
                       {"start_date", "soon"},
                       {"salary", 1}});
  ASSERT_EQ(bad.status, 400) << bad.body;
  Json bad_fields = Json::parse(bad.body)["error"]["fields"];
  for (const char* f : {"opportunity_id", "start_date", "salary"})
    EXPECT_TRUE(bad_fields.contains(f)) << f << " " << bad.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM offers"), 0);

  auto sent = PostJson(*anna, "/api/v1/organisations/E10000001/offers",
                       {{"opportunity_id", opp}, {"participant_reference", reference}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  Json offer = Json::parse(sent.body);
  EXPECT_EQ(offer["state"], "sent");
  EXPECT_EQ(offer["grant_reference"], "2026-1-SE02-ESC51-000001");
  EXPECT_EQ(offer["answer_by"], DaysFromToday(76));
  EXPECT_FALSE(offer.contains("email"));  // not before the person accepts
  const std::string id = std::to_string(offer["id"].get<int64_t>());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE recipient = 'frida@young.example' AND "
                  "subject LIKE 'An offer from%'"),
            1);

  // Another organisation and another person reach nothing.
  auto lukas = Staff("lukas@de.example");
  EXPECT_EQ(lukas->client.Get("/api/v1/organisations/E10000001/offers/" + id).status, 404);
  EXPECT_EQ(lukas->client.Get("/api/v1/organisations/E10000002/offers/" + id).status, 404);
  EXPECT_EQ(PostJson(*lukas, "/api/v1/organisations/E10000002/offers/" + id + "/withdraw",
                     {{"reason", "x"}})
                .status,
            404);
  Browser other(Base());
  Register(other, "sub-other", "other@young.example", "Olle", "Berg", 22, "SE");
  EXPECT_EQ(other.client.Get("/api/v1/me/offers/" + id).status, 404);
  EXPECT_EQ(PostJson(other, "/api/v1/me/offers/" + id + "/accept", Json::object()).status, 404);
  EXPECT_TRUE(Json::parse(other.client.Get("/api/v1/me/offers").body)["offers"].empty());

  // The young person sees it and accepts; a change from another site is refused.
  Json mine = GetJson(frida, "/api/v1/me/offers");
  ASSERT_EQ(mine["offers"].size(), 1u);
  EXPECT_EQ(frida.client
                .Post("/api/v1/me/offers/" + id + "/accept", "{}",
                      {"Content-Type: application/json", "Origin: http://evil.example"})
                .status,
            403);
  auto accepted = PostJson(frida, "/api/v1/me/offers/" + id + "/accept", Json::object());
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(Json::parse(accepted.body)["state"], "accepted");
  EXPECT_EQ(PostJson(frida, "/api/v1/me/offers/" + id + "/accept", Json::object()).status, 409);
  Json seen = GetJson(*anna, "/api/v1/organisations/E10000001/offers/" + id);
  EXPECT_EQ(seen["email"], "frida@young.example");
  EXPECT_EQ(seen["placement"]["outcome"], nullptr);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM pipeline_entries WHERE stage = 'matched'"), 1);

  // The grant-management feed: a service key, never a session.
  const std::string feed = "/api/v1/projects/2026-1-SE02-ESC51-000001/participants";
  EXPECT_EQ(anna->client.Get(feed).status, 401);
  EXPECT_EQ(anna->client.Get(feed, {"Authorization: Bearer wrong-key"}).status, 401);
  auto listed = anna->client.Get(feed, {std::string("Authorization: Bearer ") + kFeedKey});
  ASSERT_EQ(listed.status, 200) << listed.body;
  Json participants = Json::parse(listed.body);
  ASSERT_EQ(participants["participants"].size(), 1u);
  EXPECT_EQ(participants["participants"][0]["participant_reference"], reference);
  EXPECT_EQ(participants["participants"][0]["family_name"], "Lind");
  EXPECT_EQ(participants["participants"][0]["state"], "accepted");
  const int64_t cursor = participants["next_cursor"];
  auto after = anna->client.Get(feed + "?since=" + std::to_string(cursor),
                                {std::string("Authorization: Bearer ") + kFeedKey});
  EXPECT_TRUE(Json::parse(after.body)["participants"].empty()) << after.body;
  EXPECT_EQ(anna->client
                .Get(feed + "?since=-1&page=2", {std::string("Authorization: Bearer ") + kFeedKey})
                .status,
            400);
}

TEST_P(OffersTest, StaffMakeAnOfferOnThePagesAndThePersonAnswersThere) {
  auto anna = Staff("anna@se.example");
  const int64_t opp = Opportunity(*anna, "E10000001", "SE", "2026-1-SE02-ESC51-000002");
  Browser frida(Base());
  const std::string reference =
      Register(frida, "sub-frida", "frida@young.example", "Frida", "Lind", 22, "FI");
  // From the candidate: the form with the checks already made.
  auto form = Get(*anna, "/organisations/E10000001/offers/new?opportunity=" + std::to_string(opp) +
                             "&reference=" + reference);
  ASSERT_EQ(form.status, 200) << form.body.substr(0, 2000);
  EXPECT_NE(form.body.find("pass-checks__item--ok"), std::string::npos);
  EXPECT_EQ(form.body.find("pass-checks__item--no"), std::string::npos);
  // A 7-day activity: R12 refuses, named on the page; nothing is sent.
  auto short_one = Post(*anna, "/organisations/E10000001/offers/new",
                        "opportunity=" + std::to_string(opp) + "&reference=" + reference +
                            "&start_date=" + DaysFromToday(90) + "&end_date=" + DaysFromToday(96) +
                            "&action=send");
  EXPECT_EQ(short_one.status, 422);
  EXPECT_NE(short_one.body.find("R12"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM offers"), 0);
  // Without the CSRF token: refused.
  EXPECT_EQ(
      Post(*anna, "/organisations/E10000001/offers/new",
           "opportunity=" + std::to_string(opp) + "&reference=" + reference + "&action=send", false)
          .status,
      403);
  auto sent = Post(*anna, "/organisations/E10000001/offers/new",
                   "opportunity=" + std::to_string(opp) + "&reference=" + reference +
                       "&message=Welcome+to+the+team&action=send");
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 2000);
  const std::string location = sent.Header("location");
  auto page = Get(*anna, location);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Welcome to the team"), std::string::npos);
  const std::string id =
      location.substr(location.rfind('/') + 1, location.find('?') - location.rfind('/') - 1);

  auto offers = Get(frida, "/young/offers");
  ASSERT_EQ(offers.status, 200);
  EXPECT_NE(offers.body.find("Welcome to the team"), std::string::npos);
  auto accepted = Post(frida, "/young/offers/" + id + "/accept", "");
  ASSERT_EQ(accepted.status, 303) << accepted.body.substr(0, 2000);
  // Staff see the contact details now, and another organisation sees no offer page.
  EXPECT_NE(Get(*anna, "/organisations/E10000001/offers/" + id).body.find("frida@young.example"),
            std::string::npos);
  auto lukas = Staff("lukas@de.example");
  EXPECT_EQ(Get(*lukas, "/organisations/E10000001/offers/" + id).status, 403);
  EXPECT_EQ(Get(*lukas, "/organisations/E10000002/offers/" + id).status, 404);
  // No certificate before the end is recorded.
  EXPECT_EQ(Post(*anna, "/organisations/E10000001/offers/" + id + "/certificate", "").status, 409);
  EXPECT_EQ(Get(frida, "/young/offers/" + id + "/certificate.pdf").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OffersTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& info) { return testing::DialectName(info.param); });

}  // namespace
}  // namespace pass
