#include "api/reference.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "codes/codes.h"
#include "http/pipeline.h"
#include "http/static_files.h"
#include "support/temp_dir.h"
#include "web/templates.h"

namespace pass::api {
namespace {

const std::string kRoot = PASS_SOURCE_DIR;

// The real catalogues and templates, a site and the route behind the real pipeline, with no gate:
// the reference must answer without any session.
class ReferenceTest : public ::testing::Test {
 protected:
  ReferenceTest() {
    auto c = i18n::Catalogues::Load(kRoot + "/locales");
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().detail);
    catalogues_.emplace(std::move(*c));
    auto t = web::Templates::Load(kRoot + "/web/templates", *catalogues_);
    EXPECT_TRUE(t.has_value()) << (t ? "" : t.error().detail);
    templates_.emplace(std::move(*t));
    auto s = http::StaticFiles::Load(static_dir_.path(), "/static");
    EXPECT_TRUE(s.has_value());
    static_files_.emplace(std::move(*s));
    site_.emplace(*catalogues_, *templates_, *static_files_, web::SiteOptions{});
    AddReference(router_, *site_);
    pipeline_.emplace(router_, http::SecurityPolicy{}, *site_);
  }

  http::Response Get(const std::string& target, std::vector<std::string> headers = {}) {
    http::Request r;
    r.target = target;
    const size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    for (const auto& h : headers) {
      const size_t colon = h.find(':');
      r.headers.Add(h.substr(0, colon), h.substr(colon + 2));
    }
    return pipeline_->Handle(r);
  }

  nlohmann::json GetJson(const std::string& target, std::vector<std::string> headers = {}) {
    const auto r = Get(target, std::move(headers));
    EXPECT_EQ(r.status, 200);
    return nlohmann::json::parse(r.BodyView());
  }

  static std::vector<std::string> Codes(const nlohmann::json& list) {
    std::vector<std::string> out;
    for (const auto& item : list) out.push_back(item.at("code").get<std::string>());
    return out;
  }

  static std::vector<std::string> Strings(std::span<const std::string_view> codes) {
    return {codes.begin(), codes.end()};
  }

  static std::string Label(const nlohmann::json& list, std::string_view code) {
    for (const auto& item : list) {
      if (item.at("code") == code) return item.at("label");
    }
    ADD_FAILURE() << "no " << code;
    return "";
  }

  testing::TempDir static_dir_;
  std::optional<i18n::Catalogues> catalogues_;
  std::optional<web::Templates> templates_;
  std::optional<http::StaticFiles> static_files_;
  std::optional<web::Site> site_;
  http::Router router_;
  std::optional<http::Pipeline> pipeline_;
};

TEST_F(ReferenceTest, AnswersWithoutASessionAndMayBeCached) {
  const auto r = Get("/api/v1/reference");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(r.headers.Get("Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(r.headers.Get("Vary"), "Accept-Language, Cookie");
  EXPECT_EQ(r.headers.Get("Content-Language"), "en");
  EXPECT_TRUE(nlohmann::json::parse(r.BodyView()).is_object());
}

TEST_F(ReferenceTest, EveryListIsThereCompleteAndInTheCodesOrder) {
  const auto json = GetJson("/api/v1/reference");
  EXPECT_EQ(json.at("language"), "en");
  EXPECT_EQ(Codes(json.at("countries")), Strings(codes::Countries()));
  EXPECT_EQ(Codes(json.at("languages")), Strings(codes::Languages()));
  EXPECT_EQ(Codes(json.at("activity_types")), Strings(codes::ActivityTypes()));
  EXPECT_EQ(Codes(json.at("topics")), Strings(codes::Topics()));
  EXPECT_EQ(Codes(json.at("skills")), Strings(codes::Skills()));
  EXPECT_EQ(json.at("activity_types").size(), 6u);
  EXPECT_EQ(json.at("topics").size(), 16u);
  EXPECT_EQ(json.at("skills").size(), codes::Skills().size());
  EXPECT_EQ(Codes(json.at("authorisation_kinds")),
            (std::vector<std::string>{"quality_label", "evs_accreditation", "euav_certification",
                                      "programme_approval"}));
  EXPECT_EQ(Codes(json.at("authorisation_statuses")),
            (std::vector<std::string>{"active", "suspended", "revoked"}));
  for (const auto& [name, list] : json.items()) {
    if (name == "language") continue;
    SCOPED_TRACE(name);
    ASSERT_TRUE(list.is_array());
    EXPECT_FALSE(list.empty());
    for (const auto& item : list) {
      EXPECT_FALSE(item.at("label").get<std::string>().empty()) << item.at("code");
    }
  }
  for (const auto& country : json.at("countries")) {
    EXPECT_EQ(country.at("eu"), codes::IsEuMemberState(country.at("code").get<std::string>()));
  }
  EXPECT_EQ(Label(json.at("countries"), "SE"), "Sweden");
  EXPECT_EQ(Label(json.at("languages"), "sv"), "Swedish");
  EXPECT_EQ(Label(json.at("activity_types"), "individual_volunteering"), "Individual volunteering");
  EXPECT_EQ(Label(json.at("authorisation_kinds"), "quality_label"), "Quality label");
}

TEST_F(ReferenceTest, LevelsComeInOrderWithNativeLast) {
  const auto json = GetJson("/api/v1/reference");
  EXPECT_EQ(Codes(json.at("levels")),
            (std::vector<std::string>{"A1", "A2", "B1", "B2", "C1", "C2", "native"}));
  EXPECT_EQ(Label(json.at("levels"), "A1"), "A1 – beginner");
  EXPECT_EQ(Label(json.at("levels"), "C2"), "C2 – mastery");
}

TEST_F(ReferenceTest, LabelsAreInSwedishForSwedish) {
  const auto en = GetJson("/api/v1/reference?lang=en");
  const auto sv = GetJson("/api/v1/reference?lang=sv");
  EXPECT_EQ(sv.at("language"), "sv");
  EXPECT_EQ(Codes(sv.at("skills")), Codes(en.at("skills"))) << "codes are never translated";
  const std::string topic = Label(sv.at("topics"), "social_inclusion");
  EXPECT_EQ(topic, "Social inkludering");
  EXPECT_NE(topic, Label(en.at("topics"), "social_inclusion"));
  EXPECT_NE(topic, "social_inclusion");
  EXPECT_EQ(Label(sv.at("countries"), "SE"), "Sverige");
  EXPECT_EQ(Label(sv.at("languages"), "de"), "tyska");
  EXPECT_EQ(Label(sv.at("skills"), "first_aid"), "Första hjälpen");
  EXPECT_EQ(Label(sv.at("levels"), "native"), "Modersmål");
  EXPECT_EQ(Label(sv.at("authorisation_kinds"), "quality_label"), "Kvalitetsmärkning");
  EXPECT_EQ(Label(sv.at("authorisation_statuses"), "suspended"), "tillfälligt indraget");
}

TEST_F(ReferenceTest, TheLanguageComesFromTheQueryThenCookieThenAcceptLanguage) {
  EXPECT_EQ(GetJson("/api/v1/reference?lang=de").at("language"), "de");
  EXPECT_EQ(GetJson("/api/v1/reference?lang=fr-FR").at("language"), "fr");
  EXPECT_EQ(GetJson("/api/v1/reference?lang=SV").at("language"), "sv");
  EXPECT_EQ(
      GetJson("/api/v1/reference", {"Accept-Language: sv-SE,sv;q=0.9,en;q=0.5"}).at("language"),
      "sv");
  EXPECT_EQ(GetJson("/api/v1/reference", {"Cookie: lang=fr", "Accept-Language: de"}).at("language"),
            "fr");
  EXPECT_EQ(GetJson("/api/v1/reference?lang=de", {"Cookie: lang=fr", "Accept-Language: sv"})
                .at("language"),
            "de");
  const auto r = Get("/api/v1/reference?lang=de");
  EXPECT_EQ(r.headers.Get("Content-Language"), "de");
  EXPECT_EQ(Label(nlohmann::json::parse(r.BodyView()).at("countries"), "DE"), "Deutschland");
}

TEST_F(ReferenceTest, AnUnknownLanguageFallsBackAsThePagesDo) {
  EXPECT_EQ(GetJson("/api/v1/reference?lang=xx").at("language"), "en");
  EXPECT_EQ(GetJson("/api/v1/reference?lang=").at("language"), "en");
  EXPECT_EQ(GetJson("/api/v1/reference?lang=../../etc").at("language"), "en");
  EXPECT_EQ(GetJson("/api/v1/reference?lang=xx", {"Accept-Language: de"}).at("language"), "de");
  EXPECT_EQ(GetJson("/api/v1/reference", {"Accept-Language: xx, zz;q=0.5"}).at("language"), "en");
  EXPECT_EQ(GetJson("/api/v1/reference", {"Cookie: lang=xx"}).at("language"), "en");
  EXPECT_EQ(ReferenceJson(*catalogues_, "xx"), ReferenceJson(*catalogues_, "en"));
}

TEST_F(ReferenceTest, HeadAnswersLikeGet) {
  http::Request r;
  r.method = http::Method::kHead;
  r.target = r.path = "/api/v1/reference";
  EXPECT_EQ(pipeline_->Handle(r).status, 200);
}

}  // namespace
}  // namespace pass::api
