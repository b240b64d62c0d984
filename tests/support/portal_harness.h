// The whole portal in-process on a real socket for integration tests, on SQLite and (when
// PASS_TEST_POSTGRES_URL is set) PostgreSQL, with the misbehaving OpenID provider
// (tests/support/bad-idp.js) in its well-behaved mode as EU Login and cookie-keeping HTTP clients
// as the browsers. A test suite derives from PortalTest, names the registry it starts from, and
// signs people in with SignIn(); Post() sends forms the way a page does (Origin, CSRF token).
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/app.h"
#include "http/server.h"
#include "storage/sql.h"
#include "support/http_client.h"
#include "support/test_database.h"

namespace pass::testing {

// A port the kernel says is free now.
int FreePort();

// EU Login's stand-in: tests/support/bad-idp.js, which signs in whoever the test says at once.
class TestIdp {
 public:
  void Start(const std::string& redirect_uri);
  void Stop();
  // The next sign-in is this person.
  void As(const std::string& sub, const std::string& email, const std::string& given,
          const std::string& family);
  const std::string& issuer() const { return issuer_; }

 private:
  pid_t pid_ = 0;
  std::string issuer_;
};

// The text between `before` and the next `after`, or "" when `before` is not there.
std::string Between(const std::string& text, const std::string& before, const std::string& after);
bool Contains(const std::string& text, const std::string& part);
// The error summary links to the field `field` (its id is "f-" + field).
bool SummaryNames(const std::string& body, const std::string& field);
// A date `years` whole years before today (UTC), as the forms take it.
std::string YearsAgo(int years);
// A date `days` days from today (UTC; negative: before).
std::string DaysFromToday(int days);
// The English text of a catalogue key, HTML-escaped as a page shows it.
std::string English(const std::string& key);
// The privacy statement's version in data/privacy.json.
int PrivacyVersion();

// One person's browser: the cookies, and the CSRF token of their session.
struct Browser {
  explicit Browser(const std::string& base) : client(base) { client.EnableCookies(); }
  HttpClient client;
  std::string csrf;
};

// Two organisations with one member of staff each: E10000001 "Ung i Europa" (SE,
// anna@se.example) and E10000002 "Jugendwerk" (DE, lukas@de.example).
extern const char kTwoOrganisations[];

class PortalTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  static std::string Base();

  // The registry CSV the portal starts from (kTwoOrganisations unless overridden).
  virtual std::string Registry() const { return kTwoOrganisations; }
  // Settings a suite needs beyond the defaults (feed keys, rates).
  virtual void Configure(config::Config& /*config*/) const {}

  void SetUp() override;
  void TearDown() override;

  // Signs `b` in through EU Login as this person; returns the page the portal sent them to.
  HttpResult SignIn(Browser& b, const std::string& sub, const std::string& email,
                    const std::string& given = "Lena", const std::string& family = "Berg",
                    std::vector<std::string>* visited = nullptr);
  HttpResult Get(Browser& b, const std::string& path) { return b.client.Get(path); }
  // A form as a page sends it: same Origin, and the session's CSRF token unless told otherwise.
  HttpResult Post(Browser& b, const std::string& path, const std::string& form,
                  bool with_csrf = true);
  static std::string RegistrationForm(const std::string& birth_date,
                                      const std::string& residence = "SE");
  // Signs a new person in and registers them (born `age` years ago); returns their reference.
  std::string Register(Browser& b, const std::string& sub, const std::string& email,
                       const std::string& given = "Lena", const std::string& family = "Berg",
                       int age = 20, const std::string& residence = "SE");
  // A member of staff, signed in.
  std::unique_ptr<Browser> Staff(const std::string& email);
  nlohmann::json GetJson(Browser& b, const std::string& path);
  // The first column of the first row of `sql` as a number (-1 when it fails).
  int64_t Count(const std::string& sql);

  app::App& app() { return *app_; }

  static TestIdp* idp_;
  static int port_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<http::Server> server_;
};

}  // namespace pass::testing
