// Signing in end to end: the portal in-process on a real socket, a misbehaving OpenID provider
// (tests/support/bad-idp.js, npm jose) as EU Login, and a cookie-keeping HTTP client as the
// browser. Every way the provider can misbehave must end on a clear page with a 4xx or 503 and
// without a session; the access decision follows the registry on every request (SPEC R2-R6).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "http/server.h"
#include "registry/import.h"
#include "storage/registry_repository.h"
#include "support/fake_clock.h"
#include "support/http_client.h"
#include "support/temp_dir.h"

extern char** environ;

namespace pass {
namespace {

using testing::HttpClient;
using testing::HttpResult;

// A port the kernel says is free now; the portal listens on it in every test of the suite, so
// the provider can insist on one exact redirect URI.
int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// The misbehaving provider, one process for the whole suite.
class BadIdp {
 public:
  void Start(const std::string& redirect_uri) {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string script = std::string(PASS_SOURCE_DIR) + "/tests/support/bad-idp.js";
    std::vector<std::string> args = {"node",       script,        "--redirect-uri",
                                     redirect_uri, "--client-id", "pass-portal"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    FILE* f = fdopen(out[0], "r");
    char line[256];
    ASSERT_NE(fgets(line, sizeof line, f), nullptr) << "bad-idp.js did not start";
    std::string text(line);
    ASSERT_TRUE(text.starts_with("BAD_IDP_READY ")) << text;
    issuer_ = text.substr(14);
    while (!issuer_.empty() && (issuer_.back() == '\n' || issuer_.back() == '\r'))
      issuer_.pop_back();
    fclose(f);
  }
  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = 0;
    }
  }
  void Mode(const std::string& mode, const nlohmann::json& claims = nlohmann::json::object()) {
    HttpClient control(issuer_);
    const auto r = control.Post("/_mode", nlohmann::json{{"mode", mode}, {"claims", claims}}.dump(),
                                {"Content-Type: application/json"});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  const std::string& issuer() const { return issuer_; }

 private:
  pid_t pid_ = 0;
  std::string issuer_;
};

const std::string kRegistry =
    "oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,staff_email,"
    "staff_name,"
    "staff_function\n"
    "E10000001,Föreningen Ung i Europa,SE,quality_label,QL-SE-1,SE02 "
    "MUCF,2024-01-01,2099-12-31,active,"
    "anna.lindqvist@ungieuropa.example,Anna Lindqvist,Coordinator\n"
    "E10000001,Föreningen Ung i Europa,SE,quality_label,QL-SE-1,SE02 "
    "MUCF,2024-01-01,2099-12-31,active,"
    "johan.berg@ungieuropa.example,Johan Berg,Director\n"
    "E10000003,Ayuda Sin Fronteras,ES,euav_certification,EUAV-1,EACEA,2024-01-01,2099-12-31,active,"
    "marie.dubois@mjlyon.example,Marie Dubois,Partnerships\n"
    "E10000005,Maison des Jeunes de "
    "Lyon,FR,quality_label,QL-FR-1,FR02,2024-01-01,2099-12-31,active,"
    "marie.dubois@mjlyon.example,Marie Dubois,Coordinator\n"
    "E10000006,Kulturhaus Graz,AT,quality_label,QL-AT-1,AT01,2020-01-01,2025-01-31,active,"
    "katharina.huber@kulturhaus.example,Katharina Huber,Coordinator\n";

class SignInTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = FreePort();
    idp_ = new BadIdp();
    idp_->Start(Base() + "/auth/callback");
  }
  static void TearDownTestSuite() {
    idp_->Stop();
    delete idp_;
  }
  static std::string Base() { return "http://127.0.0.1:" + std::to_string(port_); }

  void SetUp() override {
    if (HasFatalFailure()) return;
    idp_->Mode("ok", {{"sub", "sub-anna"},
                      {"email", "anna.lindqvist@ungieuropa.example"},
                      {"email_verified", true}});
    dir_ = std::make_unique<testing::TempDir>();
    config::Config config;
    config.database_url = "sqlite:" + (dir_->path() / "pass.db").string();
    config.public_url = Base();
    config.oidc_issuer = idp_->issuer();
    config.oidc_client_id = "pass-portal";
    config.oidc_client_secret = "test-secret";
    config.session_secret = "test-session-secret-0123456789abcdef0123";
    auto app = app::App::Create(config, PASS_SOURCE_DIR);
    ASSERT_TRUE(app.has_value()) << app.error().detail;
    app_ = std::move(*app);
    Import(kRegistry);
    http::ServerOptions options;
    options.port = static_cast<uint16_t>(port_);
    server_ = std::make_unique<http::Server>(options, app_->handler());
    ASSERT_TRUE(server_->Listen().has_value());
    server_->Start();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  void Import(const std::string& csv) {
    SystemClock clock;
    storage::SqlRegistryStore store(app_->database(), clock);
    registry::Importer importer(store, clock);
    auto r = importer.Run(csv, "test", "registry.csv", false);
    ASSERT_TRUE(r.has_value());
    ASSERT_TRUE(r->problems.empty())
        << r->problems[0].reason.key << " line " << r->problems[0].line;
  }

  void SetStatus(const std::string& reference, registry::Status status) {
    SystemClock clock;
    storage::SqlRegistryStore store(app_->database(), clock);
    ASSERT_TRUE(
        registry::ChangeStatus(store, clock, reference, status, "test", "test").has_value());
  }

  // The whole sign-in as a browser does it: /login, EU Login, back to the callback, and on.
  HttpResult SignIn(HttpClient& browser, const std::string& start = "/login") {
    return browser.Follow(Base() + start);
  }

  static bool HasSession(HttpClient& browser) {
    const auto names = browser.CookieNames();
    return std::find(names.begin(), names.end(), "pass") != names.end();
  }

  // A failed sign-in: the status, a clear page saying so, and no session.
  void ExpectFailure(const std::string& mode, long status, const std::string& text) {
    SCOPED_TRACE(mode);
    idp_->Mode(mode);
    HttpClient browser(Base());
    browser.EnableCookies();
    const auto r = SignIn(browser);
    EXPECT_EQ(r.status, status);
    EXPECT_NE(r.body.find("Signing in did not work"), std::string::npos) << r.body.substr(0, 300);
    EXPECT_NE(r.body.find(text), std::string::npos) << "expected \"" << text << "\"";
    EXPECT_FALSE(HasSession(browser));
    EXPECT_EQ(browser.Get("/api/v1/me").status, 401);
  }

  static int port_;
  static BadIdp* idp_;
  std::unique_ptr<testing::TempDir> dir_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<http::Server> server_;
};

int SignInTest::port_ = 0;
BadIdp* SignInTest::idp_ = nullptr;

TEST_F(SignInTest, ListedStaffLandOnTheirOrganisationWithNothingToRequest) {
  HttpClient browser(Base());
  browser.EnableCookies();
  std::vector<std::string> visited;
  const auto r = browser.Follow(Base() + "/login", &visited);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(visited.back(), Base() + "/organisations/E10000001");
  EXPECT_NE(r.body.find("Föreningen Ung i Europa"), std::string::npos);
  EXPECT_NE(r.body.find("QL-SE-1"), std::string::npos)
      << "the page says which authorisation grants the access";
  EXPECT_NE(r.body.find("Johan Berg"), std::string::npos) << "staff are shown to staff";
  EXPECT_TRUE(HasSession(browser));
  const auto me = browser.Get("/api/v1/me");
  ASSERT_EQ(me.status, 200);
  const auto json = nlohmann::json::parse(me.body);
  EXPECT_EQ(json["sub"], "sub-anna");
  EXPECT_EQ(json["email"], "anna.lindqvist@ungieuropa.example");
  ASSERT_EQ(json["organisations"].size(), 1u);
  EXPECT_EQ(json["organisations"][0]["oid"], "E10000001");
  EXPECT_EQ(json["organisations"][0]["grants"][0]["kind"], "quality_label");
  EXPECT_EQ(json["organisations"][0]["grants"][0]["reference"], "QL-SE-1");
}

TEST_F(SignInTest, TheSessionCookieIsHttpOnlyLaxAndChangesAtSignIn) {
  HttpClient browser(Base());
  browser.EnableCookies();
  const auto login = browser.Get("/login");
  ASSERT_EQ(login.status, 303);
  EXPECT_NE(login.Header("set-cookie").find("pass-login="), std::string::npos);
  const auto back = browser.Get(login.Header("location"));
  const auto callback = browser.Get(back.Header("location"));
  ASSERT_EQ(callback.status, 303);
  std::string session_cookie;
  for (const auto& [k, v] : callback.headers) {
    if (k == "set-cookie" && v.starts_with("pass=")) session_cookie = v;
  }
  EXPECT_NE(session_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(session_cookie.find("SameSite=Lax"), std::string::npos);
  EXPECT_NE(session_cookie.find("Path=/"), std::string::npos);
  EXPECT_EQ(session_cookie.find("Secure"), std::string::npos) << "plain http in this test";
}

TEST_F(SignInTest, SomeoneListedInTwoOrganisationsChoosesAndCanSwitch) {
  idp_->Mode("ok", {{"sub", "sub-marie"}, {"email", "marie.dubois@mjlyon.example"}});
  HttpClient browser(Base());
  browser.EnableCookies();
  std::vector<std::string> visited;
  const auto r = browser.Follow(Base() + "/login", &visited);
  EXPECT_EQ(visited.back(), Base() + "/organisations");
  EXPECT_NE(r.body.find("Ayuda Sin Fronteras"), std::string::npos);
  EXPECT_NE(r.body.find("Maison des Jeunes de Lyon"), std::string::npos);
  const auto es = browser.Get("/organisations/E10000003");
  EXPECT_EQ(es.status, 200);
  EXPECT_NE(es.body.find("href=\"/organisations/E10000005\""), std::string::npos)
      << "a switch to the other";
  EXPECT_EQ(browser.Get("/organisations/E10000005").status, 200);
  EXPECT_EQ(browser.Get("/organisations/E10000001").status, 403);
}

TEST_F(SignInTest, AnExpiredLabelSaysSoAndWhomToAsk) {
  idp_->Mode("ok", {{"sub", "sub-katharina"}, {"email", "katharina.huber@kulturhaus.example"}});
  HttpClient browser(Base());
  browser.EnableCookies();
  std::vector<std::string> visited;
  const auto r = browser.Follow(Base() + "/login", &visited);
  EXPECT_EQ(visited.back(), Base() + "/access");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("katharina.huber@kulturhaus.example"), std::string::npos);
  EXPECT_NE(r.body.find("expired on"), std::string::npos);
  EXPECT_NE(r.body.find("National Agency of Austria"), std::string::npos);
  EXPECT_NE(r.body.find("solidaritaetskorps.at"), std::string::npos);
  EXPECT_EQ(browser.Get("/organisations/E10000006").status, 403);
}

TEST_F(SignInTest, AnUnlistedPersonIsToldTheEmailAndTheRule) {
  idp_->Mode("ok", {{"sub", "sub-sam"}, {"email", "sam.taylor@unlisted.example"}});
  HttpClient browser(Base());
  browser.EnableCookies();
  const auto r = SignIn(browser);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("We could not link you to an organisation"), std::string::npos);
  EXPECT_NE(r.body.find("sam.taylor@unlisted.example"), std::string::npos);
  EXPECT_NE(r.body.find("not on any staff list"), std::string::npos);
  EXPECT_NE(r.body.find("e-mail address given in your organisation&#39;s accreditation"),
            std::string::npos);
  EXPECT_NE(r.body.find("EACEA"), std::string::npos) << "the four ways in and whom to ask";
}

TEST_F(SignInTest, EmailCaseAndSpacesDoNotMatterButVerificationDoes) {
  idp_->Mode("ok", {{"sub", "sub-anna"}, {"email", " Anna.LINDQVIST@UngiEuropa.example "}});
  HttpClient browser(Base());
  browser.EnableCookies();
  std::vector<std::string> visited;
  browser.Follow(Base() + "/login", &visited);
  EXPECT_EQ(visited.back(), Base() + "/organisations/E10000001");

  idp_->Mode("ok", {{"sub", "sub-anna"},
                    {"email", "anna.lindqvist@ungieuropa.example"},
                    {"email_verified", false}});
  HttpClient unverified(Base());
  unverified.EnableCookies();
  const auto r = SignIn(unverified);
  EXPECT_NE(r.body.find("has not confirmed this address"), std::string::npos);
  EXPECT_EQ(unverified.Get("/organisations/E10000001").status, 403);
}

TEST_F(SignInTest, SuspendingRevokingOrRemovingEndsAccessOnTheVeryNextRequest) {
  HttpClient browser(Base());
  browser.EnableCookies();
  SignIn(browser);
  ASSERT_EQ(browser.Get("/organisations/E10000001").status, 200);
  SetStatus("QL-SE-1", registry::Status::kSuspended);
  EXPECT_EQ(browser.Get("/organisations/E10000001").status, 403);
  EXPECT_EQ(nlohmann::json::parse(browser.Get("/api/v1/me").body)["organisations"].size(), 0u);
  SetStatus("QL-SE-1", registry::Status::kActive);
  EXPECT_EQ(browser.Get("/organisations/E10000001").status, 200);
  SetStatus("QL-SE-1", registry::Status::kRevoked);
  EXPECT_EQ(browser.Get("/organisations/E10000001").status, 403);
  SetStatus("QL-SE-1", registry::Status::kActive);
  // A re-import that drops Anna from the staff list.
  Import(
      "oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,staff_email,"
      "staff_name,"
      "staff_function\n"
      "E10000001,Föreningen Ung i Europa,SE,quality_label,QL-SE-1,SE02 "
      "MUCF,2024-01-01,2099-12-31,active,"
      "johan.berg@ungieuropa.example,Johan Berg,Director\n");
  EXPECT_EQ(browser.Get("/organisations/E10000001").status, 403);
  const auto access = browser.Get("/access");
  EXPECT_NE(access.body.find("not on any staff list"), std::string::npos);
}

TEST_F(SignInTest, AccessFollowsTheListingWhenTheEmailChanges) {
  // R6: the same EU Login account (sub) with a new e-mail gets what the new e-mail is listed for.
  HttpClient first(Base());
  first.EnableCookies();
  SignIn(first);
  idp_->Mode("ok", {{"sub", "sub-anna"}, {"email", "marie.dubois@mjlyon.example"}});
  HttpClient second(Base());
  second.EnableCookies();
  std::vector<std::string> visited;
  second.Follow(Base() + "/login", &visited);
  EXPECT_EQ(visited.back(), Base() + "/organisations");
  EXPECT_EQ(second.Get("/organisations/E10000001").status, 403);
  // The older session belongs to the same person: it follows the current e-mail too.
  EXPECT_EQ(first.Get("/organisations/E10000001").status, 403);
}

TEST_F(SignInTest, SigningOutNeedsTheFormTokenAndEndsAtTheProvider) {
  HttpClient browser(Base());
  browser.EnableCookies();
  const auto page = SignIn(browser);
  const size_t at = page.body.find("name=\"csrf\" value=\"");
  ASSERT_NE(at, std::string::npos);
  const std::string csrf = page.body.substr(at + 19, page.body.find('"', at + 19) - at - 19);
  EXPECT_EQ(browser.Post("/logout", "csrf=wrong", {"Origin: " + Base()}).status, 403);
  EXPECT_EQ(browser.Post("/logout", "csrf=" + csrf, {"Origin: http://evil.example"}).status, 403);
  EXPECT_EQ(browser.Get("/api/v1/me").status, 200) << "still signed in after the refused attempts";
  const auto out = browser.Post("/logout", "csrf=" + csrf, {"Origin: " + Base()});
  EXPECT_EQ(out.status, 303);
  EXPECT_TRUE(out.Header("location").starts_with(idp_->issuer() + "/logout?"));
  EXPECT_NE(out.Header("location").find("id_token_hint="), std::string::npos);
  EXPECT_EQ(browser.Get("/api/v1/me").status, 401);
}

TEST_F(SignInTest, WrongIssuer) { ExpectFailure("wrong_iss", 401, "could not be verified"); }
TEST_F(SignInTest, WrongAudience) { ExpectFailure("wrong_aud", 401, "could not be verified"); }
TEST_F(SignInTest, MissingNonce) { ExpectFailure("missing_nonce", 401, "could not be verified"); }
TEST_F(SignInTest, WrongNonce) { ExpectFailure("wrong_nonce", 401, "could not be verified"); }
TEST_F(SignInTest, BadSignature) { ExpectFailure("bad_signature", 401, "could not be verified"); }
TEST_F(SignInTest, AlgNone) { ExpectFailure("alg_none", 401, "could not be verified"); }
TEST_F(SignInTest, Hs256SignedWithThePublicKey) {
  ExpectFailure("hs256_public_key", 401, "could not be verified");
}
TEST_F(SignInTest, ExpiredToken) { ExpectFailure("expired", 401, "could not be verified"); }
TEST_F(SignInTest, MissingSub) { ExpectFailure("missing_sub", 401, "could not be verified"); }
TEST_F(SignInTest, MissingIat) { ExpectFailure("missing_iat", 401, "could not be verified"); }
TEST_F(SignInTest, UnknownKid) { ExpectFailure("unknown_kid", 401, "could not be verified"); }
TEST_F(SignInTest, UserinfoSubDiffers) {
  ExpectFailure("userinfo_sub_mismatch", 401, "could not be verified");
}
TEST_F(SignInTest, DiscoveryNamesAnotherIssuer) {
  ExpectFailure("discovery_issuer_mismatch", 503, "not set up correctly");
}
TEST_F(SignInTest, ConsentRefused) { ExpectFailure("access_denied", 403, "cancelled"); }
TEST_F(SignInTest, CodeRefusedByTheTokenEndpoint) {
  ExpectFailure("token_invalid_grant", 400, "did not accept");
}
TEST_F(SignInTest, ProviderDown) { ExpectFailure("down", 503, "cannot be reached"); }
TEST_F(SignInTest, TokenEndpointDown) { ExpectFailure("token_down", 503, "cannot be reached"); }

TEST_F(SignInTest, KeyRotationIsPickedUp) {
  HttpClient first(Base());
  first.EnableCookies();
  ASSERT_EQ(SignIn(first).status, 200);
  idp_->Mode("rotate");
  HttpClient second(Base());
  second.EnableCookies();
  const auto r = SignIn(second);
  EXPECT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_TRUE(HasSession(second));
}

TEST_F(SignInTest, StateMismatchIsRefused) {
  HttpClient browser(Base());
  browser.EnableCookies();
  const auto login = browser.Get("/login");
  const auto back = browser.Get(login.Header("location"));
  std::string callback = back.Header("location");
  const size_t state = callback.find("state=");
  callback.replace(state + 6, 4, "XXXX");
  const auto r = browser.Get(callback);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("already used or does not belong"), std::string::npos);
  EXPECT_FALSE(HasSession(browser));
}

TEST_F(SignInTest, AReplayedCallbackIsRefused) {
  HttpClient browser(Base());
  browser.EnableCookies();
  const auto login = browser.Get("/login");
  const auto back = browser.Get(login.Header("location"));
  const std::string callback = back.Header("location");
  ASSERT_EQ(browser.Get(callback).status, 303);
  HttpClient attacker(Base());
  attacker.EnableCookies();
  const auto replay = attacker.Get(callback);
  EXPECT_EQ(replay.status, 400);
  EXPECT_FALSE(HasSession(attacker));
  EXPECT_EQ(browser.Get(callback).status, 400) << "the same browser cannot use it twice either";
}

TEST_F(SignInTest, TheCallbackMustReturnToTheBrowserThatStarted) {
  HttpClient victim(Base());
  victim.EnableCookies();
  const auto login = victim.Get("/login");
  const auto back = victim.Get(login.Header("location"));
  HttpClient other(Base());
  other.EnableCookies();
  const auto r = other.Get(back.Header("location"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("another browser"), std::string::npos);
  EXPECT_FALSE(HasSession(other));
}

TEST_F(SignInTest, NextPathIsKeptAndOnlyLocal) {
  HttpClient browser(Base());
  browser.EnableCookies();
  std::vector<std::string> visited;
  browser.Follow(Base() + "/login?next=%2Faccess", &visited);
  EXPECT_EQ(visited.back(), Base() + "/access");
  HttpClient other(Base());
  other.EnableCookies();
  visited.clear();
  other.Follow(Base() + "/login?next=https%3A%2F%2Fevil.example%2F", &visited);
  EXPECT_EQ(visited.back(), Base() + "/organisations/E10000001");
}

TEST_F(SignInTest, PublicPagesAndErrorsShowWhoIsSignedIn) {
  HttpClient browser(Base());
  browser.EnableCookies();
  SignIn(browser);
  const auto landing = browser.Get("/");
  EXPECT_NE(landing.body.find("Signed in as"), std::string::npos);
  EXPECT_NE(landing.body.find("href=\"/organisations/E10000001\""), std::string::npos)
      << "the way on";
  EXPECT_EQ(landing.body.find("Sign in with EU Login"), std::string::npos);
  const auto missing = browser.Get("/no/such/page");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("Signed in as"), std::string::npos);
}

TEST_F(SignInTest, PagesNeedASessionAndSaySo) {
  HttpClient browser(Base());
  const auto r = browser.Get("/organisations/E10000001");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.Header("location"), "/login?next=%2Forganisations%2FE10000001");
  const auto api = browser.Get("/api/v1/me");
  EXPECT_EQ(api.status, 401);
  EXPECT_NE(api.body.find("\"code\":\"unauthenticated\""), std::string::npos);
}

}  // namespace
}  // namespace pass
