// Composing mail from the catalogues: the recipient's language, the fallback to English, the
// footer, and plain text that is never HTML-escaped.
#include <gtest/gtest.h>

#include "mail/mail.h"
#include "support/temp_dir.h"

namespace pass::mail {
namespace {

class ComposeTest : public ::testing::Test {
 protected:
  ComposeTest() {
    dir_.Write("en.json", R"({
      "_meta": {"name": "English", "quality": "reviewed"},
      "mail.welcome.subject": "Welcome, {name}",
      "mail.welcome.body": "Hello {name},\nyou can now sign in.",
      "mail.only_en.subject": "Only in English",
      "mail.only_en.body": "English body",
      "mail.count.subject": "News",
      "mail.count.body": "{count, plural, one {# new message} other {# new messages}} for {name}",
      "mail.footer": "Sent by PASS; do not reply."
    })");
    dir_.Write("sv.json", R"({
      "_meta": {"name": "Svenska", "quality": "reviewed"},
      "mail.welcome.subject": "Välkommen, {name}",
      "mail.welcome.body": "Hej {name}!\nDu kan nu logga in.",
      "mail.footer": "Skickat av PASS; svara inte."
    })");
    auto c = i18n::Catalogues::Load(dir_.path());
    EXPECT_TRUE(c.has_value()) << (c ? "" : c.error().detail);
    catalogues_.emplace(std::move(*c));
  }
  testing::TempDir dir_;
  std::optional<i18n::Catalogues> catalogues_;
};

TEST_F(ComposeTest, WritesInTheRecipientsLanguageWithTheFooter) {
  const Message m =
      Compose(*catalogues_, "sv", "welcome", {{"name", "Åsa"}}, "asa@example.se", "Åsa Berg");
  EXPECT_EQ(m.to, "asa@example.se");
  EXPECT_EQ(m.to_name, "Åsa Berg");
  EXPECT_EQ(m.lang, "sv");
  EXPECT_EQ(m.subject, "Välkommen, Åsa");
  EXPECT_EQ(m.body, "Hej Åsa!\nDu kan nu logga in.\n\n-- \nSkickat av PASS; svara inte.");
}

TEST_F(ComposeTest, FallsBackToEnglish) {
  // A language the portal does not have: all English.
  const Message fi = Compose(*catalogues_, "fi", "welcome", {{"name", "Aino"}}, "a@example.fi");
  EXPECT_EQ(fi.lang, "en");
  EXPECT_EQ(fi.subject, "Welcome, Aino");
  EXPECT_EQ(fi.body, "Hello Aino,\nyou can now sign in.\n\n-- \nSent by PASS; do not reply.");
  // A message Swedish lacks: that message in English, the rest Swedish.
  const Message sv = Compose(*catalogues_, "sv", "only_en", {}, "a@example.se");
  EXPECT_EQ(sv.lang, "sv");
  EXPECT_EQ(sv.subject, "Only in English");
  EXPECT_EQ(sv.body, "English body\n\n-- \nSkickat av PASS; svara inte.");
}

TEST_F(ComposeTest, IsPlainTextNeverHtmlEscaped) {
  const Message m =
      Compose(*catalogues_, "en", "welcome", {{"name", "<Anna & Co> \"x\" 'y'"}}, "a@example.eu");
  EXPECT_EQ(m.subject, "Welcome, <Anna & Co> \"x\" 'y'");
  EXPECT_TRUE(m.body.starts_with("Hello <Anna & Co> \"x\" 'y',\n")) << m.body;
}

TEST_F(ComposeTest, UsesIcuMessageFormatForPlurals) {
  const Message m =
      Compose(*catalogues_, "en", "count", {{"count", "3"}, {"name", "Anna"}}, "a@example.eu");
  EXPECT_TRUE(m.body.starts_with("3 new messages for Anna\n")) << m.body;
}

TEST(ComposeWithTheRealCatalogues, EveryCoreLanguageHasTheFooter) {
  auto c = i18n::Catalogues::Load(std::string(PASS_SOURCE_DIR) + "/locales");
  ASSERT_TRUE(c.has_value());
  for (const char* lang : {"en", "sv", "de", "fr"}) {
    const std::string* footer = c->Find(lang, "mail.footer");
    ASSERT_NE(footer, nullptr) << lang;
    if (std::string_view(lang) != "en") {
      EXPECT_NE(*footer, *c->Find("en", "mail.footer")) << lang << " footer is not translated";
    }
    const Message m = Compose(*c, lang, "missing", {}, "a@example.eu");
    EXPECT_TRUE(m.body.ends_with("\n-- \n" + *footer)) << lang;
  }
}

}  // namespace
}  // namespace pass::mail
