#include "support/portal_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "http/form.h"
#include "i18n/catalogue.h"
#include "registry/import.h"
#include "storage/registry_repository.h"
#include "web/templates.h"

extern char** environ;

namespace pass::testing {

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

void TestIdp::Start(const std::string& redirect_uri) {
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
  while (!issuer_.empty() && (issuer_.back() == '\n' || issuer_.back() == '\r')) issuer_.pop_back();
  fclose(f);
}

void TestIdp::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
}

void TestIdp::As(const std::string& sub, const std::string& email, const std::string& given,
                 const std::string& family) {
  HttpClient control(issuer_);
  const nlohmann::json claims = {{"sub", sub},
                                 {"email", email},
                                 {"email_verified", true},
                                 {"given_name", given},
                                 {"family_name", family}};
  const auto r = control.Post("/_mode", nlohmann::json{{"mode", "ok"}, {"claims", claims}}.dump(),
                              {"Content-Type: application/json"});
  ASSERT_EQ(r.status, 200) << r.body;
}

std::string Between(const std::string& text, const std::string& before, const std::string& after) {
  const size_t at = text.find(before);
  if (at == std::string::npos) return "";
  const size_t start = at + before.size();
  const size_t end = text.find(after, start);
  return end == std::string::npos ? "" : text.substr(start, end - start);
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool SummaryNames(const std::string& body, const std::string& field) {
  const std::string summary = Between(body, "pass-error-summary", "</div>");
  return Contains(summary, "href=\"#f-" + field + "\"");
}

std::string YearsAgo(int years) {
  const Date today = DateOf(std::chrono::system_clock::now());
  Date d = today - std::chrono::years(years);
  if (!d.ok())
    d = std::chrono::year_month_day_last(d.year(), std::chrono::month_day_last(d.month()));
  return FormatIsoDate(d);
}

std::string DaysFromToday(int days) {
  const Date today = DateOf(std::chrono::system_clock::now());
  return FormatIsoDate(Date(std::chrono::sys_days(today) + std::chrono::days(days)));
}

std::string English(const std::string& key) {
  static const auto catalogues = i18n::Catalogues::Load(std::string(PASS_SOURCE_DIR) + "/locales");
  EXPECT_TRUE(catalogues.has_value());
  return web::HtmlEscape(catalogues ? catalogues->Translate("en", Message(key)) : key);
}

int PrivacyVersion() {
  std::FILE* f = std::fopen((std::string(PASS_SOURCE_DIR) + "/data/privacy.json").c_str(), "r");
  if (f == nullptr) return 1;
  std::string text;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) text.append(buffer, n);
  std::fclose(f);
  return nlohmann::json::parse(text).value("version", 1);
}

const char kTwoOrganisations[] =
    "programme,oid,organisation_name,country,kind,reference,issuer,valid_from,valid_to,status,"
    "staff_email,staff_name,staff_function\n"
    ",E10000001,Ung i Europa,SE,quality_label,QL-SE,SE02,2024-01-01,2099-12-31,active,"
    "anna@se.example,Anna Lind,Coordinator\n"
    ",E10000002,Jugendwerk,DE,evs_accreditation,EVS-DE,DE04,2024-01-01,2099-12-31,active,"
    "lukas@de.example,Lukas Weber,Mentor\n";

TestIdp* PortalTest::idp_ = nullptr;
int PortalTest::port_ = 0;

void PortalTest::SetUpTestSuite() {
  port_ = FreePort();
  idp_ = new TestIdp();
  idp_->Start(Base() + "/auth/callback");
}

void PortalTest::TearDownTestSuite() {
  idp_->Stop();
  delete idp_;
  idp_ = nullptr;
}

std::string PortalTest::Base() { return "http://127.0.0.1:" + std::to_string(port_); }

void PortalTest::SetUp() {
  if (HasFatalFailure()) return;
  db_ = TestDatabase::Create(GetParam());
  if (!db_) GTEST_SKIP();
  config::Config config;
  config.database_url = db_->url();
  config.public_url = Base();
  config.oidc_issuer = idp_->issuer();
  config.oidc_client_id = "pass-portal";
  config.oidc_client_secret = "test-secret";
  config.session_secret = "portal-test-secret-0123456789abcdef0123";
  Configure(config);
  auto app = app::App::Create(config, PASS_SOURCE_DIR);
  ASSERT_TRUE(app.has_value()) << app.error().detail;
  app_ = std::move(*app);
  SystemClock clock;
  storage::SqlRegistryStore registry(app_->database(), clock);
  registry::Importer importer(registry, clock);
  auto imported = importer.Run(Registry(), "test", "registry.csv", false);
  ASSERT_TRUE(imported.has_value());
  ASSERT_TRUE(imported->problems.empty()) << imported->problems[0].reason.key;
  http::ServerOptions options;
  options.port = static_cast<uint16_t>(port_);
  server_ = std::make_unique<http::Server>(options, app_->handler());
  ASSERT_TRUE(server_->Listen().has_value());
  server_->Start();
}

void PortalTest::TearDown() {
  if (server_) server_->Stop();
  server_.reset();
  app_.reset();
  db_.reset();
}

HttpResult PortalTest::SignIn(Browser& b, const std::string& sub, const std::string& email,
                              const std::string& given, const std::string& family,
                              std::vector<std::string>* visited) {
  idp_->As(sub, email, given, family);
  HttpResult r = b.client.Follow(Base() + "/login", visited);
  b.csrf = Between(r.body, "name=\"csrf\" value=\"", "\"");
  if (b.csrf.empty()) b.csrf = Between(b.client.Get("/young").body, "name=\"csrf\" value=\"", "\"");
  return r;
}

HttpResult PortalTest::Post(Browser& b, const std::string& path, const std::string& form,
                            bool with_csrf) {
  const std::string body =
      with_csrf ? "csrf=" + http::PercentEncode(b.csrf) + (form.empty() ? "" : "&" + form) : form;
  return b.client.Post(path, body,
                       {"Origin: " + Base(), "Content-Type: application/x-www-form-urlencoded"});
}

std::string PortalTest::RegistrationForm(const std::string& birth_date,
                                         const std::string& residence) {
  return "birth_date=" + birth_date + "&residence=" + residence +
         "&accept_principles=1&accept_privacy=1&privacy_version=" +
         std::to_string(PrivacyVersion());
}

std::string PortalTest::Register(Browser& b, const std::string& sub, const std::string& email,
                                 const std::string& given, const std::string& family, int age,
                                 const std::string& residence) {
  SignIn(b, sub, email, given, family);
  const auto r = Post(b, "/young/register", RegistrationForm(YearsAgo(age), residence));
  EXPECT_EQ(r.status, 303) << r.body.substr(0, 2000);
  EXPECT_EQ(r.Header("location"), "/young?done=registered");
  const auto home = Get(b, "/young");
  EXPECT_EQ(home.status, 200);
  const std::string reference =
      Between(home.body, "<strong class=\"pass-reference\">", "</strong>");
  EXPECT_EQ(reference.size(), 10u) << home.body.substr(0, 3000);
  return reference;
}

std::unique_ptr<Browser> PortalTest::Staff(const std::string& email) {
  auto b = std::make_unique<Browser>(Base());
  SignIn(*b, "sub-" + email, email, "Staff", "Member");
  return b;
}

nlohmann::json PortalTest::GetJson(Browser& b, const std::string& path) {
  const auto r = Get(b, path);
  EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 500);
  auto parsed = nlohmann::json::parse(r.body, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << r.body.substr(0, 500);
  return parsed;
}

int64_t PortalTest::Count(const std::string& sql) {
  auto r = app_->database().With([&](storage::Connection& c) { return c.QueryOne(sql); });
  EXPECT_TRUE(r.has_value()) << sql << ": " << (r ? "" : r.error().detail);
  return r && *r ? (*r)->Int(0) : -1;
}

}  // namespace pass::testing
