#include "config/config.h"

#include <gtest/gtest.h>

#include <map>

#include "support/temp_dir.h"

namespace pass::config {
namespace {

Environment EnvOf(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    const auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

bool HasFieldError(const Error& e, const std::string& field) {
  for (const auto& f : e.fields) {
    if (f.field == field) return true;
  }
  return false;
}

TEST(Config, DefaultsRunLocally) {
  auto c = Load(EnvOf({}));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->listen_address, "127.0.0.1");
  EXPECT_EQ(c->listen_port, 8080);
  EXPECT_EQ(c->public_url, "http://127.0.0.1:8080");
  EXPECT_EQ(c->database_url, "sqlite:var/pass.db");
  EXPECT_FALSE(c->https());
}

TEST(Config, ReadsTheEnvironment) {
  auto c = Load(EnvOf({{"PASS_LISTEN", "[::1]:9000"},
                       {"PASS_PUBLIC_URL", "https://pass.example.eu/"},
                       {"PASS_DATABASE_URL", "postgresql://db/pass"},
                       {"PASS_OIDC_ISSUER", "https://ecas.ec.europa.eu/cas/oauth2"},
                       {"PASS_ADMIN_EMAILS", " Admin@Example.eu , b@example.eu,"},
                       {"PASS_THREADS", "3"}}));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->listen_address, "::1");
  EXPECT_EQ(c->listen_port, 9000);
  EXPECT_EQ(c->public_url, "https://pass.example.eu");
  EXPECT_EQ(c->public_origin(), "https://pass.example.eu");
  EXPECT_TRUE(c->https());
  EXPECT_EQ(c->admin_emails, (std::vector<std::string>{"admin@example.eu", "b@example.eu"}));
  EXPECT_EQ(c->threads, 3);
}

TEST(Config, ReportsEveryBadVariableByName) {
  auto c = Load(EnvOf({{"PASS_LISTEN", "nonsense"},
                       {"PASS_PUBLIC_URL", "ftp://x"},
                       {"PASS_DATABASE_URL", "mysql://x"},
                       {"PASS_OIDC_ISSUER", "http://idp.example.com"},
                       {"PASS_SESSION_SECRET", "short"},
                       {"PASS_THREADS", "0"}}));
  ASSERT_FALSE(c.has_value());
  for (const char* field : {"PASS_LISTEN", "PASS_PUBLIC_URL", "PASS_DATABASE_URL",
                            "PASS_OIDC_ISSUER", "PASS_SESSION_SECRET", "PASS_THREADS"}) {
    EXPECT_TRUE(HasFieldError(c.error(), field)) << field;
  }
}

TEST(Config, PlainHttpIssuerOnlyOnLoopback) {
  EXPECT_TRUE(Load(EnvOf({{"PASS_OIDC_ISSUER", "http://127.0.0.1:8081"}})).has_value());
  EXPECT_TRUE(Load(EnvOf({{"PASS_OIDC_ISSUER", "http://localhost:8081/"}})).has_value());
  EXPECT_TRUE(Load(EnvOf({{"PASS_OIDC_ISSUER", "http://[::1]:8081"}})).has_value());
  EXPECT_FALSE(Load(EnvOf({{"PASS_OIDC_ISSUER", "http://127.0.0.1.evil.example"}})).has_value());
  EXPECT_FALSE(Load(EnvOf({{"PASS_OIDC_ISSUER", "http://10.0.0.1"}})).has_value());
}

TEST(Config, MailFromHasADefaultAndMustBeOneMailbox) {
  EXPECT_EQ(Load(EnvOf({}))->mail_from, "PASS <no-reply@localhost>");
  EXPECT_EQ(Load(EnvOf({{"PASS_MAIL_FROM", " PASS <no-reply@pass.example.eu> "}}))->mail_from,
            "PASS <no-reply@pass.example.eu>");
  EXPECT_TRUE(Load(EnvOf({{"PASS_MAIL_FROM", "no-reply@pass.example.eu"}})).has_value());
  for (const char* bad : {"PASS", "PASS <no-reply>", "PASS <a@b", "PASS <a@b>\r\nBcc: x@y"}) {
    auto c = Load(EnvOf({{"PASS_MAIL_FROM", bad}}));
    ASSERT_FALSE(c.has_value()) << bad;
    EXPECT_TRUE(HasFieldError(c.error(), "PASS_MAIL_FROM")) << bad;
  }
}

TEST(Config, FileValuesYieldToTheEnvironment) {
  testing::TempDir dir;
  const auto file = dir.Write("pass.toml",
                              "listen = \"127.0.0.1:7000\"\ndatabase_url = \"sqlite:x.db\"\n"
                              "admin_emails = [\"a@example.eu\"]\n");
  auto c = Load(EnvOf({{"PASS_DATABASE_URL", "sqlite:y.db"}}), file.string());
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->listen_port, 7000);
  EXPECT_EQ(c->database_url, "sqlite:y.db");
  EXPECT_EQ(c->admin_emails, (std::vector<std::string>{"a@example.eu"}));
  const auto broken = dir.Write("broken.toml", "listen = ");
  EXPECT_FALSE(Load(EnvOf({}), broken.string()).has_value());
}

}  // namespace
}  // namespace pass::config
