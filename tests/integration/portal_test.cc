// The whole portal in-process, on a real socket, with a fresh SQLite database.
#include <gtest/gtest.h>

#include "app/app.h"
#include "http/server.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

namespace pass {
namespace {

using testing::HttpClient;

class PortalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    config::Config config;
    config.database_url = "sqlite:" + (dir_->path() / "pass.db").string();
    config.public_url = "http://127.0.0.1:1";
    auto app = app::App::Create(config, PASS_SOURCE_DIR);
    ASSERT_TRUE(app.has_value()) << app.error().detail;
    app_ = app->release();
    http::ServerOptions options;
    options.port = 0;
    server_ = new http::Server(options, app_->handler());
    ASSERT_TRUE(server_->Listen().has_value());
    server_->Start();
  }
  static void TearDownTestSuite() {
    server_->Stop();
    delete server_;
    delete app_;
    delete dir_;
  }
  static std::string Base() { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  static void ExpectSecurityHeaders(const testing::HttpResult& r) {
    EXPECT_NE(r.Header("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    EXPECT_FALSE(r.Header("referrer-policy").empty());
    EXPECT_FALSE(r.Header("x-request-id").empty());
  }

  static testing::TempDir* dir_;
  static app::App* app_;
  static http::Server* server_;
};

testing::TempDir* PortalTest::dir_ = nullptr;
app::App* PortalTest::app_ = nullptr;
http::Server* PortalTest::server_ = nullptr;

TEST_F(PortalTest, LandingPageExplainsAccessInEnglishByDefault) {
  HttpClient client(Base());
  const auto r = client.Get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-language"), "en");
  ExpectSecurityHeaders(r);
  EXPECT_NE(r.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(r.body.find("Sign in with EU Login"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/login\""), std::string::npos);
  EXPECT_NE(r.body.find("National Agency"), std::string::npos);
  EXPECT_NE(r.body.find("EACEA"), std::string::npos);
  EXPECT_NE(r.body.find("directorate-general"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/help\""), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/support\""), std::string::npos);
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
  EXPECT_EQ(r.body.find("style="), std::string::npos);
}

TEST_F(PortalTest, LanguageFollowsAcceptLanguageThenTheCookie) {
  HttpClient client(Base());
  const auto sv = client.Get("/", {"Accept-Language: sv-SE,sv;q=0.9,en;q=0.5"});
  EXPECT_EQ(sv.Header("content-language"), "sv");
  EXPECT_NE(sv.body.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_NE(sv.body.find("Logga in med EU Login"), std::string::npos);
  const auto de = client.Get("/", {"Accept-Language: sv", "Cookie: lang=de"});
  EXPECT_EQ(de.Header("content-language"), "de");
  const auto fallback = client.Get("/", {"Accept-Language: ja"});
  EXPECT_EQ(fallback.Header("content-language"), "en");
}

TEST_F(PortalTest, LanguageSwitchSetsTheCookieAndGoesBackOnlyLocally) {
  HttpClient client(Base());
  const auto r = client.Get("/language?lang=fr&next=%2Fhelp");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("location"), "/help");
  EXPECT_NE(r.Header("set-cookie").find("lang=fr;"), std::string::npos);
  EXPECT_NE(r.Header("set-cookie").find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(client.Get("/language?lang=fr&next=https%3A%2F%2Fevil.example").Header("location"),
            "/");
  EXPECT_EQ(client.Get("/language?lang=xx&next=%2F").status, 400);
}

TEST_F(PortalTest, HelpAndSupportPagesExist) {
  HttpClient client(Base());
  for (const char* path : {"/help", "/support"}) {
    const auto r = client.Get(path, {"Accept-Language: fr"});
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.Header("content-language"), "fr");
  }
}

TEST_F(PortalTest, ErrorsArePagesOrJsonWithARequestId) {
  HttpClient client(Base());
  const auto page = client.Get("/no/such/page", {"Accept-Language: sv"});
  EXPECT_EQ(page.status, 404);
  ExpectSecurityHeaders(page);
  EXPECT_NE(page.body.find("Sidan hittades inte"), std::string::npos);
  EXPECT_NE(page.body.find(page.Header("x-request-id")), std::string::npos);
  const auto api = client.Get("/api/v1/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Header("content-type"), "application/json");
  EXPECT_NE(api.body.find("\"code\":\"not_found\""), std::string::npos);
  const auto method = client.Post("/", "x=1");
  EXPECT_EQ(method.status, 405);
  ExpectSecurityHeaders(method);
}

TEST_F(PortalTest, StaticAssetsAreCachedByFingerprint) {
  HttpClient client(Base());
  const auto page = client.Get("/");
  const size_t at = page.body.find("/static/pass.css?v=");
  ASSERT_NE(at, std::string::npos);
  const std::string url = page.body.substr(at, page.body.find('"', at) - at);
  const auto css = client.Get(url);
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("cache-control"), "public, max-age=31536000, immutable");
  ExpectSecurityHeaders(css);
  EXPECT_EQ(client.Get("/static/pass.css", {"If-None-Match: " + css.Header("etag")}).status, 304);
  EXPECT_EQ(client.Get("/static/vendor/ecl/styles/ecl-ec.css").status, 200);
}

TEST_F(PortalTest, OperationalEndpoints) {
  HttpClient client(Base());
  EXPECT_EQ(client.Get("/healthz").status, 200);
  EXPECT_EQ(client.Get("/readyz").body, "ready\n");
  client.Get("/");
  const auto metrics = client.Get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find("pass_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"}"),
      std::string::npos);
  EXPECT_NE(metrics.body.find("pass_http_request_duration_seconds_bucket{route=\"/\""),
            std::string::npos);
  EXPECT_NE(metrics.body.find("pass_process_resident_memory_bytes"), std::string::npos);
}

}  // namespace
}  // namespace pass
