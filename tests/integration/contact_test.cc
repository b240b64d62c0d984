// Messages end to end (SPEC F5, F13; docs/api.md "Contact"): the whole portal in-process on a
// real socket, on SQLite and (when PASS_TEST_POSTGRES_URL is set) PostgreSQL. Staff write to a
// registered young person from the compose page; the person gets mail in their contact language
// and the message in the inbox with an unread count in the header, and replies, which shows the
// staff member the person's e-mail address. Another organisation's staff and another person reach
// none of it (404); forms without the session's token are refused; the JSON API answers 201, 400,
// 404 and 429 with Retry-After.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "http/form.h"
#include "support/portal_harness.h"

namespace pass {
namespace {

using Json = nlohmann::json;
using testing::Browser;
using testing::Contains;
using testing::DaysFromToday;
using testing::HttpResult;

class ContactTest : public testing::PortalTest {
 protected:
  // A published opportunity of `oid`, starting in 90 days; its id.
  int64_t Opportunity(Browser& staff, const std::string& oid, const std::string& title) {
    const std::string form =
        "title=" + http::PercentEncode(title) +
        "&description=Help+in+the+park&activity_type=individual_volunteering"
        "&topics=environment_nature&country=SE&town=Lund&start_date=" +
        DaysFromToday(90) + "&end_date=" + DaysFromToday(90 + 180) +
        "&application_deadline=" + DaysFromToday(40) +
        "&places=2&residence_any=1&grant_reference=2026-1-SE02-ESC51-000001&publish=1";
    const auto r = Post(staff, "/organisations/" + oid + "/opportunities", form);
    EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
    const std::string prefix = "/organisations/" + oid + "/opportunities/";
    const std::string location = r.Header("location");
    return location.starts_with(prefix) ? std::stoll(location.substr(prefix.size())) : 0;
  }

  // A registered young person who lets organisations find them, contact language `language`.
  std::string Young(Browser& b, const std::string& sub, const std::string& email,
                    const std::string& given, const std::string& language) {
    const std::string reference = Register(b, sub, email, given, "Berg");
    EXPECT_EQ(Post(b, "/young/visibility", "visible=1").status, 303);
    Sql("UPDATE participants SET contact_language = '" + language + "' WHERE reference = '" +
        reference + "'");
    return reference;
  }

  void Sql(const std::string& statement) {
    auto r = app().database().With([&](storage::Connection& c) { return c.Execute(statement); });
    ASSERT_TRUE(r.has_value()) << r.error().detail;
  }

  std::string One(const std::string& sql) {
    auto r = app().database().With([&](storage::Connection& c) { return c.QueryOne(sql); });
    EXPECT_TRUE(r.has_value()) << sql;
    return r && *r ? (*r)->Text(0) : "";
  }

  HttpResult PostJson(Browser& b, const std::string& path, const Json& body) {
    return b.client.Post(path, body.dump(),
                         {"Origin: " + Base(), "Content-Type: application/json"});
  }

  // The thread's id from the redirect after sending to one person.
  static int64_t ThreadFrom(const HttpResult& r, const std::string& oid) {
    const std::string prefix = "/organisations/" + oid + "/messages/";
    const std::string location = r.Header("location");
    if (!location.starts_with(prefix)) return 0;
    return std::stoll(location.substr(prefix.size()));
  }
};

TEST_P(ContactTest, StaffWriteThePersonReadsInTheirLanguageAndTheirReplyRevealsTheEmail) {
  Browser astrid(Base());
  const std::string reference = Young(astrid, "sub-astrid", "astrid@young.example", "Astrid", "sv");
  auto anna = Staff("anna@se.example");
  const int64_t opportunity = Opportunity(*anna, "E10000001", "Nature guide");
  ASSERT_GT(opportunity, 0);

  // The compose page, from the profile's "Write to this person".
  const auto compose = Get(*anna, "/organisations/E10000001/messages/new?reference=" + reference +
                                      "&opportunity=" + std::to_string(opportunity));
  ASSERT_EQ(compose.status, 200);
  EXPECT_TRUE(Contains(compose.body, "name=\"participant_references\" value=\"" + reference));

  // Without the session's token nothing is sent.
  const std::string form = "opportunity_id=" + std::to_string(opportunity) +
                           "&participant_references=" + reference +
                           "&body=" + http::PercentEncode("Hej Astrid! Would you like to join?");
  EXPECT_EQ(Post(*anna, "/organisations/E10000001/messages", form, false).status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_posts"), 0);

  // Too long: the form says which field and why, and keeps the text.
  const auto too_long =
      Post(*anna, "/organisations/E10000001/messages",
           "opportunity_id=" + std::to_string(opportunity) +
               "&participant_references=" + reference + "&body=" + std::string(2001, 'x'));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_TRUE(testing::SummaryNames(too_long.body, "body"));

  const auto sent = Post(*anna, "/organisations/E10000001/messages", form);
  ASSERT_EQ(sent.status, 303) << sent.body.substr(0, 2000);
  const int64_t thread = ThreadFrom(sent, "E10000001");
  ASSERT_GT(thread, 0);

  // The mail, in Swedish, with the organisation, the opportunity and the link to the inbox.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE recipient = 'astrid@young.example' AND "
                  "lang = 'sv' AND subject = 'Ett meddelande från Ung i Europa'"),
            1);
  const std::string mail =
      One("SELECT body FROM outbox WHERE recipient = 'astrid@young.example' "
          "AND lang = 'sv' ORDER BY id DESC");
  EXPECT_TRUE(Contains(mail, "”Nature guide”")) << mail;
  EXPECT_TRUE(Contains(mail, "Hej Astrid! Would you like to join?")) << mail;
  EXPECT_TRUE(Contains(mail, Base() + "/me/messages/" + std::to_string(thread))) << mail;
  // The pipeline has the person at "contacted".
  EXPECT_EQ(One("SELECT stage FROM pipeline_entries"), "contacted");

  // Staff see the reference and the given name, not the e-mail address.
  auto staff_view = Get(*anna, "/organisations/E10000001/messages/" + std::to_string(thread));
  ASSERT_EQ(staff_view.status, 200);
  EXPECT_TRUE(Contains(staff_view.body, reference));
  EXPECT_FALSE(Contains(staff_view.body, "astrid@young.example"));

  // The person: "Messages (1)" in the header, the thread in the inbox, a reply.
  const auto home = Get(astrid, "/young");
  EXPECT_TRUE(Contains(home.body, "href=\"/me/messages\"")) << home.body.substr(0, 3000);
  EXPECT_TRUE(Contains(home.body, "(1<span class=\"ecl-u-sr-only\">"));
  const auto inbox = Get(astrid, "/me/messages");
  ASSERT_EQ(inbox.status, 200);
  EXPECT_TRUE(Contains(inbox.body, "Ung i Europa"));
  const auto read = Get(astrid, "/me/messages/" + std::to_string(thread));
  ASSERT_EQ(read.status, 200);
  EXPECT_TRUE(Contains(read.body, "Hej Astrid! Would you like to join?"));
  EXPECT_FALSE(Contains(read.body, "anna@se.example"));  // which staff member is theirs to know
  EXPECT_FALSE(Contains(Get(astrid, "/young").body, "(1<span class=\"ecl-u-sr-only\">"));
  EXPECT_EQ(Post(astrid, "/me/messages/" + std::to_string(thread), "body=Ja", false).status, 403);
  const auto replied =
      Post(astrid, "/me/messages/" + std::to_string(thread), "body=Yes%2C+tell+me+more%21");
  ASSERT_EQ(replied.status, 303) << replied.body.substr(0, 2000);

  staff_view = Get(*anna, "/organisations/E10000001/messages/" + std::to_string(thread));
  EXPECT_TRUE(Contains(staff_view.body, "Yes, tell me more!"));
  EXPECT_TRUE(Contains(staff_view.body, "astrid@young.example"));
  EXPECT_TRUE(Contains(staff_view.body, "Astrid Berg"));
  // Staff answer; the person is mailed again.
  EXPECT_EQ(Post(*anna, "/organisations/E10000001/messages/" + std::to_string(thread),
                 "body=Great%2C+call+us+on+Monday.")
                .status,
            303);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE recipient = 'astrid@young.example' AND "
                  "subject = 'Ett meddelande från Ung i Europa'"),
            2);

  // The person blocks the organisation: the reply form goes, and staff cannot write again.
  EXPECT_EQ(Post(astrid, "/me/messages/" + std::to_string(thread) + "/block", "").status, 303);
  EXPECT_TRUE(Contains(Get(astrid, "/me/messages").body, "name=\"oid\" value=\"E10000001\""));
  const auto refused = Post(*anna, "/organisations/E10000001/messages", form);
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(testing::SummaryNames(refused.body, "participant_references"));
  EXPECT_EQ(Post(astrid, "/me/blocks/remove", "oid=E10000001").status, 303);
  EXPECT_EQ(Post(*anna, "/organisations/E10000001/messages", form).status, 303);
}

TEST_P(ContactTest, OtherOrganisationsAndOtherPeopleReachNothing) {
  Browser astrid(Base());
  const std::string a = Young(astrid, "sub-astrid", "astrid@young.example", "Astrid", "en");
  Browser bo(Base());
  Young(bo, "sub-bo", "bo@young.example", "Bo", "en");
  auto anna = Staff("anna@se.example");
  auto lukas = Staff("lukas@de.example");
  const int64_t opportunity = Opportunity(*anna, "E10000001", "Nature guide");
  const auto sent = Post(*anna, "/organisations/E10000001/messages",
                         "opportunity_id=" + std::to_string(opportunity) +
                             "&participant_references=" + a + "&body=Hello");
  const int64_t thread = ThreadFrom(sent, "E10000001");
  ASSERT_GT(thread, 0);
  const std::string id = std::to_string(thread);

  // Lukas, in his own organisation's URLs: 404 for the thread, nothing in his list.
  EXPECT_EQ(Get(*lukas, "/organisations/E10000002/messages/" + id).status, 404);
  EXPECT_EQ(Post(*lukas, "/organisations/E10000002/messages/" + id, "body=Hi").status, 404);
  EXPECT_FALSE(Contains(Get(*lukas, "/organisations/E10000002/messages").body, a));
  EXPECT_EQ(lukas->client.Get("/api/v1/organisations/E10000002/messages/" + id).status, 404);
  EXPECT_EQ(GetJson(*lukas, "/api/v1/organisations/E10000002/messages")["threads"].size(), 0u);
  // In Anna's organisation's URLs: not his organisation (pages 403 as everywhere, API 404).
  EXPECT_EQ(Get(*lukas, "/organisations/E10000001/messages/" + id).status, 403);
  EXPECT_EQ(lukas->client.Get("/api/v1/organisations/E10000001/messages").status, 404);
  // Nor can he write about Anna's opportunity.
  EXPECT_EQ(
      PostJson(
          *lukas, "/api/v1/organisations/E10000002/messages",
          {{"opportunity_id", opportunity}, {"participant_references", {a}}, {"body", "Hello"}})
          .status,
      404);

  // Bo sees none of Astrid's thread.
  EXPECT_EQ(Get(bo, "/me/messages/" + id).status, 404);
  EXPECT_EQ(Post(bo, "/me/messages/" + id, "body=Hi").status, 404);
  EXPECT_EQ(Post(bo, "/me/messages/" + id + "/block", "").status, 404);
  EXPECT_EQ(bo.client.Get("/api/v1/me/messages/" + id).status, 404);
  EXPECT_EQ(GetJson(bo, "/api/v1/me/messages")["threads"].size(), 0u);
  EXPECT_EQ(GetJson(astrid, "/api/v1/me/messages")["threads"].size(), 1u);
  // Without a session.
  Browser stranger(Base());
  EXPECT_EQ(stranger.client.Get("/api/v1/me/messages").status, 401);
  EXPECT_EQ(stranger.client.Get("/api/v1/organisations/E10000001/messages").status, 401);
}

TEST_P(ContactTest, TheJsonApi) {
  Browser astrid(Base());
  const std::string a = Young(astrid, "sub-astrid", "astrid@young.example", "Astrid", "de");
  Browser hidden(Base());
  const std::string h = Register(hidden, "sub-hidden", "hidden@young.example", "Hanna", "Berg");
  auto anna = Staff("anna@se.example");
  const int64_t opportunity = Opportunity(*anna, "E10000001", "Nature guide");
  const std::string path = "/api/v1/organisations/E10000001/messages";

  // 400: the wrong shape, too many people, or someone who cannot be written to.
  EXPECT_EQ(PostJson(*anna, path, {{"opportunity_id", opportunity}}).status, 400);
  Json too_many = Json::array();
  for (int i = 0; i < 51; ++i) too_many.push_back(std::to_string(3000000000 + i));
  auto r = PostJson(
      *anna, path,
      {{"opportunity_id", opportunity}, {"participant_references", too_many}, {"body", "Hello"}});
  EXPECT_EQ(r.status, 400);
  Json error = Json::parse(r.body)["error"];
  EXPECT_EQ(error["code"], "invalid_input");
  EXPECT_TRUE(Contains(error["fields"]["participant_references"].get<std::string>(), "50"))
      << r.body;
  r = PostJson(
      *anna, path,
      {{"opportunity_id", opportunity}, {"participant_references", {a, h}}, {"body", "Hello"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Json::parse(r.body)["error"]["fields"].contains("participant_references"));
  r = PostJson(*anna, path,
               {{"opportunity_id", opportunity},
                {"participant_references", {a}},
                {"body", std::string(2001, 'x')}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Json::parse(r.body)["error"]["fields"].contains("body"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contact_posts"), 0);

  // 201 with the threads; the mail in German.
  r = PostJson(*anna, path,
               {{"opportunity_id", opportunity},
                {"participant_references", {a}},
                {"body", "Hallo Astrid!"}});
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t thread = Json::parse(r.body)["threads"][0].get<int64_t>();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE recipient = 'astrid@young.example' AND "
                  "lang = 'de'"),
            1);
  Json list = GetJson(*anna, path);
  ASSERT_EQ(list["threads"].size(), 1u);
  EXPECT_EQ(list["threads"][0]["reference"], a);
  EXPECT_EQ(list["threads"][0]["email"], nullptr);

  // The person's side: the list, the reply (201), then the e-mail shows for the organisation.
  Json mine = GetJson(astrid, "/api/v1/me/messages");
  ASSERT_EQ(mine["threads"].size(), 1u);
  EXPECT_EQ(mine["threads"][0]["unread"], 1);
  EXPECT_EQ(mine["threads"][0]["organisation_name"], "Ung i Europa");
  r = PostJson(astrid, "/api/v1/me/messages/" + std::to_string(thread), {{"body", ""}});
  EXPECT_EQ(r.status, 400);
  r = PostJson(astrid, "/api/v1/me/messages/" + std::to_string(thread), {{"body", "Ja, gern!"}});
  EXPECT_EQ(r.status, 201) << r.body;
  Json opened = GetJson(*anna, path + "/" + std::to_string(thread));
  EXPECT_EQ(opened["email"], "astrid@young.example");
  ASSERT_EQ(opened["messages"].size(), 2u);
  EXPECT_EQ(opened["messages"][1]["author"], "participant");
  EXPECT_EQ(opened["messages"][1]["body"], "Ja, gern!");
  EXPECT_EQ(GetJson(*anna, path)["threads"][0]["unread"], 0);  // read by opening it
  // 404 for a thread that is not there; another site's request is refused.
  EXPECT_EQ(astrid.client.Get("/api/v1/me/messages/999999").status, 404);
  EXPECT_EQ(astrid.client
                .Post("/api/v1/me/messages/" + std::to_string(thread), R"({"body":"x"})",
                      {"Origin: https://evil.example", "Content-Type: application/json"})
                .status,
            403);

  // 429 with Retry-After once the organisation wrote to 200 people in the hour.
  const std::string now = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
  for (int i = 0; i < 199; ++i) {
    Sql("INSERT INTO contact_posts (thread_id, author, body, created_at) VALUES (" +
        std::to_string(thread) + ", 'organisation', 'earlier', " + now + ")");
  }
  r = PostJson(
      *anna, path,
      {{"opportunity_id", opportunity}, {"participant_references", {a}}, {"body", "One more"}});
  EXPECT_EQ(r.status, 429) << r.body;
  EXPECT_EQ(Json::parse(r.body)["error"]["code"], "too_many_requests");
  const std::string retry = r.Header("retry-after");
  EXPECT_FALSE(retry.empty());
  EXPECT_GT(std::stoi(retry.empty() ? "0" : retry), 3500);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ContactTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass
