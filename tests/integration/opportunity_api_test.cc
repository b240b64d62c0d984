// The opportunity API end to end (SPEC F4, F8; docs/api.md): the whole portal in-process on a
// real socket, on SQLite and (when PASS_TEST_POSTGRES_URL is set) PostgreSQL, with the
// misbehaving OpenID provider (tests/support/bad-idp.js) in its well-behaved mode as EU Login.
// Staff create, read, replace, publish and close their organisation's opportunities and reach
// nothing of another organisation's; every field's rule answers 400 naming the field; anyone
// pages through and filters what takes applications today.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "api/opportunities.h"
#include "app/app.h"
#include "http/server.h"
#include "opportunities/opportunity.h"
#include "registry/import.h"
#include "storage/registry_repository.h"
#include "support/http_client.h"
#include "support/portal_harness.h"
#include "support/test_database.h"

namespace pass {
namespace {

using Json = nlohmann::json;
using testing::HttpResult;

// A cookie-keeping client that speaks every method the API has (testing::HttpClient has no PUT).
class Client {
 public:
  explicit Client(std::string base) : base_(std::move(base)), curl_(curl_easy_init()) {
    if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");
  }
  ~Client() { curl_easy_cleanup(curl_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  HttpResult Call(const std::string& method, const std::string& path, const std::string* body,
                  const std::vector<std::string>& headers) {
    HttpResult result;
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, nullptr);
    const std::string url = path.starts_with("http") ? path : base_ + path;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &result.body);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &result.headers);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl_, CURLOPT_NOPROXY, "*");
    if (body != nullptr) {
      curl_easy_setopt(curl_, CURLOPT_POST, 1L);
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body->data());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
    }
    if (method != "GET" && method != "POST") {
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    list = curl_slist_append(list, "Expect:");
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list);
    const CURLcode rc = curl_easy_perform(curl_);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) throw std::runtime_error(std::string("curl: ") + curl_easy_strerror(rc));
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &result.status);
    return result;
  }

  HttpResult Get(const std::string& path, const std::vector<std::string>& headers = {}) {
    return Call("GET", path, nullptr, headers);
  }

  // GET, following redirects across hosts (the sign-in goes through the provider).
  HttpResult Follow(std::string url) {
    for (int hop = 0; hop < 10; ++hop) {
      HttpResult r = Get(url);
      const std::string location = r.Header("location");
      if (r.status < 300 || r.status >= 400 || location.empty()) return r;
      if (location.starts_with("/")) {
        const size_t host_end = url.find('/', url.find("://") + 3);
        url = url.substr(0, host_end) + location;
      } else {
        url = location;
      }
    }
    throw std::runtime_error("too many redirects");
  }

 private:
  static size_t WriteBody(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
  }
  static size_t WriteHeader(char* data, size_t size, size_t n, void* user) {
    const std::string line(data, size * n);
    auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
      headers->emplace_back(name, value);
    } else if (line.starts_with("HTTP/")) {
      headers->clear();
    }
    return size * n;
  }

  std::string base_;
  CURL* curl_;
};

// Two organisations, each with one member of staff.
const std::string kA = "/api/v1/organisations/E10000001/opportunities";
const std::string kB = "/api/v1/organisations/E10000002/opportunities";

Date Today() { return DateOf(std::chrono::system_clock::now()); }
Date Later(int days) { return Date(std::chrono::sys_days(Today()) + std::chrono::days(days)); }
std::string Iso(Date d) { return FormatIsoDate(d); }

// Every field a client sends, valid: a draft individual volunteering of six months. Lists are in
// code order, the order the API answers them in.
Json Valid() {
  const Date start = Later(120);
  return {{"title", "Forest school helper"},
          {"description", "Help the forest school run outdoor days for children aged 4 to 9."},
          {"activity_type", "individual_volunteering"},
          {"topics", Json::array({"education_training", "environment_nature"})},
          {"country", "SE"},
          {"town", "Umeå"},
          {"start_date", Iso(start)},
          {"end_date", Iso(opportunities::MonthsLater(start, 6))},
          {"places", 2},
          {"application_deadline", Iso(Later(60))},
          {"eligible_residence", Json::array({"any"})},
          {"languages",
           Json::array({{{"code", "en"}, {"level", "B1"}}, {{"code", "sv"}, {"level", "A1"}}})},
          {"languages_required", false},
          {"skills", Json::array({"first_aid"})},
          {"skills_required", false},
          {"requirement_reason", ""},
          {"participant_profile", "Someone who likes being outdoors in all weathers."},
          {"practical_arrangements", "A shared flat, a food allowance and a bicycle."},
          {"training", "Arrival training, first aid course."},
          {"contact_person", "Anna Lind"},
          {"grant_reference", "2026-1-SE02-ESC51-000123"},
          {"asks_cv", true},
          {"asks_motivation", false},
          {"status", "draft"}};
}

// What the API answers for an opportunity: exactly these fields.
const std::set<std::string> kFields = {"id",
                                       "organisation",
                                       "title",
                                       "description",
                                       "activity_type",
                                       "topics",
                                       "country",
                                       "town",
                                       "start_date",
                                       "end_date",
                                       "places",
                                       "application_deadline",
                                       "eligible_residence",
                                       "languages",
                                       "languages_required",
                                       "skills",
                                       "skills_required",
                                       "requirement_reason",
                                       "participant_profile",
                                       "practical_arrangements",
                                       "training",
                                       "contact_person",
                                       "grant_reference",
                                       "asks_cv",
                                       "asks_motivation",
                                       "status",
                                       "published_at",
                                       "url"};

std::set<std::string> Keys(const Json& object) {
  std::set<std::string> out;
  for (const auto& [k, v] : object.items()) out.insert(k);
  return out;
}

class OpportunityApiTest : public testing::PortalTest {
 protected:
  // A browser signed in through EU Login as this person.
  std::unique_ptr<Client> SignedIn(const std::string& email) {
    auto c = std::make_unique<Client>(Base());
    idp_->As("sub-" + email, email, "Staff", "Member");
    const auto landed = c->Follow(Base() + "/login");
    EXPECT_EQ(landed.status, 200) << landed.body.substr(0, 500);
    return c;
  }
  std::unique_ptr<Client> Anna() { return SignedIn("anna@se.example"); }    // E10000001
  std::unique_ptr<Client> Lukas() { return SignedIn("lukas@de.example"); }  // E10000002

  static HttpResult Send(Client& c, const std::string& method, const std::string& path,
                         const std::string& body,
                         std::vector<std::string> headers = {"Content-Type: application/json"}) {
    headers.push_back("Origin: " + Base());
    return c.Call(method, path, &body, headers);
  }
  static HttpResult Post(Client& c, const std::string& path, const Json& body) {
    return Send(c, "POST", path, body.dump());
  }
  static HttpResult Put(Client& c, const std::string& path, const Json& body) {
    return Send(c, "PUT", path, body.dump());
  }

  static Json Parse(const HttpResult& r) {
    auto parsed = Json::parse(r.body, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << r.body.substr(0, 500);
    return parsed;
  }

  // Creates through the API; returns the opportunity as answered.
  static Json Create(Client& c, const std::string& list, const Json& body) {
    const auto r = Post(c, list, body);
    EXPECT_EQ(r.status, 201) << r.body.substr(0, 1000);
    return Parse(r);
  }

  // The error object of a refused call, after checking its status and that it names `field`.
  static Json Refused(const HttpResult& r, const std::string& field, long status = 400) {
    EXPECT_EQ(r.status, status) << field << ": " << r.body.substr(0, 1000);
    const Json body = Parse(r);
    if (!body.contains("error")) {
      ADD_FAILURE() << r.body;
      return Json::object();
    }
    if (!field.empty()) {
      EXPECT_TRUE(body["error"]["fields"].contains(field))
          << "expected " << field << " in " << body["error"].dump();
    }
    return body["error"];
  }

  static Json PublicList(const std::string& query = "") {
    Client anonymous(Base());
    const auto r = anonymous.Get("/api/v1/opportunities" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body.substr(0, 1000);
    return Parse(r);
  }

  static std::vector<std::string> Titles(const Json& page) {
    std::vector<std::string> out;
    for (const auto& item : page["items"]) out.push_back(item["title"].get<std::string>());
    return out;
  }

  static std::string One(const std::string& list, const Json& o) {
    return list + "/" + std::to_string(o["id"].get<int64_t>());
  }
};

TEST_P(OpportunityApiTest, CreateReadReplacePublishAndCloseRoundTrip) {
  auto anna = Anna();
  const Json sent = Valid();
  const auto created = Post(*anna, kA, sent);
  ASSERT_EQ(created.status, 201) << created.body.substr(0, 1000);
  const Json o = Parse(created);
  ASSERT_TRUE(o["id"].is_number_integer());
  const std::string one = One(kA, o);
  EXPECT_EQ(created.Header("location"), one);
  EXPECT_EQ(created.Header("content-type").substr(0, 16), "application/json");
  EXPECT_EQ(Keys(o), kFields);
  for (const auto& [key, value] : sent.items()) EXPECT_EQ(o[key], value) << key;
  EXPECT_EQ(o["organisation"], (Json{{"oid", "E10000001"}, {"name", "Ung i Europa"}}));
  EXPECT_TRUE(o["published_at"].is_null());
  EXPECT_EQ(o["url"], "/opportunities/" + std::to_string(o["id"].get<int64_t>()));

  const auto read = anna->Get(one);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(Parse(read), o);
  const auto list = anna->Get(kA);
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(Parse(list)["items"].size(), 1u);
  EXPECT_EQ(Parse(list)["items"][0], o);
  EXPECT_TRUE(PublicList()["items"].empty()) << "a draft is not public";

  // What GET answered, edited and sent back: every field replaced, read-only ones ignored.
  Json edited = o;
  edited["title"] = "Forest school assistant";
  edited["start_date"] = nullptr;
  edited["end_date"] = nullptr;
  edited["application_deadline"] = nullptr;
  edited["eligible_residence"] = Json::array({"DE", "SE"});
  edited["languages"] = Json::array({{{"code", "sv"}, {"level", "native"}}});
  edited["languages_required"] = true;
  edited["requirement_reason"] = "The children in the group speak only Swedish.";
  edited["skills"] = Json::array();
  edited["places"] = 1;
  edited["asks_cv"] = false;
  edited["asks_motivation"] = true;
  edited["published_at"] = "1999-01-01T00:00:00Z";
  edited["organisation"] = {{"oid", "E10000002"}, {"name", "Someone else"}};
  const auto replaced = Put(*anna, one, edited);
  ASSERT_EQ(replaced.status, 200) << replaced.body.substr(0, 1000);
  Json after = Parse(replaced);
  EXPECT_EQ(after["organisation"]["oid"], "E10000001");
  EXPECT_TRUE(after["published_at"].is_null());
  Json expected = edited;
  expected["published_at"] = nullptr;
  expected["organisation"] = o["organisation"];
  EXPECT_EQ(after, expected);
  EXPECT_EQ(Parse(anna->Get(one)), after);

  // Fields left out take their empty value: PUT replaces the whole opportunity.
  Json minimal = Valid();
  for (const char* key :
       {"languages", "skills", "participant_profile", "practical_arrangements", "training",
        "contact_person", "grant_reference", "asks_cv", "eligible_residence", "places"}) {
    minimal.erase(key);
  }
  const auto shrunk = Put(*anna, one, minimal);
  ASSERT_EQ(shrunk.status, 200) << shrunk.body.substr(0, 1000);
  after = Parse(shrunk);
  EXPECT_TRUE(after["languages"].empty());
  EXPECT_EQ(after["eligible_residence"], Json::array({"any"}));
  EXPECT_EQ(after["places"], 1);
  EXPECT_EQ(after["contact_person"], "");
  EXPECT_EQ(after["asks_cv"], false);

  // Publishing is a status change.
  Json publish = Valid();
  publish["status"] = "published";
  const auto published = Put(*anna, one, publish);
  ASSERT_EQ(published.status, 200) << published.body.substr(0, 1000);
  after = Parse(published);
  EXPECT_EQ(after["status"], "published");
  ASSERT_TRUE(after["published_at"].is_string());
  EXPECT_EQ(after["published_at"].get<std::string>().size(), 20u) << after["published_at"];
  const Json shown = PublicList();
  ASSERT_EQ(shown["items"].size(), 1u);
  EXPECT_EQ(shown["items"][0], after);

  // Editing a published opportunity keeps its publication time.
  publish["title"] = "Forest school helper (2 places)";
  const auto edited_published = Put(*anna, one, publish);
  ASSERT_EQ(edited_published.status, 200);
  EXPECT_EQ(Parse(edited_published)["published_at"], after["published_at"]);

  // Back to draft: refused; closing: out of the public list.
  Json draft = publish;
  draft["status"] = "draft";
  Refused(Put(*anna, one, draft), "status");
  Json close = publish;
  close["status"] = "closed";
  const auto closed = Put(*anna, one, close);
  ASSERT_EQ(closed.status, 200) << closed.body.substr(0, 1000);
  EXPECT_EQ(Parse(closed)["status"], "closed");
  EXPECT_TRUE(PublicList()["items"].empty());
  EXPECT_EQ(Parse(anna->Get(one))["status"], "closed");

  // Created published at once.
  Json at_once = Valid();
  at_once["status"] = "published";
  const Json second = Create(*anna, kA, at_once);
  EXPECT_EQ(second["status"], "published");
  EXPECT_TRUE(second["published_at"].is_string());
  EXPECT_EQ(Parse(anna->Get(kA))["items"].size(), 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities"), 2);
}

TEST_P(OpportunityApiTest, BodiesAreReadStrictly) {
  auto anna = Anna();
  auto refused = [&](const std::string& body, const std::string& field,
                     std::vector<std::string> headers = {"Content-Type: application/json"}) {
    return Refused(Send(*anna, "POST", kA, body, std::move(headers)), field);
  };
  const Json not_json = refused("{\"title\": ", "");
  EXPECT_EQ(not_json["code"], "invalid_input");
  EXPECT_FALSE(not_json["message"].get<std::string>().empty());
  refused("[1, 2]", "");
  refused("\"a string\"", "");
  refused("", "");
  refused("{\"title\": \"\xff\"}", "");  // not UTF-8

  Json unknown = Valid();
  unknown["colour"] = "green";
  unknown["deadline"] = "2030-01-01";
  const Json e = refused(unknown.dump(), "colour");
  EXPECT_TRUE(e["fields"].contains("deadline"));
  EXPECT_EQ(e["fields"].size(), 2u) << e.dump();

  // One wrong type per field: the field is named with the type expected.
  const std::vector<std::pair<std::string, Json>> wrong = {
      {"title", 5},
      {"description", nullptr},
      {"activity_type", Json::array({"job"})},
      {"topics", "environment_nature"},
      {"country", true},
      {"town", Json::object()},
      {"start_date", 20300101},
      {"end_date", false},
      {"places", "2"},
      {"application_deadline", Json::array()},
      {"eligible_residence", "any"},
      {"languages", Json::object({{"code", "en"}, {"level", "B1"}})},
      {"languages_required", "yes"},
      {"skills", Json::array({1, 2})},
      {"skills_required", 1},
      {"requirement_reason", 3.5},
      {"participant_profile", Json::array()},
      {"practical_arrangements", false},
      {"training", 1},
      {"contact_person", nullptr},
      {"grant_reference", 12345},
      {"asks_cv", "true"},
      {"asks_motivation", nullptr},
      {"status", 1},
      {"id", "seven"},
  };
  for (const auto& [field, value] : wrong) {
    Json body = Valid();
    body[field] = value;
    const Json error = refused(body.dump(), field == "skills" ? "skills[1]" : field);
    const std::string message = error["fields"].begin()->get<std::string>();
    EXPECT_TRUE(message.starts_with("expected ")) << field << ": " << message;
  }
  Json language_types = Valid();
  language_types["languages"] = Json::array({"en", {{"code", 1}, {"level", "B1"}}});
  const Json language_error = refused(language_types.dump(), "languages[1]");
  EXPECT_TRUE(language_error["fields"].contains("languages[2].code")) << language_error.dump();

  // Numbers that fit no int, fractions and numbers too large for any integer all name places.
  for (const std::string places :
       {"3000000000", "-3000000000", "99999999999999999999999", "2.5", "1e300", "2.0"}) {
    std::string body = Valid().dump();
    body.replace(body.find("\"places\":2"), 10, "\"places\":" + places);
    refused(body, "places");
  }
  // Beyond what a double holds is not JSON the parser takes.
  std::string overflow = Valid().dump();
  overflow.replace(overflow.find("\"places\":2"), 10, "\"places\":1e400");
  EXPECT_TRUE(refused(overflow, "")["fields"].empty());
  // Repeated keys are not silently merged.
  std::string repeated = Valid().dump();
  repeated.replace(repeated.find("\"places\":2"), 10, "\"places\":2,\"places\":3");
  refused(repeated, "places");
  // Deep nesting.
  refused("{\"languages\": " + std::string(100, '[') + std::string(100, ']') + "}", "");

  // Only JSON, and at most 64 KiB.
  const auto form =
      Send(*anna, "POST", kA, Valid().dump(), {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(form.status, 415);
  EXPECT_EQ(Parse(form)["error"]["code"], "unsupported_media_type");
  EXPECT_EQ(Send(*anna, "POST", kA, Valid().dump(), {"Content-Type:"}).status, 415);
  EXPECT_EQ(
      Send(*anna, "POST", kA, Valid().dump(), {"Content-Type: application/json; charset=utf-8"})
          .status,
      201);
  Json large = Valid();
  large["description"] = std::string(70 * 1024, 'x');
  const auto too_large = Post(*anna, kA, large);
  EXPECT_EQ(too_large.status, 413);
  EXPECT_EQ(Parse(too_large)["error"]["code"], "payload_too_large");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities"), 1) << "only the charset one";
}

TEST(OpportunityJsonTest, OpportunityFromJsonNeverThrows) {
  const std::vector<std::string> bodies = {"",
                                           "{",
                                           "}",
                                           "null",
                                           "{\"a\":",
                                           "{\"languages\":[{\"code\":\"en\",\"level\":\"B1\"},7]}",
                                           "{\"places\":1e999999}",
                                           "{\"title\":\"\\ud800\"}",
                                           std::string(5000, '['),
                                           "{\"topics\":[" + std::string(3000, '{') + "]}",
                                           "\xef\xbb\xbf{}"};
  for (const std::string& body : bodies) {
    const auto parsed = api::OpportunityFromJson(body);
    if (parsed) continue;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidInput) << body.substr(0, 50);
  }
  const auto empty = api::OpportunityFromJson("{}");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->status, opportunities::Status::kDraft);
  EXPECT_TRUE(empty->eligible_residence.empty());
  const auto round = api::OpportunityFromJson(Valid().dump());
  ASSERT_TRUE(round.has_value());
  EXPECT_EQ(Json::parse(api::OpportunityJson(*round))["languages"], Valid()["languages"]);
}

TEST_P(OpportunityApiTest, EveryFieldsRuleNamesTheField) {
  auto anna = Anna();
  auto check = [&](const std::string& field, const Json& value, const std::string& named) {
    Json body = Valid();
    if (value.is_discarded()) {
      body.erase(field);
    } else {
      body[field] = value;
    }
    Refused(Post(*anna, kA, body), named);
  };
  const Json kLeaveOut = Json(Json::value_t::discarded);
  check("title", "", "title");
  check("title", std::string(opportunities::kMaxTitleLength + 1, 't'), "title");
  check("title", "Two\nlines", "title");
  check("description", "  ", "description");
  check("description", std::string(opportunities::kMaxDescriptionLength + 1, 'd'), "description");
  check("activity_type", "hiking", "activity_type");
  check("activity_type", kLeaveOut, "activity_type");
  check("topics", Json::array(), "topics");
  check("topics", Json::array({"knitting"}), "topics[1]");
  check("topics", Json::array({"sport", "sport"}), "topics[2]");
  check("country", "XX", "country");
  check("country", "se", "country");
  check("town", "", "town");
  check("start_date", "2030-02-30", "start_date");
  check("start_date", nullptr, "start_date");
  check("end_date", "tomorrow", "end_date");
  check("end_date", nullptr, "end_date");
  check("end_date", Iso(Later(100)), "end_date");  // before the start
  check("places", 0, "places");
  check("places", opportunities::kMaxPlaces + 1, "places");
  check("application_deadline", "31/12/2030", "application_deadline");
  check("application_deadline", Iso(Later(120 - 13)), "application_deadline");  // R11
  check("eligible_residence", Json::array({"XX"}), "eligible_residence[1]");
  check("eligible_residence", Json::array({"SE", "SE"}), "eligible_residence[2]");
  check("eligible_residence", Json::array({"any", "SE"}), "eligible_residence");
  check("eligible_residence", Json::array(), "eligible_residence");
  check("languages",
        Json::array({{{"code", "en"}, {"level", "B1"}}, {{"code", "xx"}, {"level", "A1"}}}),
        "languages[2].code");
  check("languages", Json::array({{{"code", "en"}, {"level", "Z9"}}}), "languages[1].level");
  check("languages", Json::array({{{"code", "en"}}}), "languages[1].level");
  check("languages", Json::array({{{"code", "en"}, {"level", "B1"}, {"note", "x"}}}),
        "languages[1].note");
  Json eleven = Json::array();
  for (const char* code : {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga"}) {
    eleven.push_back({{"code", code}, {"level", "A1"}});
  }
  check("languages", eleven, "languages");
  check("skills", Json::array({"juggling"}), "skills[1]");
  check("languages_required", true, "requirement_reason");  // no reason given
  check("skills_required", true, "requirement_reason");
  check("requirement_reason", std::string(opportunities::kMaxDetailLength + 1, 'r'),
        "requirement_reason");
  check("participant_profile", std::string(opportunities::kMaxDetailLength + 1, 'p'),
        "participant_profile");
  check("practical_arrangements", std::string(opportunities::kMaxDetailLength + 1, 'a'),
        "practical_arrangements");
  check("training", std::string(opportunities::kMaxDetailLength + 1, 't'), "training");
  check("contact_person",
        "Anna\x07"
        "Lind",
        "contact_person");
  check("grant_reference", std::string(opportunities::kMaxLineLength + 1, 'g'), "grant_reference");
  check("status", "archived", "status");
  check("status", "closed", "status");  // a new opportunity cannot be closed
  {
    Json body = Valid();
    body["skills"] = Json::array();
    body["skills_required"] = true;
    body["requirement_reason"] = "Every task needs a first aid certificate, by law.";
    Refused(Post(*anna, kA, body), "skills_required");
    body["skills"] = Json::array({"first_aid"});
    body["languages"] = Json::array();
    body["languages_required"] = true;
    Refused(Post(*anna, kA, body), "languages_required");
  }

  // R12: how long each activity type may last.
  const Date start = Later(120);
  auto duration = [&](const std::string& type, Date end) {
    Json body = Valid();
    body["activity_type"] = type;
    body["start_date"] = Iso(start);
    body["end_date"] = Iso(end);
    return Post(*anna, kA, body);
  };
  using opportunities::MonthsLater;
  auto day = [](Date d, int n) { return Date(std::chrono::sys_days(d) + std::chrono::days(n)); };
  Refused(duration("individual_volunteering", day(start, 9)), "end_date");  // 10 days
  Refused(duration("individual_volunteering", MonthsLater(start, 13)), "end_date");
  Refused(duration("volunteering_team", MonthsLater(start, 3)), "end_date");
  Refused(duration("volunteering_team", day(start, 9)), "end_date");
  Refused(duration("traineeship", MonthsLater(start, 7)), "end_date");
  Refused(duration("traineeship", MonthsLater(start, 1)), "end_date");
  Refused(duration("job", MonthsLater(start, 2)), "end_date");
  Refused(duration("job", MonthsLater(start, 13)), "end_date");
  const Json r12 = Refused(duration("job", MonthsLater(start, 2)), "end_date");
  EXPECT_NE(r12["fields"]["end_date"].get<std::string>().find("R12"), std::string::npos)
      << r12.dump();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM opportunities"), 0) << "nothing refused was saved";
  // The limits themselves are accepted; so is a month of individual volunteering, which R12
  // allows for participants with fewer opportunities (the offer checks the person).
  EXPECT_EQ(duration("individual_volunteering", MonthsLater(start, 12)).status, 201);
  EXPECT_EQ(duration("individual_volunteering", MonthsLater(start, 1)).status, 201);
  EXPECT_EQ(duration("volunteering_team", MonthsLater(start, 2)).status, 201);
  EXPECT_EQ(duration("traineeship", MonthsLater(start, 6)).status, 201);
  EXPECT_EQ(duration("job", MonthsLater(start, 3)).status, 201);
  EXPECT_EQ(duration("humanitarian_aid", MonthsLater(start, 18)).status, 201);

  // Publishing needs a future start and a deadline not yet past.
  Json soon = Valid();
  soon["status"] = "published";
  soon["start_date"] = Iso(Later(10));
  soon["end_date"] = Iso(MonthsLater(Later(10), 6));
  soon["application_deadline"] = nullptr;
  Refused(Post(*anna, kA, soon), "start_date");
  Json late = Valid();
  late["status"] = "published";
  late["application_deadline"] = Iso(Later(-1));
  Refused(Post(*anna, kA, late), "application_deadline");

  // The same rules on PUT.
  const Json o = Create(*anna, kA, Valid());
  Json bad = Valid();
  bad["activity_type"] = "job";
  bad["end_date"] = Iso(MonthsLater(start, 2));
  Refused(Put(*anna, One(kA, o), bad), "end_date");
  bad = Valid();
  bad["id"] = o["id"].get<int64_t>() + 1;
  Refused(Put(*anna, One(kA, o), bad), "id");
  EXPECT_EQ(Parse(anna->Get(One(kA, o))), o) << "unchanged";
}

TEST_P(OpportunityApiTest, StaffReachOnlyTheirOwnOrganisation) {
  auto anna = Anna();
  auto lukas = Lukas();
  Json theirs_body = Valid();
  theirs_body["title"] = "Jugendwerk team";
  theirs_body["country"] = "DE";
  theirs_body["town"] = "Berlin";
  const Json theirs = Create(*lukas, kB, theirs_body);
  const Json ours = Create(*anna, kA, Valid());
  const std::string id = std::to_string(theirs["id"].get<int64_t>());

  // Whatever oid and id anna puts in the URL, she reaches nothing of Jugendwerk's.
  for (const std::string& path :
       {kB, kB + "/" + id, kA + "/" + id,
        std::string("/api/v1/organisations/E99999999/opportunities"),
        std::string("/api/v1/organisations/nonsense/opportunities/") + id, kA + "/0", kA + "/-1",
        kA + "/abc", kA + "/99999999999999999999"}) {
    const auto r = anna->Get(path);
    EXPECT_EQ(r.status, 404) << path << ": " << r.body.substr(0, 300);
    EXPECT_EQ(Parse(r)["error"]["code"], "not_found") << path;
    EXPECT_EQ(r.body.find("Jugendwerk team"), std::string::npos) << path;
  }
  Json hijack = Valid();
  hijack["title"] = "Taken over";
  EXPECT_EQ(Put(*anna, kB + "/" + id, hijack).status, 404);
  EXPECT_EQ(Put(*anna, kA + "/" + id, hijack).status, 404);
  hijack["id"] = theirs["id"];
  EXPECT_EQ(Put(*anna, One(kA, ours), hijack).status, 400) << "the body's id is not the URL's";
  EXPECT_EQ(Post(*anna, kB, hijack).status, 404);
  EXPECT_EQ(Parse(lukas->Get(kB + "/" + id)), theirs) << "unchanged";
  EXPECT_EQ(Parse(lukas->Get(kB))["items"].size(), 1u) << "nothing added for Jugendwerk";
  EXPECT_EQ(Parse(anna->Get(kA))["items"].size(), 1u);
  EXPECT_EQ(Parse(anna->Get(kA))["items"][0]["id"], ours["id"]);
  // An unknown organisation and another's look the same.
  EXPECT_EQ(Parse(anna->Get(kB))["error"]["message"],
            Parse(anna->Get("/api/v1/organisations/E99999999/opportunities"))["error"]["message"]);

  // Someone signed in with no organisation.
  auto nobody = SignedIn("nobody@young.example");
  EXPECT_EQ(nobody->Get(kA).status, 404);
  EXPECT_EQ(Post(*nobody, kA, Valid()).status, 404);

  // Nobody signed in: 401, in the API's error shape.
  Client anonymous(Base());
  for (const auto& r : {anonymous.Get(kA), anonymous.Get(One(kA, ours)),
                        Post(anonymous, kA, Valid()), Put(anonymous, One(kA, ours), Valid())}) {
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(Parse(r)["error"]["code"], "unauthenticated");
  }

  // Changes from another site, or from something that says nothing of where it comes from.
  const std::string body = Valid().dump();
  const auto cross = anna->Call("POST", kA, &body,
                                {"Content-Type: application/json", "Origin: https://evil.example"});
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(Parse(cross)["error"]["code"], "forbidden");
  EXPECT_EQ(anna->Call("PUT", One(kA, ours), &body,
                       {"Content-Type: application/json", "Origin: https://evil.example"})
                .status,
            403);
  EXPECT_EQ(anna->Call("POST", kA, &body,
                       {"Content-Type: application/json", "Sec-Fetch-Site: cross-site"})
                .status,
            403);
  EXPECT_EQ(anna->Call("POST", kA, &body, {"Content-Type: application/json"}).status, 403);
  EXPECT_EQ(Parse(anna->Get(kA))["items"].size(), 1u) << "nothing created";
  EXPECT_EQ(Parse(anna->Get(One(kA, ours))), ours) << "nothing changed";
  EXPECT_EQ(anna->Call("POST", kA, &body,
                       {"Content-Type: application/json", "Sec-Fetch-Site: same-origin"})
                .status,
            201);
}

TEST_P(OpportunityApiTest, ThePublicListShowsWhatTakesApplicationsAndFiltersAndPages) {
  auto anna = Anna();
  auto lukas = Lukas();
  auto publish = [](Json body) {
    body["status"] = "published";
    return body;
  };
  // A: Umeå, deadline in 60 days, activity from day 120 for six months.
  Json a = publish(Valid());
  a["title"] = "A";
  const Json created_a = Create(*anna, kA, a);
  // B: Berlin, a volunteering team from day 100 for a month, rolling (last day 86).
  Json b = publish(Valid());
  b["title"] = "B";
  b["country"] = "DE";
  b["town"] = "Berlin";
  b["activity_type"] = "volunteering_team";
  b["topics"] = Json::array({"sport"});
  b["start_date"] = Iso(Later(100));
  b["end_date"] = Iso(opportunities::MonthsLater(Later(100), 1));
  b["application_deadline"] = nullptr;
  b["eligible_residence"] = Json::array({"AT", "DE"});
  const Json created_b = Create(*lukas, kB, b);
  // C: flexible dates, rolling applications.
  Json c = publish(Valid());
  c["title"] = "C";
  c["activity_type"] = "solidarity_project";
  c["start_date"] = nullptr;
  c["end_date"] = nullptr;
  c["application_deadline"] = nullptr;
  const Json created_c = Create(*anna, kA, c);
  // Not public: a draft, a closed one, and one whose deadline has passed.
  Json d = Valid();
  d["title"] = "D draft";
  Create(*anna, kA, d);
  Json e = publish(Valid());
  e["title"] = "E closed";
  const Json created_e = Create(*anna, kA, e);
  e["status"] = "closed";
  ASSERT_EQ(Put(*anna, One(kA, created_e), e).status, 200);
  Json f = publish(Valid());
  f["title"] = "F past deadline";
  const Json created_f = Create(*anna, kA, f);
  const auto moved = app_->database().With([&](storage::Connection& conn) {
    return conn.Execute(
        "UPDATE opportunities SET application_deadline = $1, last_application_day = $1 WHERE id = "
        "$2",
        {Iso(Later(-1)), created_f["id"].get<int64_t>()});
  });
  ASSERT_TRUE(moved.has_value());

  const Json all = PublicList();
  EXPECT_EQ(Titles(all), (std::vector<std::string>{"A", "B", "C"})) << "soonest deadline first";
  EXPECT_EQ(all["total"], 3);
  EXPECT_EQ(all["page"], 1);
  EXPECT_EQ(all["per_page"], 20);
  EXPECT_TRUE(all["next"].is_null());
  EXPECT_EQ(Keys(all), (std::set<std::string>{"items", "page", "per_page", "total", "next"}));
  for (const auto& item : all["items"]) {
    EXPECT_EQ(Keys(item), kFields) << "nothing but the opportunity";
    EXPECT_EQ(item["status"], "published");
  }
  EXPECT_EQ(all["items"][1], created_b);
  // Nothing about the people behind it: no staff e-mail, no candidates.
  for (const char* personal : {"anna@se.example", "lukas@de.example", "candidate", "applicant"}) {
    EXPECT_EQ(PublicList().dump().find(personal), std::string::npos) << personal;
  }

  EXPECT_EQ(Titles(PublicList("?sort=newest")), (std::vector<std::string>{"C", "B", "A"}));
  EXPECT_EQ(Titles(PublicList("?sort=deadline")), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(Titles(PublicList("?country=DE")), std::vector<std::string>{"B"});
  EXPECT_EQ(Titles(PublicList("?country=de")), std::vector<std::string>{"B"});
  EXPECT_EQ(Titles(PublicList("?town=UME%C3%A5")), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(Titles(PublicList("?topic=sport")), std::vector<std::string>{"B"});
  EXPECT_EQ(Titles(PublicList("?activity_type=solidarity_project")), std::vector<std::string>{"C"});
  EXPECT_EQ(Titles(PublicList("?organisation=E10000002")), std::vector<std::string>{"B"});
  EXPECT_EQ(Titles(PublicList("?from=" + Iso(Later(200)) + "&to=" + Iso(Later(210)))),
            (std::vector<std::string>{"A", "C"}))
      << "B ended by then; C has flexible dates";
  EXPECT_EQ(Titles(PublicList("?from=" + Iso(Later(101)) + "&to=" + Iso(Later(102)))),
            (std::vector<std::string>{"B", "C"}));
  EXPECT_EQ(Titles(PublicList("?open_until=" + Iso(Later(70)))),
            (std::vector<std::string>{"B", "C"}))
      << "A's deadline is day 60";
  EXPECT_EQ(Titles(PublicList("?open_until=" + Iso(Later(90)))), std::vector<std::string>{"C"});
  EXPECT_EQ(Titles(PublicList("?country=SE&topic=sport")), std::vector<std::string>{});
  EXPECT_EQ(Titles(PublicList("?country=&town=")), (std::vector<std::string>{"A", "B", "C"}))
      << "empty values filter nothing";

  // Pages: follow `next` to the end.
  Json page = PublicList("?per_page=1");
  std::vector<std::string> seen;
  for (int i = 0; i < 5 && page.contains("items"); ++i) {
    EXPECT_EQ(page["total"], 3);
    EXPECT_EQ(page["per_page"], 1);
    EXPECT_EQ(page["page"], i + 1);
    for (const auto& t : Titles(page)) seen.push_back(t);
    if (page["next"].is_null()) break;
    const std::string next = page["next"];
    EXPECT_TRUE(next.starts_with("/api/v1/opportunities?")) << next;
    Client anonymous(Base());
    const auto r = anonymous.Get(next);
    ASSERT_EQ(r.status, 200) << next;
    page = Parse(r);
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"A", "B", "C"}));
  const Json filtered = PublicList("?town=Ume%C3%A5&per_page=1&sort=newest");
  EXPECT_EQ(Titles(filtered), std::vector<std::string>{"C"});
  EXPECT_EQ(filtered["next"], "/api/v1/opportunities?town=Ume%C3%A5&sort=newest&page=2&per_page=1");
  const Json beyond = PublicList("?page=4&per_page=1");
  EXPECT_TRUE(beyond["items"].empty());
  EXPECT_EQ(beyond["total"], 3);
  EXPECT_TRUE(beyond["next"].is_null());
  EXPECT_EQ(PublicList("?per_page=100")["items"].size(), 3u);

  // Bad values name the parameter.
  Client anonymous(Base());
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"page=0", "page"},
           {"page=-1", "page"},
           {"page=two", "page"},
           {"page=99999999999", "page"},
           {"per_page=0", "per_page"},
           {"per_page=101", "per_page"},
           {"per_page=1.5", "per_page"},
           {"country=XX", "country"},
           {"country=Sweden", "country"},
           {"topic=knitting", "topic"},
           {"activity_type=hiking", "activity_type"},
           {"from=2030-13-01", "from"},
           {"to=tomorrow", "to"},
           {"from=2030-02-01&to=2030-01-01", "to"},
           {"open_until=2030-02-30", "open_until"},
           {"organisation=E1", "organisation"},
           {"sort=random", "sort"},
           {"colour=green", "colour"},
           {"page=1&page=2", "page"},
           {"town=" + std::string(201, 'x'), "town"},
       }) {
    const Json error = Refused(anonymous.Get("/api/v1/opportunities?" + query), field);
    EXPECT_EQ(error["code"], "invalid_input") << query;
  }
  EXPECT_EQ(anonymous.Get("/api/v1/opportunities?town=%ZZ").status, 400);
}

// Fails today: the town filter compares lower(o.town) with the parameter lower-cased by
// AsciiLower (src/storage/opportunity_repository.cc, Published). On PostgreSQL lower() also
// lower-cases non-ASCII capitals and AsciiLower does not, so "Åre" is not found by its own name;
// on SQLite lower() is ASCII-only, so "åre" does not find "Åre". Enable once fixed.
TEST_P(OpportunityApiTest, DISABLED_ATownWithANonAsciiCapitalIsFoundByItsName) {
  auto anna = Anna();
  Json are = Valid();
  are["status"] = "published";
  are["town"] = "Åre";
  Create(*anna, kA, are);
  EXPECT_EQ(PublicList("?town=%C3%85re")["total"], 1);
  EXPECT_EQ(PublicList("?town=%C3%A5re")["total"], 1);
}

INSTANTIATE_TEST_SUITE_P(Dialects, OpportunityApiTest, ::testing::ValuesIn(testing::TestDialects()),
                         [](const auto& param_info) {
                           return testing::DialectName(param_info.param);
                         });

}  // namespace
}  // namespace pass
